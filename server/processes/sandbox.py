"""Walls around the process that runs queries: no network, bounded memory.

Oxigraph evaluates ``SERVICE <http://...>`` by connecting to that address. The endpoint refuses
such queries by their text (kg/graph/querytext.py), but reading SPARQL by regular expression can
never be a proof, so the query process also gives up the right to open an Internet socket: a
seccomp filter makes ``socket(AF_INET|AF_INET6|...)`` fail with EPERM. Only Unix sockets stay
allowed; the executor talks to its parent over a pipe created before the filter went in.

The filter is installed with plain ``prctl`` through ctypes (no dependency) on x86-64 and
aarch64 Linux. Elsewhere it is skipped and ``forbid_network`` says so, and the text check
stands alone.
"""

from __future__ import annotations

import ctypes
import platform
import resource
import struct
import sys

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_EPERM = 1
_AF_UNIX = 1

# BPF opcodes
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K

# (audit arch, socket, socketpair, io_uring_setup) per machine
_ARCHES = {
    "x86_64": (0xC000003E, 41, 53, 425),
    "aarch64": (0xC00000B7, 198, 199, 425),
}


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _program(arch: int, nr_socket: int, nr_socketpair: int, nr_io_uring: int) -> list[tuple[int, int, int, int]]:
    deny = _SECCOMP_RET_ERRNO | _EPERM
    # Offsets into struct seccomp_data: nr at 0, arch at 4, args[0] (low half, little endian) at 16.
    return [
        (_LD_W_ABS, 0, 0, 4),
        (_JEQ_K, 1, 0, arch),  # another ABI (such as 32-bit calls on x86-64): refuse everything
        (_RET_K, 0, 0, deny),
        (_LD_W_ABS, 0, 0, 0),
        (_JEQ_K, 4, 0, nr_io_uring),  # io_uring could connect without the socket() call
        (_JEQ_K, 1, 0, nr_socket),
        (_JEQ_K, 0, 3, nr_socketpair),
        (_LD_W_ABS, 0, 0, 16),
        (_JEQ_K, 1, 0, _AF_UNIX),
        (_RET_K, 0, 0, deny),
        (_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
    ]


def _little_endian() -> bool:
    return struct.pack("=H", 1) == b"\x01\x00"


def forbid_network() -> str:
    """Make every later attempt of this process to open a non-Unix socket fail. Irreversible.
    Returns "seccomp" when the filter is in, or why it is not."""
    machine = platform.machine()
    if not sys.platform.startswith("linux") or machine not in _ARCHES or not _little_endian():
        return f"no network sandbox on {sys.platform}/{machine}"
    steps = _program(*_ARCHES[machine])
    filters = (_SockFilter * len(steps))(*[_SockFilter(*step) for step in steps])
    prog = _SockFprog(len(steps), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"no network sandbox: PR_SET_NO_NEW_PRIVS failed (errno {ctypes.get_errno()})"
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        return f"no network sandbox: seccomp failed (errno {ctypes.get_errno()})"
    return "seccomp"


def limit_memory(megabytes: int) -> None:
    """Cap the process's data segment (heap and anonymous maps), so that a query that
    materialises a huge intermediate result fails inside its own process instead of pushing
    the machine into swap or the OOM killer's arms. 0 means no cap."""
    if megabytes <= 0:
        return
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))

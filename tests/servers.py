"""`frontline serve` started for real, for the tests that drive it over HTTP: granian on a free
port of 127.0.0.1, in a process group of its own, stopped (and if need be killed) when the test
is done. A server also stops by itself when the test process dies (the kernel sends it SIGTERM)
and, wherever coreutils' `timeout` is installed, after LIFETIME seconds whatever happens."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
START_WAIT = 90  # seconds a server may take to answer its first request
LIFETIME = 1800  # seconds after which a test server stops even if nobody stops it
_PR_SET_PDEATHSIG = 1


def _stop_with_parent() -> None:
    """In the child, before exec: SIGTERM when the process that started it dies."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Listener:
    """A TCP listener on 127.0.0.1 that counts who connects to it, for at most two minutes: the
    address a test gives a query or an update to fetch, to see that nothing is fetched."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        deadline = time.monotonic() + 120
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@dataclass
class Running:
    url: str
    store: Path
    log: Path
    process: subprocess.Popen

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    @property
    def graph_store(self) -> str:
        return self.url + "/store"

    def answers(self) -> bool:
        """Whether /health answers 200 now (it cannot be reached while no web worker listens)."""
        try:
            return requests.get(self.url + "/health", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill_everything(self) -> None:
        """SIGKILL the server's whole process group (granian, its worker, the writer and the
        query processes), as a power cut would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        # the rest of the group (the writer, which holds the store's lock) dies on its own time:
        # wait until none of it is left, as a power cut leaves no process behind
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


def serve_command(store: Path, port: int, *options: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port),
            *options]


def _bounded(command: list[str]) -> list[str]:
    timeout = shutil.which("timeout")
    return [timeout, "--kill-after=20", str(LIFETIME), *command] if timeout else command


@contextmanager
def running_server(store: Path, log: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[Running]:
    """`frontline serve --store STORE OPTIONS...` until the block ends; the log must have no traceback."""
    port = free_port()
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(_bounded(serve_command(store, port, *options)), stdout=out, stderr=subprocess.STDOUT,
                                   cwd=ROOT, env=environment, start_new_session=True,
                                   preexec_fn=_stop_with_parent if sys.platform.startswith("linux") else None)
    served = Running(f"http://127.0.0.1:{port}", store, log, process)
    try:
        deadline = time.monotonic() + START_WAIT
        while True:
            if process.poll() is not None:
                pytest.fail(f"frontline serve exited with {process.returncode}:\n{served.log_text()}")
            if served.answers():
                break
            if time.monotonic() > deadline:
                pytest.fail(f"frontline serve did not answer within {START_WAIT} s:\n{served.log_text()}")
            time.sleep(0.25)
        yield served
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
    assert "Traceback" not in served.log_text(), served.log_text()

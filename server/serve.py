"""`frontline serve`: the app under granian, started from Python.

A real server, not Flask's development one, because an open endpoint must go on answering while
one client's query grinds: each web worker process runs the app in several request threads, and
each thread has its own query process (server/processes/pool.py). Granian, not gunicorn, because its HTTP
side is Rust: measured on the same app and store (session 6; in the git history of bench/README.md), a request spends
about 0.3 ms less in the server than under gunicorn's threaded workers, over a quarter of what
`/health` took; and a slow client's request head is read in its event loop, not in a request
thread. The app is served through granian's ASGI interface so that its body is read there too
(server/http/bodies.py); that costs about 0.5 ms a request on one connection (1.8 ms for `/health` became 2.3
ms) and about 5% under eight, within the runs' spread (farm-bench, paired against granian's WSGI
interface, session 16). The app is built
in each worker after it has started (granian's target loader, no preloading), so that each worker
opens the store and starts its query processes itself.

`--writable` turns writing on, behind the token in the environment variable FRONTLINE_TOKEN
(the server refuses to start without one). RocksDB allows one read-write opener per store, so a
writable server runs one web worker, which keeps the store's single writer process; its request
threads serve reads and writes, and queries still run, and are killed, in their own processes
(server/processes/writes.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import socket
import subprocess
import sys
from functools import partial
from pathlib import Path

from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.server import Server

from kg.graph.store import StoreError, mark_served, served_by
from server.config import DEFAULTS, Limits
from server.processes.writes import new_snapshot_root


def load_app(target: str, store_path: str, app_config: dict):
    """granian's target loader, called in each web worker as it starts (`target` is granian's
    name for the app, unused: the app is made here, not imported)."""
    from server import create_asgi_app
    from server.processes.lifecycle import end_with_parent

    end_with_parent()  # a worker whose server was killed outright ends too, freeing the port and the store
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="[%(process)d] [%(levelname)s] %(name)s: %(message)s")
    return create_asgi_app(Path(store_path), app_config)


def _build_sample(store_path: Path) -> None:
    from kg.build import build
    from kg.resources import sample_corpus

    report = build(sample_corpus(), store_path)
    print(f"built {store_path}: {report.summary()}", file=sys.stderr, flush=True)


def ensure_store(store_path: Path) -> None:
    """Build the sample corpus into `store_path` if there is no store there yet, so that
    `frontline serve` on a fresh checkout has something to serve. The build runs in a process
    of its own: RocksDB must not have been opened in the server's main process, whose forked workers
    would otherwise crash on exit in RocksDB's leftover state."""
    if (store_path / "CURRENT").exists():
        return
    print(f"frontline serve: no graph store at {store_path}; building the sample corpus into it first",
          file=sys.stderr, flush=True)
    builder = multiprocessing.get_context("spawn").Process(target=_build_sample, args=(store_path,), name="frontline-build")
    builder.start()
    builder.join()
    if builder.exitcode != 0:
        raise StoreError(f"building the sample corpus into {store_path} failed")


_CHECK = """
import sys
from pathlib import Path
from kg.graph.store import StoreError, open_store
try:
    open_store(Path(sys.argv[1]), read_only=sys.argv[2] == "read-only")
except StoreError as err:
    print(err, file=sys.stderr)
    sys.exit(2)
"""


def check_store(store_path: Path, writable: bool) -> None:
    """Open the store once, as the server will (read-write on a writable server, where it fails
    if another writable server or a build holds it), to fail here with the store's own message
    rather than in the worker. In a process of its own, for the reason ensure_store says."""
    done = subprocess.run([sys.executable, "-c", _CHECK, str(store_path), "read-write" if writable else "read-only"],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise StoreError(lines[-1] if lines else f"cannot open the store at {store_path}")


def check_address(host: str, port: int) -> None:
    """A ValueError saying why, when nothing can listen on `host`:`port` (granian reports a port
    in use with a Rust backtrace). `host` is bare, an IPv6 address without brackets."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            probe.bind(address)
    except OSError as err:
        shown = f"[{host}]" if ":" in host else host
        raise ValueError(f"cannot listen on {shown}:{port}: {err.strerror or err}") from None


TOKEN_VARIABLE = "FRONTLINE_TOKEN"
ORIGIN = re.compile(r"^https?://[^/\s?#]+$")  # scheme, host and port, as a browser's Origin header names them


def write_token() -> str:
    """The token writes must carry, from the environment; a ValueError when there is none."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise ValueError(f"--writable needs a token: set {TOKEN_VARIABLE} in the environment; every write must then "
                         f"carry the header Authorization: Bearer <that token>")
    return token


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 5000, workers: int = 2,
          threads: int = DEFAULTS["QUERY_PROCESSES"], timeout: float = DEFAULTS["QUERY_TIMEOUT"],
          max_rows: int = DEFAULTS["MAX_ROWS"], writable: bool = False, max_upload: int | None = None,
          write_timeout: float | None = None, answer_memory: int | None = None,
          write_origins: tuple[str, ...] = (), body_timeout: float | None = None,
          per_client: int | None = None) -> int:
    token = write_token() if writable else None
    for origin in write_origins:
        if not ORIGIN.match(origin):
            raise ValueError(f"--write-origin {origin!r} is not a web origin: write it as a page's address up to its "
                             "host and port, as https://tool.example or http://127.0.0.1:8080")
    if write_origins and not writable:
        raise ValueError("--write-origin lets web pages write: it goes with --writable")
    host = host.strip("[]")  # an IPv6 address may come in brackets, as in a URL
    check_address(host, port)
    ensure_store(store_path)
    check_store(store_path, writable)
    if writable and workers != 1:
        print(f"frontline serve: --writable runs one web worker, which owns the store (not {workers}); "
              f"use --threads for more requests at once", file=sys.stderr, flush=True)
        workers = 1
    config: dict = {"QUERY_TIMEOUT": timeout, "MAX_ROWS": max_rows, "QUERY_PROCESSES": threads}
    if token:
        config["WRITE_TOKEN"] = token
    if max_upload is not None:
        config["MAX_UPLOAD_LENGTH"] = max_upload
    if write_timeout is not None:
        config["WRITE_TIMEOUT"] = write_timeout
    if answer_memory is not None:
        config["ANSWER_MEMORY_MB"] = answer_memory
    if write_origins:
        config["WRITE_ORIGINS"] = tuple(write_origins)
    if body_timeout is not None:
        config["BODY_TIMEOUT"] = body_timeout
    if per_client is not None:
        config["PER_CLIENT"] = per_client
    Limits.from_config({**DEFAULTS, **config})  # a ValueError here, not in every web worker as it starts
    server = Server(
        "frontline", address=host, port=port, interface=Interfaces.ASGINL, http=HTTPModes.http1, websockets=False,
        workers=workers,  # each worker's request threads are the ASGI front's (server/http/bodies.py)
        # a request's head (its line and headers: a GET query travels in the line) up to 64 KiB
        http1_settings=HTTP1Settings(max_buffer_size=64 * 1024),
        log_access=True, respawn_failed_workers=True,
        workers_kill_timeout=10,  # seconds a worker has to finish its requests when the server stops
        process_name="frontline-serve",
    )
    # the writable worker's snapshots live in a folder this process makes and removes: a worker
    # that does not stop within workers_kill_timeout is killed before it can remove it
    store_path = store_path.resolve()
    snapshot_root = new_snapshot_root(store_path) if token else None
    if snapshot_root is not None:
        config["SNAPSHOT_ROOT"] = str(snapshot_root)
    shown = f"[{host}]" if ":" in host else host
    marker = mark_served(store_path, os.getpid(), f"http://{shown}:{port}")  # a build refuses to run under us
    try:
        server.serve(target_loader=partial(load_app, store_path=str(store_path), app_config=config))
    finally:
        if snapshot_root is not None:
            shutil.rmtree(snapshot_root, ignore_errors=True)
        if served_by(store_path) in (None, {"pid": os.getpid(), "url": f"http://{shown}:{port}"}):
            marker.unlink(missing_ok=True)  # not another server's, started on the same store since
    return 0

"""`frontline serve`: the app under gunicorn, started from Python.

Gunicorn, not Flask's development server, because an open endpoint must go on answering
while one client's query grinds: threaded workers (gthread) give every worker several request
threads, and each thread its own query process (server/pool.py). The app is built in each
worker after the fork (no preload), so that each worker opens the store and starts its query
processes itself.

`--writable` turns writing on, behind the token in the environment variable FRONTLINE_TOKEN
(the server refuses to start without one). RocksDB allows one read-write opener per store, so a
writable server runs one web worker, which keeps the store's single writer process; its request
threads serve reads and writes, and queries still run, and are killed, in their own processes
(server/writing.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from gunicorn.app.base import BaseApplication

from kg.store import StoreError
from server.limits import DEFAULTS, Limits

log = logging.getLogger(__name__)


class FrontlineServer(BaseApplication):
    def __init__(self, store_path: Path, options: dict, app_config: dict) -> None:
        self.store_path = store_path
        self.options = options
        self.app_config = app_config
        super().__init__()

    def init(self, parser, opts, args):  # BaseApplication's abstract hook; there is no gunicorn command line here
        return None

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        from server import create_app

        if not logging.getLogger().handlers:
            logging.basicConfig(level=logging.INFO, format="[%(process)d] [%(levelname)s] %(name)s: %(message)s")
        return create_app(self.store_path, self.app_config)


def _build_sample(store_path: Path) -> None:
    from kg.build import build
    from kg.resources import sample_corpus

    report = build(sample_corpus(), store_path)
    print(f"built {store_path}: {report.summary()}", file=sys.stderr, flush=True)


def ensure_store(store_path: Path) -> None:
    """Build the sample corpus into `store_path` if there is no store there yet, so that
    `frontline serve` on a fresh checkout has something to serve. The build runs in a process
    of its own: RocksDB must not have been opened in the gunicorn master, whose forked workers
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
from kg.store import StoreError, open_store
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


TOKEN_VARIABLE = "FRONTLINE_TOKEN"


def write_token() -> str:
    """The token writes must carry, from the environment; a ValueError when there is none."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise ValueError(f"--writable needs a token: set {TOKEN_VARIABLE} in the environment; every write must then "
                         f"carry the header Authorization: Bearer <that token>")
    return token


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 5000, workers: int = 2, threads: int = 4,
          timeout: float = 10.0, max_rows: int = 10_000, writable: bool = False, max_upload: int | None = None,
          write_timeout: float | None = None, answer_memory: int | None = None) -> int:
    token = write_token() if writable else None
    ensure_store(store_path)
    check_store(store_path, writable)
    if writable and workers != 1:
        print(f"frontline serve: --writable runs one web worker, which owns the store (not {workers}); "
              f"use --threads for more requests at once", file=sys.stderr, flush=True)
        workers = 1
    address = f"[{host}]" if ":" in host and not host.startswith("[") else host  # an IPv6 address
    options = {
        "bind": f"{address}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # gunicorn's timeout is for a worker that stopped answering its arbiter, not for a request;
        # queries have their own limit, enforced by killing their process.
        "timeout": max(30, int(timeout * 3)),
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "limit_request_line": 8190,
        "proc_name": "frontline-serve",
        "control_socket_disable": True,  # gunicorn 24+ would open ~/.gunicorn/gunicorn.ctl, shared by every server
        "preload_app": False,
    }
    config: dict = {"QUERY_TIMEOUT": timeout, "MAX_ROWS": max_rows, "QUERY_PROCESSES": threads}
    if token:
        config["WRITE_TOKEN"] = token
    if max_upload is not None:
        config["MAX_UPLOAD_LENGTH"] = max_upload
    if write_timeout is not None:
        config["WRITE_TIMEOUT"] = write_timeout
    if answer_memory is not None:
        config["ANSWER_MEMORY_MB"] = answer_memory
    Limits.from_config({**DEFAULTS, **config})  # a ValueError here, not in every web worker as it starts
    FrontlineServer(store_path.resolve(), options, config).run()
    return 0

"""`frontline serve`: the app under gunicorn, started from Python.

Gunicorn, not Flask's development server, because an open endpoint must go on answering
while one client's query grinds: threaded workers (gthread) give every worker several request
threads, and each thread its own query process (server/pool.py). The app is built in each
worker after the fork (no preload), so that each worker opens the store and starts its query
processes itself.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from gunicorn.app.base import BaseApplication

from kg.store import open_store

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


def ensure_store(store_path: Path) -> None:
    """Build the sample corpus into `store_path` if there is no store there yet, so that
    `frontline serve` on a fresh checkout has something to serve."""
    if (store_path / "CURRENT").exists():
        return
    from kg.build import build
    from kg.resources import sample_corpus

    print(f"frontline serve: no graph store at {store_path}; building the sample corpus into it first",
          file=sys.stderr, flush=True)
    report = build(sample_corpus(), store_path)
    print(f"built {store_path}: {report.summary()}", file=sys.stderr, flush=True)


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 5000, workers: int = 2, threads: int = 4,
          timeout: float = 10.0, max_rows: int = 10_000) -> int:
    ensure_store(store_path)
    open_store(store_path, read_only=True)  # fail here, with the store's own message, not in every worker
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
    config = {"QUERY_TIMEOUT": timeout, "MAX_ROWS": max_rows, "QUERY_PROCESSES": threads}
    FrontlineServer(store_path.resolve(), options, config).run()
    return 0

"""What one web worker holds for its whole life: the store opened read-only, its pool of query
processes, the limits, and the things worth computing only once because the store never
changes under a running server (the quad count, the dumps)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from pyoxigraph import Store

from kg.store import count_quads, open_store
from server.limits import Limits
from server.pool import QueryPool


@dataclass
class State:
    store_path: Path
    store: Store
    limits: Limits
    pool: QueryPool
    _quads: int | None = None
    _dumps: dict[str, Path] = field(default_factory=dict)
    _dump_dir: Path | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, store_path: Path, limits: Limits, processes: int) -> State:
        store = open_store(store_path, read_only=True)
        state = cls(store_path, store, limits, QueryPool(store_path, processes, limits))
        atexit.register(state.close)
        return state

    def quads(self) -> int:
        if self._quads is None:
            self._quads = count_quads(self.store)
        return self._quads

    def dump_file(self, fmt: str) -> Path:
        """The whole graph in `fmt` (a kg.store.DUMP_FORMATS key), written once per worker."""
        from kg.store import dump

        with self._lock:
            if fmt not in self._dumps:
                if self._dump_dir is None:
                    self._dump_dir = Path(tempfile.mkdtemp(prefix="frontline-dump-"))
                path = self._dump_dir / f"graph.{fmt}"
                with path.open("wb") as out:
                    dump(self.store, fmt, out)
                self._dumps[fmt] = path
            return self._dumps[fmt]

    def close(self) -> None:
        self.pool.close()
        if self._dump_dir is not None:
            shutil.rmtree(self._dump_dir, ignore_errors=True)


def get_state() -> State:
    return current_app.extensions["frontline"]

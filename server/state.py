"""What one web worker holds for its whole life: the store, its pool of query processes, the
limits, and the things worth computing once per state of the store (the quad count, the dumps,
the places' records behind /api/control and the answers of queries: server/kept.py).

A read-only server opens the store read-only and reads it as it is. A writable server
(`frontline serve --writable`) has one web worker, which keeps the store's single writer
process and reads snapshots of the store (server/processes/writes.py); `reading()` hides the difference
from the views.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing.util
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from flask import current_app
from pyoxigraph import Store

from kg.graph import control, places, querytext
from kg.graph.store import count_quads, open_store
from kg.language.gazetteer import key as name_key
from server.config import Limits
from server.kept import CACHE_HEADER, Kept
from server.processes.executor import Job, Reply
from server.processes.pool import QueryPool
from server.processes.writer_process import Write, WriteReply
from server.processes.writes import Snapshots, Writer, emptied, new_snapshot_root


class Sized(Protocol):
    def size(self) -> int: ...


@dataclass
class State:
    store_path: Path
    limits: Limits
    pool: QueryPool
    _store: Store | None = None  # read-only servers: the store, opened read-only
    writer: Writer | None = None  # writable servers: the writer process and the snapshots everyone reads
    snapshots: Snapshots | None = None
    token: str | None = None
    _quads: tuple[object, int] | None = None  # (state of the store, count)
    _dumps: dict[tuple[object, str], Path] = field(default_factory=dict)
    _dump_dir: Path | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _kept: Kept = field(init=False)  # (state of the store, question) -> answer

    def __post_init__(self) -> None:
        self._kept = Kept(self.limits.answer_mb * 1024 * 1024)

    @classmethod
    def open(cls, store_path: Path, limits: Limits, processes: int, token: str | None = None,
             snapshot_root: Path | None = None) -> State:
        """A read-only state, or with a `token` a writable one. `frontline serve` makes the
        writable one's `snapshot_root` in the server's main process, which removes it when the
        server stops even if this worker was killed before it could; without one, the state makes
        its own."""
        if not token:
            store = open_store(store_path, read_only=True)
            state = cls(store_path, limits, QueryPool(store_path, processes, limits), _store=store)
        else:
            snapshots = Snapshots(emptied(snapshot_root) if snapshot_root else new_snapshot_root(store_path))
            writer = Writer(store_path, snapshots, limits)
            pool = QueryPool(store_path, processes, limits, snapshots=snapshots)
            snapshots.add_holder(pool.in_use)
            state = cls(store_path, limits, pool, writer=writer, snapshots=snapshots, token=token)
            try:
                writer.start()
            except Exception:
                state.close()
                raise
        # at exit, also where the worker is a multiprocessing child (granian's), whose atexit
        # handlers never run: multiprocessing runs its finalizers in both
        multiprocessing.util.Finalize(state, state.close, exitpriority=10)
        return state

    @property
    def writable(self) -> bool:
        return self.writer is not None

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """The store as it is now, to read in this block (a writable server's newest snapshot,
        kept on disk until the block ends). Nothing may use the store after the block."""
        with self._reading() as (store, _):
            yield store

    @contextmanager
    def _reading(self) -> Iterator[tuple[Store, object]]:
        """The store and what identifies its state (which changes with every committed write)."""
        if self.snapshots is None:
            assert self._store is not None
            yield self._store, None
            return
        with self.snapshots.lease() as snapshot:
            yield snapshot.store, snapshot.generation

    def commit(self, write: Write) -> WriteReply:
        if self.writer is None:
            raise RuntimeError("this server is read-only")
        return self.writer.commit(write)

    def quads(self) -> int:
        with self._reading() as (store, version):
            cached = self._quads
            if cached is None or cached[0] != version:
                cached = (version, count_quads(store))
                self._quads = cached
            return cached[1]

    def control(self, place: str, when: dt.date) -> dict:
        """kg.control's answer, from the place's record."""
        return control.answer_from(self.record(place), place, when)

    def record(self, place: str) -> control.Record:
        """The place's record (three queries), fetched once per state of the store: the same
        places are asked of again and again, on one date or on many."""
        return self._kept_or(("control", name_key(place)), lambda store: control.record(store, place))

    def catalogue(self) -> places.Catalogue:
        """Every place, its names and its control periods (three queries), once per state of the
        store: the map and the search box ask of it on every keystroke and every move."""
        return self._kept_or(("catalogue",), places.catalogue)

    def _kept_or(self, what: tuple, compute: Callable[[Store], Sized]) -> Sized:
        """What `compute` reads from the store as it is now, computed once for this state of it
        and kept (server/kept.py) under `what`; the value says its own size()."""
        with self._reading() as (store, version):
            found = self._kept.get((version, *what))
            if found is None:
                found = compute(store)
                self._kept.put((version, *what), found, found.size())
            return found

    def query(self, job: Job) -> Reply:
        """A query's reply from a query process, or the same reply again when this job was
        answered before. Kept on a read-only server only: a writable one's query processes read
        whichever snapshot is newest when they start (server/processes/pool.py), so the state an answer
        belongs to is not known here."""
        if self.writable or not self._kept.budget or not querytext.is_repeatable(job.query):
            return self.pool.run(job)
        key = (None, "query", job)
        reply = self._kept.get(key)
        if reply is not None:
            return replace(reply, headers={**reply.headers, CACHE_HEADER: "hit"})
        reply = self.pool.run(job)
        if reply.status == 200:
            self._kept.put(key, reply, len(reply.body) + len(job.query) + 512)
        return replace(reply, headers={**reply.headers, CACHE_HEADER: "miss"})

    def dump_file(self, fmt: str) -> Path:
        """The whole graph in `fmt` (a name of kg.graph.formats.RDF_FORMATS), written once per state of the store."""
        from kg.graph.store import dump

        with self._lock, self._reading() as (store, version):
            key = (version, fmt)
            if key not in self._dumps:
                if self._dump_dir is None:
                    self._dump_dir = Path(tempfile.mkdtemp(prefix="frontline-dump-"))
                older = [k for k in self._dumps if k[1] == fmt]
                for old in older[:-1]:  # the one before stays: another thread may be about to send it
                    self._dumps.pop(old).unlink(missing_ok=True)
                path = self._dump_dir / f"graph-{version or 0}.{fmt}"
                try:
                    with path.open("wb") as out:
                        dump(store, fmt, out)
                except ValueError:
                    path.unlink(missing_ok=True)
                    raise
                self._dumps[key] = path
            return self._dumps[key]

    def close(self) -> None:
        self.pool.close()
        if self.writer is not None:
            self.writer.close()
        if self.snapshots is not None:
            self.snapshots.close()
        if self._dump_dir is not None:
            shutil.rmtree(self._dump_dir, ignore_errors=True)
        self._store = None
        gc.collect()  # close the stores now, not while the interpreter is being torn down


def get_state() -> State:
    return current_app.extensions["frontline"]

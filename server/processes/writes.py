"""The web worker's side of writing: the writer process it keeps (server/processes/writer_process.py) and the
snapshots of the store that everyone else reads.

On a writable server there is one web worker, and it owns one writer process, which alone
opens the store's directory (read-write). Writes go to it one at a time; each reply to a write
that changed something names a fresh checkpoint of the store, which is *published* here before
the client hears that its write succeeded. Every read that starts after that (a query process,
the control API, a dump, a Graph Store GET) leases the newest published snapshot for as long as
it reads, so a client that was told "written" and then asks will find what it wrote.

A snapshot that is no longer the newest one is deleted as soon as nothing reads it: no lease is
out on it and no query process still has it open (the pool says which it has).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import Store

from server.config import Limits
from server.processes import writer_process
from server.processes.writer_process import Write, WriteReply, snapshot_prefix

log = logging.getLogger(__name__)

# said when a write's process was stopped or died before it answered: it may have committed just
# before, so the client is told that it cannot know from this answer, and what it may safely do
OUTCOME_UNKNOWN = ("Whether it was committed is not known: read the graph to see. Sending it again is safe for "
                   "PUT and DELETE, which set a graph to a state, and for updates whose triples have no blank "
                   "nodes (a graph holds a triple once).")

STARTUP_WAIT = 60.0  # seconds the writer may take to start, wait for the store's lock and take its first snapshot


def new_snapshot_root(store_path: Path) -> Path:
    """A new folder for the store's snapshots next to it, on the same file system, so that a
    snapshot is made of hard links rather than copies; in the temporary folder if that fails."""
    try:
        return Path(tempfile.mkdtemp(prefix=snapshot_prefix(store_path), dir=store_path.parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=snapshot_prefix(store_path)))


def emptied(root: Path) -> Path:
    """`root`, made empty: a web worker started again in place of one that died finds the
    snapshots that one could not delete. Its query processes and writer end with it."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return root


class WriterFailed(Exception):
    """The writer process could not start or died."""


class Snapshot:
    """One checkpoint of the store, and the read-only Store the web worker opens on it when it
    first reads it."""

    def __init__(self, path: str, generation: int) -> None:
        self.path = path
        self.generation = generation
        self._store: Store | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = Store.read_only(self.path)
            return self._store

    def close(self) -> None:
        with self._lock:
            self._store = None


class Snapshots:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._published = threading.Condition(self._lock)
        self._current: Snapshot | None = None
        self._known: dict[str, Snapshot] = {}
        self._leases: Counter[str] = Counter()
        self._holders: list[Callable[[], set[str]]] = []
        self._generation = 0

    def add_holder(self, holder: Callable[[], set[str]]) -> None:
        """`holder()` names the snapshot paths someone else (the query pool) still has open."""
        self._holders.append(holder)

    def publish(self, path: str) -> None:
        with self._lock:
            self._generation += 1
            snapshot = Snapshot(path, self._generation)
            self._known[path] = snapshot
            self._current = snapshot
            self._published.notify_all()
        self.collect()

    @contextmanager
    def lease(self, wait: float = STARTUP_WAIT) -> Iterator[Snapshot]:
        """The newest snapshot, kept on disk until the block ends."""
        with self._lock:
            if self._current is None and not self._published.wait_for(lambda: self._current is not None, wait):
                raise WriterFailed("the store has no snapshot to read yet")
            snapshot = self._current
            assert snapshot is not None
            self._leases[snapshot.path] += 1
        try:
            yield snapshot
        finally:
            with self._lock:
                self._leases[snapshot.path] -= 1
                if not self._leases[snapshot.path]:
                    del self._leases[snapshot.path]
            self.collect()

    def collect(self) -> None:
        """Delete every snapshot that is neither the newest nor read by anyone."""
        held: set[str] = set()
        for holder in self._holders:
            held |= holder()
        with self._lock:
            keep = held | set(self._leases) | ({self._current.path} if self._current else set())
            retired = [snapshot for path, snapshot in self._known.items() if path not in keep]
            for snapshot in retired:
                del self._known[snapshot.path]
        for snapshot in retired:
            snapshot.close()
            shutil.rmtree(snapshot.path, ignore_errors=True)

    def paths(self) -> set[str]:
        with self._lock:
            return set(self._known)

    def close(self) -> None:
        with self._lock:
            snapshots = list(self._known.values())
            self._known.clear()
            self._current = None
        for snapshot in snapshots:
            snapshot.close()
        shutil.rmtree(self.root, ignore_errors=True)


class Writer:
    """The writer process, started at once and again whenever it died or was stopped, and a
    lock that lets one write at a time through to it."""

    def __init__(self, store_path: Path, snapshots: Snapshots, limits: Limits) -> None:
        self.store_path = store_path
        self.snapshots = snapshots
        self.limits = limits
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process = None
        self._conn = None

    def start(self) -> None:
        with self._lock:
            self._start()

    def _start(self) -> None:
        ours, theirs = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=writer_process.main, name="frontline-writer", daemon=True,
            args=(theirs, str(self.store_path), str(self.snapshots.root), self.limits.memory_mb, os.getpid()))
        process.start()
        theirs.close()
        try:
            if not ours.poll(STARTUP_WAIT):
                raise WriterFailed(f"the writing process did not start within {STARTUP_WAIT:.0f} s")
            state, detail, first = ours.recv()
            if state != "ready":
                raise WriterFailed(detail)
        except (EOFError, OSError, WriterFailed) as err:
            if process.is_alive():
                process.kill()
            process.join(5)
            ours.close()
            if isinstance(err, WriterFailed):
                raise
            raise WriterFailed(f"the writing process died while starting ({err or 'no reason given'})") from None
        if detail != "seccomp":
            log.warning("writing process without network sandbox: %s", detail)
        self._process, self._conn = process, ours
        self.snapshots.publish(first)

    def _stop(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5)
        if conn is not None:
            conn.close()

    def commit(self, write: Write) -> WriteReply:
        """Apply one write; when it comes back, readers already see it."""
        if not self._lock.acquire(timeout=self.limits.write_timeout):
            return WriteReply(503, "Other writes are still running; try again shortly. Nothing of this one was written.")
        try:
            return self._write(write)
        finally:
            self._lock.release()

    def _write(self, write: Write) -> WriteReply:
        try:
            if self._process is None or not self._process.is_alive():
                self._stop()
                self._start()
            assert self._conn is not None
            self._conn.send(write)
            if not self._conn.poll(self.limits.write_timeout):
                log.warning("write stopped after %.1f s: %s %.200r", self.limits.write_timeout, write.kind, write.text)
                self._restart()
                return WriteReply(503, f"The write ran longer than {self.limits.write_timeout:g} s, the limit of this "
                                       "endpoint, and was stopped. " + OUTCOME_UNKNOWN)
            reply: WriteReply = self._conn.recv()
        except (EOFError, OSError, WriterFailed) as err:
            log.error("writing process failed: %s", err)
            self._restart()
            return WriteReply(503, f"The writing process ended before it answered ({err or 'it died'}; a write may use "
                                   f"{self.limits.memory_mb} MB). " + OUTCOME_UNKNOWN)
        if reply.snapshot:
            self.snapshots.publish(reply.snapshot)
        return reply

    def _restart(self) -> None:
        """Stop the writer and start a new one at once: its first snapshot is the store as it now
        is, so readers never go on seeing a state that a stopped write might have changed."""
        self._stop()
        try:
            self._start()
        except WriterFailed as err:
            log.error("could not restart the writing process: %s", err)

    def close(self) -> None:
        with self._lock:
            process, conn = self._process, self._conn
            self._process = self._conn = None
        if conn is not None:
            conn.close()  # the writer sees the pipe close, flushes and ends
        if process is not None:
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join(5)

"""Executor processes, kept warm and killed when a query runs out of time.

Each web worker owns one pool with as many executors as it has request threads, so a request
never waits for another's query: a pathological query ties up one thread and one executor
until the time limit, and every other request goes on. When a query's time is up its
executor is killed (the only way to stop a pyoxigraph query) and a fresh one is started the
next time that slot is used.

Executors are started with the "spawn" method: forking a threaded web worker can copy a lock
that some other thread holds, and a fresh interpreter holds nothing it did not open itself.

On a writable server the executors never open the store's own directory, which the writer
holds: each job carries the newest snapshot of the store (server/processes/writes.py), leased for as long
as the job runs, and the executor reopens when it is given a newer one than it has. The pool
tells the snapshots which of them its executors still have open, so none is deleted under them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

from server.config import Limits
from server.processes import executor
from server.processes.executor import Job, Reply
from server.processes.writes import WriterFailed

log = logging.getLogger(__name__)

STARTUP_WAIT = 60.0  # seconds an executor may take to start and open the store; not part of a query's time


class ExecutorFailed(Exception):
    """An executor could not start or died."""


class _Executor:
    def __init__(self, ctx, store_path: Path, memory_mb: int) -> None:
        ours, theirs = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=executor.main, args=(theirs, str(store_path), memory_mb, os.getpid()),
                                   name="frontline-query", daemon=True)
        self.process.start()
        theirs.close()
        self.conn = ours
        self.walls: str | None = None
        self.opened = str(store_path)  # the store or snapshot it has open

    def ready(self) -> None:
        if self.walls is not None:
            return
        try:
            if not self.conn.poll(STARTUP_WAIT):
                raise ExecutorFailed(f"the query process did not start within {STARTUP_WAIT:.0f} s")
            state, detail = self.conn.recv()
        except (EOFError, OSError) as err:
            raise ExecutorFailed(f"the query process died while starting ({err or 'no reason given'})") from None
        if state != "ready":
            raise ExecutorFailed(detail)
        self.walls = detail
        if detail != "seccomp":
            log.warning("query process without network sandbox: %s", detail)

    def ask(self, job: Job, seconds: float) -> Reply | None:
        """The reply, or None when the query is still running after `seconds`."""
        try:
            self.conn.send(job)
            if not self.conn.poll(seconds):
                return None
            return self.conn.recv()
        except (EOFError, OSError) as err:
            raise ExecutorFailed(f"the query process died ({err or 'no reason given'})") from None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    def __init__(self, store_path: Path, size: int, limits: Limits, snapshots=None) -> None:
        self.store_path = store_path
        self.limits = limits
        self.snapshots = snapshots  # server.writes.Snapshots on a writable server, else None
        self._ctx = multiprocessing.get_context("spawn")
        self._size = max(1, size)
        self._slots: queue.LifoQueue[_Executor | None] = queue.LifoQueue()
        self.warmed = threading.Event()
        for _ in range(self._size):
            self._slots.put(None)
        self._all: set[_Executor] = set()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._warmer: threading.Thread | None = None

    def _start(self, path: str | None = None) -> _Executor:
        worker = _Executor(self._ctx, Path(path) if path else self.store_path, self.limits.memory_mb)
        with self._lock:
            self._all.add(worker)
        return worker

    def _lease(self):
        return self.snapshots.lease() if self.snapshots is not None else nullcontext(None)

    def in_use(self) -> set[str]:
        """The stores and snapshots the executors have open."""
        with self._lock:
            return {worker.opened for worker in self._all}

    def _discard(self, worker: _Executor | None) -> None:
        if worker is None:
            return
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def warm(self) -> None:
        """Start every executor ahead of the first queries, one after another, in the background.
        Started on demand, they were started by the first burst of concurrent requests, each of
        which then waited for an interpreter to start (bench/query.py: p95 in the hundreds of ms
        under 8 clients while the one warm executor answered in a few)."""

        def start_all() -> None:
            held: list[_Executor | None] = []  # slots taken, given back together (the queue is LIFO)
            try:
                for _ in range(self._size):
                    if self._closing.is_set():
                        return
                    try:
                        held.append(self._slots.get_nowait())
                    except queue.Empty:  # requests have the rest: they start their own
                        return
                    held[-1] = start_one(held[-1])
            finally:
                for worker in held:
                    self._slots.put(worker)
                self.warmed.set()  # every process it could start is started (/health says "warm")

        def start_one(worker: _Executor | None) -> _Executor | None:
            try:
                if worker is None:
                    with self._lease() as snapshot:
                        worker = self._start(snapshot.path if snapshot else None)
                        worker.ready()
                return worker
            except (ExecutorFailed, WriterFailed) as err:
                if not self._closing.is_set():  # when the server stops, its processes may stop first
                    log.error("could not start a query process: %s", err)
                self._discard(worker)
                return None

        self._warmer = threading.Thread(target=start_all, name="frontline-warm", daemon=True)
        self._warmer.start()

    def run(self, job: Job) -> Reply:
        try:
            worker = self._slots.get(timeout=self.limits.timeout)
        except queue.Empty:
            return Reply.text(503, "Every query process of this server is busy; try again shortly.")
        try:
            with self._lease() as snapshot:
                return self._run(worker, job, snapshot.path if snapshot else None)  # which puts the worker back
        except WriterFailed as err:  # raised by the lease, before _run
            self._slots.put(worker)
            return Reply.text(503, f"The store cannot be read right now: {err}.")

    def _run(self, worker: _Executor | None, job: Job, snapshot: str | None) -> Reply:
        if snapshot is not None:
            job = replace(job, snapshot=snapshot)
        try:
            if worker is None or not worker.process.is_alive():
                self._discard(worker)
                worker = None
                worker = self._start(snapshot)
            worker.ready()
            reply = worker.ask(job, self.limits.timeout)
            if snapshot is not None:
                worker.opened = snapshot
            if reply is None:
                log.warning("query stopped after %.1f s: %.200r", self.limits.timeout, job.query)
                self._discard(worker)
                worker = None
                return Reply.text(503, f"The query ran longer than {self.limits.timeout:g} s, the limit of this "
                                       f"endpoint, and was stopped. Make it more selective, or add a LIMIT.")
            return reply
        except ExecutorFailed as err:
            log.error("query process failed: %s", err)
            self._discard(worker)
            worker = None
            return Reply.text(500, f"The query process failed: {err}. It may have needed more than the "
                                   f"{self.limits.memory_mb} MB a query may use.")
        finally:
            self._slots.put(worker)

    def close(self) -> None:
        # an executor being started must finish starting before it is stopped: one whose parent
        # goes away while it reads its start-up data prints a traceback
        self._closing.set()
        if self._warmer is not None:
            self._warmer.join(STARTUP_WAIT)
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._discard(worker)

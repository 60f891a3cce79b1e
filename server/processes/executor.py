"""The process that runs queries, and what goes to it and comes back.

pyoxigraph cannot interrupt a query once it runs, so a query that would run for hours can only
be stopped by ending the process it runs in. Each executor is such a process: it opens the
store read-only, walls itself in (server/processes/sandbox.py), then answers one `Job` at a time with a
`Reply` that is ready to send to the client: status, content type, body and headers. The web
worker never touches a query's results itself; it only waits, and kills the process when the
time is up (server/processes/pool.py).

This module is imported in the executor process, which is started fresh (spawn), so it keeps
its imports to pyoxigraph and the few server modules it needs: no Flask, no spaCy.
"""

from __future__ import annotations

import logging
import sys
import traceback
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, Store

from server.config import DEFAULTS
from server.http import formats
from server.http.results import NotXml, serialize_results
from server.processes import sandbox
from server.processes.lifecycle import begin_child, say_ready

log = logging.getLogger(__name__)

TRUNCATED_HEADER = "X-Frontline-Truncated"
ROW_LIMIT_HEADER = "X-Frontline-Row-Limit"


@dataclass(frozen=True)
class Job:
    query: str
    accept: str | None = None
    format_params: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    own_dataset: bool = False  # the query has FROM / FROM NAMED
    max_rows: int = DEFAULTS["MAX_ROWS"]
    base_iri: str | None = None  # what relative IRIs in the query resolve against (the endpoint's address)
    snapshot: str | None = None  # on a writable server: the snapshot of the store to read (server/processes/writes.py)


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        return cls(status, (message.rstrip("\n") + "\n").encode("utf-8"))


def dataset_arguments(job: Job) -> dict:
    """pyoxigraph's arguments for the query's dataset. The protocol's default-graph-uri and
    named-graph-uri win over the query's FROM clauses (SPARQL 1.1 Protocol 2.1.4); a query
    with neither sees the union of all graphs as its default graph. A graph named but absent
    is simply empty: graph names are looked up in the store, never fetched."""
    if job.default_graphs or job.named_graphs:
        return {"default_graph": [NamedNode(g) for g in job.default_graphs],
                "named_graphs": [NamedNode(g) for g in job.named_graphs]}
    if job.own_dataset:
        return {}
    return {"use_default_graph_as_union": True}


def run(store: Store, job: Job) -> Reply:
    try:
        results = store.query(job.query, base_iri=job.base_iri, **dataset_arguments(job))
        kind = formats.RESULTS if isinstance(results, QuerySolutions | QueryBoolean) else formats.GRAPH
        fmt = formats.negotiate(kind, job.accept, job.format_params)
        if fmt is None:
            return Reply.text(406, f"This query's results can be sent as {formats.describe(kind)}; "
                                   f"the request accepts none of them.")
        body, truncated = serialize_results(results, fmt, job.max_rows)
    except NotXml as err:
        return Reply.text(406, str(err))
    except SyntaxError as err:
        return Reply.text(400, f"The query does not parse: {err}")
    except PermissionError:
        return Reply.text(400, "The query tried to reach the network; this endpoint never fetches anything "
                               "(SERVICE is not supported).")
    except (OSError, ValueError) as err:
        return Reply.text(500, f"The query failed: {err}")
    headers = {TRUNCATED_HEADER: "true" if truncated else "false", ROW_LIMIT_HEADER: str(job.max_rows)}
    return Reply(200, body, fmt.content_type, headers)


def main(conn, store_path: str, memory_mb: int, parent: int) -> None:
    """The executor's life: open, wall in, say ready, then answer jobs until the pipe closes."""
    begin_child(parent)
    try:
        sandbox.limit_memory(memory_mb)
        store = Store.read_only(store_path)
        started = ("ready", sandbox.forbid_network())
    except (OSError, ValueError, RuntimeError) as err:  # RocksDB's errors (a missing file) are RuntimeErrors
        started = ("failed", f"cannot open the store at {store_path}: {err}")
    if not say_ready(conn, started):
        return
    opened: str | None = store_path
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if job.snapshot is not None and job.snapshot != opened:
                # a write was committed since this process last read: read the snapshot that has it
                store, opened = None, None
                store = Store.read_only(job.snapshot)
                opened = job.snapshot
            reply = run(store, job)
        except MemoryError:
            reply = Reply.text(500, f"The query needed more than the {memory_mb} MB of memory a query may use.")
        except OSError as err:  # the snapshot could not be opened
            reply = Reply.text(500, f"The store could not be opened for this query: {err}")
        except Exception:  # noqa: BLE001 - the executor must answer, whatever the engine raised
            traceback.print_exc(file=sys.stderr)
            reply = Reply.text(500, "The query failed inside the query engine; the server log has the details.")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return

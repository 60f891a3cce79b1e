"""The one process that writes to the store, and what goes to it and comes back.

RocksDB lets exactly one process open a store read-write, and pyoxigraph says that opening a
store read-only while another process writes to it is undefined behaviour. So on a writable
server the store's own directory is opened by this process alone, read-write, and everyone else
reads snapshots of it: after each committed write the writer flushes the store to disk and
takes a checkpoint (``Store.backup``: hard links to RocksDB's immutable files, a few
milliseconds), and the web worker hands that checkpoint to every reader that starts after the
write was acknowledged (server/processes/writes.py). A reader never shares files with a writer.

Like a query process (server/processes/executor.py), the writer is started fresh (spawn), walls itself in
(no Internet sockets: LOAD and SERVICE can fetch nothing even if a text check missed them) and
can be killed when a write runs past its time. Killing it is safe: ``Store.update`` is one
transaction, committed whole or not at all, and RocksDB recovers from its log when the next
writer opens the store.

This module is imported in the writer process, so it keeps its imports to pyoxigraph and the
sandbox: no Flask, no spaCy.
"""

from __future__ import annotations

import shutil
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store, parse

from server.processes import sandbox
from server.processes.lifecycle import begin_child, say_ready

UPDATE, PUT, POST, DELETE = "update", "put", "post", "delete"
LOCK_WAIT = 20.0  # seconds to wait for a previous writer (of a worker that was replaced) to let go of the store


@dataclass(frozen=True)
class Write:
    """One write. For UPDATE, `text` is a SPARQL update; for PUT and POST (Graph Store
    Protocol), `body` is the upload as sent, in the RDF format of media type `media_type`, which
    this process parses (under its memory cap and time limit: a few kilobytes of RDF/XML can take
    minutes or gigabytes) and refuses past `max_size` characters of triples, or else `text` is
    the new triples, one N-Triples line each; `graph` is the target graph, None for the store's
    default graph."""

    kind: str
    text: str = ""
    graph: str | None = None
    base_iri: str | None = None
    body: bytes | None = None
    media_type: str | None = None
    max_size: int = 0


@dataclass
class WriteReply:
    status: int
    message: str
    snapshot: str | None = None  # the checkpoint that has this write in it, when something was written


def snapshot_prefix(store_path: Path) -> str:
    return f".{store_path.name}.snapshots-"


def _open(store_path: str) -> Store:
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            return Store(store_path)
        except OSError as err:
            if "lock" not in str(err).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _remove_stale_snapshots(store_path: Path, own: Path) -> None:
    """Snapshot folders that earlier writable servers of this store left behind (one that was
    killed cannot clean up). This process holds the store's lock, so no other writer uses them."""
    for folder in store_path.parent.glob(snapshot_prefix(store_path) + "*"):
        if folder != own and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def take_snapshot(store: Store, root: Path) -> str:
    target = root / uuid.uuid4().hex
    store.backup(str(target))
    return str(target)


def _graph_term(graph: str | None):
    return DefaultGraph() if graph is None else NamedNode(graph)


def _data(graph: str | None, lines: str) -> str:
    if not lines.strip():
        return ""
    if graph is None:
        return f"INSERT DATA {{\n{lines}\n}}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{lines}\n}} }}"


def _steps(*parts: str) -> str:
    return " ;\n".join(part for part in parts if part)


def parse_upload(write: Write) -> Write | WriteReply:
    """An upload's triples as N-Triples lines, or the reply that refuses it: a body that does not
    parse (400), that names a graph of its own (400), or whose triples run past the limit (413)."""
    fmt = RdfFormat.from_media_type(write.media_type or "")
    if fmt is None:
        return WriteReply(415, f"No RDF format has the media type {write.media_type}.")
    try:
        quads = list(parse(write.body or b"", format=fmt, base_iri=write.base_iri))
    except (SyntaxError, ValueError) as err:
        return WriteReply(400, f"The body does not parse as {fmt.name}: {err}. Nothing was written.")
    named = next((quad.graph_name for quad in quads if not isinstance(quad.graph_name, DefaultGraph)), None)
    if named is not None:
        return WriteReply(400, f"The body puts triples in the graph {named}; a /store upload is one graph, named by "
                               "?graph= or ?default. Nothing was written.")
    lines = "\n".join(f"{quad.triple} ." for quad in quads)
    if write.max_size and len(lines) > write.max_size:  # what the body says, not only how long it is
        return WriteReply(413, f"The body expands to {len(lines):,} characters of triples, more than the "
                               f"{write.max_size:,} a write may hold. Nothing was written.")
    return replace(write, text=lines, body=None)


def apply(store: Store, write: Write) -> WriteReply:
    """Do one write in one transaction. Nothing is flushed or snapshotted here."""
    if write.body is not None:
        parsed = parse_upload(write)
        if isinstance(parsed, WriteReply):
            return parsed
        write = parsed
    try:
        if write.kind == UPDATE:
            store.update(write.text, base_iri=write.base_iri)
            return WriteReply(200, "The update was applied.")
        graph = write.graph
        exists = graph is None or store.contains_named_graph(_graph_term(graph))
        if write.kind == PUT:
            if graph is None:
                store.update(_steps("CLEAR SILENT DEFAULT", _data(None, write.text)))
            else:
                store.update(_steps(f"DROP SILENT GRAPH <{graph}>", f"CREATE SILENT GRAPH <{graph}>",
                                    _data(graph, write.text)))
            return WriteReply(204 if exists else 201, "The graph was replaced." if exists else "The graph was created.")
        if write.kind == POST:
            if graph is not None:
                store.update(_steps(f"CREATE SILENT GRAPH <{graph}>", _data(graph, write.text)))
            elif write.text.strip():
                store.update(_data(None, write.text))
            return WriteReply(204 if exists else 201, "The triples were added." if exists else "The graph was created.")
        if write.kind == DELETE:
            if not exists:
                return WriteReply(404, f"There is no graph <{graph}> in the store.")
            store.update("CLEAR SILENT DEFAULT" if graph is None else f"DROP GRAPH <{graph}>")
            return WriteReply(204, "The graph was deleted.")
        return WriteReply(500, f"unknown write {write.kind!r}")
    except SyntaxError as err:
        return WriteReply(400, f"The update does not parse: {err}")
    except PermissionError:
        return WriteReply(400, "The update tried to reach the network; this endpoint never fetches anything "
                               "(LOAD and SERVICE are not supported).")
    except (RuntimeError, ValueError) as err:
        return WriteReply(400, f"The update could not be applied, and nothing of it was written: {err}")
    except OSError as err:
        return WriteReply(500, f"The store could not be written: {err}")


def main(conn, store_path: str, snapshot_root: str, memory_mb: int, parent: int) -> None:
    """The writer's life: open the store read-write, wall in, snapshot, say ready, then apply
    writes one at a time until the pipe closes. Every reply to a write that changed something
    names the snapshot that has it."""
    begin_child(parent)
    root = Path(snapshot_root)
    try:
        sandbox.limit_memory(memory_mb)
        store = _open(store_path)
        walls = sandbox.forbid_network()
        _remove_stale_snapshots(Path(store_path), root)
        started = ("ready", walls, take_snapshot(store, root))
    except (OSError, ValueError, RuntimeError) as err:  # RocksDB's errors (a missing file) are RuntimeErrors
        started = ("failed", f"cannot open the store at {store_path} for writing: {err}", None)
    if not say_ready(conn, started):
        return
    while True:
        try:
            write = conn.recv()
        except (EOFError, OSError):
            break
        try:
            reply = apply(store, write)
            if reply.status < 300:
                try:
                    store.flush()  # durable before it is acknowledged
                    reply.snapshot = take_snapshot(store, root)
                except OSError as err:
                    reply = WriteReply(500, f"The write was committed, but could not be flushed and shown to readers: {err}")
        except MemoryError:
            reply = WriteReply(500, f"The write needed more than the {memory_mb} MB of memory a write may use; "
                                    "nothing of it was written.")
        except Exception:  # noqa: BLE001 - the writer must answer, whatever the engine raised
            traceback.print_exc(file=sys.stderr)
            reply = WriteReply(500, "The write failed inside the store; the server log has the details.")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            break
    store.flush()

"""The Oxigraph store on disk: opening it, replacing graphs atomically, asking it SPARQL, and
writing dumps that other triple stores load."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable
from functools import cache
from itertools import product
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store, parse, serialize

from kg.graph import formats
from kg.graph import vocab as v
from kg.resources import queries_dir


class StoreError(Exception):
    """The store cannot be used as asked (missing, locked, or not a store)."""


def serving_marker(store_path: Path) -> Path:
    """The file `frontline serve` keeps beside a store while it serves it (not inside: the store's
    folder is RocksDB's)."""
    store_path = Path(store_path).resolve()
    return store_path.parent / f".{store_path.name}.serving.json"


def mark_served(store_path: Path, pid: int, url: str) -> Path:
    marker = serving_marker(store_path)
    marker.write_text(json.dumps({"pid": pid, "url": url}), encoding="utf-8")
    return marker


def served_by(store_path: Path) -> dict | None:
    """Who serves the store now ({"pid", "url"}), or None: a read-only server does not lock the
    store, so a build would change it under the server's feet, which would go on answering from
    what it had opened. A marker whose process is gone (a killed server) is ignored."""
    marker = serving_marker(store_path)
    try:
        held = json.loads(marker.read_text(encoding="utf-8"))
        pid = int(held["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, another user's
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and b"frontline" not in cmdline.read_bytes():
        return None  # the pid was reused by another program
    return held


def open_store(path: Path, read_only: bool = False) -> Store:
    try:
        if read_only:
            if not (path / "CURRENT").exists():
                raise StoreError(f"no graph store at {path} (run `frontline build --store {path}` first)")
            return Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return Store(str(path))
    except OSError as err:
        raise StoreError(f"cannot open the store at {path}: {err}") from None


def _nt(quad: Quad) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object} ."


def replace_graphs(store: Store, graphs: dict[str, list[Quad]]) -> None:
    """Swap each named graph for its new content in one transaction: a reader, or a build
    that is interrupted, sees either the old graphs or the new ones, never a mix.

    When none of the graphs is in the store yet (every article of a first build), there is
    nothing to drop, and the quads go in with Store.extend, itself one transaction, instead of
    as the text of a SPARQL update: writing that text and parsing it back cost the build most
    of its store time (bench/build.py, load_vs_bulk). Graphs with no quads are absent either way."""
    if not graphs:
        return
    if _all_new(store, graphs):
        store.extend(q for quads in graphs.values() for q in quads)
        return
    _drop_and_insert(store, graphs)


def _all_new(store: Store, names: Iterable[str]) -> bool:
    return not any(store.contains_named_graph(NamedNode(g)) for g in names)


def _drop_and_insert(store: Store, graphs: dict[str, list[Quad]]) -> None:
    parts = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
    for g, quads in graphs.items():
        if quads:
            body = "\n".join(_nt(q) for q in quads)
            parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{body}\n}} }}")
    store.update(" ;\n".join(parts))


def replace_graphs_nquads(store: Store, names: list[str], data: bytes, last: bytes = b"") -> None:
    """replace_graphs for graphs given as N-Quads (`names`: every graph that `data` and `last` may
    hold), without a Python object for each quad.

    New graphs are bulk-loaded (Store.bulk_load writes sorted files straight into the store: half
    the CPU of a transactional load, which a build shares with its spaCy workers), then `last` in
    a transaction of its own. A bulk load is not atomic, so `last` is what says a graph is
    complete: the build gives each article's content hash there, and an article cut off by an
    interrupted load has none, so the next build writes it again. Graphs that exist are dropped
    and written in one transaction, as replace_graphs does."""
    if not names:
        return
    if _all_new(store, names):
        if data:
            store.bulk_load(data, format=RdfFormat.N_QUADS)
        if last:
            store.load(last, format=RdfFormat.N_QUADS)
        return
    graphs: dict[str, list[Quad]] = {name: [] for name in names}
    for quad in parse(data + last, format=RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name.value, []).append(quad)
    _drop_and_insert(store, graphs)


def select(store: Store, query: str, **bindings: object) -> list[dict[str, object]]:
    """Rows of a SELECT over the union of all graphs, as {variable: python value}; a binding
    given a list of terms asks for each of them.

    Bindings go in as a VALUES block at the top of the WHERE clause rather than as pyoxigraph
    substitutions: Oxigraph plans a query around a VALUES block (a place's key found by its
    index first), while substitutions are joined in only after the rest of the query has run over
    the whole store, which made the control queries a hundred times slower on a large graph."""
    if bindings:
        query = with_values(query, {name: [str(_term(v)) for v in value] if isinstance(value, list | tuple)
                                    else str(_term(value)) for name, value in bindings.items()})
    results = store.query(query, use_default_graph_as_union=True)
    if not isinstance(results, QuerySolutions):
        raise TypeError("select() takes a SELECT query")
    names = [var.value for var in results.variables]
    rows = []
    for solution in results:
        rows.append({name: _value(solution[name]) for name in names})
    return rows


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(query: str, values: dict[str, str | list[str]], comment: str = "") -> str:
    """The query with a VALUES block (terms written in SPARQL syntax) at the top of its WHERE: one
    row, or one row per combination where a variable is given a list of terms."""
    where = _WHERE.search(query)
    if where is None or not values:
        return query
    names = " ".join(f"?{name}" for name in values)
    rows = product(*(value if isinstance(value, list) else [value] for value in values.values()))
    line = f"\n  {comment}VALUES ({names}) {{ {' '.join('(' + ' '.join(row) + ')' for row in rows)} }}"
    return query[: where.end()] + line + query[where.end():]


def _term(value: object):
    from pyoxigraph import Literal

    if isinstance(value, (NamedNode, Literal)):
        return value
    return Literal(str(value))


def _value(term) -> object:
    if term is None:
        return None
    value = getattr(term, "value", None)
    return value if value is not None else str(term)


@cache
def named_query(name: str) -> str:
    """The text of an example query kept in queries/ (name without .rq); read once a process,
    as /api/control asks for three of them on every request."""
    path = queries_dir() / f"{name}.rq"
    return path.read_text(encoding="utf-8")


def is_true(value: object) -> bool:
    """An xsd:boolean as a row of `select` holds it (its lexical form), or unbound: false."""
    return str(value).lower() in ("true", "1")


def iso_day(value: object) -> dt.date | None:
    """The day a stored date value names (an xsd:date, or the day of an xsd:dateTime), or None
    when it is absent or not a day ("2024-02", a month, is none)."""
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def stored_base(store: Store) -> str | None:
    """The base the store's data IRIs were minted under (`frontline build --base-iri`), as its
    builds recorded it; None for a store no build recorded one in."""
    rows = select(store, "PREFIX fl: <https://frontline-kg.org/ontology#> "
                         "SELECT DISTINCT ?base WHERE { ?build a fl:Build ; fl:baseIri ?base } ORDER BY ?base")
    return str(rows[0]["base"]) if rows else None


def article_hashes(store: Store) -> dict[str, str]:
    rows = select(store, named_query("article-hashes"))
    return {str(r["id"]): str(r["hash"]) for r in rows}


# what XML 1.0 cannot carry at all, not even as a character reference: C0 controls other than
# tab, line feed and carriage return, and U+FFFE, U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NOT_XML_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
NOT_XML_MESSAGE = ("holds characters that XML 1.0 cannot carry (control characters, which a write put in "
                   "the graph); ask for another format (JSON, CSV, Turtle, N-Triples), which carries them")


def dump(store: Store, fmt: str, out: BinaryIO) -> None:
    """Write the whole graph. Turtle, N-Triples and RDF/XML hold the union of all graphs as
    plain triples (provenance is in the triples themselves); TriG and N-Quads keep one named
    graph per article; JSON-LD keeps the graphs too."""
    rdf_format = formats.by_name(fmt).rdf
    if rdf_format.supports_datasets:
        store.dump(out, format=rdf_format, prefixes=v.PREFIXES)
        return
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    serialize(_distinct(triples, xml=rdf_format == RdfFormat.RDF_XML), out, format=rdf_format, prefixes=v.PREFIXES)


def dump_parts(store: Store, parts: int, folder: Path) -> list[Path]:
    """The whole graph as `parts` N-Quads files (part-0001.nq, ...) that bulk loaders take in
    parallel, each named graph whole in one of them (chosen by a digest of its name, so the same
    graph goes to the same part in every dump). The files are written beside and renamed into
    place when all are complete: an interrupted dump leaves none."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [folder / f"part-{i + 1:04d}.nq" for i in range(parts)]
    partial = [path.with_name(path.name + ".part") for path in names]
    handles = [path.open("wb") for path in partial]
    try:
        graphs: list = [DefaultGraph(), *sorted(store.named_graphs(), key=lambda g: g.value)]
        for graph in graphs:
            label = graph.value if isinstance(graph, NamedNode) else ""
            part = int.from_bytes(hashlib.sha256(label.encode()).digest()[:8], "big") % parts
            serialize(store.quads_for_pattern(None, None, None, graph), handles[part], format=RdfFormat.N_QUADS)
    except BaseException:
        for handle in handles:
            handle.close()
        for path in partial:
            path.unlink(missing_ok=True)
        raise
    for handle in handles:
        handle.close()
    for path, final in zip(partial, names, strict=True):
        path.replace(final)
    return names


def _distinct(triples: Iterable, xml: bool = False) -> Iterable:
    seen: set[str] = set()
    for triple in triples:
        key = str(triple)
        if key in seen:
            continue
        seen.add(key)
        if xml and isinstance(triple.object, Literal) and _NOT_XML.search(triple.object.value):
            raise ValueError(f"the graph {NOT_XML_MESSAGE}: {triple.subject}")
        yield triple


def count_quads(store: Store) -> int:
    return len(store)

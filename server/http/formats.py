"""The result formats the endpoint speaks, in one registry, and the choice among them.

A client says what it wants in two ways: the HTTP ``Accept`` header (the SPARQL 1.1 Protocol's
way) and a ``format`` parameter (what SPARQLWrapper, browsers' download links and many other
endpoints use, with values such as ``json``, ``turtle`` or a media type). Both are resolved
here, against the kind of result the query produces: solutions and booleans (SELECT, ASK) or
triples (CONSTRUCT, DESCRIBE). The same word can mean different formats for the two kinds:
``xml`` is SPARQL XML results for a SELECT and RDF/XML for a CONSTRUCT, as SPARQLWrapper expects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from pyoxigraph import QueryResultsFormat, RdfFormat
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.graph.formats import RDF_FORMATS, NamedFormat

RESULTS = "results"  # SELECT and ASK
GRAPH = "graph"  # CONSTRUCT and DESCRIBE


@dataclass(frozen=True)
class Format:
    kind: str
    media_type: str
    oxigraph: QueryResultsFormat | RdfFormat
    names: tuple[str, ...]  # values of the `format` parameter that choose it
    aliases: tuple[str, ...] = ()  # other media types clients send for it
    text: bool = False  # a text/* type, which gets an explicit charset

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type


def _graph_format(fmt: NamedFormat, names: tuple[str, ...] = (), aliases: tuple[str, ...] = ()) -> Format:
    """A format of kg.graph.formats, the one registry of RDF formats, as the endpoint offers it."""
    return Format(GRAPH, fmt.media_type, fmt.rdf, (fmt.name, *fmt.names, *names), (*fmt.aliases, *aliases),
                  text=fmt.media_type.startswith("text/"))


# CONSTRUCT answers are triples: the registry's formats of triples, and JSON-LD (which can hold
# both), not TriG or N-Quads; with the further
# `format=` words SPARQLWrapper and other clients send ("xml" is RDF/XML here, "json" JSON-LD)
_CONSTRUCT_WORDS = {"turtle": ("n3",), "ntriples": ("n-triples",), "rdfxml": ("rdf+xml", "xml"), "jsonld": ("json",)}
_CONSTRUCT_TYPES = {"jsonld": ("application/x-json+ld",)}

# The first format of each kind is the default, when the client says nothing or */*.
FORMATS: tuple[Format, ...] = (
    Format(RESULTS, "application/sparql-results+json", QueryResultsFormat.JSON, ("json", "srj"), ("application/json",)),
    Format(RESULTS, "application/sparql-results+xml", QueryResultsFormat.XML, ("xml", "srx")),
    Format(RESULTS, "text/csv", QueryResultsFormat.CSV, ("csv",), text=True),
    Format(RESULTS, "text/tab-separated-values", QueryResultsFormat.TSV, ("tsv",), text=True),
    *(_graph_format(f, _CONSTRUCT_WORDS.get(f.name, ()), _CONSTRUCT_TYPES.get(f.name, ()))
      for f in RDF_FORMATS if not f.datasets or f.rdf == RdfFormat.JSON_LD),
)


@cache
def of_kind(kind: str) -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.kind == kind)


def _by_param(kind: str, value: str) -> Format | None:
    value = value.strip().lower()
    for fmt in of_kind(kind):
        if value in fmt.names or value == fmt.media_type or value in fmt.aliases:
            return fmt
    return None


def negotiate(kind: str, accept: str | None, format_params: Iterable[str] = ()) -> Format | None:
    """The format to answer in, or None when nothing the client accepts fits (HTTP 406).

    A `format` parameter wins over the Accept header, because it is the more deliberate of the
    two (a link or a script asked for it by name). SPARQLWrapper repeats it with a name and a
    media type, so the first one that fits this kind of result is taken."""
    params = [p for p in format_params if p.strip()]
    if params:
        for value in params:
            fmt = _by_param(kind, value)
            if fmt is not None:
                return fmt
        return None
    return _best_match(of_kind(kind), accept)


@lru_cache(maxsize=256)
def _best_match(candidates: tuple[Format, ...], accept: str | None) -> Format | None:
    """The candidate an Accept header prefers (media types before aliases; the first candidate when
    there is no header), or None. Kept for the last few hundred headers: clients send the same
    one with every request, and reading it is a good part of a small query's time in the web
    worker (parse_accept_header and best_match, ~20 us, twice a request)."""
    if not accept or not accept.strip():
        return candidates[0]
    offered: dict[str, Format] = {}
    for fmt in candidates:
        offered.setdefault(fmt.media_type, fmt)
    for fmt in candidates:
        for alias in fmt.aliases:
            offered.setdefault(alias, fmt)
    best = parse_accept_header(accept, MIMEAccept).best_match(list(offered))
    return offered[best] if best else None


def acceptable_for_some_kind(accept: str | None, format_params: Iterable[str] = ()) -> bool:
    """Whether any kind of result could be sent: checked before a query runs, so that a request
    nobody can answer is refused without doing the work."""
    params = list(format_params)
    return any(negotiate(kind, accept, params) is not None for kind in (RESULTS, GRAPH))


def describe(kind: str) -> str:
    """The media types of a kind, for a 406 message."""
    return ", ".join(f.media_type for f in of_kind(kind))


# --- the Graph Store Protocol ------------------------------------------------------------------

# What /store sends (by Accept) and takes (by Content-Type): every format of the registry; the
# first is the default.
STORE_FORMATS: tuple[Format, ...] = tuple(_graph_format(f) for f in RDF_FORMATS)


def negotiate_store(accept: str | None) -> Format | None:
    """The format to send a graph in, or None (HTTP 406)."""
    return _best_match(STORE_FORMATS, accept)


def store_upload_format(media_type: str) -> Format | None:
    """The format of an upload by its media type (without parameters), or None (HTTP 415)."""
    media_type = media_type.strip().lower()
    for fmt in STORE_FORMATS:
        if media_type == fmt.media_type or media_type in fmt.aliases:
            return fmt
    return None


def describe_store() -> str:
    return ", ".join(f.media_type for f in STORE_FORMATS)


# --- descriptions of the graph's own resources (server/views/resources.py) --------------------

HTML = "text/html"


def negotiate_description(accept: str | None, format_params: Iterable[str] = ()) -> Format | str | None:
    """HTML (the string HTML) for a browser, an RDF format for a client, or None (HTTP 406). A
    client that says nothing, or */*, gets Turtle, the first of the graph formats; a browser asks
    for text/html by name. `format=html` or a format's name chooses as it does on /sparql."""
    params = [p.strip().lower() for p in format_params if p.strip()]
    if params:
        if params[0] in ("html", HTML):
            return HTML
        return _by_param(GRAPH, params[0])
    if not accept or not accept.strip():
        return of_kind(GRAPH)[0]
    offered: dict[str, Format | str] = {}
    for fmt in of_kind(GRAPH):
        offered.setdefault(fmt.media_type, fmt)
    offered.setdefault(HTML, HTML)
    offered.setdefault("application/xhtml+xml", HTML)
    for fmt in of_kind(GRAPH):
        for alias in fmt.aliases:
            offered.setdefault(alias, fmt)
    best = parse_accept_header(accept, MIMEAccept).best_match(list(offered))
    return offered[best] if best else None

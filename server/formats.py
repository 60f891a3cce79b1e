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


# The first format of each kind is the default, when the client says nothing or */*.
FORMATS: tuple[Format, ...] = (
    Format(RESULTS, "application/sparql-results+json", QueryResultsFormat.JSON, ("json", "srj"), ("application/json",)),
    Format(RESULTS, "application/sparql-results+xml", QueryResultsFormat.XML, ("xml", "srx")),
    Format(RESULTS, "text/csv", QueryResultsFormat.CSV, ("csv",), text=True),
    Format(RESULTS, "text/tab-separated-values", QueryResultsFormat.TSV, ("tsv",), text=True),
    Format(GRAPH, "text/turtle", RdfFormat.TURTLE, ("turtle", "ttl", "n3"), ("application/x-turtle", "application/turtle"),
           text=True),
    Format(GRAPH, "application/n-triples", RdfFormat.N_TRIPLES, ("ntriples", "nt", "n-triples")),
    Format(GRAPH, "application/rdf+xml", RdfFormat.RDF_XML, ("rdfxml", "rdf", "rdf+xml", "xml")),
    Format(GRAPH, "application/ld+json", RdfFormat.JSON_LD, ("jsonld", "json-ld", "json"),
           ("application/json", "application/x-json+ld")),
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

# What /store sends (by Accept) and takes (by Content-Type); the first is the default.
STORE_FORMATS: tuple[Format, ...] = (
    Format(GRAPH, "text/turtle", RdfFormat.TURTLE, ("turtle", "ttl"), ("application/x-turtle", "application/turtle"),
           text=True),
    Format(GRAPH, "application/n-triples", RdfFormat.N_TRIPLES, ("ntriples", "nt")),
    Format(GRAPH, "application/n-quads", RdfFormat.N_QUADS, ("nquads", "nq")),
    Format(GRAPH, "application/trig", RdfFormat.TRIG, ("trig",)),
    Format(GRAPH, "application/rdf+xml", RdfFormat.RDF_XML, ("rdfxml", "rdf")),
    Format(GRAPH, "application/ld+json", RdfFormat.JSON_LD, ("jsonld", "json-ld"), ("application/json",)),
)


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

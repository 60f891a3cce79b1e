"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol, with indirect graph identification.

``/store?graph=IRI`` is the named graph IRI, ``/store?default`` the store's own default graph
(not the union of all graphs that queries see as their default graph). GET and HEAD read a
graph in any of the six RDF formats of server/http/formats.py (by Accept); on a writable server, with
the token, PUT replaces a graph, POST adds to one (POST to /store alone makes a new graph and
says where) and DELETE removes one:

    GET/HEAD  200, 404 no such graph, 406 no acceptable format
    PUT       201 the graph is new, 204 it was replaced
    POST      201 the graph is new, 204 triples were added
    DELETE    204, 404 no such graph
    any write 400 data that does not parse, 413 too large, 415 unknown media type,
              401/403 no or a wrong token, 405 on a read-only server

An upload is read to its end in the web worker, then parsed whole and written in one
transaction by the store's writer, which has a memory cap and a time limit (a few kilobytes of
RDF/XML can take minutes to parse): a cut or broken upload writes nothing, and no reader sees
half of one.

Graphs under https://frontline-kg.org/graph/ belong to `frontline build`, which replaces them
when it rebuilds; /store does not write them, so what people put here is never overwritten by
a build (the build writes no other names).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote

from flask import Blueprint, Response, request
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, serialize
from werkzeug.http import parse_options_header

from kg.graph import vocab
from server.http import auth, formats
from server.http.protocol import ProtocolError
from server.processes.writer_process import DELETE, POST, PUT, Write
from server.state import State, get_state
from server.views.sparql import read_body, write_response

bp = Blueprint("graphstore", __name__)

BUILD_GRAPHS = vocab.GRAPH  # https://frontline-kg.org/graph/ : every graph `frontline build` writes is under it
READ_METHODS = ("GET", "HEAD")
_IMPLICIT_DATATYPES = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
                       "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"}
ALL_METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS")


@dataclass(frozen=True)
class Target:
    graph: str | None  # None: the default graph
    new: bool = False  # POST to the graph store itself: a graph with a fresh name


# an internal DTD subset that declares entities: expansion before any size check could see it
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _target(method: str) -> Target:
    try:
        params = parse_qsl(request.query_string.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "The query string is not valid UTF-8.") from None
    graphs = [value for name, value in params if name == "graph"]
    default = any(name == "default" for name, _ in params)
    if len(graphs) > 1:
        raise ProtocolError(400, f"One graph per request; this one names {len(graphs)}.")
    if graphs and default:
        raise ProtocolError(400, "Either ?graph=IRI or ?default, not both.")
    if graphs:
        try:
            NamedNode(graphs[0])
        except ValueError:
            raise ProtocolError(400, f"graph must be an absolute IRI, not {graphs[0]!r}.") from None
        return Target(graphs[0])
    if default:
        return Target(None)
    if method == "POST":
        return Target(f"urn:uuid:{uuid.uuid4()}", new=True)
    raise ProtocolError(400, "Say which graph: /store?graph=IRI for a named graph, or /store?default for the "
                             "default graph.")


def _location(graph: str) -> str:
    return f"{request.url_root.rstrip('/')}/store?graph={quote(graph, safe='')}"


def _name(target: Target) -> str:
    return "the default graph" if target.graph is None else f"<{target.graph}>"


@bp.route("/store", methods=list(ALL_METHODS))
def graph_store() -> Response:
    state = get_state()
    if request.method == "OPTIONS":
        allowed = ALL_METHODS if state.writable else ("GET", "HEAD", "OPTIONS")
        return Response(status=204, headers={"Allow": ", ".join(allowed)})
    if request.method not in READ_METHODS and not state.writable:
        raise ProtocolError(405, f"{request.method} is not allowed: this server is read-only (start it with "
                          "`frontline serve --writable` to write).", {"Allow": "GET, HEAD, OPTIONS"})
    target = _target(request.method)
    if request.method in READ_METHODS:
        return _read(state, target)
    auth.require_writer(state.token)
    if target.graph is not None and target.graph.startswith(BUILD_GRAPHS):
        raise ProtocolError(403, f"<{target.graph}> is one of the graphs `frontline build` writes and replaces; /store does "
                          f"not change them. Put your own data in a graph outside {BUILD_GRAPHS}.")
    if request.method == "DELETE":
        return write_response(state.commit(Write(DELETE, graph=target.graph)))
    return _upload(state, target)


def _read(state: State, target: Target) -> Response:
    fmt = formats.negotiate_store(request.headers.get("Accept"))
    if fmt is None:
        raise ProtocolError(406, f"A graph can be sent as {formats.describe_store()}; the request accepts none of them.",
                            {"Vary": "Accept"})
    graph = DefaultGraph() if target.graph is None else NamedNode(target.graph)
    with state.reading() as store:
        if target.graph is not None and not store.contains_named_graph(graph):
            raise ProtocolError(404, f"There is no graph <{target.graph}> in the store.")
        quads = list(store.quads_for_pattern(None, None, None, graph))
    items = quads if fmt.oxigraph.supports_datasets else [quad.triple for quad in quads]
    body = serialize(items, format=fmt.oxigraph, prefixes=_used_prefixes(quads))
    response = Response(body, status=200, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


def _iris(term) -> Iterator[str]:
    if isinstance(term, NamedNode):
        yield term.value
    elif isinstance(term, Literal):
        if term.datatype.value not in _IMPLICIT_DATATYPES:
            yield term.datatype.value
    elif isinstance(term, Triple):
        for part in (term.subject, term.predicate, term.object):
            yield from _iris(part)


def _used_prefixes(quads: list[Quad]) -> dict[str, str]:
    """The project's prefixes that the graph uses, for Turtle and TriG that read well."""
    namespaces = {iri.rsplit("#", 1)[0] for quad in quads for term in (quad.subject, quad.predicate, quad.object)
                  for iri in _iris(term)}
    return {prefix: namespace for prefix, namespace in vocab.PREFIXES.items()
            if any(iri.startswith(namespace.rstrip("#")) for iri in namespaces)}


def _upload(state: State, target: Target) -> Response:
    request.max_content_length = state.limits.max_upload
    mimetype, options = parse_options_header(request.headers.get("Content-Type") or "")
    fmt = formats.store_upload_format(mimetype) if mimetype else None
    if fmt is None:
        sent = f"Content-Type {mimetype}" if mimetype else "no Content-Type"
        raise ProtocolError(415, f"The request has {sent}; /store takes {formats.describe_store()}.")
    charset = options.get("charset")
    if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"The body must be UTF-8, not {charset}.")
    body = read_body()
    if fmt.oxigraph == RdfFormat.RDF_XML and ENTITY_DECLARATION.search(body):
        raise ProtocolError(400, "The RDF/XML declares entities in a DTD, which can expand a few bytes into gigabytes "
                          "(\"billion laughs\"); such uploads are refused. Write the text out in full. Nothing was written.")
    base = target.graph if target.graph is not None else request.base_url
    # parsed by the writer, under its memory cap and time limit, not here
    reply = state.commit(Write(PUT if request.method == "PUT" else POST, graph=target.graph, base_iri=base, body=body,
                              media_type=fmt.oxigraph.media_type, max_size=state.limits.max_upload))
    location = _location(target.graph) if target.graph is not None else None
    if target.new and reply.status in (201, 204):
        reply.status, reply.message = 201, f"Created the graph <{target.graph}>."
    elif reply.status == 201:
        reply.message = f"Created the graph {_name(target)}."
    return write_response(reply, location)

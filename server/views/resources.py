"""Linked data that resolves: every IRI the graph mints under its base
(https://frontline-kg.org/id/...) is answered at the same path on this server (/id/...), as
Pubby and Fuseki's resource pages do: an HTML description for a browser, Turtle, JSON-LD or any
other RDF format of the registry for a client, by content negotiation (or `?format=`).

A description is what SPARQL's DESCRIBE gives for the IRI over the union of the graphs (its
own triples, and its blank nodes' in turn), and, on the HTML page, up to MAX_INBOUND triples
that point at it. Links to the graph's other IRIs stay on this server.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, render_template, request
from pyoxigraph import Literal, NamedNode, serialize

from kg.graph import vocab as v
from server.http import formats
from server.http.protocol import ProtocolError
from server.state import get_state
from server.views.pages import PAGE_POLICY

bp = Blueprint("resources", __name__)

_PATH = re.compile(r"[A-Za-z0-9._~%:/-]{1,400}")
MAX_INBOUND = 200
PLAIN = "http://www.w3.org/2001/XMLSchema#string"  # a literal's type not worth showing


def local(iri: str) -> str | None:
    """This server's path for one of the graph's own IRIs, else None."""
    return "/id/" + iri[len(v.ID):] if iri.startswith(v.ID) else None


def _short(iri: str) -> str:
    """An IRI in the prefixes the project's queries use (vocab.PREFIXES), the data's own kept whole."""
    for prefix, long in v.PREFIXES.items():
        if prefix != "flid" and iri.startswith(long):
            return f"{prefix}:{iri[len(long):]}"
    return iri


def _term(term) -> dict:
    if isinstance(term, NamedNode):
        return {"text": _short(term.value), "href": local(term.value) or term.value, "iri": term.value}
    if isinstance(term, Literal):
        typed = term.datatype is not None and term.datatype.value != PLAIN and not term.language
        return {"text": term.value, "lang": term.language, "type": _short(term.datatype.value) if typed else None}
    return {"text": str(term)}


@bp.get("/id/<path:path>")
def describe(path: str):
    if not _PATH.fullmatch(path):
        raise ProtocolError(404, "no such resource in the graph")
    iri = v.ID + path
    wanted = formats.negotiate_description(request.headers.get("Accept"), request.args.getlist("format"))
    if wanted is None:
        raise ProtocolError(406, f"a resource is described as HTML or as {formats.describe(formats.GRAPH)}")
    with get_state().reading() as store:
        own = sorted(set(store.query(f"DESCRIBE <{iri}>", use_default_graph_as_union=True)), key=str)
        inbound = [] if wanted != formats.HTML else sorted(set(store.query(
            f"CONSTRUCT {{ ?s ?p <{iri}> }} WHERE {{ ?s ?p <{iri}> }} LIMIT {MAX_INBOUND}",
            use_default_graph_as_union=True)), key=str)
    if not own and not inbound:
        raise ProtocolError(404, f"the graph says nothing of <{iri}>")
    if wanted == formats.HTML:
        rows = [(_term(t.predicate), _term(t.object)) for t in own if t.subject == NamedNode(iri)]
        pointing = [(_term(t.subject), _term(t.predicate)) for t in inbound]
        place_id = path.removeprefix("place/") if path.startswith("place/") and "/" not in path[6:] else None
        html = render_template("resource.html", iri=iri, rows=rows, inbound=pointing, more=len(inbound) >= MAX_INBOUND,
                               place_id=place_id)
        return html, 200, {"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff", "Vary": "Accept"}
    body = serialize(own, format=wanted.oxigraph)
    return Response(body, content_type=wanted.content_type, headers={"Vary": "Accept"})

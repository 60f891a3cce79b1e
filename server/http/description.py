"""The SPARQL 1.1 Service Description the endpoint returns to a GET without a query.

It tells a client, in RDF, what this service is: where its endpoint is, that it speaks SPARQL
1.1 Query (and SPARQL 1.1 Update only when the server is writable), which result formats it
writes, that its default graph is the union of the named graphs (sd:UnionDefaultGraph), which
matters for how queries must be written, and where its Graph Store Protocol endpoint is. The
service description vocabulary has no term for the Graph Store Protocol, so that endpoint is
given as an sd:feature of the service: a resource, /store itself, that dct:conformsTo the
protocol's specification and says in its description which methods it takes.
"""

from __future__ import annotations

import io

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize

from server.http import formats

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT_TITLE = NamedNode("http://purl.org/dc/terms/title")
DCT_DESCRIPTION = NamedNode("http://purl.org/dc/terms/description")
DCT_CONFORMS_TO = NamedNode("http://purl.org/dc/terms/conformsTo")
GRAPH_STORE_PROTOCOL = NamedNode("http://www.w3.org/TR/sparql11-http-rdf-update/")


# pyoxigraph names JSON-LD by its 1.1 IRI; the W3C formats namespace has the stable one.
_FORMAT_IRIS = {"https://www.w3.org/ns/formats/data/JSON-LD": "http://www.w3.org/ns/formats/JSON-LD"}


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def triples(endpoint: str, limits_text: str, writable: bool = False, graph_store: str | None = None) -> list[Triple]:
    service = NamedNode(endpoint)
    dataset, default_graph = BlankNode(), BlankNode()
    if writable:
        what = ("SPARQL 1.1 Query, and SPARQL 1.1 Update for clients that send the server's bearer token "
                "(Authorization: Bearer TOKEN),")
    else:
        what = "Read-only SPARQL 1.1 Query"
    out = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), NamedNode(endpoint)),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, DCT_TITLE, Literal("Frontline KG SPARQL endpoint")),
        Triple(service, DCT_DESCRIPTION, Literal(
            f"{what} over operations, statements and control periods extracted from war "
            f"reporting, each with its evidence. The default graph is the union of all named graphs. {limits_text}")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    if writable:
        out += [
            Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")),
            Triple(service, _sd("feature"), _sd("EmptyGraphs")),
        ]
    if graph_store:
        store = NamedNode(graph_store)
        methods = ("GET and HEAD read a graph; PUT, POST and DELETE write one with the header Authorization: Bearer "
                   "TOKEN" if writable else "GET and HEAD read a graph; this server is read-only")
        out += [
            Triple(service, _sd("feature"), store),
            Triple(store, RDF_TYPE, _sd("Feature")),
            Triple(store, DCT_CONFORMS_TO, GRAPH_STORE_PROTOCOL),
            Triple(store, DCT_TITLE, Literal("Frontline KG Graph Store Protocol endpoint")),
            Triple(store, DCT_DESCRIPTION, Literal(
                f"SPARQL 1.1 Graph Store HTTP Protocol: {graph_store}?graph=IRI or {graph_store}?default (the store's "
                f"own default graph). {methods}.")),
        ]
    for fmt in formats.FORMATS:
        out.append(Triple(service, _sd("resultFormat"), NamedNode(_FORMAT_IRIS.get(fmt.oxigraph.iri, fmt.oxigraph.iri))))
    return out


def serialize_description(endpoint: str, limits_text: str, fmt: formats.Format, writable: bool = False,
                          graph_store: str | None = None) -> bytes:
    out = io.BytesIO()
    serialize(triples(endpoint, limits_text, writable, graph_store), out, format=fmt.oxigraph,
              prefixes={"sd": SD, "dct": "http://purl.org/dc/terms/"})
    return out.getvalue()


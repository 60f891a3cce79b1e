"""The SPARQL 1.1 Service Description the endpoint returns to a GET without a query.

It tells a client, in RDF, what this service is: where its endpoint is, that it speaks SPARQL
1.1 Query (and no Update), which result formats it writes, and that its default graph is the
union of the named graphs (sd:UnionDefaultGraph), which matters for how queries must be written.
"""

from __future__ import annotations

import io

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize

from server import formats

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT_TITLE = NamedNode("http://purl.org/dc/terms/title")
DCT_DESCRIPTION = NamedNode("http://purl.org/dc/terms/description")


# pyoxigraph names JSON-LD by its 1.1 IRI; the W3C formats namespace has the stable one.
_FORMAT_IRIS = {"https://www.w3.org/ns/formats/data/JSON-LD": "http://www.w3.org/ns/formats/JSON-LD"}


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def triples(endpoint: str, limits_text: str) -> list[Triple]:
    service = NamedNode(endpoint)
    dataset, default_graph = BlankNode(), BlankNode()
    out = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), NamedNode(endpoint)),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, DCT_TITLE, Literal("Frontline KG SPARQL endpoint")),
        Triple(service, DCT_DESCRIPTION, Literal(
            "Read-only SPARQL 1.1 Query over operations, statements and control periods extracted from war "
            f"reporting, each with its evidence. The default graph is the union of all named graphs. {limits_text}")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    for fmt in formats.FORMATS:
        out.append(Triple(service, _sd("resultFormat"), NamedNode(_FORMAT_IRIS.get(fmt.oxigraph.iri, fmt.oxigraph.iri))))
    return out


def serialize_description(endpoint: str, limits_text: str, fmt: formats.Format) -> bytes:
    out = io.BytesIO()
    serialize(triples(endpoint, limits_text), out, format=fmt.oxigraph,
              prefixes={"sd": SD, "dct": "http://purl.org/dc/terms/"})
    return out.getvalue()


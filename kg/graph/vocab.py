"""The IRIs the graph is made of, in one place, so that the RDF layer, the queries and the
ontology agree on every name."""

from __future__ import annotations

import hashlib
import re
import unicodedata

BASE = "https://frontline-kg.org/"
FL = BASE + "ontology#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
WGS84 = "http://www.w3.org/2003/01/geo/wgs84_pos#"
GN = "https://www.geonames.org/ontology#"
GEONAMES_ID = "https://sws.geonames.org/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "fl": FL, "flid": ID, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS,
    "prov": PROV, "time": TIME, "dct": DCT, "schema": SCHEMA, "geo": WGS84, "gn": GN,
}

# Named graphs that are not an article's own.
ONTOLOGY_GRAPH = GRAPH + "ontology"
CONTROL_GRAPH = GRAPH + "derived/control"  # before per-place graphs, all places' periods in one (a build replaces it)
CONTROL_GRAPHS = CONTROL_GRAPH + "/"  # one graph a place: its control periods and name keys
DERIVED_GRAPHS = GRAPH + "derived/"
INCIDENT_GRAPHS = GRAPH + "derived/incidents/"  # one graph a place: a build recomputes the places it touched
INFERRED_GRAPH = GRAPH + "inferred"
ONTOLOGY_CLOSURE_GRAPH = INFERRED_GRAPH + "/ontology"  # the ontology's OWL 2 RL closure, kept while it is unchanged
BUILD_GRAPH = GRAPH + "build"

OPERATION_CLASSES = {
    "assault": "Assault", "capture": "Capture", "withdrawal": "Withdrawal", "advance": "Advance",
    "encirclement": "Encirclement", "shelling": "Shelling", "offensive": "Offensive",
}
SIDES = {"Ukraine": FL + "Ukraine", "Russia": FL + "Russia"}
OUTCOMES = {"success": FL + "Success", "failed": FL + "Failed", "ongoing": FL + "Ongoing"}
PRECISIONS = {"day": TIME + "unitDay", "month": TIME + "unitMonth", "year": TIME + "unitYear"}


def slug(text: str) -> str:
    """An IRI-safe, readable local name: ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "x"


def article_key(doc: str) -> str:
    """The local name of everything an article's graph holds: its readable slug, and, when the
    slug is not the id itself, a short hash of the exact id, so that two ids with the same slug
    ("Report-1" and "report 1", "null" and "NULL", two names in other scripts) never share a
    graph: one would be merged into the other, then lost when either is rebuilt."""
    readable = slug(doc)
    if readable == doc:
        return readable
    return f"{readable}-{hashlib.sha256(doc.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


ARTICLE_GRAPHS = GRAPH + "article/"
INFERRED_ARTICLE_GRAPHS = INFERRED_GRAPH + "/article/"


def article_graph(doc: str) -> str:
    return f"{ARTICLE_GRAPHS}{article_key(doc)}"


def inferred_graph(doc: str) -> str:
    """Where what the ontology's hierarchy adds to an article's graph goes (kg/graph/inference.py)."""
    return f"{INFERRED_ARTICLE_GRAPHS}{article_key(doc)}"


def article_iri(doc: str) -> str:
    return f"{ID}article/{article_key(doc)}"


def incident_graph(place: str) -> str:
    """The graph of one place's incidents (place: the place's IRI)."""
    return INCIDENT_GRAPHS + slug(place.rsplit("/", 1)[-1])


def control_graph(place: str) -> str:
    """The graph of one place's control periods and name keys (place: the place's IRI)."""
    return CONTROL_GRAPHS + slug(place.rsplit("/", 1)[-1])


def inferred_beside(graph: str) -> str:
    """The graph of what the ontology's hierarchy adds to a derived graph, written with it."""
    return INFERRED_GRAPH + "/" + graph.removeprefix(GRAPH)

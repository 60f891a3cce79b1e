"""The IRIs the graph is made of, in one place, so that the RDF layer, the queries and the
ontology agree on every name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

BASE = "https://frontline-kg.org/"
FL = BASE + "ontology#"
ID = BASE + "id/"  # the data's IRIs; `use_base` moves them under a deployment's own domain
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


def use_base(base: str) -> None:
    """Mint the data's IRIs (places, operations, statements, articles...) under `base` + "id/",
    so that a deployment at its own domain serves IRIs that resolve there (`frontline build
    --base-iri`). The ontology's terms and the names of the graphs keep the project's own base:
    they name the vocabulary and the build's bookkeeping, not the data. Read at call time by
    everything that mints an IRI (`v.ID`), so set it before a build starts."""
    global ID
    ID = base + "id/"
    PREFIXES["flid"] = ID


_BASE_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`#?]+/")


def checked_base(base: str) -> str:
    """A base for the data's IRIs as given to --base-iri, ending in "/"; a ValueError saying why
    when it is not an http(s) address."""
    base = base.strip()
    if not base.endswith("/"):
        base += "/"
    if not _BASE_IRI.fullmatch(base):
        raise ValueError(f"--base-iri must be an http(s) address such as https://kg.example.org/, not {base!r}")
    return base


@contextmanager
def minted_under(base: str) -> Iterator[None]:
    """`use_base(base)` for the length of a block, then the base before it again."""
    before = ID.removesuffix("id/")
    use_base(base)
    try:
        yield
    finally:
        use_base(before)


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

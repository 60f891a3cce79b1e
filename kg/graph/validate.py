"""SHACL validation of what a build writes, and `frontline validate` of a whole store.

pyshacl reads the data through oxrdflib, from a small in-memory Oxigraph store that holds the
graphs being checked merged into one (a set of triples: a place told in two articles is one
place, as the union of the graphs is). Each build checks the batches of articles it writes, so the
cost follows the articles added, not the store's size; `frontline validate` checks a whole store
the same way, batch after batch, and the ontology's own consistency under OWL 2 RL. The subclass
hierarchy comes from the inferred graphs the build wrote beside each article graph, so no RDFS
inference runs here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from kg.graph import vocab as v
from kg.resources import ontology_path

BATCH = 256  # article graphs checked together: pyshacl's fixed cost a call is shared by many


@lru_cache(maxsize=1)
def _shapes():
    import rdflib

    return rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")


def _one_graph(quads: Iterable[Quad]):
    """The quads as one rdflib graph over an in-memory Oxigraph store, through oxrdflib."""
    import rdflib
    from oxrdflib import OxigraphStore

    memory = Store()
    memory.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)
    size = len(memory)

    class OneGraphStore(OxigraphStore):
        # oxrdflib counts a graph with a SPARQL COUNT(DISTINCT) query, and pyshacl asks for the
        # size in every result it makes: seconds over a batch. This store holds one graph that
        # nothing changes while it is checked, so its size is counted once.
        def __len__(self, context=None) -> int:
            return size

    return rdflib.Graph(store=OneGraphStore(store=memory), identifier=rdflib.graph.DATASET_DEFAULT_GRAPH_ID)


def conformance(quads: Iterable[Quad]) -> list[str]:
    """The violations of the shapes by these quads, taken as one graph: one line each."""
    import pyshacl
    import rdflib

    conforms, report, _ = pyshacl.validate(_one_graph(quads), shacl_graph=_shapes(), inference="none",
                                           allow_warnings=True)
    if conforms:
        return []
    sh = rdflib.Namespace(v.SH)
    problems = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        if report.value(result, sh.resultSeverity) not in (None, sh.Violation):
            continue
        path = report.value(result, sh.resultPath)
        problems.append(f"{report.value(result, sh.focusNode)} {path or ''}: {report.value(result, sh.resultMessage)}")
    return sorted(set(problems))


def nquads_conformance(data: bytes) -> list[str]:
    """The violations of the shapes by a batch of graphs given as N-Quads (as the build writes them)."""
    return conformance(parse(data, format=RdfFormat.N_QUADS))


def _groups(store: Store) -> Iterator[list[NamedNode]]:
    """The store's graphs in batches: each article graph with the graph of what the ontology adds
    to it, BATCH articles together, then every other graph (builds, control periods, ontology)."""
    names = {g.value for g in store.named_graphs() if isinstance(g, NamedNode)}
    articles = sorted(g for g in names if g.startswith(v.ARTICLE_GRAPHS))
    beside = {g: v.INFERRED_ARTICLE_GRAPHS + g.removeprefix(v.ARTICLE_GRAPHS) for g in articles}
    for start in range(0, len(articles), BATCH):
        batch = articles[start:start + BATCH]
        yield [NamedNode(g) for g in batch + [beside[a] for a in batch if beside[a] in names]]
    rest = sorted(names - set(articles) - set(beside.values()))
    if rest:
        yield [NamedNode(g) for g in rest]


def check(store: Store, progress=lambda done, total: None) -> list[str]:
    """Every graph of the store against the shapes, and the ontology's own consistency."""
    import owlrl
    import rdflib

    problems: list[str] = []
    groups = list(_groups(store))
    for done, group in enumerate(groups):
        problems += conformance(q for graph in group for q in store.quads_for_pattern(None, None, None, graph))
        progress(done + 1, len(groups))
    closure = rdflib.Graph().parse(ontology_path("frontline.ttl"), format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    for node in closure.subjects(rdflib.RDF.type, rdflib.OWL.Nothing):
        problems.append(f"{node}: the ontology makes this an instance of owl:Nothing (inconsistent)")
    return sorted(set(problems))

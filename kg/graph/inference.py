"""The ontology's class and property hierarchy applied to the data (OWL 2 RL cax-sco, prp-spo1,
with cax-eqc and prp-eqp for equivalences), one graph at a time.

Each article's consequences are computed with its quads, in the process that extracted them,
and go into a graph of their own that is replaced with the article's. Done once for the whole
store as a SPARQL update, the same rules took longer than extracting the articles (22 s on a
million quads) and had to be redone on every build, however few articles changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg.graph import vocab as v
from kg.resources import ontology_path

TYPE = NamedNode(v.RDF + "type")
# what every resource is: stating it of each adds nothing but quads
TRIVIAL = {v.OWL + "Thing", v.RDFS + "Resource"}


@dataclass(frozen=True)
class Hierarchy:
    superclasses: dict[str, frozenset[NamedNode]]
    superproperties: dict[str, frozenset[NamedNode]]


@cache
def hierarchy() -> Hierarchy:
    """Every class's and property's ancestors in the ontology, transitively."""
    up: dict[str, dict[str, set[str]]] = {"class": defaultdict(set), "property": defaultdict(set)}
    relations = {v.RDFS + "subClassOf": ("class", False), v.OWL + "equivalentClass": ("class", True),
                 v.RDFS + "subPropertyOf": ("property", False), v.OWL + "equivalentProperty": ("property", True)}
    with ontology_path("frontline.ttl").open("rb") as handle:
        for triple in parse(handle, format=RdfFormat.TURTLE):
            relation = relations.get(triple.predicate.value)
            if relation is None or not isinstance(triple.subject, NamedNode) or not isinstance(triple.object, NamedNode):
                continue
            kind, both_ways = relation
            up[kind][triple.subject.value].add(triple.object.value)
            if both_ways:
                up[kind][triple.object.value].add(triple.subject.value)
    return Hierarchy(_closure(up["class"], TRIVIAL), _closure(up["property"], set()))


def _closure(up: dict[str, set[str]], leave_out: set[str]) -> dict[str, frozenset[NamedNode]]:
    closed = {}
    for start in list(up):
        seen: set[str] = set()
        todo = list(up[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(up.get(node, ()))
        seen.discard(start)
        closed[start] = frozenset(NamedNode(n) for n in sorted(seen - leave_out))
    return closed


def inferred_quads(quads: list[Quad], graph: NamedNode) -> list[Quad]:
    """What the hierarchy adds to these quads and they do not already say, into `graph`."""
    h = hierarchy()
    types: dict = defaultdict(set)  # what the quads already say each subject is
    for q in quads:
        if q.predicate == TYPE:
            types[q.subject].add(q.object)
    out: dict[tuple, Quad] = {}
    for subject, classes in types.items():
        for c in classes:
            if isinstance(c, NamedNode):
                for cls in h.superclasses.get(c.value, ()):
                    if cls not in classes:
                        out.setdefault((subject, TYPE, cls), Quad(subject, TYPE, cls, graph))
    stated = [q for q in quads if q.predicate != TYPE and q.predicate.value in h.superproperties]
    if stated:
        targets = {p.value for q in stated for p in h.superproperties[q.predicate.value]}
        asserted = {(q.subject, q.predicate, q.object) for q in quads if q.predicate.value in targets}
        for q in stated:
            for prop in h.superproperties[q.predicate.value]:
                triple = (q.subject, prop, q.object)
                if triple not in asserted:
                    out.setdefault(triple, Quad(q.subject, prop, q.object, graph))
    return list(out.values())

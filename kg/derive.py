"""The graphs the build derives from the article graphs: the ontology itself, control periods
per place, and the inferences of the ontology's class and property hierarchy."""

from __future__ import annotations

import datetime as dt

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse

from kg import store as kgstore
from kg import vocab as v
from kg.rdf import A, fl
from kg.resources import ontology_path
from kg.timeline import Operation, Period, derive

# The OWL 2 RL rules that carry the hierarchy to the data (cax-sco, prp-spo1), applied by
# the store itself: owlrl on a large graph in rdflib would take hours.
DATA_RULES = f"""INSERT {{ GRAPH <{v.INFERRED_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{
    {{ GRAPH ?g {{ ?s a ?c }} GRAPH ?t {{ ?c <{v.RDFS}subClassOf>+ ?o }} BIND(<{v.RDF}type> AS ?p) }}
    UNION
    {{ GRAPH ?g {{ ?s ?q ?o }} GRAPH ?t {{ ?q <{v.RDFS}subPropertyOf>+ ?p }} }}
    FILTER(isIRI(?o) || ?p != <{v.RDF}type>)
    FILTER(isIRI(?p) && ?g != <{v.INFERRED_GRAPH}>)
    FILTER NOT EXISTS {{ GRAPH ?any {{ ?s ?p ?o }} }}
  }}
}}"""


def ontology_quads() -> list[Quad]:
    g = NamedNode(v.ONTOLOGY_GRAPH)
    with ontology_path("frontline.ttl").open("rb") as handle:
        return [Quad(t.subject, t.predicate, t.object, g) for t in parse(handle, format=RdfFormat.TURTLE)]


def ontology_closure() -> list[Quad]:
    """The OWL 2 RL closure of the ontology (owlrl), minus what the ontology already says."""
    import owlrl
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ontology_path("frontline.ttl"), format="turtle")
    before = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    g = NamedNode(v.INFERRED_GRAPH)
    out = []
    for s, p, o in set(graph) - before:
        if isinstance(s, rdflib.BNode) or isinstance(o, rdflib.BNode):
            continue
        if isinstance(s, rdflib.Literal):
            continue
        obj = NamedNode(str(o)) if isinstance(o, rdflib.URIRef) else Literal(
            str(o), language=o.language) if o.language else Literal(str(o), datatype=NamedNode(str(o.datatype))) \
            if o.datatype else Literal(str(o))
        out.append(Quad(NamedNode(str(s)), NamedNode(str(p)), obj, g))
    return out


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def operations(store: Store) -> list[Operation]:
    rows = kgstore.select(store, kgstore.named_query("timeline-operations"))
    return [Operation(iri=str(r["op"]), place=str(r["place"]), type=str(r["type"]), side=r["side"] or None,
                      earliest=_date(r["earliest"]), latest=_date(r["latest"]), reported=_date(r["reported"]),
                      outcome=r["outcome"], disputed=str(r["disputed"]) == "true") for r in rows]


def period_quads(periods: list[Period]) -> list[Quad]:
    g = NamedNode(v.CONTROL_GRAPH)
    out = []
    xsd_date = NamedNode(v.XSD + "date")
    for i, period in enumerate(periods):
        node = NamedNode(f"{v.ID}control/{v.slug(period.place.rsplit('/', 1)[-1])}/{i + 1}")
        out += [Quad(node, A, fl("ControlPeriod"), g),
                Quad(node, fl("controlledPlace"), NamedNode(period.place), g),
                Quad(node, fl("controller"), NamedNode(v.SIDES[period.controller]), g),
                Quad(node, fl("status"), fl("Held" if period.status == "held" else "Contested"), g)]
        if period.start:
            out.append(Quad(node, fl("startDate"), Literal(period.start.isoformat(), datatype=xsd_date), g))
        if period.since:
            out.append(Quad(node, fl("since"), Literal(period.since), g))
        if period.end:
            out.append(Quad(node, fl("endDate"), Literal(period.end.isoformat(), datatype=xsd_date), g))
        for op in period.rests_on:
            out.append(Quad(node, fl("restsOn"), NamedNode(op), g))
    return out


def rebuild(store: Store) -> int:
    """Recompute every derived graph from the article graphs; returns the number of periods."""
    kgstore.replace_graphs(store, {v.ONTOLOGY_GRAPH: ontology_quads()})
    periods = derive(operations(store))
    kgstore.replace_graphs(store, {v.CONTROL_GRAPH: period_quads(periods)})
    inferred = ontology_closure()
    kgstore.replace_graphs(store, {v.INFERRED_GRAPH: inferred})
    store.update(DATA_RULES)
    return len(periods)

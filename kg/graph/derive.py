"""The graphs the build derives from the article graphs: the ontology itself, control periods
per place with the name keys places are looked up by, and the inferences of the ontology's
class and property hierarchy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse

from kg.graph import store as kgstore
from kg.graph import vocab as v
from kg.graph.inference import inferred_quads
from kg.graph.rdf import A, fl
from kg.graph.timeline import Operation, Period, derive
from kg.names import key
from kg.resources import ontology_path


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


@dataclass
class PlaceNames:
    label: str | None = None
    keys: set[str] = field(default_factory=set)


def place_names(store: Store) -> dict[str, PlaceNames]:
    """Each place's label and name keys, from every spelling the graphs give it.

    Read quad by quad rather than with SPARQL: every article graph repeats the places it
    mentions, and a query joining places to their labels joins every copy with every copy (two
    minutes on a million quads, against half a second here)."""
    names: dict[str, PlaceNames] = {}
    places = {q.subject for q in store.quads_for_pattern(None, A, fl("Place"), None)}
    label, alternate = NamedNode(v.RDFS + "label"), NamedNode(v.SKOS + "altLabel")
    for place in sorted(places, key=str):
        entry = names[place.value] = PlaceNames()
        labels = {q.object.value for q in store.quads_for_pattern(place, label, None, None)}
        alternates = {q.object.value for q in store.quads_for_pattern(place, alternate, None, None)}
        entry.label = min(labels) if labels else None
        entry.keys = {key(name) for name in labels | alternates}
    return names


def name_key_quads(names: dict[str, PlaceNames]) -> list[Quad]:
    """fl:nameKey, once a place and key, in a derived graph rather than in each article graph: a
    place that fifty articles describe would otherwise answer a lookup by its key fifty times
    over (the union of the graphs is a bag), and every query that starts from a name would do
    fifty times the work."""
    g = NamedNode(v.CONTROL_GRAPH)
    return [Quad(NamedNode(place), fl("nameKey"), Literal(k), g)
            for place, entry in names.items() for k in sorted(entry.keys) if k]


def period_quads(periods: list[Period], names: dict[str, PlaceNames]) -> list[Quad]:
    g = NamedNode(v.CONTROL_GRAPH)
    out = []
    xsd_date = NamedNode(v.XSD + "date")
    for i, period in enumerate(periods):
        node = NamedNode(f"{v.ID}control/{v.slug(period.place.rsplit('/', 1)[-1])}/{i + 1}")
        label = names[period.place].label if period.place in names else None
        if label:
            out.append(Quad(node, fl("placeName"), Literal(label), g))
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
    names = place_names(store)
    kgstore.replace_graphs(store, {v.CONTROL_GRAPH: period_quads(periods, names) + name_key_quads(names)})
    kgstore.replace_graphs(store, {v.INFERRED_GRAPH: ontology_closure() + _inferred_elsewhere(store)})
    return len(periods)


def _inferred_elsewhere(store: Store) -> list[Quad]:
    """The hierarchy applied to the graphs that have no inferred graph of their own: the derived
    ones, the builds', and any a client wrote (an article's is written with it, kg/workers.py).
    The inferred graphs of articles no longer in the store go."""
    names = {g.value for g in store.named_graphs()}
    articles = {name.removeprefix(v.ARTICLE_GRAPHS) for name in names if name.startswith(v.ARTICLE_GRAPHS)}
    inferred = {name.removeprefix(v.INFERRED_ARTICLE_GRAPHS) for name in names if name.startswith(v.INFERRED_ARTICLE_GRAPHS)}
    for doc in sorted(inferred - articles):
        store.remove_graph(NamedNode(v.inferred_graph(doc)))
    target = NamedNode(v.INFERRED_GRAPH)
    out: list[Quad] = []
    for name in sorted(names):
        if name.startswith(v.INFERRED_GRAPH) or name.removeprefix(v.ARTICLE_GRAPHS) in inferred:
            continue
        out += inferred_quads(list(store.quads_for_pattern(None, None, None, NamedNode(name))), target)
    return out

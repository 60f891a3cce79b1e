"""The graphs the build derives from the article graphs: the ontology itself, control periods
per place with the name keys places are looked up by, and the inferences of the ontology's
class and property hierarchy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse

from kg.graph import store as kgstore
from kg.graph import vocab as v
from kg.graph.incidents import Incident, Remark, Report, denials_of, group
from kg.graph.inference import inferred_quads
from kg.graph.rdf import A, fl
from kg.graph.timeline import Operation, Period, derive
from kg.names import key
from kg.resources import ontology_path


def ontology_quads() -> list[Quad]:
    g = NamedNode(v.ONTOLOGY_GRAPH)
    with ontology_path("frontline.ttl").open("rb") as handle:
        return [Quad(t.subject, t.predicate, t.object, g) for t in parse(handle, format=RdfFormat.TURTLE)]


def _ontology_digest() -> str:
    return "sha256:" + hashlib.sha256(ontology_path("frontline.ttl").read_bytes()).hexdigest()


def ontology_closure() -> list[Quad]:
    """The OWL 2 RL closure of the ontology (owlrl), minus what the ontology already says: about
    two seconds, so a build computes it only when the ontology it writes is not the one the store
    holds (kg/graph/derive.rebuild)."""
    import owlrl
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ontology_path("frontline.ttl"), format="turtle")
    before = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    g = NamedNode(v.ONTOLOGY_CLOSURE_GRAPH)
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


def operations(store: Store, places: set[str] | None = None) -> list[Operation]:
    """The operations and holdings that bear on control, of every place (listed in one pass over
    the store) or of `places` (looked up from each place), each once."""
    if places is None:
        rows = kgstore.select(store, kgstore.named_query("timeline-operations"))
    elif not places:
        return []
    else:
        rows = kgstore.select(store, kgstore.named_query("timeline-place-operations"),
                              place=[NamedNode(p) for p in sorted(places)])
    found: dict[tuple[str, str], Operation] = {}
    for r in rows:
        op = Operation(iri=str(r["op"]), place=str(r["place"]), type=str(r["type"]), side=r["side"] or None,
                       earliest=kgstore.iso_day(r["earliest"]), latest=kgstore.iso_day(r["latest"]),
                       reported=kgstore.iso_day(r["reported"]),
                       outcome=r["outcome"], disputed=kgstore.is_true(r["disputed"]),
                       incident=str(r["incident"]) if r["incident"] else None,
                       sources=int(str(r["sources"])) if r["sources"] is not None else 1,
                       near=kgstore.is_true(r["near"]), in_part=kgstore.is_true(r["inPart"]),
                       relief=kgstore.is_true(r["relief"]))
        kept = found.setdefault((op.iri, op.place), op)
        kept.disputed = kept.disputed or op.disputed  # a row for each statement that disputes it
    return list(found.values())


@dataclass
class PlaceNames:
    label: str | None = None
    keys: set[str] = field(default_factory=set)


def place_names(store: Store, only: set[str] | None = None) -> dict[str, PlaceNames]:
    """Each place's label and name keys (of every place, or of `only`), from every spelling the
    graphs give it.

    Read quad by quad rather than with SPARQL: every article graph repeats the places it
    mentions, and a query joining places to their labels joins every copy with every copy (two
    minutes on a million quads, against half a second here)."""
    names: dict[str, PlaceNames] = {}
    if only is None:
        places = {q.subject for q in store.quads_for_pattern(None, A, fl("Place"), None)}
    else:
        places = {NamedNode(p) for p in only
                  if next(store.quads_for_pattern(NamedNode(p), A, fl("Place"), None), None) is not None}
    label, alternate = NamedNode(v.RDFS + "label"), NamedNode(v.SKOS + "altLabel")
    for place in sorted(places, key=str):
        entry = names[place.value] = PlaceNames()
        labels = {q.object.value for q in store.quads_for_pattern(place, label, None, None)}
        alternates = {q.object.value for q in store.quads_for_pattern(place, alternate, None, None)}
        entry.label = min(labels) if labels else None
        entry.keys = {key(name) for name in labels | alternates}
    return names


def name_key_quads(place: str, entry: PlaceNames) -> list[Quad]:
    """fl:nameKey, once a place and key, in a derived graph rather than in each article graph: a
    place that fifty articles describe would otherwise answer a lookup by its key fifty times
    over (the union of the graphs is a bag), and every query that starts from a name would do
    fifty times the work."""
    g = NamedNode(v.control_graph(place))
    return [Quad(NamedNode(place), fl("nameKey"), Literal(k), g) for k in sorted(entry.keys) if k]


def period_quads(place: str, periods: list[Period], names: dict[str, PlaceNames]) -> list[Quad]:
    """One place's control periods, in the place's own control graph."""
    g = NamedNode(v.control_graph(place))
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


def rebuild(store: Store, touched: set[str] | None = None) -> int:
    """Recompute the derived graphs of the places touched, each place's in graphs of its own (its
    incidents, then its control periods and name keys, each with what the hierarchy adds to
    it): an update costs what it adds, not what the store holds. Every place is recomputed when
    `touched` is None, and when the store was derived before places had graphs of their own.
    Returns the number of control periods in the store."""
    names_now = {g.value for g in store.named_graphs()}
    closure, digest = NamedNode(v.ONTOLOGY_CLOSURE_GRAPH), Literal(_ontology_digest())
    version = NamedNode(v.OWL + "versionInfo")  # of the closure graph: the digest of the ontology it closes
    if not list(store.quads_for_pattern(closure, version, digest, closure)):  # the ontology changed
        kgstore.replace_graphs(store, {v.ONTOLOGY_GRAPH: ontology_quads(), v.ONTOLOGY_CLOSURE_GRAPH:
                                       ontology_closure() + [Quad(closure, version, digest, closure)]})
    whole = (touched is None or v.CONTROL_GRAPH in names_now
             or not any(g.startswith(v.INCIDENT_GRAPHS) for g in names_now))
    places = None if whole else touched
    if whole:
        kgstore.replace_graphs(store, {v.CONTROL_GRAPH: [], v.inferred_beside(v.CONTROL_GRAPH): []})
    written = rebuild_incidents(store, places)  # first: control weighs incidents
    written.update(_control_graphs(store, places))
    kgstore.replace_graphs(store, {v.inferred_beside(name): inferred_quads(quads, NamedNode(v.inferred_beside(name)))
                                   for name, quads in written.items()})
    kgstore.replace_graphs(store, {v.INFERRED_GRAPH: _inferred_elsewhere(store)})
    return sum(1 for _ in store.quads_for_pattern(None, A, fl("ControlPeriod"), None))


def _control_graphs(store: Store, places: set[str] | None) -> dict[str, list[Quad]]:
    """The control periods and name keys of these places (every place when None), a graph each."""
    if places is None:
        existing = {g.value for g in store.named_graphs() if g.value.startswith(v.CONTROL_GRAPHS)}
    else:
        existing = {v.control_graph(p) for p in places}
    by_place: dict[str, list[Period]] = {}
    for period in derive(operations(store, places)):
        by_place.setdefault(period.place, []).append(period)
    names = place_names(store, places)
    graphs: dict[str, list[Quad]] = {name: [] for name in existing}
    for place in sorted(set(names) | set(by_place)):
        quads = period_quads(place, by_place.get(place, []), names)
        if place in names:
            quads += name_key_quads(place, names[place])
        graphs[v.control_graph(place)] = quads
    kgstore.replace_graphs(store, graphs)
    return graphs


def _inferred_elsewhere(store: Store) -> list[Quad]:
    """The hierarchy applied to the graphs that have no inferred graph of their own: the builds'
    and any a client wrote (an article's is written with it, kg/workers.py; a derived graph's
    beside it, by rebuild).
    The inferred graphs of articles no longer in the store go."""
    names = {g.value for g in store.named_graphs()}
    articles = {name.removeprefix(v.ARTICLE_GRAPHS) for name in names if name.startswith(v.ARTICLE_GRAPHS)}
    inferred = {name.removeprefix(v.INFERRED_ARTICLE_GRAPHS) for name in names if name.startswith(v.INFERRED_ARTICLE_GRAPHS)}
    for doc in sorted(inferred - articles):
        store.remove_graph(NamedNode(v.inferred_graph(doc)))
    target = NamedNode(v.INFERRED_GRAPH)
    out: list[Quad] = []
    for name in sorted(names):
        if name.startswith((v.INFERRED_GRAPH, v.DERIVED_GRAPHS)) or name.removeprefix(v.ARTICLE_GRAPHS) in inferred:
            continue  # articles' and derived graphs' inferences are written beside them
        out += inferred_quads(list(store.quads_for_pattern(None, None, None, NamedNode(name))), target)
    return out


def _report(row: dict) -> Report:
    return Report(op=str(row["op"]), place=str(row["place"]), place_name=str(row["placeName"]), type=str(row["type"]),
                  side=row["side"] or None, earliest=kgstore.iso_day(row["earliest"]), latest=kgstore.iso_day(row["latest"]),
                  precision=row["precision"] or None, doc=str(row["doc"]), outlet=row["outlet"] or None,
                  wire=row["wire"] or None, sketch=row["sketch"] or None, title=row["title"] or None,
                  url=row["url"] or None, published=kgstore.iso_day(row["published"]))


def incident_quads(place: str, found: list[Incident], label: str | None = None) -> list[Quad]:
    """One place's incidents; `label` is the place's name in the gazetteer's spelling when it has
    one (else the first report's)."""
    g = NamedNode(v.incident_graph(place))
    xsd = v.XSD
    out: list[Quad] = []
    for incident in found:
        node = NamedNode(f"{v.ID}incident/{v.slug(place.rsplit('/', 1)[-1])}/{incident.iri_key}")
        out += [Quad(node, A, fl("Incident"), g),
                Quad(node, fl("place"), NamedNode(place), g),
                Quad(node, fl("placeName"), Literal(label or incident.first.place_name), g),
                Quad(node, fl("operationType"), Literal(incident.type), g),
                Quad(node, fl("reportCount"), Literal(str(len(incident.docs)), datatype=NamedNode(xsd + "integer")), g),
                Quad(node, fl("sourceCount"), Literal(str(incident.source_count), datatype=NamedNode(xsd + "integer")), g),
                Quad(node, fl("confidence"), Literal(f"{incident.confidence:.2f}", datatype=NamedNode(xsd + "decimal")), g)]
        if incident.side:
            out.append(Quad(node, fl("side"), NamedNode(v.SIDES[incident.side]), g))
        if incident.earliest and incident.latest:
            out += [Quad(node, fl("earliest"), Literal(incident.earliest.isoformat(), datatype=NamedNode(xsd + "date")), g),
                    Quad(node, fl("latest"), Literal(incident.latest.isoformat(), datatype=NamedNode(xsd + "date")), g)]
        out += [Quad(NamedNode(r.op), fl("reportsIncident"), node, g) for r in incident.reports]
        out += [Quad(node, fl("sourceName"), Literal(name), g) for name in incident.source_names()]
        out += [Quad(node, fl("supportedBy"), NamedNode(st), g) for st in incident.supported_by]
        out += [Quad(node, fl("disputedBy"), NamedNode(st), g) for st in incident.disputed_by]
    return out


def places_in(store: Store, graphs: list[str]) -> set[str]:
    """The places these graphs describe (their spellings make the places' name keys) or put
    operations at."""
    found = set()
    for g in graphs:
        graph = NamedNode(g)
        found |= {q.subject.value for q in store.quads_for_pattern(None, A, fl("Place"), graph)
                  if isinstance(q.subject, NamedNode)}
        found |= {q.object.value for q in store.quads_for_pattern(None, fl("place"), None, graph)
                  if isinstance(q.object, NamedNode)}
    return found


def rebuild_incidents(store: Store, places: set[str] | None = None) -> dict[str, list[Quad]]:
    """Group the operations of these places (every place when None) into incidents, each place's
    in a graph of its own that replaces the one before; returns the graphs written.
    A build passes the places its articles touched, so its cost follows the articles it adds."""
    if places is None:
        existing = {g.value for g in store.named_graphs() if g.value.startswith(v.INCIDENT_GRAPHS)}
        rows = kgstore.select(store, kgstore.named_query("incident-operations"))
    else:
        existing = {v.incident_graph(p) for p in places}
        rows = kgstore.select(store, kgstore.named_query("incident-operations"),
                              place=[NamedNode(p) for p in sorted(places)]) if places else []
    by_place: dict[str, list[Report]] = {}
    for row in rows:
        by_place.setdefault(str(row["place"]), []).append(_report(row))
    claims: dict[str, list[tuple[str, str]]] = {}
    ops = [NamedNode(r.op) for reports in by_place.values() for r in reports]
    for start in range(0, len(ops), 500):
        for row in kgstore.select(store, kgstore.named_query("operation-claims"), op=ops[start:start + 500]):
            claims.setdefault(str(row["op"]), []).append((str(row["stance"]), str(row["statement"])))
    remarks: dict[str, list[Remark]] = {}
    places_asked = [NamedNode(p) for p in sorted(by_place)]
    for start in range(0, len(places_asked), 500):
        for row in kgstore.select(store, kgstore.named_query("statements-about-places"),
                                  place=places_asked[start:start + 500]):
            remarks.setdefault(str(row["place"]), []).append(Remark(
                str(row["statement"]), str(row["kind"]), kgstore.is_true(row["denies"]),
                kgstore.iso_day(row["earliest"] or row["published"])))
    graphs: dict[str, list[Quad]] = {name: [] for name in existing}
    for place, reports in sorted(by_place.items()):
        found = group(reports)
        for incident in found:
            stances = {stance_and_statement for r in incident.reports for stance_and_statement in claims.get(r.op, [])}
            incident.supported_by = sorted(st for stance, st in stances if stance == "supports")
            # a denial in its own article, or in any other that names the place and the kind
            incident.disputed_by = sorted({st for stance, st in stances if stance == "disputes"}
                                          | set(denials_of(incident, remarks.get(place, []))))
        labels = {q.object.value for q in store.quads_for_pattern(NamedNode(place), NamedNode(v.RDFS + "label"), None, None)}
        graphs[v.incident_graph(place)] = incident_quads(place, found, min(labels) if labels else None)
    kgstore.replace_graphs(store, graphs)
    return graphs

"""Facts -> quads: one named graph per article holding everything that article says, with
provenance on every Operation and Statement (the words, their offsets, the build).

Each article graph is self-contained (its places, forces and speakers included), so that
replacing an article replaces exactly what it said and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from kg.facts import ArticleFacts, Event, Evidence, FuzzyDate, PlaceRef
from kg.graph import vocab as v

A = NamedNode(v.RDF + "type")
LABEL = NamedNode(v.RDFS + "label")
CONTENT_HASH = NamedNode(v.FL + "contentHash")  # an article's fingerprint: the build skips articles it has seen


def fl(name: str) -> NamedNode:
    return NamedNode(v.FL + name)


def _s(text: str) -> Literal:
    return Literal(text)


def _typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=NamedNode(v.XSD + datatype))


def date_literal(date: FuzzyDate) -> Literal:
    kind = {"day": "date", "month": "gYearMonth", "year": "gYear"}[date.precision]
    return _typed(date.iso, kind)


@dataclass(frozen=True)
class BuildInfo:
    iri: str
    version: str
    model: str
    started: dt.datetime
    base: str = v.BASE  # the data's IRIs are minted under base + "id/" (vocab.use_base)


def place_iri(place: PlaceRef) -> str:
    return f"{v.ID}place/{v.slug(place.node)}"


def agent_iri(name: str) -> str:
    return f"{v.ID}agent/{v.slug(name)}"


def article_description(facts: ArticleFacts, art: NamedNode, g: NamedNode) -> list[Quad]:
    """The article itself: its identifier, text and hash, where it was read from, who published
    it, and what tells copies of one story apart (kg.corpus.sources)."""
    article = facts.article
    out: list[Quad] = []

    def add(s, p, o) -> None:
        out.append(Quad(s, p, o, g))

    add(art, A, fl("Article"))
    add(art, NamedNode(v.DCT + "identifier"), _s(article.id))
    add(art, CONTENT_HASH, _s(article.content_hash))
    add(art, fl("text"), _s(article.text))
    add(art, fl("sourceFile"), _s(article.source))
    if article.title:
        add(art, NamedNode(v.DCT + "title"), _s(article.title))
    if facts.date:
        add(art, NamedNode(v.DCT + "date"), _typed(facts.date.isoformat(), "date"))
    if article.url:
        add(art, NamedNode(v.SCHEMA + "url"), _typed(article.url, "anyURI"))
    if article.outlet:
        add(art, fl("outlet"), _s(article.outlet))
    if facts.wire:
        add(art, fl("wireCredit"), _s(facts.wire))
    if facts.sketch:
        add(art, fl("textSketch"), _s(facts.sketch))
    return out


def operation_terms(event: Event) -> list[tuple[NamedNode, NamedNode | Literal]]:
    """What an operation is, as (predicate, object): its classes, place, side, outcome."""
    terms = [(A, fl("Operation")), (A, fl(v.OPERATION_CLASSES[event.type])),
             (fl("place"), NamedNode(place_iri(event.place))), (fl("placeName"), _s(event.place.name))]
    if event.side:
        terms.append((fl("side"), NamedNode(v.SIDES[event.side])))
    if event.agent:
        terms.append((NamedNode(v.RDFS + "comment"), _s(f"agent as written: {event.agent}")))
    if event.outcome:
        terms.append((fl("outcome"), NamedNode(v.OUTCOMES[event.outcome])))
    if event.near:
        terms.append((fl("nearPlace"), _typed("true", "boolean")))
    if event.relief:
        terms.append((fl("reliefInPlace"), _typed("true", "boolean")))
    return terms


def article_quads(facts: ArticleFacts, build: BuildInfo) -> list[Quad]:
    article = facts.article
    g = NamedNode(v.article_graph(article.id))
    art = NamedNode(v.article_iri(article.id))
    out: list[Quad] = []

    def add(s, p, o) -> None:
        out.append(Quad(s, p, o, g))

    out += article_description(facts, art, g)
    build_node = NamedNode(build.iri)
    add(build_node, A, fl("Build"))
    add(build_node, NamedNode(v.PROV + "used"), art)

    def evidence(subject: NamedNode, spans: list[Evidence]) -> None:
        for span in spans:
            node = NamedNode(f"{v.ID}span/{v.article_key(article.id)}/{span.begin}-{span.end}")
            add(subject, fl("evidence"), node)
            add(node, A, fl("TextSpan"))
            add(node, fl("inArticle"), art)
            add(node, fl("beginIndex"), _typed(span.begin, "integer"))
            add(node, fl("endIndex"), _typed(span.end, "integer"))
            add(node, fl("exactText"), _s(span.text))

    def when(subject: NamedNode, date: FuzzyDate | None) -> None:
        if date is None:
            return
        add(subject, fl("date"), date_literal(date))
        add(subject, fl("datePrecision"), NamedNode(v.PRECISIONS[date.precision]))
        add(subject, fl("earliest"), _typed(date.earliest.isoformat(), "date"))
        add(subject, fl("latest"), _typed(date.latest.isoformat(), "date"))

    def read(node: NamedNode, date: FuzzyDate | None, confidence: float, rules: list[str]) -> None:
        """How a fact was read: its date, its article, the build, the confidence and the rules."""
        when(node, date)
        add(node, fl("reportedIn"), art)
        add(node, fl("extractedBy"), build_node)
        add(node, fl("confidence"), _typed(Decimal(str(round(confidence, 2))), "decimal"))
        for rule in dict.fromkeys(rules):
            add(node, fl("extractionRule"), _s(rule))

    for place in facts.places.values():
        out.extend(place_quads(place, g))

    op_nodes = []
    for index, event in enumerate(facts.events):
        op = NamedNode(f"{v.ID}operation/{v.article_key(article.id)}/{index + 1}")
        op_nodes.append(op)
        for predicate, value in operation_terms(event):
            add(op, predicate, value)
        if event.place.node not in facts.places:
            out.extend(place_quads(event.place, g))
        read(op, event.date, event.confidence, event.rules)
        evidence(op, event.evidence)

    for index, holding in enumerate(facts.holdings):
        node = NamedNode(f"{v.ID}holding/{v.article_key(article.id)}/{index + 1}")
        add(node, A, fl("Holding"))
        add(node, fl("heldPlace"), NamedNode(place_iri(holding.place)))
        add(node, fl("heldBy"), NamedNode(v.SIDES[holding.side]))
        if holding.in_part:
            add(node, fl("heldInPart"), _typed("true", "boolean"))
        add(node, fl("reportedIn"), art)
        when(node, FuzzyDate.of(facts.date) if facts.date else None)
        evidence(node, holding.evidence)

    for index, statement in enumerate(facts.statements):
        st = NamedNode(f"{v.ID}statement/{v.article_key(article.id)}/{index + 1}")
        add(st, A, fl("Statement"))
        speaker = NamedNode(agent_iri(statement.speaker))
        add(st, fl("speaker"), speaker)
        add(speaker, A, fl("Person") if statement.speaker_kind == "person" else fl("Body"))
        add(speaker, LABEL, _s(statement.speaker))
        add(st, fl("speakerName"), _s(statement.speaker))
        if statement.role:
            add(st, fl("speakerRole"), _s(statement.role))
        add(st, fl("words"), _s(statement.text))
        add(st, fl("speechVerb"), _s(statement.verb))
        if statement.side:  # the speaker's side, where the words say it ("Ukraine's General Staff")
            add(st, fl("side"), NamedNode(v.SIDES[statement.side]))
        if statement.denies:
            add(st, fl("denies"), _typed("true", "boolean"))
        for place in statement.places:
            add(st, fl("aboutPlace"), NamedNode(place_iri(place)))
            if place.node not in facts.places:
                out.extend(place_quads(place, g))
        for kind in statement.kinds:
            add(st, fl("aboutKind"), _s(kind))
        add(st, fl("quoteKind"), _s(statement.quote_kind))
        read(st, statement.date, statement.confidence, statement.rules)
        for i in statement.about:
            add(st, fl("about"), op_nodes[i])
        for i in statement.supports:
            add(st, fl("supports"), op_nodes[i])
        for i in statement.disputes:
            add(st, fl("disputes"), op_nodes[i])
        evidence(st, statement.evidence)
    return out


def place_quads(place: PlaceRef, graph: NamedNode) -> list[Quad]:
    node = NamedNode(place_iri(place))
    out = [Quad(node, A, fl("Place"), graph)]
    label = place.gazetteer_name or place.name
    if place.kind == "region" and place.gazetteer_name:
        label = place.gazetteer_name
    out.append(Quad(node, LABEL, _s(label), graph))
    out.append(Quad(node, NamedNode(v.SKOS + "prefLabel"), _s(label), graph))
    if place.name != label:
        out.append(Quad(node, NamedNode(v.SKOS + "altLabel"), _s(place.name), graph))
    out.append(Quad(node, fl("featureCode"), _s(place.kind), graph))
    if place.entry is not None:
        out.extend(_gazetteer_quads(node, place.entry, graph))
    for other in place.candidate_entries:
        cnode = NamedNode(f"{v.ID}place/gn{other.geonames_id}")
        out.append(Quad(node, fl("candidate"), cnode, graph))
        out += [Quad(cnode, A, fl("Place"), graph), Quad(cnode, LABEL, _s(other.name), graph),
                Quad(cnode, fl("featureCode"), _s(other.kind), graph)]
        out.extend(_gazetteer_quads(cnode, other, graph))
    return out  # its name keys are derived once for the whole graph (kg/graph/derive.py)


def _gazetteer_quads(node: NamedNode, entry, graph: NamedNode) -> list[Quad]:
    """What GeoNames says of a place: its IRI there, coordinates, population, oblast, spellings."""
    out = []
    if entry.geonames_id:
        out.append(Quad(node, NamedNode(v.OWL + "sameAs"), NamedNode(f"{v.GEONAMES_ID}{entry.geonames_id}/"), graph))
    if entry.lat is not None:
        out.append(Quad(node, NamedNode(v.WGS84 + "lat"), _typed(Decimal(str(entry.lat)), "decimal"), graph))
        out.append(Quad(node, NamedNode(v.WGS84 + "long"), _typed(Decimal(str(entry.lon)), "decimal"), graph))
    if entry.population:
        out.append(Quad(node, fl("population"), _typed(entry.population, "integer"), graph))
    if entry.admin1:
        out.append(Quad(node, fl("admin1"), _s(entry.admin1), graph))
    out.append(Quad(node, fl("countryCode"), _s(entry.country), graph))
    for alt in entry.alternates[:12]:
        out.append(Quad(node, NamedNode(v.SKOS + "altLabel"), _s(alt), graph))
    return out

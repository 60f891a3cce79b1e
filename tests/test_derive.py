"""The graphs a build derives: name keys once a place, and the ontology's hierarchy applied to
each article in a graph replaced with it. Real builds, real Oxigraph stores."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.build import build
from kg.graph import vocab as v
from kg.graph.store import named_query, open_store, select
from kg.language.gazetteer import key

PREFIXES = "PREFIX fl: <https://frontline-kg.org/ontology#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
TWO_REPORTS = {
    "one.txt": " date 2023-01-12 Russian forces captured Konotop after weeks of fighting, the defence ministry said.",
    "two.txt": " date 2023-01-16 Ukrainian officials denied that Konotop had fallen. Russian forces shelled Konotop again.",
}


def _corpus(tmp_path, reports=TWO_REPORTS):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in reports.items():
        (corpus / name).write_text(text, "utf-8")
    return corpus


def _triples(store, graph: str) -> set[tuple]:
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, NamedNode(graph))}


def test_a_place_named_in_many_articles_has_each_name_key_once(sample_store):
    store = open_store(sample_store, read_only=True)
    rows = select(store, PREFIXES + "SELECT ?place ?key WHERE { ?place fl:nameKey ?key }")
    pairs = [(r["place"], r["key"]) for r in rows]
    assert pairs and len(pairs) == len(set(pairs))
    # and the places that several articles describe are among them
    described = select(store, PREFIXES + "SELECT ?place (COUNT(DISTINCT ?g) AS ?graphs) WHERE { "
                       "GRAPH ?g { ?place a fl:Place } } GROUP BY ?place HAVING (COUNT(DISTINCT ?g) > 1)")
    assert described
    assert {r["place"] for r in described} <= {place for place, _ in pairs}


def test_who_controlled_answers_once_whatever_the_number_of_reports(tmp_path):
    store_path = tmp_path / "store"
    build(_corpus(tmp_path), store_path)
    store = open_store(store_path, read_only=True)
    date = Literal("2023-01-20", datatype=NamedNode(v.XSD + "date"))
    rows = select(store, named_query("who-controlled"), key=key("Konotop"), date=date)
    periods = {r["period"] for r in rows}
    assert len(rows) == len(periods) == 1
    assert rows[0]["placeLabel"] == "Konotop" and rows[0]["controller"] == "Russia"


def test_each_article_has_its_hierarchy_in_a_graph_replaced_with_it(tmp_path):
    corpus = _corpus(tmp_path)
    store_path = tmp_path / "store"
    build(corpus, store_path)
    store = open_store(store_path, read_only=True)
    inferred = NamedNode(v.inferred_graph("one"))
    ask = PREFIXES + (f"SELECT ?op WHERE {{ GRAPH <{v.article_graph('one')}> {{ ?op a fl:Capture }} "
                      f"GRAPH <{inferred.value}> {{ ?op a prov:Activity }} }}")
    assert select(store, ask), "a capture is a prov:Activity in the article's inferred graph"
    # nothing the article graph already says is repeated there
    said = _triples(store, v.article_graph("one"))
    added = _triples(store, inferred.value)
    assert added and not (said & added)
    del store

    # the article changes: its inferred graph follows; the other article's is untouched
    other = _triples(open_store(store_path, read_only=True), v.inferred_graph("two"))
    (corpus / "one.txt").write_text(" date 2023-01-12 Ukrainian forces shelled Konotop, the defence ministry said.", "utf-8")
    build(corpus, store_path)
    store = open_store(store_path, read_only=True)
    assert not select(store, ask)
    assert _triples(store, v.inferred_graph("two")) == other
    del store

    # an article graph removed by hand (as a client of a writable server may): the next build
    # drops its inferred graph too
    store = open_store(store_path)
    store.remove_graph(NamedNode(v.article_graph("two")))
    del store
    (corpus / "two.txt").unlink()
    build(corpus, store_path)
    names = {g.value for g in open_store(store_path, read_only=True).named_graphs()}
    assert v.inferred_graph("one") in names and v.inferred_graph("two") not in names

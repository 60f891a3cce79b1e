"""SHACL validation: of each batch a build writes, and of a whole store (`frontline validate`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store

from kg.build import build
from kg.graph import validate

FL = "PREFIX fl: <https://frontline-kg.org/ontology#> "


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "a.txt").write_text("date: 2023-03-14\n\nRussian forces captured Krolevets on Monday, the "
                                  "governor said. \"We will take it back,\" said Oleh Marchuk, a Ukrainian "
                                  "commander.", "utf-8")
    (corpus / "b.txt").write_text("date: 2023-03-20\n\nUkrainian troops repelled an assault on Shostka "
                                  "on Sunday, the general staff said.", "utf-8")
    store = tmp_path_factory.mktemp("small") / "store"
    report = build(corpus, store)
    assert report.operations >= 2 and report.statements >= 1
    assert report.violations == [] and "conform to the shapes" in report.summary()
    return store


def _broken(small_store: Path, tmp_path: Path, update: str) -> Store:
    data = Store.read_only(str(small_store)).dump(format=RdfFormat.N_QUADS)
    store = Store(str(tmp_path / "broken"))
    store.load(data, format=RdfFormat.N_QUADS)
    store.update(FL + update)
    return store


def test_a_built_store_conforms(small_store):
    assert validate.check(Store.read_only(str(small_store))) == []


def test_the_build_batch_check_finds_a_missing_evidence(small_store):
    # the batch check reads N-Quads, as the build hands it each batch it wrote
    data = Store.read_only(str(small_store)).dump(format=RdfFormat.N_QUADS)
    assert validate.nquads_conformance(data) == []
    kept = b"\n".join(line for line in data.splitlines() if b"ontology#evidence>" not in line) + b"\n"
    problems = validate.nquads_conformance(kept)
    assert problems and all("evidence" in p for p in problems), problems


@pytest.mark.parametrize("update,message", [
    # an operation that is no kind of operation
    ("DELETE { GRAPH ?g { ?op a fl:Capture } } WHERE { GRAPH ?g { ?op a fl:Capture } }", "no operation type"),
    # a span that ends where it begins
    ("DELETE { GRAPH ?g { ?s fl:endIndex ?e } } INSERT { GRAPH ?g { ?s fl:endIndex 0 } } "
     "WHERE { GRAPH ?g { ?s fl:endIndex ?e } }", "must end after it begins"),
])
def test_the_shapes_that_were_sparql_constraints_still_hold(small_store, tmp_path, update, message):
    problems = validate.check(_broken(small_store, tmp_path, update))
    assert any(message in p for p in problems), problems


def test_a_quote_kind_is_direct_or_indirect(small_store, tmp_path):
    # read back from the store, "indirect" is "indirect"^^xsd:string: still a quote kind
    store = _broken(small_store, tmp_path, "DELETE { GRAPH ?g { ?s fl:quoteKind ?k } } "
                                           "INSERT { GRAPH ?g { ?s fl:quoteKind \"reported\" } } "
                                           "WHERE { GRAPH ?g { ?s fl:quoteKind ?k } }")
    problems = validate.check(store)
    assert problems and all("quoteKind" in p for p in problems), problems

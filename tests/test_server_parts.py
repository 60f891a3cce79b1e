"""The server's parts one by one, without HTTP: reading protocol requests, reading query text,
choosing formats, capping results, the network wall, the example queries."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
)

from kg.graph import querytext
from kg.graph.vocab import XSD
from server.http import formats
from server.http.protocol import ProtocolError
from server.http.protocol import parse as parse_request
from server.http.results import NotXml, serialize_results
from server.kept import Kept
from server.processes.executor import Job, dataset_arguments, run
from server.views import examples

# --- query text --------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "select * where { service silent <http://x/> { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:1/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 1SERVICE <http://x/> { } }",
    "SELECT * WHERE { ?s <p> ?o # comment\n SERVICE <http://x/> {} }",
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }",  # refused, as the message explains
])
def test_service_is_found_wherever_the_engine_could_see_it(query):
    assert querytext.uses_service(query)


@pytest.mark.parametrize("query", [
    "SELECT ?service WHERE { ?service ?p ?o }",
    'SELECT * WHERE { ?s ?p "the Security Service of Ukraine" }',
    "SELECT * WHERE { ?s ?p '''SERVICE <http://x/> {}''' }",
    "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    "# SERVICE <http://x/> in a comment\nSELECT * WHERE { ?s ?p ?o }",
    "PREFIX schema: <https://schema.org/> SELECT * WHERE { ?s schema:serviceType ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
])
def test_service_in_strings_iris_variables_and_local_names_is_fine(query):
    assert not querytext.uses_service(query)


@pytest.mark.parametrize("query,update", [
    ("INSERT DATA { <a:b> <a:c> <a:d> }", True),
    ("PREFIX ex: <http://ex/> BASE <http://b/> delete where { ?s ?p ?o }", True),
    ("LOAD <http://127.0.0.1:1/x>", True),
    ("# a comment\nDROP ALL", True),
    ("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("SELECT * WHERE { ?s ?p 'INSERT' }", False),
    ("PREFIX insert: <http://ex/> SELECT * WHERE { ?s insert:p ?o }", False),
    ("ASK {}", False),
])
def test_updates_are_recognised(query, update):
    assert querytext.is_update(query) is update


@pytest.mark.parametrize("query,own", [
    ("SELECT * FROM <http://ex/g> WHERE { ?s ?p ?o }", True),
    ("select * from named <http://ex/g> where { graph ?g { ?s ?p ?o } }", True),
    ("PREFIX ex: <http://ex/> SELECT * FROM ex:g WHERE { ?s ?p ?o }", True),
    ("SELECT * WHERE { ?s <http://ex/from> ?o }", False),
    ("PREFIX from: <http://ex/> SELECT * WHERE { ?s from:p ?o }", False),
    ("SELECT * WHERE { ?s ?p 'FROM <x>' }", False),
])
def test_dataset_clauses_are_recognised(query, own):
    assert querytext.has_dataset_clause(query) is own


QUERYTEXT_CHECKS = (querytext.is_update, querytext.uses_service, querytext.has_dataset_clause,
                    querytext.is_repeatable, querytext.uses_load, querytext.has_update_dataset_clause)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:p 'a string' . ?s ?q <http://ex/o> } # note",
    "SELECT * FROM <http://ex/g> WHERE { SERVICE <http://x/> { ?s ?p ?o } BIND (NOW() AS ?t) }",
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }",
    "WITH <g> DELETE { ?s ?p ?o } USING <h> WHERE { ?s ?p ?o } ; LOAD <http://x/>",
    "SELECT * WHERE { ?s ex:lo\\-ad ?o . ?s ex:ſervice ?o . ?s ?p 'ſERVICE' }",
    "SELECT * WHERE { ?s ?p ?o } # Ｓervice and İnsert, in other scripts",
] + [example.template for example in examples.load()])
def test_the_shortcut_for_texts_without_the_words_changes_no_answer(query, monkeypatch):
    quick = [check(query) for check in QUERYTEXT_CHECKS]
    monkeypatch.setattr(querytext, "_mentions", lambda text, *words: True)
    assert [check(query) for check in QUERYTEXT_CHECKS] == quick


# --- protocol ----------------------------------------------------------------------------------

FORM = "application/x-www-form-urlencoded"


def test_the_three_ways_to_send_a_query_agree():
    get = parse_request("GET", None, b"query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fex%2Fg", b"")
    form = parse_request("POST", FORM, b"", b"query=ASK+%7B%7D&default-graph-uri=http%3A%2F%2Fex%2Fg")
    direct = parse_request("POST", "application/sparql-query; charset=UTF-8", b"default-graph-uri=http%3A%2F%2Fex%2Fg",
                           b"ASK {}")
    assert get == form == direct
    assert get.query == "ASK {}" and get.default_graphs == ("http://ex/g",)


def test_get_without_a_query_asks_for_the_service_description():
    assert parse_request("GET", None, b"", b"").query is None


@pytest.mark.parametrize("method,ctype,qs,body,status", [
    ("GET", None, b"query=ASK%7B%7D&query=ASK%7B%7D", b"", 400),
    ("POST", FORM, b"query=ASK%7B%7D", b"query=ASK%7B%7D", 400),
    ("POST", "application/sparql-query", b"query=ASK%7B%7D", b"ASK {}", 400),
    ("GET", None, b"update=DROP%20ALL", b"", 400),
    ("POST", FORM, b"", b"update=DROP+ALL", 400),
    ("POST", "application/sparql-update", b"", b"DROP ALL", 400),
    ("POST", None, b"", b"ASK {}", 415),
    ("POST", "text/plain", b"", b"ASK {}", 415),
    ("POST", "application/sparql-query; charset=latin-1", b"", b"ASK {}", 415),
    ("POST", "application/sparql-query", b"", b"ASK { ?s ?p '\xff' }", 400),
    ("POST", FORM, b"", b"query=ASK%FF", 400),
    ("GET", None, b"query=ASK%FF", b"", 400),
    ("POST", FORM, b"", b"", 400),
    ("GET", None, b"query=%20%20", b"", 400),
    ("GET", None, b"query=ASK%7B%7D&default-graph-uri=not%20an%20iri", b"", 400),
    ("PUT", None, b"", b"", 405),
])
def test_protocol_errors(method, ctype, qs, body, status):
    with pytest.raises(ProtocolError) as caught:
        parse_request(method, ctype, qs, body)
    assert caught.value.status == status
    assert caught.value.message


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind,accept,params,expected", [
    (formats.RESULTS, None, (), "application/sparql-results+json"),
    (formats.RESULTS, "*/*", (), "application/sparql-results+json"),
    (formats.RESULTS, "text/csv;q=0.9, application/sparql-results+xml", (), "application/sparql-results+xml"),
    (formats.RESULTS, "application/json", (), "application/sparql-results+json"),
    (formats.RESULTS, "text/*", (), "text/csv"),
    (formats.RESULTS, "text/turtle", (), None),
    (formats.RESULTS, "text/turtle", ("tsv",), "text/tab-separated-values"),
    (formats.GRAPH, None, (), "text/turtle"),
    (formats.GRAPH, "application/rdf+xml", (), "application/rdf+xml"),
    (formats.GRAPH, None, ("xml",), "application/rdf+xml"),
    (formats.RESULTS, None, ("xml",), "application/sparql-results+xml"),
    (formats.GRAPH, None, ("json-ld", "application/ld+json"), "application/ld+json"),
    (formats.GRAPH, None, ("csv",), None),
    (formats.RESULTS, None, ("nonsense",), None),
])
def test_negotiation(kind, accept, params, expected):
    chosen = formats.negotiate(kind, accept, params)
    assert (chosen.media_type if chosen else None) == expected


# --- results -----------------------------------------------------------------------------------


def _store() -> Store:
    store = Store()
    ex = "http://ex/"
    for i in range(30):
        store.add(Quad(NamedNode(f"{ex}s{i}"), NamedNode(ex + "p"), Literal(f"v{i}", language="uk"), NamedNode(ex + "g1")))
    store.add(Quad(NamedNode(ex + "a"), NamedNode(ex + "n"), Literal("5", datatype=NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), NamedNode(ex + "g2")))
    store.add(Quad(BlankNode("b1"), NamedNode(ex + "p"), Literal("plain \"quoted\"\nline"), NamedNode(ex + "g2")))
    return store


JSON_RESULTS = formats.negotiate(formats.RESULTS, "application/sparql-results+json")


def _json_rows(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


def test_answers_are_what_pyoxigraph_writes_for_every_kind_of_term():
    """The rows go through TSV on their way to the format asked for: the answer says what
    pyoxigraph's own writer says, for every kind of term, characters that need escaping (line
    ends inside literals among them) and unbound variables."""
    ex = "http://ex/"
    values = [NamedNode(ex + "é?q=1&x=%22"), BlankNode("b0"), Literal("plain \"quoted\"\n\ttab \\ \u0001 \r ünï ✓"),
              Literal("Київ", language="uk"), Literal("2024-02-17", datatype=NamedNode(XSD + "date")),
              Literal("7", datatype=NamedNode(XSD + "integer")), Literal("line\n"), Literal("\n"),
              Triple(NamedNode(ex + "s"), NamedNode(ex + "p"), Literal("o"))]
    store = Store()
    for i, value in enumerate(values):
        store.add(Quad(NamedNode(f"{ex}s{i}"), NamedNode(ex + "p"), value))
        if i % 2:  # the others leave ?w unbound
            store.add(Quad(NamedNode(f"{ex}s{i}"), NamedNode(ex + "q"), values[i - 1]))
    query = f"SELECT ?v ?w WHERE {{ ?s <{ex}p> ?v OPTIONAL {{ ?s <{ex}q> ?w }} }} ORDER BY ?s"
    for fmt in formats.of_kind(formats.RESULTS):
        if fmt.oxigraph == QueryResultsFormat.XML:  # U+0001 is no XML 1.0 character: refused, not sent ill-formed
            with pytest.raises(NotXml):
                serialize_results(store.query(query), fmt, 100)
            continue
        body, truncated = serialize_results(store.query(query), fmt, 100)
        assert not truncated
        if fmt.oxigraph == QueryResultsFormat.JSON:
            ours = json.loads(body)
            assert ours == json.loads(store.query(query).serialize(format=QueryResultsFormat.JSON))
            assert len(ours["results"]["bindings"]) == len(values) and "w" not in ours["results"]["bindings"][0]
        elif fmt.oxigraph != QueryResultsFormat.CSV:  # CSV writes terms as plain strings
            assert body == store.query(query).serialize(format=fmt.oxigraph)


@pytest.mark.parametrize("limit", [0, 1, 2, 437, 998, 999, 1000, 1001, 5000])
def test_the_row_cap_is_exact_across_the_serializers_chunks(limit):
    """A thousand rows of literals with line ends in them, far more than one write of the
    serializer: the answer holds exactly min(limit, 1000) rows, the first ones, and says whether
    it left any out."""
    ex = "http://ex/"
    store = Store()
    for i in range(1000):
        store.add(Quad(NamedNode(f"{ex}s{i:04d}"), NamedNode(ex + "p"), Literal(f"row {i}\n" + "x\n" * (i % 7))))
    query = f"SELECT ?s ?o WHERE {{ ?s <{ex}p> ?o }} ORDER BY ?s"
    everything = _json_rows(store.query(query).serialize(format=QueryResultsFormat.JSON))
    body, truncated = serialize_results(store.query(query), JSON_RESULTS, limit)
    assert _json_rows(body) == everything[:limit]
    assert truncated == (limit < 1000)


def test_rows_without_variables_are_counted_too():
    store = Store()
    body, truncated = serialize_results(store.query("SELECT * WHERE {}"), JSON_RESULTS, 5)
    assert (_json_rows(body), truncated) == ([{}], False)
    query = "SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF UNDEF } }"
    body, truncated = serialize_results(store.query(query), JSON_RESULTS, 2)
    assert (_json_rows(body), truncated) == ([{}, {}], True)
    body, truncated = serialize_results(store.query(query), JSON_RESULTS, 3)
    assert (_json_rows(body), truncated) == ([{}, {}, {}], False)


def test_a_query_that_fails_while_its_rows_are_read_is_an_error_not_a_short_answer():
    results = Store().query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")  # fails when read
    with pytest.raises(OSError, match="port 9"):
        serialize_results(results, JSON_RESULTS, 5)


@pytest.mark.parametrize("fmt", formats.of_kind(formats.RESULTS), ids=lambda f: f.media_type)
def test_solutions_are_capped_in_every_format(fmt):
    store = _store()
    body, truncated = serialize_results(store.query("SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }"), fmt, 10)
    assert truncated
    if fmt.oxigraph == QueryResultsFormat.CSV:
        assert len(list(csv.reader(io.StringIO(body.decode(), newline="")))) == 11
    else:
        assert len(list(parse_query_results(body, format=fmt.oxigraph))) == 10
    body, truncated = serialize_results(store.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"), fmt, 32)
    assert not truncated


@pytest.mark.parametrize("fmt", formats.of_kind(formats.GRAPH), ids=lambda f: f.media_type)
def test_triples_are_capped_in_every_format(fmt):
    store = _store()
    body, truncated = serialize_results(store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"), fmt, 7)
    assert truncated
    assert len(list(parse(body, format=fmt.oxigraph))) == 7
    assert fmt.oxigraph in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.RDF_XML, RdfFormat.JSON_LD)


def test_the_default_graph_is_the_union_unless_the_query_or_request_names_one():
    store = _store()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(job: Job) -> int:
        reply = run(store, job)
        assert reply.status == 200, reply.body
        return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])

    assert n(Job(count)) == 32
    assert n(Job(count, default_graphs=("http://ex/g2",))) == 2
    from_g1 = "SELECT (COUNT(*) AS ?n) FROM <http://ex/g1> WHERE { ?s ?p ?o }"
    assert n(Job(from_g1, own_dataset=querytext.has_dataset_clause(from_g1))) == 30
    assert n(Job(from_g1, default_graphs=("http://ex/g2",), own_dataset=True)) == 2  # the protocol wins
    assert dataset_arguments(Job(count)) == {"use_default_graph_as_union": True}


def test_run_reports_parse_errors_and_unacceptable_formats():
    store = _store()
    reply = run(store, Job("SELECT * WHERE { ?s ?p }"))
    assert reply.status == 400 and b"does not parse" in reply.body
    reply = run(store, Job("CONSTRUCT WHERE { ?s ?p ?o }", accept="text/csv"))
    assert reply.status == 406


# --- the network wall --------------------------------------------------------------------------


def test_the_query_process_cannot_open_an_internet_socket():
    """In a child process: once the filter is in, an Internet socket cannot even be created,
    and pyoxigraph's SERVICE fails instead of connecting; Unix sockets still work."""
    code = textwrap.dedent("""
        import socket, sys
        from server.processes import sandbox
        from pyoxigraph import Store
        assert sandbox.forbid_network() == "seccomp", "no seccomp"
        a, b = socket.socketpair()
        a.sendall(b"x"); assert b.recv(1) == b"x"
        for family in (socket.AF_INET, socket.AF_INET6):
            try:
                socket.socket(family, socket.SOCK_STREAM)
            except PermissionError:
                pass
            else:
                sys.exit("an Internet socket was opened")
        try:
            list(Store().query("SELECT * WHERE { SERVICE <http://127.0.0.1:8080/> { ?s ?p ?o } }"))
        except PermissionError:
            print("blocked")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if "no seccomp" in done.stderr:
        pytest.skip("seccomp filters are not available here")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "blocked"


# --- example queries ---------------------------------------------------------------------------


def test_every_example_query_has_a_title_and_runs_as_shown(sample_store):
    found = examples.load()
    assert {e.name for e in found} >= {"events", "statements", "who-controlled", "control-evidence"}
    store = Store.read_only(str(sample_store))
    for example in found:
        assert example.title and example.description, example.name
        rows = list(store.query(example.text, use_default_graph_as_union=True))
        if example.params:
            assert "VALUES" in example.text
            assert rows, f"{example.name} finds nothing for its own example parameters"


# --- the app, in process -----------------------------------------------------------------------


def test_an_unexpected_error_is_logged_and_answered_without_a_trace(sample_store, caplog):
    from server import create_app

    app = create_app(sample_store, {"QUERY_TIMEOUT": 5, "MAX_ROWS": 3, "QUERY_PROCESSES": 1})
    try:
        def broken():
            raise RuntimeError("secret internals")

        app.add_url_rule("/broken", view_func=broken)
        app.add_url_rule("/api/broken", "api_broken", view_func=broken)
        client = app.test_client()
        response = client.get("/broken")
        assert response.status_code == 500
        assert b"secret" not in response.data and b"Traceback" not in response.data
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert client.get("/api/broken").get_json() == {"error": "Internal server error; the server log has the details."}
        assert "secret internals" in caplog.text
        rows = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert rows.status_code == 200 and len(rows.get_json()["results"]["bindings"]) == 3
        assert rows.headers["X-Frontline-Truncated"] == "true"
    finally:
        app.extensions["frontline"].close()


@pytest.mark.parametrize("query, repeatable", [
    ("SELECT * WHERE { ?s ?p ?o }", True),
    ('SELECT * WHERE { ?s ?p "NOW()" } # RAND()', True),
    ("SELECT * WHERE { ?s <http://example.org/rand(> ?o . ?now ?p ex:uuid }", True),
    ("SELECT (NOW() AS ?t) WHERE {}", False),
    ("SELECT * WHERE { BIND (rand ( ) AS ?r) }", False),
    ("CONSTRUCT { ?s ?p ?b } WHERE { ?s ?p ?o BIND (BNODE() AS ?b) }", False),
    ("SELECT (STRUUID() AS ?u) (UUID() AS ?v) WHERE {}", False),
])
def test_queries_that_change_every_run_are_recognised(query, repeatable):
    assert querytext.is_repeatable(query) is repeatable


def test_kept_answers_stay_within_their_budget_least_recently_used_first():
    kept = Kept(1600)
    for name in "abcd":
        kept.put(name, name.upper(), 100)
    assert kept.get("a") == "A"  # a is now the most recently used
    kept.put("big", "too large to keep", 101)  # over a sixteenth of the budget
    assert kept.get("big") is None
    for i in range(13):
        kept.put(i, i, 100)
    assert len(kept) == 16 and kept.get("b") is None and kept.get("a") == "A"
    kept.put("a", "A again", 100)
    assert kept.get("a") == "A again" and len(kept) == 16
    assert Kept(0).get("x") is None


def test_one_registry_of_rdf_formats_serves_the_cli_the_dumps_and_the_endpoint(capsys):
    """`frontline dump --format`, /dump.EXT, /store and CONSTRUCT answers take their formats from
    kg.graph.formats, so that a name, an extension or a media type means the same everywhere."""
    import re

    from kg import cli
    from kg.graph.formats import RDF_FORMATS, by_name
    from server.views.pages import DUMPS

    with pytest.raises(SystemExit):
        cli.main(["dump", "--format", "n5"])  # argparse names the choices it has
    offered = set(re.findall(r"'(\w+)'", capsys.readouterr().err.split("choose from", 1)[1]))
    assert offered == {f.name for f in RDF_FORMATS}
    assert {by_name(name).extension: name for name in DUMPS.values()} == DUMPS
    assert [f.media_type for f in formats.STORE_FORMATS] == [f.media_type for f in RDF_FORMATS]
    constructs = {f.media_type for f in formats.of_kind(formats.GRAPH)}
    assert constructs == {f.media_type for f in RDF_FORMATS if f.name in ("turtle", "ntriples", "rdfxml", "jsonld")}
    for fmt in formats.STORE_FORMATS:  # and every name the registry gives chooses that format
        assert all(by_name(n).media_type == fmt.media_type for n in fmt.names)
    with pytest.raises(ValueError, match="no RDF format is called"):
        by_name("n5")

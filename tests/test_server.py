"""The SPARQL endpoint as clients meet it: `frontline serve` started for real (granian, query
processes, the sample graph) on a free port of 127.0.0.1, and driven with raw HTTP, SPARQLWrapper,
rdflib's SPARQLStore and, when Chromium and Playwright are here, a real browser.

Every load here is bounded: a handful of requests, each with a client timeout, all on loopback.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse, parse_query_results

from kg.graph import control
from kg.graph.store import open_store
from tests.servers import Listener, Running, running_server

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 3  # the server's per-query limit in these tests, in seconds
MAX_ROWS = 500
CLIENT_TIMEOUT = 30  # no request of these tests waits longer than this
FL = "https://frontline-kg.org/ontology#"
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
OPERATIONS = f"SELECT DISTINCT ?op WHERE {{ ?op a <{FL}Operation> }} ORDER BY ?op"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_REGEX = ('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f '
              'FILTER (REGEX(CONCAT(STR(?c), STR(?f), STR(?a)), "^(.*a)+(.*b)*x$", "i")) }')


Served = Running


@pytest.fixture(scope="session")
def server(sample_store, tmp_path_factory):
    """`frontline serve` on a copy of the sample store, for the whole session."""
    home = tmp_path_factory.mktemp("served")
    store = home / "store"
    shutil.copytree(sample_store, store)
    with running_server(store, home / "server.log", "--workers", "2", "--threads", "4", "--timeout", str(TIMEOUT),
                        "--max-rows", str(MAX_ROWS)) as served:
        yield served


def _get(server: Served, query: str, **kwargs) -> requests.Response:
    return requests.get(server.sparql, params={"query": query, **kwargs.pop("params", {})}, timeout=CLIENT_TIMEOUT,
                        **kwargs)


def _post(server: Served, query: str, **kwargs) -> requests.Response:
    headers = {"Content-Type": "application/sparql-query", **kwargs.pop("headers", {})}
    return requests.post(server.sparql, data=query.encode("utf-8"), headers=headers, timeout=CLIENT_TIMEOUT, **kwargs)


def _rows(response: requests.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def _clean_error(response: requests.Response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.text)
    assert "Traceback" not in response.text and 'File "' not in response.text
    return response.text


def _count(server: Served, pattern: str, **kwargs) -> int:
    rows = _rows(_get(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", **kwargs))
    return int(rows[0]["n"]["value"])


# --- the query operation -----------------------------------------------------------------------


def test_health_counts_the_quads(server):
    response = requests.get(server.url + "/health", timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200
    health = response.json()
    assert {k: health[k] for k in ("status", "quads")} == {"status": "ok", "quads": len(Store.read_only(str(server.store)))}
    assert health["warm"] in (True, False)


def test_get_form_post_and_direct_post_give_the_same_answer(server):
    by_get = _get(server, OPERATIONS)
    by_form = requests.post(server.sparql, data={"query": OPERATIONS}, timeout=CLIENT_TIMEOUT)
    by_body = _post(server, OPERATIONS)
    assert by_get.headers["Content-Type"] == "application/sparql-results+json"
    assert _rows(by_get) == _rows(by_form) == _rows(by_body)
    assert len(_rows(by_get)) > 20
    assert by_get.headers["Access-Control-Allow-Origin"] == "*"
    assert by_get.headers["X-Frontline-Truncated"] == "false"
    assert by_get.headers["X-Frontline-Row-Limit"] == str(MAX_ROWS)


def test_the_default_graph_is_the_union_of_all_graphs(server):
    graphs = _rows(_get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert sum("/graph/article/" in row["g"]["value"] for row in graphs) >= 15
    assert _count(server, "?s ?p ?o") >= max(_count(server, f"GRAPH <{g['g']['value']}> {{ ?s ?p ?o }}") for g in graphs)


def test_default_and_named_graph_uris_choose_the_dataset(server):
    article = next(row["g"]["value"] for row in _rows(_get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
                   if "/graph/article/" in row["g"]["value"])
    in_article = _count(server, f"GRAPH <{article}> {{ ?s ?p ?o }}")
    assert 0 < in_article < _count(server, "?s ?p ?o")
    assert _count(server, "?s ?p ?o", params={"default-graph-uri": article}) == in_article
    named = _rows(_get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", params={"named-graph-uri": article}))
    assert [row["g"]["value"] for row in named] == [article]
    from_clause = _rows(_get(server, f"SELECT (COUNT(*) AS ?n) FROM <{article}> WHERE {{ ?s ?p ?o }}"))
    assert int(from_clause[0]["n"]["value"]) == in_article
    missing = _rows(_get(server, "SELECT (COUNT(*) AS ?n) FROM <https://frontline-kg.org/graph/none> WHERE { ?s ?p ?o }"))
    assert missing[0]["n"]["value"] == "0"
    _clean_error(_get(server, "ASK {}", params={"default-graph-uri": "not an IRI"}), 400)


@pytest.mark.parametrize("accept,fmt", [
    ("application/sparql-results+json", QueryResultsFormat.JSON),
    ("application/sparql-results+xml", QueryResultsFormat.XML),
    ("text/tab-separated-values", QueryResultsFormat.TSV),
])
def test_select_results_by_accept_header(server, accept, fmt):
    response = _get(server, OPERATIONS, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(accept)
    rows = list(parse_query_results(response.content, format=fmt))
    assert len(rows) == len(_rows(_get(server, OPERATIONS)))


@pytest.mark.parametrize("name,media_type", [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                             ("xml", "application/sparql-results+xml"),
                                             ("json", "application/sparql-results+json")])
def test_select_results_by_format_parameter(server, name, media_type):
    response = _get(server, OPERATIONS, params={"format": name}, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media_type


def test_csv_has_a_header_and_one_line_per_row(server):
    response = _get(server, OPERATIONS, headers={"Accept": "text/csv"})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(response.text, newline="")))
    assert lines[0] == ["op"]
    assert len(lines) - 1 == len(_rows(_get(server, OPERATIONS)))


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"])
def test_ask(server, accept):
    response = _get(server, f"ASK {{ ?op a <{FL}Operation> }}", headers={"Accept": accept})
    assert response.status_code == 200
    if accept.endswith("json"):
        assert response.json()["boolean"] is True
    else:
        assert "true" in response.text


@pytest.mark.parametrize("accept,fmt", [("text/turtle", RdfFormat.TURTLE), ("application/n-triples", RdfFormat.N_TRIPLES),
                                        ("application/rdf+xml", RdfFormat.RDF_XML),
                                        ("application/ld+json", RdfFormat.JSON_LD)])
def test_construct_and_describe_in_every_rdf_format(server, accept, fmt):
    construct = f"CONSTRUCT {{ ?op a <{FL}Operation> }} WHERE {{ ?op a <{FL}Operation> }}"
    response = _post(server, construct, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == accept
    assert len(list(parse(response.content, format=fmt))) == len(_rows(_get(server, OPERATIONS)))
    op = _rows(_get(server, OPERATIONS))[0]["op"]["value"]
    described = _post(server, f"DESCRIBE <{op}>", headers={"Accept": accept})
    assert described.status_code == 200
    assert any(str(t.subject.value) == op for t in parse(described.content, format=fmt))


def test_head_answers_like_get_without_a_body(server):
    response = requests.head(server.sparql, params={"query": "ASK {}"}, timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"


# --- the service description -------------------------------------------------------------------


def test_a_get_without_query_describes_the_service(server):
    import rdflib

    response = requests.get(server.sparql, timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert str(graph.value(service, sd.endpoint)) == server.sparql
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    formats = {str(o) for o in graph.objects(service, sd.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    as_jsonld = requests.get(server.sparql, headers={"Accept": "application/ld+json"}, timeout=CLIENT_TIMEOUT)
    assert as_jsonld.headers["Content-Type"] == "application/ld+json"
    assert len(rdflib.Graph().parse(data=as_jsonld.text, format="json-ld")) == len(graph)
    _clean_error(requests.get(server.sparql, headers={"Accept": "image/png"}, timeout=CLIENT_TIMEOUT), 406)


# --- errors ------------------------------------------------------------------------------------


def test_a_malformed_query_is_a_400_with_the_parse_error(server):
    text = _clean_error(_get(server, "SELECT * WHERE { ?s ?p }"), 400)
    assert "does not parse" in text and "1:" in text


def test_unsupported_accept_is_a_406(server):
    _clean_error(_get(server, OPERATIONS, headers={"Accept": "image/png"}), 406)
    _clean_error(_get(server, OPERATIONS, params={"format": "nonsense"}), 406)
    text = _clean_error(_post(server, "CONSTRUCT WHERE { ?s ?p ?o }", headers={"Accept": "text/csv"}), 406)
    assert "text/turtle" in text


@pytest.mark.parametrize("how", ["update-param-get", "update-param-post", "update-content-type", "update-as-query",
                                 "load-as-query"])
def test_updates_are_refused_and_change_nothing(server, how):
    before = requests.get(server.url + "/health", timeout=CLIENT_TIMEOUT).json()["quads"]
    insert = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    if how == "update-param-get":
        response = requests.get(server.sparql, params={"update": insert}, timeout=CLIENT_TIMEOUT)
    elif how == "update-param-post":
        response = requests.post(server.sparql, data={"update": insert}, timeout=CLIENT_TIMEOUT)
    elif how == "update-content-type":
        response = requests.post(server.sparql, data=insert, headers={"Content-Type": "application/sparql-update"},
                                 timeout=CLIENT_TIMEOUT)
    elif how == "update-as-query":
        response = _post(server, insert)
    else:
        response = _get(server, "LOAD <https://example.org/data.ttl>")
    assert "read-only" in _clean_error(response, 400)
    assert requests.get(server.url + "/health", timeout=CLIENT_TIMEOUT).json()["quads"] == before
    assert _count(server, "<https://example.org/a> ?p ?o") == 0


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_a_405(server, method):
    response = requests.request(method, server.sparql, data="ASK {}", timeout=CLIENT_TIMEOUT)
    _clean_error(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_two_queries_are_a_400(server):
    url = server.sparql + "?query=" + quote("ASK {}") + "&query=" + quote("ASK {}")
    assert "one query" in _clean_error(requests.get(url, timeout=CLIENT_TIMEOUT), 400)
    response = requests.post(server.sparql + "?query=" + quote("ASK {}"), data={"query": "ASK {}"}, timeout=CLIENT_TIMEOUT)
    _clean_error(response, 400)


@pytest.mark.parametrize("content_type,status", [(None, 415), ("text/plain", 415), ("application/json", 415),
                                                 ("application/sparql-query; charset=iso-8859-1", 415)])
def test_posts_need_a_query_content_type(server, content_type, status):
    request = requests.Request("POST", server.sparql, data=b"ASK {}",
                               headers={"Content-Type": content_type} if content_type else {}).prepare()
    if content_type is None:
        request.headers.pop("Content-Type", None)
    with requests.Session() as session:
        _clean_error(session.send(request, timeout=CLIENT_TIMEOUT), status)


def test_bytes_that_are_not_utf8_are_a_400(server):
    _clean_error(requests.post(server.sparql, data=b'ASK { ?s ?p "\xff\xfe" }',
                               headers={"Content-Type": "application/sparql-query"}, timeout=CLIENT_TIMEOUT), 400)
    _clean_error(requests.post(server.sparql, data=b"query=ASK%FF", headers={"Content-Type": "application/x-www-form-urlencoded"},
                               timeout=CLIENT_TIMEOUT), 400)
    _clean_error(requests.get(server.sparql + "?query=ASK%FF", timeout=CLIENT_TIMEOUT), 400)


def test_a_body_over_the_limit_is_a_413(server):
    query = "ASK {} #" + "x" * (1024 * 1024 + 10)
    try:
        response = _post(server, query)
    except requests.ConnectionError:  # the server may close before the client has sent everything
        pytest.skip("the connection was closed before the status could be read")
    assert "larger" in _clean_error(response, 413)


def test_errors_elsewhere_are_short_text_too(server):
    _clean_error(requests.get(server.url + "/nowhere", timeout=CLIENT_TIMEOUT), 404)
    _clean_error(requests.get(server.url + "/dump.exe", timeout=CLIENT_TIMEOUT), 404)
    _clean_error(requests.post(server.url + "/health", timeout=CLIENT_TIMEOUT), 405)


def test_cors_preflight(server):
    response = requests.options(server.sparql, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"}, timeout=CLIENT_TIMEOUT)
    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert "X-Frontline-Truncated" in response.headers["Access-Control-Expose-Headers"]


# --- answers kept --------------------------------------------------------------------------------


def test_a_repeated_query_is_answered_again_from_memory(server):
    """The store does not change while it is served read-only: the same query with the same
    Accept gets the reply the first one got, without running again; another format is its own."""
    query = OPERATIONS + f"  # asked twice at {time.time()}"  # a text no other test sent
    json_type = {"Accept": "application/sparql-results+json"}
    with requests.Session() as session:  # one connection: one web worker, which keeps its answers
        first, second, as_csv = (
            session.post(server.sparql, data=query.encode("utf-8"), timeout=CLIENT_TIMEOUT,
                         headers={"Content-Type": "application/sparql-query", **accept})
            for accept in (json_type, json_type, {"Accept": "text/csv"}))
    assert (first.headers["X-Frontline-Cache"], second.headers["X-Frontline-Cache"]) == ("miss", "hit")
    assert second.content == first.content and len(_rows(second)) > 10
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    assert second.headers["X-Frontline-Truncated"] == "false"
    assert as_csv.headers["X-Frontline-Cache"] == "miss" and as_csv.headers["Content-Type"].startswith("text/csv")


def test_queries_whose_answer_changes_every_run_are_run_every_time(server):
    query = "SELECT (STRUUID() AS ?id) (NOW() AS ?now) WHERE {}"
    with requests.Session() as session:
        replies = [session.post(server.sparql, data=query.encode("utf-8"), timeout=CLIENT_TIMEOUT,
                                headers={"Content-Type": "application/sparql-query"}) for _ in range(2)]
    assert all("X-Frontline-Cache" not in reply.headers for reply in replies)
    assert _rows(replies[0])[0]["id"] != _rows(replies[1])[0]["id"]


# --- limits ------------------------------------------------------------------------------------


def test_long_answers_are_cut_at_the_row_limit_and_say_so(server):
    response = _get(server, ALL_TRIPLES)
    assert len(_rows(response)) == MAX_ROWS
    assert response.headers["X-Frontline-Truncated"] == "true"
    assert response.headers["X-Frontline-Row-Limit"] == str(MAX_ROWS)
    as_csv = _get(server, ALL_TRIPLES, headers={"Accept": "text/csv"})
    assert len(list(csv.reader(io.StringIO(as_csv.text, newline="")))) == MAX_ROWS + 1
    assert as_csv.headers["X-Frontline-Truncated"] == "true"
    triples = _post(server, "CONSTRUCT WHERE { ?s ?p ?o }", headers={"Accept": "application/n-triples"})
    assert len(list(parse(triples.content, format=RdfFormat.N_TRIPLES))) == MAX_ROWS
    assert triples.headers["X-Frontline-Truncated"] == "true"
    exact = _get(server, ALL_TRIPLES + f" LIMIT {MAX_ROWS}")
    assert exact.headers["X-Frontline-Truncated"] == "false"


def test_pathological_queries_are_stopped_while_everyone_else_is_answered(server):
    """Two queries that would run for hours (a three-way cross product of the graph, and a
    regular expression over a two-way one) take two request threads; meanwhile a bounded
    number of ordinary requests are answered, all before the two come back as 503s close to
    the time limit."""
    def slow(query: str) -> tuple[requests.Response, float, float]:
        started = time.monotonic()
        response = requests.post(server.sparql, data={"query": query}, timeout=TIMEOUT + 20)
        return response, time.monotonic() - started, time.monotonic()

    with ThreadPoolExecutor(max_workers=2) as pool:
        pending = [pool.submit(slow, CROSS_PRODUCT), pool.submit(slow, SLOW_REGEX)]
        time.sleep(0.5)
        quick: list[tuple[float, float]] = []  # (how long, when it ended)
        for i in range(6):
            started = time.monotonic()
            if i % 3 == 0:
                response = requests.get(server.url + "/api/control", params={"place": "Avdiivka", "date": "2024-03-01"},
                                        timeout=CLIENT_TIMEOUT)
                assert response.status_code == 200
            else:
                assert len(_rows(_get(server, OPERATIONS + f" LIMIT {i + 1}"))) == i + 1
            quick.append((time.monotonic() - started, time.monotonic()))
        results = [f.result() for f in pending]
    assert max(took for took, _ in quick) < TIMEOUT, quick
    assert max(ended for _, ended in quick) < min(ended for _, _, ended in results), "quick requests waited for slow ones"
    for response, took, _ in results:
        assert "longer than" in _clean_error(response, 503)
        assert TIMEOUT - 0.5 <= took <= TIMEOUT + 5, took
    assert len(_rows(_get(server, OPERATIONS))) > 20  # and the server goes on


def test_a_query_nested_thousands_deep_is_refused_by_its_text_not_run(server):
    # issue 21, item 8: such text overflowed the engine's stack and killed the query process
    deep = [
        "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o " + "} " * 10_000,
        "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 1_000 + "} " * 1_000 + "}",
        "SELECT * WHERE { FILTER(" + "(" * 10_000 + "true" + ")" * 10_000 + ") }",
    ]
    for query in deep:
        assert "limit is" in _clean_error(_post(server, query), 400)
    fine = "SELECT * WHERE " + "{ " * 50 + "?s ?p ?o " + "} " * 50 + " LIMIT 1"
    assert len(_rows(_post(server, fine))) == 1
    assert _count(server, "?s ?p ?o") > 0  # and the server goes on


# --- never fetch anything ----------------------------------------------------------------------



def test_no_query_makes_the_server_connect_anywhere(server):
    listener = Listener()
    here = listener.url
    try:
        refused = [
            f"SELECT * WHERE {{ SERVICE <{here}/> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{here}/sparql> {{ ?s ?p ?o }} }}",
            f"PREFIX : <{here}/> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
            f"select * where {{ ?s ?p ?o . service <{here}/> {{ ?s ?p ?o }} }}",
            # text that hides SERVICE from a reading by regular expressions; the process's wall stops it
            f"SELECT * WHERE {{ FILTER(1<'>') SERVICE <{here}/> {{ ?s ?p ?o }} FILTER('x'='y') }}",
            f"LOAD <{here}/data.ttl>",
        ]
        for query in refused:
            _clean_error(_get(server, query), 400)
        _clean_error(requests.post(server.sparql, data={"update": f"LOAD <{here}/data.ttl>"}, timeout=CLIENT_TIMEOUT), 400)
        answered = [
            f"SELECT * FROM <{here}/x> WHERE {{ ?s ?p ?o }}",
            f"SELECT * FROM NAMED <{here}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            f"ASK FROM <{here}/x> {{ ?s ?p ?o }}",
            f"DESCRIBE <{here}/x>",
            f"CONSTRUCT {{ ?s ?p ?o }} FROM <{here}/x> WHERE {{ ?s ?p ?o }}",
        ]
        for query in answered:
            response = _get(server, query, headers={"Accept": "application/sparql-results+json, text/turtle"})
            assert response.status_code == 200, response.text
        from_graph = _get(server, "SELECT * WHERE { ?s ?p ?o }", params={"default-graph-uri": here + "/x",
                                                                          "named-graph-uri": here + "/y"})
        assert _rows(from_graph) == []
        time.sleep(0.5)
    finally:
        listener.close()
    assert listener.connections == 0


# --- /api/control ------------------------------------------------------------------------------


def _a_controlled_place(server: Served) -> tuple[str, str]:
    """A place and a date on which the graph knows who held it, whatever the extraction found."""
    rows = _rows(_get(server, f"""SELECT ?label ?start WHERE {{
        ?period a <{FL}ControlPeriod> ; <{FL}controlledPlace>/<http://www.w3.org/2000/01/rdf-schema#label> ?label ;
                <{FL}startDate> ?start }} ORDER BY ?label ?start LIMIT 1"""))
    assert rows, "the sample graph has no dated control period"
    return rows[0]["label"]["value"], rows[0]["start"]["value"][:10]


def test_control_answers_as_the_command_line_does(server, sample_store):
    import datetime as dt

    place, date = _a_controlled_place(server)
    response = requests.get(server.url + "/api/control", params={"place": place, "date": date}, timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200
    expected = control.answer(open_store(sample_store, read_only=True), place, dt.date.fromisoformat(date))
    assert response.json() == json.loads(json.dumps(expected))
    # the same place on other days: answered from the place's record the server now keeps
    day = dt.date.fromisoformat(date)
    for other in (day - dt.timedelta(days=1), day + dt.timedelta(days=400), dt.date(2000, 1, 1), day):
        response = requests.get(server.url + "/api/control", params={"place": place, "date": other.isoformat()},
                                timeout=CLIENT_TIMEOUT)
        expected = control.answer(open_store(sample_store, read_only=True), place, other)
        assert response.status_code == 200 and response.json() == json.loads(json.dumps(expected)), other
    assert list(response.json()) == list(expected)
    assert response.json()["controller"] in ("Russia", "Ukraine")


@pytest.mark.parametrize("params,needle", [
    ({"date": "2024-03-01"}, "place"),
    ({"place": "Avdiivka"}, "date"),
    ({"place": "  ", "date": "2024-03-01"}, "place"),
    ({"place": "Avdiivka", "date": "2024-02-30"}, "YYYY-MM-DD"),
    ({"place": "Avdiivka", "date": "20240301"}, "YYYY-MM-DD"),
    ({"place": "Avdiivka", "date": "yesterday"}, "YYYY-MM-DD"),
    ({"place": "x" * 300, "date": "2024-03-01"}, "longer"),
])
def test_control_says_what_is_wrong_with_its_parameters(server, params, needle):
    response = requests.get(server.url + "/api/control", params=params, timeout=CLIENT_TIMEOUT)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert needle in response.json()["error"]


# --- the page and the dumps --------------------------------------------------------------------


def test_the_page_lists_every_example_query_and_loads_nothing_from_elsewhere(server):
    from markupsafe import escape

    from server.views import examples

    response = requests.get(server.url + "/", timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200
    html = response.text
    for example in examples.load():
        assert f'id="q-{example.name}"' in html
        assert str(escape(example.title)) in html and str(escape(example.description)) in html
    assert html.count("<textarea") == len(examples.load()) + 1
    assert "/dump.ttl" in html and "/dump.trig" in html
    for marker in ('src="http', "src='http", 'href="//', 'src="//', "@import"):
        assert marker not in html
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    script = requests.get(server.url + "/static/app.js", timeout=CLIENT_TIMEOUT)
    style = requests.get(server.url + "/static/style.css", timeout=CLIENT_TIMEOUT)
    assert script.status_code == style.status_code == 200
    assert not re.search(r"fetch\(\s*[\"'`]https?:|import\(|importScripts|\.innerHTML|insertAdjacentHTML", script.text)
    assert "url(" not in style.text and "@import" not in style.text


def test_dumps_hold_the_whole_graph(server):
    ttl = requests.get(server.url + "/dump.ttl", timeout=CLIENT_TIMEOUT)
    assert ttl.status_code == 200 and ttl.headers["Content-Type"].startswith("text/turtle")
    triples = {str(t) for t in parse(ttl.content, format=RdfFormat.TURTLE)}
    trig = requests.get(server.url + "/dump.trig", timeout=CLIENT_TIMEOUT)
    assert trig.status_code == 200 and trig.headers["Content-Type"].startswith("application/trig")
    quads = list(parse(trig.content, format=RdfFormat.TRIG))
    assert len(quads) == len(Store.read_only(str(server.store)))
    assert {str(q.triple) for q in quads} == triples


# --- real clients ------------------------------------------------------------------------------


def test_sparqlwrapper(server):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(server.sparql)
    client.setQuery(OPERATIONS)
    client.setReturnFormat(JSON)
    expected = _rows(_get(server, OPERATIONS))
    assert client.queryAndConvert()["results"]["bindings"] == expected
    client.setMethod(POST)
    assert client.queryAndConvert()["results"]["bindings"] == expected
    client.setReturnFormat(XML)
    dom = client.queryAndConvert()
    assert len(dom.getElementsByTagName("result")) == len(expected)
    client.setReturnFormat(CSV)
    assert len(client.queryAndConvert().decode().strip().splitlines()) == len(expected) + 1
    client.setQuery(f"ASK {{ ?op a <{FL}Operation> }}")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ ?op a <{FL}Operation> }} WHERE {{ ?op a <{FL}Operation> }}")
    client.setReturnFormat(TURTLE)
    import rdflib

    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(graph) == len(expected)
    client.setReturnFormat(XML)  # RDF/XML for a CONSTRUCT, which SPARQLWrapper parses into a graph
    assert len(client.queryAndConvert()) == len(expected)
    client.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_rdflib_sparqlstore(server):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

    operations = len(_rows(_get(server, OPERATIONS)))
    for method in ("GET", "POST_FORM"):
        graph = rdflib.Graph(store=SPARQLStore(server.sparql, method=method))
        rows = list(graph.query(OPERATIONS))
        assert len(rows) == operations
        assert all(isinstance(row[0], rdflib.URIRef) for row in rows)
        typed = list(graph.triples((None, rdflib.RDF.type, rdflib.URIRef(FL + "Operation"))))
        assert len(typed) == operations
        assert graph.query(f"ASK {{ ?op a <{FL}Operation> }}").askAnswer is True
        built = graph.query(f"CONSTRUCT {{ ?op a <{FL}Operation> }} WHERE {{ ?op a <{FL}Operation> }}")
        assert len(built.graph) == operations
    writer = SPARQLUpdateStore(query_endpoint=server.sparql, update_endpoint=server.sparql)
    with pytest.raises(Exception):  # noqa: B017 - rdflib raises urllib's HTTPError for the 400
        writer.update("INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }")
    assert _count(server, "<https://example.org/a> ?p ?o") == 0


# --- a browser ---------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def test_the_page_in_a_browser(server, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    requested: list[str] = []
    failed: list[str] = []
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(accept_downloads=True)
            page.set_default_timeout(20_000)
            page.on("request", lambda r: requested.append(r.url))
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.on("console", lambda msg: problems.append(msg.text)
                    if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
            page.on("response", lambda r: failed.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
            page.goto(server.url + "/")

            # an example query, run from its textarea, shown as a table
            events = page.locator("#q-events")
            events.locator("button.run").click()
            events.locator("table.results-table tbody tr").first.wait_for()
            headers = events.locator("th").all_text_contents()
            assert headers[:3] == ["?op", "?doc", "?type"]
            expected = _rows(_post(server, page.locator("#q-events textarea").input_value()))
            assert len(expected) > 50, "the sample's events fill more than one page of the table"
            # fifty rows a page, in the query's order, and the next fifty on the next page
            assert events.locator("tbody tr").count() == 50
            assert events.locator(".page-where").text_content() == f"rows 1–50 of {len(expected)}"
            first_link = events.locator("tbody tr").first.locator("td").first.locator("a")
            # the graph's own IRIs open their description on this server
            assert first_link.get_attribute("href") == "/id/" + expected[0]["op"]["value"].removeprefix(
                "https://frontline-kg.org/id/")
            events.locator("button.page-on").click()
            assert events.locator("tbody tr").first.locator("td").first.locator("a").get_attribute("title") in (
                None, expected[50]["op"]["value"])
            assert events.locator("tbody tr").first.locator("td").nth(1).text_content() == expected[50]["doc"]["value"]
            # sorting by a column: its header is a button, pressed twice for the other order
            events.locator("th button.sort", has_text="?type").click()
            types = sorted(row["type"]["value"].lower() for row in expected)
            assert events.locator("tbody tr").first.locator("td").nth(2).text_content().lower() == types[0]
            events.locator("th button.sort", has_text="?type").click()
            assert events.locator("tbody tr").first.locator("td").nth(2).text_content().lower() == types[-1]
            assert events.locator("th[aria-sort=descending]").count() == 1
            assert "rows" in events.locator(".status").text_content()

            # the control form
            place, date = _a_controlled_place(server)
            page.fill("#control-place", place)
            page.fill("#control-date", date)
            page.click("#control-form button[type=submit]")
            page.locator("#control-answer .summary").wait_for()
            answer = requests.get(server.url + "/api/control", params={"place": place, "date": date},
                                  timeout=CLIENT_TIMEOUT).json()
            summary = page.locator("#control-answer .summary").text_content()
            assert f"held by {answer['controller']}" in summary and answer["place"] in summary
            assert page.locator("#control-answer li.evidence").count() == len(answer["evidence"])
            if answer["evidence"]:
                assert answer["evidence"][0]["quote"] in page.locator("#control-answer blockquote").first.text_content()

            # data is shown as text, never run as markup
            own = page.locator("#q-own")
            own.locator("textarea").fill('SELECT ?x WHERE { BIND ("<img src=x onerror=window.pwned=1>" AS ?x) }')
            own.locator("button.run").click()
            own.locator("tbody td").first.wait_for()
            assert own.locator("tbody td").first.text_content() == "<img src=x onerror=window.pwned=1>"
            assert own.locator("tbody img").count() == 0
            assert page.evaluate("window.pwned") is None

            # errors are shown, not thrown
            own.locator("textarea").fill("SELECT * WHERE { ?s ?p }")
            own.locator("button.run").click()
            page.locator("#q-own .error").wait_for()
            assert "400" in page.locator("#q-own .error").text_content()

            # download as CSV
            with page.expect_download() as download:
                events.locator("button.download[data-format=csv]").click()
            saved = tmp_path / "events.csv"
            download.value.save_as(saved)
            lines = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"), newline="")))
            assert lines[0][:3] == ["op", "doc", "type"] and len(lines) == len(expected) + 1
            page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        finally:
            browser.close()
    assert all(url.startswith(server.url) or url.startswith("blob:") for url in requested), requested
    assert not problems, problems
    assert failed == [f"400 POST {server.sparql}"], failed  # the malformed query, and nothing else


# --- /api/events -------------------------------------------------------------------------------


def test_events_answer_the_table_the_command_line_prints(server, sample_store):
    import datetime as dt

    from kg.graph import events_table

    response = requests.get(server.url + "/api/events", params={"from": "2023-01-01", "to": "2023-12-31"},
                            timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200
    expected = events_table.rows(open_store(sample_store, read_only=True), dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    body = response.json()
    assert body["truncated"] is False and len(body["events"]) == len(expected) > 0
    assert [row["event_id"] for row in body["events"]] == [row["event_id"] for row in expected]
    assert set(body["events"][0]) == set(events_table.COLUMNS) | {"iri"}
    as_csv = requests.get(server.url + "/api/events", params={"format": "csv", "place": "Bakhmut"}, timeout=CLIENT_TIMEOUT)
    assert as_csv.status_code == 200 and as_csv.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert rows and {row["location"] for row in rows} == {"Bakhmut"}
    geo = requests.get(server.url + "/api/events", params={"format": "geojson"}, timeout=CLIENT_TIMEOUT)
    assert geo.headers["Content-Type"] == "application/geo+json"
    assert geo.json()["type"] == "FeatureCollection"


@pytest.mark.parametrize("params,status,needle", [
    ({"from": "2023-02-30"}, 400, "from must be a calendar date"),
    ({"from": "2024-01-02", "to": "2024-01-01"}, 400, "is after"),
    ({"format": "xlsx"}, 400, "format must be"),
    ({"place": "Atlantis"}, 404, "no place called"),
])
def test_events_refuse_bad_parameters_in_json(server, params, status, needle):
    response = requests.get(server.url + "/api/events", params=params, timeout=CLIENT_TIMEOUT)
    assert response.status_code == status and response.headers["Content-Type"].startswith("application/json")
    assert needle in response.json()["error"] and "Traceback" not in response.text

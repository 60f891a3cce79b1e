"""`frontline serve --writable`: writing behind a token, the Graph Store Protocol, and what the
store's single writer guarantees, driven with real clients (raw HTTP with requests and raw
sockets, rdflib's SPARQLUpdateStore, SPARQLWrapper) against real servers on 127.0.0.1:

- a writable server on a copy of the sample store, and a read-only one started with the token
  in its environment all the same, each once for this module;
- a third, for `frontline build` next to what people wrote, killed the hard way on the way.

Every load is bounded: a counted number of requests, each with a client timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse, serialize

from kg.graph import vocab
from tests.servers import ROOT, Listener, free_port, running_server, serve_command

TOKEN = "writable-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
THREADS = 4
QUERY_TIMEOUT = 3
WRITE_TIMEOUT = 4
MAX_UPLOAD = 256 * 1024
CLIENT_TIMEOUT = 30
EX = "http://example.org/writable/"
WRITING_PAGE = "https://tool.example"  # the one origin whose pages may write
SD = "http://www.w3.org/ns/sparql-service-description#"
NT = "application/n-triples"
FORMATS = {"text/turtle": RdfFormat.TURTLE, NT: RdfFormat.N_TRIPLES, "application/n-quads": RdfFormat.N_QUADS,
           "application/trig": RdfFormat.TRIG, "application/rdf+xml": RdfFormat.RDF_XML,
           "application/ld+json": RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def writable(sample_store, tmp_path_factory):
    home = tmp_path_factory.mktemp("writable")
    store = home / "store"
    shutil.copytree(sample_store, store)
    # the tests' clients are all 127.0.0.1, and some use every thread at once: no cap per client
    with running_server(store, home / "server.log", "--writable", "--workers", "3", "--threads", str(THREADS),
                        "--per-client", "0", "--timeout", str(QUERY_TIMEOUT), "--write-timeout", str(WRITE_TIMEOUT),
                        "--max-upload", str(MAX_UPLOAD), "--write-origin", WRITING_PAGE,
                        env={"FRONTLINE_TOKEN": TOKEN}) as served:
        yield served
    assert not list(home.glob(".store.snapshots-*")), "the server left its snapshots behind"


@pytest.fixture(scope="module")
def readonly(sample_store, tmp_path_factory):
    home = tmp_path_factory.mktemp("readonly")
    store = home / "store"
    shutil.copytree(sample_store, store)
    with running_server(store, home / "server.log", "--threads", "2", env={"FRONTLINE_TOKEN": TOKEN}) as served:
        yield served


# --- helpers -------------------------------------------------------------------------------------


def _store_request(server, method: str, graph: str | None, data: bytes | None = None, content_type: str | None = None,
                   headers: dict | None = None, **params) -> requests.Response:
    query = dict(params)
    if graph is not None:
        query["graph"] = graph
    hdrs = dict(AUTH if headers is None else headers)
    if content_type:
        hdrs["Content-Type"] = content_type
    return requests.request(method, server.graph_store, params=query, data=data, headers=hdrs, timeout=CLIENT_TIMEOUT)


def _nt(*triples: tuple[str, str, str]) -> bytes:
    return "".join(f"<{EX}{s}> <{EX}{p}> {o} .\n" for s, p, o in triples).encode()


def _triples(server, graph: str | None, accept: str = NT) -> set[str]:
    response = requests.get(server.graph_store, params={"graph": graph} if graph else {"default": ""},
                            headers={"Accept": accept}, timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == accept
    return {str(q.triple if isinstance(q, Quad) else q) for q in parse(response.content, format=FORMATS[accept])}


def _status(server, graph: str) -> int:
    return requests.get(server.graph_store, params={"graph": graph}, timeout=CLIENT_TIMEOUT).status_code


def _select(server, query: str) -> list[dict]:
    response = requests.post(server.sparql, data={"query": query}, timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def _count(server, pattern: str) -> int:
    return int(_select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]["value"])


def _update(server, text: str, headers: dict | None = None, form: bool = True, **params) -> requests.Response:
    hdrs = dict(AUTH if headers is None else headers)
    if form:
        return requests.post(server.sparql, data={"update": text, **params}, headers=hdrs, timeout=CLIENT_TIMEOUT)
    hdrs["Content-Type"] = "application/sparql-update"
    return requests.post(server.sparql, params=params, data=text.encode(), headers=hdrs, timeout=CLIENT_TIMEOUT)


def _quads(server) -> int:
    return requests.get(server.url + "/health", timeout=CLIENT_TIMEOUT).json()["quads"]


def _an_article_graph(server) -> str:
    rows = _select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
                           f"\"{vocab.GRAPH}article/\")) }} ORDER BY ?g LIMIT 1")
    return rows[0]["g"]["value"]


def _no_traceback(response: requests.Response) -> str:
    assert "Traceback" not in response.text and 'File "' not in response.text
    return response.text


# --- starting -----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "   "])
def test_writable_refuses_to_start_without_a_token(sample_store, token):
    env = {k: v for k, v in os.environ.items() if k != "FRONTLINE_TOKEN"}
    if token is not None:
        env["FRONTLINE_TOKEN"] = token
    port = free_port()
    done = subprocess.run(serve_command(sample_store, port, "--writable"), capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "FRONTLINE_TOKEN" in lines[0] and "Traceback" not in done.stderr, done.stderr
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "something listens although the server refused to start"


@pytest.mark.parametrize("flags", [["--writable", "--write-origin", "tool.example/page"], ["--write-origin",
                                                                                         "https://tool.example"]])
def test_a_write_origin_must_be_an_origin_and_go_with_writable(tmp_path, flags):
    done = subprocess.run(serve_command(tmp_path / "store", free_port()) + flags, capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, "FRONTLINE_TOKEN": TOKEN})
    assert done.returncode == 2 and "--write-origin" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "store").exists()


def test_a_port_in_use_is_a_sentence_not_a_traceback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(serve_command(tmp_path / "store", port), capture_output=True, text=True, cwd=ROOT,
                              timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0] and "in use" in lines[0], done.stderr
    assert not (tmp_path / "store").exists()  # refused before building the sample corpus into it


def test_a_writable_server_runs_one_web_worker(writable):
    log = writable.log_text()
    assert "--writable runs one web worker" in log
    assert log.count("Spawning worker-") == 1  # granian says so once a worker process


# --- the token ----------------------------------------------------------------------------------

WRONG = [({}, 401), ({"Authorization": "Basic dXNlcjpwYXNz"}, 401), ({"Authorization": "Bearer"}, 401),
         ({"Authorization": "Bearer not-the-token"}, 403), ({"Authorization": f"Bearer {TOKEN}x"}, 403)]


def test_every_write_needs_the_servers_token(writable):
    guarded = EX + "guarded"
    assert _store_request(writable, "PUT", guarded, _nt(("a", "b", '"kept"')), NT).status_code == 201
    before = _triples(writable, guarded)
    quads = _quads(writable)
    insert = f"INSERT DATA {{ GRAPH <{guarded}> {{ <{EX}intruder> <{EX}y> \"intruder\" }} }}"
    for headers, status in WRONG:
        attempts = [
            _update(writable, insert, headers=headers),
            _update(writable, insert, headers=headers, form=False),
            _store_request(writable, "PUT", guarded, _nt(("x", "y", '"intruder"')), NT, headers=headers),
            _store_request(writable, "POST", guarded, _nt(("x", "y", '"intruder"')), NT, headers=headers),
            _store_request(writable, "DELETE", guarded, headers=headers),
            _store_request(writable, "PUT", None, _nt(("x", "y", '"intruder"')), NT, headers=headers, default=""),
        ]
        for response in attempts:
            assert response.status_code == status, (headers, response.status_code, response.text)
            _no_traceback(response)
            if status == 401:
                assert response.headers["WWW-Authenticate"].startswith("Bearer ")
            assert TOKEN not in response.text
    assert _triples(writable, guarded) == before
    assert _quads(writable) == quads
    # reads need no token
    assert requests.get(writable.graph_store, params={"graph": guarded}, timeout=CLIENT_TIMEOUT).status_code == 200
    assert _count(writable, f"GRAPH <{guarded}> {{ ?s ?p ?o }}") == 1
    # and the right token writes
    assert _update(writable, insert).status_code == 200
    assert _count(writable, f"GRAPH <{guarded}> {{ ?s ?p ?o }}") == 2


def test_a_read_only_server_refuses_every_write_whatever_the_token(readonly):
    quads = _quads(readonly)
    insert = f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}"
    for response in (_update(readonly, insert), _update(readonly, insert, form=False)):
        assert response.status_code == 400 and "read-only" in _no_traceback(response)
    article = _an_article_graph(readonly)
    for method in ("PUT", "POST", "DELETE"):
        for graph in (EX + "new", article):
            response = _store_request(readonly, method, graph, _nt(("a", "b", '"c"')), NT)
            assert response.status_code == 405, response.text
            assert "read-only" in _no_traceback(response)
            assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert _quads(readonly) == quads
    # reading works as on a writable server
    assert len(_triples(readonly, article)) == _count(readonly, f"GRAPH <{article}> {{ ?s ?p ?o }}") > 0
    assert _triples(readonly, None) == set()  # the build writes named graphs only
    assert _status(readonly, EX + "new") == 404
    head = requests.head(readonly.graph_store, params={"graph": article}, timeout=CLIENT_TIMEOUT)
    assert head.status_code == 200 and head.headers["Content-Type"].startswith("text/turtle") and not head.content


# --- the service description ----------------------------------------------------------------------


def _description(server):
    import rdflib

    response = requests.get(server.sparql, timeout=CLIENT_TIMEOUT)
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace(SD)
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    return graph, sd, service, rdflib


def test_the_service_description_says_what_is_on(writable, readonly):
    graph, sd, service, rdflib = _description(writable)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) in graph
    assert (service, sd.feature, sd.EmptyGraphs) in graph
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    store = rdflib.URIRef(writable.graph_store)
    assert (service, sd.feature, store) in graph
    assert (store, rdflib.DCTERMS.conformsTo, rdflib.URIRef("http://www.w3.org/TR/sparql11-http-rdf-update/")) in graph
    assert "PUT" in str(graph.value(store, rdflib.DCTERMS.description))

    graph, sd, service, rdflib = _description(readonly)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    assert (service, sd.feature, sd.EmptyGraphs) not in graph
    store = rdflib.URIRef(readonly.graph_store)
    assert (service, sd.feature, store) in graph
    assert "read-only" in str(graph.value(store, rdflib.DCTERMS.description))


def test_only_the_origins_given_may_write_from_a_web_page(writable, readonly):
    # issue 21, item 12: CORS allowed every origin to write, one token leak away from any page
    def preflight(server, origin: str) -> requests.Response:
        return requests.options(server.graph_store, headers={
            "Origin": origin, "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization, content-type"}, timeout=CLIENT_TIMEOUT)

    allowed = preflight(writable, WRITING_PAGE)
    assert allowed.status_code in (200, 204)
    assert allowed.headers["Access-Control-Allow-Origin"] == WRITING_PAGE
    assert {"PUT", "DELETE", "POST", "GET"} <= set(allowed.headers["Access-Control-Allow-Methods"].replace(" ", "").split(","))
    assert "authorization" in allowed.headers["Access-Control-Allow-Headers"].lower()
    for server, origin in ((writable, "https://elsewhere.example"), (readonly, WRITING_PAGE)):
        refused = preflight(server, origin)
        assert refused.headers["Access-Control-Allow-Origin"] == "*"  # reads stay open to every page
        assert "PUT" not in refused.headers["Access-Control-Allow-Methods"]
        assert "authorization" not in refused.headers["Access-Control-Allow-Headers"].lower()
    graph = EX + "from-a-page"
    body = f"<{EX}a> <{EX}b> <{EX}c> .\n".encode()
    elsewhere = requests.put(writable.graph_store, params={"graph": graph}, data=body, timeout=CLIENT_TIMEOUT,
                             headers={**AUTH, "Content-Type": NT, "Origin": "https://elsewhere.example"})
    assert elsewhere.status_code == 403 and "--write-origin" in _no_traceback(elsewhere)
    assert _status(writable, graph) == 404  # nothing written
    mine = requests.put(writable.graph_store, params={"graph": graph}, data=body, timeout=CLIENT_TIMEOUT,
                        headers={**AUTH, "Content-Type": NT, "Origin": WRITING_PAGE})
    assert mine.status_code == 201 and mine.headers["Access-Control-Allow-Origin"] == WRITING_PAGE
    assert _store_request(writable, "DELETE", graph).status_code == 204


# --- the Graph Store Protocol -----------------------------------------------------------------------


def test_put_get_post_delete_of_a_graph(writable):
    graph = EX + "life"
    assert _status(writable, graph) == 404
    assert requests.head(writable.graph_store, params={"graph": graph}, timeout=CLIENT_TIMEOUT).status_code == 404
    first = b"@prefix ex: <" + EX.encode() + b"> .\nex:a ex:says \"one\"@en ; ex:n 1 .\n"
    created = _store_request(writable, "PUT", graph, first, "text/turtle")
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == f"{writable.url}/store?graph={quote(graph, safe='')}"
    assert requests.get(created.headers["Location"], headers={"Accept": NT}, timeout=CLIENT_TIMEOUT).status_code == 200
    assert _triples(writable, graph) == {f'<{EX}a> <{EX}says> "one"@en',
                                         f'<{EX}a> <{EX}n> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    replaced = _store_request(writable, "PUT", graph, _nt(("b", "says", '"two"')), NT)
    assert replaced.status_code == 204 and not replaced.content
    assert _triples(writable, graph) == {f'<{EX}b> <{EX}says> "two"'}
    added = _store_request(writable, "POST", graph, _nt(("c", "says", '"three"')), NT)
    assert added.status_code == 204
    assert _triples(writable, graph) == {f'<{EX}b> <{EX}says> "two"', f'<{EX}c> <{EX}says> "three"'}
    get = requests.get(writable.graph_store, params={"graph": graph}, timeout=CLIENT_TIMEOUT)
    head = requests.head(writable.graph_store, params={"graph": graph}, timeout=CLIENT_TIMEOUT)
    assert get.status_code == head.status_code == 200
    assert get.headers["Content-Type"] == head.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert not head.content and int(head.headers["Content-Length"]) == len(get.content)
    assert _store_request(writable, "DELETE", graph).status_code == 204
    assert _status(writable, graph) == 404
    assert _count(writable, f"GRAPH <{graph}> {{ ?s ?p ?o }}") == 0
    again = _store_request(writable, "DELETE", graph)
    assert again.status_code == 404 and "no graph" in _no_traceback(again)
    posted = _store_request(writable, "POST", EX + "posted", _nt(("d", "says", '"four"')), NT)
    assert posted.status_code == 201 and posted.headers["Location"].endswith(quote(EX + "posted", safe=""))
    empty = _store_request(writable, "PUT", EX + "empty", b"", "text/turtle")
    assert empty.status_code == 201 and _status(writable, EX + "empty") == 200 and _triples(writable, EX + "empty") == set()


def _reference_triples() -> list[Triple]:
    ex = lambda name: NamedNode(EX + name)  # noqa: E731
    return [
        Triple(ex("doc"), ex("title"), Literal("Авдіївка", language="uk")),
        Triple(ex("doc"), ex("title"), Literal('a "quoted"\nline')),
        Triple(ex("doc"), ex("count"), Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        Triple(ex("doc"), NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ex("Report")),
    ]


@pytest.mark.parametrize("upload", list(FORMATS))
def test_every_format_goes_in_and_comes_out(writable, upload):
    triples = _reference_triples()
    fmt = FORMATS[upload]
    items = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples] if fmt.supports_datasets else triples
    body = serialize(items, format=fmt)
    graph = EX + "format-" + fmt.file_extension
    response = _store_request(writable, "PUT", graph, body, upload + ("; charset=utf-8" if upload.startswith("text/") else ""))
    assert response.status_code in (201, 204), response.text
    expected = {str(t) for t in triples}
    for accept in FORMATS:
        assert _triples(writable, graph, accept) == expected, (upload, accept)


def test_blank_nodes_stay_one_node_per_label_and_new_per_upload(writable):
    graph = EX + "blank"
    data = b"_:x <" + EX.encode() + b"p> _:y .\n_:y <" + EX.encode() + b"p> _:x .\n"
    assert _store_request(writable, "PUT", graph, data, NT).status_code == 201
    assert _store_request(writable, "POST", graph, data, NT).status_code == 204
    rows = _select(writable, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o . ?o ?p ?s }} }}")
    assert rows[0]["n"]["value"] == "4"


def test_the_default_graph_is_the_stores_own_not_the_union(writable):
    before = _triples(writable, None)
    assert not any(vocab.BASE in t for t in before), "article triples in the store's default graph"
    response = _store_request(writable, "PUT", None, _nt(("d1", "p", '"x"'), ("d2", "p", '"y"')), NT, default="")
    assert response.status_code == 204, response.text
    assert _triples(writable, None) == {f'<{EX}d1> <{EX}p> "x"', f'<{EX}d2> <{EX}p> "y"'}
    assert _count(writable, f"<{EX}d1> <{EX}p> ?o") == 1  # queries see it: their default graph is the union
    assert _count(writable, f"GRAPH ?g {{ <{EX}d1> ?p ?o }}") == 0  # but it is in no named graph
    assert _store_request(writable, "POST", None, _nt(("d3", "p", '"z"')), NT, default="").status_code == 204
    assert len(_triples(writable, None)) == 3
    assert _store_request(writable, "DELETE", None, default="").status_code == 204
    assert _triples(writable, None) == set()
    assert _count(writable, f"<{EX}d1> ?p ?o") == 0


def test_post_to_the_graph_store_makes_a_new_graph(writable):
    response = _store_request(writable, "POST", None, _nt(("n", "p", '"new"')), NT)
    assert response.status_code == 201, response.text
    location = response.headers["Location"]
    assert location.startswith(writable.graph_store + "?graph=urn%3Auuid%3A")
    got = requests.get(location, headers={"Accept": NT}, timeout=CLIENT_TIMEOUT)
    assert got.status_code == 200 and f"<{EX}n>" in got.text


def test_graph_store_errors(writable):
    graph = EX + "errors"
    assert _store_request(writable, "PUT", graph, _nt(("kept", "p", '"1"')), NT).status_code == 201
    kept = _triples(writable, graph)
    cases = [
        (lambda: requests.get(writable.graph_store, timeout=CLIENT_TIMEOUT), 400),
        (lambda: requests.get(writable.graph_store + f"?graph={quote(graph)}&default", timeout=CLIENT_TIMEOUT), 400),
        (lambda: requests.get(writable.graph_store, params={"graph": "relative/iri"}, timeout=CLIENT_TIMEOUT), 400),
        (lambda: requests.get(writable.graph_store + f"?graph={quote(graph)}&graph={quote(graph)}", timeout=CLIENT_TIMEOUT),
         400),
        (lambda: requests.get(writable.graph_store, params={"graph": graph}, headers={"Accept": "image/png"},
                              timeout=CLIENT_TIMEOUT), 406),
        (lambda: _store_request(writable, "PUT", graph, b"a,b,c\n", "text/csv"), 415),
        (lambda: _store_request(writable, "PUT", graph, _nt(("x", "p", '"2"'))), 415),
        (lambda: _store_request(writable, "PUT", graph, _nt(("x", "p", '"2"')), "text/turtle; charset=latin-1"), 415),
        (lambda: _store_request(writable, "PUT", graph, b"<x> <y> .", "text/turtle"), 400),
        (lambda: _store_request(writable, "POST", graph, b'<http://e/a> <http://e/b> "unterminated .', NT), 400),
        (lambda: _store_request(writable, "PUT", graph, b"{ <http://e/a> <http://e/b> <http://e/c> }\n"
                                b"<http://e/g> { <http://e/a> <http://e/b> <http://e/d> }", "application/trig"), 400),
        (lambda: _store_request(writable, "PUT", None, b"", NT), 400),  # PUT to the store itself names no graph
        (lambda: _store_request(writable, "DELETE", EX + "never-made"), 404),
        (lambda: _store_request(writable, "PATCH", graph, b"", NT), 405),
    ]
    for send, status in cases:
        response = send()
        assert response.status_code == status, (status, response.status_code, response.text)
        _no_traceback(response)
    assert _triples(writable, graph) == kept


def test_an_upload_past_the_size_limit_is_a_413_and_writes_nothing(writable):
    graph = EX + "big"
    line = f"<{EX}s> <{EX}p> \"{'x' * 100}\" .\n".encode()
    body = line * (MAX_UPLOAD // len(line) + 2)
    assert len(body) > MAX_UPLOAD
    try:
        response = _store_request(writable, "PUT", graph, body, NT)
        assert response.status_code == 413 and "larger" in _no_traceback(response)
    except requests.ConnectionError:  # the server may close before the client has sent everything
        pass
    assert _status(writable, graph) == 404
    small = _store_request(writable, "PUT", graph, line * (MAX_UPLOAD // len(line)), NT)  # just under the limit
    assert small.status_code == 201, small.text


def test_build_graphs_are_not_written_through_the_store(writable):
    article = _an_article_graph(writable)
    before = _count(writable, f"GRAPH <{article}> {{ ?s ?p ?o }}")
    for method in ("PUT", "POST", "DELETE"):
        for graph in (article, vocab.CONTROL_GRAPH, vocab.GRAPH + "mine"):
            response = _store_request(writable, method, graph, _nt(("a", "b", '"c"')), NT)
            assert response.status_code == 403, response.text
            assert "frontline build" in _no_traceback(response)
    assert _count(writable, f"GRAPH <{article}> {{ ?s ?p ?o }}") == before


def _logged(server, needle: str) -> int:
    return server.log_text().count(needle)


def _send_and_hang_up(server, head: bytes, body: bytes, needle: str) -> None:
    """Send a request whose body stops short, close the connection, and wait until the server has
    answered it (its access log line appears)."""
    before = _logged(server, needle)
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=CLIENT_TIMEOUT) as sock:
        sock.sendall(head + body)
        time.sleep(0.2)
    deadline = time.monotonic() + 20
    while _logged(server, needle) == before:
        assert time.monotonic() < deadline, "the server never answered the cut request"
        time.sleep(0.1)


def test_a_body_sent_in_chunks_is_refused_with_a_411_and_nothing_is_done(writable):
    # the server cannot tell a chunked body that was cut off from a whole one: only a length can
    graph = EX + "chunked"
    body = _nt(("c", "p", '"1"'), ("c", "p", '"2"'))
    response = _store_request(writable, "PUT", graph, iter([body[:20], body[20:]]), NT)
    assert response.status_code == 411 and "Content-Length" in _no_traceback(response), response.text
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}c> <{EX}p> 3 }} }}".encode()
    response = requests.post(writable.sparql, data=iter([update[:10], update[10:]]), timeout=CLIENT_TIMEOUT,
                             headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert response.status_code == 411 and "Content-Length" in _no_traceback(response), response.text
    assert _status(writable, graph) == 404
    assert _store_request(writable, "PUT", graph, body, NT).status_code == 201  # the same body, with its length


def test_an_interrupted_upload_leaves_nothing_half_written(writable):
    lines = b"".join(f"<{EX}s{i}> <{EX}p> \"{i}\" .\n".encode() for i in range(200))  # whole lines: a cut here parses
    existing = EX + "interrupted"
    assert _store_request(writable, "PUT", existing, _nt(("old", "p", '"kept"')), NT).status_code == 201
    kept = _triples(writable, existing)
    for graph, method in ((EX + "interrupted-new", "PUT"), (existing, "PUT"), (existing, "POST")):
        path = f"/store?graph={quote(graph, safe='')}"
        common = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n" \
                 f"Content-Type: {NT}\r\n"
        needle = f'"{method} /store HTTP/1.1" {{}}'  # the access log's line (no query string in it)
        # a Content-Length larger than what is sent
        _send_and_hang_up(writable, f"{common}Content-Length: {len(lines) * 3}\r\n\r\n".encode(), lines,
                          needle.format(400))
        # a chunked body without its last chunk: refused, as every chunked body is
        chunk = f"{len(lines):x}\r\n".encode() + lines + b"\r\n"
        _send_and_hang_up(writable, f"{common}Transfer-Encoding: chunked\r\n\r\n".encode(), chunk,
                          needle.format(411))
    assert _status(writable, EX + "interrupted-new") == 404
    assert _triples(writable, existing) == kept
    assert _count(writable, f"<{EX}s0> ?p ?o") == 0


def test_readers_see_a_graph_before_or_after_an_upload_never_half_of_it(writable):
    graph = EX + "atomic"
    versions = {600: _nt(*[(f"a{i}", "p", f'"{i}"') for i in range(600)]),
                900: _nt(*[(f"b{i}", "p", f'"{i}"') for i in range(900)])}
    assert _store_request(writable, "PUT", graph, versions[600], NT).status_code == 201
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        for _ in range(200):
            if done.is_set():
                return
            seen.append(_count(writable, f"GRAPH <{graph}> {{ ?s ?p ?o }}"))
            seen.append(len(_triples(writable, graph)))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for size in (900, 600, 900, 600, 900):
            assert _store_request(writable, "PUT", graph, versions[size], NT).status_code == 204
    finally:
        done.set()
        reader.join(timeout=120)
    assert seen and set(seen) <= {600, 900}, sorted(set(seen))
    assert _count(writable, f"GRAPH <{graph}> {{ ?s ?p ?o }}") == 900


# --- SPARQL Update ----------------------------------------------------------------------------------


def test_a_read_after_an_acknowledged_write_sees_it(writable):
    graph = EX + "sequence"
    quads = _quads(writable)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for i in range(6):
            response = _update(writable, f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}n{i}> <{EX}p> {i} }} }}", form=i % 2 == 0)
            assert response.status_code == 200, response.text
            # every query process, the Graph Store and the API see it at once
            counts = list(pool.map(lambda _: _count(writable, f"GRAPH <{graph}> {{ ?s ?p ?o }}"), range(THREADS * 2)))
            assert counts == [i + 1] * (THREADS * 2)
            assert len(_triples(writable, graph)) == i + 1
            assert _quads(writable) == quads + i + 1
    dump = requests.get(writable.url + "/dump.trig", timeout=CLIENT_TIMEOUT)
    assert sum(1 for q in parse(dump.content, format=RdfFormat.TRIG) if q.graph_name == NamedNode(graph)) == 6


def test_the_control_answer_follows_a_write(writable):
    """/api/control keeps its answers per state of the store: a write makes them new."""
    params = {"place": "Testivka", "date": "2024-05-01"}

    def ask() -> dict:
        response = requests.get(writable.url + "/api/control", params=params, timeout=CLIENT_TIMEOUT)
        assert response.status_code == 200, response.text
        return response.json()

    assert ask()["controller"] is None and ask()["controller"] is None  # asked twice: kept, still unknown
    fl = vocab.FL
    response = _update(writable, f"""INSERT DATA {{ GRAPH <{EX}control-by-hand> {{
        <{EX}testivka> <{fl}nameKey> "testivka" .
        <{EX}period> a <{fl}ControlPeriod> ; <{fl}controlledPlace> <{EX}testivka> ; <{fl}placeName> "Testivka" ;
            <{fl}controller> <{fl}Russia> ; <{fl}status> <{fl}Held> ;
            <{fl}startDate> "2024-04-01"^^<http://www.w3.org/2001/XMLSchema#date> }} }}""")
    assert response.status_code == 200, response.text
    answer = ask()
    assert (answer["place"], answer["controller"], answer["status"]) == ("Testivka", "Russia", "held")
    response = _update(writable, f"DROP GRAPH <{EX}control-by-hand>")
    assert response.status_code == 200, response.text
    assert ask()["controller"] is None


def test_update_errors_are_400s_and_write_nothing(writable):
    quads = _quads(writable)
    cases = [
        ("INSERT DATA { <a:b> <a:c> }", "does not parse"),
        (f"CREATE GRAPH <{EX}twice> ; CREATE GRAPH <{EX}twice>", "could not be applied"),
        (f"INSERT DATA {{ GRAPH <{EX}half> {{ <{EX}a> <{EX}b> 1 }} }} ; DROP GRAPH <{EX}never-made>", "could not be applied"),
    ]
    for text, needle in cases:
        response = _update(writable, text)
        assert response.status_code == 400 and needle in _no_traceback(response), response.text
    assert _quads(writable) == quads
    assert _status(writable, EX + "twice") == 404 and _status(writable, EX + "half") == 404



def test_load_and_service_fetch_nothing(writable):
    listener = Listener()
    try:
        refused = [
            (f"LOAD <{listener.url}/data.ttl>", "LOAD"),
            (f"LOAD SILENT <{listener.url}/data.ttl> INTO GRAPH <{EX}loaded>", "LOAD"),
            (f"INSERT DATA {{ <{EX}fetched> <{EX}b> 1 }} ;\nload <{listener.url}/x>", "LOAD"),
            (f"INSERT {{ <{EX}fetched> <{EX}b> ?o }} WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}", "SERVICE"),
        ]
        for text, needle in refused:
            for form in (True, False):
                response = _update(writable, text, form=form)
                assert response.status_code == 400 and needle in _no_traceback(response), response.text
        time.sleep(0.3)
    finally:
        listener.close()
    assert listener.connections == 0
    assert _status(writable, EX + "loaded") == 404 and _count(writable, f"<{EX}fetched> <{EX}b> ?o") == 0


def test_a_write_past_its_time_is_stopped_and_writes_nothing(writable):
    graph = EX + "slow"
    slow = (f"INSERT {{ GRAPH <{graph}> {{ <{EX}all> <{EX}count> ?n }} }} WHERE {{ "
            "{ SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } } } }")

    def run() -> tuple[requests.Response, float]:
        started = time.monotonic()
        return _update(writable, slow), time.monotonic() - started

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(run)
        time.sleep(0.5)
        started = time.monotonic()  # reads go on while the writer grinds
        assert _count(writable, f"GRAPH <{EX}sequence> {{ ?s ?p ?o }}") >= 0
        assert requests.get(writable.url + "/health", timeout=CLIENT_TIMEOUT).status_code == 200
        assert time.monotonic() - started < QUERY_TIMEOUT
        response, took = pending.result(timeout=WRITE_TIMEOUT + 60)
    assert response.status_code == 503 and "not known" in _no_traceback(response)
    assert response.headers["Retry-After"] == "1"
    assert WRITE_TIMEOUT - 0.5 <= took <= WRITE_TIMEOUT + 30, took
    assert _status(writable, graph) == 404
    # the next write finds a new writer
    assert _update(writable, f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}after> <{EX}p> 1 }} }}").status_code == 200
    assert _count(writable, f"GRAPH <{graph}> {{ ?s ?p ?o }}") == 1


def test_rdflib_sparql_update_store(writable):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    ex = rdflib.Namespace(EX)
    store = SPARQLUpdateStore(query_endpoint=writable.sparql, update_endpoint=writable.sparql, headers=dict(AUTH))
    try:
        graph = rdflib.Graph(store, identifier=ex.rdflib)
        graph.add((ex.a, ex.says, rdflib.Literal("привіт", lang="uk")))
        graph.add((ex.a, ex.knows, ex.b))
        assert len(graph) == 2
        assert set(graph.objects(ex.a, ex.knows)) == {ex.b}
        graph.remove((ex.a, ex.knows, None))
        assert len(graph) == 1
        graph.update(f"INSERT {{ ?s <{EX}echo> ?o }} WHERE {{ ?s <{EX}says> ?o }}")  # rdflib puts it in GRAPH blocks
        assert set(graph.objects(ex.a, ex.echo)) == {rdflib.Literal("привіт", lang="uk")}
        from rdflib.plugins.stores.sparqlconnector import SPARQLConnector

        SPARQLConnector.update(store, f"INSERT {{ GRAPH <{EX}rdflib-copy> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}",
                               default_graph=str(ex.rdflib))  # sent with using-graph-uri
        assert _triples(writable, EX + "rdflib-copy") == {f'<{EX}a> <{EX}says> "привіт"@uk', f'<{EX}a> <{EX}echo> "привіт"@uk'}
    finally:
        store.close()
    wrong = SPARQLUpdateStore(query_endpoint=writable.sparql, update_endpoint=writable.sparql,
                              headers={"Authorization": "Bearer wrong"})
    from urllib.error import HTTPError

    with pytest.raises(HTTPError) as refused:
        wrong.update(f"INSERT DATA {{ <{EX}rdflib-wrong> <{EX}y> <{EX}z> }}")
    assert refused.value.code == 403
    assert _count(writable, f"<{EX}rdflib-wrong> ?p ?o") == 0


def test_sparqlwrapper_updates(writable):
    from SPARQLWrapper import JSON, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import Unauthorized

    client = SPARQLWrapper(writable.sparql)
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", AUTH["Authorization"])
    for method, value in ((URLENCODED, "form"), (POSTDIRECTLY, "direct")):
        client.setRequestMethod(method)
        client.setQuery(f'INSERT DATA {{ GRAPH <{EX}wrapper> {{ <{EX}w> <{EX}sent> "{value}" }} }}')
        assert client.query().response.status == 200
    client.setQuery(f"SELECT ?how WHERE {{ GRAPH <{EX}wrapper> {{ ?s ?p ?how }} }} ORDER BY ?how")
    client.setReturnFormat(JSON)
    assert [row["how"]["value"] for row in client.queryAndConvert()["results"]["bindings"]] == ["direct", "form"]
    anonymous = SPARQLWrapper(writable.sparql)
    anonymous.setMethod(POST)
    anonymous.setQuery(f"DROP GRAPH <{EX}wrapper>")
    with pytest.raises(Unauthorized):
        anonymous.query()
    assert _count(writable, f"GRAPH <{EX}wrapper> {{ ?s ?p ?o }}") == 2


def test_snapshots_do_not_pile_up(writable):
    roots = list(writable.store.parent.glob(".store.snapshots-*"))
    assert len(roots) == 1
    for i in range(5):
        assert _update(writable, f"INSERT DATA {{ <{EX}pile{i}> <{EX}p> {i} }}").status_code == 200
    _count(writable, "?s ?p ?o")
    assert len([p for p in roots[0].iterdir() if p.is_dir()]) <= THREADS + 2


# --- the build and what people wrote ---------------------------------------------------------------


def _graph_triples(store: Store, graph: NamedNode | DefaultGraph) -> set[str]:
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, graph)}


def test_frontline_build_never_drops_a_user_graph(sample_store, corpus_copy, tmp_path):
    from kg.build import build

    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path)
    mine, notes = EX + "mine", EX + "notes"
    env = {"FRONTLINE_TOKEN": TOKEN}
    with running_server(store_path, tmp_path / "server.log", "--writable", "--threads", "2", env=env) as server:
        assert _store_request(server, "PUT", mine, _nt(("m", "p", '"mine"')), NT).status_code == 201
        assert _store_request(server, "PUT", None, _nt(("d", "p", '"default"')), NT, default="").status_code == 204
        assert _update(server, f"INSERT DATA {{ GRAPH <{notes}> {{ <{EX}n> <{EX}p> \"note\" }} }}").status_code == 200

        # one writer: neither a build nor a second writable server can open the store now
        other_env = {**os.environ, **env}
        built = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--store", str(store_path), "--corpus",
                                str(corpus_copy), "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                               env=other_env)
        assert built.returncode == 2 and "being served by" in built.stderr, built.stderr
        second = subprocess.run(serve_command(store_path, free_port(), "--writable"), capture_output=True, text=True,
                                cwd=ROOT, timeout=120, env=other_env)
        assert second.returncode == 2 and "cannot open the store" in second.stderr, second.stderr

        # a power cut right after the acknowledgements: the writes are on disk
        server.kill_everything()
    assert list(tmp_path.glob(".store.snapshots-*")), "expected the killed server's snapshots to be left behind"

    # the corpus changes: one article is edited, one is new; the build replaces only its own graphs
    txt = sorted(corpus_copy.glob("*.txt"))[0]
    txt.write_text(txt.read_text("utf-8") + "\n\nRussian forces shelled Shostka on Monday, officials said.", "utf-8")
    (corpus_copy / "new-report.txt").write_text(
        " date 2023-06-20 Ukrainian forces recaptured the village of Zinkiv in Poltava region, "
        "the defence ministry said on Tuesday.", "utf-8")
    report = build(corpus_copy, store_path)
    assert (report.added, report.replaced) == (1, 1)

    store = Store.read_only(str(store_path))
    assert _graph_triples(store, NamedNode(mine)) == {f'<{EX}m> <{EX}p> "mine"'}
    assert _graph_triples(store, NamedNode(notes)) == {f'<{EX}n> <{EX}p> "note"'}
    assert _graph_triples(store, DefaultGraph()) == {f'<{EX}d> <{EX}p> "default"'}
    names = {g.value for g in store.named_graphs()}
    assert {g for g in names if not g.startswith(vocab.GRAPH)} == {mine, notes}, "the build wrote outside its namespace"
    assert vocab.article_graph("new-report") in names
    del store

    # a writable server started again clears what the killed one left, and serves what was written
    with running_server(store_path, tmp_path / "again.log", "--writable", env=env) as server:
        assert not [p for p in tmp_path.glob(".store.snapshots-*") if p.name != _root_of(server).name]
        assert _triples(server, mine) == {f'<{EX}m> <{EX}p> "mine"'}
    assert not list(tmp_path.glob(".store.snapshots-*")), server.log_text()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the web worker through /proc")
def test_a_killed_web_worker_loses_nothing_and_leaves_nothing(sample_store, tmp_path):
    """The web worker dies without cleaning up: granian starts another, which serves what was
    written and empties the snapshot folder. That one hangs when the server stops, and is
    killed: the server's main process removes the folder, which no worker did."""
    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path)
    with running_server(store_path, tmp_path / "server.log", "--writable", "--threads", "2",
                        env={"FRONTLINE_TOKEN": TOKEN}) as server:
        assert _store_request(server, "PUT", EX + "kept", _nt(("k", "p", '"kept"')), NT).status_code == 201
        root = _root_of(server)
        assert [p for p in root.iterdir() if p.is_dir()]
        (main,) = _children(server.process.pid)  # `timeout`'s child: granian's main process
        (worker,) = _workers(main)
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while not (_workers(main) and worker not in _workers(main) and server.answers() and
                   requests.get(server.url + "/health", timeout=CLIENT_TIMEOUT).json()["warm"]):
            # the new worker has started all its processes: stopping it while it spawns one would
            # leave a half-born child that prints the spawn's traceback
            assert time.monotonic() < deadline, server.log_text()
            time.sleep(0.2)
        assert _triples(server, EX + "kept") == {f'<{EX}k> <{EX}p> "kept"'}
        assert _root_of(server) == root
        assert len([p for p in root.iterdir() if p.is_dir()]) == 1, "the dead worker's snapshots are still there"
        # the new worker hangs, so the server, told to stop, kills it after workers_kill_timeout
        # (told directly: `timeout` would wake the worker, as it sends SIGCONT after the signal)
        (hung,) = _workers(main)
        os.kill(hung, signal.SIGSTOP)
        os.kill(main, signal.SIGTERM)
        server.process.wait(timeout=60)
    assert "Killing worker" in server.log_text()
    assert not list(tmp_path.glob(".store.snapshots-*")), server.log_text()


def test_a_server_killed_outright_takes_its_workers_and_their_processes_with_it(sample_store, tmp_path):
    # issue 21, item 10: after kill -9 of the main process its worker went on serving for a minute,
    # holding the port and the store's lock, and a new `frontline serve` could not start
    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path)
    with running_server(store_path, tmp_path / "server.log", "--writable", "--threads", "2",
                        env={"FRONTLINE_TOKEN": TOKEN}) as server:
        (main,) = _children(server.process.pid)  # `timeout`'s child: granian's main process
        (worker,) = _workers(main)
        below = _children(worker)  # the worker's query processes and its writer
        assert below
        os.kill(main, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while any(Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid) for pid in [worker, *below]):
            assert time.monotonic() < deadline, "the killed server's processes are still running"
            time.sleep(0.2)
        with socket.socket() as probe:  # the port is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", int(server.url.rsplit(":", 1)[1])))
        server.process.wait(timeout=30)


def _state(pid: int) -> str:
    try:
        return next((line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                     if line.startswith("State:")), "").lower()
    except OSError:
        return "zombie"


def _workers(main: int) -> list[int]:
    return [pid for pid in _children(main) if "worker" in _command(pid)]


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _root_of(server) -> Path:
    (root,) = list(server.store.parent.glob(".store.snapshots-*"))
    return root


def test_an_update_nested_thousands_deep_is_refused_by_its_text(writable):
    # issue 21, item 8: the writer's engine would overflow its stack on it
    before = _quads(writable)
    update = ("INSERT { <http://example.org/a> <http://example.org/b> 1 } WHERE " + "{ " * 10_000 + "} " * 10_000)
    response = _update(writable, update, form=False)
    assert response.status_code == 400 and "limit is" in _no_traceback(response), response.text
    assert _quads(writable) == before


def test_text_xml_cannot_carry_is_refused_in_xml_and_kept_in_other_formats(writable):
    # issue 21, item 11: control characters made XML results and RDF/XML ill-formed
    subject = "http://example.org/control-characters"
    assert _update(writable, f'INSERT DATA {{ GRAPH <{subject}> {{ <{subject}> <http://example.org/title> '
                             '"bell\\u0007and\\u000Bvertical tab" } }').status_code in (200, 204)
    query = f"SELECT ?t WHERE {{ <{subject}> ?p ?t }}"
    xml = requests.get(writable.sparql, params={"query": query}, headers={"Accept": "application/sparql-results+xml"},
                       timeout=CLIENT_TIMEOUT)
    assert xml.status_code == 406 and "XML 1.0" in _no_traceback(xml), xml.text
    construct = requests.get(writable.sparql, params={"query": f"CONSTRUCT WHERE {{ <{subject}> ?p ?t }}"},
                             headers={"Accept": "application/rdf+xml"}, timeout=CLIENT_TIMEOUT)
    assert construct.status_code == 406 and "XML 1.0" in _no_traceback(construct), construct.text
    dumped = requests.get(writable.url + "/dump.rdf", timeout=CLIENT_TIMEOUT)
    assert dumped.status_code == 406 and "XML 1.0" in _no_traceback(dumped), dumped.text
    assert _select(writable, query)[0]["t"]["value"] == "bell\x07and\x0bvertical tab"  # JSON carries it
    _update(writable, f"DROP GRAPH <{subject}>")


def test_rdf_xml_that_declares_entities_is_refused_before_it_expands(writable):
    # issue 21, item 9: 953 bytes of "billion laughs" pushed the server to 7 GB
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY l0 "ha">{laughs}]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:about="http://example.org/a"><ex:says>&l9;</ex:says></rdf:Description></rdf:RDF>')
    graph = EX + "laughs"
    started = time.monotonic()
    response = _store_request(writable, "PUT", graph, body.encode(), "application/rdf+xml")
    assert response.status_code == 400 and "entities" in _no_traceback(response), response.text
    assert time.monotonic() - started < 10
    assert _status(writable, graph) == 404


def test_a_build_on_a_store_a_server_serves_is_refused_naming_the_server(sample_store, tmp_path):
    # issue 21, item 14: the build succeeded and the read-only server went on answering from the old graph
    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "new.txt").write_text(" date 2024-03-01 Russian forces shelled Shostka, the governor said.", "utf-8")
    with running_server(store_path, tmp_path / "server.log", "--threads", "2") as server:
        before = _quads(server)
        done = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--corpus", str(corpus), "--store",
                               str(store_path)], capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert done.returncode == 2 and "being served by `frontline serve`" in done.stderr, done.stderr
        assert server.url in done.stderr and "Traceback" not in done.stderr
        assert _quads(server) == before
    after = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--corpus", str(corpus), "--store",
                            str(store_path)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert after.returncode == 0, after.stderr  # the server gone, its marker went with it


def test_an_upload_that_parses_for_minutes_is_stopped_by_the_write_limit(sample_store, tmp_path):
    """RDF/XML nested 60,000 deep (2 MB) takes pyoxigraph many seconds to parse, its time growing
    with the square of the depth. It is parsed by the writer, under the write time limit (here 2 s),
    not by the web worker without one: the upload is answered 503 (the writer was stopped, nothing
    of it written), the server goes on reading and writing, and the graph never appears."""
    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path)
    depth = 60_000
    nested = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              f'xmlns:ex="{EX}"><rdf:Description rdf:about="{EX}top">' + '<ex:p rdf:parseType="Resource">' * depth +
              '</ex:p>' * depth + '</rdf:Description></rdf:RDF>').encode()
    graph = EX + "nested"
    with running_server(store_path, tmp_path / "server.log", "--writable", "--threads", "2", "--write-timeout", "2",
                        env={"FRONTLINE_TOKEN": TOKEN}) as server:
        response = _store_request(server, "PUT", graph, nested, "application/rdf+xml")
        assert response.status_code == 503 and response.headers["Retry-After"], response.text
        assert _status(server, graph) == 404
        assert _store_request(server, "PUT", graph, _nt(("a", "p", '"small"')), NT).status_code == 201
        assert _triples(server, graph) == {f'<{EX}a> <{EX}p> "small"'}
        assert "Traceback" not in server.log_text()

"""The SPARQL 1.1/1.2 Protocol on a writable server, case by case as the W3C protocol test suite
(sparql12 protocol manifest) states them: the same requests, the same dataset set-up through
the Graph Store Protocol, and the expected status, media type and boolean of each, checked
strictly (the suite's own runner checks some of them only loosely).

The server is `frontline serve --writable` on a copy of the sample store, started once for this
module; several cases clear the whole store (CLEAR ALL, DROP ALL), so every case loads the data
it needs first. Every request carries the server's token, as the suite's runner sends it.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import quote

import pytest
import requests
from pyoxigraph import RdfFormat, parse

from tests.servers import running_server

TOKEN = "protocol-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CLIENT_TIMEOUT = 30
KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA = {n: f"<{KASEI}data{n}.rdf> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Document> .\n"
        for n in (1, 2, 3)}
D1, D2, D3 = (f"{KASEI}data{n}.rdf" for n in (1, 2, 3))
FORM = "application/x-www-form-urlencoded"
RESULT_TYPES = {"application/sparql-results+xml", "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(sample_store, tmp_path_factory):
    home = tmp_path_factory.mktemp("protocol")
    store = home / "store"
    shutil.copytree(sample_store, store)
    with running_server(store, home / "server.log", "--writable", "--threads", "3", "--timeout", "5",
                        env={"FRONTLINE_TOKEN": TOKEN}) as served:
        yield served


def _load(server, *numbers: int) -> None:
    """The suite's set-up: the first data file PUT into its graph, the others POSTed."""
    for i, n in enumerate(numbers):
        response = requests.request("PUT" if i == 0 else "POST", server.graph_store, params={"graph": f"{KASEI}data{n}.rdf"},
                                    data=DATA[n].encode(), headers={"Content-Type": "application/n-triples", **AUTH},
                                    timeout=CLIENT_TIMEOUT)
        assert response.status_code in (201, 204), response.text


def _send(server, method: str, qs: str = "", body: str | bytes | None = None, headers: dict | None = None) -> requests.Response:
    url = server.sparql + ("?" + qs if qs else "")
    data = body.encode() if isinstance(body, str) else body
    request = requests.Request(method, url, data=data, headers={**AUTH, **(headers or {})}).prepare()
    if not headers or not any(k.lower() == "content-type" for k in headers):
        request.headers.pop("Content-Type", None)
    with requests.Session() as session:
        return session.send(request, timeout=CLIENT_TIMEOUT)


def _boolean(response: requests.Response) -> bool:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] in RESULT_TYPES
    match = re.search(r'"boolean"\s*:\s*(true|false)|<boolean>\s*(true|false)\s*</boolean>', response.text)
    assert match, response.text
    return (match.group(1) or match.group(2)) == "true"


def _ask(server, query: str, qs: str = "") -> bool:
    return _boolean(_send(server, "POST", qs, query, {"Content-Type": "application/sparql-query"}))


def _has_data1(server) -> bool:
    return _ask(server, f"ASK {{ GRAPH <{D1}> {{ <{D1}> a ?type }} }}")


def q(text: str) -> str:
    return quote(text, safe="")


# --- malformed requests: 4xx, and an update that is refused changes nothing ------------------------

BAD = {
    "bad_multiple_queries": ("GET", f"query={q('ASK {}')}&query={q('SELECT * {}')}", None, {}, 400),
    "bad_multiple_queries_form": ("POST", "", "query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {"Content-Type": FORM}, 400),
    "bad_multiple_updates": ("POST", "", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", {"Content-Type": FORM}, 400),
    "bad_query_get_with_body": ("GET", f"query={q('ASK {}')}&default-graph-uri={q(D1)}", "unexpected body content", {}, 400),
    "bad_query_method": ("PUT", f"query={q('ASK {}')}&default-graph-uri={q(D1)}", None, {"Content-Type": FORM}, 405),
    "bad_query_missing_direct_type": ("POST", "", "ASK {}", {}, 415),
    "bad_query_missing_form_type": ("POST", "", "query=ASK%20%7B%7D", {}, 415),
    "bad_query_multiple_versions": ("GET", f"query={q('ASK {}')}&version=1.1&version=1.2&default-graph-uri={q(D1)}", None, {},
                                    400),
    "bad_query_non_utf8": ("POST", "", "ASK {}", {"Content-Type": "application/sparql-query; charset=UTF-16"}, 415),
    "bad_query_syntax": ("GET", f"query={q('ASK {')}", None, {}, 400),
    "bad_query_wrong_media_type": ("POST", "", "ASK {}", {"Content-Type": "text/plain"}, 415),
    "bad_update_dataset_conflict": (
        "POST", "using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\nDELETE { ?person foaf:givenName 'Bill' }\n"
        "INSERT { ?person foaf:givenName 'William' }\nWHERE {\n    ?person foaf:givenName 'Bill'\n}",
        {"Content-Type": "application/sparql-update"}, 400),
    "bad_update_form_body_missing": ("POST", f"update={q('CLEAR ALL')}", None, {"Content-Type": FORM}, 400),
    "bad_update_get": ("GET", f"update={q('CLEAR ALL')}", None, {}, 400),
    "bad_update_missing_form_type": ("POST", "", "update=CLEAR%20NAMED", {}, 415),
    "bad_update_multiple_versions": ("POST", "", "update=CLEAR%20ALL&version=1.1&version=1.2", {"Content-Type": FORM}, 400),
    "bad_update_non_utf8": ("POST", "", "CLEAR NAMED", {"Content-Type": "application/sparql-update; charset=UTF-16"}, 415),
    "bad_update_syntax": ("POST", "", "update=CLEAR%20XYZ", {"Content-Type": FORM}, 400),
    "bad_update_wrong_media_type": ("POST", "", "CLEAR NAMED", {"Content-Type": "text/plain"}, 415),
    # not in the suite: a version this endpoint does not speak, and a query and an update in one request
    "unknown_version": ("GET", f"query={q('ASK {}')}&version=2.0", None, {}, 400),
    "query_and_update": ("POST", "", "query=ASK%20%7B%7D&update=CLEAR%20ALL", {"Content-Type": FORM}, 400),
    "update_sent_as_query": ("POST", "", "CLEAR ALL", {"Content-Type": "application/sparql-query"}, 400),
}


@pytest.mark.parametrize("name", list(BAD))
def test_malformed_requests_are_4xx_and_change_nothing(server, name):
    method, qs, body, headers, status = BAD[name]
    _load(server, 1)
    response = _send(server, method, qs, body, headers)
    assert response.status_code == status, (name, response.status_code, response.text)
    assert "Traceback" not in response.text
    assert _has_data1(server), f"{name} changed the store"


# --- queries --------------------------------------------------------------------------------------


def test_query_get_post_direct_and_post_form(server):
    _load(server, 1)
    assert _boolean(_send(server, "GET", f"query={q('ASK {}')}&default-graph-uri={q(D1)}"))  # query_get
    assert _boolean(_send(server, "POST", "", "ASK {}", {"Content-Type": "application/sparql-query"}))  # query_post_direct
    assert _boolean(_send(server, "POST", f"default-graph-uri={q(D1)}", "query=ASK%20%7B%7D",
                          {"Content-Type": FORM}))  # query_post_form
    assert _boolean(_send(server, "POST", "", f"query={q(f'ASK {{ <{D1}> ?p ?o }}')}&default-graph-uri={q(D1)}",
                          {"Content-Type": FORM}))  # query_post_form_dataset


def test_query_with_a_version(server):
    _load(server, 1)
    response = _send(server, "GET", f"query={q('ASK {}')}&version=1.2&default-graph-uri={q(D1)}")  # query_get_with_version
    assert _boolean(response)
    response = _send(server, "POST", f"default-graph-uri={q(D1)}", "ASK {}",
                     {"Content-Type": "application/sparql-query; version=1.2"})  # query_post_direct_with_version_param
    assert response.headers["Content-Type"].split(";")[0] in RESULT_TYPES
    assert _boolean(response)


@pytest.mark.parametrize("accept", sorted(RESULT_TYPES))
def test_query_content_negotiation(server, accept):
    _load(server, 1)
    response = _send(server, "POST", "", f"query=ASK%20%7B%7D&default-graph-uri={q(D1)}",
                     {"Content-Type": FORM, "Accept": accept})
    assert response.headers["Content-Type"].split(";")[0] == accept
    assert _boolean(response)


def test_query_content_types(server):
    _load(server, 1)
    direct = {"Content-Type": "application/sparql-query"}
    ask = _send(server, "POST", f"default-graph-uri={q(D1)}", "ASK {}", direct)
    assert ask.headers["Content-Type"].split(";")[0] in RESULT_TYPES and _boolean(ask)
    select = _send(server, "POST", f"default-graph-uri={q(D1)}", "SELECT (1 AS ?value) {}", direct)
    assert select.status_code == 200
    assert select.headers["Content-Type"].split(";")[0] in RESULT_TYPES | {"text/csv", "text/tab-separated-values"}
    assert select.json()["results"]["bindings"][0]["value"]["value"] == "1"
    rdf_types = {"application/rdf+xml": RdfFormat.RDF_XML, "text/turtle": RdfFormat.TURTLE,
                 "application/n-triples": RdfFormat.N_TRIPLES}
    construct = _send(server, "POST", f"default-graph-uri={q(D1)}", "CONSTRUCT { <s> <p> 1 } WHERE {}", direct)
    assert construct.status_code == 200, construct.text
    fmt = rdf_types[construct.headers["Content-Type"].split(";")[0]]
    (triple,) = list(parse(construct.content, format=fmt))
    assert triple.subject.value == server.sparql.rsplit("/", 1)[0] + "/s"  # relative IRIs resolve against the endpoint
    describe = _send(server, "POST", f"default-graph-uri={q(D1)}", "DESCRIBE <http://example.org/>", direct)
    assert describe.status_code == 200 and describe.headers["Content-Type"].split(";")[0] in rdf_types


def test_query_datasets_from_the_protocol(server):
    _load(server, 1, 2, 3)
    both = (f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}")
    named = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
    direct = {"Content-Type": "application/sparql-query"}
    two_defaults = f"default-graph-uri={q(D1)}&default-graph-uri={q(D2)}"
    two_named = f"named-graph-uri={q(D1)}&named-graph-uri={q(D2)}"
    response = _send(server, "POST", "", f"query={q(f'ASK {{ <{D1}> ?p ?o }}')}&default-graph-uri={q(D1)}",
                     {"Content-Type": FORM, "Accept": "application/sparql-results+xml"})  # query_dataset_default_graph
    assert response.headers["Content-Type"].startswith("application/sparql-results+xml") and _boolean(response)
    assert _boolean(_send(server, "GET", f"query={q(both)}&{two_defaults}"))  # query_dataset_default_graphs_get
    assert _boolean(_send(server, "POST", two_defaults, both, direct))  # query_dataset_default_graphs_post
    assert _boolean(_send(server, "GET", f"query={q(named)}&{two_named}"))  # query_dataset_named_graphs_get
    assert _boolean(_send(server, "POST", two_named, named, direct))  # query_dataset_named_graphs_post
    full = f"ASK {{\n  <{D3}> a ?type\n  GRAPH ?g1 {{ <{D1}> a ?type }}\n  GRAPH ?g2 {{ <{D2}> a ?type }}\n}}"
    assert _boolean(_send(server, "POST", f"default-graph-uri={q(D3)}&{two_named}", full, direct))  # query_dataset_full
    own = f"ASK FROM <{D3}> {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
    assert _boolean(_send(server, "POST", two_named, own, direct))  # query_multiple_dataset: the protocol's dataset wins
    # and the protocol's dataset really is the dataset: outside it, nothing
    assert not _boolean(_send(server, "GET", f"query={q(both)}&default-graph-uri={q(D1)}"))


# --- updates --------------------------------------------------------------------------------------


def _update(server, text: str, qs: str = "", content_type: str = "application/sparql-update") -> requests.Response:
    return _send(server, "POST", qs, text, {"Content-Type": content_type})


@pytest.mark.parametrize("how", ["update_post_direct", "update_post_direct_with_version_param", "update_post_form",
                                 "update_post_form_with_version"])
def test_update_clear_all(server, how):
    _load(server, 1)
    assert _has_data1(server)
    if how == "update_post_direct":
        response = _update(server, "CLEAR ALL")
    elif how == "update_post_direct_with_version_param":
        response = _update(server, "CLEAR ALL", content_type="application/sparql-update; version=1.2")
    elif how == "update_post_form":
        response = _update(server, "update=CLEAR+ALL", content_type=FORM)
    else:
        response = _update(server, "update=CLEAR%20ALL&version=1.2", content_type=FORM)
    assert response.status_code == 200, response.text
    assert not _has_data1(server)
    assert not _ask(server, "ASK { ?s ?p ?o }")


def test_query_base_uri(server):
    _load(server, 1)
    graph = "http://example.org/protocol-base-query-test/"
    response = _update(server, f"CLEAR SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> "
                               "<http://example.org/p> <http://example.org/o> } }")
    assert response.status_code == 200, response.text
    assert _ask(server, "BASE <http://example.org/>\nASK {\n  GRAPH <protocol-base-query-test/> {\n    <s> <p> <o>\n  }\n}")


def test_update_base_uri(server):
    """A relative IRI in an update resolves against the service's base IRI, its endpoint. (The
    suite's verification query, `?o != <test>`, is answered false here: its own <test> resolves
    against the same base, so it names the very IRI that was stored.)"""
    _load(server, 1)
    graph = "http://example.org/protocol-base-test/"
    response = _update(server, f"CLEAR SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> "
                               "<http://example.org/p> <test> } }")
    assert response.status_code == 200, response.text
    resolved = server.url + "/test"
    assert _ask(server, f"ASK {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> ?o "
                        f"FILTER (isIRI(?o) && STR(?o) = \"{resolved}\") }} }}")
    suite_check = f"ASK {{\n  GRAPH <{graph}> {{\n    <http://example.org/s> <http://example.org/p> ?o\n" \
                  "    FILTER (isIRI(?o) && ?o != <test>)\n  }\n}"
    assert _ask(server, suite_check) is False


PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
THREE_DOCUMENTS = (f"INSERT DATA {{\n GRAPH <{D1}> {{ <{D1}> a foaf:Document }}\n GRAPH <{D2}> {{ <{D2}> a foaf:Document }}\n"
                   f" GRAPH <{D3}> {{ <{D3}> a foaf:Document }}\n}}")


def test_update_dataset_default_graph(server):
    _load(server, 1)
    target = "http://example.org/protocol-update-dataset-test/"
    update = (PREFIXES + f"CLEAR ALL ;\nINSERT DATA {{ GRAPH <{D1}> {{ <{D1}> a foaf:Document }} }} ;\n"
              f"INSERT {{ GRAPH <{target}> {{ ?s a dc:BibliographicResource }} }}\nWHERE {{ ?s a foaf:Document }}")
    assert _update(server, update, f"using-graph-uri={q(D1)}").status_code == 200
    assert _ask(server, f"ASK {{ GRAPH <{target}> {{ <{D1}> a <http://purl.org/dc/terms/BibliographicResource> }} }}")


def test_update_dataset_default_graphs(server):
    _load(server, 1)
    target = "http://example.org/protocol-update-dataset-graphs-test/"
    update = (PREFIXES + f"DROP ALL ;\n{THREE_DOCUMENTS} ;\n"
              f"INSERT {{ GRAPH <{target}> {{ ?s a dc:BibliographicResource }} }}\nWHERE {{ ?s a foaf:Document }}")
    assert _update(server, update, f"using-graph-uri={q(D1)}&using-graph-uri={q(D2)}").status_code == 200
    bib = "<http://purl.org/dc/terms/BibliographicResource>"
    assert _ask(server, f"ASK {{ GRAPH <{target}> {{ <{D1}> a {bib} . <{D2}> a {bib} . }} "
                        f"FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{D3}> a {bib} }} }} }}")


def test_update_dataset_named_graphs(server):
    _load(server, 1)
    target = "http://example.org/protocol-update-dataset-named-graphs-test/"
    update = (PREFIXES + f"DROP ALL ;\n{THREE_DOCUMENTS} ;\n"
              f"INSERT {{ GRAPH <{target}> {{ ?s a dc:BibliographicResource }} }}\nWHERE {{ GRAPH ?g {{ ?s a foaf:Document }} }}")
    assert _update(server, update, f"using-named-graph-uri={q(D1)}&using-named-graph-uri={q(D2)}").status_code == 200
    bib = "<http://purl.org/dc/terms/BibliographicResource>"
    assert _ask(server, f"ASK {{ GRAPH <{target}> {{ <{D1}> a {bib} . <{D2}> a {bib} . }} "
                        f"FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{D3}> a {bib} }} }} }}")


def test_update_dataset_full(server):
    _load(server, 1)
    target = "http://example.org/protocol-update-dataset-full-test/"
    update = (PREFIXES + f"DROP ALL ;\n{THREE_DOCUMENTS} ;\n"
              f"INSERT {{ GRAPH <{target}> {{ ?s <http://example.org/in> ?in }} }}\n"
              "WHERE {\n { GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) }\n UNION\n"
              " { ?s a foaf:Document . BIND(\"default\" AS ?in) }\n}")
    assert _update(server, update, f"using-graph-uri={q(D1)}&using-named-graph-uri={q(D2)}").status_code == 200
    assert _ask(server, f"ASK {{ GRAPH <{target}> {{ <{D1}> <http://example.org/in> \"default\" . "
                        f"<{D2}> <http://example.org/in> <{D2}> . }} "
                        f"FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{D3}> ?p ?o }} }} }}")


def test_using_graph_uri_applies_to_every_operation_and_to_delete_where(server):
    _load(server, 1, 2)
    update = (f"INSERT {{ GRAPH <http://example.org/copy> {{ ?s <http://example.org/from> \"1\" }} }} WHERE {{ ?s ?p ?o }} ;\n"
              f"DELETE WHERE {{ GRAPH <{D1}> {{ ?s ?p ?o }} }}")
    assert _update(server, update, f"using-graph-uri={q(D2)}&using-named-graph-uri={q(D1)}").status_code == 200
    assert _ask(server, f"ASK {{ GRAPH <http://example.org/copy> {{ <{D2}> ?p ?o }} "
                        f"FILTER NOT EXISTS {{ GRAPH <http://example.org/copy> {{ <{D1}> ?p ?o }} }} }}")
    assert not _has_data1(server)  # DELETE WHERE saw <data1> as a named graph of the protocol's dataset

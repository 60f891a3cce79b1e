"""Fuzzing what strangers hand the project (issue 21): whatever the bytes of a file, it is read
into articles or named as skipped with its reason, never a crash; whatever the parameters of a
request, the endpoint and the API answer without a 500 and without a stack trace. Bounded in
examples (hypothesis) so that the suite's time stays what it was."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus.articles import Article, Skipped, read_file

# the same examples on every run of the suite (derandomized), so that its outcome never depends on
# luck; FUZZ_EXAMPLES=2000 explores afresh, with as many examples as asked
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None,
                derandomize="FUZZ_EXAMPLES" not in os.environ, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["id", "text", "title", "url", "date", "source", "x"]) | st.text(max_size=8), inner, max_size=6),
    max_leaves=25)


def _read(tmp_path_factory, monkeypatch, name: str, data: bytes) -> list:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "fuzz-cache"))
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    items = list(read_file(path))
    for item in items:
        assert isinstance(item, Article | Skipped), item
        if isinstance(item, Skipped):
            assert item.reason.strip(), item
        else:
            assert item.text.strip() and item.id
    return items


@FUZZ
@given(data=st.binary(max_size=3000) | st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
       suffix=st.sampled_from([".txt", ".json", ".jsonl", ".html", ".htm"]))
def test_any_bytes_in_a_corpus_file_are_read_or_named_as_skipped(tmp_path_factory, monkeypatch, data, suffix):
    _read(tmp_path_factory, monkeypatch, f"article{suffix}", data)


@FUZZ
@given(record=json_values, lines=st.booleans())
def test_any_json_record_is_read_or_named_as_skipped(tmp_path_factory, monkeypatch, record, lines):
    text = json.dumps(record)
    if lines:
        _read(tmp_path_factory, monkeypatch, "records.jsonl", (text + "\n" + text + "\n").encode())
    else:
        _read(tmp_path_factory, monkeypatch, "record.json", text.encode())


@pytest.fixture(scope="module")
def client(sample_store, tmp_path_factory):
    """The real app in process, on a copy of the sample store, with one query process."""
    import shutil

    from server import create_app

    store = tmp_path_factory.mktemp("fuzz-served") / "store"
    shutil.copytree(sample_store, store)
    app = create_app(store, {"QUERY_TIMEOUT": 5, "QUERY_PROCESSES": 1, "MAX_ROWS": 50})
    try:
        yield app.test_client()
    finally:
        app.extensions["frontline"].close()


def _clean(response) -> None:
    assert response.status_code < 500 or response.status_code == 503, (response.status_code, response.data[:300])
    assert b"Traceback" not in response.data and b'File "' not in response.data


@FUZZ
@given(query=st.text(max_size=300), fmt=st.text(max_size=20), graph=st.text(max_size=60),
       # a header cannot carry line ends or other controls: HTTP clients refuse to send them
       accept=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_any_sparql_parameters_get_an_answer_not_a_crash(client, query, fmt, accept, graph):
    _clean(client.get("/sparql", query_string={"query": query, "format": fmt, "default-graph-uri": graph},
                      headers={"Accept": accept}))
    _clean(client.post("/sparql", data={"query": query, "named-graph-uri": graph}))


@FUZZ
@given(place=st.text(max_size=80), date=st.text(max_size=20), fmt=st.text(max_size=10))
def test_any_control_question_gets_an_answer_not_a_crash(client, place, date, fmt):
    _clean(client.get("/api/control", query_string={"place": place, "date": date, "format": fmt}))
    _clean(client.get("/store", query_string={"graph": place}))

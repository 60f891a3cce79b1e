"""The pages an analyst works from (issue 24): a place's page with its control timeline, the map
with its date slider, search by any name, and the graph's IRIs answered on this server. The
server is `frontline serve` on a copy of the sample store, on 127.0.0.1; the browser is Debian's
chromium driven by Playwright, skipped where it is not installed. Every browser test saves a
screenshot to its temporary folder, and checks that the page asked no host but the server."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import rdflib
import requests

from kg.graph import control, places
from kg.graph.store import open_store
from kg.language.gazetteer import load as gazetteer
from kg.names import key
from tests.servers import running_server

CLIENT_TIMEOUT = 30
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ID = "https://frontline-kg.org/id/"


@pytest.fixture(scope="module")
def server(sample_store, tmp_path_factory):
    home = tmp_path_factory.mktemp("pages")
    store = home / "store"
    shutil.copytree(sample_store, store)
    with running_server(store, home / "server.log", "--workers", "1", "--threads", "4") as served:
        yield served


@pytest.fixture(scope="module")
def catalogue(sample_store) -> places.Catalogue:
    return places.catalogue(open_store(sample_store, read_only=True))


def _get(server, path: str, **kwargs) -> requests.Response:
    return requests.get(server.url + path, timeout=CLIENT_TIMEOUT, **kwargs)


@pytest.fixture(scope="module")
def contested(sample_store, catalogue) -> tuple[places.Place, list[str]]:
    """A place of the sample that changed hands, chosen from the data (no test names a town), with
    its other names from the graph whose key is its own."""
    store = open_store(sample_store, read_only=True)
    for place in sorted(catalogue.places.values(), key=lambda p: (-p.operations, p.label)):
        if len({p.controller for p in catalogue.periods.get(place.iri, ())}) < 2:
            continue
        rows = store.query(f"SELECT DISTINCT ?name WHERE {{ <{place.iri}> <http://www.w3.org/2004/02/skos/core#altLabel> "
                           f"?name }} ORDER BY ?name", use_default_graph_as_union=True)
        others = [row["name"].value for row in rows if key(row["name"].value) != key(place.label)
                  and [p.iri for p in _reported_by_key(catalogue, row["name"].value)] == [place.iri]]
        if others:
            return place, others
    pytest.fail("no place of the sample changed hands and has another name")


def _reported_by_key(catalogue: places.Catalogue, name: str) -> list[places.Place]:
    return [catalogue.places[iri] for iri in catalogue.keys.get(key(name), ()) if catalogue.places[iri].operations]


# --- search -----------------------------------------------------------------------------------

def test_a_place_is_found_by_any_of_its_names(server, catalogue, contested):
    place, others = contested
    for name in (place.label, *others[:2]):
        answer = _get(server, "/api/places", params={"q": name}).json()
        assert answer["status"] == "found" and place.id in [p["id"] for p in answer["places"]], (name, answer)
        assert f"/place/{place.id}" in [p["url"] for p in answer["places"]]
    typing = _get(server, "/api/places", params={"q": place.label[:4]}).json()
    assert typing["status"] == "suggestions" and place.id in [p["id"] for p in typing["places"]], typing
    misspelt = place.label[:-1] + ("q" if place.label[-1] != "q" else "x")  # the last letter wrong
    answer = _get(server, "/api/places", params={"q": misspelt}).json()
    assert answer["status"] == "did-you-mean" and place.id in [p["id"] for p in answer["places"]], answer
    # a real place nobody in the sample reports on (the gazetteer's), and a name that is no place at all
    elsewhere = next(g.name for g in sorted(gazetteer().places, key=lambda g: g.name)
                     if g.kind == "settlement" and len(key(g.name)) >= 5 and key(g.name) not in catalogue.keys)
    answer = _get(server, "/api/places", params={"q": elsewhere}).json()
    assert answer["status"] == "no-reports" and answer["places"][0]["id"] is None, (elsewhere, answer)
    nothing = _get(server, "/api/places", params={"q": "Qwxzptl"}).json()
    assert nothing == {"query": "Qwxzptl", "status": "unknown", "places": []}
    assert _get(server, "/api/places").status_code == 400


def test_the_search_page_goes_to_the_place_or_says_why_not(server, catalogue, contested):
    place, others = contested
    found = _get(server, "/search", params={"q": others[0]}, allow_redirects=False)
    assert found.status_code == 303 and found.headers["Location"].endswith(f"/place/{place.id}")
    unknown = _get(server, "/search", params={"q": "Qwxzptl"})
    assert unknown.status_code == 404 and "knows no place called" in unknown.text
    assert "Did you mean" in _get(server, "/search", params={"q": place.label[:-1] + "q"}).text
    assert _get(server, "/place/no-such-place").status_code == 404
    assert _get(server, f"/place/{place.id}", params={"date": "yesterday"}).status_code == 400


def test_a_namesake_with_no_reports_shows_none_of_the_others(server, catalogue):
    # two places share a name: the one nobody reported on does not borrow the other's timeline
    shared = [iris for iris in catalogue.keys.values()
              if any(catalogue.places[i].operations for i in iris) and any(not catalogue.places[i].operations for i in iris)]
    assert shared, "the sample has a reported place with a namesake in the gazetteer"
    quiet = next(catalogue.places[i] for i in shared[0] if not catalogue.places[i].operations)
    page = _get(server, f"/place/{quiet.id}").text
    assert "No operation is reported here." in page and 'data-controller=""' in page


def test_the_query_page_leaves_out_what_only_the_build_uses(server):
    page = _get(server, "/").text
    assert "content hash" not in page and 'data-name="article-hashes"' not in page
    assert 'data-name="places"' in page and f'data-base="{ID}"' in page


# --- linked data --------------------------------------------------------------------------------

def test_every_iri_under_the_base_resolves_by_content_negotiation(server):
    rows = requests.get(server.url + "/sparql", timeout=CLIENT_TIMEOUT, headers={"Accept": "application/sparql-results+json"},
                        params={"query": "SELECT ?op WHERE { ?op a <https://frontline-kg.org/ontology#Operation> } LIMIT 1"})
    iri = rows.json()["results"]["bindings"][0]["op"]["value"]
    path = "/id/" + iri.removeprefix(ID)
    turtle = _get(server, path, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in turtle.headers["Vary"]
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    subject = rdflib.URIRef(iri)
    assert (subject, rdflib.RDF.type, rdflib.URIRef("https://frontline-kg.org/ontology#Operation")) in graph
    jsonld = _get(server, path, headers={"Accept": "application/ld+json"})
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")
    assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)
    page = _get(server, path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["Content-Type"].startswith("text/html") and iri in page.text
    assert _get(server, path, params={"format": "ntriples"}).headers["Content-Type"].startswith("application/n-triples")
    assert _get(server, path, headers={"Accept": "image/png"}).status_code == 406
    assert _get(server, "/id/operation/nothing-here/1").status_code == 404


# --- a browser ----------------------------------------------------------------------------------

@pytest.fixture
def browser_page(server, tmp_path):
    """A page of a fresh browser, its requests logged; after the test, a screenshot in tmp_path and
    the check that nothing was asked of any host but the server."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    requested: list[str] = []
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.set_default_timeout(20_000)
            page.on("request", lambda r: requested.append(r.url))
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            try:
                yield page
            finally:
                page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        finally:
            browser.close()
    assert requested and all(url.startswith(server.url) for url in requested), requested
    assert not problems, problems


def _days_to_check(found: control.Record) -> list[dt.date]:
    days = set()
    for period in found.periods:
        for value in (period["start"], period["end"]):
            if value:
                day = dt.date.fromisoformat(value)
                days |= {day - dt.timedelta(days=1), day}
    return sorted(days)[:6]


def test_the_place_page_draws_what_control_answers(server, contested, sample_store, browser_page):
    page = browser_page
    place, _ = contested
    store = open_store(sample_store, read_only=True)
    found = control.record(store, place.label)
    days = _days_to_check(found)
    assert len(days) >= 2, found.periods
    for day in days:
        page.goto(f"{server.url}/place/{place.id}?date={day.isoformat()}")
        expected = control.answer(store, place.label, day)
        shown = page.locator("#place-answer")
        assert (shown.get_attribute("data-controller") or None) == expected["controller"], (day, expected)
        assert shown.get_attribute("data-status") == expected["status"]
        assert expected["summary"] in shown.text_content()
    # the timeline: a bar a period, coloured by its controller, hatched when contested
    bars = page.locator("svg.timeline g.period")
    assert bars.count() == len(found.periods)
    by_start = sorted(found.periods, key=lambda p: p["start"] or "")
    for number, period in enumerate(by_start):
        classes = bars.nth(number).get_attribute("class").split()
        assert period["controller"].lower() in classes
        assert ("contested" in classes) == (period["status"] == "contested")
        assert bars.nth(number).locator("title").text_content() == bars.nth(number).get_attribute("aria-label")
    # a marker for each dated operation and each claim about it, each with its words
    dated = {row["op"] for row in found.evidence if row["earliest"]}
    claims = sum(len(found.claims.get(op, ())) for op in dated)
    markers = page.locator("svg.timeline a.marker")
    assert page.locator("svg.timeline a.marker.operation").count() == len(dated)
    assert markers.count() == len(dated) + claims
    labels = [markers.nth(i).get_attribute("aria-label") for i in range(markers.count())]
    assert all(labels) and all(markers.nth(i).locator("title").text_content() == labels[i] for i in range(len(labels)))
    # the keyboard reaches every marker, in order, and shows its words
    page.locator("form.pick-date button").focus()
    reached = []
    for _ in range(markers.count()):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        assert page.locator("#marker-words").text_content() == reached[-1]
    assert reached == labels
    # picking a day on the chart asks for that day
    box = page.locator("svg.timeline").bounding_box()
    before = page.url
    with page.expect_navigation():  # the page is already at a ?date=: wait for the new one, not the URL
        page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + 8)
    assert page.url != before
    picked = dt.date.fromisoformat(page.url.split("date=")[1][:10])
    assert page.locator("#place-answer").get_attribute("data-controller") == \
        (control.answer(store, place.label, picked)["controller"] or "")


def test_the_map_moves_with_its_date(server, catalogue, sample_store, browser_page):
    page = browser_page
    # a place on the map held by different sides on two days
    chosen = None
    for place in catalogue.mapped():
        periods = catalogue.periods.get(place.iri, ())
        sides = {p.controller for p in periods}
        if len(sides) > 1:
            chosen = place, [p for p in periods if p.start][-1], periods
            break
    assert chosen is not None, "the sample has no place that changed hands"
    place, change, periods = chosen
    before = (dt.date.fromisoformat(change.start) - dt.timedelta(days=1)).isoformat()
    after = change.start
    page.goto(f"{server.url}/map")
    dots = page.locator("svg.front-map a.dot")
    assert dots.count() == len(catalogue.mapped())
    slider = page.locator("#map-day")
    first = dt.date.fromisoformat(slider.get_attribute("data-first"))
    dot = page.locator(f'svg.front-map a.dot[data-place="{place.id}"]')
    for day in (before, after, before):
        offset = (dt.date.fromisoformat(day) - first).days
        slider.fill(str(offset))  # a range input: Playwright sets its value and sends input
        assert page.locator("#map-day-text").text_content() == day
        held = places.held_on(periods, day)
        assert held.controller.lower() in dot.get_attribute("class").split(), (day, held)
        assert f"held by {held.controller}" in dot.get_attribute("aria-label")
    # the keyboard moves the slider too
    slider.focus()
    page.keyboard.press("ArrowRight")
    following = (dt.date.fromisoformat(before) + dt.timedelta(days=1)).isoformat()
    assert page.locator("#map-day-text").text_content() == following
    dot.click()
    page.wait_for_url(f"**/place/{place.id}")
    assert page.locator("h1").text_content() == place.label


def _first_link_of_example(server, page, name: str):
    """Run an example query of the page and give the link in its first result cell."""
    page.goto(server.url + "/")
    example = page.locator(f"#q-{name}")
    example.locator("button.run").click()
    link = example.locator("tbody tr").first.locator("td").first.locator("a")
    link.wait_for()
    return link


def test_an_iri_in_a_result_opens_its_description(server, browser_page):
    page = browser_page
    first = _first_link_of_example(server, page, "events")
    iri = first.text_content()
    assert first.get_attribute("href") == "/id/" + iri.removeprefix(ID)
    assert "run=events" in page.url  # the address carries the query
    first.click()
    page.wait_for_url("**/id/**")
    assert page.locator("h1").text_content() == iri
    assert page.locator("table.description td").count() > 0
    assert json.loads(_get(server, page.url.removeprefix(server.url), params={"format": "jsonld"}).text)


def test_a_place_in_a_result_shows_its_name_and_opens_its_page(server, catalogue, browser_page):
    page = browser_page
    cell = _first_link_of_example(server, page, "places")
    iri = cell.get_attribute("title")
    place = catalogue.places[iri]
    assert cell.text_content() == place.label and cell.get_attribute("href") == f"/place/{place.id}"
    cell.click()
    page.wait_for_url(f"**/place/{place.id}")
    assert page.locator("h1").text_content() == place.label


# --- a deployment's own base ----------------------------------------------------------------------

def test_a_deployment_mints_iris_that_resolve_on_its_own_server(tmp_path):
    import subprocess
    import sys

    from pyoxigraph import NamedNode

    base = "https://kg.example.org/"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "krolevets.txt").write_text(
        " date 2024-03-12 Russian forces captured the village of Krolevets near Konotop on Tuesday, "
        "Russia's Defence Ministry said.\n", encoding="utf-8")
    store = tmp_path / "store"
    cli = [sys.executable, "-m", "kg.cli", "build", "--corpus", str(corpus), "--store", str(store), "--quiet"]
    done = subprocess.run([*cli, "--base-iri", "https://kg.example.org"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    opened = open_store(store, read_only=True)
    ops = [q.subject.value for q in opened.quads_for_pattern(None, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                             NamedNode("https://frontline-kg.org/ontology#Operation"))]
    assert ops and all(op.startswith(base + "id/operation/") for op in ops), ops
    assert not any(q.subject.value.startswith(ID) or (isinstance(q.object, NamedNode) and q.object.value.startswith(ID))
                   for q in opened.quads_for_pattern(None, None, None)), "an IRI under the project's base was minted"
    before = len(opened)
    del opened
    # another base on the same store would mix two: refused, nothing written
    other = subprocess.run([*cli, "--base-iri", "https://elsewhere.example/"], capture_output=True, text=True, timeout=300)
    assert other.returncode != 0 and "would mix two bases" in other.stderr and "Traceback" not in other.stderr
    assert len(open_store(store, read_only=True)) == before
    bad = subprocess.run([*cli, "--base-iri", "ftp://kg.example.org/"], capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and "--base-iri must be an http(s) address" in bad.stderr
    # served, the IRIs resolve at their own paths, and the page links there
    with running_server(store, tmp_path / "server.log", "--workers", "1", "--threads", "2") as served:
        op = ops[0]
        described = _get(served, "/id/" + op.removeprefix(base + "id/"), headers={"Accept": "text/turtle"})
        assert described.status_code == 200, described.text
        graph = rdflib.Graph().parse(data=described.text, format="turtle")
        assert (rdflib.URIRef(op), rdflib.RDF.type, rdflib.URIRef("https://frontline-kg.org/ontology#Operation")) in graph
        assert f'data-base="{base}id/"' in _get(served, "/").text
        found = _get(served, "/api/places", params={"q": "Krolevets"}).json()
        assert found["status"] == "found" and found["places"][0]["iri"].startswith(base + "id/place/")
        # the same place written in Cyrillic, through its transliteration
        assert _get(served, "/api/places", params={"q": "Кролевець"}).json()["places"][0]["id"] == found["places"][0]["id"]
        assert _get(served, found["places"][0]["url"]).status_code == 200

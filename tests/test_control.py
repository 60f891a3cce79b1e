"""kg.control answers any date from a place's record, fetched once: its answers must be those the
dated example queries (who-controlled, control-evidence, operation-claims) give for that date,
on every day where the answer could change (a period's first and last days, an operation's
day, the edges of the contested window)."""

from __future__ import annotations

import datetime as dt

import pytest
from pyoxigraph import Literal, NamedNode

from kg.graph import control
from kg.graph import vocab as v
from kg.graph.store import named_query, open_store, select

FL = "https://frontline-kg.org/ontology#"
ONE_DAY = dt.timedelta(days=1)


def _places(store) -> list[str]:
    rows = store.query(f"SELECT DISTINCT ?key WHERE {{ ?period <{FL}controlledPlace> ?place . "
                       f"?place <{FL}nameKey> ?key }} ORDER BY ?key", use_default_graph_as_union=True)
    return [row["key"].value for row in rows]


def _days(found: control.Record) -> set[dt.date]:
    """The days around every change a place's record holds."""
    days = {dt.date(1991, 8, 24), dt.date(2099, 1, 1)}
    for period in found.periods:
        for value in (period["start"], period["end"]):
            if value:
                day = dt.date.fromisoformat(value)
                days |= {day - ONE_DAY, day, day + ONE_DAY}
    for row in found.evidence:
        if row["earliest"]:
            day = dt.date.fromisoformat(row["earliest"])
            days |= {day - ONE_DAY, day, day + control.CONTESTED_WINDOW, day + control.CONTESTED_WINDOW + ONE_DAY}
    return days


def _dated(store, place: str, when: dt.date) -> dict:
    """The answer as the example queries give it for the date, each query asked with it."""
    bindings = {"key": Literal(place), "date": Literal(when.isoformat(), datatype=NamedNode(v.XSD + "date"))}
    periods = select(store, named_query("who-controlled"), **bindings)
    rows = select(store, named_query("control-evidence"), **bindings)
    ops = list(dict.fromkeys(row["op"] for row in rows))[: control.MAX_EVIDENCE]
    claims: dict[str, set] = {op: set() for op in ops}
    if ops:
        for row in select(store, named_query("operation-claims"), op=[NamedNode(op) for op in ops]):
            claims[row["op"]].add((row["speaker"], row["stance"], row["claim"]))
    first = periods[0] if periods else None
    status = "unknown"
    if first:
        status = "contested" if control._pressed(rows, when) else first["status"]
    return {"controller": first and first["controller"], "status": status, "since": first and first["since"],
            "place": place, "label": first["placeLabel"] if first else None, "operations": ops, "claims": claims}


def _compare(store, places: list[str]) -> int:
    compared = 0
    for place in places:
        found = control.record(store, place)
        for when in sorted(_days(found)):
            got = control.answer_from(found, place, when)
            want = _dated(store, place, when)
            where = f"{place} on {when}"
            assert (got["controller"], got["status"], got["since"], got["place"], got["label"]) == \
                   (want["controller"], want["status"], want["since"], want["place"], want["label"]), where
            assert [item["operation"] for item in got["evidence"]] == want["operations"], where
            for item in got["evidence"]:
                said = [(c["speaker"], c["stance"], c["text"]) for c in item["claims"]]
                assert len(said) == len(set(said)) and set(said) == want["claims"][item["operation"]], where
            compared += 1
    return compared


def test_any_date_from_the_record_is_what_the_dated_queries_say(sample_store):
    store = open_store(sample_store, read_only=True)
    places = _places(store)
    assert len(places) >= 10
    assert _compare(store, places) > 5 * len(places)


def test_the_seed_places_too(seeds_store):
    store = open_store(seeds_store, read_only=True)
    places = _places(store)
    if not places:
        pytest.skip("the seeds give no control periods")
    assert _compare(store, places) > 0


def test_the_record_answers_every_date_without_the_store(sample_store):
    """What the server keeps: the record alone answers, and a place unknown to the graph has an
    empty record and the plain "unknown" answer."""
    store = open_store(sample_store, read_only=True)
    # the first place (in name order) that changed hands, so that its record has a dated period
    records = ((p, control.record(store, p)) for p in _places(store))
    place, found = next((p, r) for p, r in records if any(period["start"] for period in r.periods))
    assert found.periods and found.evidence and found.size() > 0
    del store
    start = max(dt.date.fromisoformat(period["start"]) for period in found.periods if period["start"])
    later = control.answer_from(found, place, start)
    assert later["controller"] is not None and later["date"] == start.isoformat()
    nowhere = control.record(open_store(sample_store, read_only=True), "Nowhere-on-any-map")
    assert nowhere == control.Record((), (), {})
    assert control.answer_from(nowhere, "Nowhere-on-any-map", dt.date(2024, 3, 1)) == {
        "place": "Nowhere-on-any-map", "label": None, "date": "2024-03-01", "controller": None, "status": "unknown",
        "since": None, "evidence": [], "summary": "the graph does not know who held it"}


HAND_MADE = """
@prefix fl: <https://frontline-kg.org/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
ex:town fl:nameKey "testivka" .
ex:held a fl:ControlPeriod ; fl:controlledPlace ex:town ; fl:placeName "Testivka" ; fl:controller fl:Ukraine ;
    fl:status fl:Held ; fl:startDate "2022-03-01"^^xsd:date ; fl:endDate "2022-09-10"^^xsd:date ; fl:since "2022-03" .
ex:taken a fl:ControlPeriod ; fl:controlledPlace ex:town ; fl:placeName "Testivka" ; fl:controller fl:Russia ;
    fl:status fl:Held ; fl:startDate "2022-10-01"^^xsd:date .
ex:Assault skos:notation "assault" .
ex:Capture skos:notation "capture" .
ex:article dct:identifier "hand-made" .
ex:attack fl:place ex:town ; a ex:Assault ; fl:reportedIn ex:article ; fl:evidence ex:words1 ;
    fl:earliest "2022-08-20"^^xsd:date .
ex:words1 fl:exactText "attacked the town" ; fl:beginIndex 10 .
ex:capture fl:place ex:town ; a ex:Capture ; fl:reportedIn ex:article ; fl:evidence ex:words2 ;
    fl:earliest "2022-10-01"^^xsd:date ; fl:side fl:Russia .
ex:words2 fl:exactText "took the town" ; fl:beginIndex 40 .
ex:claim fl:supports ex:capture ; fl:words "we took it" ; fl:speakerName "a spokesman" .
ex:denial fl:disputes ex:capture ; fl:words "it still holds" ; fl:speakerName "the governor" .
"""


def test_a_gap_between_periods_and_the_day_a_period_ends():
    """Periods that do not abut, which derived data rarely has: the end day itself is outside."""
    from pyoxigraph import RdfFormat, Store

    store = Store()
    store.load(HAND_MADE, format=RdfFormat.TURTLE, to_graph=NamedNode("https://example.org/graph"))
    assert _compare(store, ["testivka"]) > 10
    found = control.record(store, "Testivka")
    assert control.answer_from(found, "Testivka", dt.date(2022, 9, 9))["status"] == "contested"
    assert control.answer_from(found, "Testivka", dt.date(2022, 9, 10))["controller"] is None
    taken = control.answer_from(found, "Testivka", dt.date(2022, 10, 1))
    assert (taken["controller"], [e["type"] for e in taken["evidence"]]) == ("Russia", ["capture", "assault"])
    assert {c["stance"] for c in taken["evidence"][0]["claims"]} == {"supports", "disputes"}


def test_the_answer_names_the_place_as_it_was_asked():
    # asked by a spelling other than the graph's label (the same name key): the answer keeps the
    # question's words and gives the graph's label beside them
    from pyoxigraph import RdfFormat, Store

    store = Store()
    store.load(HAND_MADE, format=RdfFormat.TURTLE, to_graph=NamedNode("https://example.org/graph"))
    answer = control.answer(store, "Testyvka", dt.date(2022, 10, 2))
    assert (answer["place"], answer["label"], answer["controller"]) == ("Testyvka", "Testivka", "Russia"), answer
    assert control.as_text(answer).startswith("Testyvka (Testivka in the graph) on 2022-10-02: held by Russia")


def _store_of(tmp_path, reports: dict[str, str]):
    """A store built from invented reports, each a file's text."""
    from kg.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in reports.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build(corpus, tmp_path / "store", processes=1)
    return open_store(tmp_path / "store", read_only=True)


def test_a_place_asked_in_cyrillic_is_the_place_of_its_latin_names(tmp_path):
    # an invented report of Krolevets, asked as Кролевець: one name key through transliteration,
    # so one answer; before it, the Cyrillic name had an empty key and no answer
    store = _store_of(tmp_path, {"krolevets.txt": " date 2024-03-12 Russian forces captured the village of Krolevets "
                                                  "near Konotop on Tuesday, Russia's Defence Ministry said.\n"})
    day = dt.date(2024, 3, 20)
    latin = control.answer(store, "Krolevets", day)
    assert latin["controller"] == "Russia", latin
    asked = control.answer(store, "Кролевець", day)
    assert (asked["label"], asked["controller"], asked["status"]) == (latin["label"], latin["controller"], latin["status"])


def test_a_withdrawal_only_near_a_town_leaves_it_held_and_contested(tmp_path):
    # positions abandoned near a town are fighting for it, not its hand-over; the town itself,
    # abandoned, is handed over
    store = _store_of(tmp_path, {
        "near.txt": " date 2024-10-07 Ukrainian forces have abandoned key positions near the town of Romny, a "
                    "Russian agency reported on Monday.\n",
        "in.txt": " date 2024-10-07 Ukrainian forces have abandoned the town of Shostka, a Russian agency reported "
                  "on Monday.\n"})
    day = dt.date(2024, 10, 8)
    near = control.answer(store, "Romny", day)
    assert (near["controller"], near["status"]) == ("Ukraine", "contested"), near
    assert [e["near"] for e in near["evidence"]] == [True], near
    assert not near.get("who_claims"), near
    abandoned = control.answer(store, "Shostka", day)
    assert (abandoned["controller"], abandoned["status"]) == ("Russia", "held"), abandoned


def test_a_place_held_in_most_part_is_held_and_contested(tmp_path):
    store = _store_of(tmp_path, {
        "most.txt": " date 2024-05-31 Ukrainian forces currently control around 70% of the town of Romny, a military "
                    "spokesman said.\n",
        "all.txt": " date 2024-05-31 Ukrainian forces still hold the town of Shostka, a military spokesman said.\n"})
    day = dt.date(2024, 6, 1)
    most = control.answer(store, "Romny", day)
    assert (most["controller"], most["status"]) == ("Ukraine", "contested"), most
    whole = control.answer(store, "Shostka", day)
    assert (whole["controller"], whole["status"]) == ("Ukraine", "held"), whole


def test_a_relief_in_place_hands_nothing_over(tmp_path):
    # a withdrawal that hands its positions to its own side keeps the place that side's
    store = _store_of(tmp_path, {
        "taken.txt": " date 2024-03-12 Russian forces captured the town of Romny on Tuesday, the ministry said.\n",
        "relief.txt": " date 2024-05-25 The group said it had started withdrawing its Russian forces from Romny and "
                      "handing over its positions to regular Russian troops.\n"})
    answer = control.answer(store, "Romny", dt.date(2024, 6, 1))
    assert answer["controller"] == "Russia", answer
    assert [e["relief"] for e in answer["evidence"] if e["type"] == "withdrawal"] == [True], answer


def test_the_answer_in_a_readers_words():
    held = {"controller": "Russia", "since": "2024-02-17", "status": "held", "evidence": []}
    assert control.summary(held) == "held by Russia since 17 February 2024"
    assert control.summary({**held, "since": "2024-02"}) == "held by Russia since February 2024"
    denied = {**held, "status": "contested", "who_claims": [
        {"denied_by": [{"speaker": "the General Staff", "side": "Ukraine"}], "asserted_by": []}]}
    assert control.summary(denied) == "held by Russia since 17 February 2024; Ukraine disputes it"
    attacked = {**held, "status": "contested", "evidence": [{"type": "assault", "side": "Ukraine"},
                                                            {"type": "capture", "side": "Russia"}]}
    assert control.summary(attacked) == "held by Russia since 17 February 2024; contested, Ukraine fighting for it"
    assert control.summary({"controller": None}) == "the graph does not know who held it"

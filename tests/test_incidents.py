"""Incidents across articles, independent sources, and the event table (issue 23).

The corpora are invented: reports of towns of the Sumy region that no evaluation set is about."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store

from kg.build import build
from kg.corpus import sources
from kg.graph import events_table
from kg.graph import vocab as v
from kg.graph.incidents import Report, group

CLI = [sys.executable, "-m", "kg.cli"]
WIRE = ("ROMNY, Ukraine (AP) — Russian forces captured the town of Romny on Tuesday after weeks of heavy "
        "fighting, Russia's defence ministry said. Ukrainian officials did not immediately comment. The town, "
        "which had a pre-war population of about 40,000, lies on a road that supplies Ukrainian units further north.")
REPORTS = [
    # one AP story printed by three sites, each with its own small change
    {"id": "courier-1", "source": "Daily Courier", "url": "https://courier.example/world/romny", "text": WIRE},
    {"id": "ledger-77", "source": "Morning Ledger", "url": "https://ledger.example/a/77",
     "text": WIRE + " Read more on our live page."},
    {"id": "gazette-3", "url": "https://www.gazette.example/news/3", "text": WIRE + " Follow our coverage for updates."},
    # an agency's own words, and the losing side's withdrawal told by a local outlet
    {"id": "wire-9", "source": "Reuters", "text": "KYIV (Reuters) - Russia said on Tuesday its troops had taken "
     "control of Romny, a town in northern Ukraine, in what would be its biggest gain in the region this year. "
     "Reuters could not verify the claim."},
    {"id": "local-1", "source": "Sumy Today", "text": "Ukrainian troops withdrew from Romny on Tuesday to avoid "
     "encirclement, the general staff said, calling the pullback a planned move to better positions."},
    # a denial in an article that reports no capture itself
    {"id": "voice-4", "source": "Kyiv Voice", "text": "Ukraine's General Staff on Wednesday denied Russian claims "
     "that its forces had captured Romny, saying fighting was continuing on the town's outskirts."},
    # two assaults on one town a month apart
    {"id": "local-2", "source": "Sumy Today", "date": "2024-03-02",
     "text": "Russian forces attacked Shostka on Friday, the regional governor said. The assault was repelled."},
    {"id": "local-3", "source": "Sumy Today", "date": "2024-04-06",
     "text": "Russian forces attacked Shostka again on Friday, the regional governor said. The assault was repelled."},
]


@pytest.fixture(scope="module")
def incident_store(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("incidents")
    lines = [json.dumps({"date": "2024-03-13", **record}) for record in REPORTS]
    (corpus / "reports.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    store = tmp_path_factory.mktemp("incident-store") / "store"
    report = build(corpus, store)
    assert report.violations == [], report.violations
    return store


def _table(store: Path, **filters) -> list[dict]:
    return events_table.rows(Store.read_only(str(store)), **filters)


def test_five_reports_of_one_capture_are_one_incident_of_three_sources(incident_store):
    captures = [row for row in _table(incident_store) if row["location"] == "Romny" and row["event_type"] == "capture"]
    assert len(captures) == 1, captures
    capture = captures[0]
    # the three copies of the AP story are one source; Reuters and the local outlet are two more
    assert (capture["report_count"], capture["source_count"]) == (5, 3), capture
    assert capture["actor1"] == "Russia" and capture["event_date"] == "2024-03-12"
    assert "Associated Press (Daily Courier / Morning Ledger / gazette.example)" in capture["sources"]
    assert {r[0] for r in capture["reports"]} == {"courier-1", "ledger-77", "gazette-3", "wire-9", "local-1"}
    assert "https://courier.example/world/romny" in capture["urls"]
    assert capture["confidence"] > max(r["confidence"] for r in _table(incident_store) if r["source_count"] == 1)


def test_a_denial_in_another_article_disputes_the_incident(incident_store):
    store = Store.read_only(str(incident_store))
    rows = events_table.rows(store, place="Romny")
    disputing = NamedNode("https://frontline-kg.org/ontology#disputedBy")

    def disputed(row: dict) -> set[str]:
        return {q.object.value for q in store.quads_for_pattern(NamedNode(row["iri"]), disputing, None, None)}

    (capture,) = [row for row in rows if row["event_type"] == "capture"]
    assert disputed(capture) == {"https://frontline-kg.org/id/statement/voice-4/1"}
    # disputed, it is less sure than three sources alone would make it
    assert capture["confidence"] < round(1 - 0.6 ** 3, 2)
    # the denial names a capture: the assaults at the same place are not what it disputes
    assaults = [row for row in rows if row["event_type"] == "assault"]
    assert assaults and not any(disputed(row) for row in assaults)


def test_two_assaults_a_month_apart_stay_two(incident_store):
    assaults = [row for row in _table(incident_store, place="Shostka") if row["event_type"] == "assault"]
    assert sorted(row["event_date"] for row in assaults) == ["2024-03-01", "2024-04-05"]
    assert all(row["report_count"] == 1 for row in assaults)


def test_the_table_filters_by_dates_and_by_name(incident_store):
    march = _table(incident_store, start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31))
    assert march and all(row["event_date"] <= "2024-03-31" and row["event_date_latest"] >= "2024-03-01" for row in march)
    assert "2024-04-05" not in {row["event_date"] for row in march}
    assert {row["location"] for row in _table(incident_store, place="ROMNY")} == {"Romny"}
    assert {row["location"] for row in _table(incident_store, place="Romni")} == {"Romny"}  # a GeoNames spelling


def _report(op: str, type_: str, side: str | None, day: dt.date | None, precision: str = "unitDay",
            last: dt.date | None = None, doc: str = "d") -> Report:
    return Report(op=op, place="p", place_name="Lebedyn", type=type_, side=side, earliest=day, latest=last or day,
                  precision=precision if day else None, doc=doc)


def test_a_capture_and_the_other_sides_withdrawal_on_the_same_days_are_one_incident():
    found = group([_report("a", "capture", "Ukraine", dt.date(2023, 9, 1), doc="one"),
                   _report("b", "withdrawal", "Russia", dt.date(2023, 9, 2), doc="two")])
    assert len(found) == 1 and found[0].type == "capture" and found[0].side == "Ukraine"
    # the same side's withdrawal is another thing
    assert len(group([_report("a", "capture", "Ukraine", dt.date(2023, 9, 1)),
                      _report("b", "withdrawal", "Ukraine", dt.date(2023, 9, 1))])) == 2


def test_a_report_dated_to_the_month_does_not_join_two_days_weeks_apart():
    month = _report("m", "assault", "Russia", dt.date(2023, 9, 1), "unitMonth", dt.date(2023, 9, 30))
    found = group([_report("a", "assault", "Russia", dt.date(2023, 9, 2)), month,
                   _report("b", "assault", "Russia", dt.date(2023, 9, 25))])
    assert len(found) == 2
    assert sorted(len(i.reports) for i in found) == [1, 2]


def test_an_operation_with_no_date_stays_alone():
    found = group([_report("a", "capture", "Russia", None), _report("b", "capture", "Russia", None),
                   _report("c", "capture", "Russia", dt.date(2023, 9, 2))])
    assert len(found) == 3


def test_copies_of_one_story_are_one_source_and_other_words_are_not():
    story = ("Ukrainian forces pushed Russian troops out of the village of Bohodukhiv on Sunday, the regional "
             "governor said, after a week of fighting in the fields around it.")
    copy = "Latest: " + story + " More soon."
    own_words = ("The governor of the region said on Sunday that Russian troops had been driven from Bohodukhiv "
                 "by Ukrainian units.")
    assert sources.similarity(sources.sketch(story), sources.sketch(copy)) >= sources.COPY
    assert sources.similarity(sources.sketch(story), sources.sketch(own_words)) < sources.COPY
    assert sources.wire_credit("VALKY, Ukraine (AP) — Shelling hit the town.") == "Associated Press"
    assert sources.wire_credit("KYIV (Reuters) - The ministry said.") == "Reuters"
    assert sources.wire_credit("Kyiv said a map was wrong (the AP later corrected it).") is None


def test_the_event_table_of_the_sample_loads_in_pandas_and_as_geojson(sample_store):
    pandas = pytest.importorskip("pandas")
    done = subprocess.run(CLI + ["events", "--store", str(sample_store)], capture_output=True, text=True, check=True)
    frame = pandas.read_csv(io.StringIO(done.stdout))
    assert list(frame.columns) == events_table.COLUMNS and len(frame) > 10
    assert set(frame["event_type"]) <= {"assault", "capture", "withdrawal", "advance", "encirclement",
                                        "shelling", "offensive"}
    assert (frame["source_count"] <= frame["report_count"]).all()
    done = subprocess.run(CLI + ["events", "--store", str(sample_store), "--format", "geojson"], capture_output=True,
                          text=True, check=True)
    collection = json.loads(done.stdout)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(frame)
    located = [f for f in collection["features"] if f["properties"]["latitude"] is not None]
    assert located
    for feature in located:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point"
        assert (lat, lon) == (feature["properties"]["latitude"], feature["properties"]["longitude"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180


def test_events_refuses_what_it_cannot_read(sample_store):
    done = subprocess.run(CLI + ["events", "--store", str(sample_store), "--from", "2024-02-30"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "not a date" in done.stderr
    done = subprocess.run(CLI + ["events", "--store", str(sample_store), "--place", "Atlantis"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "no place called 'Atlantis'" in done.stderr
    assert done.stdout.strip() == ",".join(events_table.COLUMNS)


def test_an_incremental_build_regroups_only_the_places_of_its_articles(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"date": "2024-03-13", **record}) for record in REPORTS]
    (corpus / "reports.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    store_path = tmp_path / "store"
    build(corpus, store_path)

    def incident_graphs() -> dict[str, set[str]]:
        store = Store.read_only(str(store_path))
        return {g.value: {str(q) for q in store.quads_for_pattern(None, None, None, g)}
                for g in store.named_graphs() if g.value.startswith("https://frontline-kg.org/graph/derived/incidents/")}

    before = incident_graphs()
    (corpus / "more.txt").write_text("date: 2024-03-20\n\nRussian artillery shelled Hlukhiv on Tuesday, "
                                     "the regional governor said.", "utf-8")
    report = build(corpus, store_path)
    assert report.added == 1 and report.unchanged == len(REPORTS)
    assert len(report.touched) == 1
    place = next(iter(report.touched))
    labels = {q.object.value for q in Store.read_only(str(store_path)).quads_for_pattern(
        NamedNode(place), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, None)}
    assert labels == {"Hlukhiv"}
    after = incident_graphs()
    assert set(after) - set(before) == {v.incident_graph(place)}
    assert {g: after[g] for g in before} == before  # every other place's incidents untouched


def test_control_cites_every_report_of_the_incident_with_its_outlet(incident_store):
    from kg.graph import control

    answer = control.answer(Store.read_only(str(incident_store)), "Romny", dt.date(2024, 3, 20))
    assert answer["controller"] == "Russia"
    handover = [item for item in answer["evidence"] if item["type"] in ("capture", "withdrawal")]
    assert {item["article"] for item in handover} == {"courier-1", "ledger-77", "gazette-3", "wire-9", "local-1"}
    assert {item["incident"] for item in handover} != {None} and len({item["incident"] for item in handover}) == 1
    assert all((item["reports"], item["sources"]) == (5, 3) for item in handover)
    by_article = {item["article"]: item for item in handover}
    assert by_article["courier-1"]["outlet"] == "Daily Courier"
    assert by_article["gazette-3"]["outlet"] == "gazette.example"  # the URL's host, when the record names none
    assert by_article["courier-1"]["url"] == "https://courier.example/world/romny"
    assert by_article["wire-9"]["published"] == "2024-03-13"
    assert "one of 5 reports of this incident, from 3 independent sources" in control.as_text(answer)


def _capture(iri: str, side: str, day: dt.date, incident: str, sources: int):
    from kg.graph.timeline import Operation

    return Operation(iri=iri, place="p", type="capture", side=side, earliest=day, latest=day, reported=day,
                     incident=incident, sources=sources)


def test_a_hand_over_many_sources_report_outweighs_a_lone_claim_of_the_opposite():
    from kg.graph.timeline import periods_for

    day = dt.date(2023, 6, 6)
    ops = [_capture("a", "Ukraine", day, "many", 3), _capture("b", "Ukraine", day, "many", 3),
           _capture("c", "Russia", day, "lone", 1)]
    periods = periods_for("p", ops)
    last = periods[-1]
    assert (last.controller, last.status) == ("Ukraine", "contested")
    assert not any(p.controller == "Russia" and p.start == day for p in periods)
    assert "c" not in {op for p in periods for op in p.rests_on if p.controller == "Ukraine" and p.start}
    # with as many sources on each side, nothing outweighs: both hand-overs stay, as before
    even = periods_for("p", [_capture("a", "Ukraine", day, "one", 1), _capture("c", "Russia", day, "other", 1)])
    assert {p.controller for p in even if p.start == day} == {"Ukraine", "Russia"}


def test_an_incremental_build_derives_what_a_build_from_scratch_derives(tmp_path):
    """Places regrouped one by one must add up to the whole: the derived graphs (incidents, control
    periods, name keys, and what the hierarchy adds to them) of a store built in two steps are
    those of the same corpus built at once."""
    quiet = {"id": "mention-1", "source": "Sumy Today", "text": "Residents of Putyvl gathered in the town square "
             "on Sunday to remember the dead, the mayor said."}  # a place named, no operation at it
    lines = [json.dumps({"date": "2024-03-13", **record}) for record in REPORTS + [quiet]]
    halves = tmp_path / "halves"
    halves.mkdir()
    (halves / "first.jsonl").write_text("\n".join(lines[:4]) + "\n", "utf-8")
    build(halves, tmp_path / "stepwise")
    (halves / "second.jsonl").write_text("\n".join(lines[4:]) + "\n", "utf-8")
    second = build(halves, tmp_path / "stepwise")
    assert second.added == len(lines) - 4 and second.touched
    whole = tmp_path / "whole"
    whole.mkdir()
    (whole / "first.jsonl").write_text("\n".join(lines[:4]) + "\n", "utf-8")
    (whole / "second.jsonl").write_text("\n".join(lines[4:]) + "\n", "utf-8")
    build(whole, tmp_path / "at-once")

    def derived(name: str) -> set[str]:
        store = Store.read_only(str(tmp_path / name))
        return {str(q) for q in store if q.graph_name.value.startswith(
            (v.DERIVED_GRAPHS, v.INFERRED_GRAPH + "/derived/"))}

    at_once = derived("at-once")
    assert at_once and derived("stepwise") == at_once


def test_derive_all_recomputes_what_the_build_derived(incident_store, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(incident_store, copy)

    def derived() -> set[str]:
        store = Store.read_only(str(copy))
        return {str(q) for q in store if q.graph_name.value.startswith((v.DERIVED_GRAPHS, v.INFERRED_GRAPH + "/derived/"))}

    before = derived()
    store = Store(str(copy))
    store.update(f"DROP GRAPH <{sorted(g.value for g in store.named_graphs() if g.value.startswith(v.CONTROL_GRAPHS))[0]}>")
    del store
    assert derived() != before
    done = subprocess.run(CLI + ["derive", "--all", "--store", str(copy)], capture_output=True, text=True)
    assert done.returncode == 0 and "control periods" in done.stderr, done.stderr
    assert derived() == before


def test_a_contested_answer_says_who_claims_what(incident_store):
    from kg.graph import control

    answer = control.answer(Store.read_only(str(incident_store)), "Romny", dt.date(2024, 3, 20))
    assert answer["status"] == "contested"
    (claim,) = answer["who_claims"]  # five reports, one hand-over
    assert claim["says"] == "Russia took Romny" and (claim["reports"], claim["sources"]) == (5, 3)
    assert {"speaker": "Russia's defence ministry", "side": "Russia"} in claim["asserted_by"]
    # the denial comes from an article that reports no capture itself
    assert claim["denied_by"] == [{"speaker": "Ukraine's General Staff", "side": "Ukraine"}]
    assert "denied by Ukraine's General Staff (Ukraine)" in control.as_text(answer)

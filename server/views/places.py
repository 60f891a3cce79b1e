"""The pages an analyst works from: a place's page (its control timeline, the answer for any
date, the reports with their outlets), the map of who held what on a date, and search by any of
a place's names, with suggestions as one types (/api/places).

Everything is drawn on the server (server/views/charts.py) into plain HTML and SVG; the one
script, server/static/places.js, only moves the map's date, shows a marker's words where the
pointer or the keyboard is, and fills the search suggestions. Like the query page, these pages
load nothing from any other host (the same Content-Security-Policy).
"""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from kg.graph import control, places
from kg.graph.store import iso_day
from kg.language.gazetteer import load as gazetteer
from server.http.protocol import ProtocolError
from server.state import get_state
from server.views import charts
from server.views.api import date_param
from server.views.pages import PAGE_POLICY

bp = Blueprint("places", __name__)

_ID = re.compile(r"[A-Za-z0-9_.-]{1,120}")
MAX_QUERY = 200
HEADERS = {"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"}


def _query() -> str:
    text = request.args.get("q", "").strip()
    if len(text) > MAX_QUERY:
        raise ProtocolError(400, f"q is longer than {MAX_QUERY} characters")
    return text


def _gazetteer_name(text: str) -> str | None:
    """The gazetteer's name for a place the graph never mentions: known to exist, not reported on."""
    found = gazetteer().candidates(text)
    return found[0].name if found else None


def _latest(found: control.Record) -> dt.date:
    days = [iso_day(d) for p in found.periods for d in (p["start"], p["end"])]
    days += [iso_day(row["earliest"]) for row in found.evidence]
    return max((d for d in days if d), default=dt.date.today())


@bp.get("/place/<place_id>")
def place_page(place_id: str):
    state = get_state()
    found = state.catalogue().by_id(place_id) if _ID.fullmatch(place_id) else None
    if found is None:
        html = render_template("search.html", answer={"query": place_id, "status": "no-such-page", "places": []})
        return html, 404, HEADERS
    # a place's record is found by its name; a namesake with no operation of its own has none
    record = state.record(found.label) if found.operations else control.Record((), (), {})
    day = date_param(required=False) or _latest(record)
    answer = control.answer_from(record, found.label, day)
    chart = charts.timeline(record, found.label, day)
    operations = charts.operations(record)
    html = render_template("place.html", place=found, answer=answer, day=day.isoformat(), chart=chart,
                           operations=operations, claims=record.claims, side_class=charts.side_class,
                           period_words=charts.period_words, periods=record.periods)
    return html, 200, HEADERS


@bp.get("/map")
def map_page():
    day = date_param(required=False)
    drawn = charts.front_map(get_state().catalogue(), day.isoformat() if day else None)
    return render_template("map.html", map=drawn), 200, HEADERS


@bp.get("/search")
def search_page():
    text = _query()
    answer = places.search(get_state().catalogue(), text, known=_gazetteer_name) if text else \
        {"query": "", "status": "empty", "places": []}
    reported = [p for p in answer["places"] if p["operations"]]
    if answer["status"] == "found" and len(reported) == 1:  # the one place of that name with reports
        return redirect(url_for("places.place_page", place_id=reported[0]["id"]), code=303)
    status = 404 if answer["status"] == "unknown" else 200
    return render_template("search.html", answer=answer), status, HEADERS


@bp.get("/api/places")
def search_api():
    """Places for a name as one types: {"query", "status", "places": [{label, id, url, ...}]}."""
    text = _query()
    if not text:
        raise ProtocolError(400, "the parameter q is missing: /api/places?q=NAME")
    answer = places.search(get_state().catalogue(), text, known=_gazetteer_name)
    for entry in answer["places"]:
        entry["url"] = url_for("places.place_page", place_id=entry["id"]) if entry.get("id") else None
    return jsonify(answer)


@bp.get("/api/labels")
def labels_api():
    """Each place's IRI and its name, for result tables that show names rather than IRIs."""
    return jsonify({p.iri: p.label for p in get_state().catalogue().places.values()})

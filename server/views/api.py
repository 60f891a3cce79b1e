"""The JSON API: the question the graph exists for, and whether the server is well.

`/api/control` answers with exactly the JSON of `frontline control PLACE DATE --format json`,
from kg.control, so the command line and the web agree by construction. Its queries are the
project's own, bounded by the data, so they run in the web worker against the store as it is
(read-only, or a writable server's newest snapshot) rather than in a query process. What they
fetch is a place's whole record, for every date (kg.control.Record), kept for that state of the
store, so that the place asked of again, on any date, needs no query (server/state.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from flask import Blueprint, Response, jsonify, request

from kg.graph import events_table
from server.http.protocol import ProtocolError
from server.state import get_state

bp = Blueprint("api", __name__)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_PLACE = 200


def _place() -> str:
    place = request.args.get("place", "").strip()
    if not place:
        raise ProtocolError(400, "the parameter place is missing: /api/control?place=PLACE&date=YYYY-MM-DD")
    if len(place) > MAX_PLACE:
        raise ProtocolError(400, f"place is longer than {MAX_PLACE} characters")
    return place


def date_param(name: str = "date", required: bool = True) -> dt.date | None:
    """A date parameter (None when absent and not required); a ProtocolError (400) saying why
    when it is missing or not a calendar date. The pages use it too."""
    text = request.args.get(name, "").strip()
    if not text:
        if not required:
            return None
        raise ProtocolError(400, "the parameter date is missing: /api/control?place=PLACE&date=YYYY-MM-DD")
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ProtocolError(400, f"{name} must be a calendar date written YYYY-MM-DD, not {text!r}") from None


@bp.get("/api/control")
def control_answer():
    place, when = _place(), date_param()  # a ProtocolError is answered as JSON under /api/ (server/http/errors.py)
    return jsonify(get_state().control(place, when))


@bp.get("/api/events")
def events():
    """The event table (kg/graph/events_table.py): JSON by default, or ?format=csv, jsonl or
    geojson, at most the server's row limit; ?from, ?to and ?place filter as `frontline events`."""
    fmt = request.args.get("format", "json")
    if fmt != "json" and fmt not in events_table.FORMATS:
        raise ProtocolError(400, f"format must be json, {', '.join(events_table.FORMATS)}, not {fmt[:40]!r}")
    start, end = date_param("from", required=False), date_param("to", required=False)
    if start and end and start > end:
        raise ProtocolError(400, f"from ({start}) is after to ({end})")
    place = request.args.get("place", "").strip() or None
    if place and len(place) > MAX_PLACE:
        raise ProtocolError(400, f"place is longer than {MAX_PLACE} characters")
    state = get_state()
    limit = state.limits.max_rows
    with state.reading() as store:
        if place and not events_table.known_place(store, place):
            raise ProtocolError(404, f"no place called {place!r} in the graph")
        table = events_table.rows(store, start, end, place, limit=limit + 1)
    truncated = len(table) > limit
    table = table[:limit]
    if fmt == "json":
        keep = events_table.COLUMNS + ["iri"]
        return jsonify({"events": [{c: row[c] for c in keep} for row in table], "truncated": truncated})
    out = io.StringIO()
    events_table.write(table, fmt, out)
    response = Response(out.getvalue(), content_type=events_table.FORMATS[fmt])
    if truncated:
        response.headers["X-Truncated"] = f"the first {limit} incidents"
    return response


@bp.get("/health")
def health():
    state = get_state()
    return jsonify({"status": "ok", "quads": state.quads(), "warm": state.pool.warmed.is_set()})

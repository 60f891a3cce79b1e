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
import re

from flask import Blueprint, jsonify, request

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


def _date() -> dt.date:
    text = request.args.get("date", "").strip()
    if not text:
        raise ProtocolError(400, "the parameter date is missing: /api/control?place=PLACE&date=YYYY-MM-DD")
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ProtocolError(400, f"date must be a calendar date written YYYY-MM-DD, not {text!r}") from None


@bp.get("/api/control")
def control_answer():
    place, when = _place(), _date()  # a ProtocolError is answered as JSON under /api/ (server/http/errors.py)
    return jsonify(get_state().control(place, when))


@bp.get("/health")
def health():
    state = get_state()
    return jsonify({"status": "ok", "quads": state.quads(), "warm": state.pool.warmed.is_set()})

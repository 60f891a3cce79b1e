"""What the place page and the map draw, worked out in Python and drawn by Jinja as plain SVG:
the page works, and reads, with no script, and a test can check the drawing against
`frontline control` without a browser.

The control timeline is a place's periods as bars along a time axis (coloured by who held it,
hatched when contested) with its operations and the claims about them as markers; every bar and
marker carries its words as a text alternative. The map projects longitude and latitude onto
the plane with the cosine of the middle latitude (an equirectangular projection, true enough
for one country), and draws the regions' outline shipped in server/static/ukraine-regions.json.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.graph import control
from kg.graph.places import Catalogue, Place, held_on
from kg.graph.store import iso_day

SIDES = {"Russia": "russia", "Ukraine": "ukraine"}  # controller -> the CSS class that colours it
WIDTH = 960
AXIS_Y = 96
MARGIN_DAYS = 20
OUTLINE = Path(__file__).resolve().parent.parent / "static" / "ukraine-regions.json"


def side_class(side: str | None) -> str:
    return SIDES.get(side or "", "unknown")


@dataclass
class Bar:
    x: float
    width: float
    side: str  # CSS class
    contested: bool
    label: str


@dataclass
class Marker:
    x: float
    kind: str  # operation | claim
    side: str
    label: str
    target: str  # the evidence item's anchor on the page


@dataclass
class Tick:
    x: float
    text: str


@dataclass
class Timeline:
    first: str
    last: str
    picked_x: float | None
    bars: list[Bar] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    undated: int = 0  # operations with no date, in the list below the chart but not on it
    width: int = WIDTH


def period_words(period: dict, place: str) -> str:
    start, end = period.get("since") or period.get("start"), period.get("end")
    span = (f"from {start}" if start else "since before the reports") + (f" until {end}" if end else " onwards")
    return f"{period['controller']} held {place} {span}" + (", contested" if period["status"] == "contested" else "")


def operation_words(row: dict) -> str:
    source = ", ".join(str(x) for x in (row.get("outlet") or row.get("doc"), row.get("published")) if x)
    return (f"{row['type']} by {row['side'] or 'an unknown side'}, {row['opDate'] or 'undated'}"
            f"{', ' + str(row['outcome']) if row.get('outcome') else ''} ({source}): “{row['quote']}”")


def claim_words(claim: dict) -> str:
    side = f" ({claim['side']})" if claim.get("side") and claim["side"] != claim["speaker"] else ""
    return f"{claim['speaker']}{side} {claim['stance']} it: “{claim['text']}”"


def operations(found: control.Record) -> list[dict]:
    """Each operation of the record once, latest first, as control-evidence lists them."""
    seen: dict[str, dict] = {}
    for row in found.evidence:
        seen.setdefault(row["op"], row)
    return list(seen.values())


def timeline(found: control.Record, place: str, picked: dt.date | None) -> Timeline | None:
    """The chart of a place's record, or None when nothing in it has a date."""
    ops = operations(found)
    days = [d for p in found.periods for d in (iso_day(p["start"]), iso_day(p["end"])) if d]
    days += [d for row in ops if (d := iso_day(row["earliest"]))]
    if not days:
        return None
    first = min(days + ([picked] if picked else [])) - dt.timedelta(days=MARGIN_DAYS)
    last = max(days + ([picked] if picked else [])) + dt.timedelta(days=MARGIN_DAYS)
    span = (last - first).days

    def x(day: dt.date) -> float:
        return round((day - first).days / span * WIDTH, 1)

    chart = Timeline(first.isoformat(), last.isoformat(), x(picked) if picked else None)
    for period in sorted(found.periods, key=lambda p: p["start"] or ""):
        left = x(iso_day(period["start"]) or first)
        right = x(iso_day(period["end"]) or last)
        chart.bars.append(Bar(left, max(1.0, right - left), side_class(period["controller"]),
                              period["status"] == "contested", period_words(period, place)))
    for number, row in enumerate(ops):
        day = iso_day(row["earliest"])
        if day is None:
            chart.undated += 1
            continue
        chart.markers.append(Marker(x(day), "operation", side_class(row["side"]), operation_words(row), f"op-{number}"))
        for claim in found.claims.get(row["op"], ()):
            chart.markers.append(Marker(x(day), "claim", side_class(claim.get("side")), claim_words(claim),
                                        f"op-{number}"))
    chart.ticks = [Tick(x(day), text) for day, text in _ticks(first, last)]
    return chart


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Years on a long axis, months (every one, two, three or six) on a shorter one."""
    months = (last.year - first.year) * 12 + last.month - first.month
    if months > 36:
        return [(dt.date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]
    step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 12)
    out = []
    year, month = first.year, first.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = dt.date(year, month, 1)
        if day > last:
            return out
        if (month - 1) % step == 0:
            out.append((day, day.strftime("%b %Y") if month == 1 or not out else day.strftime("%b")))


# --- the map ------------------------------------------------------------------------------------

SCALE = 100.0  # pixels a degree of latitude
MAP_MARGIN = 0.4  # degrees around what is drawn


@dataclass
class Dot:
    place: Place
    x: float
    y: float
    side: str
    contested: bool
    periods: str  # JSON: [[controller, status, start, end], ...], for the script that moves the date
    label: str


@dataclass
class Map:
    view_box: str
    regions: list[tuple[str, str]]  # (name, SVG path)
    dots: list[Dot]
    first: str
    last: str
    day: str


@lru_cache(maxsize=1)
def _outline() -> tuple[tuple[str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    return tuple((r["name"], tuple(tuple((p[0], p[1]) for p in ring) for ring in r["rings"])) for r in data["regions"])


def _projection(lat0: float):
    squeeze = math.cos(math.radians(lat0))
    return lambda lon, lat: (round(lon * squeeze * SCALE, 1), round(-lat * SCALE, 1))


def front_map(found: Catalogue, day: str | None) -> Map:
    """The regions' outline and a dot for each place with operations and coordinates, coloured
    by who held it on `day` (the latest day any period starts or ends, when not given)."""
    dots = found.mapped()
    outline = _outline()
    lats = [p[1] for _, rings in outline for ring in rings for p in ring] + [d.lat for d in dots]
    lons = [p[0] for _, rings in outline for ring in rings for p in ring] + [d.long for d in dots]
    project = _projection((min(lats) + max(lats)) / 2)
    x0, y0 = project(min(lons) - MAP_MARGIN, max(lats) + MAP_MARGIN)
    x1, y1 = project(max(lons) + MAP_MARGIN, min(lats) - MAP_MARGIN)
    dates = sorted({d for periods in found.periods.values() for p in periods for d in (p.start, p.end) if d})
    first, last = (dates[0], dates[-1]) if dates else (dt.date.today().isoformat(),) * 2
    day = day or last
    regions = []
    for name, rings in outline:
        path = " ".join("M" + " L".join("{},{}".format(*project(*p)) for p in ring) + " Z" for ring in rings)
        regions.append((name, path))
    out = []
    for place in sorted(dots, key=lambda p: p.label):
        periods = found.periods.get(place.iri, ())
        now = held_on(periods, day)
        x, y = project(place.long, place.lat)
        holder = f"held by {now.controller}" + (", contested" if now.status == "contested" else "") if now else \
            "who held it is not known"
        out.append(Dot(place, x, y, side_class(now.controller if now else None), bool(now and now.status == "contested"),
                       json.dumps([[p.controller, p.status, p.start, p.end] for p in periods]),
                       f"{place.label}: {holder} on {day}; {place.operations} operations reported"))
    return Map(f"{x0} {y0} {round(x1 - x0, 1)} {round(y1 - y0, 1)}", regions, out, first, last, day)

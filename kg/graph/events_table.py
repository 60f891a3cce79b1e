"""The event table: one row per incident, in the columns an ACLED user expects where the graph
has them, as CSV, JSON lines or GeoJSON (`frontline events`, /api/events).

A row is an incident, not a report: ten outlets reporting one capture are one row whose
source_count says how many independent sources they are, with every outlet and link.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Store

from kg.facts import other
from kg.graph.store import iso_day, named_query, select
from kg.names import key
from kg.resources import lexicon_path

COLUMNS = ["event_id", "event_date", "event_date_latest", "time_precision", "event_type", "actor1", "actor2",
           "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source_count",
           "report_count", "confidence", "sources", "urls", "notes"]
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
           "geojson": "application/geo+json"}
COUNTRIES = {"UA": "Ukraine", "RU": "Russia", "BY": "Belarus", "MD": "Moldova"}
NOTES_LIMIT = 1000  # characters of supporting words a row carries


@lru_cache(maxsize=1)
def _regions() -> dict[tuple[str, str], str]:
    """(country code, GeoNames admin1 code) -> the region's name, from the regions lexicon."""
    names = {}
    for line in lexicon_path("regions.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if not line.startswith("#") and len(cells) >= 4 and cells[2] == "region":
            names[(cells[0], cells[1])] = cells[3]
    return names


def region_name(country: object, admin1: object) -> str | None:
    """The region's name for GeoNames' country and admin1 codes; the code itself when the lexicon
    has no name for it."""
    if not admin1:
        return None
    return _regions().get((str(country or ""), str(admin1)), str(admin1))


def known_place(store: Store, place: str) -> bool:
    """Whether the graph knows a place of this name (any spelling it has)."""
    return bool(_places(store, place))


def _places(store: Store, place: str) -> list[NamedNode]:
    rows = select(store, "PREFIX fl: <https://frontline-kg.org/ontology#> SELECT DISTINCT ?place WHERE "
                         "{ ?place fl:nameKey ?key }", key=Literal(key(place)))
    return [NamedNode(str(row["place"])) for row in rows]


def time_precision(earliest: dt.date | None, latest: dt.date | None) -> int | None:
    """ACLED's codes: 1 the day is known, 2 within a week, 3 within a month or more."""
    if earliest is None or latest is None:
        return None
    span = (latest - earliest).days
    return 1 if span == 0 else 2 if span <= 7 else 3


def geo_precision(feature: str | None, has_point: bool) -> int:
    """ACLED's codes: 1 the town itself, 2 a feature or area near it, 3 a region or larger."""
    if feature in ("region", "country") or not has_point:
        return 3
    return 1 if feature == "settlement" else 2


def rows(store: Store, start: dt.date | None = None, end: dt.date | None = None,
         place: str | None = None, limit: int | None = None) -> list[dict]:
    """The incidents whose dates meet [start, end] (an undated one only when no dates are asked
    for), at the place of that name when one is given, earliest first."""
    bindings = {}
    if place:
        bindings["place"] = _places(store, place)
        if not bindings["place"]:
            return []
    found = []
    for row in select(store, named_query("incidents"), **bindings):
        earliest, latest = iso_day(row["earliest"]), iso_day(row["latest"])
        if (start or end) and (earliest is None or latest is None):
            continue
        if start and latest and latest < start or end and earliest and earliest > end:
            continue
        found.append(row)
        if limit is not None and len(found) >= limit:
            break
    reports: dict[str, list[dict]] = {}
    incidents = [NamedNode(str(row["incident"])) for row in found]
    for first in range(0, len(incidents), 500):
        for report in select(store, named_query("incident-reports"), incident=incidents[first:first + 500]):
            reports.setdefault(str(report["incident"]), []).append(report)
    return [_row(row, reports.get(str(row["incident"]), [])) for row in found]


def _row(row: dict, reports: list[dict]) -> dict:
    earliest, latest = iso_day(row["earliest"]), iso_day(row["latest"])
    side = row["side"] or None
    lat = float(row["lat"]) if row["lat"] is not None else None
    lon = float(row["long"]) if row["long"] is not None else None
    urls = sorted({str(r["url"]) for r in reports if r["url"]})
    words: list[str] = []
    for r in reports:
        text = " ".join(str(r["evidence"] or "").split())
        if text and text not in words:
            words.append(text)
    notes = " | ".join(words)
    return {
        "event_id": str(row["incident"]).rsplit("/incident/", 1)[-1],
        "event_date": earliest.isoformat() if earliest else None,
        "event_date_latest": latest.isoformat() if latest else None,
        "time_precision": time_precision(earliest, latest),
        "event_type": str(row["type"]),
        "actor1": side,
        "actor2": other(side),
        "country": COUNTRIES.get(str(row["country"] or ""), row["country"] or None),
        "admin1": region_name(row["country"], row["admin1"]),
        "location": str(row["placeName"]),
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo_precision(row["featureCode"], lat is not None),
        "source_count": int(row["sources"]),
        "report_count": int(row["reports"]),
        "confidence": float(row["confidence"]),
        "sources": "; ".join(sorted(str(row["sourceNames"] or "").split(" | "))) if row["sourceNames"] else "",
        "urls": "; ".join(urls),
        "notes": notes if len(notes) <= NOTES_LIMIT else notes[:NOTES_LIMIT - 1] + "…",
        "iri": str(row["incident"]),
        "place_iri": str(row["place"]),
        "reports": sorted({(str(r["doc"]), str(r["outlet"] or ""), str(r["title"] or ""),
                            str(r["published"] or ""), str(r["url"] or "")) for r in reports}),
    }


def write(table: Iterable[dict], fmt: str, out: io.TextIOBase) -> None:
    """The rows in one of FORMATS. CSV and GeoJSON properties keep the table's columns; JSON lines
    add the incident's IRI and each report (article, outlet, title, date, URL)."""
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    elif fmt == "jsonl":
        for row in table:
            reports = [dict(zip(("doc", "outlet", "title", "date", "url"), r, strict=True)) for r in row["reports"]]
            out.write(json.dumps({**{c: row[c] for c in COLUMNS}, "iri": row["iri"], "reports": reports},
                                 ensure_ascii=False) + "\n")
    elif fmt == "geojson":
        features = [{"type": "Feature", "id": row["event_id"],
                     "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
                     if row["latitude"] is not None and row["longitude"] is not None else None,
                     "properties": {c: row[c] for c in COLUMNS}} for row in table]
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
    else:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")

"""The places of the graph as a reader browses them: where each is, who held it when, and how to
find it by any of its names.

A `Catalogue` is read from the store with three queries (queries/places.rq, place-names.rq,
all-control-periods.rq) and answers everything the map and the search box ask without another:
the server keeps one per state of the store. Search is by the spelling-tolerant name key
(kg/names.py), so Bakhmut, Artemovsk and Бахмут find one place; a name that is no key of the graph
gets the keys closest to it ("did you mean"), and a name the graph does not know may still be one
the gazetteer knows (the caller says, through `known`), which is a place nobody reported on.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import Store

from kg.graph import vocab as v
from kg.graph.events_table import region_name
from kg.graph.store import named_query, select
from kg.names import key

MAX_MATCHES = 8
CLOSE_ENOUGH = 0.75  # difflib's ratio for "did you mean"
MIN_PREFIX = 3  # letters of a name key before names that begin so are suggested


@dataclass(frozen=True)
class Place:
    iri: str
    id: str  # the IRI's last segment: /place/ID on the server
    label: str
    lat: float | None = None
    long: float | None = None
    region: str | None = None  # the oblast (or Russian region) by name
    country: str | None = None
    operations: int = 0


@dataclass(frozen=True)
class Period:
    controller: str
    status: str  # held | contested
    start: str | None  # ISO dates; None: since before the reports / until after them
    end: str | None


@dataclass(frozen=True)
class Catalogue:
    places: dict[str, Place]  # IRI -> place, every place the graph describes
    keys: dict[str, tuple[str, ...]]  # name key -> the IRIs of the places with a name of that key
    periods: dict[str, tuple[Period, ...]] = field(default_factory=dict)  # IRI -> control periods, earliest first

    def mapped(self) -> list[Place]:
        """The places with operations and coordinates: what a map can draw."""
        return [p for p in self.places.values() if p.operations and p.lat is not None and p.long is not None]

    def by_id(self, place_id: str) -> Place | None:
        return self.places.get(place_iri(place_id))

    def size(self) -> int:
        """About how many bytes it holds, for a memory budget."""
        return 300 * len(self.places) + 60 * sum(len(k) for k in self.keys) + 120 * sum(map(len, self.periods.values()))


def place_iri(place_id: str) -> str:
    return f"{v.ID}place/{place_id}"


def place_id(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def catalogue(store: Store) -> Catalogue:
    places: dict[str, Place] = {}
    for row in select(store, named_query("places")):
        iri = str(row["place"])
        places[iri] = Place(iri, place_id(iri), str(row["label"] or place_id(iri)), _float(row["lat"]),
                            _float(row["long"]), region_name(row["country"], row["admin1"]),
                            str(row["country"]) if row["country"] else None, int(str(row["operations"])))
    keys: dict[str, list[str]] = {}
    for row in select(store, named_query("place-names")):
        iri = str(row["place"])
        if iri not in places:
            places[iri] = Place(iri, place_id(iri), str(row["label"] or place_id(iri)))
        found = keys.setdefault(str(row["key"]), [])
        if iri not in found:
            found.append(iri)
    periods: dict[str, list[Period]] = {}
    for row in select(store, named_query("all-control-periods")):
        periods.setdefault(str(row["place"]), []).append(
            Period(str(row["controller"]), str(row["status"]), _text(row["start"]), _text(row["end"])))
    return Catalogue(places, {k: tuple(iris) for k, iris in keys.items()},
                     {iri: tuple(found) for iri, found in periods.items()})


def held_on(periods: tuple[Period, ...], day: str) -> Period | None:
    """The period that covers an ISO day, as `frontline control` picks it: the latest-starting one."""
    covering = [p for p in periods if (p.start is None or p.start <= day) and (p.end is None or day < p.end)]
    return max(covering, key=lambda p: p.start or "", default=None)


def search(found: Catalogue, text: str, known: Callable[[str], str | None] = lambda _: None,
           limit: int = MAX_MATCHES) -> dict:
    """The places a name may mean, and what kind of answer that is:
    "found" (a place with reports), "no-reports" (the graph or the gazetteer knows the place, but
    no operation there is reported), "suggestions" (names that begin so: as one types),
    "did-you-mean" (names spelt closest), "unknown" (nothing like it)."""
    name_key = key(text)
    answer: dict = {"query": text, "status": "unknown", "places": []}
    if not name_key:
        return answer
    exact = [found.places[iri] for iri in found.keys.get(name_key, ())]
    if exact:
        exact.sort(key=lambda p: (-p.operations, p.label))
        answer["status"] = "found" if exact[0].operations else "no-reports"
        answer["places"] = [_entry(p) for p in exact[:limit]]
        return answer
    begins = sorted(k for k in found.keys if k.startswith(name_key)) if len(name_key) >= MIN_PREFIX else []
    close = [] if begins else difflib.get_close_matches(name_key, list(found.keys), n=limit, cutoff=CLOSE_ENOUGH)
    chosen: list[Place] = []
    for k in begins or close:
        for iri in found.keys[k]:
            if found.places[iri] not in chosen:
                chosen.append(found.places[iri])
    if chosen:
        if begins:
            chosen.sort(key=lambda p: (-p.operations, p.label))
        answer["status"] = "suggestions" if begins else "did-you-mean"
        answer["places"] = [_entry(p) for p in chosen[:limit]]
        return answer
    elsewhere = known(text)
    if elsewhere:
        answer["status"] = "no-reports"
        answer["places"] = [{"label": elsewhere, "id": None, "operations": 0}]
    return answer


def _entry(place: Place) -> dict:
    return {"label": place.label, "id": place.id, "iri": place.iri, "operations": place.operations,
            "region": place.region}


def _float(value: object) -> float | None:
    try:
        return float(str(value)) if value is not None else None
    except ValueError:
        return None


def _text(value: object) -> str | None:
    return str(value) if value is not None else None

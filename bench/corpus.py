"""`bench/corpus.py N OUT [--seed S]`: N articles for scale runs, made from the sample corpus.

Each article is one of the sample reports (data/sample/) with

- its places swapped for other settlements from the gazetteer, consistently (every spelling of a
  place in the report becomes the same new place; a Russian spelling becomes one of the new
  place's own alternate spellings where it has one). A new place comes from the same region as
  the old one (Ukrainian oblasts, or the Russian border region for a Russian town), so "... in
  Donetsk region" stays true, and is one whose name the gazetteer resolves to exactly one place;
- its forces swapped for another force of the same side from the forces lexicon, and brigade
  numbers changed;
- its date moved to a random day between 2022-02-24 and 2025-12-31 by a whole number of weeks
  (so "on Saturday" stays right), with every date the text names ("in October", "on May 10",
  "May 2023", "2022") moved by the same amount;
- its paragraphs after the lead in another order, and the sentences of some paragraphs too
  (a sentence that starts with a pronoun or a quote stays with the one before it).

So the graph grows as a real feed would make it grow, with thousands of places and dates, not
N copies of 18 reports. Articles are written as `.txt` files with a ` date YYYY-MM-DD ` first
line. Article i depends only on the seed and i, so the first 200 articles of a 2,000-article
corpus are the 200-article corpus of the same seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kg.corpus.articles import Article, read_corpus
from kg.language import gazetteer, lexicons
from kg.names import key
from kg.resources import sample_corpus

FIRST_DAY = dt.date(2022, 2, 24)
LAST_DAY = dt.date(2025, 12, 31)
DEFAULT_SEED = 7

# Mentions that are not a place the report is about: the capitals as governments ("Kyiv said"),
# first names, rivers and seas.
NOT_REPLACED = {"kyiv", "kiev", "moscow", "vladimir", "volodymyr", "azov", "donets", "dnipro", "dnipropetrovsk",
                "crimea", "zaporizhzhia"}
# A place followed by one of these words names a region, a river or a front, not the settlement.
NOT_BEFORE = re.compile(r"\s+(?:region|oblast|province|People['’]s|river|front)\b", re.IGNORECASE)
NAME = re.compile(r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?")
WORD = re.compile(r"[A-Za-z][\w'’-]*")
POSSESSIVE = re.compile(r"['’]s$")
BRIGADE = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)(?= (?:[A-Z][a-z]+ ){0,3}Brigade\b)")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHORT = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10,
         "Nov": 11, "Dec": 12}
SHORT_NAMES = {1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 5: "May", 6: "Jun", 7: "Jul", 8: "Aug", 9: "Sep", 10: "Oct",
               11: "Nov", 12: "Dec"}
_MONTH = "|".join(MONTHS + sorted(SHORT, key=len, reverse=True))
DATES = re.compile(rf"\b(?P<month>{_MONTH})\b\.?(?:\s+(?P<day>\d{{1,2}})\b(?:,\s+(?P<dyear>\d{{4}})\b)?"
                   rf"|\s+(?P<myear>20[12]\d)\b)?|\b(?P<year>20[12]\d)\b")
SENTENCE_END = re.compile(r"[.!?][\"”]?(\s+)(?=[A-Z\"“])")
DEPENDENT = {"he", "she", "it", "they", "its", "their", "his", "her", "this", "that", "these", "those", "such",
             "but", "and", "also", "then", "there", "the"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # place | force | brigade | date
    ref: object  # place: (group, main spelling?, upper case?); force: index into lexicons.forces(); brigade: number


@dataclass(frozen=True)
class Template:
    id: str
    text: str
    date: dt.date
    groups: tuple[tuple[str, str], ...]  # (country, admin1) of each place the report is about
    spans: tuple[Span, ...]


def _article_date(article: Article) -> dt.date | None:
    if article.date:
        return article.date
    match = re.match(r"(?:\w+-)?(\d{4}-\d{2}-\d{2})", article.id)  # 2025-08-12-pokrovsk has a dateline, no date line
    return dt.date.fromisoformat(match.group(1)) if match else None


def _settlements(gaz: gazetteer.Gazetteer, name: str) -> list[gazetteer.Place]:
    return [p for p in gaz.candidates(name) if p.kind == "settlement"]


def _place_spans(text: str, gaz: gazetteer.Gazetteer) -> tuple[list[tuple[int, int, str, frozenset[int]]], dict]:
    """(start, end, spelling, candidate ids) of every settlement named in the text, longest names first."""
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    found, places, i = [], {}, 0
    while i < len(words):
        hit = None
        for length in (3, 2, 1):
            seg = words[i:i + length]
            if len(seg) < length or any(not text[s].isupper() for s, _ in seg):
                continue
            if any(text[seg[k][1]:seg[k + 1][0]] != " " for k in range(length - 1)):
                continue
            start, end = seg[0][0], seg[-1][1]
            name = POSSESSIVE.sub("", text[start:end])
            end = start + len(name)
            candidates = _settlements(gaz, name)
            if candidates:
                hit = (length, start, end, name, candidates)
                break
        if hit is None:
            i += 1
            continue
        length, start, end, name, candidates = hit
        i += length
        if name.lower() in NOT_REPLACED or NOT_BEFORE.match(text, end):
            continue
        for p in candidates:
            places[p.geonames_id] = p
        found.append((start, end, name, frozenset(p.geonames_id for p in candidates)))
    return found, places


def _group(found: list[tuple[int, int, str, frozenset[int]]]) -> list[int]:
    """Mentions whose candidate places overlap are one place (Artemovsk and Bakhmut, Krasny Liman and Lyman)."""
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(found)):
        for j in range(i):
            if found[i][3] & found[j][3]:
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(found))]


def _template(article: Article, gaz: gazetteer.Gazetteer) -> Template | None:
    date = _article_date(article)
    if date is None:
        return None
    text = article.text
    found, places = _place_spans(text, gaz)
    roots = _group(found)
    # the article's own region: where most of its unambiguous places are
    home = Counter((places[next(iter(ids))].country, places[next(iter(ids))].admin1) for *_, ids in found if len(ids) == 1)
    order = list(dict.fromkeys(roots))
    groups, spans = [], []
    for number, r in enumerate(order):
        members = [f for f, rr in zip(found, roots, strict=True) if rr == r]
        ids = frozenset().union(*(m[3] for m in members))
        candidates = sorted((places[i] for i in ids), key=lambda p: -p.population)
        regions = [(p.country, p.admin1) for p in candidates]
        region = max(regions, key=lambda reg: (home.get(reg, 0), -regions.index(reg)))
        groups.append(region)
        main = Counter(key(m[2]) for m in members).most_common(1)[0][0]
        for start, end, name, _ in members:
            spans.append(Span(start, end, "place", (number, key(name) == main, name.isupper() and len(name) > 1)))
    forces = lexicons.forces()
    names = sorted(((n, i) for i, f in enumerate(forces) for n in f.names), key=lambda item: -len(item[0]))
    for name, index in names:
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE):
            if text[max(0, match.start() - 7):match.start()].lower() == "sea of ":
                continue
            spans.append(Span(match.start(), match.end(), "force", index))
    for match in BRIGADE.finditer(text):
        spans.append(Span(match.start(), match.end(), "brigade", int(match.group(1))))
    for match in DATES.finditer(text):
        spans.append(Span(match.start(), match.end(), "date", match))
    priority = {"force": 0, "brigade": 1, "place": 2, "date": 3}
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (priority[s.kind], s.start, -s.end)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return Template(article.id, text, date, tuple(groups), tuple(sorted(kept, key=lambda s: s.start)))


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """The sample reports, each with the places, forces and dates in it that an article may vary."""
    gaz = gazetteer.load()
    out = []
    for item in read_corpus(sample_corpus()):
        if isinstance(item, Article):
            template = _template(item, gaz)
            if template is not None:
                out.append(template)
    if not out:
        raise RuntimeError(f"no dated article in the sample corpus {sample_corpus()}")
    return tuple(out)


@lru_cache(maxsize=1)
def _pools() -> dict[tuple[str, str], list[gazetteer.Place]]:
    """Settlements per (country, region) whose name the gazetteer resolves to that place alone."""
    gaz = gazetteer.load()
    foreign = gazetteer.foreign_names()
    pools: dict[tuple[str, str], list[gazetteer.Place]] = {}
    for place in sorted((p for p in gaz.places if p.kind == "settlement"), key=lambda p: p.geonames_id or 0):
        if not NAME.fullmatch(place.name) or key(place.name) in foreign:
            continue
        if gaz.candidates(place.name) != [place]:
            continue
        pools.setdefault((place.country, place.admin1), []).append(place)
    return pools


@cache
def _alternates(place: gazetteer.Place) -> tuple[str, ...]:
    gaz = gazetteer.load()
    return tuple(a for a in place.alternates
                 if NAME.fullmatch(a) and key(a) != key(place.name) and gaz.candidates(a) == [place])


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _label(month: int, short: bool) -> str:
    return SHORT_NAMES[month] if short else MONTHS[month - 1]


def _moved_date(match: re.Match, written: dt.date, delta: dt.timedelta) -> str:
    """A date the text names, moved as far as the article's own date was."""
    if match.group("year"):
        return str((dt.date(int(match.group("year")), 7, 1) + delta).year)
    name = match.group("month")
    month = MONTHS.index(name) + 1 if name in MONTHS else SHORT[name]
    short = name not in MONTHS
    dot = "." if match.group(0)[len(name):len(name) + 1] == "." else ""
    if match.group("day"):
        day = int(match.group("day"))
        year = int(match.group("dyear")) if match.group("dyear") else written.year
        try:
            when = dt.date(year, month, day)
            if not match.group("dyear") and when > written + dt.timedelta(days=3):
                when = when.replace(year=year - 1)
        except ValueError:  # 29 February
            return match.group(0)
        moved = when + delta
        return f"{_label(moved.month, short)}{dot} {moved.day}" + (f", {moved.year}" if match.group("dyear") else "")
    year = int(match.group("myear")) if match.group("myear") else written.year - (month > written.month)
    moved = dt.date(year, month, 15) + delta
    label = _label(moved.month, short) + dot
    return f"{label} {moved.year}" if match.group("myear") else label


def _units(paragraph: str) -> list[str]:
    """The sentences of a paragraph, each glued to the one before when it leans on it."""
    units, start = [], 0
    for match in SENTENCE_END.finditer(paragraph):
        if re.search(r"\b[A-Z]\.(?:[A-Z]\.)+$", paragraph[:match.start() + 1]):  # U.S. President
            continue
        units.append(paragraph[start:match.start(1)])
        start = match.end(1)
    units.append(paragraph[start:])
    out: list[str] = []
    for unit in units:
        first = unit.split(" ", 1)[0].strip("\"“”,").lower()
        if out and (unit[:1] in "\"“" or first in DEPENDENT):
            out[-1] += " " + unit
        else:
            out.append(unit)
    return out


def _reorder(text: str, rng: random.Random) -> str:
    sep = "\n\n" if "\n\n" in text else "\n"
    paragraphs = text.split(sep)
    lead, body = paragraphs[0], paragraphs[1:]
    rng.shuffle(body)
    for i, paragraph in enumerate(body):
        units = _units(paragraph)
        if len(units) > 1 and rng.random() < 0.5:
            rng.shuffle(units)
            body[i] = " ".join(units)
    return sep.join([lead, *body])


@dataclass(frozen=True)
class Generated:
    name: str  # file name, whose stem is the article id
    date: dt.date
    text: str  # the text after the date line
    places: tuple[str, ...]

    def file_text(self) -> str:
        return f" date {self.date.isoformat()} {self.text}\n"


def article(i: int, seed: int = DEFAULT_SEED) -> Generated:
    """Article number i of the corpus of `seed` (independent of how many there are)."""
    rng = random.Random(f"frontline-bench-{seed}-{i}")
    all_templates = templates()
    template = all_templates[i % len(all_templates)] if i < len(all_templates) else rng.choice(all_templates)
    target = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    weeks = round((target - template.date).days / 7)
    delta = dt.timedelta(weeks=weeks)
    while template.date + delta > LAST_DAY:
        delta -= dt.timedelta(weeks=1)
    while template.date + delta < FIRST_DAY:
        delta += dt.timedelta(weeks=1)
    date = template.date + delta

    pools = _pools()
    everything = [p for key, pool in sorted(pools.items()) if key[0] == "UA" for p in pool]
    chosen: list[gazetteer.Place] = []
    for region in template.groups:
        pool = pools.get(region) or everything
        for _ in range(20):
            place = rng.choice(pool)
            if place not in chosen:
                break
        chosen.append(place)
    forces = lexicons.forces()
    force_map: dict[int, str] = {}
    brigades: dict[int, int] = {}
    pieces, at = [], 0
    for span in template.spans:
        pieces.append(template.text[at:span.start])
        if span.kind == "place":
            group, main, upper = span.ref
            place = chosen[group]
            alternates = _alternates(place)
            name = place.name if main or not alternates else alternates[rng.randrange(len(alternates))]
            pieces.append(name.upper() if upper else name)
        elif span.kind == "force":
            if span.ref not in force_map:
                side = forces[span.ref].side
                force_map[span.ref] = rng.choice([f for f in forces if f.side == side]).name
            pieces.append(force_map[span.ref])
        elif span.kind == "brigade":
            brigades.setdefault(span.ref, rng.randint(1, 155))
            pieces.append(_ordinal(brigades[span.ref]))
        else:
            pieces.append(_moved_date(span.ref, template.date, delta))
        at = span.end
    pieces.append(template.text[at:])
    text = _reorder("".join(pieces), rng)
    lead = chosen[0].name if chosen else template.id
    slug = re.sub(r"[^a-z0-9]+", "-", lead.lower()).strip("-")
    return Generated(f"a{i:06d}-{date.isoformat()}-{slug}.txt", date, text, tuple(p.name for p in chosen))


def generate(n: int, seed: int = DEFAULT_SEED) -> list[Generated]:
    """N distinct articles (an article that would repeat an earlier text is drawn again)."""
    out, seen = [], set()
    for i in range(n):
        item = article(i, seed)
        attempt = 0
        while hashlib.sha256(item.text.encode()).digest() in seen:
            attempt += 1
            item = article(i, seed * 1_000_003 + attempt)
            item = Generated(f"a{i:06d}-{item.date.isoformat()}-{item.name.split('-', 4)[-1]}", item.date, item.text,
                             item.places)
        seen.add(hashlib.sha256(item.text.encode()).digest())
        out.append(item)
    return out


def write(n: int, out: Path, seed: int = DEFAULT_SEED) -> list[Generated]:
    """Write the corpus into `out` (created if need be); articles of an earlier corpus there are removed first."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("a[0-9][0-9][0-9][0-9][0-9][0-9]-*.txt"):
        old.unlink()
    items = generate(n, seed)
    for item in items:
        (out / item.name).write_text(item.file_text(), encoding="utf-8")
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    stray = [p for p in args.out.glob("*") if not re.fullmatch(r"a\d{6}-.*\.txt", p.name)] if args.out.is_dir() else []
    if stray:
        parser.error(f"{args.out} holds other files ({stray[0].name}, ...); give an empty or new folder")
    items = write(args.n, args.out, args.seed)
    places = {p for item in items for p in item.places}
    dates = sorted(item.date for item in items)
    print(f"wrote {len(items)} articles to {args.out}", file=sys.stderr)
    print(f"articles={len(items)} distinct_places={len(places)} distinct_dates={len(set(dates))} "
          f"first_date={dates[0]} last_date={dates[-1]} templates={len(templates())} seed={args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

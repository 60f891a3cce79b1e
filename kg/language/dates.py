"""Dates as reporting gives them: exact days, months, years, and words relative to the
article's date ("on Wednesday", "last month"), each kept at the precision the text supports."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kg.facts import FuzzyDate

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


@dataclass(frozen=True)
class DateMention:
    begin: int
    end: int
    date: FuzzyDate
    vague: bool = False  # reckoned back from the article's date ("a month ago", "last summer")


VAGUE = {"ago", "season"}
SAME_DAY = re.compile(r"\b(?:the same day|that (?:same )?day)\b", re.IGNORECASE)


_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PATTERNS = [
    ("dmy", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b")),
    ("mdy", re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b")),
    ("md", re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:km|kilomet|mile|per))")),
    ("dm", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b")),
    ("my", re.compile(r"\b" + _MONTH + r",?\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b")),
    # "in May last year", "February of this year": a month of the year named relative to the article's
    ("m_of", re.compile(r"\b" + _MONTH + r"\s+(?:of\s+)?(?P<which>last|this|the previous|the past)\s+year\b", re.I)),
    ("m", re.compile(r"\b(?:in|since|during|by|of|until|early|late|mid|mid-|end of|beginning of|earlier in|later in)"
                     r"\s+(?:early\s+|late\s+|mid-?)?" + _MONTH + r"(?!\s+\d)\b")),
    # a month that names an event: "the August incursion", "its February offensive"
    ("m", re.compile(r"\b(?:the|its|their|this|that)\s+" + _MONTH + r"\s+(?=[a-z]{3,}\b)")),
    ("y", re.compile(r"\b(?:in|since|during|of|by|until|early|late|mid-?)\s+(?P<year>(?:19|20)\d\d)\b")),
    ("weekday", re.compile(r"\b(?:on|last|this|late|early|since)\s+" + _WEEKDAY + r"\b", re.I)),
    ("weekday_bare", re.compile(r"(?<![A-Z]\w )\b" + _WEEKDAY + r"(?:'s)?\b")),
    ("last_m", re.compile(r"\blast\s+" + _MONTH + r"(?!\s+\d)\b")),
    ("ago", re.compile(r"\b(?:(?P<exactly>exactly)\s+)?"
                       r"(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
                       r"(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("season", re.compile(r"\b(?P<which>last|this|in the|early last|late last)\s+"
                          r"(?P<season>spring|summer|autumn|fall|winter)\b", re.I)),
    ("rel", re.compile(r"\b(?P<rel>yesterday|today|tonight|overnight|this morning|this evening|last night|"
                       r"last month|this month|last year|this year|earlier this month|earlier this year|"
                       r"the previous day|the day before)\b", re.I)),
]


DAYS_AFTER = re.compile(r"\b(?P<count>a|one|two|three|four|five|six|\d)\s+days?\s+after\s+(?:[\w'’.-]+\s+){1,6}$", re.I)


def days_before(lead: str, when: FuzzyDate | None, told: list[DateMention] = (), start: int = 0) -> FuzzyDate | None:
    """'..., a day after Moscow claimed X': what a clause of "N days after" tells happened N days
    before the day the sentence tells of: the last day written before the clause (`told`, with
    `start` the offset of `lead` in the text), else `when`. Anything else keeps `when`."""
    found = DAYS_AFTER.search(lead)
    if found is None:
        return when
    written = [d.date for d in told if start <= d.begin < start + found.start() and d.date.precision == "day"]
    base = written[-1] if written else when
    if base is None or base.precision != "day":
        return when
    count = found.group("count").lower()
    day = base.earliest - dt.timedelta(days=_COUNTS.get(count) or int(count))
    return FuzzyDate(day.year, day.month, day.day, assumed=base.assumed)


def find_dates(text: str, reference: dt.date | None, offset: int = 0) -> list[DateMention]:
    """Every date expression in text, resolved against the article's date where it is relative.

    Overlapping matches keep the first (most specific) pattern, so "May 12, 2023" is one day,
    not a day plus a year.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            begin, end = match.span()
            if any(b < end and begin < e for b, e in taken):
                continue
            date = _resolve(kind, match, reference)
            if date is None:
                continue
            taken.append((begin, end))
            found.append(DateMention(begin + offset, end + offset, date, kind in VAGUE))
    found.sort(key=lambda m: m.begin)
    # "On April 20, ... On the same day, the president said": the day named last before it
    for match in SAME_DAY.finditer(text):
        if any(b < match.end() and match.start() < e for b, e in taken):
            continue
        before = [m for m in found if m.end - offset <= match.start() and m.date.precision == "day"]
        if before:
            found.append(DateMention(match.start() + offset, match.end() + offset, before[-1].date))
    found.sort(key=lambda m: m.begin)
    # "about a month ago, on August 7": a vague reckoning gives way to the date written beside it
    return [m for i, m in enumerate(found) if not (m.vague and i + 1 < len(found) and
                                                   found[i + 1].begin - m.end <= 6 and not found[i + 1].vague)]


def _resolve(kind: str, match: re.Match[str], ref: dt.date | None) -> FuzzyDate | None:
    groups = match.groupdict()
    month = MONTHS.get((groups.get("month") or "").lower().rstrip(".")) if groups.get("month") else None
    if groups.get("mnum"):
        month = int(groups["mnum"])
    try:
        if kind in ("dmy", "mdy", "iso"):
            return _valid(int(groups["year"]), month, int(groups["day"]))
        if kind in ("md", "dm"):
            if ref is None:
                return None
            return _valid(_year_before(ref, month, int(groups["day"])), month, int(groups["day"]))
        if kind == "my":
            return FuzzyDate(int(groups["year"]), month)
        if kind == "m":
            return None if ref is None else FuzzyDate(ref.year if month <= ref.month else ref.year - 1, month)
        if kind == "m_of":
            return None if ref is None else FuzzyDate(ref.year - (groups["which"].lower() != "this"), month)
        if kind == "y":
            return FuzzyDate(int(groups["year"]))
        if kind in ("weekday", "weekday_bare"):
            if ref is None:
                return None
            back = (ref.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
            return FuzzyDate.of(ref - dt.timedelta(days=back))
        if kind == "last_m":  # "last May": the latest May before this month
            return None if ref is None else FuzzyDate(ref.year if month < ref.month else ref.year - 1, month)
        if kind == "ago":
            return None if ref is None else _ago(groups["count"].lower(), groups["unit"].lower(), ref,
                                                 exactly=bool(groups.get("exactly")))
        if kind == "season":
            return None if ref is None else _season(groups["which"].lower(), groups["season"].lower(), ref)
        if kind == "rel":
            return None if ref is None else _relative(groups["rel"].lower(), ref)
    except ValueError:
        return None
    return None


def _valid(year: int, month: int | None, day: int) -> FuzzyDate | None:
    try:
        dt.date(year, month or 1, day)
    except ValueError:
        return None
    return FuzzyDate(year, month, day)


def _year_before(ref: dt.date, month: int | None, day: int) -> int:
    """A date written without its year is the latest such date not long after the article."""
    candidate = dt.date(ref.year, month or 1, min(day, 28))
    return ref.year if candidate <= ref + dt.timedelta(days=7) else ref.year - 1


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}


def _ago(count: str, unit: str, ref: dt.date, exactly: bool = False) -> FuzzyDate | None:
    """'three days ago' is a day; 'two weeks ago' and 'a month ago' a month; 'a year ago' a year:
    as precise as the phrase is, and 'exactly a year ago' is that month a year back."""
    n = _COUNTS.get(count) or int(count)
    if exactly and unit == "year":
        return FuzzyDate(ref.year - n, ref.month)
    if unit == "day":
        return FuzzyDate.of(ref - dt.timedelta(days=n))
    if unit == "week":
        return FuzzyDate.of(ref - dt.timedelta(days=7 * n)) if n == 1 else \
            FuzzyDate((ref - dt.timedelta(days=7 * n)).year, (ref - dt.timedelta(days=7 * n)).month)
    if unit == "month":
        months = ref.year * 12 + ref.month - 1 - n
        return FuzzyDate(months // 12, months % 12 + 1)
    return FuzzyDate(ref.year - n)


def _season(which: str, season: str, ref: dt.date) -> FuzzyDate | None:
    """'last summer', 'this spring': the year of that season (a winter is named by the year it
    ends in); 'last' is the latest one over before the article's month."""
    if "last" in which:
        return FuzzyDate(ref.year if _SEASON_END[season] < ref.month else ref.year - 1)
    return FuzzyDate(ref.year)


def _relative(word: str, ref: dt.date) -> FuzzyDate | None:
    if word in ("yesterday", "last night", "the previous day", "the day before", "overnight"):
        return FuzzyDate.of(ref - dt.timedelta(days=1)) if word != "overnight" else FuzzyDate.of(ref)
    if word in ("today", "tonight", "this morning", "this evening"):
        return FuzzyDate.of(ref)
    if word in ("this month", "earlier this month"):
        return FuzzyDate(ref.year, ref.month)
    if word == "last month":
        prev = ref.replace(day=1) - dt.timedelta(days=1)
        return FuzzyDate(prev.year, prev.month)
    if word in ("this year", "earlier this year"):
        return FuzzyDate(ref.year)
    if word == "last year":
        return FuzzyDate(ref.year - 1)
    return None


DATELINE = re.compile(
    r"\A\s*(?:[A-Z][A-Za-z'’.\- ]{1,40},\s+)?(?:(?:Updated|Published|Posted)\s*:?\s*)?"
    r"(?P<body>" + _MONTH.replace("(?P<month>", "(?P<m1>") + r"\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?"
    r"|\d{1,2}\s+" + _MONTH.replace("(?P<month>", "(?P<m2>") + r"(?:,?\s*(?:19|20)\d\d)?)"
)


def dateline_date(text: str, fallback_year: int | None = None) -> dt.date | None:
    """The date in a wire dateline or a page's 'Updated 12 May 2024' line at the top of a text."""
    head = text[:300]
    for line in head.splitlines()[:4]:
        match = DATELINE.match(line)
        if not match:
            continue
        mentions = find_dates(match.group("body"), None)
        for mention in mentions:
            if mention.date.precision == "day":
                return mention.date.earliest
        if fallback_year:
            mentions = find_dates(match.group("body"), dt.date(fallback_year, 12, 31))
            for mention in mentions:
                if mention.date.precision == "day":
                    return mention.date.earliest
    # a page's time stamp on a short line of its own: "Published: 14:05 GMT, 3 June 2023",
    # "Sat 11 Jun 2023 10.45 BST", "Posted on 7/17/2024"
    for line in text[:600].splitlines()[:6]:
        if line.strip() and len(line.split()) <= 12:
            found = day_in(line)
            if found is not None:
                return found
    return None


def day_in(text: str) -> dt.date | None:
    """The first full date (day, month and year) a short text writes, in words or in figures."""
    for mention in find_dates(text, None):
        if mention.date.precision == "day":
            return mention.date.earliest
    return _numeric_date(text)


US_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
EU_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")


def _numeric_date(line: str) -> dt.date | None:
    """7/17/2024 (month first, as US pages write it) or 17.07.2024 (day first)."""
    for pattern, month_first in ((US_DATE, True), (EU_DATE, False)):
        match = pattern.search(line)
        if match:
            a, b, year = (int(g) for g in match.groups())
            month, day = (a, b) if month_first else (b, a)
            if month > 12 and month_first:
                month, day = day, month
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None

"""Plain values between language and RDF: what the extractor found, with where it found it.

The extractor fills these from spaCy docs and knows nothing of RDF; the RDF layer turns them
into triples and knows nothing of spaCy.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.names import key

if TYPE_CHECKING:  # an article reads its dates with kg.dates, which reads FuzzyDate from here
    from kg.corpus.articles import Article


def other(side: str | None) -> str | None:
    """The other side of the war, or None."""
    return {"Ukraine": "Russia", "Russia": "Ukraine"}.get(side or "")


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to a day, a month or a year, with the bounds that make it comparable.

    `assumed` marks a date no words of the text give: an action told as news without a time
    expression happened, as far as the reader knows, on the day it was reported. Such a date
    gives way to any date the text writes for the same action."""

    year: int
    month: int | None = None
    day: int | None = None
    assumed: bool = field(default=False, compare=False)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @classmethod
    def of(cls, day: dt.date, precision: str = "day") -> FuzzyDate:
        if precision == "year":
            return cls(day.year)
        if precision == "month":
            return cls(day.year, day.month)
        return cls(day.year, day.month, day.day)

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """The inverse of `iso`: '2022', '2022-09' or '2022-09-10'."""
        parts = [int(p) for p in text.strip().split("-")]
        if not 1 <= len(parts) <= 3:
            raise ValueError(f"not a date: {text!r}")
        value = cls(*parts)
        value.earliest  # noqa: B018 - raises ValueError for an impossible date
        return value


@dataclass(frozen=True)
class KnownPlace:
    """A place the gazetteer knows: its GeoNames record, or a region or country of the lexicon."""


    name: str
    kind: str  # settlement | region | country | area
    country: str
    admin1: str = ""
    geonames_id: int | None = None
    population: int = 0
    lat: float | None = None
    lon: float | None = None
    alternates: tuple[str, ...] = ()

    @property
    def ident(self) -> str:
        """A stable identifier: the GeoNames id where there is one, else kind and name."""
        return f"gn{self.geonames_id}" if self.geonames_id else f"{self.kind}-{key(self.name)}"




@dataclass(frozen=True)
class Evidence:
    """Characters [begin, end) of the article text; `text` is exactly article.text[begin:end]."""

    begin: int
    end: int
    text: str


def sentence_start(sent) -> int:
    """Where a sentence's words begin (blanked page furniture before it is white space)."""
    for token in sent:
        if not token.is_space:
            return token.idx
    return sent.start_char


def sentence_evidence(sent) -> Evidence:
    """A spaCy sentence as evidence, without the white space around it."""
    text = sent.text.rstrip()
    stripped = text.lstrip()
    begin = sent.start_char + len(text) - len(stripped)
    return Evidence(begin, begin + len(stripped), stripped)


@dataclass(frozen=True)
class PlaceRef:
    """A place as the article names it and, where the gazetteer knows it, which place it is."""

    name: str
    key: str
    geonames_id: int | None = None
    kind: str = "settlement"  # settlement | region | country | area | feature
    candidates: tuple[int, ...] = ()
    ident: str | None = None           # the gazetteer's identifier, when it knows the place
    gazetteer_name: str | None = None  # the gazetteer's own spelling
    entry: KnownPlace | None = field(default=None, compare=False)  # what the gazetteer knows of it
    candidate_entries: tuple[KnownPlace, ...] = field(default=(), compare=False)  # of each candidate

    @property
    def node(self) -> str:
        """What identifies the place in the graph: the gazetteer entry, else kind and key."""
        return self.ident or f"{self.kind}-{self.key}"


@dataclass
class Event:
    type: str
    place: PlaceRef
    side: str | None
    date: FuzzyDate | None
    outcome: str | None
    evidence: list[Evidence]
    agent: str | None = None
    confidence: float = 0.7
    rules: list[str] = field(default_factory=list)  # the extraction rules that read it, in order
    near: bool = False  # only near the place ("positions near X"): a hand-over there hands nothing over
    handed_to: str | None = None  # the side a withdrawing force handed its positions to ("to regular troops")

    @property
    def relief(self) -> bool:
        """A withdrawal whose positions went to its own side (a relief in place): nothing changed hands."""
        return self.type == "withdrawal" and self.side is not None and self.handed_to == self.side


@dataclass
class Statement:
    speaker: str
    text: str
    date: FuzzyDate | None
    evidence: list[Evidence]
    quote_kind: str = "indirect"
    role: str | None = None
    side: str | None = None
    speaker_kind: str = "person"  # person | body
    verb: str = "say"  # the reporting verb's lemma: a denial disputes what it is about
    about: list[int] = field(default_factory=list)      # indexes of events in the same article
    supports: list[int] = field(default_factory=list)
    disputes: list[int] = field(default_factory=list)
    confidence: float = 0.7
    rules: list[str] = field(default_factory=list)
    # what its words are about, whichever article told the operation: the places they name and
    # the kinds of operation ("denied claims that its forces had captured X": X, capture)
    places: list[PlaceRef] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    denies: bool = False  # a denial ("rejected as false"): it disputes what it is about


@dataclass
class ArticleFacts:
    article: Article
    events: list[Event]
    statements: list[Statement]
    places: dict[str, PlaceRef] = field(default_factory=dict)
    holdings: list = field(default_factory=list)  # kg.holdings.Holding
    date: object = None  # the article's date as read or from its dateline (datetime.date)
    wire: str | None = None    # the news agency its dateline credits (kg.corpus.sources)
    sketch: str | None = None  # the MinHash of its words, that tells copies of one story (kg.corpus.sources)

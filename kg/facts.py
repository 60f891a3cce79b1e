"""Plain values between language and RDF: what the extractor found, with where it found it.

The extractor fills these from spaCy docs and knows nothing of RDF; the RDF layer turns them
into triples and knows nothing of spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.articles import Article
from kg.dates import FuzzyDate


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


@dataclass
class ArticleFacts:
    article: Article
    events: list[Event]
    statements: list[Statement]
    places: dict[str, PlaceRef] = field(default_factory=dict)
    holdings: list = field(default_factory=list)  # kg.holdings.Holding
    date: object = None  # the article's date as read or from its dateline (datetime.date)

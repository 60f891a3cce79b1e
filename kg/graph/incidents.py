"""Incidents: the operations of many articles that report one thing, grouped place by place.

Ten outlets reporting one capture are one incident with ten reports, not ten captures. Two
operations report the same incident when they are of the same kind by the same side (or one
side is not known), or of kinds that tell the same change from either side (a capture by one
side, a withdrawal by the other), at the same place, on dates that can be the same day at their
precision (a report dated to the month fits any day of it). Grouping is deterministic: the
operations are taken finest date first, then earliest, then by IRI, and each joins the first
incident whose dates it fits, which narrows the incident's dates to what all its reports
allow; so two reports a month apart never join through a third dated only to the month. An
operation with no date stays alone.

An incident counts its independent sources: articles with the same wire credit, or whose texts
are near-duplicates (kg.corpus.sources' MinHash sketches), are one source, whichever site
printed them. Its confidence grows with that count and falls when claims dispute it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from kg.corpus import sources
from kg.facts import other

DENIAL_AFTER = dt.timedelta(days=30)  # how long after an incident a denial of it is still about it
SLACK = dt.timedelta(days=1)  # a report dated a day off (the day it was announced) is the same incident
PRECISION_ORDER = {"unitDay": 0, "unitMonth": 1, "unitYear": 2}
# kinds that tell one change of control from either side: the taker's capture, the loser's withdrawal
MIRRORED = {("capture", "withdrawal"), ("withdrawal", "capture")}


@dataclass(frozen=True)
class Report:
    """One operation as the incident-operations query reads it."""

    op: str
    place: str
    place_name: str
    type: str
    side: str | None
    earliest: dt.date | None
    latest: dt.date | None
    precision: str | None
    doc: str
    outlet: str | None = None
    wire: str | None = None
    sketch: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None


@dataclass
class Incident:
    reports: list[Report]
    earliest: dt.date | None  # None: an operation with no date, alone
    latest: dt.date | None
    window: tuple[dt.date, dt.date] | None  # the dates every report allows
    supported_by: list[str] = field(default_factory=list)
    disputed_by: list[str] = field(default_factory=list)

    @property
    def first(self) -> Report:
        return self.reports[0]

    @property
    def iri_key(self) -> str:
        """A name for the incident that does not depend on the order reports arrived in."""
        return hashlib.sha256(min(r.op for r in self.reports).encode()).hexdigest()[:12]

    @property
    def type(self) -> str:
        """The kind: the taker's capture, when the loser's withdrawal is reported too."""
        types = {r.type for r in self.reports}
        return "capture" if "capture" in types else self.first.type

    @property
    def side(self) -> str | None:
        for r in self.reports:
            if r.type == self.type and r.side:
                return r.side
        for r in self.reports:  # only the loser's withdrawal says who it was
            if r.side and (r.type, self.type) in MIRRORED:
                return other(r.side)
        return None

    @property
    def docs(self) -> list[str]:
        return sorted({r.doc for r in self.reports})

    def source_groups(self) -> list[list[Report]]:
        """The reports by independent source: one article each, joined when they carry the
        same wire credit or near-duplicate texts (union-find over the articles)."""
        by_doc: dict[str, Report] = {}
        for r in self.reports:
            by_doc.setdefault(r.doc, r)
        docs = sorted(by_doc)
        parent = {d: d for d in docs}

        def root(d: str) -> str:
            while parent[d] != d:
                parent[d] = parent[parent[d]]
                d = parent[d]
            return d

        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                ra, rb = by_doc[a], by_doc[b]
                same_wire = ra.wire is not None and ra.wire == rb.wire
                copies = ra.sketch and rb.sketch and sources.similarity(ra.sketch, rb.sketch) >= sources.COPY
                if same_wire or copies:
                    parent[root(b)] = root(a)
        groups: dict[str, list[Report]] = {}
        for d in docs:
            groups.setdefault(root(d), []).append(by_doc[d])
        return [groups[k] for k in sorted(groups)]

    def source_names(self) -> list[str]:
        """Each independent source as a reader names it: the wire agency, else its outlets (or
        its articles, where no outlet is known), "/"-joined when copies ran on several sites."""
        names = []
        for reports in self.source_groups():
            wire = next((r.wire for r in reports if r.wire), None)
            sites = sorted({r.outlet or r.doc for r in reports})
            names.append(f"{wire} ({' / '.join(sites)})" if wire else " / ".join(sites))
        return names

    @property
    def source_count(self) -> int:
        return len(self.source_groups())

    @property
    def confidence(self) -> float:
        """1 - 0.6^sources (one source 0.4, two 0.64, four 0.87), times the share of the claims
        about it that support it when any dispute it."""
        base = 1 - 0.6 ** self.source_count
        if self.disputed_by:
            backing = self.source_count + len(self.supported_by)
            base *= backing / (backing + len(self.disputed_by))
        return round(base, 2)


def compatible_kinds(a: Report, b: Report) -> bool:
    if a.type == b.type:
        return a.side is None or b.side is None or a.side == b.side
    if (a.type, b.type) in MIRRORED:
        return a.side is None or b.side is None or a.side == other(b.side)
    return False


def _window(r: Report) -> tuple[dt.date, dt.date]:
    assert r.earliest and r.latest
    return r.earliest - SLACK, r.latest + SLACK


def group(reports: list[Report]) -> list[Incident]:
    """The incidents of one place's operations (see the module's docstring).

    A report is tried against the incidents in the order they were made, and joins the first it
    fits. Within one precision the reports come earliest first, so an incident whose window ends
    before a report's begins can take no later report of that precision, and leaves the list the
    next ones are tried against: a busy place costs about its reports times the incidents open at
    once, not its reports times all its incidents."""
    order = sorted(reports, key=lambda r: (r.earliest is None, PRECISION_ORDER.get(r.precision or "", 3),
                                           r.earliest or dt.date.min, r.op))
    incidents: list[Incident] = []
    open_ones: list[Incident] = []
    precision: str | None = None
    for r in order:
        if r.earliest is None or r.latest is None:
            incidents.append(Incident([r], None, None, None))
            continue
        if r.precision != precision:  # a coarser report may fit any incident made so far
            precision = r.precision
            open_ones = [i for i in incidents if i.window is not None]
        low, high = _window(r)
        open_ones = [i for i in open_ones if i.window is not None and i.window[1] >= low]
        for incident in open_ones:
            assert incident.window is not None and incident.earliest is not None and incident.latest is not None
            if not all(compatible_kinds(kept, r) for kept in incident.reports):
                continue
            start, end = max(low, incident.window[0]), min(high, incident.window[1])
            if start <= end:
                incident.reports.append(r)
                incident.window = (start, end)
                incident.earliest = min(incident.earliest, r.earliest)
                incident.latest = max(incident.latest, r.latest)
                break
        else:
            made = Incident([r], r.earliest, r.latest, (low, high))
            incidents.append(made)
            open_ones.append(made)
    return incidents


@dataclass(frozen=True)
class Remark:
    """A statement's words about a place: a kind of operation they name, whether they deny it,
    and the day they were said."""

    statement: str
    kind: str
    denies: bool
    day: dt.date | None


def denials_of(incident: Incident, remarks: list[Remark]) -> list[str]:
    """The denials, in any article, of this incident: statements that deny an operation of its
    kind (or the mirrored kind) at its place, from the day before it to DENIAL_AFTER after."""
    if incident.earliest is None or incident.latest is None:
        return []
    kinds = {incident.type} | {b for a, b in MIRRORED if a == incident.type}
    found = []
    for remark in remarks:
        if not remark.denies or remark.kind not in kinds or remark.day is None:
            continue
        if incident.earliest - SLACK <= remark.day <= incident.latest + DENIAL_AFTER:
            found.append(remark.statement)
    return sorted(set(found))

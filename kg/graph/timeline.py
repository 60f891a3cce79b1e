"""Who held each place when: control periods derived from the operations of every article.

A capture by a side, or a withdrawal by its enemy, hands a place over; the same hand-over
reported by several articles at different precisions is one change, dated by the tightest
bounds they agree on. A reported event happened no later than the report. Before the first
known hand-over the place was held by the side that lost it. Where no hand-over is known,
attacks, advances, encirclement and shelling by one side say the other side holds the place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from kg.facts import other

PRESSURE = {"assault", "advance", "encirclement", "shelling", "offensive"}


@dataclass
class Operation:
    iri: str
    place: str
    type: str
    side: str | None
    earliest: dt.date | None
    latest: dt.date | None
    reported: dt.date | None
    outcome: str | None = None
    disputed: bool = False
    incident: str | None = None  # the incident it reports, and that incident's independent sources
    sources: int = 1
    near: bool = False  # only near the place: a hand-over there is fighting for it, not a hand-over
    in_part: bool = False  # a holding of most of the place: held, and the rest fought over
    relief: bool = False  # a withdrawal whose positions went to its own side: nothing changed hands


@dataclass
class Change:
    controller: str
    earliest: dt.date
    latest: dt.date
    operations: list[str] = field(default_factory=list)
    disputed: bool = False
    incidents: dict[str, int] = field(default_factory=dict)  # incident (or operation) -> its sources

    @property
    def sources(self) -> int:
        """The independent sources that report the hand-over: each incident's, counted once."""
        return sum(self.incidents.values())


@dataclass
class Period:
    place: str
    controller: str
    status: str  # held | contested
    start: dt.date | None      # from when the controller certainly held it
    since: str | None          # the start as precisely as the reports give it
    end: dt.date | None        # when the next change certainly happened
    rests_on: list[str]


def _changes(ops: list[Operation]) -> list[Change]:
    changes: list[Change] = []
    for op in ops:
        if op.type not in ("capture", "withdrawal") or op.side is None or op.earliest is None or op.near or op.relief:
            continue
        controller = op.side if op.type == "capture" else other(op.side)
        latest = min(op.latest, op.reported) if op.reported and op.latest else op.latest
        if latest < op.earliest:
            latest = op.earliest
        for change in changes:
            if change.controller == controller and change.earliest <= latest and op.earliest <= change.latest:
                change.earliest = max(change.earliest, op.earliest)
                change.latest = min(change.latest, latest)
                change.operations.append(op.iri)
                change.disputed = change.disputed or op.disputed
                change.incidents[op.incident or op.iri] = op.sources
                break
        else:
            changes.append(Change(controller, op.earliest, latest, [op.iri], op.disputed,
                                  {op.incident or op.iri: op.sources}))
    changes = _outweighed(changes)
    changes.sort(key=lambda c: (c.latest, c.earliest))
    # consecutive changes to the same controller are one hold
    collapsed: list[Change] = []
    for change in changes:
        if collapsed and collapsed[-1].controller == change.controller:
            collapsed[-1].operations.extend(change.operations)
            continue
        collapsed.append(change)
    return collapsed


def _outweighed(changes: list[Change]) -> list[Change]:
    """Two hand-overs to opposite sides on days that overlap tell one moment two ways: the one
    more independent sources report stands, contested, and the lone claim is dropped from the
    timeline (it stays in the evidence). Equal counts leave both, as before."""
    dropped: set[int] = set()
    for i, a in enumerate(changes):
        for j, b in enumerate(changes[i + 1:], i + 1):
            if a.controller == b.controller or a.latest < b.earliest or b.latest < a.earliest:
                continue
            if a.sources == b.sources:
                continue
            winner, loser = (a, j) if a.sources > b.sources else (b, i)
            winner.disputed = True
            dropped.add(loser)
    return [c for k, c in enumerate(changes) if k not in dropped]


def _since(change: Change) -> str:
    if change.earliest == change.latest:
        return change.earliest.isoformat()
    if (change.earliest.year, change.earliest.month) == (change.latest.year, change.latest.month):
        return change.earliest.isoformat()[:7]
    if change.earliest.year == change.latest.year:
        return str(change.earliest.year)
    return change.earliest.isoformat()


def periods_for(place: str, ops: list[Operation]) -> list[Period]:
    changes = _changes(ops)
    pressure = [op for op in ops if (op.type in PRESSURE or op.near) and op.side]
    holdings = [op for op in ops if op.type == "holding" and op.side]
    if not changes and holdings:
        # no hand-over known: the side the reports say holds it, held since before they wrote
        sides = {op.side for op in holdings}
        if len(sides) == 1:
            status = "contested" if any(op.in_part for op in holdings) else "held"
            return [Period(place, sides.pop(), status, None, None, None, [op.iri for op in holdings])]
    if not changes:
        if not pressure:
            return []
        tally: dict[str, float] = defaultdict(float)
        for op in pressure:  # a dated report says more than an undated one, an attack on the place more
            # than a campaign in its area
            # a withdrawal near the place: the side that fell back held it
            holder = op.side if op.type == "withdrawal" else other(op.side)
            tally[holder] += (1.0 if op.earliest else 0.5) * (0.5 if op.type == "offensive" else 1.0)
        ranked = sorted(tally.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return []
        dated = [op.earliest for op in pressure if op.earliest]
        start = min(dated) if dated else None
        return [Period(place, ranked[0][0], "contested", None, start.isoformat() if start else None, None,
                       [op.iri for op in pressure])]
    out = []
    first = changes[0]
    out.append(Period(place, other(first.controller), "held", None, None, first.latest, list(first.operations)))
    for i, change in enumerate(changes):
        end = changes[i + 1].latest if i + 1 < len(changes) else None
        status = "contested" if change.disputed else "held"
        out.append(Period(place, change.controller, status, change.latest, _since(change), end,
                          list(change.operations)))
    return out


def derive(ops: list[Operation]) -> list[Period]:
    by_place: dict[str, list[Operation]] = defaultdict(list)
    for op in ops:
        by_place[op.place].append(op)
    periods = []
    for place, place_ops in sorted(by_place.items()):
        periods.extend(periods_for(place, place_ops))
    return periods

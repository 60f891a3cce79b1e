"""Who a shortened speaker is: reports name a speaker in full once ("Ivan Marchenko, the regional
governor", "Russia's defence ministry") and then by a part ("Marchenko said", "the ministry
added"). The part stands for the last full name it belongs to, so that a reader sees one speaker,
with one side, not two."""

from __future__ import annotations

import re

from kg.facts import Statement

DETERMINERS = re.compile(r"^(?:the|a|an|this|that)\s+", re.I)


def _words(name: str) -> list[str]:
    return DETERMINERS.sub("", name.strip()).replace("’", "'").split()


def full_name(short: str, earlier: list[str]) -> str | None:
    """The latest earlier name that the short one is the end of: a surname for a person ("Doe"
    for "Jane Doe"), the head noun for a body ("the ministry" for "Russia's defence ministry")."""
    words = _key(short)
    if not words or len(words) > 2:
        return None
    keyed = [(name, _key(name)) for name in earlier]
    matches = [(name, k) for name, k in keyed if len(k) > len(words) and k[-len(words):] == words]
    if not matches:
        return None
    latest = matches[-1][1]  # and the fullest form of it ("Russia's defence ministry", not "defence ministry")
    return max((m for m in matches if m[1][-len(latest):] == latest), key=lambda m: len(m[1]))[0]


def _key(name: str) -> list[str]:
    return [w.lower().removesuffix("'s") for w in _words(name)]


def resolve_speakers(statements: list[Statement], names: list[tuple[int, str]]) -> None:
    """Give each shortened speaker the full name named before it: the speakers of earlier
    statements and the names of people and bodies found before it in the text (char, name)."""
    ordered = sorted(names + [(s.evidence[0].begin, s.speaker) for s in statements])  # the names as first read
    for statement in statements:
        begin = statement.evidence[0].begin
        earlier = [name for at, name in ordered if at < begin]
        found = full_name(statement.speaker, earlier)
        if found is not None and found != statement.speaker:
            statement.speaker = found
            statement.rules.append("speaker:full-name-before")


def same_speaker(a: str, b: str) -> bool:
    """Two names of one speaker: the same words, one inside the other ("Marchenko", "President
    Ivan Marchenko"), or the same last name."""
    wa, wb = _key(a), _key(b)
    return bool(wa and wb) and (set(wa) <= set(wb) or set(wb) <= set(wa) or wa[-1] == wb[-1])


def continue_dates(statements: list[Statement]) -> None:
    """A speaker's next words with no date of their own were said when the same speaker's words
    before were ("X said on Tuesday that ... It said that ..."): the date of that speaker's latest
    statement before, when the text wrote one."""
    ordered = sorted(statements, key=lambda s: s.evidence[0].begin)
    for i, statement in enumerate(ordered):
        if statement.date is None or not statement.date.assumed:
            continue
        before = next((s for s in reversed(ordered[:i]) if same_speaker(s.speaker, statement.speaker)), None)
        if before is not None and before.date is not None and not before.date.assumed:
            statement.date = before.date
            statement.rules.append("date:same-speaker-before")


WEEK = 7  # days: words a report quotes were said in the days before it, not weeks


def dates_from_claims(events: list, statements: list[Statement]) -> None:
    """An action with no date of its own told in somebody's words took place by the day those
    words were said, when the text gives that day ("It said its troops had retaken X", after
    "the ministry said on Sunday..."), and that day falls in the week before the report."""
    for event in events:
        if event.date is None or not event.date.assumed:
            continue
        told = event.evidence[0]
        claim = next((s for s in statements if s.date is not None and not s.date.assumed
                      and s.date.precision == "day" and 0 <= (event.date.earliest - s.date.earliest).days <= WEEK
                      and s.evidence[0].begin < told.end and told.begin < s.evidence[0].end), None)
        if claim is not None:
            event.date = claim.date
            event.rules = [r for r in event.rules if r != "date:assumed"] + ["date:when-said"]

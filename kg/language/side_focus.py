"""Sides the sentence leaves out, from the story around it.

Reporting names the actor once and then drops it: "Ukrainian forces completed the envelopment
of X. In the north, they have retaken Y; Z is being stormed." Whoever the story has been showing
attacking is the one storming Z, and whoever gives ground there is the other side. A side's own
words do the same: a ministry announcing that a village "was liberated" speaks of its own
troops. These rules run after the sentence-level ones, over the whole article, and only fill
sides that are still unknown.
"""

from __future__ import annotations

import datetime as dt

from kg.facts import Event, Statement, other
from kg.language import lexicons

ATTACKING = {"assault", "capture", "advance", "encirclement", "offensive", "shelling"}
OWN_VOICE = {"capture", "advance"}  # what a side announces of its own troops: "X was liberated"


def attacker(event: Event) -> str | None:
    """The side that presses in an event: its actor, or the other side of one who gives ground."""
    return event.side if event.type in ATTACKING else other(event.side)


def as_actor(event: Event, pressing: str | None) -> str | None:
    return pressing if event.type in ATTACKING else other(pressing)


def speaker_voice(events: list[Event], statements: list[Statement]) -> None:
    """An action without an actor in a side's own announcement is that side's ("our units
    liberated X", "X was liberated", the ministry said); not in a denial, nor a place that
    "fell", which tells a loss."""
    for event in events:
        if event.side is not None or event.type not in OWN_VOICE:
            continue
        if any(rule.startswith("trigger:fall/") for rule in event.rules):
            continue  # "X has fallen" tells a loss, in either side's voice
        told = event.evidence[0]
        for statement in statements:
            span = statement.evidence[0]
            if statement.verb in lexicons.words("denial_verbs.txt"):
                continue  # "denied that X had been taken" is no announcement of its own
            # the action's sentence and the claim's words overlap (a quote begins after its mark)
            if statement.side and statement.speaker_kind == "body" and span.begin < told.end and told.begin < span.end:
                event.side = statement.side
                event.rules.append("side:speaker-voice")
                break


def story_focus(events: list[Event], statements: list[Statement]) -> None:
    """An action without an actor is done by the side the story shows pressing nearest before
    it (else nearest after it): the same side for another attack, the other for a withdrawal.
    Background (an action dated over a month before the story's latest) and the news are two
    stories: "since their incursion last August" says nothing of who presses now."""
    dated = [e.date.earliest for e in events if e.date is not None]
    newest = max(dated) if dated else None
    sided = sorted((e.evidence[0].begin, attacker(e), _background(e, newest)) for e in events if e.side is not None)
    if not sided:
        return
    for event in events:
        if event.side is not None or event.type == "shelling":
            continue
        past = _background(event, newest)
        known = [(at, side) for at, side, back in sided if back == past] or [(at, side) for at, side, _ in sided]
        begin = event.evidence[0].begin
        before = [side for at, side in known if at <= begin]
        pressing = before[-1] if before else next(side for at, side in known if at > begin)
        event.side = as_actor(event, pressing)
        if event.side:
            event.rules.append("side:story-focus")


def _background(event: Event, newest) -> bool:
    """An action the text dates more than a month before the latest action of the story."""
    return newest is not None and event.date is not None and not event.date.assumed and \
        event.date.latest < newest - dt.timedelta(days=30)


def shelled_speaker(events: list[Event], statements: list[Statement]) -> None:
    """Shelling told without a shooter in a side's own words is the other side's: a side reports
    the fire that falls on it ("the town came under fire overnight", the regional military
    administration said), and the fire it opens it names as its own."""
    for event in events:
        if event.side is not None or event.type != "shelling":
            continue
        told = event.evidence[0]
        for statement in statements:
            span = statement.evidence[0]
            if statement.side and span.begin < told.end and told.begin < span.end:
                event.side = other(statement.side)
                event.rules.append("side:shelled-speaker")
                break


RULES = (speaker_voice, shelled_speaker, story_focus)


def fill_sides(events: list[Event], statements: list[Statement]) -> None:
    """Run each rule in turn, in the order of RULES; each leaves a side it cannot tell as it was."""
    for rule in RULES:
        rule(events, statements)

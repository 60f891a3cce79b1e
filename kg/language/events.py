"""Operations from the dependency parse: a trigger word (captured, withdrawal, shelling...),
the place it acts on, the side that acts, when, and whether it failed.

The rules that read each trigger are in `event_rules`, whether it happened in `realis`; here
they are run over an article, and the operations one article tells twice are merged."""

from __future__ import annotations

import datetime as dt

from kg.facts import Event, other, sentence_evidence, sentence_start
from kg.language import lexicons
from kg.language.dates import DateMention, FuzzyDate, days_before
from kg.language.event_rules import Candidate, Reading, part_of_speech, read_candidate, trigger_of
from kg.language.nlp import text_of
from kg.language.operation_dates import operation_date
from kg.language.operation_places import OPERATION_NOUNS, list_mates, main_region, only_near
from kg.language.operation_sides import expulsion, positions_handed_to, pushed_back_near
from kg.language.places import Mention, mention_at
from kg.language.realis import unreal
from kg.language.sides import side_of_phrase


def find_events(doc, mentions: list[Mention], dates: list[DateMention], ref: dt.date | None,
                skip: list[tuple[int, int]]) -> list[Event]:
    """Every operation the article tells: each trigger word read by the rules of `event_rules`,
    sentence by sentence; who is acting carries through a paragraph, not across paragraphs."""
    triggers = lexicons.triggers()
    reading = Reading(doc, mentions, dates, ref, text_of(doc), triggers, main_region(mentions))
    for sent in doc.sents:
        if any(b <= sentence_start(sent) < e for b, e in skip):
            continue
        if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws:
            reading.last_side = None
        for token in sent:
            pos = part_of_speech(token, triggers)
            if pos is None:
                continue
            if pos == "VERB" and not unreal(token):
                expelled = _expulsion(token, reading)
                if expelled:  # one expulsion is a capture by one side and a withdrawal by the other
                    reading.events.extend(expelled)
                    continue
            trigger = trigger_of(token, pos, triggers)
            if trigger is None:
                continue
            candidate = Candidate(token, pos, trigger, trigger.type)
            if read_candidate(candidate, reading):
                _record(candidate, reading)
    events = reading.events
    return merge(complete_sides(merge(events + _losses_taken(events))))


def _expulsion(token, reading: Reading) -> list[Event]:
    """'drove the Russians out of X': X taken by one side and left by the other; 'have begun
    pushing them out of X': an advance there; 'pushed back Russian forces around X': an advance near X."""
    winner, loser, places = expulsion(token, reading.mentions)
    pusher, around = pushed_back_near(token, reading.mentions) if not places else (None, [])
    if not places and not around:
        return []
    date = operation_date(token, reading.dates, reading.ref, reading.used)
    rules = ["trigger:expulsion", "place:expulsion", "side:expulsion", "date:assumed" if date and date.assumed else "date:text"]

    def told(type_: str, m, side: str | None, outcome: str | None, *more: str, near: bool = False) -> Event:
        return Event(type=type_, place=m.ref, side=side, date=date, outcome=outcome, near=near,
                     evidence=[sentence_evidence(token.sent)], confidence=0.75 if outcome else 0.7, rules=rules + list(more))

    if not places:
        return [told("advance", m, pusher, None, "type:pushed-back", "place:only-near", near=True) for m in around]
    if _under_way(token):  # "have begun pushing Ukrainian forces back from X": ground gained, not X
        return [told("advance", m, winner, None, "type:under-way") for m in places]
    return [told(type_, m, side, "success") for m in places for type_, side in (("capture", winner), ("withdrawal", loser))]


def _under_way(token) -> bool:
    """An action told as begun or going on ("have begun pushing back", "are driving out"), not done
    (lexicon class under-way)."""
    if token.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in token.children):
        return True
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in lexicons.word_class("under-way")


def _record(c: Candidate, reading: Reading) -> None:
    """The candidate's operations, one per place it acts on and the places listed with them."""
    doc, mentions = reading.doc, reading.mentions
    token, side, side_rule = c.token, c.side, c.side_rule
    date = operation_date(token, reading.dates, reading.ref, reading.used)
    begun = sentence_start(token.sent)  # "..., a day after Russia took X"
    date = days_before(reading.text[begun:token.idx], date, reading.dates, begun)
    evidence = sentence_evidence(token.sent)
    anchor = c.anchor if c.anchor is not None else token
    handed_to = positions_handed_to(token) if c.type == "withdrawal" else None  # "handing over its positions to"
    targets = [m for m in list_mates(c.places, mentions, doc) if not names_something_else(m, doc)]
    if any(m.ref.kind in ("settlement", "feature") for m in targets):
        # "took X in the Y region": a region named beside a town only says where the town is
        targets = [m for m in targets if m.ref.kind != "region"]
    for m in targets:
        if m.ref.kind == "country" and c.type not in ("offensive",):
            continue
        if c.type == "capture" and side is None and c.lemma == "fall":
            for child in token.children:  # "fell to Russian forces"
                if child.dep_ == "prep" and child.lower_ in ("to", "into"):
                    for p in child.children:
                        side, side_rule = side_of_phrase(p), "side:fall-to"
        rules = [f"trigger:{c.trigger.lemma}/{c.pos.lower()}", c.place_rule if m in c.places else "place:list-mate",
                 "date:assumed" if date is not None and date.assumed else "date:text"]
        if side:
            rules.append(side_rule)
        rules += c.rules
        near = only_near(anchor, m)
        if near:
            rules.append("place:only-near")
        if handed_to:
            rules.append("type:positions-handed-over")
        reading.events.append(Event(type=c.type, place=m.ref, side=side, date=date, outcome=c.outcome,
                                    evidence=[evidence], agent=c.agent, rules=rules, near=near, handed_to=handed_to,
                                    confidence=c.confidence if side else c.confidence - 0.2))
    if side:
        reading.last_side = side


def _losses_taken(events: list[Event]) -> list[Event]:
    """A place a side lost ("lost control over X", "lost X") was taken by its enemy: the loss is
    also the enemy's capture, unless the article already tells that capture."""
    taken = []
    for event in events:
        if event.type != "withdrawal" or event.side is None or "trigger:lose/verb" not in event.rules:
            continue
        if any(e.type == "capture" and e.place.node == event.place.node for e in events):
            continue
        taken.append(Event(type="capture", place=event.place, side=other(event.side), date=event.date,
                           outcome="success", evidence=list(event.evidence), agent=None,
                           rules=[*event.rules, "type:taken-from-the-loser"], confidence=event.confidence - 0.1))
    return taken


def names_something_else(m: Mention, doc) -> bool:
    """'the Romny military group', 'the Poltava regional administration': a place name that
    modifies another noun names a unit or an office, not the place an operation is at; a
    feature ("the Romny power plant"), a part of the place ("the Shostka front") or the
    operation itself ("the Shostka counteroffensive") is still the place."""
    last = doc[m.stop - 1]
    if last.dep_ not in ("compound", "amod", "nmod") or last.head.i < m.stop:
        return False
    head = last.head
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    place_heads = lexicons.word_classes()["place-head"] | OPERATION_NOUNS
    return head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in place_heads and \
        (head.lemma_.lower(), "NOUN") not in lexicons.triggers() and \
        not lexicons.toponym_shapes()["feature"].search(head.text) and mention_at([m], head) is None


def complete_sides(events: list[Event]) -> list[Event]:
    """A capture whose side the sentence leaves out was made by the enemy of whoever the same
    article says withdrew from that place at a time that can be the same, and the other way round
    (a town captured in February is not the one abandoned in November)."""
    for event in events:
        if event.side is not None or event.type not in ("capture", "withdrawal"):
            continue
        wanted = "withdrawal" if event.type == "capture" else "capture"
        sides = {e.side for e in events if e.type == wanted and e.side and e.place.node == event.place.node
                 and _compatible(e.date, event.date)}
        if len(sides) == 1:
            event.side = other(sides.pop())
            event.rules.append("side:complement")
    return events


def _compatible(a: FuzzyDate | None, b: FuzzyDate | None) -> bool:
    """Can two mentions' dates be the same date? A date the text does not write (assumed: the
    day of the report) is any day of its month up to that day."""
    if a is None or b is None:
        return True
    if a.assumed or b.assumed:
        told, assumed = (b, a) if a.assumed else (a, b)
        return told.assumed or (told.iso[:7] == assumed.iso[:7] or assumed.iso.startswith(told.iso)) \
            and told.earliest <= assumed.latest
    return a.iso.startswith(b.iso) or b.iso.startswith(a.iso)


def _better_date(new: FuzzyDate | None, kept: FuzzyDate | None) -> bool:
    """A written date over an assumed one, and a finer written date over a coarser one."""
    if new is None or new.assumed:
        return kept is None
    return kept is None or kept.assumed or len(new.iso) > len(kept.iso)


FAMILY = {"assault": "attack", "offensive": "attack"}


def _same_kind(a: Event, b: Event) -> bool:
    """An attack and an offensive on the same place in one article are one operation told twice."""
    return a.type == b.type or FAMILY.get(a.type, a.type) == FAMILY.get(b.type, b.type)


def merge(events: list[Event]) -> list[Event]:
    """One Operation per real event: mentions of the same type, side and place with dates that
    can be the same date become one, with every mention as evidence."""
    merged: list[Event] = []
    for event in events:
        for kept in merged:
            if _same_kind(kept, event) and kept.place.node == event.place.node and \
                    (kept.side == event.side or event.side is None or kept.side is None) and \
                    _compatible(kept.date, event.date):
                if kept.side is None and event.side is not None:
                    kept.side, kept.type = event.side, event.type
                if _better_date(event.date, kept.date):
                    kept.date = event.date
                if event.outcome == "failed":
                    kept.outcome = "failed"
                kept.near = kept.near and event.near  # told once as in the place, it was in the place
                kept.handed_to = kept.handed_to or event.handed_to
                for ev in event.evidence:
                    if ev not in kept.evidence:
                        kept.evidence.append(ev)
                kept.rules.extend(r for r in event.rules if r not in kept.rules)
                kept.confidence = min(0.95, kept.confidence + 0.05)
                break
        else:
            merged.append(event)
    return merged

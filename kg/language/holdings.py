"""Who holds a place, as the article says in passing: "Russian-occupied Donetsk", "the
Kyiv-controlled village of X", "X remains under Ukrainian control", "in Russian hands".

These are not operations; they tell the timeline who held a place when nothing in the graph
says how it changed hands.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.facts import Evidence, PlaceRef, sentence_evidence, sentence_start
from kg.language.operation_places import list_mates
from kg.language.places import Mention, focus_before, mention_at
from kg.language.sides import side_of_tokens

HELD_WORDS = {"occupied", "held", "controlled", "annexed", "captured"}
CONTROL_NOUNS = {"control", "hands", "occupation"}


@dataclass
class Holding:
    place: PlaceRef
    side: str
    evidence: list[Evidence]
    in_part: bool = False  # "controls about 80% of X": most of it, and the rest is fought over


def _place_near(token, mentions: list[Mention]) -> Mention | None:
    """The place a modifier describes: the noun it modifies, or "the village of X"."""
    head = token
    while head.dep_ in ("amod", "compound", "npadvmod", "advmod") and head.head != head:
        head = head.head
    found = mention_at(mentions, head)
    if found:
        return found
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                found = mention_at(mentions, pobj)
                if found:
                    return found
    return None


def _settlement_placed_in(token, mentions: list[Mention]) -> Mention | None:
    """'X, Russian-controlled Ukraine' (a caption's or dateline's place), 'X, the capital of the
    Russian-occupied Y region': the held area is where the settlement X lies."""
    head = token
    while head.dep_ in ("amod", "compound", "npadvmod", "advmod") and head.head != head:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in ("capital", "centre", "center"):
        head = head.head.head
    if head.dep_ == "appos":
        found = mention_at(mentions, head.head)
        if found is not None and found.ref.kind == "settlement":
            return found
    return None


HOLD_VERBS = {"hold", "control", "occupy"}
PARTIAL_WORDS = {"part", "parts", "most", "half", "%", "percent", "share", "rest", "outskirts", "edge", "edges"}


def _most_of(held) -> bool:
    """'most of X', 'the bulk of X', 'about 80% of X': more than half of a place."""
    if held.lemma_.lower() in ("most", "majority", "bulk"):
        return True
    if held.lower_ not in ("%", "percent"):
        return False
    number = next((t for t in held.subtree if t.like_num), None)
    try:
        return number is not None and float(number.text.replace(",", ".")) > 50
    except ValueError:
        return False


def _holder_and_held(verb, mentions: list[Mention]) -> tuple[str | None, Mention | None, bool]:
    """'Russian forces hold X', 'Ukraine still controls X', 'X is held by the Russians', 'X, which
    is held by Russia', 'the area around X, held by Russian troops': who holds which place, told
    as a state (present tense or a participle), not as a change, and whether only in part. Most
    of a place ("most of X", "80% of X") is held in part; a smaller part says nothing of the whole."""
    if verb.tag_ in ("VBD",) and not any(c.lower_ == "still" for c in verb.children):
        return None, None, False  # "held X for a month": a past state, not what the report says now
    agent = next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    holder = agent if agent is not None else subject if verb.tag_ != "VBN" or verb.dep_ != "acl" else None
    if holder is None:
        return None, None, False
    side = side_of_tokens(list(holder.subtree))
    if side is None and holder.lower_ in ("they", "it"):  # "... by Russian troops, but they control ..."
        side = side_of_tokens([t for t in verb.sent if t.i < holder.i])
    if agent is not None or verb.dep_ == "acl":  # passive: the held place is the subject or the noun modified
        held = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if held is not None and held.lower_ in ("which", "that") and verb.dep_ == "relcl":
            held = verb.head
        if held is None and verb.dep_ in ("acl", "relcl"):
            held = verb.head
    else:
        held = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if held is None:
        return None, None, False
    in_part = _most_of(held)
    if in_part:  # "about 80% of the area": the place is what it is a part of
        held = next((p for c in held.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj"), held)
    elif any(t.lower_ in PARTIAL_WORDS for t in held.subtree):
        return None, None, False
    target = mention_at(mentions, held)
    if target is None and in_part and held.lower_ in ("area", "city", "town", "village") and \
            any(d.lower_ == "the" for d in held.children):
        target = focus_before(mentions, held.idx)  # "80% of the area": the place in focus
    if target is None:
        target = _place_near(held, mentions) or next(
            (m for t in held.subtree if (m := mention_at(mentions, t)) is not None), None)
    return side, target, in_part


def find_holdings(doc, mentions: list[Mention], skip: list[tuple[int, int]]) -> list[Holding]:
    found: list[Holding] = []
    for sent in doc.sents:
        if any(b <= sentence_start(sent) < e for b, e in skip):
            continue
        for token in sent:
            side = None
            target = None
            in_part = False
            low = token.lower_
            # "Russian-occupied", "Kyiv-controlled": side word, hyphen, participle
            if low in HELD_WORDS and token.i >= 2 and doc[token.i - 1].text == "-":
                side = side_of_tokens([doc[token.i - 2]])
                target = _place_near(token, mentions)
            # "under Ukrainian control", "in Russian hands", "under Russian occupation"
            elif low in CONTROL_NOUNS and token.dep_ == "pobj" and token.head.lower_ in ("under", "in"):
                side = side_of_tokens([c for c in token.children if c.dep_ in ("amod", "poss", "compound")])
                holder = token.head.head
                subj = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                target = mention_at(mentions, subj) if subj is not None else mention_at(mentions, holder)
            elif token.lemma_.lower() in HOLD_VERBS and token.pos_ in ("VERB", "AUX"):
                side, target, in_part = _holder_and_held(token, mentions)
            if side and low in HELD_WORDS:
                target = _settlement_placed_in(token, mentions) or target
            if side and target is not None and target.ref.kind in ("settlement", "feature", "region"):
                for held in list_mates([target], mentions, doc):  # "controls A and B"
                    found.append(Holding(held.ref, side, [sentence_evidence(sent)], in_part))
    return found

"""The rules that read one operation from one trigger word, each named and registered in order.

A trigger (`TRIGGER_RULES`) makes a `Candidate`; then every rule of `EVENT_RULES` reads it in
turn, as spaCy runs the components of a pipeline over a Doc: a rule may drop the candidate
(returns False: "pulled" without "out" is no withdrawal), change its type ("tried to take X" is
an assault), or give it a side or places. The side and place rules are lists of their own, tried
in order until one answers, and the one that answered is recorded in the fact's provenance
(`Event.rules`), where the accuracy ledger credits it. Every rule can be tried on one sentence:
`read_candidate(token, reading)`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.facts import Event, other, sentence_evidence
from kg.language import lexicons
from kg.language.dates import DateMention
from kg.language.operation_places import (
    CONTROL_NOUNS,
    DIRECTIONS,
    OPERATION_NOUNS,
    PARTIAL,
    POSITION_NOUNS,
    anaphor_of,
    area_taken,
    arguments,
    direct_heads,
    elliptic,
    in_sentence,
    listed_places,
    nearby,
    places_of,
    relative_heads,
    story_focus,
    unnamed_object,
)
from kg.language.operation_sides import (
    AGENT_NOUNS,
    agent_side,
    clause_subject_side,
    loser_side,
    own_flag_side,
    pronoun_side,
    reporter_side,
    target_side,
)
from kg.language.places import Mention, mention_at
from kg.language.realis import attempted, descriptive, failed, intended, tried_and_failed, unreal
from kg.language.sides import ENEMY_WORDS, side_of_phrase, side_of_tokens

PRESSURE_TYPES = {"assault", "advance", "encirclement", "shelling"}


@dataclass
class Reading:
    """What the rules may consult beyond the trigger's own sentence: the article's places and
    dates, the events read so far, and who was acting last in this paragraph."""

    doc: object
    mentions: list[Mention]
    dates: list[DateMention]
    ref: dt.date | None
    text: str
    triggers: dict
    region: Mention | None
    events: list[Event] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    last_side: str | None = None


@dataclass
class Candidate:
    """One trigger word on its way to becoming operations, with what the rules found so far."""

    token: object
    pos: str  # VERB or NOUN, as the trigger is read
    trigger: lexicons.Trigger
    type: str
    anchor: object = None  # the phrase that stands for the operation ("a counter-attack south of X")
    side: str | None = None
    side_rule: str = "side:agent"
    agent: str | None = None
    repelled: bool = False
    tried: bool = False  # an attempt told as past: an attack that did not succeed
    near: bool = False  # ground taken near the places, not the places
    places: list[Mention] = field(default_factory=list)
    place_rule: str = "place:parse"
    confidence: float = 0.8
    outcome: str | None = None
    rules: list[str] = field(default_factory=list)  # the rules that changed its type, for its provenance

    @property
    def lemma(self) -> str:
        return self.token.lemma_.lower()


# --- triggers ------------------------------------------------------------------------------------

def part_of_speech(token, triggers: dict) -> str | None:
    """VERB or NOUN as a trigger is looked up, or None for a word that cannot be one. A hyphenated
    adjective or one modifying an operation noun is read as a noun, and so is a noun split off at
    a hyphen that the tagger mistook ("semi-encirclement")."""
    if token.pos_ == "VERB":
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN") or (
            token.pos_ == "ADJ" and ("-" in token.text or token.head.lemma_.lower() in OPERATION_NOUNS)) or (
            token.i > 0 and token.doc[token.i - 1].text == "-" and (token.lower_, "NOUN") in triggers):
        return "NOUN"
    return None


def phrasal(token, pos: str, triggers: dict) -> lexicons.Trigger | None:
    """A phrasal verb of the trigger lexicon ("fell back", "pulled out") or a verb with its object
    ("improved their positions"): the verb's lemma with a particle it governs or its object's
    lemma, looked up before the verb alone."""
    if pos != "VERB":
        return None
    for child in token.children:
        if child.dep_ in ("prt", "advmod", "prep") and child.i == token.i + 1 or child.dep_ == "prt":
            found = triggers.get((f"{token.lemma_.lower()} {child.lower_}", "VERB"))
            if found is not None:
                return found
        if child.dep_ == "dobj":  # a verb and its object: "improved their positions"
            found = triggers.get((f"{token.lemma_.lower()} {child.lemma_.lower()}", "VERB"))
            if found is not None:
                return found
        if child.dep_ == "prep":  # a verb and a prepositional phrase: "returned X under our control"
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                found = triggers.get((f"{token.lemma_.lower()} {child.lower_} {pobj.lemma_.lower()}", "VERB"))
                if found is not None:
                    return found
    return None


def lexicon_word(token, pos: str, triggers: dict) -> lexicons.Trigger | None:
    """A word of the trigger lexicon, by its lemma or as written."""
    return triggers.get((token.lemma_.lower(), pos)) or triggers.get((token.lower_, pos))


def control_claimed(token, pos: str, triggers: dict) -> lexicons.Trigger | None:
    """'Russia claimed control of X', 'established control over X': a capture."""
    lemma = token.lemma_.lower()
    if pos == "VERB" and lemma in lexicons.word_class("claim-control") and any(
            c.dep_ == "dobj" and c.lemma_.lower() == "control" for c in token.children):
        return lexicons.Trigger(lemma, pos, "capture", "object")
    return None


def flag_raised(token, pos: str, triggers: dict) -> lexicons.Trigger | None:
    """'hoisted the Ukrainian flag over X': that side took it."""
    lemma = token.lemma_.lower()
    if pos != "VERB" or lemma not in lexicons.word_class("flag-verb"):
        return None
    flag = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() == "flag"), None)
    if flag is not None and (side_of_phrase(flag) or own_flag_side(flag)):
        return lexicons.Trigger(lemma, pos, "capture", "any")
    return None


def weapon_fired(token, pos: str, triggers: dict) -> lexicons.Trigger | None:
    """'dropped 24 glide bombs on X': a verb of firing with a weapon as its object is shelling."""
    lemma = token.lemma_.lower()
    if pos == "VERB" and lemma in lexicons.word_classes()["fire"] and any(
            c.dep_ == "dobj" and c.lemma_.lower() in lexicons.word_classes()["weapon"] for c in token.children):
        return lexicons.Trigger(lemma, pos, "shelling", "any")
    return None


TriggerRule = Callable[[object, str, dict], "lexicons.Trigger | None"]
TRIGGER_RULES: list[TriggerRule] = [phrasal, lexicon_word, control_claimed, flag_raised, weapon_fired]


def trigger_of(token, pos: str, triggers: dict) -> lexicons.Trigger | None:
    """The first trigger rule that reads the word as an operation."""
    for rule in TRIGGER_RULES:
        found = rule(token, pos, triggers)
        if found is not None:
            return found
    return None


# --- what is no operation, and of which type ------------------------------------------------------

def not_a_name(c: Candidate, r: Reading) -> bool:
    """A word of a name is no trigger ("the Third Assault Brigade")."""
    return not (c.pos == "NOUN" and (c.token.pos_ == "PROPN" or c.token.ent_type_ in ("ORG", "FORCE")))


def not_a_kind_of_unit(c: Candidate, r: Reading) -> bool:
    """'assault groups', 'strike drones': a kind of unit or weapon, not an operation."""
    t = c.token
    return not (c.pos == "NOUN" and t.dep_ == "compound" and t.head.lemma_.lower() in lexicons.word_class("unit-kind"))


def happened(c: Candidate, r: Reading) -> bool:
    """Not under a modal, a condition, a negation, a plan or a question; not a participle that
    describes a thing."""
    return not (unreal(c.token) or descriptive(c.token, c.trigger.type, r.mentions))


def not_what_is_denied(c: Candidate, r: Reading) -> bool:
    """'denied any such advance': the claim it disputes is told elsewhere."""
    t = c.token
    return not (c.pos == "NOUN" and t.dep_ == "dobj" and t.head.lemma_.lower() in lexicons.words("denial_verbs.txt"))


def pulled_out(c: Candidate, r: Reading) -> bool:
    """'pulled out of X' (the parser may read "out" as a preposition), 'pulled back'; not 'pulled'."""
    return not (c.pos == "VERB" and c.lemma == "pull" and not any(
        ch.dep_ in ("prt", "prep", "advmod") and ch.lower_ in ("out", "back") for ch in c.token.children))


def pushed_through(c: Candidate, r: Reading) -> bool:
    """'pushed forward', 'broke through into X'; not 'pushed for talks' or 'broke a record'."""
    if c.pos != "VERB" or c.lemma not in ("push", "break"):
        return True
    children = list(c.token.children)
    return any(ch.dep_ in ("prt", "advmod") and ch.lower_ in ("through", "forward", "into", "deeper", "ahead")
               for ch in children) or any(ch.dep_ == "prep" and ch.lower_ in ("into", "through") for ch in children)


def gained_ground(c: Candidate, r: Reading) -> bool:
    """'gained ground', 'gained a foothold'; not 'gained experience'."""
    return not (c.pos == "VERB" and c.lemma == "gain" and not any(
        ch.dep_ == "dobj" and ch.lemma_ in ("ground", "foothold", "control", "territory") for ch in c.token.children))


def control_taken(c: Candidate, r: Reading) -> bool:
    """'gained control of X', 'took control of X': a capture."""
    if c.pos == "VERB" and c.lemma in ("gain", "take", "seize", "establish", "regain", "assume") and any(
            ch.dep_ == "dobj" and ch.lemma_ in CONTROL_NOUNS for ch in c.token.children):
        c.type = "capture"
        c.rules.append("type:control-taken")
    return True


def not_a_purpose(c: Candidate, r: Reading) -> bool:
    """'measures to bring X back under control': a purpose, not a result."""
    return not (c.pos == "VERB" and intended(c.token, c.type) and c.type != "encirclement")


def fire_from_afar(c: Candidate, r: Reading) -> bool:
    """'missile attacks', 'drone strikes', 'artillery assault': shelling."""
    standoff = lexicons.word_class("standoff")
    if c.type == "assault" and c.pos == "NOUN" and any(
            ch.dep_ in ("compound", "amod", "nmod") and ch.lemma_.lower() in standoff for ch in c.token.children):
        c.type = "shelling"
        c.rules.append("type:fire-from-afar")
    return True


def not_a_state(c: Candidate, r: Reading) -> bool:
    """'a position once occupied by X', 'Russian-occupied': a state, not a capture."""
    return not (c.lemma == "occupy" and c.token.dep_ in ("acl", "amod"))


def not_left_in_a_state(c: Candidate, r: Reading) -> bool:
    """'its loss leaves X as the last city in Ukrainian hands', 'the retreat left X exposed': a
    place left in a state is told to stay, not abandoned (lexicon class left-in-state)."""
    return not (c.pos == "VERB" and c.lemma in lexicons.word_class("left-in-state") and any(
        ch.dep_ in ("ccomp", "xcomp", "oprd", "acomp") or (ch.dep_ == "prep" and ch.lower_ == "as")
        for ch in c.token.children))


def troops_surround(c: Candidate, r: Reading) -> bool:
    """'the confusion surrounding X', 'its surrounding territory': no troops encircle."""
    t = c.token
    return not (t.tag_ == "VBG" and t.dep_ in ("acl", "amod") and c.type == "encirclement" and
                t.head.lemma_.lower() not in AGENT_NOUNS | {"troop", "force", "unit", "soldier"})


def extent(c: Candidate, r: Reading) -> bool:
    """An attempt to take a place is an assault ("tried to break through"); a part of a place
    taken is an advance in it ("the southern part of X"); ground taken around a place is an
    advance near it ("4.5 square kilometres around X"), and nothing when no place is named."""
    t = c.token
    if attempted(t):
        if c.type in ("capture", "advance", "assault"):
            c.type = "assault"
            c.tried = tried_and_failed(t)
            c.rules.append("type:attempt")
    elif c.type == "capture" and c.pos == "VERB" and any(
            ch.dep_ in ("dobj", "nsubjpass") and ch.lemma_.lower() in PARTIAL for ch in t.children):
        c.type = "advance"
        c.rules.append("type:part-of-place")
    elif c.type == "capture" and c.pos == "VERB" and c.lemma not in lexicons.word_class("flag-verb") and \
            area_taken(t, r.mentions):
        c.type = "advance"
        c.near = True
        c.rules.append("type:ground-near")
        if not arguments(t, r.mentions, near=True):
            return False
    return True


def anchor(c: Candidate, r: Reading) -> bool:
    """The phrase that stands for the operation: "a counter-attack south-west of X" is the
    direction phrase; "four waves of attacks" are the waves launched and repelled."""
    t = c.token
    c.anchor = t.head if t.dep_ in ("amod", "compound") and (
        t.head.lower_ in DIRECTIONS or t.head.lemma_.lower() in OPERATION_NOUNS) else t
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in lexicons.word_class("quantity"):
        c.anchor = t.head.head
    return True


# --- sides ----------------------------------------------------------------------------------------

def ordering_clause(c: Candidate, r: Reading) -> str | None:
    """'he ordered troops to withdraw': troops of no stated side act for whoever ordered them."""
    if c.pos != "VERB" or c.token.dep_ != "xcomp":
        return None
    side, head_agent, _ = agent_side(c.token.head, False)
    if side is None and head_agent is not None:
        side = pronoun_side(c.token.head, head_agent, r.last_side)
    return side


def pronoun(c: Candidate, r: Reading) -> str | None:
    """'they', 'our forces': the side the pronoun stands for."""
    return pronoun_side(c.token, c.agent, r.last_side) if c.agent is not None else None


def reporter(c: Candidate, r: Reading) -> str | None:
    """'units liberated X', the ministry said: the reporting body's own troops."""
    if c.agent is None or c.agent.lower().split()[-1] not in AGENT_NOUNS | {"unit"} or \
            set(c.agent.lower().split()) & ENEMY_WORDS:
        return None
    return reporter_side(c.token)


def clause_subject(c: Candidate, r: Reading) -> str | None:
    """'their offensive', 'X launched an assault': the subject of the clause the noun is in."""
    if c.pos == "NOUN" and c.type in ("offensive", "assault", "advance"):
        return clause_subject_side(c.token)
    return None


def loser(c: Candidate, r: Reading) -> str | None:
    """'X was taken from the Ukrainians': the enemy of the side it was taken from."""
    return other(loser_side(c.token)) if c.type == "capture" and c.pos == "VERB" else None


def sentence(c: Candidate, r: Reading) -> str | None:
    """'after capturing X', in a sentence of one side only: that side."""
    t = c.token
    if c.agent is None and c.pos == "VERB" and t.tag_ == "VBG" and c.type in ("capture", "advance", "assault") and \
            any(ch.dep_ == "dobj" and mention_at(r.mentions, ch) for ch in t.children):
        return side_of_tokens(list(t.sent))
    return None


SideRule = Callable[[Candidate, Reading], "str | None"]
SIDE_RULES: list[tuple[str, SideRule]] = [
    ("side:ordering-clause", ordering_clause),
    ("side:pronoun", pronoun),
    ("side:reporter", reporter),
    ("side:clause-subject", clause_subject),
    ("side:loser", loser),
    ("side:sentence", sentence),
]


def sides(c: Candidate, r: Reading) -> bool:
    """The acting side as the parse gives it ("Russian forces took X", "X was taken by Y"), else
    the first side rule that answers."""
    c.side, c.agent, c.repelled = agent_side(c.anchor, c.pos == "NOUN")
    for name, rule in SIDE_RULES:
        if c.side is not None:
            break
        side = rule(c, r)
        if side is not None:
            c.side, c.side_rule = side, name
    return True


def someone_did_it(c: Candidate, r: Reading) -> bool:
    """'it has destroyed a warship near X' is a strike; 'the bridges have been destroyed' tells
    no one who did it and is no operation (lexicon class needs-agent)."""
    return not (c.agent is None and c.side is None and c.lemma in lexicons.word_class("needs-agent"))


# --- places ---------------------------------------------------------------------------------------

def places(c: Candidate, r: Reading) -> bool:
    """The places the operation acts on. "take", "leave", "gain" count only with the place as
    their object ("took losses" is no capture); other triggers take their places from the parse."""
    t = c.token
    if not (c.pos == "VERB" and " " not in c.trigger.lemma and
            {c.lemma, t.lower_} & lexicons.word_class("needs-place-object")):
        c.places, c.place_rule = arguments(c.anchor, r.mentions, near=c.near), "place:parse"
        return True
    heads = [h for h in direct_heads(t) if h is not None and (h.dep_ in ("dobj", "nsubjpass", "nsubj") or elliptic(h))]
    if t.dep_ == "conj":
        heads += [ch for ch in t.head.children if ch.dep_ in ("nsubjpass", "dobj")]
    c.places, c.place_rule = places_of(heads, t, r.mentions), "place:object"
    if not c.places and t.dep_ == "relcl" and not any(ch.dep_ == "dobj" for ch in t.children):
        # "the biggest city Moscow has taken": the object is the noun the clause describes
        c.places = relative_heads(t, r.mentions)
    if not c.places and c.type == "shelling":  # "a missile hit a building in X": the strike is on X
        hit = [h for h in heads if h.dep_ in ("dobj", "nsubjpass")]
        c.places = places_of([p for h in [*hit, t] if h is t or h.pos_ == "NOUN" for ch in h.children
                              if ch.dep_ == "prep" and ch.lower_ in ("in", "near", "outside")
                              for p in ch.children if p.dep_ == "pobj"], t, r.mentions) if hit else []
        c.place_rule = "place:what-was-hit"
    if not c.places:  # "had taken the city": the object is the place in focus
        obj = next((h for h in heads if h.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None and obj.lower_ in ("city", "town", "village", "settlement", "capital") and any(
                d.lower_ in ("the", "this", "that") for d in obj.children):
            focus = story_focus(r.doc, r.mentions, obj.idx)
            c.places, c.place_rule = ([focus] if focus is not None else []), "place:the-town"
    return bool(c.places)


def told_before(c: Candidate, r: Reading) -> bool:
    """'the counter-attack' with no place of its own: the one already told, one more mention of it."""
    if c.places or c.pos != "NOUN" or not any(
            ch.dep_ == "det" and ch.lower_ in ("the", "this", "that", "such")
            for ch in list(c.token.children) + list(c.anchor.children)):
        return True
    earlier = next((e for e in reversed(r.events) if e.type == c.type and c.side in (None, e.side)), None)
    if earlier is None:
        return True
    earlier.evidence.append(sentence_evidence(c.token.sent))
    return False


def anaphor(c: Candidate, r: Reading) -> bool:
    """'there', 'the town': the place the word refers back to."""
    if not c.places:
        found = anaphor_of(c.token, r.mentions, r.text)
        if found is not None:
            c.places, c.place_rule = [found], "place:anaphor"
    return True


def loose_noun_needs_place(c: Candidate, r: Reading) -> bool:
    """'a push for a deal', 'a campaign': only with a place of their own."""
    return bool(c.places) or not (c.pos == "NOUN" and c.lemma in lexicons.word_class("loose-noun"))


def nearby_place(c: Candidate, r: Reading) -> bool:
    """A noun with no place in its phrase: the place named closest to it."""
    if not c.places and c.pos == "NOUN":
        c.places, c.place_rule = nearby(c.token, r.mentions), "place:nearby"
    return True


def listed_after_colon(c: Candidate, r: Reading) -> bool:
    """'took the following villages: A, B and C'. A capture or withdrawal of a place the sentence
    does not name ("recaptured a village on the flank of X") is at no place."""
    listed = listed_places(c.token, r.mentions) if c.pos == "VERB" else []
    if listed:
        c.places, c.place_rule = listed, "place:listed-after-colon"
        return True
    return not (c.pos == "VERB" and c.type in ("capture", "withdrawal") and unnamed_object(c.token, r.mentions))


def governing_place(c: Candidate, r: Reading) -> bool:
    """A hand-over with no place of its own, told in a clause or phrase of time under one that
    names where: "troops entered X after the enemy completed its withdrawal", "... following a
    Russian retreat" withdrew from X. Not a verb with an object of its own ("as they occupied
    strongholds": the strongholds are what was taken), nor a relative clause, whose place is its
    head's."""
    if c.places or c.type not in ("capture", "withdrawal") or c.token.dep_ == "relcl" or \
            (c.pos == "VERB" and any(ch.dep_ == "dobj" for ch in c.token.children)):
        return True
    links = lexicons.word_class("time-link")
    if c.pos == "NOUN" and c.token.dep_ == "pobj" and c.token.head.lower_ in links:
        node = c.token.head  # "after a withdrawal" (a preposition), "following a retreat" (a clause)
    else:
        node = c.token
        while node.head != node and node.dep_ != "advcl":
            node = node.head
        if node.dep_ != "advcl" or not any(ch.dep_ in ("mark", "advmod") and ch.lower_ in links for ch in node.children):
            return True
    if node.head.pos_ in ("VERB", "AUX"):
        found = arguments(node.head, r.mentions)
        if found:
            c.places, c.place_rule = found, "place:governing-clause"
    return True


def in_the_sentence(c: Candidate, r: Reading) -> bool:
    """A verb with no object and no place in its phrase: a place of its sentence."""
    has_object = c.pos == "VERB" and c.lemma not in lexicons.word_class("flag-verb") and \
        any(ch.dep_ == "dobj" for ch in c.token.children)
    if not c.places and not has_object:  # "captured four settlements near X" names no captured place
        c.places, c.place_rule = in_sentence(c.token, r.mentions, r.text), "place:in-sentence"
        c.confidence = 0.6
    return True


def the_article_region(c: Candidate, r: Reading) -> bool:
    """An offensive with no place: the region the article is about."""
    if not c.places and c.type == "offensive" and r.region is not None:
        c.places, c.place_rule = [r.region], "place:main-region"
        c.confidence = 0.5
    return True


def in_focus(c: Candidate, r: Reading) -> bool:
    """An attack, advance, withdrawal or encirclement of a known side with no place: the place
    the story is about at that point, unless the action is somewhere on a front ("attacks along
    the front line") or about something else ("the war entered its 300th day")."""
    if c.places or not c.side or c.type not in ("assault", "advance", "withdrawal", "encirclement"):
        return True
    front = lexicons.word_class("front")
    located = any(ch.dep_ == "prep" and ch.lower_ in ("along", "across", "on", "in", "at") and
                  any(p.dep_ == "pobj" and any(t.lemma_.lower() in front for t in p.subtree) for p in ch.children)
                  for ch in c.anchor.children)
    other_object = c.pos == "VERB" and any(
        ch.dep_ == "dobj" and ch.pos_ == "NOUN" and not {ch.lemma_.lower(), ch.lower_} & (
            AGENT_NOUNS | POSITION_NOUNS | {"unit", "troop", "force", "soldier", "grouping", "garrison"})
        for ch in c.token.children)
    if located or other_object:
        return True
    sent = c.token.sent
    focus = story_focus(r.doc, r.mentions, sent.start_char)
    if focus is not None and sent.start_char - focus.begin < 600:
        c.places, c.place_rule = [focus], "place:story-focus"
        c.confidence = 0.5
    return True


def somewhere(c: Candidate, r: Reading) -> bool:
    """An operation at no place is none."""
    return bool(c.places)


# --- sides the place and the paragraph give ------------------------------------------------------

def flag_side(c: Candidate, r: Reading) -> bool:
    """'raised the Ukrainian flag': the flag's side took the place."""
    if c.lemma in lexicons.word_class("flag-verb") and c.type == "capture":
        flag = next((ch for ch in c.token.children if ch.dep_ in ("dobj", "nsubjpass")), None)
        if flag is not None:
            c.side = side_of_phrase(flag) or own_flag_side(flag)
        c.side_rule = "side:flag"
    return True


def target(c: Candidate, r: Reading) -> bool:
    """'units are surrounded': by the other side."""
    if c.side is None and c.pos == "VERB" and c.type in ("encirclement", "assault", "shelling"):
        c.side, c.side_rule = other(target_side(c.token)), "side:target"
    return True


def paragraph(c: Candidate, r: Reading) -> bool:
    """'... Fighting continued; shelling of X': the side acting last in the paragraph."""
    if c.side is None and c.agent is None and c.type in PRESSURE_TYPES and c.token.dep_ not in ("amod", "acl"):
        c.side, c.side_rule = r.last_side, "side:paragraph"
    return True


def both_sides_fight(c: Candidate, r: Reading) -> bool:
    """'fighting', 'clashes': both sides fight, so no side is the actor."""
    if c.trigger.lemma in lexicons.words("combat_words.txt"):
        c.side = None
    return True


def outcome(c: Candidate, r: Reading) -> bool:
    """A repelled, beaten back or failed attack failed (and an advance that failed was an
    assault); a capture or withdrawal succeeded."""
    if c.type in ("assault", "advance", "offensive"):
        if c.repelled or c.tried or failed(c.token) or (c.anchor != c.token and failed(c.anchor)):
            c.outcome = "failed"
            if c.type == "advance":
                c.type = "assault"
    elif c.type in ("capture", "withdrawal"):
        c.outcome = "success"
    return True


Rule = Callable[[Candidate, Reading], bool]
EVENT_RULES: list[Rule] = [
    not_a_name, not_a_kind_of_unit, happened, not_what_is_denied, pulled_out, pushed_through, gained_ground,
    control_taken, not_a_purpose, fire_from_afar, not_a_state, not_left_in_a_state, troops_surround, extent, anchor,
    sides, someone_did_it,
    places, told_before, anaphor, loose_noun_needs_place, nearby_place, governing_place, listed_after_colon, in_the_sentence,
    the_article_region, in_focus, somewhere,
    flag_side, target, paragraph, both_sides_fight, outcome,
]


def read_candidate(c: Candidate, r: Reading) -> bool:
    """Run every rule over the candidate in order; False as soon as one drops it."""
    return all(rule(c, r) for rule in EVENT_RULES)

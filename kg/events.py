"""Operations from the dependency parse: a trigger word (captured, withdrawal, shelling...),
the place it acts on, the side that acts, when, and whether it failed.

Hypotheticals, plans, questions and negated actions are not events; an attempt to take a
place is an assault, not a capture."""

from __future__ import annotations

import datetime as dt

from kg import lexicons
from kg.dates import DateMention, FuzzyDate
from kg.facts import Event, sentence_evidence, sentence_start
from kg.nlp import text_of
from kg.operation_dates import operation_date
from kg.operation_places import (
    CONTROL_NOUNS,
    DIRECTIONS,
    OPERATION_NOUNS,
    PARTIAL,
    POSITION_NOUNS,
    SCENERY_NOUNS,
    anaphor_of,
    area_taken,
    arguments,
    direct_heads,
    elliptic,
    in_sentence,
    list_mates,
    listed_places,
    main_region,
    nearby,
    places_of,
    story_focus,
    unnamed_object,
)
from kg.operation_sides import (
    AGENT_NOUNS,
    agent_side,
    clause_subject_side,
    expulsion,
    loser_side,
    own_flag_side,
    pronoun_side,
    reporter_side,
    target_side,
)
from kg.places import Mention, mention_at
from kg.sides import ENEMY_WORDS, other, side_of_phrase, side_of_tokens

FRONT_NOUNS = {"front", "line", "frontline", "front-line", "direction", "sector", "axis", "east", "south", "north",
               "west", "region", "area", "border"}
ATTEMPT_VERBS = {"try", "attempt", "seek", "strive", "struggle", "fail"}  # "failed to take X": an attack that failed
NEEDS_PLACE_OBJECT = {"take", "took", "taken", "leave", "clear", "free", "fall", "regain", "hit", "strike", "lose",
                      "lost", "surrender", "cede", "target"}


def _modal(token) -> bool:
    """Is the action under a modal, a condition, a negation, a plan or a question?

    A noun's own modifiers count ("a possible encirclement"), and so does the verb it is the
    object of ("plans to launch an offensive"); the predicate it is the subject of does not
    ("the push on Kherson may have been a cover" still reports a push)."""
    modal = lexicons.words("modal_words.txt")
    sent = token.sent
    if _is_question(sent):
        return True
    if token.pos_ != "VERB":
        if any(t.lower_ in ("if", "unless") for t in sent):
            return True
        for child in token.children:
            if child.dep_ in ("amod", "det", "neg", "compound") and \
                    (child.lower_ in modal | {"no"} or child.lemma_.lower() in modal):
                return True  # "a possible encirclement", "a threatened encirclement"
            if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in modal:
                return True  # "an offensive planned for spring"
        if _subject_of_the_unreal(token):
            return True
        node = token
        for _ in range(4):  # "pave the way for a Russian advance": the verb the phrase hangs from
            if node.dep_ not in ("dobj", "pobj", "attr", "prep") or node.head == node:
                return False
            node = node.head
            if node.pos_ == "NOUN" and node.lemma_.lower() in modal:
                return True  # "the threat of encirclement", "the risk of an offensive"
            if node.pos_ == "VERB":
                return node.lemma_.lower() in modal or _modal(node)
        return False
    if _subject_of_the_unreal(token):
        return True  # "losing X would cut the supply line"
    node = token
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ in ("aux", "mark", "advmod", "amod") and child.lower_ in modal):
                return True
        if node != token and (node.lemma_.lower() in modal or node.lemma_.lower() in lexicons.words("denial_verbs.txt")):
            return True  # "plans to take X", "denied losing X"
        if node.dep_ in ("ROOT",) or node.head == node:
            break
        if node.dep_ not in ("xcomp", "conj", "aux", "auxpass", "prep", "pobj", "dobj", "compound", "amod", "nsubj",
                             "nsubjpass", "acl", "advcl", "relcl", "acomp", "pcomp"):
            break
        node = node.head
    return False


UNREAL_AUX = {"would", "could", "might", "may", "will", "'ll", "can", "should", "shall", "must"}


def _subject_of_the_unreal(token) -> bool:
    """An action that is the subject of a conditional or future predicate ("its capture would be
    the largest gain", "losing X would cut the road") or of an expectation in the passive ("an
    attack is expected any day") has not happened. A modal perfect still reports it ("the push
    may have been a cover")."""
    if token.dep_ not in ("nsubj", "nsubjpass", "csubj") or token.head == token:
        return False
    head = token.head
    auxes = [c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(a in UNREAL_AUX for a in auxes) and not any(a in ("have", "has", "had", "'ve") for a in auxes):
        return True
    modal = head.lemma_.lower() in lexicons.words("modal_words.txt")
    passive = any(c.dep_ == "auxpass" for c in head.children) or head.tag_ == "VBN"
    if token.dep_ == "nsubjpass" and passive and modal:
        return True
    # a headline drops "is": "Russian attack expected any day" (expected, planned... with no object)
    return token.dep_ == "nsubj" and modal and head.tag_ in ("VBD", "VBN") and \
        not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "aux") for c in head.children)


def _is_question(sent) -> bool:
    last = sent.end - 1
    while last > sent.start and sent.doc[last].is_space:
        last -= 1
    return sent.doc[last].text.rstrip().endswith("?")


REALISED = {"manage", "succeed", "begin", "start", "continue", "fail", "try", "attempt", "seek", "be", "order",
            "force", "decide", "have", "need"}


ORDER_VERBS = {"order", "command", "instruct", "tell", "task"}


def _intended(token, type_: str = "") -> bool:
    """An infinitive of purpose or plan ("to bring X back", "plans to take"), unless the verb
    above says it happened ("managed to capture") or it is an attempt (an assault). An order is
    reported once carried out when it is to withdraw ("ordered troops to pull back"); an order
    to take a place is a goal ("ordered its troops to capture X by May 9")."""
    if token.dep_ == "conj" and token.head.pos_ == "VERB" and not any(c.dep_ == "aux" for c in token.children):
        token = token.head  # "to stabilize the situation and bring X back": the "to" is the first verb's
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    head = token.head
    if head.lemma_.lower() == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() in lexicons.word_classes()["purpose"]
                                           for c in head.children):
        return True  # "their goal is to break through to X", "the aim is to occupy X"
    if head.lemma_.lower() in ORDER_VERBS and type_ in ("capture", "advance", "offensive"):
        return True
    return head.lemma_.lower() not in REALISED


def _attempted(token) -> bool:
    node = token
    for _ in range(3):
        if node.lemma_.lower() in ATTEMPT_VERBS or node.lower_ in ("attempt", "attempts", "bid", "effort", "efforts"):
            return node != token
        if node.head == node:
            break
        node = node.head
    return False


QUANTITY_NOUNS = {"wave", "series", "round", "number", "dozen", "dozens", "hundreds", "string", "spate", "flurry",
                  "barrage", "volley", "salvo", "succession"}
STANDOFF = {"missile", "drone", "artillery", "air", "rocket", "bomb", "aerial", "mortar", "glide", "cruise",
            "ballistic", "kamikaze", "airstrike", "shelling"}
UNIT_NOUNS = {"group", "unit", "team", "troop", "brigade", "battalion", "regiment", "detachment", "company", "squad",
              "force", "aircraft", "helicopter", "drone", "vehicle", "boat", "rifle", "weapon", "craft", "jet", "plane"}
CLAIM_CONTROL = {"claim", "establish", "assume", "declare"}
FLAG_VERBS = {"hoist", "raise", "plant", "fly", "unfurl", "hold", "wave"}
LOOSE_NOUNS = {"push", "campaign", "drive", "gain", "progress"}
PRESSURE_TYPES = {"assault", "advance", "encirclement", "shelling"}


# failure verbs that say so only with their particle: "beat back", "fended off", and in the passive
# "were driven out" (while "pushing troops out of X" expels them)
PARTICLE_OF_FAILURE = {"beat": ("back",), "push": ("back",), "drive": ("back", "off"), "fend": ("off",),
                       "ward": ("off",)}


def _failed(token) -> bool:
    """An attack that was repelled, beaten back, or failed, as the clause around it says."""
    failure = lexicons.words("failure_words.txt")
    sentence = token.sent
    for t in sentence:
        if t.lemma_.lower() in failure or t.lower_ in failure:
            particle = PARTICLE_OF_FAILURE.get(t.lemma_.lower())
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
            if particle and not any(c.lower_ in particle or (passive and c.lower_ == "out") for c in t.children):
                continue
            if t.lemma_.lower() == "destroy" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
                continue
            # linked to the trigger: same clause, coordinated, or governing it
            if token in t.subtree or t in token.head.subtree:
                return True
    return False


def find_events(doc, mentions: list[Mention], dates: list[DateMention], ref: dt.date | None,
                skip: list[tuple[int, int]]) -> list[Event]:
    triggers = lexicons.triggers()
    region = main_region(mentions)
    events: list[Event] = []
    last_side: str | None = None
    used: set[int] = set()
    paragraph = -1
    text = text_of(doc)
    for sent in doc.sents:
        if any(b <= sentence_start(sent) < e for b, e in skip):
            continue
        starts_paragraph = sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws
        if starts_paragraph:
            paragraph += 1
            last_side = None  # who is acting carries through a paragraph, not across them
        for token in sent:
            pos = "VERB" if token.pos_ in ("VERB",) else "NOUN" if token.pos_ in ("NOUN", "PROPN") or (
                token.pos_ == "ADJ" and ("-" in token.text or token.head.lemma_.lower() in OPERATION_NOUNS)) or (
                token.i > 0 and doc[token.i - 1].text == "-" and (token.lower_, "NOUN") in triggers) else None
            # "semi-encirclement": split at its hyphen, the noun is mistagged
            if pos is None:
                continue
            lemma = token.lemma_.lower()
            if pos == "VERB" and not _modal(token):
                winner, loser, places = expulsion(token, mentions)
                if places:  # one expulsion is a capture by one side and a withdrawal by the other
                    date = operation_date(token, dates, ref, used)
                    for m in places:
                        for type_, side in (("capture", winner), ("withdrawal", loser)):
                            events.append(Event(type=type_, place=m.ref, side=side, date=date, outcome="success",
                                                evidence=[sentence_evidence(sent)], confidence=0.75,
                                                rules=["trigger:expulsion", "place:expulsion", "side:expulsion",
                                                       "date:assumed" if date and date.assumed else "date:text"]))
                    continue
            trig = phrasal(token, triggers) if pos == "VERB" else None
            trig = trig or triggers.get((lemma, pos)) or triggers.get((token.lower_, pos))
            if trig is None and pos == "VERB" and lemma in CLAIM_CONTROL and any(
                    c.dep_ == "dobj" and c.lemma_.lower() == "control" for c in token.children):
                trig = lexicons.Trigger(lemma, pos, "capture", "object")  # "Russia claimed control of X"
            if trig is None and pos == "VERB" and lemma in FLAG_VERBS:
                flag = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() == "flag"), None)
                if flag is not None and (side_of_phrase(flag) or own_flag_side(flag)):
                    trig = lexicons.Trigger(lemma, pos, "capture", "any")  # "hoisted the Ukrainian flag": that side took it
            if trig is None and pos == "VERB" and lemma in lexicons.word_classes()["fire"] and any(
                    c.dep_ == "dobj" and c.lemma_.lower() in lexicons.word_classes()["weapon"] for c in token.children):
                trig = lexicons.Trigger(lemma, pos, "shelling", "any")  # "dropped 24 glide bombs on X"
            if trig is None or (pos == "NOUN" and (token.pos_ == "PROPN" or token.ent_type_ in ("ORG", "FORCE"))):
                continue  # not a trigger, or a word of a name ("the Third Assault Brigade")
            if pos == "NOUN" and token.dep_ == "compound" and token.head.lemma_.lower() in UNIT_NOUNS:
                continue  # "assault groups", "strike drones": a kind of unit or weapon, not an operation
            if _modal(token) or _descriptive(token, trig.type, mentions):
                continue
            if pos == "NOUN" and token.dep_ == "dobj" and token.head.lemma_.lower() in lexicons.words("denial_verbs.txt"):
                continue  # "denied any such advance": the claim it disputes is told elsewhere
            type_ = trig.type
            if pos == "VERB" and lemma == "pull" and not any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ in ("out", "back")
                                                             for c in token.children):
                continue  # "pulled out of X" (the parser may read "out" as a preposition), "pulled back"
            if pos == "VERB" and lemma in ("push", "break") and not any(
                    c.dep_ in ("prt", "advmod") and c.lower_ in ("through", "forward", "into", "deeper", "ahead")
                    for c in token.children) and not any(c.dep_ == "prep" and c.lower_ in ("into", "through")
                                                         for c in token.children):
                continue
            if pos == "VERB" and lemma == "gain" and not any(
                    c.dep_ == "dobj" and c.lemma_ in ("ground", "foothold", "control", "territory") for c in token.children):
                continue
            if pos == "VERB" and any(c.dep_ == "dobj" and c.lemma_ in CONTROL_NOUNS for c in token.children) \
                    and lemma in ("gain", "take", "seize", "establish", "regain", "assume"):
                type_ = "capture"  # "gained control of X"
            if pos == "VERB" and _intended(token, type_) and type_ != "encirclement":
                continue  # "measures to bring X back under control": a purpose, not a result
            if type_ == "assault" and pos == "NOUN" and any(
                    c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in STANDOFF for c in token.children):
                type_ = "shelling"  # "missile attacks", "drone strikes", "artillery assault": fire from afar
            if lemma == "occupy" and token.dep_ in ("acl", "amod"):
                continue  # "a position once occupied by X", "Russian-occupied": a state, not a capture
            if token.tag_ == "VBG" and token.dep_ in ("acl", "amod") and type_ == "encirclement" and \
                    token.head.lemma_.lower() not in AGENT_NOUNS | {"troop", "force", "unit", "soldier"}:
                continue  # "the confusion surrounding X", "its surrounding territory": no troops encircle
            near = False
            tried = False
            if _attempted(token):
                if type_ in ("capture", "advance", "assault"):
                    type_ = "assault"  # "tried to break through", "attempts to take X": an attack
                    tried = _tried_and_failed(token)
            elif type_ == "capture" and pos == "VERB" and any(
                    c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in PARTIAL for c in token.children):
                type_ = "advance"  # "captured the southern part of X": ground in X, not X
            elif type_ == "capture" and pos == "VERB" and lemma not in FLAG_VERBS and area_taken(token, mentions):
                type_ = "advance"
                near = True  # "captured 4.5 square kilometres around X": ground near X
                if not arguments(token, mentions, near=True):
                    continue  # "liberated 2,000 square kilometres": ground, but no place named
            # "a counter-attack south-west of X": the phrase the trigger modifies stands for it
            anchor = token.head if token.dep_ in ("amod", "compound") and (
                token.head.lower_ in DIRECTIONS or token.head.lemma_.lower() in OPERATION_NOUNS) else token
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in QUANTITY_NOUNS:
                anchor = token.head.head  # "four waves of attacks": the waves are what was launched and repelled
            side, agent, repelled = agent_side(anchor, pos == "NOUN")
            side_rule = "side:agent"
            if side is None and pos == "VERB" and token.dep_ == "xcomp":
                # "he ordered troops to withdraw": troops of no stated side act for whoever ordered them
                side, head_agent, _ = agent_side(token.head, False)
                if side is None and head_agent is not None:
                    side = pronoun_side(token.head, head_agent, last_side)
                side_rule = "side:ordering-clause"
            if side is None and agent is not None:
                side, side_rule = pronoun_side(token, agent, last_side), "side:pronoun"
            if side is None and agent is not None and agent.lower().split()[-1] in AGENT_NOUNS | {"unit"} and \
                    not set(agent.lower().split()) & ENEMY_WORDS:
                side, side_rule = reporter_side(token), "side:reporter"  # "units liberated X", the ministry said
            if side is None and pos == "NOUN" and type_ in ("offensive", "assault", "advance"):
                side, side_rule = clause_subject_side(token), "side:clause-subject"
            if side is None and type_ == "capture" and pos == "VERB":
                side, side_rule = other(loser_side(token)), "side:loser"
            if side is None and agent is None and pos == "VERB" and token.tag_ == "VBG" and \
                    type_ in ("capture", "advance", "assault") and \
                    any(c.dep_ == "dobj" and mention_at(mentions, c) for c in token.children):
                side, side_rule = side_of_tokens(list(sent)), "side:sentence"  # "after capturing X", of one side
            if pos == "VERB" and " " not in trig.lemma and (lemma in NEEDS_PLACE_OBJECT or token.lower_ in NEEDS_PLACE_OBJECT):
                # "take", "leave", "gain": only with the place as their object ("took losses" is no capture)
                heads = [h for h in direct_heads(token)
                         if h is not None and (h.dep_ in ("dobj", "nsubjpass", "nsubj") or elliptic(h))]
                if token.dep_ == "conj":
                    heads += [c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj")]
                args = places_of(heads, token, mentions)
                place_rule = "place:object"
                if not args and type_ == "shelling":  # "a missile hit a building in X": the strike is on X
                    hit = [h for h in heads if h.dep_ in ("dobj", "nsubjpass")]
                    args = places_of([p for h in [*hit, token] if h is token or h.pos_ == "NOUN" for c in h.children
                                      if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside")
                                      for p in c.children if p.dep_ == "pobj"], token, mentions) if hit else []
                    place_rule = "place:what-was-hit"
                if not args:  # "had taken the city": the object is the place in focus
                    obj = next((h for h in heads if h.dep_ in ("dobj", "nsubjpass")), None)
                    if obj is not None and obj.lower_ in ("city", "town", "village", "settlement") and any(
                            d.lower_ in ("the", "this", "that") for d in obj.children):
                        focus = story_focus(doc, mentions, obj.idx)
                        args, place_rule = ([focus] if focus is not None else []), "place:the-town"
                if not args:
                    continue
            else:
                args, place_rule = arguments(anchor, mentions, near=near), "place:parse"
            confidence = 0.8
            if not args and pos == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "such")
                                                  for c in list(token.children) + list(anchor.children)):
                earlier = next((e for e in reversed(events) if e.type == type_ and side in (None, e.side)), None)
                if earlier is not None:  # "the counter-attack": the one already told, one more mention
                    earlier.evidence.append(sentence_evidence(sent))
                    continue
            if not args:
                anaphor = anaphor_of(token, mentions, text)
                if anaphor is not None:
                    args, place_rule = [anaphor], "place:anaphor"
            if not args and pos == "NOUN" and lemma in LOOSE_NOUNS:
                continue  # "a push for a deal", "a campaign": only with a place of their own
            if not args and pos == "NOUN":
                args, place_rule = nearby(token, mentions), "place:nearby"
            listed = listed_places(token, mentions) if pos == "VERB" else []
            if listed:
                args, place_rule = listed, "place:listed-after-colon"
            elif pos == "VERB" and type_ in ("capture", "withdrawal") and unnamed_object(token, mentions):
                continue  # "recaptured a village on the flank of X": a place the sentence does not name
            has_object = pos == "VERB" and lemma not in FLAG_VERBS and any(c.dep_ == "dobj" for c in token.children)
            if not args and not has_object:  # "captured four settlements near X" names no captured place
                args, place_rule = in_sentence(token, mentions, text), "place:in-sentence"
                confidence = 0.6
            if not args and type_ == "offensive" and region is not None:
                args, place_rule = [region], "place:main-region"
                confidence = 0.5
            located = any(c.dep_ == "prep" and c.lower_ in ("along", "across", "on", "in", "at") and
                          any(p.dep_ == "pobj" and any(t.lemma_.lower() in FRONT_NOUNS for t in p.subtree)
                              for p in c.children)
                          for c in anchor.children)  # "attacks along the front line": somewhere, but no place
            # "the war entered its 300th day": an object that is neither a place nor troops or
            # positions says the verb is about something else
            other_object = pos == "VERB" and any(
                c.dep_ == "dobj" and c.pos_ == "NOUN" and not {c.lemma_.lower(), c.lower_} & (
                    AGENT_NOUNS | POSITION_NOUNS | {"unit", "troop", "force", "soldier", "grouping", "garrison"})
                for c in token.children)
            if not args and side and not located and not other_object and \
                    type_ in ("assault", "advance", "withdrawal", "encirclement"):
                focus = story_focus(doc, mentions, sent.start_char)
                if focus is not None and sent.start_char - focus.begin < 600:
                    args, place_rule = [focus], "place:story-focus"
                    confidence = 0.5
            if not args:
                continue
            if lemma in FLAG_VERBS and type_ == "capture":
                flag = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
                side = (side_of_phrase(flag) or own_flag_side(flag)) if flag is not None else side
                side_rule = "side:flag"
            if side is None and pos == "VERB" and type_ in ("encirclement", "assault", "shelling"):
                side, side_rule = other(target_side(token)), "side:target"  # "units are surrounded": by the other side
            if side is None and agent is None and type_ in PRESSURE_TYPES and token.dep_ not in ("amod", "acl"):
                side, side_rule = last_side, "side:paragraph"  # "... Fighting continued; shelling of X"
            if trig.lemma in lexicons.words("combat_words.txt"):
                side = None  # both sides fight: the attacker is the one the story shows pressing
            outcome = None
            if type_ in ("assault", "advance", "offensive"):
                if repelled or tried or _failed(token) or (anchor != token and _failed(anchor)):
                    outcome = "failed"
                    if type_ == "advance":
                        type_ = "assault"
            elif type_ in ("capture", "withdrawal"):
                outcome = "success"
            date = operation_date(token, dates, ref, used)
            evidence = sentence_evidence(sent)
            targets = [m for m in list_mates(args, mentions, doc) if not names_something_else(m, doc)]
            if any(m.ref.kind in ("settlement", "feature") for m in targets):
                # "took X in the Y region": a region named beside a town only says where the town is
                targets = [m for m in targets if m.ref.kind != "region"]
            for m in targets:
                if m.ref.kind == "country" and type_ not in ("offensive",):
                    continue
                if type_ == "capture" and side is None and lemma == "fall":
                    for child in token.children:
                        if child.dep_ == "prep" and child.lower_ in ("to", "into"):
                            for p in child.children:
                                side, side_rule = side_of_phrase(p), "side:fall-to"
                rules = [f"trigger:{trig.lemma}/{pos.lower()}", place_rule if m in args else "place:list-mate",
                         "date:assumed" if date is not None and date.assumed else "date:text"]
                if side:
                    rules.append(side_rule)
                events.append(Event(type=type_, place=m.ref, side=side, date=date, outcome=outcome,
                                    evidence=[evidence], agent=agent, rules=rules,
                                    confidence=confidence if side else confidence - 0.2))
            if side:
                last_side = side
    return merge(complete_sides(merge(events + _losses_taken(events))))


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


def phrasal(token, triggers: dict) -> lexicons.Trigger | None:
    """A phrasal verb of the trigger lexicon ("fell back", "pulled out") or a verb with its object
    ("improved their positions"): the verb's lemma with a particle it governs or its object's
    lemma, looked up before the verb alone."""
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


def _tried_and_failed(token) -> bool:
    """'tried to storm X', 'attempts to break through': an attempt told as past, which reporting
    uses for attacks that did not succeed (an ongoing 'is trying to' has no outcome yet)."""
    node = token
    for _ in range(3):
        if node.lemma_.lower() in ATTEMPT_VERBS and node != token:
            return node.tag_ in ("VBD", "VBN") or (node.tag_ == "VBG" and node.dep_ in ("advcl", "pcomp"))
        if node.lower_ in ("attempt", "attempts", "bid", "effort", "efforts"):
            return node.tag_ == "NNS" or any(c.lower_ in ("failed", "unsuccessful") for c in node.children)
        if node.head == node:
            break
        node = node.head
    return False


def _descriptive(token, type_: str, mentions: list[Mention]) -> bool:
    """A participle that describes a thing rather than reports an action on a place: 'an attacking
    warship', 'a bombed-out building', 'the settlements surrounding X'."""
    if token.pos_ != "VERB" or token.dep_ not in ("amod", "acl"):
        return False
    head = token.head
    if head.lower_ in DIRECTIONS or head.lemma_.lower() in OPERATION_NOUNS:
        return False
    if token.dep_ == "amod":  # "the besieged city" still tells of a siege
        return token.tag_ in ("VBG", "VBN") and type_ != "encirclement"
    return token.tag_ == "VBG" and (head.lower_ in SCENERY_NOUNS or mention_at(mentions, head) is not None)


def complete_sides(events: list[Event]) -> list[Event]:
    """A capture whose side the sentence leaves out was made by the enemy of whoever the same
    article says withdrew from that place, and the other way round."""
    for event in events:
        if event.side is not None or event.type not in ("capture", "withdrawal"):
            continue
        wanted = "withdrawal" if event.type == "capture" else "capture"
        sides = {e.side for e in events if e.type == wanted and e.side and e.place.node == event.place.node}
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
                for ev in event.evidence:
                    if ev not in kept.evidence:
                        kept.evidence.append(ev)
                kept.rules.extend(r for r in event.rules if r not in kept.rules)
                kept.confidence = min(0.95, kept.confidence + 0.05)
                break
        else:
            merged.append(event)
    return merged

"""Operations from the dependency parse: a trigger word (captured, withdrawal, shelling...),
the place it acts on, the side that acts, when, and whether it failed.

Hypotheticals, plans, questions and negated actions are not events; an attempt to take a
place is an assault, not a capture.
"""

from __future__ import annotations

import datetime as dt
import re

from kg import lexicons
from kg.dates import DateMention, FuzzyDate
from kg.facts import Event, sentence_evidence, sentence_start
from kg.places import ANAPHORA, Mention, focus_before, mention_at
from kg.sides import PRONOUNS, other, side_of_phrase, side_of_tokens

PLACE_PREPS = {"of", "on", "in", "into", "near", "around", "at", "toward", "towards", "outside", "inside",
               "from", "for", "against", "across", "within", "over", "to", "out"}
AGENT_NOUNS = {"forces", "troops", "army", "military", "soldiers", "fighters", "units", "unit", "brigade",
               "defenders", "marines", "paratroopers", "mercenaries", "infantry", "group", "groups",
               "battalion", "regiment", "division", "corps", "command", "commanders", "contingent"}
ATTEMPT_VERBS = {"try", "attempt", "seek", "strive", "struggle"}
LAUNCH_VERBS = {"launch", "mount", "begin", "start", "conduct", "carry", "stage", "continue", "intensify",
                "step", "press", "renew", "resume", "make", "score", "keep", "maintain", "sustain", "lead",
                "complete", "finish", "accomplish"}
CONTROL_NOUNS = {"control", "hold", "grip"}
NEEDS_PLACE_OBJECT = {"take", "took", "taken", "leave", "clear", "free", "fall", "regain", "hit", "strike", "lose",
                      "lost", "surrender", "cede", "target"}


def _modal(token) -> bool:
    """Is the action under a modal, a condition, a negation, a plan or a question?

    A noun's own modifiers count ("a possible encirclement"), and so does the verb it is the
    object of ("plans to launch an offensive"); the predicate it is the subject of does not
    ("the push on Kherson may have been a cover" still reports a push)."""
    modal = lexicons.words("modal_words.txt")
    if token.sent.text.rstrip().endswith("?"):
        return True
    if token.pos_ != "VERB":
        if any(t.lower_ in ("if", "unless") for t in token.sent):
            return True
        for child in token.children:
            if child.dep_ in ("amod", "det", "neg", "compound") and child.lower_ in modal | {"no"}:
                return True
        node = token
        for _ in range(4):  # "pave the way for a Russian advance": the verb the phrase hangs from
            if node.dep_ not in ("dobj", "pobj", "attr", "prep") or node.head is node:
                return False
            node = node.head
            if node.pos_ == "VERB":
                return node.lemma_.lower() in modal or _modal(node)
        return False
    node = token
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ in ("aux", "mark", "advmod", "amod") and child.lower_ in modal):
                return True
        if node is not token and (node.lemma_.lower() in modal or node.lemma_.lower() in lexicons.words("denial_verbs.txt")):
            return True  # "plans to take X", "denied losing X"
        if node.dep_ in ("ROOT",) or node.head is node:
            break
        if node.dep_ not in ("xcomp", "conj", "aux", "auxpass", "prep", "pobj", "dobj", "compound", "amod", "nsubj",
                             "nsubjpass", "acl", "advcl", "relcl", "acomp", "pcomp"):
            break
        node = node.head
    return False


REALISED = {"manage", "succeed", "begin", "start", "continue", "fail", "try", "attempt", "seek", "be", "order",
            "force", "decide", "have", "need"}


def _intended(token) -> bool:
    """An infinitive of purpose or plan ("to bring X back", "plans to take"), unless the verb
    above says it happened ("managed to capture") or it is an attempt (an assault)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    return token.head.lemma_.lower() not in REALISED


def _area_taken(token, mentions: list[Mention]) -> bool:
    """'captured 4.5 square kilometres around X': ground near a place, not the place."""
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    if obj is None or _place_in(obj, mentions) is not None:
        return False
    return obj.lemma_.lower() not in SETTLEMENT_OBJECTS


SETTLEMENT_OBJECTS = {"village", "town", "city", "settlement", "control", "most", "all", "rest",
                      "centre", "center", "hamlet", "island", "port", "it", "them", "stronghold", "hub"}


def _attempted(token) -> bool:
    node = token
    for _ in range(3):
        if node.lemma_.lower() in ATTEMPT_VERBS or node.lower_ in ("attempt", "attempts", "bid", "effort", "efforts"):
            return node is not token
        if node.head is node:
            break
        node = node.head
    return False


def _passive(token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def _subject(token):
    """The subject of a verb, borrowed from the verb it is coordinated with or controlled by."""
    node = token
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return child, child.dep_ == "nsubjpass"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in CAUSATIVE:
            # "forced Russian troops to flee": the object does the fleeing
            obj = next((c for c in node.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is not None:  # "troops were forced to retreat": so does the passive subject
                return obj, False
        if node.dep_ == "conj" and node.i > 0 and node.doc[node.i - 1].lower_ in AGENT_NOUNS:
            return node.doc[node.i - 1], False  # "... and Ukrainian forces took it back": a missed subject
        if node.dep_ == "conj" and node.head.lemma_.lower() in lexicons.words("reporting_verbs.txt"):
            # 'reported that ... as Russia "conducts assault operations"': a misparse; the actor is the
            # side named just before, not whoever reported
            before = [t for t in node.doc[max(node.i - 3, 0):node.i] if not t.is_punct]
            if before and before[-1].pos_ == "PROPN" and side_of_tokens([before[-1]]):
                return before[-1], False
            return None, False
        if node.dep_ in ("advcl", "conj") and node.head.lemma_.lower() in lexicons.words("reporting_verbs.txt"):
            # "Russian forces launched strikes, the General Staff said, hitting X": the strikes hit X,
            # not the General Staff: the subject of what was reported
            speaker = node.head
            reported = next((c for c in speaker.children if c.dep_ == "ccomp"), None)
            if reported is None and speaker.dep_ in ("parataxis", "ccomp") and speaker.head.i < speaker.i:
                reported = speaker.head
            if reported is None:
                return None, False
            node = reported
            continue
        if node.dep_ in ("conj", "xcomp", "advcl", "acl", "relcl") and node.head is not node:
            if node.dep_ in ("acl", "relcl"):
                by = next((p for c in node.head.children if c.dep_ == "prep" and c.lower_ == "by"
                           for p in c.children if p.dep_ == "pobj"), None)
                return (by if by is not None else node.head), False
            node = node.head
            continue
        break
    return None, False


def _by_agent(token):
    for child in token.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _place_in(tok, mentions: list[Mention], depth: int = 0) -> Mention | None:
    """The place a noun phrase names: the token itself, an appositive, or "the town of X"."""
    found = mention_at(mentions, tok)
    if found:
        return found
    if depth >= 2 or tok.pos_ in ("VERB", "AUX"):
        return None
    for child in tok.children:
        # "the village of X", "X, a village", and, misparsed, "the village of X west of Y" (X hangs on
        # "west"); "west of Y" itself only locates: Y is not the place
        if child.dep_ in ("appos", "compound") or (child.dep_ in ("amod", "nmod") and tok.lower_ in COMPASS) or \
                (child.dep_ == "prep" and child.lower_ in ("of", "in") and tok.lower_ not in COMPASS):
            target = child if child.dep_ != "prep" else next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None:
                found = _place_in(target, mentions, depth + 1)
                if found:
                    return found
    return None


def _conjuncts(tok):
    yield tok
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            # "A in Kherson Oblast and B in Donetsk Oblast": the parser hangs the second town on the first oblast
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                for conj in (c for c in pobj.children if c.dep_ == "conj" and c.pos_ == "PROPN"):
                    yield from _conjuncts(conj)
        if (child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN")) or \
                (child.dep_ == "appos" and child.ent_type_ in ("GPE", "LOC", "FAC")):
            yield from _conjuncts(child)


def _antecedent(pronoun, mentions: list[Mention]) -> Mention | None:
    """'took it back': the settlement named last before the pronoun, in its sentence or the one before."""
    sent = pronoun.sent
    before = [m for m in mentions if m.begin < pronoun.idx and m.ref.kind in ("settlement", "feature")]
    if not before:
        return None
    last = before[-1]
    previous_start = sent.start_char
    if sent.start > 0:
        previous_start = sent.doc[sent.start - 1].sent.start_char
    return last if last.begin >= previous_start else None


def _is_actor(token) -> bool:
    """A place name that acts ("Moscow began", "Kyiv's troops") rather than is acted on."""
    head = token
    while head.dep_ == "compound":
        head = head.head
    if head.dep_ == "nsubj":
        return True
    if head.dep_ == "poss" and head.head.lower_ in AGENT_NOUNS | {"forces", "military", "government"}:
        return True
    return False


def _direct_heads(token, near: bool = False) -> list:
    """The phrases a trigger acts on: its objects first; prepositional phrases only when it has
    no object place ("recaptured Lysychansk in the Luhansk region" is about Lysychansk)."""
    core, preps = [], []
    withdrawal = token.lemma_.lower() in WITHDRAW_VERBS or token.lemma_.lower() in ("withdrawal", "retreat", "pullout")
    trig = lexicons.triggers().get((token.lemma_.lower(), "VERB" if token.pos_ == "VERB" else "NOUN"))
    capture = trig is not None and trig.type == "capture"
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "npadvmod") or \
                (child.dep_ == "nsubj" and token.lemma_ == "fall"):
            core.append(child)
            if child.dep_ == "dobj" and child.lemma_.lower() in POSITION_NOUNS:
                # "attacked positions near X": the positions are where X is
                preps.extend(p for c in child.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
                             and not (capture and c.lower_ in NEAR_PREPS and not near)
                             for p in c.children if p.dep_ == "pobj")
        elif token.pos_ == "NOUN" and child.dep_ in ("poss", "compound"):
            core.append(child)
        elif child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            if withdrawal and child.lower_ not in WITHDRAWAL_PREPS:
                continue  # "regroup in X", "retreat to X": where they went, not what they left
            if capture and child.lower_ in NEAR_PREPS and not near:
                continue  # "captured settlements near X" did not capture X
            preps.extend(c for c in child.children if c.dep_ == "pobj")
            for grand in child.children:  # "pulled out of X", "away from X"
                if grand.dep_ == "prep":
                    preps.extend(c for c in grand.children if c.dep_ == "pobj")
                if near and grand.dep_ == "pobj":  # ground taken "from different directions around X"
                    preps.extend(p for g in grand.children if g.dep_ == "prep" and g.lower_ in PLACE_PREPS
                                 for p in g.children if p.dep_ == "pobj")
        elif child.dep_ in ("prt", "advmod"):
            for grand in child.children:  # "pulled back from X", "south-west of X"
                if grand.dep_ == "prep" and (not withdrawal or grand.lower_ in WITHDRAWAL_PREPS):
                    preps.extend(c for c in grand.children if c.dep_ == "pobj")
    return core + [None] + preps


def _places_of(heads, token, mentions: list[Mention]) -> list[Mention]:
    found = []
    for head in heads:
        if head is None:  # the end of the object phrases: prepositions only when they found nothing
            if found:
                break
            continue
        for conj in _conjuncts(head):
            m = _place_in(conj, mentions)
            if m is None and conj.lower_ == "it" and conj.dep_ in ("dobj", "nsubjpass"):
                m = _antecedent(conj, mentions)
            if m is None and conj.lower_ in CONTROL_NOUNS:  # "took control of X"
                for c in conj.children:
                    if c.dep_ == "prep":
                        for p in c.children:
                            if p.dep_ == "pobj":
                                m = _place_in(p, mentions)
            if m is None or m in found or m.start <= token.i < m.stop:
                continue
            if _is_actor(conj) and token.lemma_ != "fall":
                continue
            found.append(m)
    return found


def _arguments(token, mentions: list[Mention], near: bool = False) -> list[Mention]:
    """Places the trigger acts on, following the parse (objects, passive subjects, prepositions)."""
    found = _places_of(_direct_heads(token, near), token, mentions)
    if found:
        return found
    # a coordinated verb shares its head's object or passive subject: "was captured ... and retaken"
    if token.pos_ == "VERB" and token.dep_ == "conj":
        shared = [c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj")]
        found = _places_of(shared, token, mentions)
        if found:
            return found
    # a noun is often placed by the verb it belongs to: "attacks were pushed back on X"
    if token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "dobj") and token.head.pos_ == "VERB":
        verb = token.head
        heads = [h for h in _direct_heads(verb) if h is not token]
        for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
            heads += [h for h in _direct_heads(conj) if h is not None and h.dep_ == "pobj"]
        found = _places_of(heads, token, mentions)
        if found:
            return found
    # the side that flees is described by where it was: "the line defending X fled"
    if token.pos_ == "VERB" and token.lemma_ in WITHDRAW_VERBS:
        subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            for sub in subj.subtree:
                m = mention_at(mentions, sub)
                if m is not None and not _is_actor(sub):
                    return [m]
    # "... that was occupied by the Russians", "towns A and B, which Moscow is trying to encircle":
    # the relative clause's head
    clause = token
    while clause.dep_ == "xcomp" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ == "relcl" and clause is not token:
        found = _relative_heads(clause, mentions)
        if found:
            return found
    if token.dep_ == "relcl":
        found = _relative_heads(token, mentions)
        if found:
            return found
        # "This is one of the hubs in the east of the country that was occupied by...": the place the
        # sentence before was about
        node = token.head
        for _ in range(6):
            if node.dep_ == "attr" or node.head is node:
                break
            node = node.head
        if node.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ in ("this", "it") for c in node.head.children):
            m = _story_focus(token.doc, mentions, token.sent.start_char)
            if m is not None:
                return [m]
    return []


def _relative_heads(clause, mentions: list[Mention]) -> list[Mention]:
    """The places a relative clause is about: its head, 'the towns of A and B' included."""
    found: list[Mention] = []
    heads = [clause.head] + [p for c in clause.head.children if c.dep_ == "prep" and c.lower_ == "of"
                             for p in c.children if p.dep_ == "pobj"]
    for head in heads:
        for conj in _conjuncts(head):
            m = _place_in(conj, mentions)
            if m is not None and m not in found:
                found.append(m)
    return found


COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
           "north-west", "south-east", "south-west"}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "south-west",
              "south-east", "north-east", "north-west", "outskirts", "area", "direction", "sector", "axis", "front"}
NEAR_PREPS = {"near", "around", "outside", "toward", "towards", "close", "beyond", "west", "east", "north", "south"}
QUANTITY_NOUNS = {"wave", "series", "round", "number", "dozen", "dozens", "hundreds", "string", "spate", "flurry",
                  "barrage", "volley", "salvo", "succession"}
OPERATION_NOUNS = {"operation", "action", "drive", "effort"}  # "offensive operation": the operation is the offensive
STANDOFF = {"missile", "drone", "artillery", "air", "rocket", "bomb", "aerial", "mortar", "glide", "cruise",
            "ballistic", "kamikaze", "airstrike", "shelling"}
PARTIAL = {"part", "outskirts", "half", "section", "district", "edge", "quarter", "neighbourhood", "neighborhood",
           "suburb", "suburbs", "flank", "portion"}
UNIT_NOUNS = {"group", "unit", "team", "troop", "brigade", "battalion", "regiment", "detachment", "company", "squad",
              "force", "aircraft", "helicopter", "drone", "vehicle", "boat", "rifle", "weapon", "craft", "jet", "plane"}
CLAIM_CONTROL = {"claim", "establish", "assume", "declare"}
FLAG_VERBS = {"hoist", "raise", "plant", "fly", "unfurl", "hold", "wave"}
REPORT_NOUNS = {"report", "claim", "statement", "announcement", "confirmation", "word", "news", "assessment"}
LOOSE_NOUNS = {"push", "campaign", "drive", "gain", "progress"}
PRESSURE_TYPES = {"assault", "advance", "encirclement", "shelling"}
EXPEL_VERBS = {"push", "drive", "oust", "expel", "dislodge", "force", "kick", "throw", "chase", "knock"}
WITHDRAWAL_PREPS = {"from", "out", "of", "outside", "near", "around"}
WITHDRAW_VERBS = {"flee", "retreat", "withdraw", "abandon", "leave", "rout"}


def _anaphor(token, mentions: list[Mention], text: str) -> Mention | None:
    """'the city', 'the town' among the trigger's arguments, read as the place in focus."""
    for child in token.children:
        cands = [child] + [c for c in child.children if c.dep_ == "pobj"]
        # "the northern part of the city": the city the part belongs to
        cands += [p for c in cands if c.lemma_.lower() in PARTIAL for pr in c.children if pr.dep_ == "prep" and pr.lower_ == "of"
                  for p in pr.children if p.dep_ == "pobj"]
        for cand in cands:
            if cand.lower_ in ("city", "town", "village", "settlement", "island") and \
                    any(d.lower_ in ("the", "this", "that") for d in cand.children):
                named = [m for m in mentions if m.begin < cand.idx and m.ref.name.lower().endswith(cand.lower_)]
                return named[-1] if named else _story_focus(token.doc, mentions, cand.idx)
    return None


def _expulsion(token, mentions: list[Mention]) -> tuple[str | None, str | None, list[Mention]]:
    """'pushed/drove Russian forces from X': (the side that took X, the side that left it, X)."""
    if token.lemma_.lower() not in EXPEL_VERBS:
        return None, None, []
    # "drove Russian forces from X", and in the passive "Ukrainian troops were pushed out of X"
    obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
    out = any(c.dep_ in ("prt", "advmod") and c.lower_ == "out" for c in token.children)
    source = [p for c in token.children if c.dep_ == "prep" and (c.lower_ in ("from", "out") or (out and c.lower_ == "of"))
              for p in (list(c.children) + [g for x in c.children for g in x.children]) if p.dep_ == "pobj"]
    if obj is None or not source:
        return None, None, []
    places = _places_of(source, token, mentions)
    loser = side_of_phrase(obj)
    if not places or loser is None:
        return None, None, []
    return other(loser), loser, places


def _agent_side(token, is_noun: bool) -> tuple[str | None, str | None, bool]:
    """(side, agent words, the side is the attacked one's opponent) for a trigger."""
    if is_noun:
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
        for mod in modifiers:
            side = side_of_phrase(mod)
            if side:
                return side, mod.text, False
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                for pobj in child.children:
                    side = side_of_phrase(pobj)
                    if side:
                        return side, _phrase(pobj), False
            if child.dep_ == "prep" and child.lower_ == "against":
                for pobj in child.children:  # "a counteroffensive against the Russian army"
                    side = side_of_phrase(pobj)
                    if side:
                        return other(side), None, False
        head = token.head
        if token.dep_ in ("dobj", "pobj", "nsubjpass") and head.pos_ in ("VERB", "ADP"):
            verb = head if head.pos_ == "VERB" else head.head
            lemma = verb.lemma_.lower()
            subj, passive = _subject(verb)
            if lemma in lexicons.words("failure_words.txt") and not passive and subj is not None:
                side = side_of_phrase(subj)
                if side is None and subj.lower_ not in ("attack", "attacks") and \
                        any(t.lower_ in PRONOUNS | {"our"} for t in subj.subtree):  # "its troops repelled..."
                    side = _pronoun_side(verb, _phrase(subj), None)
                if side is None and subj.lemma_.lower() in AGENT_NOUNS | {"unit"} and \
                        not any(t.lower_ in ENEMY for t in subj.subtree):
                    side = _reporter_side(verb)  # the General Staff said "units repelled 12 attacks": its units
                return other(side), None, True
            announced = lemma in lexicons.words("reporting_verbs.txt") and token.dep_ == "dobj"
            if subj is not None and (lemma in LAUNCH_VERBS or head.pos_ == "ADP" or announced):
                side = side_of_phrase(subj)
                if side or lemma in LAUNCH_VERBS:
                    return side, _phrase(subj), False  # "the enemy is conducting...", "its forces kept up..."
            agent = _by_agent(verb)
            if agent is not None:
                return side_of_phrase(agent), _phrase(agent), False
        if token.dep_ in ("nsubj", "nsubjpass"):
            return None, None, False
        return None, None, False
    agent = _by_agent(token)
    if agent is not None:
        return side_of_phrase(agent), _phrase(agent), False
    subj, passive = _subject(token)
    if subj is None or passive:
        return None, None, False
    if subj.lemma_ == "fall":
        return None, None, False
    side = side_of_phrase(subj)
    return side, _phrase(subj), False


def _loser_side(token) -> str | None:
    """'retook X from Russia', 'X was cleared of the Russians': the side that lost the place."""
    for node in [token] + [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "of") and node is token or \
                    (child.dep_ == "prep" and child.lower_ == "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        side = side_of_phrase(pobj)
                        if side:
                            return side
    return None


def _phrase(token) -> str:
    return " ".join(t.text for t in token.subtree if not t.is_space)[:100]


def _failed(token) -> bool:
    """An attack that was repelled, beaten back, or failed, as the clause around it says."""
    failure = lexicons.words("failure_words.txt")
    sentence = token.sent
    for t in sentence:
        if t.lemma_.lower() in failure or t.lower_ in failure:
            if t.lemma_.lower() in ("beat", "push") and not any(c.lower_ == "back" for c in t.children):
                continue
            if t.lemma_.lower() == "destroy" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
                continue
            # linked to the trigger: same clause, coordinated, or governing it
            if t is token.head or token.head is t.head or t.head is token or token in t.subtree \
                    or t in token.head.subtree or t.head is token.head:
                return True
    return False


CLAUSE_DEPS = {"advcl", "relcl", "ccomp", "acl", "conj", "parataxis", "pcomp", "xcomp"}


def _clause_tokens(token) -> list:
    """The words of the trigger's own clause: its clause head's subtree without the other
    clauses hanging from it (a date in "since Moscow began its invasion last year" is not the
    date of the clause around it)."""
    clause = token
    while clause.dep_ not in CLAUSE_DEPS | {"ROOT"} and clause.head is not clause:
        clause = clause.head
    keep = []
    stack = [clause]
    while stack:
        node = stack.pop()
        keep.append(node)
        for child in node.children:
            if child.dep_ in CLAUSE_DEPS and token not in child.subtree and child.pos_ in ("VERB", "AUX"):
                continue
            if child.dep_ == "conj" and child.pos_ == "VERB" and token not in child.subtree:
                continue
            stack.append(child)
    return keep


def _date(token, dates: list[DateMention], ref: dt.date | None, used: set[int]) -> FuzzyDate | None:
    """The date written in the trigger's clause; else, for an action reported as news, the
    month of the article."""
    words = _clause_tokens(token)
    spans = [(t.idx, t.idx + len(t.text)) for t in words]
    inside = [d for d in dates if any(b <= d.begin < e for b, e in spans)]
    if inside:
        inside.sort(key=lambda d: abs(d.begin - token.idx))
        used.add(inside[0].begin)
        return inside[0].date
    sentence_dates = [d for d in dates if token.sent.start_char <= d.begin < token.sent.end_char]
    if any(t.lower_ in ("later", "afterwards") for t in words) and sentence_dates:
        return FuzzyDate(sentence_dates[0].date.year)
    if re.search(r"\b(?:at|by) (?:the|that) time\b", token.sent.text, re.I):
        # "At the time, analysts claimed...": the time the text named just before
        earlier = [d for d in dates if token.sent.start_char - 600 <= d.begin < token.sent.start_char]
        if earlier:
            return _month(earlier[-1].date)
    said_on = _reporting_date(token, dates)
    if said_on is not None:  # "claimed on 20 February that Russia had captured X": by then, that month
        return _month(said_on)
    if any(c.lower_ == "had" and c.dep_ == "aux" for c in token.children) and not _reported(token):
        return None  # past perfect in the narrative: an earlier event the text does not date
    return FuzzyDate.of(ref, "month") if ref else None


def _month(date: FuzzyDate) -> FuzzyDate:
    return FuzzyDate.of(date.earliest, "month") if date.precision == "day" else date


def _reporting_date(token, dates: list[DateMention]) -> FuzzyDate | None:
    """The date of the reporting clause a past-perfect action is told in ("said on Friday it had
    taken X")."""
    if not any(c.lower_ == "had" and c.dep_ == "aux" for c in token.children):
        return None
    reporting = lexicons.words("reporting_verbs.txt")
    node = token
    for _ in range(5):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in reporting:
            verb = node.head
            outer = [t for t in _clause_tokens(verb) if t not in node.subtree]
            spans = [(t.idx, t.idx + len(t.text)) for t in outer]
            found = [d for d in dates if any(b <= d.begin < e for b, e in spans)]
            return found[0].date if found else None
        if node.head is node:
            return None
        node = node.head
    return None


def _reported(token) -> bool:
    """Is the clause what somebody said ("said that X had been captured")?"""
    reporting = lexicons.words("reporting_verbs.txt")
    node = token
    for _ in range(5):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in reporting:
            return True
        if node.dep_ in ("acl", "ccomp") and node.head.lemma_.lower() in REPORT_NOUNS:
            return True  # "reports that it had been taken"
        if node.head is node:
            return False
        node = node.head
    return False


def find_events(doc, mentions: list[Mention], dates: list[DateMention], ref: dt.date | None,
                skip: list[tuple[int, int]]) -> list[Event]:
    triggers = lexicons.triggers()
    region = main_region(mentions)
    events: list[Event] = []
    last_side: str | None = None
    used: set[int] = set()
    paragraph = -1
    for sent in doc.sents:
        if any(b <= sentence_start(sent) < e for b, e in skip):
            continue
        starts_paragraph = sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws
        if starts_paragraph:
            paragraph += 1
            last_side = None  # who is acting carries through a paragraph, not across them
        for token in sent:
            pos = "VERB" if token.pos_ in ("VERB",) else "NOUN" if token.pos_ in ("NOUN", "PROPN") or (
                token.pos_ == "ADJ" and ("-" in token.text or token.head.lemma_.lower() in OPERATION_NOUNS)) else None
            if pos is None:
                continue
            lemma = token.lemma_.lower()
            if pos == "VERB" and not _modal(token):
                winner, loser, places = _expulsion(token, mentions)
                if places:  # one expulsion is a capture by one side and a withdrawal by the other
                    date = _date(token, dates, ref, used)
                    for m in places:
                        for type_, side in (("capture", winner), ("withdrawal", loser)):
                            events.append(Event(type=type_, place=m.ref, side=side, date=date, outcome="success",
                                                evidence=[sentence_evidence(sent)], confidence=0.75))
                    continue
            trig = triggers.get((lemma, pos)) or triggers.get((token.lower_, pos))
            if trig is None and pos == "VERB" and lemma in CLAIM_CONTROL and any(
                    c.dep_ == "dobj" and c.lemma_.lower() == "control" for c in token.children):
                trig = lexicons.Trigger(lemma, pos, "capture", "object")  # "Russia claimed control of X"
            if trig is None and pos == "VERB" and lemma in FLAG_VERBS:
                flag = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() == "flag"), None)
                if flag is not None and (side_of_phrase(flag) or _own_flag_side(flag)):
                    trig = lexicons.Trigger(lemma, pos, "capture", "any")  # "hoisted the Ukrainian flag": that side took it
            if trig is None or (pos == "NOUN" and (token.pos_ == "PROPN" or token.ent_type_ in ("ORG", "FORCE"))):
                continue  # not a trigger, or a word of a name ("the Third Assault Brigade")
            if pos == "NOUN" and token.dep_ == "compound" and token.head.lemma_.lower() in UNIT_NOUNS:
                continue  # "assault groups", "strike drones": a kind of unit or weapon, not an operation
            if _modal(token) or (_descriptive(token, mentions) and not (trig.type == "encirclement" and token.dep_ == "amod")):
                continue
            if pos == "NOUN" and token.dep_ == "dobj" and token.head.lemma_.lower() in lexicons.words("denial_verbs.txt"):
                continue  # "denied any such advance": the claim it disputes is told elsewhere
            type_ = trig.type
            if pos == "VERB" and lemma == "pull" and not any(c.dep_ == "prt" and c.lower_ in ("out", "back")
                                                             for c in token.children):
                continue
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
            if pos == "VERB" and _intended(token) and type_ != "encirclement":
                continue  # "measures to bring X back under control": a purpose, not a result
            if type_ == "assault" and pos == "NOUN" and any(
                    c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in STANDOFF for c in token.children):
                type_ = "shelling"  # "missile attacks", "drone strikes", "artillery assault": fire from afar
            if lemma == "occupy" and token.dep_ in ("acl", "amod"):
                continue  # "a position once occupied by X", "Russian-occupied": a state, not a capture
            near = False
            tried = False
            if _attempted(token):
                if type_ in ("capture", "advance", "assault"):
                    type_ = "assault"  # "tried to break through", "attempts to take X": an attack
                    tried = _tried_and_failed(token)
            elif type_ == "capture" and pos == "VERB" and any(
                    c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in PARTIAL for c in token.children):
                type_ = "advance"  # "captured the southern part of X": ground in X, not X
            elif type_ == "capture" and pos == "VERB" and lemma not in FLAG_VERBS and _area_taken(token, mentions):
                type_ = "advance"
                near = True  # "captured 4.5 square kilometres around X": ground near X
                if not _arguments(token, mentions, near=True):
                    continue  # "liberated 2,000 square kilometres": ground, but no place named
            # "a counter-attack south-west of X": the phrase the trigger modifies stands for it
            anchor = token.head if token.dep_ in ("amod", "compound") and (
                token.head.lower_ in DIRECTIONS or token.head.lemma_.lower() in OPERATION_NOUNS) else token
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in QUANTITY_NOUNS:
                anchor = token.head.head  # "four waves of attacks": the waves are what was launched and repelled
            side, agent, repelled = _agent_side(anchor, pos == "NOUN")
            if side is None and pos == "VERB" and token.dep_ == "xcomp":
                # "he ordered troops to withdraw": troops of no stated side act for whoever ordered them
                side, head_agent, _ = _agent_side(token.head, False)
                if side is None and head_agent is not None:
                    side = _pronoun_side(token.head, head_agent, last_side)
            if side is None and agent is not None:
                side = _pronoun_side(token, agent, last_side)
            if side is None and agent is not None and agent.lower().split()[-1] in AGENT_NOUNS | {"unit"} and \
                    not set(agent.lower().split()) & ENEMY:
                side = _reporter_side(token)  # the ministry said "units liberated X": its own units
            if side is None and pos == "NOUN" and type_ in ("offensive", "assault", "advance"):
                side = _clause_subject_side(token)
            if side is None and type_ == "capture" and pos == "VERB":
                side = other(_loser_side(token))
            if side is None and agent is None and pos == "VERB" and token.tag_ == "VBG" and \
                    type_ in ("capture", "advance", "assault") and \
                    any(c.dep_ == "dobj" and mention_at(mentions, c) for c in token.children):
                side = side_of_tokens(list(sent))  # "after capturing X and Y", in a sentence about one side
            if pos == "VERB" and (lemma in NEEDS_PLACE_OBJECT or token.lower_ in NEEDS_PLACE_OBJECT):
                # "take", "leave", "gain": only with the place as their object ("took losses" is no capture)
                heads = [h for h in _direct_heads(token) if h is not None and h.dep_ in ("dobj", "nsubjpass", "nsubj")]
                if token.dep_ == "conj":
                    heads += [c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj")]
                args = _places_of(heads, token, mentions)
                if not args:  # "had taken the city": the object is the place in focus
                    obj = next((h for h in heads if h.dep_ in ("dobj", "nsubjpass")), None)
                    if obj is not None and obj.lower_ in ("city", "town", "village", "settlement") and any(
                            d.lower_ in ("the", "this", "that") for d in obj.children):
                        focus = _story_focus(doc, mentions, obj.idx)
                        args = [focus] if focus is not None else []
                if not args:
                    continue
            else:
                args = _arguments(anchor, mentions, near=near)
            confidence = 0.8
            if not args and pos == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "such")
                                                  for c in list(token.children) + list(anchor.children)):
                earlier = next((e for e in reversed(events) if e.type == type_ and side in (None, e.side)), None)
                if earlier is not None:  # "the counter-attack": the one already told, one more mention
                    earlier.evidence.append(sentence_evidence(sent))
                    continue
            if not args:
                anaphor = _anaphor(token, mentions, doc.text)
                if anaphor is not None:
                    args = [anaphor]
            if not args and pos == "NOUN" and lemma in LOOSE_NOUNS:
                continue  # "a push for a deal", "a campaign": only with a place of their own
            if not args and pos == "NOUN":
                args = _nearby(token, mentions)
            listed = _listed(token, mentions) if pos == "VERB" else []
            if listed:
                args = listed
            elif pos == "VERB" and type_ in ("capture", "withdrawal") and _unnamed_object(token, mentions):
                continue  # "recaptured a village on the flank of X": a place the sentence does not name
            has_object = pos == "VERB" and lemma not in FLAG_VERBS and any(c.dep_ == "dobj" for c in token.children)
            if not args and not has_object:  # "captured four settlements near X" names no captured place
                args = _in_sentence(token, mentions, doc.text)
                confidence = 0.6
            if not args and type_ == "offensive" and region is not None:
                args = [region]
                confidence = 0.5
            if not args and side and type_ in ("assault", "advance", "withdrawal", "encirclement"):
                focus = _story_focus(doc, mentions, sent.start_char)
                if focus is not None and sent.start_char - focus.begin < 600:
                    args = [focus]
                    confidence = 0.5
            if not args:
                continue
            if lemma in FLAG_VERBS and type_ == "capture":
                flag = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
                side = (side_of_phrase(flag) or _own_flag_side(flag)) if flag is not None else side
            if side is None and pos == "VERB" and type_ in ("encirclement", "assault", "shelling"):
                side = other(_target_side(token))  # "Ukrainian units are surrounded": encircled by the other side
            if side is None and agent is None and type_ in PRESSURE_TYPES and token.dep_ not in ("amod", "acl"):
                side = last_side  # "... Fighting continued; shelling of X": the paragraph's actor
            outcome = None
            if type_ in ("assault", "advance", "offensive"):
                if repelled or tried or _failed(token) or (anchor is not token and _failed(anchor)):
                    outcome = "failed"
                    if type_ == "advance":
                        type_ = "assault"
            elif type_ in ("capture", "withdrawal"):
                outcome = "success"
            date = _date(token, dates, ref, used)
            evidence = sentence_evidence(sent)
            for m in args:
                if m.ref.kind == "country" and type_ not in ("offensive",):
                    continue
                if type_ == "capture" and side is None and lemma == "fall":
                    for child in token.children:
                        if child.dep_ == "prep" and child.lower_ in ("to", "into"):
                            for p in child.children:
                                side = side_of_phrase(p)
                events.append(Event(type=type_, place=m.ref, side=side, date=date, outcome=outcome,
                                    evidence=[evidence], agent=agent,
                                    confidence=confidence if side else confidence - 0.2))
            if side:
                last_side = side
    return merge(complete_sides(merge(events)))


WATER = re.compile(r"\b(sea|river|ocean|lake|bay|gulf|strait|reservoir|estuary)$", re.I)
LOCATOR_PREPS = {"near", "outside", "off", "beyond", "toward", "towards", "of"}


def _own_flag_side(flag) -> str | None:
    """'soldiers holding up their flag in X', in a sentence about one side's unit: that side's flag."""
    if not any(c.dep_ == "poss" and c.lower_ in ("their", "its", "our") for c in flag.children):
        return None
    return side_of_tokens(list(flag.sent))


def _story_focus(doc, mentions: list[Mention], char: int) -> Mention | None:
    """The settlement the story is about at a point: the last one named before it, leaving out
    names that only locate another place ("an island off the coast near the city of X")."""
    best = None
    for m in mentions:
        if m.begin >= char:
            break
        if m.ref.kind not in ("settlement", "feature") or WATER.search(m.ref.name):
            continue
        if doc[m.stop - 1].dep_ == "compound" and doc[m.stop - 1].head.lower_ not in SCENERY_NOUNS:
            continue  # "a Black Sea landmass": a name that only describes something else
        node, locator = doc[m.start], False
        for _ in range(4):  # "near the city of X", "west of X": what the phrase hangs from
            if node.dep_ not in ("pobj", "appos", "compound") and node.lower_ not in ("of", "city", "town", "village", "port"):
                break
            node = node.head
            locator = locator or (node.lower_ in LOCATOR_PREPS | COMPASS and node.lower_ != "of" and m.start > node.i)
        if locator:
            continue
        best = m
    return best


def _tried_and_failed(token) -> bool:
    """'tried to storm X', 'attempts to break through': an attempt told as past, which reporting
    uses for attacks that did not succeed (an ongoing 'is trying to' has no outcome yet)."""
    node = token
    for _ in range(3):
        if node.lemma_.lower() in ATTEMPT_VERBS and node is not token:
            return node.tag_ in ("VBD", "VBN") or (node.tag_ == "VBG" and node.dep_ in ("advcl", "pcomp"))
        if node.lower_ in ("attempt", "attempts", "bid", "effort", "efforts"):
            return node.tag_ == "NNS" or any(c.lower_ in ("failed", "unsuccessful") for c in node.children)
        if node.head is node:
            break
        node = node.head
    return False


SCENERY_NOUNS = {"village", "villages", "town", "towns", "city", "cities", "settlement", "settlements", "area",
                 "areas", "region", "hills", "fields", "building", "buildings", "warship", "ship", "land",
                 "territory", "territories", "district", "districts", "countryside", "woods", "forest"}


def _descriptive(token, mentions: list[Mention]) -> bool:
    """A participle that describes a thing rather than reports an action on a place: 'an attacking
    warship', 'a bombed-out building', 'the settlements surrounding X'."""
    if token.pos_ != "VERB" or token.dep_ not in ("amod", "acl"):
        return False
    head = token.head
    if head.lower_ in DIRECTIONS or head.lemma_.lower() in OPERATION_NOUNS:
        return False
    if token.dep_ == "amod":
        return token.tag_ in ("VBG", "VBN")
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
    return events


def _nearby(token, mentions: list[Mention]) -> list[Mention]:
    """For a noun trigger with no place in its phrase, the place right after it in the sentence."""
    sent = token.sent
    for m in mentions:
        if sent.start <= m.start < sent.end and 0 < m.start - token.i <= 6 and m.ref.kind != "country":
            return [m]
    return []


POSITION_NOUNS = {"position", "line", "defence", "defense", "trench", "stronghold", "outpost", "checkpoint", "base",
                  "fortification", "post"}
CAUSATIVE = {"force", "order", "compel", "make", "cause", "drive", "oblige", "command", "instruct", "tell", "allow"}
CIRCUMSTANCE_PREPS = {"following", "after", "before", "amid", "despite", "since", "during", "until"}
RESIST_VERBS = {"repel", "repulse", "resist", "withstand", "halt", "stop", "thwart", "foil", "defend", "hold",
                "fight", "face", "counter", "blunt", "slow", "beat"}


def _clause_subject_side(token) -> str | None:
    """'Ukrainian forces retook X ... in the Kherson counteroffensive': an operation named without
    a side is the clause subject's, unless the clause says the subject resisted it."""
    node = token
    for _ in range(6):
        if node.dep_ in ("ccomp", "relcl", "acl", "pcomp", "xcomp", "csubj") or node.head is node:
            break
        node = node.head
        if node.lower_ in CIRCUMSTANCE_PREPS:
            return None  # "confirmed it following recent attacks on X": the attacks are not the subject's
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in lexicons.words("reporting_verbs.txt"):
            return None  # whoever reports an operation is not who ran it
        if node.pos_ in ("VERB", "AUX"):
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            if token in subj.subtree:
                return None  # the operation is itself the subject: no one else's clause to borrow from
            side = side_of_phrase(subj)
            if side is None:
                return None
            return other(side) if node.lemma_.lower() in RESIST_VERBS else side
    return None


def _target_side(token) -> str | None:
    """The side of the forces a verb acts on: its object, or its passive subject ("units that are
    surrounded" looks through the relative pronoun to the units)."""
    if token.dep_ == "relcl" and _passive(token):
        side = side_of_phrase(token.head)
        if side:
            return side
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            target = child
            if target.lower_ in ("that", "which", "who"):
                node = token
                while node.dep_ not in ("relcl",) and node.head is not node:
                    node = node.head
                target = node.head if node.dep_ == "relcl" else target
            side = side_of_phrase(target)
            if side:
                return side
    return None


def _unnamed_object(token, mentions: list[Mention]) -> bool:
    """'an eastern village', 'two villages': a settlement taken that the clause does not name."""
    obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None or obj.lemma_.lower() not in ("village", "town", "settlement", "hamlet", "locality", "city"):
        return False
    if _place_in(obj, mentions) is not None:
        return False
    return not any(c.lower_ in ("the", "this", "that") for c in obj.children)


def _listed(token, mentions: list[Mention]) -> list[Mention]:
    """'captured four settlements near X: A, B, C and D': the places listed after the colon."""
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in ("settlement", "village", "town", "locality", "hamlet"):
        return []
    text = token.doc.text
    colon = text.find(":", obj.idx, token.sent.end_char + 2)
    if colon < 0:
        return []
    line_end = text.find("\n", colon)
    line_end = len(text) if line_end < 0 else line_end
    return [m for m in mentions if colon < m.begin < line_end and m.ref.kind in ("settlement", "feature")]


def _in_sentence(token, mentions: list[Mention], text: str) -> list[Mention]:
    """The one settlement the trigger's clause names, or the one "the city" refers to, when the
    parse attaches no place to the trigger itself (a place in another clause, "withdrawing to allow
    exports from X", is not where the action was)."""
    sent = token.sent
    clause = {t.i for t in _clause_tokens(token)}
    # purposes and reasons that hang from the trigger ("withdrawing to allow exports from X")
    below = {x.i for t in _clause_tokens(token) for c in t.children if c.dep_ in ("xcomp", "advcl") and c.i not in clause
             for x in c.subtree}
    inside = [m for m in mentions if sent.start <= m.start < sent.end and m.ref.kind in ("settlement", "feature")
              and not _is_actor(sent.doc[m.start]) and m.start not in below]
    if len({m.ref.node for m in inside}) == 1:
        return [inside[0]]
    match = ANAPHORA.search(sent.text)
    if match and not inside:
        m = focus_before(mentions, sent.start_char + match.start())
        if m is not None:
            return [m]
    return []


def main_region(mentions: list[Mention]) -> Mention | None:
    """The region an article is about: the one it names most, else none."""
    regions = [m for m in mentions if m.ref.kind == "region"]
    if not regions:
        return None
    counts: dict[str, int] = {}
    for m in regions:
        counts[m.ref.node] = counts.get(m.ref.node, 0) + 1
    best = max(counts, key=counts.get)
    return next(m for m in regions if m.ref.node == best)


ENEMY = {"enemy", "enemy's", "adversary", "opponent"}


def _reporter_side(token) -> str | None:
    """The side of whoever reports the clause a token is in ("the ministry said units...")."""
    reporting = lexicons.words("reporting_verbs.txt")
    node = token
    for _ in range(6):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in reporting:
            subj = next((c for c in node.head.children if c.dep_ == "nsubj"), None)
            return side_of_phrase(subj) if subj is not None else None
        if node.head is node:
            return None
        node = node.head
    return None


def _pronoun_side(token, agent: str, last_side: str | None) -> str | None:
    """'they', 'his fighters': the side of whoever the pronoun stands for."""
    words = agent.lower().split()
    if not words or words[0] not in PRONOUNS | {"his", "her", "our"}:
        return None
    if words[0] in ("his", "her", "our", "he", "she", "we", "it", "they", "its", "their"):
        node = token
        for _ in range(6):
            if node.lemma_.lower() in lexicons.words("reporting_verbs.txt"):
                subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return side_of_phrase(subj)
            if node.head is node:
                break
            node = node.head
        return last_side if words[0] in ("he", "she", "we", "it", "they") else None
    return last_side


def _compatible(a: FuzzyDate | None, b: FuzzyDate | None) -> bool:
    if a is None or b is None:
        return True
    return a.iso.startswith(b.iso) or b.iso.startswith(a.iso)


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
                if event.date and (kept.date is None or len(event.date.iso) > len(kept.date.iso)):
                    kept.date = event.date
                if event.outcome == "failed":
                    kept.outcome = "failed"
                for ev in event.evidence:
                    if ev not in kept.evidence:
                        kept.evidence.append(ev)
                kept.confidence = min(0.95, kept.confidence + 0.05)
                break
        else:
            merged.append(event)
    return merged

"""Where an operation happened: the places a trigger word acts on, following the parse (objects,
passive subjects, prepositions, relative clauses), and, when the sentence names none, the place
the story is about ("the city", "the town")."""

from __future__ import annotations

import re

from kg.language import lexicons
from kg.language.clauses import clause_tokens
from kg.language.nlp import text_of
from kg.language.places import ANAPHORA, Mention, focus_before, mention_at

PLACE_PREPS = {"of", "on", "in", "into", "near", "around", "at", "toward", "towards", "outside", "inside",
               "from", "for", "against", "across", "within", "over", "to", "out"}
AGENT_NOUNS = {"forces", "troops", "army", "military", "soldiers", "fighters", "units", "unit", "brigade",
               "defenders", "marines", "paratroopers", "mercenaries", "infantry", "group", "groups",
               "battalion", "regiment", "division", "corps", "command", "commanders", "contingent"}
CONTROL_NOUNS = {"control", "hold", "grip"}
NEAR_PREPS = {"near", "around", "outside", "toward", "towards", "close", "beyond", "west", "east", "north", "south"}
WITHDRAWAL_PREPS = {"from", "out", "of", "outside", "near", "around"}
WITHDRAW_VERBS = {"flee", "retreat", "withdraw", "abandon", "leave", "rout"}
SETTLEMENT_NOUNS = {"city", "town", "village", "settlement", "hamlet", "port"}
COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
           "north-west", "south-east", "south-west"}
DIRECTIONS = COMPASS | {"outskirts", "area", "direction", "sector", "axis", "front"}
PARTIAL = {"part", "outskirts", "half", "section", "district", "edge", "quarter", "neighbourhood", "neighborhood",
           "suburb", "suburbs", "flank", "portion"}
POSITION_NOUNS = {"position", "line", "defence", "defense", "trench", "stronghold", "outpost", "checkpoint", "base",
                  "fortification", "post"}
SETTLEMENT_OBJECTS = {"village", "town", "city", "settlement", "control", "most", "all", "rest",
                      "centre", "center", "hamlet", "island", "port", "it", "them", "stronghold", "hub"}
SCENERY_NOUNS = {"village", "villages", "town", "towns", "city", "cities", "settlement", "settlements", "area",
                 "areas", "region", "hills", "fields", "building", "buildings", "warship", "ship", "land",
                 "territory", "territories", "district", "districts", "countryside", "woods", "forest"}
OPERATION_NOUNS = {"operation", "action", "drive", "effort"}  # "offensive operation": the operation is the offensive
WATER = re.compile(r"\b(sea|river|ocean|lake|bay|gulf|strait|reservoir|estuary)$", re.I)
LOCATOR_PREPS = {"near", "outside", "off", "beyond", "toward", "towards", "of"}


def place_in(tok, mentions: list[Mention], depth: int = 0) -> Mention | None:
    """The place a noun phrase names: the token itself, an appositive, or "the town of X"."""
    found = mention_at(mentions, tok)
    if found:
        return found
    if depth >= 2 or tok.pos_ in ("VERB", "AUX"):
        return None
    # "the X region towns of A and B", "A settlements of the X region": a settlement noun's own
    # name, before or after it, rather than the region that locates it
    settlement_noun = tok.lemma_.lower() in SETTLEMENT_NOUNS
    regional = None
    children = list(tok.children)
    if settlement_noun:  # "the X villages of A, B and C": the names after "of" first
        children.sort(key=lambda c: not (c.dep_ == "prep" and c.lower_ == "of"))
    for child in children:
        # "the village of X", "X, a village", and, misparsed, "the village of X west of Y" (X hangs on
        # "west"); "west of Y" itself only locates: Y is not the place
        named_by = child.dep_ in ("amod", "nmod") and (tok.lower_ in COMPASS or settlement_noun)
        # "freed several villages, including A, B and C": the ones named
        including = child.dep_ == "prep" and child.lower_ in ("including", "like") and settlement_noun
        if child.dep_ in ("appos", "compound") or named_by or including or \
                (child.dep_ == "prep" and child.lower_ in ("of", "in") and tok.lower_ not in COMPASS):
            target = child if child.dep_ != "prep" else next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None:
                found = place_in(target, mentions, depth + 1)
                if found and child.lower_ == "in" and settlement_noun and found.ref.kind in ("region", "area", "country"):
                    continue  # "the ruined city in Luhansk region": the region only says where the city is
                if found and settlement_noun and found.ref.kind in ("region", "area", "country"):
                    regional = regional or found
                    continue
                if found:
                    return found
    return regional


def conjuncts(tok):
    yield tok
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            # "A in Kherson Oblast and B in Donetsk Oblast": the parser hangs the second town on the first oblast
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                for conj in (c for c in pobj.children if c.dep_ == "conj" and c.pos_ == "PROPN"):
                    yield from conjuncts(conj)
        if (child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN")) or \
                (child.dep_ == "appos" and child.ent_type_ in ("GPE", "LOC", "FAC")):
            yield from conjuncts(child)


def antecedent(pronoun, mentions: list[Mention]) -> Mention | None:
    """'took it back': the settlement named last before the pronoun, in its sentence or the one before."""
    sent = pronoun.sent
    before = [m for m in mentions if m.begin < pronoun.idx and m.ref.kind in ("settlement", "feature")
              and not (m.begin < pronoun.sent.start_char and measured_from(pronoun.doc, m))]
    if not before:
        return None
    last = before[-1]
    # "X, a suburb of Y, was seized ... before troops retook it": a place inside the subject's
    # apposition only describes the subject, which "it" goes on talking about
    doc = pronoun.doc
    for subject in (m for m in before if doc[m.stop - 1].dep_ in ("nsubj", "nsubjpass")):
        head = doc[subject.stop - 1]
        if last is not subject and doc[last.start] in head.subtree and head.sent == sent:
            last = subject
    previous_start = sent.start_char
    if sent.start > 0:
        previous_start = sent.doc[sent.start - 1].sent.start_char
    return last if last.begin >= previous_start else None


def is_actor(token) -> bool:
    """A place name that acts ("Moscow began", "Kyiv's troops") rather than is acted on."""
    head = token
    while head.dep_ == "compound":
        head = head.head
    if head.dep_ == "nsubj":
        return not elliptic(head.head)  # "and so has Y": Y stands where the passive subject stood
    return head.dep_ == "poss" and head.head.lower_ in AGENT_NOUNS | {"forces", "military", "government"}


def elliptic(verb) -> bool:
    """'..., and so has Y', '... and so did Y': an auxiliary standing for the verb before it (or,
    misparsed, Y itself taken for a verb with "so has" hanging on it)."""
    auxiliary = verb.lemma_ in ("have", "be", "do") or \
        any(g.dep_ == "aux" and g.lemma_ in ("have", "be", "do") for g in verb.children)
    return verb.dep_ == "conj" and auxiliary and \
        any(g.dep_ == "advmod" and g.lower_ in ("so", "too", "also") for g in verb.children)


def direct_heads(token, near: bool = False) -> list:
    """The phrases a trigger acts on: its objects first; prepositional phrases only when it has
    no object place ("recaptured Okhtyrka in the Poltava region" is about Okhtyrka)."""
    core, preps = [], []
    trig = lexicons.triggers().get((token.lemma_.lower(), "VERB" if token.pos_ == "VERB" else "NOUN"))
    withdrawal = token.lemma_.lower() in WITHDRAW_VERBS or token.lemma_.lower() in ("withdrawal", "retreat", "pullout") \
        or (trig is not None and trig.type == "withdrawal" and trig.attach == "from")
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
            if child.dep_ == "dobj" and token.lemma_.lower() in lexicons.word_class("mover-object"):
                # "regrouped the troops stationed in X": where the force was is the place it left
                preps.extend(p for acl in child.children if acl.dep_ == "acl" and acl.tag_ == "VBN"
                             for c in acl.children if c.dep_ == "prep" and c.lower_ in ("in", "near", "around", "at")
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
    # "repelled attacks in A, and in the areas of B and C": a phrase conjoined to the clause with
    # its verb left out repeats the operation at its places
    clause = token.head if token.pos_ == "NOUN" and token.dep_ == "dobj" else token
    for gapped in clause.children:
        if gapped.dep_ == "conj" and gapped.pos_ == "ADP" and gapped.lower_ in PLACE_PREPS and not \
                (withdrawal and gapped.lower_ not in WITHDRAWAL_PREPS):
            preps.extend(c for c in gapped.children if c.dep_ == "pobj")
    if token.lemma_ == "fall" or any(c.dep_ == "nsubjpass" for c in token.children):
        # "X has been taken, and so has Y": the elliptic clause's subject was taken too
        for child in token.children:
            if elliptic(child):
                subjects = [g for g in child.children if g.dep_ == "nsubj"]
                core.extend(subjects or [child])
    return core + [None] + preps


def places_of(heads, token, mentions: list[Mention]) -> list[Mention]:
    found = []
    for head in heads:
        if head is None:  # the end of the object phrases: prepositions only when they found nothing
            if found:
                break
            continue
        for conj in conjuncts(head):
            m = place_in(conj, mentions)
            if m is None and conj.lower_ == "it" and (conj.dep_ in ("dobj", "nsubjpass") or
                                                      (conj.dep_ == "nsubj" and token.lemma_ == "fall")):
                m = antecedent(conj, mentions)
            if m is None and conj.lower_ in CONTROL_NOUNS:  # "took control of X"
                for c in conj.children:
                    if c.dep_ == "prep":
                        for p in c.children:
                            if p.dep_ == "pobj":
                                m = place_in(p, mentions)
            if m is None or m in found or m.start <= token.i < m.stop:
                continue
            if is_actor(conj) and token.lemma_ != "fall":
                continue
            found.append(m)
    return found


def arguments(token, mentions: list[Mention], near: bool = False) -> list[Mention]:
    """Places the trigger acts on, following the parse (objects, passive subjects, prepositions)."""
    found = places_of(direct_heads(token, near), token, mentions)
    if found:
        return found
    # a coordinated verb shares its head's object or passive subject: "was captured ... and retaken"
    if token.pos_ == "VERB" and token.dep_ == "conj":
        shared = [c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj")]
        found = places_of(shared, token, mentions)
        if found:
            return found
    # a noun is often placed by the verb it belongs to: "attacks were pushed back on X"
    if token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "dobj") and token.head.pos_ == "VERB":
        verb = token.head
        heads = [h for h in direct_heads(verb) if h != token]
        for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
            heads += [h for h in direct_heads(conj) if h is not None and h.dep_ == "pobj"]
        if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            # a series of predicates shares where it happens: "conduct operations in the X
            # direction, gain a foothold, inflict damage": the foothold is gained there too (the
            # first may carry its place in its complement: "continue to conduct operations in X")
            for first in [verb.head] + [c for c in verb.head.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]:
                heads += [h for h in direct_heads(first) if h is not None and h.dep_ == "pobj"]
                heads += [p for o in first.children if o.dep_ == "dobj" for c in o.children
                          if c.dep_ == "prep" and c.lower_ in PLACE_PREPS for p in c.children if p.dep_ == "pobj"]
        found = places_of(heads, token, mentions)
        if found:
            return found
    # the side that flees is described by where it was: "the line defending X fled"
    if token.pos_ == "VERB" and token.lemma_ in WITHDRAW_VERBS:
        subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            for sub in subj.subtree:
                m = mention_at(mentions, sub)
                if m is not None and not is_actor(sub):
                    return [m]
    # "... that was occupied by the Russians", "towns A and B, which Moscow is trying to encircle":
    # the relative clause's head
    clause = token
    while clause.dep_ == "xcomp" and clause.head != clause:
        clause = clause.head
    if clause.dep_ == "relcl" and clause != token:
        found = relative_heads(clause, mentions)
        if found:
            return found
    if token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ == "VBN"):
        # "X, which the troops captured", and the reduced "X, a town captured by the troops"
        found = relative_heads(token, mentions)
        if found:
            return found
        # "This is one of the hubs in the east of the country that was occupied by...": the place the
        # sentence before was about
        node = token.head
        for _ in range(6):
            if node.dep_ == "attr" or node.head == node:
                break
            node = node.head
        if node.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ in ("this", "it") for c in node.head.children):
            m = story_focus(token.doc, mentions, token.sent.start_char)
            if m is not None:
                return [m]
    return []


def relative_heads(clause, mentions: list[Mention]) -> list[Mention]:
    """The places a relative clause is about: its head, 'the towns of A and B' included."""
    found: list[Mention] = []
    heads = [clause.head] + [p for c in clause.head.children if c.dep_ == "prep" and c.lower_ == "of"
                             for p in c.children if p.dep_ == "pobj"]
    for head in heads:
        for conj in conjuncts(head):
            m = place_in(conj, mentions) or described_place(conj, mentions)
            if m is not None and m not in found:
                found.append(m)
    return found


def described_place(noun, mentions: list[Mention]) -> Mention | None:
    """The place a common noun describes: "X was the only city taken", "X, a town taken": the
    subject of the copula the noun completes, or the name the noun is in apposition to."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        subject = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return place_in(subject, mentions) if subject is not None else None
    if noun.dep_ == "appos":
        return mention_at(mentions, noun.head)
    return None


def anaphor_of(token, mentions: list[Mention], text: str) -> Mention | None:
    """'the city', 'the town', 'the area' among the trigger's arguments, read as the place in focus."""
    for child in token.children:
        cands = [child] + [c for c in child.children if c.dep_ == "pobj"]
        # "the northern part of the city": the city the part belongs to
        cands += [p for c in cands if c.lemma_.lower() in PARTIAL for pr in c.children if pr.dep_ == "prep" and pr.lower_ == "of"
                  for p in pr.children if p.dep_ == "pobj"]
        for cand in cands:
            if cand.lower_ in ("city", "town", "village", "settlement", "island", "area", "capital") and \
                    any(d.lower_ in ("the", "this", "that") for d in cand.children):
                named = [m for m in mentions if m.begin < cand.idx and m.ref.name.lower().endswith(cand.lower_)]
                return named[-1] if named else story_focus(token.doc, mentions, cand.idx)
    return None


def story_focus(doc, mentions: list[Mention], char: int) -> Mention | None:
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
        if only_locates(doc, m):
            continue
        best = m
    return best


def only_locates(doc, m: Mention) -> bool:
    """Does the name only say where something else is ("near the city of X", "west of X", "120km
    from the regional capital X")? What the phrase hangs from is then what the text talks about."""
    node, locator = doc[m.start], False
    for _ in range(4):
        if node.dep_ not in ("pobj", "appos", "compound") and node.lower_ not in ("of", "city", "town", "village", "port"):
            break
        node = node.head
        locator = locator or (node.lower_ in LOCATOR_PREPS | COMPASS and node.lower_ != "of" and m.start > node.i)
    return locator or measured_from(doc, m)


def measured_from(doc, m: Mention) -> bool:
    """Is the name what a distance is measured from ("120km from the regional capital X")?"""
    node = doc[m.start]
    for _ in range(4):
        if node.dep_ not in ("pobj", "appos", "compound"):
            return False
        node = node.head
        if node.lower_ == "from":
            return any(w.lemma_.lower() in lexicons.word_class("distance") for w in (node.head, *node.children))
    return False


def only_near(token, m: Mention) -> bool:
    """Is the place only where the operation was near ("abandoned positions near X", "pulled back
    from around X", "attacks in the X direction"), not the place itself? Read on the parse path
    from the place's name up to the trigger: a hand-over near a town does not hand the town over."""
    node = token.doc[m.stop - 1]
    while node.head.i != node.i and m.start <= node.head.i < m.stop:
        node = node.head  # the name's own head word
    for _ in range(8):
        if node.i == token.i or node.head.i == node.i:
            return False
        if (node.dep_ == "prep" and node.lower_ in NEAR_PREPS) or \
                (node.i != m.stop - 1 and node.lower_ in lexicons.word_class("near-noun") and node.pos_ == "NOUN"):
            return True
        node = node.head
    return False


def nearby(token, mentions: list[Mention]) -> list[Mention]:
    """For a noun trigger with no place in its phrase, the place right after it in the sentence."""
    sent = token.sent
    for m in mentions:
        if sent.start <= m.start < sent.end and 0 < m.start - token.i <= 6 and m.ref.kind != "country":
            return [m]
    return []


def in_sentence(token, mentions: list[Mention], text: str) -> list[Mention]:
    """The one settlement the trigger's clause names, or the one "the city" refers to, when the
    parse attaches no place to the trigger itself (a place in another clause, "withdrawing to allow
    exports from X", is not where the action was)."""
    sent = token.sent
    own = clause_tokens(token)
    clause = {t.i for t in own}
    # purposes and reasons that hang from the trigger ("withdrawing to allow exports from X")
    below = {x.i for t in own for c in t.children if c.dep_ in ("xcomp", "advcl") and c.i not in clause
             for x in c.subtree}
    inside = [m for m in mentions if sent.start <= m.start < sent.end and m.ref.kind in ("settlement", "feature")
              and not is_actor(sent.doc[m.start]) and m.start not in below]
    if len({m.ref.node for m in inside}) == 1:
        return [inside[0]]
    match = ANAPHORA.search(sent.text)
    if match and not inside:
        m = focus_before(mentions, sent.start_char + match.start())
        if m is not None:
            return [m]
    return []


def listed_places(token, mentions: list[Mention]) -> list[Mention]:
    """'captured four settlements near X: A, B, C and D': the places listed after the colon."""
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in ("settlement", "village", "town", "locality", "hamlet"):
        return []
    text = text_of(token.doc)
    colon = text.find(":", obj.idx, token.sent.end_char + 2)
    if colon < 0:
        return []
    line_end = text.find("\n", colon)
    line_end = len(text) if line_end < 0 else line_end
    return [m for m in mentions if colon < m.begin < line_end and m.ref.kind in ("settlement", "feature")]


def list_mates(found: list[Mention], mentions: list[Mention], doc) -> list[Mention]:
    """Every settlement named in one list with a place already found ("repelled attacks near A,
    B and C", "took A as well as B"), read from the words between the names rather than the
    parse, which often hangs a list of unknown names anywhere. A region named after a town ("A
    in the X region, B and C in the Y region") only says where it is and is passed over."""
    words = lexicons.list_words()
    by_start = {m.start: m for m in mentions}
    by_stop = {m.stop: m for m in mentions}
    out = list(found)

    def word_at(i: int, forward: bool, kind: str) -> int | None:
        """The index past a list word of that kind starting (ending) at i."""
        here = doc[i].lower_
        for phrase in words.get(kind, ()):
            if phrase[0 if forward else -1] != here:
                continue
            span = range(i, i + len(phrase)) if forward else range(i - len(phrase) + 1, i + 1)
            if span.start >= 0 and span.stop <= len(doc) and tuple(doc[j].lower_ for j in span) == phrase:
                return span.stop if forward else span.start - 1
        return None

    def region_at(i: int, forward: bool) -> int | None:
        if forward and i < len(doc) and doc[i].lower_ == "in":
            j = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "the")
            m = by_start.get(j)
            return m.stop if m is not None and m.ref.kind in ("region", "country") else None
        if not forward:
            m = by_stop.get(i + 1)
            if m is not None and m.ref.kind in ("region", "country"):
                j = m.start - 1 - (m.start >= 1 and doc[m.start - 1].lower_ == "the")
                return j - 1 if j >= 0 and doc[j].lower_ == "in" else None
        return None

    for seed in found:
        if seed.ref.kind not in ("settlement", "feature"):
            continue
        for forward in (True, False):
            i = seed.stop if forward else seed.start - 1
            while 0 <= i < len(doc):
                region_end = region_at(i, forward)  # "A in the X region, B": past the region
                i = i if region_end is None else region_end
                linked = False
                while 0 <= i < len(doc):
                    step = word_at(i, forward, "link")
                    if step is not None:
                        i, linked = step, True
                        continue
                    step = word_at(i, forward, "filler")
                    if step is None:
                        break
                    i = step
                m = by_start.get(i) if forward else by_stop.get(i + 1)
                if not linked or m is None or m.ref.kind not in ("settlement", "feature"):
                    break
                # "took A, north of B": B only locates A; but in a list of bearings ("advanced
                # near A, north of B, west of C") each is where the action was
                if m not in out and not (forward and _locator_before(doc, m) and not _locator_before(doc, seed)):
                    out.append(m)
                i = m.stop if forward else m.start - 1
    return out


def _locator_before(doc, m: Mention) -> bool:
    """'took A, north of B', 'A, near B': the words before the name say it only locates the one
    before it."""
    j = m.start - 1 - (m.start >= 1 and doc[m.start - 1].lower_ == "the")
    if j < 0:
        return False
    if doc[j].lower_ == "of":
        return j >= 1 and doc[j - 1].lower_ in COMPASS
    return doc[j].lower_ in LOCATOR_PREPS


def unnamed_object(token, mentions: list[Mention]) -> bool:
    """'an eastern village', 'two villages': a settlement taken that the clause does not name."""
    obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None or obj.lemma_.lower() not in ("village", "town", "settlement", "hamlet", "locality", "city"):
        return False
    if place_in(obj, mentions) is not None:
        return False
    return not any(c.lower_ in ("the", "this", "that") for c in obj.children)


def area_taken(token, mentions: list[Mention]) -> bool:
    """'captured 4.5 square kilometres around X': ground near a place, not the place."""
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    if obj is None or place_in(obj, mentions) is not None:
        return False
    if obj.tag_ in ("WDT", "WP") and token.dep_ == "relcl":
        return False  # "the city of X, which Russia captured": the relative pronoun is the city
    return obj.lemma_.lower() not in SETTLEMENT_OBJECTS


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

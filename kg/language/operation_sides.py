"""Who ran an operation: the side of its agent (subject, "by" phrase, the verb it is launched
with), of the forces a pronoun or "units" stand for in a side's own report, or the opponent of
the side that repelled it, lost the place, or was encircled."""

from __future__ import annotations

from kg.facts import other
from kg.language import lexicons
from kg.language.clauses import is_passive, phrase_text
from kg.language.operation_places import AGENT_NOUNS, arguments, places_of
from kg.language.places import Mention
from kg.language.sides import ENEMY_WORDS, PRONOUNS, side_of_phrase, side_of_tokens

EXPEL_VERBS = {"push", "drive", "oust", "expel", "dislodge", "force", "kick", "throw", "chase", "knock"}
CAUSATIVE = {"force", "order", "compel", "make", "cause", "drive", "oblige", "command", "instruct", "tell", "allow"}
CIRCUMSTANCE_PREPS = {"following", "after", "before", "amid", "despite", "since", "during", "until"}
RESIST_VERBS = {"repel", "repulse", "resist", "withstand", "halt", "stop", "thwart", "foil", "defend", "hold",
                "fight", "face", "counter", "blunt", "slow", "beat"}


def subject_of(token):
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
        if node.dep_ in ("conj", "xcomp", "advcl", "acl", "relcl") and node.head != node:
            if node.dep_ in ("acl", "relcl"):
                by = next((p for c in node.head.children if c.dep_ == "prep" and c.lower_ == "by"
                           for p in c.children if p.dep_ == "pobj"), None)
                if by is not None:
                    return by, False
                head = node.head
                own = [t for t in head.subtree if t not in set(node.subtree)]
                if head.lemma_.lower() in AGENT_NOUNS or head.lower_ in AGENT_NOUNS or side_of_tokens(own) or \
                        head.dep_ not in ("pobj", "dobj"):
                    return head, False  # "units that attacked", "Russian attempts to break through"
                # "with attempts to break through Ukraine's defences": not the defenders, but whoever
                # makes the attempts, the subject of the verb the attempts hang on
                node = head.head.head if head.dep_ == "pobj" else head.head
                if node.pos_ not in ("VERB", "AUX") or node.lemma_.lower() in lexicons.words("reporting_verbs.txt"):
                    return None, False  # "Ukraine reported civilians killed in the offensive": not Ukraine's
                continue
            node = node.head
            continue
        break
    return None, False


def by_agent(token):
    for child in token.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def by_phrase(token):
    """The "by" phrase of an action named by a noun or gerund: its own ("shelling by X"), or one
    the parser hung on the active verb right after the noun's phrase ("reported shelling of the
    city by X"): an active verb takes no agent, so the phrase is the noun's."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    head = token.head
    if token.dep_ == "dobj" and head.pos_ == "VERB" and not is_passive(head):
        end = max(t.i for t in token.subtree)
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "by" and child.i == end + 1:
                return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


def under_control_side(token) -> str | None:
    """'brought X under Russian control', 'X came into Ukrainian hands': whose control it is."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("under", "into", "in"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in ("control", "hand"):
                    side = side_of_tokens([t for t in pobj.subtree if t.i < pobj.i])
                    if side:
                        return side
    return None


def agent_side(token, is_noun: bool) -> tuple[str | None, str | None, bool]:
    """(side, agent words, the side is the attacked one's opponent) for a trigger."""
    if is_noun:
        return _noun_side(token)
    return _verb_side(token)


def _noun_side(token) -> tuple[str | None, str | None, bool]:
    """A trigger noun's side: its own modifiers ("Russian attacks"), its "by", "from" or "against"
    phrase, or the verb it is the object of ("repelled 12 attacks", "launched an offensive")."""
    modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    for mod in modifiers:
        side = side_of_phrase(mod)
        if side:
            return side, mod.text, False
    enemy = next((mod for mod in modifiers if mod.lower_ in ENEMY_WORDS), None)
    if enemy is not None:  # "26 enemy attacks": the speaker's enemy, told from the words around
        return None, enemy.text, False
    by = by_phrase(token)
    by_side = side_of_phrase(by) if by is not None else None
    if by_side:
        return by_side, phrase_text(by), False
    trig = lexicons.triggers().get((token.lemma_.lower(), "NOUN"))
    leaving = trig is not None and trig.type == "withdrawal"
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "from" and not leaving:  # a withdrawal "from" X left X
            for pobj in child.children:
                side = side_of_phrase(pobj)
                if side:
                    return side, phrase_text(pobj), False
        if child.dep_ == "prep" and child.lower_ == "against":
            for pobj in child.children:  # "a counteroffensive against the Russian army"
                side = side_of_phrase(pobj)
                if side:
                    return other(side), None, False
    head = token.head
    if token.dep_ in ("dobj", "pobj", "nsubjpass") and head.pos_ in ("VERB", "ADP"):
        return _side_of_the_verb_above(token, head)
    return None, None, False


def _side_of_the_verb_above(token, head) -> tuple[str | None, str | None, bool]:
    """The side a noun trigger takes from the verb it hangs from: the repelling side's enemy, the
    side that launched or announced it, or the verb's "by" phrase."""
    verb = head if head.pos_ == "VERB" else head.head
    lemma = verb.lemma_.lower()
    subj, passive = subject_of(verb)
    if lemma in lexicons.words("failure_words.txt") and not passive and subj is not None:
        side = side_of_phrase(subj)
        if side is None and subj.lower_ not in ("attack", "attacks") and \
                any(t.lower_ in PRONOUNS | {"our"} for t in subj.subtree):  # "its troops repelled..."
            side = pronoun_side(verb, phrase_text(subj), None)
        if side is None and {subj.lemma_.lower(), subj.lower_} & (AGENT_NOUNS | {"unit"}) and \
                not any(t.lower_ in ENEMY_WORDS for t in subj.subtree):
            side = reporter_side(verb)  # the General Staff said "units repelled 12 attacks": its units
        return other(side), None, True
    # "Russia announced the withdrawal": its own; "officials described the pullback as a retreat",
    # "called the attack a failure": a judgement of what someone else did
    reporting = lemma in lexicons.words("reporting_verbs.txt")
    judged = head.lower_ == "as" or reporting and \
        any((c.dep_ == "prep" and c.lower_ == "as") or c.dep_ in ("oprd", "xcomp") for c in verb.children)
    announced = reporting and token.dep_ == "dobj"
    launch = lemma in lexicons.word_classes()["launch"]
    if subj is not None and not judged and (launch or head.pos_ == "ADP" or announced):
        side = side_of_phrase(subj)
        if side or launch:
            return side, phrase_text(subj), False  # "the enemy is conducting...", "its forces kept up..."
        if announced and subj.pos_ == "PROPN":
            return None, phrase_text(subj), False  # "Petrenko announced the capture": his side, from his own words
    agent = by_agent(verb)
    if agent is not None:
        return side_of_phrase(agent), phrase_text(agent), False
    return None, None, False


def _verb_side(token) -> tuple[str | None, str | None, bool]:
    """A trigger verb's side: its "by" agent, "under X control", its subject (those pulled out
    withdrew), or the claimant of a claim it completes."""
    agent = by_agent(token)
    if agent is None and token.tag_ == "VBG":  # "as a result of shelling by X": a gerund's "by"
        agent = by_phrase(token)
    if agent is not None:
        return side_of_phrase(agent), phrase_text(agent), False
    subj, passive = subject_of(token)
    under = under_control_side(token)
    if under and (subj is None or passive or side_of_phrase(subj) is None):
        return under, None, False  # "X was brought under Russian control"
    mover = token.lemma_.lower() in lexicons.word_class("mover-object")
    force = next((c for c in token.children if c.dep_ == "dobj" and side_of_phrase(c)), None) if mover else None
    if force is not None and (subj is None or passive or side_of_phrase(subj) is None):
        # "a decision was made to regroup Russian troops": the troops moved
        return side_of_phrase(force), phrase_text(force), False
    if subj is not None and passive and mover:
        # "its troops had been pulled out of X", "units were withdrawn": those pulled out withdrew
        side = side_of_phrase(subj)
        return side, phrase_text(subj), False
    if subj is None and not passive:
        claimant = claimant_side(token)
        if claimant:
            return claimant, None, False  # "Russian claims about taking control of X"
    if subj is None or passive:
        return None, None, False
    if subj.lemma_ == "fall":
        return None, None, False
    side = side_of_phrase(subj)
    return side, phrase_text(subj), False


def claimant_side(token) -> str | None:
    """The side of whoever claims an action told as a claim's complement: "Russian claims about
    taking control of X", "Moscow's claim of capturing X"."""
    if token.dep_ not in ("pcomp", "acl", "xcomp") or token.head == token:
        return None
    noun = token.head.head if token.head.pos_ == "ADP" else token.head
    if noun.lemma_.lower() not in lexicons.word_classes()["claim"]:
        return None
    return side_of_tokens([t for c in noun.children if c.dep_ in ("amod", "poss", "compound") for t in c.subtree])


def loser_side(token) -> str | None:
    """'retook X from Russia', 'X was cleared of the Russians': the side that lost the place."""
    for node in [token] + [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "of") and node == token or \
                    (child.dep_ == "prep" and child.lower_ == "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        side = side_of_phrase(pobj)
                        if side:
                            return side
    return None


def clause_subject_side(token) -> str | None:
    """'Ukrainian forces retook X ... in the Kherson counteroffensive': an operation named without
    a side is the clause subject's, unless the clause says the subject resisted it. 'their
    incursion' is the clause subject's whatever the preposition ("held X since their incursion")."""
    owned = any(c.dep_ == "poss" and c.lower_ in ("their", "its") for c in token.children)
    node = token
    for _ in range(6):
        if node.dep_ in ("ccomp", "relcl", "acl", "pcomp", "xcomp", "csubj") or node.head == node:
            break
        node = node.head
        if node.lower_ in CIRCUMSTANCE_PREPS and not owned:
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
            return other(side) if node.lemma_.lower() in RESIST_VERBS and not owned else side
    return None


def target_side(token) -> str | None:
    """The side of the forces a verb acts on: its object, or its passive subject ("units that are
    surrounded" looks through the relative pronoun to the units)."""
    if token.dep_ == "relcl" and is_passive(token):
        side = side_of_phrase(token.head)
        if side:
            return side
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            target = child
            if target.lower_ in ("that", "which", "who"):
                node = token
                while node.dep_ not in ("relcl",) and node.head != node:
                    node = node.head
                target = node.head if node.dep_ == "relcl" else target
            side = side_of_phrase(target)
            if side:
                return side
    return None


def reporter_side(token) -> str | None:
    """The side of whoever reports the clause a token is in ("the ministry said units...")."""
    reporting = lexicons.words("reporting_verbs.txt")
    node = token
    for _ in range(6):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in reporting:
            subj = next((c for c in node.head.children if c.dep_ == "nsubj"), None)
            return side_of_phrase(subj) if subj is not None else None
        if node.head == node:
            return None
        node = node.head
    return None


def pronoun_side(token, agent: str, last_side: str | None) -> str | None:
    """'they', 'his fighters': the side of whoever the pronoun stands for."""
    words = agent.lower().split()
    if not words or words[0] not in PRONOUNS | {"his", "her", "our"}:
        return None
    if words[0] in ("his", "her", "our", "he", "she", "we", "it", "they", "its", "their"):
        node = token
        for _ in range(6):
            if node.dep_ == "relcl" and words[0] in ("it", "they", "its", "their") and node.head.head.pos_ in ("VERB", "AUX"):
                # "Russia abandoned the only city it had captured": the subject of the clause the
                # relative clause hangs in
                subj = next((c for c in node.head.head.children if c.dep_ == "nsubj"), None)
                side = side_of_phrase(subj) if subj is not None else None
                if side:
                    return side
            if node.lemma_.lower() in lexicons.words("reporting_verbs.txt"):
                subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return side_of_phrase(subj)
            if node.head == node:
                break
            node = node.head
        return last_side if words[0] in ("he", "she", "we", "it", "they") else None
    return last_side


def own_flag_side(flag) -> str | None:
    """'soldiers holding up their flag in X', in a sentence about one side's unit: that side's flag."""
    if not any(c.dep_ == "poss" and c.lower_ in ("their", "its", "our") for c in flag.children):
        return None
    return side_of_tokens(list(flag.sent))


def expulsion(token, mentions: list[Mention]) -> tuple[str | None, str | None, list[Mention]]:
    """'pushed/drove Russian forces from X': (the side that took X, the side that left it, X)."""
    if token.lemma_.lower() not in EXPEL_VERBS:
        return None, None, []
    # "drove Russian forces from X", and in the passive "Ukrainian troops were pushed out of X"
    obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
    out = any(c.dep_ in ("prt", "advmod") and c.lower_ == "out" for c in token.children)
    # the prepositions of the verb, and of its particle ("pushed them back from X")
    preps = [c for node in [token] + [c for c in token.children if c.dep_ in ("prt", "advmod")
                                       and c.lower_ in ("back", "away", "out")]
             for c in node.children if c.dep_ == "prep"]
    source = [p for c in preps if c.lower_ in ("from", "out") or (out and c.lower_ == "of")
              for p in (list(c.children) + [g for x in c.children for g in x.children]) if p.dep_ == "pobj"]
    if obj is None or not source:
        return None, None, []
    places = places_of(source, token, mentions)
    head = token.head
    if not places and token.tag_ == "VBG" and token.dep_ in ("advcl", "conj") and \
            getattr(lexicons.triggers().get((head.lemma_.lower(), "VERB")), "type", None) == "capture":
        # "retook X, driving Russian troops from their positions": they were driven from X
        places = arguments(head, mentions)
    loser = side_of_phrase(obj)
    if not places or loser is None:
        return None, None, []
    return other(loser), loser, places


def pushed_back_near(token, mentions: list[Mention]) -> tuple[str | None, list[Mention]]:
    """'pushed back Russian forces around X': (the side that pushed, X), ground gained near X,
    not X taken (nothing says the enemy held X itself)."""
    if token.lemma_.lower() not in EXPEL_VERBS or not any(
            c.dep_ in ("prt", "advmod") and c.lower_ in ("back", "away") for c in token.children):
        return None, []
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    loser = side_of_phrase(obj) if obj is not None else None
    if loser is None:
        return None, []
    near = [p for node in (token, obj) for c in node.children if c.dep_ == "prep" and c.lower_ in ("around", "near", "outside")
            for p in c.children if p.dep_ == "pobj"]
    return other(loser), places_of(near, token, mentions)


def positions_handed_to(token) -> str | None:
    """'withdrawing its forces from X and handing over its positions to regular Russian troops',
    'pulled out and were replaced by other Russian units': the side a withdrawing force handed its
    positions to (lexicon class relief). To its own side, that is a relief in place."""
    verbs = [c for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if token.dep_ == "conj" and token.head.pos_ == "VERB":
        verbs.append(token.head)
    for verb in verbs:
        if verb.lemma_.lower() not in lexicons.word_class("relief"):
            continue
        for c in verb.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("to", "by", "with"):
                for p in c.children:
                    if p.dep_ == "pobj" and side_of_phrase(p):
                        return side_of_phrase(p)
    return None

"""Whether the action a trigger names happened, as the clause around it says.

Hypotheticals, plans, purposes, questions and negated actions did not happen; an attempt is an
attack whose outcome the clause may tell; a participle may describe a thing rather than report an
action. Each predicate reads one token in its parse and nothing else of the article."""

from __future__ import annotations

from kg.language import lexicons
from kg.language.operation_places import DIRECTIONS, OPERATION_NOUNS, SCENERY_NOUNS
from kg.language.places import Mention, mention_at


def unreal(token) -> bool:
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
                return node.lemma_.lower() in modal or unreal(node)
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
        if node.dep_ == "conj" and node.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            break  # a clause of its own ("X has not been blocked off, but they control most of it")
        if node.dep_ not in ("xcomp", "conj", "aux", "auxpass", "prep", "pobj", "dobj", "compound", "amod", "nsubj",
                             "nsubjpass", "acl", "advcl", "relcl", "acomp", "pcomp"):
            break
        node = node.head
    return False




def _subject_of_the_unreal(token) -> bool:
    """An action that is the subject of a conditional or future predicate ("its capture would be
    the largest gain", "losing X would cut the road") or of an expectation in the passive ("an
    attack is expected any day") has not happened. A modal perfect still reports it ("the push
    may have been a cover")."""
    if token.dep_ not in ("nsubj", "nsubjpass", "csubj") or token.head == token:
        return False
    head = token.head
    auxes = [c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(a in lexicons.word_class("unreal-aux") for a in auxes) and not any(a in ("have", "has", "had", "'ve") for a in auxes):
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






def intended(token, type_: str = "") -> bool:
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
    decision = lexicons.word_class("decision-noun")
    if head.lemma_.lower() in decision or (head.lemma_.lower() in ("make", "take", "give", "issue") and any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in decision for c in head.children)):
        return type_ in ("capture", "advance", "offensive")  # "a decision was made to pull back", "the order to take X"
    if head.lemma_.lower() in lexicons.word_class("order") and type_ in ("capture", "advance", "offensive"):
        return True
    return head.lemma_.lower() not in lexicons.word_class("realised")


def attempted(token) -> bool:
    node = token
    for _ in range(3):
        if node.lemma_.lower() in lexicons.word_class("attempt") or \
                node.lower_ in lexicons.word_class("attempt-noun"):
            return node != token
        if node.head == node:
            break
        node = node.head
    return False


def tried_and_failed(token) -> bool:
    """'tried to storm X', 'attempts to break through': an attempt told as past, which reporting
    uses for attacks that did not succeed (an ongoing 'is trying to' has no outcome yet)."""
    node = token
    for _ in range(3):
        if node.lemma_.lower() in lexicons.word_class("attempt") and node != token:
            return node.tag_ in ("VBD", "VBN") or (node.tag_ == "VBG" and node.dep_ in ("advcl", "pcomp"))
        if node.lower_ in lexicons.word_class("attempt-noun"):
            return node.tag_ == "NNS" or any(c.lower_ in ("failed", "unsuccessful") for c in node.children)
        if node.head == node:
            break
        node = node.head
    return False


def descriptive(token, type_: str, mentions: list[Mention]) -> bool:
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


# failure verbs that say so only with their particle: "beat back", "fended off", and in the passive
# "were driven out" (while "pushing troops out of X" expels them)
PARTICLE_OF_FAILURE = {"beat": ("back",), "push": ("back",), "drive": ("back", "off"), "fend": ("off",),
                       "ward": ("off",)}


def failed(token) -> bool:
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

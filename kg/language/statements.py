"""Claims and who made them: direct quotes (speaker before, after, or "he added" in the next
sentence), indirect speech ("X said that..."), "according to X" and "per X"."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.facts import Evidence, Statement, sentence_evidence, sentence_start
from kg.language import lexicons
from kg.language.dates import DateMention, FuzzyDate, days_before
from kg.language.nlp import once_a_doc, text_of

QUOTE = re.compile(r"[“\"](?P<body>[^“”\"\n]{8,}?)[”\"]")
BODY_WORDS = {"ministry", "staff", "command", "forces", "army", "military", "office", "agency", "service",
              "institute", "group", "council", "administration", "government", "brigade", "corps",
              "directorate", "center", "centre", "officials", "sources", "media", "reports", "analysts",
              "authorities", "kremlin", "spokesman", "spokesperson", "bloggers", "consulting"}
DROP_LEADING = {"the", "a", "an", "'s", "’s"}


def _speaker_of(subj, last_person: str | None, last_body: str | None = None) -> tuple[str | None, str | None, str]:
    """(name, role, kind) of a speaker phrase; pronouns go to the last named person ("he", "she")
    or body ("it": "Russia's defence ministry did not comment. It said..."), a relative pronoun to
    the phrase it stands for ("a blogger, John Doe, who wrote...")."""
    if subj.lower_ in ("he", "she", "him", "her"):  # "according to him": the object case too
        return last_person, None, "person"
    if subj.lower_ == "it" and last_body is not None and subj.dep_ == "nsubj" and subj.is_sent_start:
        return last_body, None, "body"
    if subj.lower_ in ("who", "which", "that") and subj.head.dep_ == "relcl":
        subj = subj.head.head
    elif subj.lower_ in ("they", "it", "we", "i", "who", "which", "that"):
        return None, None, "body"
    if not _speaks(subj):
        return None, None, "body"
    tokens = list(subj.subtree)
    persons = [e for e in _entities(subj.doc) if e.label_ == "PERSON" and tokens[0].i <= e.start and e.end <= tokens[-1].i + 1]
    in_clauses = {t.i for a in tokens if a.dep_ in ("relcl", "acl") and a is not subj for t in a.subtree}
    role_tokens = [t for t in tokens if not any(p.start <= t.i < p.end for p in persons)
                   and t.i not in in_clauses and t.lower_ not in ("who", "which")]
    role = _clean(re.sub(r"(\s*,)+", ",", "".join(t.text_with_ws for t in role_tokens))) if persons else None
    if persons:
        name = persons[0]
        if subj.pos_ == "PROPN" and name.end == subj.i:  # "Governor Jane Doe": the model tagged only "Jane"
            return subj.doc[name.start:subj.i + 1].text, role or None, "person"
        return name.text, role or None, "person"
    named = next((a for a in subj.children if a.dep_ == "appos" and a.pos_ == "PROPN" and _set_off(a)
                  and a.ent_type_ in ("PERSON", "ORG", "")), None)
    if named is not None and subj.pos_ == "NOUN":
        # "the commander of the ground forces, Jane Doe, said": the title, then the name
        name = _clean("".join(t.text_with_ws for t in named.subtree))
        title = _clean("".join(t.text_with_ws for t in tokens if t not in named.subtree and t.i < named.i))
        kind = "body" if any(w.lower() in BODY_WORDS for w in name.split()) else "person"
        if name:
            return name, title or None, kind
    # cut appositions and relative clauses: "John Doe, a regional official, ..."
    cut = {t.i for a in tokens if a is not subj and (a.dep_ in ("appos", "relcl", "acl") and _set_off(a) or
                                                     a.dep_ == "prep" and any(x.ent_type_ in ("DATE", "TIME") for x in a.subtree))
           for t in a.subtree}
    keep = [t for t in tokens if t.i not in cut]
    text = _clean(re.sub(r"(\s*,)+", ",", "".join(t.text_with_ws for t in keep)))
    if not text:
        return None, None, "body"
    kind = "body" if any(w.lower() in BODY_WORDS for w in text.split()) or subj.ent_type_ in ("ORG", "NORP", "GPE") \
        else "person"
    return text, None, kind


def _reported_before(verb):
    """The 'by X' of "This was reported by X", when the sentence before is what was reported."""
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ not in ("this", "that", "it") or verb.sent.start == 0:
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _what_came_before(sent) -> list:
    """The sentence before, or the whole paragraph before when this one opens a paragraph."""
    doc = sent.doc
    start = sent.start
    while start > 0 and doc[start - 1].is_space:
        start -= 1
    if start == 0:
        return []
    previous = doc[start - 1].sent
    opens_paragraph = start < sent.start and "\n" in doc[start:sent.start].text
    if not opens_paragraph:
        return [t for t in previous if not t.is_space]
    begin = previous.start
    while begin > 0:
        gap = doc[begin - 1]
        if gap.is_space and "\n" in gap.text:
            break
        begin = doc[begin - 1].sent.start
    return [t for t in doc[begin:start] if not t.is_space]


def _phrase_before(verb):
    """The noun phrase between the last comma and a reporting verb, as a token whose subtree it is."""
    doc = verb.doc
    i = verb.i - 1
    while i > verb.sent.start and doc[i].text not in (",", "—", "–"):
        i -= 1
    if i <= verb.sent.start or i >= verb.i - 1:
        return None
    span = doc[i + 1:verb.i]
    root = span.root
    if root.pos_ not in ("NOUN", "PROPN") or any(t.i >= verb.i for t in root.subtree):
        return None
    return root


def _speaks(subj) -> bool:
    """Can this phrase be somebody who says things: a named person or body, or a role noun?"""
    nouns = lexicons.words("speaker_nouns.txt")
    # the phrase's head and what stands before it or beside it ("the head of X", "John Doe, a
    # spokesman"), not what hangs after it ("results of a counterattack praised as troops claim...")
    core = [t for t in subj.subtree if t.i <= subj.i] + [t for a in subj.children if a.dep_ == "appos" for t in a.subtree]
    for token in core:
        if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "FORCE") or token.lower_ in nouns \
                or (token.pos_ == "PROPN" and token.text[:1].isupper()) \
                or token.lemma_.lower() in nouns:
            return True
    return False


def _set_off(phrase) -> bool:
    """An apposition or clause set off by a comma ("X, a Moscow-installed official,") rather than a
    name that belongs to the phrase ("the monitoring group DeepState")."""
    first = min(t.i for t in phrase.subtree)
    return phrase.dep_ != "appos" or (first > 0 and phrase.doc[first - 1].text in (",", "(", "—", "–"))


DISCOURSE = re.compile(r"^(?:however|meanwhile|separately|also|in addition|additionally|earlier|later|but|and),?\s+",
                       re.I)


def _clean(text: str) -> str:
    text = DISCOURSE.sub("", text.strip(" ,;:—–-\n“”\""))  # "However, the ministry said": not its name
    words = text.split()
    while words and words[0].lower() in DROP_LEADING:
        words = words[1:]
    return " ".join(words)


OBJECT_CLAIMS = {"deny", "describe", "announce", "dismiss", "reject", "dispute", "refute", "show", "report", "list",
                 "claim", "confirm"}
SHOW_VERBS = {"show"}  # "DeepState shows X in Russian hands": what the map shows is the claim


FRAME_NOUNS = {"interview", "statement", "post", "address", "video", "briefing", "comment", "comments", "message",
               "update", "speech", "broadcast", "conference", "remarks"}


def _trimmed(head) -> list:
    """A reported clause without what frames it rather than belongs to it: a comma-separated
    adverbial tail ("..., more than a week after Russia announced..."), another speaker's clause
    ("..., while Ukraine's military said..."), and where it was said ("in an interview aired on
    Sept. 5"), whose date then reads as when it was said."""
    reporting = lexicons.words("reporting_verbs.txt")
    doc = head.doc
    drop: set[int] = set()
    for child in head.children:
        if child.i < head.i:
            continue
        words = list(child.subtree)
        first = words[0].i
        after_comma = first > 0 and doc[first - 1].text == ","
        framing = (child.dep_ == "npadvmod" and after_comma) or \
            (child.dep_ == "conj" and child.pos_ == "VERB" and child.lemma_.lower() in reporting) or \
            (child.dep_ == "prep" and any(p.dep_ == "pobj" and p.lemma_.lower() in FRAME_NOUNS for p in child.children)) or \
            (child.dep_ == "prep" and any(g.dep_ == "pcomp" and any(x.dep_ == "nsubj" for x in g.children) and
                                          g.lemma_.lower() in reporting | {"call", "term", "dub"} for g in child.children)) or \
            (child.dep_ in ("advcl", "conj") and child.pos_ == "VERB" and child.lemma_.lower() in reporting) or \
            (child.dep_ in ("advcl", "conj", "parataxis", "prep") and (after_comma or child.dep_ == "prep") and any(
                t.pos_ == "VERB" and t.lemma_.lower() in reporting and any(c.dep_ == "nsubj" for c in t.children)
                for t in words))
        if framing:
            drop |= {t.i for t in words}
            if after_comma:
                drop.add(first - 1)
            if first > 0 and doc[first - 1].dep_ == "cc":
                drop.add(first - 1)  # "denied the claim and said...": the "and" goes with what it joins
    return [t for t in head.subtree if t.i not in drop]


def _content(span_tokens) -> str:
    ordered = sorted({t.i: t for t in span_tokens}.values(), key=lambda t: t.i)  # a non-projective parse
    text = "".join(t.text_with_ws for t in ordered).strip()                      # lists a subtree out of order
    text = re.sub(r"^(that|whether)\s+", "", text)
    text = re.sub(r"^(separately|meanwhile|however|also|in addition|additionally|earlier|later|so far),\s*", "", text,
                  flags=re.I)
    return text.strip(" ,.;:")


def _date_outside(sent, inner: tuple[int, int] | None, dates: list[DateMention],
                  ref: dt.date | None) -> FuzzyDate | None:
    """When the words were said: a date in the sentence but not in what was said, else the
    article's date (assumed: no words give it)."""
    for d in dates:
        if sent.start_char <= d.begin < sent.end_char and not (inner and inner[0] <= d.begin < inner[1]):
            return d.date
    return FuzzyDate(ref.year, ref.month, ref.day, assumed=True) if ref else None


@dataclass
class Voices:
    """Who has spoken so far in the article, for "he said" and "it said": people by a full name or
    the surname of one (never a lone word the model took for a person: "the Khimprom plant"), and
    bodies that were the subject of a reporting verb or of a sentence as a body."""

    people: list[tuple[int, str]]
    bodies: list[tuple[int, str | None]]
    last_person: str | None = None  # the last person quoted by a full name

    def person_before(self, char: int) -> str | None:
        names = [name for begin, name in self.people if begin < char]
        return names[-1] if names else self.last_person

    def body_before(self, char: int) -> str | None:
        names = [name for begin, name in self.bodies if begin < char and name]
        return names[-1] if names else None

    def heard(self, speaker: str, kind: str) -> None:
        if kind == "person" and " " in speaker:
            self.last_person = speaker


@dataclass
class Speech:
    """What the statement rules read: the article's parse, its dates, its speakers, the lexicon's
    reporting and denial verbs, and the spans already taken by direct quotes."""

    doc: object
    text: str
    dates: list[DateMention]
    ref: dt.date | None
    skip: list[tuple[int, int]]
    reporting: frozenset[str]
    denial: frozenset[str]
    voices: Voices | None = None
    quoted: list[tuple[int, int]] = field(default_factory=list)

    def skipped(self, char: int) -> bool:
        return any(b <= char < e for b, e in self.skip)

    def in_quote(self, char: int) -> bool:
        return any(b <= char < e for b, e in self.quoted)


def find_statements(doc, dates: list[DateMention], ref: dt.date | None,
                    skip: list[tuple[int, int]]) -> list[Statement]:
    """Every statement the article attributes: direct quotes first, then indirect speech,
    "according to" and "per" phrases, and claim nouns ("reports that ..."), each read by the
    rules of `CLAIM_RULES`; the same words of the same speaker are one statement."""
    speech = Speech(doc, text_of(doc), dates, ref, skip, lexicons.words("reporting_verbs.txt"),
                    lexicons.words("denial_verbs.txt"))
    speech.voices = _voices(speech)
    statements = _direct_quotes(speech)
    statements += _indirect_speech(speech, statements)
    statements.sort(key=lambda s: s.evidence[0].begin)
    return _one_per_claim(statements)


def _voices(speech: Speech) -> Voices:
    doc, reporting = speech.doc, speech.reporting
    full = [e for e in _entities(doc) if e.label_ == "PERSON" and len(e) > 1]
    surnames = {e[-1].lower_ for e in full}
    people = [(e.start_char, e.text) for e in _entities(doc) if e.label_ == "PERSON"
              and (len(e) > 1 or e[0].lower_ in surnames)]
    for token in doc:  # people the model missed but who speak: "President Jane Doe said..."
        if token.dep_ == "nsubj" and token.head.pos_ == "VERB" and token.head.lemma_.lower() in reporting \
                and token.lower_ not in ("he", "she", "it", "they", "who", "we", "i") and not speech.skipped(token.idx):
            name, _, kind = _speaker_of(token, None)
            if name and kind == "person" and " " in name:
                people.append((token.idx, name))
    people.sort()
    bodies = sorted((t.idx, _speaker_of(t, None)[0])
                    for t in doc if t.dep_ == "nsubj" and not speech.skipped(t.idx) and t.pos_ in ("NOUN", "PROPN")
                    and t.ent_type_ != "PERSON" and (t.lemma_.lower() in BODY_WORDS | {"kremlin"} or (
                        t.head.lemma_.lower() in reporting and t.lemma_.lower() not in lexicons.words("speaker_nouns.txt")
                        - BODY_WORDS)))
    return Voices(people, bodies)


# --- direct quotes ---------------------------------------------------------------------------------

Attribution = tuple[str | None, str | None, str]  # speaker, role, kind (person or body)


def said_beside(match: re.Match[str], sents: list, speech: Speech, statements: list[Statement]) -> Attribution | None:
    """'..., Jane Doe said.': the subject of a reporting verb outside the quote, in its sentences."""
    voices = speech.voices
    for sent in sents:
        for tok in sent:
            if match.start() <= tok.idx < match.end():
                continue
            if tok.pos_ == "VERB" and tok.lemma_.lower() in speech.reporting:
                # the subject outside the quote (the parser may take a noun inside it for another)
                subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                             and not match.start() <= c.idx < match.end()), None)
                if subj is None and tok.dep_ == "conj":  # "Chaus asked ... and added: “...”"
                    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and not (match.start() <= subj.idx < match.end()):
                    found = _speaker_of(subj, voices.person_before(tok.idx), voices.body_before(tok.idx))
                    if found[0]:
                        return found
    return None


def named_after(match: re.Match[str], sents: list, speech: Speech, statements: list[Statement]) -> Attribution | None:
    """'“...” — Jane Doe, the governor': a name right after the quote."""
    found = _named_after(speech.doc, match.end(), speech.reporting)
    return found if found[0] else None


def pronoun_after(match: re.Match[str], sents: list, speech: Speech, statements: list[Statement]) -> Attribution | None:
    """'“...,” he added.': the last person named; 'it said', 'they said': the last body."""
    after = speech.text[match.end():match.end() + 80]
    m2 = re.match(r"\s*,?\s*(he|she|it|they)\s+(\w+)", after)
    said = m2 is not None and (m2.group(2) in ("said", "added", "continued", "wrote", "says", "adds") or
                               _lemma(speech.doc, match.end() + m2.start(2)) in speech.reporting)
    if said and m2.group(1) in ("he", "she"):
        return speech.voices.person_before(match.start()), None, "person"
    if said and m2.group(1) in ("it", "they"):
        return _body_before(speech.doc, match.start(), speech.reporting)
    return None  # an answer without a speaker (a pronoun with nobody before it) ends the search


def quote_goes_on(match: re.Match[str], sents: list, speech: Speech, statements: list[Statement]) -> Attribution | None:
    """A quote paragraph that follows a quote with nothing between is the same speaker's."""
    if statements and statements[-1].quote_kind == "direct" and \
            _continues(speech.text[statements[-1].evidence[0].end:match.start()]):
        last = statements[-1]
        return (last.speaker, last.role, last.speaker_kind) if last.speaker else None
    return None


QuoteRule = Callable[[re.Match, list, Speech, list], "Attribution | None"]
QUOTE_RULES: list[QuoteRule] = [said_beside, named_after, pronoun_after, quote_goes_on]


def _direct_quotes(speech: Speech) -> list[Statement]:
    doc, text = speech.doc, speech.text
    statements: list[Statement] = []
    for match in QUOTE.finditer(text):
        begin, end = match.span("body")
        body = match.group("body").strip()
        if speech.skipped(begin) or len(body.split()) < 4:
            continue
        before = text[:match.start()].rstrip(" ")
        if before and (before[-1].isalnum() or before[-1] in ")]") and not before.endswith(("said", "says", "added")):
            continue  # a quoted fragment inside indirect speech: the sentence's claim carries it
        speech.quoted.append((match.start(), match.end()))
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        sents = sorted({t.sent for t in span}, key=lambda s: s.start)
        found, rule = next(((a, rule) for rule in QUOTE_RULES
                            if (a := rule(match, sents, speech, statements)) is not None), (None, None))
        if found is None or not found[0]:
            continue
        speaker, role, kind = found
        speech.voices.heard(speaker, kind)
        # when it was said: a date outside the quote in any sentence it spans ("..., said X on June 6")
        date = next((d for d in (_date_outside(sent, (begin, end), speech.dates, None) for sent in sents)
                     if d is not None), None) or _date_outside(sents[0], (begin, end), speech.dates, speech.ref)
        evidence = Evidence(begin, begin + len(match.group("body").rstrip()), match.group("body").rstrip())
        lead = len(evidence.text) - len(evidence.text.lstrip())
        evidence = Evidence(evidence.begin + lead, evidence.end, evidence.text.lstrip())
        statements.append(Statement(speaker=speaker, text=_strip_quote(evidence.text), date=date,
                                    evidence=[evidence], quote_kind="direct", role=role,
                                    speaker_kind=kind, confidence=0.85,
                                    rules=[f"speaker:{rule.__name__.replace('_', '-')}"]))
    return statements


# --- indirect speech -------------------------------------------------------------------------------

@dataclass
class Claim:
    """What a claim rule read at one word: who says it and the words said. A rule that owns the
    word but finds no claim gives an empty one, and no later rule is tried."""

    speaker: str | None = None
    role: str | None = None
    kind: str = "person"
    tokens: list = field(default_factory=list)


def reported_by(tok, sent, speech: Speech) -> Claim | None:
    """'Russian troops broke through near X. This was reported by the spokesman, Y.'"""
    if not (tok.pos_ == "VERB" and tok.lemma_.lower() in speech.reporting and _reported_before(tok) is not None):
        return None
    speaker, role, kind = _speaker_of(_reported_before(tok), speech.voices.person_before(tok.idx))
    return Claim(speaker, role, kind, _what_came_before(sent))


def reporting_verb(tok, sent, speech: Speech) -> Claim | None:
    """'X said that ...', 'A did B, officials said', 'denied any such advance', 'claimed to have
    captured X': the reporting verb's clause or object, and its subject."""
    if not (tok.pos_ == "VERB" and tok.lemma_.lower() in speech.reporting) or \
            any(c.dep_ == "neg" or c.lower_ == "neither" for c in tok.children):  # "could not confirm": nothing
        return None
    said = _what_is_said(tok, sent, speech)
    if said is None:
        return Claim()
    claim, comp, objects, inverted, role_words = said
    if not claim or (tok.pos_ == "VERB" and _nested(tok, speech.reporting)):
        return Claim()  # "reports say X told Y that...": the report's claim carries it
    subj, claim = _who_says(tok, sent, claim, comp, objects, inverted, speech)
    if subj is None or not claim:
        return Claim()
    voices = speech.voices
    speaker, role, kind = _speaker_of(subj, voices.person_before(tok.idx), voices.body_before(tok.idx))
    if not role and role_words:
        role = role_words
    return Claim(speaker, role, kind, claim)


def _what_is_said(tok, sent, speech: Speech):
    """The words a reporting verb reports, as (claim, complements, objects, a speaker after the
    verb, role words), or None where the verb reports nothing of its own."""
    doc = speech.doc
    comp = [c for c in tok.children if c.dep_ in ("ccomp",) and not speech.in_quote(c.idx)]
    comp.sort(key=lambda c: c.i < tok.i)  # what follows the verb first: "..., X said his forces..."
    if not comp:  # "said in a video posted on Telegram that...": the parser hangs the clause on the video
        comp = [d for c in tok.children if c.dep_ == "prep"
                for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in FRAME_NOUNS
                for d in p.children if d.dep_ in ("relcl", "acl", "ccomp") and not speech.in_quote(d.idx)
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in d.children)
                and any(x.dep_ == "nsubj" for x in d.children)][:1]
    objects = [c for c in tok.children if c.dep_ in ("dobj", "xcomp")] if tok.lemma_.lower() in OBJECT_CLAIMS else []
    shown_after = None
    if tok.lemma_.lower() in SHOW_VERBS and not objects and not comp:
        # "DeepState showed in its map Russian forces controlling X": what the map shows
        frame = next((p for c in tok.children if c.dep_ == "prep" for p in c.children
                      if p.dep_ == "pobj" and any(a.dep_ == "appos" for a in p.children)), None)
        if frame is not None:
            objects = [a for a in frame.children if a.dep_ == "appos"]
            shown_after = frame.i
    anaphoric = next((c for c in tok.children if c.dep_ in ("dobj", "advmod") and c.lower_ in ("much", "this", "it")
                      and (c.lower_ != "much" or any(a.lower_ == "as" for a in c.children))), None)
    claim, role_words = None, None
    if not comp and anaphoric is not None and tok.lemma_.lower() in CONFIRM_VERBS:
        # "X confirmed as much to the agency": what the sentence before said
        return _what_came_before(sent), [], [], None, None
    if tok.dep_ == "conj" and tok.head.i < tok.i and doc[tok.i - 1].text == "," and \
            not any(c.dep_ in ("nsubj", "cc") for c in tok.children) and _subject_after(tok) is not None:
        # "A happened, declared today the governor of the region": the speaker after the verb
        return [t for t in tok.head.subtree if t.i < tok.i - 1], [], [], _subject_after(tok), None
    if not comp and objects and tok.dep_ == "relcl":
        return None  # "the biggest town that Moscow claims to have captured": the claim's object is the
        # phrase the clause describes, told in the reporter's words
    if not comp and objects:
        # "denied any such advance", "announced the capture of the city", "described X as Y"
        # the verb and everything it governs but its subject (and a closing full stop)
        subj_words = {t.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        claim = [t for t in _trimmed(tok) if t.i >= tok.i and t.i not in subj_words
                 and not (t.is_punct and t.i == tok.sent.end - 1)]
        infinitive = next((o for o in objects if o.dep_ == "xcomp" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in o.children)), None)
        if infinitive is not None:
            # "claimed to have captured X": what is claimed is the infinitive, "to have captured X"
            # (not a noun the parser also hung on the verb: "..., its first gain in weeks")
            within = {t.i for t in _trimmed(infinitive)}
            claim = [t for t in claim if t.i in within]
        if tok.lemma_.lower() in SHOW_VERBS:
            claim = [t for t in claim if t is not tok and (shown_after is None or t.i > shown_after)]
    elif not comp:
        # "A did B, officials said": the reported clause is the verb's head
        closing = all(t.is_punct or t.is_space for t in doc[max(x.i for x in tok.subtree) + 1:sent.end])
        if (tok.dep_ in ("parataxis", "ccomp", "advcl") or (tok.dep_ == "conj" and closing and any(
                c.dep_ == "nsubj" for c in tok.children))) and tok.head.pos_ in ("VERB", "AUX") \
                and tok.head.i < tok.i and not speech.in_quote(tok.head.idx):
            claim = [t for t in tok.head.subtree if t.i < min(x.i for x in tok.subtree)]
            claim, role_words = _role_tail(claim)
    else:
        claim = _trimmed(comp[0])
        for conj in tok.children:  # 'reported that battles go on as Russia "conducts..."': a
            # clause the parser hung on the reporting verb but that has no subject of its own
            if conj.dep_ == "conj" and conj.pos_ == "VERB" and conj.i > comp[0].i and \
                    conj.lemma_.lower() not in speech.reporting and not any(c.dep_ == "nsubj" for c in conj.children):
                claim = claim + [t for t in conj.subtree if t.i > claim[-1].i]
    return claim, comp, objects, None, role_words


def _who_says(tok, sent, claim: list, comp: list, objects: list, inverted, speech: Speech):
    """The reporting verb's speaker, and the claim without the speaker's words where the parse
    hung them on it: the subject, else the subject the verb shares, else the phrase before a
    closing "X said", else the source of a report the verb goes on from, else a name set off by
    commas before it."""
    doc = speech.doc
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), inverted)
    if subj is None and (comp or objects):
        subj = _verb_subject(tok)
    if subj is None and comp and tok.dep_ == "acl" and tok.tag_ == "VBD" and tok.head.pos_ in ("NOUN", "PROPN"):
        # "X's top commander acknowledged on Tuesday that...": a past-tense verb the parser took for
        # a reduced relative clause; the noun it hangs on is its subject
        subj = tok.head
    if subj is None and comp == [] and claim:
        # "..., the governor of the region said": the parser hung the speaker on the claim
        subj = _phrase_before(tok)
        if subj is not None:
            claim = [t for t in claim if t.i < min(x.i for x in subj.subtree) - 1]
    if (subj is None or not _speaks(subj)) and tok.tag_ == "VBG" and comp:
        # "... a report from X, which cited sources, stating that...": the report states it
        claims = lexicons.word_class("claim")
        report = next((t for t in reversed(list(doc[sent.start:tok.i])) if t.lemma_.lower() in claims), None)
        source = _claim_source(report) if report is not None else None
        subj = source if source is not None else subj
    if subj is None and tok.i >= 2 and doc[tok.i - 1].text == "," and doc[tok.i - 2].ent_type_ == "PERSON":
        subj = doc[tok.i - 2]  # "where Russia's top general, Jane Doe, said": the parse lost the subject
    return subj, claim


def claim_noun(tok, sent, speech: Speech) -> Claim | None:
    """'reports from soldiers that ...', 'outlets spread information that ...'."""
    if not (tok.pos_ == "NOUN" and tok.lemma_.lower() in lexicons.word_class("claim") and _that_clause(tok) is not None and
            not any(c.lower_ in ("no", "any") for c in tok.children)):
        return None
    source = _claim_source(tok)
    if source is None:
        return Claim()
    speaker, role, kind = _speaker_of(source, speech.voices.person_before(tok.idx))
    return Claim(speaker, role, kind, _trimmed(_that_clause(tok)))


def according_to(tok, sent, speech: Speech) -> Claim | None:
    """'According to X, ...': the sentence without the phrase is X's claim."""
    doc = speech.doc
    if not (tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"):
        return None
    pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
    if pobj is None:
        return Claim()
    if sent.root.lemma_.lower() in speech.reporting and any(c.dep_ == "nsubj" for c in sent.root.children) \
            and tok.i > sent.start + 1:
        return Claim()  # "X, according to A, was Y, B said": the sentence is B's claim; A only sources a detail
    speaker, role, kind = _speaker_of(pobj, speech.voices.person_before(tok.idx))
    phrase = set(range(tok.i, max(t.i for t in pobj.subtree) + 1))
    return Claim(speaker, role, kind, [t for t in sent if t.i not in phrase])


def per_source(tok, sent, speech: Speech) -> Claim | None:
    """'Per the General Staff, ...' opening a sentence or clause."""
    doc = speech.doc
    if not (tok.lower_ == "per" and tok.dep_ == "prep" and (tok.i == sent.start or doc[tok.i - 1].is_punct)):
        return None
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return Claim()
    speaker, role, kind = _speaker_of(pobj, None)
    phrase = set(range(tok.i, max(t.i for t in pobj.subtree) + 1))
    return Claim(speaker, role, kind, [t for t in sent if t.i not in phrase])


ClaimRule = Callable[[object, object, Speech], "Claim | None"]
CLAIM_RULES: list[ClaimRule] = [reported_by, reporting_verb, claim_noun, according_to, per_source]


def _indirect_speech(speech: Speech, quotes: list[Statement]) -> list[Statement]:
    doc = speech.doc
    statements: list[Statement] = []
    account = None  # the last "According to X, ..." that opened a paragraph: X may go on in the next sentence
    for sent in doc.sents:
        if speech.skipped(sentence_start(sent)):
            continue
        if account is not None:
            carried = _continued_account(sent, account, speech.reporting, speech.in_quote)
            if carried is not None:
                statements.append(carried)
        account = None
        for tok in sent:
            if speech.in_quote(tok.idx):
                continue
            found, rule = next(((c, rule) for rule in CLAIM_RULES if (c := rule(tok, sent, speech)) is not None),
                               (None, None))
            if found is None or not found.speaker or not found.tokens:
                continue
            statement = _statement(tok, sent, found, speech)
            if statement is None:
                continue
            statement.rules.append(f"claim:{rule.__name__.replace('_', '-')}")
            statements.append(statement)
            if tok.lower_ == "according" and tok.i - sent.start <= 1 and _opens_paragraph(sent):
                account = statement
    return statements


def _statement(tok, sent, found: Claim, speech: Speech) -> Statement | None:
    """The statement a claim rule read: its words trimmed of a date the parser hung on them
    (which is when it was said), and long enough to be a claim."""
    claim, text, dates = found.tokens, speech.text, speech.dates
    if any(speech.in_quote(t.idx) for t in claim):
        return None
    # "said on Friday it had...": a date the parser hung on the claim's first words is when it was said
    said_on = None
    head_date = [d for d in dates if claim[0].idx <= d.begin < claim[0].idx + 20]
    if head_date and tok.lemma_.lower() in speech.reporting and claim[0] != tok:
        said_on = head_date[0]
        claim = [t for t in claim if t.idx >= said_on.end]
    elif claim[0] == tok:  # "denied it on 21 February": the verb's own date is when it was said
        said_on = next((d for d in dates if any(
            c.dep_ == "prep" and c.idx <= d.begin < c.idx + 40 for c in tok.children)), None)
    if not claim:
        return None
    content = _content(claim)
    if len(content.split()) < 4 and not (tok.pos_ == "VERB" and tok.lemma_.lower() in speech.denial):
        return None  # too short to be a claim, but "denied it" disputes what came before
    lo = min(t.idx for t in claim)
    hi = max(t.idx + len(t.text) for t in claim)
    speech.voices.heard(found.speaker, found.kind)
    evidence = sentence_evidence(sent)
    opened = text.rfind("“", lo, hi)
    if opened >= 0 and text.find("”", opened, hi) < 0:
        # "assured that “X. Y.”": a quotation that runs past the sentence is all of the claim
        closed = text.find("”", hi, hi + 800)
        if closed > 0:
            content = _strip_quote(text[lo:closed].replace("“", ""))
            evidence = Evidence(evidence.begin, closed + 1, text[evidence.begin:closed + 1])
    when = said_on.date if said_on else _date_outside(sent, (lo, hi), dates, speech.ref)
    when = days_before(text[sentence_start(sent):tok.idx], when)
    return Statement(speaker=found.speaker, text=content, date=when, evidence=[evidence], quote_kind="indirect",
                     role=found.role, speaker_kind=found.kind, verb=tok.lemma_.lower(), confidence=0.7)


def _one_per_claim(statements: list[Statement]) -> list[Statement]:
    """Wire copy repeats paragraphs: the same words from the same speaker are one statement,
    with every place they stand as evidence."""
    kept: dict[tuple[str, str], Statement] = {}
    for statement in statements:
        speaker = " ".join(w for w in statement.speaker.lower().split() if w not in ("the", "a", "an", "of"))
        key = (speaker, statement.text.lower().strip(" .,”\""))
        if key in kept:
            kept[key].evidence.extend(e for e in statement.evidence if e not in kept[key].evidence)
            continue
        kept[key] = statement
    return list(kept.values())


CONFIRM_VERBS = {"confirm", "acknowledge", "admit", "report", "announce", "concede"}


def _that_clause(noun):
    """The clause a claim noun introduces: 'reports that X', 'information that X'."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children):
            return child
    return None


def _claim_source(noun):
    """Whose report it is: 'reports from X', 'claims by X', 'X's claims', or who spread it."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            pobj = next((p for p in child.children if p.dep_ == "pobj"), None)
            if pobj is not None and _speaks(pobj):
                return pobj
        if child.dep_ == "poss" and _speaks(child) and child.lower_ not in ("its", "their", "his", "her"):
            return child
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        subj = _verb_subject(noun.head)
        if subj is not None and _speaks(subj):
            return subj
    return None


def _verb_subject(verb):
    """A reporting verb's subject, borrowed from the verb it hangs on when it has none of its own:
    'X played it down, saying...', 'X gave accounts and said...', 'X started spreading...', 'X was
    quoted by a news agency as saying...'."""
    node = verb
    reporting = lexicons.words("reporting_verbs.txt")
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_.lower() in ("quote", "cite"):
        # "X was quoted by a news agency as saying that...": X said it
        return next((c for c in verb.head.head.children if c.dep_ in ("nsubjpass", "dobj")), None)
    for _ in range(4):
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if node is not verb and node.dep_ == "ccomp" and node.head.lemma_.lower() in reporting:
            node = node.head  # "X said the Russians were advancing, adding that...": X adds, not the Russians
            continue
        if subj is not None:
            if node is not verb and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subj.children):
                return None  # "its troops were defending..., denying...": the troops are not who denies
            return subj
        borrow = node.dep_ == "xcomp" or (node.dep_ == "advcl" and node.tag_ == "VBG") or \
            (node.dep_ == "conj" and any(t.dep_ == "cc" for t in node.doc[max(node.i - 2, 0):node.i]))
        if not borrow or node.head is node or node.head.pos_ not in ("VERB", "AUX") or \
                node.head.lemma_.lower() in ("appear", "seem"):
            return None  # "footage appeared to show": footage is no speaker
        node = node.head
    return None


def _nested(verb, reporting: frozenset[str]) -> bool:
    """Is this reporting verb itself inside what another speaker reports ("reports say X told Y
    that...")? Only a chain of complement clauses counts, not a clause that merely follows."""
    node = verb
    for _ in range(4):
        if node.head == node or node.dep_ not in ("ccomp", "conj", "xcomp"):
            return False
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in reporting:
            return True
        node = node.head
    return False


def _subject_after(verb):
    """The speaker named right after an inverted reporting verb ("declared today the governor")."""
    nouns = lexicons.words("speaker_nouns.txt")
    for token in verb.doc[verb.i + 1:min(verb.i + 4, verb.sent.end)]:
        if token.ent_type_ == "PERSON" or (token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in nouns):
            return token
        if token.pos_ not in ("DET", "ADV", "NOUN") or token.dep_ not in ("det", "advmod", "npadvmod"):
            return None
    return None


def _role_tail(claim: list) -> tuple[list, str | None]:
    """'..., People's Militia officer': a short noun phrase after the claim's last comma is the
    speaker's title, not the claim."""
    commas = [k for k, t in enumerate(claim) if t.text == ","]
    if not commas:
        return claim, None
    tail = claim[commas[-1] + 1:]
    if 0 < len(tail) <= 6 and not any(t.pos_ in ("VERB", "AUX", "ADP") and t.lower_ not in ("of", "for") for t in tail) \
            and tail[-1].pos_ in ("NOUN", "PROPN"):
        return claim[:commas[-1]], _clean("".join(t.text_with_ws for t in tail))
    return claim, None


def _opens_paragraph(sent) -> bool:
    doc = sent.doc
    start = sent.start
    while start > 0 and doc[start - 1].is_space:
        start -= 1
    return start == 0 or "\n" in doc[start:sent.start].text or "\n" in doc[start - 1].text_with_ws


def _continued_account(sent, account: Statement, reporting: frozenset[str], in_quote) -> Statement | None:
    """'According to X, A. B.': B, in the same paragraph with no speaker of its own, is X's too."""
    if _opens_paragraph(sent) or any(t.lower_ in ("according", "per") or in_quote(t.idx) or
                                     (t.pos_ == "VERB" and t.lemma_.lower() in reporting) for t in sent):
        return None
    words = [t for t in sent if not t.is_space]
    content = _content(words)
    if len(content.split()) < 4 or any(ch in content for ch in "“”\""):
        return None
    return Statement(speaker=account.speaker, text=content, date=account.date, evidence=[sentence_evidence(sent)],
                     quote_kind="indirect", role=account.role, speaker_kind=account.speaker_kind,
                     verb=account.verb, confidence=0.6)


def _continues(gap: str) -> bool:
    """Is the text between two quotes nothing, or only the first one's attribution in the same
    paragraph ('"A," X said. "B."'), so that the second quote is the same speaker's?"""
    core = gap.strip(" \t.”\"'’")
    if not core:
        return True
    if "\n" in gap or len(core) > 160 or any(q in core for q in "“\""):
        return False
    return gap.rstrip().endswith(".")


def _body_before(doc, char: int, reporting: frozenset[str]) -> tuple[str | None, str | None, str]:
    """'"...," it said': the body that was last the subject of a reporting verb in the sentences
    just before the quote."""
    found = (None, None, "body")
    for token in doc:
        if token.idx >= char:
            break
        if token.idx < char - 600 or token.pos_ != "VERB" or token.lemma_.lower() not in reporting:
            continue
        subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            name, role, kind = _speaker_of(subj, None)
            if name and kind == "body":
                found = (name, role, kind)
    return found


def _entities(doc) -> tuple:
    return once_a_doc(doc, "entities", lambda d: d.ents)


def _index_at(doc, char: int) -> int:
    """The first token at or after a character offset (len(doc) when none is)."""
    return bisect_left(once_a_doc(doc, "token_starts", lambda d: [t.idx for t in d]), char)


def _lemma(doc, char: int) -> str:
    i = _index_at(doc, char)
    return doc[i].lemma_.lower() if i < len(doc) else ""


def _named_after(doc, char: int, reporting: frozenset[str]) -> tuple[str | None, str | None, str]:
    """'"...," Jane Doe, a spokesperson for X, said': a person named right after the closing quote
    and a reporting verb later in the sentence, when the parse hangs the verb's subject inside
    the quote."""
    start = _index_at(doc, char)
    while start < len(doc) and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if start >= len(doc) or doc[start].ent_type_ != "PERSON" or doc[start].ent_iob_ != "B":
        return None, None, "person"
    ent = next(e for e in _entities(doc) if e.start == start)  # a "B" token begins an entity
    verb = next((t for t in doc[ent.end:doc[start].sent.end] if t.pos_ == "VERB" and t.lemma_.lower() in reporting),
                None)
    if verb is None:
        return None, None, "person"
    between = doc[ent.end:verb.i]
    role = None
    if len(between) > 2 and between[0].text == "," and between[-1].text == ",":
        role = _clean(between[1:-1].text) or None
    elif len(between) > 0:
        return None, None, "person"
    return ent.text, role, "person"


def _strip_quote(text: str) -> str:
    return text.strip().strip("“”\"").strip()


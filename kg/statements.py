"""Claims and who made them: direct quotes (speaker before, after, or "he added" in the next
sentence), indirect speech ("X said that..."), "according to X" and "per X"."""

from __future__ import annotations

import datetime as dt
import re

from kg import lexicons
from kg.dates import DateMention, FuzzyDate
from kg.facts import Evidence, Statement, sentence_evidence, sentence_start

QUOTE = re.compile(r"[“\"](?P<body>[^“”\"\n]{8,}?)[”\"]")
BODY_WORDS = {"ministry", "staff", "command", "forces", "army", "military", "office", "agency", "service",
              "institute", "group", "council", "administration", "government", "brigade", "corps",
              "directorate", "center", "centre", "officials", "sources", "media", "reports", "analysts",
              "authorities", "kremlin", "spokesman", "spokesperson", "bloggers", "consulting"}
DROP_LEADING = {"the", "a", "an", "'s", "’s"}


def _speaker_of(subj, last_person: str | None) -> tuple[str | None, str | None, str]:
    """(name, role, kind) of a speaker phrase; pronouns go to the last named person, a relative
    pronoun to the phrase it stands for ("a blogger, John Doe, who wrote...")."""
    if subj.lower_ in ("he", "she"):
        return last_person, None, "person"
    if subj.lower_ in ("who", "which", "that") and subj.head.dep_ == "relcl":
        subj = subj.head.head
    elif subj.lower_ in ("they", "it", "we", "i", "who", "which", "that"):
        return None, None, "body"
    if not _speaks(subj):
        return None, None, "body"
    tokens = list(subj.subtree)
    persons = [e for e in subj.doc.ents if e.label_ == "PERSON" and tokens[0].i <= e.start and e.end <= tokens[-1].i + 1]
    role_tokens = [t for t in tokens if not any(p.start <= t.i < p.end for p in persons)]
    role = _clean(" ".join(t.text_with_ws for t in role_tokens).replace("  ", " ")) if persons else None
    if persons:
        return persons[0].text, role or None, "person"
    # cut appositions and relative clauses: "John Doe, a regional official, ..."
    keep = [t for t in tokens if not any(a.dep_ in ("appos", "relcl", "acl") and t in a.subtree and _set_off(a)
                                         for a in subj.subtree if a is not subj)]
    text = _clean("".join(t.text_with_ws for t in keep))
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
    for token in subj.subtree:
        if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "FORCE") or token.lower_ in nouns \
                or (token.pos_ == "PROPN" and token.is_title) \
                or token.lemma_.lower() in nouns:
            return True
    return False


def _set_off(phrase) -> bool:
    """An apposition or clause set off by a comma ("X, a Moscow-installed official,") rather than a
    name that belongs to the phrase ("the monitoring group DeepState")."""
    first = min(t.i for t in phrase.subtree)
    return phrase.dep_ != "appos" or (first > 0 and phrase.doc[first - 1].text in (",", "(", "—", "–"))


def _clean(text: str) -> str:
    text = text.strip(" ,;:—–-\n")
    words = text.split()
    while words and words[0].lower() in DROP_LEADING:
        words = words[1:]
    return " ".join(words)


OBJECT_CLAIMS = {"deny", "describe", "announce", "dismiss", "reject", "dispute", "refute", "show"}
SHOW_VERBS = {"show"}  # "DeepState shows X in Russian hands": what the map shows is the claim


def _trimmed(head) -> list:
    """A reported clause without the comma-separated adverbial tail that frames it
    ("..., more than a week after Russia announced...")."""
    drop: set[int] = set()
    for child in head.children:
        if child.dep_ == "npadvmod" and child.i > head.i:
            first = min(t.i for t in child.subtree)
            if first > 0 and head.doc[first - 1].text == ",":
                drop |= {t.i for t in child.subtree} | {first - 1}
    return [t for t in head.subtree if t.i not in drop]


def _content(span_tokens) -> str:
    text = "".join(t.text_with_ws for t in span_tokens).strip()
    text = re.sub(r"^(that|whether)\s+", "", text)
    return text.strip(" ,.;:")


def _date_outside(sent, inner: tuple[int, int] | None, dates: list[DateMention],
                  ref: dt.date | None) -> FuzzyDate | None:
    """When the words were said: a date in the sentence but not in what was said, else the
    article's date."""
    for d in dates:
        if sent.start_char <= d.begin < sent.end_char and not (inner and inner[0] <= d.begin < inner[1]):
            return d.date
    return FuzzyDate.of(ref) if ref else None


def find_statements(doc, dates: list[DateMention], ref: dt.date | None,
                    skip: list[tuple[int, int]]) -> list[Statement]:
    reporting = lexicons.words("reporting_verbs.txt")
    statements: list[Statement] = []
    last_person: str | None = None
    quoted: list[tuple[int, int]] = []
    text = doc.text

    def skipped(char: int) -> bool:
        return any(b <= char < e for b, e in skip)

    person_ents = [(e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON"]

    def last_person_before(char: int) -> str | None:
        names = [name for begin, name in person_ents if begin < char]
        return names[-1] if names else last_person

    # direct quotes
    for match in QUOTE.finditer(text):
        begin, end = match.span("body")
        body = match.group("body").strip()
        if skipped(begin) or len(body.split()) < 4:
            continue
        before = text[:match.start()].rstrip(" ")
        if before and (before[-1].isalnum() or before[-1] in ")]") and not before.endswith(("said", "says", "added")):
            continue  # a quoted fragment inside indirect speech: the sentence's claim carries it
        quoted.append((match.start(), match.end()))
        speaker = role = None
        kind = "person"
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        sents = {t.sent for t in span}
        # attribution outside the quote in the same sentences
        for sent in sorted(sents, key=lambda s: s.start):
            for tok in sent:
                if match.start() <= tok.idx < match.end():
                    continue
                if tok.pos_ == "VERB" and tok.lemma_.lower() in reporting:
                    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is None and tok.dep_ == "conj":  # "Chaus asked ... and added: “...”"
                        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                    if subj is not None and not (match.start() <= subj.idx < match.end()):
                        speaker, role, kind = _speaker_of(subj, last_person_before(tok.idx))
                        if speaker:
                            break
            if speaker:
                break
        if not speaker:
            # "he added." in the next sentence, or a follow-up quote paragraph
            after = text[match.end():match.end() + 80]
            m2 = re.match(r"\s*,?\s*(?:he|she)\s+(?:said|added|continued|wrote)", after)
            if m2:
                speaker = last_person_before(match.start())
            elif statements and statements[-1].quote_kind == "direct" and \
                    text[statements[-1].evidence[0].end:match.start()].strip(" \n\t.”\"") == "":
                speaker, role, kind = statements[-1].speaker, statements[-1].role, statements[-1].speaker_kind
        if not speaker:
            continue
        if kind == "person" and " " in speaker:
            last_person = speaker
        first = min(sents, key=lambda s: s.start)
        date = _date_outside(first, (begin, end), dates, ref)
        evidence = Evidence(begin, begin + len(match.group("body").rstrip()), match.group("body").rstrip())
        lead = len(evidence.text) - len(evidence.text.lstrip())
        evidence = Evidence(evidence.begin + lead, evidence.end, evidence.text.lstrip())
        statements.append(Statement(speaker=speaker, text=_strip_quote(evidence.text), date=date,
                                    evidence=[evidence], quote_kind="direct", role=role,
                                    speaker_kind=kind, confidence=0.85))

    def in_quote(char: int) -> bool:
        return any(b <= char < e for b, e in quoted)

    # indirect speech and "according to"
    for sent in doc.sents:
        if skipped(sentence_start(sent)):
            continue
        for tok in sent:
            if in_quote(tok.idx):
                continue
            claim = None
            speaker = role = None
            kind = "person"
            if tok.pos_ == "VERB" and tok.lemma_.lower() in reporting and _reported_before(tok) is not None:
                # "Russian troops broke through near X. This was reported by the spokesman, Y."
                speaker, role, kind = _speaker_of(_reported_before(tok), last_person_before(tok.idx))
                claim = _what_came_before(sent)
            elif tok.pos_ == "VERB" and tok.lemma_.lower() in reporting and \
                    not any(c.dep_ == "neg" or c.lower_ == "neither" for c in tok.children):  # "could not confirm": nothing
                comp = [c for c in tok.children if c.dep_ in ("ccomp",) and not in_quote(c.idx)]
                objects = [c for c in tok.children if c.dep_ in ("dobj", "xcomp")] \
                    if tok.lemma_.lower() in OBJECT_CLAIMS else []
                if not comp and objects:
                    # "denied any such advance", "announced the capture of the city", "described X as Y"
                    # the verb and everything it governs but its subject (and a closing full stop)
                    subj_words = {t.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
                    claim = [t for t in tok.subtree if t.i >= tok.i and t.i not in subj_words
                             and not (t.is_punct and t.i == tok.sent.end - 1)]
                    if tok.lemma_.lower() in SHOW_VERBS:
                        claim = [t for t in claim if t is not tok]
                elif not comp:
                    # "A did B, officials said": the reported clause is the verb's head
                    if tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.pos_ in ("VERB", "AUX") \
                            and tok.head.i < tok.i and not in_quote(tok.head.idx):
                        head = tok.head
                        claim = [t for t in head.subtree if t.i < min(x.i for x in tok.subtree)]
                else:
                    claim = _trimmed(comp[0])
                if not claim:
                    continue
                subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
                if subj is None and comp == [] and claim:
                    # "..., the governor of the region said": the parser hung the speaker on the claim
                    subj = _phrase_before(tok)
                    if subj is not None:
                        claim = [t for t in claim if t.i < min(x.i for x in subj.subtree) - 1]
                if subj is None or not claim:
                    continue
                speaker, role, kind = _speaker_of(subj, last_person_before(tok.idx))
            elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                speaker, role, kind = _speaker_of(pobj, last_person_before(tok.idx))
                phrase = set(range(tok.i, max(t.i for t in pobj.subtree) + 1))
                claim = [t for t in sent if t.i not in phrase]
            elif tok.lower_ == "per" and tok.dep_ == "prep" and (tok.i == sent.start or doc[tok.i - 1].is_punct):
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                speaker, role, kind = _speaker_of(pobj, None)
                phrase = set(range(tok.i, max(t.i for t in pobj.subtree) + 1))
                claim = [t for t in sent if t.i not in phrase]
            if not speaker or not claim:
                continue
            if any(in_quote(t.idx) for t in claim):
                continue
            # "said on Friday it had...": a date the parser hung on the claim's first words is when it was said
            said_on = None
            head_date = [d for d in dates if claim[0].idx <= d.begin < claim[0].idx + 20]
            if head_date and tok.lemma_.lower() in reporting:
                said_on = head_date[0]
                claim = [t for t in claim if t.idx >= said_on.end]
            if not claim:
                continue
            content = _content(claim)
            if len(content.split()) < 4:
                continue
            lo = min(t.idx for t in claim)
            hi = max(t.idx + len(t.text) for t in claim)
            if kind == "person" and " " in speaker:
                last_person = speaker
            evidence = sentence_evidence(sent)
            opened = text.rfind("“", lo, hi)
            if opened >= 0 and text.find("”", opened, hi) < 0:
                # "assured that “X. Y.”": a quotation that runs past the sentence is all of the claim
                closed = text.find("”", hi, hi + 800)
                if closed > 0:
                    content = _strip_quote(text[lo:closed].replace("“", ""))
                    evidence = Evidence(evidence.begin, closed + 1, text[evidence.begin:closed + 1])
            when = said_on.date if said_on else _date_outside(sent, (lo, hi), dates, ref)
            statements.append(Statement(speaker=speaker, text=content, date=when,
                                        evidence=[evidence], quote_kind="indirect", role=role,
                                        speaker_kind=kind, verb=tok.lemma_.lower(), confidence=0.7))
    statements.sort(key=lambda s: s.evidence[0].begin)
    return _one_per_claim(statements)


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


def _strip_quote(text: str) -> str:
    return text.strip().strip("“”\"").strip()


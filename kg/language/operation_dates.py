"""When an operation happened: the date written in its own clause, else the time the text
named just before ("at the time"), else when it was reported, else the article's day (an assumed date); an
earlier action told in the past perfect and not reported has no date."""

from __future__ import annotations

import datetime as dt
import re

from kg.language import lexicons
from kg.language.clauses import clause_tokens
from kg.language.dates import DateMention, FuzzyDate


def operation_date(token, dates: list[DateMention], ref: dt.date | None, used: set[int]) -> FuzzyDate | None:
    """The date written in the trigger's clause; else, for an action reported as news, the
    day of the article, marked as assumed."""
    # the clause's words, without the phrases of other operations it names ("its latest gain since
    # the fall of X in February": February dates the fall, not this)
    triggers = lexicons.triggers()
    clause = clause_tokens(token)
    others = {t.i for w in clause if w != token and w.pos_ == "NOUN" and token not in w.subtree
              and (w.lemma_.lower(), "NOUN") in triggers and not _names_a_time(w) for t in w.subtree}
    # and without what a comma sets off as a comment on it (", the latest of its gains in August")
    others |= {t.i for w in clause if w.dep_ in ("npadvmod", "appos") and token not in w.subtree
               and w.i > 0 and w.doc[min(x.i for x in w.subtree) - 1].text == "," for t in w.subtree}
    words = [t for t in clause if t.i not in others]
    spans = [(t.idx, t.idx + len(t.text)) for t in words]
    inside = [d for d in dates if any(b <= d.begin < e for b, e in spans)]
    if inside:
        inside.sort(key=lambda d: abs(d.begin - token.idx))
        used.add(inside[0].begin)
        if _after_since(token, inside[0]):
            return since_window(inside[0].date, ref)
        return inside[0].date
    opened = [d for d in dates if token.sent.start_char <= d.begin < token.sent.end_char and _after_since(token, d)]
    if opened:  # "the city it had captured since the invasion began in February"
        return since_window(opened[0].date, ref)
    shared = _date_of_coordinated_head(token, dates, triggers)
    if shared is not None:  # "On October 2, forces started X, moved south and retook Y": October 2
        return shared
    sentence_dates = [d for d in dates if token.sent.start_char <= d.begin < token.sent.end_char]
    if token.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.lower_ in lexicons.word_class("time-link") \
            and token.head.head.pos_ in ("VERB", "AUX"):
        # "entered X on July 25, following a Russian retreat": the retreat is told by the day of the entry
        heading = {(t.idx, t.idx + len(t.text)) for t in clause_tokens(token.head.head) if t not in token.head.subtree}
        found = [d for d in dates if any(b <= d.begin < e for b, e in heading)]
        if found:
            return found[0].date
    when, mark = _time_clause_head(token)
    if when is not None:  # "launched a war in 2014, when it occupied X": the time of the clause it dates
        head_words = {(t.idx, t.idx + len(t.text)) for t in clause_tokens(when)}
        found = [d for d in dates if any(b <= d.begin < e for b, e in head_words)]
        if found:  # "seized in 2014 before Ukrainian troops retook it": that year, no finer
            return found[0].date if mark in ("when", "as") else FuzzyDate(found[0].date.year)
    if any(t.lower_ in ("later", "afterwards") for t in words) and sentence_dates:
        return FuzzyDate(sentence_dates[0].date.year)
    if re.search(r"\b(?:at|by) (?:the|that) time\b", token.sent.text, re.I):
        # "At the time, analysts claimed...": the time the text named just before
        earlier = [d for d in dates if token.sent.start_char - 600 <= d.begin < token.sent.start_char]
        if earlier:
            return month_of(earlier[-1].date)
    said_on = reporting_date(token, dates)
    if said_on is not None:  # "claimed on 20 February that Russia had captured X": that day
        return said_on
    if any(c.lower_ == "had" and c.dep_ == "aux" for c in token.children) and not is_reported(token):
        return None  # past perfect in the narrative: an earlier event the text does not date
    return FuzzyDate(ref.year, ref.month, ref.day, assumed=True) if ref else None


def _names_a_time(noun) -> bool:
    """Is an operation noun the time of the clause ("in the first days of the August incursion",
    "during the offensive")? Its date then dates the clause too."""
    head = noun.head
    if head.lower_ == "during":
        return True
    return head.lower_ == "of" and head.head.lemma_.lower() in lexicons.word_class("time-span")


def _after_since(token, date: DateMention) -> bool:
    """Is the date in a "since" phrase or clause of the trigger's own ("captured X since February",
    "captured since the invasion began in February"), not one inside its object ("X, the latest
    of its gains since the fall of Y in August")? It then opens a span, not a day."""
    doc = token.doc
    node = next((t for t in doc[token.sent.start:token.sent.end] if t.idx <= date.begin < t.idx + len(t.text)), None)
    for _ in range(8):
        if node is None or node == token or node.head == node:
            return False
        if node.head == token and (node.lower_ == "since" and node.dep_ == "prep" or
                                   node.dep_ == "advcl" and any(c.lower_ == "since" and c.dep_ == "mark"
                                                                for c in node.children)):
            return True
        node = node.head
    return False


def since_window(start: FuzzyDate, ref: dt.date | None) -> FuzzyDate | None:
    """What "since START" says of an action reported on `ref`: between the two, so its year when
    they share one, else nothing."""
    if ref is not None and start.year == ref.year:
        return FuzzyDate(start.year)
    return None


def _date_of_coordinated_head(token, dates: list[DateMention], triggers) -> FuzzyDate | None:
    """A verb coordinated with another shares the date that opens the first verb's clause ("On
    October 2, forces started X, moved south and retook Y"): set before the verbs, it is said
    once for all of them."""
    if token.dep_ != "conj":
        return None
    node = token
    for _ in range(6):
        if node.head == node:
            return None
        node = node.head  # a conjunct the parser hung on a noun ("moved along the river and retook X") climbs on
        if node.pos_ not in ("VERB", "AUX"):
            continue
        fronted = [t for c in node.children if c.dep_ in ("prep", "npadvmod") and c.i < node.i for t in c.subtree]
        others = {t.i for w in fronted if w.pos_ == "NOUN" and (w.lemma_.lower(), "NOUN") in triggers
                  for t in w.subtree}  # "a day after forces recaptured X": that recapture's own time
        spans = [(t.idx, t.idx + len(t.text)) for t in fronted if t.i not in others]
        found = [d for d in dates if any(b <= d.begin < e for b, e in spans)]
        if found:
            return found[0].date
        if node.dep_ != "conj":
            return None
    return None


def _time_clause_head(token):
    """The clause a time clause hangs from, and its mark: "in 2014, when it occupied X" dates the
    occupation by the clause it hangs from; so, to the year, do "before" and "after" ("seized in
    2014 before Ukrainian troops retook it")."""
    node = token
    for _ in range(3):
        marks = lexicons.word_classes()["time-mark"]
        mark = next((c.lower_ for c in node.children if c.lower_ in marks and c.dep_ in ("advmod", "mark")), None)
        if mark is not None and node.dep_ in ("advcl", "relcl"):
            return node.head, mark
        if node.dep_ not in ("xcomp", "conj") or node.head == node:
            return None, None
        node = node.head
    return None, None


def month_of(date: FuzzyDate) -> FuzzyDate:
    return FuzzyDate.of(date.earliest, "month") if date.precision == "day" else date


def reporting_date(token, dates: list[DateMention]) -> FuzzyDate | None:
    """The date of the reporting clause an action is told in ("said on Friday it had taken X",
    "said on Saturday that fighting was continuing in X"): what is reported as news that day
    happened, or was going on, by that day."""
    reporting = lexicons.words("reporting_verbs.txt")

    def date_of(verb, told) -> FuzzyDate | None:
        outer = [t for t in clause_tokens(verb) if told is None or t not in told.subtree]
        spans = [(t.idx, t.idx + len(t.text)) for t in outer]
        found = [d for d in dates if any(b <= d.begin < e for b, e in spans)]
        return found[0].date if found else None

    # "X happened, the ministry said on Friday": the parser often hangs the reporting verb after
    # the comma on the action itself
    tail = next((c for c in token.children if c.dep_ in ("conj", "parataxis", "ccomp", "advcl")
                 and c.i > token.i and c.lemma_.lower() in reporting and token.doc[c.left_edge.i - 1].text == ","),
                None)
    if tail is not None:
        return date_of(tail, None)
    node = token
    for _ in range(5):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in reporting:
            return date_of(node.head, node)
        if node.head == node:
            return None
        node = node.head
    return None


def is_reported(token) -> bool:
    """Is the clause what somebody said ("said that X had been captured")?"""
    reporting = lexicons.words("reporting_verbs.txt")
    node = token
    for _ in range(5):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in reporting:
            return True
        if node.dep_ in ("acl", "ccomp") and node.head.lemma_.lower() in lexicons.word_class("report"):
            return True  # "reports that it had been taken"
        if node.head == node:
            return False
        node = node.head
    return False

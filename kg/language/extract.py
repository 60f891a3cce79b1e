"""spaCy doc -> facts for one article: places first (the whole article decides which
"Ivanivka"), then operations and statements, then which statements speak about which operations."""

from __future__ import annotations

import re

from kg.corpus import boilerplate, sources
from kg.corpus.articles import Article
from kg.facts import ArticleFacts, other
from kg.language import dates, lexicons
from kg.language.event_rules import part_of_speech, trigger_of
from kg.language.events import find_events, merge
from kg.language.holdings import find_holdings
from kg.language.nlp import text_of
from kg.language.places import find_mentions
from kg.language.side_focus import fill_sides
from kg.language.sides import ENEMY_WORDS, side_of_text
from kg.language.speakers import continue_dates, dates_from_claims, resolve_speakers
from kg.language.statements import find_statements


def article_date(article: Article):
    """The article's own date, or the one its dateline gives; a dateline without a year takes
    the latest year the text itself names."""
    if article.date:
        return article.date
    years = [m.date.year for m in dates.find_dates(article.text, None)]
    return dates.dateline_date(article.text, max(years) if years else None)


def extract(article: Article, doc) -> ArticleFacts:
    skip = boilerplate.skipped_ranges(article.text)
    ref = article_date(article)
    found_dates = dates.find_dates(article.text, ref)
    mentions = find_mentions(doc)
    events = find_events(doc, mentions, found_dates, ref, skip)
    statements = find_statements(doc, found_dates, ref, skip)
    for statement in statements:
        statement.rules.insert(0, f"speech:{statement.verb}/{statement.quote_kind}")
    resolve_speakers(statements, [(e.start_char, e.text) for e in doc.ents if e.label_ in ("PERSON", "ORG")])
    continue_dates(statements)
    statement_sides(statements)
    enemy_sides(events, statements)
    fill_sides(events, statements)
    events = merge(events)
    dates_from_claims(events, statements)
    link_claims(events, statements)
    statement_topics(doc, statements, mentions)
    places = {m.ref.node: m.ref for m in mentions}
    return ArticleFacts(article=article, events=events, statements=statements, places=places,
                        holdings=find_holdings(doc, mentions, skip), date=ref,
                        wire=sources.wire_credit(article.text), sketch=sources.sketch(article.text))


# "said the reports were fake", "called any notion that X had advanced untrue": a counter-claim
FALSEHOOD = re.compile(r"\b(?:fake|false|untrue|not true|fabricat\w*|disinformation|staged|propaganda|lies)\b", re.I)


def statement_sides(statements) -> None:
    """A statement's side is its speaker's ("Ukraine's General Staff"), or, for a body named
    again in part ("the military's statement added"), the side of the same body before."""
    for i, statement in enumerate(statements):
        statement.side = statement.side or side_of_text(f"{statement.speaker} {statement.role or ''}")
        if statement.side is None:  # "the military's statement added": the same body as before
            words = set(statement.speaker.lower().split())
            for earlier in reversed(statements[:i]):
                if earlier.side and words & set(earlier.speaker.lower().split()):
                    statement.side = earlier.side
                    break


def enemy_sides(events, statements) -> None:
    """Inside a side's own words, "the enemy" is the other side and "we" or "our troops" is that
    side; outside them, "the enemy" is the opponent of the side the story names."""
    for event in events:
        if event.side is not None or not event.agent:
            continue
        words = set(event.agent.lower().split())
        for statement in statements:
            span = statement.evidence[0]
            if statement.side and any(span.begin <= ev.begin < span.end for ev in event.evidence):
                if words & ENEMY_WORDS:
                    event.side = other(statement.side)
                    event.rules.append("side:enemy-of-speaker")
                elif words & {"we", "our", "us"}:
                    event.side = statement.side
                    event.rules.append("side:speaker-we")
                elif words & {"his", "her", "its", "their"} and not words & ENEMY_WORDS:
                    # reported speech turns "my group", "our forces" into "his group", "its forces"
                    event.side = statement.side
                    event.rules.append("side:speaker-possessive")
                break
    for event in events:  # "X announced the capture of Y": the side of X, as X's statements give it
        if event.side is None and event.type in ("capture", "withdrawal") and event.agent and event.agent[:1].isupper():
            named = set(event.agent.split())
            found = next((st.side for st in statements if st.side and named & set(st.speaker.split())), None)
            if found:
                event.side = found
                event.rules.append("side:announcer")
    for event in events:
        if event.side is None and event.agent and set(event.agent.lower().split()) & ENEMY_WORDS:
            event.side = _enemy_of(event, events, statements)
            if event.side:
                event.rules.append("side:enemy-of-story")


def link_claims(events, statements) -> None:
    """A statement is about the operations its words report; a denial disputes them."""
    denial = lexicons.words("denial_verbs.txt")
    for statement in statements:
        span = statement.evidence[0]
        disputing = statement.verb in denial or FALSEHOOD.search(statement.text) is not None
        statement.denies = disputing
        for e_index, event in enumerate(events):
            if any(span.begin <= ev.begin < span.end or ev.begin <= span.begin < ev.end for ev in event.evidence):
                statement.about.append(e_index)
                if event.type in ("capture", "withdrawal", "advance"):
                    (statement.disputes if disputing else statement.supports).append(e_index)
        if disputing and not statement.disputes:
            # "Ukraine denied it": the claims told just before
            for e_index, event in enumerate(events):
                if event.type in ("capture", "withdrawal", "advance") and event.side != statement.side and any(
                        span.begin - 400 <= ev.begin < span.begin for ev in event.evidence):
                    statement.about.append(e_index)
                    statement.disputes.append(e_index)


def statement_topics(doc, statements, mentions) -> None:
    """The places a statement's words name and the kinds of operation they tell, so that a claim
    or a denial in one article can meet the operation another article reports (kg/graph/derive.py)."""
    triggers = lexicons.triggers()
    text = text_of(doc)
    for statement in statements:
        span = statement.evidence[0]
        begin = text.find(statement.text, span.begin, span.end) if statement.text else -1
        begin, end = (begin, begin + len(statement.text)) if begin >= 0 else (span.begin, span.end)
        statement.places = list({m.ref.node: m.ref for m in mentions if begin <= m.begin < end}.values())
        kinds = []
        for token in doc.char_span(begin, end, alignment_mode="expand") or []:
            pos = part_of_speech(token, triggers)
            trigger = trigger_of(token, pos, triggers) if pos else None
            if trigger is not None and trigger.type not in kinds:
                kinds.append(trigger.type)
        statement.kinds = kinds


def _enemy_of(event, events, statements) -> str | None:
    """'The enemy' outside any side's quoted words: the opponent of the side the sentence names
    ("the enemy took advantage of the rotation of Ukrainian units"), else the side the article
    shows doing the same thing, else the only side it shows attacking."""
    sentence = event.evidence[0].text
    named = side_of_text(" ".join(w for w in sentence.split() if w.lower().strip(",.’'s") not in ENEMY_WORDS))
    if named:
        return other(named)
    voices = {st.side for st in statements if st.side}
    if len(voices) == 1:  # a report in one side's voice (a general staff's summary): its enemy
        return other(voices.pop())
    for types in ({event.type}, {"assault", "advance", "capture", "offensive", "encirclement", "shelling"}):
        sides = {e.side for e in events if e.side and e.type in types}
        if len(sides) == 1:
            return sides.pop()
    return None

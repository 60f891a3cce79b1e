"""The event rules one at a time, each on one invented sentence with the real model: a rule of
`kg.language.event_rules` can be run alone on a candidate, and what it decided shows in the fact's
provenance. The places are in none of the evaluation texts."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.corpus.articles import Article
from kg.corpus.boilerplate import parse_text
from kg.language import event_rules, lexicons
from kg.language.dates import find_dates
from kg.language.event_rules import Candidate, Reading, part_of_speech, trigger_of
from kg.language.extract import extract
from kg.language.nlp import text_of
from kg.language.operation_places import main_region
from kg.language.places import find_mentions

DAY = dt.date(2023, 3, 14)


@pytest.fixture(scope="module")
def nlp():
    from kg.language.nlp import pipeline

    return pipeline()


def _candidate(nlp, text: str, word: str) -> tuple[Candidate, Reading]:
    """The candidate the trigger rules make of `word` in `text`, and the reading around it."""
    doc = nlp(parse_text(text))
    mentions = find_mentions(doc)
    reading = Reading(doc, mentions, find_dates(doc.text, DAY), DAY, text_of(doc), lexicons.triggers(),
                      main_region(mentions))
    token = next(t for t in doc if t.text == word)
    pos = part_of_speech(token, reading.triggers)
    trigger = trigger_of(token, pos, reading.triggers)
    assert trigger is not None, f"{word!r} is no trigger in {text!r}"
    return Candidate(token, pos, trigger, trigger.type), reading


def _run_until(rule, candidate: Candidate, reading: Reading) -> bool:
    """Run the registered rules in order up to and including `rule`, as the extractor would."""
    for step in event_rules.EVENT_RULES:
        if not step(candidate, reading):
            return False
        if step is rule:
            return True
    raise AssertionError(f"{rule.__name__} is not registered")


def test_every_rule_is_registered_once_and_says_why():
    rules = event_rules.EVENT_RULES + [rule for _, rule in event_rules.SIDE_RULES] + event_rules.TRIGGER_RULES
    assert len({rule.__name__ for rule in rules}) == len(rules)
    assert all(rule.__doc__ and rule.__doc__.strip() for rule in rules)
    names = [name for name, _ in event_rules.SIDE_RULES]
    assert len(set(names)) == len(names) and all(name.startswith("side:") for name in names)


@pytest.mark.parametrize("text, word, kept", [
    ("Russian troops pulled out of Hlukhiv on Monday.", "pulled", True),
    ("Russian officials pulled the plug on the talks in Hlukhiv.", "pulled", False),
])
def test_pulled_needs_its_particle(nlp, text, word, kept):
    candidate, reading = _candidate(nlp, text, word)
    assert event_rules.pulled_out(candidate, reading) is kept


@pytest.mark.parametrize("text, word, rule, type_, recorded", [
    ("Ukrainian forces gained control of Putyvl on Monday.", "gained", event_rules.control_taken,
     "capture", "type:control-taken"),
    ("Drone attacks on Putyvl continued overnight.", "attacks", event_rules.fire_from_afar,
     "shelling", "type:fire-from-afar"),
    ("Russian troops tried to capture Putyvl on Monday.", "capture", event_rules.extent,
     "assault", "type:attempt"),
])
def test_a_rule_that_retypes_says_so(nlp, text, word, rule, type_, recorded):
    candidate, reading = _candidate(nlp, text, word)
    before = candidate.type
    assert _run_until(rule, candidate, reading)
    assert (before, candidate.type) != (type_, type_) and candidate.type == type_
    assert recorded in candidate.rules
    facts = extract(Article(id="t", text=text, date=DAY), nlp(parse_text(text)))
    assert any(recorded in e.rules and e.type == type_ for e in facts.events), [e.rules for e in facts.events]


def test_the_side_rule_that_answered_is_the_one_recorded(nlp):
    text = "Ukraine's General Staff said its units had liberated Zinkiv."
    candidate, reading = _candidate(nlp, text, "liberated")
    assert _run_until(event_rules.sides, candidate, reading)
    assert candidate.side == "Ukraine" and candidate.side_rule in dict(event_rules.SIDE_RULES)
    facts = extract(Article(id="t", text=text, date=DAY), nlp(parse_text(text)))
    assert any(e.side == "Ukraine" and candidate.side_rule in e.rules for e in facts.events)


def test_a_rule_that_drops_stops_the_rest(nlp):
    candidate, reading = _candidate(nlp, "Moscow plans to capture Valky by May.", "capture")
    assert not event_rules.read_candidate(candidate, reading)
    assert reading.events == []


def _speech(nlp, text: str):
    from kg.language import statements

    doc = nlp(parse_text(text))
    speech = statements.Speech(doc, text_of(doc), find_dates(doc.text, DAY), DAY, [],
                               lexicons.words("reporting_verbs.txt"), lexicons.words("denial_verbs.txt"))
    speech.voices = statements._voices(speech)
    return doc, speech


def test_every_statement_rule_is_registered_once_and_says_why():
    from kg.language import statements

    rules = statements.CLAIM_RULES + statements.QUOTE_RULES
    assert len({rule.__name__ for rule in rules}) == len(rules)
    assert all(rule.__doc__ and rule.__doc__.strip() for rule in rules)


@pytest.mark.parametrize("text, word, rule_name, speaker, words", [
    ("According to the Poltava regional governor, Russian drones struck a depot in Lebedyn overnight.",
     "According", "according_to", "Poltava regional governor", "Russian drones struck a depot in Lebedyn"),
    ("Russian troops have pushed into the outskirts of Lebedyn, the General Staff said on Tuesday.",
     "said", "reporting_verb", "General Staff", "Russian troops have pushed into the outskirts of Lebedyn"),
])
def test_a_claim_rule_reads_its_speaker_and_words(nlp, text, word, rule_name, speaker, words):
    from kg.language import statements

    doc, speech = _speech(nlp, text)
    token = next(t for t in doc if t.text == word)
    found = None
    for rule in statements.CLAIM_RULES:  # the first rule that owns the word reads it
        found = rule(token, token.sent, speech)
        if found is not None:
            assert rule.__name__ == rule_name
            break
    assert found is not None and speaker in found.speaker
    assert words in " ".join(t.text for t in found.tokens)
    facts = extract(Article(id="t", text=text, date=DAY), doc)  # and the statement says which rule read it
    recorded = f"claim:{rule_name.replace('_', '-')}"
    assert any(recorded in s.rules and speaker in s.speaker for s in facts.statements), \
        [(s.speaker, s.rules) for s in facts.statements]

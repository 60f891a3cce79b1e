"""The word lists of war reporting (forces and their sides, side words, operation verbs),
read from the data files under ontology/lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.resources import lexicon_path


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in lexicon_path(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass(frozen=True)
class Force:
    name: str
    side: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    type: str
    attach: str


@lru_cache(maxsize=1)
def forces() -> tuple[Force, ...]:
    out = []
    for row in _rows("forces.tsv"):
        name, side = row[0], row[1]
        alternates = [a for a in (row[2].split("|") if len(row) > 2 else []) if a]
        out.append(Force(name, side, (name, *alternates)))
    return tuple(out)


@lru_cache(maxsize=1)
def force_sides() -> dict[str, str]:
    """Every lowercased name of a force, to the side it fights for."""
    return {n.lower(): f.side for f in forces() for n in f.names}


@lru_cache(maxsize=1)
def side_words() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in _rows("sides.tsv")}


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], Trigger]:
    return {(row[0], row[1]): Trigger(row[0], row[1], row[2], row[3]) for row in _rows("triggers.tsv")}


@cache
def words(name: str) -> frozenset[str]:
    """A one-column word list (reporting verbs, modal words, failure words...)."""
    return frozenset(row[0].lower() for row in _rows(name))


@lru_cache(maxsize=1)
def toponym_shapes() -> dict[str, re.Pattern[str]]:
    """The patterns a place the gazetteer does not know must match, by kind (ending, feature)."""
    shapes: dict[str, list[str]] = {}
    for kind, pattern in _rows("toponym_shapes.tsv"):
        shapes.setdefault(kind, []).append(pattern)
    return {kind: re.compile("|".join(f"(?:{p})" for p in patterns), re.I) for kind, patterns in shapes.items()}


@lru_cache(maxsize=1)
def list_words() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The words that join a list of places, by kind (link, filler), each as its words in order."""
    kinds: dict[str, list[tuple[str, ...]]] = {}
    for kind, words in _rows("list_links.tsv"):
        kinds.setdefault(kind, []).append(tuple(words.lower().split()))
    return {kind: tuple(sorted(found, key=len, reverse=True)) for kind, found in kinds.items()}


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """The small word classes of ontology/lexicon/word_classes.tsv, by class."""
    classes: dict[str, set[str]] = {}
    for kind, word in _rows("word_classes.tsv"):
        classes.setdefault(kind, set()).add(word.lower())
    return {kind: frozenset(words) for kind, words in classes.items()}


def word_class(kind: str) -> frozenset[str]:
    """One class of ontology/lexicon/word_classes.tsv; a class it lacks is a KeyError naming it."""
    return word_classes()[kind]

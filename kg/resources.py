"""Where the project's data files live: the ontology, lexicons and example queries sit at the
top of a source checkout and are packed into `kg/data/` in a wheel, so an installed
`frontline` finds them either way."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _root(folder: str) -> Path:
    source = _CHECKOUT / folder
    return source if source.is_dir() else _PACKAGE / "data" / folder


def ontology_path(name: str) -> Path:
    return _root("ontology") / name


def lexicon_path(name: str) -> Path:
    return _root("ontology") / "lexicon" / name


def queries_dir() -> Path:
    return _root("queries")


def sample_corpus() -> Path:
    return _root("data") / "sample" if (_CHECKOUT / "data").is_dir() else _PACKAGE / "data" / "sample"


def cache_dir() -> Path:
    """The user's cache for what is slow to compute and never changes for the same input (the
    gazetteer's subset, the text of saved pages): $XDG_CACHE_HOME/frontline or ~/.cache/frontline."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "frontline"

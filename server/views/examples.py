"""The example queries in queries/, read for the page that shows them.

Each .rq file starts with a comment header (kg/graph/queryfile.py). On the page a query must run as
it stands, so its parameters become a VALUES line at the top of its WHERE block, where the
reader sees and edits them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.graph import queryfile
from kg.resources import queries_dir


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    params: tuple[tuple[str, str], ...]
    text: str  # the query, runnable as it stands
    template: str  # the query before its parameters are bound (with_parameters binds others)


def read(path: Path) -> Example:
    found = queryfile.parse(path.read_text(encoding="utf-8"), path.stem)
    return Example(path.stem, found.title, found.description, found.params,
                   queryfile.with_parameters(found.body, found.params), found.body)


def load(directory: Path | None = None) -> list[Example]:
    """The examples of the page: every query file but those the build runs for itself (`# shown: no`)."""
    folder = directory or queries_dir()
    return [read(path) for path in sorted(folder.glob("*.rq"))
            if queryfile.parse(path.read_text(encoding="utf-8"), path.stem).shown]

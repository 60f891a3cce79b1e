"""The example queries in queries/, read for the page that shows them.

Each .rq file starts with a comment header: ``# title:``, ``# description:`` and any number of
``# param: NAME VALUE`` lines for the variables the command line binds (a place key, a date).
On the page a query must run as it stands, so its parameters become a VALUES line at the top
of its WHERE block, where the reader sees and edits them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.resources import queries_dir
from kg.store import with_values
from kg.vocab import PREFIXES

_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)", re.IGNORECASE)
_TYPED = re.compile(r"\^\^([A-Za-z][\w-]*):([\w-]+)")


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    params: tuple[tuple[str, str], ...]
    text: str  # the query, runnable as it stands
    template: str  # the query before its parameters are bound (with_parameters binds others)


def _full_iris(value: str) -> str:
    """`"2024-11-20"^^xsd:date` -> `"2024-11-20"^^<http://www.w3.org/2001/XMLSchema#date>`, so
    that the value works whatever prefixes the query declares."""

    def expand(match: re.Match) -> str:
        namespace = PREFIXES.get(match.group(1))
        return f"^^<{namespace}{match.group(2)}>" if namespace else match.group(0)

    return _TYPED.sub(expand, value)


def with_parameters(query: str, params: tuple[tuple[str, str], ...]) -> str:
    return with_values(query, {name: _full_iris(value) for name, value in params}, "# parameters, change them here:\n  ")


def read(path: Path) -> Example:
    title, description, params, body = path.stem, "", [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        header = _HEADER.match(line.strip()) if line.lstrip().startswith("#") else None
        if header:
            key, value = header.group(1).lower(), header.group(2).strip()
            if key == "title":
                title = value
            elif key == "description":
                description = value
            else:
                name, _, default = value.partition(" ")
                params.append((name.lstrip("?$"), default.strip()))
            continue
        body.append(line)
    text = "\n".join(body).strip() + "\n"
    return Example(path.stem, title, description, tuple(params), with_parameters(text, tuple(params)), text)


def load(directory: Path | None = None) -> list[Example]:
    folder = directory or queries_dir()
    return [read(path) for path in sorted(folder.glob("*.rq"))]

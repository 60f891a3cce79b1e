"""The comment header of a query file, read alike by the command line and the example page.

Each .rq file of queries/ starts with ``# title:``, ``# description:``, optionally ``# shown: no``
(a query the build itself runs, which the example page leaves out) and any number of
``# param: NAME VALUE`` lines: the variables a caller binds (a place key, a date), each with a
default written as SPARQL writes the value (``"kupiansk"``, ``"2022-10-01"^^xsd:date``). Bound
values go in as a VALUES block at the top of the WHERE clause (kg.store.with_values), so the
query runs as it stands and its reader sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.graph.store import with_values
from kg.graph.vocab import PREFIXES

_HEADER = re.compile(r"#\s*(title|description|param|shown)\s*:\s*(.*)", re.IGNORECASE)
_TYPED = re.compile(r"\^\^([A-Za-z][\w-]*):([\w-]+)")
_WRITTEN = re.compile(r'^"(?:[^"\\]|\\.)*"(?P<tail>(?:\^\^\S+|@[A-Za-z-]+)?)$')


@dataclass(frozen=True)
class QueryFile:
    title: str
    description: str
    params: tuple[tuple[str, str], ...]  # (name, default as SPARQL writes it)
    body: str  # the query without its header
    shown: bool = True  # on the example page


def parse(text: str, name: str = "") -> QueryFile:
    title, description, params, body, shown = name, "", [], [], True
    for line in text.splitlines():
        header = _HEADER.match(line.strip()) if line.lstrip().startswith("#") else None
        if header:
            key, value = header.group(1).lower(), header.group(2).strip()
            if key == "title":
                title = value
            elif key == "description":
                description = value
            elif key == "shown":
                shown = value.lower() not in ("no", "false")
            else:
                param, _, default = value.partition(" ")
                params.append((param.lstrip("?$"), default.strip()))
            continue
        body.append(line)
    return QueryFile(title, description, tuple(params), "\n".join(body).strip() + "\n", shown)


def full_iris(value: str) -> str:
    """`"2024-11-20"^^xsd:date` -> `"2024-11-20"^^<http://www.w3.org/2001/XMLSchema#date>`, so
    that the value works whatever prefixes the query declares."""

    def expand(match: re.Match) -> str:
        namespace = PREFIXES.get(match.group(1))
        return f"^^<{namespace}{match.group(2)}>" if namespace else match.group(0)

    return _TYPED.sub(expand, value)


def with_parameters(query: str, params: tuple[tuple[str, str], ...]) -> str:
    return with_values(query, {name: full_iris(value) for name, value in params}, "# parameters, change them here:\n  ")


def bound(query: QueryFile, given: dict[str, str]) -> str:
    """The query with its parameters bound: a value given by name (plain text, written the way
    the parameter's default is: a string, a typed literal or an IRI), else the default. A name
    the header does not declare is refused, naming those it does."""
    declared = dict(query.params)
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise ValueError(f"the query has no parameter {', '.join(unknown)} (its parameters: {known})")
    values = []
    for name, default in query.params:
        if name not in given:
            values.append((name, default))
            continue
        plain = given[name]
        written = _WRITTEN.match(default)
        if default.startswith("<"):
            values.append((name, f"<{plain}>"))
        elif written is not None:
            escaped = plain.replace("\\", "\\\\").replace('"', '\\"')
            values.append((name, f'"{escaped}"{written.group("tail")}'))
        else:
            values.append((name, plain))
    return with_parameters(query.body, tuple(values))

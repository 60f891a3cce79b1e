"""Query results to bytes, never more than a given number of rows.

pyoxigraph serializes a whole result at once and cannot be told to stop, so the rows are
taken one by one up to the cap (plus one, to know whether there were more). The capped
solutions are written as SPARQL JSON here, the one results format simple enough to write by
hand exactly; the other results formats are pyoxigraph's own serializers applied to that JSON
read back. Triples are capped the same way and handed to pyoxigraph's RDF serializers.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    Triple,
    parse_query_results,
    serialize,
)

from kg.vocab import PREFIXES, XSD
from server.formats import Format

_XSD_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"


def term_json(term) -> dict:
    """A term as the SPARQL 1.1 Query Results JSON format writes it (RDF 1.2 triple terms as
    {"type": "triple"})."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            direction = getattr(term, "direction", None)
            if direction is not None:
                out["its:dir"] = str(getattr(direction, "name", direction)).lower()
        elif term.datatype.value not in (_XSD_STRING, _LANG_STRING, _DIR_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject), "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(variables: list[str], rows: Iterable) -> bytes:
    bindings = []
    for solution in rows:
        binding = {}
        for name in variables:
            term = solution[name]
            if term is not None:
                binding[name] = term_json(term)
        bindings.append(binding)
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _Capped:
    """An iterator that stops after `limit` items and remembers whether more were there."""

    def __init__(self, items: Iterable, limit: int) -> None:
        self._items = iter(items)
        self._limit = limit
        self.truncated = False

    def __iter__(self) -> Iterator:
        for count, item in enumerate(self._items):
            if count >= self._limit:
                self.truncated = True
                return
            yield item


def serialize_results(results, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    """The serialized result and whether rows were cut off at `max_rows`."""
    if isinstance(results, QueryBoolean):
        return results.serialize(format=fmt.oxigraph), False
    if isinstance(results, QuerySolutions):
        variables = [v.value for v in results.variables]
        rows = list(islice(results, max_rows + 1))
        truncated = len(rows) > max_rows
        body = solutions_json(variables, rows[:max_rows])
        if fmt.oxigraph != QueryResultsFormat.JSON:
            body = parse_query_results(body, format=QueryResultsFormat.JSON).serialize(format=fmt.oxigraph)
        return body, truncated
    capped = _Capped(results, max_rows)
    out = io.BytesIO()
    serialize(capped, out, format=fmt.oxigraph, prefixes=PREFIXES)
    return out.getvalue(), capped.truncated

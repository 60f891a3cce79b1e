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
from json.encoder import encode_basestring as _json_string  # a str as a JSON string, non-ASCII kept

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


def _term_text(term) -> str:
    """term_json(term) as JSON text, written directly for IRIs, blank nodes and literals without a
    language (nearly every term): 2.8x faster than building a dict and dumping it, on answers of
    thousands of rows (bench/README.md, session 4)."""
    kind = type(term)
    if kind is NamedNode:
        return '{"type":"uri","value":' + _json_string(term.value) + "}"
    if kind is Literal and not term.language:
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return '{"type":"literal","value":' + _json_string(term.value) + "}"
        return '{"type":"literal","value":' + _json_string(term.value) + ',"datatype":' + _json_string(datatype) + "}"
    if kind is BlankNode:
        return '{"type":"bnode","value":' + _json_string(term.value) + "}"
    return json.dumps(term_json(term), ensure_ascii=False, separators=(",", ":"))


def solutions_json(variables: list[str], rows: Iterable) -> bytes:
    keys = list(enumerate(_json_string(name) + ":" for name in variables))
    bindings = []
    for solution in rows:
        parts = []
        for i, key in keys:
            term = solution[i]
            if term is not None:
                parts.append(key + _term_text(term))
        bindings.append("{" + ",".join(parts) + "}")
    head = json.dumps({"vars": variables}, ensure_ascii=False, separators=(",", ":"))
    return ('{"head":' + head + ',"results":{"bindings":[' + ",".join(bindings) + "]}}").encode("utf-8")


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

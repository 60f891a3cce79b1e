"""Query results to bytes, never more than a given number of rows.

pyoxigraph serializes a whole result at once and cannot be told to stop, so solutions are
written by its SPARQL TSV serializer into a writer that counts rows and stops it after the cap
(plus one byte, to know whether there were more). In TSV every row is one line, whatever the
terms in it (the format escapes line ends inside literals), so counting line ends counts rows
exactly, without reading the terms. The capped TSV is then turned into the format asked for by
pyoxigraph's own parser and serializer, in Rust, never through a Python object a term: for the
2,800 rows of the article-hashes example, 18.5 against 20.8 ms in the query process when each
solution was taken into Python and its JSON written here (session 7; in the git history of bench/README.md). Triples
are capped one by one and handed to pyoxigraph's RDF serializers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, parse_query_results, serialize

from kg.graph.store import NOT_XML_BYTES, NOT_XML_MESSAGE
from kg.graph.vocab import PREFIXES
from server.http.formats import Format


class _RowCutter:
    """A file-like object for pyoxigraph's TSV serializer that keeps the header line and the first
    `limit` rows, and stops the serializer with an exception at the first byte of the row after."""

    def __init__(self, limit: int) -> None:
        self._wanted = limit + 1  # line ends to keep: the header's and one a row
        self._seen = 0
        self.parts: list[bytes] = []
        self.truncated = False

    def write(self, data) -> int:
        size = len(data)
        if self.truncated or not size:  # pyoxigraph writes what it still holds once more when stopped
            return size
        room = self._wanted - self._seen
        ends = data.count(b"\n")
        if ends < room or (ends == room and data[-1:] == b"\n"):
            self.parts.append(bytes(data))
            self._seen += ends
            return size
        cut = 0
        for _ in range(room):
            cut = data.index(b"\n", cut) + 1
        self.parts.append(bytes(data[:cut]))
        self._seen = self._wanted
        self.truncated = True
        raise _Enough

    def flush(self) -> None:
        pass


class _Enough(Exception):
    """Raised into pyoxigraph's serializer to stop it once the rows wanted are written."""


def _capped_tsv(results: QuerySolutions, max_rows: int) -> tuple[bytes, bool]:
    cutter = _RowCutter(max_rows)
    try:
        results.serialize(cutter, format=QueryResultsFormat.TSV)
    except Exception:
        if not cutter.truncated:  # the query failed while its rows were read, not stopped by us
            raise
    return b"".join(cutter.parts), cutter.truncated


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


class NotXml(Exception):
    """The result holds characters XML 1.0 cannot carry, and XML was asked for."""


def serialize_results(results, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    """The serialized result and whether rows were cut off at `max_rows`. pyoxigraph writes
    control characters into XML as they are, which no XML parser reads: such a result is
    refused in XML (NotXml) rather than sent ill-formed."""
    body, truncated = _serialized(results, fmt, max_rows)
    if fmt.content_type.endswith("xml") and NOT_XML_BYTES.search(body):
        raise NotXml(f"The result {NOT_XML_MESSAGE}.")
    return body, truncated


def _serialized(results, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    if isinstance(results, QueryBoolean):
        return results.serialize(format=fmt.oxigraph), False
    if isinstance(results, QuerySolutions):
        body, truncated = _capped_tsv(results, max_rows)
        if fmt.oxigraph != QueryResultsFormat.TSV:
            body = parse_query_results(body, format=QueryResultsFormat.TSV).serialize(format=fmt.oxigraph)
        return body, truncated
    capped = _Capped(results, max_rows)
    out = io.BytesIO()
    serialize(capped, out, format=fmt.oxigraph, prefixes=PREFIXES)
    return out.getvalue(), capped.truncated

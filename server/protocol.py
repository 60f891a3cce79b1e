"""The SPARQL 1.1 Protocol's query operation, read from a raw HTTP request.

Three ways to send a query (https://www.w3.org/TR/sparql11-protocol/#query-operation):
GET with ``?query=``, POST of an HTML form (``application/x-www-form-urlencoded``) and POST of the
bare query (``application/sparql-query``), each with optional ``default-graph-uri`` and
``named-graph-uri``. The parameters are parsed here from the raw bytes, strictly, instead of
through Werkzeug's forgiving form parser, because the protocol's error cases are about exactly
what a forgiving parser hides: a second ``query``, bytes that are not UTF-8, an update sent to
a query service. Nothing here knows Flask, so every case is testable with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from pyoxigraph import NamedNode
from werkzeug.http import parse_options_header

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted here."


class ProtocolError(Exception):
    """A request the protocol says to refuse, with the HTTP status to refuse it with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryRequest:
    query: str | None  # None: no query at all, the client asks what the service is
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format_params: tuple[str, ...] = ()


def _params(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"The {where} is not valid UTF-8.") from None


def _charset_is_utf8(options: dict[str, str]) -> bool:
    charset = options.get("charset")
    return charset is None or charset.strip().lower() in ("utf-8", "utf8")


def _graphs(values: list[str], name: str) -> tuple[str, ...]:
    for value in values:
        try:
            NamedNode(value)
        except ValueError:
            raise ProtocolError(400, f"{name} must be an absolute IRI, not {value!r}.") from None
    return tuple(values)


def parse(method: str, content_type: str | None, query_string: bytes, body: bytes) -> QueryRequest:
    """The query request in an HTTP request, or a ProtocolError saying why there is none."""
    url_params = _params(query_string, "query string")
    body_params: list[tuple[str, str]] = []
    body_query: str | None = None
    if method == "POST":
        mimetype, options = parse_options_header(content_type or "")
        mimetype = mimetype.lower()
        if not mimetype:
            raise ProtocolError(415, f"A POST needs a Content-Type: {SPARQL_QUERY} or {FORM}.")
        if mimetype == SPARQL_UPDATE:
            raise ProtocolError(400, READ_ONLY)
        if mimetype not in (FORM, SPARQL_QUERY):
            raise ProtocolError(415, f"Content-Type {mimetype} is not a SPARQL query; send {SPARQL_QUERY} or {FORM}.")
        if not _charset_is_utf8(options):
            raise ProtocolError(415, f"The body must be UTF-8, not {options.get('charset')}.")
        if mimetype == FORM:
            body_params = _params(body, "request body")
        else:
            try:
                body_query = body.decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(400, "The request body is not valid UTF-8.") from None
    elif method not in ("GET", "HEAD"):
        raise ProtocolError(405, f"{method} is not a SPARQL query operation; use GET or POST.")

    params = url_params + body_params
    names = [name for name, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise ProtocolError(400, READ_ONLY)
    queries = [value for name, value in params if name == "query"]
    if body_query is not None:
        if queries:
            raise ProtocolError(400, f"A {SPARQL_QUERY} request carries its query in the body, not in a query parameter.")
        queries = [body_query]
    if len(queries) > 1:
        raise ProtocolError(400, f"Exactly one query per request; this one has {len(queries)} query parameters.")
    query = queries[0] if queries else None
    if query is None and method == "POST":
        raise ProtocolError(400, "The request has no query parameter.")
    if query is not None and not query.strip():
        raise ProtocolError(400, "The query is empty.")
    return QueryRequest(
        query=query,
        default_graphs=_graphs([v for n, v in params if n == "default-graph-uri"], "default-graph-uri"),
        named_graphs=_graphs([v for n, v in params if n == "named-graph-uri"], "named-graph-uri"),
        format_params=tuple(v for n, v in params if n == "format"),
    )

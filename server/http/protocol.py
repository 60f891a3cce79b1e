"""The SPARQL Protocol's query and update operations, read from a raw HTTP request.

Three ways to send a query (https://www.w3.org/TR/sparql11-protocol/#query-operation):
GET with ``?query=``, POST of an HTML form (``application/x-www-form-urlencoded``) and POST of the
bare query (``application/sparql-query``), each with optional ``default-graph-uri`` and
``named-graph-uri``. Two ways to send an update (#update-operation), on a writable server only:
POST of a form with ``update=`` in the body, and POST of the bare update
(``application/sparql-update``), each with optional ``using-graph-uri`` and
``using-named-graph-uri``. SPARQL 1.2 adds an optional ``version`` parameter (at most one), or a
``version`` media-type parameter on a direct POST.

The parameters are parsed here from the raw bytes, strictly, instead of through Werkzeug's
forgiving form parser, because the protocol's error cases are about exactly what a forgiving
parser hides: a second ``query``, bytes that are not UTF-8, an update in the URL of a form POST.
Nothing here knows Flask, so every case is testable with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from pyoxigraph import NamedNode
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_options_header

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted here."
VERSIONS = ("1.1", "1.2", "1.2-basic")  # the SPARQL versions a request may announce
UPDATE_NAMES = ("update", "using-graph-uri", "using-named-graph-uri")
QUERY_DATASET_NAMES = ("default-graph-uri", "named-graph-uri")


class ProtocolError(HTTPException):
    """A request the protocol says to refuse, with the HTTP status (and any headers, as a 405's
    Allow) to refuse it with. Views raise it; server/http/errors.py answers it, as every HTTP error."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(description=message)
        self.code = status
        self.status = status
        self.message = message
        self.extra_headers = dict(headers or {})

    def get_headers(self, environ=None, scope=None) -> list[tuple[str, str]]:
        return [*super().get_headers(environ, scope), *self.extra_headers.items()]


@dataclass(frozen=True)
class QueryRequest:
    query: str | None  # None: no query at all, the client asks what the service is
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format_params: tuple[str, ...] = ()
    version: str | None = None


@dataclass(frozen=True)
class UpdateRequest:
    update: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()
    version: str | None = None


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


def _version(params: list[tuple[str, str]], media_type_version: str | None) -> str | None:
    values = [value for name, value in params if name == "version"]
    if len(values) > 1:
        raise ProtocolError(400, f"At most one version parameter per request; this one has {len(values)}.")
    for value in values + ([media_type_version] if media_type_version is not None else []):
        if value.strip() not in VERSIONS:
            raise ProtocolError(400, f"This endpoint speaks SPARQL {', '.join(VERSIONS)}, not version {value!r}.")
    chosen = values[0] if values else media_type_version  # the parameter wins, as SPARQL 1.2 Protocol says
    return chosen.strip() if chosen is not None else None


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "The request body is not valid UTF-8.") from None


def parse(method: str, content_type: str | None, query_string: bytes, body: bytes,
          writable: bool = False) -> QueryRequest | UpdateRequest:
    """The query or update request in an HTTP request, or a ProtocolError saying why there is
    none. Updates are only read when `writable`; otherwise any sign of one is refused."""
    url_params = _params(query_string, "query string")
    body_params: list[tuple[str, str]] = []
    body_query: str | None = None
    body_update: str | None = None
    media_type_version: str | None = None
    if method == "POST":
        mimetype, options = parse_options_header(content_type or "")
        mimetype = mimetype.lower()
        expected = f"{SPARQL_QUERY}, {SPARQL_UPDATE} or {FORM}" if writable else f"{SPARQL_QUERY} or {FORM}"
        if not mimetype:
            raise ProtocolError(415, f"A POST needs a Content-Type: {expected}.")
        if mimetype == SPARQL_UPDATE and not writable:
            raise ProtocolError(400, READ_ONLY)
        if mimetype not in (FORM, SPARQL_QUERY, SPARQL_UPDATE):
            raise ProtocolError(415, f"Content-Type {mimetype} is not SPARQL; send {expected}.")
        if not _charset_is_utf8(options):
            raise ProtocolError(415, f"The body must be UTF-8, not {options.get('charset')}.")
        if mimetype == FORM:
            body_params = _params(body, "request body")
        else:
            media_type_version = options.get("version")
            if mimetype == SPARQL_QUERY:
                body_query = _decode(body)
            else:
                body_update = _decode(body)
    elif method not in ("GET", "HEAD"):
        raise ProtocolError(405, f"{method} is not a SPARQL query operation; use GET or POST.")
    elif body:
        raise ProtocolError(400, f"A {method} request carries its query in the URL and has no body; to send the query "
                                 "in the body, use POST.")

    params = url_params + body_params
    names = [name for name, _ in params]
    if not writable and any(name in UPDATE_NAMES for name in names):
        raise ProtocolError(400, READ_ONLY)
    version = _version(params, media_type_version)
    updates = [value for name, value in body_params if name == "update"]
    if body_update is not None:
        updates.append(body_update)
    if "update" in (name for name, _ in url_params):
        raise ProtocolError(400, "An update goes in the body of a POST (update= in a form, or the whole body as "
                                 f"{SPARQL_UPDATE}), never in the URL.")
    queries = [value for name, value in params if name == "query"]
    if body_query is not None:
        if queries:
            raise ProtocolError(400, f"A {SPARQL_QUERY} request carries its query in the body, not in a query parameter.")
        queries = [body_query]
    if updates and queries:
        raise ProtocolError(400, "A request is either a query or an update, not both.")
    if updates:
        return _update_request(updates, params, version)
    if any(name in UPDATE_NAMES for name in names):
        raise ProtocolError(400, "using-graph-uri and using-named-graph-uri belong to updates; a query names its "
                                 "dataset with default-graph-uri and named-graph-uri.")
    if len(queries) > 1:
        raise ProtocolError(400, f"Exactly one query per request; this one has {len(queries)} query parameters.")
    query = queries[0] if queries else None
    if query is None and method == "POST":
        raise ProtocolError(400, "The request has no query parameter." if not writable
                            else "The request has neither a query nor an update parameter.")
    if query is not None and not query.strip():
        raise ProtocolError(400, "The query is empty.")
    return QueryRequest(
        query=query,
        default_graphs=_graphs([v for n, v in params if n == "default-graph-uri"], "default-graph-uri"),
        named_graphs=_graphs([v for n, v in params if n == "named-graph-uri"], "named-graph-uri"),
        format_params=tuple(v for n, v in params if n == "format"),
        version=version,
    )


def _update_request(updates: list[str], params: list[tuple[str, str]], version: str | None) -> UpdateRequest:
    if len(updates) > 1:
        raise ProtocolError(400, f"Exactly one update per request; this one has {len(updates)} update parameters.")
    if any(name in QUERY_DATASET_NAMES for name, _ in params):
        raise ProtocolError(400, "default-graph-uri and named-graph-uri belong to queries; an update names its "
                                 "dataset with using-graph-uri and using-named-graph-uri.")
    update = updates[0]
    if not update.strip():
        raise ProtocolError(400, "The update is empty.")
    return UpdateRequest(
        update=update,
        using_graphs=_graphs([v for n, v in params if n == "using-graph-uri"], "using-graph-uri"),
        using_named_graphs=_graphs([v for n, v in params if n == "using-named-graph-uri"], "using-named-graph-uri"),
        version=version,
    )

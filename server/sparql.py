"""`/sparql`: the SPARQL 1.1 Protocol query operation, and the service description.

The view only decides; the work happens elsewhere. It reads the request (server/protocol.py),
refuses what is never run here (updates, SERVICE: server/querytext.py) or cannot be answered
in any format the client accepts (server/formats.py), and hands the query to a query process
(server/pool.py), whose reply is sent as it is.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from server import description, formats, querytext
from server.executor import Job, Reply
from server.protocol import READ_ONLY, ProtocolError, parse
from server.state import get_state

bp = Blueprint("sparql", __name__)

NO_SERVICE = ("SERVICE is not supported: this endpoint never fetches anything from elsewhere. "
              "(The word SERVICE was found outside a string, IRI or variable; if it is part of a "
              "prefixed name, write that IRI in full, <...>.)")


def _send(reply: Reply) -> Response:
    response = Response(reply.body, status=reply.status, content_type=reply.content_type)
    response.headers.update(reply.headers)
    response.vary.add("Accept")
    return response


def _limits_text() -> str:
    limits = get_state().limits
    return (f"Each query may run {limits.timeout:g} s and return {limits.max_rows} rows; a cut answer carries "
            f"the header X-Frontline-Truncated: true.")


def _service_description(accept: str | None, format_params: tuple[str, ...]) -> Response:
    fmt = formats.negotiate(formats.GRAPH, accept, format_params)
    if fmt is None:
        return _send(Reply.text(406, f"The service description can be sent as {formats.describe(formats.GRAPH)}."))
    endpoint = request.url_root.rstrip("/") + request.path
    body = description.serialize_description(endpoint, _limits_text(), fmt)
    return _send(Reply(200, body, fmt.content_type))


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    body = request.get_data(cache=False) if request.method == "POST" else b""
    try:
        asked = parse(request.method, request.headers.get("Content-Type"), request.query_string, body)
    except ProtocolError as err:
        return _send(Reply.text(err.status, err.message))
    accept = request.headers.get("Accept")
    if asked.query is None:
        return _service_description(accept, asked.format_params)
    if querytext.is_update(asked.query):
        return _send(Reply.text(400, READ_ONLY))
    if querytext.uses_service(asked.query):
        return _send(Reply.text(400, NO_SERVICE))
    if not formats.acceptable_for_some_kind(accept, asked.format_params):
        return _send(Reply.text(406, "The request accepts none of the formats this endpoint writes: "
                                     f"{formats.describe(formats.RESULTS)} for SELECT and ASK, "
                                     f"{formats.describe(formats.GRAPH)} for CONSTRUCT and DESCRIBE."))
    state = get_state()
    job = Job(query=asked.query, accept=accept, format_params=asked.format_params,
              default_graphs=asked.default_graphs, named_graphs=asked.named_graphs,
              own_dataset=querytext.has_dataset_clause(asked.query), max_rows=state.limits.max_rows)
    return _send(state.pool.run(job))

"""`/sparql`: the SPARQL Protocol's query operation, its update operation on a writable server,
and the service description.

The view only decides; the work happens elsewhere. It reads the request (server/http/protocol.py),
refuses what is never run here (SERVICE, LOAD: kg/graph/querytext.py) or cannot be answered in
any format the client accepts (server/http/formats.py), and hands a query to a query process
(server/processes/pool.py), whose reply is sent as it is. An update needs a writable server and its token
(server/http/auth.py); it goes to the store's one writer process (server/processes/writes.py), and the
answer comes back when the update is committed, flushed to disk and visible to every later read.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from kg.graph import querytext
from server.http import auth, description, formats
from server.http.protocol import READ_ONLY, ProtocolError, UpdateRequest, parse
from server.processes.executor import Job, Reply
from server.processes.writer_process import UPDATE, Write
from server.state import State, get_state

bp = Blueprint("sparql", __name__)

NO_SERVICE = ("SERVICE is not supported: this endpoint never fetches anything from elsewhere. "
              "(The word SERVICE was found outside a string, IRI or variable; if it is part of a "
              "prefixed name, write that IRI in full, <...>.)")
NO_LOAD = ("LOAD is not supported: this endpoint never fetches anything from elsewhere. Send the data itself "
           "instead, with PUT or POST to /store?graph=IRI (the Graph Store Protocol).")
UPDATE_AS_QUERY = ("This is an update, sent as a query: send it with update= in a POST form, or as the body of a "
                   "POST with Content-Type: application/sparql-update.")
DATASET_CONFLICT = ("using-graph-uri and using-named-graph-uri cannot be combined with an update that has its own "
                    "USING, USING NAMED or WITH clause.")


def _send(reply: Reply) -> Response:
    response = Response(reply.body, status=reply.status, content_type=reply.content_type)
    response.headers.update(reply.headers)
    response.vary.add("Accept")
    return response


def _limits_text() -> str:
    state = get_state()
    limits = state.limits
    text = (f"Each query may run {limits.timeout:g} s and return {limits.max_rows} rows; a cut answer carries "
            f"the header X-Frontline-Truncated: true.")
    if state.writable:
        text += f" Each write may run {limits.write_timeout:g} s and send {limits.max_upload} bytes."
    return text


def _service_description(accept: str | None, format_params: tuple[str, ...]) -> Response:
    fmt = formats.negotiate(formats.GRAPH, accept, format_params)
    if fmt is None:
        return _send(Reply.text(406, f"The service description can be sent as {formats.describe(formats.GRAPH)}."))
    root = request.url_root.rstrip("/")
    body = description.serialize_description(root + request.path, _limits_text(), fmt,
                                             writable=get_state().writable, graph_store=root + "/store")
    return _send(Reply(200, body, fmt.content_type))


def read_body() -> bytes:
    """The whole request body, or a 400 when the client sent less than it announced (it was
    interrupted): a cut body must never be taken for a complete one. A body sent in chunks, with
    no Content-Length, is refused with a 411: the server (granian) reads a chunked body that was
    cut off as if it had ended there, so only an announced length tells a whole body from a part."""
    if request.content_length is None and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        raise ProtocolError(411, "The request body came in chunks, without a Content-Length; this endpoint needs the "
                                 "length to know it received the whole body. Send it with Content-Length; nothing "
                                 "was done.")
    body = request.get_data(cache=False)
    if request.content_length is not None and len(body) != request.content_length:
        raise ProtocolError(400, f"The request body ended after {len(body)} of the {request.content_length} bytes "
                                 "it announced; nothing was done.")
    return body


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    state = get_state()
    if request.method == "POST" and state.writable and auth.holds_token(state.token):
        request.max_content_length = state.limits.max_upload  # writers may send data, not just queries
    body = read_body()
    asked = parse(request.method, request.headers.get("Content-Type"), request.query_string, body,
                  writable=state.writable)
    if isinstance(asked, UpdateRequest):
        return _update(state, asked)
    accept = request.headers.get("Accept")
    if asked.query is None:
        return _service_description(accept, asked.format_params)
    if querytext.is_update(asked.query):
        return _send(Reply.text(400, UPDATE_AS_QUERY if state.writable else READ_ONLY))
    if querytext.uses_service(asked.query):
        return _send(Reply.text(400, NO_SERVICE))
    if deep := querytext.too_deep(asked.query):
        return _send(Reply.text(400, deep))
    if not formats.acceptable_for_some_kind(accept, asked.format_params):
        return _send(Reply.text(406, "The request accepts none of the formats this endpoint writes: "
                                     f"{formats.describe(formats.RESULTS)} for SELECT and ASK, "
                                     f"{formats.describe(formats.GRAPH)} for CONSTRUCT and DESCRIBE."))
    job = Job(query=asked.query, accept=accept, format_params=asked.format_params,
              default_graphs=asked.default_graphs, named_graphs=asked.named_graphs,
              own_dataset=querytext.has_dataset_clause(asked.query), max_rows=state.limits.max_rows,
              base_iri=request.base_url)
    return _send(state.query(job))


def _update(state: State, asked: UpdateRequest) -> Response:
    auth.require_writer(state.token)
    text = asked.update
    if querytext.uses_load(text):
        return _send(Reply.text(400, NO_LOAD))
    if querytext.uses_service(text):
        return _send(Reply.text(400, NO_SERVICE))
    if deep := querytext.too_deep(text):
        return _send(Reply.text(400, deep))
    if asked.using_graphs or asked.using_named_graphs:
        if querytext.has_update_dataset_clause(text):
            return _send(Reply.text(400, DATASET_CONFLICT))
        text = querytext.with_using(text, asked.using_graphs, asked.using_named_graphs)
    reply = state.commit(Write(UPDATE, text, base_iri=request.base_url))
    return write_response(reply)


def write_response(reply, location: str | None = None) -> Response:
    """The answer to a write: its status with a line of text, no body for a 204."""
    if reply.status == 204:
        return Response(status=204)
    response = Response(reply.message + "\n", status=reply.status, content_type="text/plain; charset=utf-8")
    if location and reply.status == 201:
        response.headers["Location"] = location
    if reply.status == 503:
        response.headers["Retry-After"] = "1"
    return response

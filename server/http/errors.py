"""Every error as a short message the client can read, never a stack trace.

HTTP errors keep their status and headers (a 405 keeps its Allow header) and get a plain text
body, or a JSON one under /api/ where clients parse JSON. Anything unexpected is logged here,
with its traceback, on the server's side only, and the client is told no more than that it
happened.
"""

from __future__ import annotations

import json

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, InternalServerError

from server.http.protocol import ProtocolError


def _body(status: int, message: str) -> tuple[str, str]:
    if request.path.startswith("/api/"):
        return json.dumps({"error": message}), "application/json"
    return message.rstrip("\n") + "\n", "text/plain; charset=utf-8"


def _describe(err: HTTPException) -> str:
    if isinstance(err, ProtocolError):
        return err.message
    if err.code == 413:
        limit = request.max_content_length
        return f"The request body is larger than this endpoint accepts ({limit} bytes)."
    if err.code == 405:
        return f"{request.method} is not allowed on {request.path}."
    return err.description or err.name


def handle_http(err: HTTPException) -> Response:
    response = err.get_response()
    body, content_type = _body(err.code or 500, _describe(err))
    response.set_data(body)
    response.content_type = content_type
    return response


def handle_unexpected(err: Exception) -> Response:
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    body, content_type = _body(500, "Internal server error; the server log has the details.")
    return Response(body, status=InternalServerError.code, content_type=content_type)


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)

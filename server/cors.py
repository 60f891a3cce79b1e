"""Cross-origin access: the endpoint and the API are public, so any web page may query them
(Access-Control-Allow-Origin: *), and a browser's preflight OPTIONS is answered for the POST
with Content-Type: application/sparql-query that SPARQL clients in pages send. On a writable
server a page may also write, if it has the token: the Graph Store's methods and the
Authorization header are allowed too. No cookies are involved, so a page that does not know
the token cannot write."""

from __future__ import annotations

from flask import Flask, Response, request

from server.executor import ROW_LIMIT_HEADER, TRUNCATED_HEADER
from server.kept import CACHE_HEADER


def add_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = f"{TRUNCATED_HEADER}, {ROW_LIMIT_HEADER}, {CACHE_HEADER}"
    if request.method == "OPTIONS":
        from server.state import get_state

        writable = get_state().writable
        if request.path == "/store":
            methods = "GET, HEAD, POST, PUT, DELETE, OPTIONS" if writable else "GET, HEAD, OPTIONS"
        else:
            methods = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Methods"] = methods
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept" + (", Authorization" if writable else "")
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def register(app: Flask) -> None:
    app.after_request(add_headers)

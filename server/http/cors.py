"""Cross-origin access: the endpoint and the API are public, so any web page may query them
(Access-Control-Allow-Origin: *), and a browser's preflight OPTIONS is answered for the POST
with Content-Type: application/sparql-query that SPARQL clients in pages send. Writing from a
web page is another matter: a page that got hold of the token could write from anywhere. So a
writable server lets the pages of the origins given with --write-origin (WRITE_ORIGINS) write,
answering their preflight with the Graph Store's methods and the Authorization header and
naming the origin, and no other page: their preflight offers reads only, and a write that
arrives with another Origin header is refused (server/http/auth.py)."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from server.kept import CACHE_HEADER
from server.processes.executor import ROW_LIMIT_HEADER, TRUNCATED_HEADER


def may_write_from(origin: str | None) -> bool:
    """Whether a page of this origin may write (the origins given with --write-origin)."""
    return origin is not None and origin in current_app.config.get("WRITE_ORIGINS", ())


def add_headers(response: Response) -> Response:
    from server.state import get_state

    origin = request.headers.get("Origin")
    writable = get_state().writable and may_write_from(origin)
    if writable:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = f"{TRUNCATED_HEADER}, {ROW_LIMIT_HEADER}, {CACHE_HEADER}"
    if request.method == "OPTIONS":
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

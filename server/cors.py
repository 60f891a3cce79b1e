"""Cross-origin access: the endpoint and the API are public and read-only, so any web page may
query them (Access-Control-Allow-Origin: *), and a browser's preflight OPTIONS is answered for
the POST with Content-Type: application/sparql-query that SPARQL clients in pages send."""

from __future__ import annotations

from flask import Flask, Response, request

from server.executor import ROW_LIMIT_HEADER, TRUNCATED_HEADER


def add_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = f"{TRUNCATED_HEADER}, {ROW_LIMIT_HEADER}"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def register(app: Flask) -> None:
    app.after_request(add_headers)

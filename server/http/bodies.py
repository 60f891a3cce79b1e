"""Request bodies are read in the server's event loop, before any request thread is given the
request, so that a client that sends its body slowly, or stops sending it, holds no thread.

Granian hands a WSGI app its body as a stream that blocks the request thread until the bytes
arrive, with no timeout of its own (upstream: emmett-framework/granian#728, closed as won't
fix): eight clients sending a byte a second held every request thread of a server, and queries
waited behind them; a read blocked in granian cannot be interrupted from Python, so a client
that went quiet mid-way kept its thread until it closed the connection. The app is therefore
served through granian's ASGI interface: `BodyFront` awaits the body in the event loop, where a
waiting client costs a coroutine and its deadline is a plain timeout, and hands the request, body
read, to the Flask app in a pool of as many threads as the worker has query processes (the WSGI
environ is a2wsgi's). A body that has not arrived within `BODY_TIMEOUT` seconds plus one second
per `MIN_BODY_RATE` bytes it declares is answered 408 by the app's own error handler.

A body over the app's limit (413) and a body in chunks with no declared length (411, since a
chunked body cut off looks whole) are not read here: the views refuse them unread.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from a2wsgi.wsgi import Body, build_environ
from flask import Flask, request
from werkzeug.exceptions import RequestTimeout

LATE = "frontline.body_late"  # set in the ASGI scope, which the environ carries as "asgi.scope"
FLUSH = 64 * 1024  # bytes of an answer gathered in its request thread before they are handed to the event loop


class SlowBody(RequestTimeout):
    description = "The request body came too slowly; send it whole, faster, or raise --body-timeout."

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Connection", "close")]


def declared_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    """The Content-Length an ASGI request's headers declare, when it is one number."""
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return max(0, int(value))
            except ValueError:
                return None
    return None


@dataclass
class BodyFront:
    """An ASGI app in front of a WSGI one: reads each request's body, then runs the WSGI app on
    it in one of `threads` threads."""

    app: Callable
    threads: int
    timeout: float  # seconds any body may take
    rate: int  # bytes a second a body must arrive at, on top of that
    limit: Callable[[], int]  # the largest body the app accepts, read when a request comes

    def __post_init__(self) -> None:
        self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="frontline-request")

    async def __call__(self, scope: dict, receive: Callable[[], Awaitable[dict]], send: Callable) -> None:
        if scope["type"] != "http":
            return
        loop = asyncio.get_running_loop()
        want = declared_length(scope.get("headers", []))
        if not want or want > self.limit():
            environ = build_environ(scope, Body(loop, receive))  # the view refuses it unread
        else:
            body, late = await self._read(receive, want)
            # a body cut short by a client that left is handed on as it is: the app finds it shorter
            # than declared and answers 400 (to no one, but in the access log), doing nothing
            environ = build_environ({**scope, LATE: late}, io.BytesIO(body))
        await loop.run_in_executor(self.pool, self._respond, environ, loop, send)

    async def _read(self, receive: Callable[[], Awaitable[dict]], want: int) -> tuple[bytes, bool]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout + want / self.rate
        chunks: list[bytes] = []
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                return b"".join(chunks), True
            if message["type"] == "http.disconnect":
                return b"".join(chunks), False
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                return b"".join(chunks), False

    def _respond(self, environ: dict, loop: asyncio.AbstractEventLoop, send: Callable) -> None:
        """Run the WSGI app in this request thread, handing its answer to the event loop in
        batches of FLUSH bytes: a small answer crosses threads once, a large one streams."""
        pending: list[dict] = []
        held = 0

        def flush() -> None:
            asyncio.run_coroutine_threadsafe(_send_all(send, list(pending)), loop).result()
            pending.clear()

        def start_response(status: str, headers: list[tuple[str, str]], exc_info=None) -> Callable:
            pending.append({"type": "http.response.start", "status": int(status.split(" ", 1)[0]),
                            "headers": [(k.lower().encode("latin1"), v.encode("latin1")) for k, v in headers]})
            return lambda chunk: pending.append({"type": "http.response.body", "body": chunk, "more_body": True})

        answer = self.app(environ, start_response)
        try:
            for chunk in answer:
                if chunk:
                    pending.append({"type": "http.response.body", "body": chunk, "more_body": True})
                    held += len(chunk)
                if held >= FLUSH:
                    flush()
                    held = 0
        finally:
            getattr(answer, "close", lambda: None)()
        pending.append({"type": "http.response.body", "body": b"", "more_body": False})
        flush()


async def _send_all(send: Callable, messages: list[dict]) -> None:
    for message in messages:
        await send(message)


def register(app: Flask) -> None:
    """Answer 408, through the app's error handler, a request whose body `BodyFront` gave up on."""

    @app.before_request
    def refuse_late_body() -> None:
        if request.environ.get("asgi.scope", {}).get(LATE):
            raise SlowBody()

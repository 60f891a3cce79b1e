"""Request bodies are read whole before a view runs, by fewer threads than there are.

Granian hands a WSGI app its body as a stream that blocks the request thread until the bytes
arrive, with no timeout of its own (upstream: emmett-framework/granian#728, closed as won't
fix): eight clients sending a byte a second held every request thread of a server, and queries
waited behind them. Here at most all but one of a worker's request threads may be reading a body
at once; a body that finds them all taken for a second is answered 503 with Retry-After, so a
query sent in the URL always finds a thread. A body is read in chunks, and one that has not arrived
within `BODY_TIMEOUT` seconds plus one second per `MIN_BODY_RATE` bytes it declares is answered
408 at the next chunk.

What this cannot do: cut off a client in the middle of a chunk, or one that goes quiet. A read
blocked in granian cannot be interrupted from Python, and a read left running in a thread of its
own, once its request has been answered, was seen to stall the whole worker; so such a client
keeps its thread, and its connection, until it closes it. A reverse proxy's body timeout
(nginx's client_body_timeout) closes it; the README says so.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, request
from werkzeug.exceptions import RequestTimeout, ServiceUnavailable

CHUNK = 64 * 1024  # bytes read at a time; the deadline is looked at between chunks
SLOT_WAIT = 1.0  # seconds a body waits for a reading thread: bodies that come whole take microseconds


class SlowBody(RequestTimeout):
    description = "The request body came too slowly; send it whole, faster, or raise --body-timeout."

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Connection", "close")]


class BusyReading(ServiceUnavailable):
    description = "Too many request bodies are being read at once; try again shortly."

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Retry-After", "2")]


@dataclass
class BodyGate:
    timeout: float  # seconds any body may take
    rate: int  # bytes a second a body must arrive at, on top of that
    readers: threading.BoundedSemaphore  # request threads that may be reading a body at once

    @classmethod
    def for_threads(cls, threads: int, timeout: float, rate: int) -> BodyGate:
        """All but one of `threads` may read bodies; with one thread, that one."""
        return cls(timeout, rate, threading.BoundedSemaphore(max(1, threads - 1)))

    def read(self, environ: dict) -> None:
        """Replace the request's body stream by the bytes its Content-Length declares."""
        want = _declared_length(environ) or 0
        if not self.readers.acquire(timeout=SLOT_WAIT):
            raise BusyReading()
        try:
            deadline = time.monotonic() + self.timeout + want / self.rate
            stream, chunks, got = environ["wsgi.input"], [], 0
            while got < want:
                chunk = stream.read(min(CHUNK, want - got))
                if not chunk:
                    break  # a body cut short: werkzeug says so when the view reads it
                chunks.append(chunk)
                got += len(chunk)
                if got < want and time.monotonic() > deadline:
                    raise SlowBody()
        finally:
            self.readers.release()
        environ["wsgi.input"] = io.BytesIO(b"".join(chunks))


def _declared_length(environ: dict) -> int | None:
    try:
        return max(0, int(environ.get("CONTENT_LENGTH") or ""))
    except ValueError:
        return None


def register(app: Flask, gate: BodyGate, limit: Callable[[], int]) -> None:
    """Read every request's body through `gate` before its view; `limit()` is the most any view
    of this app accepts. A body over it (413) and a body in chunks with no length (411, since a
    chunked body cut off looks whole) are left to the views, which refuse them unread."""

    @app.before_request
    def read_body() -> None:
        declared = _declared_length(request.environ)
        if declared and declared <= limit():
            gate.read(request.environ)

"""A cap on the requests one client address has in hand at once, per web worker.

Eight clients looping on a ten-second COUNT took every request thread, and 24 others got a few
answers a minute. Fuseki and Oxigraph leave fairness to a proxy; here each web worker lets one
address have at most `PER_CLIENT` requests at once (by default all but one of its threads, so
that one client alone can never take them all) and answers the next one 429 with Retry-After,
at once, holding no thread. Static files and /health are not counted. Behind a reverse proxy
every client has the proxy's address: raise the cap there, or turn it off with 0.
"""

from __future__ import annotations

import threading
from collections import Counter

from flask import Flask, g, request
from werkzeug.exceptions import TooManyRequests

UNCOUNTED = {"static", "api.health"}


class TooMany(TooManyRequests):
    def __init__(self, cap: int) -> None:
        super().__init__(f"This client already has {cap} requests in progress here; wait for one to end "
                         "and try again.")

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Retry-After", "1")]


class ClientCap:
    """How many requests each address has in progress, under one lock."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._lock = threading.Lock()
        self._in_hand: Counter[str] = Counter()

    def enter(self, address: str) -> bool:
        with self._lock:
            if self._in_hand[address] >= self.cap:
                return False
            self._in_hand[address] += 1
            return True

    def leave(self, address: str) -> None:
        with self._lock:
            self._in_hand[address] -= 1
            if self._in_hand[address] <= 0:
                del self._in_hand[address]


def register(app: Flask, cap: int) -> None:
    """Count every request but static files and /health against its address; `cap` 0 counts none."""
    if cap <= 0:
        return
    clients = ClientCap(cap)

    @app.before_request
    def count_in() -> None:
        if request.endpoint in UNCOUNTED:
            return
        address = request.remote_addr or "-"
        if not clients.enter(address):
            raise TooMany(cap)
        g.counted_address = address

    @app.teardown_request
    def count_out(_error: BaseException | None = None) -> None:
        # once the view has made its answer: answers are made whole (a query has run by then), and
        # the bytes still to send hold no query process
        address = g.pop("counted_address", None)
        if address is not None:
            clients.leave(address)

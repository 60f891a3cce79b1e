"""The server under clients that hold on: bodies sent a byte at a time, clients that send more
queries at once than their share. Each test starts `frontline serve` for real on 127.0.0.1 with
few request threads, so that a handful of sockets is enough to show the fault; every socket and
request has a timeout, and everything is closed when the test ends."""

from __future__ import annotations

import http.client
import select
import shutil
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from urllib.parse import urlencode

import requests

from tests.servers import running_server

CLIENT_TIMEOUT = 30  # no client here waits longer than this, with the server at fault or not


def _slow_body(port: int) -> socket.socket:
    """A POST that declares a body of 200 bytes and sends three of them, then nothing more."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=CLIENT_TIMEOUT)
    sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                 b"Content-Length: 200\r\n\r\nSEL")
    return sock


def _answered(socks: list[socket.socket], count: int) -> list[int]:
    """The statuses of the first `count` of `socks` to be answered, whichever they are."""
    statuses: list[int] = []
    heads = {sock: b"" for sock in socks}
    deadline = time.monotonic() + CLIENT_TIMEOUT
    while len(statuses) < count and time.monotonic() < deadline:
        ready, _, _ = select.select([s for s in heads if b"\r\n" not in heads[s]], [], [], 1)
        for sock in ready:
            heads[sock] += sock.recv(1024) or b"closed\r\n"
            if b"\r\n" in heads[sock]:
                head = heads[sock]
                statuses.append(int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0)
    return statuses


def test_stalled_bodies_hold_no_thread_and_are_answered_408(sample_store, tmp_path):
    """Four bodies that stop mid-way, on a server of one worker with two request threads and two
    seconds for a body: queries are answered all along, in the URL and as bodies, because a body
    is awaited in the event loop and not in a request thread; each stalled body is answered 408
    when its time is up, though its client never sends another byte."""
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    ask = {"query": "ASK { ?s ?p ?o }"}
    accept = {"Accept": "application/sparql-results+json"}
    # every client here is 127.0.0.1: the cap per client (tested below) is off, to see the bodies alone
    with running_server(store, tmp_path / "server.log", "--workers", "1", "--threads", "2",
                        "--per-client", "0", "--body-timeout", "2") as server:
        port = int(server.url.rsplit(":", 1)[1])
        with ExitStack() as sockets:
            stalled = [sockets.enter_context(_slow_body(port)) for _ in range(4)]
            for _ in range(3):
                answered = requests.get(server.sparql, params=ask, headers=accept, timeout=CLIENT_TIMEOUT)
                assert answered.status_code == 200 and answered.json()["boolean"] is True
                posted = requests.post(server.sparql, data=ask["query"], timeout=CLIENT_TIMEOUT,
                                       headers={"Content-Type": "application/sparql-query", **accept})
                assert posted.status_code == 200 and posted.json()["boolean"] is True, posted.text
            assert _answered(stalled, 4) == [408] * 4
        assert "Traceback" not in server.log_text()


def test_a_body_that_comes_too_slowly_is_a_408(sample_store, tmp_path):
    """A 256 KiB body sent 64 KiB at a time, three seconds apart, to a server that gives bodies one
    second (and one more per MiB): answered 408 when its time is up, and the server answers on."""
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    body = b"ASK { ?s ?p ?o } #" + b"x" * (256 * 1024 - 18)
    with running_server(store, tmp_path / "server.log", "--workers", "1", "--threads", "2",
                        "--body-timeout", "1") as server:
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=CLIENT_TIMEOUT) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(body))
            statuses: list[int] = []
            for start in range(0, len(body), 64 * 1024):
                sock.sendall(body[start:start + 64 * 1024])
                statuses = _answered([sock], 1) if select.select([sock], [], [], 3)[0] else []
                if statuses:
                    break
            assert statuses == [408], statuses
        answered = requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=CLIENT_TIMEOUT,
                                headers={"Accept": "application/sparql-results+json"})
        assert answered.status_code == 200
        assert "Traceback" not in server.log_text()


def _ask_from(source: str, port: int, query: str) -> tuple[int, str | None]:
    """A query sent from the loopback address `source` (127.0.0.1, 127.0.0.2...): its status and
    Retry-After."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT, source_address=(source, 0))
    try:
        conn.request("GET", "/sparql?" + urlencode({"query": query}),
                     headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
    finally:
        conn.close()


def test_one_client_cannot_take_every_thread(sample_store, tmp_path):
    """One worker, three request threads, so two requests at once per client address: while one
    address has two slow queries running, its third is answered 429 with Retry-After at once, and
    another address is answered as usual."""
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with running_server(store, tmp_path / "server.log", "--workers", "1", "--threads", "3",
                        "--timeout", "3") as server:
        port = int(server.url.rsplit(":", 1)[1])
        with ThreadPoolExecutor(max_workers=2) as pool:
            slow = [pool.submit(_ask_from, "127.0.0.1", port, cross) for _ in range(2)]
            time.sleep(0.3)
            mine, others = [], []
            while not all(f.done() for f in slow):
                mine.append(_ask_from("127.0.0.1", port, "ASK { ?s ?p ?o }"))
                others.append(_ask_from("127.0.0.2", port, "ASK { ?s ?p ?o }"))
                time.sleep(0.1)
        assert (429, "1") in mine, mine
        assert others and all(status == 200 for status, _ in others), others
        assert _ask_from("127.0.0.1", port, "ASK { ?s ?p ?o }")[0] == 200  # and once they end, it is let in again
        assert "Traceback" not in server.log_text()

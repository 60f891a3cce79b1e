"""The server's configuration, in one place: how much work one request may cause.

An open SPARQL endpoint runs whatever strangers send it, and one query can ask for the cross
product of the graph with itself. Every bound the server enforces is here, with its default
and the Flask config key that changes it, so that `frontline serve` flags, tests and
create_app callers all speak of the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULTS = {
    "QUERY_TIMEOUT": 10.0,  # seconds a query may run before its process is killed
    "MAX_ROWS": 10_000,  # solutions or triples in one answer; more are cut off and the answer says so
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # bytes of request body (Flask refuses more with 413)
    "QUERY_MEMORY_MB": 2048,  # data segment of one query process; 0 for no cap
    "QUERY_PROCESSES": 4,  # executor processes per web worker: one per request thread
    "MAX_UPLOAD_LENGTH": 16 * 1024 * 1024,  # bytes of a write's body (an update or a Graph Store upload) on a writable server
    "WRITE_TIMEOUT": 60.0,  # seconds one write may take before the writing process is killed (nothing is written)
    "ANSWER_MEMORY_MB": 64,  # MB of answers a web worker keeps to send again (server/kept.py); 0 keeps none
    "WRITE_ORIGINS": (),  # web origins whose pages may write (with the token) from a browser; none by default
    "BODY_TIMEOUT": 10.0,  # seconds a request body may take to arrive (server/http/bodies.py), plus:
    "MIN_BODY_RATE": 1024 * 1024,  # one more second per this many bytes the body declares
    "PER_CLIENT": None,  # requests one client address may have in progress per web worker (server/http/clients.py);
    # None: all but one of the worker's request threads; 0: no cap
}


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULTS["QUERY_TIMEOUT"]
    max_rows: int = DEFAULTS["MAX_ROWS"]
    max_body: int = DEFAULTS["MAX_CONTENT_LENGTH"]
    memory_mb: int = DEFAULTS["QUERY_MEMORY_MB"]
    max_upload: int = DEFAULTS["MAX_UPLOAD_LENGTH"]
    write_timeout: float = DEFAULTS["WRITE_TIMEOUT"]
    answer_mb: int = DEFAULTS["ANSWER_MEMORY_MB"]
    body_timeout: float = DEFAULTS["BODY_TIMEOUT"]
    body_rate: int = DEFAULTS["MIN_BODY_RATE"]

    @classmethod
    def from_config(cls, config: Mapping) -> Limits:
        limits = cls(timeout=float(config["QUERY_TIMEOUT"]), max_rows=int(config["MAX_ROWS"]),
                     max_body=int(config["MAX_CONTENT_LENGTH"]), memory_mb=int(config["QUERY_MEMORY_MB"]),
                     max_upload=int(config["MAX_UPLOAD_LENGTH"]), write_timeout=float(config["WRITE_TIMEOUT"]),
                     answer_mb=int(config["ANSWER_MEMORY_MB"]), body_timeout=float(config["BODY_TIMEOUT"]),
                     body_rate=int(config["MIN_BODY_RATE"]))
        if min(limits.timeout, limits.max_rows, limits.max_body, limits.max_upload, limits.write_timeout,
               limits.body_timeout, limits.body_rate) <= 0:
            raise ValueError("QUERY_TIMEOUT, MAX_ROWS, MAX_CONTENT_LENGTH, MAX_UPLOAD_LENGTH, WRITE_TIMEOUT, "
                             "BODY_TIMEOUT and MIN_BODY_RATE must be positive")
        if limits.answer_mb < 0:
            raise ValueError("ANSWER_MEMORY_MB must be 0 (keep no answers) or more")
        return limits

"""`frontline serve`, plugged into kg's command line through the entry point
`frontline.commands` (pyproject.toml), as Flask's extensions add their commands: kg never imports
server. The flags' defaults are read from server/config.py, the one home of the server's limits."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kg.cli import at_least, port, seconds
from server.config import DEFAULTS

Handler = Callable[[argparse.Namespace], int]


def add_commands(sub, with_store: Callable[[argparse.ArgumentParser], argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add `serve` to the subcommands; return its handler by name."""
    p = with_store(sub.add_parser("serve", help="serve the graph: SPARQL endpoint, control API and example page"))
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=port, default=5000, help="port to listen on (default: 5000)")
    p.add_argument("--workers", type=at_least(1), default=None, help="web worker processes (default: 2; 1 with --writable)")
    p.add_argument("--threads", type=at_least(1), default=DEFAULTS["QUERY_PROCESSES"],
                   help=f"request threads per worker (default: {DEFAULTS['QUERY_PROCESSES']})")
    p.add_argument("--timeout", type=seconds, default=DEFAULTS["QUERY_TIMEOUT"],
                   help=f"seconds a query may run (default: {DEFAULTS['QUERY_TIMEOUT']:g})")
    p.add_argument("--max-rows", type=at_least(1), default=DEFAULTS["MAX_ROWS"],
                   help=f"rows or triples in one answer (default: {DEFAULTS['MAX_ROWS']})")
    p.add_argument("--writable", action="store_true",
                   help="accept SPARQL Update and Graph Store writes from clients that send the token in "
                        "FRONTLINE_TOKEN (Authorization: Bearer TOKEN)")
    p.add_argument("--max-upload", type=at_least(1), default=None,
                   help=f"bytes in one write's body, with --writable (default: {DEFAULTS['MAX_UPLOAD_LENGTH'] >> 20} MiB)")
    p.add_argument("--answer-memory", type=at_least(0), default=None, metavar="MB",
                   help="memory each web worker keeps answers in, to send them again when the same query or "
                        f"question comes back; 0 keeps none (default: {DEFAULTS['ANSWER_MEMORY_MB']})")
    p.add_argument("--write-timeout", type=seconds, default=None,
                   help=f"seconds one write may take, with --writable (default: {DEFAULTS['WRITE_TIMEOUT']:g})")
    p.add_argument("--per-client", type=at_least(0), default=None, metavar="N",
                   help="requests one client address may have in progress at once, per web worker; more are "
                        "answered 429 (default: one less than --threads, at least 1; 0: no cap)")
    p.add_argument("--body-timeout", type=seconds, default=None,
                   help="seconds a request body may take to arrive, plus one per MiB it declares; a slower one "
                        f"is answered 408 (default: {DEFAULTS['BODY_TIMEOUT']:g})")
    p.add_argument("--write-origin", action="append", default=[], metavar="ORIGIN",
                   help="with --writable, a web origin (https://tool.example) whose pages may write from a browser; "
                        "repeat for more (default: none: pages may read, not write)")
    return {"serve": cmd_serve}


def cmd_serve(args: argparse.Namespace) -> int:
    from server.serve import serve

    workers = args.workers if args.workers is not None else (1 if args.writable else 2)
    return serve(args.store, host=args.host, port=args.port, workers=workers, threads=args.threads,
                 timeout=args.timeout, max_rows=args.max_rows, writable=args.writable, max_upload=args.max_upload,
                 write_timeout=args.write_timeout, answer_memory=args.answer_memory,
                 write_origins=tuple(args.write_origin), body_timeout=args.body_timeout,
                 per_client=args.per_client)

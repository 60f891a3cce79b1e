"""Frontline KG over HTTP: a SPARQL 1.1 endpoint, the Graph Store Protocol, the control question
as JSON, and a page of example queries to run in a browser.

`create_app` is the application factory, called once in each web worker: every worker opens
the store read-only for itself and keeps its own pool of query processes, because neither an
open RocksDB store nor a child process survives being shared across a fork. Given a
WRITE_TOKEN, the app is writable: its single web worker keeps the store's one writer process
and reads snapshots of the store (server/processes/writes.py), and every write needs the token.

The Flask parts are imported inside the factory, not at the top of the package, so that the
query processes, which import `server.executor`, start without loading Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def create_app(store_path: str | Path, config: Mapping | None = None):
    """The Flask application serving the store at `store_path`. `config` overrides Flask config
    keys, among them the limits in server/config.py (QUERY_TIMEOUT, MAX_ROWS, ...) and
    WRITE_TOKEN, which makes the app writable by whoever presents it."""
    from flask import Flask

    from kg.graph import vocab
    from kg.graph.store import stored_base
    from server.config import DEFAULTS, Limits
    from server.http import bodies, clients, cors, errors
    from server.state import State
    from server.views import api, graphstore, pages, places, resources, sparql

    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.json.sort_keys = False  # keep kg.control's field order, as `frontline control --format json` prints it
    if config:
        app.config.update(config)
    limits = Limits.from_config(app.config)
    app.config["MAX_CONTENT_LENGTH"] = limits.max_body
    root = app.config.get("SNAPSHOT_ROOT")
    state = State.open(Path(store_path), limits, int(app.config["QUERY_PROCESSES"]), token=app.config.get("WRITE_TOKEN"),
                       snapshot_root=Path(root) if root else None)
    app.extensions["frontline"] = state
    with state.reading() as store:  # the base the store's IRIs were minted under: /id/... answers them
        base = stored_base(store)
    if base:
        vocab.use_base(base)

    errors.register(app)
    cors.register(app)
    threads = int(app.config["QUERY_PROCESSES"])
    per_client = app.config["PER_CLIENT"]
    clients.register(app, max(1, threads - 1) if per_client is None else int(per_client))
    bodies.register(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(graphstore.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(places.bp)
    app.register_blueprint(resources.bp)
    state.pool.warm()
    return app


def create_asgi_app(store_path: str | Path, config: Mapping | None = None):
    """The app as `frontline serve` runs it: `create_app`'s, behind the ASGI front that reads
    request bodies without holding a request thread (server/http/bodies.py)."""
    from server.http.bodies import BodyFront

    app = create_app(store_path, config)
    state = app.extensions["frontline"]
    limits = state.limits
    return BodyFront(app, int(app.config["QUERY_PROCESSES"]), limits.body_timeout, limits.body_rate,
                     lambda: limits.max_upload if state.writable else limits.max_body)

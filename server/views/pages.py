"""What a person opens in a browser: the page of example queries, and the whole graph as files.

The page is plain HTML rendered by Jinja (autoescaped) with one script and one stylesheet
served from server/static; it loads nothing from anywhere else, which the Content-Security-Policy
header below also enforces. The dumps are kg.store.dump's, the same bytes `frontline dump`
writes, made once per worker and served from a file.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, send_file

from kg.graph import vocab
from kg.graph.formats import RDF_FORMATS, by_name
from server.state import get_state
from server.views import examples

bp = Blueprint("pages", __name__)

DUMPS = {fmt.extension: fmt.name for fmt in RDF_FORMATS}  # /dump.ttl, /dump.nq, ...
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@bp.get("/")
def index():
    state = get_state()
    html = render_template("index.html", examples=examples.load(), limits=state.limits, quads=state.quads(),
                           dumps=DUMPS, base=vocab.ID)
    return html, 200, {"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"}


@bp.get("/dump.<ext>")
def dump(ext: str):
    fmt = DUMPS.get(ext)
    if fmt is None:
        abort(404, description=f"no dump as .{ext}; there are " + ", ".join(f"/dump.{e}" for e in DUMPS))
    try:
        path = get_state().dump_file(fmt)
    except ValueError as err:  # RDF/XML of a graph holding control characters
        abort(406, description=str(err))
    return send_file(path, mimetype=by_name(fmt).media_type, as_attachment=True,
                     download_name=f"frontline-kg.{ext}", max_age=0)

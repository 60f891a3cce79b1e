"""Saved web pages: the article body without navigation, bios and link lists."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass

from kg.resources import cache_dir

CACHE_VERSION = 2  # raise when what is kept of a page changes


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    date: str | None
    url: str | None
    sitename: str | None = None  # the outlet, as the page names itself


def extract(page: str) -> Page:
    """The main text of a page (trafilatura), with its title, date and canonical URL. trafilatura
    takes seconds on a large page (minutes on a 19 MB one), and a build reads every page twice
    (which articles there are, then their texts) and again on every rebuild; what it found is
    kept in the user's cache by the page's digest and trafilatura's version, so a page is
    extracted once."""
    import trafilatura

    digest = hashlib.sha256(f"{trafilatura.__version__}\n{CACHE_VERSION}\n".encode() +
                            page.encode("utf-8", "surrogatepass")).hexdigest()
    path = cache_dir() / "pages" / digest[:2] / f"{digest}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = None
    if isinstance(kept, dict) and set(kept) == {"text", "title", "date", "url", "sitename"}:
        return Page(**kept)
    found = _extract(page)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(found)), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs the next build the same extraction
    return found


def _extract(page: str) -> Page:
    import trafilatura

    doc = trafilatura.bare_extraction(page, include_comments=False, include_tables=False,
                                      favor_precision=True, with_metadata=True)
    if doc is None:
        raise ValueError("no article text found in the page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    return Page(text=text, title=data.get("title"), date=data.get("date"), url=data.get("url"),
                sitename=data.get("sitename"))

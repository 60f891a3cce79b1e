"""Saved web pages: the article body without navigation, bios and link lists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    date: str | None
    url: str | None


def extract(page: str) -> Page:
    """The main text of a page (trafilatura), with its title, date and canonical URL."""
    import trafilatura

    doc = trafilatura.bare_extraction(page, include_comments=False, include_tables=False,
                                      favor_precision=True, with_metadata=True)
    if doc is None:
        raise ValueError("no article text found in the page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    return Page(text=text, title=data.get("title"), date=data.get("date"), url=data.get("url"))

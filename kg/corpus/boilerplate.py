"""Which lines of an article are the news, and which are the page around it.

Scraped reports carry navigation, "MORE:" links, captions, bylines and author bios; facts
read from those would be about other stories, so the extractor skips these lines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.resources import lexicon_path


@lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern[str]]:
    lines = lexicon_path("boilerplate.txt").read_text(encoding="utf-8").splitlines()
    return [re.compile(line, re.I) for line in lines if line.strip() and not line.startswith("#")]


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    return any(p.search(stripped) for p in _patterns())


def is_headline(line: str) -> bool:
    """A title or sub-head: short, no closing punctuation, mostly capitalised words."""
    stripped = line.strip()
    if not stripped or stripped[-1] in ".”\"'’:;!)" or len(stripped.split()) > 16:
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", stripped)]
    if not words:
        return True
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised >= 0.6 * len(words) or len(words) <= 4


def skipped_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines that are not the article's news: page furniture, and
    headlines (a short line with no closing punctuation standing as its own paragraph)."""
    ranges, start = [], 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        end = start + len(line)
        alone = (i == 0 or not lines[i - 1].strip()) and (i + 1 >= len(lines) or not lines[i + 1].strip())
        if line.strip() and (is_boilerplate(line) or is_headline(line) or (alone and _unfinished(line))):
            ranges.append((start, end))
        start = end + 1
    return ranges


def _unfinished(line: str) -> bool:
    """A short line that does not end as a sentence does: a title or a sub-head."""
    stripped = line.strip()
    return len(stripped.split()) <= 14 and stripped[-1] not in ".”\"'’:;!?)"


DATELINE_PREFIX = re.compile(
    # Romny, Ukraine, (Agency / Site - 13th Jan, 2023 ) :   a place in any case, with a credit
    r"[A-Z][A-Za-z.'’\- ]{2,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?,?\s*\([^)\n]{1,80}\)\s*[-–—:]\s*"
    r"|[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?"          # SHOSTKA, Ukraine / ROMNY
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"                  # , March 3, 2023
    r"(?:\s*(?:\([^)\n]{1,40}\))?\s*[-–—:]\s+"                               # (Reuters) -   or  MOSCOW:
    r"|\.?\s*/[A-Z][A-Za-z-]{1,15}/\.?\s+)")                                   # . /TASS/.


def parse_text(text: str) -> str:
    """The text the parser reads: page furniture and a wire dateline blanked out with spaces, so
    that they do not run into the article's first sentence, while every character keeps its
    offset (newlines stay, so paragraphs stay)."""
    chars = list(text)
    ranges = skipped_ranges(text)
    start = _first_news_line(text, ranges)
    match = DATELINE_PREFIX.match(text, start) if start is not None else None
    if match:
        ranges.append((start, match.end()))
    for begin, end in ranges:
        for i in range(begin, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _first_news_line(text: str, skipped: list[tuple[int, int]]) -> int | None:
    """Where the article's first line of news starts, after any headline, time stamp or
    caption above it: a wire dateline stands there."""
    start = 0
    for line in text[:2000].split("\n"):
        if line.strip() and not any(b <= start < e for b, e in skipped):
            return start + len(line) - len(line.lstrip())
        start += len(line) + 1
    return None

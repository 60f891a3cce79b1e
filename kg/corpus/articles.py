"""Reading a corpus: every file becomes zero or more Articles, or a reason it was skipped.

A corpus is whatever people have on disk: plain text with an optional ` date YYYY-MM-DD`
first line, JSON records from scrapers, saved web pages. One bad file must never stop
the rest, so readers report problems as values (`Skipped`) instead of raising.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from kg.language.dates import day_in

MAX_BYTES = 20 * 1024 * 1024
# One article is parsed whole: 200,000 characters (some 30,000 words, past any news report or live
# blog day) take about 25 s and 1 GB; a million took 114 s and 3.2 GB. The README states both limits.
MAX_CHARS = 200_000
SUFFIXES = {".txt", ".json", ".jsonl", ".html", ".htm"}
DATE_LINE = re.compile(r"\A\ufeff?\s*date\s+(\S+)[ \t]*")


@dataclass(frozen=True)
class Article:
    """One report as read: its text is what every character offset in the graph points into."""

    id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str = ""  # the file (and record) it was read from
    outlet: str | None = None  # who published it: the record's "source", the page's site name, or the URL's host

    @property
    def content_hash(self) -> str:
        fields = [self.id, self.text, self.date and self.date.isoformat(), self.title, self.url]
        if self.outlet is not None:  # articles without one keep the hash they had before outlets were read
            fields.append(self.outlet)
        payload = json.dumps(fields)
        return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """A file (or a record in one) that could not be read, and why, in words a user can act on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def parse_date(value: object) -> dt.date | None:
    """A record's or page's date: ISO (or the date of an ISO timestamp), or as pages write it
    ("17 February 2024", "Feb 17, 2024 10:05 AM", "Sat, 17 Feb 2024 10:00:00 GMT", "7/17/2024",
    "17.02.2024"), or Unix seconds; raises ValueError when it is no date."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"date {value!r} is not a timestamp") from None
    text = str(value).strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text) or re.match(r"(\d{4})/(\d{2})/(\d{2})\b", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError as err:
            raise ValueError(f"impossible date {text!r} ({err})") from None
    found = day_in(text)
    if found is not None:
        return found
    raise ValueError(f"date {text!r} is not a date (write YYYY-MM-DD)")


def corpus_files(root: Path) -> tuple[list[Path], list[Skipped]]:
    """The readable-looking files under root, in a stable order (hidden files left out), and
    what could not be looked into, each with its reason: a folder that cannot be listed, a link
    to nothing, a link that leads back into a folder it is in. Links to folders are not followed
    (a loop would never end); links to files are read."""
    if root.is_file():
        return [root], []
    files: list[Path] = []
    problems: list[Skipped] = []

    def unreadable(err: OSError) -> None:
        problems.append(Skipped(printable(str(err.filename or root)), f"folder cannot be read ({err.strerror or err})"))

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for link in (d for d in dirs if (here / d).is_symlink()):
            problems.append(Skipped(printable(str(here / link)), "a link to a folder, not followed"))
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
        for name in sorted(names):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink() and not path.exists():
                problems.append(Skipped(printable(str(path)), "a link to nothing (or a link that loops)"))
                continue
            if path.is_file():
                files.append(path)
    return sorted(files), problems


def read_corpus(root: Path) -> Iterator[Article | Skipped]:
    """Every article of a folder (or one file), and a Skipped for each thing that is not one.

    An article's source is its path inside the corpus ("2024/report.json[3]"), not where the
    corpus lay on the machine that built the graph: the graph is published, the machine's folders
    are nobody's business. A Skipped keeps the whole path, for the user who must find the file."""
    base = root.parent if root.is_file() else root
    files, problems = corpus_files(root)
    yield from problems
    for path in files:
        for item in read_file(path):
            if isinstance(item, Article):
                full = printable(str(path))
                inside = printable(str(path.relative_to(base)))
                item = replace(item, source=inside + item.source[len(full):] if item.source.startswith(full) else inside)
            yield item


def read_file(path: Path) -> Iterator[Article | Skipped]:
    suffix = path.suffix.lower()
    name = printable(str(path))
    if suffix not in SUFFIXES:
        yield Skipped(name, f"not an article file (expected one of {', '.join(sorted(SUFFIXES))})")
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Skipped(name, f"too large ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
            return
        raw = path.read_bytes()
    except OSError as err:
        yield Skipped(name, f"cannot be read ({err.strerror or err})")
        return
    if not raw.strip():
        yield Skipped(name, "empty file")
        return
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte order mark, as Windows saves it
            text = raw.decode("utf-16")
        elif b"\x00" in raw[:4096]:
            yield Skipped(name, "binary file, not text")
            return
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        yield Skipped(name, f"not UTF-8 (invalid byte at position {err.start})")
        return
    if suffix == ".txt":
        yield from _from_text(path, text)
    elif suffix in (".html", ".htm"):
        yield from _from_html(path, text)
    else:
        yield from _from_json(path, text, lines=suffix == ".jsonl")


def _from_text(path: Path, text: str) -> Iterator[Article | Skipped]:
    date = None
    match = DATE_LINE.match(text)
    if match:
        try:
            date = parse_date(match.group(1))
        except ValueError as err:
            yield Skipped(str(path), str(err))
            return
        text = text[match.end():]
    text = _normalise(text)
    if not text:
        yield Skipped(str(path), "no text after the date line")
        return
    yield _checked(Article(id=path.stem, text=text, date=date, source=str(path)))


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(text: str) -> str:
    """Text that any writer of the graph can carry: a file name that is not UTF-8 comes from the
    file system with its bad bytes as lone surrogates ("r\\udcffport"), which no RDF literal may
    hold; they become escapes that still tell the names apart ("r\\xffport"). Control characters
    that XML 1.0 cannot carry (a title with a raw \\x01) become spaces, so that every answer in
    SPARQL XML and every RDF/XML dump stays well-formed."""
    text = NOT_XML.sub(" ", text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def _checked(article: Article) -> Article | Skipped:
    """Articles longer than the NLP pipeline can parse in one piece are reported, not crashed on;
    names that are not text (a file name that is not UTF-8) are made printable."""
    outlet = article.outlet or host_of(article.url)
    article = replace(article, id=printable(article.id), source=printable(article.source),
                      title=printable(article.title) if article.title else article.title,
                      url=printable(article.url) if article.url else article.url, text=printable(article.text),
                      outlet=printable(outlet.strip()) if outlet and outlet.strip() else None)
    if not article.text.strip():  # only control characters, which printing turned into spaces
        return Skipped(article.source, "no text (only spaces or control characters)")
    if len(article.text) > MAX_CHARS:
        return Skipped(article.source, f"article too long to parse ({len(article.text):,} characters; "
                                       f"the limit is {MAX_CHARS:,})")
    return article


def _from_html(path: Path, page: str) -> Iterator[Article | Skipped]:
    from kg.corpus import html

    try:
        extracted = html.extract(page)
    except ValueError as err:
        yield Skipped(str(path), str(err))
        return
    try:
        date = parse_date(extracted.date)
    except ValueError:
        date = None
    text = _normalise(extracted.text)
    if not text:
        yield Skipped(str(path), "no article text found in the page")
        return
    yield _checked(Article(id=path.stem, text=text, date=date, title=extracted.title, url=extracted.url,
                           source=str(path), outlet=extracted.sitename))


TOO_DEEP = "JSON nested too deeply to read (arrays or objects inside each other thousands of times)"


def _from_json(path: Path, text: str, lines: bool) -> Iterator[Article | Skipped]:
    records: list[tuple[str, object]] = []
    if lines:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f"{path}:{number}", json.loads(line)))
            except json.JSONDecodeError as err:
                yield Skipped(f"{path}:{number}", f"invalid JSON ({err.msg} at column {err.colno})")
            except RecursionError:
                yield Skipped(f"{path}:{number}", TOO_DEEP)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            yield Skipped(str(path), f"invalid JSON ({err.msg} at line {err.lineno} column {err.colno})")
            return
        except RecursionError:  # one file nested past what the decoder can follow is one skipped file
            yield Skipped(str(path), TOO_DEEP)
            return
        items = data if isinstance(data, list) else [data]
        records = [(f"{path}[{i}]" if isinstance(data, list) else str(path), item) for i, item in enumerate(items)]
    for where, record in records:
        yield _from_record(where, record, path)


def _from_record(where: str, record: object, path: Path) -> Article | Skipped:
    if not isinstance(record, dict):
        return Skipped(where, "a record must be a JSON object with id and text")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return Skipped(where, "record has no text")
    ident = record.get("id")
    if ident in (None, ""):
        return Skipped(where, "record has no id")
    if not isinstance(ident, str | int) or isinstance(ident, bool):
        return Skipped(where, f"record id must be a string or a number, not {type(ident).__name__}")
    for field in ("title", "url", "source"):  # a number is a value too; a list or an object is not
        value = record.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
            return Skipped(where, f"record {field} must be text, not {type(value).__name__}")
    try:
        date = parse_date(record.get("date"))
    except ValueError as err:
        return Skipped(where, str(err))
    title = str(record["title"]) if record.get("title") is not None else None
    url = str(record["url"]) if record.get("url") is not None else None
    outlet = str(record["source"]) if record.get("source") is not None else None
    return _checked(Article(id=str(ident), text=_normalise(body), date=date, title=title, url=url, source=where,
                            outlet=outlet))


def host_of(url: str | None) -> str | None:
    """The site of a URL, as a reader names the outlet: "www.example.com/a" -> "example.com"."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host.removeprefix("www.") or None


def _normalise(text: str) -> str:
    """One newline convention and no trailing space, so offsets mean the same everywhere."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()

"""Reading a corpus: every format, and every kind of bad file named with its reason."""

from __future__ import annotations

import datetime as dt
import json

from kg.corpus.articles import MAX_CHARS, Article, Skipped, read_corpus
from kg.resources import sample_corpus


def _read(folder):
    items = list(read_corpus(folder))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def test_sample_corpus_reads_every_format():
    articles, skipped = _read(sample_corpus())
    assert len(articles) >= 15
    assert skipped == []
    sources = {a.source.rsplit(".", 1)[-1].split(":")[0].split("[")[0] for a in articles}
    assert {"txt", "jsonl", "json", "html"} <= sources
    years = {a.date.year for a in articles if a.date}
    assert years >= {2022, 2023, 2024, 2025}


def test_date_line_is_read_and_removed(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-11-14 Russian forces attacked Okhtyrka.\n\nMore text.", "utf-8")
    (tmp_path / "b.txt").write_text("No date line here. Ukrainian troops advanced.", "utf-8")
    articles, skipped = _read(tmp_path)
    by_id = {a.id: a for a in articles}
    assert by_id["a"].date == dt.date(2024, 11, 14)
    assert by_id["a"].text.startswith("Russian forces attacked")
    assert by_id["b"].date is None and by_id["b"].text.startswith("No date line")
    assert skipped == []


def test_json_records_and_lists(tmp_path):
    record = {"id": "r1", "url": "https://example.org/r1", "date": "2023-05-21", "title": "T", "text": "Body one."}
    (tmp_path / "one.json").write_text(json.dumps(record), "utf-8")
    (tmp_path / "many.json").write_text(json.dumps([dict(record, id="r2"), dict(record, id="r3")]), "utf-8")
    (tmp_path / "lines.jsonl").write_text(json.dumps(dict(record, id="r4")) + "\n\n" + json.dumps(dict(record, id="r5")),
                                          "utf-8")
    articles, skipped = _read(tmp_path)
    assert sorted(a.id for a in articles) == ["r1", "r2", "r3", "r4", "r5"]
    assert all(a.url == "https://example.org/r1" and a.date == dt.date(2023, 5, 21) for a in articles)
    assert skipped == []


def test_bad_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_text("", "utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "latin1.txt").write_bytes("Kyiv \xe9t\xe9".encode("latin-1"))
    (tmp_path / "cut.json").write_text('{"id": "x", "text": "Okhtyrka was', "utf-8")
    (tmp_path / "baddate.txt").write_text(" date 2024-02-31 Text about Romny.", "utf-8")
    (tmp_path / "nodate.json").write_text(json.dumps({"id": "n", "text": "Undated text.", "date": "yesterday"}), "utf-8")
    (tmp_path / "notext.jsonl").write_text(json.dumps({"id": "z"}) + "\n", "utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    (tmp_path / "huge.txt").write_text("Russian forces attacked. " * (MAX_CHARS // 20), "utf-8")
    (tmp_path / "good.txt").write_text(" date 2024-01-01 Ukrainian forces advanced near Putyvl.", "utf-8")
    articles, skipped = _read(tmp_path)
    assert [a.id for a in articles] == ["good"]
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "invalid JSON" in reasons["cut.json"]
    assert "impossible date" in reasons["baddate.txt"]
    assert "is not a date" in reasons["nodate.json"]
    assert "no text" in reasons["notext.jsonl:1"]
    assert "not an article file" in reasons["picture.png"]
    assert "too long" in reasons["huge.txt"]
    assert all("\n" not in str(s) for s in skipped)


def test_html_page_keeps_the_article_and_drops_the_page(tmp_path):
    page = """<html><head><title>Shelling hits Kharkiv</title>
    <meta property="article:published_time" content="2024-05-25T10:00:00Z"></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
    <article><h1>Shelling hits Kharkiv</h1>
    <p>Russian forces shelled the city of Kharkiv on Saturday, regional officials said, damaging homes.</p>
    <p>The regional governor said rescue teams were still working at the scene in the evening.</p>
    <p>Ukraine's air force said it had shot down several drones over the region overnight.</p></article>
    <aside><h2>Most read</h2><ul><li>Celebrity wedding photos</li><li>Stock markets fall</li></ul></aside>
    <footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""
    (tmp_path / "page.html").write_text(page, "utf-8")
    articles, skipped = _read(tmp_path)
    assert skipped == []
    (article,) = articles
    assert "shelled the city of Kharkiv" in article.text
    assert "Celebrity wedding" not in article.text and "All rights reserved" not in article.text
    assert article.date == dt.date(2024, 5, 25)


def test_record_dates_as_pages_write_them(tmp_path):
    records = [{"id": f"r{i}", "text": "Ukrainian forces advanced.", "date": value}
               for i, value in enumerate(["2024-02-17T10:00:00Z", "17 February 2024", "Feb 17, 2024 10:05 AM",
                                          "Sat, 17 Feb 2024 10:00:00 GMT", "2/17/2024", "17.02.2024", 1708164000])]
    (tmp_path / "records.json").write_text(json.dumps(records), "utf-8")
    articles, skipped = _read(tmp_path)
    assert not skipped
    assert {a.date for a in articles} == {dt.date(2024, 2, 17)}


def test_a_file_nested_too_deeply_is_one_skipped_file_not_an_aborted_read(tmp_path):
    # issue 21, item 2: a RecursionError used to end the whole read
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    (tmp_path / "lines.jsonl").write_text(json.dumps({"id": "kept", "text": "Russian forces shelled Romny."}) + "\n"
                                          + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    (tmp_path / "plain.txt").write_text("Ukrainian troops retook Shostka.", "utf-8")
    read = list(read_corpus(tmp_path))
    assert sorted(a.id for a in read if isinstance(a, Article)) == ["kept", "plain"]
    skipped = sorted((s.source, s.reason) for s in read if isinstance(s, Skipped))
    assert [p.rsplit("/", 1)[-1] for p, _ in skipped] == ["deep.json", "lines.jsonl:2"], skipped
    assert all("nested too deeply" in reason for _, reason in skipped)


def test_utf16_files_and_record_fields_of_other_types_are_read_or_refused_by_name(tmp_path):
    # issue 21, item 5: UTF-16 files were called binary; numeric titles and urls were dropped
    # silently, and a list id was stored as its Python repr
    (tmp_path / "windows.txt").write_bytes("Russian forces captured Krolevets.".encode("utf-16"))
    records = [{"id": [1, 2], "text": "Russian forces shelled Romny."},
               {"id": 7, "title": 2024, "url": 123, "text": "Russian forces shelled Romny."},
               {"id": "x", "title": ["a"], "text": "Ukrainian troops retook Shostka."},
               {"id": True, "text": "Ukrainian troops retook Shostka."}]
    (tmp_path / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    read = list(read_corpus(tmp_path))
    articles = {a.id: a for a in read if isinstance(a, Article)}
    assert articles["windows"].text == "Russian forces captured Krolevets."
    assert (articles["7"].title, articles["7"].url) == ("2024", "123")
    reasons = sorted(s.reason for s in read if isinstance(s, Skipped))
    assert reasons == ["record id must be a string or a number, not bool",
                       "record id must be a string or a number, not list",
                       "record title must be text, not list"], reasons


def test_links_that_lead_nowhere_or_back_are_named_not_skipped_in_silence(tmp_path):
    # issue 21, item 5: symlink loops and dangling links were skipped without a word
    import os

    (tmp_path / "report.txt").write_text("Russian forces captured Krolevets.", "utf-8")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "loop-a.txt", tmp_path / "loop-b.txt")
    os.symlink(tmp_path / "loop-b.txt", tmp_path / "loop-a.txt")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "back")
    os.symlink(tmp_path / "report.txt", tmp_path / "sub" / "alias.txt")
    read = list(read_corpus(tmp_path))
    assert sorted(a.source for a in read if isinstance(a, Article)) == ["report.txt", "sub/alias.txt"]
    skipped = {s.source.rsplit("/", 1)[-1]: s.reason for s in read if isinstance(s, Skipped)}
    assert set(skipped) == {"dangling.txt", "loop-a.txt", "loop-b.txt", "back"}, skipped
    assert "not followed" in skipped["back"] and "nothing" in skipped["dangling.txt"]


def test_the_readme_states_the_reading_limits_the_code_enforces():
    # issue 21, item 5: large inputs are bounded, and the README says by how much
    from pathlib import Path

    from kg.corpus.articles import MAX_BYTES

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert f"{MAX_CHARS:,} characters" in readme and f"{MAX_BYTES // (1024 * 1024)} MB" in readme


def test_a_saved_page_is_extracted_once_and_then_read_from_the_cache(tmp_path, monkeypatch):
    # issue 21, item 5: every .html page went through trafilatura twice a build, and again on rebuilds
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "<p>Russian forces shelled the village of Krolevets overnight, the regional governor said.</p>" * 3
    (corpus / "page.html").write_text(f"<html><head><title>Shelling</title></head><body><article>{body}"
                                      "</article></body></html>", "utf-8")
    first, _ = _read(corpus)
    kept = list((tmp_path / "cache" / "frontline" / "pages").rglob("*.json"))
    assert len(kept) == 1 and "Krolevets" in first[0].text
    # what the cache holds is what the next read gives, without trafilatura: change it and see
    saved = json.loads(kept[0].read_text("utf-8"))
    kept[0].write_text(json.dumps({**saved, "text": "Ukrainian forces retook Shostka."}), "utf-8")
    again, _ = _read(corpus)
    assert again[0].text == "Ukrainian forces retook Shostka."


def test_a_file_of_control_characters_is_skipped_not_read_as_a_blank_article(tmp_path):
    # found by tests/test_fuzz.py: "\x01" became " " and then an article with no text
    (tmp_path / "controls.txt").write_bytes(b"\x01\x02\x0b")
    articles, skipped = _read(tmp_path)
    assert articles == [] and ["no text" in s.reason for s in skipped] == [True]

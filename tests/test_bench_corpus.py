"""bench/corpus.py writes N readable, distinct articles with valid date lines (no timing here:
benchmarks print ratios, tests never assert on time)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

from bench import corpus
from kg.corpus.articles import Article, read_corpus

DATE_LINE = re.compile(r"\A date (\d{4}-\d{2}-\d{2}) \S")


def test_writes_n_readable_distinct_dated_articles(tmp_path):
    n = 40
    items = corpus.write(n, tmp_path, seed=3)
    files = sorted(tmp_path.glob("*.txt"))
    assert len(files) == len(items) == n
    read = list(read_corpus(tmp_path))
    assert all(isinstance(a, Article) for a in read), [str(a) for a in read if not isinstance(a, Article)]
    assert len(read) == n
    assert len({a.id for a in read}) == n
    assert len({a.text for a in read}) == n
    for path, article in zip(files, read, strict=True):
        match = DATE_LINE.match(path.read_text(encoding="utf-8"))
        assert match, path.name
        assert article.date == dt.date.fromisoformat(match.group(1))
        assert corpus.FIRST_DAY <= article.date <= corpus.LAST_DAY
        assert article.date.isoformat() in path.name
    # the graph must grow with places and dates, not copies of the sample reports
    assert len({a.date for a in read}) > n // 2
    assert len({p for item in items for p in item.places}) > n
    assert len({a.date.year for a in read}) >= 3


def test_places_are_replaced_consistently_and_dates_keep_the_weekday():
    for i in range(len(corpus.templates())):
        item = corpus.article(i, seed=11)
        template = corpus.templates()[i]
        assert (item.date - template.date).days % 7 == 0  # "on Saturday" stays true
        for name in item.places:
            assert name in item.text
        # a place of the template is gone, except where its name stands for a region or a river
        replaced = {template.text[s.start:s.end] for s in template.spans if s.kind == "place"}
        for old in replaced:
            if any(old in p for p in item.places):
                continue
            for match in re.finditer(rf"\b{re.escape(old)}\b", item.text):
                assert corpus.NOT_BEFORE.match(item.text, match.end()), (template.id, old, item.text[match.start():][:40])


def test_deterministic_and_a_prefix_of_a_larger_corpus():
    small = corpus.generate(12, seed=5)
    assert small == corpus.generate(12, seed=5)
    assert small == corpus.generate(30, seed=5)[:12]
    assert [a.text for a in small] != [a.text for a in corpus.generate(12, seed=6)]


def test_command_line(tmp_path):
    out = tmp_path / "corpus"
    done = subprocess.run([sys.executable, "bench/corpus.py", "5", str(out), "--seed", "2"],
                          cwd=corpus.Path(corpus.__file__).resolve().parent.parent, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("*.txt"))) == 5
    assert done.stdout.strip().splitlines()[-1].startswith("articles=5 ")

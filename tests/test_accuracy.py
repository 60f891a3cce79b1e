"""Accuracy on the seed articles and the dev reports, scored by the project's contract scorer
(../shared/eval).

A regression guard: the figures issue 6 asks for on both sets (event F1 and statement F1 of at
least 0.85, questions at least 0.95), measured with the real CLI, the real model and the real
store. Skipped where ../shared is not beside the project.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SHARED

EVALUATE = SHARED / "eval" / "evaluate.py"
TARGET = {"event": 0.85, "statement": 0.85, "qa": 0.95}


def _score(corpus, gold) -> dict:
    done = subprocess.run([sys.executable, str(EVALUATE), "--cli", f"{sys.executable} -m kg.cli",
                           "--corpus", str(corpus), "--gold", str(gold), "--json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.skipif(not EVALUATE.exists(), reason="../shared/eval is not here")
def test_seed_accuracy():
    report = _score(SHARED / "seeds", SHARED / "eval" / "gold-seeds.jsonl")
    assert report["event"]["f1"] >= TARGET["event"], report
    assert report["statement"]["f1"] >= TARGET["statement"], report
    assert report["qa"]["accuracy"] >= TARGET["qa"], report


def test_validate_passes_on_the_seeds(seeds_store):
    done = subprocess.run([sys.executable, "-m", "kg.cli", "validate", "--store", str(seeds_store)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.skipif(not (SHARED / "eval" / "dev" / "gold.jsonl").exists(), reason="../shared/eval/dev is not here")
def test_dev_accuracy():
    report = _score(SHARED / "eval" / "dev" / "articles", SHARED / "eval" / "dev" / "gold.jsonl")
    assert report["event"]["f1"] >= TARGET["event"], report
    assert report["statement"]["f1"] >= TARGET["statement"], report
    assert report["qa"]["accuracy"] >= TARGET["qa"], report

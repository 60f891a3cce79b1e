"""Accuracy on the seed articles, scored by the project's contract scorer (../shared/eval).

A regression guard: the figures the core issue asks for, measured with the real CLI, the real
model and the real store. Skipped where ../shared is not beside the project.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SHARED

EVALUATE = SHARED / "eval" / "evaluate.py"


def _score(corpus, gold) -> dict:
    done = subprocess.run([sys.executable, str(EVALUATE), "--cli", f"{sys.executable} -m kg.cli",
                           "--corpus", str(corpus), "--gold", str(gold), "--json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.skipif(not EVALUATE.exists(), reason="../shared/eval is not here")
def test_seed_accuracy():
    report = _score(SHARED / "seeds", SHARED / "eval" / "gold-seeds.jsonl")
    assert report["event"]["f1"] >= 0.8, report
    assert report["statement"]["f1"] >= 0.8, report
    assert report["qa"]["accuracy"] == 1.0, report


def test_validate_passes_on_the_seeds(seeds_store):
    done = subprocess.run([sys.executable, "-m", "kg.cli", "validate", "--store", str(seeds_store)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


# The dev reports (../shared/eval/dev): a floor under what the extractor reaches today, so that
# a change that loses ground fails here. The goal is 0.85 / 0.85 / 0.95 (issue 6); raise these
# figures as the extractor gets there, never lower them.
DEV_FLOOR = {"event": 0.64, "statement": 0.78, "qa": 0.93}


@pytest.mark.skipif(not (SHARED / "eval" / "dev" / "gold.jsonl").exists(), reason="../shared/eval/dev is not here")
def test_dev_accuracy_does_not_regress():
    report = _score(SHARED / "eval" / "dev" / "articles", SHARED / "eval" / "dev" / "gold.jsonl")
    assert report["event"]["f1"] >= DEV_FLOOR["event"], report
    assert report["statement"]["f1"] >= DEV_FLOOR["statement"], report
    assert report["qa"]["accuracy"] >= DEV_FLOOR["qa"], report

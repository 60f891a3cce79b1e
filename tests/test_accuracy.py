"""Accuracy on every set of reports with gold beside the project (../shared), scored by the
contract's own scorer (../shared/eval/score.py).

The seeds go through the real command line (evaluate.py runs `frontline build`, `facts` and
`control`); all four sets go through bench/ledger.py's run_set, the same build, facts and control
answers in one process, which keeps the 111 questions of dev3 from costing a process each.

FLOORS are regression guards, not the goal. Issue 20 asks for event F1 and statement F1 of at
least 0.85 and questions of at least 0.95 on every set; seeds and dev are held to that, dev2 and
dev3 are not there yet (see the ledger), and their floors sit just under what they reach now, so
that a change that loses on them fails here. Skipped where ../shared is not beside the project.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.ledger import SETS, run_set
from tests.conftest import SHARED

EVALUATE = SHARED / "eval" / "evaluate.py"
TARGET = {"event": 0.85, "statement": 0.85, "qa": 0.95}
FLOORS = {
    "seeds": TARGET,
    "dev": TARGET,
    "dev2": {"event": 0.66, "statement": 0.84, "qa": 0.92},
    "dev3": {"event": 0.66, "statement": 0.77, "qa": 0.70},
}


@pytest.mark.skipif(not EVALUATE.exists(), reason="../shared/eval is not here")
def test_seed_accuracy_through_the_command_line():
    done = subprocess.run([sys.executable, str(EVALUATE), "--cli", f"{sys.executable} -m kg.cli",
                           "--corpus", str(SHARED / "seeds"), "--gold", str(SHARED / "eval" / "gold-seeds.jsonl"),
                           "--json"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["event"]["f1"] >= TARGET["event"], report
    assert report["statement"]["f1"] >= TARGET["statement"], report
    assert report["qa"]["accuracy"] >= TARGET["qa"], report


@pytest.mark.parametrize("name", list(FLOORS))
def test_accuracy_holds_its_floor(name):
    if not SETS[name][1].exists():
        pytest.skip(f"../shared has no gold for {name}")
    report = run_set(name)["report"]
    floor = FLOORS[name]
    assert report["event"]["f1"] >= floor["event"], report
    assert report["statement"]["f1"] >= floor["statement"], report
    assert report["qa"]["accuracy"] >= floor["qa"], report


def test_validate_passes_on_the_seeds(seeds_store):
    done = subprocess.run([sys.executable, "-m", "kg.cli", "validate", "--store", str(seeds_store)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]

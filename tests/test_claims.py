"""Claims side by side: a capture one side announces and the other denies is in the graph with
both statements, and `control` answers "contested" with both in its evidence (issue 6)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

REPORTS = {
    "denied.txt": "date 2024-03-01\n"
                  "Russia's Defence Ministry said on Friday that its forces had captured the town of Konotop. "
                  "Ukraine's military denied the claim.\n",
    "fake.txt": "date 2024-03-02\n"
                "Russian forces seized the village of Putyvl, Russian military bloggers said on Saturday. "
                "A spokesman for Ukraine's southern forces said the reports were fake.\n",
    "undisputed.txt": "date 2024-03-03\n"
                      "Ukrainian troops recaptured the village of Hlukhiv, the General Staff of Ukraine said on Sunday.\n",
}


def _cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("claims")
    for name, text in REPORTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    store = tmp_path_factory.mktemp("claims-store") / "store"
    _cli("build", "--corpus", str(corpus), "--store", str(store))
    return store


def _control(store, place: str) -> dict:
    return json.loads(_cli("control", place, "2024-03-05", "--store", str(store), "--format", "json"))


@pytest.mark.parametrize("place, announcer, denier", [
    ("Konotop", "Russia's Defence Ministry", "Ukraine's military"),
    ("Putyvl", "Russian military bloggers", "Ukraine's southern forces"),
])
def test_a_denied_capture_is_contested_with_both_claims(store, place, announcer, denier):
    answer = _control(store, place)
    assert answer["status"] == "contested", answer
    claims = [claim for evidence in answer["evidence"] for claim in evidence["claims"]]
    assert any(c["stance"] == "supports" and announcer in c["speaker"] for c in claims), claims
    assert any(c["stance"] == "disputes" and denier in c["speaker"] for c in claims), claims


def test_an_undisputed_capture_is_held(store):
    answer = _control(store, "Hlukhiv")
    assert answer["controller"] == "Ukraine" and answer["status"] == "held", answer
    claims = [claim for evidence in answer["evidence"] for claim in evidence["claims"]]
    assert claims and all(c["stance"] == "supports" for c in claims), claims

"""`bench/ledger.py [--quick] [--explain SET] [--sets seeds,dev,dev2,dev3]`: the accuracy ledger.

Builds every evaluation set beside the project (../shared/seeds and ../shared/eval/dev, dev2,
dev3) with the real build, reads the facts back out of the store as `frontline facts` does, asks
each set's control questions as `frontline control` does, and scores them with the contract's
own scorer (../shared/eval/score.py). It prints, per set, event and statement P/R/F1 and the
questions answered, then, per extraction rule, how many true and false facts it took part in on
each set: a rule that pays on one set and costs on another is a case, not a mechanism.

Run it before every commit that touches extraction. `--quick` builds each set with one process
and skips the per-rule table; `--explain SET` prints that set's misses and extras as the scorer
words them. Nothing here is a test; it needs ../shared, and says so when it is missing.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": (SHARED / "seeds", SHARED / "eval" / "gold-seeds.jsonl"),
    "dev": (SHARED / "eval" / "dev" / "articles", SHARED / "eval" / "dev" / "gold.jsonl"),
    "dev2": (SHARED / "eval" / "dev2" / "articles", SHARED / "eval" / "dev2" / "gold.jsonl"),
    "dev3": (SHARED / "eval" / "dev3" / "articles", SHARED / "eval" / "dev3" / "gold.jsonl"),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_set(name: str) -> dict:
    """Build one set into a fresh store; its facts, its answers and the scorer's report."""
    import contextlib
    import io

    from kg.build import build
    from kg.graph import control, facts_out
    from kg.graph.store import open_store

    score = _scorer()
    corpus, gold_path = SETS[name]
    gold = score.load(gold_path)
    with tempfile.TemporaryDirectory() as work:
        build(corpus, Path(work) / "store", processes=1)
        store = open_store(Path(work) / "store", read_only=True)
        facts = facts_out.all_facts(store)
        answers = []
        for q in (g for g in gold if g.get("kind") == "qa"):
            place = q["place"][0] if isinstance(q["place"], list) else q["place"]
            answer = control.answer(store, place, dt.date.fromisoformat(q["date"]))
            answer.setdefault("place", place)
            answer["date"] = q["date"]
            answers.append(answer)
        del store
    explained = io.StringIO()
    with contextlib.redirect_stdout(explained):
        report = score.score(gold, facts, answers, True)
    return {"name": name, "report": report, "explain": explained.getvalue(),
            "rules": rule_credit(score, gold, facts)}


def rule_credit(score, gold: list[dict], facts: list[dict]) -> dict[str, list[int]]:
    """For each rule, [true, false] facts it took part in: the scorer's own matching decides
    which of the system's facts are true (matched to a gold fact, optional ones included)."""
    credit: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for kind, matches in score.MATCHERS.items():
        for doc in sorted({f["doc"] for f in facts}):
            golds = [g for g in gold if g.get("doc") == doc and g.get("kind") == kind]
            gots = [f for f in facts if f.get("doc") == doc and f.get("kind") == kind]
            required = [g for g in golds if not g.get("optional")]
            optional = [g for g in golds if g.get("optional")]
            found = score.max_matching(required, gots, matches, set())
            extra = score.max_matching(optional, gots, matches, set(found))
            for i, got in enumerate(gots):
                right = i in found or i in extra
                for rule in got.get("rules") or [f"({kind}: no rule named)"]:
                    credit[rule][0 if right else 1] += 1
    return dict(credit)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="no per-rule table")
    parser.add_argument("--sets", default=",".join(SETS), help="which sets (default: all four)")
    parser.add_argument("--explain", default="", help="print the misses and extras of these sets (comma-separated)")
    args = parser.parse_args()
    names = [n for n in args.sets.split(",") if n]
    missing = [n for n in names if n not in SETS or not SETS[n][1].exists()]
    if missing:
        print(f"ledger: no gold for {', '.join(missing)} (is ../shared beside the project?)", file=sys.stderr)
        return 2
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run_set, names))
    explain = set(args.explain.split(","))
    for result in results:
        if result["name"] in explain:
            print(f"--- {result['name']}")
            print(result["explain"], end="")
    print(f"{'set':6} {'events P / R / F1':>22} {'statements P / R / F1':>24} {'questions':>12}")
    for result in results:
        r = result["report"]
        ev, st, qa = r["event"], r["statement"], r.get("qa", {"right": 0, "asked": 0, "accuracy": 0.0})
        print(f"{result['name']:6} {ev['precision']:.3f} / {ev['recall']:.3f} / {ev['f1']:.3f}"
              f"   {st['precision']:.3f} / {st['recall']:.3f} / {st['f1']:.3f}"
              f"   {qa['right']:>3} of {qa['asked']:<3} ({qa['accuracy']:.3f})")
    if not args.quick:
        rules = sorted({rule for result in results for rule in result["rules"]})
        print(f"\n{'rule (true / false facts on each set)':44}" + "".join(f"{r['name']:>11}" for r in results))
        for rule in rules:
            cells = "".join(f"{'{} / {}'.format(*r['rules'].get(rule, (0, 0))):>11}" for r in results)
            print(f"{rule:44}{cells}")
    summary = " ".join(f"{r['name']}_event_f1={r['report']['event']['f1']} "
                       f"{r['name']}_statement_f1={r['report']['statement']['f1']} "
                       f"{r['name']}_qa={r['report'].get('qa', {}).get('accuracy', 0)}" for r in results)
    print(summary)
    (Path(tempfile.gettempdir()) / "ledger.json").write_text(json.dumps({r["name"]: r["report"] for r in results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

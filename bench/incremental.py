"""`bench/incremental.py [--quick] [--sizes 200,2000] [--add 100]`: what adding articles to a
store costs, by the size of the store it is added to.

For each size N, in a fresh child process: a generated corpus (bench/corpus.py) of N articles is
built into a new store (not timed), then ADD more articles of the same generator join the corpus
and the build runs again (timed). The derived graphs' part of that second build is timed on its
own (kg.graph.derive.rebuild wrapped here, not in kg/), and the places whose incidents it
regrouped are counted. The ratio of the largest store's figures to the smallest's says whether
an update costs what it adds (about 1) or what the store holds (the ratio of the sizes).
`--quick` uses 100 and 400 articles and adds 50.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(size: int, add: int, work: Path) -> dict:
    """In this process: build `size` articles, then add `add` more and time that build."""
    import shutil

    from kg import build as kgbuild
    from kg.graph import derive

    corpus_all, corpus = work / "all", work / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(size + add), str(corpus_all)],
                   check=True, capture_output=True)
    files = sorted(corpus_all.iterdir())
    # the generator names its files by index: the first `size` are the store, the rest the update
    corpus.mkdir()
    for path in files[:size]:
        shutil.copy(path, corpus / path.name)
    store = work / "store"
    kgbuild.build(corpus, store, processes=1)
    for path in files[size:]:
        shutil.copy(path, corpus / path.name)
    timed = {"derive": 0.0}
    original = derive.rebuild

    def rebuild(*args, **kwargs):
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timed["derive"] += time.perf_counter() - began

    kgbuild.derive.rebuild = rebuild
    began = time.perf_counter()
    report = kgbuild.build(corpus, store, processes=1)
    total = time.perf_counter() - began
    kgbuild.derive.rebuild = original
    return {"size": size, "added": report.added, "seconds": round(total, 2), "derive_seconds": round(timed["derive"], 2),
            "places_regrouped": len(report.touched), "quads": report.quads}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100 and 400 articles, 50 added")
    parser.add_argument("--sizes", default=None, help="comma-separated store sizes (default 200,2000)")
    parser.add_argument("--add", type=int, default=None, help="articles added to each (default 100)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        size, add, work = args.child.split(":", 2)
        print(json.dumps(measure(int(size), int(add), Path(work))))
        return 0
    sizes = [int(s) for s in (args.sizes or ("100,400" if args.quick else "200,2000")).split(",")]
    add = args.add or (50 if args.quick else 100)
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="frontline-bench-incremental-") as work:
            done = subprocess.run([sys.executable, __file__, "--child", f"{size}:{add}:{work}"], check=True,
                                  capture_output=True, text=True, cwd=ROOT)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        print(f"store of {size:>6} articles: adding {result['added']} took {result['seconds']:7.2f} s, of which "
              f"derived graphs {result['derive_seconds']:6.2f} s; {result['places_regrouped']} places regrouped; "
              f"{result['quads']:,} quads", flush=True)
    small, large = results[0], results[-1]
    print(f"sizes={small['size']},{large['size']} added={add} "
          f"update_cost_ratio={large['seconds'] / small['seconds']:.2f} "
          f"derive_cost_ratio={large['derive_seconds'] / max(small['derive_seconds'], 1e-6):.2f} "
          f"store_size_ratio={large['size'] / small['size']:.1f} "
          f"(an update that costs what it adds: ratios near 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`bench/scale.py [--quick]`: the build past one process, in one run.

1. Articles/s of the build here (one process) and on a Dask LocalCluster of 1 and of 2 worker
   processes (`frontline build --scheduler`), on the same generated corpus (bench/corpus.py). The
   workers are started and their model loaded before the clock starts, as on a cluster that is
   already up. Scale-out efficiency: the 2-worker rate over twice the 1-worker rate (target 0.85).
2. What adding articles costs by the size of the store (bench/incremental.py, each size in a
   fresh process): flat means within 1.5x from the smallest store to the largest.
3. The main process's own ceiling: articles over its CPU seconds in the 2-worker build (its
   writes, the shapes check of each batch, the derived graphs, the Dask client), since every
   result passes through it.
4. From those: the projected time for 1,000,000 articles on 10 and on 50 machines of this size,
   each running as many workers as the 2-worker figure measured, capped by the main process.

`--quick`: 48 articles for the rates, stores of 100 and 400 with 50 added (minutes); the default:
400 articles, stores of 200, 2,000 and 10,000 with 100 added (an hour or more).
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
sys.path.insert(0, str(ROOT))

MILLION = 1_000_000


def _rate(corpus: Path, store: Path, **kwargs) -> tuple[float, object]:
    from kg.build import build

    began = time.perf_counter()
    report = build(corpus, store, **kwargs)
    return report.added / (time.perf_counter() - began), report


def _on_cluster(corpus: Path, store: Path, workers: int) -> tuple[float, float]:
    """The build's articles/s on a LocalCluster of `workers`, and the articles/s its main process
    could keep up with: articles over the main process's own CPU seconds (its writes, the shapes
    check, the derived graphs, the client), the ceiling of any cluster behind one build."""
    from distributed import Client, LocalCluster

    from kg.language import nlp

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(nlp.pipeline)  # the model loaded in every worker before the clock starts
        cpu = time.process_time()
        rate, report = _rate(corpus, store, scheduler=cluster.scheduler_address)
        cpu = time.process_time() - cpu
    return rate, report.added / cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="48 articles; stores of 100 and 400, 50 added")
    args = parser.parse_args()
    size = 48 if args.quick else 400
    sizes = "100,400" if args.quick else "200,2000,10000"
    add = 50 if args.quick else 100
    with tempfile.TemporaryDirectory(prefix="frontline-bench-scale-") as work:
        work = Path(work)
        subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(size), str(work / "corpus")],
                       check=True, capture_output=True)
        local, _ = _rate(work / "corpus", work / "local", processes=1)
        one, _ = _on_cluster(work / "corpus", work / "one", 1)
        two, load = _on_cluster(work / "corpus", work / "two", 2)
    efficiency = two / (2 * one)
    print(f"articles={size} local_aps={local:.2f} dask1_aps={one:.2f} dask2_aps={two:.2f} "
          f"scaleout_efficiency={efficiency:.2f} (target >= 0.85) dask1_vs_local={one / local:.2f} "
          f"main_process_ceiling_aps={load:.0f}", flush=True)
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "incremental.py"), "--sizes", sizes, "--add", str(add)],
                          check=True, capture_output=True, text=True, cwd=ROOT)
    lines = done.stdout.strip().splitlines()
    for line in lines:
        print(f"  {line}")
    took = [float(line.split(" took ")[1].split()[0]) for line in lines if " took " in line]
    print(f"add_{add}_cost_smallest_to_largest={took[-1] / took[0]:.2f} (target <= 1.5)", flush=True)
    for machines in (10, 50):
        rate = min(machines * two, load)  # every machine as this one with two workers, and one writer
        hours = MILLION / rate / 3600
        bound = "the build's main process" if rate == load else "the workers"
        print(f"projected_1M_articles_on_{machines}_machines={hours:.2f} h ({rate:.0f} articles/s, bound by {bound})",
              flush=True)
    print(json.dumps({"local_aps": local, "dask1_aps": one, "dask2_aps": two, "efficiency": efficiency,
                      "main_process_ceiling_aps": load, "add_cost_ratio": took[-1] / took[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`bench/build.py [--quick] [--sizes 200,2000,10000]`: how fast `frontline build` is, against
baselines measured in the same run, on generated corpora (bench/corpus.py) of each size.

For each size N, each measurement in a fresh child process (so that memory figures are the
build's own, and no run warms another's caches):

- nlp: articles/s of raw `nlp.pipe` over the same texts the build parses (the boilerplate-
  blanked article texts), with the bare statistical model (spacy.load of kg.nlp.MODEL) and the
  same n_process and batch size as the build;
- pipeline: the same with the project's own pipeline (kg.nlp.pipeline(): the model plus the
  paragraph breaker and the entity ruler that knows every gazetteer place), over at most
  --pipeline-sample of the texts;
- extract: articles/s of the build's worker processes alone (kg.workers.extracted: the project's
  pipeline, the extractor and each article's quads as N-Quads, in the same processes), their
  output counted and dropped: the build without its store, so extract_vs_nlp is the most the
  build could reach, and build_vs_extract what writing the store costs it;
- build: articles/s of kg.build.build (what `frontline build` runs) into a new store, with the
  same processes; kg.store.replace_graphs is wrapped (here, not in kg/) to time the build's
  store writes and count the quads written; the peak RSS of the build's process tree (the build
  and its spaCy worker processes) is sampled with psutil, and ru_maxrss is read too;
- bulk: the built store dumped as N-Quads and loaded into a fresh store with
  pyoxigraph.Store.bulk_load: triples/s;
- load: the same N-Quads written into a fresh store the way the build writes (each article's
  graphs as N-Quads, kg.store.replace_graphs_nquads, kg.build.BATCH articles a call, each
  flushed): triples/s, alone like bulk_load.
  load_vs_bulk is load against bulk; the writes timed inside the build are printed too
  (write_in_build_vs_bulk), but they share the two cores with the build's spaCy processes.

Each also reads the CPU time its processes spent (user and system, every thread, the worker
processes counted once they end), printed as milliseconds an article: build_cpu_ms (of which
build_main_cpu_ms in the build's own process: the store writes, the derived graphs, reading the
corpus) and nlp_cpu_ms. With both cores busy the wall-clock ratio follows nlp_vs_build_cpu, and the
split says which process the time went to.

Model loading in the main process is left out of every articles/s figure (it is printed as
model_load_s); with two processes the build loads the model in its worker processes, and that
start (about 3 s) is inside the build's time, as spaCy's own start of its processes is inside the
nlp baseline's. The last line printed holds the figures of the largest size, as name=value pairs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/build.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus as gen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (200, 2000, 10_000)
QUICK_SIZES = (10, 30)
PIPELINE_SAMPLE = 200
QUICK_PIPELINE_SAMPLE = 10
BATCH_SIZE = 32  # kg.build's batch_size for nlp.pipe
TARGETS = {"build_vs_nlp": 0.9, "load_vs_bulk": 0.5, "peak_rss_mb": 1536}


# ---------------------------------------------------------------------------------------------
# children: each measures one thing and prints one JSON line


class _TreeRss:
    """The largest sum of RSS over this process and its descendants, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self.current = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            try:
                for proc in [me, *me.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.current = total
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self) -> _TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _cpu_s() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, all its threads, and of its children that
    have ended and been waited for: spaCy's and the build's worker processes are, once the pipe or
    the build returns."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _cpu_spent(before: tuple[float, float]) -> dict:
    """The CPU seconds spent since `before` (a _cpu_s reading), as a measurement reports them."""
    after = _cpu_s()
    return {"main_cpu_s": after[0] - before[0], "workers_cpu_s": after[1] - before[1]}


def _articles(corpus: Path) -> Iterator:
    """The corpus's articles (kg.articles.Article), without what the build would skip."""
    from kg.corpus.articles import Article, read_corpus

    return (item for item in read_corpus(corpus) if isinstance(item, Article))


def _cpu_ms(result: dict) -> tuple[float, float]:
    """A measurement's CPU milliseconds an article: in all its processes, and in its main one."""
    main = result["main_cpu_s"] * 1000 / result["articles"]
    return main + result["workers_cpu_s"] * 1000 / result["articles"], main


def _texts(corpus: Path, limit: int | None = None) -> list[str]:
    from kg.corpus import boilerplate

    return [boilerplate.parse_text(a.text) for a in itertools.islice(_articles(corpus), limit)]


def _load_for_build(processes: int) -> float:
    """Load what the build's main process loads before its first article, in seconds: the
    gazetteer, and the pipeline when it parses in this process (with two, the build's worker
    processes load the model, inside the time measured)."""
    from kg.language import gazetteer, nlp

    started = time.perf_counter()
    if processes <= 1:
        nlp.pipeline()
    gazetteer.load()
    return time.perf_counter() - started


def child_nlp(corpus: Path, processes: int, which: str, limit: int | None) -> dict:
    import spacy

    from kg.language import nlp

    texts = _texts(corpus, limit)
    started = time.perf_counter()
    pipeline = spacy.load(nlp.MODEL) if which == "model" else nlp.pipeline()
    loaded = time.perf_counter() - started
    cpu_before = _cpu_s()
    started = time.perf_counter()
    for _ in pipeline.pipe(texts, n_process=processes, batch_size=BATCH_SIZE):
        pass
    seconds = time.perf_counter() - started
    return {"articles": len(texts), "seconds": seconds, "load_s": loaded, **_cpu_spent(cpu_before)}


def child_extract(corpus: Path, processes: int) -> dict:
    import datetime as dt

    from kg import __version__
    from kg.graph.rdf import BuildInfo
    from kg.language import nlp
    from kg.workers import extracted

    _load_for_build(processes)  # as child_build does, before its clock starts
    info = BuildInfo(iri="https://frontline-kg.org/id/build/bench", version=__version__, model=nlp.MODEL,
                     started=dt.datetime.now(dt.UTC))
    cpu_before = _cpu_s()
    started = time.perf_counter()
    count = quads = 0
    for item in extracted(_articles(corpus), info, processes):
        count += 1
        quads += item.nquads.count(b"\n") + item.last.count(b"\n")
    seconds = time.perf_counter() - started
    return {"articles": count, "quads": quads, "seconds": seconds, **_cpu_spent(cpu_before)}


def child_build(corpus: Path, store: Path, processes: int, nquads: Path) -> dict:
    import gc

    from kg import build as kgbuild
    from kg.graph import store as kgstore

    loaded = _load_for_build(processes)

    writes = {"seconds": 0.0, "quads": 0, "calls": 0}
    original, original_nquads = kgstore.replace_graphs, kgstore.replace_graphs_nquads

    def timed_replace(target, graphs):
        began = time.perf_counter()
        original(target, graphs)
        writes["seconds"] += time.perf_counter() - began
        writes["quads"] += sum(len(quads) for quads in graphs.values())
        writes["calls"] += 1

    def timed_replace_nquads(target, names, data, last=b""):
        began = time.perf_counter()
        original_nquads(target, names, data, last)
        writes["seconds"] += time.perf_counter() - began
        writes["quads"] += data.count(b"\n") + last.count(b"\n")
        writes["calls"] += 1

    # kg.build and kg.derive call them through the module
    kgstore.replace_graphs, kgstore.replace_graphs_nquads = timed_replace, timed_replace_nquads
    cpu_before = _cpu_s()
    with _TreeRss() as rss:
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            # a line every 5% of the corpus: throughput and memory as the build goes, so that a
            # long build shows whether its memory grows with the articles it has read
            if done and (done % max(total // 20, 25) == 0 or done == total):
                spent = time.perf_counter() - started
                print(f"  build: {done}/{total} articles in {spent:.0f} s ({done / spent:.2f}/s); "
                      f"RSS of the build's processes now {rss.current / 2**20:.0f} MB, peak {rss.peak / 2**20:.0f} MB",
                      file=sys.stderr, flush=True)

        report = kgbuild.build(corpus, store, processes=processes, progress=progress)
        seconds = time.perf_counter() - started
        cpu = _cpu_spent(cpu_before)
    kgstore.replace_graphs, kgstore.replace_graphs_nquads = original, original_nquads
    gc.collect()
    opened = kgstore.open_store(store, read_only=True)
    started = time.perf_counter()
    with nquads.open("wb") as out:
        kgstore.dump(opened, "nquads", out)
    dump_seconds = time.perf_counter() - started
    return {"articles": report.read, "added": report.added, "skipped": len(report.skipped), "seconds": seconds,
            "load_s": loaded, "quads": report.quads, "operations": report.operations, "statements": report.statements,
            "periods": report.periods, "write_s": writes["seconds"], "written_quads": writes["quads"],
            "write_calls": writes["calls"], "peak_tree_rss_mb": rss.peak / 2**20,
            "maxrss_self_mb": _maxrss_mb(resource.RUSAGE_SELF),
            "maxrss_children_mb": _maxrss_mb(resource.RUSAGE_CHILDREN), "dump_s": dump_seconds,
            **cpu}


def child_load(nquads: Path, store: Path) -> dict:
    """The build's way of writing of the built graphs, read back from the dump, into a fresh store:
    kg.build.BATCH articles a call, each article's graph and its inferred graph as N-Quads with
    its content hash apart (as the build's workers send them) through kg.store.replace_graphs_nquads
    (bulk-loaded, the hashes then in a transaction), flushed after each batch, the other graphs
    through kg.store.replace_graphs; alone, as bulk_load runs, not sharing the two cores with the
    build's spaCy processes as the writes inside the build do."""
    from pyoxigraph import NamedNode, RdfFormat, Store, parse, serialize

    from kg.build import BATCH
    from kg.graph import store as kgstore
    from kg.graph import vocab as v
    from kg.graph.rdf import CONTENT_HASH

    graphs: dict[str, list] = {}
    with nquads.open("rb") as source:
        for quad in parse(source, format=RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, NamedNode):
                graphs.setdefault(quad.graph_name.value, []).append(quad)
    articles = [name for name in graphs if name.startswith(v.ARTICLE_GRAPHS)]
    batches = []  # serialised before the clock starts: the build's workers send N-Quads
    for i in range(0, len(articles), BATCH):
        names = [n for a in articles[i:i + BATCH] for n in (a, v.inferred_graph(a.removeprefix(v.ARTICLE_GRAPHS)))]
        quads = [q for n in names for q in graphs.get(n, [])]
        batches.append((names, serialize([q for q in quads if q.predicate != CONTENT_HASH], format=RdfFormat.N_QUADS),
                        serialize([q for q in quads if q.predicate == CONTENT_HASH], format=RdfFormat.N_QUADS)))
    others = {n: q for n, q in graphs.items()
              if not n.startswith(v.ARTICLE_GRAPHS) and not n.startswith(v.INFERRED_ARTICLE_GRAPHS)}
    target = Store(str(store))
    started = time.perf_counter()
    for names, data, last in batches:
        kgstore.replace_graphs_nquads(target, names, data, last)
        target.flush()  # as kg.build does after each batch
    kgstore.replace_graphs(target, others)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "quads": len(target), "graphs": len(graphs)}


def child_bulk(nquads: Path, store: Path) -> dict:
    from pyoxigraph import RdfFormat, Store

    target = Store(str(store))
    started = time.perf_counter()
    target.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
    target.flush()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "quads": len(target)}


def run_child(kind: str, **params) -> dict:
    """Run one measurement in a fresh interpreter; its last line of output is its JSON."""
    args = [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(params, default=str)]
    child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                             start_new_session=True)
    try:
        output, _ = child.communicate()
    finally:  # stopped (SIGTERM, Ctrl-C): the measurement and its spaCy processes are stopped with us
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    if child.returncode != 0:
        raise RuntimeError(f"the {kind} measurement failed (exit {child.returncode}):\n{output[-2000:]}")
    result = json.loads(output.strip().splitlines()[-1])
    result["child_maxrss_mb"] = _maxrss_mb(resource.RUSAGE_CHILDREN)  # the largest of any child so far
    return result


def _child_main(kind: str, params: dict) -> None:
    if kind == "nlp":
        result = child_nlp(Path(params["corpus"]), params["processes"], params["which"], params.get("limit"))
    elif kind == "extract":
        result = child_extract(Path(params["corpus"]), params["processes"])
    elif kind == "build":
        result = child_build(Path(params["corpus"]), Path(params["store"]), params["processes"], Path(params["nquads"]))
    elif kind == "load":
        result = child_load(Path(params["nquads"]), Path(params["store"]))
    elif kind == "bulk":
        result = child_bulk(Path(params["nquads"]), Path(params["store"]))
    else:
        raise SystemExit(f"unknown child {kind}")
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------------
# the parent


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(size: int, work: Path, processes: int, pipeline_sample: int, seed: int) -> dict:
    folder = work / f"n{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    corpus = folder / "corpus"
    gen.write(size, corpus, seed)
    _say(f"[{size}] corpus of {size} articles in {corpus}; raw nlp.pipe with the bare model ...")
    model = run_child("nlp", corpus=corpus, processes=processes, which="model", limit=None)
    sample = min(size, pipeline_sample)
    _say(f"[{size}] nlp.pipe with kg.nlp.pipeline() on {sample} articles ...")
    pipeline = run_child("nlp", corpus=corpus, processes=processes, which="pipeline", limit=sample)
    _say(f"[{size}] the build's worker processes alone (kg.workers.extracted), nothing stored ...")
    extract = run_child("extract", corpus=corpus, processes=processes)
    _say(f"[{size}] kg.build.build ...")
    built = run_child("build", corpus=corpus, store=folder / "store", processes=processes, nquads=folder / "dump.nq")
    _say(f"[{size}] bulk_load of the N-Quads dump ...")
    bulk = run_child("bulk", nquads=folder / "dump.nq", store=folder / "bulk-store")
    _say(f"[{size}] the same N-Quads written the build's way (kg.store.replace_graphs_nquads) ...")
    load = run_child("load", nquads=folder / "dump.nq", store=folder / "load-store")
    shutil.rmtree(folder / "bulk-store", ignore_errors=True)
    shutil.rmtree(folder / "load-store", ignore_errors=True)
    build_aps = built["articles"] / built["seconds"]
    model_aps = model["articles"] / model["seconds"]
    pipeline_aps = pipeline["articles"] / pipeline["seconds"]
    extract_aps = extract["articles"] / extract["seconds"]
    write_tps = built["written_quads"] / built["write_s"] if built["write_s"] else float("nan")
    bulk_tps = bulk["quads"] / bulk["seconds"]
    load_tps = load["quads"] / load["seconds"]
    # CPU time an article, every process's: on two busy cores, wall-clock ratios follow it
    build_cpu_ms, build_main_cpu_ms = _cpu_ms(built)
    nlp_cpu_ms, nlp_main_cpu_ms = _cpu_ms(model)
    extract_cpu_ms, _ = _cpu_ms(extract)
    row = {
        "size": size, "processes": processes, "build_aps": build_aps, "nlp_aps": model_aps,
        "pipeline_aps": pipeline_aps, "pipeline_sample": sample,
        "build_vs_nlp": build_aps / model_aps, "build_vs_pipeline": build_aps / pipeline_aps,
        "pipeline_vs_nlp": pipeline_aps / model_aps,
        "extract_aps": extract_aps, "extract_vs_nlp": extract_aps / model_aps, "build_vs_extract": build_aps / extract_aps,
        "extract_cpu_ms": extract_cpu_ms,
        "load_tps": load_tps, "bulk_tps": bulk_tps, "load_vs_bulk": load_tps / bulk_tps,
        "write_tps": write_tps, "write_in_build_vs_bulk": write_tps / bulk_tps,
        "peak_rss_mb": built["peak_tree_rss_mb"] or built["maxrss_self_mb"] + built["maxrss_children_mb"],
        "main_maxrss_mb": built["maxrss_self_mb"], "workers_maxrss_mb": built["maxrss_children_mb"],
        "build_s": built["seconds"], "write_s": built["write_s"], "written_quads": built["written_quads"],
        "quads": built["quads"], "bulk_quads": bulk["quads"], "bulk_s": bulk["seconds"],
        "model_load_s": built["load_s"], "operations": built["operations"], "statements": built["statements"],
        "periods": built["periods"], "articles_built": built["articles"],
        "build_cpu_ms": build_cpu_ms, "build_main_cpu_ms": build_main_cpu_ms,
        "nlp_cpu_ms": nlp_cpu_ms, "nlp_main_cpu_ms": nlp_main_cpu_ms,
        "nlp_vs_build_cpu": nlp_cpu_ms / build_cpu_ms,
    }
    _say(f"[{size}] build {build_aps:.2f} articles/s ({built['seconds']:.1f} s, {built['quads']} quads), "
         f"raw nlp {model_aps:.2f}/s, kg pipeline {pipeline_aps:.2f}/s, workers alone {extract_aps:.2f}/s; "
         f"store load {load_tps:,.0f} quads/s, "
         f"bulk_load {bulk_tps:,.0f} quads/s; writes inside the build {write_tps:,.0f} quads/s "
         f"({built['written_quads']} in {built['write_s']:.2f} s); "
         f"peak RSS {row['peak_rss_mb']:.0f} MB (main process {built['maxrss_self_mb']:.0f} MB); "
         f"CPU an article: build {build_cpu_ms:.1f} ms ({build_main_cpu_ms:.1f} in its main process), "
         f"workers alone {extract_cpu_ms:.1f} ms, raw nlp {nlp_cpu_ms:.1f} ms ({nlp_main_cpu_ms:.1f} in its main process)")
    return row


def _fmt(value: float) -> str:
    if value != value:  # nan
        return "nan"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


def figures(rows: list[dict]) -> str:
    last, first = rows[-1], rows[0]
    growth = last["peak_rss_mb"] / first["peak_rss_mb"] if len(rows) > 1 else 1.0
    per_1000 = ((last["peak_rss_mb"] - first["peak_rss_mb"]) / (last["size"] - first["size"]) * 1000
                if len(rows) > 1 else 0.0)
    pairs = {
        "size": last["size"], "build_vs_nlp": last["build_vs_nlp"], "load_vs_bulk": last["load_vs_bulk"],
        "peak_rss_mb": last["peak_rss_mb"], "rss_growth": growth, "rss_mb_per_1000_articles": per_1000,
        "build_vs_pipeline": last["build_vs_pipeline"], "pipeline_vs_nlp": last["pipeline_vs_nlp"],
        "extract_vs_nlp": last["extract_vs_nlp"], "build_vs_extract": last["build_vs_extract"],
        "build_aps": last["build_aps"], "nlp_aps": last["nlp_aps"], "load_tps": last["load_tps"],
        "bulk_tps": last["bulk_tps"], "write_in_build_vs_bulk": last["write_in_build_vs_bulk"],
        "build_cpu_ms": last["build_cpu_ms"], "build_main_cpu_ms": last["build_main_cpu_ms"],
        "nlp_cpu_ms": last["nlp_cpu_ms"], "nlp_vs_build_cpu": last["nlp_vs_build_cpu"],
        "extract_cpu_ms": last["extract_cpu_ms"],
        "processes": last["processes"],
        "sizes": ",".join(str(r["size"]) for r in rows),
    }
    return " ".join(f"{k}={v if isinstance(v, (int, str)) else _fmt(v)}" for k, v in pairs.items())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        _child_main(argv[1], json.loads(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"sizes {','.join(map(str, QUICK_SIZES))}: under two minutes")
    parser.add_argument("--sizes", default=None, help="comma-separated corpus sizes (default 200,2000,10000)")
    parser.add_argument("--processes", type=int, default=None,
                        help="spaCy processes for the build and the baselines (default: what `frontline build` "
                             "would use for the largest size: 2 from 200 articles, else 1)")
    parser.add_argument("--pipeline-sample", type=int, default=None,
                        help=f"articles for the kg.nlp.pipeline() baseline (default {PIPELINE_SAMPLE}, "
                             f"{QUICK_PIPELINE_SAMPLE} with --quick)")
    parser.add_argument("--seed", type=int, default=gen.DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and stores go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", type=Path, default=None, help="also write every row as JSON to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    sizes.sort()
    processes = args.processes or (2 if sizes[-1] >= 200 else 1)
    sample = args.pipeline_sample or (QUICK_PIPELINE_SAMPLE if args.quick else PIPELINE_SAMPLE)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="frontline-bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    rows: list[dict] = []
    stopped = None

    def on_signal(signum, frame):  # SIGTERM unwinds like Ctrl-C: the sizes done so far are still reported
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        for size in sizes:
            try:
                rows.append(measure(size, work, processes, sample, args.seed))
            except KeyboardInterrupt:
                stopped = size
                break
            if args.json:
                args.json.write_text(json.dumps(rows, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if not rows:
        print(f"stopped during size {stopped}: no size finished", flush=True)
        return 1
    print(f"{'size':>6} {'proc':>4} {'build/s':>8} {'nlp/s':>7} {'pipe/s':>7} {'work/s':>7} {'b/nlp':>6} {'w/nlp':>6} "
          f"{'load q/s':>10} "
          f"{'bulk q/s':>10} {'l/bulk':>6} {'peakMB':>7} {'quads':>9} {'b cpu ms':>8} {'main':>5} {'w cpu':>6} {'nlp cpu':>7}")
    for r in rows:
        print(f"{r['size']:>6} {r['processes']:>4} {r['build_aps']:>8.2f} {r['nlp_aps']:>7.2f} {r['pipeline_aps']:>7.2f} "
              f"{r['extract_aps']:>7.2f} {r['build_vs_nlp']:>6.3f} {r['extract_vs_nlp']:>6.3f} "
              f"{r['load_tps']:>10,.0f} {r['bulk_tps']:>10,.0f} {r['load_vs_bulk']:>6.3f} "
              f"{r['peak_rss_mb']:>7.0f} {r['quads']:>9} {r['build_cpu_ms']:>8.1f} {r['build_main_cpu_ms']:>5.1f} "
              f"{r['extract_cpu_ms']:>6.1f} {r['nlp_cpu_ms']:>7.1f}")
    print(f"({time.monotonic() - started:.0f} s in all; targets: build_vs_nlp >= {TARGETS['build_vs_nlp']}, "
          f"load_vs_bulk >= {TARGETS['load_vs_bulk']}, peak RSS < 1.5 GB at 10,000 articles and not growing with N)")
    if stopped is not None:
        print(f"(stopped during size {stopped}: the figures below are of the sizes that finished)")
    print(figures(rows) + (f" stopped_at={stopped}" if stopped is not None else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

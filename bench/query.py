"""`bench/query.py [--quick] [--articles N] [--store DIR]`: how fast the graph answers, against
peers measured in the same run on the same data.

A store is built with `frontline build` from a generated corpus (bench/corpus.py; by default
2,800 articles, about a million quads) or reused with --store; --quick builds the sample corpus
instead. Then, on 127.0.0.1 and free ports:

(a) `frontline serve` on the store (its defaults: 2 web workers, 4 threads each; --max-rows and
    --timeout raised so that no answer is cut or stopped: every server returns all rows);
(b) Oxigraph's own server, `oxigraph serve-read-only --union-default-graph`, on a copy of the store;
(c) rdflib-endpoint (`rdflib-endpoint serve`, an rdflib Dataset with default_union=True) on the
    store's N-Quads dump;
(d) pyoxigraph in this process (Store.read_only, use_default_graph_as_union=True), the lower bound.

Every example query of queries/ (its `# param:` values filled in as a VALUES line, as the
example page does) is first run on all four and their sorted rows compared; then, after a
warm-up, one client sends requests in a row (p50/p95 latency), then 8 clients at once
(requests/s, p50/p95 under load), each phase bounded by a count and a time cap. /api/control
is timed the same way and set against the "who controlled" query on Oxigraph's server, and
against the work it does (who-controlled, then control-evidence) sent to Oxigraph's server; the
server keeps each place's record (every period, operation and claim) for the state of the store,
so it is timed three times: the same question again (api-control), a different day each request
at the same place (api-control-newday: each answer computed from the kept record), and a
different place each request (api-control-cold: the record fetched, three queries, every time).
frontline keeps query replies too: each request of the example queries carries a comment of its
own, so that every answer is computed as on the other servers, and "who controlled" is timed
once more with the same text every time (who-controlled-kept, answered from memory).

Every server is stopped at the end, also on errors and Ctrl-C. The last line printed holds the
figures, as name=value pairs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/query.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus as gen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_ARTICLES = 2800
SPARQL_JSON = "application/sparql-results+json"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("decimal", "double", "float", "integer", "int", "long", "nonNegativeInteger")}
FL = "https://frontline-kg.org/ontology#"
START_WAIT = 900  # seconds a server may take to load and answer (rdflib parses the whole dump first)
TARGETS = ("frontline", "oxigraph", "rdflib", "inprocess")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# queries


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    params: tuple[tuple[str, str], ...]


def bind_queries(examples: list, key: str, date: str) -> list[Query]:
    """The example queries (server.examples.load) as the example page binds them, for the place
    with name key `key` on `date`; any other parameter keeps its header's value."""
    from server.views.examples import with_parameters

    values = {"key": f'"{key}"', "date": f'"{date}"^^xsd:date'}
    out = []
    for example in examples:
        params = tuple((name, values.get(name, default)) for name, default in example.params)
        out.append(Query(example.name, with_parameters(example.template, params), params))
    return out


def rank_places(store) -> list[tuple[str, int]]:
    """(name key, number of operations) of every place with control periods, the busiest first."""
    return [(row["key"].value, int(row["ops"].value)) for row in store.query(
        f"""PREFIX fl: <{FL}> SELECT ?key (COUNT(DISTINCT ?op) AS ?ops) WHERE {{
              ?period a fl:ControlPeriod ; fl:controlledPlace ?place . ?place fl:nameKey ?key .
              OPTIONAL {{ ?op fl:place ?place }} }} GROUP BY ?key ORDER BY DESC(?ops) ?key""",
        use_default_graph_as_union=True)]


def choose_place(store, key: str | None, date: str | None, busiest: bool = False) -> tuple[str, str, str]:
    """(name key, label, date) for the parametrised queries and /api/control: the given ones, or
    a typical place (the median number of operations among places with control periods; with
    `busiest`, the place with the most), on a date one of its periods covers."""
    import datetime as dt

    from pyoxigraph import QuerySolutions

    def rows(text: str) -> list[dict]:
        result = store.query(text, use_default_graph_as_union=True)
        assert isinstance(result, QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]

    prefixes = f"PREFIX fl: <{FL}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    if key is None:
        ranked = [name for name, ops in rank_places(store) if ops]
        if not ranked:
            raise SystemExit("the store has no control periods to query")
        key = ranked[0 if busiest else len(ranked) // 2]
    labels = rows(prefixes + f'SELECT ?label WHERE {{ ?p fl:nameKey "{key}" ; rdfs:label ?label }} ORDER BY ?label LIMIT 1')
    label = labels[0]["label"] if labels else key
    if date is None:
        # the day of the place's latest operation, so that the evidence query has all of them to
        # go through, if a control period covers it; else the day after the latest period began
        latest = rows(prefixes + f"""SELECT (MAX(?day) AS ?last) WHERE {{
              ?place fl:nameKey "{key}" . ?op fl:place ?place ; fl:earliest ?day . }}""")
        periods = rows(prefixes + f"""SELECT ?start ?end WHERE {{
              ?place fl:nameKey "{key}" . ?period fl:controlledPlace ?place ; fl:startDate ?start .
              OPTIONAL {{ ?period fl:endDate ?end }} }}""")
        covered = []
        for day in [latest[0]["last"] if latest and latest[0]["last"] else None,
                    *sorted({str(p["start"])[:10] for p in periods}, reverse=True)]:
            if day is None:
                continue
            day = dt.date.fromisoformat(str(day)[:10]) + dt.timedelta(days=1)
            if any(dt.date.fromisoformat(str(p["start"])[:10]) <= day
                   and (p["end"] is None or day < dt.date.fromisoformat(str(p["end"])[:10])) for p in periods):
                covered.append(day)
                break
        date = covered[0].isoformat() if covered else "2024-01-01"
    return key, label, date


def spread_places(store, count: int, exclude: str) -> list[str]:
    """Up to `count` name keys of places with control periods, evenly spread over their ranking
    by number of operations (the busiest and the quietest alike), without `exclude`, in an order
    shuffled once (seeded), so that each phase of a measurement, which takes the next ones, gets
    busy and quiet places alike rather than the busiest first."""
    ranked = [name for name, _ in rank_places(store) if name != exclude]
    chosen = ranked if len(ranked) <= count else [ranked[i * len(ranked) // count] for i in range(count)]
    random.Random(7).shuffle(chosen)
    return chosen


# ---------------------------------------------------------------------------------------------
# results, normalised so that four engines can be compared


def _norm_json_term(term: dict) -> tuple:
    kind = term["type"]
    if kind == "uri":
        return ("uri", term["value"])
    if kind == "bnode":
        return ("bnode",)
    datatype = term.get("datatype")
    language = term.get("xml:lang")
    return _norm_literal(term["value"], datatype, language)


def _norm_literal(value: str, datatype: str | None, language: str | None) -> tuple:
    if language:
        return ("literal", value, None, language.lower())
    if datatype in (None, XSD + "string"):
        return ("literal", value, None, None)
    if datatype in NUMERIC:
        try:
            return ("number", float(value))
        except ValueError:
            pass
    if datatype == XSD + "boolean":
        return ("literal", value.strip().lower() in ("true", "1"), "boolean", None)
    return ("literal", value, datatype, None)


def _norm_oxigraph_term(term) -> tuple:
    from pyoxigraph import BlankNode, Literal, NamedNode

    if isinstance(term, NamedNode):
        return ("uri", term.value)
    if isinstance(term, BlankNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    return _norm_literal(term.value, term.datatype.value if term.datatype else None, term.language)


def rows_from_json(body: bytes) -> list[tuple]:
    data = json.loads(body)
    if "boolean" in data:
        return [("boolean", data["boolean"])]
    return sorted(tuple(sorted((var, _norm_json_term(term)) for var, term in binding.items()))
                  for binding in data["results"]["bindings"])


def rows_in_process(store, text: str) -> list[tuple]:
    results = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    out = []
    for solution in results:
        out.append(tuple(sorted((n, _norm_oxigraph_term(solution[n])) for n in names if solution[n] is not None)))
    return sorted(out)


# ---------------------------------------------------------------------------------------------
# servers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    command: list[str]
    ready_path: str
    ready_method: str = "GET"
    log: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [part.replace("{PORT}", str(self.port)) for part in self.command]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)

    def wait_ready(self, deadline: float) -> None:
        import requests

        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self._tail()}")
            try:
                if self.ready_method == "POST":
                    answer = requests.post(self.url + self.ready_path, data="ASK {}", timeout=5,
                                           headers={"Content-Type": "application/sparql-query", "Accept": SPARQL_JSON})
                else:
                    answer = requests.get(self.url + self.ready_path, timeout=5)
                if answer.status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not answer within {START_WAIT} s:\n{self._tail()}")
            time.sleep(0.5)

    def _tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log and self.log.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass


# ---------------------------------------------------------------------------------------------
# load


@dataclass
class Timing:
    latencies: list[float] = field(default_factory=list)  # seconds, one client
    loaded: list[float] = field(default_factory=list)  # seconds, under load
    concurrent_done: int = 0
    concurrent_seconds: float = 0.0
    errors: int = 0
    note: str = ""

    @staticmethod
    def _pct(values: list[float], q: float) -> float:
        if not values:
            return math.nan
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else math.nan

    @property
    def p95(self) -> float:
        return self._pct(self.latencies, 0.95)

    @property
    def rps(self) -> float:
        return self.concurrent_done / self.concurrent_seconds if self.concurrent_seconds else math.nan

    @property
    def loaded_p50(self) -> float:
        return statistics.median(self.loaded) if self.loaded else math.nan

    @property
    def loaded_p95(self) -> float:
        return self._pct(self.loaded, 0.95)


def run_load(make_call: Callable[[], Callable[[], None]], count: int, clients: int, cap: float) -> tuple[list[float], float, int]:
    """Send up to `count` requests from `clients` threads, none started after `cap` seconds;
    (latencies, seconds, errors). Each thread gets its own call (its own HTTP session)."""
    lock = threading.Lock()
    state = {"issued": 0, "errors": 0}
    latencies: list[float] = []
    started = time.perf_counter()
    stop_at = started + cap

    def client() -> None:
        call = make_call()
        while True:
            with lock:
                if state["issued"] >= count or time.perf_counter() > stop_at:
                    return
                state["issued"] += 1
            began = time.perf_counter()
            try:
                call()
            except Exception:  # noqa: BLE001 - a failed request is counted, not fatal
                with lock:
                    state["errors"] += 1
                continue
            spent = time.perf_counter() - began
            with lock:
                latencies.append(spent)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - started, state["errors"]


def http_call(url: str | list[str], query: str | list[str] | None, timeout: float) -> Callable[[], Callable[[], bytes]]:
    """A factory of callers, each with its own keep-alive session, that POST the query
    (application/sparql-query) or GET the URL, and fail on anything but 200. Given several URLs
    or several queries, the callers send them in turn, together, so that no two requests ask the
    same (until the list comes round again)."""
    import itertools

    import requests

    urls = [url] if isinstance(url, str) else url
    queries = [query] if query is None or isinstance(query, str) else query
    turn = itertools.count()  # next() on it is atomic under the GIL

    def make() -> Callable[[], bytes]:
        session = requests.Session()

        def call() -> bytes:
            n = next(turn)
            target, text = urls[n % len(urls)], queries[n % len(queries)]
            if text is None:
                answer = session.get(target, timeout=timeout)
            else:
                answer = session.post(target, data=text.encode("utf-8"), timeout=timeout,
                                      headers={"Content-Type": "application/sparql-query", "Accept": SPARQL_JSON})
            if answer.status_code != 200:
                raise RuntimeError(f"{target}: HTTP {answer.status_code}: {answer.text[:300]}")
            return answer.content

        return call

    return make


def pair_call(url: str, first: str | list[str], second: str | list[str],
              timeout: float) -> Callable[[], Callable[[], bytes]]:
    """Two queries sent one after the other, as one call: what a client of a plain SPARQL server
    would do to get what /api/control answers in one request. Given lists (a pair for each of
    several places), the calls go through them in turn."""
    makers = (http_call(url, first, timeout), http_call(url, second, timeout))

    def make() -> Callable[[], bytes]:
        calls = [m() for m in makers]

        def call() -> bytes:
            return b"".join(c() for c in calls)

        return call

    return make


def inprocess_call(store, query: str) -> Callable[[], Callable[[], list]]:
    def make() -> Callable[[], list]:
        def call() -> list:
            results = store.query(query, use_default_graph_as_union=True)
            names = [v.value for v in results.variables]
            return [[s[n] for n in names] for s in results]

        return call

    return make


@dataclass
class Settings:
    warmup: int
    latency_requests: int
    latency_cap: float
    requests: int
    clients: int
    cap: float
    timeout: float  # seconds a request may take (frontline serve's --timeout too)
    rdflib_timeout: float  # seconds rdflib-endpoint may take; then it is restarted, as it cannot stop a query
    slow: float  # a query slower than this (s) is timed once, alone, not under load
    single_slow: float  # rdflib-endpoint slower than this (p50, s) is not sent concurrent load: its rps is estimated


def measure(make_call, settings: Settings, single_thread_engine: bool = False, first: float = 0.0) -> Timing:
    """Warm-up, one client in a row, then `clients` at once. A query that takes longer than
    `settings.slow` (in the rows check, `first`, or in the warm-up) is sent once more, alone, for
    its latency, and not under load: 8 such queries at once on this machine would run for many
    minutes, and no target rests on their throughput."""
    timing = Timing()
    slowest = first
    for _ in range(0 if first > settings.slow else settings.warmup):
        began = time.perf_counter()
        make_call()()
        slowest = max(slowest, time.perf_counter() - began)
        if slowest > settings.slow:
            break
    if first > settings.slow:  # its one timed request is the rows check's: minutes are not spent twice
        timing.latencies = [first]
        timing.note = f"slow (> {settings.slow:g} s): one request (the rows check's), no load phase"
        return timing
    if slowest > settings.slow:
        timing.latencies, _, timing.errors = run_load(make_call, 1, 1, settings.latency_cap)
        timing.note = f"slow (> {settings.slow:g} s): one request, no load phase"
        return timing
    timing.latencies, _, errors = run_load(make_call, settings.latency_requests, 1, settings.latency_cap)
    timing.errors += errors
    if timing.p50 > settings.single_slow and single_thread_engine:
        # rdflib-endpoint runs each query inside its event loop, one at a time: 8 clients would
        # only queue behind each other; its throughput is one over its latency
        timing.concurrent_done, timing.concurrent_seconds = 1, timing.p50
        timing.note = "rps estimated as 1/p50 (queries run one at a time)"
        return timing
    timing.loaded, timing.concurrent_seconds, errors = run_load(make_call, settings.requests, settings.clients,
                                                                settings.cap)
    timing.concurrent_done = len(timing.loaded)
    timing.errors += errors
    return timing


# ---------------------------------------------------------------------------------------------
# main


def build_store(args, work: Path) -> tuple[Path, int | None]:
    if args.store:
        # never open the given store itself, not even read-only: every server reads a copy
        if not (args.store / "CURRENT").exists():
            raise SystemExit(f"no store at {args.store}")
        copy = work / "store"
        _say(f"copying {args.store} to {copy} ...")
        shutil.copytree(args.store, copy)
        return copy, None
    if args.quick:
        from kg.resources import sample_corpus

        corpus, articles = sample_corpus(), None
    else:
        corpus = work / "corpus"
        gen.write(args.articles, corpus, args.seed)
        articles = args.articles
    store = work / "store"
    _say(f"building {store} from {corpus} with `frontline build` ...")
    started = time.monotonic()
    subprocess.run([str(BIN / "frontline"), "build", "--corpus", str(corpus), "--store", str(store), "--quiet"],
                   cwd=ROOT, check=True)
    _say(f"built in {time.monotonic() - started:.0f} s")
    return store, articles


def _fmt(value: float) -> str:
    if value != value:
        return "nan"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the sample corpus and short runs (a few minutes)")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES,
                        help=f"generated articles to build (default {DEFAULT_ARTICLES}, about a million quads)")
    parser.add_argument("--store", type=Path, default=None,
                        help="use a copy of this store instead of building one (the store itself is never opened)")
    parser.add_argument("--seed", type=int, default=gen.DEFAULT_SEED)
    parser.add_argument("--place", default=None,
                        help="name key for the parametrised queries (default: a typical place, see --busiest)")
    parser.add_argument("--busiest", action="store_true",
                        help="the place with the most operations instead of a typical one (a hot spot: in a generated "
                             "corpus, Robotyne, which the gazetteer does not know, is in one article of 18)")
    parser.add_argument("--date", default=None, help="YYYY-MM-DD for them (default: a day one of its periods covers)")
    parser.add_argument("--requests", type=int, default=None, help="requests per query under load (default 200, quick 40)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--time-cap", type=float, default=None, help="seconds per phase (default 30, quick 5)")
    parser.add_argument("--rdflib-timeout", type=float, default=None,
                        help="seconds to wait for rdflib-endpoint (default 120, quick 30); a query slower than that "
                             "counts as taking that long, so its speedup is a lower bound")
    parser.add_argument("--only", default=None,
                        help="comma-separated example queries to time (who-controlled and control-evidence always are)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (store copy, dump, server logs)")
    args = parser.parse_args(argv)
    settings = Settings(warmup=3, latency_requests=15 if args.quick else 50,
                        latency_cap=args.time_cap or (5 if args.quick else 20),
                        requests=args.requests or (40 if args.quick else 200), clients=args.clients,
                        cap=args.time_cap or (5 if args.quick else 30), timeout=60 if args.quick else 300,
                        rdflib_timeout=args.rdflib_timeout or (30 if args.quick else 120),
                        slow=5.0 if args.quick else 10.0, single_slow=1.0 if args.quick else 2.0)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="frontline-bench-query-"))
    work.mkdir(parents=True, exist_ok=True)
    servers: list[Server] = []

    def on_signal(signum, frame):  # make SIGTERM unwind through the finally below
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    began = time.monotonic()
    try:
        return _run(args, settings, work, servers, began)
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _run(args, settings: Settings, work: Path, servers: list[Server], began: float) -> int:
    import requests
    from pyoxigraph import Store

    from kg.graph.store import dump
    from kg.resources import queries_dir
    from server.views.examples import load as load_examples

    store_path, articles = build_store(args, work)
    store = Store.read_only(str(store_path))
    quads = len(store)
    dump_path = work / "dump.nq"
    with dump_path.open("wb") as out:
        dump(store, "nquads", out)
    copy = work / "oxigraph-copy"
    shutil.copytree(store_path, copy)
    key, label, date = choose_place(store, args.place, args.date, busiest=args.busiest)
    examples = load_examples(queries_dir())
    queries = bind_queries(examples, key, date)
    if args.only:
        wanted = {*args.only.split(","), "who-controlled", "control-evidence"}  # /api/control's figures need these
        queries = [q for q in queries if q.name in wanted]
    _say(f"store {store_path}: {quads} quads; parameters: key={key!r} ({label}), date={date}")

    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    servers += [
        Server("rdflib", [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", "{PORT}", str(dump_path)],
               "/", "POST", logs / "rdflib.log"),
        Server("frontline", [sys.executable, "-m", "kg.cli", "serve", "--store", str(store_path), "--host", "127.0.0.1",
                             "--port", "{PORT}", "--max-rows", "10000000", "--timeout", str(int(settings.timeout))],
               "/health", "GET", logs / "frontline.log"),
        Server("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location", str(copy), "--bind", "127.0.0.1:{PORT}",
                            "--union-default-graph"], "/query", "POST", logs / "oxigraph.log"),
    ]
    for server in servers:
        server.start()
    deadline = time.monotonic() + START_WAIT
    for server in servers:
        started = time.monotonic()
        server.wait_ready(deadline)
        _say(f"{server.name} ready on {server.url} ({time.monotonic() - started:.0f} s more)")
    by_name = {s.name: s for s in servers}
    endpoints = {"frontline": by_name["frontline"].url + "/sparql", "oxigraph": by_name["oxigraph"].url + "/query",
                 "rdflib": by_name["rdflib"].url + "/"}

    def caller(target: str, text: str):
        if target == "inprocess":
            return inprocess_call(store, text)
        if target == "frontline":
            # frontline sends a query's reply again when the same text comes back (server/kept.py):
            # a comment of its own on every request makes it run the query every time, as the others do
            count = settings.warmup + settings.latency_requests + settings.requests + 1
            return http_call(endpoints[target], [f"{text}# request {i}\n" for i in range(count)], settings.timeout)
        return http_call(endpoints[target], text, settings.rdflib_timeout if target == "rdflib" else settings.timeout)

    def restart_rdflib() -> None:
        """rdflib-endpoint goes on with a query its client gave up on, and answers nothing else
        until it is done: start it afresh."""
        server = by_name["rdflib"]
        _say(f"  restarting rdflib-endpoint (a query took more than {settings.rdflib_timeout:g} s) ...")
        server.stop()
        server.port = free_port()
        server.start()
        server.wait_ready(time.monotonic() + START_WAIT)
        endpoints["rdflib"] = server.url + "/"

    def gave_up_timing() -> Timing:
        limit = settings.rdflib_timeout
        return Timing(latencies=[limit], concurrent_done=1, concurrent_seconds=limit,
                      note=f"no answer within {limit:g} s: p50 is a lower bound, rps an upper bound")

    gave_up: set[str] = set()  # queries rdflib-endpoint did not answer in time

    # 1. the same rows everywhere
    checks: dict[str, str] = {}
    first_call: dict[tuple[str, str], float] = {}
    row_counts: dict[str, int] = {}
    for query in queries:
        started = time.perf_counter()
        expected = rows_in_process(store, query.text)
        first_call[(query.name, "inprocess")] = time.perf_counter() - started
        row_counts[query.name] = len(expected)
        differ, repeats, unchecked = [], [], []
        for target in ("frontline", "oxigraph", "rdflib"):
            started = time.perf_counter()
            try:
                got = rows_from_json(caller(target, query.text)()())
            except Exception as err:  # noqa: BLE001
                first_call[(query.name, target)] = time.perf_counter() - started
                if target == "rdflib" and isinstance(err, requests.Timeout):
                    gave_up.add(query.name)
                    unchecked.append(f"rdflib not checked (no answer within {settings.rdflib_timeout:g} s)")
                    restart_rdflib()
                else:
                    differ.append(f"{target} failed ({str(err)[:120]})")
                continue
            first_call[(query.name, target)] = time.perf_counter() - started
            if got == expected:
                continue
            if set(got) == set(expected):
                # Oxigraph's union default graph gives a row per graph a matching triple is in,
                # rdflib's default_union merges the graphs first: the same rows, not as often
                repeats.append(f"{target} {len(got)}")
                continue
            missing, extra = len(set(expected) - set(got)), len(set(got) - set(expected))
            differ.append(f"{target} ({len(got)} rows; {missing} missing, {extra} extra)")
        if differ:
            checks[query.name] = "DIFFER: " + ", ".join(differ)
        elif repeats:
            checks[query.name] = (f"same set of {len(set(expected))} distinct rows; repeated rows differ: "
                                  f"pyoxigraph {len(expected)}, " + ", ".join(repeats))
        else:
            checks[query.name] = "same"
        if unchecked:
            checks[query.name] += "; " + ", ".join(unchecked)
        _say(f"check {query.name}: {len(expected)} rows, {checks[query.name]}")

    # 2. timing
    results: dict[tuple[str, str], Timing] = {}
    for query in queries:
        for target in TARGETS:
            _say(f"timing {query.name} on {target} ...")
            if target == "rdflib" and query.name in gave_up:
                results[(query.name, target)] = gave_up_timing()
                continue
            try:
                results[(query.name, target)] = measure(caller(target, query.text), settings,
                                                        single_thread_engine=target == "rdflib",
                                                        first=first_call.get((query.name, target), 0.0))
            except Exception as err:  # noqa: BLE001
                if target == "rdflib" and isinstance(err, requests.Timeout):
                    timing = gave_up_timing()
                    restart_rdflib()
                else:
                    timing = Timing(note=f"failed: {str(err)[:200]}")
                results[(query.name, target)] = timing
                _say(f"  {target}: {timing.note}")
    import urllib.parse

    control_url = by_name["frontline"].url + "/api/control?" + urllib.parse.urlencode({"place": label, "date": date})
    _say(f"timing /api/control ({control_url}) ...")
    results[("api-control", "frontline")] = measure(http_call(control_url, None, settings.timeout), settings)
    # the server keeps each answer for the state of the store: the same question again is answered
    # from memory. Every request here asks of another day (back from the date), so none is.
    import datetime as dt

    day = dt.date.fromisoformat(date)
    fresh = [by_name["frontline"].url + "/api/control?" +
             urllib.parse.urlencode({"place": label, "date": (day - dt.timedelta(days=i)).isoformat()})
             for i in range(settings.warmup + settings.latency_requests + settings.requests + 1)]
    _say(f"timing /api/control asked of {len(fresh)} different days (the place's record kept, each answer computed) ...")
    results[("api-control-newday", "frontline")] = measure(http_call(fresh, None, settings.timeout), settings)
    # each request a place not asked of before in this run: its record is fetched (three queries)
    # every time. Places spread across the ranking by operations, so not only small ones.
    cold_places = spread_places(store, len(fresh), exclude=key)
    cold = [by_name["frontline"].url + "/api/control?" + urllib.parse.urlencode({"place": place, "date": date})
            for place in cold_places]
    _say(f"timing /api/control asked of {len(cold)} different places (nothing kept) ...")
    results[("api-control-cold", "frontline")] = measure(http_call(cold, None, settings.timeout), settings)
    results[("api-control-cold", "frontline")].note = f"{len(cold)} places" + (
        "" if len(cold) == len(fresh) else f" for {len(fresh)} requests: some asked again, kept")
    # frontline keeps each query's reply (server/kept.py); the rows above are timed with every
    # request a text of its own (see caller), so every answer is computed. The same query again,
    # as a dashboard or the example page would send it, is answered from memory:
    _say("timing who-controlled on frontline, the same text every request (answered from memory) ...")
    results[("who-controlled-kept", "frontline")] = measure(
        http_call(endpoints["frontline"], next(q.text for q in queries if q.name == "who-controlled"), settings.timeout),
        settings)
    # /api/control runs two queries (who-controlled and control-evidence) and builds its JSON from
    # them: the same work on Oxigraph's server is those two requests, one after the other
    by_query = {q.name: q.text for q in queries}
    _say("timing who-controlled + control-evidence in a row on oxigraph (the work of /api/control) ...")
    results[("api-control", "oxigraph")] = measure(pair_call(endpoints["oxigraph"], by_query["who-controlled"],
                                                             by_query["control-evidence"], settings.timeout), settings)
    # and for the places of api-control-cold, each pair asking of another place: the same question
    # as each cold request, from a server that keeps nothing (its rows are the same for any place)
    pair_examples = [e for e in examples if e.name in ("who-controlled", "control-evidence")]
    cold_pairs = [{q.name: q.text for q in bind_queries(pair_examples, place, date)} for place in cold_places]
    _say(f"timing who-controlled + control-evidence in a row on oxigraph, {len(cold_pairs)} places (api-control-cold's) ...")
    results[("api-control-cold", "oxigraph")] = measure(pair_call(
        endpoints["oxigraph"], [p["who-controlled"] for p in cold_pairs], [p["control-evidence"] for p in cold_pairs],
        settings.timeout), settings)

    # 3. report
    print(f"\nstore: {quads} quads{f' from {articles} generated articles' if articles else ''}; "
          f"key={key} ({label}), date={date}; {settings.clients} clients, up to {settings.requests} requests "
          f"or {settings.cap:g} s per phase")
    print(f"{'query':<22} {'target':<10} {'rows':>6} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>8} "
          f"{'load p50':>9} {'load p95':>9}  note")
    names = [q.name for q in queries] + ["who-controlled-kept", "api-control", "api-control-newday", "api-control-cold"]
    for name in names:
        for target in TARGETS:
            timing = results.get((name, target))
            if timing is None:
                continue
            note = timing.note + (f" {timing.errors} errors" if timing.errors else "")
            print(f"{name:<22} {target:<10} {row_counts.get(name, ''):>6} {timing.p50 * 1000:>9.1f} {timing.p95 * 1000:>9.1f} "
                  f"{timing.rps:>8.1f} {timing.loaded_p50 * 1000:>9.1f} {timing.loaded_p95 * 1000:>9.1f}  {note}")
        if name in checks:
            print(f"{'':<22} rows on all four: {checks[name]}")
    figures: dict[str, object] = {}
    control, who = results[("api-control", "frontline")], results[("who-controlled", "oxigraph")]
    figures["control_p50_vs_oxigraph"] = control.p50 / who.p50
    figures["control_rps_vs_oxigraph"] = control.rps / who.rps
    newday, cold = results[("api-control-newday", "frontline")], results[("api-control-cold", "frontline")]
    figures["control_newday_p50_vs_oxigraph"] = newday.p50 / who.p50
    figures["control_newday_rps_vs_oxigraph"] = newday.rps / who.rps
    figures["control_cold_p50_vs_oxigraph"] = cold.p50 / who.p50
    figures["control_cold_rps_vs_oxigraph"] = cold.rps / who.rps
    who_fl = results[("who-controlled", "frontline")]
    figures["who_controlled_p50_vs_oxigraph"] = who_fl.p50 / who.p50
    figures["who_controlled_rps_vs_oxigraph"] = who_fl.rps / who.rps
    who_kept = results[("who-controlled-kept", "frontline")]
    figures["who_controlled_kept_p50_vs_oxigraph"] = who_kept.p50 / who.p50
    figures["who_controlled_kept_rps_vs_oxigraph"] = who_kept.rps / who.rps
    pair = results[("api-control", "oxigraph")]
    figures["control_p50_vs_oxigraph_same_queries"] = control.p50 / pair.p50
    figures["control_rps_vs_oxigraph_same_queries"] = control.rps / pair.rps
    cold_pair = results[("api-control-cold", "oxigraph")]
    figures["control_cold_p50_vs_oxigraph_same_queries"] = cold.p50 / cold_pair.p50
    figures["control_cold_rps_vs_oxigraph_same_queries"] = cold.rps / cold_pair.rps
    speedups = {q.name: results[(q.name, "rdflib")].p50 / results[(q.name, "frontline")].p50 for q in queries}
    def known(values: dict[str, float]) -> dict[str, float]:
        return {k: v for k, v in values.items() if not math.isnan(v)} or {"none": math.nan}

    speedups = known(speedups)
    figures["min_speedup_vs_rdflib_endpoint"] = min(speedups.values())
    figures["min_speedup_query"] = min(speedups, key=speedups.get)
    # where rdflib-endpoint gave up, its p50 is the time waited, and the speedup only a lower bound
    bounds = [q.name for q in queries if results[(q.name, "rdflib")].note.startswith("no answer")]
    figures["speedup_lower_bounds"] = ",".join(bounds) or "none"
    measured = {k: v for k, v in speedups.items() if k not in bounds}
    if measured:
        figures["min_measured_speedup_vs_rdflib_endpoint"] = min(measured.values())
    figures["max_p50_vs_oxigraph"] = max(known({q.name: results[(q.name, "frontline")].p50 /
                                                results[(q.name, "oxigraph")].p50 for q in queries}).values())
    figures["min_rps_vs_oxigraph"] = min(known({q.name: results[(q.name, "frontline")].rps /
                                                results[(q.name, "oxigraph")].rps for q in queries}).values())
    figures["max_p50_vs_inprocess"] = max(known({q.name: results[(q.name, "frontline")].p50 /
                                                 results[(q.name, "inprocess")].p50 for q in queries}).values())
    figures["control_p50_ms"] = control.p50 * 1000
    figures["control_newday_p50_ms"] = newday.p50 * 1000
    figures["control_cold_p50_ms"] = cold.p50 * 1000
    figures["who_controlled_p50_ms"] = who_fl.p50 * 1000
    figures["who_controlled_oxigraph_p50_ms"] = who.p50 * 1000
    figures["rows_agree"] = sum(not v.startswith("DIFFER") for v in checks.values())
    figures["queries"] = len(queries)
    figures["quads"] = quads
    if articles:
        figures["articles"] = articles
    for q in queries:
        figures[f"{q.name}_p50_vs_oxigraph"] = results[(q.name, "frontline")].p50 / results[(q.name, "oxigraph")].p50
        figures[f"{q.name}_speedup_vs_rdflib"] = speedups.get(q.name, math.nan)
    print(f"({time.monotonic() - began:.0f} s in all; targets: control p50 <= 2x Oxigraph's server, 8-client throughput "
          f">= 0.5x, every example query >= 10x faster than rdflib-endpoint)")
    print(" ".join(f"{k}={v if isinstance(v, (int, str)) else _fmt(v)}" for k, v in figures.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

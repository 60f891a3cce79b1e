"""`frontline build`: a corpus in, the store updated.

Articles whose content is already in the store are left alone; new ones are added; a
changed one replaces its own graph and nothing else. The derived graphs (control periods,
inferences) are rebuilt at the end from everything in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from kg import __version__
from kg.corpus.articles import Article, Skipped, read_corpus
from kg.graph import derive, validate
from kg.graph import store as kgstore
from kg.graph import vocab as v
from kg.graph.inference import inferred_quads
from kg.graph.rdf import A, BuildInfo, fl
from kg.language import nlp
from kg.workers import Extracted, extracted

# Articles written together: new ones bulk-loaded, changed ones replaced in one transaction. Each
# bulk load adds files to the store that RocksDB then merges with the rest; at 64 articles a load
# (25,000 quads) those merges fell behind on two cores as the store grew (4.1M quads: 40 s against
# 28 s for one bulk load of everything), at 256 (100,000 quads) they keep up (30 s).
BATCH = 256


@dataclass
class BuildReport:
    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    operations: int = 0
    statements: int = 0
    periods: int = 0
    quads: int = 0
    violations: list[str] = field(default_factory=list)  # of the shapes, by the graphs this build wrote
    touched: set[str] = field(default_factory=set)  # the places its written or replaced articles describe

    def summary(self) -> str:
        return (f"{self.read} articles read ({self.added} added, {self.replaced} replaced, "
                f"{self.unchanged} unchanged), {len(self.skipped)} skipped; "
                f"{self.operations} operations, {self.statements} statements, {self.periods} control periods; "
                f"{self.quads} quads in the store; "
                + (f"{len(self.violations)} violations of the shapes (`frontline validate` lists them)"
                   if self.violations else "the graphs written conform to the shapes"))


class StrictRefusal(Exception):
    """A strict build found files it would skip, and wrote nothing."""


def build(corpus: Path, store_path: Path, on_skip: Callable[[Skipped], None] = lambda s: None,
          progress: Callable[[int, int], None] = lambda done, total: None,
          processes: int | None = None, strict: bool = False, base: str | None = None,
          scheduler: str | None = None, on_workers: Callable[[int], None] = lambda n: None) -> BuildReport:
    """Build the corpus into the store. A strict build reads the whole corpus first and, if any
    file would be skipped, raises StrictRefusal before it opens or writes the store. `base` mints
    the data's IRIs under another domain (vocab.use_base); a store keeps the base it was first
    built with, and a build with another is refused before anything is written. `scheduler`
    ("local:N" or a Dask scheduler's address) runs the per-article work on a Dask cluster
    (kg/cluster.py); `on_workers` is told how many workers it has."""
    base = v.checked_base(base) if base else None
    if scheduler and processes:
        raise ValueError("--processes and --scheduler: the workers of a cluster are its own processes; give one")
    work = _on_cluster(scheduler, on_workers) if scheduler else \
        (lambda articles, info, n: extracted(articles, info, processes or n))
    if not corpus.exists():
        raise FileNotFoundError(f"corpus not found: {corpus}")
    serving = kgstore.served_by(store_path)
    if serving is not None:
        raise kgstore.StoreError(f"the store at {store_path} is being served by `frontline serve` (pid {serving['pid']}, "
                                 f"{serving['url']}), which would go on answering from the graph it opened: stop the "
                                 "server to build, or build into another store and serve that")
    report = BuildReport()
    # The corpus is read twice, its texts never all held: first which articles there are and
    # which of them are new or changed, then those again, as the workers take them.
    first_source: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for item in read_corpus(corpus):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            on_skip(item)
            continue
        if item.id in first_source:
            skipped = Skipped(item.source, f"duplicate article id {item.id!r} (first read from {first_source[item.id]})")
            report.skipped.append(skipped)
            on_skip(skipped)
            continue
        first_source[item.id] = item.source
        hashes[item.id] = item.content_hash
    if strict and report.skipped:
        raise StrictRefusal(f"{len(report.skipped)} files would be skipped, and --strict builds nothing then; "
                            "the store was not touched")
    store = kgstore.open_store(store_path)
    known = kgstore.article_hashes(store)
    stored = kgstore.stored_base(store) or (v.BASE if known else None)
    if base and stored and base != stored:
        raise kgstore.StoreError(f"the store at {store_path} holds IRIs minted under {stored}id/; a build with "
                                 f"--base-iri {base} would mix two bases in one graph: build into a new store")
    with v.minted_under(base or stored or v.BASE):
        return _build_into(store, corpus, hashes, known, first_source, report, progress, work)


def _on_cluster(scheduler: str, on_workers: Callable[[int], None]) -> Callable:
    from kg import cluster

    address = cluster.checked(scheduler)
    return lambda articles, info, n: cluster.extracted_on(address, articles, info, on_workers)


def _build_into(store, corpus: Path, hashes: dict[str, str], known: dict[str, str], first_source: dict[str, str],
                report: BuildReport, progress: Callable[[int, int], None], work: Callable) -> BuildReport:
    todo = {article_id for article_id, digest in hashes.items() if known.get(article_id) != digest}
    report.read = len(first_source)
    report.unchanged = report.read - len(todo)
    started = dt.datetime.now(dt.UTC)
    info = BuildInfo(iri=f"{v.ID}build/{started.strftime('%Y%m%dT%H%M%S%fZ')}", version=__version__,
                     model=nlp.MODEL, started=started, base=v.ID.removesuffix("id/"))
    progress(0, len(todo))
    done = 0
    pending: list[Extracted] = []
    # the per-article work: in this process, in worker processes here, or on a Dask cluster
    for item in work(_articles(corpus, todo), info, 2 if len(todo) >= 200 else 1):
        article = item.article
        pending.append(item)
        report.operations += item.operations
        report.statements += item.statements
        if article.id in known:
            report.replaced += 1
        else:
            report.added += 1
        done += 1
        if done % BATCH == 0:
            _write(store, pending, report)
            # written, the batch sits in RocksDB's memtables until they fill: ~300 MB more RSS per
            # 1,000 articles (bench/build.py). Flushing each batch to disk keeps the build's memory
            # flat whatever the corpus, and costs no throughput.
            store.flush()
            pending = []
        progress(done, len(todo))
    _write(store, pending, report)
    report.periods = derive.rebuild(store, report.touched)
    derived = [g for place in sorted(report.touched) for g in (v.incident_graph(place), v.control_graph(place))]
    report.violations += validate.conformance(q for g in derived + [v.inferred_beside(g) for g in derived]
                                              for q in store.quads_for_pattern(None, None, None, NamedNode(g)))
    build_quads = _build_quads(info, report)
    build_inferred = inferred_quads(build_quads, NamedNode(v.INFERRED_GRAPH))
    report.violations += validate.conformance(build_quads + build_inferred)
    kgstore.replace_graphs(store, {info.iri.replace(v.ID + 'build/', v.BUILD_GRAPH + '/'): build_quads})
    store.extend(build_inferred)
    store.flush()
    report.quads = kgstore.count_quads(store)
    return report


def _articles(corpus: Path, ids: set[str]) -> Iterator[Article]:
    """The articles of `ids`, read again, each the first time its id comes (as the first pass
    took it: the corpus is read in the same order)."""
    left = set(ids)
    for item in read_corpus(corpus):
        if isinstance(item, Article) and item.id in left:
            left.discard(item.id)
            yield item


def _write(store, batch: list[Extracted], report: BuildReport) -> None:
    """A batch of articles' graphs: replaced in one transaction, or, when all of them are new,
    bulk-loaded with their content hashes written last (kg.store.replace_graphs_nquads); then
    checked against the shapes, the batch as one graph."""
    data, last = b"".join(item.nquads for item in batch), b"".join(item.last for item in batch)
    names = [name for item in batch for name in item.graphs]
    report.touched |= derive.places_in(store, names)  # where the versions being replaced were
    kgstore.replace_graphs_nquads(store, names, data, last)
    report.touched |= derive.places_in(store, names)
    if batch:
        report.violations += validate.nquads_conformance(data + last)


def _build_quads(info: BuildInfo, report: BuildReport) -> list[Quad]:
    g = NamedNode(info.iri.replace(v.ID + 'build/', v.BUILD_GRAPH + '/'))
    node = NamedNode(info.iri)
    software = NamedNode(v.ID + "software/frontline")
    ended = dt.datetime.now(dt.UTC)
    xsd_dt = NamedNode(v.XSD + "dateTime")
    return [
        Quad(node, A, fl("Build"), g),
        Quad(node, NamedNode(v.PROV + "startedAtTime"), Literal(info.started.isoformat(), datatype=xsd_dt), g),
        Quad(node, NamedNode(v.PROV + "endedAtTime"), Literal(ended.isoformat(), datatype=xsd_dt), g),
        Quad(node, fl("toolVersion"), Literal(info.version), g),
        Quad(node, fl("model"), Literal(info.model), g),
        Quad(node, fl("baseIri"), Literal(info.base), g),
        Quad(node, NamedNode(v.PROV + "wasAssociatedWith"), software, g),
        Quad(node, NamedNode(v.RDFS + "comment"), Literal(report.summary()), g),
        Quad(software, A, fl("Software"), g),
        Quad(software, NamedNode(v.RDFS + "label"), Literal(f"frontline {info.version}"), g),
    ]

"""Articles in, their quads out: parse and extract in the same process, one or several.

spaCy's own `n_process` parses in worker processes but extracts nothing: each parsed Doc is
serialised back to the main process, which then runs the extractor alone while the workers keep
both cores busy. Here each worker process parses *and* extracts its articles, applies the
ontology's hierarchy to them, and sends back only their quads, as N-Quads (a few kilobytes an
article, not a serialised Doc), so the main process is left with the store writes.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import NamedNode, RdfFormat, serialize

from kg.corpus import boilerplate
from kg.corpus.articles import Article
from kg.graph import vocab as v
from kg.graph.inference import inferred_quads
from kg.graph.rdf import CONTENT_HASH, BuildInfo, article_quads
from kg.language import nlp
from kg.language.extract import extract

CHUNK = 16  # articles a task: enough for nlp.pipe to batch, few enough to show progress often
IN_FLIGHT = 4  # chunks a worker process may have been given whose results are not read yet
BATCH_SIZE = 32  # nlp.pipe's batch size


@dataclass
class Extracted:
    article: Article
    graphs: list[str]  # the article's graph and the graph of what the ontology adds to it
    nquads: bytes      # their quads, as N-Quads: the store loads them without a Python object each
    last: bytes        # the article's content hash, as N-Quads, written after the rest (kg.store.replace_graphs_nquads)
    operations: int
    statements: int


def extracted(articles: Iterable[Article], info: BuildInfo, processes: int = 1) -> Iterator[Extracted]:
    """Each article's quads, in the order of `articles`, which are read as the workers need them:
    at most IN_FLIGHT chunks a process are handed out ahead of the results read back, so a corpus
    of any size is never all in memory (Pool.imap would take every chunk at once)."""
    if processes <= 1:
        yield from _extract_all(articles, info)
        return
    # spawn, not fork: the parent holds RocksDB's threads and locks, which a fork would copy
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_start_worker, initargs=(info,)) as pool:
        waiting: deque = deque()  # results of the chunks handed out, oldest first
        for chunk in chunks(articles):
            waiting.append(pool.apply_async(_work, (chunk,)))
            if len(waiting) >= IN_FLIGHT * processes:
                yield from waiting.popleft().get()
        while waiting:
            yield from waiting.popleft().get()


def chunks(articles: Iterable[Article]) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _extract_all(articles: Iterable[Article], info: BuildInfo) -> Iterator[Extracted]:
    pipeline = nlp.pipeline()
    texts = ((boilerplate.parse_text(a.text), a) for a in articles)
    for doc, article in pipeline.pipe(texts, as_tuples=True, batch_size=BATCH_SIZE):
        facts = extract(article, doc)
        quads = article_quads(facts, info)
        nlp.forget(doc)
        inferred = NamedNode(v.inferred_graph(article.id))
        rest = [q for q in quads if q.predicate != CONTENT_HASH]
        data = serialize(rest + inferred_quads(quads, inferred), format=RdfFormat.N_QUADS)
        last = serialize([q for q in quads if q.predicate == CONTENT_HASH], format=RdfFormat.N_QUADS)
        yield Extracted(article, [v.article_graph(article.id), inferred.value], data, last,
                        len(facts.events), len(facts.statements))


_info: BuildInfo | None = None


def _start_worker(info: BuildInfo) -> None:
    global _info
    _info = info
    v.use_base(info.base)  # a fresh process mints under the build's base too
    nlp.pipeline()  # loaded once a process, before the first task


def _work(chunk: list[Article]) -> list[Extracted]:
    assert _info is not None
    return list(_extract_all(chunk, _info))


def work_with(chunk: list[Article], info: BuildInfo) -> list[Extracted]:
    """A chunk's quads in a worker of a Dask cluster (kg/cluster.py): the build's settings come
    with each task, since a worker there is not started by this build."""
    if _info != info:
        _start_worker(info)
    return _work(chunk)

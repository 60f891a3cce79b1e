"""`frontline build --scheduler`: the per-article work on a real Dask cluster of worker processes
on 127.0.0.1 (kg/cluster.py). The same corpus built here and on two workers gives the same graph;
a worker killed in the middle of the map costs a retry, not the build or any article."""

from __future__ import annotations

import os
import re
import threading

import pytest
from pyoxigraph import BlankNode

distributed = pytest.importorskip("distributed")

from bench import corpus as generated  # noqa: E402
from kg.build import build  # noqa: E402
from kg.cluster import ClusterError, checked  # noqa: E402
from kg.graph.store import open_store  # noqa: E402

BUILD_IRI = re.compile(r"/build/\d{8}T\d{6}\d*Z")


def _graph(store_path) -> set[str]:
    """Every quad but those with a blank node (the ontology's lists, labelled anew each load), with
    the build's own IRI (its start time) and times written the same way."""
    store = open_store(store_path, read_only=True)
    return {BUILD_IRI.sub("/build/B", str(q)) for q in store
            if not any(isinstance(t, BlankNode) for t in (q.subject, q.object))
            and not str(q.predicate.value).endswith(("AtTime", "buildTime"))}


def test_the_same_corpus_here_and_on_two_workers_is_the_same_graph(tmp_path):
    articles = tmp_path / "corpus"
    generated.write(40, articles, seed=11)  # more than two chunks, so both workers get some
    here = build(articles, tmp_path / "here", processes=1)
    counted: list[int] = []
    there = build(articles, tmp_path / "there", scheduler="local:2", on_workers=counted.append)
    assert counted == [2]
    assert (there.read, there.added, there.operations, there.statements) == \
        (here.read, here.added, here.operations, here.statements)
    assert _graph(tmp_path / "there") == _graph(tmp_path / "here")


def test_a_worker_killed_in_the_middle_of_the_map_costs_a_retry(tmp_path):
    articles = tmp_path / "corpus"
    generated.write(80, articles, seed=12)  # five chunks of sixteen
    here = build(articles, tmp_path / "here", processes=1)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    killed: list[int] = []
    try:
        with distributed.Client(cluster) as client:
            pids = client.run(os.getpid)
            lock = threading.Lock()

            def kill_one_at_work(done: int, total: int) -> None:
                # after the first results are back, end a worker that is still at work, from outside
                with lock:
                    if killed or done == 0:
                        return
                    busy = [w for w, keys in client.processing().items() if keys and w in pids]
                    if busy:
                        killed.append(pids[busy[0]])
                        os.kill(pids[busy[0]], 9)

            there = build(articles, tmp_path / "there", scheduler=cluster.scheduler_address,
                          progress=kill_one_at_work)
    finally:
        cluster.close()
    assert killed, "no worker was at work when the first results came back"
    assert (there.read, there.added, there.operations, there.statements) == \
        (here.read, here.added, here.operations, here.statements)
    assert _graph(tmp_path / "there") == _graph(tmp_path / "here")


@pytest.mark.parametrize("address", ["local:0", "local", "local:two", "not an address"])
def test_a_scheduler_address_is_local_n_or_host_and_port(address):
    with pytest.raises(ValueError):
        checked(address)
    assert checked("local:2") == "local:2" and checked("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"


def test_no_scheduler_at_the_address_is_a_clear_error_and_builds_nothing(tmp_path):
    articles = tmp_path / "corpus"
    generated.write(2, articles, seed=13)
    with pytest.raises(ClusterError, match="no Dask scheduler answered at 127.0.0.1:9"):
        build(articles, tmp_path / "store", scheduler="127.0.0.1:9")

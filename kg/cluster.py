"""The per-article work (parse, extract, N-Quads) as a map over a Dask cluster.

`frontline build --scheduler ADDRESS` sends chunks of articles to the workers of a running
`dask.distributed` scheduler (or, for `local:N`, of a LocalCluster of N worker processes started
here) and takes back each article's N-Quads: the articles travel with the tasks and the quads
come back in the results, so the workers need the package and its model, and no filesystem in
common with this machine. Everything else stays in the main process as in kg/build.py: which
articles are new or changed (read before the map, so unchanged articles are never sent), the
writes in batches as results come back, and the content hashes written last.

A worker that dies costs its tasks a retry on another worker (the scheduler's own doing), not
the build. Dask is an optional extra (`pip install 'frontline-kg[cluster]'`); without it only
this path is unavailable.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator

from kg.corpus.articles import Article
from kg.graph.rdf import BuildInfo

LOCAL = re.compile(r"local:(?P<workers>[1-9]\d*)")
CONNECT_TIMEOUT = "10s"
WAIT_FOR_WORKERS = 60  # seconds a scheduler with no worker yet is given to get one


class ClusterError(RuntimeError):
    """The cluster could not be used: Dask missing, no such scheduler, no workers."""


def checked(address: str) -> str:
    """A scheduler address as `--scheduler` takes it: `local:N`, or a scheduler's address
    (tcp://host:8786, or host:8786). Raises ValueError otherwise."""
    address = address.strip()
    if address.startswith("local"):
        if not LOCAL.fullmatch(address):
            raise ValueError(f"--scheduler {address!r}: write local:N with N worker processes, e.g. local:2")
        return address
    if not re.fullmatch(r"(?:(?:tcp|tls|ucx)://)?[\w.\-\[\]:]+:\d+", address):
        raise ValueError(f"--scheduler {address!r}: give local:N or a scheduler's address such as "
                         "tcp://10.0.0.5:8786")
    return address


def extracted_on(address: str, articles: Iterable[Article], info: BuildInfo,
                 on_workers: Callable[[int], None] = lambda n: None) -> Iterator:
    """Each article's quads (kg.workers.Extracted), as the workers finish them (not in the corpus's order). At most
    IN_FLIGHT chunks a worker are out at once, so the corpus is read as the workers need it."""
    from kg.workers import IN_FLIGHT, chunks, work_with  # here, so that ClusterError costs no model import

    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as missing:
        raise ClusterError("--scheduler needs Dask: pip install 'frontline-kg[cluster]'") from missing
    cluster = None
    try:
        if LOCAL.fullmatch(address):
            # worker processes are spawned (distributed's default), not forked: see kg/workers.py
            cluster = LocalCluster(n_workers=int(address.split(":")[1]), threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as unreachable:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"no Dask scheduler answered at {address}: {unreachable}") from unreachable
    try:
        try:
            workers = len(client.scheduler_info().get("workers", {}))
            if workers == 0:
                client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
                workers = len(client.scheduler_info().get("workers", {}))
        except TimeoutError as idle:
            raise ClusterError(f"the Dask scheduler at {address} has no workers") from idle
        on_workers(workers)
        pending = chunks(articles)
        running = as_completed()
        for chunk in itertools.islice(pending, IN_FLIGHT * max(workers, 1)):
            running.add(client.submit(work_with, chunk, info, pure=False))
        for future in running:
            done = future.result()
            future.release()
            following = next(pending, None)
            if following is not None:
                running.add(client.submit(work_with, following, info, pure=False))
            yield from done
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

"""Dumps that other triple stores load: Turtle without named graphs, TriG/N-Quads with them."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from pyoxigraph import RdfFormat, Store

CLI = [sys.executable, "-m", "kg.cli"]


def _dump(store, fmt, out):
    subprocess.run(CLI + ["dump", "--store", str(store), "--format", fmt, "--out", str(out)], check=True)
    return out


@pytest.mark.parametrize("which", ["sample_store", "seeds_store"])
def test_turtle_dump_loads_the_same_in_oxigraph_and_raptor(which, request, tmp_path):
    store = request.getfixturevalue(which)
    ttl = _dump(store, "turtle", tmp_path / "graph.ttl")
    fresh = Store()
    fresh.load(path=str(ttl), format=RdfFormat.TURTLE)
    assert len(fresh) > 1000
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    count = int(done.stderr.split("returned")[1].split()[0])
    assert count == len(fresh)


def test_trig_and_nquads_keep_one_graph_per_article(sample_store, tmp_path):
    trig = _dump(sample_store, "trig", tmp_path / "graph.trig")
    nq = _dump(sample_store, "nquads", tmp_path / "graph.nq")
    a, b = Store(), Store()
    a.load(path=str(trig), format=RdfFormat.TRIG)
    b.load(path=str(nq), format=RdfFormat.N_QUADS)
    assert len(a) == len(b) == len(Store.read_only(str(sample_store)))
    graphs = {str(g.value) for g in a.named_graphs()}
    assert sum("/graph/article/" in g for g in graphs) >= 15


def test_jsonld_dump_parses(sample_store, tmp_path):
    out = _dump(sample_store, "jsonld", tmp_path / "graph.jsonld")
    fresh = Store()
    fresh.load(path=str(out), format=RdfFormat.JSON_LD)
    assert len(fresh) > 1000

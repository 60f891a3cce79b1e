"""Shared fixtures: real stores built once per test session with the real model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.resources import sample_corpus

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("sample") / "store"
    build(sample_corpus(), store)
    return store


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory) -> Path:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not here")
    store = tmp_path_factory.mktemp("seeds") / "store"
    build(seeds, store)
    return store


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A private copy of the sample corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(sample_corpus(), target)
    return target

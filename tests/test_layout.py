"""The import rules of the house (issue 22), read from the source so that they cannot break
silently: kg never imports server (the command line takes `serve` through an entry point); the
graph side (facts to quads, the store, derived graphs, control, queries) never imports the
language side (spaCy, the rules, the gazetteer, the lexicons); the language side never imports an
RDF library. The two sides meet in kg/facts.py and kg/names.py."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRAPH_SIDE = {"rdf", "vocab", "store", "derive", "control", "timeline", "inference", "validate", "sparql",
              "queryfile", "querytext", "facts_out"}
LANGUAGE_SIDE = {"nlp", "extract", "events", "event_rules", "realis", "statements", "speakers", "places",
                 "operation_places", "operation_sides", "operation_dates", "side_focus", "sides", "holdings",
                 "clauses", "dates", "gazetteer", "lexicons"}
RDF_LIBRARIES = {"pyoxigraph", "rdflib", "oxrdflib", "pyshacl", "owlrl"}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function, as dotted names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _kg_modules() -> dict[str, set[str]]:
    return {path.stem: _imports(path) for path in (ROOT / "kg").glob("*.py")}


def test_the_sides_are_named_completely():
    """Every module of kg is on one side or in the shared middle, so that a new one is placed."""
    shared = {"__init__", "facts", "names", "articles", "boilerplate", "html", "resources", "cli", "build", "workers"}
    modules = set(_kg_modules())
    assert modules - GRAPH_SIDE - LANGUAGE_SIDE - shared == set(), "place the new module on a side"
    assert not GRAPH_SIDE & LANGUAGE_SIDE


def test_kg_never_imports_server():
    offenders = {name: sorted(i for i in imports if i == "server" or i.startswith("server."))
                 for name, imports in _kg_modules().items()}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_graph_side_never_imports_the_language_side():
    language = {f"kg.{name}" for name in LANGUAGE_SIDE} | {"spacy"}
    offenders = {name: sorted(i for i in imports if i in language or i.split(".")[0] == "spacy")
                 for name, imports in _kg_modules().items() if name in GRAPH_SIDE}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_language_side_never_imports_an_rdf_library():
    offenders = {name: sorted(i for i in imports if i.split(".")[0] in RDF_LIBRARIES)
                 for name, imports in _kg_modules().items() if name in LANGUAGE_SIDE}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_rules_catch_what_they_say(tmp_path):
    """The walker sees an import inside a function, where the old `serve` command had it."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from server.serve import serve\n    import kg.gazetteer\n", "utf-8")
    assert {"server.serve", "server.serve.serve", "kg.gazetteer"} <= _imports(sample)

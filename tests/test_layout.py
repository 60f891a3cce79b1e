"""The import rules of the house (issue 22), read from the source so that they cannot break
silently: kg never imports server (the command line takes `serve` through an entry point); the
graph side (facts to quads, the store, derived graphs, control, queries) never imports the
language side (spaCy, the rules, the gazetteer, the lexicons); the language side never imports an
RDF library. The two sides meet in kg/facts.py and kg/names.py; kg/corpus reads articles."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / "kg"
RDF_LIBRARIES = {"pyoxigraph", "rdflib", "oxrdflib", "pyshacl", "owlrl"}
SHARED = {"__init__", "facts", "names", "resources", "cli", "build", "workers", "cluster"}  # kg/*.py, where the parts meet
# (workers and cluster: the build's per-article work, in processes here or on a Dask cluster)


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


def _modules(folder: Path) -> dict[str, set[str]]:
    return {str(path.relative_to(ROOT)): _imports(path) for path in folder.rglob("*.py")}


def _offenders(folder: Path, forbidden) -> dict[str, list[str]]:
    found = {name: sorted(i for i in imports if forbidden(i)) for name, imports in _modules(folder).items()}
    return {name: names for name, names in found.items() if names}


def test_kg_is_its_parts_and_the_seam_between_them():
    """kg holds corpus/, language/ and graph/, and at its top only the seam, the build and the
    command line, so that a new module has to be placed on a side."""
    folders = {path.name for path in KG.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert folders == {"corpus", "language", "graph"}
    assert {path.stem for path in KG.glob("*.py")} == SHARED


def test_kg_never_imports_server():
    assert _offenders(KG, lambda i: i == "server" or i.startswith("server.")) == {}


def test_the_graph_side_never_imports_the_language_side():
    assert _offenders(KG / "graph", lambda i: i.startswith(("kg.language", "spacy"))) == {}


def test_the_language_side_never_imports_an_rdf_library():
    assert _offenders(KG / "language", lambda i: i.split(".")[0] in RDF_LIBRARIES) == {}


def test_the_rules_catch_what_they_say(tmp_path):
    """The walker sees an import inside a function, where the old `serve` command had it."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from server.serve import serve\n    import kg.language.gazetteer\n", "utf-8")
    assert {"server.serve", "server.serve.serve", "kg.language.gazetteer"} <= _imports(sample)


def test_server_is_its_views_its_http_and_its_processes():
    """server holds views/ (what each address answers), http/ (protocol, formats, errors, bodies,
    the cap per client) and processes/ (executors, the writer, their life cycle); at its top only
    the app factory, the command, the serving, the configuration and the state of the store."""
    server = ROOT / "server"
    folders = {path.name for path in server.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert folders == {"views", "http", "processes"}
    assert {path.stem for path in server.glob("*.py")} == {"__init__", "cli", "serve", "config", "state", "kept"}
    # the child processes import no Flask: they are spawned fresh and keep their imports small
    assert _offenders(server / "processes", lambda i: i.split(".")[0] == "flask") == {}

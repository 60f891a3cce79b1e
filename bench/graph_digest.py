"""`bench/graph_digest.py [--out FILE]`: one digest per corpus of the graph a build makes, to show
that a change of structure changed no fact.

Builds the bundled sample and, when they are beside the project, the seeds and the dev, dev2 and
dev3 sets, each into a fresh store, and prints per corpus the number of quads and a SHA-256 of
them as sorted N-Quads, leaving out what differs from one build to the next by design: the build
activity's graph (its times and host), the build each article graph names, and blank node labels. Run it on the
commit before a refactoring and on the one after; the lines must be the same.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
CORPORA = {
    "sample": ROOT / "data" / "sample",
    "seeds": SHARED / "seeds",
    "dev": SHARED / "eval" / "dev" / "articles",
    "dev2": SHARED / "eval" / "dev2" / "articles",
    "dev3": SHARED / "eval" / "dev3" / "articles",
}
BUILD_IRI = re.compile(r"<https://frontline-kg\.org/graph/build/[^>]*>|<https://frontline-kg\.org/id/build/[^>]*>")
BLANK = re.compile(r"_:[A-Za-z0-9]+")  # labels differ from build to build; blank nodes are compared aside


def digest(corpus: Path) -> tuple[int, str]:
    from pyoxigraph import RdfFormat, serialize

    from kg.build import build
    from kg.graph import vocab
    from kg.graph.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "store"
        build(corpus, store_path, processes=1)
        store = open_store(store_path, read_only=True)
        quads = [q for q in store if not (q.graph_name.value if hasattr(q.graph_name, "value") else "")
                 .startswith(vocab.BUILD_GRAPH)]
        text = serialize(quads, format=RdfFormat.N_QUADS).decode("utf-8")
        del store
    lines = sorted({BLANK.sub("_:", BUILD_IRI.sub("<build>", line)) for line in text.splitlines() if line})
    return len(lines), hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the lines to this file too")
    args = parser.parse_args(argv)
    rows = []
    for name, corpus in CORPORA.items():
        if not corpus.exists():
            print(f"{name}: not here ({corpus}), skipped", file=sys.stderr)
            continue
        count, sha = digest(corpus)
        rows.append(f"{name:7} {count:7} distinct lines  sha256 {sha}")
        print(rows[-1], flush=True)
    if args.out:
        args.out.write_text("\n".join(rows) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

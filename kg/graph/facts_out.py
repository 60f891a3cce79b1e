"""The facts of the accuracy contract, read back out of the store with the queries in queries/."""

from __future__ import annotations

from pyoxigraph import Store

from kg.graph.store import named_query, select

RULES = """PREFIX fl: <https://frontline-kg.org/ontology#>
SELECT ?fact ?rule WHERE { GRAPH ?g { ?fact fl:extractionRule ?rule } } ORDER BY ?fact ?rule"""


def all_facts(store: Store) -> list[dict]:
    """Every operation and statement, each with the names of the rules that read it."""
    rules: dict[str, list[str]] = {}
    for row in select(store, RULES):
        rules.setdefault(row["fact"], []).append(row["rule"])
    out: list[dict] = []
    seen_ops: set[str] = set()
    for row in select(store, named_query("events")):
        if row["op"] in seen_ops:  # one line per operation, whatever its evidence
            continue
        seen_ops.add(row["op"])
        out.append({"doc": row["doc"], "kind": "event", "type": row["type"], "side": row["side"] or None,
                    "place": row["place"], "date": row["date"], "outcome": row["outcome"],
                    "rules": rules.get(row["op"], [])})
    seen_st: set[str] = set()
    for row in select(store, named_query("statements")):
        if row["statement"] in seen_st:
            continue
        seen_st.add(row["statement"])
        out.append({"doc": row["doc"], "kind": "statement", "speaker": row["speaker"], "role": row["role"],
                    "date": row["date"], "text": row["text"], "rules": rules.get(row["statement"], [])})
    return out

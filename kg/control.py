"""`frontline control PLACE DATE`: the question the graph exists for, answered from the
derived control periods and the operations and claims they rest on."""

from __future__ import annotations

import datetime as dt

from pyoxigraph import Literal, NamedNode, Store

from kg import vocab as v
from kg.gazetteer import key
from kg.store import named_query, select

CONTESTED_WINDOW = dt.timedelta(days=45)
MAX_EVIDENCE = 20


def answer(store: Store, place: str, when: dt.date) -> dict:
    bindings = {"key": Literal(key(place)), "date": Literal(when.isoformat(), datatype=NamedNode(v.XSD + "date"))}
    periods = select(store, named_query("who-controlled"), **bindings)
    evidence_rows = select(store, named_query("control-evidence"), **bindings)
    result = {"place": place, "date": when.isoformat(), "controller": None, "status": "unknown", "since": None,
              "evidence": []}
    if periods:
        best = periods[0]
        result["place"] = best["placeLabel"] or place
        result["controller"] = best["controller"]
        result["status"] = best["status"]
        result["since"] = best["since"]
        if _pressed(evidence_rows, when):
            result["status"] = "contested"
    result["evidence"] = _evidence(store, evidence_rows)
    return result


def _pressed(rows: list[dict], when: dt.date) -> bool:
    """Was there fighting for the place (attacks, advances, encirclement) in the weeks before the
    date? Either side's: attacks repelled inside a town mean it is contested too."""
    for row in rows:
        if row["type"] not in ("assault", "advance", "encirclement", "offensive") or not row["earliest"]:
            continue
        if when - CONTESTED_WINDOW <= dt.date.fromisoformat(str(row["earliest"])) <= when:
            return True
    return False


def _evidence(store: Store, rows: list[dict]) -> list[dict]:
    """The latest operations, each with the claims that support or dispute it (a second query,
    for the operations shown: cheaper on a large graph than joining every claim into the evidence)."""
    by_op: dict[str, dict] = {}
    for row in rows:
        if row["op"] not in by_op and len(by_op) < MAX_EVIDENCE:
            by_op[row["op"]] = {
                "operation": row["op"], "type": row["type"], "side": row["side"], "date": row["opDate"],
                "outcome": row["outcome"], "quote": row["quote"], "article": row["doc"], "url": row["url"],
                "claims": []}
    if by_op:
        for row in select(store, named_query("operation-claims"), op=[NamedNode(op) for op in by_op]):
            claims = by_op[row["op"]]["claims"]
            claim = {"speaker": row["speaker"], "stance": row["stance"], "text": row["claim"]}
            if claim not in claims:
                claims.append(claim)
    return list(by_op.values())


def as_text(result: dict) -> str:
    lines = []
    if result["controller"]:
        since = f" since {result['since']}" if result["since"] else ""
        lines.append(f"{result['place']} on {result['date']}: held by {result['controller']}{since}"
                     f" ({result['status']})")
    else:
        lines.append(f"{result['place']} on {result['date']}: the graph does not know who held it")
    if result["evidence"]:
        lines.append("")
        lines.append("Evidence:")
    for item in result["evidence"]:
        side = item["side"] or "unknown side"
        when = item["date"] or "undated"
        outcome = f", {item['outcome']}" if item["outcome"] else ""
        lines.append(f"- {item['type']} by {side}, {when}{outcome} [{item['article']}"
                     f"{' ' + item['url'] if item['url'] else ''}]")
        lines.append(f"    “{item['quote']}”")
        for claim in item["claims"]:
            lines.append(f"    {claim['speaker']} {claim['stance']} this: “{claim['text']}”")
    return "\n".join(lines)

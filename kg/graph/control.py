"""`frontline control PLACE DATE`: the question the graph exists for, answered from the
derived control periods and the operations and claims they rest on."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Store

from kg.facts import other
from kg.graph import vocab as v
from kg.graph.store import is_true, iso_day, named_query, select
from kg.names import key

CONTESTED_WINDOW = dt.timedelta(days=45)
HAND_OVER = ("capture", "withdrawal")
FIGHTING = ("assault", "advance", "encirclement", "offensive")  # what makes a held place contested
MAX_EVIDENCE = 20
LAST_DAY = Literal(dt.date.max.isoformat(), datatype=NamedNode(v.XSD + "date"))


@dataclass(frozen=True)
class Record:
    """All the graph says of one place's control, whatever the date: its control periods, the
    operations there (each row of the control-evidence query, latest first) and the claims about
    each operation. A place is asked of on many dates (a timeline, a dashboard stepping through
    days): fetched once, it answers any date without another query (server/state.py keeps it)."""

    periods: tuple[dict, ...]
    evidence: tuple[dict, ...]
    claims: dict[str, tuple[dict, ...]]  # operation IRI -> its claims, each once, in the operation-claims order
    incident_claims: dict[str, tuple[dict, ...]] = field(default_factory=dict)  # incident IRI -> claims, any article

    def size(self) -> int:
        """About how many bytes it holds, for a memory budget."""
        return len(json.dumps([self.periods, self.evidence, self.claims, self.incident_claims], default=str))


def record(store: Store, place: str) -> Record:
    """The place's record: four queries, however many dates it is then asked of."""
    name_key = Literal(key(place))
    periods = select(store, named_query("control-periods"), key=name_key)
    evidence = select(store, named_query("control-evidence"), key=name_key, date=LAST_DAY)
    claims: dict[str, list[dict]] = {}
    ops = list(dict.fromkeys(row["op"] for row in evidence))
    if ops:
        for row in select(store, named_query("operation-claims"), op=[NamedNode(op) for op in ops]):
            claim = {"speaker": row["speaker"], "side": row["side"] or None, "stance": row["stance"],
                     "text": row["claim"]}
            said = claims.setdefault(row["op"], [])
            if claim not in said:  # the same words twice (in two graphs, say) are one claim
                said.append(claim)
    by_incident: dict[str, list[dict]] = {}
    incidents = sorted({row["incident"] for row in evidence if row["incident"] and row["type"] in HAND_OVER})
    if incidents:
        for row in select(store, named_query("incident-claims"), incident=[NamedNode(i) for i in incidents]):
            claim = {"speaker": row["speaker"], "side": row["side"] or None, "stance": row["stance"], "text": row["claim"]}
            said = by_incident.setdefault(row["incident"], [])
            if claim not in said:
                said.append(claim)
    return Record(tuple(periods), tuple(evidence), {op: tuple(found) for op, found in claims.items()},
                  {incident: tuple(found) for incident, found in by_incident.items()})


def answer(store: Store, place: str, when: dt.date) -> dict:
    return answer_from(record(store, place), place, when)


def answer_from(found: Record, place: str, when: dt.date) -> dict:
    """The answer for one date, as the who-controlled and control-evidence queries would give it
    for that date: the latest-starting period that covers it, and the operations up to it. The
    answer names the place as it was asked ("place"), and as the graph labels it ("label"): a
    reader who asked for Chuhuiv should not be told about another spelling."""
    result = {"place": place, "label": None, "date": when.isoformat(), "controller": None, "status": "unknown",
              "since": None, "evidence": []}
    evidence_rows = [row for row in found.evidence if _on_or_before(row["earliest"], when)]
    periods = [p for p in found.periods if _on_or_before(p["start"], when) and _after(p["end"], when)]
    if periods:
        best = periods[0]
        result["label"] = best["placeLabel"]  # the graph's name for it; "place" stays the name asked
        result["controller"] = best["controller"]
        result["status"] = best["status"]
        result["since"] = best["since"]
        if _pressed(evidence_rows, when):
            result["status"] = "contested"
    result["evidence"] = _evidence(evidence_rows, found.claims)
    if result["status"] == "contested":
        result["who_claims"] = _who_claims(evidence_rows, found, when, result["label"] or place)
    result["summary"] = summary(result)
    return result


def _who_claims(rows: list[dict], found: Record, when: dt.date, place: str) -> list[dict]:
    """When control is contested, the hand-overs reported in the weeks before the date, each
    told once however many reports tell it, with who asserts it and who denies it (in any
    article), and their sides: claims side by side, for the reader to weigh."""
    out: dict[str, dict] = {}
    for row in rows:
        if row["type"] not in HAND_OVER or not row["side"] or _near(row) or _relief(row):
            continue
        day = iso_day(row["earliest"])
        if day is None or not when - CONTESTED_WINDOW <= day <= when:
            continue
        taker = row["side"] if row["type"] == "capture" else other(row["side"])
        key_ = row["incident"] or row["op"]
        item = out.setdefault(key_, {"says": f"{taker} took {place}", "date": row["opDate"],
                                     "reports": _count(row["reports"]) or 1, "sources": _count(row["sources"]) or 1,
                                     "asserted_by": [], "denied_by": []})
        claims = list(found.claims.get(row["op"], ())) + list(found.incident_claims.get(row["incident"], ()))
        for claim in claims:
            who = {"speaker": claim["speaker"], "side": claim.get("side")}
            bucket = item["asserted_by"] if claim["stance"] == "supports" else item["denied_by"]
            if who not in bucket:
                bucket.append(who)
    return list(out.values())


def _on_or_before(value: object, when: dt.date) -> bool:
    """SPARQL's `!BOUND(?x) || ?x <= ?date`: unbound passes, a value that is not a date fails."""
    if value is None:
        return True
    day = iso_day(value)
    return day is not None and day <= when


def _after(value: object, when: dt.date) -> bool:
    """SPARQL's `!BOUND(?end) || ?date < ?end`."""
    if value is None:
        return True
    day = iso_day(value)
    return day is not None and when < day


def _pressed(rows: list[dict], when: dt.date) -> bool:
    """Was there fighting for the place (attacks, advances, encirclement) in the weeks before the
    date? Either side's: attacks repelled inside a town mean it is contested too."""
    for row in rows:
        if row["type"] not in FIGHTING and not _near(row):
            continue
        day = iso_day(row["earliest"])
        if day is not None and when - CONTESTED_WINDOW <= day <= when:
            return True
    return False


def _near(row: dict) -> bool:
    """A hand-over only near the place ("abandoned positions near X") is fighting for it."""
    return is_true(row.get("near"))


def _relief(row: dict) -> bool:
    """A withdrawal that handed its positions to its own side changed no hands."""
    return is_true(row.get("relief"))


def _evidence(rows: list[dict], claims: dict[str, tuple[dict, ...]]) -> list[dict]:
    """The latest operations, each with the claims that support or dispute it."""
    by_op: dict[str, dict] = {}
    for row in rows:
        if row["op"] not in by_op and len(by_op) < MAX_EVIDENCE:
            by_op[row["op"]] = {
                "operation": row["op"], "type": row["type"], "side": row["side"], "date": row["opDate"],
                "outcome": row["outcome"], "near": _near(row), "relief": _relief(row),
                "quote": row["quote"], "article": row["doc"], "url": row["url"],
                "outlet": row["outlet"], "title": row["title"],
                "published": str(row["published"]) if row["published"] is not None else None,
                # the incident this report is one of, with how many report it and how independently
                "incident": row["incident"], "reports": _count(row["reports"]), "sources": _count(row["sources"]),
                "claims": [dict(claim) for claim in claims.get(row["op"], ())]}  # copies: the record is kept
    return list(by_op.values())


def _count(value: object) -> int | None:
    return int(str(value)) if value is not None else None


def _named(people: list[dict]) -> str:
    return ", ".join(p["speaker"] + (f" ({p['side']})" if p["side"] else "") for p in people) or "nobody quoted"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _as_words(since: str) -> str:
    """2024-02-17 as "17 February 2024", 2024-02 as "February 2024", a year as itself."""
    parts = since.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return since


def summary(result: dict) -> str:
    """The answer in a reader's words: "held by Russia since 17 February 2024; Ukraine disputes
    it", rather than a status code. Who disputes it: the sides that deny the hand-over (in
    `who_claims`), else the side that attacked the place in the weeks before the date."""
    if not result["controller"]:
        return "the graph does not know who held it"
    text = f"held by {result['controller']}" + (f" since {_as_words(result['since'])}" if result["since"] else "")
    if result["status"] != "contested":
        return text
    deniers = sorted({who["side"] for item in result.get("who_claims", []) for who in item["denied_by"] if who["side"]})
    attackers = sorted({item["side"] for item in result["evidence"]
                        if item["side"] and item["side"] != result["controller"]
                        and item["type"] in FIGHTING})
    if deniers:
        return f"{text}; {' and '.join(deniers)} {'dispute' if len(deniers) > 1 else 'disputes'} it"
    if attackers:
        return f"{text}; contested, {' and '.join(attackers)} fighting for it"
    return f"{text}; contested, with fighting there in the weeks before"


def as_text(result: dict) -> str:
    lines = []
    named = result.get("label")
    label = f" ({named} in the graph)" if result["controller"] and named and named.lower() != result["place"].lower() else ""
    lines.append(f"{result['place']}{label} on {result['date']}: {summary(result)}")
    if result["evidence"]:
        lines.append("")
        lines.append("Evidence:")
    for item in result["evidence"]:
        side = item["side"] or "unknown side"
        when = item["date"] or "undated"
        outcome = f", {item['outcome']}" if item["outcome"] else ""
        source = ", ".join(str(x) for x in (item.get("outlet"), item.get("title"), item.get("published")) if x)
        lines.append(f"- {item['type']} by {side}, {when}{outcome} [{item['article']}"
                     f"{': ' + source if source else ''}{' ' + item['url'] if item['url'] else ''}]")
        if (item.get("reports") or 0) > 1:
            lines.append(f"    one of {item['reports']} reports of this incident, from {item['sources']} "
                         f"independent source{'s' if item['sources'] != 1 else ''}")
        lines.append(f"    “{item['quote']}”")
        for claim in item["claims"]:
            lines.append(f"    {claim['speaker']} {claim['stance']} this: “{claim['text']}”")
    if result.get("who_claims"):
        lines.append("")
        lines.append("Who claims what:")
    for item in result.get("who_claims", []):
        lines.append(f"- {item['says']} ({item['date'] or 'undated'}; {item['reports']} reports, "
                     f"{item['sources']} independent): asserted by {_named(item['asserted_by'])}; "
                     f"denied by {_named(item['denied_by'])}")
    return "\n".join(lines)

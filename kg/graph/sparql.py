"""Running user SPARQL against the store and printing results for a terminal or a pipe."""

from __future__ import annotations

import csv
import io
import json

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store

from kg.graph import querytext


def run_for_terminal(store: Store, query: str, fmt: str) -> str:
    """Run a query for `frontline query`; what the endpoint refuses by its text is refused here by
    the same check (kg/graph/querytext.py): pyoxigraph would answer SERVICE by connecting to the address."""
    if querytext.uses_service(query):
        raise ValueError("SERVICE is refused: this tool never fetches anything on a query's behalf")
    if querytext.is_update(query):
        raise ValueError("this is an update, and `frontline query` only reads")
    if deep := querytext.too_deep(query):
        raise ValueError(deep)
    try:
        results = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as err:
        raise ValueError(f"the query does not parse: {err}") from None
    if isinstance(results, QueryBoolean):
        return json.dumps({"boolean": bool(results)}) + "\n" if fmt == "json" else f"{bool(results)}\n"
    if not isinstance(results, QuerySolutions):
        return results.serialize(format=RdfFormat.TURTLE).decode("utf-8")
    if fmt == "json":
        return results.serialize(format=QueryResultsFormat.JSON).decode("utf-8") + "\n"
    names = [var.value for var in results.variables]
    rows = [[_show(solution[n]) for n in names] for solution in results]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(names)
        writer.writerows(rows)
        return buffer.getvalue()
    return _table(names, rows)


def _show(term) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def _table(names: list[str], rows: list[list[str]]) -> str:
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"

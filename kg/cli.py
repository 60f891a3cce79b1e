"""The `frontline` command: a thin layer of arguments and output over the package's functions."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import errno
import json
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

from kg import __version__
from kg.graph.formats import RDF_FORMATS

DEFAULT_STORE = Path("frontline-store")


def _default_corpus() -> Path:
    from kg.resources import sample_corpus

    return sample_corpus()


def at_least(low: int):
    """An argparse type: a whole number no smaller than low, refused in the flag's own words."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is less than {low}")
        return value
    parse.__name__ = f"a whole number of at least {low}"
    return parse


def _iso_date(text: str) -> dt.date:
    """An argparse type: a calendar day written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.date.fromisoformat("x")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


_iso_date.__name__ = "a date"


def port(text: str) -> int:
    value = at_least(1)(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{value} is no port (1 to 65535)")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontline", description="War reporting in, a knowledge graph out.")
    parser.add_argument("--version", action="version", version=f"frontline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_store(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--store", type=Path, default=DEFAULT_STORE,
                       help=f"the graph store folder (default: {DEFAULT_STORE})")
        return p

    p = with_store(sub.add_parser("build", help="read a corpus and add it to the graph store"))
    p.add_argument("--corpus", type=Path, default=None, help="folder or file of articles (default: the sample corpus)")
    p.add_argument("--strict", action="store_true", help="if any file would be skipped, fail and write nothing")
    p.add_argument("--base-iri", default=None, metavar="URL",
                   help="mint the data's IRIs under URL/id/ (default: https://frontline-kg.org/), so that a server "
                        "at that address answers them; a store keeps the base of its first build")
    p.add_argument("--processes", type=at_least(1), default=None,
                   help="worker processes that parse and extract (default: 2 from 200 articles to build, else 1)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="parse and extract on a Dask cluster: local:N starts N worker processes here, or give a "
                        "running scheduler's address (tcp://host:8786); needs pip install 'frontline-kg[cluster]'")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = with_store(sub.add_parser("facts", help="print every fact in the graph"))
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")

    p = with_store(sub.add_parser("control", help="who controlled PLACE on DATE"))
    p.add_argument("place")
    p.add_argument("date", help="YYYY-MM-DD")
    p.add_argument("--format", choices=["json", "text"], default="text")

    p = with_store(sub.add_parser("events", help="the event table: one row per incident, however many reports"))
    p.add_argument("--from", dest="start", type=_iso_date, default=None, metavar="DATE",
                   help="incidents that end on or after this day (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=_iso_date, default=None, metavar="DATE",
                   help="incidents that begin on or before this day (YYYY-MM-DD)")
    p.add_argument("--place", default=None, help="incidents at the place of this name (any spelling the graph knows)")
    p.add_argument("--format", choices=["csv", "jsonl", "geojson"], default="csv")

    p = with_store(sub.add_parser("query", help="run a SPARQL query (a .rq file or the query text)"))
    p.add_argument("sparql")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a parameter its '# param:' header declares (default: the header's value)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")

    p = with_store(sub.add_parser("dump", help="write the graph as RDF"))
    p.add_argument("--format", choices=[f.name for f in RDF_FORMATS], default=RDF_FORMATS[0].name)
    p.add_argument("--out", type=Path, default=None,
                   help="file to write (default: standard output); with --parts, the folder of the parts")
    p.add_argument("--parts", type=at_least(1), default=None,
                   help="write N-Quads as this many files, each named graph whole in one, for bulk loaders that "
                        "load files in parallel (needs --format nquads and --out FOLDER)")

    with_store(sub.add_parser("validate", help="check the graph against the SHACL shapes and the ontology"))

    p = with_store(sub.add_parser("derive", help="recompute the derived graphs (incidents, control periods, name "
                                                 "keys) of every place from the article graphs"))
    p.add_argument("--all", action="store_true", help="every place (the default, and so far the only choice: a "
                                                      "build recomputes the places its articles touch by itself)")

    commands = dict(COMMANDS)
    for plugged in entry_points(group="frontline.commands"):  # `serve`, from server (kg never imports it)
        commands.update(plugged.load()(sub, with_store))

    args = parser.parse_args(argv)
    from kg.graph.store import StoreError

    try:
        return commands[args.command](args)
    except (StoreError, FileNotFoundError, ValueError) as err:
        print(f"frontline {args.command}: {err}", file=sys.stderr)
        return 2
    except RuntimeError as err:
        from kg.cluster import ClusterError

        if not isinstance(err, ClusterError):
            raise
        print(f"frontline {args.command}: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `frontline facts | head`
        sys.stderr.close()
        return 0
    except OSError as err:  # a full disk, a folder it may not write: one line, not a traceback
        print(f"frontline {args.command}: {_os_error(args.command, err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"frontline {args.command}: interrupted", file=sys.stderr)
        return 130


def _os_error(command: str, err: OSError) -> str:
    """What went wrong with the disk or a file, in a sentence; a full disk says what it left."""
    if err.errno == errno.ENOSPC or "No space left on device" in str(err):
        if command == "build":
            return ("the disk is full. The graph the store held before this build is intact, and the next "
                    "build, once there is room, writes what this one did not finish")
        return "the disk is full; nothing was written past what fitted"
    where = f" ({err.filename})" if err.filename else ""
    return f"{err.strerror or err}{where}"


def cmd_build(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kg.build import StrictRefusal, build

    err = Console(stderr=True, soft_wrap=True)
    corpus = args.corpus or _default_corpus()

    def on_skip(skipped) -> None:
        err.print(f"skipped {skipped}", markup=False, highlight=False)

    show = not args.quiet and err.is_terminal
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        rate = done / max(time.monotonic() - started, 1e-9)
        bar.update(task, completed=done, total=total, rate=f"{rate:.1f} articles/s" if done else "")

    def on_workers(count: int) -> None:
        err.print(f"frontline build: {count} Dask worker{'s' if count != 1 else ''} at {args.scheduler}",
                  markup=False, highlight=False)
        bar.update(task, description=f"extracting on {count} worker{'s' if count != 1 else ''}")

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), console=err, disable=not show) as bar:
        task = bar.add_task("extracting", total=None, rate="")
        try:
            report = build(corpus, args.store, on_skip=on_skip, processes=args.processes, strict=args.strict,
                           progress=progress, base=args.base_iri, scheduler=args.scheduler, on_workers=on_workers)
        except StrictRefusal as refusal:
            err.print(f"frontline build: {refusal}", markup=False, highlight=False)
            return 1
    err.print(f"built {args.store}: {report.summary()}", markup=False, highlight=False)
    if report.read == 0 and not report.unchanged:
        err.print(f"frontline build: nothing readable in {corpus}", markup=False)
        return 1
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from kg.graph import events_table
    from kg.graph.store import open_store

    if args.start and args.end and args.start > args.end:
        raise ValueError(f"--from {args.start} is after --to {args.end}")
    store = open_store(args.store, read_only=True)
    table = events_table.rows(store, args.start, args.end, args.place)
    events_table.write(table, args.format, sys.stdout)
    if args.place and not events_table.known_place(store, args.place):
        print(f"frontline events: no place called {args.place!r} in the graph", file=sys.stderr)
    elif not table:
        print("frontline events: no incidents" + (f" at {args.place}" if args.place else "")
              + (" in those dates" if args.start or args.end else ""), file=sys.stderr)
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    from kg.graph import facts_out
    from kg.graph.store import open_store

    store = open_store(args.store, read_only=True)
    rows = facts_out.all_facts(store)
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        fields = ["doc", "kind", "type", "side", "place", "date", "outcome", "speaker", "text"]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return 0


def cmd_control(args: argparse.Namespace) -> int:
    from kg.graph import control
    from kg.graph.store import open_store

    try:
        when = dt.date.fromisoformat(args.date)
    except ValueError:
        raise ValueError(f"{args.date!r} is not a date (YYYY-MM-DD)") from None
    store = open_store(args.store, read_only=True)
    answer = control.answer(store, args.place, when)
    if args.format == "json":
        print(json.dumps(answer, ensure_ascii=False))
    else:
        print(control.as_text(answer))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg.graph import queryfile, sparql
    from kg.graph.store import open_store
    from kg.names import key

    text = args.sparql
    if _names_a_file(text):
        text = Path(text).read_text(encoding="utf-8")
    given = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--param {item!r} is not NAME=VALUE")
        name = name.strip().lstrip("?$")
        # the queries' ?key is a place's name key: "Kherson" is given as a place is asked of
        given[name] = key(value) if name == "key" else value
    parsed = queryfile.parse(text)
    if parsed.params or given:
        text = queryfile.bound(parsed, given)
    store = open_store(args.store, read_only=True)
    sys.stdout.write(sparql.run_for_terminal(store, text, args.format))
    return 0


def _names_a_file(text: str) -> bool:
    """Is the argument a query file rather than the query itself? A query's text is no file name
    (a long one is too long to be one: the operating system says so with an error)."""
    if "\n" in text or "{" in text:
        return False
    try:
        return text.endswith(".rq") or Path(text).is_file()
    except OSError:
        return False


def cmd_dump(args: argparse.Namespace) -> int:
    from kg.graph.store import dump, dump_parts, open_store

    if args.parts is not None and (args.format != "nquads" or args.out is None):
        raise ValueError("--parts writes N-Quads files into a folder: give --format nquads and --out FOLDER")
    if args.parts is not None and args.out.exists() and not args.out.is_dir():
        raise ValueError(f"--out {args.out} is a file; --parts needs a folder")
    store = open_store(args.store, read_only=True)
    if args.parts is not None:
        written = dump_parts(store, args.parts, args.out)
        print(f"wrote {len(written)} parts in {args.out}", file=sys.stderr)
        return 0
    if args.out:
        tmp = args.out.with_name(args.out.name + ".part")
        try:
            with tmp.open("wb") as handle:
                dump(store, args.format, handle)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a full disk or an interrupt leaves no half dump behind
            raise
        tmp.replace(args.out)
    else:
        dump(store, args.format, sys.stdout.buffer)
    return 0


def cmd_derive(args: argparse.Namespace) -> int:
    from kg.graph import derive, vocab
    from kg.graph import store as kgstore

    if not args.store.exists():
        raise FileNotFoundError(f"no store at {args.store} (build one with `frontline build`)")
    serving = kgstore.served_by(args.store)
    if serving is not None:
        raise kgstore.StoreError(f"the store at {args.store} is being served by `frontline serve` (pid "
                                 f"{serving['pid']}): stop the server to derive")
    store = kgstore.open_store(args.store)
    periods = derive.rebuild(store, None)
    store.flush()
    places = sum(1 for g in store.named_graphs() if g.value.startswith(vocab.CONTROL_GRAPHS))
    print(f"derived {args.store}: {places} places, {periods} control periods", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.graph import validate
    from kg.graph.store import open_store

    store = open_store(args.store, read_only=True)
    problems = validate.check(store)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} violations", file=sys.stderr)
        return 1
    print("the graph conforms to the shapes and the ontology", file=sys.stderr)
    return 0


COMMANDS = {"build": cmd_build, "facts": cmd_facts, "control": cmd_control, "query": cmd_query,
            "dump": cmd_dump, "validate": cmd_validate, "events": cmd_events, "derive": cmd_derive}

if __name__ == "__main__":
    sys.exit(main())

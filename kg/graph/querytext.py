"""Reading just enough of a query's text to refuse what is never run here, by the endpoint
(server/views/sparql.py) and the command line (`frontline query`, kg/graph/sparql.py) alike.

pyoxigraph has no parse-only call, and it evaluates SERVICE by making HTTP requests, so the
text is looked at before it reaches the engine: comments, strings, IRIs, variables and
escapes are blanked out, and what is left (keywords, prefixed names, punctuation) is searched.
The search errs on the side of refusing: the word SERVICE anywhere outside a string, IRI,
variable or the local part of a prefixed name stops the query, because Oxigraph accepts
``SERVICE:x { ... }`` with no space at all. This is the friendly first line; the endpoint's
executor process also cannot open a network socket at all (server/processes/sandbox.py), so a query that
slips past the text check still fetches nothing there.
"""

from __future__ import annotations

import re
from functools import lru_cache

# what SPARQL text can hide words in: comments, strings, IRIs and variables
_OPAQUE = r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u0080-\U0010FFFF]+)
"""
_LEXEMES = re.compile(_OPAQUE + r"""
    | (?P<escape>\\.)
    """, re.VERBOSE | re.DOTALL)
_BLANKS = {"comment": " ", "string": ' "" ', "iri": " <> ", "var": " ?v ", "escape": "x"}
_NAME_CHARS = r"A-Za-z0-9_.\-\u0080-\U0010FFFF"
_PREFIXED_NAME = re.compile(rf"(?<![{_NAME_CHARS}:])([A-Za-z\u0080-\U0010FFFF][{_NAME_CHARS}]*)?:[{_NAME_CHARS}:%]*")
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*<>|PREFIX\s*[^\s:<]*:\s*<>)\s*)*", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_DATASET = re.compile(r"(?<![A-Za-z0-9_.:\-])FROM(?:\s*<>|\s+NAMED\b|\s+[^\s{]*:)", re.IGNORECASE)
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


_UPDATE_WORDS_LOWER = tuple(word.lower() for word in UPDATE_WORDS)


@lru_cache(maxsize=64)
def _lowered(query: str) -> str:
    return query.lower()  # once a text: a request asks several checks of the same one


def _mentions(query: str, *words: str) -> bool:
    """Whether any of the (lower-case) words occurs anywhere in the raw text. When none does, the
    skeleton cannot hold it either: its placeholders are set apart by spaces, and their letters
    ("v", "x", "pn") complete none of the words looked for. Most queries name no such word, and
    are then answered without taking the text apart, which costs ~0.1 ms a request."""
    text = _lowered(query)
    return any(word in text for word in words)


@lru_cache(maxsize=64)
def skeleton(query: str) -> str:
    """The query with comments, strings, IRIs, variables and escapes replaced by placeholders
    (kept for the last few queries: a request asks three questions of the same text)."""
    return _LEXEMES.sub(lambda m: _BLANKS[m.lastgroup or "comment"], query)


def is_update(query: str) -> bool:
    """Whether the text is a SPARQL Update request (INSERT, DELETE, LOAD, CLEAR, DROP...)."""
    if not _mentions(query, *_UPDATE_WORDS_LOWER):
        return False
    rest = skeleton(query)
    prologue = _PROLOGUE.match(rest)
    rest = rest[prologue.end():] if prologue else rest
    word = _FIRST_WORD.match(rest)
    return bool(word) and word.group(0).upper() in UPDATE_WORDS


def _drop_prefixed_names(text: str) -> str:
    def drop(match: re.Match) -> str:
        prefix = match.group(1) or ""
        # `SERVICE:x` reads as the keyword and the IRI `:x`, so such a "prefix" is kept.
        return match.group(0) if "service" in prefix.lower() else " pn "

    return _PREFIXED_NAME.sub(drop, text)


def uses_service(query: str) -> bool:
    """Whether the query could ask for a federated (remote) SERVICE call."""
    if not _mentions(query, "service"):
        return False
    return "service" in _drop_prefixed_names(skeleton(query)).lower()


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset with FROM or FROM NAMED. Such a query is run on
    the graphs it names; any other query sees the union of all graphs as its default graph."""
    if not _mentions(query, "from"):
        return False
    return bool(_DATASET.search(skeleton(query)))


MAX_NESTING = 200  # groups, brackets and parentheses inside one another; far past any real query
_NESTERS = re.compile(r"[{}()\[\]]")


def nesting(query: str) -> int:
    """How deep the query's groups, brackets and parentheses go inside one another (strings,
    IRIs and comments aside). The engine parses and evaluates by recursion, and thousands of
    levels overflow its stack and kill the process; such text is refused before it is run."""
    depth = deepest = 0
    for match in _NESTERS.finditer(skeleton(query)):
        depth = depth + 1 if match.group(0) in "{([" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def too_deep(query: str) -> str | None:
    """Why the query nests too deeply to be run, or None."""
    if query.count("{") + query.count("(") + query.count("[") <= MAX_NESTING:
        return None  # too few openers to nest that deep: the common case, without a scan
    depth = nesting(query)
    if depth <= MAX_NESTING:
        return None
    return (f"The query nests groups, brackets or parentheses {depth} deep; the limit is {MAX_NESTING}, "
            "far past any query written by hand. Flatten the nesting, or send the data as several queries.")


_VOLATILE = re.compile(r"(?<![\w:.\-])(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def is_repeatable(query: str) -> bool:
    """Whether the query gives the same answer every time on the same data: not if it calls
    NOW(), RAND(), UUID(), STRUUID() or BNODE(), whose values change from one run to the next."""
    if not _mentions(query, "now", "rand", "uuid", "bnode"):
        return True
    return not _VOLATILE.search(skeleton(query))


# --- updates -----------------------------------------------------------------------------------

_KEYWORD_LOAD = re.compile(r"(?<![\w:])LOAD(?![\w:])", re.IGNORECASE)
_KEYWORD_DATASET = re.compile(r"(?<![\w:])(?:USING|WITH)(?![\w:])", re.IGNORECASE)
_TOKENS = re.compile(
    _OPAQUE + r"""
    | (?P<pname>(?:[A-Za-z_\u0080-\U0010FFFF][\w.\-\u0080-\U0010FFFF]*)?:[\w.\-:%\u0080-\U0010FFFF]*)
    | (?P<word>[A-Za-z][A-Za-z0-9_]*)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def uses_load(update: str) -> bool:
    """Whether an update has a LOAD operation, which would fetch a document from the Web."""
    if not _mentions(update, "load"):
        return False
    return bool(_KEYWORD_LOAD.search(_drop_prefixed_names(skeleton(update))))


def has_update_dataset_clause(update: str) -> bool:
    """Whether an update names its own dataset with USING, USING NAMED or WITH."""
    if not _mentions(update, "using", "with"):
        return False
    return bool(_KEYWORD_DATASET.search(_drop_prefixed_names(skeleton(update))))


def with_using(update: str, graphs: tuple[str, ...], named_graphs: tuple[str, ...]) -> str:
    """The update with the protocol's using-graph-uri and using-named-graph-uri written into it,
    as a USING / USING NAMED clause of every operation that has a WHERE clause (SPARQL 1.1
    Protocol 2.2.3). The shorthand ``DELETE WHERE { P }``, which may not carry USING, becomes
    the equivalent ``DELETE { P } USING ... WHERE { P }``. The update must not have USING or
    WITH clauses of its own (has_update_dataset_clause); the protocol forbids mixing them."""
    if not graphs and not named_graphs:
        return update
    clause = " ".join([f"USING <{g}>" for g in graphs] + [f"USING NAMED <{g}>" for g in named_graphs])
    tokens = [(m.lastgroup, m.start(), m.end()) for m in _TOKENS.finditer(update)]
    out: list[str] = []
    done = 0
    depth = 0
    previous: tuple[str, int, int] | None = None  # the last token that is not space or a comment
    for index, (kind, start, end) in enumerate(tokens):
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0 and update[start:end].upper() == "WHERE":
            if previous is not None and previous[0] == "word" and update[previous[1]:previous[2]].upper() == "DELETE":
                pattern = _group_after(update, tokens, index)
                if pattern is not None:
                    out.append(update[done:start] + f"{pattern} {clause} ")
                    done = start
            else:
                out.append(update[done:start] + clause + " ")
                done = start
        if kind not in ("space", "comment"):
            previous = (kind, start, end)
    out.append(update[done:])
    return "".join(out)


def _group_after(text: str, tokens: list[tuple[str | None, int, int]], index: int) -> str | None:
    """The text of the { ... } group that follows token `index`, braces included."""
    depth = 0
    begin = None
    for kind, start, end in tokens[index + 1:]:
        if kind == "open":
            if depth == 0:
                begin = start
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and begin is not None:
                return text[begin:end]
        elif begin is None and kind not in ("space", "comment"):
            return None
    return None

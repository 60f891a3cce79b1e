"""Clauses of a dependency parse: which words belong to a verb's own clause, and a phrase's
words as text. Shared by the readers of operations (where, who, when)."""

from __future__ import annotations

CLAUSE_DEPS = {"advcl", "relcl", "ccomp", "acl", "conj", "parataxis", "pcomp", "xcomp"}


def clause_tokens(token) -> list:
    """The words of the trigger's own clause: its clause head's subtree without the other
    clauses hanging from it (a date in "since Moscow began its invasion last year" is not the
    date of the clause around it)."""
    clause = token
    while clause.dep_ not in CLAUSE_DEPS | {"ROOT"} and clause.head != clause:
        clause = clause.head
    keep = []
    stack = [clause]
    while stack:
        node = stack.pop()
        keep.append(node)
        for child in node.children:
            if child.dep_ in CLAUSE_DEPS and token not in child.subtree and child.pos_ in ("VERB", "AUX"):
                continue
            if child.dep_ == "conj" and child.pos_ == "VERB" and token not in child.subtree:
                continue
            stack.append(child)
    return keep


def phrase_text(token) -> str:
    return " ".join(t.text for t in token.subtree if not t.is_space)[:100]


def is_passive(token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)

"""Which side a phrase stands for: "Moscow's forces", "Kyiv's troops", "Wagner fighters",
"the Ukrainian command" — from the forces lexicon first, then from side words."""

from __future__ import annotations

from kg.language import lexicons

PRONOUNS = {"they", "them", "it", "he", "she", "we", "its", "their"}
ENEMY_WORDS = {"enemy", "enemy's", "adversary", "opponent", "foe"}  # the other side, as seen by whoever speaks


def side_of_tokens(tokens) -> str | None:
    """The side named by a phrase's words, or None when they name none or both."""
    text = " ".join(t.text for t in tokens).lower().replace("’", "'")
    found = set()
    for name, side in lexicons.force_sides().items():
        if f" {name} " in f" {text} ":
            return side
    words = lexicons.side_words()
    for token in tokens:
        low = token.lower_.replace("’", "'")
        side = words.get(low) or words.get(low.removesuffix("'s"))
        if side:
            found.add(side)
    return found.pop() if len(found) == 1 else None


def side_of_text(text: str) -> str | None:
    """The side a name or role names ("Ukraine's General Staff", "Russian Defence Ministry")."""
    low = f" {text.lower().replace('’', chr(39))} "
    for name, side in lexicons.force_sides().items():
        if f" {name} " in low:
            return side
    found = {side for word, side in lexicons.side_words().items()
             if f" {word} " in low or f" {word}'s " in low}
    return found.pop() if len(found) == 1 else None


def side_of_phrase(head) -> str | None:
    """The side of the noun phrase headed by a token, looking at its modifiers before its
    complements ("Russian troops of various units" is Russian whatever the units are)."""
    near = [t for t in head.subtree if t.i <= head.i or t.dep_ in ("compound", "amod", "poss")]
    side = side_of_tokens(near)
    if side:
        return side
    return side_of_tokens(list(head.subtree))


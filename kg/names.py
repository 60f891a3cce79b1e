"""The spelling-tolerant key places are found by, in the text (kg/language/places.py) and in the graph
(fl:nameKey, kg/graph/derive.py, kg/graph/control.py) alike."""

from __future__ import annotations

import re

from anyascii import anyascii


def key(text: str) -> str:
    """A spelling-tolerant key: Okhtyrka/Okhtirka, Hlukhiv/Hluhiv, Bilopillia/Bilopillia’ agree, and
    a name in Cyrillic (Охтирка) with its Latin spellings, through anyascii's transliteration."""
    text = anyascii(str(text)).lower()
    text = re.sub(r"[^a-z]", "", text)
    text = text.replace("kh", "h").replace("y", "i").replace("j", "i")
    text = re.sub(r"(?<=[aeo])i(?=[aeo])", "", text)  # Nikolayev/Nikolaev, Belopolye/Belopole endings alike
    return re.sub(r"(.)\1+", r"\1", text)

"""Who an article comes from, beyond its outlet: the wire agency it credits, and a sketch of its
words that tells copies of one story apart from independent reports.

An analyst counts sources, not articles: five sites printing one Reuters story are one source.
Two signs say so: the same wire credit, and near-duplicate text, found as the Jaccard similarity
of the articles' word shingles estimated by MinHash, so that no two texts are ever compared word
by word and a sketch is a few hundred characters in the graph.

The MinHash is Broder's, as datasketch computes it (each shingle's 32-bit hash through
PERMUTATIONS random linear maps modulo a Mersenne prime, the least value of each kept), written
here with numpy: importing datasketch imports SciPy's integrators, 1.1 s in every build process,
more than the sketches of a thousand articles cost.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from kg.resources import lexicon_path

SHINGLE = 5  # words a shingle: long enough that two reports of one event in their own words share few
PERMUTATIONS = 64  # MinHash permutations: the similarity's standard error is about 1/8
COPY = 0.5  # estimated Jaccard similarity from which two texts are one story
CREDIT_WITHIN = 400  # characters from the start where a dateline's credit stands
SEED = 1


@lru_cache(maxsize=1)
def _agencies() -> tuple[re.Pattern, dict[str, str]]:
    names: dict[str, str] = {}
    for line in lexicon_path("wire_services.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        forms = [form.strip() for form in line.split("|")]
        for form in forms:
            names[form.lower()] = forms[0]
    alternatives = "|".join(re.escape(form) for form in sorted(names, key=len, reverse=True))
    return re.compile(rf"\(\s*({alternatives})\s*\)", re.I), names


def wire_credit(text: str) -> str | None:
    """The agency a dateline credits ("KYIV (Reuters) -"), by its first name in the lexicon."""
    pattern, names = _agencies()
    found = pattern.search(text[:CREDIT_WITHIN])
    return names[found.group(1).lower()] if found else None


def _shingles(text: str) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(max(1, len(words) - SHINGLE + 1))}


PRIME = (1 << 61) - 1
MAX_HASH = (1 << 32) - 1


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.RandomState(SEED)
    return (generator.randint(1, PRIME, PERMUTATIONS, dtype=np.uint64),
            generator.randint(0, PRIME, PERMUTATIONS, dtype=np.uint64))


def sketch(text: str) -> str:
    """The MinHash of the text's shingles, as hexadecimal (PERMUTATIONS 32-bit values)."""
    hashes = np.array([int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in sorted(_shingles(text))],
                      dtype=np.uint64)
    a, b = _permutations()
    mapped = (np.outer(hashes, a) + b) % PRIME & MAX_HASH
    return mapped.min(axis=0).astype(np.uint32).tobytes().hex()


def similarity(a: str, b: str) -> float:
    """The estimated Jaccard similarity of two texts' shingles, from their sketches."""
    first = np.frombuffer(bytes.fromhex(a), dtype=np.uint32)
    second = np.frombuffer(bytes.fromhex(b), dtype=np.uint32)
    if len(first) != len(second) or not len(first):
        return 0.0
    return float(np.count_nonzero(first == second)) / len(first)

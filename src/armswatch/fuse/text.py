"""Words, shingles and figures of a text: what copies and events are compared on (one place for each)."""

from __future__ import annotations

import gzip
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_FIGURE = re.compile(r"(?<![\w.,])\d(?:[\d,.]*\d)?(?![\w])")


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def shingles(text: str, size: int) -> set[str]:
    """Runs of ``size`` words: a copy with another headline or a dropped paragraph keeps most of them."""
    seq = words(text)
    if len(seq) < size:
        return {" ".join(seq)} if seq else set()
    return {" ".join(seq[i:i + size]) for i in range(len(seq) - size + 1)}


def figures(text: str) -> list[str]:
    """The numbers written in a text (thousands separators dropped): a templated daily release shares the
    template's words with yesterday's but not its numbers."""
    return sorted({m.group(0).replace(",", "").rstrip(".") for m in _FIGURE.finditer(text)})


def stem(word: str) -> str:
    """A crude stem: enough to match "attacked" with "attack" and "seizures" with "seizure"."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[:-len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return {stem(w) for w in words(text) if len(w) > 2 and w not in STOP_WORDS and not w.isdigit()}


# weight = -logprob - _COMMON, so "said" (-7.3) weighs 1.3, "police" (-9.2) 3.2, "earthquake" (-12.7) 6.7;
# a word not in the table is rarer than every word in it.
_COMMON = 6.0
_SENTENCE_END = set(".!?:;\"“”'`")
_RARE = 16.0


@lru_cache(maxsize=1)
def _logprobs() -> dict[str, float]:
    data = resources.files("armswatch").joinpath("resources/fuse/word_logprob.tsv.gz").read_bytes()
    table = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        word, _, value = line.partition("\t")
        table[word] = float(value)
    return table


def weight(word: str) -> float:
    """How much a shared word says that two texts are about one thing: rarer words say more."""
    return max(0.0, min(-_logprobs().get(word, -_RARE), _RARE) - _COMMON)


def term_vector(text: str, size: int, lede_chars: int = 600, name_boost: float = 3.0,
                lede_boost: float = 2.0) -> dict[str, float]:
    """The ``size`` heaviest stems of a text, L2-normalised: (1 + log tf) x rarity, where a word written
    with a capital inside a sentence (a name: what tells two events of one kind apart) counts
    ``name_boost`` times and a word of the lede ``lede_boost`` times."""
    counts: Counter = Counter()
    rarity: dict[str, float] = {}
    names = set()
    seen: dict[str, str | None] = {}  # each distinct word's stem (None: not counted), worked out once
    for match in _WORD.finditer(text):
        w = match.group(0)
        lw = w.casefold()
        if lw in seen:
            s = seen[lw]
        else:
            s = seen[lw] = None if len(lw) <= 2 or lw in STOP_WORDS or not lw.isalpha() else stem(lw)
            if s is not None:
                rarity[s] = max(rarity.get(s, 0.0), weight(lw))
        if s is None:
            continue
        counts[s] += lede_boost if match.start() < lede_chars else 1
        if w[0].isupper() and s not in names and not _starts_sentence(text, match.start()):
            names.add(s)
    scored = {s: (1 + math.log(n)) * rarity[s] * (name_boost if s in names else 1.0)
              for s, n in counts.items() if rarity[s] > 0}
    top = sorted(scored, key=lambda s: (-scored[s], s))[:size]
    norm = math.sqrt(sum(scored[s] ** 2 for s in top)) or 1.0
    return {s: round(scored[s] / norm, 5) for s in top}


def _starts_sentence(text: str, at: int) -> bool:
    i, newline = at - 1, False
    while i >= 0 and text[i].isspace():
        newline |= text[i] == "\n"
        i -= 1
    return i < 0 or newline or text[i] in _SENTENCE_END


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # the shared words only, in a's order: the same sum as over all of a's words with 0 for the missing
    return sum(v * b[k] for k, v in a.items() if k in b)

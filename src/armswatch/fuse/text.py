"""Words, shingles and figures of a text: what copies and events are compared on (one place for each)."""

from __future__ import annotations

import re

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

"""Direct quotations found in the raw text, before any parse: their character spans.

Handles straight ("…"), curly (“…”) and New York Times style (''…'') double quotes, and a quotation that
runs across paragraphs: a paragraph that ends with a quote still open, followed by one that opens with a
quote mark, continues it (the newspaper convention of not closing a quote until its speaker stops).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A quote mark, and which way it can face: curly marks say so, straight marks are decided by context.
_MARK = re.compile(r"''|``|[\"“”„«»]")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}
_OPEN_BEFORE = set(" \t\n([{—–-/") | {""}


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the last content character when unclosed)
    inner_start: int
    inner_end: int
    closed: bool


def _faces(text: str, match: re.Match) -> str:
    """'open', 'close' or 'either' for the quote mark at ``match``."""
    mark = match.group()
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if before in _OPEN_BEFORE and after not in (" ", "\n", ""):
        return "open"
    if after in (" ", "\n", "", ".", ",", ";", ":", "?", "!", ")", "—", "-") or before in ".,!?":
        return "close"
    return "either"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def find_quotes(text: str) -> list[Quote]:
    """Every double-quoted passage of ``text``, in order; a quote's span includes its marks."""
    quotes: list[Quote] = []
    paragraphs = _paragraphs(text)
    open_at: int | None = None  # offset of the opening mark of the quote in progress
    open_len = 0
    reopen_at = -1  # the mark that reopens a quote running on from the previous paragraph
    for index, (p_start, p_end) in enumerate(paragraphs):
        for match in _MARK.finditer(text, p_start, p_end):
            if match.start() == reopen_at:
                continue
            facing = _faces(text, match)
            if open_at is None:
                if facing in ("open", "either"):
                    open_at, open_len = match.start(), len(match.group())
                continue
            if facing == "open" and match.group() in _OPENERS:
                # a new opening curly mark inside an open quote: the earlier one was never closed
                quotes.append(_unclosed(text, open_at, open_len, match.start()))
                open_at, open_len = match.start(), len(match.group())
                continue
            quotes.append(Quote(open_at, match.end(), open_at + open_len, match.start(), True))
            open_at = None
        if open_at is not None:
            nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            reopen = _MARK.match(text, nxt[0]) if nxt else None
            if reopen and _faces(text, reopen) != "close":
                reopen_at = reopen.start()
                continue  # the quote runs on into the next paragraph, which reopens it
            quotes.append(_unclosed(text, open_at, open_len, p_end))
            open_at = None
    return [q for q in quotes if q.inner_end > q.inner_start]


def _unclosed(text: str, open_at: int, open_len: int, limit: int) -> Quote:
    end = limit
    while end > open_at + open_len and text[end - 1] in " \t\n":
        end -= 1
    return Quote(open_at, end, open_at + open_len, end, False)

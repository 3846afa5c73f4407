"""Plain character spans over the parse: the Attribution they make up, and the helpers that cut, trim and
join them. Everything here reads tokens and text only; no lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .quotes import Quote

Span = tuple[int, int]

_TRIM = " \t\n\xa0,;:—–-"
SENTENCE_END = re.compile(r"[.!?][\"”']?\s|\n")


@dataclass
class Attribution:
    content: list[Span]
    direct: bool
    cue: Span | None = None
    cue_lemma: str | None = None
    cue_token: int | None = None
    source: Span | None = None  # the source mention as written ("he", "the Pakistani foreign office")
    source_head: Span | None = None  # the part of it that names the speaker ("the Pakistani foreign office")
    inherited: bool = False  # the source comes from an adjacent quote
    signed: bool = False  # a quote signed with a dash and a name stands alone: it lends its source to no other
    negated: bool = False
    object_head: int | None = None  # token index of the content's head word, for claims
    clause: list[Span] | None = None  # for a partial quote: the whole clause its cue reports
    quotes: list[Quote] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content)

    @property
    def end(self) -> int:
        return max(e for _, e in self.content)


def span_of(tokens, text: str) -> Span | None:
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return trim(text, start, end)


def trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if end > start else None


def subtree(token, without=()) -> list:
    skip = set()
    for other in without:
        skip.update(t.i for t in other.subtree)
    return [t for t in token.subtree if t.i not in skip]


def head_part(token, text: str) -> Span | None:
    """The naming part of a noun phrase: its words up to the head, without appositions or clauses."""
    left = [t for t in token.subtree if t.i <= token.i and t.i >= token.left_edge.i]
    # stop at a comma inside the left part (keeps "Syed Atif Raza" out of a preceding apposition)
    for t in reversed(left):
        if t.text == "," and t.i < token.i:
            left = [x for x in left if x.i > t.i]
            break
    return span_of(left + [t for t in token.rights if t.dep_ in ("compound", "flat")], text)


def token_runs(tokens, text: str) -> list[Span]:
    """Contiguous runs of ``tokens`` as trimmed character spans ("The truth | was that …")."""
    if not tokens:
        return []
    doc = tokens[0].doc
    indices = sorted({t.i for t in tokens})
    while indices and (doc[indices[-1]].text == "." or doc[indices[-1]].is_space):
        indices.pop()  # the full stop is not part of what was said
    runs: list[list[int]] = []
    for i in indices:
        if runs and (i == runs[-1][-1] + 1 or (i - runs[-1][-1] <= 3
                                               and all(doc[j].is_punct for j in range(runs[-1][-1] + 1, i)))):
            runs[-1].append(i)  # over punctuation the parser hung elsewhere
        else:
            runs.append([i])
    spans = []
    for run in runs:
        first, last = doc[run[0]], doc[run[-1]]
        span = trim(text, first.idx, last.idx + len(last.text))
        if span:
            spans.append(span)
    return spans


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def close_quote(text: str, span: Span) -> Span:
    """Extend a content span over a quote mark it leaves unbalanced: the closing one after it
    ('… under wraps.”') or the opening one before it ('"budget reforms" and …')."""
    start, end = span
    inner = text[start:end]
    straight = inner.find('"')
    straight_odd = inner.count('"') % 2 == 1
    opens = inner.count("“") > inner.count("”") or (straight_odd and (straight == 0 or inner[straight - 1] == " "))
    if opens:
        match = re.match(r"[.,!?]?[”\"]", text[end:end + 2])
        if match:
            return start, end + match.end()
    elif (inner.count("”") > inner.count("“") or straight_odd) and start > 0 and text[start - 1] in "“\"":
        return start - 1, end
    return span


def within_paragraph(text: str, offset: int, span: Span) -> Span | None:
    """``span`` clipped to the paragraph (line) holding ``offset``: reported speech does not cross lines."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end == -1 else end
    return trim(text, max(span[0], start), min(span[1], end)) if span[0] < end and span[1] > start else None


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def tokens_in(doc, start: int, end: int) -> list:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def comma_between(first, second) -> bool:
    doc = first.doc
    return any(doc[i].text in (",", "—", "–", ":") for i in range(first.i + 1, second.i))


def covered(content: list[Span], quotes: list[Span], text: str) -> bool:
    """True when the quotes are all of a reported content but for punctuation ("“…,” he said")."""
    for start, end in content:
        cursor = start
        for q_start, q_end in sorted(quotes):
            if q_end <= cursor or q_start >= end:
                continue
            if re.search(r"\w", text[cursor:max(cursor, q_start)]):
                return False
            cursor = max(cursor, q_end)
        if re.search(r"\w", text[cursor:end]):
            return False
    return True

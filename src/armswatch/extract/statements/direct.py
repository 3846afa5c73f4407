"""Direct quotations: the cue of each quote (the cue verb governing it in the parse, else the nearest one in
its own sentence outside it), quotes split by their attribution joined, runs of quotes attributed once, and
layout conventions (a quote signed "― Name", transcript lines "PENCE: …")."""

from __future__ import annotations

import re

from .cues import cue_span, is_cue, is_negated, lemma_of
from .lexicon import lexicon
from .quotes import Quote
from .sources import source_of
from .spans import SENTENCE_END, Attribution, covered, tokens_in, token_runs, trim, word_count


def _governing_cue(doc, quote: Quote, inside):
    """A cue verb outside the quote that governs it in the parse ("X asserted … “principal adversary”")."""
    tokens = tokens_in(doc, quote.inner_start, quote.inner_end)
    first, last = (tokens[0].i, tokens[-1].i) if tokens else (0, -1)
    for token in tokens:
        if first <= token.head.i <= last and token.head is not token:
            continue  # only the words whose head lies outside the quote lead to its cue
        head, below, steps = token, token, 0
        while head.head is not head and steps < 12:
            below, head, steps = head, head.head, steps + 1
            if quote.start <= head.idx < quote.end or inside(head.idx):
                continue
            if is_cue(head):
                return head, below
    return None, None


def _framed_cue(doc, text: str, quote: Quote, inside):
    """The cue verb in the quote's own sentence outside the quote: after it first, then before it."""
    para_end = text.find("\n", quote.end)
    para_end = len(text) if para_end == -1 else para_end
    after_end = para_end
    next_end = SENTENCE_END.search(text, quote.end, para_end)
    if next_end:
        after_end = next_end.start() + 1
    next_quote = re.compile(r"[“\"]|''").search(text, quote.end, after_end)
    if next_quote:
        after_end = next_quote.start()
    for token in tokens_in(doc, quote.end, after_end)[:12]:
        if is_cue(token) and not inside(token.idx):
            return token
    para_start = text.rfind("\n", 0, quote.start) + 1
    before_start = para_start
    for match in SENTENCE_END.finditer(text, para_start, quote.start):
        before_start = match.end()
    for token in reversed(tokens_in(doc, before_start, quote.start)):
        if is_cue(token) and not inside(token.idx):
            return token
    return None


def _title_like(inner: str) -> bool:
    """A quoted name or title ("Fox and Friends", "State of the Union"), not quoted words."""
    words = re.findall(r"[\w'’-]+", inner)
    if not words or len(words) > 6 or re.search(r"[.!?,;:]\s", inner.strip()):
        return False
    return all(w[0].isupper() or len(w) <= 3 for w in words) and words[0][0].isupper()


def direct(doc, text: str, quotes: list[Quote], inside) -> list[Attribution]:
    by_cue: dict[int, Attribution] = {}
    out: list[Attribution] = []
    for quote in quotes:
        if _title_like(text[quote.inner_start:quote.inner_end]):
            continue
        cue, below = _governing_cue(doc, quote, inside)
        clause = token_runs(list(below.subtree), text) if below is not None and below.dep_ not in ("punct",) else None
        if clause and covered(clause, [(quote.start, quote.end)], text):
            clause = None
        if cue is None:
            cue = _framed_cue(doc, text, quote, inside)
        if cue is None:
            out.append(Attribution(content=[(quote.start, quote.end)], direct=True, quotes=[quote]))
            continue
        if cue.i in by_cue:  # a quote split by its attribution: one statement
            by_cue[cue.i].content.append((quote.start, quote.end))
            by_cue[cue.i].quotes.append(quote)
            continue
        source, source_head = source_of(cue, text)
        attribution = Attribution(content=[(quote.start, quote.end)], direct=True, cue=cue_span(cue, text),
                                  cue_lemma=lemma_of(cue), cue_token=cue.i, source=source, source_head=source_head,
                                  negated=is_negated(cue), quotes=[quote], clause=clause)
        by_cue[cue.i] = attribution
        out.append(attribution)
    return out


def inherit_sources(doc, text: str, attributions: list[Attribution]) -> None:
    """A quote with no attribution of its own takes the source of an adjacent attributed quote: the next
    one, or the one before when all that lies between is that quote's own attribution sentence."""
    directs = sorted((a for a in attributions if a.direct), key=lambda a: a.start)
    for index, attribution in enumerate(directs):
        if attribution.source is not None or attribution.cue is not None:
            continue
        for neighbour in (directs[index - 1] if index else None, directs[index + 1] if index + 1 < len(directs) else None):
            if neighbour is None or neighbour.source is None or neighbour.inherited or neighbour.signed:
                continue
            if neighbour.start < attribution.start:
                between = (neighbour.end, attribution.start)
                ok = word_count(text[between[0]:between[1]]) <= 6 or (
                    neighbour.cue is not None and between[0] <= neighbour.cue[0] < between[1]
                    and _one_sentence(doc, *between))
            else:
                ok = word_count(text[attribution.end:neighbour.start]) <= 6
            if ok and text.count("\n", attribution.start if neighbour.start > attribution.start else neighbour.end,
                                 neighbour.start if neighbour.start > attribution.start else attribution.start) <= 2:
                attribution.source, attribution.source_head = neighbour.source, neighbour.source_head
                attribution.inherited = True
                break


_DASH_NAME = re.compile(r"[ \t]*([―—])[ \t]*((?:[A-Z][\w.'’-]*)(?:[ \t]+(?:[A-Z][\w.'’-]*|de|van|von|al|bin)){0,5})")


_SPEAKER_LABEL = re.compile(r"(?m)^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):[ \t]+(?=\S)")




def layout_sources(text: str, quoted: list[Attribution]) -> None:
    """'“…” ― Jane Doe': a quote signed with a dash and a name (readers' voices, epigraphs)."""
    for attribution in quoted:
        if attribution.cue is not None:
            continue
        match = _DASH_NAME.match(text, attribution.end)
        if match and match.group(2):
            attribution.cue = match.span(1)
            attribution.cue_lemma = "say"
            start, end = match.span(2)
            if text[end - 1] == "." and re.search(r"\w{3,}\.$", text[start:end]):  # a full stop, not "Jr."
                end -= 1
            attribution.source = attribution.source_head = (start, end)
            attribution.signed = True


def transcript_lines(text: str, inside) -> list[Attribution]:
    """'PENCE: Well, …': a transcript line, its speaker's label in capitals before a colon. Only in a
    transcript (two such lines or more): a single one is a dateline ("ISLAMABAD: …") or a heading."""
    out = []
    labels = [m for m in _SPEAKER_LABEL.finditer(text) if m.group(1) not in lexicon().not_speakers and not inside(m.start())]
    if len(labels) < 2:
        return out
    for match in labels:
        end = text.find("\n", match.end())
        end = len(text) if end == -1 else end
        content = trim(text, match.end(), end)
        if content and word_count(text[content[0]:content[1]]) >= 3:
            out.append(Attribution(content=[content], direct=True, cue=(match.end(1), match.end(1) + 1),
                                   cue_lemma="say", source=match.span(1), source_head=match.span(1)))
    return out


def _one_sentence(doc, start: int, end: int) -> bool:
    """True when the text between two quotes is at most one sentence (the first quote's attribution)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or len(span) == 0:
        return True
    return sum(1 for t in span[1:] if t.is_sent_start and not t.is_punct and not t.is_space) == 0 \
        and span[0:].text.count("\n") <= 1


def quote_like(text: str, attribution: Attribution) -> bool:
    """A quotation worth a statement: a sentence or more, not a title or a scare-quoted phrase."""
    inner = " ".join(text[q.inner_start:q.inner_end] for q in attribution.quotes)
    return word_count(inner) >= 5 and bool(re.search(r"[.!?,…—-][\"”']?\s*$|\w{3,}", inner))

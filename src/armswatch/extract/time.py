"""The ``time`` extractor: time expressions with TIMEX3-style ISO values anchored on the publication date.

Record text and evidence: the expression with a leading preposition where it has one ("on Monday",
"as of August 2021", "from 2013 till 2018"); trailing signal words ("after", "before") stay out. A range's
evidence lists the whole span, then each end's span. Without a publication date, expressions that need an
anchor ("last month", "yesterday") keep value None; absolute ones ("August 2021") keep theirs.

Services for other extractors: ``ctx.times()`` (the document's time expressions, found once) and
``ctx.sentence_date(start, end)`` (the date that a sentence reports on).
"""

from __future__ import annotations

from ..records import TimeRecord, record_id
from . import REGISTRY, Context, provides, register
from .timex import find_timexes
from .timex.rules import Timex

VERSION = "0.2"
_DATING_GRANULARITIES = ("day", "instant", "week", "month")
_COARSE_GRANULARITIES = ("quarter", "season", "year")
_CONFIDENCE = {"DATE": 0.9, "TIME": 0.85, "DURATION": 0.8, "SET": 0.75}


@provides("times", extractor="time")
def timexes(ctx: Context) -> list[Timex]:
    """The document's time expressions, found once per context and shared with sentence_date."""
    return ctx.cached("timexes", lambda: find_timexes(ctx.text, ctx.document.published, ctx.doc))


@register("time", VERSION)
def extract_times(ctx: Context) -> list[TimeRecord]:
    records = []
    for t in timexes(ctx):
        start, end = t.outer_start, t.end
        evidence = [ctx.span(start, end)] + [ctx.span(s, e) for s, e in t.parts]
        confidence = _CONFIDENCE.get(t.type, 0.7) if t.value else 0.5
        records.append(TimeRecord(
            id=record_id(ctx.doc_id, "time", start, end),
            doc_id=ctx.doc_id,
            evidence=evidence,
            confidence=confidence,
            extractor=_info(),
            text=ctx.text[start:end],
            value=t.value,
            granularity=t.granularity if t.granularity in _GRANULARITIES else "unknown",
        ))
    return records


_GRANULARITIES = set(TimeRecord.model_fields["granularity"].annotation.__args__)


def _info():
    return REGISTRY["time"].info


def _sentence_bounds(ctx: Context, start: int) -> tuple[int, int]:
    doc = ctx.doc
    if doc is None or not len(doc):
        return 0, len(ctx.text)
    span = doc.char_span(start, min(start + 1, len(ctx.text)), alignment_mode="expand")
    token = span[0] if span is not None and len(span) else doc[-1]
    sent = token.sent
    return sent.start_char, sent.end_char


@provides("sentence_date", extractor="time")
def sentence_date(ctx: Context, start: int, end: int) -> str | None:
    """The value of the day/week/month-precision time expression in the sentence of [start, end) nearest
    to it (a quarter, season or year only where the sentence has nothing finer); None where none."""
    lo, hi = _sentence_bounds(ctx, start)
    best = None
    for t in timexes(ctx):
        if t.end <= lo or t.start >= hi or not t.value or t.type not in ("DATE", "TIME"):
            continue
        rank = 0 if t.granularity in _DATING_GRANULARITIES else 1 if t.granularity in _COARSE_GRANULARITIES else None
        if rank is None:
            continue
        distance = 0 if t.start < end and start < t.end else min(abs(t.start - end), abs(start - t.end))
        key = (rank, distance)
        if best is None or key < best[0]:
            best = (key, t)
    if best is None:
        return None
    value = best[1].value
    return value.split("T", 1)[0] if best[1].granularity == "instant" and value[:4].isdigit() else value

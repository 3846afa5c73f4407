"""TempEval-3 (TBAQ-cleaned TimeML): TIMEX3 spans, values and types against each document's creation time.

Each ``.tml`` file's ``<TEXT>`` is stripped of its tags (offsets kept) and run through the ``time`` extractor
with the CREATION_TIME TIMEX3 as publication date. armswatch's record text keeps a leading preposition ("on
Monday"); TimeML's TIMEX3 does not, so the scorer compares the expression without it, and a range record
("from 2013 till 2018") is scored as its two ends, as TimeML annotates them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..document import Document
from ..errors import EvalDataMissing
from . import Report, prf, register

_PREPOSITION = re.compile(r"^(?:as\s+of|as\s+early\s+as|as\s+late\s+as|on|in|since|by|until|till|through|during|from|at|before|after|around|between)\s+",
                          re.IGNORECASE)
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>|&(\w+|#\d+);|[^<&]+", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str | None


def strip_timeml(markup: str) -> tuple[str, list[Timex]]:
    """Plain text of a TimeML fragment and the TIMEX3 elements in it, with character offsets."""
    out: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict]] = []
    timexes: list[Timex] = []
    for m in _TAG.finditer(markup):
        if m.group(2):
            closing, name, attrs = m.group(1), m.group(2), m.group(3)
            if name != "TIMEX3":
                continue
            if not closing:
                open_timex.append((length, dict(_ATTR.findall(attrs))))
            elif open_timex:
                start, attributes = open_timex.pop()
                timexes.append(Timex(start, length, attributes.get("type", ""), attributes.get("value")))
            continue
        piece = html.unescape(m.group(0)) if m.group(4) else m.group(0)
        out.append(piece)
        length += len(piece)
    return "".join(out), timexes


def load_tml(path: Path) -> tuple[Document, list[Timex]]:
    raw = path.read_text("utf-8")
    dct = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    published = None
    if dct:
        value = dict(_ATTR.findall(dct.group(0))).get("value", "")
        published = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
    if body is None:
        raise EvalDataMissing(f"no <TEXT> element in {path.name}", source=str(path))
    text, timexes = strip_timeml(body.group(1))
    return Document(text=text, published=published, source=str(path)), timexes


def timex_type(value: str | None, granularity: str) -> str:
    """TIMEX3 type of an armswatch time record (records carry no type field: it follows from the value)."""
    if not value:
        return "DATE"
    if re.match(r"P[\dXT]", value):
        return "SET" if granularity == "unknown" else "DURATION"
    if value.startswith("XXXX-WXX") or value.startswith("XXXX-XX-XXT") and granularity == "unknown":
        return "SET"
    if "T" in value and value[:1] in "0123456789X":
        return "TIME"
    return "DATE"


def system_timexes(records: list) -> list[Timex]:
    """Time records as TimeML would mark them: without a leading preposition, a range as its two ends."""
    out: list[Timex] = []
    for r in records:
        if r.kind != "time":
            continue
        if r.granularity == "range" and len(r.evidence) == 3 and r.value and "/" in r.value:
            for span, value in zip(r.evidence[1:], r.value.split("/", 1)):
                out.append(Timex(span.start, span.end, "DATE", value))
            continue
        span = r.evidence[0]
        m = _PREPOSITION.match(span.text)
        start = span.start + (m.end() if m else 0)
        out.append(Timex(start, span.end, timex_type(r.value, r.granularity), r.value))
    return out


def match_timexes(gold: list[Timex], system: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs of overlapping gold and system expressions, largest overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                candidates.append((-overlap, gi, si))
    used_g, used_s, pairs = set(), set(), []
    for _, gi, si in sorted(candidates):
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


class TimexScore:
    """Counts over a whole set: strict and relaxed spans, value (relaxed span and exact value), type."""

    def __init__(self):
        self.gold = self.system = self.strict = self.relaxed = self.value = self.type = 0
        self.errors: list[dict] = []

    def add(self, gold: list[Timex], system: list[Timex], text: str = "", keep_errors: int = 0) -> None:
        pairs = match_timexes(gold, system)
        self.gold += len(gold)
        self.system += len(system)
        self.relaxed += len(pairs)
        self.strict += sum(1 for g, s in pairs if (g.start, g.end) == (s.start, s.end))
        self.value += sum(1 for g, s in pairs if g.value == s.value)
        self.type += sum(1 for g, s in pairs if g.type == s.type)
        if keep_errors and len(self.errors) < keep_errors:
            matched_g = {id(g) for g, _ in pairs}
            matched_s = {id(s) for _, s in pairs}
            for g, s in pairs:
                if g.value != s.value:
                    self.errors.append({"kind": "value", "gold": [text[g.start:g.end], g.value], "system": [text[s.start:s.end], s.value]})
            self.errors += [{"kind": "missed", "gold": [text[g.start:g.end], g.value]} for g in gold if id(g) not in matched_g]
            self.errors += [{"kind": "extra", "system": [text[s.start:s.end], s.value]} for s in system if id(s) not in matched_s]

    def metrics(self, prefix: str = "") -> dict[str, float]:
        strict = prf(self.strict, self.system - self.strict, self.gold - self.strict)
        relaxed = prf(self.relaxed, self.system - self.relaxed, self.gold - self.relaxed)
        value = prf(self.value, self.system - self.value, self.gold - self.value)
        out = {}
        for name, scores in (("strict", strict), ("relaxed", relaxed), ("value", value)):
            for key in ("precision", "recall", "f1"):
                out[f"{prefix}{name}.{key}"] = scores[key]
        out[f"{prefix}value.accuracy"] = round(self.value / self.relaxed, 4) if self.relaxed else 0.0
        out[f"{prefix}type.accuracy"] = round(self.type / self.relaxed, 4) if self.relaxed else 0.0
        out[f"{prefix}gold"] = self.gold
        out[f"{prefix}system"] = self.system
        return out


def run_time_extractor(settings, documents: list[Document]):
    """(document, records) for each document, through the pipeline with only the time extractor."""
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=["time"])
    yield from pipeline.run(documents)


MATCHING_RULE = ("TIMEX3 in <TEXT>, DCT excluded. strict: same character span; relaxed: any overlap (one-to-one, "
                 "largest overlap first); value F1: relaxed match and identical TIMEX3 value; type accuracy over "
                 "relaxed matches. System spans without a leading preposition; range records scored as their two ends.")


@register("tempeval3", "tempeval3/TBAQ-cleaned", "TempEval-3 TIMEX3 span, value and type (TBAQ-cleaned)")
def evaluate_tempeval3(data_dir: Path, settings: Settings) -> Report:
    paths = sorted(data_dir.rglob("*.tml"))
    if not paths:
        raise EvalDataMissing(f"no .tml files under {data_dir}", source="tempeval3")
    loaded = [load_tml(path) for path in paths]
    score = TimexScore()
    for (document, records), (_, gold) in zip(run_time_extractor(settings, [d for d, _ in loaded]), loaded):
        score.add(gold, system_timexes(records), document.text, keep_errors=400)
    return Report(name="tempeval3", metrics=score.metrics(), matching_rule=MATCHING_RULE,
                  details={"documents": len(paths), "errors": score.errors[:400]})

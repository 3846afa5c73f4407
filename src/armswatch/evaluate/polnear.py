"""PolNeAR (political news attribution, brat standoff): statements scored as source–cue–content attributions.

Gold: for each article, the first of its annotation files in name order (some articles have several
annotators); every ``Attribution`` / ``Attribution-no-source`` relation with its Source, Cue and Content
spans (Content may be discontinuous; pieces with only whitespace between them count as one span). Predictions: the ``statements`` extractor's records, their spans read
back with ``extract.statements.parts``; where several statements share one cue span (a partial quotation
inside reported speech), the one with the longest content stands for it.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import EvalDataMissing
from . import Report, prf, register

SPLITS = ("dev", "train")
_QUOTE_MARKS = "\"“”'‘’`"

MATCHING_RULE = (
    "Gold: first annotation file per article (name order); all Attribution and Attribution-no-source "
    "relations. A quote that took its speaker from an adjacent attributed quote (no cue of its own) is scored "
    "as more content of that quote's attribution, as PolNeAR annotates such runs. Content pieces with only whitespace between them are one span (gold and predicted). A predicted statement is paired one-to-one with a gold attribution whose cue span overlaps "
    "its cue span (most content overlap wins); statements and attributions left over are paired by content "
    "overlap. Source (speaker mention as written, not resolved), cue and content scores count pairs whose spans "
    "are equal (exact, after trimming whitespace) or overlap (overlap); precision over predicted statements "
    "having that span, recall over gold attributions having it. Direct-quote content: gold contents that "
    "begin and end with a quote mark against statements marked direct whose content is in quote marks, matched one-to-one by content alone. "
    "Speaker accuracy: among pairs where both have a source, the share whose spans match. Both splits are "
    "scored whole."
)


@dataclass
class Attribution:
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: list[tuple[int, int]]
    direct: bool
    quoted: bool = True  # the content is in quote marks (a transcript line is direct speech without them)


def _split_dir(data_dir: Path, split: str) -> Path:
    for candidate in (data_dir / "data" / split, data_dir / split):
        if (candidate / "text").is_dir():
            return candidate
    raise EvalDataMissing(f"no '{split}/text' folder under '{data_dir}'", source="polnear")


def _metadata(data_dir: Path) -> dict[str, str]:
    for candidate in (data_dir / "data" / "metadata.tsv", data_dir / "metadata.tsv"):
        if candidate.exists():
            with candidate.open(encoding="utf-8") as handle:
                return {row["filename"]: row["publication_date"] for row in csv.DictReader(handle, delimiter="\t")}
    return {}


def _spans(field: str) -> list[tuple[int, int]]:
    out = []
    for piece in field.split(" ", 1)[1].split(";"):
        start, end = piece.split()
        out.append((int(start), int(end)))
    return out


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans, pieces with only whitespace between them made one: annotators often select a long
    quotation sentence by sentence, which is the same text as one span."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start >= out[-1][1] and not text[out[-1][1]:start].strip():
            out[-1] = (out[-1][0], end)
        elif out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def read_gold(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, list[tuple[int, int]]] = {}
    relations = []
    for line in path.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            spans[fields[0]] = [_trim(text, s) for s in _spans(fields[1])]
        elif line.startswith("E") and len(fields) >= 2:
            roles: dict[str, list[str]] = {}
            for part in fields[1].split():
                role, _, ref = part.partition(":")
                roles.setdefault(role, []).append(ref)
            if "Attribution" in roles or "Attribution-no-source" in roles:
                relations.append(roles)
    gold = []
    for roles in relations:
        content = [s for ref in roles.get("Content", []) for s in spans.get(ref, [])]
        if not content:
            continue
        source = next((spans[r][0] for r in roles.get("Source", []) if r in spans), None)
        cue = next((spans[r][0] for r in roles.get("Cue", []) if r in spans), None)
        joined = " ".join(text[s:e] for s, e in sorted(content)).strip().rstrip(".,;:")
        direct = len(joined) > 2 and joined[0] in _QUOTE_MARKS and joined[-1] in _QUOTE_MARKS
        gold.append(Attribution(source=source, cue=cue, content=_joined(text, content), direct=direct))
    return gold


def _predicted(records, text: str) -> list[Attribution]:
    from ..extract.statements import parts

    by_cue: dict[tuple[int, int] | None, Attribution] = {}
    loose = []
    for record in records:
        if record.kind != "statement":
            continue
        p = parts(record)
        item = Attribution(source=(p.speaker.start, p.speaker.end) if p.speaker else None,
                           cue=(p.cue.start, p.cue.end) if p.cue else None,
                           content=_joined(text, [(s.start, s.end) for s in p.content]), direct=record.direct,
                           quoted=bool(p.content) and p.content[0].text[:1] in _QUOTE_MARKS)
        if item.cue is None:
            loose.append(item)
            continue
        kept = by_cue.get(item.cue)
        if kept is None or _length(item.content) > _length(kept.content):
            by_cue[item.cue] = item
    # a quote that took its speaker from an adjacent attributed quote continues that attribution, as
    # PolNeAR annotates a run of quotes: one attribution with several content spans
    donors = {(a.source, a.direct): a for a in by_cue.values() if a.source is not None}
    rest = []
    for item in loose:
        donor = donors.get((item.source, True)) if item.source is not None and item.direct else None
        if donor is not None:
            donor.content = _joined(text, donor.content + item.content)
        else:
            rest.append(item)
    return list(by_cue.values()) + rest


def _length(spans) -> int:
    return sum(e - s for s, e in spans)


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _same(a, b) -> bool:
    return a is not None and b is not None and a == b


def _touch(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _pair(predicted: list[Attribution], gold: list[Attribution]) -> list[tuple[Attribution, Attribution]]:
    """One-to-one pairs: first where the cues touch (most content overlap wins, even none), then the rest by
    content overlap alone."""
    pairs, used_p, used_g = [], set(), set()
    passes = ((lambda p, g: _touch(p.cue, g.cue), -1), (lambda p, g: True, 0))
    for eligible, floor in passes:
        for i, p in enumerate(predicted):
            if i in used_p:
                continue
            best, best_score = None, floor
            for j, g in enumerate(gold):
                if j in used_g or not eligible(p, g):
                    continue
                score = _overlap(p.content, g.content)
                if score > best_score:
                    best, best_score = j, score
            if best is not None:
                pairs.append((p, gold[best]))
                used_p.add(i)
                used_g.add(best)
    return pairs


def _match_direct(predicted: list[Attribution], gold: list[Attribution], exact: bool) -> int:
    tp, used = 0, set()
    for p in predicted:
        for j, g in enumerate(gold):
            if j in used:
                continue
            if (p.content == g.content) if exact else _overlap(p.content, g.content) > 0:
                tp += 1
                used.add(j)
                break
    return tp


class _Counts:
    def __init__(self):
        self.n = {}

    def add(self, key: str, value: int = 1) -> None:
        self.n[key] = self.n.get(key, 0) + value

    def __getitem__(self, key: str) -> int:
        return self.n.get(key, 0)


def _score_document(counts: _Counts, predicted, gold) -> None:
    pairs = _pair(predicted, gold)
    counts.add("pred", len(predicted))
    counts.add("gold", len(gold))
    counts.add("pairs", len(pairs))
    for role in ("source", "cue"):
        counts.add(f"{role}.pred", sum(1 for p in predicted if getattr(p, role) is not None))
        counts.add(f"{role}.gold", sum(1 for g in gold if getattr(g, role) is not None))
        counts.add(f"{role}.exact", sum(1 for p, g in pairs if _same(getattr(p, role), getattr(g, role))))
        counts.add(f"{role}.overlap", sum(1 for p, g in pairs if _touch(getattr(p, role), getattr(g, role))))
    counts.add("content.exact", sum(1 for p, g in pairs if p.content == g.content))
    counts.add("content.overlap", sum(1 for p, g in pairs if _overlap(p.content, g.content) > 0))
    both = [(p, g) for p, g in pairs if p.source is not None and g.source is not None]
    counts.add("speaker.n", len(both))
    counts.add("speaker.exact", sum(1 for p, g in both if _same(p.source, g.source)))
    counts.add("speaker.overlap", sum(1 for p, g in both if _touch(p.source, g.source)))
    p_direct = [p for p in predicted if p.direct and p.quoted]
    g_direct = [g for g in gold if g.direct]
    counts.add("direct.pred", len(p_direct))
    counts.add("direct.gold", len(g_direct))
    counts.add("direct.exact", _match_direct(p_direct, g_direct, exact=True))
    counts.add("direct.overlap", _match_direct(p_direct, g_direct, exact=False))


def _metrics(split: str, c: _Counts) -> dict[str, float]:
    out: dict[str, float] = {}

    def put(name: str, tp: int, n_pred: int, n_gold: int) -> None:
        scores = prf(tp, n_pred - tp, n_gold - tp)
        for key in ("precision", "recall", "f1"):
            out[f"{split}.{name}.{key}"] = scores[key]

    put("attribution", c["pairs"], c["pred"], c["gold"])
    for role in ("source", "cue"):
        for how in ("exact", "overlap"):
            put(f"{role}.{how}", c[f"{role}.{how}"], c[f"{role}.pred"], c[f"{role}.gold"])
    for how in ("exact", "overlap"):
        put(f"content.{how}", c[f"content.{how}"], c["pred"], c["gold"])
        put(f"direct_content.{how}", c[f"direct.{how}"], c["direct.pred"], c["direct.gold"])
        out[f"{split}.speaker_accuracy.{how}"] = round(c[f"speaker.{how}"] / c["speaker.n"], 4) if c["speaker.n"] else 0.0
    return out


def _documents(split_dir: Path, dates: dict[str, str]):
    for path in sorted((split_dir / "text").glob("*.txt")):
        annotations = sorted((split_dir / "attributions").glob(f"{path.stem}_*.ann"))
        if not annotations:
            continue
        text = path.read_text("utf-8")
        yield Document(text=text, published=dates.get(path.stem) or None, source=str(path)), annotations[0]


@register("polnear", "polnear", "attribution source, cue and content spans in political news (PolNeAR, brat)")
def evaluate_polnear(data_dir: Path, settings) -> Report:
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=["statements"])
    dates = _metadata(data_dir)
    metrics: dict[str, float] = {}
    details: dict = {}
    for split in SPLITS:
        began = time.perf_counter()
        counts = _Counts()
        pending = list(_documents(_split_dir(data_dir, split), dates))
        annotation_of = {id(document): ann for document, ann in pending}
        for document, records in pipeline.run(document for document, _ in pending):
            gold = read_gold(annotation_of[id(document)], document.text)
            _score_document(counts, _predicted(records, document.text), gold)
        metrics.update(_metrics(split, counts))
        details[split] = {"documents": len(pending), "seconds": round(time.perf_counter() - began, 1),
                          "counts": dict(counts.n)}
    return Report(name="polnear", metrics=metrics, matching_rule=MATCHING_RULE, details=details)

"""`satp-arms`: recovered and seized weapons in South Asia Terrorism Portal summaries, against armswatch's own
annotations (``data/satp_arms_gold.yaml``: selection rule, labels and how they were written are in that file).

Each annotated summary goes through ``Pipeline(extractors=["arms"])``. Predicted items are its arms records whose
event is recovery or seizure. Gold and predicted items of one summary are paired one-to-one by category (an
exact category match; among candidates, one with the same count first). Scores:
- items: precision, recall and F1 of category-matched items;
- count accuracy: of matched pairs, the share whose counts are equal (both absent counts as equal);
- holder accuracy: of matched pairs whose gold item has a holder (the gold's word for who recovered or seized),
  the share whose predicted ``seized_by`` name or written text contains the gold holder or is contained in it
  (case folded; "SFs" = "Security Forces");
- place accuracy: of summaries with a gold item and a matched pair, the share where a matched record's place
  (its gazetteer name, or the place as written in its evidence) contains, or is contained in, a gold place name.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import hashlib

import yaml

from ..errors import EvalDataMissing
from . import Report, prf, register

EVENTS = ("recovery", "seizure")
ALIASES = {"sfs": "security forces", "sf": "security forces", "security force": "security forces",
           "law enforcers": "law enforcement", "rr": "rashtriya rifles"}


def load_gold() -> dict:
    text = resources.files("armswatch").joinpath("evaluate/data/satp_arms_gold.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _norm(text: str | None) -> str:
    text = " ".join((text or "").lower().replace("’", "'").split())
    return ALIASES.get(text, text)


def _holder_matches(gold: str, record) -> bool:
    # the gold's "holder" is who recovered or seized: the record's seized_by (its holder is whose they were)
    seizer = record.seized_by
    if seizer is None:
        return False
    wanted = _norm(gold)
    for written in (seizer.name, seizer.text):
        got = _norm(written)
        if got and (wanted in got or got in wanted):
            return True
    return False


def _place_matches(places: list[str], record) -> bool:
    """The record's place name, or the place as written (its last evidence span), names a gold place."""
    written = [record.place, record.evidence[-1].text if record.place and len(record.evidence) > 1 else None]
    for value in written:
        got = _norm(value)
        if got and any(_norm(p) in got or got in _norm(p) for p in places):
            return True
    return False


def pair(gold_items: list[list], records: list) -> list[tuple[list, object]]:
    """One-to-one pairs of gold items and records of the same category, equal counts first."""
    pairs, free = [], list(records)
    for exact_first in (True, False):
        for item in list(gold_items):
            if any(item is p[0] for p in pairs):
                continue
            category, count = item[0], item[1]
            for record in free:
                if record.category != category:
                    continue
                if exact_first and _count(record) != count:
                    continue
                pairs.append((item, record))
                free.remove(record)
                break
    return pairs


def _count(record):
    return record.count


@register("satp-arms", "satp", "SATP summaries: recovered/seized weapons (category, count, holder, place) vs own gold")
def evaluate(data_dir: Path, settings) -> Report:
    from ..document import Document
    from ..pipeline import Pipeline

    gold = load_gold()
    files: dict[str, list[str]] = {}
    documents, entries = [], []
    for entry in gold["entries"]:
        name = entry["file"]
        if name not in files:
            path = Path(data_dir) / name
            if not path.exists():
                raise EvalDataMissing(f"'{path}' not found", source="satp-arms")
            files[name] = path.read_text("utf-8").splitlines()
        text = files[name][int(entry["line"]) - 1].split("\t")[0]
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        if digest != str(entry["sha1"]).zfill(12):
            raise EvalDataMissing(f"{name}:{entry['line']} is not the annotated summary (checksum differs)",
                                  source="satp-arms", hint="use the satp folder the gold file was written for")
        documents.append(Document(text=text, source=f"{name}:{entry['line']}"))
        entries.append(entry)
    pipeline = Pipeline(settings=settings, extractors=["arms"])
    tp = fp = fn = 0
    count_ok = holder_ok = holder_total = place_ok = place_total = 0
    misses = []
    for entry, (_, records) in zip(entries, pipeline.run(documents)):
        predicted = [r for r in records if r.kind == "arms" and r.event in EVENTS]
        items = [list(item) for item in entry["items"]]
        pairs = pair(items, predicted)
        tp += len(pairs)
        fp += len(predicted) - len(pairs)
        fn += len(items) - len(pairs)
        for item, record in pairs:
            count_ok += record.count == item[1]
            holder = item[2] if len(item) > 2 else entry.get("holder")
            if holder:
                holder_total += 1
                holder_ok += _holder_matches(holder, record)
        if pairs:
            place_total += 1
            place_ok += any(_place_matches(entry["place"], r) for _, r in pairs)
        if len(pairs) != len(items) or len(pairs) != len(predicted):
            misses.append({"summary": f"{entry['file']}:{entry['line']}", "gold": items,
                           "predicted": [[r.category, r.count, r.event, r.raw] for r in predicted]})
    scores = prf(tp, fp, fn)
    metrics = {
        "items.precision": scores["precision"], "items.recall": scores["recall"], "items.f1": scores["f1"],
        "count.accuracy": round(count_ok / tp, 4) if tp else 0.0,
        "holder.accuracy": round(holder_ok / holder_total, 4) if holder_total else 0.0,
        "place.accuracy": round(place_ok / place_total, 4) if place_total else 0.0,
        "summaries": len(entries),
    }
    return Report(name="satp-arms", metrics=metrics, matching_rule=" ".join(__doc__.split("\n\n")[1:]).replace("\n", " "),
                  details={"items": scores, "gold_items": tp + fn, "predicted_items": tp + fp,
                           "holder_scored": holder_total, "misses": misses[:40]})

"""re3d (Dstl): defence-domain entities, scored against what the whole pipeline extracts.

Gold: every ``entities.json`` of the sub-corpora under the data folder (CENTCOM, UK Government, Wikipedia),
entities of the nine types below with confidence >= 0.5. Predictions: the records of every enabled extractor
that is registered, each mapped to a re3d type (``record_types``); a record with several spans is scored on its
first. Duplicate predictions (same span and type from two extractors) count once.

- strict: same character span and same type;
- lenient: spans overlap and the type is the same, each gold entity matched to at most one prediction.
Micro figures pool all nine types; per-type figures follow.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..document import Document
from ..errors import EvalDataMissing
from . import Report, prf, register
from .tempeval3 import _PREPOSITION

TYPES = ("Person", "Organisation", "Location", "Nationality", "Temporal", "Quantity", "Money", "Weapon",
         "MilitaryPlatform")
MIN_CONFIDENCE = 0.5
GUESS = 0.5  # actor records below this confidence are the parser's unconfirmed guesses
CURRENCIES = {"USD", "GBP", "EUR", "ANG", "IQD", "SYP", "JPY", "CNY", "RUB", "INR", "PKR", "AFN", "$", "£", "€",
              "dollar", "dollars", "pound", "pounds", "euro", "euros", "currency", "money"}
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "seconds", "minutes",
              "hours", "days", "weeks", "months", "years"}
PLATFORM_CATEGORIES = {"vehicle", "aircraft", "ship", "tank", "armoured_vehicle", "armored_vehicle", "helicopter",
                       "drone", "uav", "submarine", "warship", "combat_aircraft", "artillery_system", "missile_system"}


def record_types(record) -> list[str]:
    """The re3d type(s) of an armswatch record, or none.

    actor: person -> Person; organisation or group -> Organisation, except ethnic, religious and national
    identity words ("Kurdish", "Shia") -> Nationality; country -> Nationality where written as a demonym
    ("Pakistani"), Organisation where it acts (a sector is set: "France said", "Islamabad urged"), else
    Location. place -> Location. time -> Temporal. quantity -> Temporal where its unit is one of time ("24
    hours"), Money where it is a currency, else Quantity. arms -> MilitaryPlatform for major conventional platforms (vehicles, aircraft, ships), else
    Weapon.
    """
    kind = record.kind
    if kind == "actor":
        from ..extract.actors import written_form

        form = written_form(record.text)
        if record.type == "person":
            return ["Person"]
        if form == "identity" or (form == "demonym" and record.type == "country"):
            return ["Nationality"]
        if record.type == "country" and record.sector == "UNK":
            return ["Location"]
        return ["Organisation"]  # a state that acts, a capital standing for its government, a group
    if kind == "place":
        return ["Location"]
    if kind == "time":
        return ["Temporal"]
    if kind == "quantity":
        unit = (record.unit or "").strip().lower()
        if unit in TIME_UNITS:
            return ["Temporal"]  # "24 hours", "two weeks": re3d marks spans of time as Temporal
        currency = unit in CURRENCIES or unit.split(" ")[0] in CURRENCIES or (record.unit or "") in CURRENCIES
        return ["Money"] if currency else ["Quantity"]
    if kind == "arms":
        klass = getattr(record, "class_", "") or ""
        if klass == "major_conventional" or record.category in PLATFORM_CATEGORIES:
            return ["MilitaryPlatform"]
        return ["Weapon"]
    return []


def load_corpus(data_dir: Path) -> tuple[list[Document], dict[str, set[tuple[int, int, str]]]]:
    """Documents (one per re3d document) and gold entities per document id: {(begin, end, type)}."""
    folders = sorted(p.parent for p in data_dir.rglob("entities.json"))
    if not folders:
        raise EvalDataMissing(f"no entities.json under '{data_dir}'", source="re3d")
    documents, gold = [], defaultdict(set)
    for folder in folders:
        docs_file = folder / "documents.json"
        if not docs_file.exists():
            continue
        for line in docs_file.read_text("utf-8-sig").splitlines():
            if line.strip():
                row = json.loads(line)
                documents.append(Document(text=row["text"], title=row.get("title"), url=row.get("sourceUrl"),
                                          source=row["_id"], meta={"re3d_id": row["_id"], "corpus": folder.name}))
        for line in (folder / "entities.json").read_text("utf-8-sig").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row["type"] in TYPES and float(row.get("confidence", 0)) >= MIN_CONFIDENCE:
                gold[row["documentId"]].add((int(row["begin"]), int(row["end"]), row["type"]))
    return documents, gold


def _enabled(settings) -> list[str]:
    from ..extract import REGISTRY, _load_all

    _load_all()
    return [name for name in settings.get("extract.enabled") if name in REGISTRY]


def scored_spans(records, text: str) -> set[tuple[int, int, str]]:
    """(start, end, type) to score for one document's records, after three rules that settle overlaps:

    - a place and an actor on the same words: the actor wins (a metonym: "France said", "Kabul denied");
    - an actor the parser guessed and nothing confirms (confidence < 0.5: no lexicon entry, title or role)
      yields to a record of another kind on overlapping words ("VBIED" is a weapon, "Raqqah" a place);
    - a record inside a longer one of the same type is not scored (re3d does not annotate nested entities of
      one type: "ISIL" inside "ISIL fighters").
    Time expressions are scored without a leading preposition ("on Monday" -> "Monday"), as annotators mark them.
    A person's references (the pronouns resolved to them) are Person mentions too.
    """
    items = []
    for record in records:
        if not record.evidence:
            continue
        span = record.evidence[0]
        start = span.start
        if record.kind == "time":
            lead = _PREPOSITION.match(text[span.start:span.end])
            start = span.start + (lead.end() if lead and lead.end() < span.end - span.start else 0)
        for kind in record_types(record):
            items.append((start, span.end, kind, record))
            if kind == "Person":  # a pronoun that refers to a person is a mention of one, as re3d marks it
                items.extend((ref.start, ref.end, kind, record) for ref in getattr(record, "references", ()))
    actor_spans = {(s, e) for s, e, _, r in items if r.kind == "actor" and r.confidence >= GUESS}
    other_spans = [(s, e) for s, e, _, r in items if r.kind != "actor"]
    kept = set()
    for start, end, kind, record in items:
        if record.kind == "place" and (start, end) in actor_spans:
            continue
        if record.kind == "actor" and record.confidence < GUESS and any(s < end and start < e for s, e in other_spans):
            continue
        kept.add((start, end, kind))
    return {(s, e, k) for s, e, k in kept
            if not any(k2 == k and s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, k2 in kept)}


def predict(documents: list[Document], settings) -> dict[str, set[tuple[int, int, str]]]:
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=_enabled(settings))
    predicted: dict[str, set[tuple[int, int, str]]] = {}
    for document, records in pipeline.run(documents):
        predicted[document.meta["re3d_id"]] = scored_spans(records, document.text)
    return predicted


def _lenient_matches(gold: set, pred: set) -> int:
    """One-to-one matches of overlapping spans of the same type, exact ones first."""
    matched = 0
    used: set = set()
    remaining = []
    for item in sorted(gold):
        if item in pred:
            used.add(item)
            matched += 1
        else:
            remaining.append(item)
    for start, end, kind in remaining:
        for candidate in sorted(pred):
            if candidate in used or candidate[2] != kind:
                continue
            if candidate[0] < end and start < candidate[1]:
                used.add(candidate)
                matched += 1
                break
    return matched


def score(gold: dict, predicted: dict) -> tuple[dict[str, float], dict]:
    counts = {rule: {t: [0, 0, 0] for t in TYPES} for rule in ("strict", "lenient")}
    for doc_id in set(gold) | set(predicted):
        for kind in TYPES:
            g = {x for x in gold.get(doc_id, ()) if x[2] == kind}
            p = {x for x in predicted.get(doc_id, ()) if x[2] == kind}
            strict = len(g & p)
            lenient = _lenient_matches(g, p)
            for rule, tp in (("strict", strict), ("lenient", lenient)):
                counts[rule][kind][0] += tp
                counts[rule][kind][1] += len(p) - tp
                counts[rule][kind][2] += len(g) - tp
    metrics: dict[str, float] = {}
    details: dict = {}
    for rule in ("strict", "lenient"):
        total = [sum(c[i] for c in counts[rule].values()) for i in range(3)]
        micro = prf(*total)
        details[f"{rule}.micro"] = micro
        for name in ("precision", "recall", "f1"):
            metrics[f"{rule}.micro.{name}"] = micro[name]
        for kind in TYPES:
            result = prf(*counts[rule][kind])
            details[f"{rule}.{kind}"] = result
            metrics[f"{rule}.{kind}.f1"] = result["f1"]
    return metrics, details


@register("re3d", "re3d", "re3d defence entities (9 types, gold confidence >= 0.5): strict and lenient P/R/F1")
def evaluate_re3d(data_dir: Path, settings) -> Report:
    documents, gold = load_corpus(data_dir)
    predicted = predict(documents, settings)
    metrics, details = score(gold, predicted)
    details["documents"] = len(documents)
    details["gold_entities"] = sum(len(v) for v in gold.values())
    details["extractors"] = _enabled(settings)
    return Report(
        name="re3d",
        metrics=metrics,
        matching_rule=("gold: types Person, Organisation, Location, Nationality, Temporal, Quantity, Money, "
                       "Weapon, MilitaryPlatform with confidence >= 0.5; strict = same character span and same "
                       "type; lenient = overlapping spans of the same type, one-to-one; micro over all nine types. "
                       "Predictions: records of all enabled extractors mapped to re3d types (see record_types)."),
        details=details,
    )

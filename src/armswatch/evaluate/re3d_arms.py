"""`re3d-arms`: weapons and military platforms on Dstl's re3d, and the relations an arms record carries.

Entities: gold Weapon and MilitaryPlatform entities (confidence >= 0.5) of every sub-corpus under the data
folder, against the arms records of ``Pipeline(extractors=["arms"])``, each scored on its first evidence span
(the weapon as written). An arms record is a MilitaryPlatform where its category is a platform (tank,
armoured_vehicle, vehicle, aircraft, helicopter, uav, warship), else a Weapon. Strict: same span and type;
lenient: overlapping spans of the same type, one-to-one.

Relations (recall of gold pairs, confidence >= 0.5, the arms side a Weapon or MilitaryPlatform, either
direction): HasAttrOf arms->Quantity is recalled by a record whose weapon span overlaps the gold arms entity
and whose count span overlaps the gold quantity; InChargeOf Organisation->arms by a record whose holder span
overlaps the organisation; CoLocated arms<->Location by a record whose place span overlaps the location.
Precision of predicted pairs is given too, though re3d does not annotate every relation. A count read from an
article ("a VBIED" -> 1) is left out of the HasAttrOf pairs: re3d does not mark articles as quantities.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from . import Report, prf, register
from .re3d import _lenient_matches, load_corpus

ARMS_TYPES = ("Weapon", "MilitaryPlatform")
PLATFORMS = {"tank", "armoured_vehicle", "vehicle", "aircraft", "helicopter", "uav", "warship"}
RELATIONS = {"HasAttrOf": "Quantity", "InChargeOf": "Organisation", "CoLocated": "Location"}
MIN_CONFIDENCE = 0.5


def arms_type(record) -> str:
    return "MilitaryPlatform" if record.category in PLATFORMS else "Weapon"


def record_spans(record) -> dict[str, tuple[int, int] | None]:
    """The spans of an arms record by role, read in the order the arms extractor writes them."""
    evidence = [(e.start, e.end) for e in record.evidence]
    roles = {"arms": evidence[0], "count": None, "holder": None, "place": None}
    index = 1
    for role, present in (("count", record.count is not None), ("holder", record.holder is not None),
                          ("place", record.place is not None)):
        if present and index < len(evidence):
            roles[role] = evidence[index]
            index += 1
    return roles


def load_relations(data_dir: Path) -> dict[str, dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]]:
    """Gold pairs per document and relation: {doc: {relation: [(arms span, other span)]}}."""
    out: dict = defaultdict(lambda: defaultdict(list))
    for relations_file in sorted(data_dir.rglob("relations.json")):
        types: dict = defaultdict(set)
        for line in (relations_file.parent / "entities.json").read_text("utf-8-sig").splitlines():
            if line.strip():
                row = json.loads(line)
                if float(row.get("confidence", 0)) >= MIN_CONFIDENCE:
                    types[(row["documentId"], int(row["begin"]), int(row["end"]))].add(row["type"])
        for line in relations_file.read_text("utf-8-sig").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row["type"] not in RELATIONS or float(row.get("confidence", 0)) < MIN_CONFIDENCE:
                continue
            doc = row["documentId"]
            source = (int(row["sourceBegin"]), int(row["sourceEnd"]))
            target = (int(row["targetBegin"]), int(row["targetEnd"]))
            other_type = RELATIONS[row["type"]]
            for arms, other in ((source, target), (target, source)):
                if types[(doc, *arms)] & set(ARMS_TYPES) and other_type in types[(doc, *other)]:
                    out[doc][row["type"]].append((arms, other))
                    break
    return out


def _overlap(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _relation_counts(gold_pairs, predicted_pairs) -> tuple[int, int, int, int]:
    """(gold recalled, gold total, predicted pairs matching some gold pair, predicted total)."""
    recalled = sum(1 for g in gold_pairs if any(_overlap(g[0], p[0]) and _overlap(g[1], p[1]) for p in predicted_pairs))
    correct = sum(1 for p in predicted_pairs if any(_overlap(g[0], p[0]) and _overlap(g[1], p[1]) for g in gold_pairs))
    return recalled, len(gold_pairs), correct, len(predicted_pairs)


@register("re3d-arms", "re3d", "re3d Weapon/MilitaryPlatform entities (strict, lenient) and arms relation recall")
def evaluate(data_dir: Path, settings) -> Report:
    from ..pipeline import Pipeline

    documents, gold_all = load_corpus(Path(data_dir))
    gold_relations = load_relations(Path(data_dir))
    pipeline = Pipeline(settings=settings, extractors=["arms"])
    counts = {rule: {t: [0, 0, 0] for t in ARMS_TYPES} for rule in ("strict", "lenient")}
    relation_totals = {name: [0, 0, 0, 0] for name in RELATIONS}
    role_of = {"HasAttrOf": "count", "InChargeOf": "holder", "CoLocated": "place"}
    for document, records in pipeline.run(documents):
        doc_id = document.meta["re3d_id"]
        arms = [r for r in records if r.kind == "arms"]
        predicted = {(r.evidence[0].start, r.evidence[0].end, arms_type(r)) for r in arms}
        for kind in ARMS_TYPES:
            g = {x for x in gold_all.get(doc_id, ()) if x[2] == kind}
            p = {x for x in predicted if x[2] == kind}
            for rule, tp in (("strict", len(g & p)), ("lenient", _lenient_matches(g, p))):
                counts[rule][kind][0] += tp
                counts[rule][kind][1] += len(p) - tp
                counts[rule][kind][2] += len(g) - tp
        spans = [record_spans(r) for r in arms]
        for name in RELATIONS:
            pairs = [(s["arms"], s[role_of[name]]) for s in spans if s[role_of[name]] is not None
                     and not (name == "HasAttrOf" and document.text[slice(*s["count"])].lower() in ("a", "an"))]
            found = _relation_counts(gold_relations.get(doc_id, {}).get(name, []), pairs)
            for index, value in enumerate(found):
                relation_totals[name][index] += value
    metrics: dict[str, float] = {}
    details: dict = {"documents": len(documents)}
    for rule in ("strict", "lenient"):
        total = [sum(c[i] for c in counts[rule].values()) for i in range(3)]
        for label, values in (("micro", total), *((k, counts[rule][k]) for k in ARMS_TYPES)):
            result = prf(*values)
            details[f"{rule}.{label}"] = result
            for measure in ("precision", "recall", "f1"):
                metrics[f"{rule}.{label}.{measure}"] = result[measure]
    for name, (recalled, gold_total, correct, predicted_total) in relation_totals.items():
        metrics[f"relation.{name}.recall"] = round(recalled / gold_total, 4) if gold_total else 0.0
        metrics[f"relation.{name}.precision"] = round(correct / predicted_total, 4) if predicted_total else 0.0
        details[f"relation.{name}"] = {"gold": gold_total, "recalled": recalled, "predicted": predicted_total,
                                       "predicted_matching": correct}
    return Report(name="re3d-arms", metrics=metrics, matching_rule=" ".join(__doc__.split("\n\n")[1:]).replace("\n", " "),
                  details=details)

"""PLOVER gold-standard records (openeventdata/PLOVER, CC BY-SA 4.0): event type, mode, actor triples.

The records are PLOVER v0.5b1; their labels are mapped to the current 16 types (DEMAND -> REQUEST,
DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE with mode investigate, FIGHT -> ASSAULT) and their older
modes to the codebook's (demo-org -> demo, strike-hun -> hunger, riot-spon -> riot, ...).
"""

from __future__ import annotations

import json
from pathlib import Path

from . import Report, prf, register
from .event_scoring import code_texts, macro_f1, main_event, true_false_counts

FILE = "PLOVER_GSR_CAMEO.txt"
TYPE_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
MODE_MAP = {"demo-org": "demo", "demo-spon": "demo", "strike-hun": "hunger", "strike-gen": "strike",
            "riot-spon": "riot", "riot-org": "riot", "suicide": "suicide-attack"}


def load(data_dir: Path) -> list[dict]:
    path = data_dir / FILE
    from ..errors import EvalDataMissing

    if not path.exists():
        raise EvalDataMissing(f"'{path}' not found", source="plover")
    records = [r for r in json.loads(path.read_text("utf-8")) if r.get("event") != "DOCUMENT"]
    out = []
    for r in records:
        label = r["event"]
        mode = (r.get("mode") or "").strip()
        mode = MODE_MAP.get(mode, mode)
        if label == "INVESTIGATE":
            mode = "investigate"
        out.append({
            "id": r["id"], "text": r["text"], "date": r.get("date"), "type": TYPE_MAP.get(label, label),
            "mode": mode, "sources": _codes(r.get("source")), "targets": _codes(r.get("target")),
        })
    return out


def _codes(actors) -> list[str]:
    if not actors or isinstance(actors, str):
        return []
    return [(a.get("code") or "").strip().upper()[:3] for a in actors if (a.get("code") or "").strip()]


def _triples(actor_codes, event_type, recipient_codes) -> set[tuple]:
    actors = actor_codes or [None]
    recipients = recipient_codes or [None]
    return {(a, event_type, r) for a in actors for r in recipients}


def _country(actor) -> str | None:
    return (actor.country or "").upper()[:3] or None


@register("plover", "plover", "PLOVER gold records: event type accuracy and macro-F1, actor/type/recipient triple F1, mode accuracy, over-generation")
def evaluate(data_dir: Path, settings) -> Report:
    gold = load(data_dir)
    predicted = code_texts(((g["text"], g["date"]) for g in gold), settings)
    labels = sorted({g["type"] for g in gold})
    pairs, correct, mode_total, mode_right = [], 0, 0, 0
    tp = fp = fn = 0
    errors = []
    for g, events in zip(gold, predicted):
        top = main_event(events)
        guess = top.type if top else "NONE"
        pairs.append((g["type"], guess))
        correct += guess == g["type"]
        if g["mode"] and guess == g["type"]:
            mode_total += 1
            mode_right += g["mode"] in top.mode
        gold_triples = _triples(g["sources"], g["type"], g["targets"])
        pred_triples = set()
        for e in events:
            pred_triples |= _triples([c for c in map(_country, e.actors) if c], e.type,
                                     [c for c in map(_country, e.recipients) if c])
        hit = len(gold_triples & pred_triples)
        tp, fp, fn = tp + hit, fp + len(pred_triples) - hit, fn + len(gold_triples) - hit
        if guess != g["type"] and len(errors) < 400:
            errors.append({"id": g["id"], "gold": g["type"], "predicted": [e.type for e in events], "text": g["text"][:160]})
    macro, per_label = macro_f1(pairs, labels)
    triples = prf(tp, fp, fn)
    metrics = {
        "type.accuracy": round(correct / len(gold), 4),
        "type.macro_f1": macro,
        "triple.precision": triples["precision"], "triple.recall": triples["recall"], "triple.f1": triples["f1"],
        "mode.accuracy": round(mode_right / mode_total, 4) if mode_total else 0.0,
        "sentences": len(gold),
        "coverage": round(sum(1 for e in predicted if e) / len(gold), 4),
    }
    metrics.update(true_false_counts([{g["type"]} for g in gold], predicted))
    metrics.update({f"{label}.f1": per_label[label]["f1"] for label in labels})
    return Report(
        name="plover",
        metrics=metrics,
        matching_rule=("type: the sentence's most confident event against the gold label (v0.5b1 labels mapped); "
                       "triples: (actor country, type, recipient country) sets per sentence over all coded events, "
                       "codes cut to 3 letters, a missing side as None; mode: gold mode among the coded modes where "
                       "the type is right; events: one true event per gold event of the same type, all others false"),
        details={"errors": errors},
        lower_is_better=("events.false", "events.false_per_true", "events.false_per_sentence"),
    )

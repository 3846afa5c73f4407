"""Shared pieces of the event evaluations: running the coder over sentences, picking a sentence's main
event, PLOVER -> CAMEO quad classes, and the counts of true and false events."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from . import prf

# CAMEO's quad classes by PLOVER type (CAMEO 01-05, 06-08, 09-13, 14-20; 0 = statement / no event)
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "REQUEST": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def code_texts(texts: Iterable[tuple[str, str | None]], settings) -> list[list]:
    """The event records of each (text, published) pair, one pipeline, parsed in batches."""
    from ..document import Document
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=["events"])
    documents = [Document(text=text, published=published) for text, published in texts]
    return [[r for r in records if r.kind == "event"] for _, records in pipeline.run(documents)]


def main_event(events: list):
    """The sentence's main event: the most confident of the events said to have happened (not negated, not
    hypothetical), the earliest among equals; None where nothing happened."""
    asserted = [e for e in events if not (e.negated or e.hypothetical)]
    return max(asserted, key=lambda e: e.confidence) if asserted else None


def macro_f1(pairs: list[tuple[str, str]], labels: Iterable[str]) -> tuple[float, dict]:
    """Macro-averaged F1 over ``labels`` from (gold, predicted) pairs."""
    per_label = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        per_label[label] = prf(tp, fp, fn)
    present = [label for label in labels if per_label[label]["tp"] + per_label[label]["fn"] > 0]
    macro = sum(per_label[label]["f1"] for label in present) / len(present) if present else 0.0
    return round(macro, 4), per_label


def true_false_counts(gold_types: list[set[str]], predicted: list[list]) -> dict[str, float]:
    """Each gold event is matched by at most one predicted event of its type; every other predicted event
    is false. Over-generation is false events per sentence, and per sentence that has no gold event."""
    true = false = false_in_empty = 0
    empty = 0
    for gold, events in zip(gold_types, predicted):
        remaining = Counter(gold)
        if not gold:
            empty += 1
        for event in events:
            if remaining[event.type] > 0:
                remaining[event.type] -= 1
                true += 1
            else:
                false += 1
                if not gold:
                    false_in_empty += 1
    n_gold = sum(len(g) for g in gold_types)
    out = {"events.true": true, "events.false": false,
           "events.false_per_true": round(false / true, 4) if true else 0.0,
           "events.false_per_sentence": round(false / len(gold_types), 4) if gold_types else 0.0}
    counts = prf(true, false, n_gold - true)
    out.update({f"events.{k}": v for k, v in counts.items() if k in ("precision", "recall", "f1")})
    if empty:
        out["events.per_sentence_without_event"] = round(false_in_empty / empty, 4)
    return out

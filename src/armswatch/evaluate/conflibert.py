"""ConfliBERT's CAMEO sets (eventdata/ConfliBERT): the quad class of each sentence, and source/target spans.

``cameo_class/train.tsv``: sentence and class 0-4 (0 statement, 1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict). A sentence's predicted class is the quad class of its
most confident coded event, or 0 where nothing is coded.
``cameo_ner/train.txt``: CoNLL tokens tagged B/I-S (source), B/I-T (target), B/I-R (reciprocal: both).
Predicted sources and targets are the mentions of the coded events' actors and recipients.
"""

from __future__ import annotations

import csv
from pathlib import Path

from . import Report, prf, register
from .event_scoring import QUAD, code_texts, macro_f1, main_event

CLASSES = ("0", "1", "2", "3", "4")


def load_classes(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row[0], row[1].strip()) for row in csv.reader(handle, delimiter="\t") if len(row) == 2]


def load_spans(path: Path) -> list[tuple[str, dict[str, list[tuple[int, int]]]]]:
    """(text, {"S": spans, "T": spans}) per sentence; the text is the tokens joined by single spaces."""
    sentences, tokens = [], []
    for line in path.read_text("utf-8").splitlines() + [""]:
        if line.strip():
            word, _, tag = line.rpartition(" ")
            tokens.append((word, tag.strip()))
            continue
        if tokens:
            sentences.append(_spans_of(tokens))
            tokens = []
    return sentences


def _spans_of(tokens):
    text, spans, offset, current = [], {"S": [], "T": []}, 0, None
    for word, tag in tokens:
        start, end = offset, offset + len(word)
        text.append(word)
        offset = end + 1
        kind = tag[2:] if len(tag) > 2 else None
        if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[0] != kind)):
            current = [kind, start, end]
            for role in ("S", "T") if kind == "R" else (kind,):
                spans[role].append(current)
        elif tag.startswith("I-") and current is not None:
            current[2] = end
        else:
            current = None
    return " ".join(text), {role: [(s, e) for _, s, e in items] for role, items in spans.items()}


def _mention_spans(text: str, actors) -> list[tuple[int, int]]:
    out = []
    for actor in actors:
        at = text.find(actor.text) if actor.text else -1
        if at >= 0:
            out.append((at, at + len(actor.text)))
    return out


def _match(gold, predicted, overlap: bool) -> tuple[int, int, int]:
    used, tp = set(), 0
    for p in predicted:
        for i, g in enumerate(gold):
            if i in used:
                continue
            if (p == g) or (overlap and p[0] < g[1] and g[0] < p[1]):
                used.add(i)
                tp += 1
                break
    return tp, len(predicted) - tp, len(gold) - tp


@register("conflibert-cameo", "conflibert-cameo", "ConfliBERT CAMEO: quad class per sentence, source/target span F1")
def evaluate(data_dir: Path, settings) -> Report:
    classes = load_classes(data_dir / "cameo_class" / "train.tsv")
    spans = load_spans(data_dir / "cameo_ner" / "train.txt")
    coded = code_texts([(text, None) for text, _ in classes] + [(text, None) for text, _ in spans], settings)
    class_events, span_events = coded[:len(classes)], coded[len(classes):]

    pairs = []
    for (_, gold), events in zip(classes, class_events):
        top = main_event(events)
        pairs.append((gold, str(QUAD[top.type]) if top else "0"))
    macro, per_class = macro_f1(pairs, CLASSES)
    metrics = {"quad.accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4), "quad.macro_f1": macro}
    metrics.update({f"quad.{c}.f1": per_class[c]["f1"] for c in CLASSES})
    metrics["quad.events_per_statement_sentence"] = round(
        sum(len(ev) for (_, g), ev in zip(classes, class_events) if g == "0")
        / max(1, sum(1 for _, g in classes if g == "0")), 4)

    counts = {(role, rule): [0, 0, 0] for role in ("S", "T") for rule in ("exact", "overlap")}
    for (text, gold), events in zip(spans, span_events):
        top = main_event(events)
        predicted = {"S": _mention_spans(text, top.actors) if top else [],
                     "T": _mention_spans(text, top.recipients) if top else []}
        for role in ("S", "T"):
            for rule in ("exact", "overlap"):
                tp, fp, fn = _match(gold[role], predicted[role], rule == "overlap")
                for i, n in enumerate((tp, fp, fn)):
                    counts[(role, rule)][i] += n
    names = {"S": "source", "T": "target"}
    for (role, rule), (tp, fp, fn) in counts.items():
        result = prf(tp, fp, fn)
        for key in ("precision", "recall", "f1"):
            metrics[f"{names[role]}.{rule}.{key}"] = result[key]
    return Report(
        name="conflibert-cameo",
        metrics=metrics,
        matching_rule=("quad: class of the sentence's most confident event (PLOVER type -> CAMEO quad class; 0 when "
                       "nothing is coded); spans: the mentions of that event's actors (sources) and recipients "
                       "(targets) against B/I-S and B/I-T spans (B/I-R counts as both), exact and any-overlap"),
        details={"sentences": len(classes), "span_sentences": len(spans)},
    )

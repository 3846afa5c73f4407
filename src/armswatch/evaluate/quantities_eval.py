"""`quantities`: number and quantity values on quantulum3's English tests and Microsoft Recognizers-Text specs.

Every input sentence goes through the pipeline with the quantities extractor; the values of its quantity
records are matched against the gold values of the same sentence (a multiset match, numbers equal within a
relative 1e-6). A range we emit matches a gold range with the same ends ("[20,30)" and "between 20 and 30");
where the gold set lists the two ends as two numbers, our range counts as its two ends. A gold range open at
one end ("(30,)" for "over thirty") is its finite end; quantulum3 gives a range as its middle ("44 to 50 mg" ->
47), which our range also matches. Gold results without a value (a bare unit) are left out. Each Recognizers
spec tests one recogniser, so only our records of its kind are scored against it: NumberModel numbers without
a unit, NumberRangeModel qualified numbers and ranges, PercentModel percentages, CurrencyModel money,
DimensionModel lengths, masses, volumes, areas, speeds, energy, data and frequency, TemperatureModel
temperatures, AgeModel ages; quantulum3 takes every record.
Sets scored: quantulum3 quantities.json and quantities.ambiguity.json; Recognizers-Text Number, NumberRange,
Percent, Currency, Dimension, Temperature and Age models (OrdinalModel is left out: ordinals are not
quantities; DateTime belongs to the time evaluation). Every case of each file is scored.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from . import Report, prf, register

QUANTULUM_FILES = ("quantities.json", "quantities.ambiguity.json")
RECOGNIZERS_FILES = ("Number/English/NumberModel.json", "Number/English/NumberRangeModel.json",
                     "Number/English/PercentModel.json", "NumberWithUnit/English/CurrencyModel.json",
                     "NumberWithUnit/English/DimensionModel.json", "NumberWithUnit/English/TemperatureModel.json",
                     "NumberWithUnit/English/AgeModel.json")


def _gold_value(raw):
    """A Recognizers value: "1,5" -> 1.5, "100%" -> 100, "[20,30)" -> (20, 30), "(30,)" -> 30; None if absent."""
    if raw is None or raw == "null":
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip().rstrip("%")
    interval = re.fullmatch(r"[\[(]\s*([-\d.e+]*)\s*,\s*([-\d.e+]*)\s*[\])]", text)
    if interval:
        low, high = interval.group(1), interval.group(2)
        if low and high:
            return (float(low), float(high))
        return float(low or high) if (low or high) else None
    try:
        return float(text)
    except ValueError:
        return None


def load_cases(data_dir: Path) -> list[dict]:
    """[{source, file, text, gold: [values]}] for every case of every scored file found under data_dir."""
    cases = []
    roots = [data_dir, data_dir / "quantulum3-tests", data_dir / "recognizers-text-specs",
             data_dir.parent / "quantulum3-tests", data_dir.parent / "recognizers-text-specs"]
    seen = set()
    for root in roots:
        for name in QUANTULUM_FILES:
            path = root / name
            if path.exists() and path.resolve() not in seen:
                seen.add(path.resolve())
                for case in json.loads(path.read_text("utf-8")):
                    gold = [float(r["value"]) for r in case.get("res", []) if r.get("value") is not None]
                    cases.append({"source": "quantulum3", "file": name, "text": case["req"], "gold": gold})
        for name in RECOGNIZERS_FILES:
            path = root / name
            if path.exists() and path.resolve() not in seen:
                seen.add(path.resolve())
                for case in json.loads(path.read_text("utf-8-sig")):
                    gold = []
                    for result in case.get("Results", []):
                        value = _gold_value((result.get("Resolution") or {}).get("value"))
                        if value is not None:
                            gold.append(value)
                    cases.append({"source": "recognizers", "file": Path(name).stem, "text": case["Input"], "gold": gold})
    return cases


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


_FILE_KINDS = {
    "NumberModel": {"count"}, "PercentModel": {"percent"}, "CurrencyModel": {"money"},
    "DimensionModel": {"length", "mass", "volume", "area", "speed", "energy", "data", "frequency", "calibre"},
    "TemperatureModel": {"temperature"}, "AgeModel": {"age", "duration"},
}


def _kind(record) -> str:
    from ..extract.quantities.units import UNIT_WORDS

    if record.unit is None:
        return "count"
    kinds = {kind for name, kind in UNIT_WORDS.values() if name == record.unit}
    if record.unit in ("pound-mass",):
        return "mass"
    return "money" if "money" in kinds else (kinds.pop() if kinds else "other")


def _scored(records, file: str) -> list:
    if file == "NumberRangeModel":
        return [r for r in records if r.qualifier != "exact"]
    kinds = _FILE_KINDS.get(file)
    return [r for r in records if kinds is None or _kind(r) in kinds]


def _predicted(records) -> list:
    return [(float(r.value[0]), float(r.value[1])) if isinstance(r.value, list) else float(r.value) for r in records]


def match(predicted: list, gold: list) -> tuple[int, int, int]:
    """(tp, fp, fn): a multiset match of values; a predicted range (low, high) matches a gold range with the same
    ends, or a gold middle value, or, where the gold lists the ends as two numbers, those two numbers."""
    remaining = list(gold)
    predicted = list(predicted)
    tp = fp = 0
    # "larger than twenty and less or equal than thirty five": two numbers that are a gold range's two ends
    for target in [g for g in gold if isinstance(g, tuple)]:
        singles = [v for v in predicted if not isinstance(v, tuple)]
        low = next((v for v in singles if _equal(v, target[0])), None)
        high = next((v for v in singles if _equal(v, target[1]) and v is not low), None)
        if low is not None and high is not None and not _equal(target[0], target[1]):
            predicted.remove(low)
            predicted.remove(high)
            remaining.remove(target)
            tp += 1

    def take(test) -> bool:
        for index, target in enumerate(remaining):
            if test(target):
                del remaining[index]
                return True
        return False

    for value in predicted:
        if isinstance(value, tuple):
            low, high = value
            if take(lambda t: isinstance(t, tuple) and _equal(t[0], low) and _equal(t[1], high)) or \
                    take(lambda t: not isinstance(t, tuple) and _equal(t, (low + high) / 2)):
                tp += 1
                continue
            for end in (low, high):
                if take(lambda t, end=end: not isinstance(t, tuple) and _equal(t, end)):
                    tp += 1
                else:
                    fp += 1
            continue
        if take(lambda t: not isinstance(t, tuple) and _equal(t, value)):
            tp += 1
        else:
            fp += 1
    return tp, fp, len(remaining)


@register("quantities", "quantulum3-tests", "number and quantity values (quantulum3 tests, Recognizers-Text specs): value F1")
def evaluate(data_dir: Path, settings) -> Report:
    from ..document import Document
    from ..pipeline import Pipeline

    cases = load_cases(Path(data_dir))
    pipeline = Pipeline(settings=settings, extractors=["quantities"])
    documents = [Document(text=case["text"] if case["text"].strip() else " ", published="2024-01-01") for case in cases]
    totals: dict[str, list[int]] = {}
    misses = []
    for case, (_, records) in zip(cases, pipeline.run(documents)):
        quantities = _scored([r for r in records if r.kind == "quantity"], case["file"])
        predicted = _predicted(quantities)
        tp, fp, fn = match(predicted, case["gold"])
        for key in ("micro", case["source"], f"{case['source']}.{case['file']}"):
            bucket = totals.setdefault(key, [0, 0, 0])
            bucket[0] += tp
            bucket[1] += fp
            bucket[2] += fn
        if (fp or fn) and len(misses) < 60:
            misses.append({"text": case["text"][:160], "gold": case["gold"], "predicted": predicted})
    metrics: dict[str, float] = {"cases": len(cases)}
    for key, (tp, fp, fn) in sorted(totals.items()):
        scores = prf(tp, fp, fn)
        metrics[f"{key}.precision"] = scores["precision"]
        metrics[f"{key}.recall"] = scores["recall"]
        metrics[f"{key}.f1"] = scores["f1"]
    return Report(name="quantities", metrics=metrics, matching_rule=__doc__.split("\n\n")[1].replace("\n", " "),
                  details={"misses": misses})

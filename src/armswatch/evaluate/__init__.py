"""Gold-set evaluations: a loader and scorer per set, a JSON report, and a committed baseline to compare with.

Each evaluation module registers a function ``(data_dir: Path, settings) -> Report`` under a name. The data
folder always comes from the caller (``--data`` or ``ARMSWATCH_EVAL_DATA``): gold sets never ship with
armswatch. ``baselines/NAME.json`` holds the project's committed scores for NAME.
"""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from ..errors import EvalDataMissing, UnknownEvaluation

EVALUATION_MODULES = (
    "trafilatura_eval", "re3d", "tempeval3", "meantime", "meantime_coref", "geowebnews", "actors_eval", "plover",
    "conflibert", "petrarch2", "polnear", "quantities_eval", "re3d_arms", "satp_arms", "ecbplus",
)


@dataclass
class Report:
    name: str
    metrics: dict[str, float]  # flat: "micro.f1", "PERSON.f1", … ; higher is better unless listed in lower_is_better
    matching_rule: str = ""
    details: dict = field(default_factory=dict)
    lower_is_better: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"name": self.name, "metrics": self.metrics, "matching_rule": self.matching_rule,
                "lower_is_better": list(self.lower_is_better), "details": self.details}


@dataclass(frozen=True)
class Evaluation:
    name: str
    folder: str
    description: str
    run: Callable[[Path, object], Report]


REGISTRY: dict[str, Evaluation] = {}


def register(name: str, folder: str, description: str):
    def wrap(func):
        REGISTRY[name] = Evaluation(name=name, folder=folder, description=description, run=func)
        return func

    return wrap


def load_all() -> dict[str, Evaluation]:
    for module in EVALUATION_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    return REGISTRY


def data_dir_for(name: str, data: str | None) -> Path:
    evaluation = load_all()[name]
    if data:
        path = Path(data)
    elif os.environ.get("ARMSWATCH_EVAL_DATA"):
        path = Path(os.environ["ARMSWATCH_EVAL_DATA"]) / evaluation.folder
    else:
        raise EvalDataMissing(f"no data folder given for '{name}'")
    if not path.is_dir():
        raise EvalDataMissing(f"'{path}' is not a folder", source=name)
    return path


def run(name: str, data: str | None, settings) -> Report:
    evaluations = load_all()
    if name not in evaluations:
        raise UnknownEvaluation(f"no evaluation named '{name}'", hint=f"known: {', '.join(sorted(evaluations))}")
    return evaluations[name].run(data_dir_for(name, data), settings)


def baseline_path(name: str) -> Path:
    return Path(str(resources.files(__name__).joinpath("baselines", f"{name}.json")))


def load_baseline(name: str) -> dict[str, float]:
    path = baseline_path(name)
    return json.loads(path.read_text("utf-8"))["metrics"] if path.exists() else {}


def compare(report: Report, baseline: dict[str, float], tolerance: float = 0.005) -> list[tuple[str, float | None, float, str]]:
    """(metric, baseline, now, verdict) for every metric; verdict is 'better', 'worse', 'same', 'new', or
    'absent' (now None) for a baseline metric the report lacks (a set without that class)."""
    rows = []
    for metric, value in report.metrics.items():
        old = baseline.get(metric)
        if old is None:
            rows.append((metric, None, value, "new"))
            continue
        delta = value - old
        if metric in report.lower_is_better:
            delta = -delta
        verdict = "same" if abs(value - old) <= tolerance else ("better" if delta > 0 else "worse")
        rows.append((metric, old, value, verdict))
    rows.extend((metric, old, None, "absent") for metric, old in baseline.items() if metric not in report.metrics)
    return rows


def write_baseline(report: Report) -> Path:
    path = baseline_path(report.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"name": report.name, "metrics": report.metrics,
                                "matching_rule": report.matching_rule}, indent=2, sort_keys=True) + "\n", "utf-8")
    return path


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}

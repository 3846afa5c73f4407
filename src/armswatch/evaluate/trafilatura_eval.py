"""trafilatura-eval: how much of each news page's article our HTML ingest keeps, and how much boilerplate it
lets through, beside trafilatura called directly on the same pages.

The set (``evaldata.en-news-subset.json``) maps each page URL to its HTML file (under ``cache/`` or
``eval/``), segments that must appear in the extracted text (``with``) and boilerplate segments that must
not (``without``). Scoring is the set's own (trafilatura's tests/eval_common.py): whitespace-normalised
substring match; a ``with`` segment found is a true positive, one missed a false negative, a ``without``
segment found a false positive. A page that yields no text misses all its segments.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Callable

from . import Report, prf, register

ANNOTATIONS = "evaldata.en-news-subset.json"
MATCHING_RULE = ("whitespace-normalised substring match (as trafilatura's eval_common.count_item): a must-contain "
                 "segment found = tp, missed = fn; a must-not-contain segment found = fp; a page with no text "
                 "misses everything; counts summed over all pages")
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _page(data_dir: Path, file_name: str) -> Path | None:
    for folder in ("cache", "eval"):
        path = data_dir / folder / file_name
        if path.is_file():
            return path
    return None


def _ours(settings) -> Callable[[bytes, str], str | None]:
    """armswatch's HTML ingest, as `armswatch ingest page.html` runs it (main text, then the shared checks)."""
    from ..errors import InputError
    from ..ingest.checks import finish
    from ..ingest.html import read_html

    min_chars = int(settings.get("ingest.min_chars"))

    def run(html: bytes, url: str) -> str | None:
        try:
            return finish(read_html(html, source=url, url=url, min_chars=min_chars), settings).text
        except InputError:
            return None

    return run


def _trafilatura(**options) -> Callable[[bytes, str], str | None]:
    import trafilatura

    return lambda html, url: trafilatura.extract(html, **options)


def _score(items: list[tuple[dict, bytes, str]], extract: Callable[[bytes, str], str | None]) -> tuple[dict, dict]:
    tp = fp = fn = without_total = 0
    per_page = {}
    started = time.perf_counter()
    for item, html, url in items:
        try:
            result = extract(html, url)
        except Exception:  # a crash counts as a full miss, as in trafilatura's own scorer
            result = None
        text = _norm(result or "")
        found = sum(1 for segment in item["with"] if result is not None and _norm(segment) in text)
        leaked = sum(1 for segment in item["without"] if result is not None and _norm(segment) in text)
        tp, fp, fn = tp + found, fp + leaked, fn + len(item["with"]) - found
        without_total += len(item["without"])
        per_page[item["file"]] = {"with_missed": len(item["with"]) - found, "without_found": leaked}
    seconds = time.perf_counter() - started
    scores = prf(tp, fp, fn)
    scores["kept"] = round(tp / (tp + fn), 4) if tp + fn else 0.0  # share of must-contain segments kept
    scores["dropped"] = round(1 - fp / without_total, 4) if without_total else 0.0  # share of boilerplate dropped
    scores["pages_per_s"] = round(len(items) / seconds, 1) if seconds else 0.0
    return scores, per_page


@register("trafilatura-eval", "trafilatura-eval",
          "main text of news HTML: must-contain kept / must-not-contain dropped, ours beside trafilatura")
def evaluate(data_dir: Path, settings) -> Report:
    from ..errors import EvalDataMissing

    annotations = data_dir / ANNOTATIONS
    if not annotations.is_file():
        raise EvalDataMissing(f"'{ANNOTATIONS}' not found in {data_dir}", source="trafilatura-eval")
    gold = json.loads(annotations.read_text("utf-8"))
    items, missing = [], []
    for url, item in gold.items():
        path = _page(data_dir, item["file"])
        if path is None:
            missing.append(item["file"])
            continue
        items.append((item, path.read_bytes(), url))
    systems = {
        "ours": _ours(settings),
        # trafilatura's own evaluation settings (the published 2.3.1 reference: P 0.853 R 0.961 F1 0.904)
        "trafilatura_standard": _trafilatura(include_comments=False, include_tables=True),
        # trafilatura.extract() with nothing changed (comments included)
        "trafilatura_default": _trafilatura(),
    }
    metrics: dict[str, float] = {}
    details: dict = {"pages": len(items), "pages_missing": missing, "per_page": {}}
    for name, extract in systems.items():
        scores, per_page = _score(items, extract)
        for key in ("precision", "recall", "f1", "kept", "dropped"):
            metrics[f"{name}.{key}"] = scores[key]
        details[name] = scores
        details["per_page"][name] = per_page
    metrics["ours_minus_trafilatura.f1"] = round(metrics["ours.f1"] - metrics["trafilatura_standard.f1"], 4)
    return Report(name="trafilatura-eval", metrics=metrics, matching_rule=MATCHING_RULE, details=details)

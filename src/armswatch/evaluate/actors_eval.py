"""Actor resolution on the PLOVER codebook's own actor examples: description -> (country, sector).

The cases (``data/actor_cases.yaml``, shipped with armswatch) are short sentences written around the actor
phrases of the PLOVER codebook, each with the codebook's country and sector. A case is run through the
``actors`` extractor and the actor at the phrase is read with ``actor_at``. ``--data`` may point at a folder
holding an ``actor_cases.yaml`` of one's own; otherwise the shipped cases are used.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from ..document import Document
from ..errors import EvalDataMissing
from . import Report, register

CASES = "actor_cases.yaml"


def load_cases(data_dir: Path | None) -> list[dict]:
    own = data_dir / CASES if data_dir is not None else None
    if own is not None and own.is_file():
        text = own.read_text("utf-8")
    else:
        text = resources.files(__package__).joinpath("data", CASES).read_text("utf-8")
    cases = (yaml.safe_load(text) or {}).get("cases") or []
    for case in cases:
        if case["actor"] not in case["text"]:
            raise EvalDataMissing(f"case actor {case['actor']!r} is not in its text", source=CASES)
    return cases


def resolve_cases(cases: list[dict], settings) -> list[dict]:
    """Each case with what armswatch resolved its actor phrase to (``got``: Actor or None)."""
    from ..extract import Context
    from ..extract.actors import actor_at
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=["actors"])
    documents = [Document(text=c["text"], published=str(c["published"]) if c.get("published") else None)
                 for c in cases]
    out = []
    for case, document, doc in zip(cases, documents, pipeline.nlp.pipe([d.text for d in documents])):
        ctx = Context(document=document, doc=doc, settings=settings)
        for extractor in pipeline.extractors:
            ctx.records.extend(extractor.run(ctx))
        start = case["text"].index(case["actor"])
        out.append({**case, "got": actor_at(ctx, start, start + len(case["actor"]))})
    return out


def score(results: list[dict]) -> tuple[dict[str, float], list[dict]]:
    country_ok = sector_ok = both_ok = with_sector = found = 0
    misses = []
    for r in results:
        got = r["got"]
        found += got is not None
        c_ok = got is not None and got.country == r["country"]
        s_ok = r.get("sector") is None or (got is not None and got.sector == r["sector"])
        country_ok += c_ok
        if r.get("sector") is not None:
            with_sector += 1
            sector_ok += s_ok
        both_ok += c_ok and s_ok
        if not (c_ok and s_ok):
            misses.append({"actor": r["actor"], "want": [r["country"], r.get("sector")],
                           "got": [got.country, got.sector, got.name] if got else None})
    n = len(results) or 1
    metrics = {"accuracy": round(both_ok / n, 4), "country.accuracy": round(country_ok / n, 4),
               "sector.accuracy": round(sector_ok / (with_sector or 1), 4), "found": round(found / n, 4)}
    return metrics, misses


@register("actors", "plover", "actor descriptions from the PLOVER codebook -> (country, sector) accuracy")
def evaluate_actors(data_dir: Path, settings) -> Report:
    results = resolve_cases(load_cases(data_dir), settings)
    metrics, misses = score(results)
    return Report(
        name="actors",
        metrics=metrics,
        matching_rule=("a case is right when the actor armswatch resolves at the phrase (actor_at) has the "
                       "codebook's country and, where the codebook gives one, its sector; accuracy = both right, "
                       "over all cases; sector.accuracy over cases with a sector"),
        details={"cases": len(results), "misses": misses},
    )

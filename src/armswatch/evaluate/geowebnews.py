"""GeoWebNews (Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation"): toponym resolution and
recognition on 200 news articles.

Gold toponyms are those of types Literal, Mixed and Metonymic (each has coordinates). Two measurements:

- geocoding: our resolver run on the gold toponym spans of each article (all of an article's gold toponyms
  resolved together, as the extractor resolves a document's); a toponym counts as correct when the place
  chosen lies within 161 km (100 miles) of the gold coordinates. A toponym the gazetteer does not know counts
  as wrong, with the largest possible error (20,038 km, half the Earth's circumference) in the mean error;
  ``resolved`` is the share placed at all, ``in_gazetteer`` the share placed at a gazetteer entry (the rest are
  streets, buildings and other names it lacks, placed approximately, at a town their name contains or the
  document's focus).
  ``accuracy_161km_or_same_geonameid`` also counts as correct a place with the gold GeoNames id whose point
  lies far from GeoNames' own (a US state placed at the middle of its towns).
- recognition: the toponyms our parser finds (GPE, LOC, FAC) against the gold toponyms, strict (same span)
  and lenient (overlap); and the place records the extractor emits (toponyms used as locations) against the
  Literal and Mixed gold toponyms, with ``place_records.correct_161km`` the share of those gold toponyms
  found and placed within 161 km.

Geocoding accuracy is also reported for the first 100 articles in the file's order (by name: "0", "1", "10",
"100", …), on which the places extractor was tuned, and for the articles after them, kept untouched
(``geocoding.first_100.accuracy_161km``, ``geocoding.after_100.accuracy_161km``): the gap between the two is
the honest measure of how far the tuning carries.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from . import Report, prf, register
from ..document import Document
from ..errors import EvalDataMissing

GOLD_TYPES = ("Literal", "Mixed", "Metonymic")
LOCATION_TYPES = ("Literal", "Mixed")
# Gold annotations that say a span is NOT a toponym: a prediction on one is a false positive. Predictions on
# other annotated, unscored toponym uses (modifiers, embedded names, expressions, demonyms) are not counted.
NOT_TOPONYM = ("Non_Toponym", "Homonym")
ACCURACY_KM = 161.0
TUNED_ARTICLES = 100  # the first articles in the file's order were looked at while tuning; the rest were not
MAX_ERROR_KM = 20038.0


def load(data_dir: Path) -> list[dict]:
    path = data_dir / "GWN.xml"
    if not path.exists():
        raise EvalDataMissing(f"'{path}' not found", source="geowebnews")
    articles = []
    for article in ET.parse(path).getroot().findall("article"):
        text = article.findtext("text") or ""
        toponyms = []
        for t in article.find("toponyms"):
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            lat, lon, gid = t.findtext("latitude"), t.findtext("longitude"), t.findtext("geonamesID")
            toponyms.append({"start": start, "end": end, "text": text[start:end], "type": t.findtext("type"),
                             "geonameid": int(gid) if gid and gid.isdigit() else None,
                             "lat": float(lat) if lat else None, "lon": float(lon) if lon else None})
        articles.append({"id": article.get("file"), "text": text, "toponyms": sorted(toponyms, key=lambda t: t["start"])})
    return articles


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _geocoding(articles: list[dict]) -> tuple[dict, dict]:
    from ..extract.places import Mention, geocode_mentions
    from ..extract.places.resolve import LOCALITY

    errors: dict[str, list[float]] = {t: [] for t in GOLD_TYPES}
    resolved = same_id_far = in_gazetteer = 0
    misses: Counter = Counter()
    for article in articles:
        gold = [t for t in article["toponyms"] if t["type"] in GOLD_TYPES and t["lat"] is not None]
        mentions = [Mention(t["start"], t["end"], t["text"], "GPE", "location") for t in gold]
        for toponym, place in zip(gold, geocode_mentions(article["text"], mentions)):
            if place is None:
                errors[toponym["type"]].append(MAX_ERROR_KM)
                misses[toponym["text"]] += 1
                continue
            resolved += 1
            in_gazetteer += place.feature != LOCALITY
            error = distance_km(place.lat, place.lon, toponym["lat"], toponym["lon"])
            errors[toponym["type"]].append(error)
            if error > ACCURACY_KM and place.geonameid and place.geonameid == toponym["geonameid"]:
                same_id_far += 1  # the right place, whose representative point differs from GeoNames'
            if error > ACCURACY_KM:
                misses[f"{toponym['text']} -> {place.name} ({place.country or place.feature})"] += 1
    every = [e for values in errors.values() for e in values]
    details = {"most_frequent_misses": misses.most_common(40)}
    if not every:
        return {"geocoding.toponyms": 0}, details  # nothing to place: no rate is reported, none is zero
    metrics = {
        "geocoding.accuracy_161km": round(sum(e <= ACCURACY_KM for e in every) / len(every), 4),
        "geocoding.mean_error_km": round(statistics.fmean(every), 1),
        "geocoding.median_error_km": round(statistics.median(every), 1),
        "geocoding.resolved": round(resolved / len(every), 4),
        "geocoding.in_gazetteer": round(in_gazetteer / len(every), 4),
        "geocoding.accuracy_161km_or_same_geonameid": round(
            (sum(e <= ACCURACY_KM for e in every) + same_id_far) / len(every), 4),
        "geocoding.toponyms": len(every),
    }
    for kind, values in errors.items():
        if values:  # a class the set lacks is absent from the report, not a division by zero
            metrics[f"geocoding.{kind}.accuracy_161km"] = round(sum(e <= ACCURACY_KM for e in values) / len(values), 4)
    return metrics, details


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _score_spans(predicted: list[tuple[int, int]], gold: list[tuple[int, int]], ignore: list[tuple[int, int]],
                 strict: bool) -> tuple[int, int, int]:
    matched_gold: set[int] = set()
    tp = fp = 0
    for span in predicted:
        hit = next((i for i, g in enumerate(gold) if i not in matched_gold
                    and (span == g if strict else _overlaps(span, g))), None)
        if hit is not None:
            matched_gold.add(hit)
            tp += 1
        elif not any(_overlaps(span, g) for g in gold) and any(_overlaps(span, i) for i in ignore):
            continue
        elif any(_overlaps(span, g) for g in gold):
            fp += 0 if not strict else 1  # a second prediction on one gold toponym (lenient) is not an error
        else:
            fp += 1
    return tp, fp, len(gold) - len(matched_gold)


def _recognition(articles: list[dict], settings) -> dict:
    from .. import nlp as nlp_module
    from ..extract.places import toponym_mentions
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=["places"])
    batch_size, max_chars = int(settings.get("nlp.batch_size")), int(settings.get("nlp.max_chunk_chars"))
    totals: Counter = Counter()
    for first in range(0, len(articles), 50):
        batch = articles[first:first + 50]
        with pipeline.nlp.memory_zone():
            parsed = nlp_module.parse_many(pipeline.nlp, (a["text"] for a in batch), batch_size, max_chars)
            for article, doc in zip(batch, parsed):
                toponyms = article["toponyms"]
                gold = [(t["start"], t["end"]) for t in toponyms if t["type"] in GOLD_TYPES]
                located = [t for t in toponyms if t["type"] in LOCATION_TYPES]
                ignore = [(t["start"], t["end"]) for t in toponyms if t["type"] not in GOLD_TYPES + NOT_TOPONYM]
                mentions = [(m.start, m.end) for m in toponym_mentions(doc, article["text"])]
                for strict in (True, False):
                    tp, fp, fn = _score_spans(mentions, gold, ignore, strict)
                    key = "strict" if strict else "lenient"
                    totals[f"{key}.tp"] += tp
                    totals[f"{key}.fp"] += fp
                    totals[f"{key}.fn"] += fn
                document = Document(text=article["text"])
                records = [r for r in pipeline.records_for(document, doc) if r.kind == "place"]  # the same parse
                spans = [(r.evidence[0].start, r.evidence[0].end) for r in records]
                metonymic = [(t["start"], t["end"]) for t in toponyms if t["type"] == "Metonymic"]
                tp, fp, fn = _score_spans(spans, [(t["start"], t["end"]) for t in located],
                                          ignore + [], strict=False)
                # a place record on a metonymic toponym is an error: it stands for an actor
                fp += sum(1 for s in spans if any(_overlaps(s, m) for m in metonymic)
                          and not any(_overlaps(s, (t["start"], t["end"])) for t in located))
                totals["places.tp"] += tp
                totals["places.fp"] += fp
                totals["places.fn"] += fn
                for t in located:
                    record = next((r for r in records if _overlaps((r.evidence[0].start, r.evidence[0].end),
                                                                   (t["start"], t["end"]))), None)
                    if record is not None and record.lat is not None and t["lat"] is not None and \
                            distance_km(record.lat, record.lon, t["lat"], t["lon"]) <= ACCURACY_KM:
                        totals["places.correct_161km"] += 1
    metrics = {}
    for key in ("strict", "lenient", "places"):
        scores = prf(totals[f"{key}.tp"], totals[f"{key}.fp"], totals[f"{key}.fn"])
        prefix = f"recognition.{key}" if key != "places" else "place_records"
        for name in ("precision", "recall", "f1"):
            metrics[f"{prefix}.{name}"] = scores[name]
    located_total = sum(1 for a in articles for t in a["toponyms"] if t["type"] in LOCATION_TYPES)
    if located_total:
        metrics["place_records.correct_161km"] = round(totals["places.correct_161km"] / located_total, 4)
    return metrics


@register("geowebnews", "geowebnews", "GeoWebNews toponyms: geocoding accuracy within 161 km and mean error on gold spans; toponym recognition P/R/F1; place records found and placed")
def evaluate(data_dir: Path, settings) -> Report:
    articles = load(data_dir)
    geocoding, details = _geocoding(articles)
    if len(articles) > TUNED_ARTICLES:
        for part, subset in (("first_100", articles[:TUNED_ARTICLES]), ("after_100", articles[TUNED_ARTICLES:])):
            accuracy = _geocoding(subset)[0].get("geocoding.accuracy_161km")
            if accuracy is not None:  # a part without toponyms has no rate
                geocoding[f"geocoding.{part}.accuracy_161km"] = accuracy
    metrics = {**geocoding, **_recognition(articles, settings)}
    return Report(
        name="geowebnews",
        metrics=metrics,
        matching_rule=(
            "Gold toponyms: types Literal, Mixed, Metonymic. Geocoding runs our resolver on the gold spans; correct "
            "= chosen place within 161 km of the gold point; a toponym our gazetteer lacks counts as wrong with "
            "20,038 km error. Recognition: parser toponyms (GPE/LOC/FAC) vs gold toponyms, strict = same span, "
            "lenient = overlap; predictions on annotated unscored toponym uses (modifiers, embedded, expressions, "
            "demonyms) are not counted, those on Non_Toponym/Homonym or unannotated text are false positives. "
            "Place records (toponyms used as locations) vs Literal+Mixed gold by overlap; a place record on a "
            "Metonymic toponym is a false positive. Geocoding accuracy is also given for the first 100 articles in file "
            "order (tuned on) and for those after them (untouched)."),
        details=details,
        lower_is_better=("geocoding.mean_error_km", "geocoding.median_error_km"),
    )

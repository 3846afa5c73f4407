"""Shapes for the pages, computed on the server: highlighted text, and the geometry of the SVG charts.

Everything here returns plain data; the templates draw it (and Jinja2 escapes every string on the way out).
"""

from __future__ import annotations

import bisect
import json
import math
import re
from typing import Any

from ..records import RECORD_KINDS
from .world import SOUTH_CUT, countries, project

# Where one sentence ends and the next starts: after . ! ? (and a closing quote or bracket) before a capital,
# a quote or a digit, or at a line break. Only for showing "the sentence" of a record; not used to extract.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")

_SHOWN_FIRST = ("event", "statement", "arms")
KIND_ORDER = (*_SHOWN_FIRST, *(k for k in RECORD_KINDS if k not in _SHOWN_FIRST and k != "document"))
# kinds whose highlights start switched off on the document page: nearly every sentence has one, so with them on
# the text is all colour (the legend's checkboxes turn them on)
HIDDEN_BY_DEFAULT = frozenset({"time", "quantity"})


def kinds_in(present) -> list[str]:
    """The kinds among ``present`` (names, or a dict by name) in showing order: armswatch's, then plugins'."""
    present = {k for k in present if k and k != "document"}
    return [k for k in KIND_ORDER if k in present] + sorted(present - set(KIND_ORDER))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) ranges covering the whole text, one per sentence (trailing space kept with it)."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        out.append((start, match.end()))
        start = match.end()
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out


def evidence_of(record: dict) -> list[tuple[int, int]]:
    spans = []
    for span in record.get("evidence") or []:
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start < end:
            spans.append((start, end))
    return spans


def highlight(text: str, records: list[dict]) -> dict[str, Any]:
    """The text cut into sentences and, within them, segments each covered by the same set of records.

    Returns ``{"sentences": [{"index", "segments": [{"text", "ids", "kinds"}]}], "sentence_of": {id: index}}``.
    Spans outside the text are ignored (a record from an older text version must not break the page).
    """
    ranges = sentences(text)
    marks: dict[int, list] = {}
    spans_by_record = []
    for record in records:
        for start, end in evidence_of(record):
            end = min(end, len(text))
            if start >= end:
                continue
            spans_by_record.append((start, end, record["id"], record.get("kind", "")))
            marks.setdefault(start, [])
            marks.setdefault(end, [])
    cuts = sorted({0, len(text), *marks, *(s for s, _ in ranges)})
    sentence_starts = [s for s, _ in ranges]
    out = [{"index": i, "start": s, "segments": []} for i, (s, _) in enumerate(ranges)]
    sentence_of: dict[str, int] = {}
    for start, _end, record_id, _kind in sorted(spans_by_record):
        sentence_of.setdefault(record_id, bisect.bisect_right(sentence_starts, start) - 1)
    # a sweep over the cut points: which records cover each piece
    spans_by_record.sort()
    active: list[tuple[int, str, str]] = []
    pointer = 0
    for a, b in zip(cuts, cuts[1:]):
        while pointer < len(spans_by_record) and spans_by_record[pointer][0] <= a:
            s, e, rid, kind = spans_by_record[pointer]
            active.append((e, rid, kind))
            pointer += 1
        active = [item for item in active if item[0] > a]
        index = bisect.bisect_right(sentence_starts, a) - 1
        ids = sorted({rid for _, rid, _ in active})
        kinds = sorted({kind for _, _, kind in active}, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99)
        out[index]["segments"].append({"text": text[a:b], "ids": ids, "kinds": kinds})
    return {"sentences": out, "sentence_of": sentence_of}


# ---- timeline ---------------------------------------------------------------------------------------------

def timeline_chart(months: list[str], rows: list[str], cells: list[dict], key: str,
                   width: int = 900, row_height: int = 34, label_width: int = 170) -> dict:
    """A swimlane chart: one row per type (or actor), one column per month, a dot sized by the count."""
    if not months or not rows:
        return {"width": width, "height": 60, "rows": [], "ticks": [], "dots": [], "empty": True}
    plot = width - label_width - 20
    step = plot / max(len(months), 1)
    x_of = {m: label_width + step * (i + 0.5) for i, m in enumerate(months)}
    y_of = {r: 30 + row_height * (i + 0.5) for i, r in enumerate(rows)}
    biggest = max(c["count"] for c in cells) or 1
    dots = []
    for cell in cells:
        if cell[key] not in y_of or cell["month"] not in x_of:
            continue
        radius = 3 + 11 * math.sqrt(cell["count"] / biggest)
        dots.append({"x": round(x_of[cell["month"]], 1), "y": round(y_of[cell[key]], 1), "r": round(radius, 1),
                     "count": cell["count"], "row": cell[key], "month": cell["month"]})
    every = max(1, math.ceil(len(months) / 12))
    ticks = [{"x": round(x_of[m], 1), "label": m} for i, m in enumerate(months) if i % every == 0]
    return {"width": width, "height": 30 + row_height * len(rows) + 10, "label_width": label_width,
            "rows": [{"label": r, "y": round(y_of[r], 1)} for r in rows], "ticks": ticks, "dots": dots,
            "empty": False}


# ---- actor network ----------------------------------------------------------------------------------------

def network_layout(center: str, nodes: list[str], edges: list[dict], size: int = 560) -> dict:
    """The actor in the middle, the others on a circle; edges carry direction (acts on / acted on by)."""
    middle = size / 2
    radius = size / 2 - 80
    others = [n for n in nodes if n != center]
    position = {center: (middle, middle)}
    for i, name in enumerate(others):
        angle = 2 * math.pi * i / max(len(others), 1) - math.pi / 2
        position[name] = (middle + radius * math.cos(angle), middle + radius * math.sin(angle))
    biggest = max([e["count"] for e in edges] or [1])
    drawn = []
    for edge in edges:
        if edge["source"] not in position or edge["target"] not in position:
            continue
        (x1, y1), (x2, y2) = position[edge["source"]], position[edge["target"]]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        # stop short of the nodes so arrowheads show; offset a little so the two directions do not overlap
        ox, oy = -(y2 - y1) / length * 4, (x2 - x1) / length * 4
        trim = 26 / length
        drawn.append({"x1": round(x1 + (x2 - x1) * trim + ox, 1), "y1": round(y1 + (y2 - y1) * trim + oy, 1),
                      "x2": round(x2 - (x2 - x1) * trim + ox, 1), "y2": round(y2 - (y2 - y1) * trim + oy, 1),
                      "width": round(1 + 4 * edge["count"] / biggest, 1),
                      "outgoing": edge["source"] == center, **edge})
    return {"size": size, "edges": drawn,
            "nodes": [{"name": n, "x": round(position[n][0], 1), "y": round(position[n][1], 1), "center": n == center}
                      for n in [center, *others]]}


# ---- map --------------------------------------------------------------------------------------------------

def map_layers(data: dict) -> dict:
    """Country outlines (shaded by how many records name the country) and a circle per place."""
    counts = data.get("countries") or {}
    biggest = max(counts.values() or [1])
    shapes = []
    for country in countries():
        count = counts.get(country["iso"], 0)
        level = 0 if not count else 1 + min(4, int(4 * math.log1p(count) / math.log1p(biggest)))
        shapes.append({"iso": country["iso"], "name": country["name"], "d": country["d"], "count": count,
                       "level": level})
    largest = max([p["mentions"] + p["events"] for p in data.get("places", [])] or [1])
    dots = []
    for place in data.get("places", []):
        x, y = project(float(place["lon"]), max(float(place["lat"]), SOUTH_CUT))
        weight = place["mentions"] + place["events"]
        dots.append({**place, "x": x, "y": y, "r": round(0.8 + 3.2 * math.sqrt(weight / largest), 2)})
    return {"countries": shapes, "places": dots, "height": round(90 - SOUTH_CUT, 1)}


# ---- arms figures over time -------------------------------------------------------------------------------

def figure_trend(over_time: list[dict], width: int = 160, height: int = 34) -> dict | None:
    """A small chart of one holder's counts for one category over its dates (a range drawn as a bar);
    None with fewer than two dated figures. Dates are spaced evenly: they are often only months or years."""
    points = []
    for entry in over_time:
        if entry["as_of"] == "undated":
            continue
        for value in entry["counts"]:
            count = json.loads(value)
            low, high = (count if isinstance(count, list) else (count, count))
            points.append((entry["as_of"], float(low), float(high)))
    dates = sorted({p[0] for p in points})
    if len(dates) < 2:
        return None
    top = max(p[2] for p in points) or 1.0
    x_of = {d: 6 + (width - 12) * i / (len(dates) - 1) for i, d in enumerate(dates)}

    def y(value: float) -> float:
        return round(height - 4 - (height - 8) * value / top, 1)

    marks = [{"x": round(x_of[d], 1), "y1": y(high), "y2": y(low), "as_of": d, "low": low, "high": high}
             for d, low, high in points]
    line = " ".join(f"{m['x']},{(m['y1'] + m['y2']) / 2}" for m in sorted(marks, key=lambda m: m["x"]))
    return {"width": width, "height": height, "marks": marks, "line": line}

"""One fused event from its member reports: type, dyad, date range, place, reports, sources, confidence,
and the toll figures the reports give with their spread."""

from __future__ import annotations

from collections import Counter

_ACTOR_FIELDS = ("name", "type", "country", "sector", "ids")
TOLLS = ("fatalities", "injured", "abducted")  # the event records' figures (extract.events.toll)


def _most_common(values) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))  # ties go to the first in order, not to arrival


def _actors(datas: list[dict], field: str) -> list[dict]:
    counts: Counter = Counter()
    first: dict[str, dict] = {}
    for data in datas:
        for actor in data.get(field) or []:
            name = actor.get("name")
            if name:
                counts[name] += 1
                first.setdefault(name, {k: actor.get(k) for k in _ACTOR_FIELDS})
    return [dict(first[name], reports=counts[name]) for name in sorted(counts, key=lambda n: (-counts[n], n))]


def _date(ranges: list[tuple[str, str]]) -> tuple[str | None, str | None, str | None]:
    """(value, low, high): the days every report allows where they agree, else the span of them all."""
    if not ranges:
        return None, None, None
    low, high = max(r[0] for r in ranges), min(r[1] for r in ranges)
    if low > high:
        low, high = min(r[0] for r in ranges), max(r[1] for r in ranges)
    return (low if low == high else f"{low}/{high}"), low, high


def figures(members: list[dict]) -> list[dict]:
    """Per toll figure some report gives: each value (with its qualifier) and how many reports and
    independent sources (copy groups) give it, and the spread over them (low, high, high - low). A value
    that ten copies of one article repeat counts as one source."""
    out = []
    for figure in TOLLS:
        given = [m for m in members if m["data"].get(figure) is not None]
        if not given:
            continue
        values: dict[tuple, dict] = {}
        for m in given:
            qualifier = m["data"].get(f"{figure}_qualifier") or "exact"
            item = values.setdefault((m["data"][figure], qualifier), {"value": m["data"][figure],
                                                                      "qualifier": qualifier, "reports": 0,
                                                                      "source_groups": set()})
            item["reports"] += 1
            item["source_groups"].add(m["copy_group"])
        numbers = [value for value, _ in values]
        out.append({"figure": figure, "low": min(numbers), "high": max(numbers),
                    "spread": max(numbers) - min(numbers), "reports": len(given),
                    "sources": len({m["copy_group"] for m in given}),
                    "values": [dict(v, source_groups=sorted(v["source_groups"]), sources=len(v["source_groups"]))
                               for _, v in sorted(values.items())]})
    return out


def confidence(per_source: list[float]) -> float:
    """Each independent source is a chance that the event is real: 1 - prod(1 - c)."""
    missing = 1.0
    for value in per_source:
        missing *= 1.0 - min(max(value, 0.0), 0.99)
    return round(1.0 - missing, 4)


def summarise(fused_id: str, members: list[dict]) -> dict:
    """``members``: dicts with event_id, doc_id, copy_group, published, url, data (the event record),
    features (fuse.events.features)."""
    members = sorted(members, key=lambda m: (m["doc_id"], m["event_id"]))
    datas = [m["data"] for m in members]
    value, low, high = _date([tuple(m["features"]["date"]) for m in members if m["features"].get("date")])
    best: dict[str, float] = {}
    for m in members:
        best[m["copy_group"]] = max(best.get(m["copy_group"], 0.0), float(m["data"].get("confidence") or 0.0))
    seen = sorted(m["published"] for m in members if m.get("published"))
    return {
        "id": fused_id,
        "type": _most_common(d.get("type") for d in datas),
        "family": members[0]["features"].get("family"),
        "actors": _actors(datas, "actors"),
        "recipients": _actors(datas, "recipients"),
        "date": value, "date_low": low, "date_high": high,
        "place": _most_common(d.get("place") for d in datas),
        "reports": [{"event": m["event_id"], "doc_id": m["doc_id"], "url": m.get("url"),
                     "published": m.get("published"), "copy_group": m["copy_group"],
                     "trigger": m["data"].get("trigger")} for m in members],
        "documents": len({m["doc_id"] for m in members}),
        "sources": len(best),
        "confidence": confidence(list(best.values())),
        "first_seen": seen[0] if seen else None,
        "last_seen": seen[-1] if seen else None,
        "figures": figures(members),
    }


def fused_row(fused_id: str, members: list[dict]) -> dict:
    """The ``fused_events`` row of one fused event. ``members``: event_id, doc_id, copy_group, published,
    url and features (which keep what the summary reads of the record)."""
    data = summarise(fused_id, [dict(m, data=m["features"]["record"]) for m in members])
    return {"id": fused_id, "type": data["type"] or "?", "date": data["date"], "date_low": data["date_low"],
            "date_high": data["date_high"], "place": data["place"], "documents": data["documents"],
            "sources": data["sources"], "confidence": data["confidence"], "first_seen": data["first_seen"],
            "last_seen": data["last_seen"], "data": data}

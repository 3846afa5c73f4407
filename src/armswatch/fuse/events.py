"""Event reports compared across documents: features, blocking keys, and the score of a pair.

Hard constraints: the same type family, a shared participant (canonical name or country), the same flags
(negated, hypothetical, future) and dates that overlap at their own precision. Then a score from the words
of the events' clauses, their participants and type; a different place lowers it. A pair's score reads
only the two reports, so links never depend on what else is stored or on arrival order.
"""

from __future__ import annotations

import math
from datetime import date

from ..store.export import sentence_around
from .dates import day_range, overlap, periods
from .summary import TOLLS
from .text import content_words, figures

# PLOVER types by CAMEO quad class: verbal / material, cooperation / conflict.
FAMILIES = {
    "verbal_cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST"),
    "material_cooperation": ("COOPERATE", "AID", "RETREAT"),
    "verbal_conflict": ("ACCUSE", "REJECT", "THREATEN", "PROTEST"),
    "material_conflict": ("SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
FAMILY_OF = {t: family for family, types in FAMILIES.items() for t in types}
_NOT_A_SIDE = {"IGO", "NGO", "UNO", "MNC", ""}
MAX_WORDS = 60


def _actors(data: dict, field: str) -> list[dict]:
    return [a for a in data.get(field) or [] if a.get("name")]


def clause(data: dict, text: str) -> str:
    """The sentences holding the event's first span and its trigger."""
    spans = sorted(data.get("evidence") or [], key=lambda s: s["start"])
    if not spans:
        return ""
    parts = [sentence_around(text, spans[0]["start"], spans[0]["end"])]
    trigger = next((s for s in spans if s["text"] == data.get("trigger")), None)
    if trigger is not None:
        other = sentence_around(text, trigger["start"], trigger["end"])
        if other != parts[0]:
            parts.append(other)
    return " ".join(parts)


def features(data: dict, text: str) -> dict:
    """What a pair comparison needs of one event record, as JSON."""
    people = _actors(data, "actors") + _actors(data, "recipients")
    span = day_range(data.get("date"))
    sentence = clause(data, text)
    words = sorted(content_words(sentence))[:MAX_WORDS]
    return {
        "type": data.get("type"),
        "family": FAMILY_OF.get(data.get("type"), data.get("type")),
        "names": sorted({a["name"].casefold() for a in people}),
        "countries": sorted({a["country"] for a in people if a.get("country") and a["country"] not in _NOT_A_SIDE}),
        "date": [span[0].isoformat(), span[1].isoformat()] if span else None,
        "place": (data.get("place") or "").casefold() or None,
        "flags": [bool(data.get("negated")), bool(data.get("hypothetical")), bool(data.get("future"))],
        "words": words,
        "figures": figures(sentence)[:MAX_WORDS],
        # what a fused event's summary reads of the record (fuse.summary), so it needs no record read back
        "record": {k: data.get(k) for k in ("type", "actors", "recipients", "place", "confidence", "trigger")
                   + tuple(x for f in TOLLS for x in (f, f"{f}_qualifier"))},
    }


def keys(feat: dict) -> tuple[list[str], list[str]]:
    """(stored keys, looked-up keys): type family x participant x period."""
    if feat["date"]:
        stored, probed = periods(date.fromisoformat(feat["date"][0]), date.fromisoformat(feat["date"][1]))
    else:
        stored, probed = ["N"], ["N"]
    participants = [f"n:{n}" for n in feat["names"]] + [f"c:{c}" for c in feat["countries"]]
    head = feat["family"] or "?"

    def build(periods_):
        return sorted({f"{head}|{p}|{t}"[:255] for p in participants for t in periods_})

    return build(stored), build(probed)


def _jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def _cosine(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def compatible(a: dict, b: dict) -> bool:
    if a["family"] != b["family"] or a["flags"] != b["flags"]:
        return False
    if not (set(a["names"]) & set(b["names"]) or set(a["countries"]) & set(b["countries"])):
        return False
    return overlap(tuple(a["date"]) if a["date"] else None, tuple(b["date"]) if b["date"] else None)


def score(a: dict, b: dict) -> float:
    """0..1: how likely two compatible reports are of one real event (0 when a hard constraint fails)."""
    if not compatible(a, b):
        return 0.0
    value = 0.55 * _cosine(a["words"], b["words"])
    value += 0.25 * max(_jaccard(a["names"], b["names"]), 0.5 * _jaccard(a["countries"], b["countries"]))
    value += 0.1 * (a["type"] == b["type"])
    exact = a["date"] and b["date"] and a["date"][0] == a["date"][1] == b["date"][0] == b["date"][1]
    value += 0.1 * bool(exact)
    if a["place"] and b["place"] and a["place"] != b["place"]:
        value -= 0.15
    if a.get("figures") and b.get("figures") and not set(a["figures"]) & set(b["figures"]):
        value -= 0.15  # "12 strikes" and "9 strikes": two days of a daily release, not one event
    if not a["date"]:
        value -= 0.1  # neither is dated (compatible() allows no other case): a weaker match
    return max(0.0, min(1.0, value))

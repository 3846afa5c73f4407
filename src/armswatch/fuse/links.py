"""The pure decisions fusion makes, shared by the incremental path (``fuse.update``, in the database) and the
Spark job (``scale.fusion``): what a document is indexed by, which pairs are copies, tell one story or
report one event, a document's main events, and the sides a claim is filed under. Each reads only what it
is given, so both paths link exactly the same pairs.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from ..extract.statements.claims import side
from . import copies, events
from .dates import day_range
from .params import Params
from .text import cosine, term_vector


def terms(text: str, params: Params) -> dict[str, float]:
    """The document's weighted words (what stories are compared on)."""
    return term_vector(text, params.story_terms, params.lede_chars, params.name_boost, params.lede_boost)


def story_keys(weights: dict[str, float], params: Params) -> list[str]:
    """The heaviest words, under which the document is indexed to find candidates (distinct, cut to fit)."""
    keys = [t[:64] for t in sorted(weights, key=lambda t: (-weights[t], t))[:params.story_keys]]
    return list(dict.fromkeys(keys))


def copy_similarity(sig: np.ndarray, figs: list[str], other_sig: np.ndarray, other_figs: list[str],
                    params: Params) -> float | None:
    """The estimated Jaccard of two texts when they are copies, else None."""
    sim = copies.similarity(sig, other_sig)
    return sim if copies.is_copy(sim, figs, other_figs, params) else None


def published_window(published: str | None, params: Params) -> tuple[str, str] | None:
    """The first and last publication day (ISO) of a document that may tell one story with one published on
    ``published`` by their words; None when either is unknown or there is no window (every day may)."""
    span = day_range(published) if params.story_window_days > 0 else None
    if span is None:
        return None
    low, high = span[0] - timedelta(days=params.story_window_days), span[1] + timedelta(days=params.story_window_days)
    return low.isoformat(), high.isoformat()


def within_window(published: str | None, other: str | None, params: Params) -> bool:
    """Whether two documents are published close enough to tell one story by their words: a story's
    reports come within days of each other; the same kind of event a year later is another story. An
    undated document is never out of the window."""
    window, span = published_window(published, params), day_range(other)
    return window is None or span is None or (span[1].isoformat() >= window[0] and span[0].isoformat() <= window[1])


def story_similarity(weights: dict[str, float], other: dict[str, float], params: Params) -> float | None:
    similarity = cosine(weights, other)
    return round(similarity, 4) if similarity >= params.story_threshold else None


def event_score(feat: dict, other: dict, params: Params) -> float | None:
    """The pair's score when the two reports are one event, else None."""
    value = events.score(feat, other)
    return round(value, 4) if value >= params.event_threshold else None


def main_ids(event_records: list[dict], lede_chars: int) -> set[str]:
    """The document's main events: those starting in its lede, else its first event."""
    starts = {r["id"]: min((s["start"] for s in r.get("evidence") or []), default=10**9) for r in event_records}
    main = {i for i, start in starts.items() if start < lede_chars}
    if not main and starts:
        main = {min(starts, key=lambda i: (starts[i], i))}
    return main


def prepare(text: str, records: list[dict], params: Params) -> dict:
    """What fusion needs of one document, before any lookup: its signature, figures and band hashes (copies),
    weighted words and their keys (stories), each event's features with its stored and probe keys and whether
    it is a main event, and each accusation or denial with the sides it is filed under (claims). ``records`` are the document's
    event and statement records as dicts; both paths index a document with exactly these."""
    from ..records import from_dict

    sig = copies.signature(text, params)
    weights = terms(text, params)
    found = [r for r in records if r.get("kind") == "event"]
    main = main_ids(found, params.lede_chars)
    reports = []
    for data in found:
        feat = events.features(data, text)
        stored, probed = events.keys(feat)
        reports.append({"event_id": data["id"], "main": data["id"] in main, "features": feat,
                        "stored": stored, "probed": probed})
    claims = []
    for data in records:
        if data.get("kind") == "statement" and data.get("claim") in ("accuse", "deny"):
            statement = from_dict(data)
            claims.append({"statement_id": data["id"], "claim": data["claim"], "data": data, "record": statement,
                           "sides": [key[:255] for key in claim_sides(statement)]})
    return {"signature": sig, "figures": copies.text_figures(text), "bands": copies.band_hashes(sig, params),
            "terms": weights, "keys": story_keys(weights, params), "events": reports, "claims": claims}


def claim_sides(statement) -> list[str]:
    """The sides an accusation or denial is filed under: where its contradiction would be looked for."""
    if statement.claim == "accuse":
        return [s for s in [side(statement.target)] if s]
    if statement.claim == "deny":
        return sorted({side(statement.speaker), side(statement.target)} - {None})
    return []

"""Records to table rows: the one place that decides each kind's denormalised columns.

``label`` says what a record is about in one word or name, ``country`` the country it concerns, ``date`` the
date it carries; the readers, the web app and the exports filter and sort on them.
"""

from __future__ import annotations

import re
from typing import Any, Callable

# Column widths of schema.records: longer values are cut rather than refused (they are copies; the full
# value stays in ``data``).
_COUNTRY_WIDTH = 8
_DATE_WIDTH = 24


def _name(actor: dict | None) -> str | None:
    return (actor or {}).get("name")


def _country(actor: dict | None) -> str | None:
    return (actor or {}).get("country")


def _first_actor_country(actors: list[dict] | None) -> str | None:
    return next((a["country"] for a in actors or [] if a.get("country")), None)


# kind -> (label, country, date) of its JSON form
_DENORMALISED: dict[str, Callable[[dict], tuple[Any, Any, Any]]] = {
    "document": lambda d: (d.get("title"), None, d.get("published")),
    "actor": lambda d: (d.get("name"), d.get("country"), None),
    "place": lambda d: (d.get("name"), d.get("country"), None),
    "time": lambda d: (d.get("value") or d.get("text"), None, d.get("value")),
    "quantity": lambda d: (d.get("object") or d.get("unit") or d.get("text"), None, None),
    "event": lambda d: (d.get("type"), _first_actor_country(d.get("actors")), d.get("date")),
    "statement": lambda d: (_name(d.get("speaker")), _country(d.get("speaker")), d.get("date")),
    "arms": lambda d: (d.get("category"), _country(d.get("holder")), d.get("as_of")),
}


def denormalised(data: dict) -> tuple[str | None, str | None, str | None]:
    """(label, country, date) for a record in its JSON form; kinds added by plugins get name/text."""
    pick = _DENORMALISED.get(data.get("kind"))
    label, country, date = pick(data) if pick else (data.get("name") or data.get("text"), None, None)
    return (None if label is None else str(label),
            None if country is None else str(country)[:_COUNTRY_WIDTH],
            None if date is None else str(date)[:_DATE_WIDTH])


def place_of(data: dict) -> str | None:
    """Where a record is: an event's or arms record's place, a place record's own name."""
    place = data.get("name") if data.get("kind") == "place" else data.get("place")
    return None if place is None else str(place)


def record_row(data: dict, text: str | None = None) -> dict[str, Any]:
    """The ``records`` row for a record in its JSON form (``records.to_dict``): ``data`` holds it lean (see
    ``lean``); with the document's ``text``, the row also gets the offsets of the sentence around its evidence."""
    label, country, date = denormalised(data)
    evidence = data.get("evidence") or []
    first = evidence[0] if evidence else {}
    extractor = data.get("extractor") or {}
    sentence = sentence_span(text, evidence) if text is not None else (None, None)
    return {
        "id": data["id"],
        "doc_id": data["doc_id"],
        "kind": data["kind"],
        "label": label,
        "country": country,
        "date": date,
        "place": place_of(data),
        "start": first.get("start"),
        "end": first.get("end"),
        "confidence": float(data.get("confidence", 1.0)),
        "extractor": f"{extractor.get('name', '?')}@{extractor.get('version', '?')}"[:64],
        "sentence_start": sentence[0],
        "sentence_end": sentence[1],
        "lat": data.get("lat") if data.get("kind") == "place" else None,
        "lon": data.get("lon") if data.get("kind") == "place" else None,
        "data": lean(data),
    }


def locate(rows: list[dict]) -> list[dict]:
    """Give the rows of one document's events and arms records the coordinates of their place: those of the
    document's place record of that name (the place extractor resolved it in this very text)."""
    where: dict[str, tuple] = {}
    for row in rows:
        if row["kind"] == "place" and row["lat"] is not None and row["place"] not in where:
            where[row["place"]] = (row["lat"], row["lon"])
    for row in rows:
        if row["kind"] != "place" and row["place"] in where:
            row["lat"], row["lon"] = where[row["place"]]
    return rows


# ---- lean storage: what the row's columns and the document text already hold is not stored again --------

# Fields held by the row's own columns (id, doc_id, kind, confidence, extractor), left out of ``data``.
_COLUMN_FIELDS = ("id", "doc_id", "kind", "confidence", "extractor")
# A top-level ``text`` equal to the first evidence span's text is stored as this marker (a text field is a
# string in the contract, so an integer cannot be mistaken for one).
_TEXT_IS_EVIDENCE = 0


def lean(data: dict) -> dict:
    """The stored form of a record: evidence as [start, end] pairs (the text is the document's), no field
    that a column holds, and ``text`` as a marker where it is the first evidence span's text."""
    out = {k: v for k, v in data.items() if k not in _COLUMN_FIELDS}
    evidence = data.get("evidence") or []
    out["evidence"] = [[span["start"], span["end"]] for span in evidence]
    if evidence and isinstance(data.get("text"), str) and data["text"] == evidence[0].get("text"):
        out["text"] = _TEXT_IS_EVIDENCE
    return out


def is_lean(data: dict) -> bool:
    return "id" not in data


def full(stored: dict, *, id: str, doc_id: str, kind: str, confidence: float, extractor: str,
         text: str) -> dict:
    """The record in its JSON form (``records.to_dict``) from its stored form, its row's columns and its
    document's text: every span's ``text`` is ``text[start:end]``, so it always matches the document."""
    if not is_lean(stored):
        return dict(stored)
    name, _, version = extractor.rpartition("@")
    evidence = [{"start": start, "end": end, "text": text[start:end]} for start, end in stored.get("evidence") or []]
    data = {"id": id, "doc_id": doc_id, "kind": kind, "evidence": evidence, "confidence": confidence,
            "extractor": {"name": name, "version": version}}
    data.update((k, v) for k, v in stored.items() if k != "evidence")
    if isinstance(data.get("text"), int) and evidence:
        data["text"] = evidence[0]["text"]
    return data


# ---- sentences -------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+|\n\s*\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence(s) of ``text`` that hold [start, end): from the last sentence end before
    ``start`` to the first one at or after ``end``, without surrounding whitespace."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = _SENTENCE_END.search(text, max(end - 1, begin))
    stop = after.end() if after else len(text)
    while stop > begin and text[stop - 1].isspace():
        stop -= 1
    while begin < stop and text[begin].isspace():
        begin += 1
    return begin, stop


def sentence_span(text: str, evidence: list[dict]) -> tuple[int | None, int | None]:
    """The sentence around a record's first evidence span (its main one; the others may be far away, such
    as a name repeated in a summary at the end), as offsets; (None, None) without evidence."""
    if not evidence or not text:
        return None, None
    return sentence_bounds(text, evidence[0]["start"], evidence[0]["end"])


# The fields of each kind that hold actors, and the role each gives them in ``record_actors``. An actor
# record is itself a mention of its actor.
ACTOR_ROLES: dict[str, tuple[tuple[str, str], ...]] = {
    "event": (("actors", "actor"), ("recipients", "recipient")),
    "statement": (("speaker", "speaker"), ("target", "target")),
    "arms": (("holder", "holder"), ("source", "source"), ("supplier", "supplier"), ("recipient", "recipient"),
             ("seized_by", "seized_by"), ("seized_from", "seized_from")),
}
MENTION_ROLE = "mention"


def actor_rows(data: dict) -> list[dict[str, Any]]:
    """The ``record_actors`` rows of a record in its JSON form: one per (role, actor name), so that the
    records naming an actor are found through an index instead of by searching every record's JSON."""
    kind = data.get("kind")
    _label, _country, date = denormalised(data)
    found: list[tuple[str, dict]] = []
    if kind == "actor":
        found.append((MENTION_ROLE, data))
    for field, role in ACTOR_ROLES.get(kind, ()):
        value = data.get(field)
        for actor in value if isinstance(value, list) else [value]:
            if isinstance(actor, dict):
                found.append((role, actor))
    rows, seen = [], set()
    for role, actor in found:
        name = actor.get("name")
        if not name or (role, name) in seen:
            continue
        seen.add((role, name))
        country = actor.get("country")
        rows.append({"record_id": data["id"], "doc_id": data["doc_id"], "kind": kind, "name": str(name),
                     "country": None if country is None else str(country)[:_COUNTRY_WIDTH], "role": role,
                     "date": date})
    return rows

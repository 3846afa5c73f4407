"""Records to table rows: the one place that decides each kind's denormalised columns.

``label`` says what a record is about in one word or name, ``country`` the country it concerns, ``date`` the
date it carries; the readers, the web app and the exports filter and sort on them.
"""

from __future__ import annotations

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


def record_row(data: dict) -> dict[str, Any]:
    """The ``records`` row for a record in its JSON form (``records.to_dict``)."""
    label, country, date = denormalised(data)
    evidence = data.get("evidence") or []
    first = evidence[0] if evidence else {}
    extractor = data.get("extractor") or {}
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
        "data": data,
    }


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

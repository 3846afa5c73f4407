"""Aggregate views counted by the database: the timeline, an actor's profile, the arms overview, the map."""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any

from sqlalchemy import and_, desc, func, select
from sqlalchemy.engine import Engine

from ...fuse.figures import reconcile
from ...store.reading import chunks
from ...store.schema import documents, record_actors, records
from . import fusedcount
from .base import RECORD_COLUMNS, UNKNOWN_HOLDER, VIEW_CAP, Filters, _InIds, _named, _record_conditions, record_rows


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])")


def month_of(value: str | None) -> str | None:
    """The calendar month (YYYY-MM) a date value falls in; None for a year alone, a season or an unknown year."""
    if not value:
        return None
    match = _MONTH.match(value)
    if match:
        return f"{match[1]}-{match[2]}"
    match = _WEEK.match(value)
    if match:
        try:
            return _dt.date.fromisocalendar(int(match[1]), int(match[2]), 4).strftime("%Y-%m")  # the week's Thursday
        except ValueError:
            return None
    match = _QUARTER.match(value)
    if match:
        return f"{match[1]}-{3 * int(match[2]) - 2:02d}"
    return None


def _axis(months: set[str], max_columns: int = 120) -> tuple[list[str], Any]:
    """Every month from the first to the last (gaps shown), or whole years when that is too many columns."""
    if not months:
        return [], lambda m: m
    first, last = min(months), max(months)
    y0, m0, y1, m1 = int(first[:4]), int(first[5:]), int(last[:4]), int(last[5:])
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span <= max_columns:
        axis = [f"{y0 + (m0 - 1 + i) // 12}-{(m0 - 1 + i) % 12 + 1:02d}" for i in range(span)]
        return axis, lambda m: m
    return [str(y) for y in range(y0, y1 + 1)], lambda m: m[:4]


def _month_key():
    """The first 8 characters of a date: enough for month_of (YYYY-MM-…, YYYY-Www, YYYY-Qn), so that
    grouping by it gives one row per month and type rather than one per day."""
    return func.substr(records.c.date, 1, 8)


def _only_kind_and_dates(f: Filters) -> bool:
    """Filters that record_actors answers alone (it has the record's kind, date and document)."""
    return not (f.type or f.country or f.actor or f.q or f.source or not f.include_wrong)


def timeline(engine: Engine, f: Filters, top_actors: int = 12, raw: bool = False) -> dict:
    """Events counted by month and type, and by month and actor (the actors who act most).

    Dates are bucketed to calendar months (ISO weeks by their Thursday); events dated only to a year, a
    season or a day of an unknown year are counted as ``unplaced``. Both counts are made by the database
    (GROUP BY), over every matching event. By default a fused event counts once, however many reports it
    has (where one of its reports matches the filters: see ``fusedcount``); ``raw`` counts records. The top
    actors are those named by the most event records either way."""
    f = Filters(**{**f.__dict__, "kind": "event"})
    conditions = _record_conditions(f)
    month = _month_key()
    acting = [record_actors.c.kind == "event", record_actors.c.role == "actor", record_actors.c.date.is_not(None)]
    if _only_kind_and_dates(f):
        if f.date_from:
            acting += [record_actors.c.date >= f.date_from] + ([] if f.date_to else [record_actors.c.date < ":"])
        if f.date_to:
            acting.append(record_actors.c.date <= f.date_to + "\uffff")
        if f.doc_id:
            acting.append(record_actors.c.doc_id == f.doc_id)
    else:
        acting.append(record_actors.c.record_id.in_(select(records.c.id).where(*conditions)))
    # a date with a known year (month_of reads only those); the top actors first, then their months
    acting += [record_actors.c.date >= "0", record_actors.c.date < ":"]
    actor_month = func.substr(record_actors.c.date, 1, 8)
    actors_from, actor_count = record_actors, func.count()
    if not raw:
        actors_from, actor_count, actor_month, _ = fusedcount.joined(record_actors, record_actors.c.record_id)
    with engine.connect() as conn:
        if raw:
            per_date = conn.execute(select(month, records.c.label, func.count()).where(*conditions)
                                    .group_by(month, records.c.label)).all()
        else:
            per_date = fusedcount.by_month_and_type(conn, conditions, fusedcount.unfiltered(f))
        top = [name for name, _ in conn.execute(
            select(record_actors.c.name, func.count()).where(*acting).group_by(record_actors.c.name)
            .order_by(desc(func.count()), record_actors.c.name).limit(top_actors))]
        per_name = conn.execute(select(record_actors.c.name, actor_month, actor_count).select_from(actors_from)
                                .where(*acting, record_actors.c.name.in_(top))
                                .group_by(record_actors.c.name, actor_month)).all() if top else []
    undated = sum(c for d, _, c in per_date if d is None)
    unplaced = sum(c for d, _, c in per_date if d is not None and month_of(d) is None)
    axis, bucket = _axis({m for d, _, _ in per_date if (m := month_of(d))})
    by_type: dict[tuple[str, str], int] = {}
    for date, label, count in per_date:
        month_ = month_of(date)
        if month_:
            key = (bucket(month_), label or "?")
            by_type[key] = by_type.get(key, 0) + count
    per_actor: dict[str, dict[str, int]] = {}
    for name, date, count in per_name:
        month_ = month_of(date)
        if month_:
            buckets = per_actor.setdefault(name, {})
            buckets[bucket(month_)] = buckets.get(bucket(month_), 0) + count
    ranked = sorted(per_actor.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:top_actors]
    by_actor = [{"month": m, "actor": name, "count": c} for name, buckets in ranked for m, c in sorted(buckets.items())]
    return {"filters": f.as_params(), "months": axis,
            "by_type": [{"month": m, "type": t, "count": c} for (m, t), c in sorted(by_type.items())],
            "by_actor": by_actor, "actors": [name for name, _ in ranked],
            "types": sorted({t for _, t in by_type}), "undated": undated, "unplaced": unplaced,
            "actor_rows_truncated": False, "actor_rows_cap": VIEW_CAP, "counting": "records" if raw else "fused"}


def actor_profile(engine: Engine, name: str, top: int = 16, shown: int = 200) -> dict:
    """One actor: how they are written, who they act on and who acts on them, their statements, their arms.

    The network is counted by the database over every event naming the actor (record_actors joined to
    itself: the actor's role in an event against the other party's); lists show the newest ``shown``."""
    roles = ("actor", "recipient")
    me, other = record_actors.alias("me"), record_actors.alias("other")
    pairs = (select(me.c.role, other.c.name, records.c.label, func.count())
             .select_from(me.join(other, and_(other.c.record_id == me.c.record_id, other.c.role != me.c.role,
                                              other.c.role.in_(roles), other.c.name != name))
                          .join(records, records.c.id == me.c.record_id))
             .where(me.c.name == name, me.c.kind == "event", me.c.role.in_(roles))
             .group_by(me.c.role, other.c.name, records.c.label))
    newest = [desc(records.c.date), desc(records.c.id)]
    columns = RECORD_COLUMNS
    with engine.connect() as conn:
        # as written: the evidence's text where the stored record says so (rows.lean), cut by the database
        written = func.substr(documents.c.text, records.c.start + 1, records.c.end - records.c.start)
        mentions = conn.execute(select(records.c.data, records.c.doc_id, written)
                                .join(documents, documents.c.doc_id == records.c.doc_id).where(
            records.c.kind == "actor", records.c.label == name).limit(2000)).all()
        events_total = conn.execute(select(func.count(func.distinct(record_actors.c.record_id))).where(
            record_actors.c.name == name, record_actors.c.kind == "event", record_actors.c.role.in_(roles))).scalar_one()
        events = conn.execute(select(*columns).where(_InIds(records.c.id, _named(name, "event", roles)))
                              .order_by(*newest).limit(shown)).all()
        statements = conn.execute(select(*columns).where(_InIds(records.c.id, _named(name, "statement", ("speaker",))))
                                  .order_by(*newest).limit(shown)).all()
        arms = conn.execute(select(*columns).where(_InIds(records.c.id, _named(name, "arms", ("holder",))))
                            .order_by(*newest).limit(shown)).all()
        edge_rows = conn.execute(pairs).all()
        events, statements, arms = (record_rows(conn, rows) for rows in (events, statements, arms))
    info = {"name": name, "type": None, "country": None, "sector": None, "written": {}, "documents": set()}
    for data, doc_id, evidence_text in mentions:
        info["type"] = info["type"] or data.get("type")
        info["country"] = info["country"] or data.get("country")
        info["sector"] = info["sector"] if info["sector"] not in (None, "UNK") else data.get("sector")
        written = evidence_text if isinstance(data.get("text"), int) else data.get("text")
        info["written"][written] = info["written"].get(written, 0) + 1
        info["documents"].add(doc_id)
    edges: dict[tuple[str, str], dict] = {}
    for role, other_name, event_type, count in edge_rows:
        key = (name, other_name) if role == "actor" else (other_name, name)
        edge = edges.setdefault(key, {"source": key[0], "target": key[1], "count": 0, "types": {}})
        edge["count"] += count
        edge["types"][event_type] = edge["types"].get(event_type, 0) + count
    ranked = sorted(edges.values(), key=lambda e: (-e["count"], e["source"], e["target"]))
    neighbours: list[str] = []
    for edge in ranked:
        other_name = edge["target"] if edge["source"] == name else edge["source"]
        if other_name not in neighbours:
            neighbours.append(other_name)
    keep = set(neighbours[:top])
    network = [e for e in ranked if (e["target"] if e["source"] == name else e["source"]) in keep]
    info["written"] = sorted(info["written"].items(), key=lambda kv: -kv[1])
    info["documents"] = len(info["documents"])
    return {"actor": info, "network": {"center": name, "nodes": [name, *neighbours[:top]], "edges": network},
            "events": events, "events_total": events_total, "events_truncated": False,
            "events_cap": VIEW_CAP, "statements": statements, "arms": arms}


def _figure_count(row: dict):
    low, high = row.get("count_low"), row.get("count_high")
    if low is None:
        return None
    low = int(low) if float(low).is_integer() else low
    high = int(high) if high is not None and float(high).is_integer() else high
    return low if high in (None, low) else [low, high]


ARMS_ROLES = ("supplier", "recipient", "seized_by", "seized_from", "status")


def arms_overview(store, f: Filters) -> dict:
    """Arms figures by holder and category over time, and the figures that contradict each other.

    The figures and the rule for a contradiction (same holder, category and date; a different count from
    another source or document) come from the store (``Store.arms_figures``); this arranges them for the page.
    ``f.actor`` is the holder (name or country code), ``f.type`` the category."""
    rows = store.arms_figures(holder=f.actor or f.country, category=f.type, include_wrong=f.include_wrong)
    kept = []
    for row in rows:
        as_of = row.get("as_of")
        if f.date_from and not (as_of and as_of[:1].isdigit() and as_of >= f.date_from):
            continue
        if f.date_to and not (as_of and as_of <= f.date_to + "\uffff"):
            continue
        kept.append(row)
    # the same figure from several documents is one figure with N reports (copies of one article count once)
    reconciled = reconcile(kept)
    figures = []
    for row in kept:
        as_of = row.get("as_of")
        figures.append({"id": row["record_id"], "doc_id": row["doc_id"], "title": row.get("title"),
                        "published": row.get("published"), "url": row.get("url"),
                        "holder": row.get("holder") or UNKNOWN_HOLDER, "holder_country": row.get("holder_country"),
                        "category": row.get("category"), "class": row.get("class"), "count": _figure_count(row),
                        "count_qualifier": row.get("count_qualifier"), "as_of": as_of, "source": row.get("source"),
                        "event": row.get("event"), "raw": row.get("raw"), "review": row.get("review"),
                        "conflict": bool(row.get("conflict")),
                        **{role: row.get(role) for role in ARMS_ROLES}, "negated": bool(row.get("negated"))})
    holders: dict[str, dict[str, list]] = {}
    for fig in figures:
        holders.setdefault(fig["holder"], {}).setdefault(fig["category"], []).append(fig)
    table, conflicts = [], []
    # known holders first, the most reported first; figures with no holder last
    ordered_holders = sorted(holders.items(), key=lambda kv: (kv[0] == UNKNOWN_HOLDER, -sum(len(v) for v in kv[1].values()), kv[0]))
    for holder, categories in ordered_holders:
        for category, figs in sorted(categories.items(), key=lambda kv: kv[0] or ""):
            by_time: dict[str, list] = {}
            for fig in figs:
                if fig["count"] is not None:
                    by_time.setdefault(fig["as_of"] or "undated", []).append(fig)
            table.append({"holder": holder, "category": category, "figures": len(figs),
                          "over_time": [{"as_of": t, "counts": sorted({json.dumps(x["count"]) for x in xs}),
                                         "conflict": any(x["conflict"] for x in xs)} for t, xs in sorted(by_time.items())]})
            for as_of, xs in sorted(by_time.items()):
                if any(x["conflict"] for x in xs):
                    conflicts.append({"holder": holder, "category": category, "as_of": as_of, "figures": xs})
    # who moved or seized what: the figures that name a supplier, recipient, seizer or the party seized from
    movements = [fig for fig in figures if any(fig[role] for role in ARMS_ROLES[:4])][:200]
    return {"filters": f.as_params(), "table": table, "conflicts": conflicts, "movements": movements,
            "reconciled": reconciled[:500], "reconciled_total": len(reconciled), "figures": figures[:500],
            "figures_total": len(figures), "truncated": False}


def map_data(engine: Engine, f: Filters, raw: bool = False) -> dict:
    """Places with coordinates (mentions and events there), and record counts per country for shading; all
    counted by the database (GROUP BY on records.place). A fused event counts once at its place (``raw``:
    each event record counts)."""
    place_conditions = _record_conditions(Filters(**{**f.__dict__, "kind": "place"}))
    event_conditions = _record_conditions(Filters(**{**f.__dict__, "kind": "event"}))
    country_conditions = _record_conditions(Filters(**{**f.__dict__, "kind": None}))
    lat, lon = records.c.lat, records.c.lon
    with engine.connect() as conn:
        # mentions per (name, country), and the coordinates of the first record of each: reading one JSON
        # per place instead of one per mention
        groups = conn.execute(select(records.c.place, records.c.country, func.count(), func.min(records.c.id))
                              .where(*place_conditions, records.c.place.is_not(None))
                              .group_by(records.c.place, records.c.country)).all()
        firsts = [first for *_, first in groups]
        coordinates = {}
        for chunk in chunks(firsts):
            coordinates.update((i, (la, lo)) for i, la, lo in conn.execute(
                select(records.c.id, lat, lon).where(records.c.id.in_(chunk))))
        located = [(name, country, *coordinates[first], count) for name, country, count, first in groups
                   if None not in coordinates.get(first, (None, None))]
        if raw:
            event_places = dict(conn.execute(select(records.c.place, func.count())
                                             .where(*event_conditions, records.c.place.is_not(None))
                                             .group_by(records.c.place)).all())
        else:
            event_places = fusedcount.by_place(conn, event_conditions, fusedcount.unfiltered(f))
        countries = {c: n for c, n in conn.execute(select(records.c.country, func.count()).where(
            *country_conditions, records.c.country.is_not(None), records.c.kind.in_(("event", "place")))
            .group_by(records.c.country))}
    places: dict[str, dict] = {}
    # one point per name: where most of its mentions put it (two towns of one name share their mentions)
    for name, country, lat_, lon_, count in sorted(located, key=lambda r: -r[-1]):
        place = places.setdefault(name, {"name": name, "country": country, "lat": lat_, "lon": lon_,
                                         "mentions": 0, "events": 0})
        place["mentions"] += count
    for name, count in event_places.items():
        if name in places:
            places[name]["events"] += count
    truncated = False
    return {"filters": f.as_params(), "places": sorted(places.values(), key=lambda p: -p["mentions"]),
            "countries": countries, "truncated": truncated, "counting": "records" if raw else "fused"}

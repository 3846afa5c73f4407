"""Read queries over the store, shared by the JSON API and the HTML pages (one function per view).

Every function takes a SQLAlchemy ``Engine`` and returns plain JSON-ready data (dicts, lists, numbers,
strings), so a page and its ``.json`` twin show the same thing. Lists are bounded: a page of at most
``MAX_LIMIT`` rows, and totals counted up to ``COUNT_CAP`` (beyond that the answer says "at least").
Aggregate views (timeline, map, an actor's network) are counted by the database (GROUP BY), over the indexes
of the store's migration 0003 and its ``record_actors`` table, so a page reads counts rather than records.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Text, and_, cast, desc, func, literal_column, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from ..store.rows import MENTION_ROLE
from ..store.schema import document_sources, documents, record_actors, records, reviews

MAX_LIMIT = 500
COUNT_CAP = 10_000
VIEW_CAP = 5_000  # rows read for a chart's detail (actor rows of the timeline, event places, one actor's events)
LIST_KINDS = ("actor", "place", "time", "quantity", "event", "statement", "arms")
SORTABLE = {"date": records.c.date, "confidence": records.c.confidence, "label": records.c.label,
            "country": records.c.country}
DOC_SORTABLE = {"published": documents.c.published, "title": documents.c.title, "chars": documents.c.chars,
                "ingested": documents.c.ingested_at}
UNKNOWN_HOLDER = "unknown holder"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Filters:
    """The filters every list accepts; empty values mean "no filter"."""

    kind: str | None = None
    type: str | None = None  # the record's label: event type, arms category, place name, actor name …
    actor: str | None = None  # an actor's canonical name, wherever it appears in the record
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    q: str | None = None  # words anywhere in the record (or, for documents, the title and text)
    source: str | None = None  # part of a source path or URL
    doc_id: str | None = None
    include_wrong: bool = True
    sort: str = "-date"
    limit: int = 50
    offset: int = 0

    def as_params(self) -> dict[str, Any]:
        """The non-empty filters, as query parameters for links."""
        out = {}
        for name in ("kind", "type", "actor", "country", "date_from", "date_to", "q", "source", "doc_id"):
            value = getattr(self, name)
            if value:
                out[name] = value
        if not self.include_wrong:
            out["include_wrong"] = "false"
        return out


def check_date(value: str | None, name: str) -> str | None:
    """Dates filter as ISO prefixes (YYYY, YYYY-MM, YYYY-MM-DD); anything else is refused by the caller."""
    if value in (None, ""):
        return None
    if not _DATE.match(value):
        raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not '{value}'")
    return value


def _json_text(column):
    return cast(column, Text)


def _like_escape(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class _InIds(ColumnElement):
    """``column IN (ids)``, where ``ids`` is a subquery that selects a few ids by an index. PostgreSQL is
    given ``= ANY(ARRAY(…))``: the ids are found first and the rows fetched by key, where ``IN (…)`` lets
    its planner walk a whole kind's date index fetching every row to check it."""

    inherit_cache = True
    type = Boolean()
    # compiled as a whole predicate: no "= 1" added where booleans are integers
    _is_implicitly_boolean = True

    def __init__(self, column, ids):
        self.column = column
        self.ids = ids


@compiles(_InIds)
def _in_ids_default(element, compiler, **kw):
    return compiler.process(element.column.in_(element.ids), **kw)


@compiles(_InIds, "postgresql")
def _in_ids_postgresql(element, compiler, **kw):
    return (f"({compiler.process(element.column, **kw)} = ANY(ARRAY("
            f"{compiler.process(element.ids.scalar_subquery(), **kw)})))")


def _named(name: str, kind: str | None = None, roles: tuple[str, ...] | None = None):
    """The ids of the records that name the actor (in any role, or in ``roles``), found by record_actors'
    (name, kind, date) index."""
    query = select(record_actors.c.record_id).where(record_actors.c.name == name)
    if kind:
        query = query.where(record_actors.c.kind == kind)
    if roles:
        query = query.where(record_actors.c.role.in_(roles))
    return query


def _record_conditions(f: Filters) -> list:
    conditions = []
    if f.kind:
        conditions.append(records.c.kind == f.kind)
    else:
        conditions.append(records.c.kind != "document")
    if f.type:
        conditions.append(records.c.label == f.type)
    if f.country:
        conditions.append(records.c.country == f.country.upper())
    date = records.c.date
    if f.date_from and not f.date_to:
        # only dates with a known year ("XXXX-12-15" has none); ':' sorts right after the digits (a date_to
        # bound, which starts with a digit, already keeps them out)
        conditions.append(date < ":")
    if f.date_from:
        conditions.append(date >= f.date_from)
    if f.date_to:
        # a prefix bound: date_to=2025-02 keeps 2025-02-28 (and 2025-02-W…)
        conditions.append(date <= f.date_to + "\uffff")
    if f.doc_id:
        conditions.append(records.c.doc_id == f.doc_id)
    if f.actor:
        conditions.append(_InIds(records.c.id, _named(f.actor, f.kind)))
    if f.q:
        conditions.append(_json_text(records.c.data).ilike(_like_escape(f.q), escape="\\"))
    if f.source:
        conditions.append(records.c.doc_id.in_(
            select(document_sources.c.doc_id).where(document_sources.c.source.ilike(_like_escape(f.source), escape="\\"))))
    if not f.include_wrong:
        conditions.append(or_(records.c.review.is_(None), records.c.review != "wrong"))
    return conditions


def _order(sort: str, allowed: dict, tie) -> list:
    key = sort.lstrip("-")
    if key not in allowed:
        raise ValueError(f"cannot sort by '{key}'; use one of {', '.join(sorted(allowed))} (prefix - for descending)")
    column = allowed[key]
    # the tie-break runs the same way, so one index on (…, key, id) can give the order without sorting
    return [desc(column), desc(tie)] if sort.startswith("-") else [column, tie]


def _count(conn, table, conditions: list) -> tuple[int, bool]:
    """Rows matching, counted up to COUNT_CAP: (count, capped). Selects a constant so that an index that
    holds the filtered columns answers without reading the rows."""
    key = table.c.doc_id if table is documents else literal_column("1")  # documents: read the key index, not the texts
    bounded = select(key).select_from(table).where(*conditions).limit(COUNT_CAP + 1).subquery()
    total = conn.execute(select(func.count()).select_from(bounded)).scalar_one()
    return min(total, COUNT_CAP), total > COUNT_CAP


def _uncountable(f: Filters) -> bool:
    """Filters that no single index answers (an actor or words inside the JSON, a source, or two indexed
    filters at once): counting would read many rows, so the page says "more" instead of a total."""
    indexed = sum(1 for value in (f.type, f.country, f.date_from or f.date_to, f.doc_id, f.actor) if value)
    return bool(f.q or f.source) or indexed > 1


def _page(f: Filters, total: int | None, capped: bool, items: list, has_more: bool) -> dict:
    return {"total": total, "total_is_lower_bound": capped, "has_more": has_more, "limit": f.limit,
            "offset": f.offset, "sort": f.sort, "filters": f.as_params(), "items": items}


def _total(conn, table, conditions: list, f: Filters, shown: int, has_more: bool, scans: bool) -> tuple[int | None, bool]:
    if not has_more:
        return f.offset + shown, False  # the last page: the total is known without counting
    if scans:
        return None, True  # unknown: the page says "more" instead of a count
    return _count(conn, table, conditions)


def record_row(row) -> dict:
    data = dict(row.data) if row.data else {}
    data.setdefault("id", row.id)
    data.setdefault("kind", row.kind)
    data.setdefault("doc_id", row.doc_id)
    data["_review"] = row.review
    return data


def list_records(engine: Engine, f: Filters) -> dict:
    conditions = _record_conditions(f)
    query = (select(records.c.id, records.c.doc_id, records.c.kind, records.c.data, records.c.review)
             .where(*conditions).order_by(*_order(f.sort, SORTABLE, records.c.id)).limit(f.limit + 1).offset(f.offset))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        has_more = len(rows) > f.limit
        items = [record_row(r) for r in rows[:f.limit]]
        total, capped = _total(conn, records, conditions, f, len(items), has_more, _uncountable(f))
    return _page(f, total, capped, items, has_more)


def _document_conditions(f: Filters) -> list:
    conditions = []
    if f.q:
        pattern = _like_escape(f.q)
        conditions.append(or_(documents.c.title.ilike(pattern, escape="\\"), documents.c.text.ilike(pattern, escape="\\")))
    if f.date_from:
        conditions.append(documents.c.published >= f.date_from)
    if f.date_to:
        conditions.append(documents.c.published <= f.date_to + "\uffff")
    if f.source:
        conditions.append(documents.c.doc_id.in_(
            select(document_sources.c.doc_id).where(document_sources.c.source.ilike(_like_escape(f.source), escape="\\"))))
    if f.actor or f.country or f.type:
        inner = [records.c.doc_id == documents.c.doc_id]
        if f.actor:
            inner.append(records.c.kind == "actor")
            inner.append(records.c.label == f.actor)
        if f.country:
            inner.append(records.c.country == f.country.upper())
        if f.type:
            inner.append(records.c.label == f.type)
        conditions.append(select(records.c.id).where(*inner).exists())
    return conditions


def list_documents(engine: Engine, f: Filters) -> dict:
    query = select(documents.c.doc_id, documents.c.title, documents.c.url, documents.c.published,
                   documents.c.chars, func.substr(documents.c.text, 1, 240).label("snippet"))
    query = query.where(*_document_conditions(f))
    sort = f.sort if f.sort.lstrip("-") in DOC_SORTABLE else "-published"
    conditions = _document_conditions(f)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(*_order(sort, DOC_SORTABLE, documents.c.doc_id))
                            .limit(f.limit + 1).offset(f.offset)).all()
        has_more = len(rows) > f.limit
        items = [dict(r._mapping) for r in rows[:f.limit]]
        total, capped = _total(conn, documents, conditions, f, len(items), has_more, bool(f.q or f.source))
    page = _page(f, total, capped, items, has_more)
    page["sort"] = sort
    return page


def facets(engine: Engine, f: Filters, top: int = 12) -> dict:
    """Counts that narrow a search: by kind, by label within the kind asked for (or event type), by country."""
    conditions = _record_conditions(Filters(**{**f.__dict__, "kind": None}))
    label_kind = f.kind or "event"
    out: dict[str, list] = {}
    with engine.connect() as conn:
        rows = conn.execute(select(records.c.kind, func.count()).where(*conditions).group_by(records.c.kind)
                            .order_by(desc(func.count())))
        out["kind"] = [{"value": k, "count": c} for k, c in rows]
        kind_conditions = _record_conditions(Filters(**{**f.__dict__, "kind": label_kind}))
        rows = conn.execute(select(records.c.label, func.count()).where(*kind_conditions, records.c.label.is_not(None))
                            .group_by(records.c.label).order_by(desc(func.count())).limit(top))
        out["type"] = [{"value": v, "count": c, "kind": label_kind} for v, c in rows]
        rows = conn.execute(select(records.c.country, func.count()).where(*conditions, records.c.country.is_not(None))
                            .group_by(records.c.country).order_by(desc(func.count())).limit(top))
        out["country"] = [{"value": v, "count": c} for v, c in rows]
    return out


def stats(engine: Engine) -> dict:
    with engine.connect() as conn:
        kinds = {k: c for k, c in conn.execute(select(records.c.kind, func.count()).group_by(records.c.kind))}
        docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        reviewed = conn.execute(select(func.count()).select_from(reviews)).scalar_one()
    return {"documents": docs, "records": kinds, "reviews": reviewed}


def _reviews_for(conn, record_ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start:start + 500]
        rows = conn.execute(select(reviews).where(reviews.c.record_id.in_(chunk)).order_by(reviews.c.created_at, reviews.c.id))
        for row in rows:
            item = dict(row._mapping)
            item["created_at"] = item["created_at"].isoformat() if item["created_at"] else None
            out.setdefault(row.record_id, []).append(item)
    return out


def get_document(engine: Engine, doc_id: str) -> dict | None:
    """The document, its sources, and all its records (each with its reviews), records in text order."""
    with engine.connect() as conn:
        row = conn.execute(select(documents).where(documents.c.doc_id == doc_id)).first()
        if row is None:
            return None
        doc = dict(row._mapping)
        doc["ingested_at"] = doc["ingested_at"].isoformat() if doc["ingested_at"] else None
        doc["sources"] = [s for (s,) in conn.execute(select(document_sources.c.source)
                                                      .where(document_sources.c.doc_id == doc_id).order_by(document_sources.c.id))]
        rows = conn.execute(select(records.c.id, records.c.doc_id, records.c.kind, records.c.data, records.c.review)
                            .where(records.c.doc_id == doc_id).order_by(records.c.start, records.c.kind, records.c.id))
        items = [record_row(r) for r in rows]
        by_record = _reviews_for(conn, [r["id"] for r in items])
    for item in items:
        item["_reviews"] = by_record.get(item["id"], [])
    doc["records"] = [r for r in items if r.get("kind") != "document"]
    return doc


def get_record(engine: Engine, record_id: str) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(select(records.c.id, records.c.doc_id, records.c.kind, records.c.data, records.c.review,
                                  records.c.original).where(records.c.id == record_id)).first()
        if row is None:
            return None
        item = record_row(row)
        item["_original"] = row.original
        item["_reviews"] = _reviews_for(conn, [record_id]).get(record_id, [])
    return item


# ---- aggregate views ---------------------------------------------------------------------------------------

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


def timeline(engine: Engine, f: Filters, top_actors: int = 12) -> dict:
    """Events counted by month and type, and by month and actor (the actors who act most).

    Dates are bucketed to calendar months (ISO weeks by their Thursday); events dated only to a year, a
    season or a day of an unknown year are counted as ``unplaced``. Both counts are made by the database
    (GROUP BY), over every matching event."""
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
    with engine.connect() as conn:
        per_date = conn.execute(select(month, records.c.label, func.count()).where(*conditions)
                                .group_by(month, records.c.label)).all()
        top = [name for name, _ in conn.execute(
            select(record_actors.c.name, func.count()).where(*acting).group_by(record_actors.c.name)
            .order_by(desc(func.count()), record_actors.c.name).limit(top_actors))]
        per_name = conn.execute(select(record_actors.c.name, actor_month, func.count())
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
            "actor_rows_truncated": False, "actor_rows_cap": VIEW_CAP}


def list_actors(engine: Engine, f: Filters) -> dict:
    """Distinct actors (by canonical name) with their mentions and documents."""
    conditions = _record_conditions(Filters(**{**f.__dict__, "kind": "actor", "actor": None}))
    if f.actor:
        conditions.append(records.c.label.ilike(_like_escape(f.actor), escape="\\"))
    query = (select(records.c.label.label("name"), func.max(records.c.country).label("country"),
                    func.count().label("mentions"), func.count(func.distinct(records.c.doc_id)).label("documents"))
             .where(*conditions).group_by(records.c.label))
    order = {"mentions": desc("mentions"), "name": "name", "documents": desc("documents")}.get(f.sort.lstrip("-"), desc("mentions"))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        items = [dict(r._mapping) for r in conn.execute(query.order_by(order, "name").limit(f.limit).offset(f.offset))]
    return {"total": total, "total_is_lower_bound": False, "has_more": f.offset + len(items) < total,
            "limit": f.limit, "offset": f.offset, "sort": f.sort, "filters": f.as_params(), "items": items}


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
    columns = (records.c.id, records.c.doc_id, records.c.kind, records.c.data, records.c.review)
    with engine.connect() as conn:
        mentions = conn.execute(select(records.c.data, records.c.doc_id).where(
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
    info = {"name": name, "type": None, "country": None, "sector": None, "written": {}, "documents": set()}
    for data, doc_id in mentions:
        info["type"] = info["type"] or data.get("type")
        info["country"] = info["country"] or data.get("country")
        info["sector"] = info["sector"] if info["sector"] not in (None, "UNK") else data.get("sector")
        written = data.get("text")
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
            "events": [record_row(r) for r in events], "events_total": events_total, "events_truncated": False,
            "events_cap": VIEW_CAP, "statements": [record_row(r) for r in statements],
            "arms": [record_row(r) for r in arms]}


def _figure_count(row: dict):
    low, high = row.get("count_low"), row.get("count_high")
    if low is None:
        return None
    low = int(low) if float(low).is_integer() else low
    high = int(high) if high is not None and float(high).is_integer() else high
    return low if high in (None, low) else [low, high]


def arms_overview(store, f: Filters) -> dict:
    """Arms figures by holder and category over time, and the figures that contradict each other.

    The figures and the rule for a contradiction (same holder, category and date; a different count from
    another source or document) come from the store (``Store.arms_figures``); this arranges them for the page.
    ``f.actor`` is the holder (name or country code), ``f.type`` the category."""
    rows = store.arms_figures(holder=f.actor or f.country, category=f.type, include_wrong=f.include_wrong)
    figures = []
    for row in rows:
        as_of = row.get("as_of")
        if f.date_from and not (as_of and as_of[:1].isdigit() and as_of >= f.date_from):
            continue
        if f.date_to and not (as_of and as_of <= f.date_to + "\uffff"):
            continue
        figures.append({"id": row["record_id"], "doc_id": row["doc_id"], "title": row.get("title"),
                        "published": row.get("published"), "url": row.get("url"),
                        "holder": row.get("holder") or UNKNOWN_HOLDER, "holder_country": row.get("holder_country"),
                        "category": row.get("category"), "class": row.get("class"), "count": _figure_count(row),
                        "count_qualifier": row.get("count_qualifier"), "as_of": as_of, "source": row.get("source"),
                        "event": row.get("event"), "raw": row.get("raw"), "review": row.get("review"),
                        "conflict": bool(row.get("conflict"))})
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
    return {"filters": f.as_params(), "table": table, "conflicts": conflicts, "figures": figures[:500],
            "figures_total": len(figures), "truncated": False}


def map_data(engine: Engine, f: Filters) -> dict:
    """Places with coordinates (mentions and events there), and record counts per country for shading; all
    counted by the database (GROUP BY on records.place)."""
    place_conditions = _record_conditions(Filters(**{**f.__dict__, "kind": "place"}))
    event_conditions = _record_conditions(Filters(**{**f.__dict__, "kind": "event"}))
    country_conditions = _record_conditions(Filters(**{**f.__dict__, "kind": None}))
    lat, lon = records.c.data["lat"].as_float(), records.c.data["lon"].as_float()
    with engine.connect() as conn:
        # mentions per (name, country), and the coordinates of the first record of each: reading one JSON
        # per place instead of one per mention
        groups = conn.execute(select(records.c.place, records.c.country, func.count(), func.min(records.c.id))
                              .where(*place_conditions, records.c.place.is_not(None))
                              .group_by(records.c.place, records.c.country)).all()
        firsts = [first for *_, first in groups]
        coordinates = {}
        for start in range(0, len(firsts), 500):
            coordinates.update((i, (la, lo)) for i, la, lo in conn.execute(
                select(records.c.id, lat, lon).where(records.c.id.in_(firsts[start:start + 500]))))
        located = [(name, country, *coordinates[first], count) for name, country, count, first in groups
                   if None not in coordinates.get(first, (None, None))]
        event_places = dict(conn.execute(select(records.c.place, func.count())
                                         .where(*event_conditions, records.c.place.is_not(None))
                                         .group_by(records.c.place)).all())
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
            "countries": countries, "truncated": truncated}

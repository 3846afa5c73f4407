"""Lists and single items: records, documents, actors, search facets and counts, one document, one record."""

from __future__ import annotations

from sqlalchemy import desc, func, or_, select
from sqlalchemy.engine import Engine

from ...store.schema import document_sources, documents, records, reviews
from ...store import search
from ...store.reading import chunks
from .base import (DOC_SORTABLE, RECORD_COLUMNS, SORTABLE, Filters, _like_escape, _order, _page, _record_conditions,
                   _total, _uncountable, record_row, record_rows)


def list_records(engine: Engine, f: Filters) -> dict:
    with engine.connect() as conn:
        # words found in many records: walk the list's own index and probe each record (search.record_matches)
        probe = bool(f.q) and f.kind in search.SEARCHED_KINDS and search.is_common(conn, f.q, f.kind)
        conditions = _record_conditions(f, probe)
        query = (select(*RECORD_COLUMNS, records.c.sentence_start, records.c.sentence_end).where(*conditions)
                 .order_by(*_order(f.sort, SORTABLE, records.c.id)).limit(f.limit + 1).offset(f.offset))
        rows = conn.execute(query).all()
        has_more = len(rows) > f.limit
        items = record_rows(conn, rows[:f.limit], f.q)
        total, capped = _total(conn, records, conditions, f, len(items), has_more, _uncountable(f))
    return _page(f, total, capped, items, has_more)


def _document_conditions(f: Filters, probe: bool = False) -> list:
    conditions = []
    if f.q:
        conditions.append(search.document_matches(documents.c.doc_id, f.q, probe))
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
    sort = f.sort if f.sort.lstrip("-") in DOC_SORTABLE else "-published"
    with engine.connect() as conn:
        conditions = _document_conditions(f, bool(f.q) and search.is_common(conn, f.q, "document"))
        query = query.where(*conditions)
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
    for chunk in chunks(record_ids):
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
        rows = conn.execute(select(*RECORD_COLUMNS)
                            .where(records.c.doc_id == doc_id).order_by(records.c.start, records.c.kind, records.c.id))
        items = [record_row(r, doc["text"]) for r in rows]
        by_record = _reviews_for(conn, [r["id"] for r in items])
    for item in items:
        item["_reviews"] = by_record.get(item["id"], [])
    doc["records"] = [r for r in items if r.get("kind") != "document"]
    return doc


def get_record(engine: Engine, record_id: str) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(select(*RECORD_COLUMNS, records.c.original, documents.c.text)
                           .join(documents, documents.c.doc_id == records.c.doc_id)
                           .where(records.c.id == record_id)).first()
        if row is None:
            return None
        item = record_row(row, row.text)
        item["_original"] = record_row(row, row.text, "original") if row.original is not None else None
        if item["_original"] is not None:
            item["_original"].pop("_review")
        item["_reviews"] = _reviews_for(conn, [record_id]).get(record_id, [])
    return item


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

"""Fused events and stories for the pages: lists, one fused event with its reports side by side, one story,
and the fusion links of a document, a record or a page of event records.

The rows come from the fusion read API (``fuse.store``); this arranges them for the pages and adds what a
page shows beside them (each report's sentence and document title). The toll figures with their spread are
the fused event's own (``figures``, from fuse.summary).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ...fuse import store as fusion
from ...store.reading import document_texts
from ...store.schema import documents, records
from .base import RECORD_COLUMNS, record_row


def _paged(items: list, has_more: bool, total: int | None, limit: int, offset: int, filters: dict) -> dict:
    """The list shape every paged page has (see base._page)."""
    return {"total": total, "total_is_lower_bound": False, "has_more": has_more, "limit": limit,
            "offset": offset, "filters": filters, "items": items}


def list_fused(engine: Engine, type: str | None = None, since: str | None = None, min_sources: int | None = None,
               limit: int = 50, offset: int = 0) -> dict:
    """Fused events, the most recently reported first, paged."""
    filters = {k: v for k, v in (("type", type), ("since", since), ("min_sources", min_sources)) if v}
    with engine.connect() as conn:
        rows = fusion.fused_events(conn, since=since, type=type, min_sources=min_sources, limit=limit + 1,
                                   offset=offset)
        has_more = len(rows) > limit
        total = (fusion.count_fused_events(conn, type=type, since=since, min_sources=min_sources) if has_more
                 else offset + len(rows))
    return _paged(rows[:limit], has_more, total, limit, offset, filters)


def _members(conn, event_ids: list[str]) -> dict[str, dict]:
    """The member event records by id, in their JSON form, each with its sentence as ``_sentence``."""
    rows = conn.execute(select(*RECORD_COLUMNS, records.c.sentence_start, records.c.sentence_end)
                        .where(records.c.id.in_(event_ids))).all()
    texts = document_texts(conn, (row.doc_id for row in rows))
    out = {}
    for row in rows:
        text = texts.get(row.doc_id, "")
        item = record_row(row, text)
        if row.sentence_start is not None and row.sentence_end is not None:
            item["_sentence"] = text[row.sentence_start:row.sentence_end].strip()
        else:
            item["_sentence"] = " … ".join(span.get("text", "") for span in item.get("evidence") or [])
        out[row.id] = item
    return out


def _titles(conn, doc_ids) -> dict[str, str | None]:
    ids = sorted(set(doc_ids))
    return dict(conn.execute(select(documents.c.doc_id, documents.c.title).where(documents.c.doc_id.in_(ids))).all())


def fused_detail(engine: Engine, id: str) -> dict | None:
    """One fused event and its reports side by side: each report's event record (``record``), sentence,
    document title, and whether it is a copy of a report listed before it (``copy_of``: that doc id)."""
    with engine.connect() as conn:
        event = fusion.fused_event(conn, id)
        if event is None:
            return None
        members = _members(conn, [r["event"] for r in event["reports"]])
        titles = _titles(conn, (r["doc_id"] for r in event["reports"]))
        stories = sorted({s for s in (fusion.story_of(conn, d) for d in {r["doc_id"] for r in event["reports"]}) if s})
    # each copy group together, the first published of the group first; the groups by when they reported
    ordered = sorted(event["reports"], key=lambda r: (r.get("published") or "9999", r["doc_id"], r["event"]))
    first_of_group: dict[str, str] = {}
    group_order: dict[str, int] = {}
    for report in ordered:
        first_of_group.setdefault(report["copy_group"], report["doc_id"])
        group_order.setdefault(report["copy_group"], len(group_order))
    group_size = {g: len({r["doc_id"] for r in ordered if r["copy_group"] == g}) for g in group_order}
    reports = []
    for report in sorted(ordered, key=lambda r: group_order[r["copy_group"]]):
        record = members.get(report["event"])
        first = first_of_group[report["copy_group"]]
        reports.append({**report, "title": titles.get(report["doc_id"]), "record": record,
                        "sentence": record["_sentence"] if record else None,
                        "copy_of": first if first != report["doc_id"] else None,
                        "copies_in_group": group_size[report["copy_group"]]})
    return {**event, "reports": reports, "stories": stories}


def list_stories(engine: Engine, min_documents: int = 1, limit: int = 50, offset: int = 0) -> dict:
    """Stories, the largest first, paged."""
    with engine.connect() as conn:
        found = fusion.stories(conn, min_documents=min_documents)
    items = found[offset:offset + limit]
    filters = {"min_documents": min_documents} if min_documents > 1 else {}
    return _paged(items, offset + limit < len(found), len(found), limit, offset, filters)


def story_detail(engine: Engine, id: str) -> dict | None:
    """One story: its documents (title, url, date, copy group), its fused events."""
    with engine.connect() as conn:
        found = fusion.story(conn, id)
        if found is None:
            return None
        docs = fusion.story_documents(conn, id)
    first_of_group: dict[str, str] = {}
    for doc in docs:
        doc["copy_of"] = first_of_group.setdefault(doc["copy_group"], doc["doc_id"])
        if doc["copy_of"] == doc["doc_id"]:
            doc["copy_of"] = None
    return {**found, "document_list": docs}


def document_fusion(engine: Engine, doc_id: str, event_ids: list[str]) -> dict:
    """A document's story, its copies, and the fused events of its event records."""
    with engine.connect() as conn:
        story_id = fusion.story_of(conn, doc_id)
        copies = [d for d in fusion.copies_of(conn, doc_id) if d != doc_id]
        by_event = fusion.fused_of_events(conn, event_ids)
    fused_ids = {}
    for event_id in event_ids:
        if event_id in by_event:
            fused_ids.setdefault(by_event[event_id]["id"], by_event[event_id])
    return {"story": story_id, "copies": copies, "fused_events": list(fused_ids.values()), "by_event": by_event}


def annotate_events(engine: Engine, items: list[dict]) -> list[dict]:
    """Event records each with ``_fused`` ({id, type, documents, sources}) where fusion holds them."""
    ids = [item["id"] for item in items if item.get("kind") == "event"]
    if not ids:
        return items
    with engine.connect() as conn:
        by_event = fusion.fused_of_events(conn, ids)
    for item in items:
        if item["id"] in by_event:
            item["_fused"] = by_event[item["id"]]
    return items


def annotate_record(engine: Engine, record: dict | None) -> dict | None:
    """An event record with ``_fused`` (its fused event: id, type, documents, sources) where fusion holds it."""
    if record is not None:
        annotate_events(engine, [record])
    return record

"""Reading fusion back: fused events, stories, copy groups and claim links (the public read API).

Every function takes an open SQLAlchemy connection, so the web app, the exports and the watch alerts read
the same rows in their own transactions.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from ..store.reading import chunks
from ..store.schema import documents as documents_table
from . import tables as T


def fused_events(connection: Connection, since: str | None = None, type: str | None = None,
                 story_id: str | None = None, min_sources: int | None = None, limit: int | None = None,
                 offset: int = 0) -> list[dict]:
    """Fused events, the most recently reported first. ``since``: an ISO date; only events with a report
    published on or after it. ``type``: a PLOVER type. ``story_id``: events with a report in that story's
    documents. ``min_sources``: at least that many independent sources."""
    query = select(T.fused.c.data)
    if since:
        query = query.where(T.fused.c.last_seen >= str(since)[:10])
    if type:
        query = query.where(T.fused.c.type == type.upper())
    if min_sources:
        query = query.where(T.fused.c.sources >= int(min_sources))
    if story_id:
        in_story = (select(T.events.c.fused_id).join(T.documents, T.documents.c.doc_id == T.events.c.doc_id)
                    .where(T.documents.c.story == story_id))
        query = query.where(T.fused.c.id.in_(in_story))
    query = query.order_by(T.fused.c.last_seen.desc().nulls_last(), T.fused.c.sources.desc(), T.fused.c.id)
    if limit is not None:
        query = query.limit(int(limit))
    if offset:
        query = query.offset(int(offset))
    return list(connection.scalars(query))


def count_fused_events(connection: Connection, type: str | None = None, since: str | None = None,
                       min_sources: int | None = None) -> int:
    """How many fused events ``fused_events`` would list with these filters (no limit)."""
    query = select(func.count()).select_from(T.fused)
    if type:
        query = query.where(T.fused.c.type == type.upper())
    if since:
        query = query.where(T.fused.c.last_seen >= str(since)[:10])
    if min_sources:
        query = query.where(T.fused.c.sources >= int(min_sources))
    return int(connection.scalar(query) or 0)


def fused_event(connection: Connection, id: str) -> dict | None:
    """One fused event, or None."""
    return connection.scalar(select(T.fused.c.data).where(T.fused.c.id == id))


def fused_event_of(connection: Connection, event_id: str) -> str | None:
    """The id of the fused event an event record belongs to."""
    return connection.scalar(select(T.events.c.fused_id).where(T.events.c.event_id == event_id))


def fused_of_events(connection: Connection, event_ids: list[str]) -> dict[str, dict]:
    """{event id: {id, type, documents, sources}} of the fused events these event records belong to (events
    not fused are left out)."""
    out: dict[str, dict] = {}
    ids = list(dict.fromkeys(event_ids))
    for chunk in chunks(ids):
        query = (select(T.events.c.event_id, T.fused.c.id, T.fused.c.type, T.fused.c.documents, T.fused.c.sources)
                 .join(T.fused, T.fused.c.id == T.events.c.fused_id)
                 .where(T.events.c.event_id.in_(chunk)))
        for event_id, fused_id, type_, docs, sources in connection.execute(query):
            out[event_id] = {"id": fused_id, "type": type_, "documents": docs, "sources": sources}
    return out


def story_of(connection: Connection, doc_id: str) -> str | None:
    """The id of the story a document belongs to, or None for a document not fused."""
    return connection.scalar(select(T.documents.c.story).where(T.documents.c.doc_id == doc_id))


def story_documents(connection: Connection, story_id: str) -> list[dict]:
    """A story's documents, oldest first: doc_id, title, url, published, copy_group."""
    query = (select(T.documents.c.doc_id, documents_table.c.title, T.documents.c.url, T.documents.c.published,
                    T.documents.c.copy_group)
             .join(documents_table, documents_table.c.doc_id == T.documents.c.doc_id)
             .where(T.documents.c.story == story_id)
             .order_by(T.documents.c.published.nulls_last(), T.documents.c.doc_id))
    return [dict(row._mapping) for row in connection.execute(query)]


def copies_of(connection: Connection, doc_id: str) -> list[str]:
    """The doc ids of the document's copy group (itself included), or [] for a document not fused."""
    group = select(T.documents.c.copy_group).where(T.documents.c.doc_id == doc_id).scalar_subquery()
    return list(connection.scalars(select(T.documents.c.doc_id).where(T.documents.c.copy_group == group)
                                   .order_by(T.documents.c.doc_id)))


def _stories(connection: Connection, story_id: str | None = None) -> list[dict]:
    query = (select(T.documents.c.story, T.documents.c.doc_id, T.documents.c.copy_group, T.documents.c.url,
                    T.documents.c.published, documents_table.c.title)
             .join(documents_table, documents_table.c.doc_id == T.documents.c.doc_id)
             .order_by(T.documents.c.story, T.documents.c.doc_id))
    if story_id:
        query = query.where(T.documents.c.story == story_id)
    grouped: dict[str, list] = defaultdict(list)
    for row in connection.execute(query):
        grouped[row.story].append(row)
    out = []
    for story, rows in grouped.items():
        published = sorted(r.published for r in rows if r.published)
        out.append({"id": story, "documents": [r.doc_id for r in rows], "urls": [r.url for r in rows if r.url],
                    "titles": [r.title for r in rows if r.title], "sources": len({r.copy_group for r in rows}),
                    "first_seen": published[0] if published else None,
                    "last_seen": published[-1] if published else None})
    return out


def stories(connection: Connection, min_documents: int = 1) -> list[dict]:
    """Every story: id, documents (doc ids), urls, titles, sources (copy groups), first and last seen;
    the largest first."""
    found = [s for s in _stories(connection) if len(s["documents"]) >= min_documents]
    return sorted(found, key=lambda s: (-len(s["documents"]), s["id"]))


def story(connection: Connection, id: str) -> dict | None:
    """One story with its fused events, or None."""
    found = _stories(connection, id)
    if not found:
        return None
    return dict(found[0], fused_events=fused_events(connection, story_id=id))


def claim_links(connection: Connection, statement_id: str | None = None, doc_id: str | None = None) -> list[dict]:
    """Claims contradicted across documents, each link both ways: statement_id, other_id, doc_id,
    other_doc_id. Pairs inside one copy group are left out (a copy does not contradict itself)."""
    mine, theirs = T.documents.alias("mine"), T.documents.alias("theirs")
    query = (select(T.claim_links.c.statement_id, T.claim_links.c.other_id, T.claim_links.c.doc_id,
                    T.claim_links.c.other_doc_id)
             .join(mine, mine.c.doc_id == T.claim_links.c.doc_id)
             .join(theirs, theirs.c.doc_id == T.claim_links.c.other_doc_id)
             .where(mine.c.copy_group != theirs.c.copy_group)
             .order_by(T.claim_links.c.statement_id, T.claim_links.c.other_id))
    if statement_id:
        query = query.where(T.claim_links.c.statement_id == statement_id)
    if doc_id:
        query = query.where(or_(T.claim_links.c.doc_id == doc_id, T.claim_links.c.other_doc_id == doc_id))
    return [dict(row._mapping) for row in connection.execute(query)]


def summary(connection: Connection) -> dict:
    """Counts: documents fused, copy groups, stories, fused events, event reports, claim links."""
    count = lambda q: int(connection.scalar(q) or 0)  # noqa: E731
    return {
        "documents": count(select(func.count()).select_from(T.documents)),
        "copy_groups": count(select(func.count(T.documents.c.copy_group.distinct()))),
        "stories": count(select(func.count(T.documents.c.story.distinct()))),
        "fused_events": count(select(func.count()).select_from(T.fused)),
        "fused_events_with_several_sources": count(select(func.count()).select_from(T.fused)
                                                   .where(T.fused.c.sources > 1)),
        "event_reports": count(select(func.count()).select_from(T.events)),
        "claim_links": len(claim_links(connection)) // 2,
    }


__all__ = ["fused_events", "fused_event", "fused_event_of", "fused_of_events", "count_fused_events", "copies_of",
           "stories", "story", "story_of", "story_documents", "claim_links", "summary"]

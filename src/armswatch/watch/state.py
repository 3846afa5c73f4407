"""The monitor's state in the store: one row per watched source (validators, schedule, counts, last success
and error) and one per item a listing named (pending until its document is stored or it is given up).

Everything that must survive a restart lives here, so that a killed monitor resumes where it stopped.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import and_, func, insert, or_, select, update

from ..store.schema import document_sources, documents, watch_items, watch_sources

PENDING = "pending"
DONE = ("stored", "duplicate", "skipped", "failed")
COUNTERS = ("rounds", "fetched", "not_modified", "stored", "skipped", "failed")


def now() -> datetime:
    return datetime.now(timezone.utc)


def aware(value: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes for what was written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def sync_sources(store, sources) -> None:
    """A row for every source of the file; a source whose URL changed starts its listing afresh."""
    with store.transaction() as connection:
        known = {row.name: row.url for row in connection.execute(select(watch_sources.c.name, watch_sources.c.url))}
        for source in sources:
            if source.name not in known:
                connection.execute(insert(watch_sources), {"name": source.name, "url": source.url,
                                                          **{c: 0 for c in COUNTERS}, "errors_in_row": 0})
            elif known[source.name] != source.url:
                connection.execute(update(watch_sources).where(watch_sources.c.name == source.name).values(
                    url=source.url, etag=None, last_modified=None, next_round_at=None))


def source_row(store, name: str) -> dict:
    with store.reading() as connection:
        return dict(connection.execute(select(watch_sources).where(watch_sources.c.name == name)).one()._mapping)


def add_items(store, name: str, items) -> int:
    """Record the items a listing named; returns how many were new."""
    if not items:
        return 0
    with store.transaction() as connection:
        known = set(connection.scalars(select(watch_items.c.url).where(watch_items.c.source == name)))
        fresh, seen = [], set()
        for item in items:
            if item.url not in known and item.url not in seen:
                seen.add(item.url)
                fresh.append({"source": name, "url": item.url, "published": item.published, "status": PENDING,
                              "attempts": 0, "first_seen": now()})
        if fresh:
            connection.execute(insert(watch_items), fresh)
        return len(fresh)


def pending_items(store, name: str, limit: int) -> list[dict]:
    with store.reading() as connection:
        return [dict(row._mapping) for row in connection.execute(
            select(watch_items).where(and_(watch_items.c.source == name, watch_items.c.status == PENDING))
            .order_by(watch_items.c.id).limit(limit))]


def count_pending(store, name: str) -> int:
    with store.reading() as connection:
        return connection.scalar(select(func.count()).select_from(watch_items).where(
            and_(watch_items.c.source == name, watch_items.c.status == PENDING)))


def stored_doc(store, url: str) -> str | None:
    """The document already stored from this URL (by any source, or by ``ingest``), if any."""
    with store.reading() as connection:
        return (connection.scalar(select(document_sources.c.doc_id).where(document_sources.c.source == url).limit(1))
                or connection.scalar(select(documents.c.doc_id).where(documents.c.url == url).limit(1))
                or connection.scalar(select(watch_items.c.doc_id).where(
                    and_(watch_items.c.url == url, watch_items.c.doc_id.is_not(None))).limit(1)))


def finish_item(store, item_id: int, status: str, doc_id: str | None = None, reason: str | None = None) -> None:
    with store.transaction() as connection:
        connection.execute(update(watch_items).where(watch_items.c.id == item_id).values(
            status=status, doc_id=doc_id, reason=reason, handled_at=now()))


def item_failed(store, item_id: int, reason: str, max_attempts: int) -> bool:
    """One more failed attempt; True when the item is given up (status failed)."""
    with store.transaction() as connection:
        attempts = connection.scalar(select(watch_items.c.attempts).where(watch_items.c.id == item_id)) + 1
        given_up = attempts >= max_attempts
        connection.execute(update(watch_items).where(watch_items.c.id == item_id).values(
            attempts=attempts, reason=reason, status="failed" if given_up else PENDING,
            handled_at=now() if given_up else None))
        return given_up


def end_round(store, name: str, counts: dict, next_round_at: datetime, error: str | None,
              validators: tuple[str | None, str | None] | None, failures: int) -> None:
    """Add the round's counts and note its outcome; ``validators`` (ETag, Last-Modified) replace the kept
    ones only when given (every item of that listing handled)."""
    values = {c: getattr(watch_sources.c, c) + int(counts.get(c, 0)) for c in COUNTERS}
    values.update(last_round_at=now(), next_round_at=next_round_at, errors_in_row=failures)
    if error:
        values.update(last_error=error, last_error_at=now())
    else:
        values.update(last_success_at=now())
    if validators is not None:
        values.update(etag=validators[0], last_modified=validators[1])
    with store.transaction() as connection:
        connection.execute(update(watch_sources).where(watch_sources.c.name == name).values(**values))


def report(store, names: list[str] | None = None) -> list[dict]:
    """Each source's row with its items counted by status."""
    with store.reading() as connection:
        query = select(watch_sources).order_by(watch_sources.c.name)
        if names is not None:
            query = query.where(watch_sources.c.name.in_(names))
        rows = [dict(row._mapping) for row in connection.execute(query)]
        by_status: dict[str, dict[str, int]] = {}
        for source, status, count in connection.execute(
                select(watch_items.c.source, watch_items.c.status, func.count())
                .group_by(watch_items.c.source, watch_items.c.status)):
            by_status.setdefault(source, {})[status] = count
    for row in rows:
        row["items_by_status"] = by_status.get(row["name"], {})
        for key in ("next_round_at", "last_round_at", "last_success_at", "last_error_at"):
            row[key] = aware(row[key])
    return rows


def recent_items(store, name: str, limit: int = 50, problems_only: bool = False) -> list[dict]:
    query = select(watch_items).where(watch_items.c.source == name)
    if problems_only:
        query = query.where(or_(watch_items.c.status.in_(("skipped", "failed")), watch_items.c.reason.is_not(None)))
    with store.reading() as connection:
        return [dict(row._mapping) for row in connection.execute(query.order_by(watch_items.c.id.desc()).limit(limit))]

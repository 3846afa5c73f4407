"""Reading records back in their JSON form (records.to_dict) from their lean stored rows (rows.full): the one
helper for every reader outside the Store class (the web pages, fusion), so none of them reads ``data`` raw."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from .rows import full
from .schema import documents, records

# The columns rows.full needs besides the document's text.
FULL_COLUMNS = (records.c.id, records.c.doc_id, records.c.kind, records.c.confidence, records.c.extractor,
                records.c.data)


def chunks(values: list, size: int = 500):
    """``values`` in slices of ``size``: IN lists stay under the database's bound on parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def document_texts(connection: Connection, doc_ids) -> dict[str, str]:
    doc_ids = sorted(set(doc_ids))
    if not doc_ids:
        return {}
    return dict(connection.execute(select(documents.c.doc_id, documents.c.text)
                                   .where(documents.c.doc_id.in_(doc_ids))).all())


def as_full(connection: Connection, rows, field: str = "data") -> list[dict]:
    """The records of ``rows`` (selected with at least FULL_COLUMNS), each document's text read once."""
    texts = document_texts(connection, (row.doc_id for row in rows))
    return [full(getattr(row, field), id=row.id, doc_id=row.doc_id, kind=row.kind, confidence=row.confidence,
                 extractor=row.extractor, text=texts.get(row.doc_id, "")) for row in rows]


def full_records(connection: Connection, *conditions, order_by=(records.c.doc_id, records.c.start, records.c.id)) -> list[dict]:
    """The records matching ``conditions`` (SQLAlchemy expressions on ``records``), in their JSON form."""
    return as_full(connection, connection.execute(select(*FULL_COLUMNS).where(*conditions).order_by(*order_by)).all())

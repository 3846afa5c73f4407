"""What every read query shares: the filters, the conditions they make, sorting, bounded counts and pages."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, desc, func, literal_column, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from ...records import RECORD_KINDS
from ...store import search
from ...store.reading import FULL_COLUMNS, document_texts
from ...store.rows import full
from ...store.schema import document_sources, documents, record_actors, records

MAX_LIMIT = 500
COUNT_CAP = 10_000
VIEW_CAP = 5_000  # rows read for a chart's detail (actor rows of the timeline, event places, one actor's events)
LIST_KINDS = tuple(k for k in RECORD_KINDS if k != "document")  # a plugin's kinds are listed too (kind=…)
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
    parts = [int(p) for p in value.split("-")]
    try:  # a real calendar date: no month 13, no 30 February
        _dt.date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError:
        raise ValueError(f"{name} '{value}' is not a date on the calendar") from None
    return value


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


def _record_conditions(f: Filters, probe: bool = False) -> list:
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
        conditions.append(_words_condition(f, probe))
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


def _words_condition(f: Filters, probe: bool = False):
    """``?q=``: event, statement and arms records through the full-text index (their label, actors and
    sentence); actors, places, times and quantities by their label. ``probe``: see search.record_matches."""
    by_label = records.c.label.ilike(_like_escape(f.q), escape="\\")
    if f.kind in search.SEARCHED_KINDS:
        return search.record_matches(records.c.id, f.q, f.kind, probe)
    if f.kind:
        return by_label
    return or_(by_label, search.record_matches(records.c.id, f.q))


# What a record read for a page needs: rows.full rebuilds its JSON form from these and its document's text.
RECORD_COLUMNS = (*FULL_COLUMNS, records.c.review)


def record_rows(conn, rows, q: str | None = None) -> list[dict]:
    """The records of ``rows`` (selected with RECORD_COLUMNS) in their JSON form, each document's text read
    once, with the reviewer's verdict as ``_review``; with ``q`` (and rows that carry the sentence offsets),
    the part of the record's sentence that the words were found in as ``_snippet``."""
    texts = document_texts(conn, (row.doc_id for row in rows))
    out = []
    for row in rows:
        text = texts.get(row.doc_id, "")
        item = record_row(row, text)
        start = getattr(row, "sentence_start", None)
        if q and start is not None:
            item["_snippet"] = search.snippet(text[start:row.sentence_end], q)
        out.append(item)
    return out


def record_row(row, text: str, field: str = "data") -> dict:
    data = full(getattr(row, field), id=row.id, doc_id=row.doc_id, kind=row.kind, confidence=row.confidence,
                extractor=row.extractor, text=text)
    data["_review"] = row.review
    return data

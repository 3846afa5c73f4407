"""Full-text search: SQLite FTS5 and PostgreSQL tsvector + GIN, over document text and record text.

The writer indexes each document (title and text) and each event, statement and arms record (its label,
the names of its actors and its sentence) in the same transaction as the records, so the index is always in
step with them. ``search`` ranks the matches (bm25 on SQLite, ts_rank on PostgreSQL) and cuts a snippet
from the stored text; ``matching_ids`` gives the ids of matching records for the web lists' ``?q=``.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Boolean, bindparam, exists, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from .rows import ACTOR_ROLES
from .schema import documents, records, search_rows

# Record kinds with a row in the index; the others are found by their label (an actor's or place's name).
SEARCHED_KINDS = ("event", "statement", "arms")
SNIPPET_CHARS = 160
_WORD = re.compile(r"\w+", re.UNICODE)


def words(q: str | None) -> list[str]:
    """The words of a query (punctuation and operators are not syntax here: every word must match)."""
    return _WORD.findall(q or "")


def _fts_match(q: str, kind: str | None) -> str:
    """An FTS5 query: every word as a quoted string, all required; the kind as a column filter."""
    body = " AND ".join(f'"{w}"' for w in words(q))
    return f'kind : "{kind}" AND body : ({body})' if kind else f"body : ({body})"


def record_body(data: dict, sentence: str) -> str:
    """What a record is found by: its label, the names of its actors, and its sentence."""
    parts = [str(data.get(key)) for key in ("type", "category", "claim", "cue") if data.get(key)]
    for field, _role in ACTOR_ROLES.get(data.get("kind"), ()):
        value = data.get(field)
        for actor in value if isinstance(value, list) else [value]:
            if isinstance(actor, dict) and actor.get("name"):
                parts.append(str(actor["name"]))
    parts.append(sentence)
    return " ".join(parts)


def index_entries(connection: Connection, entries: list[dict]) -> None:
    """Add rows to the index: each entry has doc_id, record_id (None for a document), kind and body."""
    if not entries:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(text("INSERT INTO search_rows (doc_id, record_id, kind, tsv) "
                                "VALUES (:doc_id, :record_id, :kind, to_tsvector('english', :body))"), entries)
        return
    # the write transaction holds SQLite's write lock (BEGIN IMMEDIATE): no other writer takes these ids
    first = connection.execute(text("SELECT coalesce(max(id), 0) FROM search_rows")).scalar_one() + 1
    rows = [dict(entry, id=first + i) for i, entry in enumerate(entries)]
    connection.execute(text("INSERT INTO search_rows (id, doc_id, record_id, kind) "
                            "VALUES (:id, :doc_id, :record_id, :kind)"), rows)
    connection.execute(text("INSERT INTO search_fts (rowid, kind, body) VALUES (:id, :kind, :body)"), rows)


def unindex_record(connection: Connection, record_id: str, old_body: str) -> None:
    """Take a record's row out of the index (a contentless FTS5 table is told the words it had)."""
    row = connection.execute(select(search_rows.c.id, search_rows.c.kind)
                             .where(search_rows.c.record_id == record_id)).first()
    if row is None:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(text("INSERT INTO search_fts (search_fts, rowid, kind, body) "
                                "VALUES ('delete', :id, :kind, :body)"), {"id": row.id, "kind": row.kind, "body": old_body})
    connection.execute(search_rows.delete().where(search_rows.c.id == row.id))


class _Match(ColumnElement):
    """The search_rows whose words match every word of ``q`` (and kind, on SQLite inside the FTS query):
    one clause compiled for each database, so that callers build their queries without asking which."""

    inherit_cache = False
    type = Boolean()
    _is_implicitly_boolean = True

    def __init__(self, q: str, kind: str | None):
        self.q, self.kind = q, kind


@compiles(_Match)
def _match_sqlite(element, compiler, **kw):
    match = compiler.process(bindparam(None, _fts_match(element.q, element.kind), unique=True), **kw)
    return f"(search_rows.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH {match}))"


@compiles(_Match, "postgresql")
def _match_postgresql(element, compiler, **kw):
    q = compiler.process(bindparam(None, element.q, unique=True), **kw)
    return f"(search_rows.tsv @@ plainto_tsquery('english', {q}))"


class _Probe(_Match):
    """On SQLite: does this one search row match (FTS5 looks the rowid up in the query's doclists)?"""

    inherit_cache = False

    def __init__(self, q: str, kind: str | None, row_id):
        super().__init__(q, kind)
        self.row_id = row_id


@compiles(_Probe)
def _probe_sqlite(element, compiler, **kw):
    match = compiler.process(bindparam(None, _fts_match(element.q, element.kind), unique=True), **kw)
    row_id = compiler.process(element.row_id, **kw)
    return f"({row_id} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH {match} AND rowid = {row_id}))"


@compiles(_Probe, "postgresql")
def _probe_postgresql(element, compiler, **kw):
    return _match_postgresql(element, compiler, **kw)


# Above this many matching rows, a list walks its own index in order and probes each record (it stops after
# a page of hits); below it, the matching ids are collected first. On 100,000 events the two cost the same
# (about 70 ms) near 12,000 matches. Documents are fewer and each holds many words, so their bar is lower.
COMMON_MATCHES = 10_000
COMMON_DOCUMENTS = 1_000


def is_common(connection: Connection, q: str, kind: str | None) -> bool:
    """Whether ``q`` matches more than COMMON_MATCHES rows of ``kind`` (COMMON_DOCUMENTS documents) (SQLite;
    PostgreSQL's planner chooses itself)."""
    if connection.dialect.name == "postgresql" or not words(q):
        return False
    bar = COMMON_DOCUMENTS if kind == "document" else COMMON_MATCHES
    found = connection.execute(text("SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH :m "
                                    "LIMIT :n)"), {"m": _fts_match(q, kind), "n": bar + 1}).scalar_one()
    return found > bar


def record_matches(record_id, q: str, kind: str | None = None, probe: bool = False):
    """A condition on a records id column: the record's search row matches every word of ``q``. ``probe``
    (for words found in many rows) checks each record in turn instead of collecting every match first."""
    if not probe:
        return record_id.in_(matching_ids(q, kind))
    row = search_rows.alias("probed")
    return exists().where(row.c.record_id == record_id, _Probe(q, kind, row.c.id))


def matching_ids(q: str, kind: str | None = None):
    """A select of the ids of the records (of ``kind``) whose index row matches every word of ``q``."""
    query = select(search_rows.c.record_id).where(_Match(q, kind), search_rows.c.record_id.is_not(None))
    return query.where(search_rows.c.kind == kind) if kind else query


def document_matches(doc_id, q: str, probe: bool = False):
    """A condition on a documents id column: the document's title and text match every word of ``q``."""
    if not probe:
        return doc_id.in_(select(search_rows.c.doc_id).where(_Match(q, "document"), search_rows.c.kind == "document"))
    row = search_rows.alias("probed")
    return exists().where(row.c.doc_id == doc_id, row.c.kind == "document", _Probe(q, "document", row.c.id))


def snippet(body: str, q: str, width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``body`` around the first query word found (a word prefix, since the
    index matches word stems), cut at word boundaries."""
    body = " ".join(body.split())
    if len(body) <= width:
        return body
    lowered = body.lower()
    hits = [lowered.find(w.lower()[:max(3, len(w) - 2)]) for w in words(q)]
    hit = min((h for h in hits if h >= 0), default=0)
    begin = max(0, hit - width // 3)
    begin = body.rfind(" ", 0, begin) + 1 if begin else 0
    end = body.find(" ", min(len(body), begin + width))
    end = len(body) if end < 0 else end
    return ("… " if begin else "") + body[begin:end] + (" …" if end < len(body) else "")


def search(connection: Connection, q: str, kind: str | None = None, limit: int = 20,
           offset: int = 0) -> list[dict[str, Any]]:
    """Documents and records matching every word of ``q``, best first: kind, doc_id, record_id, title, url,
    published, label, date, score and a snippet of the matching text."""
    if not words(q):
        return []
    params = {"limit": int(limit), "offset": int(offset)}
    if connection.dialect.name == "postgresql":
        where = "tsv @@ query" + (" AND kind = :kind" if kind else "")
        sql = ("SELECT doc_id, record_id, kind, ts_rank(tsv, query) AS score FROM search_rows, "
               f"plainto_tsquery('english', :q) AS query WHERE {where} ORDER BY score DESC, id LIMIT :limit OFFSET :offset")
        params.update(q=q, kind=kind)
    else:
        # bm25 is lower for a better match
        sql = ("SELECT s.doc_id, s.record_id, s.kind, -bm25(search_fts) AS score FROM search_fts "
               "JOIN search_rows s ON s.id = search_fts.rowid WHERE search_fts MATCH :match "
               "ORDER BY bm25(search_fts), s.id LIMIT :limit OFFSET :offset")
        params.update(match=_fts_match(q, kind))
    hits = [dict(row._mapping) for row in connection.execute(text(sql), params)]
    return _described(connection, hits, q)


def _described(connection: Connection, hits: list[dict], q: str) -> list[dict]:
    """Add each hit's document title, URL and date, its record's label and date, and a snippet."""
    doc_ids = sorted({h["doc_id"] for h in hits})
    record_ids = sorted({h["record_id"] for h in hits if h["record_id"]})
    docs = {row.doc_id: row for row in connection.execute(
        select(documents.c.doc_id, documents.c.title, documents.c.url, documents.c.published, documents.c.text)
        .where(documents.c.doc_id.in_(bindparam("ids", expanding=True))), {"ids": doc_ids})} if doc_ids else {}
    recs = {row.id: row for row in connection.execute(
        select(records.c.id, records.c.label, records.c.date, records.c.sentence_start, records.c.sentence_end)
        .where(records.c.id.in_(bindparam("ids", expanding=True))), {"ids": record_ids})} if record_ids else {}
    out = []
    for hit in hits:
        doc = docs.get(hit["doc_id"])
        record = recs.get(hit["record_id"]) if hit["record_id"] else None
        if doc is None or (hit["record_id"] and record is None):
            continue  # removed meanwhile
        if record is not None and record.sentence_start is not None:
            body = doc.text[record.sentence_start:record.sentence_end]
        else:
            body = doc.text
        out.append({"kind": hit["kind"], "doc_id": hit["doc_id"], "record_id": hit["record_id"],
                    "title": doc.title, "url": doc.url, "published": doc.published,
                    "label": record.label if record is not None else doc.title,
                    "date": record.date if record is not None else doc.published,
                    "score": round(float(hit["score"]), 6), "snippet": snippet(body, q)})
    return out

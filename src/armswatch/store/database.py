"""The Store: writes documents with their records (one transaction each) and reads them back.

Everything goes through SQLAlchemy Core on the tables of ``schema.py``; SQLite and PostgreSQL share every
query except the few JSON paths of the migrations.
"""

from __future__ import annotations

import copy
import io
import logging
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Iterator

from pydantic import BaseModel, ValidationError
from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, StatementError

from ..document import Document
from ..errors import ExportFormatUnknown, ExportKindUnknown, ExportNeedsFile, ExportNeedsKind, StoreError
from ..records import from_dict, to_dict
from . import export as exports
from .connect import BEGIN_MODE, shown_url, translated
from .migrate import current_revision
from . import search
from .rows import actor_rows, full, locate, record_row
from .schema import arms_figures as arms_view
from .schema import document_sources, documents, record_actors, records, reviews

log = logging.getLogger(__name__)

VERDICTS = ("correct", "wrong", "fixed")
ANALYSIS_LIMIT = 1000  # rows SQLite's ANALYZE samples per index: enough to tell a selective index from another
# Fields a reviewer may not change: they tie the record to its document and its place in the contract.
_FIXED_FIELDS = {"id", "doc_id", "kind", "extractor"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _check_evidence(data: dict, text: str) -> None:
    """Evidence is stored as offsets and its text read back from the document, so it must be the document's."""
    for span in data.get("evidence") or []:
        if text[span["start"]:span["end"]] != span.get("text"):
            raise StoreError(f"record {data['id']} has evidence [{span['start']}, {span['end']}) whose text is not "
                             "the document's text there", source=data["doc_id"],
                             hint="evidence spans must satisfy text == document[start:end]")


def _sentence(row: dict, text: str) -> str:
    start, end = row.get("sentence_start"), row.get("sentence_end")
    return "" if start is None else text[start:end]


def _full(row, text: str, field: str = "data") -> dict:
    """A stored row's record in its JSON form (rows.full) from the row's columns and its document's text."""
    return full(getattr(row, field), id=row.id, doc_id=row.doc_id, kind=row.kind, confidence=row.confidence,
                extractor=row.extractor, text=text)


def _not_wrong():
    return or_(records.c.review.is_(None), records.c.review != "wrong")


class Store:
    """A database of documents, their sources and their records. Build with ``open_store``."""

    def __init__(self, engine: Engine, url: str, batch_size: int = 200, fusion=None):
        self.engine = engine
        self.url = url
        self.batch_size = max(1, int(batch_size))
        self.fusion = fusion  # fuse.Params: fuse each document as it is written; None: not on ingest

    def __repr__(self) -> str:
        return f"Store({shown_url(self.url)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- transactions ---------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), with errors translated."""
        with translated(self.url):
            with self.engine.connect() as connection:
                connection = connection.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
                with connection.begin():
                    yield connection

    def transaction(self):
        """A write transaction for library code that writes its own tables (``armswatch fuse``, the monitor)."""
        return self._writing()

    def reading(self):
        """A read connection for library code that reads its own tables (``fuse.store``)."""
        return self._reading()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with translated(self.url):
            with self.engine.connect() as connection:
                yield connection

    def analyze(self) -> None:
        """Refresh the query planner's statistics. Without them SQLite takes ``kind = ?`` for a selective
        filter and walks a whole kind's index where another index finds a few rows (an actor's records,
        type with country and dates). SQLite reads a sample (analysis_limit), so this takes milliseconds;
        PostgreSQL's autovacuum keeps its own statistics, this only brings them up to date now."""
        with self._writing() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                connection.exec_driver_sql("ANALYZE")
            elif connection.dialect.name == "postgresql":
                connection.exec_driver_sql("ANALYZE records, record_actors, documents, search_rows")

    # ---- documents ------------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self._reading() as connection:
            return connection.execute(select(documents.c.doc_id).where(documents.c.doc_id == doc_id)).first() is not None

    def add_source(self, doc_id: str, source: str | None) -> bool:
        """Record one more place a stored document was read from; False when it was known (or empty)."""
        if not source:
            return False
        with self._writing() as connection:
            return self._add_source(connection, doc_id, source)

    @staticmethod
    def _add_source(connection: Connection, doc_id: str, source: str | None) -> bool:
        if not source:
            return False
        known = connection.execute(select(document_sources.c.id).where(
            and_(document_sources.c.doc_id == doc_id, document_sources.c.source == source))).first()
        if known:
            return False
        connection.execute(insert(document_sources), {"doc_id": doc_id, "source": source, "added_at": _now()})
        return True

    def write_document(self, document: Document, records_: list) -> str:
        """Store a document with all its records in one transaction, or nothing of it.

        Returns "stored", or "duplicate" when the same text is already stored: then only its source is added.
        """
        doc_id = document.doc_id
        rows = self._record_rows(document, records_)
        try:
            with self._writing() as connection:
                return self._write_one(connection, doc_id, document, rows)
        except (TypeError, ValueError) as exc:  # a record's data has no JSON form (raised by the driver)
            raise StoreError(f"a record cannot be stored: {exc}", source=doc_id,
                             hint="records must hold JSON values only") from exc
        except StoreError as error:
            # Another writer stored the same text between our check and our insert (PostgreSQL, no
            # database-wide write lock): it is a duplicate like any other.
            if isinstance(error.__cause__, IntegrityError) and self.has_document(doc_id):
                self.add_source(doc_id, document.source)
                return "duplicate"
            raise

    def write_documents(self, items) -> list:
        """Store many (document, records) pairs in one transaction, each document inside its own savepoint:
        a document is still stored whole or not at all, and one that fails does not stop the others.
        Much faster than one transaction per document for bulk loads (one commit per call).

        Returns, in order, "stored", "duplicate" or the StoreError that kept that document out. A locked or
        unreachable database raises, and then nothing of the call is stored.
        """
        prepared: list = []
        for document, records_ in items:
            try:
                prepared.append((document, document.doc_id, self._record_rows(document, records_)))
            except StoreError as error:
                prepared.append((document, document.doc_id, error))
        outcomes: list = []
        with self._writing() as connection:
            for document, doc_id, rows in prepared:
                if isinstance(rows, StoreError):
                    outcomes.append(rows)
                    continue
                try:
                    with connection.begin_nested():
                        outcomes.append(self._write_one(connection, doc_id, document, rows))
                except IntegrityError as exc:
                    if connection.execute(select(documents.c.doc_id).where(documents.c.doc_id == doc_id)).first():
                        with connection.begin_nested():
                            self._add_source(connection, doc_id, document.source)
                        outcomes.append("duplicate")  # stored by another writer meanwhile
                    else:
                        outcomes.append(StoreError(f"the database refused a record: {str(exc.orig).splitlines()[0]}",
                                                   source=doc_id))
                except OperationalError:
                    raise  # locked or gone: the whole call fails (translated by _writing)
                except (StatementError, DBAPIError, TypeError, ValueError) as exc:
                    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                    outcomes.append(StoreError(f"a record cannot be stored: {reason}", source=doc_id,
                                               hint="records must hold JSON values only"))
        return outcomes

    def _write_one(self, connection: Connection, doc_id: str, document: Document, prepared: tuple) -> str:
        if connection.execute(select(documents.c.doc_id).where(documents.c.doc_id == doc_id)).first():
            self._add_source(connection, doc_id, document.source)
            return "duplicate"
        rows, named, entries, mismatch, datas = prepared
        if mismatch is not None:  # checked only now: a duplicate's records are not stored, whatever they hold
            raise mismatch
        connection.execute(insert(documents), {
            "doc_id": doc_id, "title": document.title, "url": document.url,
            "published": (document.published or None) and str(document.published)[:10],
            "language": (document.language or None) and str(document.language)[:8],
            "text": document.text, "chars": len(document.text), "ingested_at": _now()})
        self._add_source(connection, doc_id, document.source)
        for start in range(0, len(rows), self.batch_size):
            connection.execute(insert(records), rows[start:start + self.batch_size])
        for start in range(0, len(named), self.batch_size):
            connection.execute(insert(record_actors), named[start:start + self.batch_size])
        search.index_entries(connection, entries)
        if self.fusion is not None:
            from ..fuse.update import add_document

            add_document(connection, doc_id, document.text, datas, self.fusion,
                         published=(document.published or None) and str(document.published)[:10], url=document.url)
        return "stored"

    def _record_rows(self, document: Document, records_: list) -> tuple:
        """The document's ``records`` rows, ``record_actors`` rows, search index entries, and the error of the
        first record whose evidence is not the document's text (or None)."""
        doc_id, text = document.doc_id, document.text
        rows, named, seen, mismatch, kept = [], [], set(), None, []
        entries = [{"doc_id": doc_id, "record_id": None, "kind": "document", "body": f"{document.title or ''} {text}"}]
        for record in records_:
            data = record if isinstance(record, dict) else to_dict(record)
            if data.get("doc_id") != doc_id:
                raise StoreError(f"record {data.get('id')} belongs to document {data.get('doc_id')}, not {doc_id}",
                                 source=doc_id, hint="write each document with its own records")
            if data["id"] in seen:
                # The same id twice is the same fact found twice; keep the first.
                log.warning("record %s appears twice in document %s; keeping the first", data["id"], doc_id)
                continue
            seen.add(data["id"])
            try:
                _check_evidence(data, text)
            except StoreError as error:
                mismatch = mismatch or error
            row = record_row(data, text)
            rows.append(row)
            kept.append(data)
            named += actor_rows(data)
            if data["kind"] in search.SEARCHED_KINDS:
                entries.append({"doc_id": doc_id, "record_id": data["id"], "kind": data["kind"],
                                "body": search.record_body(data, _sentence(row, text))})
        return locate(rows), named, entries, mismatch, kept

    # ---- reading --------------------------------------------------------------------------------------

    def iter_records(self, kind: str | None = None, include_wrong: bool = True, doc_id: str | None = None,
                     as_dicts: bool = False) -> Iterator[BaseModel | dict]:
        """Every stored record (as fixed by reviewers), in document order; pydantic records unless as_dicts."""
        for data, _extra in self._iter_rows(kind, include_wrong, doc_id):
            yield data if as_dicts else from_dict(data)

    def _iter_rows(self, kind: str | None, include_wrong: bool, doc_id: str | None = None) -> Iterator[tuple[dict, dict]]:
        """(record in its JSON form, extra columns) in document order; each document's text is read once."""
        query = (select(records.c.id, records.c.doc_id, records.c.kind, records.c.confidence, records.c.extractor,
                        records.c.data, records.c.review, records.c.sentence_start, records.c.sentence_end)
                 .order_by(records.c.doc_id, records.c.start, records.c.id))
        if kind:
            query = query.where(records.c.kind == kind)
        if doc_id:
            query = query.where(records.c.doc_id == doc_id)
        if not include_wrong:
            query = query.where(_not_wrong())
        current, document = None, None
        with self._reading() as connection:
            result = connection.execution_options(stream_results=True, yield_per=1000).execute(query)
            for row in result:
                if row.doc_id != current:
                    current = row.doc_id
                    document = self._document_row(row.doc_id)
                data = _full(row, document.text)
                if row.kind == "document":
                    data = dict(data, sources=self._sources(data["doc_id"]))
                yield data, {"review": row.review, "published": document.published, "document_url": document.url,
                             "title": document.title, "sentence": _sentence(row._mapping, document.text)}

    def _document_row(self, doc_id: str):
        with self.engine.connect() as connection:
            return connection.execute(select(documents.c.text, documents.c.title, documents.c.url,
                                             documents.c.published).where(documents.c.doc_id == doc_id)).one()

    def _sources(self, doc_id: str) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.scalars(select(document_sources.c.source)
                                           .where(document_sources.c.doc_id == doc_id)
                                           .order_by(document_sources.c.id)))

    def stats(self) -> dict[str, Any]:
        with self._reading() as connection:
            count = lambda table: connection.scalar(select(func.count()).select_from(table))  # noqa: E731
            by_kind = dict(connection.execute(select(records.c.kind, func.count()).group_by(records.c.kind)
                                              .order_by(records.c.kind)).all())
            by_verdict = dict(connection.execute(select(records.c.review, func.count())
                                                 .where(records.c.review.is_not(None))
                                                 .group_by(records.c.review)).all())
            first, last = connection.execute(select(func.min(documents.c.published),
                                                    func.max(documents.c.published))).one()
            extractors = dict(connection.execute(select(records.c.extractor, func.count())
                                                 .group_by(records.c.extractor)
                                                 .order_by(records.c.extractor)).all())
            return {
                "url": shown_url(self.url),
                "schema_revision": current_revision(self.engine),
                "documents": count(documents),
                "sources": count(document_sources),
                "records": count(records),
                "records_by_kind": by_kind,
                "reviews": count(reviews),
                "records_by_review": by_verdict,
                "published_first": first,
                "published_last": last,
                "records_by_extractor": extractors,
            }

    def kinds(self) -> list[str]:
        """The record kinds in the store, armswatch's own and plugins' alike."""
        with self._reading() as connection:
            return sorted(connection.scalars(select(records.c.kind).distinct()))

    def export(self, kind: str | None, fmt: str, out: str | Path | IO, include_wrong: bool = True) -> int:
        """Write the records of one kind to ``out`` (a path or an open file); returns the number written.

        Formats: jsonl (whole records; kind None exports every kind), csv and parquet (flat tables), plover
        (events as PLOVER-style JSON).
        """
        if kind in ("story", "fused_event"):  # the fused kinds (issue 16) have their own rows
            from ..fuse.export import export as export_fused

            return export_fused(self, kind, fmt, out)
        if fmt not in exports.FORMATS:
            raise ExportFormatUnknown(f"unknown export format '{fmt}'", hint=f"use one of {', '.join(exports.FORMATS)}")
        if fmt == "plover" and kind not in (None, "event"):
            raise ExportKindUnknown(f"the plover format holds events, not {kind} records", hint="use --kind event")
        kind = "event" if fmt == "plover" else kind
        if kind is None and fmt != "jsonl":
            raise ExportNeedsKind(f"{fmt} exports need one kind")
        if kind is not None and kind not in exports.record_classes() and kind not in self.kinds():
            raise ExportKindUnknown(f"unknown record kind '{kind}'",
                                    hint=f"use one of {', '.join(sorted({*exports.record_classes(), *self.kinds()}))}")
        if fmt in exports.BINARY and isinstance(out, io.TextIOBase):
            raise ExportNeedsFile(f"{fmt} cannot be written to a text stream")
        rows = self._iter_rows(kind, include_wrong)
        writer = exports.WRITERS[fmt]
        if isinstance(out, (str, Path)):
            mode = "wb" if fmt in exports.BINARY else "w"
            with open(out, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as handle:
                return writer(rows, handle, kind)
        return writer(rows, out, kind)

    def search(self, q: str, kind: str | None = None, limit: int = 20, offset: int = 0) -> list[dict]:
        """Documents and event, statement and arms records matching every word of ``q``, best first, each
        with its document's title, URL and date and a snippet (see store/search.py)."""
        with self._reading() as connection:
            return search.search(connection, q, kind=kind, limit=limit, offset=offset)

    # ---- arms figures ---------------------------------------------------------------------------------

    def arms_figures(self, holder: str | None = None, category: str | None = None,
                     include_wrong: bool = True) -> list[dict]:
        """Every reported arms figure, grouped by (holder, category), oldest as-of first, with its source and
        document. ``holder`` matches a holder's name or country code; ``conflict`` marks a figure that
        another contradicts (``fuse.figures.contradicts``: another named source gives a different count for the
        same holder, category and date); ``copy_group`` names the document's copy group (itself where fusion
        has not seen it)."""
        query = select(arms_view)
        if holder:
            query = query.where(or_(func.lower(arms_view.c.holder) == holder.lower(),
                                    arms_view.c.holder_country == holder.upper()))
        if category:
            query = query.where(func.lower(arms_view.c.category) == category.lower())
        if not include_wrong:
            query = query.where(or_(arms_view.c.review.is_(None), arms_view.c.review != "wrong"))
        query = query.order_by(arms_view.c.holder, arms_view.c.category, arms_view.c.as_of,
                               arms_view.c.published, arms_view.c.record_id)
        from ..fuse.figures import copy_groups, mark_conflicts

        with self._reading() as connection:
            rows = [dict(row._mapping) for row in connection.execute(query)]
            groups = copy_groups(connection, [row["doc_id"] for row in rows])
        for row in rows:
            row["copy_group"] = groups.get(row["doc_id"], row["doc_id"])
        return mark_conflicts(rows)

    # ---- reviews --------------------------------------------------------------------------------------

    def add_review(self, record_id: str, verdict: str, reviewer: str, field: str | None = None,
                   new_value: Any = None) -> dict:
        """Store a reviewer's verdict on a record: correct, wrong, or fixed (``field`` set to ``new_value``).

        A fix changes the record as readers and exports see it; the extractor's original is kept in
        ``records.original`` and the old value in the review."""
        if verdict not in VERDICTS:
            raise StoreError(f"unknown verdict '{verdict}'", source=record_id, hint="use correct, wrong or fixed")
        if not reviewer or not str(reviewer).strip():
            raise StoreError("a review needs a reviewer", source=record_id)
        if verdict == "fixed" and not field:
            raise StoreError("a fix needs the field it changes", source=record_id)
        if field and field.split(".")[0] in _FIXED_FIELDS:
            raise StoreError(f"the field '{field}' cannot be changed by a review", source=record_id)
        with self._writing() as connection:
            row = connection.execute(select(records, documents.c.text.label("document_text"))
                                     .join(documents, documents.c.doc_id == records.c.doc_id)
                                     .where(records.c.id == record_id)).first()
            if row is None:
                raise StoreError("no such record", source=record_id)
            text = row.document_text
            data = _full(row, text)
            old_value = _get_path(data, field) if field else None
            changes: dict[str, Any] = {"review": verdict}
            if verdict == "fixed":
                fixed = copy.deepcopy(data)
                _set_path(fixed, field, new_value, record_id)
                try:
                    fixed = to_dict(from_dict(fixed))
                    _check_evidence(fixed, text)
                except ValidationError as exc:
                    raise StoreError(f"the fix of '{field}' does not fit the record contract: "
                                     f"{exc.errors()[0]['msg']}", source=record_id) from exc
                new_row = record_row(fixed, text)
                changes.update({key: new_row[key] for key in ("data", "label", "country", "date", "place", "start",
                                                                "end", "sentence_start", "sentence_end")})
                if row.kind == "place":
                    changes.update(lat=new_row["lat"], lon=new_row["lon"])
                changes["original"] = row.original if row.original is not None else row.data
            connection.execute(update(records).where(records.c.id == record_id).values(**changes))
            if verdict == "fixed":
                # who the record names may have changed with it: its record_actors rows follow the fix
                connection.execute(delete(record_actors).where(record_actors.c.record_id == record_id))
                named = actor_rows(fixed)
                if named:
                    connection.execute(insert(record_actors), named)
                if row.kind in search.SEARCHED_KINDS:  # and so may the words it is found by
                    search.unindex_record(connection, record_id, search.record_body(data, _sentence(row._mapping, text)))
                    search.index_entries(connection, [{"doc_id": row.doc_id, "record_id": record_id, "kind": row.kind,
                                                       "body": search.record_body(fixed, _sentence(new_row, text))}])
            review = {"record_id": record_id, "verdict": verdict, "field": field, "old_value": old_value,
                      "new_value": new_value if verdict == "fixed" else None, "reviewer": str(reviewer),
                      "created_at": _now()}
            review["id"] = connection.execute(insert(reviews).returning(reviews.c.id), review).scalar_one()
            return review

    def reviews_for(self, record_id: str) -> list[dict]:
        with self._reading() as connection:
            return [dict(row._mapping) for row in connection.execute(
                select(reviews).where(reviews.c.record_id == record_id).order_by(reviews.c.id))]

    def original_record(self, record_id: str) -> dict | None:
        """The record as its extractor wrote it, before any reviewer's fix."""
        with self._reading() as connection:
            row = connection.execute(select(records, documents.c.text.label("document_text"))
                                     .join(documents, documents.c.doc_id == records.c.doc_id)
                                     .where(records.c.id == record_id)).first()
        if row is None:
            return None
        return _full(row, row.document_text, "original" if row.original is not None else "data")


def _get_path(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _set_path(data: dict, path: str, value: Any, record_id: str) -> None:
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and isinstance(node.get(part), (dict, list)):
            node = node[part]
        else:
            raise StoreError(f"the record has no field '{path}'", source=record_id)
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise StoreError(f"the record has no field '{path}'", source=record_id)

"""Bulk-load the Parquet output of ``armswatch batch`` into the store, one transaction per document, and the
fusion the batch computed (``fusion/``) in one more transaction.

The batch's fusion covers the batch's documents only, so it is stored as it is only into a store that holds
no fusion yet; into a store that does, each new document is fused as it is written (setting
``fuse.on_ingest``), as ``armswatch ingest`` does.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, insert, select

from ..document import Document
from ..errors import InputError
from ..fuse import tables as T
from ..records import from_dict
from .batch import NO_DATE
from .fusion import JSON_COLUMNS

_CHUNK = 1000


def load_output(folder: str | Path, store, progress=None) -> dict:
    """Store every document of a batch output with its records; documents already stored only gain sources.
    ``fusion`` in the counts: ``batch`` (the batch's fusion stored), ``on ingest`` (each document fused as
    written) or ``off``."""
    import pyarrow.dataset as ds

    folder = Path(folder)
    if not (folder / "documents").is_dir() or not (folder / "records").is_dir():
        raise InputError(f"'{folder}' is not the output of `armswatch batch` (no documents/ and records/)",
                         source=str(folder))
    documents = ds.dataset(folder / "documents", format="parquet", partitioning="hive").to_table().to_pylist()
    by_doc: dict[str, list] = defaultdict(list)
    record_table = ds.dataset(folder / "records", format="parquet", partitioning="hive").to_table(columns=["doc_id", "data"])
    for row in record_table.to_pylist():
        by_doc[row["doc_id"]].append(from_dict(json.loads(row["data"])))
    counts = {"documents": len(documents), "stored": 0, "duplicates": 0, "records": 0}
    from_batch = (folder / "fusion" / T.documents.name).is_dir() and not _has_fusion(store)
    fusing, written = store.fusion, set()
    if from_batch:
        store.fusion = None  # the batch fused these documents: its tables are stored below instead
    try:
        for row in sorted(documents, key=lambda r: r["doc_id"]):
            sources = list(row["sources"])
            published = None if row["published"] in (None, NO_DATE) else str(row["published"])
            document = Document(text=row["text"], title=row["title"], url=row["url"], published=published,
                                language=row["language"], source=sources[0])
            records = sorted(by_doc.get(row["doc_id"], []), key=lambda r: r.id)
            outcome = store.write_document(document, records)
            for source in sources[1:]:
                store.add_source(row["doc_id"], source)
            counts["stored" if outcome == "stored" else "duplicates"] += 1
            counts["records"] += len(records) if outcome == "stored" else 0
            if outcome in ("stored", "duplicate"):
                written.add(row["doc_id"])
            if progress:
                progress()
    finally:
        store.fusion = fusing
    if from_batch:
        counts["fusion"] = "batch"
        counts["fusion_rows"] = store_fusion(folder / "fusion", store, written)
    else:
        counts["fusion"] = "on ingest" if fusing is not None else "off"
    return counts


def _has_fusion(store) -> bool:
    with store.reading() as connection:
        return bool(connection.scalar(select(func.count()).select_from(T.documents)))


def store_fusion(folder: Path, store, doc_ids: set[str]) -> int:
    """Insert the batch's fusion tables (parents first) in one transaction, keeping the rows of the documents
    in ``doc_ids`` (those the store holds); returns the number of rows written."""
    import pyarrow.dataset as ds

    events: set[str] = set()
    keep = {  # which rows a table keeps: those of stored documents (and their events)
        "fuse_copy_links": lambda r: r["doc_id"] in doc_ids and r["other_id"] in doc_ids,
        "fuse_doc_links": lambda r: r["doc_id"] in doc_ids and r["other_id"] in doc_ids,
        "fuse_event_keys": lambda r: r["event_id"] in events,
        "fuse_event_links": lambda r: r["event_id"] in events and r["other_id"] in events,
        "fused_events": lambda r: True,
        "fuse_claim_links": lambda r: r["doc_id"] in doc_ids and r["other_doc_id"] in doc_ids,
    }
    written = 0
    with store.transaction() as connection:
        for table in reversed(T.ALL):
            path = folder / table.name
            if not path.is_dir():
                continue
            wanted = keep.get(table.name, lambda r: r["doc_id"] in doc_ids)
            json_columns = JSON_COLUMNS.get(table.name, ())
            for batch in ds.dataset(path, format="parquet").to_batches(batch_size=_CHUNK):
                rows = [r for r in batch.to_pylist() if wanted(r)]
                for row in rows:
                    for column in json_columns:
                        row[column] = json.loads(row[column])
                if table is T.events:
                    events.update(r["event_id"] for r in rows)
                if rows:
                    connection.execute(insert(table), rows)
                    written += len(rows)
    return written

"""Bulk-load the Parquet output of ``armswatch batch`` into the store, one transaction per document."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..document import Document
from ..errors import InputError
from ..records import from_dict
from .batch import NO_DATE


def load_output(folder: str | Path, store, progress=None) -> dict:
    """Store every document of a batch output with its records; documents already stored only gain sources."""
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
        if progress:
            progress()
    return counts

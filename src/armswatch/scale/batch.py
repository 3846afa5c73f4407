"""The distributed job: the per-document function over Spark partitions, written as Parquet.

Input files are read in parallel (one task per file, with the same readers as ``armswatch ingest``), exact
duplicates are merged by document id, and each partition runs ``Pipeline.run`` with a model loaded once per
Python worker (never shipped from the driver). Output, under ``--out``:

    documents/published=YYYY-MM-DD/part-*.parquet   one row per distinct document, with all its sources
    records/published=…/kind=…/part-*.parquet       one row per record; ``data`` is the record's JSON
    errors.jsonl                                    inputs that could not be read, with code and reason
    fusion/<table>/part-*.parquet                   copies, stories, fused events and claim links over the
                                                    whole batch (``scale.fusion``; left out with fuse=False)

Every write replaces the whole output, so a rerun over the same input writes the same rows, and a job killed
halfway and started again finishes without duplicates.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Iterable, Iterator

from ..config import Settings

NO_DATE = "unknown"  # partition value for documents with no publication date
RECORD_COLUMNS = ("id", "doc_id", "kind", "label", "country", "date", "start", "end", "confidence", "extractor",
                  "data", "published")
DOCUMENT_COLUMNS = ("doc_id", "title", "url", "published", "language", "text", "sources")


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files under folders (sorted, hidden files left out); URLs and files as given."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith("."))
        else:
            out.append(item)
    return out


def _read_file(path: str, settings_data: dict) -> Iterator[tuple[str, dict]]:
    """('doc', row) for each document read from one input, ('error', row) for each failure."""
    from ..errors import ArmswatchError
    from ..ingest import read_inputs

    try:
        for item in read_inputs([path], Settings(settings_data)):
            if isinstance(item, ArmswatchError):
                yield "error", {"source": item.source or path, "code": item.code, "message": str(item)}
            else:
                yield "doc", {"doc_id": item.doc_id, "title": item.title, "url": item.url,
                              "published": item.published, "language": item.language, "text": item.text,
                              "sources": [item.source or path]}
    except Exception as exc:  # an unreadable input fails alone; the job goes on
        yield "error", {"source": path, "code": getattr(exc, "code", "AW100"), "message": str(exc)}


def _merge_duplicates(a: dict, b: dict) -> dict:
    """One row for an exact duplicate, keeping every source; which copy's metadata wins is fixed (by source)."""
    first, second = (a, b) if min(a["sources"]) <= min(b["sources"]) else (b, a)
    merged = dict(first)
    merged["sources"] = sorted(set(first["sources"]) | set(second["sources"]))
    return merged


_worker_pipelines: dict[str, object] = {}


def _pipeline_for(settings_data: dict):
    """The worker's pipeline, built on first use in that Python worker and kept for its later tasks."""
    from ..pipeline import Pipeline

    key = json.dumps(settings_data, sort_keys=True)
    if key not in _worker_pipelines:
        _worker_pipelines[key] = Pipeline(Settings(settings_data))
    return _worker_pipelines[key]


def _extract_partition(rows: Iterable[dict], settings_data: dict) -> Iterator[tuple]:
    from ..document import Document
    from ..records import to_dict
    from ..store.rows import record_row

    pipeline = _pipeline_for(settings_data)
    documents = (Document(text=r["text"], title=r["title"], url=r["url"], published=r["published"],
                          language=r["language"], source=r["sources"][0]) for r in rows)
    for document, records in pipeline.run(documents):
        published = document.published or NO_DATE
        for record in records:
            data = to_dict(record)
            row = record_row(data)
            row["data"] = json.dumps(data, ensure_ascii=False, sort_keys=True)
            row["published"] = published
            yield tuple(row[c] for c in RECORD_COLUMNS)


def run_batch(inputs: list[str], out: str | os.PathLike, settings: Settings, master: str = "local[*]",
              partitions: int | None = None, fuse: bool = True) -> dict:
    """Run the job; return counts (documents, records, errors, and ``fusion``: copy groups, stories and fused
    events, when ``fuse``) for the summary."""
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T

    out = Path(out)
    files = expand_inputs(inputs)
    # Workers run this interpreter (where armswatch is installed) unless the user chose one for the cluster.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master(master).appName("armswatch-batch")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.python.worker.reuse", "true")
             .config("spark.ui.enabled", "false")
             # partition values stay text ("2025-02-17", "unknown"), as the rows were written
             .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
             .getOrCreate())
    try:
        sc = spark.sparkContext
        data = settings.data
        read = sc.parallelize(files, max(1, len(files))).flatMap(lambda p: _read_file(p, data)).persist()
        parts = partitions or max(sc.defaultParallelism * 4, 2)
        if not sc.getConf().contains("spark.sql.shuffle.partitions"):
            # fusion's joins shuffle small tables: Spark's default of 200 tasks each is mostly overhead
            spark.conf.set("spark.sql.shuffle.partitions", str(parts))
        documents = (read.filter(lambda kv: kv[0] == "doc").map(lambda kv: (kv[1]["doc_id"], kv[1]))
                     .reduceByKey(_merge_duplicates, numPartitions=parts).values().persist())
        errors = read.filter(lambda kv: kv[0] == "error").map(lambda kv: kv[1]).collect()

        doc_schema = T.StructType([
            T.StructField("doc_id", T.StringType(), False), T.StructField("title", T.StringType()),
            T.StructField("url", T.StringType()), T.StructField("published", T.StringType(), False),
            T.StructField("language", T.StringType()), T.StructField("text", T.StringType(), False),
            T.StructField("sources", T.ArrayType(T.StringType()), False)])
        doc_rows = documents.map(lambda r: tuple({**r, "published": r["published"] or NO_DATE}[c] for c in DOCUMENT_COLUMNS))
        doc_frame = spark.createDataFrame(doc_rows, doc_schema)
        doc_frame.write.mode("overwrite").partitionBy("published").parquet(str(out / "documents"))

        record_schema = T.StructType([
            T.StructField("id", T.StringType(), False), T.StructField("doc_id", T.StringType(), False),
            T.StructField("kind", T.StringType(), False), T.StructField("label", T.StringType()),
            T.StructField("country", T.StringType()), T.StructField("date", T.StringType()),
            T.StructField("start", T.LongType()), T.StructField("end", T.LongType()),
            T.StructField("confidence", T.DoubleType(), False), T.StructField("extractor", T.StringType(), False),
            T.StructField("data", T.StringType(), False), T.StructField("published", T.StringType(), False)])
        record_rows = documents.mapPartitions(lambda rows: _extract_partition(rows, data))
        record_frame = spark.createDataFrame(record_rows, record_schema)
        record_frame.write.mode("overwrite").partitionBy("published", "kind").parquet(str(out / "records"))

        counts = {"inputs": len(files), "documents": doc_frame.count(), "errors": len(errors)}
        counts["records"] = spark.read.parquet(str(out / "records")).count()
        (out / "errors.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), "utf-8")
        if fuse:
            from ..fuse.params import Params
            from .fusion import fuse_batch

            counts["fusion"] = fuse_batch(spark, out, Params.from_settings(settings))
        else:  # no stale fusion from an earlier run beside these records
            shutil.rmtree(out / "fusion", ignore_errors=True)
        return {**counts, "error_list": errors}
    finally:
        spark.stop()

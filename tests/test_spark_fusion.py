"""Fusion on Spark (local[2]) gives what `armswatch fuse` computes in the database from the same documents.

The bundled articles with two edited copies each (as in test_fuse) go through `armswatch batch`; its fusion
(copies by a band self-join, stories, fused events by a blocking-key join, claim links, groups by
connected components) is stored by `armswatch load`, and then rebuilt from scratch in the database by
`fuse.update.rebuild`: every fusion table must hold the same rows. A store that already holds fusion gets
the documents fused one by one on load instead, with the same result.
"""

import json
import shutil

import pytest

pyspark = pytest.importorskip("pyspark", reason="PySpark not installed: pip install 'armswatch[spark]'")
if shutil.which("java") is None:
    pytest.skip("no Java runtime: Spark needs one", allow_module_level=True)

pytestmark = pytest.mark.spark

from sqlalchemy import select  # noqa: E402

from armswatch.config import load_settings  # noqa: E402
from armswatch.document import Document  # noqa: E402
from armswatch.fuse import tables as T  # noqa: E402
from armswatch.fuse.params import Params  # noqa: E402
from armswatch.fuse.update import rebuild  # noqa: E402
from armswatch.scale.batch import run_batch  # noqa: E402
from armswatch.scale.load import load_output  # noqa: E402
from armswatch.store import open_store  # noqa: E402

from test_fuse import bundled, snapshot, with_copies  # noqa: E402


@pytest.fixture(scope="module")
def batch_output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    docs = [doc for doc, _ in with_copies(bundled(), per_doc=2)]
    (folder / "articles.jsonl").write_text("".join(
        json.dumps({"text": d.text, "title": d.title, "url": d.url, "published": d.published}) + "\n"
        for d in docs), "utf-8")
    out = tmp_path_factory.mktemp("fusedbatch") / "out"
    counts = run_batch([str(folder)], out, load_settings(env={}), master="local[2]", partitions=2)
    return out, counts, len(docs)


def tables(store) -> dict:
    """Every fusion table's rows, in a fixed order."""
    with store.reading() as c:
        return {t.name: sorted((dict(r._mapping) for r in c.execute(select(t))), key=repr) for t in T.ALL}


def test_spark_fusion_is_what_the_database_computes(batch_output, tmp_path):
    out, counts, n = batch_output
    assert counts["documents"] == n == 18 and (out / "fusion" / "fused_events").is_dir()
    assert counts["fusion"]["copy_groups"] == 6  # each article with its two copies
    with open_store(f"sqlite:///{tmp_path / 'spark.db'}", load_settings(env={})) as store:
        loaded = load_output(out, store)
        assert loaded["fusion"] == "batch" and loaded["stored"] == n
        from_spark, spark_view = tables(store), snapshot(store)
        assert len(set(spark_view["copies"].values())) == 6
        assert any(f["documents"] > f["sources"] for f in spark_view["fused"])  # copies fused, counted once
        assert len(set(spark_view["stories"].values())) < n
        assert counts["fusion"]["fused_events"] == len(spark_view["fused"])
        with store.transaction() as connection:
            assert rebuild(connection, Params()) == n
        rebuilt = tables(store)
    for name in from_spark:
        assert from_spark[name] == rebuilt[name], name
    assert from_spark["fuse_event_links"] and from_spark["fuse_copy_links"] and from_spark["fuse_doc_links"]


def test_load_into_a_store_with_fusion_fuses_each_document(batch_output, tmp_path):
    out, _, n = batch_output
    settings = load_settings(env={})
    with open_store(f"sqlite:///{tmp_path / 'first.db'}", settings) as store:
        load_output(out, store)
        expected = snapshot(store)
    other = Document(text="A note that is not in the batch and tells no event.", source="note")
    with open_store(f"sqlite:///{tmp_path / 'second.db'}", settings) as store:
        store.write_document(other, [])  # fusion already holds a document: the batch's is not stored
        loaded = load_output(out, store)
        assert loaded["fusion"] == "on ingest" and loaded["stored"] == n
        got = snapshot(store)
    for part in ("copies", "stories"):
        assert got[part].pop(other.doc_id) == ("s" if part == "stories" else "") + other.doc_id
    assert got == expected


def test_batch_without_fusion_leaves_none(batch_output, tmp_path):
    out, _, _ = batch_output
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"text": bundled()[0].text}) + "\n", "utf-8")
    fresh = tmp_path / "out"
    (fresh / "fusion" / "fused_events").mkdir(parents=True)  # left by an earlier run
    counts = run_batch([str(folder)], fresh, load_settings(env={}), master="local[2]", partitions=1, fuse=False)
    assert "fusion" not in counts and not (fresh / "fusion").exists()

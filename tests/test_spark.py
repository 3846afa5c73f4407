"""The Spark job on local[2] gives the same records as `armswatch ingest` for the same articles."""

import shutil

import pytest

pyspark = pytest.importorskip("pyspark", reason="PySpark not installed: pip install 'armswatch[spark]'")
if shutil.which("java") is None:
    pytest.skip("no Java runtime: Spark needs one", allow_module_level=True)

pytestmark = pytest.mark.spark

from armswatch.config import load_settings  # noqa: E402
from armswatch.scale.batch import run_batch  # noqa: E402
from armswatch.scale.load import load_output  # noqa: E402

from conftest import EXAMPLES  # noqa: E402


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    lines = (EXAMPLES / "articles" / "centcom_press_releases.jsonl").read_text("utf-8").splitlines()[:6]
    (folder / "a.jsonl").write_text("\n".join(lines[:4]) + "\n", "utf-8")
    # an exact duplicate of one article in a second file, and a broken line: merged, and reported
    (folder / "b.jsonl").write_text(lines[0] + "\n{not json\n" + lines[4] + "\n", "utf-8")
    (folder / "seed.jsonl").write_text((EXAMPLES / "articles" / "arab_news_seed.jsonl").read_text("utf-8"), "utf-8")
    return folder


@pytest.fixture(scope="module")
def batch_output(articles, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch") / "out"
    settings = load_settings(env={})
    counts = run_batch([str(articles)], out, settings, master="local[2]", partitions=3)
    return out, counts


def _rows_from_store(store):
    return {row["id"]: row for row in store.iter_records(as_dicts=True)}


def test_batch_reports_bad_input_and_merges_duplicates(batch_output):
    out, counts = batch_output
    assert counts["documents"] == 6  # 5 distinct CENTCOM releases + the seed article
    assert counts["errors"] == 1 and "b.jsonl" in counts["error_list"][0]["source"]
    assert (out / "documents").is_dir() and any((out / "records").glob("published=*/kind=*"))


def test_batch_and_ingest_give_the_same_records(articles, batch_output, tmp_path):
    from armswatch.ingest.loop import ingest_inputs
    from armswatch.store import open_store

    out, _ = batch_output
    settings = load_settings(env={})
    via_batch = open_store(f"sqlite:///{tmp_path / 'batch.db'}", settings)
    load_output(out, via_batch)
    via_ingest = open_store(f"sqlite:///{tmp_path / 'ingest.db'}", settings)
    ingest_inputs([str(articles)], settings, via_ingest, progress=False)
    batch_rows, ingest_rows = _rows_from_store(via_batch), _rows_from_store(via_ingest)
    assert len(batch_rows) > 50
    assert batch_rows.keys() == ingest_rows.keys()
    for record_id, row in batch_rows.items():
        if row["kind"] != "document":  # the document record lists sources, found in a different order
            assert row == ingest_rows[record_id]


def test_rerun_writes_the_same_output(articles, batch_output, tmp_path):
    import pyarrow.dataset as ds

    out, _ = batch_output

    def rows(folder):
        table = ds.dataset(folder / "records", format="parquet", partitioning="hive").to_table(columns=["id", "data"])
        return sorted(zip(table.column("id").to_pylist(), table.column("data").to_pylist()))

    first = rows(out)
    run_batch([str(articles)], out, load_settings(env={}), master="local[2]", partitions=2)
    assert rows(out) == first

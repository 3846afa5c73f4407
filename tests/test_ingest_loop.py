"""The ingest loop against a temporary SQLite file: duplicates, re-ingest, per-document failures, a locked
database, and the `armswatch ingest` command's summary and exit status."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
from test_ingest_helpers import ARTICLE, GERMAN, article_html  # noqa: E402

from armswatch.config import load_settings  # noqa: E402
from armswatch.errors import StoreLocked  # noqa: E402
from armswatch.extract import register  # noqa: E402
from armswatch.ingest import loop as loop_module  # noqa: E402
from armswatch.ingest.loop import ingest_inputs  # noqa: E402
from armswatch.store import open_store  # noqa: E402
from armswatch.store.schema import document_sources, documents  # noqa: E402


@register("test_explodes", "0.1")
def _explodes(ctx):
    """An extractor with a bug that shows only on some documents."""
    if "EXPLODE" in ctx.text:
        raise RuntimeError("extractor bug")
    return []


@pytest.fixture(scope="module")
def settings():
    return load_settings(env={})


@pytest.fixture(scope="module")
def pipeline(settings):
    from armswatch.pipeline import Pipeline

    return Pipeline(settings, extractors=["test_explodes"])


@pytest.fixture
def store(tmp_path, settings):
    store = open_store(f"sqlite:///{tmp_path / 'test.db'}", settings)
    yield store
    store.close()


def _ingest(inputs, settings, store, pipeline, **kwargs):
    return ingest_inputs([str(i) for i in inputs], settings, store, progress=False, pipeline=pipeline, **kwargs)


def _sources(store) -> dict[str, list[str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(document_sources.c.doc_id, document_sources.c.source)).all()
    out: dict[str, list[str]] = {}
    for doc_id, source in rows:
        out.setdefault(doc_id, []).append(source)
    return {doc_id: sorted(sources) for doc_id, sources in out.items()}


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, "utf-8")
    (folder / "b.html").write_bytes(article_html(ARTICLE.replace("rifles", "drones")))
    (folder / "c.jsonl").write_text(json.dumps({"text": ARTICLE.replace("rifles", "tanks"), "published": "2024-01-02"})
                                    + "\n{broken\n", "utf-8")
    (folder / "de.txt").write_text(GERMAN, "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    return folder


def test_ingest_stores_and_reports(tmp_path, settings, store, pipeline):
    summary = _ingest([_corpus(tmp_path / "in")], settings, store, pipeline)
    assert (summary.read, summary.stored, summary.duplicates) == (3, 3, 0)
    assert sorted(i.code for i in summary.failed) == ["AW101", "AW105"]
    assert [i.code for i in summary.skipped] == ["AW109"]
    assert not summary.ok
    assert store.stats()["documents"] == 3


def test_reingest_adds_nothing(tmp_path, settings, store, pipeline):
    corpus = _corpus(tmp_path / "in")
    _ingest([corpus], settings, store, pipeline)
    before = (store.stats(), _sources(store))
    again = _ingest([corpus], settings, store, pipeline)
    assert again.stored == 0 and again.duplicates == again.read == 3
    after = (store.stats(), _sources(store))
    assert after == before


def test_duplicates_across_inputs_stored_once_with_both_sources(tmp_path, settings, store, pipeline):
    (tmp_path / "one.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "two.txt").write_text("  " + ARTICLE.upper() + "\n", "utf-8")  # same normalised text
    summary = _ingest([tmp_path / "one.txt"], settings, store, pipeline)
    summary2 = _ingest([tmp_path / "two.txt"], settings, store, pipeline)
    assert (summary.stored, summary2.stored, summary2.duplicates) == (1, 0, 1)
    assert list(_sources(store).values()) == [sorted([str(tmp_path / "one.txt"), str(tmp_path / "two.txt")])]


def test_duplicates_within_one_run_stored_once(tmp_path, settings, store, pipeline):
    for name in ("x.txt", "y.txt", "z.txt"):
        (tmp_path / name).write_text(ARTICLE, "utf-8")
    summary = _ingest([tmp_path / "x.txt", tmp_path / "y.txt", tmp_path / "z.txt"], settings, store, pipeline)
    assert (summary.read, summary.stored, summary.duplicates) == (3, 1, 2)
    (sources,) = _sources(store).values()
    assert [Path(s).name for s in sources] == ["x.txt", "y.txt", "z.txt"]


def test_extraction_failure_fails_that_document_only(tmp_path, settings, store, pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(ARTICLE, "utf-8")
    (folder / "bad.txt").write_text(ARTICLE + " EXPLODE", "utf-8")
    (folder / "ok2.txt").write_text(ARTICLE.replace("rifles", "rockets"), "utf-8")
    summary = _ingest([folder], settings, store, pipeline)
    assert summary.stored == 2
    (failure,) = summary.failed
    assert failure.input == str(folder / "bad.txt") and "extractor bug" in failure.reason
    with store.engine.connect() as connection:
        assert connection.scalar(select(documents.c.doc_id).where(documents.c.text.contains("EXPLODE"))) is None


class _LockedStore:
    """A store whose writes meet a locked database the first ``locked_writes`` times."""

    def __init__(self, store, locked_writes: int):
        self.store, self.locked_writes = store, locked_writes

    def __getattr__(self, name):
        return getattr(self.store, name)

    def write_document(self, document, records):
        if self.locked_writes:
            self.locked_writes -= 1
            raise StoreLocked("database is locked", source="sqlite:///test.db")
        return self.store.write_document(document, records)


def test_locked_database_retried(tmp_path, settings, store, pipeline, monkeypatch):
    monkeypatch.setattr(loop_module, "LOCK_BACKOFF_S", 0.0)
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    summary = _ingest([tmp_path / "a.txt"], settings, _LockedStore(store, 2), pipeline)
    assert summary.stored == 1 and summary.ok


def test_locked_database_fails_the_document_with_a_clear_message(tmp_path, settings, store, pipeline, monkeypatch):
    monkeypatch.setattr(loop_module, "LOCK_BACKOFF_S", 0.0)
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("rifles", "mortars"), "utf-8")
    locked = _LockedStore(store, loop_module.LOCK_RETRIES + 1)
    summary = _ingest([tmp_path / "a.txt", tmp_path / "b.txt"], settings, locked, pipeline)
    (failure,) = summary.failed
    assert failure.code == "AW301" and failure.input == str(tmp_path / "a.txt") and "gave up" in failure.reason
    assert summary.stored == 1  # the batch went on; b was stored


def test_cli_ingest_exit_status_and_summary(tmp_path):
    from typer.testing import CliRunner

    from armswatch.cli import app

    config = tmp_path / "settings.toml"
    config.write_text("[extract]\nenabled = []\n", "utf-8")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(ARTICLE, "utf-8")
    (good / "de.txt").write_text(GERMAN, "utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(good), "--db", db, "--config", str(config), "-q"])
    assert result.exit_code == 0, result.output  # a non-English skip is not a failure
    assert "AW109" in result.output and "stored" in result.output
    (tmp_path / "empty.txt").write_text("", "utf-8")
    result = runner.invoke(app, ["ingest", str(good), str(tmp_path / "empty.txt"), "--db", db, "--config",
                                 str(config), "-q"])
    assert result.exit_code == 1 and "AW101" in result.output
    result = runner.invoke(app, ["ingest", str(good), "--db", db, "--published", "yesterday", "-q"])
    assert result.exit_code == 2


@pytest.mark.slow  # each worker process loads spaCy: ~40 s on a busy 2-core machine
def test_worker_processes_store_the_same_documents(tmp_path):
    from armswatch.pipeline import Pipeline

    settings = load_settings(env={"ARMSWATCH__NLP__BATCH_SIZE": "2"})
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(7):
        (folder / f"{i}.txt").write_text(ARTICLE.replace("rifles", f"rifles of lot {i}"), "utf-8")
    (folder / "copy.txt").write_text(ARTICLE.replace("rifles", "rifles of lot 3"), "utf-8")
    results = []
    for workers in (1, 2):
        store = open_store(f"sqlite:///{tmp_path / f'w{workers}.db'}", settings)
        summary = ingest_inputs([str(folder)], settings, store, progress=False,
                                pipeline=Pipeline(settings, extractors=[]), workers=workers)
        results.append(((summary.read, summary.stored, summary.duplicates), _sources(store)))
        store.close()
    assert results[0] == results[1]
    assert results[0][0] == (8, 7, 1)


def test_copies_of_a_failing_document_fail_with_it(tmp_path, settings, store, pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad1.txt").write_text(ARTICLE + " EXPLODE", "utf-8")
    (folder / "bad2.txt").write_text(ARTICLE + " EXPLODE", "utf-8")
    summary = _ingest([folder], settings, store, pipeline)
    assert (summary.read, summary.stored, summary.duplicates) == (2, 0, 0)
    assert sorted(Path(i.input).name for i in summary.failed) == ["bad1.txt", "bad2.txt"]

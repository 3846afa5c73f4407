"""The extractor registry and the context's services: declared use, providers run first, a failing
extractor fails its document with AW204 while the others run."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_ingest_helpers import ARTICLE  # noqa: E402

from armswatch.config import load_settings  # noqa: E402
from armswatch.document import Document  # noqa: E402
from armswatch.errors import BadSetting, ExtractorFailed, UnknownExtractor  # noqa: E402
from armswatch.extract import Context, ordered, register  # noqa: E402

SEEN: dict[str, object] = {}


@register("test_uses_actor_at", "0.1", uses=("actor_at", "sentence_date"))
def _uses_actor_at(ctx):
    SEEN["actor"] = ctx.actor_at(0, 8)  # "Pakistan" at the start of the text
    SEEN["date"] = ctx.sentence_date(0, 8)
    SEEN["has"] = (ctx.has_service("actor_at"), ctx.has_service("no_such_service"))
    return []


@register("test_boom", "0.1")
def _boom(ctx):
    raise ValueError("boom on purpose")


@pytest.fixture(scope="module")
def settings():
    return load_settings(env={})


def test_settings_get_takes_a_default(settings):
    assert settings.get("no.such_key", 7) == 7 and settings.get("no.such_key", None) is None
    assert settings.get("nlp.batch_size", 7) == settings.get("nlp.batch_size")
    with pytest.raises(BadSetting):
        settings.get("no.such_key")


def test_a_used_service_runs_its_provider_first():
    names = [e.name for e in ordered(["test_uses_actor_at"])]
    assert names.index("actors") < names.index("test_uses_actor_at")
    assert names.index("time") < names.index("test_uses_actor_at")  # sentence_date reads the time expressions
    with pytest.raises(UnknownExtractor):
        ordered(["no_such_extractor"])


def test_services_answer_through_the_context(settings):
    from armswatch.pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=["test_uses_actor_at"])
    pipeline(Document(text="Pakistan said on 3 March 2024 that it had seized 40 rifles.", published="2024-03-05"))
    assert SEEN["actor"] is not None and SEEN["actor"].country == "PAK"
    assert SEEN["date"] == "2024-03-03"
    assert SEEN["has"] == (True, False)


def test_a_service_whose_extractor_does_not_run_is_absent(settings):
    ctx = Context(document=Document(text="Pakistan said so."), doc=None, settings=settings,
                  extractors=frozenset({"test_uses_actor_at"}))
    assert not ctx.has_service("actor_at") and ctx.actor_at(0, 8) is None and ctx.places() == []
    assert ctx.has_service("resolve_name") and ctx.resolve_name("Islamabad").country == "PAK"  # reads no records


def test_cached_computes_once_per_context(settings):
    ctx = Context(document=Document(text="x"), doc=None, settings=settings)
    calls = []
    assert ctx.cached("k", lambda: calls.append(1) or 5) == 5
    assert ctx.cached("k", lambda: calls.append(1) or 6) == 5 and len(calls) == 1


def test_a_failing_extractor_is_logged_the_others_run_and_the_document_fails(settings, caplog):
    from armswatch.pipeline import Pipeline

    pipeline = Pipeline(settings, extractors=["test_boom", "quantities"])
    document = Document(text=ARTICLE, source="bad.txt")
    with caplog.at_level(logging.ERROR, logger="armswatch.pipeline"), pytest.raises(ExtractorFailed) as failure:
        pipeline(document)
    assert failure.value.code == "AW204" and "test_boom" in failure.value.message
    assert failure.value.source == "bad.txt"
    logged = [r.getMessage() for r in caplog.records]
    assert any("test_boom" in m and document.doc_id in m for m in logged), logged
    assert pipeline.timings["quantities"] > 0  # the extractor after the failing one still ran


def test_ingest_counts_the_failed_document_with_its_code(tmp_path, settings):
    from armswatch.ingest.loop import ingest_inputs
    from armswatch.pipeline import Pipeline
    from armswatch.store import open_store

    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'f.db'}", settings)
    try:
        summary = ingest_inputs([str(tmp_path / "a.txt")], settings, store, progress=False,
                                pipeline=Pipeline(settings, extractors=["test_boom"]))
        assert summary.stored == 0 and [i.code for i in summary.failed] == ["AW204"]
        assert not store.has_document(Document(text=ARTICLE).doc_id)
    finally:
        store.close()

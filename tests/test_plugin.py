"""A plugin found through the ``armswatch.extractors`` entry points, as an installed package would be: it adds
a record kind of its own and uses a context service; its records reach the store, the exports and the API."""

from __future__ import annotations

import csv
import importlib
import io
import json
import sys
import textwrap

import pytest

from armswatch.config import load_settings
from armswatch.document import Document

PLUGIN = '''
"""A tiny armswatch plugin: one 'tally' record per document, naming the actor the text opens with."""
from armswatch.extract import register
from armswatch.records import GenericRecord, record_id


@register("tally", "0.1", uses=("actor_at",))
def tally(ctx):
    first = ctx.actor_at(0, ctx.text.index(" "))
    return [GenericRecord(kind="tally", id=record_id(ctx.doc_id, "tally"), doc_id=ctx.doc_id,
                          evidence=[ctx.span(0, len(ctx.text.split(".")[0]))], confidence=0.9,
                          extractor={"name": "tally", "version": "0.1"}, words=len(ctx.text.split()),
                          first_actor=first.name if first else None, name=first.name if first else None)]
'''
extract_module = importlib.import_module("armswatch.extract")  # the package (armswatch.extract is also a function)
TEXT = "Pakistan said on Monday that its police had seized 40 rifles in Peshawar. The haul was the year's largest."


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """The plugin as an installed distribution: a module and a dist-info folder with its entry point."""
    (tmp_path / "armswatch_tally.py").write_text(textwrap.dedent(PLUGIN), "utf-8")
    info = tmp_path / "armswatch_tally-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: armswatch-tally\nVersion: 0.1\n", "utf-8")
    (info / "entry_points.txt").write_text("[armswatch.extractors]\ntally = armswatch_tally\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(extract_module, "_loaded", False)  # look at the entry points again
    yield
    extract_module.REGISTRY.pop("tally", None)
    sys.modules.pop("armswatch_tally", None)


def test_a_plugin_kind_reaches_the_store_the_exports_and_the_api(plugin, tmp_path):
    from fastapi.testclient import TestClient

    from armswatch.pipeline import Pipeline
    from armswatch.records import GenericRecord
    from armswatch.store import open_store
    from armswatch.web import create_app

    assert "armswatch_tally" not in sys.modules
    settings = load_settings(env={})
    pipeline = Pipeline(settings, extractors=["tally"])
    names = [e.name for e in pipeline.extractors]
    assert names[-1] == "tally" and "actors" in names  # the service's provider runs first
    document = Document(text=TEXT, title="Seizure", published="2024-03-05", source="plugin.txt")
    found = pipeline(document)
    (tally,) = [r for r in found if r.kind == "tally"]
    assert tally.first_actor == "Pakistan" and tally.words == len(TEXT.split())

    store = open_store(f"sqlite:///{tmp_path / 'plugin.db'}", settings)
    try:
        store.write_document(document, found)
        (back,) = store.iter_records(kind="tally")
        assert isinstance(back, GenericRecord) and back.first_actor == "Pakistan" and back.id == tally.id
        assert "tally" in store.kinds()

        out = io.StringIO()
        assert store.export("tally", "jsonl", out) == 1
        assert json.loads(out.getvalue())["words"] == tally.words
        out = io.StringIO()
        store.export("tally", "csv", out)
        (row,) = csv.DictReader(io.StringIO(out.getvalue()))
        assert json.loads(row["fields"])["first_actor"] == "Pakistan" and row["extractor"] == "tally@0.1"

        with TestClient(create_app(store)) as client:
            listed = client.get("/search.json", params={"kind": "tally"}).json()["records"]["items"]
            assert [r["id"] for r in listed] == [tally.id]
            assert client.get(f"/records/{tally.id}.json").json()["first_actor"] == "Pakistan"
            dashboard = client.get("/search").text
            assert "/search?kind=tally" in dashboard  # the dashboard counts the plugin's kind
            page = client.get(f"/documents/{document.doc_id}").text
            assert 'data-kind="tally"' in page  # and the document page shows its records
    finally:
        store.close()


def test_a_plugin_that_fails_to_load_is_named_when_asked_for(tmp_path, monkeypatch):
    from armswatch.errors import PluginFailed
    from armswatch.extract import ordered

    (tmp_path / "armswatch_broken.py").write_text("raise ImportError('a missing dependency')\n", "utf-8")
    info = tmp_path / "armswatch_broken-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: armswatch-broken\nVersion: 0.1\n", "utf-8")
    (info / "entry_points.txt").write_text("[armswatch.extractors]\nbroken = armswatch_broken\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(extract_module, "_loaded", False)
    monkeypatch.setattr(extract_module, "_broken", {})
    assert [e.name for e in ordered(["time"])] == ["time"]  # the others still load
    with pytest.raises(PluginFailed, match="a missing dependency") as failure:
        ordered(["broken"])
    assert failure.value.code == "AW205"

"""Toll figures on fused events: the values the independent sources report, with their spread, in the
fused event itself, its exports, the JSON API and its page. Reports written here (three outlets and a
syndicated copy of one); no gold data needed."""

from __future__ import annotations

import csv
import json
from html import unescape

import pytest

from armswatch.document import Document
from armswatch.fuse import store as fused
from armswatch.fuse.summary import summarise
from armswatch.store import open_store

REPORTS = [
    ("https://a.example/1", "MAIDUGURI, Nigeria: Nigerian troops killed at least 12 Boko Haram fighters in an "
     "ambush near the town of Bama in Borno state on Monday, the army said. The soldiers also recovered rifles "
     "and ammunition from the insurgents, a spokesman said."),
    ("https://b.example/2", "Nigeria's army said its soldiers killed 15 Boko Haram militants on Monday when the "
     "insurgents attacked a military base outside Bama, in Borno state. Residents said the fighting lasted "
     "several hours."),
    ("https://c.example/3", "Nigerian soldiers killed 12 Boko Haram insurgents in Borno state on Monday, military "
     "officials told reporters, after the group ambushed a convoy near Bama."),
]


def _member(event_id, doc_id, group, **data):
    return {"event_id": event_id, "doc_id": doc_id, "copy_group": group, "published": None, "url": None,
            "features": {"date": None, "family": "material_conflict"}, "data": {"type": "ASSAULT", **data}}


def test_summary_counts_a_copied_figure_once_and_gives_the_spread():
    members = [_member("e1", "d1", "d1", fatalities=12, fatalities_qualifier="at_least", injured=30),
               _member("e2", "d2", "d1", fatalities=12, fatalities_qualifier="at_least"),  # a copy of d1
               _member("e3", "d3", "d3", fatalities=15),
               _member("e4", "d4", "d4", fatalities=12, injured=None)]
    figures = {f["figure"]: f for f in summarise("fe1", members)["figures"]}
    assert set(figures) == {"fatalities", "injured"}  # no report gives an abducted figure
    deaths = figures["fatalities"]
    assert (deaths["low"], deaths["high"], deaths["spread"], deaths["reports"], deaths["sources"]) == (12, 15, 3, 4, 3)
    assert [(v["value"], v["qualifier"], v["reports"], v["sources"]) for v in deaths["values"]] == [
        (12, "at_least", 2, 1), (12, "exact", 1, 1), (15, "exact", 1, 1)]
    assert figures["injured"]["values"] == [{"value": 30, "qualifier": "exact", "reports": 1,
                                             "source_groups": ["d1"], "sources": 1}]
    assert summarise("fe2", [_member("e9", "d9", "d9")])["figures"] == []


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline):
    docs = [Document(text=text, url=url, published="2025-02-17", source=url) for url, text in REPORTS]
    copy = "Army: Boko Haram fighters killed\n\n" + REPORTS[0][1] + "\n\nCopyright 2025 Example Wire."
    docs.append(Document(text=copy, url="https://copy.example/1", published="2025-02-17", source="copy"))
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('tolls') / 't.db'}")
    for doc, records in pipeline.run(docs):
        store.write_document(doc, records)
    yield store
    store.close()


@pytest.fixture(scope="module")
def toll_event(store):
    with store.reading() as c:
        found = [f for f in fused.fused_events(c) if f["figures"]]
    assert len(found) == 1, found
    return found[0]


def test_fused_event_holds_each_sources_figure(toll_event):
    assert (toll_event["documents"], toll_event["sources"]) == (4, 3)
    deaths = toll_event["figures"][0]
    assert (deaths["figure"], deaths["low"], deaths["high"], deaths["sources"]) == ("fatalities", 12, 15, 3)
    copied = next(v for v in deaths["values"] if v["qualifier"] == "at_least")
    assert (copied["value"], copied["reports"], copied["sources"]) == (12, 2, 1)  # the copy counts once


def test_figures_in_the_exports(store, toll_event, tmp_path):
    import pyarrow.parquet as pq

    store.export("fused_event", "jsonl", tmp_path / "f.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text("utf-8").splitlines()]
    assert next(e for e in lines if e["id"] == toll_event["id"])["figures"] == toll_event["figures"]
    store.export("fused_event", "csv", tmp_path / "f.csv")
    row = next(r for r in csv.DictReader((tmp_path / "f.csv").open(encoding="utf-8")) if r["id"] == toll_event["id"])
    assert (row["fatalities_low"], row["fatalities_high"]) == ("12", "15")
    assert row["fatalities_values"] == "at_least 12; 12; 15" and row["injured_low"] == ""
    store.export("fused_event", "parquet", tmp_path / "f.parquet")
    table = pq.read_table(tmp_path / "f.parquet").to_pylist()
    got = next(r for r in table if r["id"] == toll_event["id"])
    assert (got["fatalities_low"], got["fatalities_high"], got["abducted_low"]) == (12, 15, None)


def test_figures_in_the_api_and_the_page(store, toll_event):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from armswatch.web import create_app

    with TestClient(create_app(store)) as client:
        data = client.get(f"/fused/{toll_event['id']}.json").json()
        assert data["figures"] == toll_event["figures"]
        listed = client.get("/fused.json", params={"limit": 500}).json()["items"]
        assert next(f for f in listed if f["id"] == toll_event["id"])["figures"] == toll_event["figures"]
        page = unescape(client.get(f"/fused/{toll_event['id']}").text)
    assert "spread 12–15" in page and "at least <b>12</b>" in page and "from 4 reports, 3 sources" in page

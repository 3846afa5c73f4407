"""Fused events and stories on the dashboard: their pages and JSON twins, and the links to them.

The store holds the bundled articles with two edited copies each (as in test_fuse), run through the real
pipeline and fused on ingest, so every fused event has copies among its reports: the pages must count
them once as a source and mark them.
"""

from __future__ import annotations

from html import unescape

import pytest

pytest.importorskip("fastapi")

from armswatch.fuse import store as fusion  # noqa: E402
from armswatch.store import open_store  # noqa: E402

from test_fuse import bundled, with_copies  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline):
    docs = [doc for doc, _ in with_copies(bundled(), per_doc=2)]
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('fusedweb') / 'w.db'}")
    for doc, records in pipeline.run(docs):
        store.write_document(doc, records)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(store):
    from fastapi.testclient import TestClient

    from armswatch.web import create_app

    with TestClient(create_app(store), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def stored(store):
    with store.reading() as c:
        return {"fused": fusion.fused_events(c), "stories": fusion.stories(c)}


def test_fused_list_pages_and_filters(client, stored):
    everything = stored["fused"]
    assert len(everything) >= 10
    first = client.get("/fused.json", params={"limit": 4}).json()
    assert first["total"] == len(everything) and first["has_more"] and len(first["items"]) == 4
    second = client.get("/fused.json", params={"limit": 4, "offset": 4}).json()
    assert not {f["id"] for f in first["items"]} & {f["id"] for f in second["items"]}
    last = client.get("/fused.json", params={"limit": 500}).json()
    assert not last["has_more"] and {f["id"] for f in last["items"]} == {f["id"] for f in everything}
    kind = everything[0]["type"]
    typed = client.get("/fused.json", params={"type": kind.lower(), "limit": 500}).json()
    assert typed["items"] and {f["type"] for f in typed["items"]} == {kind}
    assert typed["total"] == sum(1 for f in everything if f["type"] == kind)
    # the bundled articles are from 2016 and 2025: "since 2020" keeps the newer ones only
    recent = client.get("/fused.json", params={"since": "2020", "limit": 500}).json()["items"]
    assert 0 < len(recent) < len(everything) and all(f["last_seen"] >= "2020" for f in recent)
    several = client.get("/fused.json", params={"min_sources": 2, "limit": 500}).json()["items"]
    assert [f["id"] for f in several] == [f["id"] for f in everything if f["sources"] >= 2]
    assert client.get("/fused.json", params={"since": "last week"}).status_code == 400
    page = unescape(client.get("/fused", params={"limit": 4}).text)
    shown = first["items"][0]
    assert f'href="/fused/{shown["id"]}"' in page
    assert f'reported {shown["documents"]} times by {shown["sources"]} source' in page
    assert 'rel="next"' in page and 'href="/events"' in page  # paged; the raw records still reachable


def test_fused_event_page_shows_its_reports_side_by_side(client, store, stored):
    chosen = max(stored["fused"], key=lambda f: (f["documents"], f["id"]))
    assert chosen["documents"] > chosen["sources"]  # copies among its reports
    data = client.get(f"/fused/{chosen['id']}.json").json()
    assert (data["documents"], data["sources"], data["type"]) == (chosen["documents"], chosen["sources"], chosen["type"])
    assert {r["event"] for r in data["reports"]} == {r["event"] for r in chosen["reports"]}
    documents = {d["doc_id"]: d for d in client.get("/documents.json", params={"limit": 500}).json()["items"]}
    for report in data["reports"]:
        doc = client.get(f"/documents/{report['doc_id']}.json").json()
        assert report["sentence"] and report["sentence"] in doc["text"]
        assert report["title"] == documents[report["doc_id"]]["title"]
        assert report["record"]["id"] == report["event"] and report["record"]["type"]
    originals = [r for r in data["reports"] if r["copy_of"] is None]
    copies = [r for r in data["reports"] if r["copy_of"] is not None]
    assert {r["copy_group"] for r in originals} == {r["copy_group"] for r in data["reports"]}
    assert copies and all(c["copy_of"] in {o["doc_id"] for o in originals if o["copy_group"] == c["copy_group"]}
                          for c in copies)
    with store.reading() as c:
        for report in copies:
            assert report["copy_of"] in fusion.copies_of(c, report["doc_id"])
        assert data["stories"] == sorted({fusion.story_of(c, r["doc_id"]) for r in data["reports"]})
    page = unescape(client.get(f"/fused/{chosen['id']}").text)
    assert page.count('class="figure report') == len(data["reports"])
    assert page.count('class="figure report copy"') == len(copies)
    assert f"{data['documents']} documents" in page.replace("<b>", "").replace("</b>", "")
    for report in data["reports"]:
        assert report["sentence"] in page and f'href="/documents/{report["doc_id"]}' in page
    assert client.get("/fused/no-such-event.json").status_code == 404


def test_stories_list_and_page(client, store, stored):
    listed = client.get("/stories.json").json()
    assert listed["total"] == len(stored["stories"]) and [s["id"] for s in listed["items"]] == [s["id"] for s in stored["stories"]]
    paged = client.get("/stories.json", params={"limit": 2, "offset": 2}).json()
    assert [s["id"] for s in paged["items"]] == [s["id"] for s in stored["stories"][2:4]]
    big = stored["stories"][0]
    assert len(big["documents"]) > 1
    data = client.get(f"/stories/{big['id']}.json").json()
    assert [d["doc_id"] for d in data["document_list"]] == sorted(data["documents"], key=lambda d: (
        next(x["published"] for x in data["document_list"] if x["doc_id"] == d) or "~", d))
    assert set(data["documents"]) == set(big["documents"]) and {d["url"] for d in data["document_list"]} == set(big["urls"])
    with store.reading() as c:
        expected = {f["id"] for f in fusion.fused_events(c, story_id=big["id"])}
    assert expected and {f["id"] for f in data["fused_events"]} == expected
    # one document per copy group is not marked; the others name a document of their own group
    groups = {d["copy_group"] for d in data["document_list"]}
    assert sum(1 for d in data["document_list"] if d["copy_of"] is None) == len(groups) == data["sources"]
    page = unescape(client.get(f"/stories/{big['id']}").text)
    for doc in data["document_list"]:
        assert f'href="/documents/{doc["doc_id"]}"' in page and doc["url"] in page
    for fused_id in expected:
        assert f'href="/fused/{fused_id}"' in page
    assert client.get("/stories/no-such-story").status_code == 404
    listing = unescape(client.get("/stories").text)
    assert all(f'href="/stories/{s["id"]}"' in listing for s in stored["stories"])


def test_dashboard_lists_the_latest_fused_events(client, stored):
    data = client.get("/search.json").json()
    assert data["fused_events"]["total"] == len(stored["fused"])
    latest = [f["id"] for f in stored["fused"][:len(data["fused_events"]["items"])]]
    assert [f["id"] for f in data["fused_events"]["items"]] == latest and latest
    assert {"stats", "facets", "documents", "records"} <= set(data)  # the fields it had before, still there
    page = unescape(client.get("/").text)
    assert f'<b>{len(stored["fused"])}</b> events' in page
    assert all(f'href="/fused/{fused_id}"' in page for fused_id in latest)
    assert client.get("/search.json", params={"q": "Taliban"}).json()["fused_events"] is None  # a search, not the dashboard


def test_event_records_and_documents_link_their_fused_events(client, store):
    events = client.get("/events.json", params={"limit": 500}).json()
    assert not events["has_more"] and {"items", "total", "filters"} <= set(events)
    with store.reading() as c:
        for item in events["items"]:
            fused_id = fusion.fused_event_of(c, item["id"])
            assert item["_fused"]["id"] == fused_id
            expected = fusion.fused_event(c, fused_id)
            assert (item["_fused"]["documents"], item["_fused"]["sources"]) == (expected["documents"], expected["sources"])
    page = unescape(client.get("/events", params={"limit": 10}).text)
    first = events["items"][0]["_fused"]
    assert f'href="/fused/{first["id"]}"' in page and 'href="/fused"' in page
    record = events["items"][0]
    assert client.get(f"/records/{record['id']}.json").json()["_fused"] == record["_fused"]
    assert f'href="/fused/{record["_fused"]["id"]}"' in client.get(f"/records/{record['id']}").text
    doc = client.get(f"/documents/{record['doc_id']}.json").json()
    mine = [e for e in events["items"] if e["doc_id"] == record["doc_id"]]
    with store.reading() as c:
        assert doc["fusion"]["story"] == fusion.story_of(c, record["doc_id"])
        assert set(doc["fusion"]["copies"]) == set(fusion.copies_of(c, record["doc_id"])) - {record["doc_id"]}
    assert doc["fusion"]["copies"]  # each bundled article has two copies in this store
    assert {f["id"] for f in doc["fusion"]["fused_events"]} == {e["_fused"]["id"] for e in mine}
    page = client.get(f"/documents/{record['doc_id']}").text
    assert f'href="/stories/{doc["fusion"]["story"]}"' in page
    assert all(f'href="/fused/{f["id"]}"' in page for f in doc["fusion"]["fused_events"])


def test_timeline_and_map_count_fused_events_unless_raw(client, stored):
    reports = client.get("/events.json", params={"limit": 500}).json()["total"]
    assert reports > len(stored["fused"])  # copies report the same events again

    def drawn(data):
        return sum(cell["count"] for cell in data["by_type"]) + data["undated"] + data["unplaced"]

    fused = client.get("/timeline.json").json()
    raw = client.get("/timeline.json", params={"raw": "true"}).json()
    assert (fused["counting"], raw["counting"]) == ("fused", "records")
    assert drawn(fused) == len(stored["fused"]) and drawn(raw) == reports
    assert {c["type"] for c in fused["by_type"]} == {f["type"] for f in stored["fused"] if f["date_low"]}
    assert 'href="?raw=1"' in client.get("/timeline").text  # a way to the raw counts, and back
    assert 'href="/timeline?type=AGREE"' in client.get("/timeline", params={"raw": 1, "type": "AGREE"}).text
    places = client.get("/map.json").json()["places"]
    raw_places = {p["name"]: p["events"] for p in client.get("/map.json", params={"raw": 1}).json()["places"]}
    assert any(p["events"] for p in places)
    for place in places:
        assert place["events"] == sum(1 for f in stored["fused"] if f["place"] == place["name"]), place
        assert raw_places[place["name"]] >= place["events"]
    assert sum(raw_places.values()) > sum(p["events"] for p in places)


def test_charts_count_the_same_through_the_fused_table_and_through_the_reports(store):
    """Without filters the charts count from the fused events' table; with one they count each fused event
    through its matching reports. A filter that every record passes (no record is reviewed wrong here) must
    give the same counts both ways."""
    from armswatch.web import queries
    from armswatch.web.queries import Filters

    plain = queries.timeline(store.engine, Filters(kind="event"))
    through = queries.timeline(store.engine, Filters(kind="event", include_wrong=False))
    for key in ("by_type", "months", "undated", "unplaced", "by_actor"):
        assert plain[key] == through[key], key
    assert queries.map_data(store.engine, Filters())["places"] == \
        queries.map_data(store.engine, Filters(include_wrong=False))["places"]


def test_arms_figures_reconciled_copies_once(client, store):
    """Each bundled article is stored with two edited copies: every figure it reports is one reconciled
    figure with its three reports and one independent source, not three figures."""
    data = client.get("/arms.json").json()
    assert data["reconciled"], "the bundled articles report counted arms figures"
    groups = {}
    for figure in data["reconciled"]:
        docs = {r["doc_id"] for r in figure["reports"]}
        assert figure["documents"] == len(docs) and 1 <= figure["sources"] <= len(docs)
        groups[(figure["holder"], figure["category"], figure["as_of"], figure["count_low"])] = figure
    tripled = [f for f in groups.values() if f["documents"] == 3 and f["sources"] == 1]
    assert tripled, "a figure of one article and its two copies counts one source"
    seed = next(f for f in data["reconciled"] if f["holder"] == "Afghanistan" and f["count_low"] == 258300)
    assert (seed["documents"], seed["sources"]) == (3, 1)
    page = unescape(client.get("/arms").text)
    assert "Figures reconciled" in page and "in 3 documents by 1 source" in page

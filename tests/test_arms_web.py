"""The arms page shows who moved or seized what: supplier → recipient, seizer and the party seized from, the
transfer status and denials (in-process HTTP client over a real SQLite store)."""

from __future__ import annotations

import pytest

from armswatch.records import Actor, ArmsRecord, record_id
from test_store import X, make_document, span


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from armswatch.store import open_store
    from armswatch.web import create_app

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('armsweb') / 'web.db'}")
    doc = make_document()
    rifles = span(doc, "rifles")
    store.write_document(doc, [
        ArmsRecord(id=record_id(doc.doc_id, "arms", 1), doc_id=doc.doc_id, evidence=[rifles], confidence=0.8,
                   extractor=X, category="rifle", raw="rifles", count=83, event="seizure",
                   seized_by=Actor(name="Nigerian Army", text="troops"),
                   seized_from=Actor(name="Boko Haram", text="Boko Haram"), holder=Actor(name="Boko Haram", text="x")),
        ArmsRecord(id=record_id(doc.doc_id, "arms", 2), doc_id=doc.doc_id, evidence=[rifles], confidence=0.8,
                   extractor=X, category="artillery", raw="howitzers", count=85, event="transfer",
                   supplier=Actor(name="United States", text="US"), recipient=Actor(name="Ukraine", text="Ukraine"),
                   status="delivered", negated=True)])
    with TestClient(create_app(store), raise_server_exceptions=False) as test_client:
        yield test_client
    store.close()


def test_arms_json_lists_the_movements(client):
    data = client.get("/arms.json").json()
    by_raw = {m["raw"]: m for m in data["movements"]}
    assert by_raw["rifles"]["seized_by"] == "Nigerian Army" and by_raw["rifles"]["seized_from"] == "Boko Haram"
    assert by_raw["howitzers"]["supplier"] == "United States" and by_raw["howitzers"]["negated"] is True


def test_arms_page_reads_supplier_to_recipient(client):
    page = client.get("/arms").text
    assert "United States → Ukraine" in page and "Nigerian Army seized from Boko Haram" in page
    assert "denied" in page

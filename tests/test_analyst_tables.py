"""The analyst's tables (issue 18): typed views with plain columns, lean storage that still gives every span's
text on every read path, full-text search with snippets, and exports with the same columns — on SQLite and
the real PostgreSQL server."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from armswatch.records import to_dict
from armswatch.store import open_store
from armswatch.store.connect import make_engine
from armswatch.store.migrate import head_revision, upgrade_on
from armswatch.store.rows import record_row
from armswatch.store.schema import records as records_table
from test_store import db_url, make_document, make_records, store  # noqa: F401  (fixtures)


def _query(store, sql: str, **params) -> list[dict]:
    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(sql), params)]


def _spans_match_document(data: dict, document_text: str) -> None:
    for span in data["evidence"]:
        assert span["text"] == document_text[span["start"]:span["end"]]


def test_events_view_answers_the_readme_query(store):
    doc = make_document()
    store.write_document(doc, make_records(doc))
    rows = _query(store, "select date, type, actor, recipient, place, sentence from events limit 5")
    assert rows == [{"date": "2025-02-17", "type": "ACCUSE", "actor": "Pakistan",
                     "recipient": "Tehreek-e-Taliban Pakistan", "place": None,
                     "sentence": "Islamabad accused the TTP."}]
    event = _query(store, "select actor_country, actor_country_name, title, url, mode, negated from events")[0]
    assert event["actor_country_name"] == "Pakistan" and event["title"] == "A test article"
    assert event["url"] == "https://example.org/a" and event["mode"] == "allege" and not event["negated"]


def test_typed_views_have_plain_columns(store):
    doc = make_document()
    store.write_document(doc, make_records(doc, holder_count=[250000, 260000]))
    arms = _query(store, "select category, count_low, count_high, holder, holder_country_name, source, models, "
                         "sentence from arms")[0]
    assert arms["count_low"] == 250000 and isinstance(arms["count_low"], int) and arms["count_high"] == 260000
    assert (arms["holder"], arms["holder_country_name"], arms["source"]) == ("Afghanistan", "Afghanistan",
                                                                            "Small Arms Survey")
    assert arms["models"] == "M4; M16" and arms["sentence"].startswith("Pakistan said on Monday")
    statement = _query(store, "select speaker, speaker_country_name, quote, direct, cue from statements")[0]
    assert statement == {"speaker": "Pakistan", "speaker_country_name": "Pakistan",
                         "quote": "Afghanistan holds 258,300 rifles", "direct": False, "cue": "said"}
    place = _query(store, "select name, text, country_name, lat, lon from places")[0]
    assert place == {"name": "Afghanistan", "text": "Afghanistan", "country_name": "Afghanistan", "lat": 33.0,
                     "lon": 65.0}
    assert _query(store, "select code, name from countries where code in ('IMG', 'PAK') order by code") == [
        {"code": "IMG", "name": "international militarised group"}, {"code": "PAK", "name": "Pakistan"}]


def test_event_at_a_place_gets_its_coordinates(store):
    doc = make_document()
    records = make_records(doc)
    event = next(r for r in records if r.kind == "event")
    records[records.index(event)] = event.model_copy(update={"place": "Afghanistan"})
    store.write_document(doc, records)
    assert _query(store, "select place, lat, lon from events") == [{"place": "Afghanistan", "lat": 33.0, "lon": 65.0}]


def test_stored_json_holds_no_span_text_and_every_read_gives_it_back(store, tmp_path):
    doc = make_document()
    written = {r.id: to_dict(r) for r in make_records(doc)}
    store.write_document(doc, list(written.values()))
    with store.engine.connect() as connection:
        stored = [row.data for row in connection.execute(records_table.select())]
    assert all("text" not in json.dumps(d["evidence"]) and "id" not in d and "extractor" not in d for d in stored)
    assert {r.id: to_dict(r) for r in store.iter_records()} == {
        k: v | ({"sources": ["a.txt"]} if v["kind"] == "document" else {}) for k, v in written.items()}
    out = io.StringIO()
    store.export(None, "jsonl", out)
    for line in out.getvalue().splitlines():
        _spans_match_document(json.loads(line), doc.text)
    arms_id = next(k for k, v in written.items() if v["kind"] == "arms")
    store.add_review(arms_id, "fixed", "ana", field="count", new_value=258301)
    fixed = next(store.iter_records(kind="arms", as_dicts=True))
    assert fixed["count"] == 258301 and fixed["evidence"] == written[arms_id]["evidence"]
    assert store.original_record(arms_id) == written[arms_id]


def test_csv_rows_carry_the_sentence_and_the_document(store):
    doc = make_document()
    store.write_document(doc, make_records(doc))
    out = io.StringIO()
    store.export("event", "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["sentence"] == "Islamabad accused the TTP." and row["title"] == "A test article"
    assert row["document_url"] == "https://example.org/a" and row["evidence_text"] == "Islamabad accused the TTP"


def test_search_ranks_documents_and_records_with_snippets(store):
    first = make_document()
    second = make_document("Kabul denied the report. Officials in Kabul said no rifles were handed over to anyone.",
                           source="b.txt")
    store.write_document(first, make_records(first))
    store.write_document(second, [])
    hits = store.search("rifles")
    assert {h["doc_id"] for h in hits if h["kind"] == "document"} == {first.doc_id, second.doc_id}
    assert all("rifles" in h["snippet"].lower() for h in hits)
    arms = store.search("rifles", kind="arms")
    assert [h["kind"] for h in arms] == ["arms"] and arms[0]["label"] == "rifle" and arms[0]["title"] == "A test article"
    assert [h["doc_id"] for h in store.search("Kabul denied", kind="document")] == [second.doc_id]
    # found by stem and by an actor's canonical name, not only by the words of the sentence
    assert store.search("accusing", kind="event") and store.search("Tehreek", kind="event")
    assert store.search("nothing-like-this-anywhere") == [] and store.search("  ") == []


def test_a_fix_moves_the_record_in_the_index(store):
    doc = make_document()
    store.write_document(doc, make_records(doc))
    event_id = next(r.id for r in make_records(doc) if r.kind == "event")
    assert store.search("Tehreek", kind="event")
    store.add_review(event_id, "fixed", "ana", field="recipients.0.name", new_value="Jamaat ul Ahrar")
    assert not store.search("Tehreek", kind="event")
    assert [h["record_id"] for h in store.search("Ahrar", kind="event")] == [event_id]


def test_migration_0007_rewrites_stored_records(db_url):  # noqa: F811
    """A database written at revision 0006 (whole JSON) comes out lean, with sentences, coordinates and a
    search index, and reads back the same records."""
    engine = make_engine(db_url)
    with engine.begin() as connection:
        upgrade_on(connection, "0006")
    doc = make_document()
    records = make_records(doc)
    later = ("sentence_start", "sentence_end", "lat", "lon")
    rows = [{k: v for k, v in record_row(to_dict(r)).items() if k not in later} | {"data": to_dict(r)} for r in records]
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO documents (doc_id, title, text, chars, ingested_at) "
                                "VALUES (:d, 'A test article', :t, :n, CURRENT_TIMESTAMP)"),
                           {"d": doc.doc_id, "t": doc.text, "n": len(doc.text)})
        connection.execute(records_table.insert(), rows)
    engine.dispose()
    store = open_store(db_url)
    try:
        assert store.stats()["schema_revision"] == head_revision()
        assert {r.id: to_dict(r) for r in store.iter_records() if r.kind != "document"} == {
            r.id: to_dict(r) for r in records if r.kind != "document"}
        assert _query(store, "select sentence from events") == [{"sentence": "Islamabad accused the TTP."}]
        assert _query(store, "select lat from places") == [{"lat": 33.0}]
        assert [h["kind"] for h in store.search("rifles", kind="arms")] == ["arms"]
    finally:
        store.close()


@pytest.mark.parametrize("args, code", [
    (["--kind", "arms", "--format", "xml"], "AW601"),
    (["--kind", "weapon", "--format", "csv"], "AW602"),
    (["--kind", "arms", "--format", "parquet"], "AW603"),
    (["--format", "csv"], "AW604"),
])
def test_export_errors_are_coded(tmp_path, args, code):
    from armswatch.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(app, ["export", *args, "--db", url])
    assert result.exit_code == 2 and f"[{code}]" in result.output, result.output


# ---- the web's ?q= and filter values --------------------------------------------------------------------


@pytest.fixture
def client(store):  # noqa: F811
    from fastapi.testclient import TestClient

    from armswatch.web import create_app

    first = make_document()
    second = make_document("Kabul denied the report. Officials in Kabul said no rifles were handed over.", source="b.txt")
    store.write_document(first, make_records(first))
    store.write_document(second, [])
    with TestClient(create_app(store), raise_server_exceptions=False) as test_client:
        yield test_client


def test_web_q_goes_through_the_search_index(client):
    events = client.get("/events.json", params={"q": "accused"}).json()["items"]
    assert [e["type"] for e in events] == ["ACCUSE"]
    assert all(s["text"] == "Islamabad accused the TTP" for e in events for s in e["evidence"])
    assert client.get("/events.json", params={"q": "rifles"}).json()["items"] == []
    titles = [d["doc_id"] for d in client.get("/documents.json", params={"q": "Kabul denied"}).json()["items"]]
    assert len(titles) == 1
    assert {d["title"] for d in client.get("/documents.json", params={"q": "rifles"}).json()["items"]} == {"A test article"}


@pytest.mark.parametrize("params", [{"date_from": "2025-13"}, {"date_to": "2025-02-30"}, {"date_from": "2025-1"}])
def test_invalid_filter_values_are_refused_with_aw504(client, params):
    answer = client.get("/events.json", params=params)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "AW504"
    assert list(params.values())[0] in answer.json()["error"]["message"]


def test_common_words_probe_each_record_and_find_the_same(client, monkeypatch):
    from armswatch.store import search

    collected = client.get("/events.json", params={"q": "accused"}).json()["items"]
    documents = client.get("/documents.json", params={"q": "rifles"}).json()["items"]
    monkeypatch.setattr(search, "COMMON_MATCHES", 0)  # every word counts as common: the probing plan
    monkeypatch.setattr(search, "COMMON_DOCUMENTS", 0)
    assert client.get("/events.json", params={"q": "accused"}).json()["items"] == collected
    assert client.get("/events.json", params={"q": "nowhere"}).json()["items"] == []
    assert client.get("/documents.json", params={"q": "rifles"}).json()["items"] == documents


def test_only_two_named_sources_make_a_conflict(store):
    first = make_document()
    store.write_document(first, make_records(first))
    second = make_document(first.text + " Others differ.", source="d.txt")
    unattributed = [r.model_copy(update={"source": None}) if r.kind == "arms" else r
                    for r in make_records(second, holder_count=300000)]
    store.write_document(second, unattributed)
    assert [f["conflict"] for f in store.arms_figures(holder="AFG")] == [False, False]
    third = make_document(first.text + " A third view.", source="e.txt")
    store.write_document(third, make_records(third, holder_count=310000, source_name="SIGAR"))
    conflicts = {f["source"]: f["conflict"] for f in store.arms_figures(holder="AFG")}
    assert conflicts == {"Small Arms Survey": True, None: False, "SIGAR": True}

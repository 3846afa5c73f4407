"""Store tests, run against SQLite (a temporary file) and a real PostgreSQL server (a fresh schema).

PostgreSQL: ARMSWATCH_TEST_POSTGRES (default postgresql+psycopg://postgres@127.0.0.1:5432/test); the tests
for it are skipped, with the reason shown, only when no server answers.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import uuid

import pytest
from sqlalchemy import create_engine, inspect, select, text

from armswatch.document import Document
from armswatch.errors import StoreError, StoreLocked, StoreUnreachable
from armswatch.store.migrate import head_revision
from armswatch.records import (Actor, ActorRecord, ArmsRecord, DocumentRecord, EventRecord, ExtractorInfo, PlaceRecord,
                               Span, StatementRecord, TimeRecord, from_dict, record_id, to_dict)
from armswatch.store import open_store
from armswatch.store.schema import records as records_table

from conftest import POSTGRES_URL

X = ExtractorInfo(name="test", version="0")


def _postgres_url_or_skip() -> str:
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: no server here
        pytest.skip(f"no PostgreSQL server answers at {POSTGRES_URL}: {type(exc).__name__}: {str(exc)[:120]}")
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL with an empty database: a new SQLite file, or a new PostgreSQL schema dropped after."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = _postgres_url_or_skip()
    schema = f"aw_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in base else "?"
    yield f"{base}{joiner}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def make_document(text_: str = "Pakistan said on Monday that Afghanistan holds 258,300 rifles, the Small Arms "
                  "Survey reported. Islamabad accused the TTP.", source: str = "a.txt") -> Document:
    return Document(text=text_, title="A test article", url="https://example.org/a", published="2025-02-17",
                    source=source, language="en")


def span(doc: Document, word: str) -> Span:
    start = doc.text.index(word)
    return Span(start=start, end=start + len(word), text=word)


def make_records(doc: Document, holder_count=258300, source_name="Small Arms Survey") -> list:
    d = doc.doc_id
    pak = Actor(name="Pakistan", text="Pakistan", type="country", country="PAK", sector="GOV")
    afg = Actor(name="Afghanistan", text="Afghanistan", type="country", country="AFG", sector="GOV")
    ttp = Actor(name="Tehreek-e-Taliban Pakistan", text="TTP", type="group", country="PAK", sector="REB")
    sas = Actor(name=source_name, text=source_name, type="organisation", country="CHE", sector="NGO")
    s_rifles = span(doc, "258,300 rifles")
    return [
        DocumentRecord(id=record_id(d, "document"), doc_id=d, evidence=[], confidence=1.0, extractor=X,
                       title=doc.title, url=doc.url, published=doc.published, sources=[doc.source]),
        TimeRecord(id=record_id(d, "time", 1), doc_id=d, evidence=[span(doc, "on Monday")], confidence=0.9,
                   extractor=X, text="on Monday", value="2025-02-17", granularity="day"),
        PlaceRecord(id=record_id(d, "place", 1), doc_id=d, evidence=[span(doc, "Afghanistan")], confidence=0.8,
                    extractor=X, text="Afghanistan", name="Afghanistan", country="AFG", lat=33.0, lon=65.0,
                    geonameid=1149361, feature="PCLI"),
        EventRecord(id=record_id(d, "event", 1), doc_id=d, evidence=[span(doc, "Islamabad accused the TTP")],
                    confidence=0.7, extractor=X, type="ACCUSE", actors=[pak], recipients=[ttp],
                    trigger="accused", date="2025-02-17", mode=["allege"]),
        StatementRecord(id=record_id(d, "statement", 1), doc_id=d, evidence=[span(doc, "Pakistan said")],
                        confidence=0.6, extractor=X, speaker=pak, text="Afghanistan holds 258,300 rifles",
                        direct=False, cue="said", date="2025-02-17"),
        ArmsRecord(id=record_id(d, "arms", 1), doc_id=d, evidence=[s_rifles], confidence=0.9, extractor=X,
                   category="rifle", class_="small_arm", raw="258,300 rifles", count=holder_count,
                   count_qualifier="exact" if not isinstance(holder_count, list) else "range",
                   models=["M4", "M16"], holder=afg, as_of="2021-08", source=sas, event="holding"),
    ]


def count_rows(store, table: str, doc_id: str | None = None) -> int:
    where = f" WHERE doc_id = '{doc_id}'" if doc_id else ""
    with store.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}{where}")).scalar()


# ---- schema -------------------------------------------------------------------------------------------


def test_migrations_create_the_schema(store):
    names = set(inspect(store.engine).get_table_names())
    assert {"documents", "document_sources", "records", "reviews", "alembic_version"} <= names
    assert "arms_figures" in inspect(store.engine).get_view_names()
    columns = {c["name"] for c in inspect(store.engine).get_columns("records")}
    assert {"id", "doc_id", "kind", "label", "country", "date", "start", "end", "data", "review", "original"} <= columns
    assert store.stats()["schema_revision"] == head_revision()


def test_opening_twice_migrates_once(db_url):
    first = open_store(db_url)
    first.close()
    second = open_store(db_url)
    assert second.stats()["documents"] == 0
    second.close()


# ---- writing ------------------------------------------------------------------------------------------


def test_write_stores_document_sources_and_records(store):
    doc = make_document()
    recs = make_records(doc)
    assert not store.has_document(doc.doc_id)
    assert store.write_document(doc, recs) == "stored"
    assert store.has_document(doc.doc_id)
    stats = store.stats()
    assert stats["documents"] == 1 and stats["sources"] == 1 and stats["records"] == len(recs)
    assert stats["records_by_kind"]["arms"] == 1 and stats["records_by_kind"]["event"] == 1
    back = {r.id: r for r in store.iter_records()}
    for record in recs:
        if record.kind != "document":
            assert to_dict(back[record.id]) == to_dict(record)
    # denormalised columns: one word for what each record is about
    with store.engine.connect() as connection:
        rows = {r.kind: r for r in connection.execute(select(records_table))}
    assert (rows["arms"].label, rows["arms"].country, rows["arms"].date) == ("rifle", "AFG", "2021-08")
    assert (rows["event"].label, rows["event"].country, rows["event"].date) == ("ACCUSE", "PAK", "2025-02-17")
    assert (rows["statement"].label, rows["statement"].country) == ("Pakistan", "PAK")
    assert rows["time"].date == "2025-02-17" and rows["place"].label == "Afghanistan"
    assert doc.text[rows["arms"].start:rows["arms"].end] == "258,300 rifles"


def test_duplicate_adds_only_the_source(store):
    doc = make_document()
    assert store.write_document(doc, make_records(doc)) == "stored"
    copy_ = make_document(text_="  " + doc.text.upper() + "\n", source="b.html")  # same normalised text
    assert copy_.doc_id == doc.doc_id
    assert store.write_document(copy_, make_records(doc)) == "duplicate"
    stats = store.stats()
    assert stats["documents"] == 1 and stats["sources"] == 2 and stats["records"] == len(make_records(doc))
    documents = list(store.iter_records(kind="document"))
    assert documents[0].sources == ["a.txt", "b.html"]


def test_rewriting_the_same_document_adds_nothing(store):
    doc = make_document()
    store.write_document(doc, make_records(doc))
    before = store.stats()
    assert store.write_document(doc, make_records(doc)) == "duplicate"
    assert store.add_source(doc.doc_id, "a.txt") is False
    assert store.stats() == before


def test_write_is_all_or_nothing_when_a_record_cannot_be_serialised(store):
    doc = make_document()
    bad = to_dict(make_records(doc)[2])
    bad["lat"] = {1, 2}  # a set: no JSON for it, fails inside the transaction after the document row
    with pytest.raises(StoreError):
        store.write_document(doc, [*make_records(doc)[:2], bad])
    assert not store.has_document(doc.doc_id)
    assert count_rows(store, "records") == 0 and count_rows(store, "document_sources") == 0


def test_write_is_all_or_nothing_when_the_database_refuses_a_record(store):
    first = make_document()
    store.write_document(first, make_records(first))
    second = make_document(text_="A different article about Kabul and the Taliban's weapons.", source="c.txt")
    d = second.doc_id
    clash = to_dict(TimeRecord(id=record_id(d, "time", 9), doc_id=d, evidence=[], confidence=0.5, extractor=X,
                               text="x", value="2025"))
    clash["id"] = make_records(first)[1].id  # the id of a record already stored: primary key violation
    with pytest.raises(StoreError):
        store.write_document(second, [clash])
    assert not store.has_document(d)
    assert count_rows(store, "records", d) == 0 and count_rows(store, "document_sources", d) == 0
    assert store.stats()["documents"] == 1


def test_records_of_another_document_are_refused(store):
    doc, other = make_document(), make_document(text_=make_document().text + " And more.")
    with pytest.raises(StoreError, match="belongs to document"):
        store.write_document(doc, make_records(other))
    assert store.stats()["documents"] == 0


def test_many_records_are_written_in_batches(store):
    doc = make_document()
    many = [TimeRecord(id=record_id(doc.doc_id, "time", i), doc_id=doc.doc_id, evidence=[span(doc, "on Monday")],
                       confidence=0.5, extractor=X, text="on Monday", value=f"2025-02-{i % 28 + 1:02d}")
            for i in range(450)]
    store.batch_size = 100
    assert store.write_document(doc, many) == "stored"
    assert store.stats()["records_by_kind"] == {"time": 450}


# ---- exports ------------------------------------------------------------------------------------------


def test_export_jsonl_round_trips(store):
    doc = make_document()
    recs = make_records(doc)
    store.write_document(doc, recs)
    out = io.StringIO()
    assert store.export("arms", "jsonl", out) == 1
    back = from_dict(json.loads(out.getvalue()))
    assert to_dict(back) == to_dict(recs[-1])
    everything = io.StringIO()
    assert store.export(None, "jsonl", everything) == len(recs)


def test_export_csv_flattens_nested_fields(store, tmp_path):
    doc = make_document()
    store.write_document(doc, make_records(doc))
    path = tmp_path / "arms.csv"
    assert store.export("arms", "csv", path) == 1
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    row = rows[0]
    assert row["holder_name"] == "Afghanistan" and row["holder_country"] == "AFG"
    assert row["source_name"] == "Small Arms Survey" and row["category"] == "rifle" and row["class"] == "small_arm"
    assert float(row["count_low"]) == 258300 == float(row["count_high"])
    assert row["models"] == "M4; M16" and row["as_of"] == "2021-08"
    assert row["evidence_text"] == "258,300 rifles" and row["published"] == "2025-02-17"
    events = io.StringIO()
    store.export("event", "csv", events)
    event = next(csv.DictReader(io.StringIO(events.getvalue())))
    assert event["actors_names"] == "Pakistan" and event["recipients_countries"] == "PAK"
    assert event["type"] == "ACCUSE" and event["negated"] == "False"


def test_export_parquet_reads_back(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    doc = make_document()
    store.write_document(doc, make_records(doc, holder_count=[250000, 260000]))
    path = tmp_path / "arms.parquet"
    assert store.export("arms", "parquet", path) == 1
    table = pq.read_table(path)
    assert table.num_rows == 1
    row = table.to_pylist()[0]
    assert (row["count_low"], row["count_high"]) == (250000.0, 260000.0)
    assert row["holder_country"] == "AFG" and row["evidence_start"] == doc.text.index("258,300")
    assert str(table.schema.field("count_low").type) == "int64"  # counts are whole numbers (issue 18)
    empty = tmp_path / "none.parquet"
    assert store.export("quantity", "parquet", empty) == 0
    assert "value_low" in pq.read_table(empty).column_names


def test_export_plover_events(store):
    doc = make_document()
    store.write_document(doc, make_records(doc))
    out = io.StringIO()
    assert store.export("event", "plover", out) == 1
    event = json.loads(out.getvalue())[0]
    assert event["event"] == "ACCUSE" and event["date"] == "2025-02-17"
    assert event["source"][0] == {"actorText": "Pakistan", "name": "Pakistan", "code": "PAK", "sector": "GOV"}
    assert event["target"][0]["code"] == "PAK" and event["target"][0]["sector"] == "REB"
    assert event["text"] == "Islamabad accused the TTP." and "negated" not in event  # the whole sentence
    with pytest.raises(StoreError):
        store.export("arms", "plover", io.StringIO())


def test_export_refuses_unknown_formats_and_kinds(store):
    with pytest.raises(StoreError, match="format"):
        store.export("arms", "xml", io.StringIO())
    with pytest.raises(StoreError, match="kind"):
        store.export("weapons", "csv", io.StringIO())


# ---- arms figures -------------------------------------------------------------------------------------


def test_arms_figures_put_conflicting_figures_side_by_side(store):
    first = make_document()
    store.write_document(first, make_records(first))
    second = make_document(text_="Pakistan said on Monday that Afghanistan holds 258,300 rifles, the Small Arms "
                           "Survey reported. Islamabad accused the TTP. Others differ.", source="d.txt")
    store.write_document(second, make_records(second, holder_count=300000, source_name="SIGAR"))
    figures = store.arms_figures(holder="Afghanistan", category="rifle")
    assert len(figures) == 2
    assert {f["source"] for f in figures} == {"Small Arms Survey", "SIGAR"}
    assert {f["count_low"] for f in figures} == {258300.0, 300000.0}
    assert all(f["conflict"] and f["as_of"] == "2021-08" and f["holder_country"] == "AFG" for f in figures)
    assert {f["doc_id"] for f in figures} == {first.doc_id, second.doc_id}
    assert figures[0]["url"] == "https://example.org/a" and figures[0]["published"] == "2025-02-17"
    assert len(store.arms_figures(holder="AFG")) == 2
    assert store.arms_figures(holder="Pakistan") == [] and store.arms_figures(category="pistol") == []


# ---- reviews ------------------------------------------------------------------------------------------


def test_review_wrong_is_excluded_on_request(store):
    doc = make_document()
    recs = make_records(doc)
    store.write_document(doc, recs)
    arms_id = recs[-1].id
    review = store.add_review(arms_id, "wrong", reviewer="ana")
    assert review["verdict"] == "wrong" and review["id"]
    assert [r.id for r in store.iter_records(kind="arms")] == [arms_id]
    assert list(store.iter_records(kind="arms", include_wrong=False)) == []
    assert store.export("arms", "csv", io.StringIO(), include_wrong=False) == 0
    assert store.arms_figures(include_wrong=False) == [] and len(store.arms_figures()) == 1
    store.add_review(arms_id, "correct", reviewer="ben")  # a later verdict replaces the earlier one
    assert len(list(store.iter_records(kind="arms", include_wrong=False))) == 1
    assert [r["verdict"] for r in store.reviews_for(arms_id)] == ["wrong", "correct"]
    assert store.stats()["records_by_review"] == {"correct": 1}


def test_review_fix_keeps_the_original(store):
    doc = make_document()
    recs = make_records(doc)
    store.write_document(doc, recs)
    arms_id = recs[-1].id
    store.add_review(arms_id, "fixed", reviewer="ana", field="count", new_value=260000)
    store.add_review(arms_id, "fixed", reviewer="ben", field="holder.country", new_value="PAK")
    fixed = next(store.iter_records(kind="arms"))
    assert fixed.count == 260000 and fixed.holder.country == "PAK"
    assert store.original_record(arms_id)["count"] == 258300
    assert store.original_record(arms_id)["holder"]["country"] == "AFG"
    history = store.reviews_for(arms_id)
    assert [(r["field"], r["old_value"], r["new_value"], r["reviewer"]) for r in history] == [
        ("count", 258300, 260000, "ana"), ("holder.country", "AFG", "PAK", "ben")]
    assert history[0]["created_at"] is not None
    figure = store.arms_figures(holder="PAK")[0]  # the view and the denormalised columns follow the fix
    assert figure["count_low"] == 260000 and figure["review"] == "fixed"


def test_review_refuses_bad_input(store):
    doc = make_document()
    recs = make_records(doc)
    store.write_document(doc, recs)
    with pytest.raises(StoreError, match="verdict"):
        store.add_review(recs[-1].id, "maybe", reviewer="ana")
    with pytest.raises(StoreError, match="no such record"):
        store.add_review("nope", "wrong", reviewer="ana")
    with pytest.raises(StoreError, match="contract"):
        store.add_review(recs[-1].id, "fixed", reviewer="ana", field="count_qualifier", new_value="lots")
    with pytest.raises(StoreError, match="cannot be changed"):
        store.add_review(recs[-1].id, "fixed", reviewer="ana", field="doc_id", new_value="x")
    assert store.reviews_for(recs[-1].id) == []
    assert next(store.iter_records(kind="arms")).count_qualifier == "exact"


# ---- errors -------------------------------------------------------------------------------------------


def test_locked_sqlite_gives_aw301(tmp_path):
    path = tmp_path / "locked.db"
    store = open_store(f"sqlite:///{path}", busy_timeout_s=0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        doc = make_document()
        with pytest.raises(StoreLocked) as caught:
            store.write_document(doc, make_records(doc))
        assert caught.value.code == "AW301" and "locked" in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.write_document(doc, make_records(doc)) == "stored"
    store.close()


@pytest.mark.parametrize("url", [
    "not a url",
    "nosuchdb://x/y",
    "postgresql+psycopg://postgres@127.0.0.1:1/none",
    "sqlite:////no/such/folder/x.db",
])
def test_bad_urls_give_aw302(url):
    with pytest.raises(StoreUnreachable) as caught:
        open_store(url, busy_timeout_s=0.5)
    assert caught.value.code == "AW302"


def test_password_never_shown():
    with pytest.raises(StoreUnreachable) as caught:
        open_store("postgresql+psycopg://user:s3cret@127.0.0.1:1/none")
    assert "s3cret" not in str(caught.value)


def test_schema_module_and_migrations_agree(store):
    """schema.py describes what the migrations build: a change to one needs the other (a new migration)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from armswatch.store.schema import UNDESCRIBED_COLUMNS, UNDESCRIBED_INDEXES, UNDESCRIBED_TABLES, metadata

    def described(obj, name, type_, _reflected, _compare_to):
        if type_ == "table":
            return not name.startswith(UNDESCRIBED_TABLES)
        if type_ == "column":
            return (obj.table.name, name) not in UNDESCRIBED_COLUMNS
        return name not in UNDESCRIBED_INDEXES

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": described})
        diffs = compare_metadata(context, metadata)
    assert diffs == []


# ---- command line -------------------------------------------------------------------------------------


def test_cli_export_and_stats(tmp_path):
    from typer.testing import CliRunner

    from armswatch.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    doc = make_document()
    with open_store(url) as s:
        s.write_document(doc, make_records(doc))
    runner = CliRunner()
    result = runner.invoke(app, ["stats", "--db", url])
    assert result.exit_code == 0, result.output
    assert "documents" in result.output and "arms" in result.output
    result = runner.invoke(app, ["export", "--kind", "arms", "--format", "csv", "--db", url])
    assert result.exit_code == 0, result.output
    assert "holder_country" in result.output and ",258300,258300," in result.output
    out = tmp_path / "events.json"
    result = runner.invoke(app, ["export", "--kind", "event", "--format", "plover", "--out", str(out), "--db", url])
    assert result.exit_code == 0 and json.loads(out.read_text())[0]["event"] == "ACCUSE"
    result = runner.invoke(app, ["export", "--kind", "arms", "--format", "parquet", "--db", url])
    assert result.exit_code == 2
    result = runner.invoke(app, ["stats", "--db", "sqlite:////no/such/folder/x.db"])
    assert result.exit_code == 2 and "AW302" in result.output


def test_concurrent_writers_store_each_document_once(db_url):
    """Threads writing the same and different documents at once: no lock errors, every text stored once."""
    from concurrent.futures import ThreadPoolExecutor

    store = open_store(db_url)
    base = make_document()
    jobs = [make_document(text_=base.text + f" Item {i % 4}.", source=f"s{i}.txt") for i in range(12)]

    def write(doc):
        return store.write_document(doc, make_records(doc))

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(write, jobs))
    assert outcomes.count("stored") == 4 and outcomes.count("duplicate") == 8
    stats = store.stats()
    assert stats["documents"] == 4 and stats["sources"] == 12 and stats["records"] == 4 * len(make_records(base))
    store.close()


def test_write_documents_keeps_each_document_whole(store):
    """Bulk writes: one transaction, a savepoint per document; a failing document leaves no trace."""
    first, second, third = (make_document(text_=make_document().text + f" Part {i}.", source=f"p{i}") for i in range(3))
    bad = to_dict(make_records(second)[2])
    bad["lat"] = {1, 2}  # no JSON form
    again = make_document(text_=first.text, source="copy.txt")
    outcomes = store.write_documents([
        (first, make_records(first)), (second, [*make_records(second)[:2], bad]), (third, make_records(third)),
        (again, make_records(again)), (make_document(text_=third.text + " x"), make_records(first)),
    ])
    assert outcomes[0] == "stored" and outcomes[2] == "stored" and outcomes[3] == "duplicate"
    assert isinstance(outcomes[1], StoreError) and isinstance(outcomes[4], StoreError)
    assert store.has_document(first.doc_id) and store.has_document(third.doc_id)
    assert not store.has_document(second.doc_id)
    assert count_rows(store, "records", second.doc_id) == 0 and count_rows(store, "document_sources", second.doc_id) == 0
    stats = store.stats()
    assert stats["documents"] == 2 and stats["sources"] == 3 and stats["records"] == 2 * len(make_records(first))


def test_sentence_around_evidence():
    from armswatch.store.export import sentence_around

    text = 'Talks ended. Islamabad accused the TTP of attacks! Kabul said: "No." Later, more.'
    assert sentence_around(text, text.index("accused"), text.index("accused") + 7) == \
        "Islamabad accused the TTP of attacks!"
    assert sentence_around(text, text.index("Kabul"), text.index("No")) == 'Kabul said: "No."'
    assert sentence_around(text, 0, 5) == "Talks ended."


def test_one_source_listing_different_things_is_no_conflict(store):
    doc = make_document()
    recs = make_records(doc)
    other = recs[-1].model_copy(update={"id": record_id(doc.doc_id, "arms", 2), "count": 9115})
    store.write_document(doc, [*recs, other])
    assert [f["conflict"] for f in store.arms_figures(holder="AFG")] == [False, False]


# ---- record_actors ------------------------------------------------------------------------------------


def _named(store) -> set[tuple]:
    with store.engine.connect() as connection:
        return {tuple(r) for r in connection.execute(text(
            "SELECT kind, role, name, country, date FROM record_actors ORDER BY kind, role, name"))}


EXPECTED_NAMED = {
    ("event", "actor", "Pakistan", "PAK", "2025-02-17"),
    ("event", "recipient", "Tehreek-e-Taliban Pakistan", "PAK", "2025-02-17"),
    ("statement", "speaker", "Pakistan", "PAK", "2025-02-17"),
    ("arms", "holder", "Afghanistan", "AFG", "2021-08"),
    ("arms", "source", "Small Arms Survey", "CHE", "2021-08"),
    ("actor", "mention", "Pakistan", "PAK", None),
}


def records_naming_actors(doc: Document) -> list:
    """make_records and one actor record (a mention of its actor)."""
    return make_records(doc) + [ActorRecord(
        id=record_id(doc.doc_id, "actor", 1), doc_id=doc.doc_id, evidence=[span(doc, "Pakistan")], confidence=0.9,
        extractor=X, name="Pakistan", text="Pakistan", type="country", country="PAK", sector="GOV")]


def test_record_actors_written_with_the_records(store):
    doc = make_document()
    store.write_document(doc, records_naming_actors(doc))
    assert _named(store) == EXPECTED_NAMED
    other = make_document(text_=doc.text + " A second report.")
    store.write_documents([(other, records_naming_actors(other))])
    assert count_rows(store, "record_actors", other.doc_id) == len(EXPECTED_NAMED)


def test_record_actors_follow_a_fixed_review(store):
    doc = make_document()
    recs = make_records(doc)
    store.write_document(doc, recs)
    event_id, arms_id = recs[3].id, recs[-1].id
    store.add_review(arms_id, "fixed", reviewer="ana", field="holder.name", new_value="Iran")
    store.add_review(event_id, "fixed", reviewer="ana", field="date", new_value="2025-02-16")
    store.add_review(event_id, "wrong", reviewer="ben")  # a verdict alone changes no field
    named = _named(store)
    assert ("arms", "holder", "Iran", "AFG", "2021-08") in named
    assert ("arms", "holder", "Afghanistan", "AFG", "2021-08") not in named
    assert ("event", "actor", "Pakistan", "PAK", "2025-02-16") in named
    assert ("event", "actor", "Pakistan", "PAK", "2025-02-17") not in named


def write_at_revision(db_url: str, revision: str, doc_id: str, rows_for) -> None:
    """A database migrated only to ``revision`` holding one document and the records rows ``rows_for(connection)``
    gives, inserted straight into the table as that revision had it (bypassing the writer)."""
    from armswatch.store.connect import make_engine
    from armswatch.store.migrate import upgrade_on

    engine = make_engine(db_url)
    with engine.begin() as connection:
        upgrade_on(connection, revision)
    with engine.begin() as connection:
        rows = rows_for(connection)
        connection.execute(text("INSERT INTO documents (doc_id, text, chars, ingested_at) "
                                "VALUES (:d, 'x', 1, CURRENT_TIMESTAMP)"), {"d": doc_id})
        connection.execute(records_table.insert(), rows)
    engine.dispose()


def test_migration_0003_backfills_record_actors(db_url):
    """A database written at revision 0002 gets its record_actors rows from the stored records' JSON, the
    same rows as the writer makes (the migration's SQL and rows.actor_rows agree)."""
    from armswatch.store.rows import record_row

    doc = make_document()
    # the rows as revision 0002 had them (records.place came with 0003, the lean JSON and its columns with 0007)
    later = ("place", "sentence_start", "sentence_end", "lat", "lon")
    write_at_revision(db_url, "0002", doc.doc_id, lambda connection: [
        {k: v for k, v in record_row(to_dict(r)).items() if k not in later} | {"data": to_dict(r)}
        for r in records_naming_actors(doc)])
    store = open_store(db_url)
    try:
        assert store.stats()["schema_revision"] == head_revision()
        assert _named(store) == EXPECTED_NAMED
        with store.engine.connect() as connection:
            places = dict(connection.execute(text("SELECT kind, place FROM records WHERE place IS NOT NULL")).all())
        assert places == {"place": "Afghanistan"}
    finally:
        store.close()

"""Arms roles in the store: record_actors rows for supplier, recipient, seized_by and seized_from, written with
the records and backfilled by migration 0004 (SQLite and the real PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from armswatch.records import Actor, ArmsRecord, record_id, to_dict
from armswatch.store import open_store
from armswatch.store.migrate import head_revision
from test_store import X, db_url, make_document, span, write_at_revision  # noqa: F401  (db_url is a fixture)

ROLES = {("arms", "seized_by", "Border Security Force", "IND"), ("arms", "seized_from", "smugglers", None),
         ("arms", "holder", "smugglers", None), ("arms", "supplier", "Russia", "RUS"),
         ("arms", "recipient", "India", "IND")}


def _records(doc):
    rifles = span(doc, "rifles")
    seizure = ArmsRecord(id=record_id(doc.doc_id, "arms", 1), doc_id=doc.doc_id, evidence=[rifles], confidence=0.8,
                         extractor=X, category="rifle", raw="rifles", count=4, event="seizure",
                         seized_by=Actor(name="Border Security Force", text="BSF", country="IND", sector="MIL"),
                         seized_from=Actor(name="smugglers", text="smugglers"),
                         holder=Actor(name="smugglers", text="smugglers"))
    transfer = ArmsRecord(id=record_id(doc.doc_id, "arms", 2), doc_id=doc.doc_id, evidence=[rifles], confidence=0.8,
                          extractor=X, category="air_defence", raw="rifles", count=5, event="transfer",
                          supplier=Actor(name="Russia", text="Russia", country="RUS"),
                          recipient=Actor(name="India", text="India", country="IND"), status="delivered")
    return [seizure, transfer]


def _named(store) -> set[tuple]:
    with store.engine.connect() as connection:
        return {tuple(r) for r in connection.execute(text(
            "SELECT kind, role, name, country FROM record_actors WHERE kind = 'arms'"))}


def test_arms_roles_are_written_with_the_records(db_url):  # noqa: F811
    store = open_store(db_url)
    try:
        doc = make_document()
        store.write_document(doc, _records(doc))
        assert _named(store) == ROLES
    finally:
        store.close()


def test_migration_0004_backfills_the_arms_roles(db_url):  # noqa: F811
    from armswatch.store.rows import record_row

    doc = make_document()

    def rows_at_0003(connection):
        # the records columns as revision 0003 had them (later revisions add more)
        columns = {c["name"] for c in inspect(connection).get_columns("records")}
        return [{k: v for k, v in record_row(to_dict(r)).items() if k in columns} for r in _records(doc)]

    write_at_revision(db_url, "0003", doc.doc_id, rows_at_0003)
    store = open_store(db_url)
    try:
        assert store.stats()["schema_revision"] == head_revision()
        # rows inserted at 0003 bypass the writer: 0004's backfill adds exactly the new roles
        assert _named(store) == {row for row in ROLES if row[1] != "holder"}
    finally:
        store.close()


def test_arms_figures_carry_the_roles(db_url):  # noqa: F811
    store = open_store(db_url)
    try:
        doc = make_document()
        store.write_document(doc, _records(doc))
        rows = {row["category"]: row for row in store.arms_figures()}
        assert rows["rifle"]["seized_by"] == "Border Security Force" and rows["rifle"]["holder"] == "smugglers"
        assert rows["air_defence"]["supplier"] == "Russia" and rows["air_defence"]["recipient"] == "India"
        assert rows["air_defence"]["status"] == "delivered" and not rows["air_defence"]["negated"]
    finally:
        store.close()


def test_exports_carry_the_roles(db_url, tmp_path):  # noqa: F811
    import csv

    store = open_store(db_url)
    try:
        doc = make_document()
        store.write_document(doc, _records(doc))
        path = tmp_path / "arms.csv"
        assert store.export("arms", "csv", path) == 2
        rows = {row["category"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}
        assert rows["rifle"]["seized_by_name"] == "Border Security Force" and rows["rifle"]["seized_from_name"] == "smugglers"
        assert rows["air_defence"]["supplier_country"] == "RUS" and rows["air_defence"]["recipient_name"] == "India"
        assert rows["air_defence"]["status"] == "delivered" and rows["air_defence"]["negated"] == "False"
    finally:
        store.close()

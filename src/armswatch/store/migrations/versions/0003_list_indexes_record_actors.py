"""Composite indexes for the web lists, records.place, and the record_actors table (both backfilled from the
stored records' JSON).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD_INDEXES = {"ix_records_kind_label": ["kind", "label"], "ix_records_kind_date": ["kind", "date"],
                "ix_records_kind_country": ["kind", "country"]}
_NEW_INDEXES = {"ix_records_kind_date_id": ["kind", "date", "id"],
                "ix_records_kind_label_date_id": ["kind", "label", "date", "id"],
                "ix_records_kind_country_date_id": ["kind", "country", "date", "id"],
                "ix_records_kind_confidence_id": ["kind", "confidence", "id"]}

# Frozen copy of rows.actor_rows as of this revision: (kind, JSON field, is a list, role). An actor record
# is a mention of itself (its own name and country).
_ROLES = [("event", "actors", True, "actor"), ("event", "recipients", True, "recipient"),
          ("statement", "speaker", False, "speaker"), ("statement", "target", False, "target"),
          ("arms", "holder", False, "holder"), ("arms", "source", False, "source")]


def _backfill_sql(dialect: str) -> list[str]:
    columns = "record_id, role, name, doc_id, kind, country, date"
    if dialect == "postgresql":
        actor = "SELECT DISTINCT r.id, '{role}', a.value->>'name', r.doc_id, r.kind, substr(a.value->>'country', 1, 8), r.date"
        lists = "FROM records r, jsonb_array_elements(CASE jsonb_typeof(r.data->'{field}') WHEN 'array' " \
                "THEN r.data->'{field}' ELSE '[]'::jsonb END) AS a(value) WHERE r.kind = '{kind}' AND a.value->>'name' IS NOT NULL"
        single = "SELECT r.id, '{role}', r.data->'{field}'->>'name', r.doc_id, r.kind, " \
                 "substr(r.data->'{field}'->>'country', 1, 8), r.date FROM records r " \
                 "WHERE r.kind = '{kind}' AND r.data->'{field}'->>'name' IS NOT NULL"
        mention = "SELECT r.id, 'mention', r.data->>'name', r.doc_id, r.kind, substr(r.data->>'country', 1, 8), r.date " \
                  "FROM records r WHERE r.kind = 'actor' AND r.data->>'name' IS NOT NULL"
    else:
        actor = "SELECT DISTINCT r.id, '{role}', json_extract(a.value, '$.name'), r.doc_id, r.kind, " \
                "substr(json_extract(a.value, '$.country'), 1, 8), r.date"
        lists = "FROM records r, json_each(r.data, '$.{field}') AS a WHERE r.kind = '{kind}' " \
                "AND json_extract(a.value, '$.name') IS NOT NULL"
        single = "SELECT r.id, '{role}', json_extract(r.data, '$.{field}.name'), r.doc_id, r.kind, " \
                 "substr(json_extract(r.data, '$.{field}.country'), 1, 8), r.date FROM records r " \
                 "WHERE r.kind = '{kind}' AND json_extract(r.data, '$.{field}.name') IS NOT NULL"
        mention = "SELECT r.id, 'mention', json_extract(r.data, '$.name'), r.doc_id, r.kind, " \
                  "substr(json_extract(r.data, '$.country'), 1, 8), r.date FROM records r " \
                  "WHERE r.kind = 'actor' AND json_extract(r.data, '$.name') IS NOT NULL"
    statements = [f"INSERT INTO record_actors ({columns}) {mention}"]
    for kind, field, is_list, role in _ROLES:
        select = f"{actor} {lists}" if is_list else single
        statements.append(f"INSERT INTO record_actors ({columns}) " + select.format(kind=kind, field=field, role=role))
    return statements


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in _OLD_INDEXES:
        op.drop_index(name, table_name="records")
    for name, columns in _NEW_INDEXES.items():
        op.create_index(name, "records", columns)
    # where a record is (rows.place_of): an event's or arms record's place, a place record's name
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("place", sa.Text))
    place = "data->>'place'" if dialect == "postgresql" else "json_extract(data, '$.place')"
    op.execute(f"UPDATE records SET place = {place} WHERE kind IN ('event', 'arms')")
    op.execute("UPDATE records SET place = label WHERE kind = 'place'")
    op.create_index("ix_records_kind_place", "records", ["kind", "place"])
    op.create_table(
        "record_actors",
        sa.Column("record_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("date", sa.String(24)),
    )
    for statement in _backfill_sql("postgresql" if dialect == "postgresql" else "sqlite"):
        op.execute(statement)
    # indexes after the backfill: built once rather than updated row by row
    op.create_index("ix_record_actors_name_kind_role_date", "record_actors", ["name", "kind", "role", "date", "record_id"])
    # statistics for the planner over the new indexes (see Store.analyze; a sample on SQLite)
    if dialect == "postgresql":
        op.execute("ANALYZE records, record_actors")
    else:
        op.execute("PRAGMA analysis_limit = 1000")
        op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_table("record_actors")
    op.drop_index("ix_records_kind_place", table_name="records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("place")
    for name in _NEW_INDEXES:
        op.drop_index(name, table_name="records")
    for name, columns in _OLD_INDEXES.items():
        op.create_index(name, "records", columns)

"""The arms_figures view: every arms figure reported, by holder and category, with date, source and document.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# JSON paths differ between the two databases; everything else is shared.
_FIELDS = {
    "sqlite": {
        "holder": "json_extract(r.data, '$.holder.name')",
        "class": "json_extract(r.data, '$.class')",
        "count_low": "CASE json_type(r.data, '$.count') WHEN 'array' THEN json_extract(r.data, '$.count[0]') "
                     "ELSE json_extract(r.data, '$.count') END",
        "count_high": "CASE json_type(r.data, '$.count') WHEN 'array' THEN json_extract(r.data, '$.count[1]') "
                      "ELSE json_extract(r.data, '$.count') END",
        "count_qualifier": "json_extract(r.data, '$.count_qualifier')",
        "source": "json_extract(r.data, '$.source.name')",
        "event": "json_extract(r.data, '$.event')",
        "raw": "json_extract(r.data, '$.raw')",
    },
    "postgresql": {
        "holder": "r.data->'holder'->>'name'",
        "class": "r.data->>'class'",
        "count_low": "CASE jsonb_typeof(r.data->'count') WHEN 'array' THEN (r.data->'count'->>0)::float8 "
                     "WHEN 'number' THEN (r.data->>'count')::float8 END",
        "count_high": "CASE jsonb_typeof(r.data->'count') WHEN 'array' THEN (r.data->'count'->>1)::float8 "
                      "WHEN 'number' THEN (r.data->>'count')::float8 END",
        "count_qualifier": "r.data->>'count_qualifier'",
        "source": "r.data->'source'->>'name'",
        "event": "r.data->>'event'",
        "raw": "r.data->>'raw'",
    },
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    f = _FIELDS["postgresql" if dialect == "postgresql" else "sqlite"]
    op.execute(f"""
        CREATE VIEW arms_figures AS
        SELECT r.id AS record_id, r.doc_id AS doc_id,
               {f['holder']} AS holder, r.country AS holder_country,
               r.label AS category, {f['class']} AS "class",
               {f['count_low']} AS count_low, {f['count_high']} AS count_high,
               {f['count_qualifier']} AS count_qualifier,
               r.date AS as_of, {f['source']} AS source, {f['event']} AS event, {f['raw']} AS raw,
               r.review AS review, d.published AS published, d.title AS title, d.url AS url,
               r.start AS evidence_start, r."end" AS evidence_end
        FROM records r JOIN documents d ON d.doc_id = r.doc_id
        WHERE r.kind = 'arms'
    """)


def downgrade() -> None:
    op.execute("DROP VIEW arms_figures")

"""Arms roles (issue 14): record_actors rows for supplier, recipient, seized_by and seized_from, backfilled from
the stored arms records' JSON (records stored before these fields existed have none, and gain no rows); the
arms_figures view gains those roles, the transfer status and the negated flag.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen copy of the arms roles rows.ACTOR_ROLES gained in this revision: (JSON field, role).
_ROLES = [("supplier", "supplier"), ("recipient", "recipient"), ("seized_by", "seized_by"),
          ("seized_from", "seized_from")]


def _insert(dialect: str, field: str, role: str) -> str:
    if dialect == "postgresql":
        name, country = f"r.data->'{field}'->>'name'", f"r.data->'{field}'->>'country'"
    else:
        name, country = f"json_extract(r.data, '$.{field}.name')", f"json_extract(r.data, '$.{field}.country')"
    return ("INSERT INTO record_actors (record_id, role, name, doc_id, kind, country, date) "
            f"SELECT r.id, '{role}', {name}, r.doc_id, r.kind, substr({country}, 1, 8), r.date FROM records r "
            f"WHERE r.kind = 'arms' AND {name} IS NOT NULL")


def _view(dialect: str, with_roles: bool) -> str:
    """The arms_figures view as 0002 made it, with this revision's columns where ``with_roles``."""
    if dialect == "postgresql":
        def text(path):
            return "r.data" + "".join(f"->'{p}'" for p in path[:-1]) + f"->>'{path[-1]}'"
        count = {end: f"CASE jsonb_typeof(r.data->'count') WHEN 'array' THEN (r.data->'count'->>{i})::float8 "
                      f"WHEN 'number' THEN (r.data->>'count')::float8 END" for i, end in enumerate(("low", "high"))}
        negated = "COALESCE((r.data->>'negated')::boolean, false)"
    else:
        def text(path):
            return f"json_extract(r.data, '$.{'.'.join(path)}')"
        count = {end: f"CASE json_type(r.data, '$.count') WHEN 'array' THEN json_extract(r.data, '$.count[{i}]') "
                      f"ELSE json_extract(r.data, '$.count') END" for i, end in enumerate(("low", "high"))}
        negated = "COALESCE(json_extract(r.data, '$.negated'), 0)"
    roles = ""
    if with_roles:
        roles = "".join(f", {text([field, 'name'])} AS {field}" for field, _ in _ROLES)
        roles += f", {text(['status'])} AS status, {negated} AS negated"
    return f"""
        CREATE VIEW arms_figures AS
        SELECT r.id AS record_id, r.doc_id AS doc_id,
               {text(['holder', 'name'])} AS holder, r.country AS holder_country,
               r.label AS category, {text(['class'])} AS "class",
               {count['low']} AS count_low, {count['high']} AS count_high,
               {text(['count_qualifier'])} AS count_qualifier,
               r.date AS as_of, {text(['source', 'name'])} AS source, {text(['event'])} AS event,
               {text(['raw'])} AS raw,
               r.review AS review, d.published AS published, d.title AS title, d.url AS url,
               r.start AS evidence_start, r."end" AS evidence_end{roles}
        FROM records r JOIN documents d ON d.doc_id = r.doc_id
        WHERE r.kind = 'arms'
    """


def upgrade() -> None:
    dialect = "postgresql" if op.get_bind().dialect.name == "postgresql" else "sqlite"
    for field, role in _ROLES:
        op.execute(_insert(dialect, field, role))
    op.execute("DROP VIEW arms_figures")
    op.execute(_view(dialect, with_roles=True))


def downgrade() -> None:
    dialect = "postgresql" if op.get_bind().dialect.name == "postgresql" else "sqlite"
    roles = ", ".join(f"'{role}'" for _, role in _ROLES)
    op.execute(f"DELETE FROM record_actors WHERE kind = 'arms' AND role IN ({roles})")
    op.execute("DROP VIEW arms_figures")
    op.execute(_view(dialect, with_roles=False))

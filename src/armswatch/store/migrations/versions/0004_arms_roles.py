"""Arms roles (issue 14): record_actors rows for supplier, recipient, seized_by and seized_from, backfilled from
the stored arms records' JSON (records stored before these fields existed have none, and gain no rows).

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


def upgrade() -> None:
    dialect = "postgresql" if op.get_bind().dialect.name == "postgresql" else "sqlite"
    for field, role in _ROLES:
        op.execute(_insert(dialect, field, role))


def downgrade() -> None:
    roles = ", ".join(f"'{role}'" for _, role in _ROLES)
    op.execute(f"DELETE FROM record_actors WHERE kind = 'arms' AND role IN ({roles})")

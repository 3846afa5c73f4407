"""Arms roles (issue 14): record_actors rows for supplier, recipient, seized_by, seized_from.

Reserved so that parallel work fills in its own revision; a no-op until then.

Revision ID: 0004
Revises: 0003
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

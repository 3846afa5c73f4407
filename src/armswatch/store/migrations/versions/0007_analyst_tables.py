"""Analyst tables (issue 18): typed views per kind, full-text search, leaner storage.

Reserved so that parallel work fills in its own revision; a no-op until then.

Revision ID: 0007
Revises: 0006
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""The monitor (issue 17): watched sources, seen items, alerts and their deliveries.

Reserved so that parallel work fills in its own revision; a no-op until then.

Revision ID: 0006
Revises: 0005
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

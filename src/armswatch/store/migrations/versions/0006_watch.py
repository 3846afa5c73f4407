"""The monitor (issue 17): watched sources, the items their listings named, alerts and their deliveries.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)
_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    counters = [sa.Column(name, sa.Integer, nullable=False, server_default="0")
                for name in ("errors_in_row", "rounds", "fetched", "not_modified", "stored", "skipped", "failed")]
    op.create_table(
        "watch_sources",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("etag", sa.Text), sa.Column("last_modified", sa.Text),
        sa.Column("next_round_at", _TZ), sa.Column("last_round_at", _TZ), sa.Column("last_success_at", _TZ),
        sa.Column("last_error", sa.Text), sa.Column("last_error_at", _TZ),
        *counters,
    )
    op.create_table(
        "watch_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, sa.ForeignKey("watch_sources.name", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("doc_id", sa.String(32)),
        sa.Column("reason", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("first_seen", _TZ, nullable=False),
        sa.Column("handled_at", _TZ),
        sa.UniqueConstraint("source", "url", name="uq_watch_item"),
    )
    op.create_index("ix_watch_items_source_status", "watch_items", ["source", "status"])
    op.create_index("ix_watch_items_url", "watch_items", ["url"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("payload", _JSON, nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.UniqueConstraint("rule", "subject", "version", name="uq_alert_version"),
    )
    op.create_index("ix_alerts_created", "alerts", ["created_at"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.String(32), sa.ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("output", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("next_attempt_at", _TZ),
        sa.Column("sent_at", _TZ),
        sa.UniqueConstraint("alert_id", "output", name="uq_alert_delivery"),
    )
    op.create_index("ix_alert_deliveries_status", "alert_deliveries", ["status"])


def downgrade() -> None:
    for table in ("alert_deliveries", "alerts", "watch_items", "watch_sources"):
        op.drop_table(table)

"""Initial schema: documents, their sources, records and reviews.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copy of the column types of this revision: later changes to schema.py need a new migration.
JsonData = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.String(8)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "document_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(32), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("doc_id", "source", name="uq_document_source"),
    )
    op.create_index("ix_document_sources_doc_id", "document_sources", ["doc_id"])
    op.create_table(
        "records",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("doc_id", sa.String(32), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.Text),
        sa.Column("country", sa.String(8)),
        sa.Column("date", sa.String(24)),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("data", JsonData, nullable=False),
        sa.Column("review", sa.String(16)),
        sa.Column("original", JsonData),
    )
    op.create_index("ix_records_doc_id", "records", ["doc_id"])
    op.create_index("ix_records_kind_label", "records", ["kind", "label"])
    op.create_index("ix_records_kind_date", "records", ["kind", "date"])
    op.create_index("ix_records_kind_country", "records", ["kind", "country"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("field", sa.Text),
        sa.Column("old_value", JsonData),
        sa.Column("new_value", JsonData),
        sa.Column("reviewer", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reviews_record_id", "reviews", ["record_id"])


def downgrade() -> None:
    op.drop_table("reviews")
    op.drop_table("records")
    op.drop_table("document_sources")
    op.drop_table("documents")

"""Cross-document fusion (issue 16): copy groups, LSH bands, event blocking keys and links, fused events,
stories, claim links.

Every link table holds each link both ways, so that one indexed lookup finds an item's neighbours. Rows
follow their document (ON DELETE CASCADE) so that deleting a document leaves no fusion behind.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")


def _doc(name: str = "doc_id", primary: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(32), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"),
                     nullable=False, primary_key=primary)


def upgrade() -> None:
    op.create_table(
        "fuse_documents",
        _doc(primary=True),
        sa.Column("copy_group", sa.String(32), nullable=False, index=True),  # smallest doc id of its copies
        sa.Column("story", sa.String(40), nullable=False, index=True),  # "s" + smallest doc id of its story
        sa.Column("signature", sa.LargeBinary, nullable=False),  # MinHash values, uint64 little-endian
        sa.Column("figures", _JSON, nullable=False),  # the numbers written in the text
        sa.Column("terms", _JSON, nullable=False),  # its heaviest words, weighted (fuse.text.term_vector)
        sa.Column("published", sa.String(10)),
        sa.Column("url", sa.Text),
    )
    op.create_table(
        "fuse_bands",
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("hash", sa.BigInteger, primary_key=True),
        _doc(primary=True),
    )
    op.create_table(
        "fuse_copy_links",
        _doc(primary=True),
        _doc("other_id", primary=True),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_table(
        "fuse_terms",  # each document under its few heaviest words: candidates for a same-story link
        sa.Column("term", sa.String(64), primary_key=True),
        _doc(primary=True),
    )
    op.create_table(
        "fuse_doc_links",
        _doc(primary=True),
        _doc("other_id", primary=True),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_table(
        "fuse_events",
        sa.Column("event_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
        _doc(),
        sa.Column("fused_id", sa.String(32), nullable=False, index=True),
        sa.Column("main", sa.Boolean, nullable=False),  # one of its document's main (lede) events
        sa.Column("features", _JSON, nullable=False),  # what fuse.events compares
    )
    op.create_index("ix_fuse_events_doc_id", "fuse_events", ["doc_id"])
    op.create_table(
        "fuse_event_keys",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("event_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "fuse_event_links",
        sa.Column("event_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("other_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_table(
        "fused_events",
        sa.Column("id", sa.String(32), primary_key=True),  # "f" + smallest member event id
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("date", sa.String(24)),
        sa.Column("date_low", sa.String(10)),
        sa.Column("date_high", sa.String(10)),
        sa.Column("place", sa.Text),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("first_seen", sa.String(10)),
        sa.Column("last_seen", sa.String(10)),
        sa.Column("data", _JSON, nullable=False),  # the whole fused event as fuse.store reads it
    )
    op.create_index("ix_fused_events_type_date", "fused_events", ["type", "date_low", "id"])
    op.create_index("ix_fused_events_last_seen", "fused_events", ["last_seen", "id"])
    op.create_table(
        "fuse_claims",
        sa.Column("statement_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
        _doc(),
        sa.Column("side", sa.String(255), primary_key=True),  # who the claim is about (claims.side)
        sa.Column("claim", sa.String(16), nullable=False),
    )
    op.create_index("ix_fuse_claims_side", "fuse_claims", ["side", "claim"])
    op.create_table(
        "fuse_claim_links",
        sa.Column("statement_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("other_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
        _doc(),
        _doc("other_doc_id"),
    )


def downgrade() -> None:
    for table in ("fuse_claim_links", "fuse_claims", "fused_events", "fuse_event_links", "fuse_event_keys",
                  "fuse_events", "fuse_doc_links", "fuse_terms", "fuse_copy_links", "fuse_bands", "fuse_documents"):
        op.drop_table(table)

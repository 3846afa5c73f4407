"""Fusion lookups that stay cheap as the store grows (issue 16): an index on the LSH band hashes (a copy
lookup asks for hashes, not bands, and scanned the whole table without it), and event blocking keys at the
day for events of one day (fuse.dates.periods), rewritten from each stored event's features.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _rekey(connection) -> None:
    # the keys are an index over the stored features: rebuilt with the code that probes them
    from armswatch.fuse import tables as T
    from armswatch.fuse.events import keys

    connection.execute(sa.delete(T.event_keys))
    rows = []
    for event_id, features in connection.execute(sa.select(T.events.c.event_id, T.events.c.features)):
        rows += [{"key": key, "event_id": event_id} for key in keys(features)[0]]
        if len(rows) >= 5000:
            connection.execute(sa.insert(T.event_keys), rows)
            rows = []
    if rows:
        connection.execute(sa.insert(T.event_keys), rows)


def upgrade() -> None:
    op.create_index("ix_fuse_bands_hash", "fuse_bands", ["hash", "doc_id"])
    _rekey(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_fuse_bands_hash", "fuse_bands")

"""The fusion tables (created by migration 0005, lookups by 0008), described for SQLAlchemy Core readers and writers."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, String, Table, Text

# the store's own metadata, so that store.schema (which imports this module) describes every table
from ..store.schema import JsonData as _JSON
from ..store.schema import metadata


def _doc():
    return ForeignKey("documents.doc_id", ondelete="CASCADE")


def _record():
    return ForeignKey("records.id", ondelete="CASCADE")


documents = Table(
    "fuse_documents", metadata,
    Column("doc_id", String(32), _doc(), primary_key=True),
    Column("copy_group", String(32), nullable=False, index=True),
    Column("story", String(40), nullable=False, index=True),
    Column("signature", LargeBinary, nullable=False),
    Column("figures", _JSON, nullable=False),
    Column("terms", _JSON, nullable=False),
    Column("published", String(10)),
    Column("url", Text),
)
bands = Table(
    "fuse_bands", metadata,
    Column("band", Integer, primary_key=True),
    Column("hash", BigInteger, primary_key=True),
    Column("doc_id", String(32), _doc(), primary_key=True),
    Index("ix_fuse_bands_hash", "hash", "doc_id"),  # migration 0008: copies are looked up by hash alone
)
copy_links = Table(
    "fuse_copy_links", metadata,
    Column("doc_id", String(32), _doc(), primary_key=True),
    Column("other_id", String(32), _doc(), primary_key=True),
    Column("similarity", Float, nullable=False),
)
terms = Table(
    "fuse_terms", metadata,
    Column("term", String(64), primary_key=True),
    Column("doc_id", String(32), _doc(), primary_key=True),
)
doc_links = Table(
    "fuse_doc_links", metadata,
    Column("doc_id", String(32), _doc(), primary_key=True),
    Column("other_id", String(32), _doc(), primary_key=True),
    Column("similarity", Float, nullable=False),
)
events = Table(
    "fuse_events", metadata,
    Column("event_id", String(32), _record(), primary_key=True),
    Column("doc_id", String(32), _doc(), nullable=False),
    Column("fused_id", String(32), nullable=False, index=True),
    Column("main", Boolean, nullable=False),
    Column("features", _JSON, nullable=False),
    Index("ix_fuse_events_doc_id", "doc_id"),
)
event_keys = Table(
    "fuse_event_keys", metadata,
    Column("key", String(255), primary_key=True),
    Column("event_id", String(32), _record(), primary_key=True),
)
event_links = Table(
    "fuse_event_links", metadata,
    Column("event_id", String(32), _record(), primary_key=True),
    Column("other_id", String(32), _record(), primary_key=True),
    Column("score", Float, nullable=False),
)
fused = Table(
    "fused_events", metadata,
    Column("id", String(32), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("date", String(24)),
    Column("date_low", String(10)),
    Column("date_high", String(10)),
    Column("place", Text),
    Column("documents", Integer, nullable=False),
    Column("sources", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Column("data", _JSON, nullable=False),
    Index("ix_fused_events_type_date", "type", "date_low", "id"),
    Index("ix_fused_events_last_seen", "last_seen", "id"),
)
claims = Table(
    "fuse_claims", metadata,
    Column("statement_id", String(32), _record(), primary_key=True),
    Column("doc_id", String(32), _doc(), nullable=False),
    Column("side", String(255), primary_key=True),
    Column("claim", String(16), nullable=False),
    Index("ix_fuse_claims_side", "side", "claim"),
)
claim_links = Table(
    "fuse_claim_links", metadata,
    Column("statement_id", String(32), _record(), primary_key=True),
    Column("other_id", String(32), _record(), primary_key=True),
    Column("doc_id", String(32), _doc(), nullable=False),
    Column("other_doc_id", String(32), _doc(), nullable=False),
)

# rebuild order: children before the rows they point to
ALL = (claim_links, claims, fused, event_links, event_keys, events, doc_links, terms, copy_links, bands, documents)

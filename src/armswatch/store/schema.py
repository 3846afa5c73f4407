"""The database schema (SQLAlchemy Core). Alembic migrations in ``migrations/`` create and change it;
this module is their single description, shared by the writer, the readers, the exports and the web app.
"""

from __future__ import annotations

from sqlalchemy import (Boolean, JSON, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
# JSON text on SQLite, JSONB on PostgreSQL (indexable, compact); both read back as Python values.
JsonData = JSON().with_variant(JSONB(), "postgresql")

documents = Table(
    "documents", metadata,
    Column("doc_id", String(32), primary_key=True),  # hash of the normalised text: one row per distinct text
    Column("title", Text),
    Column("url", Text),
    Column("published", String(10), index=True),  # ISO date or NULL
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

document_sources = Table(
    "document_sources", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False, index=True),
    Column("source", Text, nullable=False),  # a path, URL, feed entry or "stdin"
    Column("added_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("doc_id", "source", name="uq_document_source"),
)

records = Table(
    "records", metadata,
    Column("id", String(32), primary_key=True),
    Column("doc_id", String(32), ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    # denormalised from data for filtering and sorting: what the record is about, in one word or name
    Column("label", Text),  # actor name, event type, arms category, time value, place name, speaker name …
    Column("country", String(8)),  # actor country / place country / event actor country / arms holder country
    Column("date", String(24)),  # event/statement date, time value, arms as_of
    Column("place", Text),  # where: an event's or arms record's place, a place record's name
    Column("start", Integer),  # first evidence span
    Column("end", Integer),
    # the sentence around all the evidence (the typed views' ``sentence``), as offsets into documents.text
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    # coordinates: a place record's own, an event's or arms record's place's (from the same document)
    Column("lat", Float),
    Column("lon", Float),
    Column("confidence", Float, nullable=False),
    Column("extractor", String(64), nullable=False),
    # the record (after any fix) in its lean stored form, rows.lean: no field a column holds, evidence as
    # offsets; rows.full rebuilds records.to_dict's form with the document's text
    Column("data", JsonData, nullable=False),
    # reviews: the latest verdict (correct, wrong, fixed) for fast filtering, and the record as the extractor
    # wrote it, kept here the first time a reviewer fixes a field
    Column("review", String(16)),
    Column("original", JsonData),
    # (filter, sort key, id): one index both filters a list and gives its order (the web queries break ties
    # by id in the sort's direction), so a page reads only its own rows
    Index("ix_records_kind_date_id", "kind", "date", "id"),
    Index("ix_records_kind_label_date_id", "kind", "label", "date", "id"),
    Index("ix_records_kind_country_date_id", "kind", "country", "date", "id"),
    Index("ix_records_kind_confidence_id", "kind", "confidence", "id"),
    Index("ix_records_kind_place", "kind", "place"),
)

# Who each record names, one row per (record, role, actor name): derived from the record's JSON by
# rows.actor_rows, written with the record and rewritten when a review fixes it. Finds an actor's records
# through an index instead of searching every record's JSON.
record_actors = Table(
    "record_actors", metadata,
    Column("record_id", String(32), ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), primary_key=True),  # mention, actor, recipient, speaker, target, holder, source, supplier, seized_by, seized_from
    Column("name", Text, primary_key=True),  # the actor's canonical name
    Column("doc_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # the record's kind
    Column("country", String(8)),  # the actor's country
    Column("date", String(24)),  # the record's date (records.date)
    # an actor's records of one kind (and role), and per-actor counts read from the index alone
    Index("ix_record_actors_name_kind_role_date", "name", "kind", "role", "date", "record_id"),
)

# Country names beside the codes records carry (ISO 3166 alpha-3 and CAMEO's IGO, NGO, IMG …).
countries = Table(
    "countries", metadata,
    Column("code", String(8), primary_key=True),
    Column("name", Text, nullable=False),
)

# The full-text index's rows: one per document (title and text) and one per event, statement and arms
# record (its label, actors and sentence). SQLite keeps the words in the contentless FTS5 table
# ``search_fts`` (rowid = id); PostgreSQL in this table's ``tsv`` column (tsvector, GIN index), which the
# migration adds. Written by the writer with the records (store/search.py).
search_rows = Table(
    "search_rows", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False, index=True),
    Column("record_id", String(32), index=True),  # NULL for the document's own row
    Column("kind", String(16), nullable=False),
)

# What the migrations build that these tables do not describe: SQLite's FTS5 table (and its shadow tables)
# and PostgreSQL's tsvector column with its GIN index.
UNDESCRIBED_TABLES = ("search_fts",)
UNDESCRIBED_COLUMNS = (("search_rows", "tsv"),)
UNDESCRIBED_INDEXES = ("ix_search_rows_tsv",)

reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(32), ForeignKey("records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("verdict", String(16), nullable=False),  # correct, wrong, fixed
    Column("field", Text),  # for 'fixed': the field changed
    Column("old_value", JsonData),
    Column("new_value", JsonData),
    Column("reviewer", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The fusion tables (migration 0005) are described beside their feature, on this metadata.
from ..fuse import tables as _fusion_tables  # noqa: E402,F401


# The monitor (armswatch.watch): watched sources, the items their listings named, alerts and deliveries.
watch_sources = Table(
    "watch_sources", metadata,
    Column("name", Text, primary_key=True),  # as named in sources.yaml
    Column("url", Text, nullable=False),
    Column("etag", Text),  # of the listing, kept once every item it listed was handled
    Column("last_modified", Text),
    Column("next_round_at", DateTime(timezone=True)),
    Column("last_round_at", DateTime(timezone=True)),
    Column("last_success_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("last_error_at", DateTime(timezone=True)),
    Column("errors_in_row", Integer, nullable=False, default=0),
    Column("rounds", Integer, nullable=False, default=0),
    Column("fetched", Integer, nullable=False, default=0),  # bodies fetched (listings and items)
    Column("not_modified", Integer, nullable=False, default=0),  # 304 answers
    Column("stored", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
)

watch_items = Table(
    "watch_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, ForeignKey("watch_sources.name", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("published", String(10)),  # the listing's date for the item
    Column("status", String(16), nullable=False),  # pending, stored, duplicate, skipped, failed
    Column("doc_id", String(32)),
    Column("reason", Text),  # why skipped or failed, with its code
    Column("attempts", Integer, nullable=False, default=0),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("handled_at", DateTime(timezone=True)),
    UniqueConstraint("source", "url", name="uq_watch_item"),
    Index("ix_watch_items_source_status", "source", "status"),
    Index("ix_watch_items_url", "url"),
)

alerts = Table(
    "alerts", metadata,
    Column("id", String(32), primary_key=True),  # stable: hash of (rule, subject, version)
    Column("rule", Text, nullable=False),
    Column("subject", Text, nullable=False),  # what it is about: a fused event, arms figure, statement, denial
    Column("version", Integer, nullable=False),  # 1 when first fired, then one more per update
    Column("reason", Text, nullable=False),  # new, new source, figure changed
    Column("sources", Integer, nullable=False),  # independent sources at the time
    Column("fingerprint", Text, nullable=False),  # the figures at the time: a change sends an update
    Column("payload", JsonData, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("rule", "subject", "version", name="uq_alert_version"),
    Index("ix_alerts_created", "created_at"),
)

alert_deliveries = Table(
    "alert_deliveries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(32), ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("output", Text, nullable=False),  # the output's name in alerts.yaml
    Column("status", String(16), nullable=False),  # pending until sent
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("alert_id", "output", name="uq_alert_delivery"),
    Index("ix_alert_deliveries_status", "status"),
)


# Views, created by migrations (never by metadata.create_all): described here so that readers can select
# from them with SQLAlchemy Core.
views = MetaData()

# Every arms figure reported, one row per arms record, so that the figures for one (holder, category) from
# different sources and dates sit side by side. count_low == count_high for a single number.
arms_figures = Table(
    "arms_figures", views,
    Column("record_id", String(32), primary_key=True),
    Column("doc_id", String(32)),
    Column("holder", Text),
    Column("holder_country", String(8)),
    Column("category", Text),
    Column("class", Text),
    Column("count_low", Float),
    Column("count_high", Float),
    Column("count_qualifier", Text),
    Column("as_of", String(24)),
    Column("source", Text),
    Column("event", Text),
    Column("raw", Text),
    Column("review", String(16)),
    Column("published", String(10)),
    Column("title", Text),
    Column("url", Text),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    # roles, status and denial of the figure (revision 0004)
    Column("supplier", Text),
    Column("recipient", Text),
    Column("seized_by", Text),
    Column("seized_from", Text),
    Column("status", Text),
    Column("negated", Boolean),
)

"""Analyst tables (issue 18): records stored lean, sentence offsets and coordinates as columns, country
names, full-text search, and typed views per kind (events, statements, arms, places, actors).

Every record's JSON is rewritten to its lean form (rows.lean: evidence as offsets into the document text, no
field a column holds); ``sentence_start``/``sentence_end``, ``lat``/``lon`` and the search index are filled
from the stored records and documents.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_VIEWS = ("events", "statements", "arms", "places", "actors")


def _json(dialect: str, *path) -> str:
    """A text-or-number value at ``path`` of r.data."""
    if dialect == "postgresql":
        return "r.data #>> '{" + ",".join(str(p) for p in path) + "}'"
    return "json_extract(r.data, '$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path) + "')"


def _number(dialect: str, field: str, index: int = 0) -> str:
    """A count as an integer: the number, or the ``index``-th end of a [low, high] range."""
    if dialect == "postgresql":
        return (f"CASE jsonb_typeof(r.data->'{field}') WHEN 'array' THEN round((r.data->'{field}'->>{index})::numeric)::bigint "
                f"WHEN 'number' THEN round((r.data->>'{field}')::numeric)::bigint END")
    return (f"CASE json_type(r.data, '$.{field}') WHEN 'array' THEN CAST(round(json_extract(r.data, '$.{field}[{index}]')) AS INTEGER) "
            f"WHEN 'integer' THEN json_extract(r.data, '$.{field}') "
            f"WHEN 'real' THEN CAST(round(json_extract(r.data, '$.{field}')) AS INTEGER) END")


def _flag(dialect: str, field: str) -> str:
    return f"(r.data->>'{field}')::boolean" if dialect == "postgresql" else f"json_extract(r.data, '$.{field}')"


def _words(dialect: str, field: str) -> str:
    """A list of words joined with '; '."""
    if dialect == "postgresql":
        return (f"(SELECT string_agg(w, '; ') FROM jsonb_array_elements_text(CASE jsonb_typeof(r.data->'{field}') "
                f"WHEN 'array' THEN r.data->'{field}' ELSE '[]'::jsonb END) AS w)")
    return f"(SELECT group_concat(value, '; ') FROM json_each(r.data, '$.{field}'))"


def _text(dialect: str) -> str:
    """A record's ``text``: stored as 0 where it is the first evidence span's text (rows.lean)."""
    span = 'substr(d.text, r.start + 1, r."end" - r.start)'
    if dialect == "postgresql":
        return f"CASE jsonb_typeof(r.data->'text') WHEN 'number' THEN {span} ELSE r.data->>'text' END"
    return f"CASE json_type(r.data, '$.text') WHEN 'integer' THEN {span} ELSE json_extract(r.data, '$.text') END"


_SENTENCE = "substr(d.text, r.sentence_start + 1, r.sentence_end - r.sentence_start)"
_DOCUMENT = "d.title AS title, d.url AS url, d.published AS published"


def _view_sql(dialect: str) -> dict[str, str]:
    j = lambda *path: _json(dialect, *path)  # noqa: E731
    base = "FROM records r JOIN documents d ON d.doc_id = r.doc_id"
    return {
        "events": f"""
            SELECT r.id AS record_id, r.doc_id AS doc_id, r.date AS date, r.label AS type,
                   {j('actors', 0, 'name')} AS actor, {j('actors', 0, 'country')} AS actor_country,
                   ca.name AS actor_country_name,
                   {j('recipients', 0, 'name')} AS recipient, {j('recipients', 0, 'country')} AS recipient_country,
                   cr.name AS recipient_country_name,
                   r.place AS place, {j('place_country')} AS place_country, {j('place_precision')} AS place_precision,
                   r.lat AS lat, r.lon AS lon, {_number(dialect, 'fatalities')} AS fatalities,
                   {_words(dialect, 'mode')} AS mode, {j('trigger')} AS trigger,
                   {_flag(dialect, 'negated')} AS negated, {_flag(dialect, 'hypothetical')} AS hypothetical,
                   {_flag(dialect, 'future')} AS future,
                   {_SENTENCE} AS sentence, {_DOCUMENT}, r.confidence AS confidence, r.review AS review
            {base}
            LEFT JOIN countries ca ON ca.code = {j('actors', 0, 'country')}
            LEFT JOIN countries cr ON cr.code = {j('recipients', 0, 'country')}
            WHERE r.kind = 'event'""",
        "statements": f"""
            SELECT r.id AS record_id, r.doc_id AS doc_id, r.date AS date,
                   r.label AS speaker, r.country AS speaker_country, cs.name AS speaker_country_name,
                   {j('speaker', 'sector')} AS speaker_sector, {_text(dialect)} AS quote,
                   {_flag(dialect, 'direct')} AS direct, {j('cue')} AS cue, {j('claim')} AS claim,
                   {j('target', 'name')} AS target, {j('target', 'country')} AS target_country,
                   {_SENTENCE} AS sentence, {_DOCUMENT}, r.confidence AS confidence, r.review AS review
            {base}
            LEFT JOIN countries cs ON cs.code = r.country
            WHERE r.kind = 'statement'""",
        "arms": f"""
            SELECT r.id AS record_id, r.doc_id AS doc_id, r.date AS as_of, r.label AS category,
                   {j('class')} AS class, {_number(dialect, 'count', 0)} AS count_low,
                   {_number(dialect, 'count', 1)} AS count_high, {j('count_qualifier')} AS count_qualifier,
                   {_words(dialect, 'models')} AS models, {j('holder', 'name')} AS holder,
                   r.country AS holder_country, ch.name AS holder_country_name,
                   {j('source', 'name')} AS source, {j('event')} AS event, {j('origin')} AS origin,
                   r.place AS place, r.lat AS lat, r.lon AS lon, {j('raw')} AS raw,
                   {_SENTENCE} AS sentence, {_DOCUMENT}, r.confidence AS confidence, r.review AS review
            {base}
            LEFT JOIN countries ch ON ch.code = r.country
            WHERE r.kind = 'arms'""",
        "places": f"""
            SELECT r.id AS record_id, r.doc_id AS doc_id, r.label AS name, {_text(dialect)} AS text,
                   r.country AS country, cp.name AS country_name, r.lat AS lat, r.lon AS lon,
                   {j('geonameid')} AS geonameid, {j('feature')} AS feature,
                   {_SENTENCE} AS sentence, {_DOCUMENT}, r.confidence AS confidence, r.review AS review
            {base}
            LEFT JOIN countries cp ON cp.code = r.country
            WHERE r.kind = 'place'""",
        "actors": f"""
            SELECT r.id AS record_id, r.doc_id AS doc_id, r.label AS name, {_text(dialect)} AS text,
                   {j('type')} AS type, r.country AS country, cc.name AS country_name, {j('sector')} AS sector,
                   {_SENTENCE} AS sentence, {_DOCUMENT}, r.confidence AS confidence, r.review AS review
            {base}
            LEFT JOIN countries cc ON cc.code = r.country
            WHERE r.kind = 'actor'""",
    }


def _backfill(connection) -> None:
    """Rewrite each stored document's records in their lean form with sentence offsets, coordinates and
    their search rows (the writer's own functions, so old and new rows are the same)."""
    from armswatch.store import search
    from armswatch.store.rows import full, is_lean, locate, record_row

    json_type = sa.JSON().with_variant(JSONB(), "postgresql")
    records = sa.table("records", sa.column("id"), sa.column("doc_id"), sa.column("kind"), sa.column("confidence"),
                       sa.column("extractor"), sa.column("data", json_type), sa.column("original", json_type),
                       sa.column("sentence_start"), sa.column("sentence_end"), sa.column("lat"), sa.column("lon"))
    documents = sa.table("documents", sa.column("doc_id"), sa.column("title"), sa.column("text"))
    doc_ids = list(connection.scalars(sa.select(documents.c.doc_id).order_by(documents.c.doc_id)))
    for doc_id in doc_ids:
        title, text = connection.execute(sa.select(documents.c.title, documents.c.text)
                                         .where(documents.c.doc_id == doc_id)).one()
        stored = connection.execute(sa.select(records).where(records.c.doc_id == doc_id)).all()
        rows, entries = [], [{"doc_id": doc_id, "record_id": None, "kind": "document",
                              "body": f"{title or ''} {text}"}]
        for row in stored:
            columns = {"id": row.id, "doc_id": row.doc_id, "kind": row.kind, "confidence": row.confidence,
                       "extractor": row.extractor, "text": text}
            data = full(row.data, **columns)
            new = record_row(data, text)
            new["original"] = row.original if row.original is None or is_lean(row.original) else \
                record_row(full(row.original, **columns))["data"]
            rows.append(new)
            if row.kind in search.SEARCHED_KINDS:
                sentence = text[new["sentence_start"]:new["sentence_end"]] if new["sentence_start"] is not None else ""
                entries.append({"doc_id": doc_id, "record_id": row.id, "kind": row.kind,
                                "body": search.record_body(data, sentence)})
        for new in locate(rows):
            connection.execute(records.update().where(records.c.id == new["id"]).values(
                data=new["data"], original=new["original"], sentence_start=new["sentence_start"],
                sentence_end=new["sentence_end"], lat=new["lat"], lon=new["lon"]))
        search.index_entries(connection, entries)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    dialect = "postgresql" if dialect == "postgresql" else "sqlite"
    for name, kind in (("sentence_start", sa.Integer), ("sentence_end", sa.Integer), ("lat", sa.Float),
                       ("lon", sa.Float)):
        op.add_column("records", sa.Column(name, kind))
    countries = op.create_table("countries", sa.Column("code", sa.String(8), primary_key=True),
                                sa.Column("name", sa.Text, nullable=False))
    from armswatch.store.countries import country_rows

    op.bulk_insert(countries, country_rows())
    op.create_table(
        "search_rows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(32), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
        sa.Column("record_id", sa.String(32)),
        sa.Column("kind", sa.String(16), nullable=False),
    )
    if dialect == "postgresql":
        op.execute("ALTER TABLE search_rows ADD COLUMN tsv tsvector NOT NULL")
    else:
        # contentless: the words are indexed, the text is not stored again (snippets come from documents)
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(kind, body, content='', "
                   "tokenize='porter unicode61')")
    _backfill(op.get_bind())
    # indexes after the backfill: built once rather than updated row by row
    op.create_index("ix_search_rows_doc_id", "search_rows", ["doc_id"])
    op.create_index("ix_search_rows_record_id", "search_rows", ["record_id"])
    if dialect == "postgresql":
        op.execute("CREATE INDEX ix_search_rows_tsv ON search_rows USING gin (tsv)")
        # without statistics the planner takes a common word for a rare one (seconds instead of milliseconds)
        op.execute("ANALYZE records, search_rows")
    for name, sql in _view_sql(dialect).items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in _VIEWS:
        op.execute(f"DROP VIEW {name}")
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE search_fts")
    op.drop_table("search_rows")
    op.drop_table("countries")
    for name in ("lon", "lat", "sentence_end", "sentence_start"):
        with op.batch_alter_table("records") as batch:
            batch.drop_column(name)

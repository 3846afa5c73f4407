"""Alembic environment, run programmatically by ``armswatch.store.migrate``: the caller hands over an open
connection (in ``config.attributes["connection"]``), so no alembic.ini or URL is needed here."""

from alembic import context

from armswatch.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()

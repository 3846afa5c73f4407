"""Schema migrations run programmatically: ``upgrade(engine)`` brings any database to the head revision.

The migration scripts ship inside the package (``store/migrations``), so an installed armswatch needs no
alembic.ini. Concurrent first starts are serialised: SQLite by a write lock, PostgreSQL by an advisory lock.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

from .connect import BEGIN_MODE

_ADVISORY_LOCK_KEY = 0x61726D73  # "arms"


@lru_cache(maxsize=1)
def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("armswatch.store").joinpath("migrations")))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    if current_revision(engine) == head_revision():
        return
    with engine.connect() as connection:
        connection = connection.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            upgrade_on(connection, "head")


def upgrade_on(connection, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on an open connection, inside the caller's transaction."""
    config = _config()
    config.attributes["connection"] = connection
    try:
        command.upgrade(config, revision)
    finally:
        config.attributes.pop("connection", None)

"""Engines and the translation of driver errors into armswatch's coded errors.

SQLite gets WAL (readers never wait for the writer), foreign keys, a busy timeout and explicit
transactions: Python's sqlite3 driver would otherwise skip BEGIN before SELECTs and DDL, which breaks
all-or-nothing writes. Write transactions start with ``BEGIN IMMEDIATE`` so that a second writer waits on
the busy timeout at the start instead of failing half-way when a read lock cannot be upgraded.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError

from ..errors import StoreError, StoreLocked, StoreUnreachable

DEFAULT_BUSY_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_S = 10
# Execution option read by the BEGIN hook: "IMMEDIATE" for write transactions on SQLite.
BEGIN_MODE = "armswatch_sqlite_begin"


def shown_url(url: str) -> str:
    """The URL as it may appear in a message: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreUnreachable(f"not a database URL: {exc}", source=url) from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreUnreachable(f"the folder {folder} does not exist", source=shown_url(url))
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": busy_timeout_s})
            _configure_sqlite(engine, busy_timeout_s)
        elif parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("psycopg", "psycopg2"):
            # a server that does not answer fails within seconds instead of hanging
            engine = create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StoreUnreachable(f"cannot use this database URL: {exc}", source=shown_url(url)) from exc
    return engine


def _configure_sqlite(engine: Engine, busy_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see the module docstring)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL is still safe against corruption and makes each commit far cheaper.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get(BEGIN_MODE, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def is_lock_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return "database is locked" in text or "database table is locked" in text or sqlstate == "55P03"


@contextmanager
def translated(url: str, connecting: bool = False) -> Iterator[None]:
    """Turn SQLAlchemy and driver errors into StoreLocked / StoreUnreachable / StoreError."""
    try:
        yield
    except StoreError:
        raise
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if is_lock_error(exc):
            raise StoreLocked(f"the database stayed locked past the busy timeout ({reason})",
                              source=shown_url(url)) from exc
        if connecting or exc.connection_invalidated:
            raise StoreUnreachable(f"cannot connect: {reason}", source=shown_url(url)) from exc
        raise StoreError(f"database error: {reason}", source=shown_url(url)) from exc
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if connecting or exc.connection_invalidated:
            raise StoreUnreachable(f"cannot connect: {reason}", source=shown_url(url)) from exc
        raise StoreError(f"database error: {reason}", source=shown_url(url)) from exc
    except SQLAlchemyError as exc:
        if connecting:
            raise StoreUnreachable(f"cannot use the database: {exc}", source=shown_url(url)) from exc
        raise StoreError(f"database error: {exc}", source=shown_url(url)) from exc

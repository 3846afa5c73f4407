"""The store: SQLite by default, PostgreSQL by URL, schema by Alembic migrations.

Public API: ``open_store(url=None, settings=None) -> Store``; the ``Store`` methods write documents with
their records (one transaction each) and read, export, review and summarise them.
"""

from __future__ import annotations

from ..config import Settings, default_settings
from .connect import DEFAULT_BUSY_TIMEOUT_S, make_engine, translated
from .database import VERDICTS, Store
from .export import FORMATS
from .migrate import upgrade

__all__ = ["open_store", "Store", "FORMATS", "VERDICTS"]


def open_store(url: str | None = None, settings: Settings | None = None,
               busy_timeout_s: float | None = None) -> Store:
    """Connect to the database (``url``, else setting store.url) and migrate it to the current schema.

    Raises StoreUnreachable (AW302) for a bad URL or a server that does not answer, and StoreLocked (AW301)
    when SQLite stays locked past the busy timeout.
    """
    settings = settings or default_settings()
    url = url or settings.get("store.url")
    if busy_timeout_s is None:
        busy_timeout_s = float(settings.get("store.busy_timeout_s", DEFAULT_BUSY_TIMEOUT_S))
    engine = make_engine(url, busy_timeout_s)
    try:
        with translated(url, connecting=True):
            upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    from ..fuse.params import Params

    fusion = Params.from_settings(settings)
    return Store(engine, url, batch_size=settings.get("store.batch_size", 200),
                 fusion=fusion if fusion.on_ingest else None)

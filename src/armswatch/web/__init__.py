"""The web side: a dashboard and a JSON API over the store, from the same read queries.

Public API: ``create_app(store, token=None, max_upload=…, settings=None) -> FastAPI``; ``queries`` holds the
read functions the pages and the API share.
"""

from .app import create_app

__all__ = ["create_app"]

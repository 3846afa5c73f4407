"""What every page module shares: the server's state, the page renderer, ``twin()`` and the shared filters.

A page module in ``web/routes/`` has one function, ``register(site: Site)``, that adds its routes with
``site.twin(...)`` (a GET page and its JSON twin) or ``site.app`` directly (forms, posts).
"""

from __future__ import annotations

import hmac
import threading
from typing import Callable
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment

from .. import errors
from . import queries
from .queries import Filters

# Shared query parameters, documented once.
Q = {
    "type": Query(None, description="event type, arms category, place or actor name (the record's label)"),
    "actor": Query(None, description="an actor's canonical name, as actor, recipient, speaker or holder"),
    "country": Query(None, description="ISO 3166 alpha-3 code"),
    "date_from": Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    "date_to": Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)"),
    "q": Query(None, description="words anywhere in the record"),
    "source": Query(None, description="part of a source path or URL"),
    "limit": Query(50, ge=1, le=queries.MAX_LIMIT),
    "offset": Query(0, ge=0),
    "raw": Query(False, description="count event records one by one instead of fused events (one real event "
                                    "reported by several documents counts once by default)"),
}


class State:
    """What the routes share: the store, the write token, the upload limit, and a lazily loaded pipeline."""

    def __init__(self, store, token: str | None, max_upload: int, settings=None, pipeline_factory=None,
                 allow_fetch: bool = False):
        self.store = store
        self.token = token or None
        self.allow_fetch = allow_fetch  # /extract fetches feeds' links only when started so, and then with the token
        self.max_upload = max_upload
        self.settings = settings
        self._pipeline = None
        self._pipeline_factory = pipeline_factory
        self._lock = threading.Lock()

    @property
    def engine(self):
        return self.store.engine

    def pipeline(self):
        with self._lock:
            if self._pipeline is None:
                if self._pipeline_factory is not None:
                    self._pipeline = self._pipeline_factory()
                else:
                    from ..pipeline import Pipeline

                    self._pipeline = Pipeline(self.settings)
            return self._pipeline


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.query_params.get("format") == "json"


def check_token(state: State, given: str | None) -> None:
    if not state.token:
        raise errors.WriteForbidden("this server was started without a write token, so it is read-only")
    if not given or not hmac.compare_digest(given.encode("utf-8"), state.token.encode("utf-8")):
        raise errors.WriteForbidden("a valid write token is needed to change the database")


def token_from(request: Request, form_value: str | None = None) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-armswatch-token") or form_value


def query_string(request: Request, **changes) -> str:
    """The current query string with some parameters changed (None removes one): for facets and paging."""
    params = dict(request.query_params)
    params.pop("format", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    if "offset" not in changes and any(k != "offset" for k in changes):
        params.pop("offset", None)
    return "?" + urlencode(params) if params else ""


def filters(kind=None, type=None, actor=None, country=None, date_from=None, date_to=None, q=None, source=None,
            doc_id=None, include_wrong=True, sort="-date", limit=50, offset=0) -> Filters:
    """The list filters from query parameters; a bad date is a 400 (AW50x), not a 500."""
    try:
        return Filters(kind=kind or None, type=type or None, actor=actor or None, country=country or None,
                       date_from=queries.check_date(date_from, "date_from"),
                       date_to=queries.check_date(date_to, "date_to"), q=(q or "").strip() or None,
                       source=source or None, doc_id=doc_id or None, include_wrong=include_wrong,
                       sort=sort or "-date", limit=limit, offset=offset)
    except ValueError as exc:
        raise errors.BadRequest(str(exc)) from exc


def run_query(func: Callable, *args):
    try:
        return func(*args)
    except ValueError as exc:  # a bad sort key or filter value
        raise errors.BadRequest(str(exc)) from exc


class Site:
    """The app, its state and templates, handed to each page module's ``register``."""

    def __init__(self, app: FastAPI, state: State, env: Environment):
        self.app = app
        self.state = state
        self.env = env

    def page(self, request: Request, template: str, data: dict, status: int = 200, **extra) -> Response:
        """The data as JSON when the request asks for it (``.json``, ``?format=json``), else the template."""
        if wants_json(request):
            return JSONResponse(data, status_code=status)
        html = self.env.get_template(template).render(request=request, data=data, write_enabled=bool(self.state.token),
                                                      qs=lambda **kw: query_string(request, **kw), **extra)
        return HTMLResponse(html, status_code=status)

    def twin(self, path: str, summary: str):
        """Register a GET view twice: ``path.json`` in the OpenAPI schema, ``path`` as the HTML page.

        The view returns ``site.page(...)``, which answers JSON or HTML by the request's path.
        """

        def wrap(func):
            self.app.add_api_route(path + ".json", func, methods=["GET"], summary=summary,
                                   response_class=JSONResponse, name=func.__name__ + "_json")
            self.app.add_api_route(path, func, methods=["GET"], include_in_schema=False,
                                   response_class=HTMLResponse, name=func.__name__)
            return func

        return wrap

    def item(self, path: str, summary: str, template: str, find: Callable[[str], dict | None], what: str,
             name: str) -> None:
        """A twin page for one item, found by the id that ends ``path`` (``/x/{item_id}``) with ``find``;
        where it finds none, a 404 page (AW) naming ``what`` was looked for."""

        def view(request: Request, item_id: str):
            data = find(item_id)
            if data is None:
                raise errors.PageNotFound(f"no {what} with id '{item_id}'")
            return self.page(request, template, data)

        view.__name__ = name
        self.twin(path, summary)(view)

"""The FastAPI app: setup only (middleware, error pages, static files, API docs); the pages are in ``routes/``.

``/x`` is the page and ``/x.json`` (or ``/x?format=json``) the same data as JSON; the JSON routes are the
ones the OpenAPI schema (``/openapi.json``, browsable at ``/docs`` with Swagger UI served from the package, no CDN) lists.
Reading is open; writing (reviews, storing a pasted article) needs the token the server was started with.
"""

from __future__ import annotations

import json
import logging
import time
from importlib import resources
from pathlib import Path
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import errors
from . import render, routes
from .site import Site, State, wants_json

log = logging.getLogger("armswatch.web")
HERE = Path(__file__).parent
DEFAULT_MAX_UPLOAD = 2_000_000  # bytes: a long article is ~50 kB; a PDF report a few MB
STATUS = {errors.PageNotFound: 404, errors.WriteForbidden: 403, errors.UploadTooLarge: 413,
          errors.BadRequest: 400, errors.InputError: 400, errors.StoreLocked: 503, errors.StoreUnreachable: 503,
          errors.StoreError: 400}  # the store's other errors name a bad review (unknown field, value off contract)


def _status_of(error: errors.ArmswatchError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters["tojson_attr"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["count"] = lambda value: "" if value is None else (
        "–".join(f"{v:,.0f}" for v in value) if isinstance(value, list) else f"{value:,.0f}" if isinstance(value, (int, float)) else str(value))
    env.filters["fromjson"] = json.loads
    # links from a document's metadata: only web addresses become links (never javascript: or data:)
    env.filters["web_url"] = lambda url: url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None
    env.globals["kinds_in"] = render.kinds_in
    env.globals["hidden_by_default"] = render.HIDDEN_BY_DEFAULT
    return env


def _analyze(store) -> None:
    """Planner statistics for the database as it is now (filled since it was created, most likely): the
    list queries pick their indexes by them. Best effort: a locked or read-only database serves anyway."""
    analyze = getattr(store, "analyze", None)
    if analyze is None:
        return
    try:
        analyze()
    except errors.ArmswatchError as error:
        log.warning("cannot refresh the database's statistics: %s", error)


def create_app(store, token: str | None = None, max_upload: int = DEFAULT_MAX_UPLOAD, settings=None,
               pipeline_factory: Callable | None = None, allow_fetch: bool = False) -> FastAPI:
    """The app over ``store`` (an ``armswatch.store.Store``: ``.engine``, ``.add_review``, ``.write_document``).
    ``allow_fetch``: an uploaded feed's links may be fetched (under the fetch policy) by requests that carry
    the token; without it the server fetches nothing."""
    # Swagger UI 5 (reads OpenAPI 3.1, which FastAPI writes) as shipped inside the fastapi-offline package
    swagger_ui_path = Path(str(resources.files("fastapi_offline") / "static"))

    app = FastAPI(title="armswatch", version="0.1",
                  description="Sourced records of who holds which weapons, who did what to whom, and who "
                              "claimed what. Every page has a JSON twin: the routes listed here.",
                  docs_url=None, redoc_url=None)
    state = State(store, token, max_upload, settings, pipeline_factory, allow_fetch=allow_fetch)
    _analyze(store)
    app.state.armswatch = state
    app.add_middleware(BodyLimit, limit=max_upload + 64_000)  # the article plus the form's other fields
    env = _environment()
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handle_errors(app, state, env)
    routes.register_all(Site(app, state, env))

    @app.get("/docs", include_in_schema=False)
    def api_docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="armswatch API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    return app


def _handle_errors(app: FastAPI, state: State, env: Environment) -> None:
    """Coded errors as JSON or an error page; the upload limit, timing and security headers on every answer."""

    def error_response(request: Request, error: errors.ArmswatchError, status: int) -> Response:
        body = {"error": {"code": error.code, "message": error.message, "hint": error.hint}}
        accept = request.headers.get("accept", "")
        sent_json = request.headers.get("content-type", "").startswith("application/json")
        if wants_json(request) or sent_json or ("application/json" in accept and "text/html" not in accept):
            return JSONResponse(body, status_code=status)
        html = env.get_template("error.html").render(request=request, data=body["error"], status=status,
                                                     write_enabled=bool(state.token), qs=lambda **kw: "")
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(errors.ArmswatchError)
    async def _armswatch_error(request: Request, exc: errors.ArmswatchError):
        return error_response(request, exc, _status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
                             for e in exc.errors())
        return error_response(request, errors.BadRequest(problems or "the request is not valid"), 400)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            error = errors.PageNotFound(f"nothing at {request.url.path}")
        elif exc.status_code == 400:
            error = errors.BadRequest(str(exc.detail))
        elif exc.status_code == 405:
            error = errors.BadRequest(f"{request.method} is not allowed on {request.url.path}")
        else:
            error = errors.WebError(str(exc.detail))
        return error_response(request, error, exc.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)  # the traceback goes to the log, never the page
        return error_response(request, errors.WebError("the server failed to answer this request"), 500)

    @app.middleware("http")
    async def _limit_upload(request: Request, call_next):
        length = request.headers.get("content-length")
        if request.method == "POST" and length and length.isdigit() and int(length) > state.max_upload + 64_000:
            return error_response(request, errors.UploadTooLarge(
                f"the request has {int(length):,} bytes; the limit is {state.max_upload:,}"), 413)
        began, cpu = time.perf_counter(), time.process_time()
        response = await call_next(request)
        # how long the server worked on it (wall and process CPU, in ms), for the latency benchmark and users
        response.headers["Server-Timing"] = (f"app;dur={1000 * (time.perf_counter() - began):.1f}, "
                                             f"cpu;dur={1000 * (time.process_time() - cpu):.1f}")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # pages run only the app's own script file: even a markup slip could not run an article's script
        scripts = "'self' 'unsafe-inline'" if request.url.path == "/docs" else "'self'"
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                    f"script-src {scripts}; object-src 'none'; frame-ancestors 'none'")
        return response


class BodyLimit:
    """Stops reading a request body past ``limit`` bytes, whether or not the client said its length: the
    route's handler then answers 413 (AW503) instead of the server spooling an endless upload to disk."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise errors.UploadTooLarge(f"the request is larger than {self.limit:,} bytes")
            return message

        await self.app(scope, limited_receive, send)

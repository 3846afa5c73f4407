"""The FastAPI app: HTML pages rendered on the server, each with a JSON twin, from the queries in ``queries``.

``/x`` is the page and ``/x.json`` (or ``/x?format=json``) the same data as JSON; the JSON routes are the
ones the OpenAPI schema (``/openapi.json``, browsable at ``/docs`` with Swagger UI served from the package, no CDN) lists.
Reading is open; writing (reviews, storing a pasted article) needs the token the server was started with.
"""

from __future__ import annotations

import hmac
import json
import logging
from importlib import resources
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import errors
from . import queries, render
from .queries import Filters

log = logging.getLogger("armswatch.web")
HERE = Path(__file__).parent
DEFAULT_MAX_UPLOAD = 2_000_000  # bytes: a long article is ~50 kB; a PDF report a few MB
VERDICTS = ("correct", "wrong", "fixed")
LIST_PAGES = {"events": "event", "statements": "statement", "places": "place", "quantities": "quantity",
              "times": "time", "arms-records": "arms"}
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
    env.globals["kinds"] = render.KIND_ORDER
    return env


class State:
    """What the routes share: the store, the write token, the upload limit, and a lazily loaded pipeline."""

    def __init__(self, store, token: str | None, max_upload: int, settings=None, pipeline_factory=None):
        self.store = store
        self.token = token or None
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


def _token_from(request: Request, form_value: str | None = None) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-armswatch-token") or form_value


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
               pipeline_factory: Callable | None = None) -> FastAPI:
    """The app over ``store`` (an ``armswatch.store.Store``: ``.engine``, ``.add_review``, ``.write_document``)."""
    # Swagger UI 5 (reads OpenAPI 3.1, which FastAPI writes) as shipped inside the fastapi-offline package
    swagger_ui_path = Path(str(resources.files("fastapi_offline") / "static"))

    app = FastAPI(title="armswatch", version="0.1",
                  description="Sourced records of who holds which weapons, who did what to whom, and who "
                              "claimed what. Every page has a JSON twin: the routes listed here.",
                  docs_url=None, redoc_url=None)
    state = State(store, token, max_upload, settings, pipeline_factory)
    _analyze(store)
    app.state.armswatch = state
    app.add_middleware(BodyLimit, limit=max_upload + 64_000)  # the article plus the form's other fields
    env = _environment()
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, template: str, data: dict, status: int = 200, **extra) -> Response:
        if wants_json(request):
            return JSONResponse(data, status_code=status)
        html = env.get_template(template).render(request=request, data=data, write_enabled=bool(state.token),
                                                 qs=lambda **kw: _query_string(request, **kw), **extra)
        return HTMLResponse(html, status_code=status)

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

    def twin(path: str, summary: str):
        """Register a GET view twice: ``path.json`` in the OpenAPI schema, ``path`` as the HTML page."""

        def wrap(func):
            app.add_api_route(path + ".json", func, methods=["GET"], summary=summary, response_class=JSONResponse,
                              name=func.__name__ + "_json")
            app.add_api_route(path, func, methods=["GET"], include_in_schema=False, response_class=HTMLResponse,
                              name=func.__name__)
            return func

        return wrap

    def filters(kind=None, type=None, actor=None, country=None, date_from=None, date_to=None, q=None, source=None,
                doc_id=None, include_wrong=True, sort="-date", limit=50, offset=0) -> Filters:
        try:
            return Filters(kind=kind or None, type=type or None, actor=actor or None, country=country or None,
                           date_from=queries.check_date(date_from, "date_from"),
                           date_to=queries.check_date(date_to, "date_to"), q=(q or "").strip() or None,
                           source=source or None, doc_id=doc_id or None, include_wrong=include_wrong,
                           sort=sort or "-date", limit=limit, offset=offset)
        except ValueError as exc:
            raise errors.BadRequest(str(exc)) from exc

    def run_query(func, *args):
        try:
            return func(*args)
        except ValueError as exc:  # a bad sort key or filter value
            raise errors.BadRequest(str(exc)) from exc

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
    }

    # ---- search and lists -------------------------------------------------------------------------------

    @twin("/search", "Search documents and records, with facets")
    def search(request: Request, q: str | None = Q["q"], kind: str | None = Query(None, description="one of " + ", ".join(queries.LIST_KINDS)),
               type: str | None = Q["type"], actor: str | None = Q["actor"], country: str | None = Q["country"],
               date_from: str | None = Q["date_from"], date_to: str | None = Q["date_to"],
               source: str | None = Q["source"], limit: int = Query(20, ge=1, le=queries.MAX_LIMIT),
               offset: int = Q["offset"]):
        f = filters(kind, type, actor, country, date_from, date_to, q, source, limit=limit, offset=offset)
        doc_filter = filters(None, None, actor, country, date_from, date_to, q, source, sort="-published", limit=10)
        data = {"filters": f.as_params(), "stats": queries.stats(state.engine),
                "facets": queries.facets(state.engine, f),
                "documents": queries.list_documents(state.engine, doc_filter),
                "records": run_query(queries.list_records, state.engine, f)}
        return page(request, "search.html", data)

    app.add_api_route("/", search, methods=["GET"], include_in_schema=False, response_class=HTMLResponse, name="home")

    @twin("/documents", "Documents, newest first")
    def documents(request: Request, q: str | None = Query(None, description="words in the title or text"),
                  actor: str | None = Q["actor"], country: str | None = Q["country"],
                  date_from: str | None = Q["date_from"], date_to: str | None = Q["date_to"],
                  source: str | None = Q["source"],
                  sort: str = Query("-published", description="published, title, chars or ingested; - for descending"),
                  limit: int = Q["limit"], offset: int = Q["offset"]):
        f = filters(None, None, actor, country, date_from, date_to, q, source, sort=sort, limit=limit, offset=offset)
        return page(request, "documents.html", run_query(queries.list_documents, state.engine, f))

    def record_list(kind: str, title: str):
        def view(request: Request, type: str | None = Q["type"], actor: str | None = Q["actor"],
                 country: str | None = Q["country"], date_from: str | None = Q["date_from"],
                 date_to: str | None = Q["date_to"], q: str | None = Q["q"], source: str | None = Q["source"],
                 doc_id: str | None = Query(None), include_wrong: bool = Query(True, description="false hides records reviewed as wrong"),
                 sort: str = Query("-date", description="date, confidence, label or country; - for descending"),
                 limit: int = Q["limit"], offset: int = Q["offset"]):
            f = filters(kind, type, actor, country, date_from, date_to, q, source, doc_id, include_wrong, sort,
                        limit, offset)
            data = run_query(queries.list_records, state.engine, f)
            data["kind"] = kind
            data["title"] = title
            return page(request, "records.html", data)

        view.__name__ = f"list_{kind}"
        return view

    for path, kind in LIST_PAGES.items():
        twin(f"/{path}", f"{kind.capitalize()} records, filtered, sorted and paged")(record_list(kind, path.replace("-", " ")))

    @twin("/actors", "Actors by number of mentions")
    def actors(request: Request, actor: str | None = Query(None, description="part of the name"),
               country: str | None = Q["country"], sort: str = Query("-mentions", description="mentions, documents or name"),
               limit: int = Q["limit"], offset: int = Q["offset"]):
        f = filters(None, None, actor, country, sort=sort, limit=limit, offset=offset)
        return page(request, "actors.html", queries.list_actors(state.engine, f))

    # ---- one document, one record, one actor --------------------------------------------------------------

    @app.get("/documents/{doc_id}.json", summary="One document with all its records and their reviews")
    def document_json(request: Request, doc_id: str):
        return document(request, doc_id)

    @app.get("/documents/{doc_id}", include_in_schema=False, response_class=HTMLResponse)
    def document(request: Request, doc_id: str):
        data = queries.get_document(state.engine, doc_id)
        if data is None:
            raise errors.PageNotFound(f"no document with id '{doc_id}'")
        if wants_json(request):
            return JSONResponse(data)
        marked = render.highlight(data["text"], data["records"])
        return page(request, "document.html", data, marked=marked, stored=True)

    @app.get("/records/{record_id}.json", summary="One record, its original form if fixed, and its reviews")
    def record_json(request: Request, record_id: str):
        return record(request, record_id)

    @app.get("/records/{record_id}", include_in_schema=False, response_class=HTMLResponse)
    def record(request: Request, record_id: str):
        data = queries.get_record(state.engine, record_id)
        if data is None:
            raise errors.PageNotFound(f"no record with id '{record_id}'")
        return page(request, "record.html", data)

    @app.get("/actors/{name:path}.json", summary="One actor: network, statements, arms, events")
    def actor_json(request: Request, name: str):
        return actor(request, name)

    @app.get("/actors/{name:path}", include_in_schema=False, response_class=HTMLResponse)
    def actor(request: Request, name: str):
        data = queries.actor_profile(state.engine, name)
        if not data["actor"]["written"] and not data["events"] and not data["statements"] and not data["arms"]:
            raise errors.PageNotFound(f"no actor named '{name}'")
        net = data["network"]
        layout = render.network_layout(net["center"], net["nodes"], net["edges"])
        return page(request, "actor.html", data, layout=layout)

    # ---- charts ------------------------------------------------------------------------------------------

    @twin("/timeline", "Events by month, per type and per actor")
    def timeline(request: Request, type: str | None = Q["type"], actor: str | None = Q["actor"],
                 country: str | None = Q["country"], date_from: str | None = Q["date_from"],
                 date_to: str | None = Q["date_to"], q: str | None = Q["q"], source: str | None = Q["source"]):
        f = filters("event", type, actor, country, date_from, date_to, q, source)
        data = queries.timeline(state.engine, f)
        by_type = render.timeline_chart(data["months"], data["types"], data["by_type"], "type")
        by_actor = render.timeline_chart(data["months"], data["actors"], data["by_actor"], "actor")
        return page(request, "timeline.html", data, by_type=by_type, by_actor=by_actor)

    @twin("/arms", "Arms figures by holder and category over time, and conflicting figures")
    def arms(request: Request, holder: str | None = Query(None, description="the holder's canonical name"),
             category: str | None = Query(None, description="arms category, e.g. rifle"),
             country: str | None = Query(None, description="the holder's ISO 3166 alpha-3 code"),
             date_from: str | None = Query(None, description="as-of date from: YYYY, YYYY-MM or YYYY-MM-DD"),
             date_to: str | None = Query(None, description="as-of date to (inclusive)"),
             include_wrong: bool = Query(True, description="false hides figures reviewed as wrong")):
        f = filters("arms", category, holder, country, date_from, date_to, None, None, include_wrong=include_wrong)
        data = queries.arms_overview(state.store, f)
        if wants_json(request):
            return JSONResponse(data)
        return page(request, "arms.html", data, trend=render.figure_trend)

    @twin("/map", "Places with coordinates, events there, and records per country")
    def map_view(request: Request, actor: str | None = Q["actor"], country: str | None = Q["country"],
                 date_from: str | None = Q["date_from"], date_to: str | None = Q["date_to"],
                 source: str | None = Q["source"]):
        f = filters(None, None, actor, country, date_from, date_to, None, source)
        data = queries.map_data(state.engine, f)
        if wants_json(request):
            return JSONResponse(data)
        return page(request, "map.html", data, layers=render.map_layers(data))

    # ---- writing: reviews and pasted articles ------------------------------------------------------------

    @app.post("/records/{record_id}/review", summary="Mark a record correct or wrong, or fix one field (needs the token)")
    async def review(request: Request, record_id: str):
        is_json = request.headers.get("content-type", "").startswith("application/json")
        if is_json:
            try:
                body = await request.json()
            except ValueError as exc:
                raise errors.BadRequest("the body is not JSON") from exc
            if not isinstance(body, dict):
                raise errors.BadRequest("the body must be a JSON object")
        else:
            body = dict(await request.form())
        check_token(state, _token_from(request, body.get("token")))
        verdict = str(body.get("verdict") or "")
        reviewer = str(body.get("reviewer") or "").strip()
        field = (str(body.get("field")) if body.get("field") else None)
        new_value = body.get("new_value")
        if verdict not in VERDICTS:
            raise errors.BadRequest(f"verdict must be one of {', '.join(VERDICTS)}, not '{verdict}'")
        if not reviewer:
            raise errors.BadRequest("say who reviews: the field 'reviewer' is empty")
        if verdict == "fixed":
            if not field:
                raise errors.BadRequest("a fix names the field it changes ('field')")
            if isinstance(new_value, str) and not is_json:
                new_value = _parse_value(new_value)
        else:
            field, new_value = None, None
        existing = queries.get_record(state.engine, record_id)
        if existing is None:
            raise errors.PageNotFound(f"no record with id '{record_id}'")
        await run_in_threadpool(state.store.add_review, record_id, verdict, reviewer, field=field, new_value=new_value)
        updated = queries.get_record(state.engine, record_id)
        if is_json or wants_json(request):
            return JSONResponse(updated)
        return RedirectResponse(f"/documents/{existing['doc_id']}#r-{record_id}", status_code=303)

    @app.get("/extract", include_in_schema=False, response_class=HTMLResponse)
    def extract_form(request: Request):
        return page(request, "extract.html", {"max_upload": state.max_upload})

    @app.post("/extract", summary="Run extraction on a pasted or uploaded article; store it with the token")
    async def extract(request: Request):
        try:
            form = await request.form(max_files=1, max_fields=12, max_part_size=state.max_upload)
        except StarletteHTTPException as exc:  # the form parser's own limits
            if "maximum size" in str(exc.detail):
                raise errors.UploadTooLarge(f"a field or file is larger than {state.max_upload:,} bytes") from exc
            raise errors.BadRequest(str(exc.detail)) from exc
        from ..document import Document
        from ..ingest.checks import iso_date

        def field(name: str) -> str | None:
            value = form.get(name)
            return str(value).strip() or None if isinstance(value, str) else None

        published = iso_date(field("published"), source="the form's published date", strict=True)
        if field("store"):
            check_token(state, _token_from(request, field("token")))  # before the work, not after
        text = str(form.get("text") or "")
        if len(text.encode("utf-8")) > state.max_upload:
            raise errors.UploadTooLarge(f"the text is larger than {state.max_upload:,} bytes")
        upload = form.get("file")
        filename, documents_read = None, []
        if upload is not None and hasattr(upload, "read"):
            raw = await upload.read(state.max_upload + 1)
            filename = upload.filename
            if len(raw) > state.max_upload:
                raise errors.UploadTooLarge(f"the file is larger than {state.max_upload:,} bytes")
            if raw:
                documents_read = await run_in_threadpool(_read_upload, raw, filename, state.settings, published)
        if not documents_read:
            if not text.strip():
                raise errors.EmptyInput("paste an article's text or choose a file", source="extract form")
            documents_read = [Document(text=text, url=field("url"), published=published, source="web form")]
        document = documents_read[0]
        document.title = field("title") or document.title
        document.published = published or document.published
        pipeline = await run_in_threadpool(state.pipeline)
        records_found = await run_in_threadpool(pipeline, document)
        from ..records import to_dict

        rows = [to_dict(r) for r in records_found]
        if field("store"):
            outcome = await run_in_threadpool(state.store.write_document, document, records_found)
            if not wants_json(request):
                return RedirectResponse(f"/documents/{document.doc_id}", status_code=303)
            return JSONResponse({"doc_id": document.doc_id, "outcome": outcome, "records": rows})
        data = {"doc_id": document.doc_id, "title": document.title, "url": document.url,
                "published": document.published, "text": document.text, "sources": [filename or "web form"],
                "records": [r for r in rows if r["kind"] != "document"], "stored": False}
        if wants_json(request):
            return JSONResponse(data)
        return page(request, "document.html", data, marked=render.highlight(document.text, data["records"]),
                    stored=False)

    # ---- API docs served locally -------------------------------------------------------------------------

    @app.get("/docs", include_in_schema=False)
    def api_docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="armswatch API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    return app


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


def _parse_value(text: str) -> Any:
    """A fixed value typed in a form: JSON where it parses (numbers, lists, null), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _read_upload(raw: bytes, filename: str | None, settings, published: str | None) -> list:
    """Read an uploaded file with the ingest readers (HTML, PDF, JSON Lines …), through a temporary file."""
    from ..config import default_settings
    from ..ingest import read_one

    suffix = Path(filename or "upload.txt").suffix[:10] or ".txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(raw)
        documents = read_one(str(path), settings or default_settings(), published=published)
    for document in documents:
        document.source = filename or "upload"
    return documents


def _query_string(request: Request, **changes) -> str:
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

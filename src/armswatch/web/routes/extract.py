"""The extract form: run the pipeline on a pasted or uploaded article, and store it with the write token."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ... import errors
from .. import render
from ..site import Site, check_token, token_from, wants_json


def register(site: Site) -> None:
    state = site.state

    @site.app.get("/extract", include_in_schema=False, response_class=HTMLResponse)
    def extract_form(request: Request):
        return site.page(request, "extract.html", {"max_upload": state.max_upload})

    @site.app.post("/extract", summary="Run extraction on a pasted or uploaded article; store it with the token")
    async def extract(request: Request):
        try:
            form = await request.form(max_files=1, max_fields=12, max_part_size=state.max_upload)
        except StarletteHTTPException as exc:  # the form parser's own limits
            if "maximum size" in str(exc.detail):
                raise errors.UploadTooLarge(f"a field or file is larger than {state.max_upload:,} bytes") from exc
            raise errors.BadRequest(str(exc.detail)) from exc
        from ...document import Document
        from ...ingest.checks import iso_date

        def field(name: str) -> str | None:
            value = form.get(name)
            return str(value).strip() or None if isinstance(value, str) else None

        published = iso_date(field("published"), source="the form's published date", strict=True)
        token = token_from(request, field("token"))
        if field("store"):
            check_token(state, token)  # before the work, not after
        # an uploaded feed's links are fetched only where the server was started with --allow-fetch and the
        # request carries the token: else anyone could make the server request internal addresses
        fetching = state.allow_fetch and token is not None
        if fetching:
            check_token(state, token)
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
                documents_read = await run_in_threadpool(_read_upload, raw, filename, state.settings, published,
                                                         fetching)
        if not documents_read:
            if not text.strip():
                raise errors.EmptyInput("paste an article's text or choose a file", source="extract form")
            documents_read = [Document(text=text, url=field("url"), published=published, source="web form")]
        document = documents_read[0]
        document.title = field("title") or document.title
        document.published = published or document.published
        pipeline = await run_in_threadpool(state.pipeline)
        records_found = await run_in_threadpool(pipeline, document)
        from ...records import to_dict

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
        return site.page(request, "document.html", data, marked=render.highlight(document.text, data["records"]),
                         stored=False)


def _read_upload(raw: bytes, filename: str | None, settings, published: str | None, fetching: bool) -> list:
    """Read an uploaded file with the ingest readers (HTML, PDF, JSON Lines …), through a temporary file.
    A feed's links are fetched only when ``fetching``; file: links never are."""
    from ...config import Settings, default_settings
    from ...ingest import read_one

    settings = Settings(copy.deepcopy((settings or default_settings()).data))
    settings.set("fetch.enabled", bool(fetching and settings.get("fetch.enabled")))
    settings.set("fetch.allow_file", False)
    suffix = Path(filename or "upload.txt").suffix[:10] or ".txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(raw)
        documents = read_one(str(path), settings, published=published)
    for document in documents:
        document.source = filename or "upload"
    return documents

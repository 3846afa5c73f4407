"""Writing a review: mark a record correct or wrong, or fix one field (needs the write token)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from ... import errors
from ...store import VERDICTS
from .. import queries
from ..site import Site, check_token, token_from, wants_json


def register(site: Site) -> None:
    state = site.state

    @site.app.post("/records/{record_id}/review", summary="Mark a record correct or wrong, or fix one field (needs the token)")
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
        check_token(state, token_from(request, body.get("token")))
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


def _parse_value(text: str) -> Any:
    """A fixed value typed in a form: JSON where it parses (numbers, lists, null), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text

"""Fused events (one real event reported by several documents) and stories, with their JSON twins."""

from __future__ import annotations

from fastapi import Query, Request

from ... import errors
from .. import queries
from ..site import Q, Site


def register(site: Site) -> None:
    state = site.state

    @site.twin("/fused", "Fused events: one real event and every report of it, the most recently reported first")
    def fused_list(request: Request, type: str | None = Query(None, description="a PLOVER event type"),
                   since: str | None = Query(None, description="reported on or after: YYYY, YYYY-MM or YYYY-MM-DD"),
                   min_sources: int | None = Query(None, ge=1, description="at least this many independent sources"),
                   limit: int = Q["limit"], offset: int = Q["offset"]):
        try:
            since = queries.check_date(since or None, "since")
        except ValueError as exc:
            raise errors.BadRequest(str(exc)) from exc
        data = queries.list_fused(state.engine, (type or "").strip() or None, since, min_sources, limit, offset)
        return site.page(request, "fused.html", data)

    site.item("/fused/{item_id}", "One fused event: type, dyad, dates, place, sources, and its reports side by side",
              "fused_event.html", lambda id: queries.fused_detail(state.engine, id), "fused event", "fused_event")

    @site.twin("/stories", "Stories: documents whose main events are fused together, the largest first")
    def stories(request: Request, min_documents: int = Query(1, ge=1, description="at least this many documents"),
                limit: int = Q["limit"], offset: int = Q["offset"]):
        return site.page(request, "stories.html", queries.list_stories(state.engine, min_documents, limit, offset))

    site.item("/stories/{item_id}", "One story: its documents with their URLs, and its fused events", "story.html",
              lambda id: queries.story_detail(state.engine, id), "story", "story")

"""Events by month, per type and per actor."""

from __future__ import annotations

from fastapi import Request

from .. import queries, render
from ..site import Q, Site, filters


def register(site: Site) -> None:
    @site.twin("/timeline", "Events by month, per type and per actor")
    def timeline(request: Request, type: str | None = Q["type"], actor: str | None = Q["actor"],
                 country: str | None = Q["country"], date_from: str | None = Q["date_from"],
                 date_to: str | None = Q["date_to"], q: str | None = Q["q"], source: str | None = Q["source"],
                 raw: bool = Q["raw"]):
        f = filters("event", type, actor, country, date_from, date_to, q, source)
        data = queries.timeline(site.state.engine, f, raw=raw)
        by_type = render.timeline_chart(data["months"], data["types"], data["by_type"], "type")
        by_actor = render.timeline_chart(data["months"], data["actors"], data["by_actor"], "actor")
        return site.page(request, "timeline.html", data, by_type=by_type, by_actor=by_actor)

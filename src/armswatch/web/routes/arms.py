"""Arms figures by holder and category over time, and the figures that conflict."""

from __future__ import annotations

from fastapi import Query, Request

from .. import queries, render
from ..site import Site, filters


def register(site: Site) -> None:
    @site.twin("/arms", "Arms figures by holder and category over time, and conflicting figures")
    def arms(request: Request, holder: str | None = Query(None, description="the holder's canonical name"),
             category: str | None = Query(None, description="arms category, e.g. rifle"),
             country: str | None = Query(None, description="the holder's ISO 3166 alpha-3 code"),
             date_from: str | None = Query(None, description="as-of date from: YYYY, YYYY-MM or YYYY-MM-DD"),
             date_to: str | None = Query(None, description="as-of date to (inclusive)"),
             include_wrong: bool = Query(True, description="false hides figures reviewed as wrong")):
        f = filters("arms", category, holder, country, date_from, date_to, None, None, include_wrong=include_wrong)
        data = queries.arms_overview(site.state.store, f)
        return site.page(request, "arms.html", data, trend=render.figure_trend)

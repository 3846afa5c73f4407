"""Places with coordinates, the events there, and records per country."""

from __future__ import annotations

from fastapi import Request

from .. import queries, render
from ..site import Q, Site, filters, wants_json


def register(site: Site) -> None:
    @site.twin("/map", "Places with coordinates, events there, and records per country")
    def map_view(request: Request, actor: str | None = Q["actor"], country: str | None = Q["country"],
                 date_from: str | None = Q["date_from"], date_to: str | None = Q["date_to"],
                 source: str | None = Q["source"], raw: bool = Q["raw"]):
        f = filters(None, None, actor, country, date_from, date_to, None, source)
        data = queries.map_data(site.state.engine, f, raw=raw)
        layers = None if wants_json(request) else render.map_layers(data)  # the SVG shapes only for the page
        return site.page(request, "map.html", data, layers=layers)

"""Actors by mentions, and one actor's profile: network, statements, arms, events."""

from __future__ import annotations

from fastapi import Query, Request

from ... import errors
from .. import queries, render
from ..site import Q, Site, filters


def register(site: Site) -> None:
    state = site.state

    @site.twin("/actors", "Actors by number of mentions")
    def actors(request: Request, actor: str | None = Query(None, description="part of the name"),
               country: str | None = Q["country"], sort: str = Query("-mentions", description="mentions, documents or name"),
               limit: int = Q["limit"], offset: int = Q["offset"]):
        f = filters(None, None, actor, country, sort=sort, limit=limit, offset=offset)
        return site.page(request, "actors.html", queries.list_actors(state.engine, f))

    @site.twin("/actors/{name:path}", "One actor: network, statements, arms, events")
    def actor(request: Request, name: str):
        data = queries.actor_profile(state.engine, name)
        if not data["actor"]["written"] and not data["events"] and not data["statements"] and not data["arms"]:
            raise errors.PageNotFound(f"no actor named '{name}'")
        net = data["network"]
        layout = render.network_layout(net["center"], net["nodes"], net["edges"])
        return site.page(request, "actor.html", data, layout=layout)

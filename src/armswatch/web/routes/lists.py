"""Search (also the home page) and the filtered, sorted, paged lists of records of one kind."""

from __future__ import annotations

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from .. import queries
from ..site import Q, Site, filters, run_query

LIST_PAGES = {"events": "event", "statements": "statement", "places": "place", "quantities": "quantity",
              "times": "time", "arms-records": "arms"}


def register(site: Site) -> None:
    state = site.state

    @site.twin("/search", "Search documents and records, with facets")
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
                "records": run_query(queries.list_records, state.engine, f),
                # the dashboard (no filter): the latest events, each counted once however many report it
                "fused_events": None if f.as_params() else queries.list_fused(state.engine, limit=8)}
        queries.annotate_events(state.engine, data["records"]["items"])
        return site.page(request, "search.html", data)

    site.app.add_api_route("/", search, methods=["GET"], include_in_schema=False, response_class=HTMLResponse,
                           name="home")

    for path, kind in LIST_PAGES.items():
        site.twin(f"/{path}", f"{kind.capitalize()} records, filtered, sorted and paged")(
            _record_list(site, kind, path.replace("-", " ")))


def _record_list(site: Site, kind: str, title: str):
    def view(request: Request, type: str | None = Q["type"], actor: str | None = Q["actor"],
             country: str | None = Q["country"], date_from: str | None = Q["date_from"],
             date_to: str | None = Q["date_to"], q: str | None = Q["q"], source: str | None = Q["source"],
             doc_id: str | None = Query(None), include_wrong: bool = Query(True, description="false hides records reviewed as wrong"),
             sort: str = Query("-date", description="date, confidence, label or country; - for descending"),
             limit: int = Q["limit"], offset: int = Q["offset"]):
        f = filters(kind, type, actor, country, date_from, date_to, q, source, doc_id, include_wrong, sort,
                    limit, offset)
        data = run_query(queries.list_records, site.state.engine, f)
        queries.annotate_events(site.state.engine, data["items"])
        data["kind"] = kind
        data["title"] = title
        return site.page(request, "records.html", data)

    view.__name__ = f"list_{kind}"
    return view

"""The documents list, one document with its records highlighted, and one record."""

from __future__ import annotations

from fastapi import Query, Request

from ... import errors
from .. import queries, render
from ..site import Q, Site, filters, run_query, wants_json


def register(site: Site) -> None:
    state = site.state

    @site.twin("/documents", "Documents, newest first")
    def documents(request: Request, q: str | None = Query(None, description="words in the title or text"),
                  actor: str | None = Q["actor"], country: str | None = Q["country"],
                  date_from: str | None = Q["date_from"], date_to: str | None = Q["date_to"],
                  source: str | None = Q["source"],
                  sort: str = Query("-published", description="published, title, chars or ingested; - for descending"),
                  limit: int = Q["limit"], offset: int = Q["offset"]):
        f = filters(None, None, actor, country, date_from, date_to, q, source, sort=sort, limit=limit, offset=offset)
        return site.page(request, "documents.html", run_query(queries.list_documents, state.engine, f))

    @site.twin("/documents/{doc_id}", "One document with all its records and their reviews")
    def document(request: Request, doc_id: str):
        data = queries.get_document(state.engine, doc_id)
        if data is None:
            raise errors.PageNotFound(f"no document with id '{doc_id}'")
        data["fusion"] = queries.document_fusion(state.engine, doc_id,
                                                 [r["id"] for r in data["records"] if r.get("kind") == "event"])
        if wants_json(request):  # the highlighting is for the page only
            return site.page(request, "document.html", data)
        return site.page(request, "document.html", data, marked=render.highlight(data["text"], data["records"]),
                         stored=True)

    site.item("/records/{item_id}", "One record, its original form if fixed, and its reviews", "record.html",
              lambda id: queries.annotate_record(state.engine, queries.get_record(state.engine, id)), "record",
              "record")

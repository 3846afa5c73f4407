"""Arms figures reconciled across documents: the same (holder, category, as-of, count) reported by several
documents is one figure with N reports and M independent sources (copies counted once); only a different
count for the same (holder, category, as-of) from another source is a conflict; and a series per holder and
category over time."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..store.schema import arms_figures as arms_view
from . import tables as T


def reconcile(rows: list[dict], copy_group: dict[str, str] | None = None) -> list[dict]:
    """``rows``: arms_figures view rows. Returns one figure per (holder, category, as_of, count), with
    ``reports`` (record ids with their documents), ``documents``, ``sources`` and ``conflicts_with`` (the
    other counts another source gives for the same holder, category and date)."""
    copy_group = copy_group or {}
    figures: dict[tuple, dict] = {}
    for row in rows:
        if row.get("count_low") is None:
            continue
        key = (row["holder"], row["category"], row["as_of"], row["count_low"], row["count_high"])
        figure = figures.setdefault(key, {
            "holder": row["holder"], "holder_country": row.get("holder_country"), "category": row["category"],
            "as_of": row["as_of"], "count_low": row["count_low"], "count_high": row["count_high"], "reports": []})
        figure["reports"].append({"record_id": row["record_id"], "doc_id": row["doc_id"], "url": row.get("url"),
                                  "source": row.get("source"), "published": row.get("published")})
    by_date: dict[tuple, list[dict]] = defaultdict(list)
    for figure in figures.values():
        docs = {r["doc_id"] for r in figure["reports"]}
        figure["documents"] = len(docs)
        figure["source_groups"] = sorted({copy_group.get(d, d) for d in docs})
        figure["sources"] = len(figure["source_groups"])
        by_date[(figure["holder"], figure["category"], figure["as_of"])].append(figure)
    for same in by_date.values():
        for figure in same:
            mine = set(figure["source_groups"])
            figure["conflicts_with"] = sorted(
                [other["count_low"], other["count_high"]] for other in same
                if other is not figure and set(other["source_groups"]) - mine)
    return sorted(figures.values(), key=lambda f: (str(f["holder"]), str(f["category"]), str(f["as_of"]),
                                                   f["count_low"], f["count_high"]))


def series(figures: list[dict]) -> dict[tuple, list[dict]]:
    """{(holder, category): its figures, oldest as-of first}."""
    out: dict[tuple, list[dict]] = defaultdict(list)
    for figure in figures:
        out[(figure["holder"], figure["category"])].append(figure)
    for values in out.values():
        values.sort(key=lambda f: (f["as_of"] or "", f["count_low"]))
    return dict(out)


def reconciled_figures(connection: Connection, holder: str | None = None) -> list[dict]:
    """The stored arms figures reconciled, copies counted once where fusion ran."""
    query = select(arms_view)
    if holder:
        query = query.where((arms_view.c.holder == holder) | (arms_view.c.holder_country == holder.upper()))
    rows = [dict(r._mapping) for r in connection.execute(query)]
    groups = dict(connection.execute(select(T.documents.c.doc_id, T.documents.c.copy_group)).all())
    return reconcile(rows, groups)

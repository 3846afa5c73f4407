"""Arms figures reconciled across documents: the same (holder, category, as-of, count) reported by several
documents is one figure with N reports and M independent sources (copies counted once); only a different
count for the same (holder, category, as-of) from another source is a conflict; and a series per holder and
category over time."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..store.reading import chunks
from . import tables as T


def contradicts(a: dict, b: dict) -> bool:
    """Two arms_figures rows contradict each other when two named sources give different counts for the same
    named holder, category and date. Different figures from one source count different things (and copies of
    one article repeat its source); a figure with no count, source, holder or date is set against none."""
    if any(r.get("count_low") is None or not r.get("source") or not r.get("holder") or not r.get("as_of")
           for r in (a, b)):
        return False
    return ((a["holder"], a["category"], a["as_of"]) == (b["holder"], b["category"], b["as_of"])
            and (a["count_low"], a["count_high"]) != (b["count_low"], b["count_high"])
            and a["source"] != b["source"])


def mark_conflicts(rows: list[dict]) -> list[dict]:
    """Sets each row's ``conflict``: whether another row contradicts it (``contradicts``)."""
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        by_key[(row.get("holder"), row.get("category"), row.get("as_of"))].append(row)
    for row in rows:
        same = by_key[(row.get("holder"), row.get("category"), row.get("as_of"))]
        row["conflict"] = any(contradicts(row, other) for other in same if other is not row)
    return rows


def reconcile(rows: list[dict]) -> list[dict]:
    """``rows``: arms_figures view rows (each with its document's ``copy_group``; a row without one is its
    own). Returns one figure per (holder, category, as_of, count), with ``reports`` (record ids with their
    documents), ``documents``, ``sources`` (independent: copies of one article count once) and
    ``conflicts_with`` (the other counts that contradict it, by ``contradicts``)."""
    copy_group: dict[str, str] = {}
    figures: dict[tuple, dict] = {}
    members: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get("count_low") is None:
            continue
        key = (row["holder"], row["category"], row["as_of"], row["count_low"], row["count_high"])
        figure = figures.setdefault(key, {
            "holder": row["holder"], "holder_country": row.get("holder_country"), "category": row["category"],
            "as_of": row["as_of"], "count_low": row["count_low"], "count_high": row["count_high"], "reports": []})
        figure["reports"].append({"record_id": row["record_id"], "doc_id": row["doc_id"], "url": row.get("url"),
                                  "source": row.get("source"), "published": row.get("published")})
        members[key].append(row)
        copy_group[row["doc_id"]] = row.get("copy_group") or row["doc_id"]
    by_date: dict[tuple, list[tuple]] = defaultdict(list)
    for key, figure in figures.items():
        docs = {r["doc_id"] for r in figure["reports"]}
        figure["documents"] = len(docs)
        figure["sources"] = len({copy_group[d] for d in docs})
        by_date[key[:3]].append(key)
    for keys in by_date.values():
        for key in keys:
            figures[key]["conflicts_with"] = sorted(
                [other[3], other[4]] for other in keys if other != key
                and any(contradicts(a, b) for a in members[key] for b in members[other]))
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


def copy_groups(connection: Connection, doc_ids) -> dict[str, str]:
    """{doc id: its copy group} of those documents that fusion has seen."""
    ids = sorted(set(doc_ids))
    out: dict[str, str] = {}
    for chunk in chunks(ids):
        out.update(connection.execute(select(T.documents.c.doc_id, T.documents.c.copy_group)
                                      .where(T.documents.c.doc_id.in_(chunk))).all())
    return out

"""Counting fused events in the charts (timeline, map): one real event counts once, however many reports.

A fused event counts in the month of its dates where they fall in one month (else as its year, which the
charts leave unplaced), as its type, at its place. With filters, it counts where one of its reports matches
them (the event records outer-joined to their fused event, counted distinct); with none, straight from the
fused events' table. An event record that fusion does not hold (fusion off, or not run yet) counts as itself.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import case, func, select

from ...fuse import tables as T
from ...store.schema import records
from .base import Filters


def unfiltered(f: Filters) -> bool:
    """No filter but the kind: the fused events' table answers alone."""
    return not (f.type or f.actor or f.country or f.date_from or f.date_to or f.q or f.source or f.doc_id
                or not f.include_wrong)


def _month(fused, otherwise=None):
    """The month key of a fused event (YYYY-MM-…), its year where its dates span months, None undated."""
    in_one_month = func.substr(fused.c.date_low, 1, 7) == func.substr(fused.c.date_high, 1, 7)
    whens = [(fused.c.id.is_(None), otherwise)] if otherwise is not None else []
    return case(*whens, (in_one_month, func.substr(fused.c.date_low, 1, 8)),
                else_=func.substr(fused.c.date_low, 1, 4))


def joined(table, record_id):
    """``table`` (records or record_actors) outer-joined to each event record's fused event, with the
    expressions (count of distinct events, month key, the fused table) that count one per fused event."""
    fused = T.fused
    link = T.events
    rows = table.outerjoin(link, link.c.event_id == record_id).outerjoin(fused, fused.c.id == link.c.fused_id)
    one = func.count(func.distinct(func.coalesce(fused.c.id, record_id)))
    return rows, one, _month(fused, func.substr(table.c.date, 1, 8)), fused


def _not_fused():
    return records.c.id.not_in(select(T.events.c.event_id))


def _added(*parts) -> list[tuple]:
    total: Counter = Counter()
    for part in parts:
        for *key, count in part:
            total[tuple(key)] += count
    return [(*key, count) for key, count in total.items()]


def by_month_and_type(conn, conditions: list, no_filters: bool) -> list[tuple]:
    """(month key, type, count) rows, as the timeline groups event records."""
    if no_filters:
        month = _month(T.fused)
        fused = conn.execute(select(month, T.fused.c.type, func.count()).group_by(month, T.fused.c.type)).all()
        key = func.substr(records.c.date, 1, 8)
        alone = conn.execute(select(key, records.c.label, func.count()).where(*conditions, _not_fused())
                             .group_by(key, records.c.label)).all()
        return _added(fused, alone)
    rows, one, month, fused = joined(records, records.c.id)
    label = func.coalesce(fused.c.type, records.c.label)
    return conn.execute(select(month, label, one).select_from(rows).where(*conditions).group_by(month, label)).all()


def by_place(conn, conditions: list, no_filters: bool) -> dict[str, int]:
    """{place name: events there}, as the map counts event records."""
    if no_filters:
        fused = conn.execute(select(T.fused.c.place, func.count()).where(T.fused.c.place.is_not(None))
                             .group_by(T.fused.c.place)).all()
        alone = conn.execute(select(records.c.place, func.count())
                             .where(*conditions, records.c.place.is_not(None), _not_fused())
                             .group_by(records.c.place)).all()
        return dict(_added(fused, alone))
    rows, one, _month_key, fused = joined(records, records.c.id)
    place = func.coalesce(fused.c.place, records.c.place)
    return dict(conn.execute(select(place, one).select_from(rows).where(*conditions, records.c.place.is_not(None))
                             .group_by(place)).all())

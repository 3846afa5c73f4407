"""ISO 8601 values at their own precision as day ranges, and the blocking periods they fall in."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})")
LONG_DAYS = 62  # a range longer than this is blocked by year, not month


def day_range(value: str | None) -> tuple[date, date] | None:
    """The first and last day a value may mean: "2025-02" -> (Feb 1, Feb 28); None when unknown."""
    if not value:
        return None
    value = str(value).strip()
    try:
        if "/" in value:
            first, _, last = value.partition("/")
            a, b = day_range(first), day_range(last)
            return (a[0], b[1]) if a and b and a[0] <= b[1] else None
        if m := _DAY.match(value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _QUARTER.match(value):
            year, first_month = int(m[1]), 3 * int(m[2]) - 2
            last = first_month + 2
            return date(year, first_month, 1), date(year, last, calendar.monthrange(year, last)[1])
        if m := _YEAR.match(value):
            year = int(m[1])
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return None


def overlap(a: tuple[str, str] | None, b: tuple[str, str] | None) -> bool:
    """Two ranges (ISO strings) overlap; an unknown date overlaps only another unknown one."""
    if a is None or b is None:
        return a is None and b is None
    return a[0] <= b[1] and b[0] <= a[1]


def periods(low: date, high: date) -> tuple[list[str], list[str]]:
    """(keys an event is stored under, keys it looks up), so that any two overlapping ranges meet under one
    key and ranges that cannot overlap rarely do. A single day is stored under its day (D) and, for the
    coarser ranges that must still find it, under its month as a day (DM); a short range under its months
    (M), a long one under its years (Y). A day looks up its day and the coarser ranges holding it (its M and
    Y); a short range its months, the days in them and its years; a long one its years and every month and
    day-month of them. Two days of one month never meet: a month's events of one participant would
    otherwise be read back for each new report of one day."""
    years = [f"Y{y}" for y in range(low.year, high.year + 1)]
    if low == high:
        return [f"D{low.isoformat()}", f"DM{low:%Y-%m}"], [f"D{low.isoformat()}", f"M{low:%Y-%m}", years[0]]
    if (high - low).days <= LONG_DAYS:
        months, cursor = [], date(low.year, low.month, 1)
        while cursor <= high:
            months.append(f"{cursor:%Y-%m}")
            cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        return [f"M{m}" for m in months], [f"M{m}" for m in months] + [f"DM{m}" for m in months] + years
    if len(years) > 3:  # a decade or more says too little to block on
        return ["L"], ["L"]
    every_month = [f"{y[1:]}-{m:02d}" for y in years for m in range(1, 13)]
    return years, years + [f"M{m}" for m in every_month] + [f"DM{m}" for m in every_month]

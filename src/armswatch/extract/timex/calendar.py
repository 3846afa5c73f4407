"""Date arithmetic at each TIMEX3 precision: days, ISO weeks, months, quarters, seasons, years."""

from __future__ import annotations

import datetime as dt

from .lexicon import SEASON_ORDER

SEASON_CODES = {v: k for k, v in SEASON_ORDER.items()}


def parse_iso_day(value: str | None) -> dt.date | None:
    """The date of an ISO value that has day precision (``2025-02-17`` or ``2025-02-17T09:00``), else None."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def day(d: dt.date) -> str:
    return d.isoformat()


def week(d: dt.date) -> str:
    year, number, _ = d.isocalendar()
    return f"{year}-W{number:02d}"


def month(year: int, number: int) -> str:
    return f"{year:04d}-{number:02d}"


def add_months(year: int, number: int, delta: int) -> tuple[int, int]:
    index = year * 12 + number - 1 + delta
    return index // 12, index % 12 + 1


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def add_quarters(year: int, number: int, delta: int) -> tuple[int, int]:
    index = year * 4 + number - 1 + delta
    return index // 4, index % 4 + 1


def season_position(d: dt.date) -> int:
    """A running index of seasons: year * 4 + (WI 0, SP 1, SU 2, FA 3); December opens the next year's winter."""
    m = d.month
    if m == 12:
        return (d.year + 1) * 4
    return d.year * 4 + (0 if m <= 2 else 1 if m <= 5 else 2 if m <= 8 else 3)


def season(position: int) -> str:
    return f"{position // 4:04d}-{SEASON_CODES[position % 4]}"


def weekday_on_or_before(anchor: dt.date, iso_weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.isoweekday() - iso_weekday) % 7)


def weekday_on_or_after(anchor: dt.date, iso_weekday: int) -> dt.date:
    return anchor + dt.timedelta(days=(iso_weekday - anchor.isoweekday()) % 7)


def safe_date(year: int, number: int, day_of_month: int) -> dt.date | None:
    try:
        return dt.date(year, number, day_of_month)
    except ValueError:
        return None


def shift_value(value: str, years: int) -> str | None:
    """An ISO value moved by whole years at its own precision (``1989-Q3`` -> ``1988-Q3``), else None."""
    if not value or not value[:4].isdigit():
        return None
    year = int(value[:4]) + years
    rest = value[4:]
    if rest[:3] == "-02" and rest[3:6] == "-29":  # 29 February has no twin in most years
        rest = "-02-28" + rest[6:]
    return f"{year:04d}{rest}"


def nth_weekday(year: int, number: int, iso_weekday: int, nth: int) -> dt.date:
    """The nth (1-based) given weekday of a month, e.g. the fourth Thursday of November."""
    first = dt.date(year, number, 1)
    return first + dt.timedelta(days=(iso_weekday - first.isoweekday()) % 7 + 7 * (nth - 1))

"""Handlers for calendar dates: ISO and numeric dates, month-day, month and year, years, decades, centuries,
weekdays and today/yesterday/tomorrow."""

from __future__ import annotations

import datetime as dt
import re

from . import calendar as cal
from .lexicon import AMBIGUOUS_MONTHS, DEICTIC_DAYS, MONTHS, PARTS_OF_DAY, SEASONS, WEEKDAY_RE, WEEKDAYS
from .tense import FUTURE
from .base import DATE, SET, TIME, _capitalised, _direction, _month_number, _year_for_month, make


def h_iso_date(m, env):
    value = m.group(0)
    if cal.parse_iso_day(value) is None:
        return None
    kind = TIME if "T" in value else DATE
    return make(m, kind, value, "iso_date")


def h_numeric_date(m, env):
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
    month_, day_ = (a, b) if a <= 12 else (b, a)  # US month/day unless the first cannot be a month
    date = cal.safe_date(year, month_, day_)
    return make(m, DATE, cal.day(date), "numeric_date") if date else None


def _weekday_checked(m) -> bool:
    wd = m.groupdict().get("wd")
    return wd is None or _capitalised(wd)


def h_month_day(m, env):
    if not _capitalised(m.group("mon")) or not _weekday_checked(m):
        return None
    number, day_ = _month_number(m.group("mon")), int(m.group("day"))
    if not 1 <= day_ <= 31:
        return None
    if m.group("year"):
        date = cal.safe_date(int(m.group("year")), number, day_)
        return make(m, DATE, cal.day(date), "full_date") if date else None
    year = _year_for_month(env, number, m.start(), day_, m.end())
    if year is None:
        return make(m, DATE, f"XXXX-{number:02d}-{day_:02d}", "month_day", granularity="day")
    if m.groupdict().get("wd"):
        # "Saturday, April 25": the year in which that date is a Saturday, nearest the anchor
        iso = WEEKDAYS[m.group("wd").lower()]
        fits = [y for y in (year, year + 1, year - 1) if (cal.safe_date(y, number, day_) or dt.date(1, 1, 1)).isoweekday() == iso]
        year = fits[0] if fits else year
    date = cal.safe_date(year, number, day_)
    return make(m, DATE, cal.day(date), "month_day") if date else None


def h_month_year(m, env):
    if not _capitalised(m.group("mon")):
        return None
    return make(m, DATE, cal.month(int(m.group("year")), _month_number(m.group("mon"))), "month_year")


_TEMPORAL_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|until|till|through|throughout|during|from|to|before|after|of|early|late|mid|"
    r"last|next|this|until|between|and|or|each|every|around|about)[\s-]+)$", re.IGNORECASE)


def h_month_bare(m, env):
    word = m.group("mon")
    if not _capitalised(word):
        return None
    rel = (m.group("rel") or "").lower()
    before = env.text[max(0, m.start() - 20):m.start()]
    if word.lower().rstrip(".") in AMBIGUOUS_MONTHS and not rel and not _TEMPORAL_CUE_BEFORE.search(before):
        return None
    if word.lower() == "may" and re.match(r"\s+(?:be|have|not|also|well|still|never|just)\b", env.text[m.end():m.end() + 8]):
        return None
    if not rel and re.match(r"\s+(?!(?:" + WEEKDAY_RE + r")\b)[A-Z][a-z]", env.text[m.end():m.end() + 3]):
        return None  # "Jan Kavan", "June Carter": a name
    number = _month_number(word)
    if env.dct is None:
        return make(m, DATE, f"XXXX-{number:02d}", "month", granularity="month")
    d = env.dct
    if rel in ("last", "past"):
        year = d.year if number < d.month else d.year - 1
    elif rel in ("next", "coming"):
        year = d.year if number > d.month else d.year + 1
    elif rel == "this":
        year = d.year
    else:
        year = _year_for_month(env, number, m.start())
    return make(m, DATE, cal.month(year, number), "month")


def h_year(m, env):
    year = int(m.group("year"))
    before = env.text[max(0, m.start() - 24):m.start()]
    fiscal = m.group("fy")
    if not fiscal:
        if re.search(r"(?:No\.|Nos\.|#|number|\d[.,]?)\s*$", before, re.IGNORECASE):
            return None
        # "Resolution 2231", "Vision 2030": a name's number, not a year
        prev = re.search(r"([A-Za-z][\w'-]*)\s*$", before)
        cue = re.search(r"\b(?:in|since|by|until|till|through|throughout|during|from|to|before|after|of|year|"
                        r"early|late|mid|between|and|or|as of|around|circa|c\.|fiscal|FY|the|'s)[\s-]*$",
                        before, re.IGNORECASE)
        if prev and _capitalised(prev.group(1)) and not cue and prev.group(1).lower().rstrip(".") not in MONTHS:
            if not prev.group(1).lower() in SEASONS and m.start() - len(before) + prev.start() > 0:
                sentence_start = re.search(r"(?:^|[.!?:\n]\s*)$", before[:prev.start()])
                if not sentence_start:
                    return None
        if year < 1800 and not cue:
            return None
        if env.is_counting(m.start("year"), m.end("year")):
            return None
    value = f"{year:04d}"
    return make(m, DATE, value, "year")


def h_year_range(m, env):
    y1 = int(m.group("y1"))
    y2s = m.group("y2")
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if not y1 < y2 <= y1 + 100 or y1 < 1800:
        return None
    if env.is_counting(m.start("y1"), m.end()) and not env.in_date_entity(m.start(), m.end()):
        return None
    t = make(m, DATE, f"{y1:04d}/{y2:04d}", "year_range", granularity="range")
    t.parts = [(m.start("y1"), m.end("y1")), (m.start("y2"), m.end("y2"))]
    return t


def h_decade(m, env):
    if m.group("short"):
        digit = m.group("short")
        century = "19" if int(digit) >= 3 else "20"
        return make(m, DATE, century + digit, "decade")
    if m.group("cent") is not None:
        return make(m, DATE, m.group("cent") + m.group("dec"), "decade")
    return None


def h_century(m, env):
    n = int(m.group("n"))
    return make(m, DATE, f"{n - 1:02d}", "century") if 1 <= n <= 21 else None


def h_weekday(m, env):
    word = m.group("wd")
    if not _capitalised(word):
        return None
    iso = WEEKDAYS[word.lower()]
    pod = m.group("pod")
    if m.group("plural"):
        code = f"XXXX-WXX-{iso}" + (f"T{PARTS_OF_DAY[pod.lower().rstrip('s')]}" if pod else "")
        return make(m, SET, code, "weekday_set")
    rel = (m.group("rel") or "").lower()
    if env.dct is None:
        return make(m, DATE, None, "weekday", granularity="day")
    d = env.dct
    if rel == "last" or rel == "past":
        date = cal.weekday_on_or_before(d - dt.timedelta(days=1), iso)
    elif rel in ("next", "coming"):
        date = cal.weekday_on_or_after(d + dt.timedelta(days=1), iso)
    elif rel == "this":
        date = cal.weekday_on_or_after(d, iso) if _direction(env, m.start()) == FUTURE else cal.weekday_on_or_before(d, iso)
    elif _direction(env, m.start()) == FUTURE:
        date = cal.weekday_on_or_after(d, iso)
    else:
        date = cal.weekday_on_or_before(d, iso)
    # "Friday night": news annotations (TimeBank) mostly date the day; the part of day stays in the text
    return make(m, DATE, cal.day(date), "weekday")


def h_deictic_day(m, env):
    word = re.sub(r"\s+", " ", m.group("word").lower())
    offset = DEICTIC_DAYS.get(word)
    if offset is None:
        return None
    if env.dct is None:
        return make(m, DATE if word not in ("tonight", "last night") else TIME, None, "deictic_day", granularity="day")
    date = cal.day(env.dct + dt.timedelta(days=offset))
    pod = m.group("pod")
    if word == "last night":
        return make(m, TIME, date + "TNI", "deictic_day")
    if pod:
        return make(m, TIME, f"{date}T{PARTS_OF_DAY[pod.lower()]}", "deictic_day")
    return make(m, DATE, date, "deictic_day")


def h_this_part_of_day(m, env):
    code = PARTS_OF_DAY.get(m.group("pod").lower(), "NI")
    if env.dct is None:
        return make(m, TIME, None, "part_of_day", granularity="instant")
    return make(m, TIME, f"{cal.day(env.dct)}T{code}", "part_of_day")

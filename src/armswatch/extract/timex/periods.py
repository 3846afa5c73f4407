"""Handlers for periods and times: quarters, halves, seasons, holidays, clock times, PRESENT_REF-style
references, sets ("every week") and named years."""

from __future__ import annotations

import datetime as dt
import re

from . import calendar as cal
from .lexicon import (
    DECADE_WORDS, HOLIDAYS, QUARTER_WORDS, REFS, REL_DELTA, SET_WORDS, SPELLED_CENTURY, WEEKDAYS, number_value, unit_of,
)
from .tense import FUTURE, PAST
from .base import DATE, DURATION, SET, TIME, Timex, _capitalised, _direction, _month_number, _year_for_month, make
from .dates import h_month_day
from .relative import _count, _season, _unit_value, duration_value


def h_quarter(m, env):
    q = QUARTER_WORDS[m.group("ord").lower()]
    year = None
    for name in ("y1", "y2"):
        if m.group(name):
            year = int(m.group(name))
    rel = (m.group("rel") or m.group("rel2") or "").lower()
    if year is None:
        if env.dct is None:
            return make(m, DATE, None, "quarter", granularity="quarter")
        d = env.dct
        if rel:
            year = d.year + REL_DELTA.get(rel, 0)
        else:
            current = cal.quarter_of(d)
            direction = _direction(env, m.start())
            if direction == PAST:
                year = d.year if q <= current else d.year - 1
            elif direction == FUTURE:
                year = d.year if q >= current else d.year + 1
            else:
                year = d.year
    return make(m, DATE, f"{year:04d}-Q{q}", "quarter")


def h_q_code(m, env):
    q = int(m.group("n"))
    if m.group("y"):
        y = m.group("y")
        year = int(y) if len(y) == 4 else 2000 + int(y)
    elif env.dct is not None:
        year = env.dct.year
    else:
        return make(m, DATE, None, "quarter", granularity="quarter")
    return make(m, DATE, f"{year:04d}-Q{q}", "quarter")


def h_half(m, env):
    h = 1 if m.group("ord").lower() in ("first", "1st") else 2
    year = int(m.group("y")) if m.group("y") else (env.dct.year + REL_DELTA.get((m.group("rel") or "this").lower(), 0) if env.dct else None)
    if year is None:
        return make(m, DATE, None, "half", granularity="quarter")
    return make(m, DATE, f"{year:04d}-H{h}", "half", granularity="quarter")


def h_the_quarter(m, env):
    """"the quarter", "the latest quarter": the quarter reported on, i.e. the last complete one."""
    word = (m.group("which") or "").lower()

    def resolve(ref):
        if word in ("year-earlier", "year-ago", "year earlier", "year ago"):
            if ref and re.fullmatch(r"\d{4}-Q\d", ref):
                return cal.shift_value(ref, -1)
            base = env.dct
            if base is None:
                return None
            y, q = cal.add_quarters(base.year, cal.quarter_of(base), -1)
            return f"{y - 1:04d}-Q{q}"
        if word == "" and ref and re.fullmatch(r"\d{4}-Q\d", ref):
            return ref
        if env.dct is None:
            return None
        y, q = cal.add_quarters(env.dct.year, cal.quarter_of(env.dct), 0 if word == "current" else -1)
        return f"{y:04d}-Q{q}"

    return make(m, DATE, None, "the_quarter", resolve=resolve, granularity="quarter")


def h_season(m, env):
    word = m.group("season")
    rel = (m.group("rel") or "").lower()
    year = int(m.group("y")) if m.group("y") else None
    after = env.text[m.end():m.end() + 6]
    if not rel and year is None:
        before = env.text[max(0, m.start() - 16):m.start()].lower()
        if not re.search(r"\b(?:in|during|by|until|over|since|through|for|before|after|this|that)\s+the\s+$", before) or re.match(r"\s+of\b", after):
            return None
    if word[0].isupper() and not (m.start() == 0 or env.text[m.start() - 2:m.start()].strip() in ("", ".")) and not rel:
        return None  # "Arab Spring"
    return _season(m, env, rel, word, year)


def h_holiday(m, env):
    name = re.sub(r"\s+", " ", m.group("name").lower()).replace("’", "'")
    year = int(m.group("y")) if m.group("y") else None
    if name.startswith("thanksgiving"):
        def on(y):
            return cal.nth_weekday(y, 11, 4, 4)
        month_day = (11, None)
    elif name.startswith("easter"):
        from dateutil.easter import easter

        def on(y):
            return easter(y)
        month_day = (4, None)
    else:
        month_day = HOLIDAYS.get(name)
        if month_day is None:
            return None

        def on(y):
            return dt.date(y, *month_day)
    if year is None:
        if env.dct is None:
            return make(m, DATE, None, "holiday", granularity="day")
        year = _year_for_month(env, month_day[0], m.start(), month_day[1] or 15)
    return make(m, DATE, cal.day(on(year)), "holiday")


def h_time_of_day(m, env):
    hour = int(m.group("h"))
    minute = int(m.group("min") or 0)
    ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    clock = f"{hour:02d}:{minute:02d}"
    if re.search(r"\b(?:UTC|GMT)\s*$", m.group(0)):
        clock += "Z"  # TIMEX3 marks universal time with Z
    return _clock_timex(m, env, clock, "time_of_day")


def _clock_timex(m, env, clock: str, rule: str) -> Timex:
    """A clock time on the day of the expression before it (the story's day), else the publication day."""
    def resolve(ref):
        day_ = cal.parse_iso_day(ref) or env.dct
        return f"{cal.day(day_)}T{clock}" if day_ else f"XXXX-XX-XXT{clock}"

    return make(m, TIME, f"XXXX-XX-XXT{clock}", rule, resolve=resolve, granularity="instant")


def h_noon(m, env):
    word = m.group(0).lower()
    if re.search(r"\bhigh\s+$", env.text[max(0, m.start() - 6):m.start()], re.IGNORECASE):
        return None
    return _clock_timex(m, env, "24:00" if word == "midnight" else "12:00", "noon")


def h_ref(m, env):
    word = re.sub(r"\s+", " ", m.group(0).lower())
    value = REFS.get(word)
    if value is None:
        return None
    if word == "now" and m.group(0)[0].isupper() and re.match(r"\s*(?:,|for\b)", env.text[m.end():m.end() + 5]):
        return None  # "Now, ..." opens a turn of the story, it dates nothing
    if word == "recent" and re.match(r"\s+(?:days|weeks|months|years|decades|quarters|times|history|past)\b", env.text[m.end():m.end() + 10]):
        return None  # "recent months" is a vague duration rule's
    if word == "current" and re.match(r"\s+(?:account|affairs|events|issue|edition)\b", env.text[m.end():m.end() + 10]):
        return None
    if word == "future" and re.search(r"(?:'s|’s|\bits|\btheir|\bhis|\bher|\bour|\bmy|\byour)\s+$", env.text[max(0, m.start() - 8):m.start()]):
        return None  # "the boy's future" is his prospects, not a time
    return make(m, DATE, value, "ref", granularity="unknown")


def h_set_word(m, env):
    if re.match(r"\s+[A-Z]", env.text[m.end():m.end() + 2]):
        return None  # "the party daily Granma": a newspaper
    value = SET_WORDS.get(m.group(0).lower())
    return make(m, SET, value, "set") if value else None


def h_every(m, env):
    unit_word = m.group("unit")
    if unit_word[0].isupper() or unit_word.lower() in WEEKDAYS:
        iso = WEEKDAYS.get(unit_word.lower().rstrip("s"))
        return make(m, SET, f"XXXX-WXX-{iso}", "set") if iso else None
    unit = unit_of(unit_word)
    count = _count(m.group("num")) if m.group("num") else ("2" if m.group("other") else "1")
    return make(m, SET, duration_value(count, unit), "set")


def h_end_of_unit(m, env):
    unit = m.group("unit").lower()
    rel = (m.group("rel") or "this").lower()
    if env.dct is None:
        return make(m, DATE, None, "end_of", granularity=unit)
    return make(m, DATE, _unit_value(unit, env.dct, REL_DELTA.get(rel, 0)), "end_of")


def h_year_earlier_unit(m, env):
    """"the year-earlier quarter", "the year-ago period": the period of the expression before, a year back."""
    def resolve(ref):
        if ref and re.fullmatch(r"\d{4}(-(Q\d|H\d|\d{2}))?", ref):
            return cal.shift_value(ref, -1)
        if env.dct is None:
            return None
        if m.group("unit").lower() == "quarter":
            y, q = cal.add_quarters(env.dct.year, cal.quarter_of(env.dct), -1)
            return f"{y - 1:04d}-Q{q}"
        return f"{env.dct.year - 1:04d}"

    return make(m, DATE, None, "year_earlier", resolve=resolve, granularity="unknown")


def h_month_rel_year(m, env):
    """"January this year", "June last year"."""
    if not _capitalised(m.group("mon")):
        return None
    if env.dct is None:
        return make(m, DATE, None, "month_rel_year", granularity="month")
    year = env.dct.year + REL_DELTA[m.group("rel").lower()]
    return make(m, DATE, cal.month(year, _month_number(m.group("mon"))), "month_rel_year")


def h_week_of_month(m, env):
    """"the last week of March": the ISO week holding that month's first or last days."""
    if not _capitalised(m.group("mon")):
        return None
    number = _month_number(m.group("mon"))
    year = int(m.group("year")) if m.group("year") else _year_for_month(env, number, m.start())
    if year is None:
        return make(m, DATE, None, "week_of_month", granularity="week")
    which = m.group("which").lower()
    if which == "last":
        y, mo = cal.add_months(year, number, 1)
        day_ = dt.date(y, mo, 1) - dt.timedelta(days=4)
    else:
        day_ = dt.date(year, number, 1) + dt.timedelta(days=3 + 7 * ({"first": 1, "second": 2, "third": 3, "fourth": 4}[which] - 1))
    return make(m, DATE, cal.week(day_), "week_of_month")


def h_week_of(m, env):
    """"the week of March 6": the ISO week holding that day."""
    day_timex = h_month_day(m, env)
    date = cal.parse_iso_day(day_timex.value) if day_timex else None
    if day_timex is None:
        return None
    return make(m, DATE, cal.week(date) if date else None, "week_of", granularity="week")


def h_that_year(m, env):
    """"that year", "later that year": the year of the expression before."""
    def resolve(ref):
        if ref and re.match(r"\d{4}", ref):
            return ref[:4]
        return f"{env.dct.year:04d}" if env.dct else None

    return make(m, DATE, None, "that_year", resolve=resolve, granularity="year")


def h_this_named_year(m, env):
    """"the fiscal year", "the current calendar year", "the latest fiscal year"."""
    if env.dct is None:
        return make(m, DATE, None, "named_year", granularity="year")
    which = (m.group("which") or "").lower()
    return make(m, DATE, f"{env.dct.year - (1 if which in ('latest', 'last', 'past', 'previous') else 0):04d}", "named_year")


def h_spelled_year(m, env):
    """"nineteen ninety-six", "two thousand and one" (transcribed broadcasts)."""
    if m.group("cent"):
        rest = number_value(m.group("rest").replace("-", " "))
        if rest is None or not 10 <= rest <= 99:
            return None
        return make(m, DATE, f"{SPELLED_CENTURY[m.group('cent').lower()]}{int(rest):02d}", "spelled_year")
    rest = number_value(m.group("rest2").replace("-", " ")) if m.group("rest2") else 0
    return make(m, DATE, f"{2000 + int(rest or 0):04d}", "spelled_year")


def h_weekend(m, env):
    """"the weekend", "over the weekend": the last one in a past clause, the next in a future one."""
    if env.dct is None:
        return make(m, DATE, None, "weekend", granularity="week")
    d = env.dct
    if d.isoweekday() >= 6:
        anchor = d
    elif _direction(env, m.start()) == FUTURE:
        anchor = d + dt.timedelta(days=6 - d.isoweekday())
    else:
        anchor = d - dt.timedelta(days=d.isoweekday())
    return make(m, DATE, cal.week(anchor) + "-WE", "weekend", granularity="week")


def h_decade_word(m, env):
    return make(m, DATE, "19" + str(DECADE_WORDS[m.group("dw").lower()]), "decade")


def h_year_end(m, env):
    if env.dct is None:
        return make(m, DATE, None, "year_end", granularity="year")
    return make(m, DATE, f"{env.dct.year:04d}", "year_end")


def h_year_ended(m, env):
    """"the year ended Sept. 30": a twelve-month period (the date that ends it is its own expression)."""
    return make(m, DURATION, "P1Y", "year_ended", end=m.end("y"))

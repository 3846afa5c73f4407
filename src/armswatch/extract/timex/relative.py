"""Handlers for expressions relative to the anchor: last/next/this unit or season, "three weeks ago",
durations."""

from __future__ import annotations

import datetime as dt
import re

from . import calendar as cal
from .lexicon import PARTS_OF_DAY, REL_DELTA, SEASON_ORDER, SEASONS, UNITS, number_value, unit_of
from .tense import FUTURE
from .base import DATE, DURATION, SET, TIME, Timex, _direction, make


def _unit_value(unit: str, d: dt.date, delta: int) -> str:
    """The calendar unit containing d, moved by delta units (last month: delta -1)."""
    if unit == "day":
        return cal.day(d + dt.timedelta(days=delta))
    if unit in ("week", "weekend"):
        value = cal.week(d + dt.timedelta(weeks=delta))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        return cal.month(*cal.add_months(d.year, d.month, delta))
    if unit == "quarter":
        y, q = cal.add_quarters(d.year, cal.quarter_of(d), delta)
        return f"{y:04d}-Q{q}"
    if unit == "year":
        return f"{d.year + delta:04d}"
    if unit == "decade":
        return f"{d.year // 10 + delta:03d}"
    if unit == "century":
        return f"{d.year // 100 + delta:02d}"
    raise ValueError(unit)


def _title_word(env, m, word: str) -> bool:
    """Running text writes time units in lower case: a capitalised one is a title ("60 Minutes")."""
    return word[:1].isupper() and not word.isupper()


def h_relative_unit(m, env):
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    if m.group("unit")[0].isupper() and not m.group("unit").isupper():
        return None  # "This Week": a programme's title
    if unit in SEASONS:
        return _season(m, env, rel, unit, None)
    delta = REL_DELTA[rel]
    if env.dct is None:
        return make(m, DATE, None, "relative_unit", granularity=unit if unit in ("week", "month", "quarter", "year", "decade", "century") else "unknown")
    return make(m, DATE, _unit_value(unit, env.dct, delta), "relative_unit")


def h_the_past_unit(m, env):
    """"the past year", "the last week": a span of one unit ending now (TIMEX3 DURATION)."""
    return make(m, DURATION, duration_value("1", m.group("unit").lower()), "the_past_unit")


def h_ref_unit(m, env):
    """"the following day", "the previous year": one unit from the expression before."""
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    delta = 1 if rel in ("following", "next") else -1

    def resolve(ref):
        anchor = cal.parse_iso_day(ref) or env.dct
        if anchor is None:
            return None
        if unit in PARTS_OF_DAY:
            return cal.day(anchor + dt.timedelta(days=delta))
        if unit == "year" and ref and re.fullmatch(r"\d{4}.*", ref):
            return cal.shift_value(ref[:4], delta)
        return _unit_value(unit, anchor, delta)

    return make(m, DATE, None, "ref_unit", resolve=resolve, granularity="day" if unit in PARTS_OF_DAY else unit)


def h_same_day(m, env):
    def resolve(ref):
        anchor = cal.parse_iso_day(ref) or env.dct
        return cal.day(anchor) if anchor else None

    return make(m, DATE, None, "same_day", resolve=resolve, granularity="day")


def _count(text: str | None) -> str:
    if not text:
        return "1"
    value = number_value(text)
    if value is None:
        return "X"
    return str(int(value)) if float(value).is_integer() else str(value)


def h_ago(m, env):
    count, unit = _count(m.group("num")), unit_of(m.group("unit"))
    direction = m.group("dir").lower()
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    if count == "X" or "." in count:
        return make(m, DATE, "PAST_REF" if sign < 0 else "FUTURE_REF", "ago", granularity="unknown")
    n = int(count) * sign
    if direction in ("ago", "from now", "hence"):
        if env.dct is None:
            return make(m, DATE, None, "ago", granularity=unit if unit in ("day", "week", "month", "year") else "unknown")
        plain = _shift_unit(m, env.dct, unit, n, "ago")
        if unit != "year":
            return plain

        def resolve_ago(ref):
            # "profit rose in the third quarter from $5 a year ago": the same quarter, a year back
            if ref and re.fullmatch(r"\d{4}-(Q\d|H\d)", ref):
                return cal.shift_value(ref, n)
            return plain.value

        plain.resolve = resolve_ago
        return plain

    def resolve(ref):
        # "a year earlier" after "the third quarter": the same quarter a year before
        if unit == "year" and ref and re.fullmatch(r"\d{4}(-.*)?", ref) and not ref.startswith("P"):
            return cal.shift_value(ref, n)
        anchor = cal.parse_iso_day(ref) or env.dct
        if anchor is None:
            return None
        return _shift_unit(m, anchor, unit, n, "ago").value

    return make(m, DATE, None, "ref_shift", resolve=resolve, granularity=unit if unit in ("day", "week", "month", "year") else "unknown")


def _shift_unit(m, anchor: dt.date, unit: str, n: int, rule: str) -> Timex:
    if unit in ("second", "minute", "hour"):
        moment = dt.datetime.combine(anchor, dt.time(12)) + dt.timedelta(**{unit + "s": n})
        return make(m, TIME, cal.day(moment.date()), rule, granularity="day")
    if unit == "day":
        return make(m, DATE, cal.day(anchor + dt.timedelta(days=n)), rule)
    if unit in ("week", "fortnight"):
        return make(m, DATE, cal.week(anchor + dt.timedelta(weeks=n * (2 if unit == "fortnight" else 1))), rule)
    if unit == "month":
        return make(m, DATE, cal.month(*cal.add_months(anchor.year, anchor.month, n)), rule)
    if unit == "quarter":
        y, q = cal.add_quarters(anchor.year, cal.quarter_of(anchor), n)
        return make(m, DATE, f"{y:04d}-Q{q}", rule)
    if unit == "year":
        return make(m, DATE, f"{anchor.year + n:04d}", rule)
    if unit == "decade":
        return make(m, DATE, f"{anchor.year // 10 + n:03d}", rule)
    return make(m, DATE, f"{anchor.year // 100 + n:02d}", rule)


_SET_BEFORE = re.compile(r"(?:\d|%|\bdollars?|\bcents?|\btimes|\bonce|\btwice|\bthrice|\bpercent|\bbillion|\bmillion|\bthousand|\bhundred)\W{0,3}$", re.IGNORECASE)


def duration_value(count: str, unit: str) -> str:
    letter, is_time = UNITS[unit]
    # ISO 8601 has no decade or century designator: 10 and 100 years (X stays X)
    for name, size, new in (("fortnight", 2, "W"), ("decade", 10, "Y"), ("century", 100, "Y")):
        if unit == name:
            count, letter = (str(int(float(count) * size)) if count != "X" else "X"), new
    return "P" + ("T" if is_time else "") + count + letter


def h_duration(m, env):
    num, unit_word = m.group("num"), m.group("unit")
    unit = unit_of(unit_word)
    lower_num = (num or "").lower()
    after = env.text[m.end():m.end() + 12]
    if lower_num in ("a", "an") and unit in ("second", "quarter"):
        return None  # "a second term", "a quarter of the weapons"
    if unit == "quarter" and re.match(r"\s+of\b", after):
        return None
    if m.group("old") or re.match(r"(?:-|\s+)old\b", after):
        return None  # ages are not times
    if _title_word(env, m, unit_word):
        return None  # "60 Minutes": a title
    if lower_num in ("a", "an", "per") and unit_word[-1:] != "s" and (
            _SET_BEFORE.search(env.text[max(0, m.start() - 12):m.start()]) or env.tag_before(m.start()) in ("NNS", "CD")):
        return make(m, SET, duration_value("1", unit), "set")  # "$2 million a year", "four flights a week"
    if lower_num in ("a", "an") and unit == "day" and re.match(r"\s+(?:when|after|before)\b", after):
        return None
    count = _count(num)
    if m.group("half") or m.group("half2") or m.group("frac"):
        count = str(float(count) + 0.5) if count != "X" else "X"
    if "." in count:
        # TIMEX3 has no fractions in most annotations: a year and a half is 18 months
        smaller = {"year": ("month", 12), "month": ("day", 30), "day": ("hour", 24), "hour": ("minute", 60), "minute": ("second", 60)}.get(unit)
        if smaller:
            unit, count = smaller[0], str(int(float(count) * smaller[1]))
    return make(m, DURATION, duration_value(count, unit), "duration")


def h_bare_units(m, env):
    """"for years", "days after", "in recent months": a vague duration, or a vague past/future."""
    lead = (m.group("lead") or "").lower()
    unit = unit_of(m.group("unit"))
    if lead in ("coming", "the coming"):
        return make(m, DATE, "FUTURE_REF", "vague_units", granularity="unknown")
    return make(m, DURATION, duration_value("X", unit), "vague_units")


def _season(m, env, rel: str, word: str, year: int | None):
    code = SEASONS[word.lower()]
    target = SEASON_ORDER[code]
    if year is not None:
        return make(m, DATE, f"{year:04d}-{code}", "season")
    if env.dct is None:
        return make(m, DATE, None, "season", granularity="season")
    now = cal.season_position(env.dct)
    if rel in ("last", "past", "previous"):
        position = max(p for p in range(now - 4, now) if p % 4 == target)
    elif rel in ("next", "coming"):
        position = min(p for p in range(now + 1, now + 5) if p % 4 == target)
    elif rel == "this":
        position = (now // 4) * 4 + target
    elif _direction(env, m.start()) == FUTURE:
        position = min(p for p in range(now, now + 4) if p % 4 == target)
    else:
        position = max(p for p in range(now - 3, now + 1) if p % 4 == target)
    return make(m, DATE, cal.season(position), "season")

"""Recognition and normalisation rules: each rule is a compiled pattern and a function that turns a match
into a TIMEX3-style expression (type, value, granularity) anchored on the publication date.

Values follow TimeML's TIMEX3 conventions (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY-Qn, YYYY-SU, YYYY, 199 for a
decade, PnY for a duration, PRESENT_REF, XXXX-WXX-1 for a set). Where the anchor is needed but unknown (no
publication date) a relative expression keeps value None; a month-day without year becomes XXXX-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from . import calendar as cal
from .lexicon import (
    AMBIGUOUS_MONTHS, MONTH_RE, MONTHS, NUMBER_RE, PART_OF_DAY_RE, PARTS_OF_DAY, SEASON_ORDER,
    SEASON_RE, SEASONS, UNIT_RE, UNITS, VAGUE_RE, WEEKDAY_RE, WEEKDAYS, number_value, unit_of,
)
from .tense import FUTURE, PAST, PRESENT, UNKNOWN

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str | None
    granularity: str
    rule: str
    # reference-dependent expressions ("a year earlier", "the next day") get their value from the
    # expression before them in document order: resolve(reference_value) -> value
    resolve: Callable[[str | None], str | None] | None = None
    parts: list[tuple[int, int]] = field(default_factory=list)
    text_start: int | None = None  # start including a leading preposition ("on Monday")

    @property
    def outer_start(self) -> int:
        return self.start if self.text_start is None else self.text_start


@dataclass
class Env:
    text: str
    dct: dt.date | None
    tense_at: Callable[[int], str]
    in_date_entity: Callable[[int, int], bool]
    is_counting: Callable[[int, int], bool]  # a number that modifies a non-time noun ("2000 troops")
    tag_before: Callable[[int], str] = lambda char: ""  # Penn tag of the token before a character offset


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    handler: Callable[[re.Match, Env], Timex | list[Timex] | None]


def _c(pattern: str) -> re.Pattern:
    # boundaries: not inside a word or number; case-insensitive, capitalisation checked where it matters
    return re.compile(r"(?<![\w$£€#.,/])(?<!\d-)(?:" + pattern + r")(?![\w/]|[.,]\d)", re.IGNORECASE)


def _capitalised(word: str | None) -> bool:
    return bool(word) and word[0].isupper()


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _granularity_of(value: str | None) -> str:
    if not value:
        return "unknown"
    if value.startswith("P"):
        return "duration"
    if "T" in value and value[:4].isdigit():
        return "instant"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or re.fullmatch(r"XXXX-\d{2}-\d{2}", value):
        return "day"
    if re.fullmatch(r"\d{4}-W\d{2}(-WE)?", value):
        return "week"
    if re.fullmatch(r"(\d{4}|XXXX)-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}-Q\d", value) or re.fullmatch(r"\d{4}-H\d", value):
        return "quarter"
    if re.fullmatch(r"\d{4}-(SP|SU|FA|WI)", value):
        return "season"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{3}", value):
        return "decade"
    if re.fullmatch(r"\d{2}", value):
        return "century"
    if "/" in value:
        return "range"
    return "unknown"


def make(m: re.Match, kind: str, value: str | None, rule: str, start: int | None = None, end: int | None = None,
         resolve=None, granularity: str | None = None) -> Timex:
    s = m.start() if start is None else start
    e = m.end() if end is None else end
    if granularity is None:
        granularity = "duration" if kind == DURATION else "unknown" if kind == SET else _granularity_of(value)
    return Timex(s, e, kind, value, granularity, rule, resolve=resolve)


# ---------------------------------------------------------------- anchoring helpers

# "until Tuesday", "as early as Friday", "effective Feb. 1": a deadline or start ahead of the clock
_FORWARD_CUE = re.compile(r"(?:until|till|to|as\s+early\s+as|as\s+soon\s+as|starting|beginning|effective|"
                          r"no\s+later\s+than|due|payable|record|scheduled\s+for|set\s+for|slated\s+for)\s+(?:on\s+|at\s+)?"
                          r"(?:(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s*(?:[A-Z]{3}\s+)?))?$", re.IGNORECASE)
_FORWARD_AFTER = re.compile(r"^\s+(?:deadline|target|expiry|expiration)\b", re.IGNORECASE)
# a past-tense clause with a forward cue ("extended the offer until Nov. 9") may still point ahead
NEAR_FUTURE = "near_future"
_NEAR_DAYS = 92


def _direction(env: Env, at: int, end: int | None = None) -> str:
    tense = env.tense_at(at)
    forward = _FORWARD_CUE.search(env.text[max(0, at - 40):at]) or (
        end is not None and _FORWARD_AFTER.match(env.text[end:end + 16]))
    if forward:
        return NEAR_FUTURE if tense == PAST else FUTURE
    return FUTURE if tense == FUTURE else PAST if tense in (PAST, PRESENT) else UNKNOWN


def _year_for_month(env: Env, number: int, at: int, day_of_month: int | None = None, end: int | None = None) -> int | None:
    """The year of a month (and day) named without one: the nearest such date in the clause's direction."""
    if env.dct is None:
        return None
    d = env.dct
    here = (d.month, d.day if day_of_month is not None else 0)
    there = (number, day_of_month or 0)
    direction = _direction(env, at, end)
    if direction == NEAR_FUTURE:
        ahead = cal.safe_date(d.year if there >= here else d.year + 1, number, day_of_month or 1)
        direction = FUTURE if ahead and (ahead - d).days <= _NEAR_DAYS else PAST
    if direction == PAST:
        if day_of_month is not None and there > here:
            # a day-month without year a few weeks ahead is that day, even in a past-tense clause
            # ("invited them to a ceremony on March 12"): news gives the year for last year's days
            ahead = cal.safe_date(d.year, number, day_of_month)
            if ahead and (ahead - d).days <= 45:
                return d.year
        return d.year if there <= here else d.year - 1
    if direction == FUTURE:
        return d.year if there >= here else d.year + 1
    # no tense: the closest occurrence, the past counting half (news mostly reports what happened)
    candidates = []
    for year in (d.year - 1, d.year, d.year + 1):
        date = cal.safe_date(year, number, day_of_month or (d.day if number == d.month else 15))
        if date:
            distance = (date - d).days
            candidates.append((distance * 2 if distance > 0 else -distance, year))
    return min(candidates)[1] if candidates else d.year


# ---------------------------------------------------------------- handlers

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


_DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


def h_deictic_day(m, env):
    word = re.sub(r"\s+", " ", m.group("word").lower())
    offset = {"the day before yesterday": -2, "the day after tomorrow": 2, "last night": -1}.get(word, _DEICTIC_DAYS.get(word))
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


_REL_DELTA = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}


def _title_word(env, m, word: str) -> bool:
    """Running text writes time units in lower case: a capitalised one is a title ("60 Minutes")."""
    return word[:1].isupper() and not word.isupper()


def h_relative_unit(m, env):
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    if m.group("unit")[0].isupper() and not m.group("unit").isupper():
        return None  # "This Week": a programme's title
    if unit in SEASONS:
        return _season(m, env, rel, unit, None)
    delta = _REL_DELTA[rel]
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


_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def h_quarter(m, env):
    q = _QUARTER_WORDS[m.group("ord").lower()]
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
            year = d.year + _REL_DELTA.get(rel, 0)
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
    year = int(m.group("y")) if m.group("y") else (env.dct.year + _REL_DELTA.get((m.group("rel") or "this").lower(), 0) if env.dct else None)
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


_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "new year's day": (1, 1),
    "new year's eve": (12, 31), "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
}


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
        month_day = _HOLIDAYS.get(name)
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


_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "the present": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "the moment": "PRESENT_REF", "at this time": "PRESENT_REF",
    "current": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "recent": "PAST_REF",
    "future": "FUTURE_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the long term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long run": "FUTURE_REF", "as soon as possible": "FUTURE_REF", "the coming days": "FUTURE_REF",
}


def h_ref(m, env):
    word = re.sub(r"\s+", " ", m.group(0).lower())
    value = _REFS.get(word)
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


_SET_WORDS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
              "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W"}


def h_set_word(m, env):
    if re.match(r"\s+[A-Z]", env.text[m.end():m.end() + 2]):
        return None  # "the party daily Granma": a newspaper
    value = _SET_WORDS.get(m.group(0).lower())
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
    return make(m, DATE, _unit_value(unit, env.dct, _REL_DELTA.get(rel, 0)), "end_of")


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
    year = env.dct.year + _REL_DELTA[m.group("rel").lower()]
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


_SPELLED_CENTURY = {"nineteen": 19, "twenty": 20, "eighteen": 18}


def h_spelled_year(m, env):
    """"nineteen ninety-six", "two thousand and one" (transcribed broadcasts)."""
    if m.group("cent"):
        rest = number_value(m.group("rest").replace("-", " "))
        if rest is None or not 10 <= rest <= 99:
            return None
        return make(m, DATE, f"{_SPELLED_CENTURY[m.group('cent').lower()]}{int(rest):02d}", "spelled_year")
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


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def h_decade_word(m, env):
    return make(m, DATE, "19" + str(_DECADE_WORDS[m.group("dw").lower()]), "decade")


def h_year_end(m, env):
    if env.dct is None:
        return make(m, DATE, None, "year_end", granularity="year")
    return make(m, DATE, f"{env.dct.year:04d}", "year_end")


def h_year_ended(m, env):
    """"the year ended Sept. 30": a twelve-month period (the date that ends it is its own expression)."""
    return make(m, DURATION, "P1Y", "year_ended", end=m.end("y"))


# ---------------------------------------------------------------- the rule table

_ORD = r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)"
_NUM = r"(?:" + NUMBER_RE + r"|" + VAGUE_RE + r")"
_MOD = r"(?:(?:about|nearly|almost|more than|less than|at least|at most|up to|over|roughly|approximately|some|around|just|only|barely|under|well over)\s+)"

RULES: list[Rule] = [
    Rule("iso_date", _c(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?"), h_iso_date),
    Rule("numeric_date", _c(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})"), h_numeric_date),
    Rule("month_day", _c(r"(?:(?P<wd>" + WEEKDAY_RE + r"),?\s+)?(?P<mon>" + MONTH_RE + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
                         r"(?:,?\s+(?P<year>\d{4}))?"), h_month_day),
    Rule("day_month", _c(r"(?:(?P<wd>" + WEEKDAY_RE + r"),?\s+)?(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>"
                         + MONTH_RE + r")(?:,?\s+(?P<year>\d{4}))?"), h_month_day),
    Rule("month_year", _c(r"(?P<mon>" + MONTH_RE + r"),?\s+(?:of\s+)?(?P<year>\d{4})"), h_month_year),
    Rule("month_rel_year", _c(r"(?P<mon>" + MONTH_RE + r")\s+(?:of\s+)?(?P<rel>this|last|next)\s+year"), h_month_rel_year),
    Rule("week_of_month", _c(r"the\s+(?P<which>first|second|third|fourth|last)\s+week\s+of\s+(?P<mon>" + MONTH_RE + r")(?:,?\s+(?P<year>\d{4}))?"), h_week_of_month),
    Rule("week_of", _c(r"the\s+week\s+of\s+(?P<mon>" + MONTH_RE + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?"), h_week_of),
    Rule("that_year", _c(r"(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+year"), h_that_year),
    Rule("named_year", _c(r"(?:the\s+)?(?:(?P<which>current|latest|last|past|previous|this)\s+)?(?:fiscal|full|calendar)\s+year|earlier\s+in\s+the\s+year|later\s+in\s+the\s+year"), h_this_named_year),
    Rule("spelled_year", _c(r"(?P<cent>nineteen|eighteen)[\s-]+(?P<rest>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
                            r"|two\s+thousand(?:\s+and)?(?:[\s-]+(?P<rest2>one|two|three|four|five|six|seven|eight|nine|ten))?"), h_spelled_year),
    Rule("month", _c(r"(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>" + MONTH_RE + r")"), h_month_bare),
    Rule("year", _c(r"(?:(?P<fy>fiscal(?:\s+year)?|FY|the\s+year)\s*)?(?P<year>1\d{3}|20\d{2})(?:'s)?"), h_year),
    Rule("year_range", _c(r"(?P<y1>1\d{3}|20\d{2})\s*[-–—/]\s*(?P<y2>\d{4}|\d{2})"), h_year_range),
    Rule("decade", _c(r"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<cent>1\d|20)(?P<dec>\d)0|['’](?P<short>\d)0)['’]?s"), h_decade),
    Rule("century", _c(r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)(?:[\s-]+)century"), h_century),
    Rule("weekday", _c(r"(?:(?P<rel>last|next|this|coming|past)\s+)?(?P<wd>" + WEEKDAY_RE + r")(?P<plural>s)?"
                       r"(?:\s+(?P<pod>" + PART_OF_DAY_RE + r")s?)?"), h_weekday),
    Rule("deictic_day", _c(r"(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|last\s+night)"
                           r"(?:\s+(?P<pod>morning|afternoon|evening))?"), h_deictic_day),
    Rule("part_of_day", _c(r"(?:this\s+(?P<pod>morning|afternoon|evening)|(?P<ov>overnight))"), lambda m, env: h_this_part_of_day(m, env) if m.group("pod") else make(m, TIME, f"{cal.day(env.dct)}TNI" if env.dct else None, "part_of_day", granularity="instant")),
    Rule("relative_unit", _c(r"(?:(?:early|late|earlier|later|mid)(?:\s+in)?[\s-]+)?(?P<rel>last|next|this|past|coming|current)\s+"
                             r"(?P<unit>week|weekend|month|year|quarter|decade|century|" + SEASON_RE + r")"), h_relative_unit),
    Rule("the_past_unit", _c(r"the\s+(?:past|last|coming)\s+(?P<unit>hour|day|week|month|year|decade|century)"), h_the_past_unit),
    Rule("ref_unit", _c(r"the\s+(?P<rel>following|previous|preceding|next)\s+(?P<unit>day|morning|evening|night|week|month|year)"), h_ref_unit),
    Rule("same_day", _c(r"(?:that|the\s+same)\s+day"), h_same_day),
    Rule("ago", _c(r"(?:" + _MOD + r")?(?P<num>" + _NUM + r")?\s*(?P<unit>" + UNIT_RE + r")\s+(?P<dir>ago|earlier|later|from\s+now|hence)"), h_ago),
    Rule("duration", _c(r"(?:the\s+(?:(?:first|last|past|next|coming|previous|following|final|remaining|same)\s+)?)?" + _MOD + r"?(?P<num>" + _NUM + r"(?:\s+hundred|\s+thousand)?)"
                        r"(?P<frac>\s+1/2|\s*½)?(?P<half>\s+and\s+a\s+half)?(?:\s+(?:more|additional|further|straight|consecutive|long))?[\s-]+(?P<unit>" + UNIT_RE + r")"
                        r"(?P<half2>\s+and\s+a\s+half)?(?P<old>-old)?"), h_duration),
    Rule("vague_after_preposition", _c(r"(?P<lead>for|within|over|after)\s+(?P<unit>days|weeks|months|years|decades)(?!\s+(?:ago|earlier|later|of\s+the|to\s+come))"),
         lambda m, env: make(m, DURATION, duration_value("X", unit_of(m.group("unit"))), "vague_units", start=m.start("unit"))),
    Rule("vague_units", _c(r"(?P<lead>(?:the\s+)?coming|recent|(?:the\s+)?past)?\s*(?P<unit>days|weeks|months|years|decades|centuries)"
                           r"(?=\s+(?:after|before|later|earlier|of\s+(?:talks|fighting|war|conflict|negotiations|delays?)|to\s+come)|[,.;]|\s+(?:and|but|as|while|when|in|on|at|since|because)\b)"),
         h_bare_units),
    Rule("quarter", _c(r"(?:the\s+)?(?:(?:(?P<y1>\d{4})(?:['’]s)?|(?P<rel>last|this|next)\s+year['’]s|fiscal(?:\s+year)?\s+(?P<y2>\d{4})(?:['’]s)?)\s+)?"
                       r"(?:fiscal\s+)?(?P<ord>" + _ORD + r")[\s-]+(?:fiscal\s+)?quarter"
                       r"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y3>\d{4})|(?P<rel2>last|this|next)\s+year))?"),
         lambda m, env: h_quarter(_Merged(m, y2=m.group("y2") or m.group("y3")), env)),
    Rule("q_code", _c(r"Q(?P<n>[1-4])(?:\s+(?:of\s+)?(?P<y>\d{4}|'?\d{2}(?!\d)))?"), h_q_code),
    Rule("half", _c(r"the\s+(?P<ord>first|second|1st|2nd)\s+half(?:\s+of\s+(?:(?P<y>\d{4})|(?P<rel>last|this|next)\s+year))?"), h_half),
    Rule("the_quarter", _c(r"the\s+(?:(?P<which>latest|last|most\s+recent|current|past|previous|recent|year[- ]earlier|year[- ]ago)\s+)?(?:fiscal\s+)?quarter|the\s+(?:latest|most\s+recent)\s+period"), h_the_quarter),
    Rule("year_earlier", _c(r"(?:the\s+)?year[- ](?:earlier|ago)(?:\s+(?P<unit>quarter|period|month|year|level))?"), lambda m, env: h_year_earlier_unit(_Merged(m, unit=m.group("unit") or "period"), env)),
    Rule("season", _c(r"(?:(?P<rel>last|this|next|past|coming|early|late|mid)[\s-]+)?(?P<season>" + SEASON_RE + r")(?:\s+(?:of\s+)?(?P<y>\d{4}))?"), h_season),
    Rule("holiday", _c(r"(?P<name>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year['’]s\s+(?:Day|Eve)|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|"
                       r"Halloween|Valentine['’]s\s+Day|Independence\s+Day)(?:\s+(?P<y>\d{4}))?"), h_holiday),
    Rule("time_of_day", _c(r"(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am|pm)(?:\s+(?:local\s+time|[ECMP][SD]T|GMT|UTC))?"), h_time_of_day),
    Rule("clock", _c(r"(?P<h>\d{1,2}):(?P<min>\d{2})(?=\s+(?:local\s+time|GMT|UTC|[ECMP][SD]T|hours?|hrs)\b)(?:\s+(?:local\s+time|GMT|UTC|[ECMP][SD]T))?"), h_time_of_day),
    Rule("noon", _c(r"noon|midnight|midday"), h_noon),
    Rule("ref", _c(r"as\s+soon\s+as\s+possible|right\s+now|now|currently|at\s+present|nowadays|these\s+days|the\s+present|at\s+the\s+moment|"
                   r"current|recently|lately|recent|the\s+past|(?:the\s+)?(?:near\s+)?future|the\s+(?:near|long|short)\s+term|the\s+long\s+run|the\s+coming\s+days"), h_ref),
    Rule("set_word", _c(r"daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly"), h_set_word),
    Rule("every", _c(r"(?:every|each|per)\s+(?:(?P<other>other)\s+|(?P<num>" + NUMBER_RE + r")\s+)?(?P<unit>" + UNIT_RE + r"|" + WEEKDAY_RE + r"s?)"), h_every),
    Rule("weekend", _c(r"the\s+weekend"), h_weekend),
    Rule("decade_word", _c(r"the\s+(?:(?:early|late|mid)[\s-]+)?(?:nineteen[\s-]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"), h_decade_word),
    Rule("year_end", _c(r"(?<=by\s|at\s|to\s)(?:year[\s-]end|year['’]s\s+end)"), h_year_end),
    Rule("year_ended", _c(r"(?P<y>the\s+(?:fiscal\s+)?year)(?=\s+end(?:ed|ing)\b)"), h_year_ended),
    Rule("end_of", _c(r"(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|turn)\s+of\s+(?:the\s+|(?P<rel>this|last|next)\s+)(?P<unit>year|month|week|decade|century|quarter)"), h_end_of_unit),
]


class _Merged:
    """A match whose named groups are partly overridden (for rules that read one of two alternatives)."""

    def __init__(self, m: re.Match, **groups):
        self._m, self._groups = m, groups

    def group(self, name=0):
        if isinstance(name, str) and name in self._groups:
            return self._groups[name]
        return self._m.group(name)

    def groupdict(self):
        return {**self._m.groupdict(), **self._groups}

    def start(self, *a):
        return self._m.start(*a)

    def end(self, *a):
        return self._m.end(*a)


# Trigger words: every match of a rule holds one of its words (or, for DIGIT_RULES, a token with a digit).
# The recogniser scans the text once for them and runs each rule only in windows around its hits (speed).
_UNIT_WORDS = ("second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "fortnight",
               "fortnights", "month", "months", "quarter", "quarters", "year", "years", "decade", "decades",
               "century", "centuries")
_MONTH_WORDS = tuple(MONTHS) + ("sept",)
_WEEKDAY_WORDS = tuple(w for w in WEEKDAYS if len(w) > 4) + tuple(w + "s" for w in WEEKDAYS if len(w) > 4)
_SEASON_WORDS = tuple(SEASONS)
TRIGGER_WORDS: dict[str, tuple[str, ...]] = {
    "month_day": _MONTH_WORDS, "day_month": _MONTH_WORDS, "month_year": _MONTH_WORDS, "month": _MONTH_WORDS,
    "month_rel_year": _MONTH_WORDS, "week_of": _MONTH_WORDS, "week_of_month": _MONTH_WORDS,
    "weekday": _WEEKDAY_WORDS, "deictic_day": ("yesterday", "today", "tomorrow", "tonight", "night"),
    "part_of_day": ("morning", "afternoon", "evening", "overnight"),
    "relative_unit": ("week", "weekend", "month", "year", "quarter", "decade", "century") + _SEASON_WORDS,
    "the_past_unit": _UNIT_WORDS, "ref_unit": ("day", "week", "month", "year", "morning", "evening", "night"),
    "same_day": ("day",), "ago": ("ago", "earlier", "later", "now", "hence"), "duration": _UNIT_WORDS,
    "vague_after_preposition": ("days", "weeks", "months", "years", "decades"),
    "vague_units": ("days", "weeks", "months", "years", "decades", "centuries"),
    "quarter": ("quarter",), "half": ("half",), "the_quarter": ("quarter", "period"),
    "year_earlier": ("year",), "season": _SEASON_WORDS,
    "holiday": ("christmas", "new", "thanksgiving", "easter", "halloween", "valentine", "independence"),
    "noon": ("noon", "midnight", "midday"),
    "ref": ("now", "current", "currently", "recent", "recently", "lately", "past", "future", "present", "nowadays",
            "days", "moment", "term", "run", "soon"),
    "set_word": tuple(_SET_WORDS), "every": ("every", "each", "per"),
    "end_of": ("year", "month", "week", "decade", "century", "quarter"), "that_year": ("year",),
    "named_year": ("year",), "spelled_year": ("nineteen", "eighteen", "thousand"), "weekend": ("weekend",),
    "decade_word": ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"),
    "year_end": ("year", "end"), "year_ended": ("year",), "century": ("century",),
}
# rules whose every match holds a digit
DIGIT_RULES = {"iso_date", "numeric_date", "year", "year_range", "decade", "century", "time_of_day", "clock",
               "q_code", "month_day", "day_month", "month_year", "duration", "the_past_unit", "quarter", "half",
               "week_of", "week_of_month", "holiday", "season"}

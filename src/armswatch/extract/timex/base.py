"""What every time rule shares: the expression (``Timex``), the anchoring context (``Env``), a rule, and the
helpers that place a month or weekday before or after the publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from . import calendar as cal
from .lexicon import MONTHS
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


# TIMEX3 value shapes and the granularity each gives, tried in order
_GRANULARITY_SHAPES = [(re.compile(pattern), granularity) for pattern, granularity in (
    (r"\d{4}-\d{2}-\d{2}|XXXX-\d{2}-\d{2}", "day"), (r"\d{4}-W\d{2}(-WE)?", "week"), (r"(\d{4}|XXXX)-\d{2}", "month"),
    (r"\d{4}-Q\d|\d{4}-H\d", "quarter"), (r"\d{4}-(SP|SU|FA|WI)", "season"), (r"\d{4}", "year"), (r"\d{3}", "decade"),
    (r"\d{2}", "century"))]


def _granularity_of(value: str | None) -> str:
    if not value:
        return "unknown"
    if value.startswith("P"):
        return "duration"
    if "T" in value and value[:4].isdigit():
        return "instant"
    for shape, granularity in _GRANULARITY_SHAPES:
        if shape.fullmatch(value):
            return granularity
    return "range" if "/" in value else "unknown"


def make(m: re.Match, kind: str, value: str | None, rule: str, start: int | None = None, end: int | None = None,
         resolve=None, granularity: str | None = None) -> Timex:
    s = m.start() if start is None else start
    e = m.end() if end is None else end
    if granularity is None:
        granularity = "duration" if kind == DURATION else "unknown" if kind == SET else _granularity_of(value)
    return Timex(s, e, kind, value, granularity, rule, resolve=resolve)


# anchoring helpers

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

"""Recognition and normalisation rules: each rule is a compiled pattern and a function that turns a match
into a TIMEX3-style expression (type, value, granularity) anchored on the publication date.

Values follow TimeML's TIMEX3 conventions (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY-Qn, YYYY-SU, YYYY, 199 for a
decade, PnY for a duration, PRESENT_REF, XXXX-WXX-1 for a set). Where the anchor is needed but unknown (no
publication date) a relative expression keeps value None; a month-day without year becomes XXXX-MM-DD.
"""

from __future__ import annotations

import re

from . import calendar as cal
from .lexicon import (
    DECADE_WORDS, MONTH_RE, MONTHS, NUMBER_RE, PART_OF_DAY_RE, SEASON_RE, SEASONS, SET_WORDS, UNIT_RE, VAGUE_RE,
    WEEKDAY_RE, WEEKDAYS, unit_of,
)
from .base import DATE, DURATION, Env, Rule, SET, TIME, Timex, _c, _granularity_of, make  # noqa: F401
from .dates import (
    h_century, h_decade, h_deictic_day, h_iso_date, h_month_bare, h_month_day, h_month_year, h_numeric_date,
    h_this_part_of_day, h_weekday, h_year, h_year_range,
)
from .relative import (
    duration_value, h_ago, h_bare_units, h_duration, h_ref_unit, h_relative_unit, h_same_day, h_the_past_unit,
)
from .periods import (
    h_decade_word, h_end_of_unit, h_every, h_half, h_holiday, h_month_rel_year, h_noon, h_q_code,
    h_quarter, h_ref, h_season, h_set_word, h_spelled_year, h_that_year, h_the_quarter, h_this_named_year,
    h_time_of_day, h_week_of, h_week_of_month, h_weekend, h_year_earlier_unit, h_year_end, h_year_ended,
)


# DATE … _granularity_of: imported here for the recogniser, which reads the rules through this module
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
    Rule("set_word", _c("|".join(SET_WORDS)), h_set_word),
    Rule("every", _c(r"(?:every|each|per)\s+(?:(?P<other>other)\s+|(?P<num>" + NUMBER_RE + r")\s+)?(?P<unit>" + UNIT_RE + r"|" + WEEKDAY_RE + r"s?)"), h_every),
    Rule("weekend", _c(r"the\s+weekend"), h_weekend),
    Rule("decade_word", _c(r"the\s+(?:(?:early|late|mid)[\s-]+)?(?:nineteen[\s-]+)?(?P<dw>" + "|".join(DECADE_WORDS) + ")"), h_decade_word),
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
    "set_word": tuple(SET_WORDS), "every": ("every", "each", "per"),
    "end_of": ("year", "month", "week", "decade", "century", "quarter"), "that_year": ("year",),
    "named_year": ("year",), "spelled_year": ("nineteen", "eighteen", "thousand"), "weekend": ("weekend",),
    "decade_word": tuple(DECADE_WORDS),
    "year_end": ("year", "end"), "year_ended": ("year",), "century": ("century",),
}
# rules whose every match holds a digit
DIGIT_RULES = {"iso_date", "numeric_date", "year", "year_range", "decade", "century", "time_of_day", "clock",
               "q_code", "month_day", "day_month", "month_year", "duration", "the_past_unit", "quarter", "half",
               "week_of", "week_of_month", "holiday", "season"}

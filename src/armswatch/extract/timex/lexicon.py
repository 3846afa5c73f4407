"""Words of time as regex pieces and lookup tables, built from the data files: month and weekday names from
the shared vocabulary, the TIMEX3 codes, units and number words from resources/time/timex.yaml."""

from __future__ import annotations

from ...resources import data, vocabulary

_TIMEX = data("time/timex.yaml")

MONTHS = {**{name: i for i, name in enumerate(vocabulary("months"), 1)}, **vocabulary("month_abbreviations")}
# Full names first so that the alternation prefers "June" over "Jun"; abbreviations may carry a period.
MONTH_RE = ("(?:" + "|".join(m.capitalize() for m in vocabulary("months"))
            + "|(?:" + "|".join(m.capitalize() for m in vocabulary("month_abbreviations")) + r")\.?)")
AMBIGUOUS_MONTHS = set(_TIMEX["ambiguous_months"])

WEEKDAYS = {**{name: i for i, name in enumerate(vocabulary("weekdays"), 1)}, **vocabulary("weekday_abbreviations")}
WEEKDAY_RE = "(?:" + "|".join(w.capitalize() for w in vocabulary("weekdays")) + ")"

SEASONS = dict(_TIMEX["season_codes"])
SEASON_ORDER = dict(_TIMEX["season_order"])
SEASON_RE = "(?:" + "|".join(SEASONS) + ")"

PARTS_OF_DAY = dict(_TIMEX["part_of_day_codes"])
PART_OF_DAY_RE = "(?:" + "|".join(PARTS_OF_DAY) + ")"

# unit -> (TIMEX3 duration letter, needs the "T" time designator)
UNITS = {unit: (letter, is_time) for unit, (letter, is_time) in _TIMEX["units"].items()}
_PLURALS = _TIMEX["unit_plurals"]
UNIT_RE = "(?:" + "|".join(f"{u}|{_PLURALS[u]}" if u in _PLURALS else f"{u}s?" for u in UNITS) + ")"


def unit_of(word: str) -> str:
    word = word.lower()
    singular = next((unit for unit, plural in _PLURALS.items() if plural == word), None)
    if singular:
        return singular
    return word[:-1] if word.endswith("s") and word[:-1] in UNITS else word


NUMBER_WORDS = dict(_TIMEX["number_words"])
# number words and vague counts ("several years" has no number: TIMEX3 writes the count as X)
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER_RE = (r"(?:\d+(?:\.\d+)?|" + _TENS + r"(?:[- ]" + _ONES + r")?|eleven|twelve|thirteen|fourteen|fifteen"
             r"|sixteen|seventeen|eighteen|nineteen|ten|" + _ONES + r"|a dozen|a half|an|a)")
VAGUE_RE = "(?:" + "|".join(_TIMEX["vague_counts"]) + ")"

# the tables of the rules' handlers (see timex.yaml for what each holds)
DEICTIC_DAYS = dict(_TIMEX["deictic_days"])
REL_DELTA = dict(_TIMEX["relative_deltas"])
QUARTER_WORDS = dict(_TIMEX["quarter_words"])
HOLIDAYS = {name: tuple(month_day) for name, month_day in _TIMEX["holidays"].items()}
REFS = dict(_TIMEX["references"])
SET_WORDS = dict(_TIMEX["set_words"])
SPELLED_CENTURY = dict(_TIMEX["spelled_centuries"])
DECADE_WORDS = dict(_TIMEX["decade_words"])



def number_value(text: str) -> float | None:
    """3 for "three", "3" or "twenty-one"-style words; None for a vague count ("several")."""
    text = text.lower().strip()
    if not text:
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        pass
    if text in ("a half", "half"):
        return 0.5
    if text in ("a dozen", "dozen"):
        return 12
    total = 0
    for part in text.replace("-", " ").split():
        if part in ("hundred", "thousand"):
            total = (total or 1) * (100 if part == "hundred" else 1000)
            continue
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total or None

"""Words of time: months, weekdays, seasons, units, number words, as regex pieces and lookup tables."""

from __future__ import annotations

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Full names first so that the alternation prefers "June" over "Jun"; abbreviations may carry a period.
MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
# Month names that are also common words or first names: bare, they need a temporal cue around them.
AMBIGUOUS_MONTHS = {"may", "march", "june", "april", "august", "jan", "mar", "dec"}

WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3, "thursday": 4,
    "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# TIMEX3 season codes; the order of the seasons within a year (winter = its January and February).
SEASONS = {"winter": "WI", "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA"}
SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
SEASON_RE = r"(?:winter|spring|summer|fall|autumn)"

# TIMEX3 part-of-day codes
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
PART_OF_DAY_RE = r"(?:morning|afternoon|evening|night)"

# unit -> (TIMEX3 duration letter, needs the "T" time designator)
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "week": ("W", False), "fortnight": ("W2", False), "month": ("M", False), "quarter": ("Q", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
}
UNIT_RE = r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|century|centuries)"


def unit_of(word: str) -> str:
    word = word.lower()
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") and word[:-1] in UNITS else word


NUMBER_WORDS = {
    "a": 1, "an": 1, "and": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "half": 0.5, "single": 1, "couple": 2,
}
# number words and vague counts ("several years" has no number: TIMEX3 writes the count as X)
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER_RE = (r"(?:\d+(?:\.\d+)?|" + _TENS + r"(?:[- ]" + _ONES + r")?|eleven|twelve|thirteen|fourteen|fifteen"
             r"|sixteen|seventeen|eighteen|nineteen|ten|" + _ONES + r"|a dozen|a half|an|a)")
VAGUE_RE = r"(?:a few|few|several|a couple of|a number of|many|some|dozens of|hundreds of|numerous)"



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

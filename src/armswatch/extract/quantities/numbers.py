"""Reading numbers as news writes them: "258,300", "2.5 million", "twenty-five", "a dozen", "hundreds of
thousands", "more than 20", "between 10 and 20".

``parse_number(text)`` is the one entry point; it returns ``(value, qualifier)`` where value is an int/float
or ``[low, high]`` and qualifier is one of exact, approximate, at_least, at_most, range. Vague plurals
("dozens", "hundreds of thousands") become approximate ranges. The quantities extractor finds the spans;
this module only reads them.
"""

from __future__ import annotations

import re

from ...resources import data

_WORDS_DATA = data("quantities/numbers.yaml")  # the number words and qualifiers, with their provenance
UNITS = dict(_WORDS_DATA["units"])
TENS = dict(_WORDS_DATA["tens"])
SCALES = dict(_WORDS_DATA["scales"])
# abbreviations glued to or following digits: "5k", "$2.5bn", "3 mln"
SCALE_ABBREV = dict(_WORDS_DATA["scale_abbrev"])
FRACTIONS = dict(_WORDS_DATA["fractions"])
FRACTION_WORDS = dict(_WORDS_DATA["fraction_words"])
VULGAR = dict(_WORDS_DATA["vulgar"])
# vague plurals: the range a reader takes them to mean
VAGUE = {word: tuple(bounds) for word, bounds in _WORDS_DATA["vague"].items()}
FEW = {word: tuple(bounds) for word, bounds in _WORDS_DATA["few"].items()}
AT_LEAST = tuple(_WORDS_DATA["at_least"])
AT_MOST = tuple(_WORDS_DATA["at_most"])
APPROX = tuple(_WORDS_DATA["approx"])
# "as many as" marks a high figure: treated as at_least would mislead; it is an upper report, keep at_most
_QUALIFIER_PREFIXES = sorted(
    [(p, "at_least") for p in AT_LEAST if p not in ("as many as", "as much as")]
    + [(p, "at_most") for p in AT_MOST] + [("as many as", "at_most"), ("as much as", "at_most")]
    + [(p, "approximate") for p in APPROX],
    key=lambda item: -len(item[0]),
)

_DASHES = str.maketrans({"~": "-", "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00a0": " ",
                         "\u202f": " ", "\u2009": " "})
_DIGITS = re.compile(
    r"^(?P<sign>[-+])?(?P<num>\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*(?P<frac>\d+/\d+))?(?:\s*[x×]\s*10\s*(?:\^|\*\*)?\s*(?P<exp>[-+]?\d+))?(?:e(?P<e>[-+]?\d+))?"
    r"\s*(?P<abbrev>k|mn|mln|mil|m|bn|bln|b|tn|trn|t)?$",
    re.IGNORECASE,
)
_SIMPLE_FRACTION = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_RANGE_BETWEEN = re.compile(r"^(?:between|from)\s+(.+?)\s+(?:and|to|-)\s+(.+)$")
_RANGE_DASH = re.compile(r"^(.+?)\s*(?:-|\bto\b|\bor\b|\bthrough\b|\bthru\b)\s*(.+)$")
_WORDS = re.compile(r"[a-z]+|\d[\d,]*(?:\.\d+)?")


def _num(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return round(value, 10) if isinstance(value, float) else value


def _parse_digits(text: str) -> float | None:
    if text and text[-1] in VULGAR:
        whole = text[:-1].strip()
        base = _parse_digits(whole) if whole else 0.0
        return None if base is None else base + VULGAR[text[-1]]
    match = _DIGITS.match(text)
    if not match:
        return None
    value = float(match.group("num").replace(",", "").replace(" ", ""))
    if match.group("frac"):
        top, bottom = match.group("frac").split("/")
        if int(bottom) == 0:
            return None
        value += int(top) / int(bottom)
    if match.group("exp"):
        value *= 10 ** int(match.group("exp"))
    if match.group("e"):
        value *= 10 ** int(match.group("e"))
    if match.group("abbrev"):
        value *= SCALE_ABBREV[match.group("abbrev").lower()]
    if match.group("sign") == "-":
        value = -value
    return value


def _parse_words(text: str) -> float | None:
    """ "twenty-five", "one hundred and twenty", "2.5 million", "a dozen", "half a million", "two and a half",
    "two thirds", "one hundred and three and two thirds"."""
    words = [w for w in re.split(r"[\s-]+", re.sub(r",(?=\s|$)", " ", text)) if w and w != "&"]
    if not words:
        return None
    if "point" in words:  # "two hundred point zero three", "nine point nought four"
        at = words.index("point")
        whole = _parse_words(" ".join(words[:at])) if at else 0.0
        tail = words[at + 1:]
        scale = 1
        while tail and tail[-1] in SCALES:  # "two point five million"
            scale *= SCALES[tail.pop()]
        digits = [UNITS.get(w) for w in tail]
        if whole is None or not digits or any(d is None or d > 9 for d in digits):
            return None
        return (whole + float("0." + "".join(str(d) for d in digits))) * scale
    total, current, last, seen, last_scale = 0.0, 0.0, 0.0, False, 0
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in ("and", "a", "an"):
            continue
        digit = _parse_digits(word)
        if digit is not None:
            if seen and not (previous == "and" and index >= 2 and words[index - 2] in SCALES):
                return None  # "10-20", "1995 01": two numbers, not one
            current += digit
            last, seen = digit, True
        elif word in UNITS or word in TENS:
            value = UNITS.get(word, TENS.get(word))
            if seen and not words_join(previous, word) and not (
                    previous == "and" and index >= 2 and words[index - 2] in SCALES):
                return None
            current += value
            last, seen = value, True
        elif word == "dozen" or word == "dozens" and seen:
            current = (current or 1) * 12
            seen = True
        elif word in FRACTION_WORDS and previous in ("a", "an", "one") and seen and current == 0 and last_scale > 1:
            total += FRACTION_WORDS[word] * last_scale  # "3 million and a half"
        elif word in FRACTION_WORDS and previous in ("a", "an", "one") and (seen or following in SCALES or following in ("a", "an")):
            # "two and a half", "half a million", "one and a quarter"
            share = FRACTION_WORDS[word]
            if previous == "one" and seen:
                current = current - last + share
            else:
                current += share
            last, seen = share, True
        elif word in FRACTION_WORDS and not seen and (following in SCALES or following in ("a", "an")):
            current += FRACTION_WORDS[word]
            last, seen = FRACTION_WORDS[word], True
        elif word in FRACTION_WORDS and seen and last:
            # "two thirds", "three halves": the fraction applies to the number just before it
            current = current - last + last * FRACTION_WORDS[word]
            last = last * FRACTION_WORDS[word]
        elif word in SCALES:
            scale = SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
            last, seen, last_scale = 0.0, True, scale
        elif word in SCALE_ABBREV and seen:
            total += (current or 1) * SCALE_ABBREV[word]
            current, last = 0.0, 0.0
        else:
            return None
    return total + current if seen else None


def words_join(previous: str, word: str) -> bool:
    """ "twenty one", "hundred five": number words that continue the one before."""
    return (previous in TENS and word in UNITS and UNITS[word] < 10) or previous in SCALES


def _parse_vague(text: str) -> tuple[int, int] | None:
    """ "hundreds of thousands" -> (100000, 999999); "several hundred" -> (300, 999); "dozens" -> (24, 99)."""
    parts = [p for p in re.split(r"\s+of\s+|\s+", text) if p]
    if not parts:
        return None
    for phrase, (low, high) in FEW.items():
        if text == phrase:
            return None  # bare "several" counts nothing we can read
        if text.startswith(phrase + " "):
            rest = text[len(phrase) + 1:].strip()
            scale = _parse_words(rest) if rest else None
            if scale is None:
                vague = _parse_vague(rest)
                if vague is None:
                    return None
                return low * vague[0], high * vague[1]
            return int(low * scale), int(high * scale + scale - 1) if scale > 1 else int(high)
    if parts[0] not in VAGUE:
        return None
    low, high = VAGUE[parts[0]]
    for part in parts[1:]:
        if part in VAGUE:
            factor = VAGUE[part][0]
        elif part in SCALES:
            factor = SCALES[part]
        else:
            return None
        low, high = low * factor, (high + 1) * factor - 1
    return low, high


def _parse_core(text: str) -> tuple[int | float | list, str] | None:
    text = text.strip().strip(",;:")
    if not text:
        return None
    vague = _parse_vague(text)
    if vague is not None:
        return [vague[0], vague[1]], "approximate"
    fraction = _SIMPLE_FRACTION.match(text)
    if fraction and int(fraction.group(2)):
        return _num(int(fraction.group(1)) / int(fraction.group(2))), "exact"
    value = _parse_digits(text)
    if value is None:
        value = _parse_words(text)
    if value is None:
        return None
    return _num(value), "exact"


def _strip_qualifier(text: str) -> tuple[str, str | None]:
    for prefix, qualifier in _QUALIFIER_PREFIXES:
        if text.startswith(prefix + " ") or (not prefix[-1].isalpha() and text.startswith(prefix)):
            return text[len(prefix):].strip(), qualifier
    for suffix in (" or greater", " or higher", " or above", " or lower", " or below", " or so", " or more", " plus", "-plus", "+", " or fewer", " or less", " and above", " and more"):
        if text.endswith(suffix):
            kind = "approximate" if suffix == " or so" else (
                "at_most" if suffix in (" or fewer", " or less", " or lower", " or below") else "at_least")
            return text[: -len(suffix)].strip(), kind
    return text, None


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_DASHES)).strip().lower()


def parse_number(text: str) -> tuple[int | float | list, str] | None:
    """Read a number as written. ``None`` where ``text`` is not a number.

    >>> parse_number("258,300")
    (258300, 'exact')
    >>> parse_number("hundreds of thousands")
    ([100000, 999999], 'approximate')
    >>> parse_number("more than 20")
    (20, 'at_least')
    >>> parse_number("between 10 and 20")
    ([10, 20], 'range')
    """
    if not text:
        return None
    text = normalise(text)
    text, qualifier = _strip_qualifier(text)
    if qualifier is None:
        between = _RANGE_BETWEEN.match(text)
        if between:
            return _range(between.group(1), between.group(2))
    core = _parse_core(text)
    if core is None:
        dash = _RANGE_DASH.match(text)
        ranged = _range(dash.group(1), dash.group(2)) if dash else None
        if ranged is None:
            return None
        return ranged if qualifier is None else (ranged[0], qualifier)
    value, own = core
    if qualifier is None:
        return value, own
    return value, qualifier


def _range(left: str, right: str) -> tuple[list, str] | None:
    high = _parse_core(right)
    low = _parse_core(left)
    if high is None or isinstance(high[0], list):
        return None
    if low is None or isinstance(low[0], list):
        # "2 to 3 million": the scale on the right applies to the left
        scale_words = [w for w in right.split() if w in SCALES or w in SCALE_ABBREV]
        low = _parse_core(f"{left} {' '.join(scale_words)}") if scale_words else None
        if low is None:
            return None
    elif low[0] < high[0] / 100 and any(w in SCALES for w in right.split()):
        rescaled = _parse_core(f"{left} {' '.join(w for w in right.split() if w in SCALES)}")
        if rescaled is not None:
            low = rescaled
    if low[0] > high[0]:
        return None
    return [low[0], high[0]], "range"

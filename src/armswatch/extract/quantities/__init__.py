"""Quantities: numbers with what they count — counts, money, percentages and measures.

One regular-expression pass finds number expressions (digits, number words, vague plurals, qualifiers,
ranges, currency symbols and units); ``parse_number`` reads each; the spaCy parse names the thing counted
(the noun a number modifies, or the noun after "of"). Years, days of the month, clock times, ages, model
designations ("AK-47", "F-16") and calibres ("7.62mm", which become measures in millimetres) are never
emitted as counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import Context, register
from ...records import QuantityRecord, record_id
from ...resources import vocabulary
from .numbers import SCALES, TENS, UNITS, parse_number  # noqa: F401  (parse_number is public API)
from .units import CURRENCY_PREFIX, GLUED_ONLY, PREFIX_PATTERN, UNIT_PATTERN, UNIT_WORDS

__all__ = ["parse_number", "find_quantities", "Found"]

VERSION = "0.1"

_W_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_W_TENS = "|".join(TENS)
_W_SCALE = r"hundred|thousand|million|billion|trillion|lakhs?|crores?"
_FRACTION = r"(?:halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)"
_ATOM = rf"(?:(?:{_W_TENS})(?:[\s-](?:{_W_UNIT}))?|(?:{_W_UNIT}))"
_WORD_TAIL = (rf"(?:[\s-]+(?:and\s+)?(?:{_W_SCALE}|dozen|{_ATOM}|an?\s+{_FRACTION}|{_FRACTION}))*"
              rf"(?:\s+point(?:\s+(?:{_W_UNIT}))+)?")
_WORDNUM = (rf"(?:(?:half\s+|quarter\s+)?an?\s+(?:dozen|{_W_SCALE}){_WORD_TAIL}|(?:half|quarter)\s+(?:{_W_SCALE}){_WORD_TAIL}"
            rf"|{_ATOM}{_WORD_TAIL})")
_DIGITNUM = (r"(?:(?<![\d\w/])\d{1,2}/\d{1,3}(?![\d/])|(?:(?<![\w-])[-\u2212](?=\d))?(?<![\d,.])(?:\d{1,2}(?:,\d{2})+,\d{3}(?![\d])|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\x20\u202f\u00a0]\d{3})+(?![\d,])|\d+)"
             r"(?:\.\d+)?(?:[eE][-+\u2212]?\d+(?![\w]))?(?:\s?[x×]\s?10(?:\^|\*\*)?[-+\u2212]?\d+)?"
             r"(?:\s\d+/\d+|\s?[½⅓⅔¼¾⅕⅛⅜⅝⅞])?"
             r"|(?<![\d\w])\.\d+|(?<![\d\w])[½⅓⅔¼¾⅕⅛⅜⅝⅞])")
_ABBREV = r"(?:k|bn|mn|mln|bln|tn)(?![\w])"
_NUM = (rf"(?:(?:{_DIGITNUM})(?:{_ABBREV})?|\b{_WORDNUM}\b)"
        rf"(?:[\s-]+(?:{_W_SCALE}|dozens?|mn|bn|mln|bln)\b)*(?:\s+and\s+an?\s+(?:half|quarter)\b)?")
_VAGUE = (rf"\b(?:(?:several|a\s+few|a\s+couple\s+of|a\s+handful\s+of)\s+(?:dozen|{_W_SCALE}|dozens|hundreds|thousands)"
          r"|(?:dozens|scores|tens|hundreds|thousands|millions|billions)(?:\s+of\s+(?:thousands|millions|billions))*)\b")
_QUALIFIER = (r"(?:[<>]=?|[≥≤]|\b(?:(?:less|greater|bigger|larger|higher|smaller|lower)\s+(?:than\s+)?or\s+equal\s+(?:than|to)|"
              r"(?:bigger|higher|lower|smaller)\s+than|exceed(?:s|ed|ing)?|above)(?=\s|\d)|\b(?:more\s+than|over|at\s+least|in\s+excess\s+of|upwards\s+of|no\s+fewer\s+than|no\s+less\s+than|"
              r"not\s+less\s+than|greater\s+than|larger\s+than|exceeding|a\s+minimum\s+of|as\s+many\s+as|as\s+much\s+as|"
              r"up\s+to|nearly|almost|fewer\s+than|less\s+than|at\s+most|no\s+more\s+than|not\s+more\s+than|under|"
              r"just\s+under|below|a\s+maximum\s+of|close\s+to|about|around|some|roughly|an\s+estimated|estimated|"
              r"approximately|approx\.?|circa|an\s+approximate))")
_RANGE = (rf"(?:\bbetween\s+{_NUM}\s+and\s+{_NUM}|\bfrom\s+{_NUM}\s+to\s+{_NUM}"
          rf"|{_NUM}\s*(?:-|–|—|~|\bto\b|\bthrough\b|\bthru\b|\bor\b)\s*{_NUM})")
_EXPRESSION = re.compile(
    # not inside a word ("M4", "F-16" are names, not numbers); this also fails fast at most positions
    r"(?<![A-Za-z])(?=[\w$£€¥₹₽₺₪₿<>≥≤½⅓⅔¼¾⅕⅛⅜⅝⅞.+\u2212-])"
    rf"(?P<sign>\b(?:minus|negative)\s+)?(?:(?P<qual>{_QUALIFIER})\s*)?(?P<prefix>(?:{PREFIX_PATTERN})\s?)?(?P<body>{_RANGE}|{_NUM}|{_VAGUE})"
    rf"(?P<plus>\s*(?:-?plus\b|\+))?",
    re.IGNORECASE,
)
# where a number may be: the full expression is only tried in windows around these (it is costly per position)
_ANCHOR = re.compile(rf"(?<![A-Za-z])(?:\d|[½⅓⅔¼¾⅕⅛⅜⅝⅞]|\b(?:{_W_UNIT}|{_W_TENS}|{_W_SCALE}|dozens?|hundreds|thousands|millions|"
                     r"billions|tens|scores|half|quarter)\b)", re.IGNORECASE)


def _windows(text: str) -> list[tuple[int, int]]:
    windows: list[list[int]] = []
    for anchor in _ANCHOR.finditer(text):
        start = max(0, anchor.start() - 48)
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if start > 0 and space >= 0 else 0
        end = min(len(text), anchor.end() + 160)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(a, b) for a, b in windows]


_CURRENCY_ADJECTIVE = (r"(?:(?:u\.?s\.?|us|american|australian|canadian|hong\s+kong|new\s+zealand|singapore|chinese|"
                       r"turkish|dutch|finnish|swiss|mexican|indian|pakistani|afghan|saudi|iraqi|iranian|japanese|"
                       r"russian|egyptian|south\s+african|taiwan|new\s+taiwan|jordanian|kuwaiti|libyan|syrian|"
                       r"bangladeshi|sri\s+lankan|nepalese|israeli|brazilian|argentine|colombian|nigerian|kenyan)\s+)")
_UNIT_AFTER = re.compile(rf"(?P<gap>\s?-?\s?)(?P<adj>{_CURRENCY_ADJECTIVE})?(?P<unit>{UNIT_PATTERN})(?![A-Za-z0-9])",
                         re.IGNORECASE)
_MONTHS = "|".join([*vocabulary("months"), *vocabulary("month_abbreviations")])
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"^(?::\d\d|\s?(?:a\.?m\.?|p\.?m\.?|o'clock|GMT|UTC|IST|PST|EST)(?![\w]))", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^(?:-|\s)(?:year|yr)s?(?:-|\s)old\b|^\s?(?:years?|yrs?)\s+of\s+age\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s*$", re.IGNORECASE)
_YEAR_CONTEXT = re.compile(r"\b(?:in|since|until|till|by|of|from|to|between|during|early|late|mid|year|years|"
                           r"fiscal|FY|before|after|and|through|circa|c\.)\s*-?\s*$", re.IGNORECASE)
_DESIGNATION_BEFORE = re.compile(r"(?:[A-Za-z]-?|[A-Za-z]\s?-\s?|[A-Za-z]\w*-)$")
_REFERENCE_BEFORE = re.compile(r"\b(?:no\.?|number|resolution|article|chapter|section|page|p\.|para|paragraph|room|"
                               r"flight|route|highway|line|platform|gate|unit|block|sector|phase|level|grade|class|"
                               r"division|brigade|battalion|regiment|corps|squadron|wing|fleet|army|district|ward|"
                               r"model|type|version|mark|mk\.?|series|batch|apartment|house|plot|street|road|"
                               r"channel|ch\.?|act|bill|ordinance|order|case|category|tier|stage|round)\s*#?$",
                               re.IGNORECASE)
_NOT_A_COUNT_ONE = re.compile(r"\b(?:no|the|any|every|each|this|that|which|someone|anyone|one)\s*$", re.IGNORECASE)
_SUFFIX_QUALIFIER = re.compile(r"\s*(?:or\s+(?:more|so|fewer|less|greater|higher|above|lower|below)|and\s+(?:above|more))\b",
                               re.IGNORECASE)


@dataclass
class Found:
    """A number expression found in the text, before it becomes a record."""

    start: int
    end: int
    value: object
    qualifier: str
    unit: str | None
    kind: str  # count, money, percent, length, …, calibre, duration, age
    object: str | None = None
    object_start: int | None = None
    object_end: int | None = None


def _unit_after(text: str, end: int, glued_gap: str) -> tuple[str, str, int] | None:
    match = _UNIT_AFTER.match(text, end, min(len(text), end + 40))
    if not match:
        return None
    form = match.group("unit").lower()
    gap = match.group("gap")
    if match.group("adj") and UNIT_WORDS[form][1] != "money":
        return None
    if form in GLUED_ONLY and gap.strip(" ") and gap != "-" and gap not in ("", glued_gap):
        return None
    if form in GLUED_ONLY and gap == " " and form not in ("in", "mi", "kn"):
        return None
    if form in GLUED_ONLY and gap == " " and form in ("in", "mi", "kn"):
        # "5 in the morning", "a 2 f": only where nothing word-like follows
        after = text[match.end(): match.end() + 2]
        if form == "in" or re.match(r"\s?[a-z]|[-/\w]", after):
            return None
    name, kind = UNIT_WORDS[form]
    return name, kind, match.end()


def _is_year(value, text: str, start: int, end: int, body: str) -> bool:
    if not isinstance(value, int) or "," in body or not 1800 <= value <= 2100 or len(body.strip()) != 4:
        return False
    return True


def _skip_reason(text: str, start: int, end: int, body: str, value, unit_kind: str | None) -> str | None:
    before = text[max(0, start - 40):start]
    after = text[end:end + 20]
    if (_DESIGNATION_BEFORE.search(before) or re.search(r"[\^+\u2212]$|[A-Za-z]\u2212$", before)) and body[:1].isdigit():
        return "designation"
    if body[:1].isdigit() and re.match(r"^[A-Za-z]+\d", after):
        return "designation"  # "06F6", "3D2": a code, not a number
    if re.search(r"(?:±|\+/-|\+-)\s*$", before):
        return "uncertainty"  # "2,000.45 ± 0.01": the margin is not a quantity of its own
    if unit_kind is None and body[:1].isdigit() and _REFERENCE_BEFORE.search(before):
        return "reference"
    if body[:1].isdigit() and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after.lstrip(" "))):
        return "date"
    if re.match(r"^(?:st|nd|rd|th)\b", after):
        return "ordinal"
    if _CLOCK_AFTER.match(after) or re.search(r"\d:$", before):
        return "time"
    if re.match(r"^[/.]\d", after) or re.search(r"\d[/.]$", before):
        return "date"
    if unit_kind != "age" and (_AGE_AFTER.match(after) or _AGE_BEFORE.search(before)):
        return "age"
    if unit_kind is None and isinstance(value, int) and value < 120 and re.search(r"[A-Z][a-z]+,?\s$", before) \
            and re.match(r"^\s*(?:,|\band\b|\)|\.|;|$)", after) and not re.search(r"\b(?:The|In|On|At|A)\s$", before):
        return "age"  # "Fazal Driver 40 and Uzzal 35": a name then a bare number is an age
    if unit_kind is None and _is_year(value, text, start, end, body):
        return "year"
    if body.lower() == "one" and unit_kind is None and _NOT_A_COUNT_ONE.search(before):
        return "pronoun"
    if body.lower() == "one" and re.match(r"^\s*(?:another|of\s+(?:them|us|those|these|the\s+(?:most|best|few|first|last)))",
                                          after, re.IGNORECASE):
        return "pronoun"
    if body.lower() in ("some", "over", "under", "about"):
        return "word"
    return None


def find_quantities(text: str) -> list[Found]:
    """Number expressions in ``text`` with their values, qualifiers and units (no object yet)."""
    found: list[Found] = []
    matches = (m for a, b in _windows(text) for m in _EXPRESSION.finditer(text, a, b))
    for match in matches:
        start, end = match.span()
        body = match.group("body")
        prefix = (match.group("prefix") or "").strip().lower()
        if prefix and not re.search(r"[^\w.\s]", prefix) and not text[match.start("prefix"):match.end("prefix")].isupper() \
                and prefix not in ("rs", "rs."):
            # a bare currency code must be written as one ("USD 5"), or it is just a word
            prefix = ""
            if not match.group("qual"):
                start = match.start("body")
        qual = match.group("qual")
        parsed = parse_number(f"{qual} {body}" if qual else body)
        if parsed is None:
            parsed = _shrink(body)
            if parsed is None:
                continue
        value, qualifier = parsed
        if match.group("sign"):
            value = _scale(value, -1)
        if match.group("plus"):
            qualifier = "at_least"
        suffix = _SUFFIX_QUALIFIER.match(text, end)
        unit = kind = None
        if prefix:
            unit, kind = CURRENCY_PREFIX.get(prefix, "dollar"), "money"
        after_unit = _unit_after(text, end, "")
        if after_unit:
            name, unit_kind, unit_end = after_unit
            if kind == "money" and name in ("metre", "tonne", "gram", "byte") and unit_end - end <= 1:
                # "$5m", "$2.1T", "$3b": millions, trillions, billions of the currency
                value = _scale(value, {"metre": 1_000_000, "tonne": 1_000_000_000_000, "gram": 1,
                                       "byte": 1_000_000_000}[name])
                end = unit_end
            elif kind == "money" and unit_kind == "money":
                end = unit_end
            elif kind is None:
                unit, kind = name, unit_kind
                end = unit_end
        if suffix and kind is None:
            words = suffix.group(0).lower().split()
            qualifier = "approximate" if words[-1] == "so" else (
                "at_most" if words[-1] in ("fewer", "less", "lower", "below") else "at_least")
            end = suffix.end()
        if kind == "money" and unit == "pound" and not re.search(r"million|billion|\d,\d", body, re.IGNORECASE):
            unit, kind = "pound-mass", "mass"
        aged = re.match(r"(?:-|\s)old\b|\s+of\s+age\b", text[end:end + 12]) if kind == "duration" else None
        if aged:  # "five years old", "a 40-year-old": an age, kept apart from counts
            kind, end = "age", end + aged.end()
        reason = _skip_reason(text, match.start("prefix") if prefix else match.start("body"),
                              match.end("body"), body, value, kind)
        if reason:
            continue
        if kind == "length" and unit == "millimetre" or kind == "calibre":
            kind = "calibre"
            unit = "millimetre" if unit == "millimetre" else unit
        found.append(Found(start=start, end=end, value=value, qualifier=qualifier, unit=unit, kind=kind or "count"))
    return _merge_unit_ranges(text, found)


_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and|through)\s*$", re.IGNORECASE)


def _merge_unit_ranges(text: str, found: list[Found]) -> list[Found]:
    """ "44 mg to 50 mg", "from -18 °C to -34 °C", "8- to 16-meter", "between $5m and $10m": one range."""
    out: list[Found] = []
    for item in found:
        previous = out[-1] if out else None
        if previous is not None and item.unit is not None and previous.unit in (None, item.unit) \
                and previous.kind in ("count", item.kind) and previous.qualifier == "exact" and item.qualifier == "exact" \
                and not isinstance(previous.value, list) and not isinstance(item.value, list):
            gap = text[previous.end:item.start]
            joined = _RANGE_JOIN.fullmatch(gap) or re.fullmatch(r"-?\s*(?:-|–|to)\s*", gap)
            lead = re.search(r"\b(between|from)\s+$", text[max(0, previous.start - 10):previous.start], re.IGNORECASE)
            if joined and ("and" not in gap.lower() or (lead and lead.group(1).lower() == "between")):
                low, high = previous.value, item.value
                if isinstance(low, (int, float)) and isinstance(high, (int, float)):
                    out[-1] = Found(start=lead.start(1) + max(0, previous.start - 10) if lead else previous.start,
                                    end=item.end, value=[min(low, high), max(low, high)], qualifier="range",
                                    unit=item.unit, kind=item.kind)
                    continue
        out.append(item)
    return out


def _shrink(body: str):
    """A word run that does not read as one number ("two and three"): read its first part."""
    parts = re.split(r"\s+and\s+", body)
    while len(parts) > 1:
        parts.pop()
        parsed = parse_number(" and ".join(parts))
        if parsed is not None:
            return parsed
    return None


def _scale(value, factor):
    if isinstance(value, list):
        return [v * factor for v in value]
    return value * factor


# --- the thing counted -------------------------------------------------------------------------------------

_OBJECT_DEPS = {"nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "appos"}


def _noun_phrase(token) -> tuple[int, int, str]:
    """The head noun with its compounds ("sniper rifles", "machine guns"), as (start, end, text)."""
    left = token
    for child in token.lefts:
        if child.dep_ in ("compound",) and child.i < token.i:
            left = child if child.i < left.i else left
    doc = token.doc
    start, end = doc[left.i].idx, token.idx + len(token.text)
    return start, end, doc[left.i:token.i + 1].text


def _object_token(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    last = span[-1]
    # "hundreds of thousands of accessories": the noun after the number's own "of"
    for token in (last, span.root):
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                    return objects[0]
    head = last
    steps = 0
    while head.i < len(doc) and steps < 4 and head.dep_ in _OBJECT_DEPS and head.head.i > head.i:
        head = head.head
        steps += 1
        if head.pos_ in ("NOUN", "PROPN") and head.i >= span.end:
            return head
    # the parser missed it: a noun right after the number ("6 AK rifles")
    nxt = span.end
    while nxt < len(doc) and nxt < span.end + 4 and doc[nxt].pos_ in ("ADJ", "PROPN", "NOUN", "VERB") \
            and doc[nxt].tag_ in ("JJ", "NN", "NNS", "NNP", "NNPS", "VBN"):
        if doc[nxt].tag_ in ("NNS", "NN", "NNPS") and (nxt + 1 >= len(doc) or doc[nxt + 1].pos_ not in ("NOUN",)):
            return doc[nxt]
        nxt += 1
    return None


def _attach_objects(doc, found: list[Found]) -> None:
    for item in found:
        if item.kind not in ("count",) and not (item.kind == "money" and False):
            continue
        token = _object_token(doc, item.start, item.end)
        if token is None:
            continue
        item.object_start, item.object_end, item.object = _noun_phrase(token)


def _time_spans(ctx: Context) -> list[tuple[int, int]]:
    """Where the time expressions are (where the time service is installed), so dates are never counts."""
    return [(start, end) for t in ctx.times() for start, end in ((t.outer_start, t.end), *t.parts)]


@lru_cache(maxsize=1)
def _info():
    from .. import REGISTRY

    return REGISTRY["quantities"].info


@register("quantities", VERSION, uses=("times",))
def extract_quantities(ctx: Context) -> list[QuantityRecord]:
    found = find_quantities(ctx.text)
    times = _time_spans(ctx)
    kept = []
    for item in found:
        # a time expression covering the number ("June 2014", "the 1990s") wins, except money and measures
        if item.kind in ("count",) and any(s <= item.start and item.end <= e or s < item.end and item.start < e
                                           and (e - s) >= (item.end - item.start) for s, e in times):
            continue
        kept.append(item)
    _attach_objects(ctx.doc, kept)
    records = []
    for item in kept:
        records.append(QuantityRecord(
            id=record_id(ctx.doc_id, "quantity", item.start, item.end),
            doc_id=ctx.doc_id,
            evidence=[ctx.span(item.start, item.end)],
            confidence=0.9 if item.qualifier == "exact" else 0.8,
            extractor=_info(),
            text=ctx.text[item.start:item.end],
            value=item.value,
            unit=item.unit if item.kind not in ("count",) else None,
            object=item.object,
            qualifier=item.qualifier,
        ))
    return records

"""Finds and normalises the time expressions of a text: rules first, then spaCy's DATE/TIME entities as
extra candidates, then the passes that join pieces (modifiers, "9 a.m. Tuesday", ranges, prepositions) and
resolve expressions anchored on the one before them ("a year earlier")."""

from __future__ import annotations

import datetime as dt
import re

from . import calendar as cal
from .rules import DATE, DIGIT_RULES, DURATION, RULES, SET, TIME, TRIGGER_WORDS, Env, Timex, _granularity_of
from .tense import UNKNOWN, TenseReader

_TIME_NOUNS = {"year", "month", "week", "day", "quarter", "period", "season", "decade", "century", "time",
               "summer", "winter", "spring", "fall", "autumn", "election", "budget", "census", "levels", "level",
               "figure", "figures", "report", "data", "prices", "price", "value", "values", "rate", "rates", "war",
               "olympics", "games", "cup", "world", "model", "plan", "agreement", "accord", "deal", "law", "act"}

# "early 2024", "later this month", "the end of 1994": a modifier that stays inside the expression
_MODIFIER_BEFORE = re.compile(
    r"(?:(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|turn|first\s+half|second\s+half|spring|summer|autumn|fall|winter)\s+of\s+(?:the\s+)?"
    r"|(?:early|late|earlier|later|mid|the\s+early|the\s+late|the\s+mid)(?:\s+in)?[\s-]+)$", re.IGNORECASE)
# the prepositions a record's text keeps in front of a date ("on Monday", "as of August 2021")
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w-])(?:as\s+of|as\s+early\s+as|as\s+late\s+as|on|in|since|by|until|till|through|during|from|at|before|after|around|between)\s+$",
    re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|till|until|through|thru|and)\s*$", re.IGNORECASE)
_JOINABLE_DAY = re.compile(r"^[\s,]*(?:on\s+)?$", re.IGNORECASE)


class _DocView:
    """What the rules ask of the parse: tense, entities, counting numbers. Empty answers without a parse."""

    def __init__(self, doc):
        self.doc = doc
        self.tense = TenseReader(doc)
        self.date_ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc is not None else []

    def tense_at(self, char: int) -> str:
        return self.tense.at(char) if self.doc is not None else UNKNOWN

    def in_date_entity(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e and label in ("DATE", "TIME") for s, e, label in self.date_ents)

    def tag_before(self, char: int) -> str:
        token = self.tense.token_at(char)
        if token is None or token.i == 0:
            return ""
        previous = self.doc[token.i - 1] if token.idx >= char else token
        return previous.tag_

    def is_counting(self, start: int, end: int) -> bool:
        token = self.tense.token_at(start)
        if token is None:
            return False
        if token.ent_type_ in ("MONEY", "PERCENT", "QUANTITY"):
            return True
        head = token.head
        # "2000 troops" counts; "the 2019 attack" dates (a year before a singular noun)
        return (token.dep_ in ("nummod", "quantmod") and head.i != token.i and head.tag_ in ("NNS", "NNPS")
                and head.lemma_.lower() not in _TIME_NOUNS and head.i > token.i)


def _select(candidates: list[tuple[int, Timex]]) -> list[Timex]:
    """Longest first, then the earlier rule; no two chosen expressions overlap."""
    chosen: list[Timex] = []
    taken: list[tuple[int, int]] = []
    for _, t in sorted(candidates, key=lambda c: (-(c[1].end - c[1].start), c[0], c[1].start)):
        if any(t.start < e and s < t.end for s, e in taken):
            continue
        chosen.append(t)
        taken.append((t.start, t.end))
    return sorted(chosen, key=lambda t: t.start)


_WINDOW_BEFORE, _WINDOW_AFTER = 60, 40
_WORD = re.compile(r"[A-Za-z]+|\d[\w:/.'’-]*")


def _rules_by_trigger() -> tuple[dict[str, list[int]], list[int]]:
    by_word: dict[str, list[int]] = {}
    for index, rule in enumerate(RULES):
        for word in TRIGGER_WORDS.get(rule.name, ()):
            by_word.setdefault(word, []).append(index)
    digit = [index for index, rule in enumerate(RULES) if rule.name in DIGIT_RULES]
    return by_word, digit


_BY_WORD, _BY_DIGIT = _rules_by_trigger()


def _windows(text: str) -> dict[int, list[tuple[int, int]]]:
    """For each rule, the merged stretches of text around its trigger words: one scan for all rules."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for hit in _WORD.finditer(text):
        word = hit.group(0)
        indices = _BY_DIGIT if word[0].isdigit() else _BY_WORD.get(word.lower())
        if not indices:
            continue
        start = max(0, hit.start() - _WINDOW_BEFORE)
        end = hit.end() + _WINDOW_AFTER
        space = text.find(" ", end)  # end the window between words, so no match is cut inside one
        end = len(text) if space < 0 else space
        for index in indices:
            rule_spans = spans.setdefault(index, [])
            if rule_spans and start <= rule_spans[-1][1]:
                rule_spans[-1] = (rule_spans[-1][0], max(end, rule_spans[-1][1]))
            else:
                rule_spans.append((start, end))
    return spans


def _run_rules(text: str, env: Env, offset: int = 0) -> list[tuple[int, Timex]]:
    out = []
    windows = _windows(text)
    for priority, rule in enumerate(RULES):
        for m in (m for start, end in windows.get(priority, ()) for m in rule.pattern.finditer(text, start, end)):
            result = rule.handler(m, env)
            if result is None:
                continue
            for t in result if isinstance(result, list) else [result]:
                if offset:
                    t.start += offset
                    t.end += offset
                    t.parts = [(s + offset, e + offset) for s, e in t.parts]
                out.append((priority, t))
    return out


def _entity_candidates(text: str, env: Env, view: _DocView, chosen: list[Timex]) -> list[Timex]:
    """spaCy DATE/TIME entities the rules missed: normalised by the same rules on the entity's own text."""
    extra = []
    for start, end, label in view.date_ents:
        if label not in ("DATE", "TIME") or any(start < t.end and t.start < end for t in chosen):
            continue
        found = _select(_run_rules(text[start:end], _shifted_env(env, start), offset=start))
        extra.extend(found)
    return extra


def _shifted_env(env: Env, offset: int) -> Env:
    return Env(text=env.text[offset:], dct=env.dct, tense_at=lambda c: env.tense_at(c + offset),
               in_date_entity=lambda s, e: env.in_date_entity(s + offset, e + offset),
               is_counting=lambda s, e: env.is_counting(s + offset, e + offset),
               tag_before=lambda c: env.tag_before(c + offset))


def _extend_modifiers(text: str, timexes: list[Timex]) -> None:
    for t in timexes:
        if t.type not in (DATE, TIME):
            continue
        m = _MODIFIER_BEFORE.search(text[max(0, t.start - 40):t.start])
        if m:
            t.start -= len(m.group(0))


def _join_time_and_day(text: str, timexes: list[Timex]) -> list[Timex]:
    """"9 a.m. Tuesday", "Tuesday at 9 a.m.": one TIME expression with the day's date."""
    out: list[Timex] = []
    for t in timexes:
        if out:
            prev = out[-1]
            between = text[prev.end:t.start]
            pair = None
            if prev.rule in ("time_of_day", "clock", "noon") and t.granularity == "day" and _JOINABLE_DAY.match(between):
                pair = (prev, t)
            elif t.rule in ("time_of_day", "clock", "noon") and prev.granularity == "day" and re.fullmatch(r"[\s,]*(?:at\s+)?", between):
                pair = (t, prev)
            if pair:
                clock, day = pair
                clock_part = clock.value.split("T", 1)[1] if clock.value and "T" in clock.value else None
                value = f"{day.value}T{clock_part}" if day.value and clock_part else clock.value
                out[-1] = Timex(prev.start, t.end, TIME, value, "instant", "time_and_day", text_start=prev.text_start)
                continue
        out.append(t)
    return out


def _join_ranges(text: str, timexes: list[Timex]) -> list[Timex]:
    """"from 2013 till 2018", "between May and July", "2013-18": one range value, its parts kept."""
    out: list[Timex] = []
    for t in timexes:
        if out and t.type == DATE and out[-1].type == DATE and out[-1].value and t.value:
            prev = out[-1]
            between = text[prev.end:t.start]
            head = re.search(r"(?<![\w-])(from|between)\s+$", text[max(0, prev.start - 10):prev.start], re.IGNORECASE)
            join = _RANGE_JOIN.match(between)
            absolute = all(re.match(r"\d{3}", v) for v in (prev.value, t.value))
            needs_head = join and join.group(0).strip().lower() in ("and", "to")
            if join and join.end() == len(between) and absolute and (head or not needs_head) and prev.granularity != "range":
                if prev.rule in ("month", "month_day") and t.rule not in ("month", "month_day"):
                    # "from May to July 2020": the first end takes the year written with the second
                    prev.value = t.value[:4] + prev.value[4:]
                start = prev.start - len(head.group(0)) if head else prev.start
                merged = Timex(start, t.end, DATE, f"{prev.value}/{t.value}", "range", "range",
                               parts=[(prev.start, prev.end), (t.start, t.end)], text_start=start)
                out[-1] = merged
                continue
        out.append(t)
    return out


def _attach_prepositions(text: str, timexes: list[Timex]) -> None:
    for t in timexes:
        if t.text_start is not None or t.type not in (DATE, TIME):
            continue
        m = _PREPOSITION_BEFORE.search(text[max(0, t.start - 20):t.start])
        t.text_start = t.start - len(m.group(0)) if m else t.start


_SHIFTING_RULES = {"ref_shift", "year_earlier", "the_quarter", "ago"}


def _resolve_references(timexes: list[Timex], dct: dt.date | None) -> None:
    reference = cal.day(dct) if dct else None
    for t in timexes:
        if t.resolve is not None:
            t.value = t.resolve(reference)
            if t.granularity in ("unknown", "period") or t.granularity is None:
                t.granularity = _granularity_of(t.value)
        # a shifted expression ("a year earlier") is no new reference: the story stays where it was
        if t.type in (DATE, TIME) and t.value and re.match(r"\d{4}", t.value) and "/" not in t.value \
                and t.rule not in _SHIFTING_RULES:
            reference = t.value


def find_timexes(text: str, published: str | None, doc=None) -> list[Timex]:
    """The time expressions of ``text`` in order, valued against ``published`` (ISO date or None)."""
    dct = cal.parse_iso_day(published) if published else None
    view = _DocView(doc)
    env = Env(text=text, dct=dct, tense_at=view.tense_at, in_date_entity=view.in_date_entity,
              is_counting=view.is_counting, tag_before=view.tag_before)
    chosen = _select(_run_rules(text, env))
    if doc is not None:
        chosen = sorted(chosen + _entity_candidates(text, env, view, chosen), key=lambda t: t.start)
    _extend_modifiers(text, chosen)
    chosen = _join_time_and_day(text, chosen)
    chosen = _join_ranges(text, chosen)
    _attach_prepositions(text, chosen)
    _resolve_references(chosen, dct)
    return chosen


__all__ = ["find_timexes", "Timex", "DATE", "TIME", "DURATION", "SET"]

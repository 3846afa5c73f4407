"""Whether an alert rule (``config.Rule``) matches a subject (``subjects.Subject``). Every filter a rule
names must hold; a filter it leaves out holds for every subject."""

from __future__ import annotations

import math
import re


def _names(actors: list[dict]) -> set[str]:
    found = set()
    for actor in actors:
        for value in (actor.get("name"), actor.get("country")):
            if value:
                found.add(str(value).lower())
    return found


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _has_word(text: str, keyword: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", text) is not None


def matches(rule, subject) -> bool:
    if subject.kind not in rule.kinds:
        return False
    if rule.actors and not {a.lower() for a in rule.actors} & _names(subject.actors + subject.recipients):
        return False
    if rule.types and (subject.kind != "event" or (subject.type or "").upper() not in rule.types):
        return False
    if rule.categories and (subject.category or "").lower() not in rule.categories:
        return False
    if rule.min_count is not None and (subject.count is None or subject.count < rule.min_count):
        return False
    if rule.countries and (subject.place_country or "").upper() not in rule.countries:
        return False
    if rule.near is not None:
        if subject.lat is None or subject.lon is None:
            return False
        if km_between(rule.near, (subject.lat, subject.lon)) > rule.radius_km:
            return False
    if rule.keywords:
        text = subject.text.lower()
        if not any(_has_word(text, keyword) for keyword in rule.keywords):
            return False
    if subject.sources < rule.min_sources:
        return False
    if rule.denial_against:
        if subject.kind != "denial" or not {a.lower() for a in rule.denial_against} & _names(subject.recipients):
            return False
    return True

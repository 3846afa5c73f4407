"""Toponym resolution: which gazetteer place a name stands for, given the document's other places.

Each candidate gets a score: a prior by kind of place (countries and continents before regions before towns,
towns by population), less for an alternate name than for a primary one, more when the document's other,
unambiguous places lie in the same country (or US state), and much more when the text itself names the
containing place ("Louisville, Kentucky").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .gazetteer import Place, gazetteer, norm

# Towns score 3 * log10(population): 15 for 100,000 people, 21 for 10 million. A first-order division scores
# below the very largest cities that share its name ("New York"), above the rest.
FEATURE_PRIOR = {"PCLI": 30.0, "CONT": 27.0, "OCN": 26.0, "SEA": 24.0, "GULF": 24.0, "STRT": 23.0, "PEN": 23.0,
                 "TERR": 24.0, "ADM1": 20.0, "RGN": 20.0, "ADM2": 18.0, "ISL": 18.0, "CNL": 18.0}
ALIAS_PENALTY = 8.0  # alternate names include much noise: a primary name should usually win
CAPITAL_BONUS = 6.0  # in news a capital's name is far likelier to mean it than a namesake
CONTEXT_COUNTRY_BONUS = 10.0
CONTEXT_ADMIN1_BONUS = 5.0
CONTAINER_BONUS = 25.0
ADM1_POPULATION_BONUS = 1.0


@dataclass
class DocumentContext:
    """What the document's other places say about where it is."""

    countries: dict[str, int] = field(default_factory=dict)  # ISO alpha-3 -> mentions
    admin1: dict[tuple[str, str], int] = field(default_factory=dict)  # (country, admin1) -> mentions


def prior(place: Place, primary: bool) -> float:
    if place.feature == "ADM1" and place.population:
        # a division known with its towns' population (GeoNames' provinces worldwide) weighs like a town a
        # little larger, up to the fixed prior of hand-listed divisions: Montana (US) over Montana (Bulgaria)
        score = min(FEATURE_PRIOR["ADM1"], 3.0 * math.log10(place.population) + ADM1_POPULATION_BONUS)
    elif place.feature in FEATURE_PRIOR:
        score = FEATURE_PRIOR[place.feature]
    else:
        score = 3.0 * math.log10(max(place.population, 1000))
        if place.feature == "PPLC":
            score += CAPITAL_BONUS
    return score if primary else score - ALIAS_PENALTY


def score(place: Place, primary: bool, context: DocumentContext, container: Place | None = None) -> float:
    value = prior(place, primary)
    if place.country and place.country in context.countries:
        value += CONTEXT_COUNTRY_BONUS
    if place.admin1 and (place.country, place.admin1) in context.admin1:
        value += CONTEXT_ADMIN1_BONUS
    if container is not None and _inside(place, container):
        value += CONTAINER_BONUS
    return value


def _inside(place: Place, container: Place) -> bool:
    if container.feature == "PCLI":
        return place.country == container.country and place.feature != "PCLI"
    if container.feature == "ADM1" and container.admin1:
        return place.country == container.country and place.admin1 == container.admin1 and place is not container
    return False


def best(name: str, context: DocumentContext | None = None, container: Place | None = None) -> Place | None:
    """The most likely place for a name, or None when the gazetteer does not know it."""
    candidates = gazetteer().candidates(name)
    if not candidates:
        return None
    context = context or DocumentContext()
    return max(candidates, key=lambda c: score(c[0], c[1], context, container))[0]


def _add(context: DocumentContext, place: Place | None, step: int) -> None:
    if place is None:
        return
    if place.country:
        context.countries[place.country] = context.countries.get(place.country, 0) + step
    if place.admin1 and place.country:
        key = (place.country, place.admin1)
        context.admin1[key] = context.admin1.get(key, 0) + step


def resolve_all(names: list[str], containers: dict[int, int] | None = None) -> list[Place | None]:
    """Resolve a document's toponyms together.

    A first pass takes each name's likeliest place on its own; their countries and US states (each mention's
    own left out) then favour, in a second pass, the readings that keep the document in one area: "Georgia"
    beside "Atlanta" is the state, beside "Tbilisi" the country. ``containers`` maps a mention's position to
    that of the mention naming where it lies ("Louisville" -> "Kentucky" in "Louisville, Kentucky")."""
    containers = containers or {}
    first = [best(name) for name in names]
    context = DocumentContext()
    for place in first:
        _add(context, place, 1)
    resolved: list[Place | None] = [None] * len(names)
    # containers first, so that the places they contain can lean on them
    container_positions = set(containers.values())
    # a name's other mentions are left out with it: three "Nelson"s must not vouch for their own first reading
    same_name: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        same_name.setdefault(norm(name), []).append(i)
    for i in sorted(range(len(names)), key=lambda i: i not in container_positions):
        group = same_name[norm(names[i])]
        for j in group:
            _add(context, first[j], -1)
        container = resolved[containers[i]] if i in containers else None
        resolved[i] = best(names[i], _present(context), container)
        for j in group:
            _add(context, first[j], 1)
    return resolved


def _present(context: DocumentContext) -> DocumentContext:
    return DocumentContext({k: v for k, v in context.countries.items() if v > 0},
                           {k: v for k, v in context.admin1.items() if v > 0})

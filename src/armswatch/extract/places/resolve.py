"""Toponym resolution: which gazetteer place a name stands for, given the document's other places.

Each candidate gets a score: a prior by kind of place (countries and continents before regions before towns,
towns by population), less for an alternate name than for a primary one, more when the document's other,
unambiguous places lie in the same country (or US state), and much more when the text itself names the
containing place ("Louisville, Kentucky").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .gazetteer import SUFFIXES, Place, gazetteer, norm
from .vocab import words

# Towns score 3 * log10(population): 15 for 100,000 people, 21 for 10 million. A first-order division scores
# below the very largest cities that share its name ("New York"), above the rest.
FEATURE_PRIOR = {"PCLI": 30.0, "CONT": 27.0, "OCN": 26.0, "SEA": 24.0, "GULF": 24.0, "STRT": 23.0, "PEN": 23.0,
                 "TERR": 24.0, "ADM1": 20.0, "RGN": 20.0, "ADM2": 18.0, "ISL": 18.0, "CNL": 18.0,
                 # GeoNames' features of no country (no_country.tsv): bays, bights, deserts, ranges, island groups
                 "BAY": 22.0, "BGHT": 22.0, "DSRT": 20.0, "MTS": 20.0, "ISLS": 18.0, "RGNE": 18.0}
ALIAS_PENALTY = 6.0  # alternate names include much noise, but English exonyms of big cities (Cologne) are among them
CAPITAL_BONUS = 6.0  # in news a capital's name is far likelier to mean it than a namesake
CONTEXT_COUNTRY_BONUS = 10.0
CONTEXT_ADMIN1_BONUS = 5.0
CONTAINER_BONUS = 25.0
# a town near the document's other towns ("LaFayette" beside Chattanooga is the Georgia town across the state
# line, not Lafayette, Tennessee)
NEAR_BONUS = 5.0
NEAR_KM = 100.0
DIVISION_POPULATION_BONUS = 1.0
DOMINANT_SHARE = 0.3
LIST_KIND_BONUS = 8.0


@dataclass
class DocumentContext:
    """What the document's other places say about where it is."""

    countries: dict[str, int] = field(default_factory=dict)  # ISO alpha-3 -> mentions
    admin1: dict[tuple[str, str], int] = field(default_factory=dict)  # (country, admin1) -> mentions
    towns: dict[tuple[float, float], int] = field(default_factory=dict)  # (lat, lon) of towns -> mentions


def prior(place: Place, primary: bool) -> float:
    if place.feature in ("ADM1", "ADM2") and place.population:
        # a division known with its towns' population (GeoNames' provinces and counties worldwide) weighs like
        # a town a little larger, up to the fixed prior of hand-listed divisions: Montana (US) over Montana
        # (Bulgaria), Hampshire (England) over Hampshire (Illinois)
        score = min(FEATURE_PRIOR[place.feature], 3.0 * math.log10(place.population) + DIVISION_POPULATION_BONUS)
    elif place.feature in FEATURE_PRIOR:
        score = FEATURE_PRIOR[place.feature]
    else:
        score = 3.0 * math.log10(max(place.population, 1000))
        if place.feature == "PPLC":
            score += CAPITAL_BONUS
    return score if primary else score - ALIAS_PENALTY


def kind_of(place: Place | None) -> str | None:
    """The class of place a list keeps to: "California, Washington and Utah" are all states."""
    if place is None:
        return None
    if place.feature == "PCLI":
        return "country"
    if place.feature in ("ADM1", "ADM2"):
        return place.feature
    return "town" if place.feature.startswith("PPL") else None


def score(place: Place, primary: bool, context: DocumentContext, container: Place | None = None,
          kind: str | None = None) -> float:
    value = prior(place, primary)
    if kind is not None and primary and kind_of(place) == kind:
        value += LIST_KIND_BONUS
    if place.country and place.country in context.countries:
        value += CONTEXT_COUNTRY_BONUS
    if place.admin1 and (place.country, place.admin1) in context.admin1:
        value += CONTEXT_ADMIN1_BONUS
    if container is not None and _inside(place, container):
        value += CONTAINER_BONUS
    return value


def _near(place: Place, towns: dict[tuple[float, float], int]) -> bool:
    """Whether a town lies within ``NEAR_KM`` of one of the document's other towns."""
    lat, lon = math.radians(place.lat), math.radians(place.lon)
    for other_lat, other_lon in towns:
        if abs(other_lat - place.lat) > NEAR_KM / 111.0:
            continue
        lat2, dlon = math.radians(other_lat), math.radians(other_lon) - lon
        a = math.sin((lat2 - lat) / 2) ** 2 + math.cos(lat) * math.cos(lat2) * math.sin(dlon / 2) ** 2
        if 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a))) <= NEAR_KM:
            return True
    return False


def _inside(place: Place, container: Place) -> bool:
    if container.feature == "PCLI":
        return place.country == container.country and place.feature != "PCLI"
    if container.feature == "ADM1" and container.admin1:
        return place.country == container.country and place.admin1 == container.admin1 and place is not container
    return False


def best(name: str, context: DocumentContext | None = None, container: Place | None = None,
         kind: str | None = None) -> Place | None:
    """The most likely place for a name, or None when the gazetteer does not know it; ``kind`` is the class of
    place the list it stands in keeps to."""
    candidates = gazetteer().candidates(name)
    if not candidates:
        return None
    context = context or DocumentContext()
    top = max(candidates, key=lambda c: score(c[0], c[1], context, container, kind))[0]
    if top.feature.startswith("PPL") and context.towns:
        # between towns of one name, the one near the document's other towns; a town's name does not take
        # over a country or state that way ("Mexico" stays the country beside Mexico City)
        top = max((c for c in candidates if c[0].feature.startswith("PPL")),
                  key=lambda c: score(c[0], c[1], context, container, kind)
                  + (NEAR_BONUS if _near(c[0], context.towns) else 0.0))[0]
    if top.feature in ("ADM1", "ADM2") and top.population and not _names_division(name):
        return _dominant_town(top, candidates) or top
    return top


def _names_division(name: str) -> bool:
    key = norm(name)
    return any(key.endswith(suffix) for suffix in SUFFIXES)


def _dominant_town(division: Place, candidates: list[tuple[Place, bool]]) -> Place | None:
    """The town a division is named after, when it holds a good share of the division's people: "Aleppo" is
    the city unless the text says "Aleppo province", while "Quebec" stays the province."""
    towns = [p for p, primary in candidates if primary and p.feature.startswith("PPL") and p.country == division.country
             and p.admin1 == division.admin1 and p.population >= DOMINANT_SHARE * division.population]
    return max(towns, key=lambda p: p.population) if towns else None


def _add(context: DocumentContext, place: Place | None, step: int) -> None:
    if place is None:
        return
    if place.country:
        context.countries[place.country] = context.countries.get(place.country, 0) + step
    if place.admin1 and place.country:
        key = (place.country, place.admin1)
        context.admin1[key] = context.admin1.get(key, 0) + step
    if place.feature.startswith("PPL"):
        point = (place.lat, place.lon)
        context.towns[point] = context.towns.get(point, 0) + step


def resolve_all(names: list[str], containers: dict[int, int] | None = None,
                lists: list[list[int]] | None = None, hosts: dict[int, int] | None = None) -> list[Place | None]:
    """Resolve a document's toponyms together.

    A first pass takes each name's likeliest place on its own; their countries and US states (each mention's
    own left out) then favour, in a second pass, the readings that keep the document in one area: "Georgia"
    beside "Atlanta" is the state, beside "Tbilisi" the country. ``containers`` maps a mention's position to
    that of the mention naming where it lies ("Louisville" -> "Kentucky" in "Louisville, Kentucky"); ``lists``
    are positions of mentions listed together ("California, Washington and Utah"), whose other members' class
    of place favours the same class; ``hosts`` maps a name to the mention "in" says it lies in ("the Bambino
    Gesu hospital in Rome"), where a name the gazetteer lacks is placed."""
    containers, hosts = containers or {}, hosts or {}
    # a name's mentions are resolved together, and left out of their own context: three "Nelson"s must not
    # vouch for their own first reading
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        groups.setdefault(norm(name), []).append(i)
    first: list[Place | None] = [None] * len(names)
    for members in groups.values():
        place = best(names[members[0]])
        for i in members:
            first[i] = place
    context = DocumentContext()
    for place in first:
        _add(context, place, 1)
    kinds = _list_kinds(lists or [], first, names)
    resolved: list[Place | None] = [None] * len(names)
    # containers first, so that the places they contain can lean on them
    container_positions = set(containers.values())
    for members in sorted(groups.values(), key=lambda m: not container_positions.intersection(m)):
        for i in members:
            _add(context, first[i], -1)
        present = _present(context)
        shared = best(names[members[0]], present) if any(i not in containers and i not in kinds for i in members) else None
        for i in members:
            if i in containers or i in kinds:
                container = resolved[containers[i]] if i in containers else None
                resolved[i] = best(names[i], present, container, kinds.get(i))
            else:
                resolved[i] = shared
        for i in members:
            _add(context, first[i], 1)
    for i, place in enumerate(resolved):
        if place is not None and _local_town(names[i], place) and _stray(place, [
                first[j] for j in range(len(names)) if norm(names[j]) != norm(names[i])]):
            resolved[i] = None  # placed as a name the gazetteer lacks, below
    missing = [i for i, place in enumerate(resolved) if place is None]
    if missing:
        present, focus = _present(context), _focus(resolved)
        for i in missing:
            resolved[i] = _within(names[i], present, focus, resolved[hosts[i]] if i in hosts else None)
    return resolved


# Last words of names of streets, buildings and other local places, which no town gazetteer lists.
LOCAL_HEADS = frozenset("""street st avenue ave road rd boulevard blvd drive lane way square park estate hospital
    center centre cathedral church chapel basilica mosque temple synagogue library hall station airport stadium
    arena racecourse hotel inn bridge market school university college campus prison jail tower castle garden
    gardens plaza mall court parade canal plantation museum palace harbour harbor pier beach block building
    headquarters embassy base camp compound neighborhood neighbourhood township quarter lagoon lake river""".split())
# Words around a place's name that do not change where it is ("Old Town Manassas", "southern Syria").
_QUALIFIERS = frozenset("north south east west northern southern eastern western central upper lower old new "
                        "greater downtown".split())
# Words of institutions' and facilities' names that also name small towns somewhere.
_GENERIC = frozenset("""union republic international national government local area federal state united royal
    general memorial medical family community regional city county public saint st mount fort port grand
    great first second third fourth fifth of the and de la le""".split())
_POLITY_HEADS = words("polity_heads")
CITY_STATE_POPULATION = 100000  # the Vatican, Monaco, San Marino, Liechtenstein: a country the size of a town
LOCALITY = "LCTY"  # GeoNames' code for a minor place of unspecified character


def _within(name: str, context: DocumentContext, focus: Place | None, container: Place | None = None) -> Place | None:
    """A name the gazetteer lacks, placed approximately: at the known place it contains ("Manila Cathedral",
    "Old Town Manassas", "West Wales"), else at the document's focus, the town it mentions most: a street or
    building ("Royal Street", "City Hall") and a neighbourhood, suburb or village too small for the gazetteer
    ("Bywater", "Faubourg Marigny") mostly lie there. The answer keeps the mention's name and is marked as a
    locality without a GeoNames id."""
    words = name.replace(",", " ").split()
    local = len(words) > 1 and (words[-1].casefold().strip(".") in LOCAL_HEADS or words[0][:1].isdigit())
    inner = None
    for size in range(len(words) - 1, 0, -1):  # the longest known part first
        for first in range(len(words) - size + 1):
            part, rest = words[first:first + size], words[:first] + words[first + size:]
            if all(_generic(w) for w in part):
                continue
            # outside a street or building's name, only qualifiers may surround the place: "Soviet Union" is
            # not in a town called Union
            if not local and not all(w.casefold() in _QUALIFIERS for w in rest):
                continue
            place = best(" ".join(part), context)
            if place is not None and _credible_part(place, context, local):
                inner = place
                break
        if inner is not None:
            break
    if container is not None and container.feature != LOCALITY and not (inner is not None and _inside(inner, container)):
        inner = container  # the text says where it lies: "a hospital in Rome"
    anchor = inner or (focus if local or _local_name(words) else None)
    if anchor is None:
        return None
    return Place(None, name, anchor.lat, anchor.lon, anchor.country, anchor.admin1, 0, LOCALITY)


def _local_town(name: str, place: Place) -> bool:
    """Whether a street's, square's or building's name ("Washington Square") was read as a town's."""
    words = name.split()
    return len(words) > 1 and words[-1].casefold().strip(".") in LOCAL_HEADS and place.feature.startswith("PPL")


def _stray(place: Place, others: list[Place | None]) -> bool:
    """Whether a place lies outside the divisions of the document's other places, when they name any:
    "Washington Square" in a story about New Orleans is a square there, not the village of Washington
    Square, Pennsylvania."""
    areas = {(p.country, p.admin1) for p in others if p is not None and p.admin1}
    return bool(areas) and (place.country, place.admin1) not in areas


def _local_name(words: list[str]) -> bool:
    """Whether a name the gazetteer lacks may be a local place's ("Bywater", "Elysian Fields"), not a state's,
    bloc's or institution's ("Soviet Union", "Islamic Republic")."""
    return words[-1].casefold().strip(".") not in _POLITY_HEADS


def _generic(word: str) -> bool:
    word = word.casefold().strip(".")
    return word in _QUALIFIERS or word in LOCAL_HEADS or word in _GENERIC or word[:1].isdigit()


def _credible_part(place: Place, context: DocumentContext, local: bool) -> bool:
    """Whether a place read in part of a longer name is likely meant: a country or continent, a division or
    region of the document's countries, or a town of some size or in the document's own area (a street's
    "Royal" is no town). A street's or building's town must lie in the document's own divisions where it names
    any: "Rogers Centre" in a story about Toronto is no building of Rogers, Arkansas."""
    if local:  # a street or building lies in a town or division: "Atlantic Avenue", "the Embassy of France"
        if place.feature == "PCLI" and place.population < CITY_STATE_POPULATION:
            return True  # or in a country no bigger than a town: "the Vatican Gardens", "Monaco harbour"
        if not place.feature.startswith(("PPL", "ADM")):
            return False
    elif place.feature in ("PCLI", "CONT"):
        return True
    if place.feature in FEATURE_PRIOR:
        return not place.country or not context.countries or place.country in context.countries
    in_area = (place.country, place.admin1) in context.admin1 or (not local and place.country in context.countries)
    if local and context.admin1:
        return in_area
    return in_area or place.population >= (50000 if local else 5000)


def _focus(resolved: list[Place | None]) -> Place | None:
    """The town the document mentions most (the first of equals) in its main country, the one most of its
    distinct places lie in ("Cairo" in a story about Egypt that names Liverpool more often than Cairo; one
    misread name repeated does not make a country); else its most mentioned division there; else the most
    mentioned town or division anywhere."""
    countries: dict[str, int] = {}
    for place in dict.fromkeys(p for p in resolved if p is not None and p.country):
        countries[place.country] = countries.get(place.country, 0) + 1
    main = max(countries, key=countries.get) if countries else None
    for within in ((main,) if main else ()) + (None,):
        for kinds in (("PPL", "PPLC"), ("ADM1", "ADM2")):
            counts: dict[Place, int] = {}
            for place in resolved:
                if place is not None and place.feature in kinds and (within is None or place.country == within):
                    counts[place] = counts.get(place, 0) + 1
            if counts:
                # among equals, the one with the most of the document's other towns nearby: the area the story
                # is about, not a town named in passing ("Charleston" beside Centreville and Gainesville)
                towns = {(p.lat, p.lon): 1 for p in counts if p.feature.startswith("PPL")}
                return max(counts, key=lambda p: (counts[p], _neighbours(p, towns)))
    return None


def _neighbours(place: Place, towns: dict[tuple[float, float], int]) -> int:
    """How many of the towns lie within ``NEAR_KM`` of the place (itself not counted)."""
    return sum(_near(place, {point: 1}) for point in towns if point != (place.lat, place.lon))


def _list_kinds(lists: list[list[int]], first: list[Place | None], names: list[str]) -> dict[int, str]:
    """For each listed mention, the class of place the list's other members clearly read as alone: each
    votes only when its own reading beats any of another class by more than the bonus a vote gives, so that
    in "California or Washington" the state pulls the capital's name, not the capital the state's. Where no
    member is that clear, the clearest one alone votes ("California" has a namesake town, California City, a
    little under the bonus behind it; "Washington" the capital, further ahead of the state)."""
    out = {}
    for members in lists:
        margins = {j: _kind_margin(names[j]) for j in members if first[j] is not None}
        clear = {j: kind_of(first[j]) for j, margin in margins.items() if margin >= LIST_KIND_BONUS}
        if not clear and margins:
            j = max(margins, key=margins.get)
            if list(margins.values()).count(margins[j]) == 1:  # a tie names no clearest member
                clear = {j: kind_of(first[j])}
        for i in members:
            others = {kind for j, kind in clear.items() if j != i}
            if len(others) == 1 and None not in others:
                out[i] = others.pop()
    return out


def _kind_margin(name: str) -> float:
    """By how much a name's likeliest reading, alone, beats its likeliest reading of another class."""
    context = DocumentContext()
    scored = sorted(((score(p, primary, context), p) for p, primary in gazetteer().candidates(name)),
                    key=lambda x: -x[0])
    if not scored:
        return 0.0
    kind = kind_of(scored[0][1])
    rival = next((value for value, place in scored[1:] if kind_of(place) != kind), None)
    return math.inf if rival is None else scored[0][0] - rival


def _present(context: DocumentContext) -> DocumentContext:
    return DocumentContext({k: v for k, v in context.countries.items() if v > 0},
                           {k: v for k, v in context.admin1.items() if v > 0},
                           {k: v for k, v in context.towns.items() if v > 0})

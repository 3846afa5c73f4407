"""The places extractor: toponyms found by the parser (GPE, LOC, FAC), resolved to coordinates, country,
GeoNames id and feature with the offline gazetteer, together so that a document's places disambiguate each
other.

Metonymy: a toponym that acts ("Islamabad said", "Washington accused") stands for a government and is an
actor, not a place; one that only modifies a noun ("Pakistan's foreign office", "US weapons") is not a
location either. Both are left to the actors extractor. A toponym used as a location ("in Kabul", "left in
Afghanistan", "Louisville, Kentucky") becomes a ``place`` record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import Context, provides, register
from ..grammar import SOCIAL_VERBS, acts
from ...records import ExtractorInfo, PlaceRecord, record_id
from .gazetteer import Place, norm
from .vocab import words
from .resolve import LOCALITY, resolve_all

VERSION = "0.1"
_INFO = ExtractorInfo(name="places", version=VERSION)
TOPONYM_LABELS = {"GPE", "LOC", "FAC"}
_MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "npadvmod"}
# Prepositions that place something: "in Kabul", "from Peshawar", "across Syria". Other prepositions mostly
# take a toponym as a party ("talks with China", "sanctions on Russia", "a war against Ukraine").
_LOCATIVE_PREPS = words("locative_preps")
# Nouns of place: "the city of Mosul", "Pakistan's border regions", "north of Kabul".
_PLACE_NOUNS = words("place_nouns")
# Generic words of water bodies and regions that stand alone for a full name written before ("the Gulf").
_GENERIC_HEADS = words("generic_heads")
# A dateline: the place a story was filed from, in capitals at its start ("ISLAMABAD:", "KYIV (Reuters) -").
_DATELINE = re.compile(r"\A\s*([A-Z][A-Z.'\- ]{2,40}?)(?:,\s*[A-Za-z.' ]{2,30})?\s*(?:\([^)]{1,40}\)\s*)?[:\u2014\u2013-]")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    use: str  # "location", "agent" (metonymic), "modifier", or "other" (a party to talks, trade, sanctions …)
    locative: bool = False  # placed by a preposition of place ("in X") or a noun of place ("the city of X")


def _use(span) -> tuple[str, bool]:
    """How a toponym is used in its sentence, from the dependency parse, and whether a preposition or noun of
    place marks it as a location."""
    root = span.root
    dep, head = root.dep_, root.head
    while dep == "conj" and head is not head.head:  # "Pakistan and Afghanistan said": as the first conjunct
        dep, head = head.dep_, head.head
    if dep == "poss" and head.lemma_.lower() in _PLACE_NOUNS:
        return "location", True  # "Pakistan's border regions"
    if acts(root):  # the actors extractor's rule too, so both agree on metonymy
        return "agent", False
    if dep in ("nsubj", "csubj"):
        return "location", False  # "Kabul is a city of four million"
    if dep == "poss":
        return "modifier", False
    if dep in _MODIFIER_DEPS:
        return "modifier", False
    if dep in ("dobj", "dative") and head.lemma_.lower() in SOCIAL_VERBS:  # "urged Washington"
        return "agent", False
    if dep == "pobj":
        preposition = head.lower_
        if preposition == "by" and head.head.tag_ == "VBN":
            return "agent", False  # passive agent: "was condemned by Washington"
        if preposition in _LOCATIVE_PREPS:
            return "location", True
        if preposition == "of":
            return ("location", True) if head.head.lemma_.lower() in _PLACE_NOUNS else ("modifier", False)
        return "other", False
    return "location", False


def _sizeable(name: str, min_population: int, primary_only: bool = True, countries: frozenset = frozenset()) -> bool:
    """Whether the gazetteer knows the name (as its primary name, unless ``primary_only`` is off) of a
    country, region or division, or of a town of ``min_population`` people or more (of a tenth of that in
    one of ``countries``, those the document names)."""
    from .gazetteer import gazetteer
    from .resolve import FEATURE_PRIOR

    def big(place) -> bool:
        limit = min_population // 10 if place.country in countries else min_population
        return place.feature in FEATURE_PRIOR or place.population >= limit

    return any((primary or not primary_only) and big(place) for place, primary in gazetteer().candidates(name))


def _countries_named(mentions: list[Mention]) -> frozenset:
    """The countries a document's toponyms name outright ("Pakistan", "Nigeria")."""
    from .gazetteer import gazetteer

    return frozenset(place.country for m in mentions for place, primary in gazetteer().candidates(m.text)
                     if primary and place.feature.startswith("PCL") and place.country)


def _missed_by_parser(doc, text: str, taken: list[tuple[int, int]], countries: frozenset) -> list[Mention]:
    """Proper nouns the parser left untagged after a preposition of place ("in Douma") that the gazetteer
    knows by their primary name as a sizeable place: a town of 50,000, or of 5,000 in a country the document
    names ("in Miranshah" in a story about Pakistan)."""
    out = []
    # untagged proper nouns that are objects of prepositions, picked in the parser's arrays rather than
    # token by token in Python
    pos, dep, iob = doc.to_array(["POS", "DEP", "ENT_IOB"]).T
    strings = doc.vocab.strings
    picked = ((pos == strings["PROPN"]) & (dep == strings["pobj"]) & (iob == 2)).nonzero()[0]
    for i in picked:
        token = doc[int(i)]
        if token.head.lower_ not in _LOCATIVE_PREPS or not token.text[:1].isupper():
            continue
        first = token
        while first.i > 0 and doc[first.i - 1].pos_ == "PROPN" and doc[first.i - 1].ent_iob_ == "O" \
                and doc[first.i - 1].dep_ == "compound":
            first = doc[first.i - 1]
        start, end = first.idx, token.idx + len(token.text)
        if any(s < end and start < e for s, e in taken):
            continue
        name = text[start:end]
        if _sizeable(name, 50000, countries=countries):
            out.append(Mention(start, end, name, "GPE", "location", True))
    return out


# Entity labels the parser often gives a place's name ("in Centreville" as a person, "in Cyprus" as an
# organisation).
_MISLABELS = {"ORG", "PERSON"}


def _mislabelled(doc, countries: frozenset) -> list[Mention]:
    """Names the parser labelled a person or organisation that a preposition of place governs ("in
    Centreville", "across Tamil Nadu") and the gazetteer knows by their primary name as a country, region or
    division, or a town of 50,000 people (5,000 in a country the document names)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in _MISLABELS:
            continue
        token = ent.root
        while token.dep_ == "conj" and token.head is not token:  # "across Tamil Nadu and Puducherry"
            token = token.head
        if token.dep_ != "pobj" or token.head.lower_ not in _LOCATIVE_PREPS:
            continue
        start, name = ent.start_char, ent.text
        if name.lower().startswith("the "):
            start, name = start + 4, name[4:]
        if name.strip() and _sizeable(name, 50000, countries=countries):
            out.append(Mention(start, ent.end_char, name, "GPE", "location", True))
    return out


def _dateline(text: str, first_entity_start: int) -> Mention | None:
    match = _DATELINE.match(text)
    if not match or match.start(1) < first_entity_start <= match.end(1):
        return None
    name = match.group(1).strip()
    # towns of a few thousand people bear many a common word ("Republic", "Update"): a dateline names a town
    # of some size
    if not _sizeable(name.title(), 5000, primary_only=False):
        return None
    start = match.start(1)
    return Mention(start, start + len(name), name, "GPE", "location")


def toponym_mentions(doc, text: str | None = None) -> list[Mention]:
    """Every toponym the parser finds, with how it is used; a dateline's place too. ``text`` is the parsed
    text (spaCy rebuilds ``doc.text`` from the tokens on each access, which is slow)."""
    mentions = []
    text = doc.text if text is None else text
    ents = [e for e in doc.ents if e.label_ in TOPONYM_LABELS]
    dateline = _dateline(text[:120], ents[0].start_char if ents else len(text))
    if dateline is not None and not (ents and ents[0].start_char < dateline.end):
        mentions.append(dateline)
    previous_end, previous_use = -10, None
    for ent in doc.ents:
        if ent.label_ not in TOPONYM_LABELS:
            continue
        start, end, name = ent.start_char, ent.end_char, ent.text  # not ``text``: that is the document's
        if name.lower().startswith("the "):  # "the United States": the name without its article
            start, name = start + 4, name[4:]
        if not name.strip():
            continue
        use, locative = _use(ent)
        if previous_use and text[previous_end:start].strip() == "(":
            use = previous_use  # "The United States (US) acknowledges": the abbreviation shares its use
        mentions.append(Mention(start, end, name, ent.label_, use, locative))
        previous_end, previous_use = end, use
    countries = _countries_named(mentions)
    mentions += _mislabelled(doc, countries)
    mentions += _missed_by_parser(doc, text, [(e.start_char, e.end_char) for e in doc.ents], countries)
    return _joined_names(text, sorted(mentions, key=lambda m: m.start))


_AND_NAME = re.compile(r" (?:and|&) ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})")


def _joined_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Trinidad and Tobago', 'Bosnia and Herzegovina': a toponym, "and", and the capitalised words after it
    that the gazetteer knows together as one place's name are that one place (whatever the parser made of
    the second part)."""
    from .gazetteer import gazetteer

    out: list[Mention] = []
    for mention in mentions:
        if out and mention.start < out[-1].end:
            continue  # the second part of a name joined to the mention before
        match = _AND_NAME.match(text, mention.end)
        if match:
            words = match.group(1).split(" ")
            for size in range(len(words), 0, -1):
                end = match.start(1) + len(" ".join(words[:size]))
                whole = text[mention.start:end]
                if any(primary for _, primary in gazetteer().candidates(whole)):
                    mention = Mention(mention.start, end, whole, mention.label, mention.use, mention.locative)
                    break
        out.append(mention)
    return out


def _containers(text: str, mentions: list[Mention], joins: tuple[str, ...] = (",", "in")) -> dict[int, int]:
    """"Louisville, Kentucky", "Hama in Syria": the second mention names where the first lies (a place that
    cannot lie there, "Russia in Syria", takes nothing from it)."""
    out = {}
    for i in range(len(mentions) - 1):
        if text[mentions[i].end:mentions[i + 1].start].strip() in joins:
            out[i] = i + 1
    return out


_LIST_JOINS = words("list_joins")


def _lists(text: str, mentions: list[Mention]) -> list[list[int]]:
    """Mentions listed together: "California, Washington, Utah and Idaho". A pair joined by a bare comma is
    left out, being more often a town and where it lies ("Louisville, Kentucky")."""
    chains, chain, joined = [], [0], False
    for i in range(1, len(mentions) + 1):
        between = text[mentions[i - 1].end:mentions[i].start].strip() if i < len(mentions) else None
        if between == "," or between in _LIST_JOINS:
            chain.append(i)
            joined = joined or between != ","
            continue
        if len(chain) >= 3 or (len(chain) == 2 and joined):
            chains.append(chain)
        chain, joined = [i], False
    return chains


def _short_forms(names: list[str]) -> list[str]:
    """'the Gulf' after 'the Gulf of Oman', 'the river' after 'the Kabul River': a water body's or region's
    generic word alone refers back to the full name written before it in the document."""
    out = list(names)
    for i, name in enumerate(names):
        key = norm(name)
        if key not in _GENERIC_HEADS:
            continue
        for earlier in reversed(out[:i]):
            words = norm(earlier).split(" ")
            if key in words and len(words) > 1:
                out[i] = earlier
                break
    return out


_POLITY_HEADS = words("polity_heads")


def _official_forms(names: list[str]) -> list[str]:
    """'the Islamic Republic' in a story that names Iran: the start of a country's official name ("Islamic
    Republic of Iran", "Kingdom of Saudi Arabia") stands for the country the document names."""
    from .gazetteer import gazetteer

    out = list(names)
    for i, name in enumerate(names):
        if name.split()[-1].casefold() not in _POLITY_HEADS or gazetteer().candidates(name):
            continue
        for other in dict.fromkeys(names):
            if other != name and any(p.feature == "PCLI" for p, _ in gazetteer().candidates(f"{name} of {other}")):
                out[i] = other
                break
    return out


_ACRONYM = re.compile(r"[A-Z]{2,4}")
# capitalised words in a row, "of", "and" or "the" allowed between them: "South Africans", "Kingdom of Saudi Arabia"
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?: (?:of |and |the )?[A-Z][a-z]+){1,3}")


def _phrases(text: str) -> list[str]:
    """Every run of capitalised words in the text, and each part of one that starts and ends with one
    ("Millions of South Africans": "South Africans" too), in the text's order."""
    out = []
    for run in _CAPITALISED.findall(text):
        words = run.split()
        for first in range(len(words)):
            for last in range(len(words), first, -1):
                if words[first][0].isupper() and words[last - 1][0].isupper():
                    out.append(" ".join(words[first:last]))
    return out


def _initialisms(text: str, names: list[str]) -> list[str]:
    """'SA' in a story that says "South Africans": a capital-letter name the gazetteer does not know stands
    for a place the text names in full with those initials (its country or region, or its people)."""
    from .gazetteer import gazetteer
    from .resolve import FEATURE_PRIOR

    out, phrases = list(names), None
    for i, name in enumerate(names):
        if not _ACRONYM.fullmatch(name) or gazetteer().candidates(name):
            continue
        phrases = _phrases(text) if phrases is None else phrases  # read once, only where needed
        for phrase in phrases:
            if "".join(w[0] for w in phrase.split() if w[0].isupper()) != name:
                continue
            forms = (phrase, phrase[:-1]) if phrase.endswith("s") else (phrase,)  # "South Africans"
            known = next((f for f in forms if any(p.feature in FEATURE_PRIOR for p, _ in gazetteer().candidates(f))), None)
            if known:
                out[i] = known
                break
    return out


_COMPASS = re.compile(r"\b(north|south|east|west)\s$", re.I)


def _qualified(text: str, mentions: list[Mention], names: list[str]) -> list[str]:
    """'the north Atlantic': a compass word the parser left outside the name, where the two words together
    name an ocean, sea or region of their own (the North Atlantic Ocean), not where they only say which part
    of a place ("north Kabul")."""
    from .gazetteer import gazetteer
    from .resolve import FEATURE_PRIOR

    out = list(names)
    for i, mention in enumerate(mentions):
        match = _COMPASS.search(text, max(0, mention.start - 6), mention.start)
        if match is None:
            continue
        whole = f"{match.group(1).title()} {names[i]}"
        if any(primary and place.feature in FEATURE_PRIOR for place, primary in gazetteer().candidates(whole)):
            out[i] = whole
    return out


def geocode_mentions(text: str, mentions: list[Mention]) -> list[Place | None]:
    names = _qualified(text, mentions, _initialisms(text, _official_forms(_short_forms([m.text for m in mentions]))))
    # a name the gazetteer lacks lies where "in" says ("the Bambino Gesu hospital in Rome"); a comma is too
    # often a clause's ("Beyond Madinaty, Liverpool have…") to say as much
    return resolve_all(names, _containers(text, mentions), _lists(text, mentions), _containers(text, mentions, ("in",)))


@register("places", VERSION)
def extract_places(ctx: Context) -> list[PlaceRecord]:
    mentions = toponym_mentions(ctx.doc, ctx.text)
    if not mentions:
        return []
    doc_id = ctx.doc_id  # a hash of the whole text: compute it once
    places = geocode_mentions(ctx.text, mentions)
    records = []
    for mention, place in zip(mentions, places):
        if mention.use != "location":
            continue
        approximate = place is not None and place.feature == LOCALITY  # placed at a town it names or the focus
        if place is None and (mention.label == "FAC" or not mention.locative):
            continue  # a name the gazetteer cannot place is kept only where the text says it is a place
        if approximate and not mention.locative:
            continue  # a street or building placed only approximately: where a preposition of place says so
        records.append(PlaceRecord(
            id=record_id(doc_id, "place", mention.start, mention.end),
            doc_id=doc_id,
            evidence=[ctx.span(mention.start, mention.end)],
            confidence=0.3 if place is None else 0.5 if approximate else 0.8,
            extractor=_INFO,
            text=mention.text,
            name=place.name if place else mention.text,
            country=place.country if place else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            geonameid=place.geonameid if place else None,
            feature=place.feature if place else None,
        ))
    return records


@provides("places", extractor="places")
def places(ctx: Context) -> list[PlaceRecord]:
    """``ctx.places()``: the document's place records, for other extractors."""
    return ctx.of_kind("place")

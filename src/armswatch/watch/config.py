"""sources.yaml and alerts.yaml: read, checked field by field, and turned into plain objects.

Every error is a WatchConfigError (AW701) naming the file, the entry and the field, so that an analyst can
find the line to fix; a file is read whole or refused whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import WatchConfigError

LISTING_KINDS = ("auto", "feed", "sitemap", "urls")
SUBJECT_KINDS = ("event", "arms", "statement", "denial")
OUTPUT_TYPES = ("jsonl", "webhook", "smtp")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class Source:
    name: str
    url: str
    kind: str = "auto"
    interval_s: float = 900.0
    jitter_s: float = 0.0  # each round starts up to this much later, at random: hosts are not hit in step
    allow_private: bool = False  # loopback, private and link-local addresses and file: URLs
    max_items: int | None = None  # per round; default setting watch.max_items_per_round
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Output:
    name: str
    type: str
    options: dict[str, Any]


@dataclass
class Rule:
    name: str
    kinds: tuple[str, ...] = SUBJECT_KINDS
    actors: tuple[str, ...] = ()  # names or country codes, either side
    types: tuple[str, ...] = ()  # PLOVER types
    categories: tuple[str, ...] = ()  # arms categories
    min_count: float | None = None
    countries: tuple[str, ...] = ()  # where: the place's country
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    keywords: tuple[str, ...] = ()
    min_sources: int = 1
    denial_against: tuple[str, ...] = ()  # a denial of an accusation against one of these
    outputs: tuple[str, ...] = ()


class _Where:
    """Names the file and entry in every error raised while reading one entry."""

    def __init__(self, path: str, entry: str):
        self.path, self.entry = path, entry

    def fail(self, field_name: str | None, message: str) -> WatchConfigError:
        where = f"{self.entry}, field '{field_name}'" if field_name else self.entry
        return WatchConfigError(f"{where}: {message}", source=self.path)


def _load_yaml(path: str | Path, top_key: str) -> dict:
    path = str(path)
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise WatchConfigError(f"cannot read the file: {exc.strerror or exc}", source=path) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise WatchConfigError(f"not valid YAML{line}: {getattr(exc, 'problem', None) or exc}", source=path) from exc
    if not isinstance(data, dict) or not isinstance(data.get(top_key), list):
        raise WatchConfigError(f"the file needs a list under '{top_key}:'", source=path)
    return data


def duration_s(value: Any, where: _Where, name: str) -> float:
    """900, '900', '15m', '1h', '2d' -> seconds."""
    if isinstance(value, bool):
        raise where.fail(name, f"expected a duration such as 15m, got {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise where.fail(name, f"expected a duration such as 90s, 15m, 1h or 2d, got {value!r}")
        seconds = float(match.group(1)) * _UNIT_S[match.group(2)]
    if seconds < 0:
        raise where.fail(name, "must not be negative")
    return seconds


def _text(entry: dict, name: str, where: _Where, required: bool = False, default: str | None = None) -> str | None:
    value = entry.get(name, default)
    if value is None:
        if required:
            raise where.fail(name, "is required")
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise where.fail(name, f"expected text, got {value!r}")
    return str(value).strip()


def _texts(entry: dict, name: str, where: _Where) -> tuple[str, ...]:
    value = entry.get(name)
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise where.fail(name, f"expected text or a list of texts, got {value!r}")
    return tuple(v.strip() for v in values)


def _number(entry: dict, name: str, where: _Where, minimum: float = 0.0) -> float | None:
    value = entry.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise where.fail(name, f"expected a number of at least {minimum:g}, got {value!r}")
    return float(value)


def _flag(entry: dict, name: str, where: _Where, default: bool = False) -> bool:
    value = entry.get(name, default)
    if not isinstance(value, bool):
        raise where.fail(name, f"expected true or false, got {value!r}")
    return value


def _unknown_fields(entry: dict, known: set[str], where: _Where) -> None:
    extra = sorted(set(entry) - known)
    if extra:
        raise where.fail(extra[0], f"unknown field (known: {', '.join(sorted(known))})")


# ---- sources.yaml -------------------------------------------------------------------------------------

_SOURCE_FIELDS = {"name", "url", "kind", "interval", "jitter", "allow_private", "max_items", "headers"}


def load_sources(path: str | Path) -> list[Source]:
    data = _load_yaml(path, "sources")
    path = str(path)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise WatchConfigError("'defaults' must be a mapping of source fields", source=path)
    _unknown_fields(defaults, _SOURCE_FIELDS - {"name", "url"}, _Where(path, "defaults"))
    sources: list[Source] = []
    names: set[str] = set()
    for number, entry in enumerate(data["sources"], start=1):
        where = _Where(path, f"source {number}")
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict):
            raise where.fail(None, f"expected a mapping with at least 'url', got {entry!r}")
        if isinstance(entry.get("name"), str):
            where = _Where(path, f"source {number} ('{entry['name']}')")
        _unknown_fields(entry, _SOURCE_FIELDS, where)
        merged = {**defaults, **entry}
        source = _source(merged, where)
        if source.name in names:
            raise where.fail("name", f"'{source.name}' names an earlier source too")
        names.add(source.name)
        sources.append(source)
    return sources


def _source(entry: dict, where: _Where) -> Source:
    url = _text(entry, "url", where, required=True)
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https", "file"):
        raise where.fail("url", f"expected an http(s) or file: URL, got {url!r}")
    allow_private = _flag(entry, "allow_private", where)
    if scheme == "file" and not allow_private:
        raise where.fail("url", "a file: URL needs allow_private: true on the source")
    kind = _text(entry, "kind", where, default="auto")
    if kind not in LISTING_KINDS:
        raise where.fail("kind", f"expected one of {', '.join(LISTING_KINDS)}, got {kind!r}")
    interval = duration_s(entry.get("interval", "15m"), where, "interval")
    if interval <= 0:
        raise where.fail("interval", "must be longer than zero")
    jitter = entry.get("jitter", 0)
    if isinstance(jitter, str) and jitter.strip().endswith("%"):
        try:
            jitter_s = interval * float(jitter.strip()[:-1]) / 100
        except ValueError:
            raise where.fail("jitter", f"expected a duration or a percentage, got {jitter!r}") from None
    else:
        jitter_s = duration_s(jitter, where, "jitter")
    max_items = _number(entry, "max_items", where, minimum=1)
    headers = entry.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise where.fail("headers", "expected a mapping of header names to texts")
    name = _text(entry, "name", where) or url
    return Source(name=name, url=url, kind=kind, interval_s=interval, jitter_s=jitter_s,
                  allow_private=allow_private, max_items=int(max_items) if max_items else None, headers=headers)


# ---- alerts.yaml --------------------------------------------------------------------------------------

_RULE_FIELDS = {"name", "about", "actor", "country", "type", "category", "min_count", "place", "keyword",
                "min_sources", "denial_of_accusation_against", "outputs"}
_OUTPUT_FIELDS = {
    "jsonl": {"type", "path"},
    "webhook": {"type", "url", "secret_env", "secret_header", "allow_private", "timeout_s"},
    "smtp": {"type", "host", "port", "starttls", "ssl", "from", "to", "username_env", "password_env",
             "timeout_s", "subject_prefix", "cafile"},
}
_OUTPUT_REQUIRED = {"jsonl": ("path",), "webhook": ("url",), "smtp": ("host", "from", "to")}


def load_alerts(path: str | Path) -> tuple[list[Rule], dict[str, Output]]:
    data = _load_yaml(path, "rules")
    path = str(path)
    outputs = _outputs(data.get("outputs") or {}, path)
    rules: list[Rule] = []
    names: set[str] = set()
    for number, entry in enumerate(data["rules"], start=1):
        where = _Where(path, f"rule {number}")
        if not isinstance(entry, dict):
            raise where.fail(None, f"expected a mapping, got {entry!r}")
        if isinstance(entry.get("name"), str):
            where = _Where(path, f"rule {number} ('{entry['name']}')")
        _unknown_fields(entry, _RULE_FIELDS, where)
        rule = _rule(entry, where, outputs)
        if rule.name in names:
            raise where.fail("name", f"'{rule.name}' names an earlier rule too")
        names.add(rule.name)
        rules.append(rule)
    return rules, outputs


def _outputs(section: Any, path: str) -> dict[str, Output]:
    if not isinstance(section, dict):
        raise WatchConfigError("'outputs' must map output names to their settings", source=path)
    outputs: dict[str, Output] = {}
    for name, options in section.items():
        where = _Where(path, f"output '{name}'")
        if not isinstance(options, dict):
            raise where.fail(None, "expected a mapping with at least 'type'")
        kind = options.get("type")
        if kind not in OUTPUT_TYPES:
            raise where.fail("type", f"expected one of {', '.join(OUTPUT_TYPES)}, got {kind!r}")
        _unknown_fields(options, _OUTPUT_FIELDS[kind], where)
        for required in _OUTPUT_REQUIRED[kind]:
            if options.get(required) in (None, "", []):
                raise where.fail(required, "is required")
        if kind == "webhook" and not str(options["url"]).lower().startswith(("http://", "https://")):
            raise where.fail("url", f"expected an http(s) URL, got {options['url']!r}")
        if kind == "smtp":
            to = options["to"] if isinstance(options["to"], list) else [options["to"]]
            if not all(isinstance(a, str) and "@" in a for a in to):
                raise where.fail("to", f"expected an address or a list of addresses, got {options['to']!r}")
            options = {**options, "to": to}
            if options.get("port") is not None and not isinstance(options["port"], int):
                raise where.fail("port", f"expected a port number, got {options['port']!r}")
        outputs[str(name)] = Output(name=str(name), type=kind, options=dict(options))
    return outputs


def _rule(entry: dict, where: _Where, outputs: dict[str, Output]) -> Rule:
    name = _text(entry, "name", where, required=True)
    kinds = _texts(entry, "about", where) or SUBJECT_KINDS
    for kind in kinds:
        if kind not in SUBJECT_KINDS:
            raise where.fail("about", f"expected some of {', '.join(SUBJECT_KINDS)}, got {kind!r}")
    place = entry.get("place") or {}
    if not isinstance(place, dict):
        raise where.fail("place", "expected a mapping: {country: AFG} or {near: [lat, lon], radius_km: 100}")
    _unknown_fields(place, {"country", "near", "radius_km"}, _Where(where.path, f"{where.entry}, place"))
    near = place.get("near")
    if near is not None:
        if (not isinstance(near, list) or len(near) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in near)
                or not (-90 <= near[0] <= 90 and -180 <= near[1] <= 180)):
            raise where.fail("place", f"'near' must be [latitude, longitude], got {near!r}")
        if _number(place, "radius_km", where) is None:
            raise where.fail("place", "'near' needs 'radius_km'")
    names = _texts(entry, "outputs", where)
    for output in names:
        if output not in outputs:
            raise where.fail("outputs", f"no output named '{output}' (defined: {', '.join(outputs) or 'none'})")
    min_sources = _number(entry, "min_sources", where, minimum=1)
    return Rule(
        name=name, kinds=tuple(kinds),
        actors=_texts(entry, "actor", where) + _texts(entry, "country", where),
        types=tuple(t.upper() for t in _texts(entry, "type", where)),
        categories=tuple(c.lower() for c in _texts(entry, "category", where)),
        min_count=_number(entry, "min_count", where),
        countries=tuple(c.upper() for c in _texts(place, "country", where)),
        near=(float(near[0]), float(near[1])) if near else None,
        radius_km=_number(place, "radius_km", where),
        keywords=tuple(k.lower() for k in _texts(entry, "keyword", where)),
        min_sources=int(min_sources or 1),
        denial_against=_texts(entry, "denial_of_accusation_against", where),
        outputs=names)

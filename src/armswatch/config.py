"""All settings in one place: defaults ship in ``settings.toml``; a user file overrides only its own keys."""

from __future__ import annotations

import copy
import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import BadSetting

_REQUIRED = object()
ENV_SHORTCUTS = {"ARMSWATCH_DB": "store.url", "ARMSWATCH_MODEL": "nlp.model"}


def _defaults() -> dict[str, Any]:
    return tomllib.loads(resources.files("armswatch").joinpath("settings.toml").read_text("utf-8"))


def _merge(base: dict, override: dict, where: str) -> None:
    for key, value in override.items():
        if key not in base:
            raise BadSetting(f"unknown setting '{key}'", source=where, hint="see `armswatch config` for the keys")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise BadSetting(f"'{key}' is a section, not a value", source=where)
            _merge(base[key], value, where)
        else:
            base[key] = value


def _coerce(text: str, like: Any) -> Any:
    if isinstance(like, bool):
        return text.lower() in ("1", "true", "yes", "on")
    if isinstance(like, int):
        return int(text)
    if isinstance(like, float):
        return float(text)
    if isinstance(like, list):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


class Settings:
    def __init__(self, data: dict[str, Any]):
        self.data = data

    def get(self, dotted: str, default: Any = _REQUIRED) -> Any:
        """The setting's value; ``default`` where the key is missing (else BadSetting, AW202)."""
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                if default is not _REQUIRED:
                    return default
                raise BadSetting(f"unknown setting '{dotted}'")
            node = node[part]
        return node

    def set(self, dotted: str, value: Any) -> None:
        *path, last = dotted.split(".")
        node = self.data
        for part in path:
            node = node[part]
        if last not in node:
            raise BadSetting(f"unknown setting '{dotted}'")
        node[last] = value

    def flat(self) -> dict[str, Any]:
        out = {}
        for section, values in self.data.items():
            for key, value in values.items():
                out[f"{section}.{key}"] = value
        return out


def load_settings(path: str | os.PathLike | None = None, env: dict[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    data = copy.deepcopy(_defaults())
    user_file = path or env.get("ARMSWATCH_CONFIG")
    if not user_file:
        home = Path.home() / ".config" / "armswatch" / "settings.toml"
        user_file = home if home.exists() else None
    if user_file:
        try:
            override = tomllib.loads(Path(user_file).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise BadSetting(f"cannot read settings: {exc}", source=str(user_file)) from exc
        _merge(data, override, str(user_file))
    settings = Settings(data)
    for name, value in env.items():
        if name in ENV_SHORTCUTS:
            key = ENV_SHORTCUTS[name]
        elif name.startswith("ARMSWATCH__"):
            key = ".".join(name[len("ARMSWATCH__"):].lower().split("__"))
        else:
            continue
        settings.set(key, _coerce(value, settings.get(key)))
    return settings


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    return load_settings()

"""The arms package's word lists, read once from ``resources/arms/roles.yaml`` (hand-written) and
``verbs.yaml`` (CAMEO verb classes, built by ``scripts/build_arms_verbs.py``)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def _load(name: str) -> dict:
    return yaml.safe_load(resources.files("armswatch").joinpath("resources/arms/" + name).read_text("utf-8"))


def words(*path: str) -> frozenset[str]:
    """``words("verb_events", "seizure")`` -> the set; a path into roles.yaml, or ``("cameo", class)``."""
    data = _load("verbs.yaml") if path[0] == "cameo" else _load("roles.yaml")
    for key in path[1:] if path[0] == "cameo" else path:
        data = data[key]
    return frozenset(data)


def noun_events() -> dict[str, str]:
    return {word: event for event, nouns in _load("roles.yaml")["noun_events"].items() for word in nouns}

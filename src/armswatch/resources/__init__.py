"""The data files that ship with armswatch, and the one way to read them.

``data(path)`` parses a YAML, TOML or JSON file under ``resources/`` once per process; ``vocabulary(name)``
is one shared word list from ``common/vocabulary.yaml`` (month and weekday names, place prepositions, speech
verbs …), so that every extractor reads each list from the same place. Each folder's PROVENANCE.md says where
its lists come from.
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def data(path: str) -> Any:
    """The parsed file ``resources/<path>`` (shared: do not change what it returns)."""
    text = resources.files(__name__).joinpath(path).read_text("utf-8")
    if path.endswith((".yaml", ".yml")):
        return yaml.safe_load(text)
    if path.endswith(".toml"):
        return tomllib.loads(text)
    if path.endswith(".json"):
        return json.loads(text)
    raise ValueError(f"no reader for resources/{path}")


def vocabulary(name: str) -> Any:
    """One shared word list (or table) of ``common/vocabulary.yaml`` by its key."""
    lists = data("common/vocabulary.yaml")
    if name not in lists:
        raise KeyError(f"no shared vocabulary '{name}'; known: {', '.join(sorted(lists))}")
    return lists[name]

"""The places extractor's word lists (resources/places/words.yaml), read once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def _word_lists() -> dict:
    return yaml.safe_load(resources.files("armswatch").joinpath("resources", "places", "words.yaml").read_text("utf-8"))


def words(name: str) -> frozenset[str] | tuple[str, ...]:
    """A word list by name: a set, or (for ``suffixes``, tried in order) a tuple."""
    value = _word_lists()[name]
    return tuple(value) if name == "suffixes" else frozenset(value)

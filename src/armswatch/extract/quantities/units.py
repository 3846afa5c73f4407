"""Units a number may carry in news text, each with its normalised name and kind.

Kinds: money, percent, length, mass, volume, area, speed, temperature, energy, duration, calibre, data.
The tables are in resources/quantities/units.yaml (written for armswatch; names follow common SI/ISO spelling).
"""

from __future__ import annotations

import re

from ...resources import data

_UNITS_DATA = data("quantities/units.yaml")
# written form (lower case) -> (normalised unit, kind); a form listed twice takes its last entry
UNIT_WORDS: dict[str, tuple[str, str]] = {form: (unit["name"], unit["kind"]) for unit in _UNITS_DATA["units"]
                                          for form in unit["forms"]}
# symbols and codes written before the number
CURRENCY_PREFIX: dict[str, str] = dict(_UNITS_DATA["currency_prefix"])
# units too short or too common to trust unless glued to the digits ("5m", "3h") or clearly a unit after a space
GLUED_ONLY = set(_UNITS_DATA["glued_only"])

_forms = sorted(UNIT_WORDS, key=len, reverse=True)
UNIT_PATTERN = "|".join(re.escape(form) for form in _forms)
PREFIX_PATTERN = "|".join(re.escape(form) for form in sorted(CURRENCY_PREFIX, key=len, reverse=True))

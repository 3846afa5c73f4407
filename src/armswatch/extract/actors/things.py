"""Weapons and ships are not actors: "Air Force F-16 Fighting Falcons", "the VBIED", "FS Forbin". Read from the arms lexicon resource
file itself (extractors never import one another), so both extractors know the same weapon names."""

from __future__ import annotations

import re
from functools import lru_cache

from ... import resources


# the navies' ship prefixes (USS Carney, HMS Diamond, FS Forbin, INS Vikrant): a named ship, not a person or body
_SHIP = re.compile(r"(?<![\w.])(?:USS|USNS|HMS|HMCS|HMAS|HMNZS|FS|INS|PNS|RFS|ROKS|JS|TCG|HNLMS|HDMS|KRI|BRP|MV)"
                   r"\s+[A-Z][\w-]+")


def is_ship(text: str) -> bool:
    """Whether ``text`` names a ship by its navy's prefix ("the French frigate FS Forbin")."""
    return bool(_SHIP.search(text))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, frozenset[str]]:
    lexicon = resources.data("arms/lexicon.yaml")
    guarded = {g.lower() for g in lexicon.get("guarded", [])}  # "tank", "round": everyday words too
    models = sorted({f for m in lexicon.get("models", []) if not m.get("ambiguous")
                     for f in m.get("forms", [])}, key=len, reverse=True)
    named = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in models) + r")s?$", re.IGNORECASE)
    terms = {t.lower() for forms in lexicon.get("terms", {}).values() for t in forms} - guarded
    return named, frozenset(terms | {t + "s" for t in terms})


def is_weapon(text: str) -> bool:
    """Whether ``text`` ends in a weapon model's name or a weapon word: its head is a weapon ("the VBIED"; but
    not "Small Arms Survey" or "AK Party", whose heads are no weapons)."""
    named, terms = _patterns()
    if named.search(text.strip()):
        return True
    words = text.lower().split()
    return bool(words) and any(" ".join(words[k:]) in terms for k in range(len(words)))

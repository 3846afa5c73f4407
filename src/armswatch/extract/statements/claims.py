"""Claims: which statements accuse, deny, acknowledge …, and which claims contradict each other.

``contradicts`` works on statement records alone, so that the same rule links claims within a document
(here) and across documents (``armswatch.fuse.claims``).
"""

from __future__ import annotations

import re

from .lexicon import lexicon

# Country codes that name a kind of body rather than a side in a dispute.
_NOT_A_SIDE = {"IGO", "NGO", "UNO", "MNC", None, ""}
_STOP = frozenset("""the a an and or of to in on for with from by at as that this these those its their his her
their our was were is are be been has have had not but which who whom whose it they them he she we i you
said says say also over about into than then there here such more most other some any all can could would
should will may might must""".split())


def claim_of(cue_lemma: str | None, negated: bool) -> str | None:
    """The claim type a cue makes, or None; a negated cue ("did not deny") makes no claim."""
    if cue_lemma is None or negated:
        return None
    claims = lexicon().claim_of
    return claims.get(cue_lemma) or claims.get(cue_lemma.split()[0])


def side(actor) -> str | None:
    """Who an actor speaks for, in a dispute: its country where it has one, else its name."""
    if actor is None:
        return None
    if actor.country not in _NOT_A_SIDE:
        return actor.country
    return actor.name.casefold() if actor.name else None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{2,}", text.casefold()) if w not in _STOP}


def generic_denial(text: str) -> bool:
    """A denial of whatever was alleged ("deny involvement", "rejected the allegations")."""
    words = re.findall(r"[a-z]+", text.casefold())
    if not words or len(words) > 4 or words[0] == "that":  # "denied that …" names its own matter
        return False
    stems = set(words) | {w.rstrip("s") for w in words}
    return bool(stems & lexicon().generic_denial)


def same_matter(accusation: str, denial: str) -> bool:
    if generic_denial(denial):
        return True
    return len(_words(accusation) & _words(denial)) >= 2


def contradicts(a, b) -> bool:
    """An accusation against X and a denial by X's side (or about X) on the same matter, either order."""
    if {a.claim, b.claim} != {"accuse", "deny"}:
        return False
    accusation, denial = (a, b) if a.claim == "accuse" else (b, a)
    accused = side(accusation.target)
    if accused is None:
        return False
    if accused not in (side(denial.speaker), side(denial.target)):
        return False
    return same_matter(accusation.text, denial.text)


def link(statements: list) -> None:
    """Fill ``contradicts`` on each statement of ``statements`` (records, changed in place)."""
    claims = [s for s in statements if s.claim in ("accuse", "deny")]
    for i, first in enumerate(claims):
        for second in claims[i + 1:]:
            if contradicts(first, second):
                if second.id not in first.contradicts:
                    first.contradicts.append(second.id)
                if first.id not in second.contradicts:
                    second.contradicts.append(first.id)

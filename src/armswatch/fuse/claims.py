"""Claim links across documents: an accusation in one article and the denial it drew in another.

The rule is the one the statements extractor applies inside a document (``extract.statements.claims``):
an accusation against X and a denial by X's side about the same matter. Across documents a denial must
also share words with the accusation, or be a bare denial ("denied involvement") made within
``window_days`` of it, since a bare denial names no matter of its own.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from ..extract.statements.claims import contradicts, generic_denial, side


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _close_in_time(a, b, window_days: int) -> bool:
    first, second = _day(a.date), _day(b.date)
    return first is None or second is None or abs((first - second).days) <= window_days


def link_claims(statements: Iterable, window_days: int = 14) -> dict[str, list[str]]:
    """{statement id: ids of statements in other documents that contradict it}, both ways."""
    accusations, denials = {}, {}
    for statement in statements:
        if statement.claim == "accuse" and side(statement.target):
            accusations.setdefault(side(statement.target), []).append(statement)
        elif statement.claim == "deny":
            for key in {side(statement.speaker), side(statement.target)} - {None}:
                denials.setdefault(key, []).append(statement)
    links: dict[str, list[str]] = {}
    for key, accused in accusations.items():
        for accusation in accused:
            for denial in denials.get(key, []):
                if denial.doc_id == accusation.doc_id or not contradicts(accusation, denial):
                    continue
                if generic_denial(denial.text) and not _close_in_time(accusation, denial, window_days):
                    continue
                for one, other in ((accusation, denial), (denial, accusation)):
                    if other.id not in links.setdefault(one.id, []):
                        links[one.id].append(other.id)
    return links

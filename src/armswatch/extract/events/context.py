"""Countries the actors layer leaves open, inferred from the sentence and the document.

General rules, applied only where the actors layer gives an argument no country:

1. A title phrase names its country: "King Hassan of Morocco", "Qatar's emir, Sheikh Hamad", "Senior
   Hungarian officials" (a country adjective or possessor on the argument or on the title it stands in
   apposition to).
2. A person with a political title ("President X", "the Prime Minister") and no country otherwise is of the
   document's dominant country (the one its actors name most), even where that is the other side's: news
   names a head of state with a title and leaves the country to the context, and most such events are
   domestic ("opposition groups in Zimbabwe demand that President Mugabe ...").
3. A generic participant (police, civilians, protesters, refugees) is of the country where the event
   happens. A protest or a crackdown with no target named is aimed at that country, else at the actor's
   own (a domestic target; the coder applies this).
4. An event whose recipient is not a direct argument takes the nearest country named in a prepositional
   phrase of its own clause ("aid to Mozambique", "troops in Liberia", "withdraw from Lebanon").

The state these rules need (the dominant country) is computed once per document by ``DocumentContext``.
"""

from __future__ import annotations

from collections import Counter

from ...records import Actor
from . import arguments

_TITLES = {"president", "king", "queen", "emir", "sultan", "prime", "premier", "chancellor", "minister",
           "secretary", "leader", "ruler", "monarch", "prince", "sheikh", "ambassador", "envoy", "governor",
           "spokesman", "spokeswoman", "spokesperson", "general", "commander", "chief", "foreign", "defence",
           "defense", "vice", "deputy", "crown", "dictator", "head", "mayor", "official", "officials"}
# codes that are not a country's
_NOT_COUNTRIES = {"IGO", "NGO", "UNO", "MNC", "INT"}
# prepositions under which an event's clause names the country it is done to or in
_COMPLEMENT_PREPS = {"to", "for", "in", "into", "with", "against", "on", "from", "toward", "towards", "between",
                     "at", "inside", "over"}
# clauses that tell another event, not this one's arguments
_OTHER_CLAUSES = {"relcl", "advcl", "ccomp", "parataxis", "nsubj", "nsubjpass", "csubj", "appos", "conj", "mark"}
_MAX_DEPTH = 5


class IdentitySet:
    """Objects held by identity (actors compare by value, so a plain set won't do). The objects are kept, not
    just their id(): a freed object's id is reused by later ones, which made results depend on what the
    process had coded before."""

    def __init__(self):
        self._items: dict[int, object] = {}

    def add(self, item) -> None:
        self._items[id(item)] = item

    def update(self, items) -> None:
        for item in items:
            self.add(item)

    def __contains__(self, item) -> bool:
        return self._items.get(id(item)) is item


class DocumentContext:
    """Per-document state of the inference (thread-safe: one instance per ``code_events`` call)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self._dominant: str | None | bool = False
        self._places: list | None = None
        self._named: dict[str, str | None] = {}
        self.defaulted = IdentitySet()  # recipients assumed by default, not read from the text

    def place_country(self, span: tuple[int, int]) -> str | None:
        if self._places is None:
            self._places = [(r.evidence[0].start, r.evidence[0].end, r.country.upper()) for r in self.ctx.records
                            if getattr(r, "kind", None) == "place" and r.country and r.evidence]
        return next((c for s, e, c in self._places if s < span[1] and e > span[0]), None)

    def named_country(self, name: str) -> str | None:
        """The country a title phrase gives any mention of this person's (last) name in the document."""
        last = name.split()[-1] if name.split() else ""
        if last not in self._named:
            self._named[last] = next((c for t in self.ctx.doc if t.text == last and t.pos_ == "PROPN"
                                      for c in [country_from_title(self.ctx, t)] if c), None)
        return self._named[last]

    def country_actor(self, code: str) -> Actor:
        """The country as an actor, named as the actors layer names it in this document where it does."""
        named = next((r for r in self.ctx.records if getattr(r, "kind", None) == "actor"
                      and r.type == "country" and r.country == code), None)
        if named is not None:
            return Actor(name=named.name, text=named.text, type="country", country=code, sector=named.sector,
                         ids=dict(named.ids))
        return Actor(name=code, text=code, type="country", country=code)

    @property
    def dominant_country(self) -> str | None:
        if self._dominant is False:
            counts = Counter()
            for record in self.ctx.records:
                if getattr(record, "kind", None) == "actor":
                    code = (record.country or "").upper()
                    if len(code) == 3 and code not in _NOT_COUNTRIES:
                        counts[code] += max(1, len(record.evidence))
            top = counts.most_common(2)
            # a tie names no dominant country
            self._dominant = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
        return self._dominant


def _country_of(ctx, token) -> str | None:
    first, last = arguments._name_span(token)
    actor = arguments.actor_at(ctx, ctx.doc[first].idx, ctx.doc[last].idx + len(ctx.doc[last]))
    if actor is not None and actor.country and actor.type in ("country", "organisation", "group"):
        return actor.country
    return None


def _title_holders(token) -> list:
    """The argument token and the title it stands in apposition to ("Qatar's emir, Sheikh Hamad")."""
    out = [token]
    if token.dep_ == "appos":
        out.append(token.head)
    out.extend(ch for ch in token.children if ch.dep_ == "appos")
    out.extend(ch for ch in token.children if ch.dep_ in ("compound", "flat") and ch.lower_ in _TITLES)
    return out


def country_from_title(ctx, token) -> str | None:
    """Rule 1: a possessor, an of-phrase or a capitalised country modifier on the argument or its title."""
    for holder in _title_holders(token):
        for child in holder.children:
            if child.dep_ == "poss" and child.pos_ == "PROPN":
                found = _country_of(ctx, child)
            elif child.dep_ == "prep" and child.lower_ == "of":
                found = next((c for g in child.children if g.dep_ == "pobj" for c in [_country_of(ctx, g)] if c), None)
            elif child.dep_ in ("amod", "compound", "nmod") and child.text[:1].isupper() and child.i < holder.i:
                found = _country_of(ctx, child)
            else:
                continue
            if found:
                return found
    return None


def has_title(ctx, token, span: tuple[int, int]) -> bool:
    """The person is named with a political title: in its name span or just before it."""
    words = {t.lower_ for t in ctx.doc[max(token.left_edge.i, token.i - 6):token.i + 1]
             if t.idx < span[1] and t.idx + len(t) > span[0] - 12}
    return bool(words & _TITLES) or any(t.lower_ in _TITLES for t in _title_holders(token)[1:])


def infer(ctx, state: DocumentContext, token, actor, span):
    """The actor with a country inferred by rules 0-2 where the actors layer gave none; else the actor."""
    if actor.country:
        return actor
    # rule 0: a place the places layer resolved ("Amman", "Geneva") lies in its country
    country = state.place_country(span)
    if country is None:
        country = country_from_title(ctx, token)
    if country is None and actor.type == "person":
        # rule 1 on another mention of the same person ("he" told back to "King Hassan of Morocco")
        country = state.named_country(actor.name)
    if country is None and actor.type == "person" and has_title(ctx, token, span):
        dominant = state.dominant_country
        if dominant:
            country = dominant
    return actor.model_copy(update={"country": country}) if country else actor


def is_generic(actor) -> bool:
    """A participant named by a common noun ("police", "the protesters"), not by a name."""
    text = actor.text.split()
    return bool(text) and actor.type != "country" and all(w[:1].islower() for w in text)


def _candidate(ctx, state: DocumentContext, token, taken: set[str]):
    """A country-bearing actor, or a place the places layer resolved, named by ``token``'s phrase."""
    first, last = arguments._name_span(token)
    start, end = ctx.doc[first].idx, ctx.doc[last].idx + len(ctx.doc[last])
    actor = arguments.actor_at(ctx, start, end)
    if actor is not None and actor.country and actor.name not in taken:
        return actor, (start, end)
    country = state.place_country((start, end))
    text = ctx.text[start:end]
    if country and text not in taken and (actor is None or actor.name not in taken):
        return Actor(name=text, text=text, type="unknown", country=country), (start, end)
    return None


def locative_country(ctx, state: DocumentContext, anchor, heads=()) -> str | None:
    """The country of a place the places layer resolved in a locative phrase of the trigger or its
    arguments ("in the Gaza Strip", "in Kirkuk"), where the actors layer names no country there."""
    for token in (anchor, *heads):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in arguments._LOCATIVE:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        first, last = arguments._name_span(pobj)
                        country = state.place_country((ctx.doc[first].idx, ctx.doc[last].idx + len(ctx.doc[last])))
                        if country:
                            return country
    return None


def complement_recipient(ctx, state: DocumentContext, anchor, skip: set, taken: set[str]):
    """Rule 4: the nearest country-bearing actor or place in a prepositional phrase of the event's clause,
    breadth first from the trigger, not entering other clauses or the actor's own phrase."""
    frontier, depth = [anchor], 0
    while frontier and depth < _MAX_DEPTH:
        following = []
        for token in frontier:
            for child in token.children:
                if child in skip or child.dep_ in _OTHER_CLAUSES:
                    continue
                if token.pos_ == "NOUN" and child.dep_ == "poss" and child.pos_ == "PROPN":
                    # "denounced Serbia's suppression", "rejected Belarus's calls": the doer of the object act
                    found = _candidate(ctx, state, child, taken)
                    if found is not None:
                        return found
                if child.dep_ == "pobj" and token.dep_ == "prep" and (
                        token.lower_ in _COMPLEMENT_PREPS or (token.lower_ == "by" and token.head.pos_ == "NOUN")):
                    # "by" only after a noun: "calls by Kofi Annan" names whom the event answers
                    for conj in [child, *child.conjuncts]:
                        found = _candidate(ctx, state, conj, taken)
                        if found is not None:
                            return found
                following.append(child)
        frontier, depth = following, depth + 1
    return None

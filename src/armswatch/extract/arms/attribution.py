"""Actors for an arms figure's roles and its source, from the parties of its clause (``parties.py``), the
statements layer's speakers (``ctx.statements_at``) and the document's own dateline.

``actor_for(start, end, token)`` is the extractor's way of naming a span (the actors layer where it is loaded).
"""

from __future__ import annotations

import re
from typing import Callable

from ...records import Actor
from ...resources import vocabulary
from ..places.vocab import words as place_words
from .parties import earlier_clauses, owner_word, party_tokens
from .roles import DATELINE, RECOVERY, SEIZURE, SPEECH, phrase_span
from .words import words

_SECURITY = words("security_sectors")
_PLACE_NOUNS = place_words("place_nouns")
# a party named by a pronoun, a possessive or "this" names no one
_PRONOUNS = frozenset(vocabulary("personal_pronouns")) | {"its", "their", "this"}
# "(NAN)" alone on the last line: the agency that filed the story (roles.DATELINE: the one opening it)
_SIGNOFF = re.compile(r"^\s*\((?P<a>[A-Z][A-Za-z&. ]{1,20})\)\s*\Z", re.MULTILINE)

ActorFor = Callable[[int, int, object], "Actor | None"]


def _security(actor: Actor | None) -> bool:
    return actor is not None and actor.sector in _SECURITY


def _named(actor: Actor | None) -> bool:
    return actor is not None and actor.name.lower() not in _PRONOUNS


def _person(actor: Actor, token) -> bool:
    return actor.type == "person" or token.ent_type_ == "PERSON" or token.lower_ in ("we", "i", "us")


def _resolve(token, actor_for: ActorFor):
    if token.tag_ in ("WP", "WDT", "WP$"):
        return None  # "who the United States targeted": a relative pronoun names no one by itself
    start, end = phrase_span(token)
    actor = actor_for(start, end, token)
    if actor is None and token.pos_ == "PRON" and token.dep_ == "nsubj":
        # "Almaz-Antey has said that it will deliver …": the pronoun is the reporting clause's subject
        clause = token.head
        while clause.dep_ in ("xcomp", "conj") and clause.head != clause:
            clause = clause.head
        if clause.dep_ == "ccomp":
            speaker = next((c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            if speaker is not None:
                return _resolve(speaker, actor_for)
    if actor is None and token.pos_ == "NOUN":
        # "a combined team of the Manipur police", "dissidents from the FARC": the body the people belong to
        member_of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")), None)
        body = next((c for c in member_of.children if c.dep_ == "pobj"), None) if member_of is not None else None
        if body is not None and body.pos_ in ("PROPN", "NOUN"):
            return _resolve(body, actor_for)
    return (actor, start, end) if _named(actor) else None


def _owner_slot(token) -> bool:
    """ "belonging to X", "bound for X", "destined for X": a slot that by itself says X owns or was to get the
    weapons (a "from" slot does not: "recovered from the village")."""
    prep = token.head if token.dep_ == "pobj" else None
    return prep is not None and prep.head != prep and owner_word(prep.head)


def _unnamed_party(token):
    """The written phrase of an owner slot the actors layer does not know ("belonging to dissidents from the
    FARC"): a party all the same, unless it names a place, a weapon or no one."""
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "CARDINAL") \
            or token.lower_ in _PLACE_NOUNS or token.lemma_.lower() in _PLACE_NOUNS:
        return None
    start, end = phrase_span(token)
    name = " ".join(token.doc.text[start:end].split())
    if name.lower().startswith(("the ", "a ", "an ")):
        name = name.split(" ", 1)[1]
    return (Actor(name=name, text=token.doc.text[start:end], type="group"), start, end) if _named(
        Actor(name=name, text=name)) else None


def parties(mention, trigger, event: str | None, actor_for: ActorFor, sentences: list,
            weapons: frozenset[int] = frozenset()) -> dict[str, tuple[Actor, int, int]]:
    """Role -> (actor, start, end) for seized_by, seized_from, supplier and recipient."""
    out = {}
    tokens = party_tokens(trigger, event, mention.head)
    for role, token in tokens.items():
        found = _resolve(token, actor_for)
        if found is None and role in ("seized_from", "recipient") and _owner_slot(token) \
                and token.i not in weapons:
            found = _unnamed_party(token)
        # states and bodies supply and receive arms; a person there ("we delivered", said the chancellor) is
        # their spokesman, and the party comes from the nearest earlier figure instead
        if found is not None and not (role in ("supplier", "recipient") and _person(found[0], token)):
            out[role] = found
    if event not in ("seizure", "recovery"):
        return out
    # where the clause names no party (or only a pronoun), the nearest earlier clause that acted on someone
    pronoun_source = "seized_from" in tokens and "seized_from" not in out
    for verb, doer, patient in earlier_clauses(mention.head.sent, sentences):
        if verb == trigger:
            continue
        if patient is not None and patient.i in weapons:
            patient = None  # "a Glock was recovered": the weapons acted on, not a party
        if "seized_by" not in out and doer is not None:
            found = _resolve(doer, actor_for)
            # the doer of an earlier seizure seized; of another act (killed, arrested), only a security force
            if found is not None and (_security(found[0]) or verb.lemma_.lower() in SEIZURE | RECOVERY):
                out["seized_by"] = found
        if "seized_from" not in out and patient is not None and (pronoun_source or "seized_by" in out):
            found = _resolve(patient, actor_for)
            if found is not None and not _security(found[0]) and found[0].type != "country":
                out["seized_from"] = found
        if "seized_by" in out and "seized_from" in out:
            break
    if "seized_by" in out and "seized_from" in out and out["seized_by"][0].name == out["seized_from"][0].name:
        del out["seized_from"]
    return out


def speaker_at(ctx, offset: int) -> Actor | None:
    """The named speaker of the innermost statement whose content holds the offset (the statements layer's
    service; None where it is not installed)."""
    return next((r.speaker for r in ctx.statements_at(offset) if _named(r.speaker)), None)


def speaker_before(ctx, sentence, sentences: list, start: int = 0) -> Actor | None:
    """The named speaker of a statement in the sentence right before this one (fragments the parser splits off do
    not count; nothing before ``start``, the headline's end): a news sentence that attributes itself to no one
    goes on with the attribution of the one before ("Police said they arrested two men. They recovered four
    pistols …")."""
    before = [s for s in sentences if s.end <= sentence.start and sum(not t.is_space for t in s) > 3]
    if not before or before[-1].start_char < start:
        return None
    for token in reversed(before[-1]):
        # only what was said ("said", "told"), not what was done that the statements layer also reads as a claim
        # ("the dissidents have rejected the peace deal")
        found = next((r.speaker for r in ctx.statements_at(token.idx) if _named(r.speaker)
                      and (r.cue or "").lower() in SPEECH), None)
        if found is not None:
            return found
    return None


def reported_by(ctx, actor_for: ActorFor) -> Actor | None:
    """The document's own reporting organisation: a dateline's agency or a closing "(NAN)"."""
    text = ctx.text
    match = DATELINE.search(text, 0, min(len(text), 400)) or _SIGNOFF.search(text, max(0, len(text) - 120))
    if match is None:
        return None
    start, end = match.span("a")
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    found = actor_for(start, end, span.root) if span is not None and len(span) else None
    name = match.group("a").strip()
    return found or Actor(name=name, text=name, type="organisation", sector="MED")

"""Who and where of an event: actors from argument noun phrases, place and date of the sentence.

Actor resolution is the actors layer's (the context service ``ctx.actor_at``); this module only decides
which stretch of the parse is an argument. Where that service is not installed, named entities stand in so
that the coder still runs (with no country codes).
"""

from __future__ import annotations

from ...records import Actor

_ENTITY_TYPES = {"GPE": "country", "NORP": "country", "ORG": "organisation", "PERSON": "person"}


def _fallback_actor(ctx, start: int, end: int) -> Actor | None:
    for ent in ctx.doc.ents:
        if ent.start_char < end and ent.end_char > start and ent.label_ in _ENTITY_TYPES:
            return Actor(name=ent.text, text=ent.text, type=_ENTITY_TYPES[ent.label_])
    return None


def actor_at(ctx, start: int, end: int) -> Actor | None:
    if not ctx.has_service("actor_at"):
        return _fallback_actor(ctx, start, end)
    return ctx.actor_at(start, end)


_NAME_MODIFIERS = ("compound", "flat", "nmod", "amod", "poss")


def _name_span(head) -> tuple[int, int]:
    """Token indices [first, last] of the name an argument head carries: the head with its name-like
    modifiers ("US Secretary of State Marco Rubio", "Afghan officials"), not its clauses or adjuncts."""
    first = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "flat", "nmod") and child.pos_ in ("PROPN", "NOUN"):
            first = min(first, child.left_edge.i)
        elif child.dep_ == "amod" and child.pos_ in ("PROPN", "ADJ") and child.text[:1].isupper():
            first = min(first, child.i)
    last = head.i
    for child in head.rights:
        if child.dep_ in ("compound", "flat") and child.i == last + 1:
            last = child.i
        else:
            break
    return first, last


def _span_candidates(head) -> list[tuple[int, int]]:
    spans = [_name_span(head)]
    for child in head.children:
        if child.dep_ == "poss":  # "Pakistan's efforts", "their seizure"
            spans.append(_name_span(child))
    return spans


def _conjuncts(token) -> list:
    out = [token]
    for conj in token.conjuncts:
        if conj.sent.start != token.sent.start or conj.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        lo, hi = sorted((token.i, conj.i))
        if any(t.pos_ in ("VERB", "AUX") for t in token.doc[lo:hi]):
            continue  # a misparsed conjunction reaching across a clause
        out.append(conj)
    return sorted(out, key=lambda t: t.i)


def resolve(ctx, token, participants: frozenset = frozenset(), unresolved=None,
            _depth: int = 0) -> list[tuple[Actor, tuple[int, int]]]:
    """The actors an argument names, one per conjunct ("Dar and Rubio" gives two), with character spans.
    ``unresolved`` (the caller's ``context.IdentitySet``, one per document) collects the actors made here
    rather than resolved by the actors layer."""
    doc = ctx.doc
    found: list[tuple[Actor, tuple[int, int]]] = []
    for head in _conjuncts(token):
        actor, start, end = None, 0, 0
        for first, last in _span_candidates(head):
            s, e = doc[first].idx, doc[last].idx + len(doc[last])
            found_here = actor_at(ctx, s, e)
            if found_here is not None and (actor is None or (actor.country is None and found_here.country)):
                # "Kabul's Afghan Taliban rulers": a group with no country of its own is its possessor's
                actor, start, end = found_here, s, e
            if actor is not None and actor.country:
                break
        if actor is None and _depth < 2 and head.lemma_.lower() in _QUANTITY_HEADS:
            # "tens of thousands of students", "a group of Yoruba leaders": the of-object is the participant
            of_objects = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"]
            if of_objects:
                found.extend(resolve(ctx, of_objects[0], participants, unresolved, _depth + 1))
                continue
        if actor is None and participants and (head.lemma_.lower() in participants or head.ent_type_ in _ENTITY_TYPES):
            # a participant the actors layer does not know: named as written, no country claimed
            first, last = _name_span(head)
            start, end = doc[first].idx, doc[last].idx + len(doc[last])
            text = ctx.text[start:end]
            actor = Actor(name=text, text=text, type=_ENTITY_TYPES.get(head.ent_type_, "group"))
            if unresolved is not None:
                unresolved.add(actor)
        if actor is None:
            if _depth < 2:
                # "supporters of former President X", "the government of Y": the actor is the of-object
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                found.extend(resolve(ctx, pobj, participants, unresolved, _depth + 1))
            continue
        if all(a.name != actor.name for a, _ in found):
            found.append((actor, (start, end)))
        # "U.S. and Russian negotiators", "the Turkish and Greek sides": conjoined modifiers name more actors
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.text[:1].isupper():
                for conj in child.conjuncts:
                    if conj.text[:1].isupper() and conj.i < head.i:
                        other = actor_at(ctx, conj.idx, conj.idx + len(conj))
                        if other is not None and all(a.name != other.name for a, _ in found):
                            found.append((other, (conj.idx, conj.idx + len(conj))))
    return found


_QUANTITY_HEADS = {"ten", "tens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "dozen",
                   "dozens", "scores", "score", "group", "number", "band", "handful", "crowd", "some", "many",
                   "members", "member", "most", "all", "one", "two", "three", "several", "batch", "patch", "unit"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout"}


def location_country(ctx, anchor, heads=()) -> str | None:
    found = location_actor(ctx, anchor, heads)
    return found[0].country if found else None


def location_actor(ctx, anchor, heads=()):
    """The country where the event happens, from a locative phrase of the trigger's clause or its arguments
    ("in Baghdad", "near the town of Samarra"), resolved through the actors layer (capitals, countries)."""
    tokens = [anchor, *heads]
    for token in tokens:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in _LOCATIVE:
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    for place in [pobj, *[g for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"
                                          for g in c.children if g.dep_ == "pobj"]]:
                        first, last = _name_span(place)
                        actor = actor_at(ctx, ctx.doc[first].idx, ctx.doc[last].idx + len(ctx.doc[last]))
                        if actor is not None and actor.country and actor.type == "country":
                            return actor, (ctx.doc[first].idx, ctx.doc[last].idx + len(ctx.doc[last]))
    return None


def place_record_in(ctx, sentence, anchor, places=None):
    """The place record in a locative phrase of the event's clause ("in Kabul", "near the town of
    Samarra"), matched by character span; a country named as actor or recipient is not the event's place."""
    if places is None:
        places = ctx.places()
    places = [r for r in places if r.evidence and sentence.start_char <= r.evidence[0].start < sentence.end_char]
    if not places:
        return None
    for token in anchor.subtree:
        if token.dep_ == "prep" and token.lower_ in _LOCATIVE and (
                # tokens compared by index: spaCy makes a new Token object on each access
                token.head.i == anchor.i or (token.head.head.i == anchor.i and token.head.dep_ in ("dobj", "nsubj", "nsubjpass"))):
            lo = token.idx
            hi = token.right_edge.idx + len(token.right_edge)
            for place in places:
                if lo <= place.evidence[0].start < hi:
                    return place
    return None


def date_of(ctx, start: int, end: int) -> str | None:
    return ctx.sentence_date(start, end) or ctx.document.published

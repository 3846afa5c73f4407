"""The arms extractor: weapons with category, class, count, models, origin, holder, place, date, source and event.

Each record's evidence lists, in this order: the weapon as written (``raw``), then the count's span where the
record has a count, then the holder's span where it has a holder, then the place's span where it has a place.
Evaluations and reviewers read the spans in that order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .. import Context, register
from ...records import Actor, ArmsRecord, record_id
from ...resources import vocabulary
from .lexicon import Hit, load_lexicon
from .attribution import parties, reported_by, speaker_at, speaker_before
from .parties import earlier_clauses, negated, status
from .words import words
from .mentions import GENERIC, Count, Mention, find_mentions, modifies_next
from .figures import conveyance, headline_end, one_record_per_figure, repeats_earlier, summed_up, umbrella
from .roles import (_PLACE_PREPS, find_trigger, verb_event, of_gap_start, holder_tokens, irrealis, owner_span, phrase_span, place_tokens,
                    source_token)

VERSION = "0.2"
_ORG_NOUNS = words("org_nouns")


def _interfaces(ctx: Context):
    """The actors and time services, each None where it is not installed: degrade (no holder, no date)."""
    return ctx.service("actor_at"), ctx.service("resolve_name"), ctx.service("sentence_date")


@lru_cache(maxsize=1)
def _info():
    from .. import REGISTRY

    return REGISTRY["arms"].info


def _user_file(settings) -> str:
    return str(settings.get("extract.user_arms", "") or "")


def _clean_name(text: str) -> str:
    text = re.sub(r"^(?:the|a|an|so-called)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,.;:'\"“”’")


def _actor(ctx: Context, start: int, end: int, token, interfaces, organisation_hint: bool = False) -> Actor | None:
    actor_at, resolve_name, _ = interfaces
    if actor_at is not None:
        found = actor_at(start, end)
        if found is not None:
            return found
    text = ctx.text[start:end]
    if resolve_name is not None:
        found = resolve_name(_clean_name(text))
        if found is not None:
            return found
    if token.pos_ == "PRON":
        return None
    if actor_at is not None and not organisation_hint and token.lower_ not in _ORG_NOUNS \
            and token.ent_type_ not in ("ORG", "NORP"):
        return None  # the actors extractor knows no actor here: not a holder we can name
    if token.pos_ == "PROPN" or token.lower_ in _ORG_NOUNS or organisation_hint or token.ent_type_ in ("ORG", "NORP"):
        name = _clean_name(text)
        if not name:
            return None
        kind = "organisation" if organisation_hint or token.lower_ in _ORG_NOUNS else "unknown"
        return Actor(name=name, text=text, type=kind)
    return None


_SCENE = re.compile(r"[\W_]*(?:Near|In|At|Outside|Around|Inside|From)\s+((?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|al|as|ad|az|ar|el|e))*)\s*,")
# capitalised words a sentence may open with after "In"/"At" that are no place ("In March,", "In addition,")
_NOT_PLACES = frozenset(word.title() for word in (*vocabulary("months"), *vocabulary("weekdays"))) \
    | words("scene_openers")


def _places(ctx: Context, tokens, sentence, exclude: list[tuple[int, int]]) -> tuple[str, int, int] | None:
    place_records = ctx.of_kind("place")

    def covered(start, end):
        return any(s < end and start < e for s, e in exclude)

    for token in tokens:
        start, end = token.idx, token.idx + len(token.text)
        for record in place_records:
            for ev in record.evidence:
                if ev.start <= start < ev.end or start <= ev.start < end:
                    if not covered(ev.start, ev.end):
                        return record.name, ev.start, ev.end
        if token.ent_type_ in ("GPE", "LOC", "FAC"):
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            if ent is not None and not covered(ent.start_char, ent.end_char):
                return ent.text, ent.start_char, ent.end_char
    # else a place the sentence puts the happening in: the object of "in/at/near…", not a subject or a modifier
    doc = sentence.doc

    def located(token) -> bool:
        for _ in range(4):
            if token.dep_ == "pobj":
                return token.head.lower_ in _PLACE_PREPS
            if token.dep_ not in ("nmod", "compound", "conj", "appos", "poss") or token.head == token:
                return False
            token = token.head
        return False

    def in_sentence(sent):
        for record in place_records:
            for ev in record.evidence:
                span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
                if sent.start_char <= ev.start < sent.end_char and not covered(ev.start, ev.end) \
                        and span is not None and located(span.root):
                    return record.name, ev.start, ev.end
        for ent in sent.ents:
            if ent.label_ in ("GPE", "LOC", "FAC") and not covered(ent.start_char, ent.end_char) and located(ent.root):
                return ent.text, ent.start_char, ent.end_char
        # a proper name after "near/in/at" that the tagger did not type ("Near Palmyra, one strike destroyed …")
        for token in sent:
            if token.pos_ == "PROPN" and token.dep_ == "pobj" and token.head.lower_ in ("near", "in", "at", "outside",
                                                                                         "inside", "around") \
                    and token.ent_type_ not in ("ORG", "NORP", "DATE", "PERSON") \
                    and not covered(token.idx, token.idx + len(token.text)):
                left = min([c.i for c in token.lefts if c.dep_ == "compound"] + [token.i])
                start = doc[left].idx
                end = token.idx + len(token.text)
                return ctx.text[start:end], start, end
        # "Near Ayn Isa, one strike destroyed …" where the tagger took "Near Ayn Isa" for a name
        lead = _SCENE.match(ctx.text, sent.start_char, sent.end_char)
        if lead and lead.group(1).split()[0] not in _NOT_PLACES and not covered(lead.start(1), lead.end(1)):
            return lead.group(1), lead.start(1), lead.end(1)
        return None

    found = in_sentence(sentence)
    if found:
        return found
    # else where the report set the scene: the nearest place in the three sentences before
    earlier = [s for s in doc.sents if s.end <= sentence.start][-3:]
    for sent in reversed(earlier):
        written_end = sent.start_char + len(ctx.text[sent.start_char:sent.end_char].rstrip())
        if "\n" in ctx.text[written_end:sentence.start_char]:
            break  # only within the same paragraph
        found = in_sentence(sent)
        if found:
            return found
    return None


def _as_of(ctx: Context, mention: Mention, trigger, interfaces) -> str | None:
    """The date the mention's sentence reports on, from the time extractor (none where it is not installed)."""
    sentence_date = interfaces[2]
    if sentence_date is None:
        return None
    return sentence_date(mention.start, mention.end) or None


def _inherit_origins(mentions: list[Mention]) -> None:
    """ "these weapons" takes the origin of the weapons it points back to ("advanced US weapons")."""
    for index, mention in enumerate(mentions):
        if mention.origins or not any(c.dep_ == "det" and c.lower_ in ("these", "those", "such", "the")
                                      for c in mention.head.children):
            continue
        sentence_start = mention.head.sent.start
        for earlier in reversed(mentions[:index]):
            if sentence_start - earlier.head.sent.start > 60:
                break
            if earlier.category == mention.category and earlier.origins:
                mention.origins = list(earlier.origins)
                break


def _vague_count_is_words(mention: Mention) -> None:
    """ "dozens of guns", "hundreds of thousands of munitions": a vague plural is no count (the quantities layer
    reads it as a range, [24, 99], that no reader would quote as a figure): the record keeps the words in
    ``raw``, count None and count_qualifier "approximate": a figure of its own (docs/arms.md)."""
    count = mention.count
    if count is not None and isinstance(count.value, list) and count.qualifier == "approximate":
        mention.start = min(mention.start, count.start)
        mention.count, mention.vague = None, True


def _pronoun_mentions(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    """ "gaining access to them": an object pronoun of an arms event points back to the last weapons mentioned."""
    out = []
    for token in ctx.doc:
        if token.lower_ not in ("them", "it", "these", "those") or token.dep_ not in ("dobj", "pobj", "nsubjpass"):
            continue
        if token.dep_ == "pobj" and (token.head.lower_ in _PARTY_PREPS or token.head.lower_ in ("to", "for")
                                     and token.head.head.pos_ in ("VERB", "AUX")):
            continue  # "recovered from them", "delivered to them": the party, not the weapons
        found = find_trigger(token)
        if not found or irrealis(found[0]):
            continue
        earlier = [m for m in mentions if m.end <= token.idx and token.sent.start - m.head.sent.start <= 80
                   and not m.pronoun]
        if not earlier:
            continue
        antecedent = earlier[-1]
        if token.lower_ == "it" and antecedent.head.tag_ in ("NNS", "NNPS"):
            continue
        out.append(Mention(start=token.idx, end=token.idx + len(token.text), head=token, category=antecedent.category,
                           hits=[Hit(token.idx, token.idx + len(token.text), antecedent.category, form=token.lower_)],
                           models=list(antecedent.models), origins=list(antecedent.origins), pronoun=True,
                           antecedent=antecedent, heavy=antecedent.heavy))
    return out


_PARTY_PREPS = {"from", "off", "by", "with", "against"}
_HELD = re.compile(r"([A-Z][\w.]*(?:[\s-][A-Z][\w.]*)*)-(?:held|owned|controlled|operated|run|made)\b")


def _owner_in_phrase(ctx: Context, mention: Mention, interfaces):
    """ "ISIL-held tank", "the Taliban's weapons", "ISIL tanks": the owner written inside the weapon's phrase."""
    head = mention.head
    candidates = []
    held = _HELD.search(ctx.text, mention.start, head.idx)
    if held and held.group(0).split("-")[-1] != "made":
        candidates.append((held.start(1), held.end(1)))
    for child in head.lefts:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            candidates.append(phrase_span(child))
        elif child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN" and child.i < head.i:
            candidates.append(phrase_span(child))
    actor_at = interfaces[0]
    models = [(h.start, h.end) for h in mention.hits if h.model is not None]
    for start, end in candidates:
        if actor_at is None:
            break
        if any(s < end and start < e for s, e in models):
            continue  # a model name ("an M16 rifle") is never a holder
        actor = actor_at(start, end)
        if actor is not None and actor.type in ("organisation", "group", "country") and not any(
                o in (mention.origins or []) for o in (actor.name,)):
            # an origin word ("US weapons") names the maker, not the holder
            if ctx.text[start:end].strip() in {w for w in _origin_words(ctx, mention)}:
                continue
            return actor, start, end
    return None


def _origin_words(ctx: Context, mention: Mention) -> set[str]:
    raw = ctx.text[mention.start:mention.end]
    return {w for w in re.findall(r"[\w.]+", raw) if w.lower() in load_lexicon(_user_file(ctx.settings)).origins}


def _class(lexicon, mention: Mention) -> str:
    if mention.category == "machine_gun":
        if mention.heavy is True:
            return "light_weapon"
        if mention.heavy is None:
            return "unknown"  # a count mixing light and heavy machine guns
        return "small_arm"
    return lexicon.class_of(mention.category)


def _model_origin(mention: Mention) -> str | None:
    origins = {h.model.origin for h in mention.hits if h.model is not None}
    return origins.pop() if len(origins) == 1 and None not in origins else None


# holders from the actors services, dates from the time service, where installed
@register("arms", VERSION, requires=("quantities",), uses=("actor_at", "resolve_name", "sentence_date", "places",
                                                               "statements_at"))
def extract_arms(ctx: Context) -> list[ArmsRecord]:
    lexicon = load_lexicon(_user_file(ctx.settings))
    interfaces = _interfaces(ctx)
    counts, calibres = [], []
    for quantity in ctx.of_kind("quantity"):
        span = quantity.evidence[0]
        if quantity.unit is None:
            counts.append(Count(quantity.value, quantity.qualifier, span.start, span.end))
        elif quantity.unit in ("millimetre", "calibre", "inch", "bore"):
            calibres.append((span.start, span.end))
    # names the actors extractor is sure of ("Small Arms Survey"); its low-confidence guesses do not hide weapons
    actor_spans = [(ev.start, ev.end) for record in ctx.of_kind("actor") if record.confidence >= 0.5
                   for ev in record.evidence]
    mentions = find_mentions(ctx, lexicon, counts, calibres, actor_spans)
    for mention in mentions:
        _vague_count_is_words(mention)
    _inherit_origins(mentions)
    ctx.cached("arms.weapon_heads", lambda: frozenset(m.head.i for m in mentions))
    headline = headline_end(ctx.text)
    mentions = [m for m in mentions if not conveyance(m)]
    # a headline's figures come back in the body, which says who is who: read the body first
    mentions = sorted(mentions + _pronoun_mentions(ctx, mentions), key=lambda m: (m.start < headline, m.start))
    records: list[ArmsRecord] = []
    for mention in mentions:
        if repeats_earlier(mention, records, ctx.text) or umbrella(mention) or summed_up(mention, records):
            continue
        if mention.start < headline and mention.count is None and any(
                r.category == mention.category or mention.category in GENERIC for r in records):
            continue  # an uncounted headline figure the body tells again
        records.extend(_records_for(ctx, mention, lexicon, interfaces))
    records.sort(key=lambda r: r.evidence[0].start)
    _inherit_roles(ctx, records)
    one_record_per_figure(records)
    _story_sources(ctx, records)
    return records


def _story_sources(ctx: Context, records: list[ArmsRecord]) -> None:
    """A figure whose sentence attributes it to no one is told by whoever the story last attributed a figure to
    ("Police said they seized … The arsenal of 33 guns …"); before any, by the one who spoke in the sentence before
    ("Police said they arrested two men. They recovered four pistols …"); the document's own agency only where
    no one was."""
    told = None
    sentences = _sentences(ctx)
    starts = [s.start_char for s in sentences]
    headline = headline_end(ctx.text)
    for record in records:
        fallback = record.source is None or record.source == record.reported_by
        if not fallback:
            told = record.source
        elif told is not None:
            record.source = told
        else:
            sentence = sentences[max(0, bisect_right(starts, record.evidence[0].start) - 1)]
            record.source = speaker_before(ctx, sentence, sentences, headline) or record.source


_FAMILY = {"seizure": "seizure", "recovery": "seizure", "transfer": "transfer"}
_FAMILY_ROLES = {"seizure": ("seized_by", "seized_from"), "transfer": ("supplier", "recipient")}


def _inherit_roles(ctx: Context, records: list[ArmsRecord]) -> None:
    """A figure whose clause names no party takes those of the nearest earlier figure of the same kind of
    happening, in the same sentence or the two before ("4 pistols … They were recovered from the village")."""
    # sentences of more than three words: "Maj. Gen." split off by the parser does not count as one
    starts = [s.start_char for s in _sentences(ctx) if sum(not t.is_space and not t.is_punct for t in s) > 3]
    where = [bisect_right(starts, r.evidence[0].start) for r in records]
    for index, record in enumerate(records):
        family = _FAMILY.get(record.event)
        missing = [role for role in _FAMILY_ROLES.get(family, ()) if getattr(record, role) is None]
        for earlier in range(index - 1, -1, -1) if missing else ():
            previous = records[earlier]
            if where[index] - where[earlier] > 2:
                break
            if _FAMILY.get(previous.event) == family and previous.negated == record.negated:
                for role in missing:
                    setattr(record, role, getattr(previous, role))
                break
    _owners_told_apart(records, where)
    for record in records:
        family = _FAMILY.get(record.event)
        if record.holder is None and family is not None:
            record.holder = record.seized_from if family == "seizure" else record.recipient


def _owners_told_apart(records: list[ArmsRecord], where: list[int]) -> None:
    """ "Some terrorists had hidden the weapons in the area", "foiled an arms transfer to X": an uncounted
    generic mention with a possessor or an intended recipient, within two sentences of seized figures that name
    no one they were taken from, is those weapons again: that party is theirs, and it is no record of its own."""
    drop = set()
    for index, owner in enumerate(records):
        if owner.count is not None or owner.category not in GENERIC or owner.negated:
            continue
        # whose they were (a holding), or whom they were going to ("foiled an arms transfer to X")
        party = owner.holder if _FAMILY.get(owner.event) is None else owner.recipient
        if party is None or owner.event == "seizure" or owner.event == "recovery":
            continue
        seized = [r for i, r in enumerate(records) if _FAMILY.get(r.event) == "seizure" and r.seized_from is None
                  and abs(where[i] - where[index]) <= 2 and not (r.seized_by and r.seized_by.name == party.name)]
        for record in seized:
            record.seized_from = party
        if seized:
            drop.add(index)
    records[:] = [r for i, r in enumerate(records) if i not in drop]


def _records_for(ctx: Context, mention: Mention, lexicon, interfaces) -> list[ArmsRecord]:
    found = find_trigger(mention.head)
    trigger, event = found if found else (None, None)
    gap = of_gap_start(mention.head, trigger)
    if gap is not None:
        before = lexicon.origins_in(ctx.text[gap:mention.start])
        mention.origins = before + [o for o in mention.origins if o not in before]
    if event is None and not mention.pronoun or _back_reference(trigger, event):
        # "the consignment included four pistols", "the arsenal of 33 guns was being transported": the happening
        # of the nearest earlier clause that seized
        trigger, event = _earlier_seizure(mention, trigger, event, _sentences(ctx))
    denied = negated(trigger, mention.head) if trigger is not None else \
        any(c.dep_ == "det" and c.lower_ == "no" for c in mention.head.children)
    hypothetical = trigger is not None and irrealis(trigger) and not denied
    happened = None if denied or hypothetical else event  # what the text says did happen

    def actor_for(start, end, token, hint=False):
        return _actor(ctx, start, end, token, interfaces, organisation_hint=hint)

    weapons = ctx.cached("arms.weapon_heads", frozenset)  # set once per document by extract_arms
    roles = parties(mention, trigger, event, actor_for, _sentences(ctx), weapons) if event else {}
    holders: list[tuple[Actor, int, int]] = []
    if event in ("seizure", "recovery", "trafficking") and "seized_from" in roles:
        holders.append(roles["seized_from"])  # whose they were, never the seizing party
    elif event == "transfer" and "recipient" in roles:
        holders.append(roles["recipient"])
    elif event and event not in ("seizure", "recovery", "transfer"):
        for token in holder_tokens(trigger, event, mention.head):
            start, end = phrase_span(token)
            actor = actor_for(start, end, token)
            if actor is not None and not any(a.name == actor.name for a, _, _ in holders):
                holders.append((actor, start, end))
    if not holders and not mention.pronoun:
        owner = _owner_in_phrase(ctx, mention, interfaces)
        if owner is not None and not any(owner[0].name == r[0].name for r in roles.values()):
            holders.append(owner)
    # the figure's source: who the sentence attributes it to, else (_story_sources) whoever the story last
    # attributed a figure to, or the speaker of the sentence before, else the document's own agency
    source = speaker_at(ctx, mention.start)
    speaker = source_token(trigger if trigger is not None else mention.head) if source is None else None
    if speaker is not None:
        start, end = owner_span(speaker)
        source = actor_for(start, end, speaker, speaker.dep_ in ("compound", "poss", "pobj", "nmod"))
    agency = ctx.cached("arms.reported_by", lambda: reported_by(ctx, actor_for))  # once per document
    source = source or agency
    exclude = [(s, e) for _, s, e in holders]
    if mention.count is not None:
        exclude.append((mention.count.start, mention.count.end))
    place = _places(ctx, place_tokens(trigger, mention.head), mention.head.sent, exclude)
    # a weapon word modifying another noun ("chemical weapons report", "drone strike") is a topic, not an item
    specific = mention.category not in GENERIC and not (modifies_next(mention.head) and not mention.models)
    if mention.count is None and mention.category in GENERIC and not holders:
        return []  # an uncounted "weapons" or "cache" is no figure unless the text says whose
    if not (mention.count is not None or (happened and (holders or place)) or (specific and not mention.pronoun)
            or happened in ("seizure", "recovery", "transfer", "trafficking")):
        return []
    as_of = _as_of(ctx, mention, trigger, interfaces)
    origin = ", ".join(mention.origins) if mention.origins else _model_origin(mention)
    if mention.count is not None or not holders:
        holders = holders[:1] or [(None, 0, 0)]
    out = []
    for holder, h_start, h_end in holders:
        evidence = [ctx.span(mention.start, mention.end)]
        if mention.count is not None:
            evidence.append(ctx.span(mention.count.start, mention.count.end))
        if holder is not None:
            evidence.append(ctx.span(h_start, h_end))
        if place is not None:
            evidence.append(ctx.span(place[1], place[2]))
        confidence = 0.55 + 0.15 * (mention.count is not None or mention.vague) + 0.1 * bool(event) + 0.1 * (holder is not None)
        out.append(ArmsRecord(
            id=record_id(ctx.doc_id, "arms", mention.start, mention.end, holder.name if holder else None),
            doc_id=ctx.doc_id,
            evidence=evidence,
            confidence=round(min(confidence, 0.95), 2),
            extractor=_info(),
            category=mention.category,
            class_=_class(lexicon, mention),
            raw=ctx.text[mention.start:mention.end],
            count=mention.count.value if mention.count else None,
            count_qualifier=mention.count.qualifier if mention.count else ("approximate" if mention.vague else None),
            models=list(mention.models),
            origin=origin,
            holder=holder,
            place=place[0] if place else None,
            as_of=as_of,
            source=source,
            event=event,
            seized_by=_role(roles, "seized_by"),
            seized_from=_role(roles, "seized_from"),
            supplier=_role(roles, "supplier"),
            recipient=_role(roles, "recipient"),
            status=status(trigger, hypothetical) if event == "transfer" else None,
            reported_by=agency,
            negated=denied,
            hypothetical=hypothetical,
        ))
    return out


def _role(roles: dict, name: str) -> Actor | None:
    found = roles.get(name)
    return found[0] if found else None


def _sentences(ctx: Context) -> list:
    return ctx.cached("arms.sentences", lambda: list(ctx.doc.sents))


def _back_reference(trigger, event) -> bool:
    """ "The arsenal of 33 guns …": a definite holding noun (arsenal, stockpile) points back to one told before."""
    return event == "holding" and trigger is not None and trigger.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in trigger.children)


def _earlier_seizure(mention: Mention, trigger, event, sentences: list):
    for verb, _doer, _patient in earlier_clauses(mention.head.sent, sentences, limit=2):
        found = verb_event(verb)
        if found in ("seizure", "recovery") and not irrealis(verb):
            return verb, found
    return trigger, event

"""The events extractor: who did what to whom, coded in PLOVER's 16 types with modes, contexts and flags.

Dependency patterns over the one spaCy parse with a lexicon of PLOVER triggers
(``resources/events/lexicon.yaml``). An event is coded only where the sentence names at least one
resolved participant, so talk about "concerns" or "the issue" codes nothing. See ``coder`` for the steps.
"""

from __future__ import annotations

from .. import register
from ...records import EventRecord, record_id
from . import arguments, coder, context, dyad, toll, where
from .lexicon import PLOVER_TYPES, load

__all__ = ["PLOVER_TYPES", "code_events"]

VERSION = "0.1"
# an event a definite noun points back to ("The attack killed three") is looked for this many sentences back
_BACKREF_SENTENCES = 2
# types coded with an unknown actor alone ("Demonstrators blocked a road"): the act itself is the news
_ONE_SIDED = {"PROTEST", "MOBILIZE", "ASSAULT", "COERCE", "RETREAT"}
_PLACE_AS_TARGET = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"}
_DOMESTIC_BY_DEFAULT = {"PROTEST", "COERCE"}
_EVENT_FRAMES = {"result", "consequence", "wake", "aftermath", "series", "wave", "spate", "string", "act", "campaign",
                 "round", "outbreak", "escalation", "resumption", "start", "end"}
_BACKREF_DETERMINERS = {"the", "this", "that", "these", "those"}


def _resolved(ctx, tokens, participants: frozenset, unresolved: set) -> list:
    out = []
    for token in tokens:
        found = arguments.resolve(ctx, token, participants, unresolved)
        if not found and token.pos_ == "PRON":
            found = arguments.resolve(ctx, _reported_subject(token), participants, unresolved)
        for actor, span in found:
            if all(actor.name != a.name for a, _ in out):
                out.append((actor, span))
    return out


def _reported_subject(pronoun):
    """ "Yoruba leaders announced that they are willing ...": a subject pronoun of a clause reported by a
    speech verb stands for the speaker where the speaker is a noun. Used only where the actors layer gives
    the pronoun no actor of its own (``arguments.resolve`` tries the pronoun first through ``actor_at``)."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.lower_ not in ("they", "it", "he", "she", "we"):
        return pronoun
    clause = pronoun.head
    for _ in range(3):
        if clause.dep_ != "ccomp" or clause.head.i == clause.i:
            clause = clause.head if clause.dep_ in ("xcomp", "conj") else clause
            if clause.dep_ != "ccomp":
                return pronoun
        speaker = next((ch for ch in clause.head.children if ch.dep_ == "nsubj"), None)
        if speaker is not None and speaker.pos_ in ("NOUN", "PROPN"):
            return speaker
        clause = clause.head
    return pronoun


def _confidence(c, actors, recipients) -> float:
    score = 0.55 + (0.2 if actors else 0.0) + (0.15 if recipients else 0.0)
    if c.nominal:
        score -= 0.1
    if c.entry.derived:  # the hand lexicon's reading of a sentence goes first; the CAMEO-derived verbs fill gaps
        score -= 0.2
    return round(min(score, 0.95), 2)


def _of_a_thing(c, trigger_heads) -> bool:
    """An event noun that only qualifies a thing ("weapons of mass destruction", "the scene of ethnic
    violence", "victims of the attack") names no event of its own in this sentence."""
    token = c.trigger
    if not c.nominal or c.anchor is not token or token.dep_ != "pobj" or token.head.lower_ != "of":
        return False
    owner = token.head.head
    if owner.lemma_.lower() in _EVENT_FRAMES:
        return False  # "as a result of torture", "a wave of arrests": the frame tells the event itself
    return owner.pos_ in ("NOUN", "PROPN") and owner.i not in trigger_heads and not any(
        ch.dep_ in ("poss",) for ch in token.children)


def _event_subject(lex, c) -> bool:
    """The clause's subject is itself an attack ("A roadside bombing killed ..."), not a participant."""
    subject, voice = coder.subject_of(c.anchor)
    if subject is None or voice != "active" or subject.pos_ != "NOUN" or c.type not in _ONE_SIDED:
        return False
    entry, _ = coder._noun_entry(lex, subject)
    return entry is not None and entry.type == c.type


def _backref(token) -> bool:
    """A definite event noun ("the attack") that names an event told before."""
    return any(ch.dep_ == "det" and ch.lower_ in _BACKREF_DETERMINERS for ch in token.children)


def code_events(ctx) -> list[EventRecord]:
    lex = load()
    derived = bool(ctx.settings.get("extract.event_cameo_verbs", False))  # cameo.py: verbs the hand lexicon lacks
    unresolved = context.IdentitySet()  # per document: actors the actors layer did not resolve
    state = context.DocumentContext(ctx)
    places = where.Places(ctx)
    records: list[EventRecord] = []
    recent: list[tuple[int, EventRecord]] = []
    dates: dict[int, str | None] = {}  # (sentence index, event) for back-references
    for sent_index, sentence in enumerate(ctx.doc.sents):
        candidates = coder.find_triggers(lex, sentence, derived)
        if not candidates:
            continue
        coder.fold_governed(lex, candidates)
        coder.absorb_nominals(candidates)
        heads = {c.trigger.i for c in candidates}
        for c in candidates:
            if c.absorbed or _of_a_thing(c, heads):
                continue
            actor_tokens, recipient_tokens = coder.argument_tokens(c)
            intent = coder.intent_noun(c)
            if intent is not None:
                # an event only intended is coded as the intention; its holder is the noun's possessor
                if intent.lemma_.lower() in coder.REFUSAL_NOUNS:
                    if c.type in coder.COOPERATIVE:
                        c.type, c.mode = "REJECT", []
                else:
                    c.intended = True
                holders = [t for t in intent.children if t.dep_ in ("poss", "compound", "nmod")]
                if holders:
                    actor_tokens = holders
                elif intent.dep_ == "dobj":
                    actor_tokens = [t for t in [coder.subject_of(intent.head)[0]] if t is not None] or actor_tokens
            actor_tokens = list(dict.fromkeys(actor_tokens))
            recipient_tokens = [t for t in dict.fromkeys(recipient_tokens) if t not in actor_tokens]
            # a definite event noun as subject that points back: "The attack killed three soldiers"
            subject, _ = coder.subject_of(c.anchor) if not c.nominal else (None, "")
            earlier = None
            if subject is not None and subject.pos_ == "NOUN" and _backref(subject):
                entry, _ = coder._noun_entry(lex, subject)
                if entry is not None and entry.type == c.type:
                    earlier = next((e for i, e in reversed(recent)
                                    if e.type == c.type and sent_index - i <= _BACKREF_SENTENCES), None)
            if c.nominal and _backref(c.trigger):
                earlier = next((e for i, e in reversed(recent)
                                if e.type == c.type and 0 < sent_index - i <= _BACKREF_SENTENCES), None)
            actors = _resolved(ctx, actor_tokens, lex.participant_nouns, unresolved)
            recipients = [r for r in _resolved(ctx, recipient_tokens, lex.participant_nouns, unresolved) if all(r[0].name != a.name for a, _ in actors)]
            if earlier is not None:
                _merge_into(ctx, earlier, c, actors, recipients)
                continue
            actors, recipients = _infer_countries(ctx, state, c, actors, recipients, actor_tokens,
                                                  recipient_tokens, unresolved)
            if not recipients and c.type in _PLACE_AS_TARGET:
                # "jets bombed targets in southern Lebanon": the country attacked is where the attack fell
                located = arguments.location_actor(ctx, c.anchor, actor_tokens)
                if located is not None and all(located[0].name != a.name for a, _ in actors):
                    recipients = [located]
            if c.type in _ONE_SIDED:
                # "students staged demonstrations throughout Indonesia", "Police seized ..." under a Kabul
                # dateline: unnamed crowds and forces belong where the act happened
                actors = dyad.home_forces(actors, places.of(sentence, c.anchor)[1], unresolved)
            recipients = dyad.reciprocal(c.type, actors, recipients)
            recipients = dyad.claim_target(c.type, actors, recipients, recipient_tokens, records, state)
            if not dyad.accepted(c.type, actors, recipients, unresolved, ctx.doc, c.entry.derived):
                continue  # nobody an analyst could name on either side
            if not actors and not (recipients and not c.nominal and (
                    coder.subject_of(c.anchor)[1] == "passive" or _event_subject(lex, c))):
                # no actor: only a passive ("three soldiers were killed") or an event as subject ("a roadside
                # bombing killed one soldier") names an event without its doer
                continue  # nobody named: not an event a coder would code
            if sent_index not in dates:  # one date look-up per sentence, however many events it holds
                dates[sent_index] = arguments.date_of(ctx, sentence.start_char, sentence.end_char)
            record = _record(ctx, lex, c, sentence, actors, recipients, dates[sent_index], state.defaulted)
            record.place, record.place_country, record.place_precision = places.of(sentence, c.anchor)
            same = next((r for r in records if _same_event(r, record)), None)
            if same is not None:
                # told again (a lede retold in the summary, "his conversation with Rubio"): one event, more evidence
                same.evidence = sorted({(s.start, s.end): s for s in same.evidence + record.evidence}.values(),
                                       key=lambda s: (s.start, s.end))
                same.mode = same.mode + [m for m in record.mode if m not in same.mode]
                continue
            records.append(record)
            recent.append((sent_index, records[-1]))
    toll.attach(ctx, records)
    return records


def _infer_countries(ctx, state, c, actors, recipients, actor_tokens, recipient_tokens, unresolved):
    """Countries the actors layer left open, from the sentence and document (rules in ``context``)."""
    def countries(side):
        return {a.country for a, _ in side if a.country}

    def token_at(span):
        piece = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
        return piece.root if piece is not None and len(piece) else None

    def fill(side):
        out = []
        for actor, span in side:
            token = token_at(span)
            if token is not None and not actor.country:
                inferred = context.infer(ctx, state, token, actor, span)
                if inferred is not actor and actor in unresolved:
                    unresolved.add(inferred)
                actor = inferred
            out.append((actor, span))
        return out

    actors = fill(actors)
    recipients = fill(recipients)
    generic = [a for a, _ in actors + recipients
               if not a.country and (a in unresolved or context.is_generic(a) or a.type == "group")]
    if generic:
        # generic participants ("demonstrators", "police", "Albanians") belong where the event happens
        where = (arguments.location_country(ctx, c.anchor, actor_tokens + recipient_tokens)
                 or context.locative_country(ctx, state, c.anchor, actor_tokens + recipient_tokens))
        if where:
            # copies, never the actors layer's own records
            placed = {id(a): a.model_copy(update={"country": where}) for a in generic}
            unresolved.update(placed[id(a)] for a in generic if a in unresolved)
            actors = [(placed.get(id(a), a), s) for a, s in actors]
            recipients = [(placed.get(id(a), a), s) for a, s in recipients]
    if not countries(recipients):
        skip = {t for token in actor_tokens for t in token.subtree}
        taken = {a.name for a, _ in actors + recipients}
        found = context.complement_recipient(ctx, state, c.anchor, skip, taken)
        if found is None and c.anchor is not c.trigger:
            found = context.complement_recipient(ctx, state, c.trigger, skip, taken)
        if found is not None:
            recipients = recipients + [found]
    own = countries(actors)
    if not countries(recipients) and len(own) == 1 and c.type in _DOMESTIC_BY_DEFAULT:
        # a protest or a crackdown with no target named is aimed at the government or
        # people of the country where it happens, else of the actor's own (PLOVER codes these X -> X)
        where = context.locative_country(ctx, state, c.anchor, actor_tokens) or next(iter(own))
        span = next((s for a, s in actors if a.country == where), (c.trigger.idx, c.trigger.idx + len(c.trigger)))
        domestic = state.country_actor(where)
        state.defaulted.add(domestic)
        recipients = recipients + [(domestic, span)]
    return actors, recipients


def _same_event(a: EventRecord, b: EventRecord) -> bool:
    key = lambda e: (e.type, e.date, e.negated, e.hypothetical, e.future,  # noqa: E731
                     sorted(x.name for x in e.actors), sorted(x.name for x in e.recipients))
    return bool(a.actors or a.recipients) and key(a) == key(b)


def _merge_into(ctx, earlier: EventRecord, c, actors, recipients) -> None:
    """One event told across two sentences: the later mention adds participants and evidence."""
    for actor, span in actors:
        if all(actor.name != a.name for a in earlier.actors):
            earlier.actors.append(actor)
            earlier.evidence.append(ctx.span(*span))
    for actor, span in recipients:
        if all(actor.name != a.name for a in earlier.recipients + earlier.actors):
            earlier.recipients.append(actor)
            earlier.evidence.append(ctx.span(*span))
    trigger = c.trigger
    earlier.evidence.append(ctx.span(trigger.idx, trigger.idx + len(trigger)))
    earlier.evidence.sort(key=lambda s: (s.start, s.end))


def _record(ctx, lex, c, sentence, actors, recipients, date=None, defaulted=None) -> EventRecord:
    trigger = c.trigger
    start, end = trigger.idx, trigger.idx + len(trigger)
    negated, hypothetical, future = coder.flags(lex, c)
    future = future or c.intended
    if negated and (future or hypothetical) and c.type in coder.COOPERATIVE:
        # "will not accept refugees", "would not meet their demands": a refusal, which did happen
        c.type, c.mode = "REJECT", []
        negated = hypothetical = future = False
    if future and not negated and c.type not in ("THREATEN", "REQUEST") and coder.ultimatum(c.anchor):
        c.mode = [m for m in [coder.inner_mode("THREATEN", c)] if m]
        c.type = "THREATEN"
    if future and not negated and c.type in coder.FUTURE_AS_INTENT:
        intent = coder.FUTURE_AS_INTENT[c.type]
        c.mode = [m for m in [coder.inner_mode(intent, c)] if m]
        c.type = intent
    modes, contexts = coder.modes_and_context(lex, c, sentence)
    spans = {(start, end)}
    if c.anchor is not trigger:
        spans.add((c.anchor.idx, c.anchor.idx + len(c.anchor)))
    for inner in c.inner:
        spans.add((inner.trigger.idx, inner.trigger.idx + len(inner.trigger)))
    spans.update(span for _, span in actors + recipients)
    evidence = [ctx.span(s, e) for s, e in sorted(spans)]
    return EventRecord(
        id=record_id(ctx.doc_id, "event", start, end, c.type),
        doc_id=ctx.doc_id,
        evidence=evidence,
        confidence=round(_confidence(c, actors, [r for r in recipients if defaulted is None or r[0] not in defaulted])
                         - (0.2 if negated or hypothetical else 0.0), 2),  # a defaulted recipient adds no confidence
        extractor={"name": "events", "version": VERSION},
        type=c.type,
        mode=modes,
        context=contexts,
        actors=[a for a, _ in actors],
        recipients=[r for r, _ in recipients],
        trigger=trigger.text,
        date=date,
        negated=negated,
        hypothetical=hypothetical,
        future=future,
    )


# actors and dates where the actors and time services are installed (else named entities and the
# publication date); places fill the event's place; the quantities layer's counts give its toll
@register("events", VERSION, requires=("quantities",), uses=("actor_at", "sentence_date", "places"))
def extract_events(ctx) -> list[EventRecord]:
    return code_events(ctx)

"""The ``actors`` extractor: who is who, resolved to a canonical actor with PLOVER country and sector.

One ``ActorRecord`` per mention: names from the lexicon (countries, capitals used as actors, demonyms,
international bodies, armed groups, NGOs), people with the country and role their titles and appositions give,
role phrases ("Afghan officials", "militant groups"), and, through coreference, short names, pronouns and
descriptions, each carrying the canonical name of the actor it refers to.

Public helpers for other extractors:
- ``actor_at(ctx, start, end)``: the resolved actor whose mention lies in (or best overlaps) a character range;
- ``resolve_name(text)``: a bare string (country, capital, demonym, known group or organisation) -> Actor.
"""

from __future__ import annotations

from .. import Context, provides, register
from ...records import Actor, ActorRecord, ExtractorInfo, record_id
from .coref import first_person_in_quotes, resolve
from .lexicon import load_lexicon
from .matcher import matcher_for
from .mentions import Mention, MentionFinder

VERSION = "0.2"
INFO = ExtractorInfo(name="actors", version=VERSION)

__all__ = ["actor_at", "resolve_name", "written_form", "find_mentions", "extract_actors"]


def _user_file(settings) -> str:
    return str(settings.get("extract.user_actors", "") or "")


def find_mentions(ctx: Context) -> list[Mention]:
    lexicon, matcher = matcher_for(ctx.settings.get("nlp.model"), _user_file(ctx.settings))
    finder = MentionFinder(ctx, lexicon, matcher)
    mentions = finder.find()
    resolve(ctx.doc, mentions, finder.descriptions)
    first_person_in_quotes(ctx.doc, ctx.text, mentions,
                           lambda country, sector: finder.role_name(country, sector, None, "organisation"))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


@register("actors", VERSION)
def extract_actors(ctx: Context) -> list[ActorRecord]:
    records: list[ActorRecord] = []
    doc_id = ctx.doc_id  # hashes the whole text: once per document
    pronouns = []
    for m in find_mentions(ctx):
        if m.end <= m.start:
            continue
        if m.how == "pronoun":
            pronouns.append(m)
            continue
        records.append(ActorRecord(
            id=record_id(doc_id, "actor", m.start, m.end),
            doc_id=doc_id,
            evidence=[ctx.span(m.start, m.end), *(ctx.span(a, b) for a, b in m.support if (a, b) != (m.start, m.end))],
            confidence=round(m.confidence, 3),
            extractor=INFO,
            name=m.name,
            text=ctx.text[m.start:m.end],
            type="group" if m.type == "identity" else m.type,
            country=m.country,
            sector=m.sector or "UNK",
            ids=m.ids,
        ))
    _attach_references(ctx, records, pronouns)
    return records


def _attach_references(ctx: Context, records: list[ActorRecord], pronouns: list[Mention]) -> None:
    """A pronoun ("he", "its") is no actor of its own: it becomes a reference of the nearest mention before
    it of the actor it was resolved to (its antecedent), or, for a pronoun before any such mention ("During
    his visit, Dar said"), the first one after it. ``actor_at`` finds actors through their references."""
    for pronoun in pronouns:
        same = [r for r in records if r.name == pronoun.name and r.type == pronoun.type]
        if not same:
            continue
        before = [r for r in same if r.evidence[0].start < pronoun.start]
        target = before[-1] if before else same[0]
        target.references.append(ctx.span(pronoun.start, pronoun.end))


def _as_actor(record) -> Actor:
    return Actor(name=record.name, text=record.text, type=record.type, country=record.country,
                 sector=record.sector, ids=dict(record.ids))


@provides("actor_at", extractor="actors")
def actor_at(ctx: Context, start: int, end: int) -> Actor | None:
    """The actor whose mention lies in, or best overlaps, ``[start, end)``.

    Where several overlap (a demonym inside a title, a person's name), the one holding the syntactic head of the
    range wins, then the longest overlap, then the most confident.
    """
    candidates = []
    for record in ctx.records:
        if record.kind != "actor" or not record.evidence:
            continue
        for span in (record.evidence[0], *record.references):
            overlap = min(end, span.end) - max(start, span.start)
            if overlap > 0:
                candidates.append((record, span, overlap))
    if not candidates:
        return None
    head = None
    try:
        chars = ctx.doc.char_span(start, end, alignment_mode="expand")
        head = chars.root.idx if chars is not None and len(chars) else None
    except (AttributeError, ValueError):
        head = None

    def score(item):
        record, span, overlap = item
        holds_head = head is not None and span.start <= head < span.end
        return (holds_head, record.type != "country" or record.sector != "UNK", overlap, record.confidence)

    record, span, _ = max(candidates, key=score)
    actor = _as_actor(record)
    if span is not record.evidence[0]:  # a pronoun referring to the actor: as written there
        actor.text = span.text
        if actor.type == "country" and actor.sector == "UNK":
            actor.sector = "GOV"  # a state referred back to as an agent acts through its government
    return actor


def resolve_name(text: str, user_file: str = "") -> Actor | None:
    """An actor for a bare name with no context: 'Islamabad' -> Pakistan GOV, 'TTP' -> TTP PAK REB."""
    if not text or not text.strip():
        return None
    lexicon = load_lexicon(user_file)
    found = lexicon.lookup(text)
    if found is None:
        return None
    entry, form = found
    if entry.type == "country":
        sector = "GOV" if form == "capital" else "UNK"
        return Actor(name=entry.name, text=text, type="country", country=entry.country, sector=sector,
                     ids=dict(entry.ids))
    kind = "group" if entry.type == "identity" else entry.type  # "Kurdish", "Shia": a people, not a body
    return Actor(name=entry.name, text=text, type=kind, country=entry.country, sector=entry.sector or "UNK",
                 ids=dict(entry.ids))


@provides("resolve_name")
def _resolve_name_service(ctx: Context, text: str) -> Actor | None:
    """``ctx.resolve_name(text)``: resolve_name with the user's own actors file."""
    return resolve_name(text, _user_file(ctx.settings))


def written_form(text: str, user_file: str = "") -> str | None:
    """How a text names its actor in the lexicon: 'name', 'demonym' ('Pakistani'), 'identity' ('Kurdish'),
    'capital' ('Islamabad'), or None where the lexicon does not know it."""
    found = load_lexicon(user_file).lookup(text) if text and text.strip() else None
    return found[1] if found else None

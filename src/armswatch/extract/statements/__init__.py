"""Statements: direct quotations and reported speech, each with its speaker, cue, date and claim.

A statement's evidence is, in this order: its content span(s) (a quotation split by its attribution has
two), then its cue span when it has a cue, then its speaker's mention when it has a speaker (for a quote
in a run attributed once, the mention of the run's speaker). ``parts`` reads them back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...records import Actor, Span, StatementRecord, record_id
from .. import Context, provides, register
from . import claims as claims_module
from .attribution import Attribution, attributions
from .issuers import document_token, issuer
from .lexicon import lexicon
from .spans import head_part

VERSION = "0.1"
_DOCUMENT_REACH = 800  # characters: how far back "it said" finds the document that spoke


@dataclass
class Parts:
    content: list[Span]
    cue: Span | None
    speaker: Span | None


def parts(record: StatementRecord) -> Parts:
    """The content, cue and speaker-mention spans of a statement record's evidence."""
    spans = list(record.evidence)
    speaker = spans.pop() if record.speaker is not None and len(spans) > 1 else None
    cue = spans.pop() if record.cue is not None and len(spans) > 1 else None
    return Parts(content=spans, cue=cue, speaker=speaker)


def _as_written(text: str) -> Actor:
    return Actor(name=text, text=text, type="unknown")


def _pronoun(text: str) -> bool:
    return text.casefold() in lexicon().pronouns and (text != text.upper() or text == "I")


def _unresolved(actor: Actor | None) -> bool:
    return actor is None or _pronoun(actor.name)


class _Speakers:
    """Resolves source mentions to actors: a document to its issuer, a pronoun the actors extractor left open
    to the last named speaker, "it" after a document's statement to that document."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.recent: list[tuple[int, Actor]] = []  # (offset, named speaker) in text order
        self.documents: list[tuple[int, Actor]] = []  # (offset, speaker) of statements a document made

    def resolve(self, attribution: Attribution) -> Actor | None:
        if attribution.source is None:
            return None
        ctx = self.ctx
        head = attribution.source_head or attribution.source
        mention = ctx.text[head[0]:head[1]]
        document = document_token(ctx.doc, head)
        actor = self._issuer(document) if document is not None else None
        if actor is None and mention.casefold() == "it":
            # "…, it said" after "the statement said": the document goes on speaking
            actor = next((a for offset, a in reversed(self.documents) if head[0] - offset < _DOCUMENT_REACH), None) \
                or self._document_before(head[0])
        if actor is None:
            actor = ctx.actor_at(*head)
            if _unresolved(actor) and head != attribution.source:
                actor = ctx.actor_at(*attribution.source)
        if _unresolved(actor) and _pronoun(mention) and mention.casefold() != "it":
            actor = self._person_before(head[0]) if mention.casefold() in ("he", "she") else None
            earlier = [a for offset, a in self.recent if offset < head[0]]
            actor = actor or (earlier[-1] if earlier else None)
        if actor is None:
            actor = _as_written(mention)
        if document is not None:
            self.documents.append((head[0], actor))
        if not _pronoun(actor.name):
            self.recent.append((head[0], actor))
        return actor

    def _person_before(self, offset: int) -> Actor | None:
        """'he'/'she' the actors layer left open: the person named in the nearest sentence before (of the
        last three), its subject first (a name in apposition counts), never a place or a byline."""
        doc = self.ctx.doc
        sentences = [s for s in doc.sents if s.start_char < offset][-4:]
        for sentence in reversed(sentences):
            people = [r for r in self.ctx.records if r.kind == "actor" and r.type == "person"
                      and sentence.start_char <= r.evidence[0].start < min(sentence.end_char, offset)]
            if people:
                span = next((r for r in people if _is_subject(doc, r.evidence[0])), people[0]).evidence[0]
                return self.ctx.actor_at(span.start, span.end)
        return None

    def _document_before(self, offset: int) -> Actor | None:
        """'…, reading a joint statement. … it said': a document named in the two sentences before."""
        doc, lex = self.ctx.doc, lexicon()
        sentences = [s for s in doc.sents if s.start_char < offset][-3:]
        for token in reversed([t for s in sentences for t in s if t.idx < offset]):
            if token.pos_ == "NOUN" and token.lemma_.lower() in lex.nouns:
                found = self._issuer(token)
                span = head_part(token, self.ctx.text)
                return found or (_as_written(self.ctx.text[span[0]:span[1]]) if span else None)
        return None

    def _issuer(self, document) -> Actor | None:
        span = issuer(self.ctx.doc, document, self.ctx.text)
        if span is None:
            return None
        return self.ctx.actor_at(*span) or _as_written(self.ctx.text[span[0]:span[1]])


def _is_subject(doc, span) -> bool:
    chars = doc.char_span(span.start, span.end, alignment_mode="expand")
    if chars is None or len(chars) == 0:
        return False
    root = chars.root
    while root.dep_ == "appos" and root.head is not root:  # "Brig.-Gen. X, the Director, said"
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _target(ctx: Context, attribution: Attribution, claim: str | None, speaker: Actor | None) -> Actor | None:
    if claim is None:
        return None
    if claim == "deny":
        return speaker  # a denial is about the speaker's own side's role
    if attribution.object_head is None:
        return None
    token = ctx.doc[attribution.object_head]
    if token.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    start, end = min(token.left_edge.idx, token.idx), token.idx + len(token.text)
    actor = ctx.actor_at(start, end)
    if actor is None and (token.pos_ == "PROPN" or token.ent_type_ in ("GPE", "ORG", "PERSON", "NORP")):
        actor = _as_written(ctx.text[start:end])
    return actor


def _text(ctx: Context, attribution: Attribution) -> str:
    if not attribution.direct or not attribution.quotes:
        return " ".join(ctx.text[start:end] for start, end in attribution.content)
    pieces = [ctx.text[q.inner_start:q.inner_end].strip() for q in attribution.quotes]
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def _confidence(attribution: Attribution) -> float:
    if attribution.source is None:
        return 0.4
    if attribution.inherited:
        return 0.7
    return 0.85 if attribution.direct else 0.75


# speakers from the actors service and dates from the time service where installed; without them a speaker
# stays as written and a statement takes the publication date
@register("statements", VERSION, uses=("actor_at", "sentence_date"))
def extract(ctx: Context) -> list[StatementRecord]:
    records = []
    doc_id = ctx.doc_id  # hashed from the text: once per document
    speakers = _Speakers(ctx)
    for attribution in attributions(ctx.doc, ctx.text):
        speaker = speakers.resolve(attribution)
        claim = claims_module.claim_of(attribution.cue_lemma, attribution.negated)
        evidence = [ctx.span(s, e) for s, e in attribution.content]
        if attribution.cue is not None:
            evidence.append(ctx.span(*attribution.cue))
        if speaker is not None:
            evidence.append(ctx.span(*attribution.source))
        when = attribution.cue or attribution.content[0]
        records.append(StatementRecord(
            id=record_id(doc_id, "statement", attribution.start, attribution.end, attribution.cue),
            doc_id=doc_id,
            evidence=evidence,
            confidence=_confidence(attribution),
            extractor={"name": "statements", "version": VERSION},
            speaker=speaker,
            text=_text(ctx, attribution),
            direct=attribution.direct,
            cue=attribution.cue_lemma,
            date=ctx.sentence_date(*when) or ctx.document.published,
            claim=claim,
            target=_target(ctx, attribution, claim, speaker),
        ))
    claims_module.link(records)
    return records


@provides("statements_at", extractor="statements")
def statements_at(ctx: Context, offset: int) -> list[StatementRecord]:
    """``ctx.statements_at(offset)``: the statements whose content holds the character offset, innermost
    (shortest content span) first; a quotation split by its attribution holds the offsets of both parts."""
    contents = ctx.cached("statements.contents", lambda: [(span, record) for record in ctx.of_kind("statement")
                                                          for span in parts(record).content])
    found = [(span.end - span.start, record) for span, record in contents if span.start <= offset < span.end]
    return [record for _, record in sorted(found, key=lambda pair: pair[0])]

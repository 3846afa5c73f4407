"""Attributions found in one parsed document: who (source span) said (cue) what (content spans).

Two passes over the one spaCy parse:
- reported speech: a cue verb from the lexicon with a clause, object or parenthetical complement
  ("X said (that) …", "…, X said", "X told a meeting that …", "X denied …", "according to X, …");
- direct quotations (from ``quotes.find_quotes``): the cue is the nearest cue verb governing the quote in the
  parse, else the nearest one in the quote's own sentence outside the quote ("“…,” he said"). Quotes that
  share a cue are one statement (a quote split by its attribution); a quote without a cue of its own takes
  the source of an adjacent attributed quote (a run of quotes attributed once).
Layout conventions count too: a quote signed "― Name", and transcript lines ("PENCE: …"). The result is
plain character spans; the package's ``extract`` turns them into records.
"""

from __future__ import annotations

import bisect

from .cues import calls_for, cue_candidates, cue_span, cue_tokens, is_cue, is_negated, lemma_of
from .direct import direct, inherit_sources, layout_sources, quote_like, transcript_lines
from .lexicon import lexicon
from .quotes import find_quotes
from .sources import can_hold, source_of, stance_only
from .spans import (Attribution, close_quote, comma_between, covered, overlaps, span_of, subtree, token_runs,
                    within_paragraph, word_count)

__all__ = ["Attribution", "attributions"]

_TOPIC_TO = ("refer", "point")  # "referring to X", "pointing to X": X is what the speaker raised


def _content(token, text: str) -> tuple[list, object | None]:
    """(content tokens, head word of the content) of a cue verb, or ([], None) when it has none."""
    lemma = token.lemma_.lower()
    lex = lexicon()
    if lemma == "accord":
        clause = token.head
        if clause is token or clause.pos_ not in ("VERB", "AUX"):
            return [], None
        return subtree(clause, [token]), clause
    children = list(token.children)
    for child in children:
        if child.dep_ == "ccomp":
            return _without_leading_date(token, list(child.subtree)), child
    objects = [c for c in children if c.dep_ in ("dobj", "dative") and c.i > token.i]
    if lemma in lex.stance:  # "wants to build", "supports the bill": what the source intends or backs
        wanted = [c for c in children if c.dep_ == "xcomp" and c.i > token.i]
        if wanted:
            return list(wanted[0].subtree), wanted[0]
        if objects and lemma not in lex.belief and lemma not in lex.speech:
            return list(objects[0].subtree), objects[0]
    if lemma in lex.belief:
        return [], None
    if lemma == "call":  # "called for a moratorium", "called on Congress to act": the cue takes the preposition
        for child in children:
            if calls_for(token, child):
                return [t for t in child.subtree if t.i != child.i], child
    claim = lex.claim_of.get(lemma)
    predicates = [c for c in children if c.dep_ in ("oprd", "xcomp") and c.i > token.i]
    if lemma in ("call", "describe", "label", "brand", "dub") and objects and predicates:  # "called X “Y”"
        return [t for c in objects + predicates for t in c.subtree], objects[0]
    complements = [c for c in children if c.dep_ == "xcomp" and c.i > token.i]
    preps = [c for c in children if c.dep_ == "prep" and c.i > token.i and c.lower_ in ("of", "on", "for", "about", "against", "that")]
    if claim == "agree":
        # "agreed to cease hostilities", "pledged support": a commitment to act is an AGREE event (the events
        # layer codes it), not a statement; "agreed that …" is one, and returned above as a ccomp
        return [], None
    if claim in ("urge", "warn") and complements:
        return [t for c in objects + complements for t in c.subtree], (objects or complements)[0]
    if claim == "accuse" and objects and preps:
        return [t for c in objects + preps for t in c.subtree], objects[0]
    if lemma not in lexicon().no_object_content and objects:
        return [t for c in objects + preps for t in c.subtree], objects[0]
    if claim and preps and lemma not in ("say", "tell"):
        return [t for c in preps for t in c.subtree], preps[0]
    # "told a meeting on … that …": the parser hung the that-clause on the object as a relative clause
    that = _misattached_that(token, objects)
    if that is not None:
        return [t for t in that.head.subtree if t.i >= that.i], that.head
    # "…, X said": the cue hangs off the clause it reports
    # "…, X said, …" in mid-sentence: the content runs on both sides of the attribution
    # a cue with no subject of its own ("X endorsed Y, calling him …") reports no clause it hangs off: that
    # clause is its speaker's other doing
    head = token.head
    if head is token or token.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or head.pos_ not in ("VERB", "AUX"):
        return [], None
    if not any(child.dep_ in ("nsubj", "nsubjpass") for child in children):
        # what it says is its own complement ("…, referring to the crisis", "…, noting the risk")
        said = [c for c in children if c.i > token.i and _complement(token, c)]
        if not said:
            return [], None
        return [t for c in said for t in c.subtree], said[0]
    if head.i < token.i and comma_between(head, token):
        return subtree(head, [token]), head
    if head.i > token.i and token.dep_ == "parataxis" and _set_off(token):
        return subtree(head, [token]), head
    return [], None


def _set_off(token) -> bool:
    """The cue's clause stands between commas or dashes ("In his state, X said, offenders are …"): the
    parser may hang the opening comma on the cue itself, so its left edge can be that comma."""
    doc, left = token.doc, token.left_edge.i
    if doc[left].text in (",", "—", "–") and left < token.i:
        return True
    return left > 0 and doc[left - 1].text in (",", "—", "–")


def _complement(cue, child) -> bool:
    """A participle cue's own complement that is what was said: an object (not of a verb whose object is a
    listener or an occasion: "telling reporters", "repeating a line"), or a topic preposition ("talking about
    …", "referring to …"; not a listener: "speaking to reporters")."""
    lex, lemma = lexicon(), cue.lemma_.lower()
    if child.dep_ == "dobj":
        return lemma not in lex.no_object_content
    if child.dep_ == "prep":
        return child.lower_ in lex.cue_prepositions or (child.lower_ == "to" and lemma in _TOPIC_TO)
    return False


def _without_leading_date(cue, tokens: list) -> list:
    """'said on Monday the missiles …': the date right after the cue dates the saying, not the content."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens or tokens[0].i != cue.i + 1 or tokens[0].dep_ not in ("prep", "npadvmod"):
        return tokens
    phrase = list(tokens[0].subtree)
    if any(t.ent_type_ in ("DATE", "TIME") for t in phrase) and len(phrase) < len(tokens):
        return [t for t in tokens if t.i > phrase[-1].i]
    return tokens


def _misattached_that(token, objects):
    for obj in objects:
        for t in obj.subtree:
            if t.lower_ == "that" and t.dep_ == "mark" and t.head.dep_ in ("relcl", "acl", "ccomp"):
                return t
    return None


def _finite_modifier(token, text: str):
    """A finite cue verb the parser took for a modifier ("Dar highlighted Pakistan's efforts" read as one
    noun phrase): (content tokens, source tokens) read off the word order, or None."""
    if token.dep_ not in ("amod", "compound", "nmod") or token.head.i < token.i:
        return None
    before = token.doc[token.i - 1] if token.i > token.sent.start else None
    if token.tag_ not in ("VBD", "VBZ", "VBP") and not (token.tag_ == "VBN" and before is not None and before.pos_ == "PROPN"):
        return None
    if token.lemma_.lower() in lexicon().no_object_content:
        return None
    doc, sent = token.doc, token.sent
    source = []
    i = token.i - 1
    while i >= sent.start and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "DET") and len(source) < 6:
        source.insert(0, doc[i])
        i -= 1
    if not source or source[-1].pos_ not in ("PROPN", "NOUN"):
        return None
    return list(doc[token.i + 1:sent.end]), source


def reported(doc, text: str, inside_quote) -> list[Attribution]:
    out = []
    for token in cue_candidates(doc):
        if not is_cue(token) or inside_quote(token.idx):
            continue
        tokens, head = _content(token, text)
        misread = None if tokens else _finite_modifier(token, text)
        if misread:
            tokens, head = misread[0], misread[0][0]
        cue_words = {t.i for t in cue_tokens(token)}
        pieces = token_runs([t for t in tokens if t.i not in cue_words], text)
        if pieces:
            pieces[-1] = close_quote(text, pieces[-1])
        pieces = [p for p in (within_paragraph(text, token.idx, p) for p in pieces) if p]
        if not pieces or sum(e - s for s, e in pieces) < 3 or _no_saying(tokens, cue_words):
            continue
        if misread:
            source = source_head = span_of(misread[1], text)
        else:
            source, source_head = source_of(token, text)
        if source and any(overlaps(source, piece) for piece in pieces):
            source = source_head = None  # the source sits between the content's pieces, never inside one
        if stance_only(token) and not can_hold(token, source):
            continue  # "the bill aims to …": a stance needs someone to hold it
        out.append(Attribution(content=pieces, direct=False, cue=cue_span(token, text),
                               cue_lemma=lemma_of(token), cue_token=token.i, source=source,
                               source_head=source_head, negated=is_negated(token),
                               object_head=head.i if head is not None else None))
    return out


def _no_saying(tokens, cue_words) -> bool:
    """Content that says nothing: a lone pronoun ("disclosed this"), a date ("claimed on Friday") or a bare
    name ("…, Russia said" misparsed)."""
    words = [t for t in tokens if t.i not in cue_words and not t.is_punct and not t.is_space]
    if not words or len(words) > 3:
        return False
    return all(t.pos_ in ("PRON", "DET", "ADP") or t.ent_type_ in ("DATE", "TIME") for t in words) or (
        all(t.pos_ in ("PROPN", "DET") for t in words))


def attributions(doc, text: str) -> list[Attribution]:
    """Every attribution in the document, in text order."""
    quotes = find_quotes(text)

    bounds = [(q.inner_start, q.inner_end) for q in quotes]
    starts = [b[0] for b in bounds]

    def inside(offset: int) -> bool:
        at = bisect.bisect_right(starts, offset) - 1
        return at >= 0 and offset < bounds[at][1]

    said = reported(doc, text, inside)
    quoted = direct(doc, text, quotes, inside)
    by_cue = {a.cue_token: a for a in quoted if a.cue_token is not None}
    kept = []
    for attribution in said:
        twin = by_cue.get(attribution.cue_token)
        if twin is not None and covered(attribution.content, twin.content, text):
            if twin.source is None:
                twin.source, twin.source_head = attribution.source, attribution.source_head
            twin.object_head = attribution.object_head
            continue  # the quotation itself is the content
        kept.append(attribution)
    # a partial quote whose cue's clause the reported pass missed: the clause is a statement too
    reported_cues = {a.cue_token for a in said}
    for attribution in quoted:
        if attribution.clause and attribution.cue_token not in reported_cues:
            reported_cues.add(attribution.cue_token)
            kept.append(Attribution(content=attribution.clause, direct=False, cue=attribution.cue,
                                    cue_lemma=attribution.cue_lemma, cue_token=attribution.cue_token,
                                    source=attribution.source, source_head=attribution.source_head,
                                    negated=attribution.negated))
    layout_sources(text, quoted)
    kept.extend(transcript_lines(text, inside))
    inherit_sources(doc, text, quoted)
    # a quotation with no cue nor speaker is kept when it reads as speech (a sentence or more), not a title
    quoted = [a for a in quoted if a.cue is not None or (a.inherited and word_count(text[a.start:a.end]) >= 2)
              or (quote_like(text, a) and word_count(text[a.start:a.end]) >= 8)]
    return _outermost(sorted(kept + quoted, key=lambda a: (a.start, a.end)), text)


def _outermost(found: list[Attribution], text: str) -> list[Attribution]:
    """One statement per saying: an attribution reported inside another's content ("X said [Y acknowledges
    Z]") is part of that statement, not one of its own; so is a quote of a word or two inside the clause its
    own cue reports (a scare-quoted phrase)."""

    def within(inner: Attribution, outer: Attribution) -> bool:
        if inner is outer or outer.end - outer.start <= inner.end - inner.start:
            return False
        if not all(any(s <= a and b <= e for s, e in outer.content) for a, b in inner.content):
            return False
        if inner.cue_token is not None and inner.cue_token == outer.cue_token:
            return inner.direct and word_count(text[inner.start:inner.end]) <= 2
        return inner.cue is None or any(s <= inner.cue[0] and inner.cue[1] <= e for s, e in outer.content)

    return [a for a in found if not any(within(a, b) for b in found)]

"""Cue verbs: which tokens introduce a statement, and the cue's span and lemma as a record gives them
("has also said in an interview", "called for", "according to")."""

from __future__ import annotations

from .lexicon import lexicon
from .spans import Span, span_of


def is_cue(token) -> bool:
    lemma = token.lemma_.lower()
    if lemma == "accord":
        return token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)
    lex = lexicon()
    if lemma not in lex.speech and lemma not in lex.belief and lemma not in lex.stance:
        return False
    if token.i > 0 and token.doc[token.i - 1].text == "-":  # "so-called", "long-awaited": a modifier
        return False
    if _participle_modifier(token) or (token.dep_ == "xcomp" and _participle_modifier(token.head)):
        return False  # "Scholz, asked to confirm a report, said": the modifier is no saying of its own
    return token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.tag_ in ("VBD", "VBZ", "VBP"))


def _participle_modifier(token) -> bool:
    """A participle hung on a noun or clause with no subject of its own ("asked to confirm", "Asked about")."""
    if token.tag_ not in ("VBN", "VBD") or any(c.dep_ in ("nsubj", "nsubjpass", "auxpass", "aux") for c in token.children):
        return False
    return token.dep_ == "acl" or (token.dep_ == "advcl" and token.tag_ == "VBN")


def cue_tokens(token) -> list:
    """The cue verb with its auxiliaries and adverbs before it, and after it its particle, a preposition of
    its own and the interview or briefing it was said in ("has also said in an interview")."""
    tokens = [token]
    if token.lemma_.lower() == "accord":
        return tokens + [c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"]
    first = token.i
    lefts = {c.i: c for c in token.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < token.i}
    while first - 1 in lefts:
        first -= 1
        tokens.append(lefts[first])
    rights = {c.left_edge.i: c for c in token.children if c.i > token.i}
    at = token.i + 1
    while at in rights:
        child = rights[at]
        if child.dep_ == "prt" or calls_for(token, child):
            tokens.append(child)
        elif (child.dep_ == "prep" and child.lower_ in lexicon().cue_prepositions and child.i == at
              and token.lemma_.lower() not in ("say", "tell")):
            tokens.append(child)  # the preposition alone: what follows it is the content
            break
        elif child.dep_ == "prep" and child.lower_ in ("in", "at", "during") and any(
                t.dep_ == "pobj" and t.lemma_.lower() in lexicon().occasions for t in child.children):
            tokens.extend(child.subtree)
        else:
            break
        at = max(t.i for t in child.subtree) + 1
    return tokens


def cue_span(token, text: str) -> Span:
    span = span_of(cue_tokens(token), text) or (token.idx, token.idx + len(token.text))
    if text[span[1]:span[1] + 1] == ":":  # "said:" introducing a quotation
        span = (span[0], span[1] + 1)
    return span


def calls_for(token, child) -> bool:
    """'called for' / 'called on' written together: the preposition is part of the cue."""
    return (token.lemma_.lower() == "call" and child.dep_ == "prep" and child.lower_ in ("for", "on")
            and child.i == token.i + 1)


def is_negated(token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def lemma_of(token) -> str:
    lemma = token.lemma_.lower()
    if lemma == "accord":
        return "according to"
    particles = [c.lower_ for c in token.children if c.dep_ == "prt"
                 or (lemma == "call" and calls_for(token, c))]
    return " ".join([lemma, *particles])


def cue_candidates(doc) -> list:
    """Tokens whose lemma is in the cue lexicon, found on the lemma array (no Python loop over the doc)."""
    import numpy

    lex = lexicon()
    lemmas = sorted(lex.speech | lex.belief | lex.stance | {"accord"})
    hashes = numpy.array([doc.vocab.strings.add(lemma) for lemma in lemmas], dtype="uint64")
    found = numpy.nonzero(numpy.isin(doc.to_array("LEMMA"), hashes))[0]
    return [doc[int(i)] for i in found]

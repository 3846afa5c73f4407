"""Documents as sources: a statement, report or letter speaks for whoever issued it.

"a statement from the Indian army", "the army's statement", "a CENTCOM statement" name the issuer with the
document; "the ministry issued a statement saying" names it as the subject of the issuing verb; a bare
"the report said" takes the issuer of the same kind of document named earlier in the text.
"""

from __future__ import annotations

from .lexicon import lexicon
from .spans import Span, head_part


def document_token(doc, span: Span):
    """The head word of a source mention when it is a document noun ("the statement"), else None."""
    chars = doc.char_span(span[0], span[1], alignment_mode="expand")
    if chars is None or len(chars) == 0:
        return None
    root = chars.root
    return root if root.lemma_.lower() in lexicon().nouns and root.pos_ == "NOUN" else None


def _named_with(noun):
    """The issuer written inside the document's own noun phrase, as a token, or None."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return names[-1] if names else None


def _issuing_subject(noun):
    """'the ministry issued a statement (saying …)': the subject of the verb that issued the document."""
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in lexicon().issue_verbs:
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)


def issuer(doc, noun, text: str) -> Span | None:
    """The character span naming the issuer of the document ``noun``, or None where the text names none."""
    found = _named_with(noun) or _issuing_subject(noun)
    if found is None:
        for earlier in reversed(doc[max(0, noun.i - 400):noun.i]):  # "the report said": the report named before
            if earlier.lemma_ == noun.lemma_ and earlier.pos_ == "NOUN":
                found = _named_with(earlier) or _issuing_subject(earlier)
                if found is not None:
                    break
    if found is not None and found.dep_ == "agent":
        found = next((g for g in found.children if g.dep_ == "pobj"), None)
    if found is None or any(c.dep_ == "conj" for c in found.children):
        return None  # a joint statement of several issuers speaks as the statement
    return head_part(found, text)

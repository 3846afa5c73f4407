"""The tense of the clause a time expression sits in, read from the one spaCy parse.

Deictic expressions without a year or week ("on Friday", "in August") point backwards in a past-tense
clause and forwards in a future one; this module says which.
"""

from __future__ import annotations

PAST, PRESENT, FUTURE, UNKNOWN = "past", "present", "future", "unknown"
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
_VERBAL = {"VERB", "AUX"}
_REPORTING = {"say", "tell", "report", "announce", "claim", "state", "add", "note", "confirm", "deny", "insist", "write"}


def governing_verb(token):
    """The verb a token depends on: its own head chain, then the sentence root."""
    current = token
    for _ in range(8):
        if current.pos_ in _VERBAL:
            return current
        if current.head.i == current.i:
            break
        current = current.head
    root = token.sent.root
    return root if root.pos_ in _VERBAL else None


def tense_of(verb, depth: int = 0) -> str:
    if verb is None or depth > 4:
        return UNKNOWN
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & _FUTURE_AUX or (verb.lower_ in _FUTURE_AUX):
        return FUTURE
    # "is going to meet", "is set to meet", "is due to", "plans to": ahead of the clock
    head = verb.head  # spaCy makes a new Token object per access: compare .i, never identity
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        if head.i != verb.i and head.lemma_ in ("go", "set", "due", "plan", "expect", "schedule", "intend", "aim", "be"):
            return FUTURE
        return tense_of(head, depth + 1) if head.i != verb.i and head.pos_ in _VERBAL else UNKNOWN
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ in ("VBN", "VBG") and any(a.lemma_ == "have" for a in auxes):
        # "had met": past; "has given them until Tuesday": present perfect, open to a forward cue
        return PAST if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBG" else PRESENT
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return FUTURE  # "are meeting on Friday": the present progressive of a plan
    if any(a.tag_ == "MD" for a in auxes) and verb.tag_ == "VBG":
        return FUTURE  # "would be travelling Thursday"
    if any(a.tag_ == "MD" for a in auxes):
        # "could", "would", "may": no direction of their own ("would have met" looks back)
        return PAST if any(a.lemma_ == "have" for a in auxes) else UNKNOWN
    if verb.tag_ in ("VBZ", "VBP"):
        # news present: "meets on Monday" is a schedule; "says" reports what was said
        return PRESENT if verb.lemma_ in _REPORTING else FUTURE
    if verb.tag_ == "VBN" and not auxes:
        return PAST  # "the decision, announced Wednesday": a bare participle reports what happened
    return UNKNOWN


class TenseReader:
    """Tense at a character offset of a parsed document (UNKNOWN without a parse)."""

    def __init__(self, doc):
        self.doc = doc
        self._starts = [t.idx for t in doc] if doc is not None else []

    def token_at(self, char: int):
        if not self._starts:
            return None
        import bisect

        index = max(0, bisect.bisect_right(self._starts, char) - 1)
        return self.doc[index]

    def at(self, char: int) -> str:
        token = self.token_at(char)
        if token is None:
            return UNKNOWN
        return tense_of(governing_verb(token))

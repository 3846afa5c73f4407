"""Grammar rules more than one extractor reads: whether a place name acts as a party (metonymy).

The actors extractor turns a place that acts ("Islamabad said", "urged Washington") into its government; the
places extractor leaves that same name out of its locations. Both ask these functions, so they always agree.
The word lists are the shared ones (resources/common/vocabulary.yaml).
"""

from __future__ import annotations

from ..resources import vocabulary

# the object of these verbs is a party to what happens, so a capital there stands for its government
SOCIAL_VERBS = frozenset(vocabulary("social_verbs"))
# nouns that name a group of states: "coalition nations include Australia", "countries such as France"
STATE_GROUPS = frozenset(vocabulary("state_groups"))


def acts(token) -> bool:
    """Whether a place name is used as a party to what happens (subject, possessor, agent, addressee)."""
    for _ in range(12):  # up a list: "Australia, Belgium, ... and France"
        dep = token.dep_
        if dep in ("nsubj", "nsubjpass", "poss", "agent", "dative", "iobj"):
            return True
        if dep == "pobj" and token.head.lower_ == "by":
            return True
        if dep in ("dobj", "nmod") and token.head.pos_ in ("VERB", "NOUN") and token.head.lemma_ in SOCIAL_VERBS:
            return True
        if named_as_state(token):
            return True
        if dep in ("conj", "appos") and token.head.i != token.i:
            token = token.head
            continue
        return False
    return False


def named_as_state(token) -> bool:
    """'Coalition nations ... include Australia, Belgium', 'countries such as France': named as states."""
    head = token.head
    if token.dep_ in ("dobj", "attr") and head.lemma_ in ("include", "comprise"):
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in STATE_GROUPS for c in head.children)
    if token.dep_ == "pobj" and head.lower_ in ("like", "including", "as", "among"):
        owner = head.head.head if head.lower_ == "as" and head.head.lower_ == "such" else head.head
        return owner.lemma_.lower() in STATE_GROUPS
    return False

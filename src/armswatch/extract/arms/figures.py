"""One figure, one record: which arms mentions are figures of their own and which repeat, sum up or carry
others ("weapons which include …", a headline told again in the body, "the recovered bombs", the vehicle they
were found in)."""

from __future__ import annotations

from ...records import ArmsRecord
from .mentions import GENERIC, Mention
from .roles import RECOVERY, SEIZURE


def headline_end(text: str) -> int:
    """End of a headline: a short first line without a closing full stop, followed by a blank line."""
    first, _, rest = text.partition("\n")
    if not first.strip() or len(first) > 200 or not rest.startswith("\n") or first.rstrip().endswith((".", "?", "!")):
        return 0
    return len(first)


_CONTAINER_PREPS = {"in", "on", "aboard", "onboard", "inside", "into"}
_PLATFORM = {"vehicle", "aircraft", "helicopter", "warship", "uav"}


def conveyance(mention: Mention) -> bool:
    """ "ammunition in a private aircraft", "found in two vehicles": a platform the weapons were carried in is
    where they were, not an item of the figure."""
    head = mention.head
    return mention.category in _PLATFORM and not mention.models and head.dep_ == "pobj" \
        and head.head.lower_ in _CONTAINER_PREPS


_MEMBERS_VERBS = {"include", "comprise", "contain"}


def umbrella(mention: Mention) -> bool:
    """ "weapons which include three AK-47 rifles, …", "an arsenal of weapons, including guns": an uncounted
    generic noun whose members are listed is no figure of its own; the members are."""
    if mention.count is not None or mention.category not in GENERIC or mention.pronoun:
        return False
    for child in mention.head.children:
        if child.dep_ in ("relcl", "acl") and child.lemma_.lower() in _MEMBERS_VERBS:
            return True
        if child.dep_ == "prep" and child.lower_ in ("including", "like"):
            return True
    return False


def summed_up(mention: Mention, records: list[ArmsRecord]) -> bool:
    """ "The recovered bombs, arms and ammunition were handed over": a definite list of what was seized, written
    after the seizure, is those weapons again."""
    if mention.count is not None or mention.pronoun:
        return False
    root = mention.head
    while root.dep_ == "conj" and root.head != root:
        root = root.head
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "all") for c in root.lefts)
    seized = any(c.dep_ in ("amod", "compound") and _participle_of(c.lower_, SEIZURE | RECOVERY) for c in root.lefts)
    return definite and seized and any(r.event in ("seizure", "recovery") for r in records)


def _participle_of(word: str, verbs) -> bool:
    """ "recovered", "seized", "confiscated": a past participle (tagged as an adjective too) of one of ``verbs``."""
    return word.endswith("ed") and (word[:-1] in verbs or word[:-2] in verbs or word[:-3] in verbs)


def one_record_per_figure(records: list[ArmsRecord]) -> None:
    """An uncounted mention of weapons the text counts elsewhere ("guns" … "33 guns"), or names again ("the
    S-400" after "S-400 missile defence system"), is the same figure: one record, the first or the counted."""
    drop = set()
    for index, record in enumerate(records):
        if record.count is not None or record.count_qualifier or record.negated:
            continue  # counted, or an amount in words ("hundreds of thousands of munitions"): a figure of its own
        for other_index, other in enumerate(records):
            if other_index == index or other_index in drop or other.category != record.category \
                    or other.negated or other.evidence[0].start == record.evidence[0].start:
                continue
            if record.event is not None and other.event is not None and record.event != other.event:
                continue
            if record.holder and other.holder and record.holder.name != other.holder.name:
                continue
            if record.models and other.models and not set(record.models) & set(other.models):
                continue
            if other.count is not None or other_index < index:
                drop.add(index)
                break
    records[:] = [r for i, r in enumerate(records) if i not in drop]


def repeats_earlier(mention: Mention, records: list[ArmsRecord], text: str) -> bool:
    """ "Three IEDs were recovered … All the three IEDs were detonated": a definite mention of a category already
    recorded, with no other count, is the same weapons again; so is the same count of the same category in another
    sentence or paragraph (a headline's figure, read last, repeats the body's)."""
    sentence = mention.head.sent

    def elsewhere(record) -> bool:
        start = record.evidence[0].start
        if not sentence.start_char <= start < sentence.end_char:
            return True
        low, high = sorted((start, mention.start))
        return "\n" in text[low:high]

    if mention.count is not None and mention.count.value != 1 and not mention.pronoun and any(
            r.category == mention.category and r.count == mention.count.value and elsewhere(r) for r in records):
        return True  # a figure repeated in a later sentence ("4 pistols … 4 Pistols (made in China)") is one record
    definite = any(c.dep_ in ("det", "predet") and c.lower_ in ("the", "these", "those", "all")
                   for c in mention.head.lefts)
    if not definite or mention.pronoun:
        return False
    return any(r.category == mention.category and (mention.count is None or r.count == mention.count.value)
               for r in records)

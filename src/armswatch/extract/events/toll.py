"""The numbers of violence: how many were killed, injured and abducted, with the figure's qualifier.

Read from the quantities layer's counts (value, qualifier, the span of the number) and the parse: a count
is a death toll where the counted noun is the object of "kill", the subject of "die" or of a passive "were
killed", or is itself "dead", "deaths", "bodies"; likewise for injuries and abductions. Counts of one
sentence add up ("killed 12 villagers and three soldiers" = 15) and go to the ASSAULT (else COERCE) event
of that sentence, or, where the sentence codes no such event, to the last one of the two sentences before.
"""

from __future__ import annotations

FATALITIES, INJURED, ABDUCTED = "fatalities", "injured", "abducted"
_VERBS = {
    FATALITIES: {"kill", "slay", "massacre", "execute", "behead", "assassinate", "murder", "lynch", "die", "perish",
                 "drown"},
    INJURED: {"injure", "wound", "hurt", "maim", "injured", "wounded"},
    ABDUCTED: {"abduct", "kidnap", "kidnapped", "abducted"},
}
_NOUNS = {
    FATALITIES: {"dead", "death", "fatality", "body", "corpse", "toll", "killed"},
    INJURED: {"injured", "wounded", "injury"},  # "casualties" may be dead or hurt: left out
    ABDUCTED: {"hostage", "captive", "abductee"},
}
_INTRANSITIVE = {"die", "perish", "drown"}  # their subject is the dead
_ORDER = ("exact", "approximate", "at_most", "at_least")


def _looser(a: str, b: str) -> str:
    """A sum is as loose as its loosest part."""
    return max(a, b, key=lambda x: _ORDER.index(x) if x in _ORDER else 0)
KINDS = (FATALITIES, INJURED, ABDUCTED)
_TAKES = ("ASSAULT", "COERCE")
_BACK = 2


def _kind_of(number) -> str | None:
    """Which toll a number token gives, from the noun it counts and the word that governs that noun."""
    noun = number.head if number.dep_ in ("nummod", "quantmod") else number
    lemma = noun.lemma_.lower()
    for kind in KINDS:
        if lemma in _NOUNS[kind] or noun.lower_ in _NOUNS[kind]:
            return kind
    while noun.dep_ == "conj":  # "killed 12 villagers and three soldiers"
        noun = noun.head
    for _ in range(2):  # "killing at least 12 of them": the number under "of" or an appositive
        if noun.dep_ in ("pobj", "appos") and noun.head.dep_ in ("prep",) and noun.head.lower_ == "of":
            noun = noun.head.head
    head = noun.head
    verb = head.lemma_.lower()
    if noun.dep_ in ("dobj", "nsubjpass", "attr") or (noun.dep_ == "nsubj" and verb in _INTRANSITIVE):
        for kind in KINDS:
            if verb in _VERBS[kind] or head.lower_ in _VERBS[kind]:
                return kind
    if noun.dep_ == "nsubj" and any(ch.dep_ == "acomp" and ch.lower_ in _NOUNS[k] for k in KINDS for ch in head.children):
        # "five were dead", "20 were injured" read as an adjective
        return next(k for k in KINDS for ch in head.children if ch.dep_ == "acomp" and ch.lower_ in _NOUNS[k])
    if any(t.lemma_.lower() == "toll" for t in (head, head.head)) or (
            head.dep_ == "prep" and head.head.lemma_.lower() in ("rise", "climb", "reach", "stand") and any(
                ch.dep_ == "nsubj" and ch.lemma_.lower() == "toll" for ch in head.head.children)):
        return FATALITIES  # "the death toll rose to 30"
    return None


def counts_by_sentence(ctx) -> dict[int, dict[str, tuple[int, str]]]:
    """Sentence start character -> kind -> (value, qualifier)."""
    out: dict[int, dict[str, tuple[int, str]]] = {}
    for q in ctx.of_kind("quantity"):
        if q.unit or not q.evidence:
            continue
        value = q.value[0] if isinstance(q.value, list) else q.value
        if not isinstance(value, (int, float)) or value < 1 or value != int(value):
            continue
        span = ctx.doc.char_span(q.evidence[0].start, q.evidence[0].end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        number = span[-1]
        kind = _kind_of(number)
        if kind is None:
            continue
        qualifier = "at_least" if isinstance(q.value, list) or q.qualifier == "range" else q.qualifier
        sent = out.setdefault(number.sent.start_char, {})
        old_value, old_q = sent.get(kind, (0, "exact"))
        sent[kind] = (old_value + int(value), _looser(old_q, qualifier))
    return out


def attach(ctx, records: list) -> None:
    """Fill the toll fields of the ASSAULT / COERCE events in ``records`` (in place)."""
    counts = counts_by_sentence(ctx)
    if not counts:
        return
    sentences = [s.start_char for s in ctx.doc.sents]
    by_sentence: dict[int, list] = {}
    for record in records:
        if record.type in _TAKES and record.evidence:
            index = max(i for i, s in enumerate(sentences) if s <= record.evidence[0].start)
            by_sentence.setdefault(index, []).append(record)
    for index, start in enumerate(sentences):
        if start not in counts:
            continue
        here = by_sentence.get(index)
        if here is None:
            earlier = [i for i in by_sentence if 0 < index - i <= _BACK]
            here = by_sentence[max(earlier)] if earlier else None
        if not here:
            continue
        target = next((r for r in here if r.type == "ASSAULT"), here[0])
        for kind, (value, qualifier) in counts[start].items():
            old = getattr(target, kind)
            setattr(target, kind, value + (old or 0))
            setattr(target, f"{kind}_qualifier",
                    qualifier if old is None else _looser(qualifier, getattr(target, f"{kind}_qualifier") or "exact"))

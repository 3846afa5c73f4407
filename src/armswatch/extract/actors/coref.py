"""Within-document coreference, good enough for attribution: pronouns and descriptions back to a named actor.

Short names ("Dar" after "Ishaq Dar") are linked where people are found (mentions.py). Here:
- "he"/"she" as subject -> the most recent person, gender-compatible, in this or the previous three sentences;
- "they"/"it" as subject -> the most recent group or organisation (plural for "they"), country for "it";
- "the Pakistani diplomat", "the official" -> the most recent named person whose country and sector agree.
"""

from __future__ import annotations

from .mentions import PRONOUNS, Mention

PRONOUN_WINDOW = 3  # sentences back
SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _sentence_index(doc) -> list[int]:
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = n
    return index


def _copy(antecedent: Mention, token_span, how: str, confidence: float) -> Mention:
    return Mention(start=token_span.start_char, end=token_span.end_char, tok_start=token_span.start,
                   tok_end=token_span.end, name=antecedent.name, type=antecedent.type, country=antecedent.country,
                   sector=antecedent.sector, confidence=confidence, how=how, ids=dict(antecedent.ids),
                   gender=antecedent.gender, key=antecedent.key, plural=antecedent.plural)


def _named(m: Mention) -> bool:
    return m.how in ("person", "shortname", "lexicon", "capital", "acronym", "ner", "role", "pronoun", "description")


def resolve(doc, mentions: list[Mention], descriptions: list[tuple[Mention, object]]) -> list[Mention]:
    """Pronoun mentions added to ``mentions``; description mentions given their antecedent's identity."""
    sentence = _sentence_index(doc)
    ordered = sorted(mentions, key=lambda m: m.start)
    added: list[Mention] = []

    def candidates(before: int, window: int):
        limit = sentence[before] - window
        pool = [m for m in ordered + added if m.tok_end <= before and sentence[m.tok_start] >= limit]
        return sorted(pool, key=lambda m: m.tok_start, reverse=True)

    described = {id(m) for m, _ in descriptions}
    for mention, head in descriptions:
        person = _antecedent_for_description(mention, head, candidates(mention.tok_start, 10**6))
        if person is not None:
            mention.name, mention.ids, mention.key = person.name, dict(person.ids), person.key
            mention.country = mention.country or person.country
            mention.sector = person.sector if person.sector != "UNK" else mention.sector
            mention.gender = person.gender
            mention.confidence = 0.65
        else:
            mention.how = "role"

    for token in doc:
        kind = PRONOUNS.get(token.lower_)
        if kind is None or token.dep_ not in SUBJECT_DEPS:
            continue
        pool = [m for m in candidates(token.i, PRONOUN_WINDOW) if id(m) not in described or m.key]
        antecedent = None
        for m in pool:
            if kind in ("male", "female"):
                if m.type == "person" and m.key and (m.gender in (None, kind)):
                    antecedent = m
                    break
            elif kind == "plural":
                if m.type in ("group", "organisation") and (m.plural or m.type == "group") and m.how != "demonym":
                    antecedent = m
                    break
            elif m.type in ("organisation", "country", "group") and not m.plural and m.how not in ("demonym",):
                antecedent = m
                break
        if antecedent is not None:
            span = doc[token.i:token.i + 1]
            added.append(_copy(antecedent, span, "pronoun", 0.6 if kind in ("male", "female") else 0.45))
    mentions.extend(added)
    return mentions


def _antecedent_for_description(mention: Mention, head, pool: list[Mention]) -> Mention | None:
    for m in pool:
        if m.type != "person" or m.how == "description" or not m.key or m is mention:
            continue
        if mention.country and m.country and mention.country != m.country:
            continue
        if mention.sector not in ("UNK", None) and m.sector not in ("UNK", None) and mention.sector != m.sector:
            continue
        if m.country is None and m.sector == "UNK" and mention.country:
            continue  # nothing says this unknown person is the one described
        return m
    return None

"""Within-document coreference, good enough for attribution: pronouns and descriptions back to a named actor.

Short names ("Dar" after "Ishaq Dar") are linked where people are found (mentions.py). Here:
- "he"/"she" as subject, "his"/"her" as possessive -> the most recent person, gender-compatible, in this or the
  previous three sentences;
- "they"/"it" as subject, "their"/"its" as possessive -> the nearest subject before it, if that is a group or
  organisation (plural for "they") or a state; nothing where that subject is not an actor;
- "the company", "the group" -> the most recent named organisation or group in the last four sentences;
- "the Pakistani diplomat", "the official" -> the most recent named person whose country and sector agree.
"""

from __future__ import annotations

import re

from .lexicon import words
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
    # a state that is the subject of a sentence acts through its government
    sector = "GOV" if antecedent.type == "country" and antecedent.sector == "UNK" else antecedent.sector
    return Mention(start=token_span.start_char, end=token_span.end_char, tok_start=token_span.start,
                   tok_end=token_span.end, name=antecedent.name, type=antecedent.type, country=antecedent.country,
                   sector=sector, confidence=confidence, how=how, ids=dict(antecedent.ids),
                   gender=antecedent.gender, key=antecedent.key, plural=antecedent.plural)


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

    owner = _token_owner(doc, ordered)
    for token in doc:
        if token.dep_ in SUBJECT_DEPS:
            kind = PRONOUNS.get(token.lower_)
        elif token.dep_ == "poss":
            kind = POSSESSIVES.get(token.lower_)
        else:
            kind = None
        if kind is None:
            if token.lemma_.lower() in ORGANISATION_NOUNS and owner[token.i] is None:
                described_org = _organisation_description(doc, token, owner, sentence)
                if described_org is not None:
                    added.append(described_org)
            continue
        antecedent = None
        if kind in ("male", "female") and token.dep_ == "poss":
            antecedent = _cataphora(doc, token, owner, sentence, kind)
        if antecedent is not None:
            pass
        elif kind in ("male", "female"):
            for m in candidates(token.i, PRONOUN_WINDOW):
                if m.type == "person" and m.key and (m.gender in (None, kind)) and (id(m) not in described or m.key):
                    antecedent = m
                    break
        else:
            antecedent = _previous_subject(doc, token, owner, sentence, kind)
        if antecedent is not None:
            span = doc[token.i:token.i + 1]
            confidence = 0.6 if kind in ("male", "female") else 0.5
            if token.dep_ == "poss":
                confidence -= 0.05
            mention = _copy(antecedent, span, "pronoun", confidence)
            added.append(mention)
            owner[token.i] = mention
    mentions.extend(added)
    return mentions


POSSESSIVES = words("possessives")
# "the company said", "the group claimed": a description that refers back to the last named body
ORGANISATION_NOUNS = words("organisation_nouns")
DESCRIPTION_WINDOW = 4  # sentences back


def _organisation_description(doc, token, owner, sentence) -> Mention | None:
    if token.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    if any(c.dep_ in ("compound", "poss", "nmod", "prep", "relcl", "acl") for c in token.children):
        return None  # "the Pakistani group", "the group of experts": more than a bare description
    limit = sentence[token.i] - DESCRIPTION_WINDOW
    for i in range(token.i - 1, -1, -1):
        if sentence[i] < limit:
            break
        m = owner[i]
        if m is None or m.type not in ("organisation", "group") or m.how in ("role", "pronoun", "identity"):
            continue
        if token.lemma_ == "group" and m.type != "group" and m.sector not in ("REB", "NGO"):
            continue
        start = token.i - 1 if doc[token.i - 1].lower_ == "the" else token.i
        found = _copy(m, doc[start:token.i + 1], "description", 0.5)
        for k in range(start, token.i + 1):
            owner[k] = found
        return found
    return None


def _cataphora(doc, token, owner, sentence, kind) -> Mention | None:
    """'During his conversation with Rubio, Dar highlighted ...': a possessive before the sentence's first
    subject refers to the first person after it outside its own phrase."""
    start = token.i
    while start > 0 and sentence[start - 1] == sentence[token.i]:
        start -= 1
    if any(doc[i].dep_ in SUBJECT_DEPS for i in range(start, token.i)):
        return None
    if doc[start].pos_ in ("ADP", "SCONJ"):
        # an opening phrase ("During his visit to Kabul, ...") ends at its comma, whatever the parse says
        inside = next((i for i in range(token.i, len(doc)) if doc[i].text == "," or sentence[i] != sentence[token.i]),
                      token.i)
    else:
        phrase = token.head
        while phrase.head.i != phrase.i and phrase.head.dep_ != "ROOT" and phrase.dep_ not in SUBJECT_DEPS:
            phrase = phrase.head
        inside = phrase.right_edge.i
    for i in range(inside + 1, len(doc)):
        if sentence[i] != sentence[token.i]:
            break
        m = owner[i]
        if m is not None and m.type == "person" and m.key and m.gender in (None, kind):
            return m
    return None


def _token_owner(doc, mentions: list[Mention]) -> list[Mention | None]:
    owner: list[Mention | None] = [None] * len(doc)
    for m in sorted(mentions, key=lambda m: m.tok_start - m.tok_end):  # longest first, shorter inside win
        for i in range(m.tok_start, min(m.tok_end, len(doc))):
            owner[i] = m
    return owner


def _previous_subject(doc, pronoun, owner, sentence, kind) -> Mention | None:
    """'it'/'they' -> the subject of the clause before, if that subject is a compatible actor.

    Only the nearest subject is tried: where it is not an actor ("the strike ... it destroyed"), the pronoun
    most likely refers to that thing, and nothing is returned."""
    first = pronoun.i
    limit = sentence[pronoun.i] - 1
    for i in range(pronoun.i - 1, -1, -1):
        if sentence[i] < limit:
            break
        token = doc[i]
        if token.dep_ not in SUBJECT_DEPS or token.i == first or token.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        m = owner[i]
        if m is None:
            return None
        if kind == "plural" and (m.plural or m.type == "group") and m.type != "person":
            return m
        if kind == "neuter" and m.type in ("organisation", "country", "group") and not m.plural:
            return m
        return None
    return None


SPEECH_VERBS = words("speech_verbs")
QUOTES = re.compile(r"“([^”]{3,}?)”|\"([^\"]{3,}?)\"")


def first_person_in_quotes(doc, text: str, mentions: list[Mention], name_for) -> list[Mention]:
    """'I', 'we', 'our' inside a quotation -> its speaker (the speaker's state or body for 'we').

    The speaker is the actor that is subject of a speech verb next to the quotation, after it ("..., he said")
    or before it in the same sentence ("Raza said: ...")."""
    owner = _token_owner(doc, mentions)
    added = []
    for match in QUOTES.finditer(text):
        start, end = match.start(), match.end()
        speaker = _speaker_near(doc, owner, start, end, len(text))
        if speaker is None:
            continue
        inside = doc.char_span(start, end, alignment_mode="contract")
        if inside is None:
            continue
        for token in inside:
            word = token.lower_
            if owner[token.i] is not None:
                continue
            if word in ("i", "me", "my") and speaker.type == "person":
                m = _copy(speaker, doc[token.i:token.i + 1], "pronoun", 0.55)
            elif word in ("we", "us", "our") and (speaker.type != "person" or speaker.country):
                if speaker.type == "person":
                    m = _copy(speaker, doc[token.i:token.i + 1], "pronoun", 0.5)
                    m.type, m.name, m.key = "organisation", name_for(speaker.country, speaker.sector), None
                    m.ids = {}
                else:
                    m = _copy(speaker, doc[token.i:token.i + 1], "pronoun", 0.5)
            else:
                continue
            added.append(m)
    mentions.extend(added)
    return mentions


def _speaker_near(doc, owner, start: int, end: int, length: int) -> Mention | None:
    after = doc.char_span(end, min(length, end + 120), alignment_mode="contract")
    before = doc.char_span(max(0, start - 200), start, alignment_mode="contract")
    for span, forward in ((after, True), (before, False)):
        if span is None:
            continue
        tokens = list(span) if forward else list(reversed(span))
        for token in tokens:
            if token.text in (".", "\n", "“", "”") and forward and token.i > span.start + 1:
                break
            if token.dep_ in SUBJECT_DEPS and token.head.lemma_ in SPEECH_VERBS and owner[token.i] is not None:
                return owner[token.i]
    return None


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

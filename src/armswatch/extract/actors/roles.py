"""Role phrases: noun phrases headed by a role word ("Afghan officials", "the Pakistani foreign office",
"militant groups", "ISIL fighters"), and a title the parser left outside a person's name.

``RoleRules`` is a part of ``MentionFinder`` (mentions.py): it reads the finder's tokens, owners and lexicon
and adds mentions through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import words

if TYPE_CHECKING:
    from .mentions import Mention

ORGANISATION_HEADS = words("organisation_heads")
GROUP_HEADS = words("group_heads")
# person roles: a singular description with "the" refers back to a named person
PERSON_ROLE_SECTORS = words("person_role_sectors")
# role words strong enough to make an actor with no country in sight ("officials said", "militant groups")
STANDALONE_ROLES = words("standalone_roles")
# how an organisation of a country's sector is named: "Government of Pakistan"
_SECTOR_LABELS = words("sector_labels")
_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "case", "det", "nummod", "npadvmod", "punct", "advmod"}


class RoleRules:
    def role_in(self, start: int, end: int) -> tuple[int, int, str] | None:
        """The longest role phrase in tokens [start, end), the last one first: (start, end, sector)."""
        roles = self.lexicon.roles
        words = self.lower
        for size in (4, 3, 2, 1):
            for k in range(end - size, start - 1, -1):
                sector = roles.get(" ".join(words[k:k + size]))
                if sector:
                    return k, k + size, sector
        return None

    def role_phrases(self) -> None:
        """Noun phrases headed by a role word: 'Afghan officials', 'the Pakistani foreign office', 'militant groups'."""
        toks, lower, owner = self.toks, self.lower, self.owner
        for i, token in enumerate(toks):
            if owner[i] is not None or self.title[i] or token.pos_ not in ("NOUN", "PROPN"):
                continue
            found = self.role_in(max(0, i - 3), i + 1)
            if found is None or found[1] != i + 1:
                found = (i, i + 1, self.lexicon.roles[token.lemma_.lower()]) if token.lemma_.lower() in self.lexicon.roles else None
            if found is None:
                continue
            role_start, _, sector = found
            if token.dep_ == "compound" and token.head.i > i:
                continue  # not the head of its phrase ("police station")
            head_owner = owner[token.head.i]
            if token.dep_ in ("compound", "nmod", "appos", "amod") and head_owner is not None and head_owner.type == "person":
                continue  # a person's title: "US Secretary of State Marco Rubio", "Raza, counsellor at ..."
            after = owner[i + 1] if i + 1 < len(toks) else None
            if after is not None and after.type == "person" and after.tok_start == i + 1 and token.tag_ == "NNP":
                self._title_before(after, token, sector)  # "Syrian President Bashar al-Assad", parsed apart
                continue
            left = i
            while left > token.left_edge.i and toks[left - 1].dep_ in _MODIFIER_DEPS:
                left -= 1
            inner = {id(m): m for m in (owner[k] for k in range(left, i)) if m is not None}.values()
            ruler = None
            if any(m.type == "person" for m in inner):
                # "the Assad regime", "Putin's government": a leader's name on a government is that government
                ruler = next((m for m in inner if m.type == "person"), None)
                if sector != "GOV" or token.lemma_.lower() not in ORGANISATION_HEADS or \
                        toks[ruler.tok_end - 1].dep_ not in ("compound", "poss"):
                    continue
            country = next((m.country for m in inner if m.type == "country"), None) or (ruler.country if ruler else None)
            group = None
            if country is None:
                # "ISIL fighters", "Taliban commanders": members of a named group are that group
                group = next((m for m in inner if m.type in ("group", "organisation") and m.how != "ner"
                              and toks[m.tok_end - 1].dep_ in ("compound", "poss", "amod", "nmod")
                              and not _hyphen_after(toks, m.tok_end)), None)
            right = i
            if country is None and group is None:
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "at", "from", "in"):
                        country = next((owner[k].country for k in range(child.i + 1, child.right_edge.i + 1)
                                        if owner[k] is not None and owner[k].type == "country"), None)
                        if country and child.lower_ == "of":
                            right = child.right_edge.i  # "the government of Iraq"
                        break
            words = " ".join(lower[role_start:i + 1])
            trusted = words in self.lexicon.core_roles or lower[i] in self.lexicon.core_roles
            plural = token.tag_ in ("NNS", "NNPS")
            determiner = next((c.lower_ for c in token.children if c.dep_ == "det"), None)
            if group is not None:
                while left < i and (toks[left].dep_ in ("det", "punct", "case", "nummod", "advmod", "quantmod")
                                    or toks[left].like_num):
                    left += 1
                # leaders of an armed group act as its government; staff of an international body keep their role
                keep = (sector in ("GOV", "LEG", "JUD") and group.sector != "GOV") or \
                    (group.type == "organisation" and sector not in ("UNK", None))
                self._add(self.doc[left:i + 1], name=group.name, type="group", country=group.country,
                          sector=sector if keep else group.sector, confidence=0.7, how="role", ids=dict(group.ids),
                          key=group.key, plural=plural)
                continue
            if country is None and trusted and sector in ("NGO", "IGO"):
                country = sector  # "a human rights group", "aid agencies"
            if not trusted and country is None:
                continue  # Phoenix's 4,000 agent words make actors only where a state is named
            if country is None and words not in STANDALONE_ROLES and lower[i] not in STANDALONE_ROLES \
                    and determiner not in ("the", "this", "that"):
                continue
            while left < i and (toks[left].dep_ in ("det", "punct", "case", "nummod", "advmod", "quantmod")
                                or toks[left].like_num):
                left += 1
            span = self.doc[left:right + 1]
            lemma = token.lemma_.lower()
            kind = "group" if plural or lemma in GROUP_HEADS else ("organisation" if lemma in ORGANISATION_HEADS else "person")
            mention = self._add(span, name=self.role_name(country, sector, span, kind), type=kind, country=country,
                                sector=sector, confidence=0.7 if country else 0.55, how="role", plural=plural,
                                key=f"role:{country}:{sector}" if kind != "person" and country else None)
            if kind == "person" and determiner in ("the", "this", "that") and sector in PERSON_ROLE_SECTORS:
                mention.how = "description"
                self.descriptions.append((mention, token))

    def _title_before(self, person: Mention, token, sector: str) -> None:
        """A title the parser left outside a person's name: it joins the person's mention and describes them."""
        left = token.i
        while left > 0 and self.toks[left - 1].dep_ in ("compound", "amod", "nmod", "det", "poss", "case") \
                and self.toks[left - 1].head.i <= token.i + 1 and (self.owner[left - 1] is None
                                                                   or self.owner[left - 1].type != "person"):
            left -= 1
        country, _, _ = self._describe([self.doc[left:token.i + 1]])
        person.country = person.country or country
        person.sector = person.sector if person.sector != "UNK" else sector
        person.start, person.tok_start = self.toks[left].idx, left
        person.confidence = max(person.confidence, 0.85 if person.country else 0.6)
        for other in self.persons:
            if other.key == person.key:
                other.country = other.country or person.country
                other.sector = other.sector if other.sector != "UNK" else person.sector
        for k in range(left, token.i + 1):
            self.owner[k] = person

    def role_name(self, country: str | None, sector: str, span, kind: str) -> str:
        entry = self.lexicon.by_country.get(country) if country else None
        if entry is None or kind == "person":
            return span.text if span is not None else (country or "unknown")
        label = _SECTOR_LABELS.get(sector)
        return f"{label} {entry.name}" if label else (span.text if span is not None else entry.name)


def _hyphen_after(toks, end: int) -> bool:
    """A name written into a hyphenated modifier ("a UN-listed organization", "US-backed militias") qualifies the
    phrase; the phrase is not that body's members."""
    return end < len(toks) and toks[end].text in ("-", "–") and not toks[end - 1].whitespace_

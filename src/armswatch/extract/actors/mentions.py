"""Finding actor mentions in one parsed document: lexicon names, people with their titles, role phrases.

Each rule reads the one spaCy parse of the document (tokens, dependencies, entities). The lexicon is matched
with a PhraseMatcher built once per process; names the matcher misses because of spelling ("Tehreek-e-Taliban")
are looked up by their spelling-tolerant skeleton.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.util import filter_spans

from ..grammar import acts
from .lexicon import Entry, Lexicon, is_acronym, words
from .matcher import LexiconMatcher, case_ok
from .roles import RoleRules
from .things import is_ship, is_weapon

LOCATIVE_PREPS = words("locative_preps")
PLACE_PREPS = words("place_preps")
# what is done to a place, not to a person: its object is a place even where the parser saw a name
TERRITORY_VERBS = words("territory_verbs")
TERRITORY_NOUNS = words("territory_nouns")
DIPLOMATIC_HEADS = words("diplomatic_heads")
_TITLE_DEPS = {"compound", "amod", "nmod", "poss", "case", "det", "prep", "pobj", "nummod", "punct"}
MAX_NAME_TOKENS = 10
_NAME_JOINERS = words("name_joiners")
PRONOUNS = words("pronouns")
HONORIFICS = words("honorifics")


@dataclass
class Mention:
    start: int
    end: int
    tok_start: int
    tok_end: int
    name: str
    type: str
    country: str | None
    sector: str
    confidence: float
    how: str  # lexicon, demonym, capital, person, role, shortname, pronoun, description, ner
    ids: dict[str, str] = field(default_factory=dict)
    gender: str | None = None
    key: str | None = None  # lexicon entry or person key, shared by every mention of one actor
    plural: bool = False
    support: list[tuple[int, int]] = field(default_factory=list)  # appositions that say who it is (evidence)


def _is_located(span) -> bool:
    """'near Raqqah', 'in Aleppo', 'to isolate Raqqah', 'the liberation of Sinjar': a name the parser took for a
    person or organisation, used as a place."""
    root = span.root
    if span.doc[span.start].lower_ in PLACE_PREPS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
        return True
    if root.dep_ == "dobj" and root.head.lemma_ in TERRITORY_VERBS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("of", "to", "toward", "towards", "from") \
        and root.head.head.lemma_ in TERRITORY_NOUNS


def _is_dateline(span) -> bool:
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return span.text.isupper() and len(span.text) > 3 and after is not None and after.text in (":", "—", "-", "–")


class MentionFinder(RoleRules):
    """Runs the mention rules over one document, in order; later rules skip tokens earlier ones took."""

    def __init__(self, ctx, lexicon: Lexicon, matcher: "LexiconMatcher"):
        self.ctx = ctx
        self.doc = doc = ctx.doc
        self.lexicon = lexicon
        self.matcher = matcher
        self.published = ctx.document.published or ""
        self.mentions: list[Mention] = []
        self.persons: list[Mention] = []
        self.descriptions: list[tuple[Mention, object]] = []
        # token attributes read once: spaCy builds a Token object on every access
        self.toks = list(doc)
        self.lower = [t.lower_ for t in self.toks]
        self.owner: list[Mention | None] = [None] * len(self.toks)  # the name mention a token belongs to
        self.title = [False] * len(self.toks)  # tokens of a person's title or apposition

    # --- helpers ------------------------------------------------------------------------------------------------
    def _add(self, span, **fields) -> Mention:
        start = span.start
        if start > 0 and self.lower[start - 1] in ("the", "a", "an") and span.start <= self.toks[start - 1].head.i < span.end:
            span = self.doc[start - 1:span.end]  # "the United Nations", as news and annotators write it
        mention = Mention(start=span.start_char, end=span.end_char, tok_start=span.start, tok_end=span.end, **fields)
        self.mentions.append(mention)
        for i in range(span.start, span.end):
            self.owner[i] = mention
        return mention

    def _free(self, start: int, end: int) -> bool:
        return all(self.owner[i] is None for i in range(start, end))

    def _entry_values(self, entry: Entry) -> tuple[str, str | None, str, dict]:
        """(type, country, sector, ids) of a lexicon entry, with rulers applied at the publication date."""
        kind, country, sector, ids = entry.type, entry.country, entry.sector, dict(entry.ids)
        rule = self.lexicon.ruler_since(entry)
        if rule and self.published and self.published >= rule[1]:
            country, sector = rule[0], "GOV"
            government = self.lexicon.by_country.get(rule[0])
            if government and "ucdp_government" in government.ids:
                ids["ucdp_government"] = government.ids["ucdp_government"]
        return kind, country, sector or "UNK", ids

    def _country_owner(self, token) -> Mention | None:
        owner = self.owner[token.i]
        return owner if owner is not None and owner.type == "country" else None

    # --- the rules ----------------------------------------------------------------------------------------------
    def find(self) -> list[Mention]:
        self.lexicon_names()
        self.spelled_names()
        self.people()
        self.short_names()
        self.other_entities()
        self.role_phrases()
        self.acronym_links()
        self.drop_nested_country_modifiers()
        # a weapon is no actor; but "Egyptian warships" stands for a state's forces (so PLOVER codes it).
        # spaCy rebuilds doc.text from the tokens on every access: read it once
        text = self.doc.text
        self.mentions = [m for m in self.mentions if m.type == "person" or m.country
                         or not is_weapon(text[m.start:m.end])]
        self.mentions = [m for m in self.mentions if not is_ship(text[m.start:m.end])]
        # an identity word as a bare modifier ("the Arab element") names no actor; "Kurdish fighters" is kept by
        # its role phrase, "the Kurds" as a noun
        self.mentions = [m for m in self.mentions if not (m.how == "identity" and m.tok_end - m.tok_start == 1
                                                            and self.toks[m.tok_start].dep_ in ("amod", "compound"))]
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        return self.mentions

    def drop_nested_country_modifiers(self) -> None:
        """'U.S.' in 'U.S. forces', 'Foreign Office' in 'Foreign Office Minister Tobias Ellwood': the longer
        mention already carries the country or body, so the modifier is not an actor mention of its own (a
        demonym stays: it states a nationality)."""
        longer = [m for m in self.mentions if m.tok_end - m.tok_start > 1]

        def nested(m: Mention) -> bool:
            return any(o is not m and o.tok_start <= m.tok_start and m.tok_end <= o.tok_end
                       and o.tok_end - o.tok_start > m.tok_end - m.tok_start for o in longer)

        def in_title(m: Mention) -> bool:
            return m.how != "demonym" and any(p.tok_start <= m.tok_start and m.tok_end <= p.tok_end and p is not m
                                              for p in self.persons)

        self.mentions = [m for m in self.mentions if not (
            (m.type == "country" and m.how == "lexicon" and self.toks[m.tok_end - 1].dep_ in ("compound", "nmod", "amod")
             and nested(m)) or (m.type != "person" and in_title(m)))]

    def lexicon_names(self) -> None:
        doc = self.doc
        spans = []
        for key, start, end in self.matcher(doc):
            span = doc[start:end]
            if case_ok(span, key, self.lexicon):
                span.label_ = key
                spans.append(span)
        persons = {(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"}
        for span in filter_spans(spans):
            key, form = self.lexicon.aliases[span.label_][0]
            if (span.start, span.end) in persons and (form == "capital" or key.startswith("phoenix:")):
                continue  # a person the parser saw, not the city or a dictionary's stray alias
            self.add_lexicon_mention(span, self.lexicon.entries[key], form)

    def add_lexicon_mention(self, span, entry: Entry, form: str, confidence: float = 0.9) -> None:
        kind, country, sector, ids = self._entry_values(entry)
        root = span.root
        if entry.type == "country":
            common = dict(name=entry.name, type="country", country=country, ids=ids, key=entry.key)
            if form == "capital":
                if not _is_dateline(span) and acts(root):
                    self._add(span, sector="GOV", confidence=0.75, how="capital", **common)
                return  # otherwise a place, not an actor: the places extractor has it
            if form == "demonym":
                if root.tag_ in ("NNS", "NNPS") and root.dep_ not in ("amod", "compound"):
                    common["type"] = "group"  # "Iraqis", "the Afghans": people of that country
                    self._add(span, sector="CVL", confidence=0.7, how="demonym", plural=True, **common)
                else:
                    self._add(span, sector="UNK", confidence=0.8, how="demonym", **common)
                return
            if form == "identity":
                return
            agent = acts(root) and not _is_dateline(span)
            locative = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS
            self._add(span, sector="GOV" if agent else "UNK", confidence=0.9 if agent else (0.5 if locative else 0.7),
                      how="lexicon", **common)
            return
        if kind == "identity":
            self._add(span, name=entry.name, type="group", country=country, sector=sector, confidence=0.5,
                      how="identity", ids=ids, key=entry.key, plural=True)
            return
        if country == "IGO" and root.lemma_.lower() in DIPLOMATIC_HEADS:
            # "Pakistan's UN Mission": a state's representation at an international body is that state's
            owner = next((self._country_owner(c) for c in root.children if c.dep_ == "poss"), None)
            if owner is not None:
                start = self.doc[owner.tok_start:span.end]
                self._add(start, name=f"{owner.name} {span.text}", type="organisation", country=owner.country,
                          sector="GOV", confidence=0.8, how="role", ids={}, key=f"role:{owner.country}:GOV")
                return
        mention = self._add(span, name=entry.name, type=kind, country=country, sector=sector,
                            confidence=confidence if not is_acronym(span.text) else 0.85, how="lexicon", ids=ids,
                            key=entry.key)
        mention.support = self._appositions(span)

    def spelled_names(self) -> None:
        """Runs of capitalised words the matcher missed, looked up by skeleton ('Tehreek-e-Taliban Pakistan')."""
        toks, n = self.toks, len(self.toks)
        capital = [(t.is_title or t.is_upper) and t.is_alpha for t in toks]
        i = 0
        while i < n:
            if not capital[i] or self.owner[i] is not None:
                i += 1
                continue
            j = i
            while j < n and (capital[j] or self.lower[j] in _NAME_JOINERS) and self.owner[j] is None:
                j += 1
            while j > i and not capital[j - 1]:
                j -= 1
            best = None
            if j - i >= 2:
                for a in range(i, j - 1):
                    for b in range(min(j, a + MAX_NAME_TOKENS), a + 1, -1):  # names are short: no n² on headlines
                        span = self.doc[a:b]
                        found = self.lexicon.lookup(span.text)
                        if found and found[1] == "name" and found[0].type != "country":
                            best = (span, found[0])
                            break
                    if best:
                        break
            if best:
                self.add_lexicon_mention(best[0], best[1], "name", confidence=0.8)
                i = best[0].end
            else:
                i = max(j, i + 1)

    # people -----------------------------------------------------------------------------------------------------
    def _name_span(self, ent):
        start, end = ent.start, ent.end
        while end > start and self.lower[end - 1] in ("'s", "’s", "'", "’"):
            end -= 1
        while start < end and self.lower[start] in ("the", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."):
            start += 1
        return self.doc[start:end]

    def _context_spans(self, name) -> list:
        """The title before a name and its appositions: where its country and role are written."""
        doc, root = self.doc, name.root
        spans = []
        left = root.left_edge.i
        if left < name.start:
            spans.append(doc[left:name.start])
        for child in root.children:
            if child.dep_ == "appos" and child.i >= name.end:
                # the apposition up to its own prepositions: not the clauses and lists hanging off it
                right = max([child.i] + [c.right_edge.i for c in child.children
                                         if c.dep_ == "prep" and c.i > child.i])
                spans.append(doc[child.left_edge.i:right + 1])
        if root.dep_ == "appos" and root.head.i < name.start:
            head = root.head
            spans.append(doc[head.left_edge.i:head.i + 1])
        return spans

    def _appositions(self, name) -> list[tuple[int, int]]:
        """Character spans of a name's appositions ('counsellor at Pakistan's UN Mission', 'a Geneva-based
        monitor'): the words that say who it is, kept as further evidence."""
        out = []
        for span in self._context_spans(name)[1 if name.root.left_edge.i < name.start else 0:]:
            tokens = [t for t in span if not t.is_punct]
            if tokens:
                out.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
        return out

    def _describe(self, spans) -> tuple[str | None, str | None, str | None]:
        """(country, sector, gender) written in these spans: a state beats an international body."""
        country, fallback, sector, gender = None, None, None, None
        for span in spans:
            for i in range(span.start, span.end):
                owner = self.owner[i]
                if owner is None:
                    continue
                if owner.type == "country" and country is None:
                    country = owner.country
                elif fallback is None and owner.type != "person" and (owner.country or owner.sector not in ("UNK", None)):
                    fallback = (owner.country, owner.sector)
            found = self.role_in(span.start, span.end)
            if found and sector is None:
                sector = found[2]
            for i in range(span.start, span.end):
                gender = gender or self.lexicon.gender.get(self.lower[i])
        if country is None and fallback is not None:
            # no state named: the body named in the title is the person's side ("TTP spokesman X" speaks
            # for the TTP, a rebel group, whatever a spokesman's usual sector)
            country, sector = fallback[0], fallback[1] if fallback[1] not in ("UNK", None) else sector
        return country, sector, gender


    def _after_honorific(self, ent) -> bool:
        """A name written after an honorific or rank ("Brig.-Gen. Texas Chukwu"): a person's."""
        i = ent.start - 1
        while i >= 0 and self.lower[i] == ".":
            i -= 1
        return i >= 0 and self.lower[i].rstrip(".").rsplit("-", 1)[-1] in HONORIFICS

    def people(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" and not (ent.label_ in ("ORG", "GPE", "NORP") and len(ent) <= 4
                                               and ent[0].is_title and self._after_honorific(ent)):
                continue
            name = self._name_span(ent)
            if len(name) == 0 or not self._free(name.start, name.end) or any(t in (",", "and") for t in self.lower[name.start:name.end]):
                continue
            if _is_located(name) or not name[0].text[:1].isupper() or any(t.like_num for t in name):
                continue  # a place; or no name at all ("mm" of "7.62mm", a number the parser took for one)
            found = self.lexicon.lookup(name.text)
            if found and found[0].type != "person":
                continue
            contexts = self._context_spans(name)
            for span in contexts:
                for i in range(span.start, span.end):
                    self.title[i] = True
            country, sector, gender = self._describe(contexts)
            before = self.lower[name.start - 1] if name.start else ""
            gender = "male" if before in ("mr", "mr.") else "female" if before in ("mrs", "mrs.", "ms", "ms.") else gender
            earlier = self._earlier_person(name)
            titled = self._with_title(name)
            if earlier is not None:
                mention = self._add(titled, name=earlier.name, type="person", country=country or earlier.country,
                                    sector=sector or earlier.sector, confidence=0.8, how="shortname",
                                    ids=dict(earlier.ids), gender=gender or earlier.gender, key=earlier.key)
                if country or sector:  # a later title fills in what the first mention lacked
                    for other in self.persons:
                        if other.key == earlier.key:
                            other.country = other.country or country
                            other.sector = other.sector if other.sector != "UNK" else (sector or "UNK")
            else:
                confidence = 0.85 if country else 0.6 if (sector or len(name) > 1) else 0.45
                mention = self._add(titled, name=name.text, type="person", country=country, sector=sector or "UNK",
                                    confidence=confidence, how="person", ids={}, gender=gender,
                                    key=f"person:{name.text}")
            mention.support = self._appositions(name)
            self.persons.append(mention)

    def _with_title(self, name):
        """The name with the title written before it: 'US Secretary of State Marco Rubio'."""
        toks, start = self.toks, name.start
        edge = name.root.left_edge.i
        while start > edge and toks[start - 1].dep_ in _TITLE_DEPS and self.lower[start - 1] not in (",", "(", "“", '"') \
                and (self.owner[start - 1] is None or self.owner[start - 1].type != "person"):
            start -= 1
        while start < name.start and toks[start].dep_ in ("case", "punct", "prep"):
            start += 1
        return self.doc[start:name.end]

    def _earlier_person(self, name) -> Mention | None:
        words = name.text.split()
        for person in reversed(self.persons):
            if person.how != "person":
                continue
            full = person.name.split()
            parts = set(full) | {w.split("-", 1)[1] for w in full if re.match(r"(?i)(al|el|ul|ad|as|bin|ibn)-.", w)}
            if len(words) < len(full) and all(w in parts for w in words):
                return person
        return None

    def short_names(self) -> None:
        """A bare surname ('Dar', 'Rubio') after the full name, even where the parser saw no person there."""
        surnames: dict[str, Mention] = {}
        for person in self.persons:
            if person.how == "person" and len(person.name.split()) > 1:
                last = person.name.split()[-1]
                surnames[last] = person
                if re.match(r"(?i)(al|el|ul|ad|as|ash|at|bin|ibn)-.", last):
                    surnames[last.split("-", 1)[1]] = person  # "al-Assad" is also written "Assad"
        if not surnames:
            return
        for i, token in enumerate(self.toks):
            person = surnames.get(token.text)
            if person is None or self.owner[i] is not None or token.idx < person.start:
                continue
            mention = self._add(self.doc[i:i + 1], name=person.name, type="person", country=person.country,
                                sector=person.sector, confidence=0.8, how="shortname", ids=dict(person.ids),
                                gender=person.gender, key=person.key)
            self.persons.append(mention)

    def other_entities(self) -> None:
        """Organisations and groups the lexicon does not know, with what their apposition says about them."""
        roles = self.lexicon.roles
        for ent in self.doc.ents:
            if ent.label_ not in ("ORG", "NORP"):
                continue
            span = self._name_span(ent)
            if len(span) == 0 or not self._free(span.start, span.end) or "," in self.lower[span.start:span.end]:
                continue
            if any(self.title[i] for i in range(span.start, span.end)):
                continue  # "State" in "Secretary of State": part of a person's title
            root = span.root
            if len(span.text) < 3 or (root.dep_ == "pobj" and root.head.lower_ == "of" and roles.get(root.head.head.lower_)):
                continue
            if _is_located(span) or self.lower[span.start] == "operation":
                continue  # a place, or a military operation's name
            if ent.label_ == "NORP":
                self._add(span, name=span.text, type="group", country=None,
                          sector=roles.get(span.text.lower()) or roles.get(root.lemma_.lower()) or "UNK",
                          confidence=0.4, how="ner", plural=True)
                continue
            contexts = self._context_spans(span)
            country, described, _ = self._describe([span, *contexts])
            mention = self._add(span, name=span.text, type="organisation", country=country,
                                sector=described or "UNK", confidence=0.6 if country or described else 0.45,
                                how="ner")
            mention.support = self._appositions(span)


    def acronym_links(self) -> None:
        """'Name (ACRONYM)': the acronym, there and later, is the actor of the name before it, and back."""
        by_start = {m.tok_start: m for m in self.mentions}
        by_end = {m.tok_end: m for m in self.mentions}
        toks, n = self.toks, len(self.toks)
        defined: dict[str, Mention] = {}
        for i, token in enumerate(toks):
            if token.text != "(" or i + 2 >= n or toks[i + 2].text != ")":
                continue
            inner = toks[i + 1]
            before, inside = by_end.get(i), by_start.get(i + 1)
            if not inner.is_upper or len(inner.text) < 2 or before is None:
                continue
            if inside is None and self.owner[i + 1] is None:
                inside = self._add(self.doc[i + 1:i + 2], name=before.name, type=before.type, country=before.country,
                                   sector=before.sector, confidence=before.confidence, how="acronym",
                                   ids=dict(before.ids), key=before.key)
            elif inside is not None and inside.how == "ner" and before.how != "ner":
                _same_actor(inside, before)
            elif inside is not None and before.how == "ner" and inside.how != "ner":
                _same_actor(before, inside)
            elif inside is not None and before.how == "ner" and inside.how == "ner":
                _same_actor(inside, before)
            if inside is not None:
                defined[inner.text] = inside
        if defined:
            for mention in self.mentions:
                source = defined.get(self.ctx.text[mention.start:mention.end])
                if source is not None and mention.how == "ner" and mention is not source:
                    _same_actor(mention, source)


def _same_actor(mention: Mention, source: Mention) -> None:
    """``mention`` names the actor ``source`` names."""
    mention.name, mention.type, mention.country = source.name, source.type, source.country
    mention.sector, mention.ids, mention.key = source.sector, dict(source.ids), source.key or f"org:{source.name}"
    source.key = mention.key
    mention.how, mention.confidence = "acronym", source.confidence

"""Finding actor mentions in one parsed document: lexicon names, people with their titles, role phrases.

Each rule reads the one spaCy parse of the document (tokens, dependencies, entities). The lexicon is matched
with a PhraseMatcher built once per process; names the matcher misses because of spelling ("Tehreek-e-Taliban")
are looked up by their spelling-tolerant skeleton.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string
from spacy.vocab import Vocab
from spacy.util import filter_spans

from .lexicon import Entry, Lexicon, is_acronym, load_lexicon, norm

# the object of these verbs is a party to what happens, so a capital there stands for its government
SOCIAL_VERBS = {
    "accuse", "urge", "blame", "ask", "warn", "criticise", "criticize", "condemn", "support", "pressure", "call",
    "tell", "thank", "sanction", "threaten", "help", "back", "oppose", "recognise", "recognize", "engage", "press",
    "persuade", "caution", "cause", "allow", "force", "invite", "join", "reassure", "assure", "request", "fault",
    "praise", "accuse", "deny", "reject", "push", "arm", "supply", "provide", "give", "sell", "fund", "finance",
}
STATE_GROUPS = {"nation", "country", "state", "member", "partner", "ally", "government", "coalition", "power"}
LOCATIVE_PREPS = {"in", "at", "into", "from", "to", "near", "across", "inside", "outside", "throughout", "around",
                  "within", "over", "through", "toward", "towards", "via", "between", "along", "off", "on"}
ORGANISATION_HEADS = {"government", "administration", "office", "ministry", "mission", "embassy", "cabinet",
                      "parliament", "court", "army", "military", "navy", "police", "regime", "department",
                      "council", "agency", "force", "commission", "delegation", "leadership", "authority",
                      "organization", "organisation", "group", "movement", "service", "services", "bureau",
                      "coalition", "alliance", "community", "command", "unit", "battalion", "regiment", "brigade",
                      "division", "squadron", "corps", "fleet"}
# person roles: a singular description with "the" refers back to a named person
PERSON_ROLE_SECTORS = {"GOV", "MIL", "JUD", "LEG", "COP", "SPY", "MED", "NGO", "REB", "BUS", "EDU", "REL", "OPP"}
# role words strong enough to make an actor with no country in sight ("officials said", "militant groups")
STANDALONE_ROLES = {"official", "officials", "militant", "militants", "militant groups", "militant group",
                    "terrorist groups", "terrorist group", "terrorists", "insurgents", "rebels", "authorities",
                    "armed groups", "armed group", "jihadists", "troops", "soldiers", "police", "diplomats",
                    "government", "terrorist organization", "terrorist organisation", "rebel groups", "rebel group",
                    "insurgent groups", "security forces", "militias", "militia", "coalition", "coalition forces",
                    "international community", "partners", "allies", "civilians", "refugees", "service members",
                    "journalists", "students", "fighters", "personnel", "units", "leaders", "commanders"}
PLACE_PREPS = {"near", "in", "at", "into", "outside", "around", "across", "throughout", "inside", "towards",
               "toward", "northwest", "northeast", "southwest", "southeast"}
# what is done to a place, not to a person: its object is a place even where the parser saw a name
TERRITORY_VERBS = {"isolate", "liberate", "capture", "seize", "retake", "recapture", "encircle", "surround",
                   "besiege", "enter", "reach", "defend", "shell", "bomb", "evacuate", "occupy", "annex"}
TERRITORY_NOUNS = {"way", "road", "route", "march", "isolation", "liberation", "capture", "outskirts", "city",
                   "town", "village", "province", "district", "region", "recapture", "siege", "fall", "edge",
                   "north", "south", "east", "west", "centre", "center", "heart", "areas", "area", "border"}
DIPLOMATIC_HEADS = {"mission", "delegation", "embassy", "envoy", "ambassador", "representative", "representation",
                    "permanent mission", "consulate"}
GROUP_HEADS = {"group", "organization", "organisation", "movement", "network", "faction", "outfit", "militia",
               "insurgency", "opposition", "resistance", "rebellion", "community"}
_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "case", "det", "nummod", "npadvmod", "punct", "advmod"}
_TITLE_DEPS = {"compound", "amod", "nmod", "poss", "case", "det", "prep", "pobj", "nummod", "punct"}
MAX_NAME_TOKENS = 10
_NAME_JOINERS = {"-", "e", "i", "ul", "al", "el", "of", "ut", "ud"}
PRONOUNS = {"he": "male", "she": "female", "they": "plural", "it": "neuter"}


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


class LexiconMatcher:
    """A PhraseMatcher over every name of the lexicon, matching lower-cased tokens.

    The matcher keeps its match ids in a vocabulary of its own: the pipeline parses inside spaCy memory zones,
    which drop strings added to the model's vocabulary while they are open, and the matcher may be built inside
    one. Matching reads only the hashes of the tokens' lower-case forms, which are the same in any vocabulary."""

    def __init__(self, nlp, lexicon: Lexicon):
        self.matcher = PhraseMatcher(Vocab(), attr="LOWER")
        self.keys: dict[int, str] = {}
        texts = sorted({alias for alias in _all_aliases(lexicon) if 1 < len(alias) < 80})
        by_key: dict[str, list] = {}
        for alias, doc in zip(texts, nlp.tokenizer.pipe(texts, batch_size=1000)):
            by_key.setdefault(norm(alias), []).append(doc)
        for key, docs in by_key.items():
            self.keys[hash_string(key)] = key
            self.matcher.add(key, docs)

    def __call__(self, doc):
        for match_id, start, end in self.matcher(doc):
            yield self.keys[match_id], start, end


@lru_cache(maxsize=4)
def matcher_for(model: str, user_file: str) -> tuple[Lexicon, LexiconMatcher]:
    """The lexicon and its matcher, built once per model and user file."""
    from ... import nlp as nlp_module

    return load_lexicon(user_file), LexiconMatcher(nlp_module.load(model), load_lexicon(user_file))


def _all_aliases(lexicon: Lexicon):
    for entry in lexicon.entries.values():
        yield entry.name
        yield from entry.aliases
        yield from entry.demonyms
        yield from entry.capitals


def _case_ok(span, alias_key: str, lexicon: Lexicon) -> bool:
    """Acronyms match only as written in capitals; one-word names only capitalised; longer names need a capital."""
    text = span.text
    if len(span) == 1:
        if not text[:1].isupper():
            return False
        letters = text.replace(".", "")
        if letters.isupper() and len(letters) <= 6:
            return alias_key in lexicon.acronyms  # "US" the country, only where the lexicon writes it so
        return alias_key in lexicon.words  # "Us" is not "US"
    return any(t.text[:1].isupper() for t in span if t.is_alpha)


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
        if _member_of_states(token):
            return True
        if dep in ("conj", "appos") and token.head.i != token.i:
            token = token.head
            continue
        return False
    return False


def _member_of_states(token) -> bool:
    """'Coalition nations ... include Australia, Belgium', 'countries such as France': named as states."""
    head = token.head
    if token.dep_ in ("dobj", "attr") and head.lemma_ in ("include", "comprise"):
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in STATE_GROUPS for c in head.children)
    if token.dep_ == "pobj" and head.lower_ in ("like", "including", "as", "among"):
        owner = head.head.head if head.lower_ == "as" and head.head.lower_ == "such" else head.head
        return owner.lemma_.lower() in STATE_GROUPS
    return False


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


class MentionFinder:
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
            if _case_ok(span, key, self.lexicon):
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
                elif owner.country and fallback is None and owner.type != "person":
                    fallback = (owner.country, owner.sector)
            found = self.role_in(span.start, span.end)
            if found and sector is None:
                sector = found[2]
            for i in range(span.start, span.end):
                gender = gender or self.lexicon.gender.get(self.lower[i])
        if country is None and fallback is not None:
            country, sector = fallback[0], sector or fallback[1]
        return country, sector, gender

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

    def people(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = self._name_span(ent)
            if len(name) == 0 or not self._free(name.start, name.end) or any(t in (",", "and") for t in self.lower[name.start:name.end]):
                continue
            if _is_located(name):
                continue
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
                              and toks[m.tok_end - 1].dep_ in ("compound", "poss", "amod", "nmod")), None)
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
        label = {"GOV": "Government of", "MIL": "Armed forces of", "COP": "Police of", "JUD": "Judiciary of",
                 "LEG": "Legislature of", "REB": "Rebels of", "SPY": "Intelligence services of"}.get(sector)
        return f"{label} {entry.name}" if label else (span.text if span is not None else entry.name)

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

"""Finds event triggers in one sentence's parse and fills in their roles.

The steps, each a small function:
1. ``find_triggers``: verbs and event nouns in the lexicon, light verbs with an event noun as object
   ("launched an attack"), adjectives of intent ("willing to withdraw").
2. ``fold_governed``: a governor ("agreed to", "urged X to", "threatened to", "accused X of") and the
   event it governs become one event: the governor's type, the inner event's mode.
3. ``roles``: actors (subject, passive agent, possessor of a nominal) and recipients (object, passive
   subject, prepositional object).
4. ``flags``: negation, hypothetical and future, read from the trigger and the verbs above it.
Speech verbs are never triggers: in "X said Y attacked Z" only Y -> Z is coded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import cameo
from .lexicon import Entry, Lexicon

_SUBJECTS = ("nsubj", "csubj")
_PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
_OBJECTS = ("dobj", "dative", "attr", "oprd")
_RECIPIENT_PREPS = {"with", "against", "to", "on", "at", "toward", "towards", "into", "upon", "from", "for"}
_NOMINAL_RECIPIENT_PREPS = {"on", "against", "with", "of", "to", "between", "toward", "towards", "upon", "into"}
_COMPLEMENTS = ("xcomp", "ccomp", "pcomp", "advcl", "acomp")
_MODALS_HYPOTHETICAL = {"may", "might", "could", "would", "should", "must", "can"}
_MODALS_FUTURE = {"will", "shall", "'ll", "wo"}
_NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without"}
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_VERBAL = ("VERB", "AUX")
# what a speech verb can carry as its object: "expressed support", "voiced criticism", "issued a threat"
_VERBAL_TYPES = {"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}


@dataclass
class Candidate:
    trigger: object  # the token that names the event
    anchor: object  # the token whose subject/objects are the event's roles (a light verb, a copula)
    entry: Entry
    nominal: bool = False
    inner: list = field(default_factory=list)  # events folded into this one
    absorbed: bool = False
    type: str = ""
    mode: list = field(default_factory=list)
    must_clause: object = None  # the "X must Y" clause a speech verb reports, for reported demands
    intended: bool = False  # under a noun of intent ("the US desire to enhance cooperation")

    def __post_init__(self):
        self.type = self.entry.type
        self.mode = [self.entry.mode] if self.entry.mode else []


def _near_lemmas(token) -> set[str]:
    """Lemmas of the token's dependants and of their objects: where a phrase's further words are looked for."""
    out = set()
    for child in token.children:
        if child.dep_ in _CLAUSAL:
            continue  # words of another clause are not part of this verb's phrase
        out.add(child.lemma_.lower())
        for grand in child.children:
            if grand.dep_ in ("pobj", "compound", "dobj", "prt", "amod", "prep"):
                out.add(grand.lemma_.lower())
                for great in grand.children:  # "lift a state of emergency"
                    if great.dep_ in ("pobj", "compound"):
                        out.add(great.lemma_.lower())
    return out


def _has_object(token) -> bool:
    return any(c.dep_ in ("dobj", "dative", "xcomp", "ccomp", "nsubjpass", "auxpass", "agent") for c in token.children)


def _event_noun_of(lex: Lexicon, obj) -> tuple[object, Entry] | tuple[None, None]:
    """The event noun a light verb's object names: the object itself, its compound ("a mediation
    mission"), or its of-complement ("5 million dollars of aid")."""
    tokens = [obj] + [c for c in obj.children if c.dep_ == "compound"]
    tokens += [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    for token in tokens:
        if token.pos_ != "NOUN":
            continue
        entry, _ = _noun_entry(lex, token)
        if entry is not None:
            return token, entry
    return None, None


def _match(entries: tuple[Entry, ...], near: set[str]) -> Entry | None:
    for entry in entries:  # longest first
        if all(word in near for word in entry.extra):
            return entry
    return None


def _noun_entry(lex: Lexicon, token) -> tuple[Entry | None, bool]:
    """(entry, supported): the event a noun names, and whether a modifier confirms it."""
    lemma = _lemma(lex, token)
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
    table = lex.noun_modifiers.get(lemma)
    if table:
        for mod in modifiers:
            if mod in table:
                event_type, mode = table[mod]
                return Entry(event_type, mode, (mod,)), True
    entries = lex.nouns.get(lemma)
    if not entries:
        return None, False
    entry = _match(entries, modifiers)
    if entry is None:
        return None, False
    if entry.extra or lemma not in lex.nouns_need_support:
        return entry, True
    # a vague noun with its content spelled out: "demands that X grant", "a call for talks"
    return entry, any(c.dep_ in ("acl", "ccomp") or (c.dep_ == "prep" and c.lower_ == "for") for c in token.children)


# what a denial or refusal bears on when it is a statement: comments, accusations, reports
_SPEECH_CONTENT = {"comment", "allegation", "accusation", "charge", "claim", "report", "rumour", "rumor",
                   "speculation", "involvement", "responsibility", "suggestion", "elaborate", "confirm", "say",
                   "speak", "answer", "respond", "criticism"}
_SPEECH_ONLY = {"comment", "elaborate", "confirm", "say", "speak", "answer", "respond"}
_COMMAND_VERBS = {"order", "authorize", "authorise", "command"}
_CLAUSAL = {"advcl", "ccomp", "xcomp", "conj", "relcl", "acl", "parataxis", "csubj", "cc", "punct"}
_TRIGGER_POS = {"VERB", "AUX", "ADJ", "NOUN"}
_SUFFIXES = ("ing", "ed", "es", "s", "d")


def _lemma(lex: Lexicon, token) -> str:
    """The token's lemma, or, where the small model's lemmatiser misses ("staged" -> "stag"), the lexicon word
    the inflected form comes from."""
    key = (token.lemma, token.lower, token.pos)
    found = _LEMMAS.get(key)
    if found is None:
        found = _LEMMAS[key] = _lexicon_lemma(lex, token.lemma_.lower(), token.lower_, token.pos_)
    return found


_LEMMAS: dict[tuple, str] = {}  # lexicon lemma by (lemma, form, part of speech) hashes; the lexicon is fixed


def _lexicon_lemma(lex: Lexicon, lemma: str, low: str, pos: str) -> str:
    if lemma in lex.verbs or lemma in lex.nouns or pos not in ("VERB", "AUX", "NOUN"):
        return lemma
    for suffix in _SUFFIXES:
        if low.endswith(suffix):
            for stem in (low[:-len(suffix)], low[:-len(suffix)] + "e"):
                if stem in lex.verbs or stem in lex.nouns:
                    return stem
    return lemma


def find_triggers(lex: Lexicon, sentence, derived: bool = False) -> list[Candidate]:
    found: dict[int, Candidate] = {}
    for token in sentence:
        if token.pos_ not in _TRIGGER_POS:
            continue
        lemma = _lemma(lex, token)
        if token.pos_ in _VERBAL and token.dep_ != "amod":
            near = _near_lemmas(token)
            entries = lex.verbs.get(lemma)
            entry = _match(entries, near) if entries else None
            if derived and entries is None and lemma not in lex.light_verbs | lex.speech_verbs:
                entry = cameo.entry(token, lemma)  # a verb the hand lexicon lacks: the CAMEO-derived verbs type it
            if entry is not None and not entry.extra and lemma in lex.speech_verbs:
                entry = None
            if entry is not None and not entry.extra and lemma in lex.verbs_need_object and not _has_object(token):
                entry = None
            if (entry is not None and lemma in lex.verbs_need_noun_object
                    and not any(ch.dep_ in ("dobj", "nsubjpass") for ch in token.children)):
                entry = None
            if entry is None and lemma in lex.light_verbs | lex.speech_verbs:
                for child in token.children:
                    if child.dep_ in ("dobj", "nsubjpass") and child.pos_ == "NOUN":
                        noun, noun_entry = _event_noun_of(lex, child)
                        if noun_entry is not None and (lemma not in lex.speech_verbs or noun_entry.type in _VERBAL_TYPES):
                            found[noun.i] = Candidate(noun, token, noun_entry)
                            break
                continue
            if entry is not None:
                found[token.i] = Candidate(token, token, entry)
        elif token.pos_ == "ADJ" and lemma in lex.agree_adjectives:
            if any(c.dep_ == "xcomp" for c in token.children):
                anchor = token.head if token.dep_ == "acomp" else token
                found[token.i] = Candidate(token, anchor, Entry("AGREE", None, ()))
        elif token.pos_ == "NOUN" and token.i not in found:  # a PROPN "Pact" or "Accord" is a name
            entry, supported = _noun_entry(lex, token)
            if entry is not None and supported:
                found[token.i] = Candidate(token, token, entry, nominal=True)
    _must_clauses(lex, sentence, found)
    return sorted(found.values(), key=lambda c: c.trigger.i)


def _must_clauses(lex: Lexicon, sentence, found: dict) -> None:
    """ "Russia said Sudan must return the helicopter": a reported obligation is the speaker's REQUEST to
    the clause's subject; the clause's own event, if any, is folded into it."""
    for token in sentence:
        if token.pos_ not in _VERBAL or not any(c.dep_ == "aux" and c.lower_ == "must" for c in token.children):
            continue
        if token.dep_ not in ("ccomp", "acl") or token.head.i in found:
            continue
        speaker_verb = token.head
        if speaker_verb.pos_ not in _VERBAL:  # "a reminder to Iraq that it must": the noun's verb speaks
            speaker_verb = _governing_verb(speaker_verb)
            if speaker_verb is None:
                continue
        if speaker_verb.i in found:
            continue
        c = Candidate(speaker_verb, speaker_verb, Entry("REQUEST", None, ()))
        c.must_clause = token
        found[speaker_verb.i] = c


def _governed(token, must_clause=None) -> list:
    """Tokens a governor takes as its complement: xcomp/ccomp verbs, "of"/"for"/"to" complements, objects."""
    out = [must_clause] if must_clause is not None else []
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp", "dobj", "acomp"):
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("of", "for", "to", "on", "against", "over", "with"):
            out.extend(g for g in child.children if g.dep_ in ("pcomp", "pobj"))
    extra = []
    for item in out:
        extra.extend(c for c in item.children if c.dep_ == "conj")
        if item.dep_ in ("xcomp", "ccomp") and item.pos_ in _VERBAL:  # "threatened to institute a curfew"
            extra.extend(c for c in item.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN")
        if item.dep_ == "dobj":  # "urged the UN to recover": spaCy may hang the infinitive on the object
            extra.extend(c for c in item.children if c.dep_ in ("acl", "relcl") and c.i > item.i)
    return out + extra


def inner_mode(outer: str, inner: Candidate) -> str | None:
    t, mode = inner.type, (inner.mode[0] if inner.mode else None)
    if outer in ("REQUEST", "REJECT"):
        if t in ("RETREAT", "CONCEDE"):
            return "yield"
        if t == "CONSULT":
            return "meet"
        if t in ("AID", "COOPERATE", "SUPPORT"):
            return "assist"
        return "change"
    if outer == "THREATEN":
        if t == "ASSAULT":
            return "violence"
        if t == "COERCE" and mode in ("arrest", "ban", "restrict"):
            return mode
        if t == "COERCE" and mode == "seize":
            return "territory"
        if t == "SANCTION":
            return "expel" if mode == "expel" else "relations"
        if t == "PROTEST":
            return "relations"
    return None


def fold_governed(lex: Lexicon, candidates: list[Candidate]) -> None:
    """Governors absorb the events they govern: one event, the governor's type."""
    by_token = {c.trigger.i: c for c in candidates}
    for c in candidates:
        if c.nominal:
            continue
        if c.trigger.lemma_.lower() in lex.negating:
            # "denied attacking": the attack is coded, negated; "denied the allocation": a rejection
            if any(t.i in by_token for t in _governed(c.trigger)):
                c.absorbed = True
                continue
        outer_type = lex.governors.get(c.trigger.lemma_.lower())
        if c.trigger.pos_ == "ADJ":
            outer_type = "AGREE"
        if c.must_clause is not None:
            outer_type = "REQUEST"
        if outer_type is None:
            continue
        if c.trigger.lemma_.lower() in lex.negating or outer_type == "REJECT":
            # "declined to comment": a statement about speech, not an event; "rejected the allegations" is a
            # REJECT of whoever made them (a claim, which armswatch codes as an event)
            said = [t for t in _governed(c.trigger) if t.lemma_.lower() in _SPEECH_ONLY]
            if said:
                c.absorbed = True
                continue
        c.type = outer_type
        for token in _governed(c.trigger, c.must_clause):
            inner = by_token.get(token.i)
            if inner is None or inner is c:
                continue
            inner.absorbed = True
            c.inner.append(inner)
        if c.inner and c.trigger.lemma_.lower() in _COMMAND_VERBS and c.inner[0].nominal:
            # "ordered patrols", "ordered an attack": the one who orders does it, in the noun's type
            first = c.inner[0]
            c.type, c.mode = first.type, list(first.mode)
            continue
        if c.inner:
            first = c.inner[0]
            if outer_type == "AGREE" and first.type in _CONFLICT_MATERIAL:
                c.type = "THREATEN"  # "vowed to wage war", "prepared to impose martial law"
            mode = inner_mode(c.type, first)
            if c.type == "ACCUSE":
                mode = c.entry.mode or "allege"
            c.mode = [mode] if mode else ([] if c.type != c.entry.type else c.mode)
        elif c.type != c.entry.type and c.must_clause is None:
            # nothing governed: the verb's own phrase decides ("called off a strike" is no request)
            c.type = c.entry.type
        elif c.type in ("REQUEST", "REJECT") and not c.mode:
            for token in _governed(c.trigger):
                entry, _ = _noun_entry(lex, token)
                if entry is not None:
                    mode = inner_mode(c.type, Candidate(token, token, entry))
                    c.mode = [mode] if mode else []
                    break


_INTENT_NOUNS = {"desire", "wish", "intention", "intent", "readiness", "willingness", "determination", "plan",
                 "commitment", "pledge", "promise", "resolve", "bid", "offer", "proposal", "refusal"}
# nouns of intent that refuse: "the government's refusal to accept ..." is a rejection, not an agreement
REFUSAL_NOUNS = {"refusal"}
_INTENT_CLIMB = ("dobj", "xcomp", "acl", "pobj", "prep", "compound", "conj", "pcomp", "advcl")


def intent_noun(c: Candidate):
    """ "expressed the US desire to enhance cooperation": the noun of intent an event hangs under, if any."""
    token = c.trigger
    for _ in range(5):
        if token.dep_ not in _INTENT_CLIMB or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ == "NOUN" and token.lemma_.lower() in _INTENT_NOUNS:
            return token
    return None


# "told a meeting": a speech verb's subject does not hold the meeting it addresses
SPEECH_VERBS_HINT = {"tell", "say", "address", "brief", "inform", "write", "report"}
_STATIVE_PASSIVES = {"oppose", "commit", "dedicate", "determine", "prepare", "opposed", "committed"}
_NOMINAL_CLIMB = ("pobj", "prep", "dobj", "nsubj", "nsubjpass", "compound", "conj", "appos", "attr", "poss")


def _governing_verb(noun):
    token = noun
    for _ in range(6):
        if token.dep_ not in _NOMINAL_CLIMB or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in _VERBAL:
            return token
    return None


def ultimatum(anchor) -> bool:
    """An act announced on a condition the other side must meet ("will withdraw its force unless ...",
    "will boycott the elections unless ..."): PLOVER codes the ultimatum as THREATEN."""
    return any(child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in child.children)
               for child in anchor.children)


def absorb_nominals(candidates: list[Candidate]) -> None:
    """A nominal event under another trigger's verb is part of that event ("killed during clashes")."""
    anchors = {c.anchor.i for c in candidates if not c.nominal and not c.entry.derived}  # derived: cameo.py
    for c in candidates:
        if c.nominal and not c.absorbed:
            verb = _governing_verb(c.trigger)
            if verb is not None and verb.i in anchors:
                c.absorbed = True


# intentions, not yet acts: PLOVER codes a stated future cooperation, retreat or concession as AGREE (CONCEDE
# is the concession made) and a stated future coercion, sanction, protest or attack as THREATEN
FUTURE_AS_INTENT = {"SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE", "CONSULT": "AGREE",
                    "RETREAT": "AGREE", "CONCEDE": "AGREE", "COERCE": "THREATEN", "SANCTION": "THREATEN", "PROTEST": "THREATEN",
                    "ASSAULT": "THREATEN"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
_CONFLICT_MATERIAL = {"COERCE", "SANCTION", "PROTEST", "ASSAULT"}


def subject_of(anchor):
    """The subject of ``anchor``, looking through control verbs, conjoined verbs and participles."""
    token = anchor
    for _ in range(4):
        for child in token.children:
            if child.dep_ in _SUBJECTS:
                return child, "active"
        for child in token.children:
            if child.dep_ in _PASSIVE_SUBJECTS:
                return child, "passive"
        if token.dep_ in ("xcomp", "conj") and token.head.pos_ in _VERBAL:
            token = token.head
            continue
        if token.dep_ == "xcomp" and token.head.pos_ == "ADJ":  # "is about to restore", "ready to talk"
            token = token.head
            continue
        if token.dep_ == "acomp" and token.head.pos_ in _VERBAL:
            token = token.head
            continue
        if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            relative = [c for c in token.children if c.tag_ in ("WDT", "WP") or c.lower_ in ("who", "which", "that")]
            if token.tag_ == "VBN" and not relative:
                return token.head, "passive"  # "weapons left behind"
            if relative and relative[0].dep_ in ("dobj", "pobj"):
                return token.head, "object"
            return token.head, "active"  # "Islamabad accusing Kabul", "groups that launch attacks"
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            # "with Islamabad accusing Kabul": the subject may hang on the preposition
            for child in token.head.children:
                if child.dep_ == "pobj" and child.i < token.i:
                    return child, "active"
            if token.head.head.pos_ in _VERBAL:  # "resorted to throwing stones", "is about to restore"
                token = token.head.head
                continue
        break
    return None, ""


def _agent(anchor):
    for child in anchor.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _prep_objects(token, preps: set[str]):
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield pobj


def argument_tokens(c: Candidate) -> tuple[list, list]:
    """(actor heads, recipient heads) as parse tokens, before resolution."""
    actors, recipients = [], []
    if c.nominal and c.anchor is c.trigger:
        noun = c.trigger
        for child in noun.children:
            if child.dep_ == "poss":
                actors.append(child)
            elif (child.dep_ in ("compound", "amod", "nmod") and child.pos_ in ("PROPN", "ADJ") and child.i < noun.i
                  and child.text[:1].isupper() and c.type != "CONSULT"):  # "Israeli attack"; but a "UNSC meeting" is hosted, not held, by the UNSC
                actors.append(child)
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                actors.extend(p for p in child.children if p.dep_ == "pobj")
        recipients.extend(_prep_objects(noun, _NOMINAL_RECIPIENT_PREPS))
        verb = _governing_verb(noun)
        if not actors and verb is not None and noun.dep_ in ("dobj", "pobj"):
            # "arrived in Amman on a visit", "return to Geneva for talks": the verb's subject holds the event
            subject, voice = subject_of(verb)
            speech = verb.lemma_.lower() in SPEECH_VERBS_HINT and c.type not in _VERBAL_TYPES
            if subject is not None and voice == "active" and not speech:
                actors.append(subject)
                if c.type == "CONSULT":
                    recipients.extend(p for p in _prep_objects(verb, {"in", "to"}) if p is not noun)
        return actors, recipients

    anchor = c.anchor
    subject, voice = subject_of(anchor)
    agent = _agent(anchor)
    if voice == "passive" and agent is None and anchor.lemma_.lower() in _STATIVE_PASSIVES:
        voice = "active"  # "Israel is opposed to French mediation": a state of the subject
    if voice == "passive":
        recipients.append(subject)
        if agent is not None:
            actors.append(agent)
    elif voice == "object":
        recipients.append(subject)
    elif subject is not None:
        actors.append(subject)
    objects = [ch for ch in anchor.children if ch.dep_ in _OBJECTS and ch.pos_ in ("NOUN", "PROPN", "PRON")]
    if c.trigger is not anchor and c.trigger in objects:
        objects.remove(c.trigger)  # "launched an attack on X": the object is the event noun
        recipients.extend(_prep_objects(c.trigger, _NOMINAL_RECIPIENT_PREPS))
    recipients.extend(objects)
    recipients.extend(_prep_objects(anchor, _RECIPIENT_PREPS))
    if c.type in ("REQUEST", "REJECT") and not c.inner and not objects:
        # "demanded that the United States match ...": who is asked is the complement's subject
        for child in anchor.children:
            if child.dep_ == "ccomp":
                inner_subject, inner_voice = subject_of(child)
                if inner_subject is not None and inner_voice == "active" and inner_subject not in actors:
                    recipients.append(inner_subject)
    for obj in objects:
        if obj.pos_ == "NOUN":  # "shared evidence with the U.S.": the preposition may hang on the object
            recipients.extend(_prep_objects(obj, {"with", "to", "against", "toward", "towards"}))
    if c.must_clause is not None:
        objects = []
        recipients = [r for r in recipients if r.dep_ != "dobj"]
        subject, _ = subject_of(c.must_clause)
        if subject is not None:
            recipients.insert(0, subject)
    # governor folded over an inner event: the inner event's own actor is who is asked/threatened/accused
    for inner in c.inner:
        if inner.trigger.i == anchor.i:
            continue
        inner_subject, inner_voice = subject_of(inner.anchor)
        inner_agent = _agent(inner.anchor)
        if c.type in ("REQUEST", "REJECT"):
            if inner_agent is not None:  # "sought to be returned by Kabul"
                recipients.append(inner_agent)
            elif inner_subject is not None and inner_subject not in actors:
                recipients.append(inner_subject)
        elif c.type == "THREATEN":
            inner_recipients = argument_tokens(inner)[1]
            recipients.extend(inner_recipients)
    if not recipients and c.type in ("THREATEN", "AGREE", "REJECT", "CONCEDE"):
        # "threatened to cut off electricity to Nakhichevan": the complement's own objects
        for child in anchor.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ in _VERBAL:
                recipients.extend(ch for ch in child.children if ch.dep_ in ("dobj", "dative"))
                recipients.extend(_prep_objects(child, _RECIPIENT_PREPS))
    if c.trigger is not anchor and anchor.lemma_.lower() in ("receive", "get", "obtain", "accept"):
        # "militants receive support from X": the giver is the from-object, the receiver the subject
        givers = list(_prep_objects(anchor, {"from"}))
        recipients = [t for t in actors] + [t for t in recipients if t not in givers]
        actors = givers
    return actors, recipients


def _reported(lex: Lexicon, token) -> bool:
    return token.dep_ == "ccomp" and _lemma(lex, token.head) in lex.speech_verbs


def flags(lex: Lexicon, c: Candidate) -> tuple[bool, bool, bool]:
    """(negated, hypothetical, future) from the trigger's own auxiliaries and the verbs that govern it."""
    negated = hypothetical = future = False
    token = c.anchor
    for step in range(6):
        for child in token.children:
            low = child.lower_
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and low in ("no", "never")):
                negated = not negated if step and token.lemma_.lower() in lex.negating else True
            if child.dep_ in ("aux", "auxpass"):
                if low == "would" and _reported(lex, token):
                    future = True  # "they said they would boycott": the future of reported speech
                elif low in _MODALS_HYPOTHETICAL:
                    hypothetical = True
                elif low in _MODALS_FUTURE:
                    future = True
            if child.dep_ == "mark" and low in _CONDITIONAL_MARKS:
                hypothetical = True
            if child.dep_ == "aux" and low == "to" and token.head.lemma_.lower() == "go" and token.dep_ == "xcomp":
                future = True
        if step:
            lemma = token.lemma_.lower()
            if lemma in lex.negating:
                negated = True
            if lemma in lex.hypothetical:
                hypothetical = True
            if lemma in lex.future:
                future = True
        # climb only through complement links; a speech verb's tense or a main clause's modal is not ours
        if token.dep_ in ("xcomp", "ccomp", "conj", "pcomp", "acomp", "advcl") and token.head.i != token.i:
            if token.dep_ == "conj" and step == 0:
                token = token.head
                continue
            if token.dep_ == "ccomp" and token.head.lemma_.lower() in lex.speech_verbs:
                break
            if token.dep_ == "advcl" and not any(ch.dep_ == "mark" and ch.lower_ in _CONDITIONAL_MARKS for ch in token.children):
                break
            token = token.head
            if token.dep_ == "prep":
                token = token.head
            continue
        if token.dep_ == "pobj" and token.head.dep_ == "prep":
            token = token.head.head
            continue
        if token.dep_ in ("acl", "ccomp") and token.head.lemma_.lower() in _SPEECH_CONTENT:
            token = token.head  # "denied charges that his government had helped": the charge is denied
            if token.head.i != token.i and token.dep_ in ("dobj", "nsubjpass"):
                token = token.head
            continue
        break
    if c.type == "THREATEN" or c.trigger.lemma_.lower() in ("threaten", "warn"):
        hypothetical = False  # the threat itself happened; what is threatened is folded into it
    return negated, hypothetical, future


def modes_and_context(lex: Lexicon, c: Candidate, sentence) -> tuple[list[str], list[str]]:
    modes = list(c.mode)
    cues = lex.mode_cues.get(c.type)
    if cues and not modes:
        scope = set()
        for tok in c.anchor.subtree:
            scope.add(tok.lemma_.lower())
        subject, _ = subject_of(c.anchor)
        if subject is not None:
            scope.update(t.lemma_.lower() for t in subject.subtree)
        for inner in c.inner:
            scope.update(t.lemma_.lower() for t in inner.trigger.subtree)
        for lemma in sorted(scope):
            mode = cues.get(lemma)
            if mode and mode not in modes:
                modes.append(mode)
    contexts = []
    for tok in sentence:
        ctx = lex.context_cues.get(tok.lemma_.lower())
        if ctx and ctx not in contexts:
            contexts.append(ctx)
    return modes, contexts

"""Who is who in an arms happening, read from the clause: who seized, from whom or bound for whom, who supplied
whom, and how far a transfer went.

The clause's own words come first: the agent of the seizure or transfer verb, its "from", "to", "bound for",
"belonging to" phrases and the weapon's possessor. Where the clause names no party, the nearest earlier clause
of the same paragraph that acted on someone ("the terrorists were neutralised by troops …") lends its agent
(the seizing party) and its patient (the party the weapons were taken from).
"""

from __future__ import annotations

from .roles import GIVE, RECOVERY, SEIZURE, TAKE, _MODALS, _agent, _prep_object, in_dateline, same_block
from .words import words

_TAKE_SUBJECT = words("take_subject")
_INCOMING_NOUNS = words("incoming_nouns")
_ARRIVAL = words("arrival")
_BOUND_FOR = words("bound_for")
_BELONGING = words("belonging")
_DENY = words("deny")
_CLAIM_NOUNS = words("claim_nouns")
_PATIENT_VERBS = words("cameo", "patient") | words("acted_on") | SEIZURE | RECOVERY
_STATUS = {name: words("status", name) for name in ("pledged", "ordered", "delivered")}
_NOT_PARTIES = {"which", "that", "this", "these", "those", "what", "who", "whom"}


def owner_word(token) -> bool:
    """ "bound", "belonging", "destined": a word whose slot says who owns, or was to get, the weapons (read by
    lemma and as written: spaCy lemmatises "bound" as "bind")."""
    return bool({token.lemma_.lower(), token.lower_} & (_BOUND_FOR | _BELONGING))


def _subject(verb):
    for child in verb.children:
        if child.dep_ == "nsubj" and same_block(child, verb) and not in_dateline(child):
            if child.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    return None


def _passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN")


def _prep(token, preps: tuple[str, ...]):
    return _prep_object(token, preps, bare_dative=False)


def _doer(verb):
    """The one who does the verb: the by-agent of a passive, else the subject."""
    if verb.pos_ not in ("VERB", "AUX"):
        return _agent(verb) or next((c for c in verb.children if c.dep_ == "poss"), None)
    return _agent(verb) if _passive(verb) else _subject(verb)


def _destination(head, trigger):
    """ "weapons bound for the Houthis", "destined for", "belonging to the Zetas", "the Taliban's rifles"."""
    for node in (head, trigger):
        if node is None:
            continue
        for child in node.children:
            # "bound for X", "belonging to X", "rounds which were being transferred to X"
            if child.dep_ in ("acl", "amod", "relcl", "advcl", "prep") and owner_word(child) \
                    or node is head and child.dep_ in ("acl", "relcl") and child.lemma_.lower() in GIVE:
                found = _prep(child, ("for", "to", "towards"))
                if found is not None:
                    return found
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
            return child
    return _stranded_destination(head, trigger)


def _stranded_destination(head, trigger):
    """ "intercepted rounds at an airport which were being transferred to X": the parser hangs the relative clause
    on the nearest noun (the airport); a passive transfer clause there is about the goods, so X is where they were
    going."""
    for node in (trigger, head):
        if node is None:
            continue
        for prep in node.children:
            if prep.dep_ != "prep" or prep.i < head.i:
                continue
            for place in prep.children:
                for clause in place.children if place.dep_ == "pobj" else ():
                    if clause.dep_ == "relcl" and clause.lemma_.lower() in GIVE | _BOUND_FOR and _passive(clause):
                        found = _prep(clause, ("to", "for", "towards"))
                        if found is not None:
                            return found
    return None


def _from(head, trigger):
    for node in (trigger, head):
        if node is not None:
            found = _prep(node, ("from", "off"))
            if found is not None:
                return found
    return None


def party_tokens(trigger, event: str | None, head) -> dict[str, object]:
    """Role -> token of the clause that names it (seized_by, seized_from, supplier, recipient)."""
    out: dict[str, object] = {}
    if trigger is None or event is None:
        return out
    lemma = trigger.lemma_.lower()
    if event in ("seizure", "recovery", "trafficking"):
        if event != "trafficking":
            out["seized_by"] = _doer(trigger)
        out["seized_from"] = _from(head, trigger) if event != "trafficking" else None
        out["seized_from"] = out["seized_from"] or _destination(head, trigger)
    elif event == "transfer":
        incoming = lemma in _TAKE_SUBJECT or (lemma in TAKE and lemma not in GIVE)
        if trigger.pos_ in ("NOUN", "PROPN"):
            incoming = lemma in _INCOMING_NOUNS
            supplier = _agent(trigger) or _prep(trigger, ("from", "with") if incoming else ("from",)) or next(
                (c for c in trigger.children if c.dep_ == "poss"), None)
            recipient = _prep(trigger, ("to", "for"))
            if recipient is not None and recipient.i > head.i and incoming:
                recipient = None  # "a deal … for five regiments": the goods, not the buyer
            if trigger.dep_ == "dobj" and trigger.head.pos_ in ("VERB", "AUX"):
                doer = _doer(trigger.head)
                if supplier is None and incoming:  # "signed a deal … with Russia", the "with" on the verb
                    supplier = _prep(trigger.head, ("with", "from"))
                if incoming or trigger.head.lemma_.lower() in _TAKE_SUBJECT:
                    recipient = recipient or doer
                elif supplier is None:
                    supplier = doer
        elif incoming:
            recipient, supplier = _doer(trigger), _prep(trigger, ("from",))
        elif lemma in _ARRIVAL:
            supplier, recipient = None, _prep(trigger, ("in", "at", "to"))
        else:
            supplier = _doer(trigger)
            recipient = _prep(trigger, ("to", "for"))
            if recipient is None:
                recipient = next((c for c in trigger.children if c.dep_ == "dative"), None)
            if recipient is None and (head.dep_ == "pobj" and head.head.lower_ == "with" or lemma in ("equip", "arm")):
                # "supplied the Houthis with drones": the recipient is the object
                recipient = next((c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")), None)
        out["supplier"], out["recipient"] = supplier, recipient
    return {role: token for role, token in out.items() if token is not None and token.lower_ not in _NOT_PARTIES
            and token.i != head.i}


def status(trigger, hypothetical: bool) -> str | None:
    """pledged / ordered / delivered, from the transfer's lemma and its modality."""
    if trigger is None:
        return None
    lemma = trigger.lemma_.lower()
    lemmas = {lemma, trigger.head.lemma_.lower()} if trigger.dep_ in ("xcomp", "pobj", "dobj") else {lemma}
    if lemmas & _STATUS["pledged"] or hypothetical:
        return "pledged"
    if lemmas & _STATUS["ordered"]:
        return "ordered"
    if lemma in _STATUS["delivered"]:
        future = any(c.dep_ == "aux" and c.lower_ in _MODALS | {"to"} for c in trigger.children)
        return "pledged" if future else "delivered"
    return None


def negated(trigger, head) -> bool:
    """ "did not seize", "no missiles have been parachuted", "denied supplying drones", "rejected reports that it
    had delivered tanks"."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return True
    listed = head  # "neither rifles nor ammunition were found"
    while listed.dep_ == "conj" and listed.head != listed:
        listed = listed.head
    if any(c.lower_ == "neither" for c in listed.children):
        return True
    node = trigger
    for _ in range(4):
        if node is None or node.pos_ not in ("VERB", "AUX", "NOUN"):
            break
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.head != node and node.head.lemma_.lower() in _DENY and node.dep_ in ("xcomp", "ccomp", "dobj", "pcomp"):
            return True
        claim = node.dep_ in ("acl", "ccomp") and node.head.lemma_.lower() in _CLAIM_NOUNS
        node = node.head if node.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "dobj") or claim else None
    return False


def earlier_clauses(sentence, sentences: list, limit: int = 3):
    """Clauses of this sentence, then of up to ``limit`` earlier ones (news paragraphs are often one sentence), that acted on
    someone: (verb, doer token or None, patient token or None), nearest first. ``sentences``: the document's,
    listed once (``doc.sents`` is rebuilt on every call)."""
    earlier = []
    for sent in reversed(sentences):
        # fragments the parser splits off ("Brig.-Gen.") do not count towards the limit
        if sent.end <= sentence.start and sum(not t.is_space for t in sent) > 3:
            earlier.append(sent)
            if len(earlier) == limit:
                break
    sentences = [sentence, *earlier]
    for sent in sentences:
        for token in sent:
            if token.pos_ != "VERB" or token.lemma_.lower() not in _PATIENT_VERBS:
                continue
            patient = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
            yield token, _doer(token), patient

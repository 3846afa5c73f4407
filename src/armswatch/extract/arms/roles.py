"""Who, what happened, where, when and according to whom: the roles of an arms mention, read from the parse.

From the mention's noun the dependency tree is climbed (through list members, "of"-phrases and prepositions)
to the first verb or event noun. Its lemma names the event (holding, transfer, seizure, recovery, trafficking,
use, loss, access); its subject, agent or recipient is the holder; a speech verb above it ("X said that …",
"according to X") gives the source, with "the X report" resolved to X.
"""

from __future__ import annotations

import re

from .words import noun_events, words

HOLDING = words("verb_events", "holding")
# the hand list's seizure verbs, and CAMEO's (1711/171) where the hand list does not class them otherwise
RECOVERY = words("verb_events", "recovery")
SEIZURE = words("verb_events", "seizure") | (words("cameo", "seizure") - RECOVERY)
GIVE = words("verb_events", "give") | (words("cameo", "transfer") - words("take_subject")) | words("arrival")
TAKE = words("verb_events", "take") | words("take_subject")
TRAFFICKING = words("verb_events", "trafficking")
USE = words("verb_events", "use")
LOSS = words("verb_events", "loss")
ACCESS = words("verb_events", "access")
SPEECH = words("speech")
DOCUMENT_NOUNS = words("document_nouns")
_NOUN_EVENTS = noun_events()
_MODALS = words("modals")
_IRREALIS_HEADS = words("irrealis_heads")
_PASS_DEPS = {"conj", "appos", "pobj", "prep", "dobj", "nsubjpass", "attr", "oprd", "npadvmod", "nmod", "compound",
              "dative", "obj", "pcomp", "acomp", "nsubj", "agent", "xcomp", "advcl", "amod"}


def same_block(a, b) -> bool:
    """Two tokens of one paragraph. The parser sometimes joins a headline, byline or dateline to the first
    sentence across line breaks ("Police seize guns \\n\\n BOGOTA (Reuters) - Police said …"); a relation
    across a line break is the parser's, not the text's."""
    low, high = sorted((a.idx, b.idx))
    return "\n" not in a.doc.text[low:high]


# "KABUL, Afghanistan (AP) —", "ISLAMABAD (Reuters) -", "KYIV, Jan 25 (Reuters) -", "DUBAI/PORT SUDAN (Reuters) -"
# opening a line: the place (or places), the filing date where written, and the agency (``a``) that filed the story
DATELINE = re.compile(r"^[A-Z][A-Za-z0-9 .,'’/-]{1,48}\s*\((?P<a>[A-Z][\w&. ]{1,30})\)\s*[-–—:]", re.MULTILINE)


def in_dateline(token) -> bool:
    """The token is part of a dateline the parser made a subject of the first sentence ("KABUL, Afghanistan (AP)
    — Afghan soldiers captured …": KABUL is no party)."""
    text = token.doc.text
    line = text.rfind("\n", 0, token.idx) + 1
    match = DATELINE.match(text, line)
    return match is not None and token.idx < match.end()


def verb_event(token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ in ("NOUN", "PROPN"):
        event = _NOUN_EVENTS.get(lemma)
        if lemma == "sale" and any(c.lower_ in ("illegal", "illicit", "black", "clandestine", "covert") for c in token.lefts):
            return "trafficking"
        return event
    if token.pos_ not in ("VERB", "AUX"):
        return None
    if lemma in ("get", "gain") and any(c.lower_ in ("access", "hold", "hands") for c in token.children):
        return "access"
    if lemma == "leave":
        return "loss"
    for name, words in (("seizure", SEIZURE), ("recovery", RECOVERY), ("trafficking", TRAFFICKING),
                        ("access", ACCESS), ("transfer", GIVE | TAKE), ("loss", LOSS), ("use", USE), ("holding", HOLDING)):
        if lemma in words:
            if lemma == "find" and not any(c.dep_ in ("dobj", "nsubjpass") for c in token.children):
                return None
            if lemma in ("have", "hold", "keep") and token.pos_ == "AUX":
                return None
            return name
    return None


def find_trigger(head):
    """The verb or event noun whose happening the mention takes part in, or None."""
    if head.dep_ == "compound" and head.pos_ != "PROPN" and head.head.i == head.i + 1:
        # "arms sales" is a transfer of arms; "gun actions", "weapons report" are about something else
        event = verb_event(head.head) if head.head.pos_ in ("NOUN", "PROPN") else None
        if event or not any(c.dep_ == "nummod" for c in head.head.children):
            return (head.head, event) if event else None
        # "five S-400 regiments": counted units of the weapon; what happened to them is above the unit noun
    node = head
    for _ in range(7):
        parent = node.head
        if parent == node or not same_block(parent, head):
            break
        dep = node.dep_
        if dep not in _PASS_DEPS:
            break
        node = parent
        event = verb_event(node)
        if event == "holding" and node.pos_ == "NOUN" and node.dep_ in ("dobj", "nsubjpass") \
                and verb_event(node.head) not in (None, "holding"):
            # "confiscated an arsenal of weapons": the container noun's verb says what happened to them
            return node.head, verb_event(node.head)
        if event == "holding" and node.pos_ in ("VERB", "AUX"):
            seized = _carrier_seized(node)
            if seized is not None:
                return seized
        if event:
            return node, event
        if node.lemma_ in ("include", "comprise", "contain") and node.dep_ in ("relcl", "acl") and node.head != node:
            node = node.head  # "a huge quantity of weapons, which included three Kalashnikovs"
            continue
        if node.pos_ in ("VERB", "AUX") and node.lemma_ not in ("be", "include", "comprise", "contain") \
                and node.dep_ not in ("xcomp", "conj"):
            # "signed a deal with Russia for five S-400 regiments": the "for" hangs on the verb of the deal
            deal = next((c for c in node.children if c.dep_ == "dobj" and verb_event(c) == "transfer"), None)
            if deal is not None and dep == "prep":
                return deal, "transfer"
            break
    for child in head.children:
        if child.dep_ in ("acl", "relcl"):
            event = verb_event(child)
            if event:
                return child, event
    return of_trigger(head) or window_trigger(head)


def _carrier_seized(verb):
    """ "intercepted a dhow carrying 2,000 rifles", "seized a boat that was carrying rifles": the carrying clause
    hangs on what was seized (or on its verb); what happened to the weapons is that seizure, and the carrier's
    seizer is not their holder."""
    if verb.dep_ in ("acl", "relcl") and verb.head.dep_ in ("dobj", "nsubjpass"):
        above = verb.head.head
    elif verb.dep_ == "advcl":
        above = verb.head
    else:
        return None
    event = verb_event(above) if above.pos_ in ("VERB", "AUX") else None
    return (above, event) if event in ("seizure", "recovery") else None


_FINITE = {"VBD", "VBZ", "VBP", "MD"}


def window_trigger(head):
    """Run-on sentences the parser cannot follow ("Three AK47 rifles 18 magazines 25 live grenades … were
    recovered from the slain terrorists"): the nearest seizure or recovery verb in the same sentence with no
    other finite verb between it and the weapon."""
    doc, sentence = head.doc, head.sent
    for step in (1, -1):
        index = head.i + step
        while sentence.start <= index < sentence.end and abs(index - head.i) <= 45:
            token = doc[index]
            event = verb_event(token) if token.pos_ in ("VERB", "AUX") else None
            if event in ("seizure", "recovery"):
                return token, event
            if token.tag_ in _FINITE and token.dep_ not in ("aux", "auxpass") and token.lemma_ not in ("be",):
                break
            index += step
    return None


def of_trigger(head):
    """ "trafficking and illegal sale of NATO and Soviet arms" where the parser lost the "of": the event noun
    written just before "of" and the weapon, with only names and modifiers between."""
    doc, sentence = head.doc, head.sent
    index = head.i - 1
    while index > sentence.start and head.i - index <= 12:
        token = doc[index]
        if token.lower_ == "of":
            before = doc[index - 1] if index - 1 >= sentence.start else None
            if before is None:
                return None
            event = verb_event(before) or (_NOUN_EVENTS.get(before.lemma_.lower()) if before.tag_ == "VBG" else None)
            if event is None and before.tag_ == "VBG":
                event = {"traffic": "trafficking", "smuggle": "trafficking"}.get(before.lemma_.lower())
            return (before, event) if event else None
        if token.pos_ in ("VERB", "AUX", "NUM") or token.lower_ in (".", ";"):
            return None
        index -= 1
    return None


def of_gap_start(head, trigger) -> int | None:
    """Start of the words between an "of" trigger and the weapon (they may name its origin)."""
    if trigger is None or trigger.i >= head.i or head.i - trigger.i > 13:
        return None
    return trigger.idx + len(trigger.text)


def irrealis(trigger) -> bool:
    """ "urged the UN to recover these weapons", "could seize", "did not seize": not a reported happening."""
    if trigger.pos_ not in ("VERB", "AUX"):
        return False
    for child in trigger.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and child.lower_ in _MODALS:
            return True
        if child.dep_ == "aux" and child.lower_ == "to" and trigger.head.lemma_.lower() in _IRREALIS_HEADS:
            return True  # "urged the UN to recover", but not "claimed to have seized"
    if trigger.dep_ in ("xcomp", "ccomp") and trigger.head.lemma_.lower() in _IRREALIS_HEADS:
        return True
    return False


def _members(token) -> list:
    """ "militant groups like the TTP and the BLA" -> [TTP, BLA]; "X and Y" -> [X, Y]."""
    out = []
    for member in [token, *[c for c in token.subtree if c.dep_ == "conj" and _conj_root(c) == token]]:
        named = []
        for child in member.children:
            if child.dep_ == "prep" and (child.lower_ in ("like", "including") or
                                         (child.lower_ == "as" and any(c.lower_ == "such" for c in member.children)
                                          or child.lower_ == "as" and child.i > 0 and child.doc[child.i - 1].lower_ == "such")):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        named.extend(_members(pobj))
        out.extend(named or [member])
    return out


def _conj_root(token):
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def phrase_span(token) -> tuple[int, int]:
    """The token's noun phrase without its list partners, relative clauses or prepositional tails."""
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ not in ("cc", "conj", "punct", "prep", "relcl", "acl", "det") or child.dep_ == "punct" and False:
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in ("appos", "compound", "flat", "nmod", "npadvmod") or (child.dep_ == "punct" and child.text in ")"):
            right = max(right, child.right_edge.i)
    while left < token.i and doc[left].dep_ in ("det", "punct", "cc"):
        left += 1
    # a trailing "(" left open
    if right + 1 < len(doc) and doc[right + 1].text == ")" and any(doc[i].text == "(" for i in range(left, right + 1)):
        right += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "expl") and same_block(child, verb) and not in_dateline(child):
            if child.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
        return _subject(verb.head)
    if verb.dep_ in ("acl", "relcl"):
        return None
    return None


def _agent(verb):
    for child in verb.children:
        if (child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by")) and same_block(child, verb):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _prep_object(token, words: tuple[str, ...], *, bare_dative: bool = True):
    """The object of one of ``words`` as a preposition of ``token``; with ``bare_dative``, also a bare dative
    noun ("gave them rifles")."""
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in words:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
        if bare_dative and child.dep_ == "dative" and child.pos_ in ("NOUN", "PROPN"):
            return child
    return None


def holder_tokens(trigger, event: str, mention_head) -> list:
    """The party that ends up with the arms: the subject of "had/seized/recovered/gained access", the agent of a
    passive, the recipient of a transfer."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        agent = _prep_object(trigger, ("by",))
        if agent is None:
            for child in trigger.children:
                if child.dep_ == "poss":
                    agent = child
        if agent is None and event in ("transfer",):
            agent = _prep_object(trigger, ("to",))
        if agent is None and trigger.dep_ in ("dobj", "pobj", "nsubjpass") and trigger.head.pos_ in ("VERB", "AUX"):
            verb = trigger.head if trigger.dep_ != "pobj" else trigger.head.head
            if verb.pos_ in ("VERB", "AUX") and trigger.dep_ == "dobj":
                agent = _subject(verb)
        return _members(agent) if agent is not None else []
    lemma = trigger.lemma_.lower()
    if event == "use" and any(c.dep_ == "prt" and c.lower_ == "down" for c in trigger.children):
        return []  # "shot down a drone": the drone was the target, not the shooter's weapon
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children) or (
        trigger.dep_ == "acl" and trigger.tag_ == "VBN")
    if event == "transfer" and lemma in GIVE:
        recipient = _prep_object(trigger, ("to", "for"))
        if recipient is None and mention_head.dep_ == "pobj" and mention_head.head.lower_ == "with":
            # "supplied the Houthis with drones": the recipient is the object
            recipient = next((c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if lemma in ("equip", "arm"):
            recipient = next((c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")), None)
        return _members(recipient) if recipient is not None else []
    if passive:
        agent = _agent(trigger)
        return _members(agent) if agent is not None else []
    subject = _subject(trigger)
    if subject is None or subject == mention_head or subject.pos_ == "PRON" and subject.lower_ in ("it", "which", "that"):
        return [] if subject is None or subject == mention_head else [subject]
    return _members(subject)


def source_token(trigger_or_head):
    """The speaker of "X said (that) …" above the happening, or X in "according to X"; "the X report" -> X."""
    node = trigger_or_head
    sentence = node.sent
    for token in sentence:
        if token.lower_ == "according":
            for prep in token.children:
                if prep.lower_ == "to":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return _owner(pobj)
    for _ in range(8):
        parent = node.head
        if parent == node or not same_block(parent, trigger_or_head):
            break
        if node.dep_ in ("ccomp", "parataxis", "conj", "advcl") or parent.lemma_.lower() in SPEECH:
            if parent.lemma_.lower() in SPEECH and parent.pos_ in ("VERB", "AUX"):
                speaker = _subject(parent) or _agent(parent)
                if speaker is not None:
                    return _owner(speaker)
        node = parent
    root = sentence.root
    if root.lemma_.lower() in SPEECH and root != trigger_or_head and same_block(root, trigger_or_head):
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and trigger_or_head in child.subtree:
                speaker = _subject(root)
                if speaker is not None:
                    return _owner(speaker)
    # "X had Y, the report said": the speech verb hangs below the happening
    for child in sentence.root.children:
        if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in SPEECH and sentence.root == trigger_or_head \
                and same_block(child, trigger_or_head):
            speaker = _subject(child)
            if speaker is not None:
                return _owner(speaker)
    return None


def _owner(token):
    """ "The Small Arms Survey report" -> the span of "Small Arms Survey"; "its report" -> "its"; else the token."""
    for child in token.children:  # "a Geneva-based monitor, Small Arms Survey"
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    if token.lemma_.lower() not in DOCUMENT_NOUNS:
        return token
    compounds = [c for c in token.lefts if c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN"]
    if compounds:
        return compounds[-1]
    for child in token.children:
        if child.dep_ == "poss":
            return child
    owner = _prep_object(token, ("by", "of", "from"))
    return owner if owner is not None else None


def owner_span(token) -> tuple[int, int]:
    """Span of an owner token with its own compounds ("Small Arms Survey")."""
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "poss") and child.pos_ in ("PROPN", "NOUN", "ADJ"):
            left = min(left, child.left_edge.i)
    while left < token.i and doc[left].dep_ in ("det", "punct"):
        left += 1
    end_token = token
    if token.dep_ == "poss" and token.i + 1 < len(doc) and doc[token.i + 1].tag_ == "POS":
        end_token = token
    return doc[left].idx, end_token.idx + len(end_token.text)


_PLACE_PREPS = tuple(sorted(words("place_preps")))


def place_tokens(trigger, head) -> list:
    """Tokens of places attached by a preposition to the happening or to the weapon ("left in Afghanistan")."""
    out = []
    for node in [t for t in (trigger, head) if t is not None] + [c for c in head.children if c.dep_ in ("acl", "relcl")]:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.append(pobj)
                        out.extend(c for c in pobj.children if c.dep_ == "conj")
    return out

"""The source of a cue: the subject the parse gives it, cut to the words that name the speaker and to the
cue's own line."""

from __future__ import annotations

from .lexicon import lexicon
from .spans import Span, head_part, span_of, subtree, trim, word_count

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")


def source_token(token):
    """The subject of a cue, looking through coordination, participles and relative pronouns."""
    seen = 0
    while token is not None and seen < 4:
        seen += 1
        subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
        if subjects:
            return _one_subject(subjects)
        for child in token.children:
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        if token.dep_ in ("conj", "xcomp", "advcl") and token.head is not token:
            token = token.head
            continue
        if token.dep_ == "pcomp" and token.head.head.pos_ in ("VERB", "AUX"):  # "…, by saying that"
            token = token.head.head
            continue
        if token.dep_ in ("acl",) and token.head.pos_ in ("NOUN", "PROPN"):
            return _issued_by(token.head) or token.head
        return None
    return None


def _one_subject(subjects):
    """Of the subjects the parser gave one verb (a misparse), the one nearest the verb: before it stands a
    dateline, a time stamp or a fronted phrase ("Washington (AFP) – Clinton has said"), or the first part of a
    coordination, which ``_coordinated`` adds back."""
    before = [c for c in subjects if c.i < c.head.i]
    return before[-1] if before else subjects[0]


def _coordinated(subject) -> list:
    """The subjects before ``subject`` the parser gave the same verb that the one phrase joins to it with a
    conjunction or a list ("89% of Democrats and 83% of Republicans say", "voters in Ohio, Utah and Iowa
    said"): their tokens, and those between."""
    doc = subject.doc
    earlier = [c for c in subject.head.children if c.dep_ in _SUBJECTS and c.i < subject.i]
    if not earlier or subject.dep_ not in _SUBJECTS:
        return []
    first = earlier[-1]
    between = [t.lower_ for t in doc[first.right_edge.i + 1:subject.left_edge.i]]
    listed = between == [","] and any(c.dep_ == "conj" for c in subject.children)  # "X, Y and Z said"
    if not listed and between not in (["and"], ["or"], [",", "and"], [",", "or"]):
        return []
    return list(doc[first.left_edge.i:subject.left_edge.i])


def _issued_by(noun):
    """'the ministry issued a statement saying …', 'X shot back in an article stating …': the cue hangs off
    the document, and the source is who issued or wrote it (the subject of the verb that issued it, one
    issuer only: a joint statement speaks as itself)."""
    lex = lexicon()
    if noun.lemma_.lower() not in lex.nouns or noun.pos_ != "NOUN":
        return None
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "in":
        verb = verb.head
    elif noun.dep_ != "dobj" or verb.lemma_.lower() not in lex.issue_verbs:
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON" and subject.lower_ in ("it", "there", "which", "that", "who"):
        return None
    return None if any(c.dep_ == "conj" for c in subject.children) else subject


def source_of(token, text: str) -> tuple[Span | None, Span | None]:
    """(full mention, naming part) of the cue's source, within the cue's paragraph."""
    mention, named = _source_spans(token, text)
    if mention is None:
        return None, None
    named = named or mention
    # words of another line the parser hung on the mention are cut off; a speaker whose name lies on
    # another line than the cue is a misparse (headings, datelines)
    clipped = _clip(text, token.idx, named)
    if clipped is None or word_count(text[clipped[0]:clipped[1]]) < word_count(text[named[0]:named[1]]) / 2:
        return None, None
    mention = _clip(text, token.idx, mention) or clipped
    if mention[0] < token.idx < mention[1]:  # the parser hung the cue inside the subject: cut there
        mention = trim(text, mention[0], token.idx) or mention
    return _unquoted(text, mention), _unquoted(text, clipped)


def _unquoted(text: str, span: Span) -> Span:
    """A source mention without a stray quote mark left over from a quotation next to it."""
    start, end = span
    while end - start > 1 and text[start] in "\"“”'‘" and text[start + 1] == " ":
        start += 2
    return (start, end) if end > start else span


def _clip(text: str, offset: int, span: Span) -> Span | None:
    """``span`` cut to the line holding ``offset``, its edges otherwise kept; None when it lies wholly on
    another line (a time stamp or heading the parser made the subject)."""
    if "\n" not in text[span[0]:span[1]]:
        return span
    start = max(span[0], text.rfind("\n", 0, offset) + 1)
    end = text.find("\n", offset)
    end = min(span[1], len(text) if end == -1 else end)
    while start < end and text[start].isspace():
        start += 1
    return (start, end) if end > start else None


def _source_spans(token, text: str) -> tuple[Span | None, Span | None]:
    if token.lemma_.lower() == "accord":  # "according to X"
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "to":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return span_of(list(pobj.subtree), text), head_part(pobj, text)
        return None, None
    subject = source_token(token)
    if subject is None or subject.lower_ == "there" or (subject.lower_ == "it" and subject.dep_ != "nsubj"):
        return None, None
    # the whole noun phrase, relative clauses included ("Derek Mitchell, who served as …, said"), but not
    # the cue's own clause when the cue hangs off the subject ("Islamabad accusing Kabul …")
    if subject.lower_ == "that" and token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN"):
        # "a raft of rules that promise …": PolNeAR writes the thing the relative pronoun stands for
        named = token.head
        return head_part(named, text), head_part(named, text)
    # the cue's own clause is no part of the mention, nor what only frames the subject: a participle
    # phrase set off by a comma ("Trump, speaking to veterans, said") or a date ("a panel in 2001")
    skip = [token] if token in subject.subtree else []
    for child in subject.children:
        if child.i > subject.i and (_parenthetical_participle(child) or _date_phrase(child) or _aside(child)):
            skip.append(child)
    mention = _coordinated(subject) + _without_loose_punctuation(subtree(subject, skip), skip)
    named = subject
    names = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if subject.pos_ == "NOUN" and names:  # "a Geneva-based monitor, Small Arms Survey, said": the name
        named = names[0]
    if subject.tag_ in ("WP", "WDT") and token.dep_ == "relcl":  # "officials who said": the mention is "who"
        named = token.head
    return _with_closing_comma(text, span_of(mention, text)), head_part(named, text)


def _parenthetical_participle(child) -> bool:
    doc = child.doc
    return (child.dep_ == "acl" and child.tag_ in ("VBG", "VBN")
            and child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ",")


def _aside(child) -> bool:
    """What a comma sets off after the speaker's name only to describe them: an adjective phrase ("Christie,
    eager all evening to …, said"). Relative clauses stay: PolNeAR's annotators keep about as many as they
    leave out."""
    doc = child.doc
    if child.left_edge.i == 0 or doc[child.left_edge.i - 1].text not in (",", "—", "–"):
        return False
    return child.dep_ == "amod" and child.pos_ == "ADJ"


def _without_loose_punctuation(tokens, skipped) -> list:
    """The mention's tokens less the punctuation that only framed a phrase left out ("Clinton[, who …,]")."""
    gone = {t.i for phrase in skipped for t in phrase.subtree}
    if not gone:
        return tokens
    return [t for t in tokens if not (t.is_punct and (t.i - 1 in gone or t.i + 1 in gone))]


def _date_phrase(child) -> bool:
    return child.dep_ == "prep" and all(t.ent_type_ in ("DATE", "TIME") for t in child.subtree if t.i != child.i)


def _with_closing_comma(text: str, span: Span | None) -> Span | None:
    """An apposition's closing comma belongs to the mention ("Mr. King, 82, told"), as in PARC/PolNeAR."""
    if span and "," in text[span[0]:span[1]] and text[span[1]:span[1] + 1] == ",":
        return span[0], span[1] + 1
    return span


def stance_only(token) -> bool:
    lex = lexicon()
    lemma = token.lemma_.lower()
    return lemma in lex.stance and lemma not in lex.speech and lemma not in lex.belief


def can_hold(token, source: Span | None) -> bool:
    """True when a stance verb's subject can hold a position: a name, a personal pronoun, a person or body."""
    if source is None:
        return False
    subject = source_token(token)
    if subject is None:
        return False
    if subject.tag_ in ("WP", "WDT") or subject.lower_ == "that":
        subject = token.head if token.dep_ == "relcl" else subject
    if subject.pos_ == "PRON":
        return subject.lower_ not in ("it", "this", "that", "which", "what", "there")
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    return subject.lemma_.lower() in lexicon().holders

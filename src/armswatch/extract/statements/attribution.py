"""Attributions found in one parsed document: who (source span) said (cue) what (content spans).

Two passes over the one spaCy parse:
- reported speech: a cue verb from the lexicon with a clause, object or parenthetical complement
  ("X said (that) …", "…, X said", "X told a meeting that …", "X denied …", "according to X, …");
- direct quotations (from ``quotes.find_quotes``): the cue is the nearest cue verb governing the quote in the
  parse, else the nearest one in the quote's own sentence outside the quote ("“…,” he said"). Quotes that
  share a cue are one statement (a quote split by its attribution); a quote without a cue of its own takes
  the source of an adjacent attributed quote (a run of quotes attributed once).
Layout conventions count too: a quote signed "― Name", and transcript lines ("PENCE: …"). The result is
plain character spans; the package's ``extract`` turns them into records.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import NO_OBJECT_CONTENT, lexicon
from .quotes import Quote, find_quotes

Span = tuple[int, int]

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_TRIM = " \t\n\xa0,;:—–-"
_SENTENCE_END = re.compile(r"[.!?][\"”']?\s|\n")


@dataclass
class Attribution:
    content: list[Span]
    direct: bool
    cue: Span | None = None
    cue_lemma: str | None = None
    cue_token: int | None = None
    source: Span | None = None  # the source mention as written ("he", "the Pakistani foreign office")
    source_head: Span | None = None  # the part of it that names the speaker ("the Pakistani foreign office")
    inherited: bool = False  # the source comes from an adjacent quote
    signed: bool = False  # a quote signed with a dash and a name stands alone: it lends its source to no other
    negated: bool = False
    object_head: int | None = None  # token index of the content's head word, for claims
    clause: list[Span] | None = None  # for a partial quote: the whole clause its cue reports
    quotes: list[Quote] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content)

    @property
    def end(self) -> int:
        return max(e for _, e in self.content)


# ---------------------------------------------------------------- token helpers

def _span_of(tokens, text: str) -> Span | None:
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return _trim(text, start, end)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if end > start else None


def _subtree(token, without=()) -> list:
    skip = set()
    for other in without:
        skip.update(t.i for t in other.subtree)
    return [t for t in token.subtree if t.i not in skip]


def _head_part(token, text: str) -> Span | None:
    """The naming part of a noun phrase: its words up to the head, without appositions or clauses."""
    left = [t for t in token.subtree if t.i <= token.i and t.i >= token.left_edge.i]
    # stop at a comma inside the left part (keeps "Syed Atif Raza" out of a preceding apposition)
    for t in reversed(left):
        if t.text == "," and t.i < token.i:
            left = [x for x in left if x.i > t.i]
            break
    return _span_of(left + [t for t in token.rights if t.dep_ in ("compound", "flat")], text)


def _is_cue(token) -> bool:
    lemma = token.lemma_.lower()
    if lemma == "accord":
        return token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)
    lex = lexicon()
    if lemma not in lex.speech and lemma not in lex.belief and lemma not in lex.stance:
        return False
    if token.i > 0 and token.doc[token.i - 1].text == "-":  # "so-called", "long-awaited": a modifier
        return False
    return token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.tag_ in ("VBD", "VBZ", "VBP"))


def _source_token(token):
    """The subject of a cue, looking through coordination, participles and relative pronouns."""
    seen = 0
    while token is not None and seen < 4:
        seen += 1
        for child in token.children:
            if child.dep_ in _SUBJECTS:
                return child
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
            return token.head
        return None
    return None


def _source(token, text: str) -> tuple[Span | None, Span | None]:
    """(full mention, naming part) of the cue's source, within the cue's paragraph."""
    mention, named = _source_spans(token, text)
    if mention is None:
        return None, None
    named = named or mention
    # words of another line the parser hung on the mention are cut off; a speaker whose name lies on
    # another line than the cue is a misparse (headings, datelines)
    clipped = _clip(text, token.idx, named)
    if clipped is None or _words(text[clipped[0]:clipped[1]]) < _words(text[named[0]:named[1]]) / 2:
        return None, None
    mention = _clip(text, token.idx, mention) or clipped
    if mention[0] < token.idx < mention[1]:  # the parser hung the cue inside the subject: cut there
        mention = _trim(text, mention[0], token.idx) or mention
    return _unquoted(text, mention), _unquoted(text, clipped)


def _unquoted(text: str, span: Span) -> Span:
    """A source mention without a stray quote mark left over from a quotation next to it."""
    start, end = span
    while end - start > 1 and text[start] in "\"“”'‘" and text[start + 1] == " ":
        start += 2
    return (start, end) if end > start else span


def _clip(text: str, offset: int, span: Span) -> Span | None:
    """``span`` cut to the line holding ``offset``, its edges otherwise kept."""
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
                        return _span_of(list(pobj.subtree), text), _head_part(pobj, text)
        return None, None
    subject = _source_token(token)
    if subject is None or subject.lower_ == "there" or (subject.lower_ == "it" and subject.dep_ != "nsubj"):
        return None, None
    # the whole noun phrase, relative clauses included ("Derek Mitchell, who served as …, said"), but not
    # the cue's own clause when the cue hangs off the subject ("Islamabad accusing Kabul …")
    if subject.lower_ == "that" and token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN"):
        # "a raft of rules that promise …": PolNeAR writes the thing the relative pronoun stands for
        named = token.head
        return _head_part(named, text), _head_part(named, text)
    # the cue's own clause is no part of the mention, nor what only frames the subject: a participle
    # phrase set off by a comma ("Trump, speaking to veterans, said") or a date ("a panel in 2001")
    skip = [token] if token in subject.subtree else []
    for child in subject.children:
        if child.i > subject.i and (_parenthetical_participle(child) or _date_phrase(child)):
            skip.append(child)
    mention = _subtree(subject, skip)
    named = subject
    names = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if subject.pos_ == "NOUN" and names:  # "a Geneva-based monitor, Small Arms Survey, said": the name
        named = names[0]
    if subject.tag_ in ("WP", "WDT") and token.dep_ == "relcl":  # "officials who said": the mention is "who"
        named = token.head
    return _with_closing_comma(text, _span_of(mention, text)), _head_part(named, text)


def _parenthetical_participle(child) -> bool:
    doc = child.doc
    return (child.dep_ == "acl" and child.tag_ in ("VBG", "VBN")
            and child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ",")


def _date_phrase(child) -> bool:
    return child.dep_ == "prep" and all(t.ent_type_ in ("DATE", "TIME") for t in child.subtree if t.i != child.i)


def _with_closing_comma(text: str, span: Span | None) -> Span | None:
    """An apposition's closing comma belongs to the mention ("Mr. King, 82, told"), as in PARC/PolNeAR."""
    if span and "," in text[span[0]:span[1]] and text[span[1]:span[1] + 1] == ",":
        return span[0], span[1] + 1
    return span


# ---------------------------------------------------------------- reported speech

def _content(token, text: str) -> tuple[list, object | None]:
    """(content tokens, head word of the content) of a cue verb, or ([], None) when it has none."""
    lemma = token.lemma_.lower()
    lex = lexicon()
    if lemma == "accord":
        clause = token.head
        if clause is token or clause.pos_ not in ("VERB", "AUX"):
            return [], None
        return _subtree(clause, [token]), clause
    children = list(token.children)
    for child in children:
        if child.dep_ == "ccomp":
            return _without_leading_date(token, list(child.subtree)), child
    objects = [c for c in children if c.dep_ in ("dobj", "dative") and c.i > token.i]
    if lemma in lex.stance:  # "wants to build", "supports the bill": what the source intends or backs
        wanted = [c for c in children if c.dep_ == "xcomp" and c.i > token.i]
        if wanted:
            return list(wanted[0].subtree), wanted[0]
        if objects and lemma not in lex.belief and lemma not in lex.speech:
            return list(objects[0].subtree), objects[0]
    if lemma in lex.belief:
        return [], None
    if lemma == "call":  # "called for a moratorium", "called on Congress to act": the cue takes the preposition
        for child in children:
            if _calls_for(token, child):
                return [t for t in child.subtree if t.i != child.i], child
    claim = lex.claim_of.get(lemma)
    predicates = [c for c in children if c.dep_ in ("oprd", "xcomp") and c.i > token.i]
    if lemma in ("call", "describe", "label", "brand", "dub") and objects and predicates:  # "called X “Y”"
        return [t for c in objects + predicates for t in c.subtree], objects[0]
    complements = [c for c in children if c.dep_ == "xcomp" and c.i > token.i]
    preps = [c for c in children if c.dep_ == "prep" and c.i > token.i and c.lower_ in ("of", "on", "for", "about", "against", "that")]
    if claim in ("urge", "warn", "agree") and complements:
        return [t for c in objects + complements for t in c.subtree], (objects or complements)[0]
    if claim == "accuse" and objects and preps:
        return [t for c in objects + preps for t in c.subtree], objects[0]
    if lemma not in NO_OBJECT_CONTENT and objects:
        return [t for c in objects + preps for t in c.subtree], objects[0]
    if claim and preps and lemma not in ("say", "tell"):
        return [t for c in preps for t in c.subtree], preps[0]
    # "told a meeting on … that …": the parser hung the that-clause on the object as a relative clause
    that = _misattached_that(token, objects)
    if that is not None:
        return [t for t in that.head.subtree if t.i >= that.i], that.head
    # "…, X said": the cue hangs off the clause it reports
    # "…, X said, …" in mid-sentence: the content runs on both sides of the attribution
    head = token.head
    if head is token or token.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or head.pos_ not in ("VERB", "AUX"):
        return [], None
    if head.i < token.i and _comma_between(head, token):
        return _subtree(head, [token]), head
    left = token.left_edge.i
    if head.i > token.i and left > 0 and token.doc[left - 1].text in (",", "—", "–") and token.dep_ == "parataxis":
        return _subtree(head, [token]), head
    return [], None


def _without_leading_date(cue, tokens: list) -> list:
    """'said on Monday the missiles …': the date right after the cue dates the saying, not the content."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens or tokens[0].i != cue.i + 1 or tokens[0].dep_ not in ("prep", "npadvmod"):
        return tokens
    phrase = list(tokens[0].subtree)
    if any(t.ent_type_ in ("DATE", "TIME") for t in phrase) and len(phrase) < len(tokens):
        return [t for t in tokens if t.i > phrase[-1].i]
    return tokens


def _misattached_that(token, objects):
    for obj in objects:
        for t in obj.subtree:
            if t.lower_ == "that" and t.dep_ == "mark" and t.head.dep_ in ("relcl", "acl", "ccomp"):
                return t
    return None


def _finite_modifier(token, text: str):
    """A finite cue verb the parser took for a modifier ("Dar highlighted Pakistan's efforts" read as one
    noun phrase): (content tokens, source tokens) read off the word order, or None."""
    if token.dep_ not in ("amod", "compound", "nmod") or token.head.i < token.i:
        return None
    before = token.doc[token.i - 1] if token.i > token.sent.start else None
    if token.tag_ not in ("VBD", "VBZ", "VBP") and not (token.tag_ == "VBN" and before is not None and before.pos_ == "PROPN"):
        return None
    if token.lemma_.lower() in NO_OBJECT_CONTENT:
        return None
    doc, sent = token.doc, token.sent
    source = []
    i = token.i - 1
    while i >= sent.start and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "DET") and len(source) < 6:
        source.insert(0, doc[i])
        i -= 1
    if not source or source[-1].pos_ not in ("PROPN", "NOUN"):
        return None
    return list(doc[token.i + 1:sent.end]), source


def _comma_between(first, second) -> bool:
    doc = first.doc
    return any(doc[i].text in (",", "—", "–", ":") for i in range(first.i + 1, second.i))


# prepositions written right after a cue that belong to it ("accused of", "warned against", "spoke about")
_CUE_PREPOSITIONS = frozenset({"of", "for", "against", "about"})
# nouns of the occasion of a saying ("said in an interview", "said at a briefing"): part of the cue
_OCCASIONS = frozenset({"interview", "briefing", "conference"})


def _cue_tokens(token) -> list:
    """The cue verb with its auxiliaries and adverbs before it, and after it its particle, a preposition of
    its own and the interview or briefing it was said in ("has also said in an interview")."""
    tokens = [token]
    if token.lemma_.lower() == "accord":
        return tokens + [c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"]
    first = token.i
    lefts = {c.i: c for c in token.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < token.i}
    while first - 1 in lefts:
        first -= 1
        tokens.append(lefts[first])
    rights = {c.left_edge.i: c for c in token.children if c.i > token.i}
    at = token.i + 1
    while at in rights:
        child = rights[at]
        if child.dep_ == "prt" or _calls_for(token, child):
            tokens.append(child)
        elif (child.dep_ == "prep" and child.lower_ in _CUE_PREPOSITIONS and child.i == at
              and token.lemma_.lower() not in ("say", "tell")):
            tokens.append(child)  # the preposition alone: what follows it is the content
            break
        elif child.dep_ == "prep" and child.lower_ in ("in", "at", "during") and any(
                t.dep_ == "pobj" and t.lemma_.lower() in _OCCASIONS for t in child.children):
            tokens.extend(child.subtree)
        else:
            break
        at = max(t.i for t in child.subtree) + 1
    return tokens


def _cue_span(token, text: str) -> Span:
    span = _span_of(_cue_tokens(token), text) or (token.idx, token.idx + len(token.text))
    if text[span[1]:span[1] + 1] == ":":  # "said:" introducing a quotation
        span = (span[0], span[1] + 1)
    return span


def _calls_for(token, child) -> bool:
    """'called for' / 'called on' written together: the preposition is part of the cue."""
    return (token.lemma_.lower() == "call" and child.dep_ == "prep" and child.lower_ in ("for", "on")
            and child.i == token.i + 1)


def _negated(token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _cue_candidates(doc) -> list:
    """Tokens whose lemma is in the cue lexicon, found on the lemma array (no Python loop over the doc)."""
    import numpy

    lex = lexicon()
    lemmas = sorted(lex.speech | lex.belief | lex.stance | {"accord"})
    hashes = numpy.array([doc.vocab.strings.add(lemma) for lemma in lemmas], dtype="uint64")
    found = numpy.nonzero(numpy.isin(doc.to_array("LEMMA"), hashes))[0]
    return [doc[int(i)] for i in found]


def reported(doc, text: str, inside_quote) -> list[Attribution]:
    out = []
    for token in _cue_candidates(doc):
        if not _is_cue(token) or inside_quote(token.idx):
            continue
        tokens, head = _content(token, text)
        misread = None if tokens else _finite_modifier(token, text)
        if misread:
            tokens, head = misread[0], misread[0][0]
        cue_words = {t.i for t in _cue_tokens(token)}
        pieces = _pieces([t for t in tokens if t.i not in cue_words], text)
        if pieces:
            pieces[-1] = _close_quote(text, pieces[-1])
        pieces = [p for p in (_within_paragraph(text, token.idx, p) for p in pieces) if p]
        if not pieces or sum(e - s for s, e in pieces) < 3:
            continue
        if misread:
            source = source_head = _span_of(misread[1], text)
        else:
            source, source_head = _source(token, text)
        if source and any(_overlaps(source, piece) for piece in pieces):
            source = source_head = None  # the source sits between the content's pieces, never inside one
        if _stance_only(token) and not _holder(token, source):
            continue  # "the bill aims to …": a stance needs someone to hold it
        out.append(Attribution(content=pieces, direct=False, cue=_cue_span(token, text),
                               cue_lemma=_lemma(token), cue_token=token.i, source=source,
                               source_head=source_head, negated=_negated(token),
                               object_head=head.i if head is not None else None))
    return out


# nouns for people and bodies that can hold a position when the parser gives them no entity type
_HOLDERS = frozenset({
    "official", "leader", "campaign", "government", "administration", "party", "group", "voter", "people",
    "lawmaker", "senator", "candidate", "president", "critic", "supporter", "opponent", "advocate", "member",
    "committee", "council", "court", "agency", "ministry", "department", "company", "union", "organization",
    "organisation", "side", "team", "staff", "aide", "adviser", "advisor", "expert", "analyst", "economist",
    "activist", "resident", "citizen", "worker", "employer", "investor", "democrat", "republican", "conservative",
    "liberal", "country", "nation", "state", "regime", "rebel", "militant", "force", "military", "army", "coalition",
    "alliance", "bloc", "majority", "minority", "public", "american", "governor", "mayor", "minister", "spokesman",
    "spokeswoman", "spokesperson", "chairman", "chair", "director", "executive", "ceo", "official", "diplomat",
})


def _stance_only(token) -> bool:
    lex = lexicon()
    lemma = token.lemma_.lower()
    return lemma in lex.stance and lemma not in lex.speech and lemma not in lex.belief


def _holder(token, source: Span | None) -> bool:
    """True when a stance verb's subject can hold a position: a name, a personal pronoun, a person or body."""
    if source is None:
        return False
    subject = _source_token(token)
    if subject is None:
        return False
    if subject.tag_ in ("WP", "WDT") or subject.lower_ == "that":
        subject = token.head if token.dep_ == "relcl" else subject
    if subject.pos_ == "PRON":
        return subject.lower_ not in ("it", "this", "that", "which", "what", "there")
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    return subject.lemma_.lower() in _HOLDERS


def _pieces(tokens, text: str) -> list[Span]:
    """Contiguous runs of ``tokens`` as trimmed character spans ("The truth | was that …")."""
    if not tokens:
        return []
    doc = tokens[0].doc
    indices = sorted({t.i for t in tokens})
    while indices and (doc[indices[-1]].text == "." or doc[indices[-1]].is_space):
        indices.pop()  # the full stop is not part of what was said
    runs: list[list[int]] = []
    for i in indices:
        if runs and (i == runs[-1][-1] + 1 or (i - runs[-1][-1] <= 3
                                               and all(doc[j].is_punct for j in range(runs[-1][-1] + 1, i)))):
            runs[-1].append(i)  # over punctuation the parser hung elsewhere
        else:
            runs.append([i])
    spans = []
    for run in runs:
        first, last = doc[run[0]], doc[run[-1]]
        span = _trim(text, first.idx, last.idx + len(last.text))
        if span:
            spans.append(span)
    return spans


def _lemma(token) -> str:
    lemma = token.lemma_.lower()
    if lemma == "accord":
        return "according to"
    particles = [c.lower_ for c in token.children if c.dep_ == "prt"
                 or (lemma == "call" and _calls_for(token, c))]
    return " ".join([lemma, *particles])


def _close_quote(text: str, span: Span) -> Span:
    """Extend a content span over a quote mark it leaves unbalanced: the closing one after it
    ('… under wraps.”') or the opening one before it ('"budget reforms" and …')."""
    start, end = span
    inner = text[start:end]
    straight = inner.find('"')
    straight_odd = inner.count('"') % 2 == 1
    opens = inner.count("“") > inner.count("”") or (straight_odd and (straight == 0 or inner[straight - 1] == " "))
    if opens:
        match = re.match(r"[.,!?]?[”\"]", text[end:end + 2])
        if match:
            return start, end + match.end()
    elif (inner.count("”") > inner.count("“") or straight_odd) and start > 0 and text[start - 1] in "“\"":
        return start - 1, end
    return span


def _within_paragraph(text: str, offset: int, span: Span) -> Span | None:
    """``span`` clipped to the paragraph (line) holding ``offset``: reported speech does not cross lines."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end == -1 else end
    return _trim(text, max(span[0], start), min(span[1], end)) if span[0] < end and span[1] > start else None


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------- direct quotations

def _tokens_in(doc, start: int, end: int) -> list:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _governing_cue(doc, quote: Quote, inside):
    """A cue verb outside the quote that governs it in the parse ("X asserted … “principal adversary”")."""
    tokens = _tokens_in(doc, quote.inner_start, quote.inner_end)
    first, last = (tokens[0].i, tokens[-1].i) if tokens else (0, -1)
    for token in tokens:
        if first <= token.head.i <= last and token.head is not token:
            continue  # only the words whose head lies outside the quote lead to its cue
        head, below, steps = token, token, 0
        while head.head is not head and steps < 12:
            below, head, steps = head, head.head, steps + 1
            if quote.start <= head.idx < quote.end or inside(head.idx):
                continue
            if _is_cue(head):
                return head, below
    return None, None


def _framed_cue(doc, text: str, quote: Quote, inside):
    """The cue verb in the quote's own sentence outside the quote: after it first, then before it."""
    para_end = text.find("\n", quote.end)
    para_end = len(text) if para_end == -1 else para_end
    after_end = para_end
    next_end = _SENTENCE_END.search(text, quote.end, para_end)
    if next_end:
        after_end = next_end.start() + 1
    next_quote = re.compile(r"[“\"]|''").search(text, quote.end, after_end)
    if next_quote:
        after_end = next_quote.start()
    for token in _tokens_in(doc, quote.end, after_end)[:12]:
        if _is_cue(token) and not inside(token.idx):
            return token
    para_start = text.rfind("\n", 0, quote.start) + 1
    before_start = para_start
    for match in _SENTENCE_END.finditer(text, para_start, quote.start):
        before_start = match.end()
    for token in reversed(_tokens_in(doc, before_start, quote.start)):
        if _is_cue(token) and not inside(token.idx):
            return token
    return None


def _title_like(inner: str) -> bool:
    """A quoted name or title ("Fox and Friends", "State of the Union"), not quoted words."""
    words = re.findall(r"[\w'’-]+", inner)
    if not words or len(words) > 6 or re.search(r"[.!?,;:]\s", inner.strip()):
        return False
    return all(w[0].isupper() or len(w) <= 3 for w in words) and words[0][0].isupper()


def direct(doc, text: str, quotes: list[Quote], inside) -> list[Attribution]:
    by_cue: dict[int, Attribution] = {}
    out: list[Attribution] = []
    for quote in quotes:
        if _title_like(text[quote.inner_start:quote.inner_end]):
            continue
        cue, below = _governing_cue(doc, quote, inside)
        clause = _pieces(list(below.subtree), text) if below is not None and below.dep_ not in ("punct",) else None
        if clause and _covered(clause, [(quote.start, quote.end)], text):
            clause = None
        if cue is None:
            cue = _framed_cue(doc, text, quote, inside)
        if cue is None:
            out.append(Attribution(content=[(quote.start, quote.end)], direct=True, quotes=[quote]))
            continue
        if cue.i in by_cue:  # a quote split by its attribution: one statement
            by_cue[cue.i].content.append((quote.start, quote.end))
            by_cue[cue.i].quotes.append(quote)
            continue
        source, source_head = _source(cue, text)
        attribution = Attribution(content=[(quote.start, quote.end)], direct=True, cue=_cue_span(cue, text),
                                  cue_lemma=_lemma(cue), cue_token=cue.i, source=source, source_head=source_head,
                                  negated=_negated(cue), quotes=[quote], clause=clause)
        by_cue[cue.i] = attribution
        out.append(attribution)
    return out


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _inherit_sources(doc, text: str, attributions: list[Attribution]) -> None:
    """A quote with no attribution of its own takes the source of an adjacent attributed quote: the next
    one, or the one before when all that lies between is that quote's own attribution sentence."""
    directs = sorted((a for a in attributions if a.direct), key=lambda a: a.start)
    for index, attribution in enumerate(directs):
        if attribution.source is not None or attribution.cue is not None:
            continue
        for neighbour in (directs[index - 1] if index else None, directs[index + 1] if index + 1 < len(directs) else None):
            if neighbour is None or neighbour.source is None or neighbour.inherited or neighbour.signed:
                continue
            if neighbour.start < attribution.start:
                between = (neighbour.end, attribution.start)
                ok = _words(text[between[0]:between[1]]) <= 6 or (
                    neighbour.cue is not None and between[0] <= neighbour.cue[0] < between[1]
                    and _one_sentence(doc, *between))
            else:
                ok = _words(text[attribution.end:neighbour.start]) <= 6
            if ok and text.count("\n", attribution.start if neighbour.start > attribution.start else neighbour.end,
                                 neighbour.start if neighbour.start > attribution.start else attribution.start) <= 2:
                attribution.source, attribution.source_head = neighbour.source, neighbour.source_head
                attribution.inherited = True
                break


_DASH_NAME = re.compile(r"[ \t]*([―—])[ \t]*((?:[A-Z][\w.'’-]*)(?:[ \t]+(?:[A-Z][\w.'’-]*|de|van|von|al|bin)){0,5})")
_SPEAKER_LABEL = re.compile(r"(?m)^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):[ \t]+(?=\S)")
_NOT_SPEAKERS = {"CLARIFICATION", "CORRECTION", "UPDATE", "NOTE", "EDITOR'S NOTE", "RELATED", "WATCH", "READ MORE",
                 "PHOTOS", "VIDEO", "SOURCE", "SOURCES", "FULL TEXT", "ABSTRACT", "UPDATED", "ADVERTISEMENT"}


def _layout_sources(text: str, quoted: list[Attribution]) -> None:
    """'“…” ― Jane Doe': a quote signed with a dash and a name (readers' voices, epigraphs)."""
    for attribution in quoted:
        if attribution.cue is not None:
            continue
        match = _DASH_NAME.match(text, attribution.end)
        if match and match.group(2):
            attribution.cue = match.span(1)
            attribution.cue_lemma = "say"
            start, end = match.span(2)
            if text[end - 1] == "." and re.search(r"\w{3,}\.$", text[start:end]):  # a full stop, not "Jr."
                end -= 1
            attribution.source = attribution.source_head = (start, end)
            attribution.signed = True


def _transcript_lines(text: str, inside) -> list[Attribution]:
    """'PENCE: Well, …': a transcript line, its speaker's label in capitals before a colon. Only in a
    transcript (two such lines or more): a single one is a dateline ("ISLAMABAD: …") or a heading."""
    out = []
    labels = [m for m in _SPEAKER_LABEL.finditer(text) if m.group(1) not in _NOT_SPEAKERS and not inside(m.start())]
    if len(labels) < 2:
        return out
    for match in labels:
        end = text.find("\n", match.end())
        end = len(text) if end == -1 else end
        content = _trim(text, match.end(), end)
        if content and _words(text[content[0]:content[1]]) >= 3:
            out.append(Attribution(content=[content], direct=True, cue=(match.end(1), match.end(1) + 1),
                                   cue_lemma="say", source=match.span(1), source_head=match.span(1)))
    return out


def _one_sentence(doc, start: int, end: int) -> bool:
    """True when the text between two quotes is at most one sentence (the first quote's attribution)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or len(span) == 0:
        return True
    return sum(1 for t in span[1:] if t.is_sent_start and not t.is_punct and not t.is_space) == 0 \
        and span[0:].text.count("\n") <= 1

def _quote_like(text: str, attribution: Attribution) -> bool:
    """A quotation worth a statement: a sentence or more, not a title or a scare-quoted phrase."""
    inner = " ".join(text[q.inner_start:q.inner_end] for q in attribution.quotes)
    return _words(inner) >= 5 and bool(re.search(r"[.!?,…—-][\"”']?\s*$|\w{3,}", inner))


def attributions(doc, text: str) -> list[Attribution]:
    """Every attribution in the document, in text order."""
    quotes = find_quotes(text)

    bounds = [(q.inner_start, q.inner_end) for q in quotes]
    starts = [b[0] for b in bounds]

    def inside(offset: int) -> bool:
        at = bisect.bisect_right(starts, offset) - 1
        return at >= 0 and offset < bounds[at][1]

    said = reported(doc, text, inside)
    quoted = direct(doc, text, quotes, inside)
    by_cue = {a.cue_token: a for a in quoted if a.cue_token is not None}
    kept = []
    for attribution in said:
        twin = by_cue.get(attribution.cue_token)
        if twin is not None and _covered(attribution.content, twin.content, text):
            if twin.source is None:
                twin.source, twin.source_head = attribution.source, attribution.source_head
            twin.object_head = attribution.object_head
            continue  # the quotation itself is the content
        kept.append(attribution)
    # a partial quote whose cue's clause the reported pass missed: the clause is a statement too
    reported_cues = {a.cue_token for a in said}
    for attribution in quoted:
        if attribution.clause and attribution.cue_token not in reported_cues:
            reported_cues.add(attribution.cue_token)
            kept.append(Attribution(content=attribution.clause, direct=False, cue=attribution.cue,
                                    cue_lemma=attribution.cue_lemma, cue_token=attribution.cue_token,
                                    source=attribution.source, source_head=attribution.source_head,
                                    negated=attribution.negated))
    _layout_sources(text, quoted)
    kept.extend(_transcript_lines(text, inside))
    _inherit_sources(doc, text, quoted)
    # a quotation with no cue nor speaker is kept when it reads as speech (a sentence or more), not a title
    quoted = [a for a in quoted if a.cue is not None or (a.inherited and _words(text[a.start:a.end]) >= 2)
              or (_quote_like(text, a) and _words(text[a.start:a.end]) >= 8)]
    return sorted(kept + quoted, key=lambda a: (a.start, a.end))


def _covered(content: list[Span], quotes: list[Span], text: str) -> bool:
    """True when the quotes are all of a reported content but for punctuation ("“…,” he said")."""
    for start, end in content:
        cursor = start
        for q_start, q_end in sorted(quotes):
            if q_end <= cursor or q_start >= end:
                continue
            if re.search(r"\w", text[cursor:max(cursor, q_start)]):
                return False
            cursor = max(cursor, q_end)
        if re.search(r"\w", text[cursor:end]):
            return False
    return True

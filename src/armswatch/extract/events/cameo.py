"""The CAMEO-derived verb lexicon (``resources/events/cameo_verbs.yaml``, built by ``scripts/build_event_verbs.py``
from PETRARCH2's verb dictionary and the CAMEO -> PLOVER table; nothing in it is written by hand).

``entry(token, lemma)`` types a verb the hand lexicon does not know by the most specific of its CAMEO patterns
that the parse shows (direct-object head, preposition, the preposition's object head), looked up in the
blocks of the verb and of its multi-word form where the particle is among its dependants ("call off"). The
code a verb has on its own is not used (see docs/events.md). Used only with ``extract.event_cameo_verbs`` on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .lexicon import Entry

_PARTICLES = ("prt", "prep", "agent")
_OBJECTS = ("dobj", "nsubjpass", "dative")


@dataclass(frozen=True)
class Patterns:
    verbs: dict  # key ("call", "call off") -> {"type", "mode", "blocks"}
    by_block: dict  # block -> tuple of (object, prep, pobj, Entry), most specific first
    synsets: dict  # name -> frozenset of head words
    phrasal: dict  # lemma -> tuple of (particles, key)


@lru_cache(maxsize=1)
def load() -> Patterns:
    text = resources.files("armswatch").joinpath("resources", "events", "cameo_verbs.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    by_block = {}
    for block, items in data["patterns"].items():
        rows = [(p.get("object"), p.get("prep"), p.get("pobj"), Entry(p["type"], p.get("mode"), (), True)) for p in items]
        by_block[block] = tuple(sorted(rows, key=lambda r: -sum(x is not None for x in r[:3])))
    phrasal: dict[str, list] = {}
    for key in data["verbs"]:
        head, *rest = key.split()
        if rest:
            phrasal.setdefault(head, []).append((tuple(rest), key))
    return Patterns(data["verbs"], by_block, {k: frozenset(v) for k, v in data["synsets"].items()},
                    {k: tuple(sorted(v, key=lambda r: -len(r[0]))) for k, v in phrasal.items()})


def _words(token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _fits(lex: Patterns, want: str | None, words: set[str]) -> bool:
    if want is None:
        return True
    if want.startswith("&"):
        return bool(words & lex.synsets.get(want[1:], frozenset()))
    return want in words


def _pattern(lex: Patterns, blocks, token) -> Entry | None:
    objects = [_words(c) for c in token.children if c.dep_ in _OBJECTS]
    preps = [(c.lower_, [_words(g) for g in c.children if g.dep_ == "pobj"]) for c in token.children
             if c.dep_ in _PARTICLES]
    for block in blocks:
        for obj, prep, pobj, entry in lex.by_block.get(block, ()):
            if obj is not None and not any(_fits(lex, obj, w) for w in objects):
                continue
            if prep is not None and not any(p == prep and (pobj is None or any(_fits(lex, pobj, w) for w in heads))
                                            for p, heads in preps):
                continue
            if obj is None and prep is None:
                continue
            return entry
    return None


def entry(token, lemma: str) -> Entry | None:
    lex = load()
    info = lex.verbs.get(lemma)
    if info is None:
        return None
    near = {c.lower_ for c in token.children if c.dep_ in _PARTICLES}
    blocks = list(info["blocks"])
    for particles, key in lex.phrasal.get(lemma, ()):
        if all(p in near for p in particles):
            own = lex.verbs[key]["blocks"]
            blocks = own + [b for b in blocks if b not in own]
            break
    # the code a verb has on its own is not used: on the tuned plover set it cost type macro-F1 (0.7813 -> 0.7777)
    return _pattern(lex, blocks, token)

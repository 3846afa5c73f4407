"""The cue lexicon (resources/statements/cues.toml), loaded once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    claim_of: dict[str, str]  # verb lemma -> claim type
    speech: frozenset[str]  # every lemma that can introduce a statement (claims and plain speech)
    belief: frozenset[str]  # belief verbs: statements only with a clause complement
    stance: frozenset[str]  # intention/position verbs: a to-clause, clause or object as content
    nouns: frozenset[str]
    generic_denial: frozenset[str]


# Verbs whose direct object is a listener or a plain event, not what was said ("told reporters",
# "found the weapons", "showed the way"): their content must be a clause or a quotation.
NO_OBJECT_CONTENT = frozenset({
    "say", "tell", "add", "continue", "speak", "post", "tweet", "write", "answer", "reply", "respond", "ask",
    "cry", "shout", "chant", "joke", "point", "find", "show", "inform", "advise", "learn", "hear", "know",
    "call", "press", "attack", "charge", "commit", "question", "state", "signal", "hope", "fear", "expect",
    "feel", "think", "believe", "understand", "worry", "doubt", "suspect", "assume", "comment", "observe",
    "estimate", "predict", "forecast", "echo", "repeat", "recall", "contest", "maintain", "claim",
    "decline", "talk", "discuss", "refer", "reference", "defend", "endorse",
})


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = tomllib.loads(resources.files("armswatch").joinpath("resources", "statements", "cues.toml").read_text("utf-8"))
    claim_of = {verb: claim for claim, verbs in data["claims"].items() for verb in verbs}
    speech = frozenset(data["speech"]["verbs"]) | frozenset(claim_of)
    return Lexicon(
        claim_of=claim_of,
        speech=speech,
        belief=frozenset(data["belief"]["verbs"]) - speech,
        stance=frozenset(data["stance"]["verbs"]),
        nouns=frozenset(data["nouns"]["words"]),
        generic_denial=frozenset(data["generic_denial"]["words"]),
    )

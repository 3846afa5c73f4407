"""The cue lexicon and the statement word lists (resources/statements/cues.toml), loaded once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ...resources import vocabulary


@dataclass(frozen=True)
class Lexicon:
    claim_of: dict[str, str]  # verb lemma -> claim type
    speech: frozenset[str]  # every lemma that can introduce a statement (claims and plain speech)
    belief: frozenset[str]  # belief verbs: statements only with a clause complement
    stance: frozenset[str]  # intention/position verbs: a to-clause, clause or object as content
    nouns: frozenset[str]
    generic_denial: frozenset[str]
    no_object_content: frozenset[str]  # verbs whose object is a listener or an event, not what was said
    cue_prepositions: frozenset[str]
    occasions: frozenset[str]
    holders: frozenset[str]
    not_speakers: frozenset[str]
    pronouns: frozenset[str]
    issue_verbs: frozenset[str]  # "issued a statement": the subject is the document's issuer


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
        no_object_content=frozenset(data["no_object_content"]["verbs"]),
        cue_prepositions=frozenset(data["cue_prepositions"]["words"]),
        occasions=frozenset(data["occasions"]["words"]),
        holders=frozenset(data["holders"]["words"]),
        not_speakers=frozenset(data["not_speakers"]["words"]),
        pronouns=frozenset(vocabulary("personal_pronouns")),
        issue_verbs=frozenset(data["issue_verbs"]["verbs"]),
    )

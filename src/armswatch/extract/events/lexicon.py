"""The event lexicon (``resources/events/lexicon.yaml``) loaded once into lookup tables.

Entries are lemmas, optionally followed by words that must also occur among the trigger's dependants
("pull out", "open fire", "cut tie"). Lookups are dict hits on the trigger lemma; the few multi-word
entries of that lemma are then checked against its dependants, longest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@dataclass(frozen=True)
class Entry:
    type: str
    mode: str | None
    extra: tuple[str, ...]  # further lemmas that must be present among the dependants
    derived: bool = False  # from the CAMEO-derived verbs (``cameo.py``), not the hand lexicon


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    noun_modifiers: dict[str, dict[str, tuple[str, str | None]]]
    nouns_need_support: frozenset[str]
    light_verbs: frozenset[str]
    verbs_need_object: frozenset[str]
    participant_nouns: frozenset[str]
    verbs_need_noun_object: frozenset[str]
    speech_verbs: frozenset[str]
    governors: dict[str, str]  # lemma -> type
    agree_adjectives: frozenset[str]
    negating: frozenset[str]
    hypothetical: frozenset[str]
    future: frozenset[str]
    mode_cues: dict[str, dict[str, str]]  # type -> cue lemma -> mode
    context_cues: dict[str, str]  # cue lemma -> context


def _split(text: str) -> list[str]:
    return [part.strip().lower() for part in str(text).replace("\n", " ").split(",") if part.strip()]


def _entries(section: dict, head_last: bool = False) -> dict[str, tuple[Entry, ...]]:
    """Verb phrases start with their head ("pull out"); noun phrases end with it ("air strike")."""
    table: dict[str, list[Entry]] = {}
    for event_type, modes in section.items():
        for mode, words in modes.items():
            for phrase in _split(words):
                parts = phrase.split()
                if head_last:
                    *extra, head = parts
                else:
                    head, *extra = parts
                table.setdefault(head, []).append(Entry(event_type, None if mode == "-" else mode, tuple(extra)))
    # longest entries first, so "open fire" is tried before "open"
    return {head: tuple(sorted(items, key=lambda e: -len(e.extra))) for head, items in table.items()}


@lru_cache(maxsize=1)
def load() -> Lexicon:
    data = yaml.safe_load(resources.files("armswatch").joinpath("resources", "events", "lexicon.yaml").read_text("utf-8"))
    governors = {}
    for event_type, words in data["governors"].items():
        for word in words:
            governors.setdefault(word, event_type)
    mode_cues = {t: {cue: mode for mode, cues in modes.items() for cue in cues} for t, modes in data["mode_cues"].items()}
    context_cues = {cue: ctx for ctx, cues in data["context_cues"].items() for cue in cues}
    noun_modifiers = {
        noun: {mod: (pair[0], None if pair[1] == "-" else pair[1]) for mod, pair in mods.items()}
        for noun, mods in data["noun_modifiers"].items()
    }
    return Lexicon(
        verbs=_entries(data["verbs"]),
        nouns=_entries(data["nouns"], head_last=True),
        noun_modifiers=noun_modifiers,
        nouns_need_support=frozenset(data["nouns_need_support"]),
        light_verbs=frozenset(data["light_verbs"]),
        verbs_need_object=frozenset(data["verbs_need_object"]),
        participant_nouns=frozenset(data["participant_nouns"]),
        verbs_need_noun_object=frozenset(data["verbs_need_noun_object"]),
        speech_verbs=frozenset(data["speech_verbs"]),
        governors=governors,
        agree_adjectives=frozenset(data["agree_adjectives"]),
        negating=frozenset(data["negating_governors"]),
        hypothetical=frozenset(data["hypothetical_governors"]),
        future=frozenset(data["future_governors"]),
        mode_cues=mode_cues,
        context_cues=context_cues,
    )

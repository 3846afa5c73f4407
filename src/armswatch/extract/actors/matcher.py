"""The lexicon's names matched in a parsed document: a PhraseMatcher built once per process and model."""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string
from spacy.vocab import Vocab

from .lexicon import Lexicon, load_lexicon, norm


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


def case_ok(span, alias_key: str, lexicon: Lexicon) -> bool:
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

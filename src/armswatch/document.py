"""The document: what every ingest source produces and every extractor reads."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form two copies of one article share: Unicode NFKC, whitespace collapsed, case folded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def doc_id_for(text: str) -> str:
    """Exact duplicates (same normalised text) get the same id, wherever they came from."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:24]


@dataclass
class Document:
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    source: str | None = None  # where it was read from: a path, URL, feed entry, "stdin"
    language: str | None = None
    # (start offset in text, page number) for text that came from paged input such as PDF
    pages: list[tuple[int, int]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def __setattr__(self, name, value):
        if name == "text":  # a new text is a new document: forget the cached id
            self.__dict__.pop("doc_id", None)
        super().__setattr__(name, value)

    @cached_property
    def doc_id(self) -> str:
        # hashed once: extractors ask for it often, and the text does not change after reading
        return doc_id_for(self.text)

    def page_at(self, offset: int) -> int | None:
        page = None
        for start, number in self.pages:
            if start > offset:
                break
            page = number
        return page

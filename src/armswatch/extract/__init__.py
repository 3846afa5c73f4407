"""The extractor registry: every extractor, built-in or a user's plugin, is registered the same way.

An extractor is a function ``(Context) -> list[record]`` registered under a name with a version and the
names of the extractors whose records it reads (``requires``). Plugins register through the entry-point
group ``armswatch.extractors`` (the entry point is a module that calls ``register``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Callable

from ..document import Document
from ..errors import UnknownExtractor
from ..records import ExtractorInfo, Span

BUILTIN_MODULES = ("actors", "places", "time", "quantities", "events", "statements", "arms")


@dataclass
class Context:
    """What an extractor sees: the document, its one spaCy parse, and the records of earlier extractors."""

    document: Document
    doc: object  # spacy.tokens.Doc of document.text
    settings: object
    records: list = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def text(self) -> str:
        return self.document.text

    def span(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, text=self.document.text[start:end])

    def of_kind(self, kind: str) -> list:
        return [r for r in self.records if r.kind == kind]


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    requires: tuple[str, ...]
    run: Callable[[Context], list]

    @property
    def info(self) -> ExtractorInfo:
        return ExtractorInfo(name=self.name, version=self.version)


REGISTRY: dict[str, Extractor] = {}
_loaded = False


def register(name: str, version: str, requires: tuple[str, ...] = ()):
    """Decorator: ``@register("time", "0.1")`` on a function ``(Context) -> list[record]``."""

    def wrap(func):
        REGISTRY[name] = Extractor(name=name, version=version, requires=tuple(requires), run=func)
        return func

    return wrap


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in BUILTIN_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    for entry in entry_points(group="armswatch.extractors"):
        entry.load()
    _loaded = True


def ordered(names: list[str]) -> list[Extractor]:
    """The named extractors with everything they require, each after what it requires."""
    _load_all()
    out: list[Extractor] = []
    seen: set[str] = set()

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in seen:
            return
        if name in chain:
            raise UnknownExtractor(f"extractors require each other in a cycle: {' -> '.join(chain + (name,))}")
        if name not in REGISTRY:
            raise UnknownExtractor(f"no extractor named '{name}'", hint=f"known: {', '.join(sorted(REGISTRY))}")
        for required in REGISTRY[name].requires:
            visit(required, chain + (name,))
        seen.add(name)
        out.append(REGISTRY[name])

    for name in names:
        visit(name, ())
    return out

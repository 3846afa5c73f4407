"""The extractor registry: every extractor, built-in or a user's plugin, comes in the same way.

An extractor is a function ``(Context) -> list[record]`` registered under a name with a version, the
extractors whose records it reads (``requires``) and the context services it calls (``uses``). Extractors
meet only here: through the records of earlier extractors and the services on the ``Context``, never by
importing each other.

Every extractor package, armswatch's own included, is an entry point of the group ``armswatch.extractors``
(the entry point names a module that calls ``register``); see docs/ARCHITECTURE.md for a plugin's layout.

Services: a package offers a function to other extractors with ``@provides("name", extractor=...)``; the
function takes the context first. A user names it in ``uses=`` and calls it through the context
(``ctx.actor_at(start, end)``, or ``ctx.service("name")`` for a plugin's own); ``ordered`` runs the
providing extractor first where it is installed, and where it is not, ``ctx.has_service(name)`` is False
and the shortcuts return None (or an empty list), so the user can degrade.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, Callable

from ..document import Document
from ..errors import PluginFailed, UnknownExtractor
from ..records import ExtractorInfo, Span

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "armswatch.extractors"
# armswatch's own entry points, for a source tree run without being installed (no entry-point metadata)
BUILTIN_MODULES = ("actors", "places", "time", "quantities", "events", "statements", "arms")


@dataclass(frozen=True)
class Service:
    name: str
    func: Callable[..., Any]  # (ctx, *args)
    extractor: str | None  # the extractor whose records it reads, run before any user; None: reads none


SERVICES: dict[str, Service] = {}


def provides(name: str, extractor: str | None = None):
    """Decorator: offer ``func(ctx, *args)`` to other extractors as the context service ``name``."""

    def wrap(func):
        SERVICES[name] = Service(name=name, func=func, extractor=extractor)
        return func

    return wrap


@dataclass
class Context:
    """What an extractor sees: the document, its one spaCy parse, the records of earlier extractors, and the
    shared services (documented in docs/ARCHITECTURE.md)."""

    document: Document
    doc: object  # spacy.tokens.Doc of document.text
    settings: object
    records: list = field(default_factory=list)
    extractors: frozenset[str] | None = None  # the extractors of this run; None: any installed one
    _cache: dict = field(default_factory=dict, repr=False)

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

    def cached(self, key: str, factory: Callable[[], Any]) -> Any:
        """``factory()``, computed once per document and shared by every extractor that asks for ``key``."""
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]

    # ---- services --------------------------------------------------------------------------------------

    def has_service(self, name: str) -> bool:
        """Whether the service is installed and, where it reads an extractor's records, that extractor runs."""
        _load_all()
        found = SERVICES.get(name)
        return found is not None and (found.extractor is None or self.extractors is None
                                      or found.extractor in self.extractors)

    def service(self, name: str) -> Callable[..., Any] | None:
        """The service bound to this context (call it without the context), or None where it is missing."""
        if not self.has_service(name):
            return None
        func = SERVICES[name].func
        return lambda *args, **kwargs: func(self, *args, **kwargs)

    def _call(self, name: str, *args, default=None):
        bound = self.service(name)
        return default if bound is None else bound(*args)

    def actor_at(self, start: int, end: int):
        """The resolved ``Actor`` whose mention lies in (or best overlaps) ``[start, end)``; None where none."""
        return self._call("actor_at", start, end)

    def resolve_name(self, text: str):
        """An ``Actor`` for a bare name (country, capital, demonym, known group), without context; or None."""
        return self._call("resolve_name", text)

    def sentence_date(self, start: int, end: int) -> str | None:
        """The ISO date that the sentence holding ``[start, end)`` reports on (its nearest fine-grained time
        expression); None where it has none."""
        return self._call("sentence_date", start, end)

    def places(self) -> list:
        """The document's place records, in text order."""
        return self._call("places", default=[])

    def statements_at(self, offset: int) -> list:
        """The statement records whose content holds the character ``offset``, innermost first."""
        return self._call("statements_at", offset, default=[])

    def times(self) -> list:
        """The document's time expressions (``timex.Timex``: value, granularity, spans), found once."""
        return self._call("times", default=[])


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    requires: tuple[str, ...]
    run: Callable[[Context], list]
    uses: tuple[str, ...] = ()

    @property
    def info(self) -> ExtractorInfo:
        return ExtractorInfo(name=self.name, version=self.version)


REGISTRY: dict[str, Extractor] = {}
_broken: dict[str, str] = {}  # entry point name -> why it did not load
_loaded = False


def register(name: str, version: str, requires: tuple[str, ...] = (), uses: tuple[str, ...] = ()):
    """Decorator: ``@register("time", "0.1")`` on a function ``(Context) -> list[record]``."""

    def wrap(func):
        REGISTRY[name] = Extractor(name=name, version=version, requires=tuple(requires), run=func, uses=tuple(uses))
        return func

    return wrap


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    found = list(entry_points(group=ENTRY_POINT_GROUP))
    names = {entry.name for entry in found}
    if not names.issuperset(BUILTIN_MODULES):  # a source tree that was never installed
        log.debug("armswatch's own extractor entry points are missing; loading the built-ins by module name")
        for module in BUILTIN_MODULES:
            if module not in names:
                import_module(f"{__name__}.{module}")
    for entry in found:
        try:
            entry.load()
        except Exception as exc:  # one broken plugin must not stop the others; asking for it names the cause
            _broken[entry.name] = f"{type(exc).__name__}: {exc}"
            log.error("cannot load the extractor plugin '%s' (%s): %s", entry.name, entry.value, _broken[entry.name])


def ordered(names: list[str]) -> list[Extractor]:
    """The named extractors with everything they require (and the providers of the services they use, where
    installed), each after what it needs."""
    _load_all()
    out: list[Extractor] = []
    seen: set[str] = set()

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in seen:
            return
        if name in chain:
            raise UnknownExtractor(f"extractors require each other in a cycle: {' -> '.join(chain + (name,))}")
        if name not in REGISTRY:
            if name in _broken:
                raise PluginFailed(f"the extractor '{name}' failed to load: {_broken[name]}")
            raise UnknownExtractor(f"no extractor named '{name}'", hint=f"known: {', '.join(sorted(REGISTRY))}")
        extractor = REGISTRY[name]
        providers = [SERVICES[s].extractor for s in extractor.uses if s in SERVICES and SERVICES[s].extractor]
        for required in (*extractor.requires, *providers):
            if required != name:
                visit(required, chain + (name,))
        seen.add(name)
        out.append(extractor)

    for name in names:
        visit(name, ())
    return out

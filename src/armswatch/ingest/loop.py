"""The ingest loop: read inputs, drop what is already stored, extract records, store each document with its
records in one transaction, and say what happened to every input.

What counts as what:
- *duplicate*: the same normalised text is already stored (or came earlier in this run); only the new
  source is added to it.
- *skipped*: a readable input that is not for armswatch: not English (AW109), no article in the page
  (AW104), a WARC record that is not an HTML page with status 200 (AW114). Skips are not failures.
- *failed*: everything else that could not be read, extracted or stored. One failure never stops the batch.
"""

from __future__ import annotations

import itertools
import logging
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..document import Document
from ..errors import ArmswatchError, InputError, NoArticle, NotEnglish, RecordSkipped, StoreLocked
from . import read_inputs

log = logging.getLogger(__name__)

SKIPS = (NotEnglish, NoArticle, RecordSkipped)
LOCK_RETRIES = 3
LOCK_BACKOFF_S = 0.5


@dataclass
class Issue:
    input: str
    reason: str
    code: str
    hint: str = ""  # what to do about it

    @classmethod
    def of(cls, error: BaseException, default_input: str = "?") -> "Issue":
        if isinstance(error, ArmswatchError):
            return cls(error.source or default_input, error.message, error.code, error.hint)
        return cls(default_input, f"{type(error).__name__}: {error}", "AW000")


@dataclass
class Summary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: list[Issue] = field(default_factory=list)
    failed: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed (skips are not failures)."""
        return not self.failed


class _Progress:
    """A Rich status line on stderr, or nothing."""

    def __init__(self, enabled: bool):
        self.progress = None
        if enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                     console=Console(stderr=True), transient=False)
            self.task = self.progress.add_task("reading", total=None)

    def __enter__(self):
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.progress:
            self.progress.stop()

    def update(self, summary: Summary, current: str = ""):
        if self.progress:
            self.progress.update(self.task, description=(
                f"read {summary.read} · stored {summary.stored} · duplicates {summary.duplicates} · "
                f"skipped {len(summary.skipped)} · failed {len(summary.failed)}  {current[-50:]}"))


def ingest_inputs(inputs: Iterable[str], settings, store, progress: bool = True, published: str | None = None,
                  pipeline=None, workers: int | None = None) -> Summary:
    """Read every input, extract and store each new document; return what happened.

    ``workers``: processes running the pipeline (default: setting nlp.n_process, 0 = one per core; 1 where
    a ``pipeline`` is given, since its extractors may exist only in this process)."""
    from ..parallel import worker_count

    summary = Summary()
    if workers is None:
        workers = 1 if pipeline is not None else worker_count(settings)
    if pipeline is None:  # built before reading, so that a bad model or extractor setting stops the run
        from ..pipeline import Pipeline

        pipeline = Pipeline(settings)
    with _Progress(progress) as bar:
        loop = _Loop(settings, store, summary, bar, pipeline, workers)
        loop.run(read_inputs(inputs, settings, published=published))
    return summary


def ingest_documents(items: Iterable[Document | InputError], settings, store, pipeline) -> Summary:
    """The same loop over documents read elsewhere (the monitor fetches its own pages): each is checked as
    ``read_inputs`` checks it, then deduplicated, extracted and stored in its own transaction, here."""
    from . import checked

    summary = Summary()
    with _Progress(False) as bar:
        _Loop(settings, store, summary, bar, pipeline, workers=1).run(checked(items, settings))
    return summary


class _Loop:
    def __init__(self, settings, store, summary: Summary, bar: _Progress, pipeline, workers: int = 1):
        self.settings = settings
        self.store = store
        self.summary = summary
        self.bar = bar
        self.pipeline = pipeline
        self.workers = workers
        self.in_flight: dict[str, list[str]] = {}  # doc_id -> sources of its copies read while it is processed

    def run(self, items: Iterator[Document | InputError]) -> None:
        for document, records, error in self._extract(self._new_documents(items)):
            if error is not None:
                self._failed(Issue.of(error, document.source or "?"), document)
            else:
                self._store(document, records)
            self.bar.update(self.summary, document.source or "")

    # ---- reading and duplicates --------------------------------------------------------------------

    def _new_documents(self, items: Iterator[Document | InputError]) -> Iterator[Document]:
        for item in items:
            if isinstance(item, InputError):
                (self.summary.skipped if isinstance(item, SKIPS) else self.summary.failed).append(Issue.of(item))
                self.bar.update(self.summary, item.source or "")
                continue
            self.summary.read += 1
            doc_id = item.doc_id
            if doc_id in self.in_flight:
                self.in_flight[doc_id].append(item.source)
                self.summary.duplicates += 1
                continue
            try:
                known = self._with_retry(lambda: self.store.has_document(doc_id), item)
            except Exception as exc:
                self._failed(Issue.of(exc, item.source or "?"))
                continue
            if known:
                self._add_source(doc_id, item.source)
                self.summary.duplicates += 1
                continue
            self.in_flight[doc_id] = []
            yield item

    # ---- extraction ---------------------------------------------------------------------------------

    def _extract(self, documents: Iterator[Document]) -> Iterator[tuple[Document, list, BaseException | None]]:
        """(document, records, None), or (document, [], the exception) for a document whose extraction
        failed, in input order. A batch that fails is rerun one document at a time in this process, so only
        the faulty document fails."""
        batch_size = max(1, int(self.settings.get("nlp.batch_size")))
        batches = iter(lambda: list(itertools.islice(documents, batch_size)), [])
        head = list(itertools.islice(batches, self.workers))
        # a small input runs here: starting workers (each loads the model) would cost more than it saves
        if self.workers <= 1 or len(head) < self.workers or len(head[-1]) < batch_size:
            for batch in itertools.chain(head, batches):
                yield from self._local(batch)
            return
        yield from self._pooled(itertools.chain(head, batches))

    def _local(self, batch: list[Document]):
        try:
            results = list(self.pipeline.run(batch))
        except Exception:
            log.debug("batch failed; rerunning it one document at a time", exc_info=True)
            yield from self._one_by_one(batch)
            return
        for document, records in results:
            yield document, records, None

    def _one_by_one(self, batch: list[Document]):
        for document in batch:
            try:
                yield document, next(self.pipeline.run([document]))[1], None
            except Exception as exc:
                yield document, [], exc

    def _pooled(self, batches: Iterator[list[Document]]):
        from ..parallel import run_pooled

        extractors = [extractor.name for extractor in self.pipeline.extractors]
        yield from run_pooled(batches, self.settings, extractors, self.workers, self._one_by_one)

    # ---- storing ------------------------------------------------------------------------------------

    def _store(self, document: Document, records: list) -> None:
        try:
            outcome = self._with_retry(lambda: self.store.write_document(document, records), document)
        except Exception as exc:
            self._failed(Issue.of(exc, document.source or "?"), document)
            return
        extra_sources = self.in_flight.pop(document.doc_id, [])
        if outcome == "duplicate":  # another writer stored it since we looked
            self.summary.duplicates += 1
        else:
            self.summary.stored += 1
        for source in extra_sources:
            self._add_source(document.doc_id, source)

    def _add_source(self, doc_id: str, source: str | None) -> None:
        try:
            self._with_retry(lambda: self.store.add_source(doc_id, source), None)
        except Exception as exc:
            self._failed(Issue.of(exc, source or "?"))

    def _with_retry(self, action, document: Document | None):
        """Run a store action, retrying a few times while SQLite is locked by another writer."""
        for attempt in range(LOCK_RETRIES + 1):
            try:
                return action()
            except StoreLocked as error:
                if attempt == LOCK_RETRIES:
                    raise StoreLocked(f"{error.message}; gave up after {LOCK_RETRIES} retries",
                                      source=error.source) from error
                time.sleep(LOCK_BACKOFF_S * (2 ** attempt))

    def _failed(self, issue: Issue, document: Document | None = None) -> None:
        """Record a failure; for a document, its copies read in this run fail with it."""
        if document is not None and issue.input != document.source and document.source:
            issue = Issue(document.source, f"{issue.reason} ({issue.input})", issue.code, issue.hint)
        self.summary.failed.append(issue)
        if document is not None:
            for source in self.in_flight.pop(document.doc_id, []):
                self.summary.duplicates -= 1  # counted as a duplicate when read; it was not stored either
                self.summary.failed.append(Issue(source, f"same text as {issue.input}, which failed: {issue.reason}",
                                                 issue.code, issue.hint))

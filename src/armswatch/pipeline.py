"""The per-document function, ``Document -> list[record]``, that every entry point calls.

spaCy runs once per document; each enabled extractor then reads that one parse (and the records of the
extractors it requires). The CLI, the ingest loop, the web app and the Spark job all come through here.
"""

from __future__ import annotations

import logging
from collections import defaultdict
import time
from typing import Iterable, Iterator

from . import nlp as nlp_module
from .config import Settings, default_settings
from .document import Document
from .errors import ExtractorFailed
from .extract import Context, ordered
from .records import DocumentRecord, ExtractorInfo, record_id

log = logging.getLogger(__name__)
PIPELINE_VERSION = "0.1"
_DOCUMENT_EXTRACTOR = ExtractorInfo(name="document", version=PIPELINE_VERSION)


class Pipeline:
    """A loaded model and an ordered list of extractors; build once, call on many documents."""

    def __init__(self, settings: Settings | None = None, extractors: list[str] | None = None):
        self.settings = settings or default_settings()
        self.nlp = nlp_module.load(self.settings.get("nlp.model"))
        self.extractors = ordered(extractors if extractors is not None else list(self.settings.get("extract.enabled")))
        self._names = frozenset(extractor.name for extractor in self.extractors)
        # seconds spent, for profiling and the throughput benchmark: "total" (parse and extraction), "parse"
        # (spaCy, with the memory zone's closing, which frees the batch's Docs) and one entry per extractor;
        # what is left of the total is the pipeline's own work. ``clock`` is wall time; the benchmark sets
        # time.process_time, since on a loaded machine only CPU time compares
        self.timings: dict[str, float] = defaultdict(float)
        self.clock = time.perf_counter

    def document_record(self, document: Document) -> DocumentRecord:
        doc_id = document.doc_id
        return DocumentRecord(
            id=record_id(doc_id, "document"),
            doc_id=doc_id,
            evidence=[],
            confidence=1.0,
            extractor=_DOCUMENT_EXTRACTOR,
            title=document.title,
            url=document.url,
            published=document.published,
            language=document.language,
            sources=[document.source] if document.source else [],
        )

    def records_for(self, document: Document, parsed) -> list:
        """The document's records. An extractor that raises is logged with its name and the document, the
        others still run (on the records there are), and then ExtractorFailed (AW204) fails the document."""
        context = Context(document=document, doc=parsed, settings=self.settings, extractors=self._names)
        failed = []
        for extractor in self.extractors:
            started = self.clock()
            try:
                context.records.extend(extractor.run(context))
            except Exception as exc:
                log.error("extractor %s failed on document %s (%s)", extractor.name, document.doc_id,
                          document.source or "?", exc_info=True)
                failed.append(f"{extractor.name} ({type(exc).__name__}: {exc})")
            self.timings[extractor.name] += self.clock() - started
        if failed:
            raise ExtractorFailed(f"extractor {', '.join(failed)} failed on this document; it is not stored",
                                  source=document.source or document.doc_id)
        return [self.document_record(document), *context.records]

    def run(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list]]:
        """(document, records) for each document, parsed in batches inside spaCy memory zones."""
        batch_size = int(self.settings.get("nlp.batch_size"))
        max_chars = int(self.settings.get("nlp.max_chunk_chars"))
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch, batch_size, max_chars)
                batch = []
        if batch:
            yield from self._run_batch(batch, batch_size, max_chars)

    def _run_batch(self, batch: list[Document], batch_size: int, max_chars: int):
        # Docs made inside a memory zone are freed when it closes, so records are built inside it.
        started = self.clock()
        with self.nlp.memory_zone():
            # materialised, so that the parse is timed apart from the extractors that read it
            parsed = list(nlp_module.parse_many(self.nlp, (d.text for d in batch), batch_size, max_chars))
            self.timings["parse"] += self.clock() - started
            results = [(document, self.records_for(document, doc)) for document, doc in zip(batch, parsed)]
            closing = self.clock()
        ended = self.clock()
        self.timings["parse"] += ended - closing
        self.timings["total"] += ended - started
        yield from results

    def __call__(self, document: Document) -> list:
        return next(self.run([document]))[1]


_default: Pipeline | None = None


def extract(document: Document, settings: Settings | None = None) -> list:
    """Records for one document, with a pipeline loaded once per process."""
    global _default
    if settings is not None:
        return Pipeline(settings)(document)
    if _default is None:
        _default = Pipeline()
    return _default(document)

"""The per-document function on several cores: a pool of worker processes, each with its own pipeline.

Documents go to the workers in batches and come back with their records, in input order. Small inputs run
in this process, since starting workers (each loads the model) costs more than it saves.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
from typing import Iterable, Iterator

from .config import Settings
from .document import Document
from .pipeline import Pipeline

_worker: Pipeline | None = None


def worker_count(settings: Settings) -> int:
    wanted = int(settings.get("nlp.n_process"))
    return max(1, os.cpu_count() or 1) if wanted <= 0 else wanted


def _start_worker(settings_data: dict, extractors: list[str] | None) -> None:
    global _worker
    _worker = Pipeline(Settings(settings_data), extractors)


def _run_batch(batch: list[Document]) -> list[tuple[Document, list]]:
    return list(_worker.run(batch))


def _batches(documents: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while batch := list(itertools.islice(documents, size)):
        yield batch


def run_documents(documents: Iterable[Document], settings: Settings, extractors: list[str] | None = None,
                  workers: int | None = None, pipeline: Pipeline | None = None) -> Iterator[tuple[Document, list]]:
    """(document, records) for each document, in order, on ``workers`` processes (default: the setting)."""
    workers = workers or worker_count(settings)
    batch_size = int(settings.get("nlp.batch_size"))
    documents = iter(documents)
    head = list(itertools.islice(documents, batch_size * workers))
    if workers == 1 or len(head) < batch_size * workers:
        local = pipeline or Pipeline(settings, extractors)
        yield from local.run(itertools.chain(head, documents))
        return
    context = mp.get_context("spawn")  # a clean interpreter per worker: no parser state copied by fork
    with context.Pool(workers, initializer=_start_worker, initargs=(settings.data, extractors)) as pool:
        # imap keeps input order and reads the input lazily, a few batches ahead of the workers
        for results in pool.imap(_run_batch, _batches(itertools.chain(head, documents), batch_size)):
            yield from results

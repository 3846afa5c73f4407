"""The one worker pool: batches of documents on worker processes, each with its own pipeline.

``run_pooled`` sends batches to the workers, a few in flight per worker, and gives back every document's
records in input order. Reading, duplicate checks and storing stay in the caller's process. A worker that
dies takes only its batches with it: they are handed back to the caller's ``rerun`` and a fresh pool goes on.

Workers die with their parent: on Linux the kernel kills them when it exits (``PR_SET_PDEATHSIG``), elsewhere
a thread in each worker watches the parent's pid. So a ``kill -9`` of ``armswatch ingest`` leaves no worker
holding the model in memory. (The pool is driven from one thread, the one that created it: on Linux the
kernel's signal follows the thread that started the worker.)
"""

from __future__ import annotations

import collections
import ctypes
import ctypes.util
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from .config import Settings
from .document import Document

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_WATCH_S = 0.5

_worker = None  # the worker process's own Pipeline


def worker_count(settings: Settings) -> int:
    wanted = int(settings.get("nlp.n_process"))
    return max(1, os.cpu_count() or 1) if wanted <= 0 else wanted


def die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` exits: the kernel's parent-death signal on Linux, else a watch."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent_pid:  # the parent died before the signal was asked for
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="parent-watch").start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_WATCH_S)
    os._exit(1)


def _start_worker(settings_data: dict, extractors: list[str] | None, parent_pid: int) -> None:
    global _worker
    die_with_parent(parent_pid)
    from .pipeline import Pipeline

    _worker = Pipeline(Settings(settings_data), extractors)


def _run_batch(batch: list[Document]) -> list[tuple[Document, list]]:
    return list(_worker.run(batch))


Result = tuple[Document, list, BaseException | None]


def run_pooled(batches: Iterable[list[Document]], settings: Settings, extractors: list[str], workers: int,
               rerun: Callable[[list[Document]], Iterator[Result]]) -> Iterator[Result]:
    """(document, records, None) for every document of ``batches``, in order, computed on ``workers``
    processes; a batch whose worker failed or died is given to ``rerun`` (which yields the same triples,
    with the exception in place of ``None`` for a document that fails on its own)."""
    in_flight: collections.deque = collections.deque()
    batches = iter(batches)

    def new_pool():
        # spawn: a clean interpreter per worker, no parser state copied by fork
        return ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=_start_worker,
                                   initargs=(settings.data, extractors, os.getpid()))

    pool = new_pool()
    try:
        while True:
            while len(in_flight) < 2 * workers:
                batch = next(batches, None)
                if batch is None:
                    break
                in_flight.append((batch, pool.submit(_run_batch, batch)))
            if not in_flight:
                return
            batch, future = in_flight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                stranded = [batch] + [b for b, _ in in_flight]
                in_flight.clear()
                for lost in stranded:
                    yield from rerun(lost)
                pool = new_pool()
                continue
            except Exception:
                yield from rerun(batch)
                continue
            for document, records in results:
                yield document, records, None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

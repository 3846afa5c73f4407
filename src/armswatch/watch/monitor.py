"""The monitor: rounds over each watched source, on its own schedule.

A round reads the source's listing (a conditional request with the kept ETag / Last-Modified), records the
items it names, then fetches each pending item and stores its document through the ingest loop (one
transaction per document). An item is marked handled only after that; a URL already stored is not fetched
again. The listing's validators are kept only once every item it listed was handled, so a round cut short
is finished by the next one. A stop request (SIGTERM/SIGINT) lets the current document finish.
"""

from __future__ import annotations

import collections
import logging
import random
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from ..errors import ArmswatchError, InputError, RateLimited, RobotsDisallowed
from ..ingest import read_bytes, sniff
from ..ingest.loop import ingest_documents
from . import state
from .listings import gunzipped, parse_listing
from .polite import Polite

log = logging.getLogger("armswatch.watch")


@dataclass
class RoundLog:
    source: str
    listing: str = ""  # 200, 304, or the error
    listed: int = 0
    new: int = 0
    fetched: int = 0  # bodies fetched (listing and items)
    not_modified: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: collections.Counter = field(default_factory=collections.Counter)  # reason -> items
    failed: collections.Counter = field(default_factory=collections.Counter)
    pending: int = 0  # items left for a later round
    error: str | None = None
    doc_ids: list[str] = field(default_factory=list)  # the documents this round stored (for the alerts)

    def line(self) -> str:
        def reasons(counter):
            return f" ({'; '.join(f'{n}× {r}' for r, n in counter.most_common(5))})" if counter else ""
        return (f"{self.source}: listing {self.listing}; listed {self.listed}, new {self.new}; fetched {self.fetched}, "
                f"304 {self.not_modified}, stored {self.stored}, already stored {self.duplicates}, "
                f"skipped {sum(self.skipped.values())}{reasons(self.skipped)}, "
                f"failed {sum(self.failed.values())}{reasons(self.failed)}, left pending {self.pending}")

    def counts(self) -> dict:
        return {"rounds": 1, "fetched": self.fetched, "not_modified": self.not_modified, "stored": self.stored,
                "skipped": self.duplicates + sum(self.skipped.values()), "failed": sum(self.failed.values())}


class Monitor:
    def __init__(self, sources, settings, store, pipeline=None, stop: threading.Event | None = None,
                 after_round=None):
        self.sources = sources
        self.settings = settings
        self.store = store
        self.stop = stop or threading.Event()
        self.polite = Polite(settings, self.stop)
        self.after_round = after_round  # called with each RoundLog (the alerts)
        self.max_items = int(settings.get("watch.max_items_per_round"))
        self.max_attempts = int(settings.get("watch.item_attempts"))
        self.depth = int(settings.get("watch.sitemap_depth"))
        self.limit = 10 * int(settings.get("ingest.max_document_chars"))
        if pipeline is None:
            from ..pipeline import Pipeline

            pipeline = Pipeline(settings)  # built first: a bad model setting stops the monitor at once
        self.pipeline = pipeline
        state.sync_sources(store, sources)

    def run(self, once: bool = False) -> list[RoundLog]:
        """Rounds until stopped; ``once``: one round of every source, then return."""
        logs: list[RoundLog] = []
        while not self.stop.is_set():
            due = self.sources if once else [s for s in self.sources if self._due(s)]
            for source in due:
                if self.stop.is_set():
                    break
                logs.append(self.round(source))
            if once:
                break
            self.stop.wait(self._idle_s())
            if not once:
                logs = logs[-len(self.sources):]  # a long run keeps only the latest rounds
        return logs

    def _due(self, source) -> bool:
        next_at = state.aware(state.source_row(self.store, source.name)["next_round_at"])
        return next_at is None or next_at <= state.now()

    def _idle_s(self) -> float:
        rows = state.report(self.store, [s.name for s in self.sources])
        waits = [(row["next_round_at"] - state.now()).total_seconds() for row in rows if row["next_round_at"]]
        return max(0.05, min(min(waits, default=1.0), 60.0))

    # ---- one round ----------------------------------------------------------------------------------

    def round(self, source) -> RoundLog:
        record = RoundLog(source.name)
        row = state.source_row(self.store, source.name)
        validators = None
        retry_after = 0.0
        try:
            validators = self._read_listing(source, row, record)
        except RateLimited as error:
            record.error, retry_after = str(error), float(getattr(error, "retry_after", 0) or 0)
        except ArmswatchError as error:
            record.error = str(error)
        if not self.stop.is_set():
            retry_after = max(retry_after, self._fetch_items(source, record))
        record.pending = state.count_pending(self.store, source.name)
        keep = validators if validators is not None and record.pending == 0 else None
        failures = row["errors_in_row"] + 1 if record.error else 0
        state.end_round(self.store, source.name, record.counts(), self._next_round(source, failures, retry_after),
                        record.error, keep, failures)
        (log.warning if record.error else log.info)("%s%s", record.line(),
                                                    f"; error: {record.error}" if record.error else "")
        if self.after_round is not None:
            self.after_round(record)
        return record

    def _next_round(self, source, failures: int, retry_after: float):
        wait = source.interval_s + random.uniform(0, source.jitter_s)
        if failures:
            base, most = float(self.settings.get("watch.backoff_base_s")), float(self.settings.get("watch.backoff_max_s"))
            wait = max(wait, min(base * 2 ** (failures - 1), most))
        return state.now() + timedelta(seconds=max(wait, retry_after))

    def _read_listing(self, source, row, record: RoundLog):
        """Fetch and parse the listing (and a sitemap index's children); returns its validators, or None
        when it was not modified."""
        page = self.polite.get(source.url, allow_private=source.allow_private, etag=row["etag"],
                               last_modified=row["last_modified"], headers=source.headers or None)
        if page.not_modified:
            record.listing, record.not_modified = "304 not modified", record.not_modified + 1
            return None
        record.listing, record.fetched = f"{page.status}", record.fetched + 1
        listing = parse_listing(gunzipped(page.body, source.url, self.limit), source.url, source.kind)
        items = list(listing.items)
        children, seen, depth = list(listing.children), {source.url}, 1
        while children and depth <= self.depth and not self.stop.is_set():
            next_level = []
            for child in children:
                if child in seen:
                    continue
                seen.add(child)
                part = self.polite.get(child, allow_private=source.allow_private, headers=source.headers or None)
                record.fetched += 1
                inner = parse_listing(gunzipped(part.body, child, self.limit), child, "sitemap")
                items.extend(inner.items)
                next_level.extend(inner.children)
            children, depth = next_level, depth + 1
        record.listed = len(items)
        record.new = state.add_items(self.store, source.name, items)
        return page.etag, page.last_modified

    def _fetch_items(self, source, record: RoundLog) -> float:
        """Handle the source's pending items; returns how long the site asked to wait, if it did."""
        for item in state.pending_items(self.store, source.name, source.max_items or self.max_items):
            if self.stop.is_set():
                break
            try:
                self._handle(source, item, record)
            except RateLimited as error:  # the host asked to wait: the rest of its items wait with it
                record.error = str(error)
                return float(getattr(error, "retry_after", 0) or 0)
        return 0.0

    def _handle(self, source, item: dict, record: RoundLog) -> None:
        url = item["url"]
        known = state.stored_doc(self.store, url)
        if known:
            state.finish_item(self.store, item["id"], "duplicate", known, "already stored")
            record.duplicates += 1
            return
        try:
            page = self.polite.get(url, allow_private=source.allow_private, headers=source.headers or None)
        except RateLimited:
            raise
        except RobotsDisallowed as error:
            self._skip(item, record, error)
            return
        except InputError as error:
            self._fail(item, record, error)
            return
        record.fetched += 1
        kind = sniff.kind_by_content(page.body[:65536], page.content_type)
        if kind in (sniff.FEED, sniff.WARC):
            self._skip(item, record, InputError(f"a {kind} file, not an article: list it as a source of its own",
                                                source=url))
            return
        documents = []
        for document in read_bytes(page.body, url, self.settings, published=item["published"]):
            if not isinstance(document, InputError):
                document.url = document.url or page.url
                document.meta["watch"] = source.name
            documents.append(document)
        summary = ingest_documents(documents, self.settings, self.store, self.pipeline)
        if summary.failed:
            issue = summary.failed[0]
            self._fail(item, record, InputError(f"[{issue.code}] {issue.reason}", source=url))
        elif summary.stored or summary.duplicates:
            doc_id = next((d.doc_id for d in documents if not isinstance(d, InputError)), None)
            state.finish_item(self.store, item["id"], "stored" if summary.stored else "duplicate", doc_id)
            if summary.stored and doc_id:
                record.doc_ids.append(doc_id)
            record.stored += summary.stored
            record.duplicates += summary.duplicates if not summary.stored else 0
        else:
            issue = summary.skipped[0] if summary.skipped else None
            reason = f"[{issue.code}] {issue.reason}" if issue else "nothing to store"
            state.finish_item(self.store, item["id"], "skipped", None, reason)
            record.skipped[reason[:80]] += 1

    def _skip(self, item: dict, record: RoundLog, error: InputError) -> None:
        state.finish_item(self.store, item["id"], "skipped", None, f"[{error.code}] {error.message}")
        record.skipped[f"[{error.code}] {error.message}"[:80]] += 1

    def _fail(self, item: dict, record: RoundLog, error: InputError) -> None:
        reason = f"[{error.code}] {error.message}" if not error.message.startswith("[") else error.message
        if state.item_failed(self.store, item["id"], reason, self.max_attempts):
            record.failed[reason[:80]] += 1
        else:
            log.info("%s: %s (will try again)", item["url"], reason)


def install_stop_handlers(stop: threading.Event) -> None:
    """SIGTERM and SIGINT ask the monitor to stop after the current document."""
    import signal

    def _stop(signum, _frame):
        log.warning("received %s: finishing the current document, then stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)


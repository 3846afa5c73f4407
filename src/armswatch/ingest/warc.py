"""WARC files (warcio), gzipped or not: HTML ``response`` records with status 200 are read as pages.
Gzipped files are inflated here a member (a record) at a time under ``ingest.max_inflated_bytes``, so a
record that inflates to gigabytes costs only itself (AW116), not the machine's memory.

Every other response is skipped with a counted reason (RecordSkipped, NoArticle); request, metadata and
warcinfo records are not pages and pass silently. A truncated or corrupt record is reported (WarcUnreadable)
and reading goes on from the next record start found in the file, so one bad record costs only itself.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from typing import BinaryIO, Iterator

from ..document import Document
from ..errors import InflatedTooLarge, InputError, RecordSkipped, TooLarge, WarcUnreadable
from .checks import iso_date, max_chars
from .html import read_html
from .inflate import GZIP_MAGIC as _GZIP_MAGIC
from .inflate import gzip_member, max_inflated
from .sniff import kind_by_content

_WARC_MAGIC = b"WARC/1."
_SCAN_BLOCK = 1 << 20
# A crawl holds index, tag and login pages beside articles; a page whose main text is shorter than this is
# not taken for an article (a file or URL given by hand is read down to ingest.min_chars instead).
MIN_ARTICLE_CHARS = 200


def _next_record_start(fh: BinaryIO, after: int, gzipped: bool) -> int | None:
    """Offset of the first record start (a gzip member, or a WARC version line) at or after ``after``."""
    # (a truncated record runs straight into the next one's version line, with no line end between them;
    # a false start inside a payload fails to parse and the scan goes on)
    marker = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    position = after
    while True:
        fh.seek(position)
        block = fh.read(_SCAN_BLOCK + len(marker))
        if not block:
            return None
        found = block.find(marker)
        if found >= 0:
            return position + found
        if len(block) <= len(marker):
            return None
        position += _SCAN_BLOCK


def _has_data_after(fh: BinaryIO, offset: int) -> bool:
    fh.seek(offset)
    return bool(fh.read(4096).strip(b"\r\n\x00 "))


def _payload(record, limit: int) -> tuple[int | None, str, bytes]:
    """(HTTP status, content type, body) of a response record; the body is read whole here, so that a
    truncated stream fails while the record is being read."""
    status = None
    content_type = ""
    if record.http_headers is not None:
        try:
            status = int(record.http_headers.get_statuscode())
        except (TypeError, ValueError):
            status = None
        content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    body = record.content_stream().read(limit + 1)
    return status, content_type, body


def read_warc(path: str, settings, published: str | None = None, source: str | None = None
              ) -> Iterator[Document | InputError]:
    """``source`` names the file in sources and errors where ``path`` is not fit to show (a temporary file,
    a name with undecodable bytes)."""
    label = source or path
    limit = 10 * max_chars(settings)
    min_chars = max(int(settings.get("ingest.min_chars")), MIN_ARTICLE_CHARS)
    with open(path, "rb") as fh:
        if fh.read(3) != _GZIP_MAGIC:
            yield from _read_stream(fh, False, lambda offset: f"{label}#{offset}", limit, min_chars, published)
            return
        for start, member in _members(fh, label, max_inflated(settings)):
            if isinstance(member, InputError):
                yield member
                continue
            # a member normally holds one record; the inner offset is added only where it holds more
            yield from _read_stream(io.BytesIO(member), False,
                                    lambda inner, start=start: f"{label}#{start}" + (f"+{inner}" if inner else ""),
                                    limit, min_chars, published)


def _members(fh: BinaryIO, label: str, cap: int) -> Iterator[tuple[int, bytes | InputError]]:
    """Each gzip member of the file, inflated under ``cap`` (InflatedTooLarge for that member alone); a
    corrupt member is reported and reading goes on from the next member start found after it."""
    start: int | None = 0
    resyncing = False
    while start is not None:
        try:
            member, end = gzip_member(fh, start, cap, source=f"{label}#{start}")
        except InflatedTooLarge as error:
            yield start, error
            start, resyncing = _next_record_start(fh, start + 1, True), True
            continue
        except (zlib.error, EOFError) as exc:
            if not resyncing:  # (a false member start found while resynchronising is passed over in silence)
                yield start, WarcUnreadable(f"corrupt or truncated record: {str(exc).strip()[:120]}",
                                            source=f"{label}#{start}")
            start, resyncing = _next_record_start(fh, start + 1, True), True
            continue
        resyncing = False
        yield start, member
        start = end if _has_data_after(fh, end) else None


def _read_stream(fh: BinaryIO, gzipped: bool, where, limit: int, min_chars: int, published: str | None
                 ) -> Iterator[Document | InputError]:
    """The records of an uncompressed WARC stream; ``where(offset)`` names a record in sources."""
    from warcio.archiveiterator import ArchiveIterator

    silenced = io.StringIO()  # warcio writes its own warnings to stderr; ours name the record instead
    start: int | None = 0
    while start is not None:
        fh.seek(start)
        iterator = ArchiveIterator(fh)
        records = iter(iterator)
        last_end = start
        restart: int | None = None
        read_any = False
        while True:
            try:
                with contextlib.redirect_stderr(silenced):
                    record = next(records)
                    errors_before = iterator.err_count
                    item = None
                    if record.rec_type == "response":
                        item = _payload(record, limit)
                    offset = iterator.get_record_offset()  # warcio counts from the stream's start
                    length = iterator.get_record_length()
                    truncated = (iterator.err_count > errors_before or getattr(record.raw_stream, "limit", 0) > 0
                                 or not record.rec_type)  # (a version line with no headers after it)
            except StopIteration:
                if _has_data_after(fh, last_end):
                    # records that end early leave bytes warcio passes over without a word
                    if last_end > start or start == 0 or read_any:
                        yield WarcUnreadable("truncated or corrupt data after the last complete record",
                                             source=where(last_end))
                    restart = _next_record_start(fh, last_end + 1, gzipped)
                break
            except Exception as exc:  # warcio fails in many ways (AttributeError on a cut header line among them)
                if start > 0 and not read_any:
                    # a false record start found while resynchronising: look further, report nothing twice
                    restart = _next_record_start(fh, start + 1, gzipped)
                    break
                yield WarcUnreadable(f"corrupt or truncated record: {type(exc).__name__}: {str(exc).strip()[:120]}",
                                     source=where(last_end))
                restart = _next_record_start(fh, last_end + 1, gzipped)
                break
            if truncated:
                yield WarcUnreadable("truncated record: it ends before its Content-Length says", source=where(offset))
                restart = _next_record_start(fh, offset + 1, gzipped)
                break
            last_end = offset + length
            read_any = True
            if item is not None:
                yield _response(record, item, where(offset), limit, min_chars, published)
        start = restart


def _response(record, payload, source: str, limit: int, min_chars: int, published: str | None):
    status, content_type, body = payload
    url = record.rec_headers.get_header("WARC-Target-URI")
    if status is None:
        return RecordSkipped("not an HTTP response (no status line)", source=source)
    if status != 200:
        return RecordSkipped(f"HTTP status {status}", source=source)
    if len(body) > limit:
        return TooLarge(f"the page is over {limit:,} bytes", source=source)
    if "html" not in content_type and kind_by_content(body[:4096], content_type) != "html":
        return RecordSkipped(f"not HTML ({content_type or 'no content type'})", source=source)
    try:
        document = read_html(body, source=source, url=url, published=published, min_chars=min_chars)
    except InputError as error:
        return error
    crawled = iso_date(record.rec_headers.get_header("WARC-Date"))
    document.published = document.published or crawled
    document.meta.update({"kind": "warc", "crawled": crawled})
    return document

"""WARC files (warcio), gzipped or not: HTML ``response`` records with status 200 are read as pages.

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
from ..errors import InputError, RecordSkipped, TooLarge, WarcUnreadable
from .checks import iso_date, max_chars
from .html import read_html
from .sniff import kind_by_content

_GZIP_MAGIC = b"\x1f\x8b\x08"
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


def read_warc(path: str, settings, published: str | None = None) -> Iterator[Document | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limit = 10 * max_chars(settings)
    min_chars = max(int(settings.get("ingest.min_chars")), MIN_ARTICLE_CHARS)
    silenced = io.StringIO()  # warcio writes its own warnings to stderr; ours name the record instead
    with open(path, "rb") as fh:
        gzipped = fh.read(3) == _GZIP_MAGIC
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
                        offset = iterator.get_record_offset()  # warcio counts from the file's start
                        length = iterator.get_record_length()
                        truncated = iterator.err_count > errors_before or getattr(record.raw_stream, "limit", 0) > 0
                except StopIteration:
                    if _has_data_after(fh, last_end):
                        # records that end early leave bytes warcio passes over without a word
                        if last_end > start or start == 0 or read_any:
                            yield WarcUnreadable("truncated or corrupt data after the last complete record",
                                                 source=f"{path}#{last_end}")
                        restart = _next_record_start(fh, last_end + 1, gzipped)
                    break
                except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError, KeyError) as exc:
                    if start > 0 and not read_any:
                        # a false record start found while resynchronising: look further, report nothing twice
                        restart = _next_record_start(fh, start + 1, gzipped)
                        break
                    yield WarcUnreadable(f"corrupt or truncated record: {str(exc).strip()[:120]}",
                                         source=f"{path}#{last_end}")
                    restart = _next_record_start(fh, last_end + 1, gzipped)
                    break
                if truncated:
                    yield WarcUnreadable("truncated record: it ends before its Content-Length says",
                                         source=f"{path}#{offset}")
                    restart = _next_record_start(fh, offset + 1, gzipped)
                    break
                last_end = offset + length
                read_any = True
                if item is not None:
                    yield _response(record, item, f"{path}#{offset}", limit, min_chars, published)
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

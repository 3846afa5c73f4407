"""Reading sources into Documents: plain text, HTML, JSON Lines, PDF, RSS/Atom feeds, WARC, folders, standard
input and http(s) URLs. One module per source kind; this module picks the reader and applies the checks
every document shares (size, emptiness, language).

Public: ``read_inputs`` (a stream of Documents and, in their place, the InputError of whatever could not be
read, so a batch goes on), ``read_one`` (the documents of one input, for ``armswatch extract``), and
``loop.ingest_inputs`` (reading, extracting and storing).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Iterable, Iterator

from ..document import Document
from ..errors import ArmswatchError, InputError, NotFound
from . import sniff
from .checks import check_byte_size, finish, iso_date, no_surrogates, shown_name

__all__ = ["read_inputs", "read_one", "read_path", "read_url", "read_bytes", "checked"]

# in folders, files of these kinds are not articles and are passed over without a word
_NOT_ARTICLES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".css",
                 ".js", ".map", ".woff", ".woff2", ".ttf", ".mp3", ".mp4", ".zip", ".pyc", ".db", ".sqlite",
                 ".db-wal", ".db-shm", ".db-journal", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal"}
_SNIFF_BYTES = 65536


def read_inputs(inputs: Iterable[str], settings, published: str | None = None) -> Iterator[Document | InputError]:
    """Each input is a path (file or folder), an http(s) or file URL, or '-' for standard input. Documents
    come out checked and ready for the pipeline; an input (or part of one) that cannot be read comes out
    as its InputError, and reading goes on. ``published`` (YYYY-MM-DD) dates inputs that carry no date."""
    published = iso_date(published, source="--published", strict=True)
    for name in inputs:
        yield from checked(_read_any(name, settings, published), settings)


def checked(items: Iterable[Document | InputError], settings) -> Iterator[Document | InputError]:
    """Each document checked (size, emptiness, language) and ready for the pipeline, or the InputError
    that says why it cannot go on; errors pass through."""
    for item in items:
        if isinstance(item, Document):
            try:
                item = finish(item, settings)
            except InputError as error:
                item = error
        yield item


def read_one(path: str, settings, published: str | None = None) -> list[Document]:
    """The documents of one input; its first error is raised when it yields no document at all."""
    documents: list[Document] = []
    first_error: InputError | None = None
    for item in read_inputs([path], settings, published=published):
        if isinstance(item, Document):
            documents.append(item)
        elif first_error is None:
            first_error = item
    if not documents and first_error is not None:
        raise first_error
    return documents


def _read_any(name: str, settings, published: str | None) -> Iterator[Document | InputError]:
    """Dispatch one input by what it is; an unexpected failure inside a reader fails that input only."""
    try:
        if name == "-":
            yield from _read_stdin(settings, published)
        elif name.lower().startswith(("http://", "https://")):
            yield from read_url(name, settings, published)
        elif name.lower().startswith("file://"):
            from urllib.parse import unquote, urlparse

            yield from read_path(Path(unquote(urlparse(name).path)), settings, published, source=name)
        else:
            path = Path(name)
            if path.is_dir():
                yield from _read_folder(path, settings, published)
            else:
                yield from read_path(path, settings, published)
    except InputError as error:
        yield error
    except ArmswatchError:
        raise
    except Exception as exc:  # a reader's bug or a library's surprise must not end the batch
        yield InputError(f"cannot read: {type(exc).__name__}: {exc}", source=shown_name(name))


def _read_stdin(settings, published: str | None) -> Iterator[Document | InputError]:
    """Standard input: a WARC stream is spooled to a temporary file (it may be far bigger than one
    document, and its reader seeks); anything else is read up to the size limit."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream (tests, some embedders)
        yield from read_bytes(no_surrogates(sys.stdin.read()).encode("utf-8"), "stdin", settings, published)
        return
    head = stream.read(_SNIFF_BYTES)
    if sniff.kind_by_content(head) == sniff.WARC:
        import shutil
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".warc") as tmp:
            tmp.write(head)
            shutil.copyfileobj(stream, tmp)
            tmp.flush()
            yield from (_renamed(item, tmp.name, "stdin") for item in _warc(tmp.name, settings, published))
        return
    limit = 4 * int(settings.get("ingest.max_document_chars"))
    data = head + stream.read(max(limit + 1 - len(head), 0))
    check_byte_size(len(data), settings, "stdin")
    yield from read_bytes(data, "stdin", settings, published)


def _read_folder(folder: Path, settings, published: str | None) -> Iterator[Document | InputError]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file_name in sorted(files):
            if file_name.startswith(".") or Path(file_name).suffix.lower() in _NOT_ARTICLES:
                continue
            yield from _read_any(str(Path(root) / file_name), settings, published)


def read_path(path: Path, settings, published: str | None = None, source: str | None = None
              ) -> Iterator[Document | InputError]:
    """One file, by extension first and then by its first bytes."""
    source = source or shown_name(str(path))
    if not path.exists():
        raise NotFound("no such file or folder", source=source)
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    kind = sniff.detect(path.name, head)
    if kind == sniff.WARC:
        from .warc import read_warc

        yield from read_warc(str(path), settings, published, source=source)
    elif kind == sniff.JSONL:
        from .jsonl import read_jsonl

        with open(path, "rb") as fh:
            yield from read_jsonl(fh, source, settings, published)
    else:
        check_byte_size(path.stat().st_size, settings, source, bytes_per_char=4 if kind == sniff.TEXT else 10)
        yield from _read_kind(kind, path.read_bytes(), source, settings, published)


def read_url(url: str, settings, published: str | None = None) -> Iterator[Document | InputError]:
    """A single page or a feed, told apart by content type and content."""
    from .fetch import fetch

    page = fetch(url, settings)
    kind = sniff.kind_by_content(page.body[:_SNIFF_BYTES], page.content_type)
    yield from _read_kind(kind, page.body, url, settings, published, url=page.url)


def read_bytes(data: bytes, source: str, settings, published: str | None = None) -> Iterator[Document | InputError]:
    """Input whose kind is known only from its content (standard input, uploads)."""
    kind = sniff.kind_by_content(data[:_SNIFF_BYTES])
    if kind == sniff.WARC:
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".warc") as tmp:  # warcio reads files; resync needs seeking
            tmp.write(data)
            tmp.flush()
            yield from (_renamed(item, tmp.name, source) for item in _warc(tmp.name, settings, published))
        return
    yield from _read_kind(kind, data, source, settings, published)


def _warc(path: str, settings, published):
    from .warc import read_warc

    return read_warc(path, settings, published)


def _renamed(item, old: str, new: str):
    if item.source and item.source.startswith(old):
        item.source = new + item.source[len(old):]
    return item


def _read_kind(kind: str, data: bytes, source: str, settings, published: str | None, url: str | None = None
               ) -> Iterator[Document | InputError]:
    if kind == sniff.HTML:
        from .html import read_html

        yield read_html(data, source=source, url=url, published=published,
                        min_chars=int(settings.get("ingest.min_chars")))
    elif kind == sniff.PDF:
        from .pdf import read_pdf

        document = read_pdf(data, source, published)
        document.url = url
        yield document
    elif kind == sniff.FEED:
        from .feed import read_feed

        yield from read_feed(data, source, settings, published)
    elif kind == sniff.JSONL:
        from .jsonl import read_jsonl

        yield from read_jsonl(io.BytesIO(data), source, settings, published)
    elif kind == sniff.JSON_ARRAY:
        from .jsonl import read_json_array

        yield from read_json_array(data, source, published)
    else:
        from .text import read_text

        document = read_text(data, source, published)
        document.url = url
        yield document

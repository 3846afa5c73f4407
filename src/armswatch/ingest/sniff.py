"""Which reader a file goes to: by extension first, then by its first bytes."""

from __future__ import annotations

import re
import zlib

TEXT, HTML, JSONL, JSON_ARRAY, PDF, FEED, WARC = "text", "html", "jsonl", "json-array", "pdf", "feed", "warc"

_EXTENSIONS = {
    ".txt": TEXT, ".text": TEXT, ".md": TEXT,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".shtml": HTML,
    ".jsonl": JSONL, ".ndjson": JSONL,
    ".pdf": PDF,
    ".rss": FEED, ".atom": FEED,
    ".warc": WARC, ".warc.gz": WARC, ".arc.gz": WARC,
}
_FEED_MARK = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_MARK = re.compile(rb"<(!doctype html|html|head|body|article|p|div)[\s>]", re.IGNORECASE)


def kind_by_name(name: str) -> str | None:
    lower = name.lower()
    for extension in (".warc.gz", ".arc.gz"):
        if lower.endswith(extension):
            return _EXTENSIONS[extension]
    dot = lower.rfind(".")
    return _EXTENSIONS.get(lower[dot:]) if dot >= 0 else None


def kind_by_content(head: bytes, content_type: str = "") -> str:
    """Sniff the first few KB (and an HTTP content type where there is one)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = _gunzip_head(head)
        except zlib.error:
            inner = b""
        return WARC if inner.startswith(b"WARC/") else TEXT
    if head.startswith(b"WARC/"):
        return WARC
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if "rss" in content_type or "atom" in content_type or (body.startswith(b"<") and _FEED_MARK.search(body[:2048])):
        return FEED
    if "html" in content_type or (body.startswith(b"<") and _HTML_MARK.search(body[:4096])):
        return HTML
    if body.startswith(b"{"):
        return JSONL
    if body.startswith(b"[") and body[1:].lstrip().startswith((b"{", b"]")):
        return JSON_ARRAY
    return TEXT


def _gunzip_head(head: bytes) -> bytes:
    """The first bytes of a gzip stream, even when only its beginning is at hand."""
    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)


def detect(name: str, head: bytes, content_type: str = "") -> str:
    """The extension decides where it is a known one (.json and .xml are sniffed: they may be anything)."""
    return kind_by_name(name) or kind_by_content(head, content_type)

"""Builders of decompression bombs (no tests here), for tests/test_hostile_inputs.py and
benchmarks/gzip_bomb.py: gzipped zeros, a WARC response record of zeros, and a PDF with one FlateDecode
content stream. Each is made a megabyte at a time, so a 1 GB bomb never sits in memory inflated."""

from __future__ import annotations

import io
import zlib

MB = 1 << 20


def deflated_zeros(size: int, wbits: int = 31) -> bytes:
    """``size`` zero bytes compressed (zlib ``wbits``: 31 for gzip, 15 for zlib)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(packer.compress(bytes(MB)) for _ in range(size // MB)) + packer.flush()


def gzip_member(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def response_head(url: str, payload_size: int) -> bytes:
    """The WARC and HTTP headers of a 200 text/html response record of ``payload_size`` bytes."""
    http_head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {payload_size}\r\n\r\n".encode()
    return (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-03-04T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http_head) + payload_size}\r\n\r\n").encode() + http_head


def page_member(url: str, page: bytes) -> bytes:
    """A gzip member holding one response record of ``page``."""
    return gzip_member(response_head(url, len(page)) + page + b"\r\n\r\n")


def zeros_member(url: str, size: int) -> bytes:
    """A gzip member holding one response record whose payload is ``size`` zero bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(response_head(url, size))]
    parts.extend(packer.compress(bytes(MB)) for _ in range(size // MB))
    parts.append(packer.compress(b"\r\n\r\n") + packer.flush())
    return b"".join(parts)


def pdf_with_stream(stream: bytes) -> bytes:
    """A one-page PDF whose content stream is ``stream``, declared FlateDecode."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<<>>>>",
               b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()

"""Decompression with a running size cap, so that a small compressed input cannot grow into gigabytes
("zip bombs"): gzip/deflate HTTP bodies and the gzip members of WARC files are inflated a block at a time
and refused (InflatedTooLarge, AW116) as soon as the output passes the cap, not after. PDF streams are capped
by pypdf's own limits (its Configuration), whose refusal ``pdf.py`` maps to the same error.

The cap is the setting ``ingest.max_inflated_bytes``.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO, Iterator

from ..errors import InflatedTooLarge

GZIP_MAGIC = b"\x1f\x8b\x08"
_BLOCK = 1 << 16  # compressed bytes fed to the inflater at a time
_OUT_BLOCK = 1 << 20  # inflated bytes taken out at a time, so the cap is checked at least every MB


def max_inflated(settings) -> int:
    return int(settings.get("ingest.max_inflated_bytes"))


def _refused(cap: int, source: str | None) -> InflatedTooLarge:
    return InflatedTooLarge(f"the compressed data inflates to more than {cap:,} bytes", source=source)


def _drain(inflater, data: bytes, cap: int, size: int, source: str | None) -> Iterator[bytes]:
    """Inflate ``data`` in pieces of at most _OUT_BLOCK bytes, raising once the output passes ``cap``."""
    while True:
        piece = inflater.decompress(data, _OUT_BLOCK)
        size += len(piece)
        if size > cap:
            raise _refused(cap, source)
        if piece:
            yield piece
        data = inflater.unconsumed_tail
        if not data and len(piece) < _OUT_BLOCK:  # a full piece may leave output pending inside zlib
            return


def inflate_body(data: bytes, encoding: str, cap: int, source: str | None = None) -> bytes:
    """An HTTP body decoded from its Content-Encoding (gzip, x-gzip or deflate, zlib-wrapped or raw); bodies
    in any other or no encoding are returned as they are. Corrupt data raises zlib.error."""
    encoding = (encoding or "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif encoding == "deflate":
        # the standard says zlib-wrapped; some servers send raw deflate
        wbits = zlib.MAX_WBITS if data[:1] and (data[0] & 0x0F) == 8 and int.from_bytes(data[:2], "big") % 31 == 0 \
            else -zlib.MAX_WBITS
    else:
        return data
    out: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(wbits)
        for piece in _drain(inflater, data, cap, size, source):
            size += len(piece)
            out.append(piece)
        if not inflater.eof:
            raise zlib.error("the compressed body ends early")
        data = inflater.unused_data if wbits == 16 + zlib.MAX_WBITS else b""  # gzip may hold several members
        if data.strip(b"\x00") == b"":
            break
    return b"".join(out)


def gzip_member(fh: BinaryIO, start: int, cap: int, source: str | None = None) -> tuple[bytes, int]:
    """(inflated bytes, offset just after the member) of the gzip member starting at ``start``.
    InflatedTooLarge past ``cap``; zlib.error for corrupt data; EOFError where the file ends inside it."""
    fh.seek(start)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out: list[bytes] = []
    size = 0
    consumed = 0
    while not inflater.eof:
        block = fh.read(_BLOCK)
        if not block:
            raise EOFError("the file ends inside a gzip member")
        for piece in _drain(inflater, block, cap, size, source):
            size += len(piece)
            out.append(piece)
        consumed += len(block)
    return b"".join(out), start + consumed - len(inflater.unused_data)

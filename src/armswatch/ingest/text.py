"""Plain text files: UTF-8 (with or without a byte-order mark)."""

from __future__ import annotations

from ..document import Document
from .checks import decode_text


def read_text(data: bytes, source: str, published: str | None = None) -> Document:
    return Document(text=decode_text(data, source), published=published, source=source, meta={"kind": "text"})

"""Reading sources into Documents. (Minimal plain-text reader; the full ingest layer replaces this.)"""

from __future__ import annotations

import sys
from pathlib import Path

from ..document import Document


def read_one(path: str, settings, published: str | None = None) -> list[Document]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    return [Document(text=text, published=published, source="stdin" if path == "-" else path)]

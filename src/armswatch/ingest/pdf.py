"""PDF reports (pypdf): the text of each page, with the offset where each page starts kept in
``Document.pages`` so evidence can cite its page."""

from __future__ import annotations

import io
import logging

from ..document import Document
from ..errors import InflatedTooLarge, PdfUnreadable
from .checks import iso_date

PAGE_SEPARATOR = "\n\n"


def read_pdf(data: bytes, source: str, published: str | None = None) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files warn at length
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # many PDFs are "encrypted" with an empty user password only, to restrict printing or copying
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported encryption
                raise PdfUnreadable(f"encrypted PDF that cannot be opened ({exc})", source=source) from exc
            if not opened:
                raise PdfUnreadable("encrypted PDF: it needs a password", source=source)
        parts: list[str] = []
        pages: list[tuple[int, int]] = []
        offset = 0
        for number, page in enumerate(reader.pages, start=1):
            text = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n").strip()
            if not text:
                continue
            if parts:
                offset += len(PAGE_SEPARATOR)
            pages.append((offset, number))
            parts.append(text)
            offset += len(text)
        metadata = reader.metadata
    except PdfUnreadable:
        raise
    except LimitReachedError as exc:  # pypdf's own caps on inflated streams (its Configuration), a "zip bomb"
        raise InflatedTooLarge(f"a stream in the PDF inflates past pypdf's limit ({exc})", source=source) from exc
    except RecursionError as exc:
        raise PdfUnreadable("damaged PDF: its objects nest too deeply", source=source) from exc
    except Exception as exc:  # pypdf fails on damaged files in many ways, none of them worth more than a code
        raise PdfUnreadable(f"damaged PDF: {type(exc).__name__}: {str(exc)[:200]}", source=source) from exc
    if not parts:
        raise PdfUnreadable(f"no text on any of its {len(reader.pages)} pages: scanned images only?", source=source)
    title = None
    date = None
    if metadata is not None:
        title = (metadata.title or "").strip() or None
        try:
            date = iso_date(metadata.creation_date)
        except (ValueError, TypeError):
            date = None
    return Document(text=PAGE_SEPARATOR.join(parts), title=title, published=date or published, source=source,
                    pages=pages, meta={"kind": "pdf", "page_count": len(reader.pages)})

"""Checks every source kind shares: decoding bytes to text, and the last word on a Document (size, emptiness,
language) before it is handed to the pipeline."""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache

from ..document import Document
from ..errors import BadDate, BinaryInput, DecodeFailed, EmptyInput, NotEnglish, TooLarge

# Texts shorter than this are not judged for language: a headline or two is too little evidence.
MIN_CHARS_FOR_LANGUAGE = 200
# Language is judged on a sample; classifying a whole report costs time and adds nothing.
LANGUAGE_SAMPLE_CHARS = 5000
# Share of control characters above which a text is taken for binary data.
MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_BOMS = (("\ufeff", "utf-8-sig"),)


_SURROGATE = re.compile("[\ud800-\udfff]")


def shown_name(name: str) -> str:
    """A file name fit to show and store: bytes that are not UTF-8 (which Python carries as lone surrogates)
    are written as escapes (\\xff), so the document keeps a name that names it."""
    if not _SURROGATE.search(name):
        return name
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return no_surrogates(name)


def no_surrogates(text: str | None) -> str | None:
    """Lone surrogates (from JSON's \\ud800 escapes, or undecodable bytes) as U+FFFD: they cannot be stored."""
    return _SURROGATE.sub("\ufffd", text) if text and _SURROGATE.search(text) else text


def max_chars(settings) -> int:
    return int(settings.get("ingest.max_document_chars"))


def check_byte_size(size: int, settings, source: str, bytes_per_char: int = 4) -> None:
    """Refuse, before reading, input too big to hold a text of at most max_document_chars characters, so
    a huge file is never loaded: UTF-8 needs at most 4 bytes a character; markup, feeds and PDFs are given
    ``bytes_per_char`` (10) for what surrounds their text."""
    limit = max_chars(settings)
    if size > bytes_per_char * limit:
        raise TooLarge(f"{size:,} bytes, more than a text of at most {limit:,} characters comes in", source=source)


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, in the first 8 KB: not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for byte in head if byte < 32 and chr(byte) not in _ALLOWED_CONTROLS)
    return controls / len(head) > MAX_CONTROL_SHARE


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (a byte-order mark is dropped; UTF-16 with its mark is read too); anything else is refused
    with the position of the first bad byte, rather than guessed at."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeFailed(f"invalid UTF-16 at byte {exc.start}", source=source) from exc
    if looks_binary(data):
        raise BinaryInput("binary data (NUL bytes or control characters), not text", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodeFailed(f"invalid UTF-8 at byte {exc.start} ({data[exc.start:exc.start + 4]!r})",
                           source=source) from exc


def text_problem(text: str) -> str | None:
    """Why a decoded text is not text after all (control characters in it), or None."""
    sample = text[:8192]
    if not sample:
        return None
    if "\x00" in sample:
        return "NUL characters"
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return "control characters" if controls / len(sample) > MAX_CONTROL_SHARE else None


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) for texts long enough to judge, else (None, 0)."""
    if len(text.strip()) < MIN_CHARS_FOR_LANGUAGE:
        return None, 0.0
    if len(text) > LANGUAGE_SAMPLE_CHARS:
        # beginning and middle: a foreign-language header or footer alone does not decide
        half = LANGUAGE_SAMPLE_CHARS // 2
        middle = len(text) // 2
        text = text[:half] + "\n" + text[middle:middle + half]
    language, probability = _identifier().classify(text)
    return language, float(probability)


_LINE_ENDS = re.compile(r"\r\n?")


def finish(document: Document, settings) -> Document:
    """Normalise line ends and check size, emptiness and language; raise the InputError that says why a
    document cannot go on."""
    for name in ("source", "title", "url"):
        value = getattr(document, name)
        if isinstance(value, str) and _SURROGATE.search(value):
            setattr(document, name, shown_name(value) if name == "source" else no_surrogates(value))
    source = document.source
    text = _LINE_ENDS.sub("\n", no_surrogates(document.text)).lstrip("\ufeff")
    problem = text_problem(text)
    if problem:
        raise BinaryInput(f"the text holds {problem}", source=source)
    if len(text) > max_chars(settings):
        raise TooLarge(f"{len(text):,} characters, over the limit of {max_chars(settings):,}", source=source)
    if len(text.strip()) < int(settings.get("ingest.min_chars")):
        raise EmptyInput("no text" if not text.strip() else f"only {len(text.strip())} characters of text",
                         source=source)
    document.text = text
    wanted = (settings.get("ingest.language") or "").strip()
    language, probability = detect_language(text)
    if language:
        document.language = language
    if wanted and language and language != wanted and probability >= 0.5:
        raise NotEnglish(f"skipped: the text is in language '{language}' (p={probability:.2f}), not '{wanted}'",
                         source=source)
    return document


def iso_date(value, source: str | None = None, strict: bool = False) -> str | None:
    """YYYY-MM-DD from a date, datetime, struct_time or an ISO-like string; None (or BadDate when strict)
    for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "tm_year"):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            pass
    if strict:
        raise BadDate(f"'{text}' is not a date", source=source)
    return None

"""JSON Lines: one article per line, with fields ``text`` (required), ``title``, ``url``, ``published``.
A bad line is reported by file and line number; the other lines are read. A JSON file holding one array of
such objects is read the same way (source ``name#INDEX``, counted from 1)."""

from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from ..document import Document
from ..errors import BadDate, BadJsonLine, InputError, TooLarge
from .checks import iso_date, max_chars


# the json module parses by recursion: arrays or objects nested thousands deep exhaust the stack
_TOO_DEEP = "JSON nested too deeply to read"


def read_jsonl(stream: BinaryIO, name: str, settings, published: str | None = None) -> Iterator[Document | InputError]:
    """Documents (source ``name#LINE``) and, in their place, the error of each bad line."""
    limit = 4 * max_chars(settings)
    for number, raw in enumerate(iter(lambda: stream.readline(limit + 1), b""), start=1):
        where = f"{name}:{number}"
        if len(raw) > limit and not raw.endswith(b"\n"):
            yield TooLarge(f"line {number} is over {limit:,} bytes", source=where)
            # the rest of the over-long line is read and dropped
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(limit + 1)
            continue
        if not raw.strip():
            continue
        try:
            yield _document(raw, where, f"{name}#{number}", published)
        except InputError as error:
            yield error


def read_json_array(data: bytes, name: str, published: str | None = None) -> Iterator[Document | InputError]:
    try:
        rows = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield BadJsonLine(f"not a JSON array of articles: {exc}", source=name)
        return
    except RecursionError:
        yield BadJsonLine(_TOO_DEEP, source=name)
        return
    if not isinstance(rows, list):
        yield BadJsonLine(f"a JSON {type(rows).__name__}, not an array of articles", source=name)
        return
    for number, row in enumerate(rows, start=1):
        try:
            yield _document(json.dumps(row).encode(), f"{name}[{number}]", f"{name}#{number}", published)
        except InputError as error:
            yield error


def _document(raw: bytes, where: str, source: str, published: str | None) -> Document:
    try:
        row = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadJsonLine(f"invalid UTF-8 at byte {exc.start} of the line", source=where) from exc
    except json.JSONDecodeError as exc:
        raise BadJsonLine(f"not JSON: {exc.msg} at column {exc.colno}", source=where) from exc
    except RecursionError as exc:
        raise BadJsonLine(_TOO_DEEP, source=where) from exc
    if not isinstance(row, dict):
        raise BadJsonLine(f"a JSON {type(row).__name__}, not an object", source=where)
    text = row.get("text")
    if not isinstance(text, str):
        raise BadJsonLine("no 'text' field (a string)" if text is None else "'text' is not a string", source=where)
    try:
        date = iso_date(row.get("published"), source=where, strict=True)
    except BadDate as error:
        raise BadJsonLine(f"'published' is not a date: {row.get('published')!r}", source=where) from error
    title, url = row.get("title"), row.get("url")
    return Document(text=text, title=title if isinstance(title, str) else None,
                    url=url if isinstance(url, str) else None, published=date or published, source=source,
                    meta={"kind": "jsonl"})

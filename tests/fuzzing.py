"""What the fuzzers share (no tests here): seed inputs for every reader, a seeded mutator, and the readers
called directly (not through read_inputs, whose catch-all would hide a reader's crash).

A reader passes when it returns or yields Documents and InputErrors, or raises an ArmswatchError; any other
exception is a crash. Used by tests/test_properties.py (Hypothesis, fast) and benchmarks/fuzz_ingest.py
(100,000+ seeded mutations).
"""

from __future__ import annotations

import io
import json
import random
import tempfile
import zlib

from test_ingest_helpers import ARTICLE, article_html, text_pdf, warc_records

# fragments that reach the readers' rarer paths when spliced in
TOKENS = [b"<", b">", b"</p>", b"<div>" * 300, b"<![CDATA[", b"&#0;", b"&#xD800;", b"&amp", b"\x00", b"\xff\xfe",
          b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\\ud800", b'"text": ', b"{", b"[", b"]", b"\n", b"\r\n\r\n",
          b"WARC/1.0\r\n", b"Content-Length: 99999999\r\n", b"Content-Length: -1\r\n", b"\x1f\x8b\x08",
          b"%PDF-1.4", b"stream\n", b"endobj", b"/Filter /FlateDecode", b"obj << /Length 1 0 R >>", b"9" * 40,
          b"<rss version='2.0'>", b"<item><link>file:///etc/passwd</link></item>", b"<link>http://127.0.0.1/</link>",
          b"<script type='application/ld+json'>", b'{"articleBody": "', "é ü 中文 \u202e".encode(),
          b"[" * 5000, b'{"a": ' * 3000, b"5"]


def seeds() -> dict[str, list[bytes]]:
    """Valid inputs of each kind, the starting points of mutation."""
    page = article_html()
    rss = ("<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
           "<title>News</title><item><title>A</title><link>http://127.0.0.1:9/a</link><pubDate>Mon, 04 Mar 2024 "
           f"10:00:00 GMT</pubDate><content:encoded><![CDATA[{page.decode()}]]></content:encoded></item></channel></rss>")
    atom = ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>N</title>"
            f"<entry><title>A</title><link href='file:///etc/passwd'/><updated>2024-03-04T10:00:00Z</updated>"
            f"<content type='html'>{ARTICLE}</content></entry></feed>")
    pages = [("http://example.org/a", "200 OK", page, "text/html"),
             ("http://example.org/b", "404 Not Found", b"<html>gone</html>", "text/html")]
    row = {"text": ARTICLE, "title": "T", "url": "https://example.org/1", "published": "2024-03-04"}
    return {
        "text": [ARTICLE.encode(), ("\ufeff" + ARTICLE).encode("utf-8"), ARTICLE.encode("utf-16")],
        "html": [page, b"<html><body>" + b"<div>" * 50 + ARTICLE.encode() + b"</div>" * 50 + b"</body></html>"],
        "jsonl": [(json.dumps(row) + "\n" + json.dumps({**row, "text": ARTICLE[::-1]}) + "\n").encode()],
        "json_array": [json.dumps([row, {"title": "no text"}]).encode()],
        "pdf": [text_pdf([ARTICLE[:150], ARTICLE[150:]])],
        "feed": [rss.encode(), atom.encode()],
        "warc": [warc_records(pages, gzip=False)[0], warc_records(pages, gzip=True)[0]],
    }


def mutate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """One to four random edits: bit flips, byte runs, deletions, duplications, truncation, splices with
    another seed, tokens, and recompression (so the inner bytes of gzip members get mutated too)."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        size = len(buf)
        at = rng.randrange(size + 1)
        choice = rng.randrange(9)
        if choice == 0 and size:
            for _ in range(rng.randint(1, 8)):
                buf[rng.randrange(size)] ^= 1 << rng.randrange(8)
        elif choice == 1:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif choice == 2:
            del buf[at:at + rng.randint(1, max(1, size // 4))]
        elif choice == 3 and size:
            start = rng.randrange(size)
            buf[at:at] = buf[start:start + rng.randint(1, 256)] * rng.randint(1, 8)
        elif choice == 4:
            del buf[rng.randrange(size + 1):]
        elif choice == 5:
            other = rng.choice(others)
            cut = rng.randrange(len(other) + 1)
            buf = buf[:at] + bytearray(other[cut:cut + rng.randint(1, 2048)]) + buf[at:]
        elif choice == 6:
            buf[at:at] = rng.choice(TOKENS)
        elif choice == 7 and buf[:2] == b"\x1f\x8b":
            try:
                inner = bytearray(zlib.decompress(bytes(buf), 16 + zlib.MAX_WBITS))
            except zlib.error:
                continue
            if inner:
                inner[rng.randrange(len(inner))] = rng.randrange(256)
            buf = bytearray(zlib.compress(bytes(inner), wbits=31))
        elif choice == 8:
            buf[at:at] = b"\n".join(rng.choice(TOKENS) for _ in range(rng.randint(2, 6)))
    return bytes(buf)


def fuzz_settings():
    """Default settings with fetching turned off: feeds' links must not reach the network while fuzzing."""
    from armswatch.config import load_settings

    settings = load_settings(env={})
    settings.set("fetch.enabled", False)
    settings.set("ingest.max_inflated_bytes", 8 << 20)
    return settings


def _drain(items):
    return list(items)


def read_with(kind: str, data: bytes, settings) -> list:
    """Documents and InputErrors of one reader on ``data``; a reader's ArmswatchError propagates."""
    from armswatch.ingest import checked, read_bytes
    from armswatch.ingest.feed import read_feed
    from armswatch.ingest.html import read_html
    from armswatch.ingest.jsonl import read_json_array, read_jsonl
    from armswatch.ingest.pdf import read_pdf
    from armswatch.ingest.sniff import detect
    from armswatch.ingest.text import read_text
    from armswatch.ingest.warc import read_warc

    detect(f"input.{kind}", data[:65536])
    if kind == "text":
        out = [read_text(data, "fuzz")]
    elif kind == "html":
        out = [read_html(data, "fuzz", min_chars=1)]
    elif kind == "jsonl":
        out = _drain(read_jsonl(io.BytesIO(data), "fuzz", settings))
    elif kind == "json_array":
        out = _drain(read_json_array(data, "fuzz"))
    elif kind == "pdf":
        out = [read_pdf(data, "fuzz")]
    elif kind == "feed":
        out = _drain(read_feed(data, "fuzz", settings))
    elif kind == "warc":
        with tempfile.NamedTemporaryFile(suffix=".warc") as tmp:
            tmp.write(data)
            tmp.flush()
            out = _drain(read_warc(tmp.name, settings, source="fuzz"))
    else:  # "any": the dispatch by content that uploads and standard input go through
        out = _drain(read_bytes(data, "fuzz", settings))
    return list(checked(out, settings))  # the same checks read_inputs gives every document


KINDS = ["text", "html", "jsonl", "json_array", "pdf", "feed", "warc", "any"]

"""Hostile files: decompression bombs refused with AW116 while the rest of the input is read, file names of
any bytes kept (escaped), lone surrogates replaced, every WARC failure coded AW112, and a page nested far
deeper than libxml2 builds a tree read as flat text."""

from __future__ import annotations

import json
import os
import time
import zlib

import pytest
from sqlalchemy import select

from armswatch.config import load_settings
from armswatch.document import Document
from armswatch.errors import InflatedTooLarge, NoArticle, PdfUnreadable, WarcUnreadable
from armswatch.ingest import read_inputs
from armswatch.ingest.html import deep_flat_text, read_html
from armswatch.ingest.inflate import inflate_body
from armswatch.ingest.loop import ingest_inputs
from armswatch.store import open_store
from armswatch.store.schema import document_sources

from bombs import MB, deflated_zeros, gzip_member, page_member, pdf_with_stream, zeros_member
from test_ingest_helpers import ARTICLE, article_html, warc_records



@pytest.fixture(scope="module")
def settings():
    settings = load_settings(env={})
    settings.set("ingest.max_inflated_bytes", 4 * MB)  # small bombs suffice against a small cap
    return settings


def _read(paths, settings):
    items = list(read_inputs([str(p) for p in paths], settings))
    return [i for i in items if isinstance(i, Document)], [i for i in items if not isinstance(i, Document)]


# ---- decompression bombs ---------------------------------------------------------------------------------

def test_warc_record_bomb_refused_and_next_record_read(tmp_path, settings):
    bomb = zeros_member("http://example.org/zeros", 64 * MB)
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(bomb + page_member("http://example.org/page", article_html()))
    started = time.process_time()  # CPU: the machine may be busy with other work
    documents, errors = _read([path], settings)
    assert time.process_time() - started < 5
    (error,) = errors
    assert isinstance(error, InflatedTooLarge) and error.code == "AW116" and error.source == f"{path}#0"
    assert [d.url for d in documents] == ["http://example.org/page"]
    assert documents[0].source == f"{path}#{len(bomb)}"


def test_gzipped_zeros_named_warc_refused(tmp_path, settings):
    path = tmp_path / "zeros.warc.gz"
    path.write_bytes(deflated_zeros(64 * MB))
    documents, (error,) = _read([path], settings)
    assert not documents and error.code == "AW116" and str(path) in str(error)


def test_pdf_flate_bomb_refused_by_pypdf_limits(tmp_path, settings):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_with_stream(deflated_zeros(96 * MB, 15)))  # past pypdf's 75 MB cap on one stream
    started = time.process_time()  # CPU: the machine may be busy with other work
    documents, (error,) = _read([path], settings)
    assert time.process_time() - started < 5
    assert not documents and isinstance(error, (PdfUnreadable, InflatedTooLarge)) and error.source == str(path)


def test_inflate_body_caps_while_inflating():
    with pytest.raises(InflatedTooLarge):
        inflate_body(deflated_zeros(32 * MB), "gzip", 4 * MB, "http://example.org/")
    assert inflate_body(gzip_member(b"page"), "x-gzip", 100) == b"page"
    assert inflate_body(zlib.compress(b"page"), "deflate", 100) == b"page"
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    assert inflate_body(raw.compress(b"page") + raw.flush(), "deflate", 100) == b"page"
    assert inflate_body(b"as is", "identity", 1) == b"as is"
    with pytest.raises(zlib.error):
        inflate_body(gzip_member(b"page")[:-6], "gzip", 100)


# ---- names and characters ------------------------------------------------------------------------------

def test_file_name_of_any_bytes_kept_escaped_and_stored(tmp_path, settings):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9 \xff report.txt")  # not UTF-8: Python carries the bytes as lone surrogates
    (folder / name).write_text(ARTICLE, "utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'test.db'}", settings)
    try:
        summary = ingest_inputs([str(folder)], settings, store, progress=False, workers=1)
        with store.engine.connect() as connection:
            sources = connection.execute(select(document_sources.c.source)).scalars().all()
    finally:
        store.close()
    assert summary.stored == 1 and not summary.failed
    assert sources == [str(folder / "caf\\xe9 \\xff report.txt")]


def test_lone_surrogates_become_replacement_characters(tmp_path, settings):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"text": ARTICLE + " \ud800 end", "title": "a \udfff title"}) + "\n", "utf-8")
    (document,) = _read([path], settings)[0]
    assert "\ufffd end" in document.text and document.title == "a \ufffd title"
    document.text.encode("utf-8")  # storable


# ---- readers' errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("cut", [10, 30, 60])
def test_truncated_warc_header_is_aw112(tmp_path, settings, cut):
    data, offsets = warc_records([("http://example.org/a", "200 OK", article_html(), "text/html")], gzip=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:offsets[0] + cut])
    _, errors = _read([path], settings)
    assert errors and all(isinstance(e, WarcUnreadable) and e.code == "AW112" for e in errors)


def test_html_nested_100k_deep_read_as_flat_text(tmp_path, settings):
    depth = 100_000
    page = ("<html><head><title>Deep</title><script>var hidden = 1;</script></head><body>" + "<div>" * depth
            + "".join(f"<p>{ARTICLE}</p>" for _ in range(8)) + "</div>" * depth + "</body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, "utf-8")
    (document,) = _read([path], settings)[0]
    assert ARTICLE.strip()[:60] in document.text and "hidden" not in document.text


# ---- crashes the fuzzing found (benchmarks/fuzz_ingest.py), each now a coded error -----------------------

@pytest.mark.parametrize("feed", [
    # an encoding declaration that is not UTF-8 itself (feedparser raised UnicodeDecodeError)
    b"<?xml version='1.0' encoding='\xc9t'?><rss version='2.0'><channel><item><title>A</title>"
    b"<link>http://example.org/a</link></item></channel></rss>",
    # an entry whose summary comes out as None (TypeError in choosing the longest content)
    b"<rss version='2.0'><channel><item><title>A</tivered</h1><p>x</p><link>http://127.0.0.1:9/a</link>"
    b"</item></channel></rss>",
])
def test_broken_feeds_are_coded_errors(tmp_path, settings, feed):
    path = tmp_path / "broken.rss"
    path.write_bytes(feed)
    _, errors = _read([path], settings)
    assert errors and all(e.code.startswith("AW1") and e.code != "AW100" for e in errors)


def test_malformed_marked_section_is_no_article_not_a_crash(settings):
    # html.parser raised AssertionError ("unknown status keyword") on this 12-byte page
    with pytest.raises(NoArticle):
        read_html(b"<!DOC<![A[TY", source="marked", min_chars=1)
    assert deep_flat_text(b"<div>" * 300 + b"<![A x") == ""


def test_feed_with_a_surrogate_character_reference_is_read(tmp_path, settings):
    # feedparser raised UnicodeEncodeError on &#xD800; (a reference to no character)
    content = "".join(f"<p>{ARTICLE.replace('rifles', f'rifles ({i})')}</p>" for i in range(3))
    path = tmp_path / "feed.rss"
    path.write_text("<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><item>"
                    "<title>A &#xD800; &#55296; title</title>"
                    f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>", "utf-8")
    (document,) = _read([path], settings)[0]
    assert document.title == "A \ufffd \ufffd title" and ARTICLE[:50] in document.text


@pytest.mark.parametrize("name, data", [
    ("deep.jsonl", b'{"text": ' + b"[" * 100_000 + b"}\n"),  # RecursionError from the json module
    ("deep.json", b"[{\"text\": " + b"[" * 100_000 + b"}]"),
    ("number.json", b"[{\"text\": 1}]"),
])
def test_json_nested_too_deep_or_not_articles_is_aw105(tmp_path, settings, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    _, errors = _read([path], settings)
    assert errors and all(e.code == "AW105" for e in errors)


def test_json_array_reader_refuses_a_bare_number():
    from armswatch.ingest.jsonl import read_json_array

    (error,) = list(read_json_array(b"5", "n.json"))  # was TypeError: 'int' object is not iterable
    assert error.code == "AW105"


def test_page_with_json_ld_nested_too_deep_still_read(tmp_path, settings):
    page = (b"<html><head><script type='application/ld+json'>" + b"[" * 100_000 + b"</script></head><body><article>"
            + b"".join(b"<p>" + ARTICLE.encode() + b"</p>" for _ in range(2)) + b"</article></body></html>")
    path = tmp_path / "ld.html"
    path.write_bytes(page)
    (document,) = _read([path], settings)[0]
    assert ARTICLE[:40] in document.text

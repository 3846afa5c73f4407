"""Ingest readers: every source kind, and every bad input of issue 2 part 7, each reported by name while
the batch goes on. No network: feeds and pages are served from 127.0.0.1 inside the test."""

from __future__ import annotations

import gzip
import io
import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_ingest_helpers import (ARTICLE, GERMAN, article_html, blank_pdf, closed_port, encrypted_pdf,  # noqa: E402
                            serve, text_pdf, warc_records)

from armswatch.config import load_settings  # noqa: E402
from armswatch.document import Document  # noqa: E402
from armswatch.errors import (BadDate, BadJsonLine, BinaryInput, DecodeFailed, EmptyInput,  # noqa: E402
                              FeedUnreadable, FetchFailed, InputError, NoArticle, NotEnglish, NotFound,
                              PdfUnreadable, RecordSkipped, TooLarge, WarcUnreadable)
from armswatch.ingest import read_inputs, read_one  # noqa: E402
from armswatch.ingest.boilerplate import drop_boilerplate  # noqa: E402
from armswatch.ingest.sniff import detect  # noqa: E402


@pytest.fixture(scope="module")
def settings():
    settings = load_settings(env={})
    settings.set("fetch.allow_private", ["127.0.0.1"])  # the test servers listen on loopback
    return settings


def read_all(inputs, settings, **kwargs):
    items = list(read_inputs([str(i) for i in inputs], settings, **kwargs))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


# ---- plain text ---------------------------------------------------------------------------------------

def test_text_file_with_bom_and_crlf(tmp_path, settings):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace(". ", ".\r\n").encode())
    (document,) = read_one(str(path), settings, published="2024-03-04")
    assert not document.text.startswith("\ufeff") and "\r" not in document.text
    assert document.source == str(path) and document.published == "2024-03-04" and document.language == "en"


def test_empty_file(tmp_path, settings):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    documents, errors = read_all([tmp_path / "empty.txt", tmp_path / "blank.txt"], settings)
    assert not documents
    assert [type(e) for e in errors] == [EmptyInput, EmptyInput]
    assert errors[0].source.endswith("empty.txt") and errors[0].code == "AW101"


def test_binary_file(tmp_path, settings):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 40)
    _, (error,) = read_all([path], settings)
    assert isinstance(error, BinaryInput) and error.source == str(path) and "[AW102]" in str(error)


def test_control_characters_are_binary(tmp_path, settings):
    path = tmp_path / "odd.txt"
    path.write_bytes(("\x01\x02\x03\x04 abc " * 300).encode())
    _, (error,) = read_all([path], settings)
    assert isinstance(error, BinaryInput)


def test_invalid_utf8_names_the_byte(tmp_path, settings):
    path = tmp_path / "latin1.txt"
    data = ARTICLE.encode() + " Caf\xe9 au lait.".encode("latin-1")
    path.write_bytes(data)
    _, (error,) = read_all([path], settings)
    position = data.index(bytes([0xE9]))
    assert isinstance(error, DecodeFailed) and f"byte {position}" in error.message


def test_huge_text_file_refused_quickly(tmp_path, settings):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        block = (ARTICLE + "\n").encode() * 1000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(block)
    started = time.perf_counter()
    _, (error,) = read_all([path], settings)
    assert isinstance(error, TooLarge) and error.code == "AW110"
    assert time.perf_counter() - started < 2.0  # refused from its size, never loaded


def test_document_over_the_char_limit(tmp_path, settings):
    small = load_settings(env={"ARMSWATCH__INGEST__MAX_DOCUMENT_CHARS": "300"})
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 2, "utf-8")
    _, (error,) = read_all([path], small)
    assert isinstance(error, TooLarge) and "over the limit of 300" in error.message


def test_non_english_is_skipped_with_language(tmp_path, settings):
    (tmp_path / "de.txt").write_text(GERMAN, "utf-8")
    (tmp_path / "en.txt").write_text(ARTICLE, "utf-8")
    documents, (error,) = read_all([tmp_path], settings)
    assert [d.source for d in documents] == [str(tmp_path / "en.txt")]
    assert isinstance(error, NotEnglish) and "'de'" in error.message and error.code == "AW109"


def test_short_text_not_judged_for_language(tmp_path, settings):
    (tmp_path / "short.txt").write_text("Troops left the base on Monday.", "utf-8")
    (document,) = read_one(str(tmp_path / "short.txt"), settings)
    assert document.language is None


def test_missing_path_and_bad_date(tmp_path, settings):
    _, (error,) = read_all([tmp_path / "nope.txt"], settings)
    assert isinstance(error, NotFound)
    with pytest.raises(BadDate):
        read_one(str(tmp_path / "nope.txt"), settings, published="17/02/2025")


def test_stdin(monkeypatch, settings):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    (document,) = read_one("-", settings)
    assert document.source == "stdin" and document.text == ARTICLE


# ---- HTML ---------------------------------------------------------------------------------------------

def test_html_main_text_title_and_date(tmp_path, settings):
    path = tmp_path / "page.html"
    path.write_bytes(article_html())
    (document,) = read_one(str(path), settings, published="2000-01-01")
    assert "shipment of rifles" in document.text and "Home" not in document.text
    assert document.title == "Rifles delivered"
    assert document.published == "2024-03-04"  # the page's own date wins over the default


def test_html_without_article(tmp_path, settings):
    path = tmp_path / "index.html"
    path.write_bytes(b"<html><body><nav><a href='/a'>World</a> <a href='/b'>Sport</a></nav></body></html>")
    _, (error,) = read_all([path], settings)
    assert isinstance(error, NoArticle) and error.source == str(path) and error.code == "AW104"


def test_boilerplate_lines_dropped_prose_kept():
    text = ("The army said 40 rifles were seized.\nSubscribe now to our daily edition for the full story.\n"
            "Read more: Other stories of the day\nThe paper's subscribers fell by a third last year, it said.")
    kept = drop_boilerplate(text)
    assert "40 rifles" in kept and "subscribers fell" in kept
    assert "Subscribe now" not in kept and "Read more" not in kept


def test_kind_sniffed_without_extension(tmp_path, settings):
    (tmp_path / "page").write_bytes(article_html())
    (tmp_path / "doc").write_bytes(text_pdf([ARTICLE]))
    assert detect("page", (tmp_path / "page").read_bytes()) == "html"
    assert detect("doc", (tmp_path / "doc").read_bytes()) == "pdf"
    documents, errors = read_all([tmp_path], settings)
    assert not errors and len(documents) == 2


def test_html_url_fetched(tmp_path, settings):
    (tmp_path / "story.html").write_bytes(article_html())
    with serve(tmp_path) as base:
        (document,) = read_one(f"{base}/story.html", settings)
    assert document.source == f"{base}/story.html" and document.url == f"{base}/story.html"
    assert "shipment of rifles" in document.text


def test_unreachable_url(settings):
    url = f"http://127.0.0.1:{closed_port()}/story.html"
    _, (error,) = read_all([url], settings)
    assert isinstance(error, FetchFailed) and error.source == url


# ---- JSON Lines ---------------------------------------------------------------------------------------

def test_jsonl_bad_line_reported_rest_read(tmp_path, settings):
    path = tmp_path / "articles.jsonl"
    good = {"text": ARTICLE, "title": "One", "url": "https://example.org/1", "published": "2024-03-04T08:00:00Z"}
    path.write_text("\n".join([json.dumps(good), "{not json", json.dumps({"title": "no text"}),
                               json.dumps({**good, "text": ARTICLE + " More.", "published": "yesterday"}),
                               json.dumps({**good, "text": ARTICLE + " Again."})]) + "\n", "utf-8")
    documents, errors = read_all([path], settings)
    assert [d.source for d in documents] == [f"{path}#1", f"{path}#5"]
    assert documents[0].published == "2024-03-04" and documents[0].url == "https://example.org/1"
    assert all(isinstance(e, BadJsonLine) for e in errors)
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4"]


# ---- PDF ----------------------------------------------------------------------------------------------

def test_pdf_text_with_pages(tmp_path, settings):
    path = tmp_path / "report.pdf"
    path.write_bytes(text_pdf([ARTICLE[:150], ARTICLE[150:300]]))
    (document,) = read_one(str(path), settings)
    assert [number for _, number in document.pages] == [1, 2]
    second = document.text.index(ARTICLE[150:170].strip())
    assert document.page_at(0) == 1 and document.page_at(second) == 2


def test_pdf_image_only(tmp_path, settings):
    path = tmp_path / "scan.pdf"
    path.write_bytes(blank_pdf())
    _, (error,) = read_all([path], settings)
    assert isinstance(error, PdfUnreadable) and "no text" in error.message and error.code == "AW106"


def test_pdf_encrypted(tmp_path, settings):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf())
    _, (error,) = read_all([path], settings)
    assert isinstance(error, PdfUnreadable) and "password" in error.message


def test_pdf_damaged(tmp_path, settings):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"garbage " * 50)
    _, (error,) = read_all([path], settings)
    assert isinstance(error, PdfUnreadable)


# ---- feeds --------------------------------------------------------------------------------------------

def _rss(items: list[str]) -> str:
    return ("<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
            "<channel><title>News</title><link>http://example.org/</link>" + "".join(items) + "</channel></rss>")


def test_feed_entries_fetched_with_fallback(tmp_path, settings):
    dead = f"http://127.0.0.1:{closed_port()}"
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_bytes(article_html())
    with serve(site) as base:
        long_content = "".join(f"<p>{ARTICLE.replace('rifles', f'rifles batch {i}')}</p>" for i in range(3))
        feed = tmp_path / "news.rss"
        feed.write_text(_rss([
            f"<item><title>A</title><link>{base}/a.html</link><pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item>",
            f"<item><title>B</title><link>{dead}/b.html</link><content:encoded><![CDATA[{long_content}]]></content:encoded></item>",
            f"<item><title>C</title><link>{dead}/c.html</link><description>Short teaser.</description></item>",
        ]), "utf-8")
        documents, errors = read_all([feed], settings)
    assert [d.source for d in documents] == [f"{base}/a.html", f"{dead}/b.html"]
    assert documents[0].published == "2024-03-04" and "shipment of rifles" in documents[0].text
    assert "rifles batch 2" in documents[1].text and documents[1].meta["kind"] == "feed-entry"
    (error,) = errors
    assert isinstance(error, FetchFailed) and error.source == f"{dead}/c.html"


def test_feed_url_unreachable(settings):
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"
    _, (error,) = read_all([url], settings)
    assert isinstance(error, FetchFailed) and error.source == url and error.code == "AW108"


def test_feed_file_url_missing(tmp_path, settings):
    _, (error,) = read_all([f"file://{tmp_path}/missing.rss"], settings)
    assert isinstance(error, NotFound)


def test_malformed_feed(tmp_path, settings):
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><item><title>unclosed & broken", "utf-8")
    _, (error,) = read_all([path], settings)
    assert isinstance(error, FeedUnreadable) and error.source == str(path) and error.code == "AW107"


# ---- WARC ---------------------------------------------------------------------------------------------

def _warc_pages():
    return [
        ("http://example.org/a", "200 OK", article_html(), "text/html; charset=utf-8"),
        ("http://example.org/missing", "404 Not Found", b"<html><body>gone</body></html>", "text/html"),
        ("http://example.org/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"),
        ("http://example.org/index", "200 OK", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "text/html"),
        ("http://example.org/b", "200 OK", article_html(ARTICLE.replace("rifles", "pistols")), "text/html"),
        ("http://example.org/c", "200 OK", article_html(ARTICLE.replace("rifles", "mortars")), "text/html"),
    ]


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_reads_html_responses_and_counts_skips(tmp_path, settings, gzipped):
    data, offsets = warc_records(_warc_pages(), gzip=gzipped)
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(data)
    documents, errors = read_all([path], settings)
    assert [d.url for d in documents] == ["http://example.org/a", "http://example.org/b", "http://example.org/c"]
    assert documents[0].source == f"{path}#{offsets[0]}" and documents[0].published == "2024-03-04"
    assert [type(e) for e in errors] == [RecordSkipped, RecordSkipped, NoArticle]
    assert "404" in errors[0].message and "image/png" in errors[1].message


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_truncated_record_reported_rest_read(tmp_path, settings, gzipped):
    data, offsets = warc_records(_warc_pages(), gzip=gzipped)
    cut_start, cut_end = offsets[4], offsets[5]
    damaged = data[:cut_start + (cut_end - cut_start) // 2] + data[cut_end:]  # record b loses its second half
    path = tmp_path / "damaged.warc"
    path.write_bytes(damaged)
    documents, errors = read_all([path], settings)
    assert [d.url for d in documents] == ["http://example.org/a", "http://example.org/c"]
    (corrupt,) = [e for e in errors if isinstance(e, WarcUnreadable)]
    assert corrupt.source == f"{path}#{cut_start}" and corrupt.code == "AW112"


def test_warc_truncated_at_end(tmp_path, settings):
    data, offsets = warc_records(_warc_pages(), gzip=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:offsets[5] + 60])
    documents, errors = read_all([path], settings)
    assert [d.url for d in documents] == ["http://example.org/a", "http://example.org/b"]
    assert any(isinstance(e, WarcUnreadable) for e in errors)


def test_gzip_that_is_not_warc_is_binary(tmp_path, settings):
    path = tmp_path / "notes.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode()))
    _, (error,) = read_all([path], settings)
    assert isinstance(error, BinaryInput)


# ---- folders ------------------------------------------------------------------------------------------

def test_folder_recursive_mixed_good_and_bad(tmp_path, settings):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "b.html").write_bytes(article_html(ARTICLE.replace("rifles", "drones")))
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(50))
    documents, errors = read_all([tmp_path], settings)
    assert sorted(Path(d.source).name for d in documents) == ["a.txt", "b.html"]
    assert [Path(e.source).name for e in errors] == ["c.txt"]


def test_json_array_file(tmp_path, settings):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([{"text": ARTICLE, "title": "One"}, {"title": "no text"}]), "utf-8")
    documents, (error,) = read_all([path], settings)
    assert [d.source for d in documents] == [f"{path}#1"] and documents[0].title == "One"
    assert isinstance(error, BadJsonLine) and error.source == f"{path}[2]"


def test_feed_url_served(tmp_path, settings):
    (tmp_path / "a.html").write_bytes(article_html())
    with serve(tmp_path) as base:
        (tmp_path / "feed.xml").write_text(_rss([f"<item><title>A</title><link>{base}/a.html</link></item>"]), "utf-8")
        (document,) = read_one(f"{base}/feed.xml", settings)
    assert document.source == f"{base}/a.html" and document.meta["feed"] == f"{base}/feed.xml"


def test_warc_on_stdin(monkeypatch, settings):
    data, offsets = warc_records(_warc_pages(), gzip=True)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    documents = read_one("-", settings)
    assert [d.source for d in documents][0] == f"stdin#{offsets[0]}" and len(documents) == 3


def test_jsonld_article_body_when_page_shows_a_teaser(tmp_path, settings):
    body = " ".join(ARTICLE.replace("rifles", f"rifles ({i})") for i in range(4))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Rifles",
                     "articleBody": body})
    page = (f"<html><head><title>Rifles</title><script type='application/ld+json'>{ld}</script></head>"
            f"<body><article><p>{ARTICLE[:120]}</p></article></body></html>")
    path = tmp_path / "teaser.html"
    path.write_text(page, "utf-8")
    (document,) = read_one(str(path), settings)
    assert "rifles (3)" in document.text

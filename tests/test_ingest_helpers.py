"""Builders for ingest tests (no tests here): PDFs, WARCs, feeds and a local web server, all made in the test."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import socket
import threading
from pathlib import Path

ARTICLE = (
    "Officials in the capital said on Monday that the ministry of defence had received a shipment of rifles. "
    "The shipment, the officials said, was part of an agreement signed last year between the two governments. "
    "Opposition lawmakers questioned the deal and asked for an inquiry into how the weapons would be stored. "
    "A spokesman for the ministry declined to comment on the number of rifles delivered so far."
)
GERMAN = (
    "Die Bundesregierung hat am Montag neue Waffenlieferungen genehmigt. Nach Angaben des Ministeriums handelt "
    "es sich um Gewehre und Munition, die noch in diesem Monat geliefert werden sollen. Die Opposition "
    "kritisierte die Entscheidung und forderte eine Untersuchung der Exportregeln."
)


def article_html(text: str = ARTICLE, title: str = "Rifles delivered", date: str = "2024-03-04") -> bytes:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in text.split(". ") if sentence)
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>"
            f"<meta property='article:published_time' content='{date}T10:00:00Z'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>Contact us</footer></body></html>").encode("utf-8")


def text_pdf(pages: list[str]) -> bytes:
    """A minimal PDF with one line of Helvetica text per page (offsets computed, so the file is valid)."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + b" ".join(f"{i} 0 R".encode() for i in page_ids)
                   + f"] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 50 700 Td ({escaped}) Tj ET".encode()
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {page_ids[i] + 1} 0 R >>".encode())
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def blank_pdf(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(text: str = ARTICLE) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf([text]))))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def warc_records(records: list[tuple[str, str, bytes, str]], gzip: bool) -> tuple[bytes, list[int]]:
    """A WARC of (url, status line, body, content type) responses, with a warcinfo and a request record
    first; returns the bytes and the offset of each response record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "armswatch tests"}))
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record("http://example.org/", "request", http_headers=request))
    offsets = []
    for url, status, body, content_type in records:
        offsets.append(buffer.tell())
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buffer.getvalue(), offsets


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """A web server on 127.0.0.1 serving ``folder``; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

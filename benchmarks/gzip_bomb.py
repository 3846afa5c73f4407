"""Decompression bombs against the readers: each is made in a temporary folder and read in its own process,
which reports its CPU seconds, wall seconds, peak memory (RSS) and what came out.

    PYTHONPATH=src nice -n 10 python benchmarks/gzip_bomb.py [--gigabytes 1]

Cases: a .warc.gz that is 1 GB of zeros gzipped (about 1 MB); a .warc.gz whose first record's payload is
1 GB of zeros, followed by a real page (the page must still be read); a PDF whose FlateDecode content stream
inflates to 1 GB; an HTML page served gzip-encoded on 127.0.0.1 that inflates to 1 GB. The goal (issue 11):
each refused in under 5 s with peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ARTICLE = ("Officials said on Monday that the ministry of defence had received a shipment of 300 rifles and "
           "40 mortars from a foreign supplier, in breach of the embargo, according to a report. ") * 4
PAGE = f"<html><head><title>Rifles</title></head><body><article><p>{ARTICLE}</p></article></body></html>".encode()
_MB = 1 << 20


def _deflate_zeros(size: int, wbits: int) -> bytes:
    """``size`` zero bytes compressed (zlib ``wbits``: 31 gzip, 15 zlib), made a megabyte at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(_MB)
    parts = [packer.compress(block) for _ in range(size // _MB)]
    parts.append(packer.flush())
    return b"".join(parts)


def _gzip_member(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def _warc_record_head(url: str, payload_size: int, content_type: str = "text/html") -> bytes:
    http_head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {payload_size}\r\n\r\n".encode()
    warc_head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-03-04T10:00:00Z\r\n"
                 f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
                 f"Content-Length: {len(http_head) + payload_size}\r\n\r\n").encode()
    return warc_head + http_head


def make_bombs(folder: Path, size: int) -> dict[str, Path]:
    bombs = {}
    bombs["warc_zeros"] = folder / "zeros.warc.gz"
    bombs["warc_zeros"].write_bytes(_deflate_zeros(size, 31))
    # one member: a response record with `size` zero bytes of payload; then a real page in the next member
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(_warc_record_head("http://example.org/zeros", size))]
    block = bytes(_MB)
    parts.extend(packer.compress(block) for _ in range(size // _MB))
    parts.append(packer.compress(b"\r\n\r\n") + packer.flush())
    page = _gzip_member(_warc_record_head("http://example.org/page", len(PAGE)) + PAGE + b"\r\n\r\n")
    bombs["warc_record_then_page"] = folder / "record-then-page.warc.gz"
    bombs["warc_record_then_page"].write_bytes(b"".join(parts) + page)
    bombs["pdf_flate"] = folder / "bomb.pdf"
    bombs["pdf_flate"].write_bytes(_pdf_bomb(_deflate_zeros(size, 15)))
    bombs["http_gzip"] = folder / "page.html.gz"
    bombs["http_gzip"].write_bytes(_deflate_zeros(size, 31))
    return bombs


def _pdf_bomb(stream: bytes) -> bytes:
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<<>>>>",
               b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


@contextlib.contextmanager
def _serve_gzip(body: bytes):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/page.html"
    finally:
        server.shutdown()
        server.server_close()


def run_case(name: str, path: Path) -> dict:
    """Read one bomb in this process; what came out, with the cost."""
    from armswatch.config import load_settings
    from armswatch.document import Document
    from armswatch.ingest import read_inputs

    settings = load_settings(env={})
    started, cpu = time.perf_counter(), time.process_time()
    with contextlib.ExitStack() as stack:
        target = str(path)
        if name == "http_gzip":
            settings.set("fetch.allow_private", ["127.0.0.1"])
            target = stack.enter_context(_serve_gzip(path.read_bytes()))
        items = list(read_inputs([target], settings))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    result = [f"document ({len(i.text):,} chars)" if isinstance(i, Document) else f"{i.code} {i.message[:70]}"
              for i in items]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": name, "input_bytes": path.stat().st_size, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
            "peak_rss_mb": round(peak_mb), "result": result}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gigabytes", type=float, default=1.0, help="inflated size of each bomb")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, Path(args.path))))
        return 0
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        bombs = make_bombs(Path(folder), int(args.gigabytes * (1 << 30)))
        for name, path in bombs.items():
            out = subprocess.run([sys.executable, __file__, "--case", name, "--path", str(path)], capture_output=True,
                                 text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
            if out.returncode:
                print(json.dumps({"case": name, "crashed": out.stderr[-2000:]}))
                failed = True
                continue
            row = json.loads(out.stdout.strip().splitlines()[-1])
            row["ok"] = row["wall_s"] < 5 and row["peak_rss_mb"] < 500
            failed |= not row["ok"]
            print(json.dumps(row))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

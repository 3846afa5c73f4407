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
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bombs import deflated_zeros, page_member, pdf_with_stream, zeros_member  # noqa: E402
from test_ingest_helpers import article_html  # noqa: E402


def make_bombs(folder: Path, size: int) -> dict[str, Path]:
    made = {"warc_zeros": ("zeros.warc.gz", deflated_zeros(size)),
            "warc_record_then_page": ("record-then-page.warc.gz", zeros_member("http://example.org/zeros", size)
                                      + page_member("http://example.org/page", article_html())),
            "pdf_flate": ("bomb.pdf", pdf_with_stream(deflated_zeros(size, 15))),
            "http_gzip": ("page.html.gz", deflated_zeros(size))}
    bombs = {}
    for case, (name, data) in made.items():
        bombs[case] = folder / name
        bombs[case].write_bytes(data)
    return bombs


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

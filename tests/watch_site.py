"""Real servers on loopback for the monitor's tests: a news site (feed, sitemaps, articles, robots.txt, 304s,
429 with Retry-After, a redirect, broken XML) and a webhook receiver whose first POST gets a 500.
"""

from __future__ import annotations

import gzip
import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "examples" / "articles"


def real_articles(count: int) -> list[dict]:
    """The bundled articles (the seed story and CENTCOM press releases): real text, real events."""
    rows = [json.loads(line) for name in ("arab_news_seed.jsonl", "centcom_press_releases.jsonl")
            for line in (ARTICLES / name).read_text("utf-8").splitlines() if line.strip()]
    if len(rows) < count:
        raise ValueError(f"only {len(rows)} bundled articles, {count} asked for")
    return rows[:count]


def page(article: dict) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n") if p.strip())
    title = html.escape(article.get("title") or "Report")
    return (f"<!doctype html><html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article><footer>© the site</footer></body></html>").encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Report {n}</title><link>{base}{path}</link>"
                    f"<pubDate>Mon, 17 Feb 2025 0{n % 10}:00:00 GMT</pubDate></item>" for n, path in enumerate(paths))
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Local news</title><link>{base}/</link>"
            f"{items}</channel></rss>").encode()


def urlset(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>2025-02-1{n % 10}</lastmod></url>" for n, p in enumerate(paths))
    return f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode()


class _Served:
    """A threading HTTP server on a free loopback port, started and stopped by ``with``."""

    def __init__(self, handler):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class Site(_Served):
    """Routes: /feed.xml (ETag, 304), /old-feed (301 to /feed.xml), /limited.xml (first 429 Retry-After: 1),
    /broken.xml, /sitemap_index.xml -> /sitemap-1.xml.gz, /urls.txt, /private/… (robots.txt disallows),
    /a/N.html (articles). ``articles`` sets how many the feed lists (it can grow between rounds)."""

    def __init__(self, articles: list[dict], listed: int | None = None):
        self.articles = articles
        self.listed = len(articles) if listed is None else listed
        self.requests: list[tuple[float, str, str, dict]] = []  # (time, method, path, headers)
        self.limited_once = False
        self.delay_s = 0.0  # before each article: time for a test to act mid-round
        self.robots_status = 200
        self.crawl_delay: float | None = None
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    site.requests.append((time.monotonic(), "GET", self.path, dict(self.headers)))
                status, headers, body = site.answer(self.path, self.headers)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(Handler)

    def paths(self) -> list[str]:
        return [f"/a/{n}.html" for n in range(self.listed)]

    def answer(self, path: str, headers) -> tuple[int, dict, bytes]:
        xml = {"Content-Type": "application/xml"}
        if path == "/robots.txt":
            if self.robots_status != 200:
                return self.robots_status, {"Content-Type": "text/plain"}, b"unavailable"
            delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay else ""
            return 200, {"Content-Type": "text/plain"}, f"User-agent: *\nDisallow: /private/\n{delay}".encode()
        if path == "/feed.xml":
            tag = f'"v{self.listed}"'
            if headers.get("If-None-Match") == tag:
                return 304, {"ETag": tag}, b""
            paths = self.paths() + ["/private/secret.html"]
            return 200, {"Content-Type": "application/rss+xml", "ETag": tag}, rss(self.base, paths)
        if path == "/old-feed":
            return 301, {"Location": "/feed.xml"}, b""
        if path == "/limited.xml":
            if not self.limited_once:
                self.limited_once = True
                return 429, {"Retry-After": "1"}, b"slow down"
            return 200, {"Content-Type": "application/rss+xml"}, rss(self.base, self.paths()[:1])
        if path == "/broken.xml":
            return 200, {"Content-Type": "application/rss+xml"}, b"<rss><channel><item><title>cut off"
        if path == "/sitemap_index.xml":
            index = (f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                     f"<sitemap><loc>{self.base}/sitemap-1.xml.gz</loc></sitemap></sitemapindex>").encode()
            return 200, xml, index
        if path == "/sitemap-1.xml.gz":
            return 200, {"Content-Type": "application/gzip"}, gzip.compress(urlset(self.base, self.paths()))
        if path == "/urls.txt":
            return 200, {"Content-Type": "text/plain"}, ("# today\n" + "\n".join(self.paths()) + "\n").encode()
        if path.startswith("/a/") and path.endswith(".html"):
            time.sleep(self.delay_s)
            number = path[3:-5]
            if number.isdigit() and int(number) < len(self.articles):
                return 200, {"Content-Type": "text/html; charset=utf-8"}, page(self.articles[int(number)])
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def hits(self, prefix: str) -> list:
        return [r for r in self.requests if r[2].startswith(prefix)]


class Receiver(_Served):
    """A webhook receiver: the first POST gets a 500, the others a 200; keeps every POST."""

    def __init__(self, fail_first: int = 1):
        self.posts: list[tuple[dict, dict]] = []  # (headers, JSON body)
        self.fail_first = fail_first
        self.calls = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.calls += 1
                if receiver.calls <= receiver.fail_first:
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.posts.append((dict(self.headers), json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        super().__init__(Handler)
        self.url = f"{self.base}/hook"


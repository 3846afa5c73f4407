"""The fetch policy, against real listeners on loopback: refused addresses get no request at all (a private
address is never sent traffic: an audit hook on socket.connect shows no attempt), redirects are re-checked,
file: is refused, the allow-list lets a chosen server through, and bodies are capped while read."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import socket
import sys
import threading
import time
from urllib.parse import unquote

import pytest

from armswatch.config import load_settings
from armswatch.document import Document
from armswatch.errors import FetchFailed, FetchRefused, InflatedTooLarge, TooLarge
from armswatch.ingest import read_inputs
from armswatch.ingest.fetch import fetch

from bombs import MB, deflated_zeros
from test_ingest_helpers import ARTICLE, article_html

CONNECTS: list = []  # every socket.connect address this process tries while a test watches


def _audit(event, args):
    if event == "socket.connect" and CONNECTS and CONNECTS[0] == "on":
        CONNECTS.append(args[1])


sys.addaudithook(_audit)


@contextlib.contextmanager
def watching_connects():
    CONNECTS[:] = ["on"]
    try:
        yield CONNECTS
    finally:
        CONNECTS[0:1] = ["off"]


@functools.lru_cache(maxsize=1)
def _bomb() -> bytes:
    return deflated_zeros(64 * MB)  # 64 KB that inflate to 64 MB


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits.append(self.path)
        route, _, arg = self.path.partition("?")
        if route == "/redirect":
            self._send(302, b"", location=unquote(arg))
        elif route == "/gzip":
            self._send(200, gzip.compress(article_html()), encoding="gzip")
        elif route == "/bomb":
            self._send(200, _bomb(), encoding="gzip")
        elif route == "/busy":
            self._send(int(arg or 429), b"busy", retry_after="7")
        elif route == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, b"", etag='"v1"')
            else:
                self._send(200, article_html(), etag='"v1"')
        elif route == "/slow-headers":
            self.send_response(200)
            with contextlib.suppress(OSError):
                for number in range(40):
                    self.send_header(f"X-Slow-{number}", "x")
                    self.flush_headers()
                    time.sleep(0.1)
                self.end_headers()
        elif route == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            with contextlib.suppress(OSError):
                for _ in range(40):
                    self.wfile.write(b"<p>x</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
        else:
            self._send(200, article_html())

    def _send(self, status, body, location=None, encoding=None, retry_after=None, etag=None):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (("Location", location), ("Content-Encoding", encoding), ("Retry-After", retry_after),
                            ("ETag", etag)):
            if value:
                self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@contextlib.contextmanager
def listener(host="127.0.0.1", tls=None):
    """A web server on ``host`` that records the path of every request it receives; ``tls``: an
    ssl.SSLContext to serve https with."""
    server_class = _Server
    if ":" in host:
        server_class = type("_Server6", (_Server,), {"address_family": socket.AF_INET6})
    server = server_class((host, 0), _Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _has_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


def settings_with(**values):
    settings = load_settings(env={})
    for key, value in values.items():
        settings.set(key.replace("__", "."), value)
    return settings


def _feed(tmp_path, links):
    items = "".join(f"<item><title>t{i}</title><link>{link}</link></item>" for i, link in enumerate(links))
    path = tmp_path / "hostile.rss"
    path.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>{items}</channel></rss>",
                    "utf-8")
    return path


def _read(paths, settings):
    items = list(read_inputs([str(p) for p in paths], settings))
    return [i for i in items if isinstance(i, Document)], [i for i in items if not isinstance(i, Document)]


# ---- refused addresses get no request ------------------------------------------------------------------

def test_feed_links_to_internal_addresses_send_nothing(tmp_path):
    six_listener = listener("::1") if _has_ipv6() else contextlib.nullcontext()
    with listener("127.0.0.1") as local, listener("127.0.0.2") as other, six_listener as six:
        port = local.server_address[1]
        six_port = six.server_address[1] if six else 9
        hops = [f"http://127.0.0.1:{port}/direct", f"http://localhost:{port}/name", f"http://0x7f.1:{port}/hex",
                f"http://[::ffff:127.0.0.1]:{port}/mapped", f"http://2130706433:{port}/decimal",
                "http://10.0.0.1/private", "http://169.254.169.254/latest/meta-data/", f"http://[::1]:{six_port}/v6",
                f"http://[::ffff:7f00:1]:{port}/mapped-hex", f"http://[64:ff9b::a00:1]/nat64"]
        other_base = f"http://127.0.0.2:{other.server_address[1]}"
        redirects = [f"{other_base}/redirect?{hop}" for hop in hops]
        feed = _feed(tmp_path, hops + redirects)
        settings = settings_with(fetch__allow_private=["127.0.0.2"])  # only the redirecting server is allowed
        with watching_connects() as connects:
            documents, errors = _read([feed], settings)
    assert local.hits == [] and not documents and (six is None or six.hits == [])
    assert len(errors) == len(hops) * 2 and all(isinstance(e, FetchRefused) and e.code == "AW115" for e in errors)
    assert len(other.hits) == len(redirects)  # the allowed server was asked, its redirects were not followed
    assert not [a for a in connects[1:] if not str(a[0]).startswith("127.0.0.2")]  # only the allowed server
    assert "redirected to" in errors[-1].message and errors[0].source == hops[0]


@pytest.mark.skipif(not _has_ipv6(), reason="this machine has no IPv6 loopback")
def test_ipv6_loopback_refused_and_allowed_by_setting():
    with listener("::1") as local:
        url = f"http://[::1]:{local.server_address[1]}/page"
        with pytest.raises(FetchRefused, match="loopback"):
            fetch(url, settings_with())
        assert local.hits == []
        page = fetch(url, settings_with(fetch__allow_private=["::1/128"]))
    assert page.status == 200 and local.hits == ["/page"]


def test_file_links_refused_unless_allowed(tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_bytes(article_html())
    feed = _feed(tmp_path, [f"file://{secret}", f"file://localhost{secret}"])
    documents, errors = _read([feed], settings_with())
    assert not documents and [e.code for e in errors] == ["AW115", "AW115"]
    assert "file URLs are not fetched" in errors[0].message
    documents, errors = _read([feed], settings_with(fetch__allow_file=True))
    assert len(documents) == 1 and "shipment of rifles" in documents[0].text
    # (feedparser turns file:///tmp/x into file://tmp/x: a file URL naming another host is never read)
    assert [e.code for e in errors] == ["AW115"] and "another host" in errors[0].message


def test_other_schemes_and_disabled_fetching_refused():
    for url in ("ftp://example.org/x", "gopher://127.0.0.1/", "javascript:alert(1)", "http:///nohost"):
        with pytest.raises(FetchRefused):
            fetch(url, settings_with())
    with pytest.raises(FetchRefused, match="turned off"):
        fetch("http://example.org/", settings_with(fetch__enabled=False))


def test_allow_list_by_host_name_and_connection_pinned_to_checked_address():
    with listener() as local:
        port = local.server_address[1]
        with watching_connects() as connects:
            page = fetch(f"http://localhost:{port}/page", settings_with(fetch__allow_private=["localhost"]))
    assert page.status == 200 and page.url == f"http://localhost:{port}/page" and "rifles" in page.body.decode()
    assert (connects[1][0], connects[1][1]) == ("127.0.0.1", port)  # the address checked, not a new lookup


# ---- the fetch interface -------------------------------------------------------------------------------

def test_redirects_followed_rechecked_and_limited():
    with listener() as local:
        base = f"http://127.0.0.1:{local.server_address[1]}"
        settings = settings_with(fetch__allow_private=["127.0.0.1"], fetch__max_redirects=2)
        page = fetch(f"{base}/redirect?{base}/page", settings)
        assert page.url == f"{base}/page" and page.status == 200 and page.content_type == "text/html"
        chain = f"{base}/redirect?{base}/redirect?{base}/redirect?{base}/page"
        with pytest.raises(FetchFailed, match="redirects"):
            fetch(chain, settings)
        with pytest.raises(FetchRefused, match="file URLs"):
            fetch(f"{base}/redirect?file:///etc/passwd", settings)


def test_conditional_get_and_back_off():
    with listener() as local:
        base = f"http://127.0.0.1:{local.server_address[1]}"
        settings = settings_with(fetch__allow_private=["127.0.0.1"])
        first = fetch(f"{base}/etag", settings)
        assert first.etag == '"v1"' and not first.not_modified and first.headers["etag"] == '"v1"'
        again = fetch(f"{base}/etag", settings, etag=first.etag)
        assert again.not_modified and again.status == 304 and again.body == b""
        for status in (429, 503):
            with pytest.raises(FetchFailed) as caught:
                fetch(f"{base}/busy?{status}", settings)
            assert caught.value.status == status and caught.value.retry_after == 7.0
        with pytest.raises(FetchFailed) as caught:
            fetch(f"{base}/busy?404", settings)
        assert caught.value.status == 404 and caught.value.retry_after is None


def test_gzip_body_inflated_and_bomb_refused():
    with listener() as local:
        base = f"http://127.0.0.1:{local.server_address[1]}"
        settings = settings_with(fetch__allow_private=["127.0.0.1"])
        page = fetch(f"{base}/gzip", settings)
        assert page.body == article_html()
        started = time.process_time()  # CPU: the machine may be busy with other work
        with pytest.raises(InflatedTooLarge) as caught:
            fetch(f"{base}/bomb", settings_with(fetch__allow_private=["127.0.0.1"], ingest__max_inflated_bytes=10**7))
    assert caught.value.code == "AW116" and caught.value.source == f"{base}/bomb"
    assert time.process_time() - started < 5


def test_size_cap_and_total_time_limit():
    with listener() as local:
        base = f"http://127.0.0.1:{local.server_address[1]}"
        with pytest.raises(TooLarge):
            fetch(f"{base}/page", settings_with(fetch__allow_private=["127.0.0.1"], ingest__max_document_chars=10))
        for route in ("trickle", "slow-headers"):  # each would take 4 s
            started = time.monotonic()
            with pytest.raises(FetchFailed, match="longer than"):
                fetch(f"{base}/{route}", settings_with(fetch__allow_private=["127.0.0.1"], fetch__total_timeout_s=1))
            assert time.monotonic() - started < 2.5


def test_url_input_goes_through_the_policy():
    with listener() as local:
        url = f"http://127.0.0.1:{local.server_address[1]}/page"
        (error,) = list(read_inputs([url], settings_with()))
        assert isinstance(error, FetchRefused) and local.hits == []
        (document,) = list(read_inputs([url], settings_with(fetch__allow_private=["127.0.0.0/8"])))
    assert ARTICLE[:40] in document.text


# ---- https: the connection goes to the checked address, the certificate is checked for the host name ---

@pytest.fixture(scope="module")
def tls_listener(tmp_path_factory):
    """An https listener on 127.0.0.1 with a self-signed certificate for 'localhost' (made by openssl)."""
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with listener(tls=context) as server:
        yield server, cert


def test_https_verified_for_the_host_name_on_the_pinned_address(tls_listener, monkeypatch):
    server, cert = tls_listener
    port = server.server_address[1]
    allowed = settings_with(fetch__allow_private=["localhost", "127.0.0.1"])
    with pytest.raises(FetchFailed, match="TLS|certificate"):  # self-signed: not trusted by default
        fetch(f"https://localhost:{port}/page", allowed)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now trusted, for the name it was made for
    with watching_connects() as connects:
        page = fetch(f"https://localhost:{port}/page", allowed)
    assert page.status == 200 and "rifles" in page.body.decode() and connects[1][0] == "127.0.0.1"
    with pytest.raises(FetchFailed, match="TLS|certificate"):  # the same server by address: the name does not match
        fetch(f"https://127.0.0.1:{port}/page", allowed)


def test_allow_private_argument_and_setting():
    with listener() as local:
        url = f"http://127.0.0.1:{local.server_address[1]}/page"
        allowed = settings_with(fetch__allow_private=["127.0.0.1"])
        assert fetch(url, allowed, allow_private=False).status == 200  # False: the setting decides
        with pytest.raises(FetchRefused):
            fetch(url, allowed, allow_private=["10.0.0.0/8"])  # a list replaces the setting
        assert fetch(url, settings_with(), allow_private=True).status == 200

"""Fetching URLs under one policy, used by everything that fetches (feeds' links, URL inputs, the web form,
the monitor): http and https only; the host is resolved first and every address it resolves to must be a
public one (loopback, private, link-local, shared, multicast, reserved and unspecified addresses are refused,
IPv4 embedded in IPv6 included); the connection is made to the checked address, so DNS cannot answer
differently between the check and the connection (https still verifies the certificate for the host name);
every redirect is checked the same way; the body is read with a size cap and the whole fetch with a time
limit; gzip and deflate bodies are inflated with a running cap (``inflate.py``).

Settings (section ``[fetch]``): ``enabled``, ``allow_private`` (hosts or networks an intranet may fetch),
``allow_file``, ``max_redirects``, ``total_timeout_s``; and ``ingest.fetch_timeout_s`` (each network wait),
``ingest.user_agent``, ``ingest.max_inflated_bytes``. See SECURITY.md.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from ..errors import FetchFailed, FetchRefused, TooLarge
from .checks import max_chars
from .inflate import inflate_body, max_inflated

__all__ = ["Fetched", "fetch", "address_problem"]

_REDIRECTS = {301, 302, 303, 307, 308}
_BACK_OFF = {429, 503}
_READ_BLOCK = 1 << 16
_ACCEPT = ("text/html,application/xhtml+xml,application/xml,application/rss+xml,application/atom+xml,"
           "*/*;q=0.5")
# networks that carry an IPv4 address inside an IPv6 one, beyond those ipaddress decodes itself
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    body: bytes  # decoded from its Content-Encoding
    content_type: str  # lower case, without parameters
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answer to etag/last_modified; the body is then b""


# ---- the address policy --------------------------------------------------------------------------------

def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries: mapped, 6to4, Teredo (server and client), NAT64, compatible."""
    found = []
    if address.ipv4_mapped:
        found.append(address.ipv4_mapped)
    if address.sixtofour:
        found.append(address.sixtofour)
    if address.teredo:
        found.extend(address.teredo)
    for network in _NAT64:
        if address in network:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def address_problem(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not a public one to fetch from (None where it is)."""
    if isinstance(address, ipaddress.IPv6Address):
        for inner in _embedded_ipv4(address):
            problem = address_problem(inner)
            if problem:
                return f"{problem} ({inner}) inside an IPv6 address"
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return f"{'an' if kind == 'unspecified' else 'a'} {kind.replace('_', '-')} address"
    if isinstance(address, ipaddress.IPv4Address) and address in ipaddress.IPv4Network("100.64.0.0/10"):
        return "a shared (carrier-grade NAT) address"
    if not address.is_global:
        return "not a public address"
    return None


class _Policy:
    def __init__(self, settings, allow_private):
        self.enabled = bool(settings.get("fetch.enabled"))
        self.allow_file = bool(settings.get("fetch.allow_file"))
        self.allow_all = allow_private is True
        entries = settings.get("fetch.allow_private") if allow_private in (None, False, True) else list(allow_private)
        if isinstance(entries, str):
            entries = [part.strip() for part in entries.split(",") if part.strip()]
        self.hosts: set[str] = set()
        self.networks: list = []
        for entry in entries:
            try:
                self.networks.append(ipaddress.ip_network(str(entry).strip().strip("[]"), strict=False))
            except ValueError:
                self.hosts.add(str(entry).strip().lower().rstrip("."))

    def allows(self, host: str, address) -> bool:
        if self.allow_all or host.lower().rstrip(".") in self.hosts:
            return True
        candidates = [address] + (_embedded_ipv4(address) if address.version == 6 else [])
        return any(candidate in network for candidate in candidates for network in self.networks
                   if candidate.version == network.version)


def _resolve(host: str, port: int, policy: _Policy, url: str, source: str) -> list[str]:
    """The host's addresses, each checked; one refused address refuses the host (a name that resolves to a
    public and a private address is no safer than the private one)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchFailed(f"cannot resolve '{host}': {exc}", source=source) from exc
    addresses: list[str] = []
    for info in infos:
        text = info[4][0].split("%")[0]
        address = ipaddress.ip_address(text)
        problem = address_problem(address)
        if problem and not policy.allows(host, address):
            where = "" if url == source else f" (redirected to {url})"
            raise FetchRefused(f"'{host}' is {address}, {problem}: not fetched{where}", source=source)
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise FetchFailed(f"'{host}' has no address", source=source)
    return addresses


# ---- one request ---------------------------------------------------------------------------------------

class _Deadline:
    def __init__(self, settings):
        self.total = float(settings.get("fetch.total_timeout_s"))
        self.each = float(settings.get("ingest.fetch_timeout_s"))
        self.end = time.monotonic() + self.total

    def wait(self, source: str) -> float:
        """The time the next network wait may take; FetchFailed once the whole fetch has taken too long."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise FetchFailed(f"the fetch took longer than {self.total:g} s (setting fetch.total_timeout_s)",
                              source=source)
        return min(self.each, left)


def _pinned(addresses: list[str], port: int):
    """http.client's connect, made to the checked addresses instead of resolving the host again."""
    def connect(_address, timeout, source_address=None):
        problem: OSError | None = None
        for address in addresses:
            try:
                return socket.create_connection((address, port), timeout, source_address)
            except OSError as exc:
                problem = exc
        raise problem or OSError("no address to connect to")
    return connect


class _Watchdog:
    """Shuts the request's socket down at the deadline, so whatever waits on it returns at once; ``fired``
    tells a body cut short this way from one that ended."""

    def __init__(self, deadline: _Deadline, connection):
        self.target = connection
        self.fired = False
        self.timer = threading.Timer(max(0.0, deadline.end - time.monotonic()), self._cut)
        self.timer.daemon = True
        self.timer.start()

    def _cut(self) -> None:
        self.fired = True
        sock = getattr(self.target, "sock", self.target)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _request_target(parts) -> str:
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return path + (f"?{query}" if query else "")


def _read_body(response, sock, deadline: _Deadline, limit: int, source: str) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise TooLarge(f"the response declares {int(declared):,} bytes, over {limit:,}", source=source)
    chunks: list[bytes] = []
    size = 0
    while True:
        sock.settimeout(deadline.wait(source))
        chunk = response.read1(_READ_BLOCK)  # whatever has come, so the time limit is checked between pieces
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the response is over {limit:,} bytes", source=source)
        chunks.append(chunk)


def _read_file(url: str, parts, limit: int, source: str) -> Fetched:
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused(f"file URL on another host ({parts.netloc})", source=source)
    path = Path(unquote(parts.path))
    try:
        with open(path, "rb") as fh:
            body = fh.read(limit + 1)
    except OSError as exc:
        raise FetchFailed(f"cannot read: {exc.strerror or exc}", source=source) from exc
    if len(body) > limit:
        raise TooLarge(f"the file is over {limit:,} bytes", source=source)
    return Fetched(url=url, status=200, body=body, content_type="")


def fetch(url: str, settings, *, allow_private=None, etag: str | None = None, last_modified: str | None = None,
          headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` under the fetch policy. ``allow_private``: None or False takes the setting
    fetch.allow_private; a list of hosts or networks replaces it; True allows every address. ``etag`` and ``last_modified`` make the
    request conditional (a 304 comes back as ``not_modified``). Raises FetchRefused (AW115: the policy
    forbids it), FetchFailed (AW108; ``status`` and ``retry_after`` set where the server answered),
    TooLarge (AW110) or InflatedTooLarge (AW116), each naming ``url``."""
    policy = _Policy(settings, allow_private)
    source = url
    if not policy.enabled:
        raise FetchRefused("fetching is turned off (setting fetch.enabled)", source=source)
    limit = 10 * max_chars(settings)  # a page's markup may well outweigh its text
    deadline = _Deadline(settings)
    request_headers = {"User-Agent": str(settings.get("ingest.user_agent")), "Accept": _ACCEPT,
                       "Accept-Encoding": "gzip, deflate", "Connection": "close"}
    if etag:
        request_headers["If-None-Match"] = etag
    if last_modified:
        request_headers["If-Modified-Since"] = last_modified
    request_headers.update(headers or {})
    max_redirects = int(settings.get("fetch.max_redirects"))
    for _hop in range(max_redirects + 1):
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as exc:
            raise FetchRefused(f"not a valid URL ({exc}): {url[:200]}", source=source) from exc
        scheme = parts.scheme.lower()
        if scheme == "file":
            if not policy.allow_file:
                raise FetchRefused(f"file URLs are not fetched (setting fetch.allow_file): {url[:200]}", source=source)
            return _read_file(url, parts, limit, source)
        if scheme not in ("http", "https"):
            raise FetchRefused(f"only http and https URLs are fetched, not '{scheme or url[:40]}'", source=source)
        host = parts.hostname
        if not host:
            raise FetchRefused(f"the URL names no host: {url[:200]}", source=source)
        port = port or (443 if scheme == "https" else 80)
        answer = _one_request(url, scheme, host, port, parts, policy, deadline, request_headers, limit, settings,
                              source)
        if isinstance(answer, Fetched):
            return answer
        url = urljoin(url, answer)  # a redirect: checked like the first URL on the next turn
        if etag or last_modified:  # validators belong to the first URL only
            request_headers.pop("If-None-Match", None)
            request_headers.pop("If-Modified-Since", None)
    raise FetchFailed(f"more than {max_redirects} redirects (setting fetch.max_redirects)", source=source)


def _one_request(url, scheme, host, port, parts, policy, deadline, request_headers, limit, settings, source):
    """The Fetched answer of one request, or the Location it redirects to."""
    addresses = _resolve(host, port, policy, url, source)
    timeout = deadline.wait(source)
    if scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    connection._create_connection = _pinned(addresses, port)
    sock = None
    # each wait has its own timeout; this ends the whole request at the deadline, however slowly a server
    # dribbles its headers or body
    watchdog = _Watchdog(deadline, connection)
    try:
        connection.request("GET", _request_target(parts), headers=request_headers)
        sock = connection.sock  # (the TLS socket for https; http.client forgets it once the response is read)
        watchdog.target = sock
        response = connection.getresponse()
        status = response.status
        found = {name.lower(): value for name, value in response.getheaders()}
        if status in _REDIRECTS:
            location = found.get("location")
            if not location:
                raise FetchFailed(f"HTTP {status} redirect without a Location", source=source, status=status)
            return location.strip()
        if status == 304:
            return Fetched(url=url, status=status, body=b"", content_type=_content_type(found), headers=found,
                           etag=found.get("etag"), last_modified=found.get("last-modified"), not_modified=True)
        if status >= 300 or status < 200:
            retry = _retry_after(found.get("retry-after")) if status in _BACK_OFF else None
            raise FetchFailed(f"HTTP {status} {response.reason}", source=source, status=status, retry_after=retry)
        body = _read_body(response, sock, deadline, limit, source)
        if watchdog.fired:  # the body "ended" because the watchdog shut the socket
            raise TimeoutError("cut at the deadline")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if watchdog.fired or deadline.end - time.monotonic() < 0.1:
            raise FetchFailed(f"the fetch took longer than {deadline.total:g} s (setting fetch.total_timeout_s)",
                              source=source) from exc
        if isinstance(exc, TimeoutError):
            raise FetchFailed(f"no answer within {deadline.each:g} s (setting ingest.fetch_timeout_s)",
                              source=source) from exc
        if isinstance(exc, ssl.SSLError):
            raise FetchFailed(f"TLS failed: {exc}", source=source) from exc
        raise FetchFailed(f"cannot fetch: {exc}", source=source) from exc
    finally:
        watchdog.timer.cancel()
        connection.close()
        if sock is not None:
            sock.close()
    try:
        body = inflate_body(body, found.get("content-encoding", ""), min(max_inflated(settings), limit), source)
    except zlib.error as exc:
        raise FetchFailed(f"the compressed body is corrupt ({exc})", source=source) from exc
    return Fetched(url=url, status=status, body=body, content_type=_content_type(found), headers=found,
                   etag=found.get("etag"), last_modified=found.get("last-modified"))


def _content_type(headers: dict[str, str]) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()

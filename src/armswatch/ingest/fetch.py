"""Fetching http(s) URLs: one place for the timeout, the user agent and the size limit."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from ..errors import FetchFailed, TooLarge
from .checks import max_chars


@dataclass
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://", "file://"))


def fetch(url: str, settings) -> Fetched:
    """GET a URL with the configured timeout and user agent; FetchFailed names the URL and the reason."""
    limit = 10 * max_chars(settings)  # a page's markup may well outweigh its text
    request = urllib.request.Request(url, headers={"User-Agent": str(settings.get("ingest.user_agent")),
                                                   "Accept": "text/html,application/xhtml+xml,application/xml,"
                                                             "application/rss+xml,application/atom+xml,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=float(settings.get("ingest.fetch_timeout_s"))) as response:
            body = response.read(limit + 1)
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type", "") or ""
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"HTTP {exc.code} {exc.reason}", source=url) from exc
    except urllib.error.URLError as exc:
        raise FetchFailed(f"cannot fetch: {exc.reason}", source=url) from exc
    except (TimeoutError, OSError, ValueError) as exc:
        raise FetchFailed(f"cannot fetch: {exc}", source=url) from exc
    if len(body) > limit:
        raise TooLarge(f"the response is over {limit:,} bytes", source=url)
    return Fetched(url=final_url, body=body, content_type=content_type.split(";")[0].strip().lower())

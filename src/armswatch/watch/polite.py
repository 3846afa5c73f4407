"""Polite fetching for the monitor: every request goes through the project's fetch policy
(``armswatch.ingest.fetch.fetch``: size and time limits, no private addresses unless the source allows
them), and on top of it robots.txt (a setting), a minimum delay per host (or the site's Crawl-delay, when
longer) and Retry-After on 429/503.

A short Retry-After (at most watch.max_retry_wait_s) is waited out and the request tried once more; a longer
one raises RateLimited (AW704) with ``retry_after`` so the source's next round waits that long.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import FetchFailed, RateLimited, RobotsDisallowed
from ..ingest.fetch import fetch

log = logging.getLogger(__name__)

ROBOTS_TTL_S = 24 * 3600  # RFC 9309: a cached robots.txt should not be used for longer than a day


@dataclass
class _Host:
    next_at: float = 0.0  # monotonic time before which this host gets no request
    crawl_delay: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_at: float = -ROBOTS_TTL_S
    robots_error: str | None = None  # why robots.txt could not be read (then nothing is fetched)


class Polite:
    """One per monitor process: remembers each host's robots.txt and when it may next be asked."""

    def __init__(self, settings, stop: threading.Event | None = None, clock=time.monotonic):
        self.settings = settings
        self.robots_on = bool(settings.get("watch.robots"))
        self.min_delay = float(settings.get("watch.min_host_delay_s"))
        self.max_wait = float(settings.get("watch.max_retry_wait_s"))
        self.agent = str(settings.get("ingest.user_agent")).split("/")[0] or "*"
        self.stop = stop or threading.Event()
        self.clock = clock
        self.hosts: dict[str, _Host] = {}
        self.requests = 0  # every request sent, robots.txt included
        self._with_files = None

    def get(self, url: str, *, allow_private: bool = False, etag: str | None = None,
            last_modified: str | None = None, headers: dict | None = None):
        """The response (a Fetched; ``not_modified`` on 304). Raises RobotsDisallowed, RateLimited, or the
        fetch policy's own errors (FetchFailed, TooLarge …)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):  # file: URLs have no host to be polite to
            return self._fetch(url, allow_private, etag, last_modified, headers)
        host = self.hosts.setdefault(parts.netloc.lower(), _Host())
        if self.robots_on:
            robots = self._robots(parts, host, allow_private)
            if host.robots_error:  # RFC 9309: unreachable means disallowed, for now; the source waits
                waiting = RateLimited(f"robots.txt cannot be read ({host.robots_error}); nothing is fetched from "
                                      "this host until it can", source=url)
                waiting.retry_after = 60.0
                raise waiting
            if robots is not None and not robots.can_fetch(self.agent, url):
                raise RobotsDisallowed("robots.txt disallows this URL", source=url)
        for attempt in (1, 2):
            self._wait_for(host)
            try:
                return self._fetch(url, allow_private, etag, last_modified, headers)
            except FetchFailed as error:
                status, retry_after = getattr(error, "status", None), getattr(error, "retry_after", None)
                if status not in (429, 503):
                    raise
                wait = float(retry_after) if retry_after is not None else self.min_delay * 4
                host.next_at = max(host.next_at, self.clock() + wait)
                if attempt == 2 or wait > self.max_wait:
                    limited = RateLimited(f"HTTP {status}; the site asks to wait {wait:g} s", source=url)
                    limited.retry_after = wait
                    raise limited from error
                log.info("%s: HTTP %s, waiting %g s as asked", url, status, wait)
            finally:
                host.next_at = max(host.next_at, self.clock() + max(self.min_delay, host.crawl_delay))
        raise AssertionError("unreachable")

    def _fetch(self, url, allow_private, etag, last_modified, headers):
        self.requests += 1
        settings = self.settings
        if allow_private and url.lower().startswith("file:"):  # the source said so explicitly
            settings = self._file_settings()
        return fetch(url, settings, allow_private=allow_private, etag=etag, last_modified=last_modified,
                     headers=headers)

    def _file_settings(self):
        if self._with_files is None:
            from ..config import Settings

            self._with_files = Settings(copy.deepcopy(self.settings.data))
            self._with_files.set("fetch.allow_file", True)
        return self._with_files

    def _wait_for(self, host: _Host) -> None:
        delay = host.next_at - self.clock()
        if delay > 0:
            self.stop.wait(delay)  # a stop request cuts the wait short; the request still goes out

    def _robots(self, parts, host: _Host, allow_private: bool):
        """The host's robots.txt, read at most once a day. RFC 9309: a missing one (4xx) allows all; an
        unreachable one (5xx, network) disallows all until it can be read."""
        if self.clock() - host.robots_at < ROBOTS_TTL_S:
            return host.robots
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        self._wait_for(host)
        try:
            page = self._fetch(robots_url, allow_private, None, None, None)
            parser.parse(page.body.decode("utf-8", "replace").splitlines())
        except FetchFailed as error:
            status = getattr(error, "status", None)
            if status is not None and 400 <= status < 500 and status != 429:
                parser.allow_all = True
            else:
                parser.disallow_all = True
                host.robots, host.robots_at = parser, self.clock() - ROBOTS_TTL_S + 60  # try again in a minute
                host.robots_error = error.message
                return parser
        finally:
            host.next_at = self.clock() + self.min_delay
        delay = parser.crawl_delay(self.agent)
        host.crawl_delay = float(delay) if delay else 0.0
        host.robots, host.robots_at, host.robots_error = parser, self.clock(), None
        return parser

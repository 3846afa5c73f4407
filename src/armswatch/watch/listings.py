"""What a watched listing names: RSS/Atom feeds (feedparser), sitemaps and sitemap indexes (plain or
gzipped), and plain lists of URLs, one a line.

``parse_listing`` returns the article items and, for a sitemap index, the child sitemaps to read next; a
listing that yields nothing usable is refused with ListingUnreadable (AW702) naming its URL.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin
from xml.etree import ElementTree

from ..errors import ListingUnreadable, TooLarge
from ..ingest.checks import iso_date


@dataclass(frozen=True)
class Item:
    url: str
    published: str | None = None  # YYYY-MM-DD where the listing dates it


@dataclass
class Listing:
    kind: str  # feed, sitemap, sitemapindex, urls
    items: list[Item] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # sitemaps named by a sitemap index


def gunzipped(body: bytes, url: str, limit: int) -> bytes:
    """The body, uncompressed where it is gzip (sitemap.xml.gz); at most ``limit`` bytes."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            data = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ListingUnreadable(f"a broken gzip file: {exc}", source=url) from exc
    if len(data) > limit:
        raise TooLarge(f"the listing is over {limit:,} bytes uncompressed", source=url)
    return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _sniff(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        if b"<sitemapindex" in text[:4000]:
            return "sitemapindex"
        if b"<urlset" in text[:4000]:
            return "sitemap"
        return "feed"
    return "urls"


def parse_listing(body: bytes, url: str, kind: str = "auto") -> Listing:
    """``kind``: auto, feed, sitemap or urls (a sitemap index is a sitemap)."""
    found = _sniff(body[:8192])
    if kind == "sitemap" and found == "sitemapindex":
        kind = found
    elif kind == "auto":
        kind = found
    if kind in ("sitemap", "sitemapindex"):
        return _sitemap(body, url)
    if kind == "feed":
        return _feed(body, url)
    return _url_list(body, url)


def _feed(body: bytes, url: str) -> Listing:
    import feedparser

    parsed = feedparser.parse(body)
    items, seen = [], set()
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        link = urljoin(url, link.strip())
        if link in seen:
            continue
        seen.add(link)
        items.append(Item(link, iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))))
    if not items:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if problem is not None or not parsed.entries:
            reason = f"not a readable feed ({problem})" if problem is not None else "a feed with no entries"
            if not parsed.entries and problem is None and parsed.get("feed"):
                return Listing("feed")  # a well-formed, empty feed: nothing new, not an error
            raise ListingUnreadable(reason, source=url)
    return Listing("feed", items)


def _sitemap(body: bytes, url: str) -> Listing:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise ListingUnreadable(f"not a readable sitemap ({exc})", source=url) from exc
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ListingUnreadable(f"not a sitemap: the root element is <{kind}>", source=url)
    listing = Listing("sitemap" if kind == "urlset" else "sitemapindex")
    for node in root:
        entry = {_local(child.tag): (child.text or "").strip() for child in node}
        loc = entry.get("loc")
        if not loc:
            continue
        loc = urljoin(url, loc)
        if kind == "urlset":
            listing.items.append(Item(loc, _sitemap_date(entry)))
        else:
            listing.children.append(loc)
    return listing


def _sitemap_date(entry: dict) -> str | None:
    value = entry.get("lastmod") or ""
    # Google News sitemaps put the article's date in <news:news><news:publication_date>, flattened away
    # here; lastmod is the page's, the closest the plain protocol offers
    return value[:10] if len(value) >= 10 and value[4] == "-" and value[7] == "-" else None


def _url_list(body: bytes, url: str) -> Listing:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListingUnreadable(f"a URL list must be UTF-8 text ({exc.reason} at byte {exc.start})", source=url) from exc
    items, seen = [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        link = urljoin(url, line.split()[0])
        if not link.lower().startswith(("http://", "https://", "file://")):
            raise ListingUnreadable(f"line {number} is not a URL: {line[:80]!r}", source=url)
        if link not in seen:
            seen.add(link)
            items.append(Item(link))
    return Listing("urls", items)

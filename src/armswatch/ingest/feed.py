"""RSS and Atom feeds (feedparser), from a URL or a file: each entry's linked article is fetched and read
as HTML.

Where the article cannot be fetched (or holds no main text), the entry's own content is used instead when
it is substantial (full-text feeds carry the whole article in ``content:encoded``); a short summary is not
an article, so such an entry is reported with the fetch error rather than stored as a fragment that would
later sit beside the full text as a different document.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..document import Document
from ..errors import FeedUnreadable, InputError, NoArticle
from .checks import iso_date
from .fetch import fetch
from .html import article_text, read_html

# entry content at least this long stands in for an article that cannot be fetched
MIN_ENTRY_CONTENT_CHARS = 500
# character references to surrogates (&#xD800;, &#55296;) name no character; feedparser fails on them
_SURROGATE_REFERENCE = re.compile(rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}"
                                  rb"|0*(?:5529[6-9]|55[3-9]\d\d|56\d{3}|57[0-2]\d\d|573[0-3]\d|5734[0-3]));")


def parse_feed(data: bytes, source: str):
    import feedparser

    data = _SURROGATE_REFERENCE.sub(b"&#xFFFD;", data)
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser is lenient, but not with every broken encoding declaration
        raise FeedUnreadable(f"not a readable feed ({type(exc).__name__}: {str(exc)[:120]})", source=source) from exc
    # feedparser reads broken feeds leniently; a feed is refused only when nothing usable comes out of it
    usable = [e for e in parsed.entries if e.get("link") or _entry_content(e).strip()]
    if not usable:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable feed ({problem})" if parsed.bozo and problem else "no entries with a link or content"
        raise FeedUnreadable(reason, source=source)
    return parsed


def _entry_content(entry) -> str:
    """The longest HTML or text the entry carries (content:encoded, content, summary)."""
    candidates = [item.get("value") or "" for item in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    return max(candidates, key=len) if candidates else ""


def read_feed(data: bytes, source: str, settings, published: str | None = None) -> Iterator[Document | InputError]:
    """A Document per entry (source = the article URL), or the error that stopped one entry."""
    parsed = parse_feed(data, source)
    min_chars = int(settings.get("ingest.min_chars"))
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        entry_date = iso_date(entry.get("published_parsed") or entry.get("updated_parsed")) or published
        where = link or f"{source}#entry{number}"
        problem: InputError | None = None
        if link:
            try:
                page = fetch(link, settings)
                document = read_html(page.body, source=link, url=page.url, published=entry_date, min_chars=min_chars)
                document.title = document.title or entry.get("title")
                document.meta["feed"] = source
                yield document
                continue
            except InputError as error:
                problem = error
        content = _entry_content(entry)
        text, _ = article_text(content) if content.strip() else ("", None)
        if len(text) >= MIN_ENTRY_CONTENT_CHARS:
            yield Document(text=text, title=entry.get("title"), url=link, published=entry_date, source=where,
                           meta={"kind": "feed-entry", "feed": source})
        elif problem is not None:
            yield problem
        else:
            yield NoArticle("the entry has no link and too little content to be an article", source=where)

"""HTML pages: main text through trafilatura, then a filter for the boilerplate lines it lets through;
title and publication date from trafilatura's metadata (which dates pages with htmldate)."""

from __future__ import annotations

from ..document import Document
from ..errors import NoArticle
from .boilerplate import drop_boilerplate
from .checks import iso_date
from .jsonld import article_body

# Where the extracted text is much shorter than the page's JSON-LD articleBody, the page rendered its
# article with script and the extraction saw only a teaser: the articleBody is taken instead.
JSONLD_MIN_CHARS = 500
JSONLD_RATIO = 2.0

# Chosen on the trafilatura-eval set (see evaluate/trafilatura_eval.py): tables kept (news tables carry
# figures), comments dropped (readers' comments are not the article).
EXTRACT_OPTIONS = {"include_comments": False, "include_tables": True, "include_images": False,
                   "include_links": False, "include_formatting": False}


def main_text(html: bytes | str, url: str | None = None):
    """trafilatura's extraction (text and metadata) or None where it finds no main text."""
    import trafilatura

    return trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)


def article_text(html: bytes | str, url: str | None = None) -> tuple[str, object | None]:
    """(main text with boilerplate lines dropped, trafilatura's result); '' where there is no article."""
    result = main_text(html, url)
    text = drop_boilerplate(result.text or "") if result is not None else ""
    body = article_body(html)
    if len(body) >= JSONLD_MIN_CHARS and len(body) >= JSONLD_RATIO * len(text):
        text = drop_boilerplate(body)
    return text, result


def read_html(html: bytes | str, source: str, url: str | None = None, published: str | None = None,
              min_chars: int = 1) -> Document:
    """A Document from one HTML page; NoArticle where no main text is found."""
    text, result = article_text(html, url)
    if len(text.strip()) < min_chars:
        found = len(text.strip())
        raise NoArticle("no main text found in the page" if not found else
                        f"only {found} characters of main text, fewer than an article's {min_chars}", source=source)
    date = iso_date(getattr(result, "date", None)) or published
    return Document(text=text, title=getattr(result, "title", None) or None, url=url or getattr(result, "url", None),
                    published=date, source=source, meta={"kind": "html", "sitename": getattr(result, "sitename", None)})

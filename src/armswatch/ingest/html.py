"""HTML pages: main text through trafilatura, then a filter for the boilerplate lines it lets through;
title and publication date from trafilatura's metadata (which dates pages with htmldate)."""

from __future__ import annotations

from html.parser import HTMLParser

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


# libxml2 (under trafilatura) stops building the tree past 255 nested elements, so a page nested deeper
# yields no main text; such a page is read as flat text instead (all its text, in document order).
MAX_TREE_DEPTH = 255
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HIDDEN = {"script", "style", "noscript", "template", "head"}
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "blockquote"}


class _FlatText(HTMLParser):
    """All visible text of a page with a line break at each block, and the deepest nesting met."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = self.deepest = self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag in _HIDDEN:
            self.hidden += 1
        if tag not in _VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def deep_flat_text(html: bytes | str) -> str:
    """The page's flat text where its elements nest deeper than libxml2 builds a tree; '' otherwise."""
    parser = _FlatText()
    try:
        parser.feed(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
        parser.close()
    except AssertionError:  # the standard library's parser asserts on a malformed "<![" marked section
        return ""
    if parser.deepest <= MAX_TREE_DEPTH:
        return ""
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return drop_boilerplate("\n".join(line for line in lines if line))


def read_html(html: bytes | str, source: str, url: str | None = None, published: str | None = None,
              min_chars: int = 1) -> Document:
    """A Document from one HTML page; NoArticle where no main text is found."""
    text, result = article_text(html, url)
    if len(text.strip()) < min_chars:
        text = deep_flat_text(html) or text
    if len(text.strip()) < min_chars:
        found = len(text.strip())
        raise NoArticle("no main text found in the page" if not found else
                        f"only {found} characters of main text, fewer than an article's {min_chars}", source=source)
    date = iso_date(getattr(result, "date", None)) or published
    return Document(text=text, title=getattr(result, "title", None) or None, url=url or getattr(result, "url", None),
                    published=date, source=source, meta={"kind": "html", "sitename": getattr(result, "sitename", None)})

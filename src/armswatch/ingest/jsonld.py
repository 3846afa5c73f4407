"""schema.org ``articleBody`` from a page's JSON-LD: news sites that render the article with script (so
that the served HTML holds only a teaser) often still embed the whole text there."""

from __future__ import annotations

import html as html_module
import json
import re

_SCRIPT = re.compile(rb"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def _bodies(node):
    if isinstance(node, dict):
        body = node.get("articleBody")
        if isinstance(body, str):
            yield body
        for value in node.values():
            yield from _bodies(value)
    elif isinstance(node, list):
        for item in node:
            yield from _bodies(item)


def article_body(page: bytes | str) -> str:
    """The longest articleBody in the page's JSON-LD, as plain text ('' where there is none)."""
    data = page.encode("utf-8", "replace") if isinstance(page, str) else page
    best = ""
    for match in _SCRIPT.finditer(data):
        try:
            node = json.loads(match.group(1).decode("utf-8", "replace"), strict=False)
            bodies = list(_bodies(node))
        except (ValueError, RecursionError):  # (JSON nested thousands deep exhausts the stack)
            continue
        for body in bodies:
            if len(body) > len(best):
                best = body
    if not best:
        return ""
    text = html_module.unescape(_TAGS.sub("\n", best))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())

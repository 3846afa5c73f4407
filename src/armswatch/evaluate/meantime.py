"""MEANTIME (English Wikinews, NewsReader CAT XML): time expressions now; entity coreference may join it.

The corpus ships tokens, not raw text, so each article's text is rebuilt from its tokens (a line per
sentence, no space before closing punctuation) and every token keeps its offsets. The CREATION_TIME TIMEX3
gives the publication date; its dateline in the text is metadata, so it is scored neither as gold nor as a
system expression. MEANTIME marks only the first sentences of each article (title, dateline and about four
more); system expressions after the last sentence with any markable are not scored. Each part has its own function (``time_expressions``) returning flat metrics under its
prefix; ``evaluate_meantime`` joins them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..document import Document
from ..errors import EvalDataMissing
from . import Report, register
from .tempeval3 import MATCHING_RULE as TIMEX_MATCHING_RULE
from .tempeval3 import Timex, TimexScore, run_time_extractor, system_timexes

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


@dataclass
class Article:
    document: Document
    tokens: dict[str, tuple[int, int]]  # t_id -> (start, end)
    root: ET.Element
    dct_span: tuple[int, int] | None
    annotated_end: int  # MEANTIME annotates only an article's first sentences; text after this is not scored


def rebuild_text(root: ET.Element) -> tuple[str, dict[str, tuple[int, int]]]:
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    length, sentence, previous = 0, None, None
    for token in root.iter("token"):
        word = token.text or ""
        if sentence is not None:
            sep = "\n" if token.get("sentence") != sentence else (
                "" if word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER else " ")
            parts.append(sep)
            length += len(sep)
        offsets[token.get("t_id")] = (length, length + len(word))
        parts.append(word)
        length += len(word)
        sentence, previous = token.get("sentence"), word
    return "".join(parts), offsets


def _span(element: ET.Element, tokens: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    anchors = [tokens[a.get("t_id")] for a in element.findall("token_anchor") if a.get("t_id") in tokens]
    if not anchors:
        return None
    return min(s for s, _ in anchors), max(e for _, e in anchors)


def load_article(path: Path) -> Article:
    root = ET.parse(path).getroot()
    text, tokens = rebuild_text(root)
    published, dct_span = None, None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            published = (timex.get("value") or "")[:10] or None
            dct_span = _span(timex, tokens)
            break
    document = Document(text=text, published=published, title=root.get("doc_name"), url=root.get("url"), source=str(path))
    return Article(document=document, tokens=tokens, root=root, dct_span=dct_span, annotated_end=_annotated_end(root, tokens))


def _annotated_end(root: ET.Element, tokens: dict[str, tuple[int, int]]) -> int:
    """End offset of the last sentence holding any markable (the annotators stopped after the first few)."""
    sentence_of = {t.get("t_id"): int(t.get("sentence")) for t in root.iter("token")}
    marked = [sentence_of[a.get("t_id")] for a in root.iter("token_anchor") if a.get("t_id") in sentence_of]
    if not marked:
        return 0
    last = max(marked)
    return max(tokens[t_id][1] for t_id, sentence in sentence_of.items() if sentence == last)


def gold_timexes(article: Article) -> list[Timex]:
    out = []
    for timex in article.root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            continue
        span = _span(timex, article.tokens)
        if span is not None:
            out.append(Timex(span[0], span[1], timex.get("type", ""), timex.get("value")))
    return out


def load_articles(data_dir: Path) -> list[Article]:
    paths = sorted(data_dir.rglob("*.xml"))
    if not paths:
        raise EvalDataMissing(f"no MEANTIME .xml files under {data_dir}", source="meantime")
    return [load_article(path) for path in paths]


def time_expressions(articles: list[Article], settings: Settings) -> tuple[dict[str, float], list[dict]]:
    """Time expression metrics (prefix ``time.``) and a sample of errors."""
    score = TimexScore()
    documents = [a.document for a in articles]
    for article, (document, records) in zip(articles, run_time_extractor(settings, documents)):
        system = [t for t in system_timexes(records) if t.start < article.annotated_end]
        if article.dct_span:
            s0, e0 = article.dct_span
            system = [t for t in system if t.end <= s0 or t.start >= e0]
        score.add(gold_timexes(article), system, document.text, keep_errors=300)
    return score.metrics(prefix="time."), score.errors


@register("meantime", "meantime-en", "MEANTIME English: time expressions (span F1, value accuracy and F1)")
def evaluate_meantime(data_dir: Path, settings: Settings) -> Report:
    articles = load_articles(data_dir)
    metrics, errors = time_expressions(articles, settings)
    return Report(name="meantime", metrics=metrics,
                  matching_rule="time: " + TIMEX_MATCHING_RULE + " Text rebuilt from tokens; the dateline (DCT) is excluded; only the annotated opening sentences are scored.",
                  details={"documents": len(articles), "time_errors": errors[:300]})

"""ECB+ loader: documents as text (tokens joined, one sentence a line), their gold seminal event (topic and
sub-topic), and the event mentions of the annotated sentences with their coreference chains."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

_NO_SPACE_BEFORE = re.compile(r"^[.,;:!?%)\]}'’”]|^'s$|^n't$")
_URL = re.compile(r"^(https?\s*:|www\s*\.)", re.I)


@dataclass
class Mention:
    id: str  # doc name + m_id
    start: int
    end: int
    text: str
    sentence: int
    chain: str  # gold instance id, or the mention's own id for a singleton


@dataclass
class EcbDocument:
    name: str  # e.g. 1_1ecb
    topic: int
    subtopic: str  # e.g. 1_ecb, 1_ecbplus
    text: str
    url: str | None
    mentions: list[Mention] = field(default_factory=list)


def _annotated(data_dir: Path) -> set[tuple[str, int]]:
    path = data_dir / "ECBplus_coreference_sentences.csv"
    with path.open(encoding="utf-8") as handle:
        return {(f"{row['Topic']}_{row['File']}", int(row["Sentence Number"])) for row in csv.DictReader(handle)}


def load_document(path: Path, annotated: set[tuple[str, int]]) -> EcbDocument:
    root = ET.parse(path).getroot()
    name = path.stem
    topic = int(name.split("_")[0])
    sentences: dict[int, list] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence")), []).append(token)
    text, offsets, url = "", {}, None
    for number in sorted(sentences):
        words = [t.text or "" for t in sentences[number]]
        if number == 0 and words and _URL.match("".join(words[:3])):
            url = "".join(words)  # the source URL stands first in many files: metadata, not text
            continue
        line_start = len(text)
        for token, word in zip(sentences[number], words):
            if len(text) > line_start and not _NO_SPACE_BEFORE.match(word):
                text += " "
            offsets[token.get("t_id")] = (len(text), len(text) + len(word), number)
            text += word
        text += "\n"
    chains = {}
    for relation in root.iter():
        if relation.tag in ("CROSS_DOC_COREF", "INTRA_DOC_COREF") and relation.get("note"):
            for source in relation.findall("source"):
                chains.setdefault(source.get("m_id"), relation.get("note"))
    mentions = []
    markables = root.find("Markables")
    for markable in (markables if markables is not None else []):
        if not (markable.tag.startswith("ACTION") or markable.tag.startswith("NEG_ACTION")):
            continue
        anchors = [offsets[a.get("t_id")] for a in markable.findall("token_anchor") if a.get("t_id") in offsets]
        if not anchors or (name, anchors[0][2]) not in annotated:
            continue
        m_id = markable.get("m_id")
        start, end = min(a[0] for a in anchors), max(a[1] for a in anchors)
        mentions.append(Mention(f"{name}:{m_id}", start, end, text[start:end], anchors[0][2],
                                chains.get(m_id, f"{name}:{m_id}")))
    subtopic = f"{topic}_{'ecbplus' if name.endswith('ecbplus') else 'ecb'}"
    return EcbDocument(name, topic, subtopic, text, url, mentions)


def load(data_dir: Path, topics: range | None = None) -> list[EcbDocument]:
    annotated = _annotated(data_dir)
    docs = []
    for path in sorted((data_dir / "ECB+").glob("*/*.xml")):
        topic = int(path.stem.split("_")[0])
        if topics is None or topic in topics:
            docs.append(load_document(path, annotated))
    return docs

"""Reads PETRARCH2's CAMEO verb dictionary (CAMEO.2.0.txt, MIT) into blocks of verbs and patterns.

One parser for the scripts that derive armswatch resources from it (build_arms_verbs.py, build_event_verbs.py).
The format (PETRARCH's dictionaries.rst, "Verb Dictionary"):

  &NAME                      a synonym set; its members follow on lines starting with "+" ("+ARMS_SHIPMENT")
  --- NAME [CODE] ---        a verb block; CODE (or "---": no event) is the code of its verbs without their own
  VERB {FORMS} [CODE]        a verb of the block, with irregular forms and its own code, both optional;
  +CALL_FOR [CODE]           a multi-word verb: "+" marks the word that is the verb, the others are particles
  - PRE * POST [CODE] # V    a pattern of the block: nouns and (preposition noun) phrases before and after the
                             verb; {A B} is a phrase whose last word is the head; &NAME a synonym set; the comment
                             names the verb(s) the pattern came from. CODE may be "a:b" (source:target codes)
  ~ ...                      transformations (ignored here)
Everything after "#" is a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([0-9:\-]*)\]")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s{}()]+")
_MARKERS = set("$+%^")


@dataclass(frozen=True)
class Verb:
    word: str  # lower case, as written: "ask", "ask_for", "wire_+tap"
    lemma: str  # the verb word itself: "ask"
    particles: tuple[str, ...]  # words after the verb in a multi-word verb: ("for",)
    before: tuple[str, ...]  # words before it ("wire" in WIRE_+TAP)
    code: str | None  # its own code, if any ("020", "042:043", "---")


@dataclass(frozen=True)
class Pattern:
    text: str  # the line, comment removed
    code: str  # "---" when the line has none
    named: frozenset[str]  # lower-case verbs the comment names
    pre: tuple  # parsed phrases before "*"
    post: tuple  # parsed phrases after "*": ("noun", head, words) or ("prep", prep, head | None, words)


@dataclass
class Block:
    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


def primary(code: str | None) -> str | None:
    """The code an event gets: the source side of "a:b", the target side when only that is given; None for none."""
    if not code:
        return None
    for part in code.split(":"):
        if part and part != "---" and part.isdigit():
            return part
    return None


def _phrases(text: str) -> tuple:
    out = []
    for token in _TOKEN.findall(text):
        if token in _MARKERS:
            continue
        if token.startswith("("):
            words = [w for w in _TOKEN.findall(token[1:-1]) if w not in _MARKERS]
            if not words:
                continue
            prep, rest = words[0].lower(), words[1:]
            head = None
            if rest:
                last = rest[-1].strip("{}").split()
                head = last[-1].lower() if last else None
            out.append(("prep", prep, head, " ".join(rest).lower()))
        else:
            words = token.strip("{}").split()
            words = [w for w in words if w not in _MARKERS]
            if words:
                out.append(("noun", words[-1].lower(), " ".join(words).lower()))
    return tuple(out)


def _verb(line: str) -> Verb:
    word = line.split()[0]
    code = _CODE.search(line)
    parts = word.lower().split("_")
    index = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    lemma = parts[index].lstrip("+")
    return Verb(word.lower(), lemma, tuple(parts[index + 1:]), tuple(parts[:index]), code.group(1) if code else None)


def parse(lines) -> tuple[dict[str, list[str]], list[Block]]:
    """(synonym sets: lower-case name without "&" -> lower-case members, verb blocks in file order)."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set = None
    block = None
    for raw in lines:
        line, _, comment = raw.partition("#")
        line = line.rstrip()
        if not line.strip():
            continue
        header = _HEADER.match(line)
        if header:
            block, current_set = Block(header.group(1).lower(), header.group(2).strip()), None
            blocks.append(block)
        elif line.startswith("&") and block is None:
            current_set = line.strip().rstrip("_").lstrip("&").lower()
            synsets[current_set] = []
        elif line.startswith("+") and block is None:
            if current_set is not None:
                synsets[current_set].append(line.strip()[1:].rstrip("_").replace("_", " ").lower())
        elif block is None or line.startswith("~"):
            continue
        elif line.startswith("-"):
            code = _CODE.search(line)
            named = frozenset(w.lower() for w in re.findall(r"[A-Z_]+", comment))
            body = _CODE.sub(" ", line[1:])
            pre, star, post = body.partition("*")
            if not star:
                pre, post = "", body
            block.patterns.append(Pattern(line, code.group(1) if code else "---", named, _phrases(pre), _phrases(post)))
        elif re.match(r"^[A-Z+]", line):
            block.verbs.append(_verb(line))
    return synsets, blocks


def read(path: str | Path) -> tuple[dict[str, list[str]], list[Block]]:
    return parse(Path(path).read_text(encoding="latin-1").splitlines())

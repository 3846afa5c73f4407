"""Lines that news sites put around an article and that main-text extraction lets through: calls to
subscribe, sign up, follow or download; copyright and reprint notices; photo credits; "Read more" links;
advertising disclosures; and spam written in look-alike letters of another script.

Only short lines (a sentence or two) are judged, and each pattern is a call to action or a notice, not a
topic: an article about subscribers or newsletters keeps its sentences. Photo captions are kept: they often
state facts (who, where, what was seized). Checked for false hits on the article texts of PolNeAR (news
prose, 800 files): 7 of 16,833 lines matched: 4 sign-up or app notices, and 3 embedded tweets that
carry a site's sign-up notice inside them (the tweet is lost with it; a known cost).
"""

from __future__ import annotations

import re

# longer lines are article prose, whatever words they hold
MAX_BOILERPLATE_CHARS = 400

_PATTERNS = [
    r"^(read|see) (more|also)\b",
    r"^(also read|related( articles?| stories)?|recommended)\s*:",
    r"^\(?(photo|image|picture|video)?\s*credits?\s*:",
    r"\bsubscribe (now|today|to (our|the)|for)\b",
    r"\bplease subscribe\b",
    r"\balready a subscriber\b",
    r"\blog ?in (for|to) (immediate|continue|read|access)",
    r"\bsign(ing)? up (to|for) (our|the)\b.{0,40}\b(newsletter|alerts|updates|edition)",
    r"\b(newsletter|daily edition)\b.{0,60}\b(inbox|by email|sign up)",
    r"\bnever miss (the latest|our|a)\b",
    r"\bdownload (the|our) .{0,40}\bapps?\b",
    r"\bfollow (us|the \w+( \w+)?) on (twitter|facebook|instagram|x|linkedin|telegram|whatsapp)\b",
    r"\b(e-?mail|contact|write to|send) us (at|a message)\b",
    r"\bsubmit (a|your) letter\b",
    r"\bwe want to hear what you think\b",
    r"\ball rights reserved\b",
    r"\bcopyrighted property\b",
    r"\bwritten permission\b.{0,60}\b(reprint|reproduc|republish)",
    r"\bwithout (the )?(express )?(written )?permission\b.{0,40}\b(prohibited|theft|punishable)",
    r"\bour standards\s*:",
    r"\btrust principles\b",
    r"\bwe may (receive|earn) (a )?(compensation|commission)\b",
    r"\badvertis(e with us|ing policy)\b",
    r"^(advertisement|advertising|sponsored( content)?)$",
    r"^share (this|on)\b",
]
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
# a line that is only a site name ("EXAMPLE.COM"). (Bare labels such as "Release Date:" are kept: the same
# shape introduces quotations, "Stated Stone:", which the statement extractor needs.)
_EMPTY_LINE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?i:com|net|org|co\.uk|info|news)$")
# a Latin-script word with Cyrillic or Greek look-alike letters inside it ("Yоur" with a Cyrillic o)
_MIXED_SCRIPT_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0370-\u03ff\u0400-\u04ff])\w+\b")


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_BOILERPLATE_CHARS:
        return False
    if _BOILERPLATE.search(stripped) or _EMPTY_LINE.match(stripped):
        return True
    return len(_MIXED_SCRIPT_WORD.findall(stripped)) >= 3


def drop_boilerplate(text: str) -> str:
    """The text without its boilerplate lines (lines are trafilatura's paragraphs)."""
    return "\n".join(line for line in text.split("\n") if not is_boilerplate(line)).strip()

"""Realistic edits of a real article, as syndication makes them: another headline, paragraphs dropped or
reordered, boilerplate added, a few words substituted. Seeded, so every run makes the same copies."""

from __future__ import annotations

import random
import re

BOILERPLATE = [
    "Follow us on Twitter and Facebook for the latest news.",
    "Copyright {year} The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Sign up for our daily newsletter to get the top stories delivered to your inbox.",
    "Reporting by staff correspondents; editing by the news desk.",
    "This article originally appeared on a partner site and is republished here with permission.",
]
HEADLINES = ["UPDATE 2", "WORLD NEWS", "Breaking", "Latest", "REGION"]
SUBSTITUTIONS = {"said": "stated", "says": "states", "also": "further", "announced": "declared",
                 "killed": "left dead", "attack": "assault", "forces": "troops", "officials": "authorities",
                 "told": "informed", "week": "weekend"}


def paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    if len(parts) >= 3:
        return parts
    sentences = re.split(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])", text.strip())  # a short release: sentences
    return [s for s in sentences if s]


def edited_copy(text: str, title: str | None, rng: random.Random) -> tuple[str, str]:
    """(title, text) of a copy with two or three of the edits."""
    parts = paragraphs(text)
    edits = rng.sample(["drop", "reorder", "boilerplate", "substitute"], rng.choice([2, 3]))
    if "drop" in edits and len(parts) >= 6:
        # syndication cuts from the end, and sometimes a paragraph in the middle
        cut = rng.randint(1, max(1, len(parts) // 6))
        parts = parts[:len(parts) - cut]
        if len(parts) >= 8:
            del parts[rng.randrange(1, len(parts) - 1)]
    if "reorder" in edits and len(parts) >= 4:
        i = rng.randrange(1, len(parts) - 1)
        parts[i], parts[i + 1] = parts[i + 1], parts[i]
    if "substitute" in edits:
        chosen = rng.sample(sorted(SUBSTITUTIONS), 3)
        parts = [re.sub(rf"\b{w}\b", SUBSTITUTIONS[w], p, count=1) if w in chosen else p
                 for p in parts for w in [next((c for c in chosen if re.search(rf"\b{c}\b", p)), "")]]
    if "boilerplate" in edits or "\n\n".join(parts) == "\n\n".join(paragraphs(text)):  # always some edit
        parts.append(rng.choice(BOILERPLATE).format(year=rng.choice([2016, 2017, 2025])))
    new_title = f"{rng.choice(HEADLINES)}: {title}" if title else rng.choice(HEADLINES)
    return new_title, "\n\n".join(parts)

"""Build examples/articles/centcom_press_releases.jsonl: the U.S. Central Command releases of re3d that their
own text dates, each dated by the latest calendar date it states.

    python scripts/build_examples.py --data ../shared/eval/re3d

CENTCOM releases are public domain (centcom.mil); re3d (https://github.com/dstl/re3d) bundles their text,
title and URL, and nothing of re3d's annotations is used. A release carries no publication date, so one is
read from its text: a full date ("Nov. 6, 2016"), or a weekday with a month and day ("Monday, Dec. 26")
whose year is the only one of the releases' years (2015-2017, the years their URLs' article numbers and
texts span) on which that day is that weekday. The release cannot be older than the latest such date, so
that date is its ``published`` (its basis is kept in ``date_basis``). Releases whose text fixes no date are
left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "articles" / "centcom_press_releases.jsonl"
YEARS = range(2015, 2018)
MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], 1) for name in names}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
FULL = re.compile(rf"\b({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?, (20\d\d)\b", re.I)
WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)}),? ({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)


def _date(year: int, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(year, MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def stated_dates(text: str) -> list[tuple[dt.date, str]]:
    """(date, the words that fix it) for every calendar date the text fixes."""
    found = []
    for match in FULL.finditer(text):
        date = _date(int(match.group(3)), match.group(1), match.group(2))
        if date:
            found.append((date, match.group(0)))
    for match in WEEKDAY.finditer(text):
        weekday = WEEKDAYS.index(match.group(1).lower())
        years = [d for d in (_date(y, match.group(2), match.group(3)) for y in YEARS) if d and d.weekday() == weekday]
        if len(years) == 1:
            found.append((years[0], match.group(0)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the re3d folder (holding CENTCOM/documents.json)")
    args = parser.parse_args()
    kept, dropped = [], 0
    for line in (args.data / "CENTCOM" / "documents.json").read_text("utf-8").splitlines():
        row = json.loads(line)
        dates = stated_dates(row["title"] + "\n" + row["text"])
        if not dates:
            dropped += 1
            continue
        date, words = max(dates)
        kept.append({"text": row["text"], "title": row["title"], "url": row["sourceUrl"], "published": date.isoformat(),
                     "date_basis": f"the text says “{words}”", "outlet": "U.S. Central Command"})
    kept.sort(key=lambda r: (r["published"], r["url"]))
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), "utf-8")
    print(f"{len(kept)} releases dated from their text, {dropped} left out (no date in the text); written to {OUT}")


if __name__ == "__main__":
    main()

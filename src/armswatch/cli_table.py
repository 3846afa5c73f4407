"""``extract --format table``: one row per record, saying what it holds in words, with nothing left as None
or "?" and no word cut (long cells wrap)."""

from __future__ import annotations

from rich.table import Table

# Width of the table when standard output is not a terminal, so that a saved or piped table (and the
# README's example) is the same everywhere.
PLAIN_WIDTH = 120


def _count(value) -> str:
    if isinstance(value, list):
        return f"{_number(value[0])}–{_number(value[-1])}"
    return _number(value)


def _number(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _actor(actor: dict | None) -> str | None:
    return (actor or {}).get("name")


def _codes(row: dict) -> str:
    codes = " ".join(dict.fromkeys(c for c in (row.get("country"), row.get("sector")) if c and c != "UNK"))
    return f" [{codes}]" if codes else ""


def _joined(parts) -> str:
    return ", ".join(p for p in parts if p)


def _event(row: dict) -> str:
    who = " and ".join(a["name"] for a in row.get("actors") or [])
    whom = " and ".join(a["name"] for a in row.get("recipients") or [])
    head = " ".join(p for p in (row["type"], who, f"-> {whom}" if whom else "") if p)
    details = _joined([f"on {row['date']}" if row.get("date") else None,
                       f"at {row['place']}" if row.get("place") else None,
                       f"mode: {'; '.join(row['mode'])}" if row.get("mode") else None,
                       *[flag for flag in ("negated", "hypothetical", "future") if row.get(flag)]])
    return f"{head} ({details})" if details else head


def _arms(row: dict) -> str:
    head = row["category"] + (f" x{_count(row['count'])}" if row.get("count") is not None else "")
    qualifier = row.get("count_qualifier")
    return _joined([head + (f" ({qualifier})" if qualifier and qualifier != "exact" else ""),
                    f"held by {_actor(row.get('holder'))}" if _actor(row.get("holder")) else None,
                    f"as of {row['as_of']}" if row.get("as_of") else None,
                    f"per {_actor(row.get('source'))}" if _actor(row.get("source")) else None,
                    row.get("event") if row.get("event") not in (None, "holding") else None])


def summary(row: dict) -> str:
    """What a record holds, in one line of words."""
    kind = row["kind"]
    if kind == "actor":
        return row["name"] + _codes(row)
    if kind == "time":
        return _joined([row.get("value") or "no calendar value", row.get("granularity")])
    if kind == "quantity":
        what = row.get("object") or row.get("unit")
        qualifier = row.get("qualifier")
        return " ".join(p for p in (_count(row["value"]), what, f"({qualifier})" if qualifier != "exact" else "") if p)
    if kind == "place":
        where = row["name"] + (f" [{row['country']}]" if row.get("country") else "")
        return where + (f" {row['lat']:.2f}, {row['lon']:.2f}" if row.get("lat") is not None else "")
    if kind == "event":
        return _event(row)
    if kind == "statement":
        # the text column holds what was said; this one who said it and how
        speaker = _actor(row.get("speaker")) or "unattributed"
        how = f'through "{row["cue"]}"' if row.get("cue") else None
        claim = f"claim: {row['claim']}" + (f", target {_actor(row['target'])}" if _actor(row.get("target")) else "") \
            if row.get("claim") else None
        return f"{speaker} ({_joined([how, 'quoted' if row.get('direct') else 'reported', claim])})"
    if kind == "arms":
        return _arms(row)
    if kind == "document":
        return _joined([row.get("published"), row.get("url")])
    return _joined(f"{k}: {v}" for k, v in row.items() if isinstance(v, (str, int, float)) and k not in
                   ("id", "doc_id", "kind", "confidence"))


def records_table(rows: list[dict]) -> Table:
    table = Table("kind", "text", "value", "conf.", box=None, pad_edge=False, header_style="bold")
    for row in rows:
        evidence = row["text"] if row["kind"] == "statement" else \
            row["evidence"][0]["text"] if row.get("evidence") else row.get("title") or ""
        table.add_row(row["kind"], " ".join(evidence.split()), summary(row), f"{row['confidence']:.2f}")
    return table

"""Exports of the fused kinds: ``story`` (JSON Lines) and ``fused_event`` (JSON Lines, CSV, Parquet)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO

from ..errors import FusedFormat
from . import store as fused
from .summary import TOLLS

KINDS = ("story", "fused_event")
FORMATS = {"story": ("jsonl",), "fused_event": ("jsonl", "csv", "parquet")}
JOIN = "; "
_STORY_FIELDS = ("id", "documents", "urls", "titles", "sources", "first_seen", "last_seen")
_EVENT_FIELDS = ("id", "type", "actors", "recipients", "date", "place", "reports", "documents", "sources",
                 "confidence", "first_seen", "last_seen", "figures")
# flat columns of a fused event: actors and reports become lists joined with "; "; per toll figure its lowest
# and highest value and the values given ("12; 15; at_least 20")
_FLAT = (("id", "str"), ("type", "str"), ("actors", "str"), ("actors_countries", "str"), ("recipients", "str"),
         ("recipients_countries", "str"), ("date", "str"), ("place", "str"), ("documents", "int"),
         ("sources", "int"), ("confidence", "float"), ("first_seen", "str"), ("last_seen", "str"),
         ("report_events", "str"), ("report_doc_ids", "str"), ("report_urls", "str"))
_FLAT += tuple((f"{figure}_{part}", kind) for figure in TOLLS
               for part, kind in (("low", "int"), ("high", "int"), ("values", "str")))


def _rows(connection, kind: str) -> list[dict]:
    if kind == "story":
        return [{k: s[k] for k in _STORY_FIELDS} for s in fused.stories(connection)]
    return [{k: e.get(k) for k in _EVENT_FIELDS} | {"reports": [{"event": r["event"], "doc_id": r["doc_id"],
                                                                  "url": r.get("url")} for r in e["reports"]]}
            for e in fused.fused_events(connection)]


def _figure_columns(event: dict) -> dict:
    given = {f["figure"]: f for f in event.get("figures") or []}
    out = {}
    for figure in TOLLS:
        item = given.get(figure)
        out[f"{figure}_low"] = item["low"] if item else None
        out[f"{figure}_high"] = item["high"] if item else None
        out[f"{figure}_values"] = JOIN.join(
            str(v["value"]) if v["qualifier"] == "exact" else f"{v['qualifier']} {v['value']}"
            for v in item["values"]) if item else None
    return out


def flat(event: dict) -> dict:
    names = lambda actors: JOIN.join(a["name"] for a in actors) or None  # noqa: E731
    countries = lambda actors: JOIN.join(a.get("country") or "" for a in actors) or None  # noqa: E731
    reports = event["reports"]
    return {"id": event["id"], "type": event["type"], "actors": names(event["actors"]),
            "actors_countries": countries(event["actors"]), "recipients": names(event["recipients"]),
            "recipients_countries": countries(event["recipients"]), "date": event["date"],
            "place": event["place"], "documents": event["documents"], "sources": event["sources"],
            "confidence": event["confidence"], "first_seen": event["first_seen"], "last_seen": event["last_seen"],
            "report_events": JOIN.join(r["event"] for r in reports),
            "report_doc_ids": JOIN.join(r["doc_id"] for r in reports),
            "report_urls": JOIN.join(r["url"] or "" for r in reports)} | _figure_columns(event)


def export(store, kind: str, fmt: str, out: str | Path | IO) -> int:
    """Write every story or fused event of ``store`` to ``out``; returns the number written."""
    if fmt not in FORMATS[kind]:
        raise FusedFormat(f"{kind} exports come as {', '.join(FORMATS[kind])}, not {fmt}",
                         hint=f"use --format {FORMATS[kind][0]}")
    with store.reading() as connection:
        rows = _rows(connection, kind)
    if isinstance(out, (str, Path)):
        binary = fmt == "parquet"
        with open(out, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as handle:
            return _write(rows, fmt, handle)
    return _write(rows, fmt, out)


def _write(rows: list[dict], fmt: str, handle) -> int:
    if fmt == "jsonl":
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(handle, fieldnames=[c for c, _ in _FLAT])
        writer.writeheader()
        for row in rows:
            writer.writerow(flat(row))
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
        schema = pa.schema([(c, types[t]) for c, t in _FLAT])
        flats = [flat(row) for row in rows]
        table = pa.table({c: [r[c] for r in flats] for c, _ in _FLAT}, schema=schema)
        pq.write_table(table, handle)
    return len(rows)

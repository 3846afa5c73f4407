"""Exports: JSON Lines of whole records, flat tables (CSV, Parquet) and PLOVER-style JSON for events.

Flat columns are derived from each record type's fields, so that a field added to ``records.py`` shows up in
the exports without a change here: an embedded actor becomes ``holder_name``, ``holder_country``, …; a list
of actors ``actors_names``, ``actors_countries``; a number-or-range ``count_low`` and ``count_high``; lists of
words are joined with "; "; the first evidence span gives ``evidence_start``/``_end``/``_text``.
"""

from __future__ import annotations

import csv
import json
import types
import typing
from functools import lru_cache
from typing import IO, Any, Callable, Iterable, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from .. import records as rec
from .rows import sentence_bounds

FORMATS = ("csv", "jsonl", "parquet", "plover")
JOIN = "; "
# Columns every flat row carries beside the record's own: the reviewer's latest verdict, the sentence the
# evidence is in, and the document (the typed views of the database carry the same).
EXTRA_COLUMNS = (("review", "str"), ("sentence", "str"), ("title", "str"), ("published", "str"),
                 ("document_url", "str"))
# Fields that count things: whole numbers (int64 in Parquet), a range's ends rounded.
COUNT_FIELDS = ("count", "fatalities", "injured", "abducted")


def record_classes() -> dict[str, type[BaseModel]]:
    return {cls.model_fields["kind"].default: cls for cls in rec.BUILTIN_RECORDS}


def _members(annotation) -> list:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _members(arg)]
    if origin is typing.Annotated:
        return _members(get_args(annotation)[0])
    return [] if annotation is type(None) else [annotation]


def _is_actor(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, rec.Actor)


def _shape(name: str, annotation) -> str:
    """How a field flattens: evidence, extractor, actor, actors, range, words, json, bool, int, float or str."""
    members = _members(annotation)
    lists = [get_args(m)[0] if get_args(m) else Any for m in members if get_origin(m) is list]
    if name == "evidence":
        return "evidence"
    if any(m is rec.ExtractorInfo for m in members):
        return "extractor"
    if any(_is_actor(m) for m in members):
        return "actor"
    if any(_is_actor(inner) for inner in lists):
        return "actors"
    numbers = [m for m in members if m in (int, float)]
    if numbers and lists:
        return "range"
    if lists:
        return "words"
    if any(m is dict or get_origin(m) is dict for m in members):
        return "json"
    if members and all(m is bool for m in members):
        return "bool"
    if members and all(m is int for m in members):
        return "int"
    if numbers:
        return "float"
    return "str"


_ACTOR_PARTS = ("name", "country", "sector", "type")


@lru_cache(maxsize=None)
def flat_columns(kind: str) -> tuple[tuple[str, str, str, str], ...]:
    """(column, arrow type, field, shape) for each flat column of a kind, in field order."""
    cls = record_classes().get(kind, rec.GenericRecord)  # a plugin's kind: the common fields, then "fields"
    out: list[tuple[str, str, str, str]] = []
    for name, info in cls.model_fields.items():
        field = info.alias or name
        shape = _shape(name, info.annotation)
        if shape == "evidence":
            out += [("evidence_start", "int", field, shape), ("evidence_end", "int", field, shape),
                    ("evidence_text", "str", field, shape)]
        elif shape == "actor":
            out += [(f"{field}_{part}", "str", field, shape) for part in _ACTOR_PARTS]
        elif shape == "actors":
            out += [(f"{field}_names", "str", field, shape), (f"{field}_countries", "str", field, shape),
                    (f"{field}_sectors", "str", field, shape)]
        elif shape == "range":
            number = "int" if field in COUNT_FIELDS else "float"
            out += [(f"{field}_low", number, field, shape), (f"{field}_high", number, field, shape)]
        else:
            number = "int" if shape == "float" and field in COUNT_FIELDS else None
            out.append((field, number or {"bool": "bool", "int": "int", "float": "float"}.get(shape, "str"), field, shape))
    if cls is rec.GenericRecord:
        out.append(("fields", "str", "fields", "fields"))
    out += [(column, arrow, column, "extra") for column, arrow in EXTRA_COLUMNS]
    return tuple(out)


def _flat_value(column: str, field: str, shape: str, value: Any) -> Any:
    if value is None:
        return None
    if shape == "evidence":
        if not value:
            return None
        part = column.rsplit("_", 1)[1]
        return value[0][part]
    if shape == "extractor":
        return f"{value['name']}@{value['version']}"
    if shape == "actor":
        return value.get(column[len(field) + 1:])
    if shape == "actors":
        part = {"names": "name", "countries": "country", "sectors": "sector"}[column[len(field) + 1:]]
        return JOIN.join(str(a.get(part) or "") for a in value) if value else None
    if shape == "range":
        low, high = (value[0], value[-1]) if isinstance(value, list) else (value, value)
        number = round if field in COUNT_FIELDS else float
        return number(low) if column.endswith("_low") else number(high)
    if shape == "words":
        return JOIN.join(str(v) for v in value) if value else None
    if shape in ("json", "fields"):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
    if shape == "float":
        return round(value) if field in COUNT_FIELDS else float(value)
    return value


def flatten(kind: str, data: dict, extra: dict) -> dict[str, Any]:
    row = {}
    for column, _arrow, field, shape in flat_columns(kind):
        if shape == "fields":  # a plugin record's own fields, as one JSON object
            value = {k: v for k, v in data.items() if k not in rec.RecordBase.model_fields and k != "kind"}
        else:
            value = extra.get(column) if shape == "extra" else data.get(field)
        row[column] = _flat_value(column, field, shape, value)
    return row


# ---- writers: each takes (data, extra) pairs and returns the number of rows written ----------------------

Rows = Iterable[tuple[dict, dict]]


def write_jsonl(rows: Rows, out: IO[str], kind: str | None) -> int:
    n = 0
    for data, _extra in rows:
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Rows, out: IO[str], kind: str) -> int:
    columns = [c[0] for c in flat_columns(kind)]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for data, extra in rows:
        row = flatten(kind, data, extra)
        # counts are whole numbers far more often than not: 258300, not 258300.0
        writer.writerow({k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in row.items()})
        n += 1
    return n


def write_parquet(rows: Rows, out, kind: str, batch_rows: int = 5000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types_ = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([(column, types_[arrow]) for column, arrow, _f, _s in flat_columns(kind)])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict] = []
        for data, extra in rows:
            batch.append(flatten(kind, data, extra))
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        # an empty export still writes a file with the schema
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        n += len(batch)
    return n


def _plover_actor(actor: dict) -> dict:
    return {k: v for k, v in {"actorText": actor.get("text"), "name": actor.get("name"),
                              "code": actor.get("country"), "sector": actor.get("sector")}.items() if v}


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` that hold [start, end) (rows.sentence_bounds)."""
    begin, stop = sentence_bounds(text, start, end)
    return text[begin:stop]


def plover_event(data: dict, extra: dict) -> dict:
    """An event in the shape of the PLOVER gold-standard records: only non-null fields are written."""
    evidence = data.get("evidence") or []
    event = {
        "id": data["id"],
        "date": data.get("date") or extra.get("published"),
        "source": [_plover_actor(a) for a in data.get("actors") or []],
        "target": [_plover_actor(a) for a in data.get("recipients") or []],
        "event": data.get("type"),
        "eventText": data.get("trigger"),
        "mode": JOIN.join(data.get("mode") or []),
        "context": JOIN.join(data.get("context") or []),
        "eventLoc": {k: v for k, v in (("name", data.get("place")), ("country", data.get("place_country")),
                                       ("precision", data.get("place_precision"))) if v} or None,
        # the numbers of violence, as ACLED's fatalities column and PLOVER's event fields count them
        **{k: ({"value": data[k], "qualifier": data.get(f"{k}_qualifier")} if data.get(k) is not None else None)
           for k in ("fatalities", "injured", "abducted")},
        "negated": data.get("negated") or None,
        "hypothetical": data.get("hypothetical") or None,
        "future": data.get("future") or None,
        "text": extra.get("sentence") or (evidence[0]["text"] if evidence else None),
        "language": "en",
        "publication": extra.get("document_url"),
        "docId": data.get("doc_id"),
        "coder": f"armswatch {data['extractor']['name']}@{data['extractor']['version']}",
        "confidence": data.get("confidence"),
        "review": extra.get("review"),
    }
    return {k: v for k, v in event.items() if v not in (None, "", [])}


def write_plover(rows: Rows, out: IO[str], kind: str) -> int:
    """A JSON array, like PLOVER's own gold-standard file, written one event at a time."""
    n = 0
    out.write("[")
    for data, extra in rows:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(plover_event(data, extra), ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


WRITERS: dict[str, Callable[..., int]] = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet,
                                          "plover": write_plover}
BINARY = {"parquet"}

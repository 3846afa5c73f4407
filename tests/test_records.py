"""The record contract: the committed JSON Schema matches the code, and records validate against it."""

import json
from pathlib import Path

import jsonschema
import pytest

from armswatch.records import (ActorRecord, ArmsRecord, ExtractorInfo, Span, TimeRecord, from_dict, record_id,
                               record_json_schema, to_dict)

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "record.schema.json"
INFO = ExtractorInfo(name="test", version="0")


def test_committed_schema_matches_code():
    committed = json.loads(SCHEMA_FILE.read_text("utf-8"))
    assert committed == json.loads(json.dumps(record_json_schema())), "run `armswatch schema > docs/record.schema.json`"


def test_record_ids_are_stable_and_distinct():
    assert record_id("d1", "time", 3, 9) == record_id("d1", "time", 3, 9)
    assert record_id("d1", "time", 3, 9) != record_id("d1", "time", 3, 10)
    assert record_id("d1", "time", 3, 9) != record_id("d2", "time", 3, 9)


def test_arms_record_uses_public_field_name_class():
    record = ArmsRecord(id="x", doc_id="d", evidence=[Span(start=0, end=6, text="rifles")], confidence=0.9,
                        extractor=INFO, category="rifle", raw="rifles", **{"class": "small_arm"})
    data = to_dict(record)
    assert data["class"] == "small_arm" and "class_" not in data
    assert from_dict(data) == record


def test_records_validate_against_schema():
    validator = jsonschema.Draft202012Validator(record_json_schema())
    records = [
        TimeRecord(id="t", doc_id="d", evidence=[Span(start=0, end=8, text="on Monday")], confidence=0.9,
                   extractor=INFO, text="on Monday", value="2025-02-17", granularity="day"),
        ActorRecord(id="a", doc_id="d", evidence=[Span(start=0, end=8, text="Pakistan")], confidence=0.9,
                    extractor=INFO, name="Pakistan", text="Pakistan", type="country", country="PAK", sector="GOV"),
    ]
    for record in records:
        validator.validate(to_dict(record))


def test_schema_rejects_unknown_fields_and_bad_confidence():
    validator = jsonschema.Draft202012Validator(record_json_schema())
    good = to_dict(TimeRecord(id="t", doc_id="d", evidence=[], confidence=0.5, extractor=INFO, text="x"))
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**good, "confidence": 1.5})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**good, "surprise": 1})


def _arms(**fields) -> ArmsRecord:
    base = dict(id="x", doc_id="d", evidence=[Span(start=0, end=9, text="howitzers")], confidence=0.9,
                extractor=ExtractorInfo(name="arms", version="1"), category="artillery", raw="M777 howitzers")
    return ArmsRecord(**{**base, **fields})


def test_arms_summary_reads_supplier_to_recipient():
    from armswatch.records import Actor

    record = _arms(count=85, models=["M777"], supplier=Actor(name="United States", text="US"),
                   recipient=Actor(name="Ukraine", text="Ukraine"), status="delivered", event="transfer",
                   source=Actor(name="Pentagon", text="the Pentagon"))
    assert record.summary() == "United States → Ukraine: 85 howitzers (M777), delivered, per Pentagon"
    seized = _arms(raw="rifles", count=3, seized_by=Actor(name="Army", text="troops"), event="seizure")
    assert seized.summary() == "Army seized from ?: 3 rifles, seizure"


def test_arms_from_dict_reads_the_old_shape():
    old = {"kind": "arms", "id": "x", "doc_id": "d", "evidence": [], "confidence": 0.5,
           "extractor": {"name": "arms", "version": "0.1"}, "category": "rifle", "class": "small_arm", "raw": "rifles",
           "count": 3, "holder": {"name": "Afghanistan", "text": "Afghanistan"}, "event": "holding"}
    record = from_dict(old)
    assert record.holder.name == "Afghanistan" and record.supplier is None and record.negated is False
    assert to_dict(record)["seized_from"] is None

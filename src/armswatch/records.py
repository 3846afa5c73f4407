"""The record types: armswatch's public contract.

Every record has ``kind``, ``id`` (stable across runs), ``doc_id``, ``evidence`` (character spans of the
document text), ``confidence`` and ``extractor``. ``record_json_schema()`` generates the JSON Schema that
``docs/record.schema.json`` holds; a test keeps the two in step.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

Qualifier = Literal["exact", "approximate", "at_least", "at_most", "range"]
Number = Union[float, int]


class Span(BaseModel):
    """A character span of the document text: ``text == document.text[start:end]``."""

    model_config = ConfigDict(frozen=True)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class ExtractorInfo(BaseModel):
    name: str
    version: str


class Actor(BaseModel):
    """An actor as embedded in events, statements and arms records."""

    name: str = Field(description="canonical name")
    text: str = Field(description="as written in the document")
    type: Literal["person", "organisation", "country", "group", "unknown"] = "unknown"
    country: str | None = Field(None, description="ISO 3166 alpha-3, or IGO, UNO, NGO…")
    sector: str = Field("UNK", description="PLOVER sector code: GOV, MIL, REB, …, or UNK")
    ids: dict[str, str] = Field(default_factory=dict, description="e.g. wikidata, ucdp")


class RecordBase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    doc_id: str
    evidence: list[Span]
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: ExtractorInfo


class DocumentRecord(RecordBase):
    kind: Literal["document"] = "document"
    title: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="ISO 8601 date of publication")
    language: str | None = None
    sources: list[str] = Field(default_factory=list)


class ActorRecord(RecordBase, Actor):
    kind: Literal["actor"] = "actor"
    references: list[Span] = Field(default_factory=list, description="pronouns that refer to this mention's "
                                   "actor (coreference); a pronoun is no actor record of its own")


class PlaceRecord(RecordBase):
    kind: Literal["place"] = "place"
    text: str
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None


class TimeRecord(RecordBase):
    kind: Literal["time"] = "time"
    text: str
    value: str | None = Field(None, description="ISO 8601 at its own precision, e.g. 2025-02, 2025-W07, 2013/2018")
    granularity: Literal["instant", "day", "week", "month", "quarter", "season", "year", "decade", "century", "range", "duration", "unknown"] = "unknown"


class QuantityRecord(RecordBase):
    kind: Literal["quantity"] = "quantity"
    text: str
    value: Number | list[Number]
    unit: str | None = None
    object: str | None = Field(None, description="the thing counted")
    qualifier: Qualifier = "exact"


class EventRecord(RecordBase):
    kind: Literal["event"] = "event"
    type: str = Field(description="PLOVER event type")
    mode: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    recipients: list[Actor] = Field(default_factory=list)
    trigger: str | None = None
    date: str | None = None
    place: str | None = Field(None, description="where it happened: the clause's place, else the dateline's")
    place_country: str | None = Field(None, description="ISO3 of the place, else of the document's focus")
    place_precision: Literal["locality", "region", "country"] | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    fatalities: int | None = Field(None, ge=0, description="people killed, as the text counts them (ASSAULT, COERCE)")
    fatalities_qualifier: Qualifier | None = None
    injured: int | None = Field(None, ge=0)
    injured_qualifier: Qualifier | None = None
    abducted: int | None = Field(None, ge=0)
    abducted_qualifier: Qualifier | None = None


class StatementRecord(RecordBase):
    kind: Literal["statement"] = "statement"
    speaker: Actor | None = None
    text: str
    direct: bool
    cue: str | None = None
    date: str | None = None
    claim: str | None = Field(None, description="accuse, deny, acknowledge, appreciate, … where the statement is a claim")
    target: Actor | None = None
    contradicts: list[str] = Field(default_factory=list, description="ids of statements this one contradicts")


class ArmsRecord(RecordBase):
    kind: Literal["arms"] = "arms"
    category: str
    class_: str = Field("unknown", alias="class")
    raw: str
    count: Number | list[Number] | None = None
    count_qualifier: Qualifier | None = None
    models: list[str] = Field(default_factory=list)
    origin: str | None = Field(None, description="country of manufacture, where the text states it")
    manufacturer: str | None = None
    holder: Actor | None = Field(None, description="the possessor: whose weapons they were, or were going to be; "
                                                   "never the seizing party")
    supplier: Actor | None = None
    recipient: Actor | None = None
    seized_by: Actor | None = None
    seized_from: Actor | None = Field(None, description="the party they were taken from, or bound for when "
                                                        "seized in transit")
    status: Literal["pledged", "ordered", "delivered"] | None = Field(None, description="of a transfer")
    place: str | None = None
    as_of: str | None = None
    source: Actor | None = Field(None, description="who the text attributes the figure to")
    reported_by: Actor | None = Field(None, description="the document's own reporting organisation (dateline)")
    event: Literal["holding", "transfer", "seizure", "recovery", "trafficking", "use", "loss", "access"] | None = None
    negated: bool = False
    hypothetical: bool = False

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def summary(self) -> str:
        """ "United States → Ukraine: 85 howitzers (M777), delivered, per Pentagon"."""
        who = ""
        if self.supplier or self.recipient:
            who = f"{_name(self.supplier)} → {_name(self.recipient)}: "
        elif self.seized_by or self.seized_from:
            who = f"{_name(self.seized_by)} seized from {_name(self.seized_from)}: "
        elif self.holder:
            who = f"{self.holder.name}: "
        count = self.count if not isinstance(self.count, list) else "–".join(str(c) for c in self.count)
        noun = self.raw
        for model in self.models:  # the models go in brackets after the noun
            noun = noun.replace(model, " ")
        noun = " ".join(noun.split()) or self.category.replace("_", " ")
        what = f"{count} {noun}" if count is not None and str(count) not in noun else noun
        if self.models:
            what += f" ({', '.join(self.models)})"
        parts = [who + what]
        if self.negated:
            parts.append("denied")
        if self.status or self.event:
            parts.append(self.status or self.event)
        if self.source:
            parts.append(f"per {self.source.name}")
        return ", ".join(parts)


def _name(actor: Actor | None) -> str:
    return actor.name if actor is not None else "?"


BUILTIN_RECORDS = (DocumentRecord, ActorRecord, PlaceRecord, TimeRecord, QuantityRecord, EventRecord, StatementRecord,
                   ArmsRecord)
Record = Annotated[Union[BUILTIN_RECORDS], Field(discriminator="kind")]
# the one list of armswatch's own kinds; a plugin's kinds are GenericRecords
RECORD_KINDS = tuple(cls.model_fields["kind"].default for cls in BUILTIN_RECORDS)


class GenericRecord(RecordBase):
    """A record of a kind armswatch does not define (a plugin's own): the common fields, and its other
    fields as they are. Stored, read back, exported and listed like any other."""

    model_config = ConfigDict(extra="allow")
    kind: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,31}$", description="the plugin's kind, not one of armswatch's")

    @field_validator("kind")
    @classmethod
    def _not_builtin(cls, kind: str) -> str:
        if kind in RECORD_KINDS:
            raise ValueError(f"'{kind}' is one of armswatch's own kinds: use its record class")
        return kind


_adapter: TypeAdapter = TypeAdapter(Record)


def record_id(doc_id: str, kind: str, *parts: Any) -> str:
    """A stable id: the same document, kind and distinguishing parts give the same id on every run."""
    key = json.dumps([doc_id, kind, *parts], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def to_dict(record: BaseModel) -> dict[str, Any]:
    """The record as JSON-ready data, in its public field names (``class`` not ``class_``)."""
    return record.model_dump(mode="json", by_alias=True)


def from_dict(data: dict[str, Any]) -> BaseModel:
    """The record for its JSON form: armswatch's own class for its kinds, a GenericRecord for any other."""
    if isinstance(data, dict) and data.get("kind") not in RECORD_KINDS:
        return GenericRecord.model_validate(data)
    return _adapter.validate_python(data)


def record_json_schema() -> dict[str, Any]:
    schema = _adapter.json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "armswatch record"
    return schema

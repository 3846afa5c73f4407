"""What alerts are about ("subjects"), built from the store: fused events, arms figures, statements and
denials of accusations. Each has a stable id made from what it says, not from which copy said it, so that
copies of one report (and one event reported many times) make one subject; ``sources`` counts independent
sources, copies counted once, and ``fingerprint`` holds the figures whose change sends an update.

Fused events come from ``armswatch.fuse.store`` where fusion is installed; without it each event record is
its own subject.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from ..store.schema import document_sources, documents, records


@dataclass
class Subject:
    id: str
    kind: str  # event, arms, statement, denial
    summary: str
    type: str | None = None
    actors: list[dict] = field(default_factory=list)  # one side: actors, holder, speaker
    recipients: list[dict] = field(default_factory=list)  # the other: recipients, source, target, the accused
    category: str | None = None
    count: float | None = None  # the largest figure reported
    place: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None
    text: str = ""  # the evidence, for keywords
    sources: int = 1
    documents: list[str] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)  # {doc_id, url, record}
    fingerprint: str = ""

    def as_dict(self) -> dict:
        return dict(vars(self))


def _key(*parts) -> str:
    return hashlib.sha1(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def _actor(data) -> list[dict]:
    if not data:
        return []
    return [{"name": data.get("name"), "country": data.get("country")}]


def _evidence(data: dict) -> str:
    return " ".join(span.get("text", "") for span in data.get("evidence") or [])


def _count(value) -> float | None:
    if isinstance(value, list):
        return float(max(value)) if value else None
    return float(value) if isinstance(value, (int, float)) else None


class _Context:
    """Reads shared by the subject builders: documents' URLs, copy groups, place coordinates."""

    def __init__(self, store):
        self.store = store
        with store.reading() as connection:
            self.urls = dict(connection.execute(select(documents.c.doc_id, documents.c.url)).all())
            for doc_id, source in connection.execute(select(document_sources.c.doc_id, document_sources.c.source)
                                                     .order_by(document_sources.c.id)):
                if not self.urls.get(doc_id) and source.startswith(("http://", "https://")):
                    self.urls[doc_id] = source
            self.places: dict[str, dict] = {}
            for (data,) in connection.execute(select(records.c.data).where(records.c.kind == "place")):
                if data.get("lat") is not None:
                    self.places.setdefault(data.get("name"), data)
            self.groups = _copy_groups(connection)

    def independent(self, doc_ids) -> int:
        """Independent sources among these documents: copies of one article count once."""
        return len({self.groups.get(doc_id, doc_id) for doc_id in doc_ids}) or 1

    def locate(self, subject: Subject) -> None:
        place = self.places.get(subject.place) if subject.place else None
        if place:
            subject.place_country, subject.lat, subject.lon = place.get("country"), place.get("lat"), place.get("lon")

    def link(self, data: dict) -> dict:
        return {"doc_id": data["doc_id"], "url": self.urls.get(data["doc_id"]), "record": data["id"]}


def _copy_groups(connection) -> dict[str, str]:
    """doc_id -> its copy group, where fusion has grouped copies (armswatch.fuse), else nothing. Read from
    fusion's table in one query (``fuse.store.copies_of`` asks one document at a time)."""
    try:
        from ..fuse import tables as fused
    except ImportError:
        return {}
    return dict(connection.execute(select(fused.documents.c.doc_id, fused.documents.c.copy_group)).all())


def build_subjects(store, kinds=("event", "arms", "statement", "denial")) -> list[Subject]:
    context = _Context(store)
    subjects: list[Subject] = []
    if "event" in kinds:
        subjects += _events(store, context)
    if "arms" in kinds:
        subjects += _arms(store, context)
    if "statement" in kinds or "denial" in kinds:
        statements = list(store.iter_records(kind="statement", include_wrong=False, as_dicts=True))
        if "statement" in kinds:
            subjects += _statements(statements, context)
        if "denial" in kinds:
            subjects += _denials(statements, context)
    for subject in subjects:
        context.locate(subject)
    return subjects


def _event_summary(type_, actors, recipients) -> str:
    who = ", ".join(a["name"] for a in actors if a.get("name")) or "?"
    whom = ", ".join(a["name"] for a in recipients if a.get("name"))
    return f"{type_} {who}" + (f" -> {whom}" if whom else "")


def _events(store, context: _Context) -> list[Subject]:
    by_id = {d["id"]: d for d in store.iter_records(kind="event", include_wrong=False, as_dicts=True)
             if not (d.get("negated") or d.get("hypothetical"))}
    try:
        from ..fuse import store as fused
    except ImportError:
        fused = None
    if fused is None:
        return [_one_event(data, context) for data in by_id.values()]
    subjects, covered = [], set()
    with store.reading() as connection:
        events = fused.fused_events(connection)
    for event in events:
        covered.update(r.get("event") for r in event.get("reports") or [])
        reports = [by_id[r["event"]] for r in event.get("reports") or [] if r.get("event") in by_id]
        if not reports:
            continue  # every report negated, hypothetical or marked wrong
        actors = [{"name": a.get("name"), "country": a.get("country")} for a in event.get("actors") or []]
        recipients = [{"name": a.get("name"), "country": a.get("country")} for a in event.get("recipients") or []]
        subjects.append(Subject(
            id=f"event:{event['id']}", kind="event", type=event.get("type"),
            summary=_event_summary(event.get("type"), actors, recipients), actors=actors, recipients=recipients,
            place=event.get("place"), date=event.get("date"), text=" ".join(_evidence(d) for d in reports),
            sources=int(event.get("sources") or 1), documents=sorted({d["doc_id"] for d in reports}),
            links=[context.link(d) for d in reports],
            fingerprint=json.dumps(event.get("figures") or [], sort_keys=True, default=str)))
    # events that fusion has not seen (stored while it was off) are subjects of their own
    return subjects + [_one_event(data, context) for event_id, data in by_id.items() if event_id not in covered]


def _one_event(data: dict, context: _Context) -> Subject:
    actors = [{"name": a.get("name"), "country": a.get("country")} for a in data.get("actors") or []]
    recipients = [{"name": a.get("name"), "country": a.get("country")} for a in data.get("recipients") or []]
    return Subject(id=f"event-record:{data['id']}", kind="event", type=data.get("type"),
                   summary=_event_summary(data.get("type"), actors, recipients), actors=actors,
                   recipients=recipients, place=data.get("place"), date=data.get("date"), text=_evidence(data),
                   sources=1, documents=[data["doc_id"]], links=[context.link(data)])


def _arms(store, context: _Context) -> list[Subject]:
    """One subject per (holder, category, as-of): every report of that figure, and an update when a
    different count for it is reported."""
    groups: dict[str, list[dict]] = {}
    for data in store.iter_records(kind="arms", include_wrong=False, as_dicts=True):
        holder = (data.get("holder") or {}).get("name")
        groups.setdefault(_key("arms", holder, data.get("category"), data.get("as_of")), []).append(data)
    subjects = []
    for key, group in groups.items():
        first = group[0]
        counts = sorted({c for c in (_count(d.get("count")) for d in group) if c is not None})
        holder = (first.get("holder") or {}).get("name") or "?"
        shown = "/".join(f"{c:,.0f}" for c in counts) or "?"
        subjects.append(Subject(
            id=f"arms:{key}", kind="arms", type=first.get("event"), category=first.get("category"),
            summary=f"{first.get('category')} x{shown} held by {holder}" + (f" as of {first['as_of']}" if first.get("as_of") else ""),
            actors=_actor(first.get("holder")), recipients=[a for d in group for a in _actor(d.get("source"))][:1],
            count=max(counts) if counts else None, place=next((d.get("place") for d in group if d.get("place")), None),
            date=first.get("as_of"), text=" ".join(_evidence(d) for d in group),
            sources=context.independent({d["doc_id"] for d in group}), documents=sorted({d["doc_id"] for d in group}),
            links=[context.link(d) for d in group], fingerprint=json.dumps(counts)))
    return subjects


def _statements(statements: list[dict], context: _Context) -> list[Subject]:
    groups: dict[str, list[dict]] = {}
    for data in statements:
        speaker = (data.get("speaker") or {}).get("name")
        groups.setdefault(_key("statement", speaker, _norm(data.get("text"))), []).append(data)
    subjects = []
    for key, group in groups.items():
        first = group[0]
        speaker = (first.get("speaker") or {}).get("name") or "?"
        subjects.append(Subject(
            id=f"statement:{key}", kind="statement", type=first.get("claim"),
            summary=f"{speaker}: {first.get('text', '')[:160]}", actors=_actor(first.get("speaker")),
            recipients=_actor(first.get("target")), date=first.get("date"), text=first.get("text") or "",
            sources=context.independent({d["doc_id"] for d in group}), documents=sorted({d["doc_id"] for d in group}),
            links=[context.link(d) for d in group]))
    return subjects


def _denials(statements: list[dict], context: _Context) -> list[Subject]:
    """A denial paired with the accusation it answers (in its own document, or across documents through
    fuse.claims.link_claims); the accused are the accusation's targets."""
    from ..fuse.claims import link_claims
    from ..records import from_dict

    by_id = {d["id"]: d for d in statements}
    links = link_claims([from_dict(d) for d in statements if d.get("claim") in ("accuse", "deny")])
    groups: dict[str, dict] = {}
    for denial in statements:
        if denial.get("claim") != "deny":
            continue
        answered = [by_id[i] for i in set(denial.get("contradicts") or []) | set(links.get(denial["id"], []))
                    if i in by_id and by_id[i].get("claim") == "accuse"]
        if not answered:
            continue
        accused = {a["name"]: a for acc in answered for a in _actor(acc.get("target")) if a.get("name")}
        speaker = (denial.get("speaker") or {}).get("name")
        key = _key("denial", sorted(accused), speaker, _norm(denial.get("text")))
        group = groups.setdefault(key, {"denials": [], "accusations": {}, "accused": accused})
        group["denials"].append(denial)
        group["accusations"].update({a["id"]: a for a in answered})
    subjects = []
    for key, group in groups.items():
        first = group["denials"][0]
        speaker = (first.get("speaker") or {}).get("name") or "?"
        members = group["denials"] + list(group["accusations"].values())
        accused = list(group["accused"].values())
        subjects.append(Subject(
            id=f"denial:{key}", kind="denial", type="deny",
            summary=f"{speaker} denies an accusation against {', '.join(a['name'] for a in accused) or '?'}: "
                    f"{first.get('text', '')[:120]}",
            actors=_actor(first.get("speaker")), recipients=accused, date=first.get("date"),
            text=" ".join(d.get("text") or "" for d in members),
            sources=context.independent({d["doc_id"] for d in group["denials"]}),
            documents=sorted({d["doc_id"] for d in members}), links=[context.link(d) for d in members]))
    return subjects

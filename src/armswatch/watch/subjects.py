"""What alerts are about ("subjects"), built from the store: fused events, arms figures, statements and
denials of accusations. Each has a stable id made from what it says, not from which copy said it, so that
copies of one report (and one event reported many times) make one subject; ``sources`` counts independent
sources, copies counted once, and ``fingerprint`` holds the figures whose change sends an update.

Fused events, copy groups and claim links come from ``armswatch.fuse``; an event record that fusion has not
seen (stored while ``fuse.on_ingest`` was off) is a subject of its own.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from ..fuse import store as fused
from ..fuse import tables as fused_tables
from ..store.reading import chunks, full_records
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
    source_documents: list[str] | None = None  # the documents whose sources count (default: documents)
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
    """Reads shared by the subject builders, each made once and only for what the subjects need: documents'
    URLs, copy groups and place coordinates."""

    def __init__(self, store):
        self.store = store
        self.urls: dict[str, str | None] = {}
        self.groups: dict[str, str] = {}
        self.places: dict[str, tuple] = {}

    def records(self, *conditions) -> list[dict]:
        """Records in their JSON form (the store keeps them lean), never those reviewers marked wrong."""
        with self.store.reading() as connection:
            return full_records(connection, or_(records.c.review.is_(None), records.c.review != "wrong"), *conditions)

    def prepare(self, subjects: list[Subject]) -> None:
        """URLs and copy groups of every document the subjects name, places of every place they name."""
        doc_ids = sorted({d for s in subjects for d in s.documents} - set(self.urls))
        names = sorted({s.place for s in subjects if s.place} - set(self.places))
        with self.store.reading() as connection:
            for chunk in chunks(doc_ids):
                self.urls.update(connection.execute(select(documents.c.doc_id, documents.c.url)
                                                    .where(documents.c.doc_id.in_(chunk))).all())
                for doc_id, source in connection.execute(
                        select(document_sources.c.doc_id, document_sources.c.source)
                        .where(document_sources.c.doc_id.in_(chunk)).order_by(document_sources.c.id)):
                    if not self.urls.get(doc_id) and source.startswith(("http://", "https://")):
                        self.urls[doc_id] = source
                self.groups.update(_copy_groups(connection, chunk))
            for chunk in chunks(names):
                for name, country, lat, lon in connection.execute(
                        select(records.c.label, records.c.country, records.c.lat, records.c.lon)
                        .where(records.c.kind == "place", records.c.label.in_(chunk), records.c.lat.is_not(None))):
                    self.places.setdefault(name, (country, lat, lon))
        for subject in subjects:
            if subject.kind != "event":  # a fused event counts its own sources
                subject.sources = self.independent(subject.source_documents or subject.documents)
            for link in subject.links:
                link["url"] = self.urls.get(link["doc_id"])
            if subject.place in self.places:
                subject.place_country, subject.lat, subject.lon = self.places[subject.place]

    def independent(self, doc_ids) -> int:
        """Independent sources among these documents: copies of one article count once."""
        return len({self.groups.get(doc_id, doc_id) for doc_id in doc_ids}) or 1


def _link(data: dict) -> dict:
    return {"doc_id": data["doc_id"], "url": None, "record": data["id"]}


def _copy_groups(connection, doc_ids) -> dict[str, str]:
    """doc_id -> its copy group where fusion has grouped copies, read from fusion's table in one query
    (``fuse.store.copies_of`` asks one document at a time)."""
    return dict(connection.execute(select(fused_tables.documents.c.doc_id, fused_tables.documents.c.copy_group)
                                   .where(fused_tables.documents.c.doc_id.in_(doc_ids))).all())


def build_subjects(store, kinds=("event", "arms", "statement", "denial"), doc_ids=None) -> list[Subject]:
    """Every subject of these kinds; with ``doc_ids``, only those these documents are part of (each with all
    its reports, old and new): what a round that stored them may have changed."""
    context = _Context(store)
    doc_ids = None if doc_ids is None else sorted(set(doc_ids))
    subjects: list[Subject] = []
    if "event" in kinds:
        subjects += _events(context, doc_ids)
    if "arms" in kinds:
        subjects += _arms(context, doc_ids)
    if "statement" in kinds:
        subjects += _statements(context, doc_ids)
    if "denial" in kinds:
        subjects += _denials(context, doc_ids)
    context.prepare(subjects)
    return subjects


def _event_summary(type_, actors, recipients) -> str:
    who = ", ".join(a["name"] for a in actors if a.get("name")) or "?"
    whom = ", ".join(a["name"] for a in recipients if a.get("name"))
    return f"{type_} {who}" + (f" -> {whom}" if whom else "")


def _events(context: _Context, doc_ids) -> list[Subject]:
    """Fused events (each with every report), and event records fusion has not seen as their own."""
    if doc_ids is None:
        new = context.records(records.c.kind == "event")
    else:
        new = [d for chunk in chunks(doc_ids)
               for d in context.records(records.c.kind == "event", records.c.doc_id.in_(chunk))]
    new = [d for d in new if not (d.get("negated") or d.get("hypothetical"))]
    with context.store.reading() as connection:
        if doc_ids is None:
            events = fused.fused_events(connection)
        else:
            ids = set()
            for chunk in chunks(doc_ids):
                ids.update(connection.scalars(select(fused_tables.events.c.fused_id)
                                              .where(fused_tables.events.c.doc_id.in_(chunk))))
            events = [e for e in (fused.fused_event(connection, i) for i in sorted(i for i in ids if i)) if e]
    wanted = sorted({r["event"] for e in events for r in e.get("reports") or []} - {d["id"] for d in new})
    by_id = {d["id"]: d for d in new}
    for chunk in chunks(wanted):
        by_id.update((d["id"], d) for d in context.records(records.c.id.in_(chunk))
                     if not (d.get("negated") or d.get("hypothetical")))
    subjects, covered = [], set()
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
            links=[_link(d) for d in reports],
            fingerprint=json.dumps(event.get("figures") or [], sort_keys=True, default=str)))
    # events that fusion has not seen (stored while it was off) are subjects of their own
    return subjects + [_one_event(data) for data in new if data["id"] not in covered]


def _one_event(data: dict) -> Subject:
    actors = [{"name": a.get("name"), "country": a.get("country")} for a in data.get("actors") or []]
    recipients = [{"name": a.get("name"), "country": a.get("country")} for a in data.get("recipients") or []]
    return Subject(id=f"event-record:{data['id']}", kind="event", type=data.get("type"),
                   summary=_event_summary(data.get("type"), actors, recipients), actors=actors,
                   recipients=recipients, place=data.get("place"), date=data.get("date"), text=_evidence(data),
                   sources=1, documents=[data["doc_id"]], links=[_link(data)])


def _grouped(context: _Context, kind: str, doc_ids, key) -> dict[str, list[dict]]:
    """Records of one kind grouped by ``key(record)``; with ``doc_ids``, only the groups these documents
    are in, each with all its records (found through the label column the key begins with)."""
    if doc_ids is None:
        found = context.records(records.c.kind == kind)
    else:
        fresh = [d for chunk in chunks(doc_ids) for d in context.records(records.c.kind == kind,
                                                                          records.c.doc_id.in_(chunk))]
        keys = {key(d) for d in fresh}
        labels = sorted({_label(d) for d in fresh} - {None})
        found = [d for chunk in chunks(labels) for d in context.records(records.c.kind == kind, records.c.label.in_(chunk))]
        found = [d for d in found if key(d) in keys] + [d for d in fresh if _label(d) is None]
    groups: dict[str, list[dict]] = {}
    for data in found:
        groups.setdefault(key(data), []).append(data)
    return groups


def _label(data: dict) -> str | None:
    """The records.label column of a record (rows.denormalised), as the grouped reads look it up."""
    from ..store.rows import denormalised

    return denormalised(data)[0]


def _arms_key(data: dict) -> str:
    return _key("arms", (data.get("holder") or {}).get("name"), data.get("category"), data.get("as_of"))


def _arms(context: _Context, doc_ids) -> list[Subject]:
    """One subject per (holder, category, as-of): every report of that figure, and an update when a
    different count for it is reported."""
    subjects = []
    for key, group in _grouped(context, "arms", doc_ids, _arms_key).items():
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
            documents=sorted({d["doc_id"] for d in group}), links=[_link(d) for d in group],
            fingerprint=json.dumps(counts)))
    return subjects


def _statement_key(data: dict) -> str:
    return _key("statement", (data.get("speaker") or {}).get("name"), _norm(data.get("text")))


def _statements(context: _Context, doc_ids) -> list[Subject]:
    subjects = []
    for key, group in _grouped(context, "statement", doc_ids, _statement_key).items():
        first = group[0]
        speaker = (first.get("speaker") or {}).get("name") or "?"
        subjects.append(Subject(
            id=f"statement:{key}", kind="statement", type=first.get("claim"),
            summary=f"{speaker}: {first.get('text', '')[:160]}", actors=_actor(first.get("speaker")),
            recipients=_actor(first.get("target")), date=first.get("date"), text=first.get("text") or "",
            documents=sorted({d["doc_id"] for d in group}), links=[_link(d) for d in group]))
    return subjects


def _claim_pool(context: _Context, doc_ids) -> tuple[list[dict], dict[str, set[str]]]:
    """Statements to pair, and the cross-document links between them (fusion's stored claim links). With
    ``doc_ids``: their statements, earlier denials by the same speakers (copies to group with), and what all
    these answer."""
    statement = records.c.kind == "statement"
    if doc_ids is None:
        pool = context.records(statement)
    else:
        pool = [d for chunk in chunks(doc_ids) for d in context.records(statement, records.c.doc_id.in_(chunk))]
        speakers = sorted({_label(d) for d in pool if d.get("claim") == "deny"} - {None})
        pool += [d for chunk in chunks(speakers) for d in context.records(statement, records.c.label.in_(chunk))
                 if d.get("claim") == "deny"]
        pool = list({d["id"]: d for d in pool}.values())
    links: dict[str, set[str]] = {}
    with context.store.reading() as connection:
        rows = (fused.claim_links(connection) if doc_ids is None else
                [r for doc_id in sorted({d["doc_id"] for d in pool}) for r in fused.claim_links(connection, doc_id=doc_id)])
    for row in rows:
        links.setdefault(row["statement_id"], set()).add(row["other_id"])
        links.setdefault(row["other_id"], set()).add(row["statement_id"])
    if doc_ids is not None:
        known = {d["id"] for d in pool}
        wanted = sorted({other for d in pool for other in links.get(d["id"], set()) | set(d.get("contradicts") or [])}
                        - known)
        pool += [d for chunk in chunks(wanted) for d in context.records(records.c.id.in_(chunk))]
    return pool, links


def _denials(context: _Context, doc_ids) -> list[Subject]:
    """A denial paired with the accusation it answers (in its own document, or across documents); the
    accused are the accusation's targets. Copies of one denial make one subject."""
    pool, links = _claim_pool(context, doc_ids)
    by_id = {d["id"]: d for d in pool}
    groups: dict[str, dict] = {}
    for denial in pool:
        if denial.get("claim") != "deny":
            continue
        answered = [by_id[i] for i in set(denial.get("contradicts") or []) | links.get(denial["id"], set())
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
    fresh = None if doc_ids is None else set(doc_ids)
    for key, group in groups.items():
        members = group["denials"] + list(group["accusations"].values())
        if fresh is not None and not fresh & {d["doc_id"] for d in members}:
            continue  # untouched by the new documents
        first = group["denials"][0]
        speaker = (first.get("speaker") or {}).get("name") or "?"
        accused = list(group["accused"].values())
        subject = Subject(
            id=f"denial:{key}", kind="denial", type="deny",
            summary=f"{speaker} denies an accusation against {', '.join(a['name'] for a in accused) or '?'}: "
                    f"{first.get('text', '')[:120]}",
            actors=_actor(first.get("speaker")), recipients=accused, date=first.get("date"),
            text=" ".join(d.get("text") or "" for d in members),
            documents=sorted({d["doc_id"] for d in members}), links=[_link(d) for d in members])
        subject.source_documents = sorted({d["doc_id"] for d in group["denials"]})
        subjects.append(subject)
    return subjects

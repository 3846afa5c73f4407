"""Alerts: a rule matching a subject fires once; an update (version 2, 3 …) goes out only when a new
independent source confirms the subject or one of its figures changes, never once per copy.

``check`` says what would fire and writes nothing (``armswatch alerts test``); ``fire`` stores each alert
with one pending delivery per output, in one transaction; ``deliver`` sends the pending ones and marks each
sent only once its output took it (a delivery that fails is retried with backoff, then left failed).
Receivers can drop a repeat by the alert id (X-Armswatch-Alert, the Message-ID, the JSON line's id): a
crash between sending and marking it sent is the one case that sends twice.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import DeliveryFailed, StoreError
from ..store.schema import alert_deliveries, alerts
from . import state
from .outputs import send
from .rules import matches
from .subjects import build_subjects

log = logging.getLogger("armswatch.watch.alerts")


@dataclass
class Firing:
    rule: object
    subject: object
    version: int
    reason: str  # new, new source, figure changed

    @property
    def id(self) -> str:
        return hashlib.sha1(f"{self.rule.name}\x00{self.subject.id}\x00{self.version}".encode()).hexdigest()[:24]

    def payload(self) -> dict:
        return {"id": self.id, "rule": self.rule.name, "subject": self.subject.id, "version": self.version,
                "reason": self.reason, **{k: v for k, v in self.subject.as_dict().items() if k != "id"}}


def _latest(store) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(rule, subject) -> (version, sources, fingerprint) of its latest alert."""
    newest = (select(alerts.c.rule, alerts.c.subject, func.max(alerts.c.version).label("version"))
              .group_by(alerts.c.rule, alerts.c.subject).subquery())
    query = select(alerts.c.rule, alerts.c.subject, alerts.c.version, alerts.c.sources, alerts.c.fingerprint).join(
        newest, and_(alerts.c.rule == newest.c.rule, alerts.c.subject == newest.c.subject,
                     alerts.c.version == newest.c.version))
    with store.reading() as connection:
        return {(r.rule, r.subject): (r.version, r.sources, r.fingerprint) for r in connection.execute(query)}


def check(store, rules, subjects=None, doc_ids=None) -> list[Firing]:
    """What the rules would fire now on the stored subjects, or on ``subjects`` (nothing is written).
    ``doc_ids``: only the subjects these documents are part of (what a round that stored them changed)."""
    if subjects is None:
        subjects = build_subjects(store, {kind for rule in rules for kind in rule.kinds}, doc_ids)
    latest = _latest(store)
    firings = []
    for rule in rules:
        for subject in subjects:
            if not matches(rule, subject):
                continue
            before = latest.get((rule.name, subject.id))
            if before is None:
                firings.append(Firing(rule, subject, 1, "new"))
            elif subject.sources > before[1]:
                firings.append(Firing(rule, subject, before[0] + 1, "new source"))
            elif subject.fingerprint != before[2]:
                firings.append(Firing(rule, subject, before[0] + 1, "figure changed"))
    return firings


def fire(store, rules, subjects=None, doc_ids=None) -> list[Firing]:
    """Store what ``check`` finds, each alert with its pending deliveries; returns the alerts stored."""
    stored = []
    for firing in check(store, rules, subjects, doc_ids):
        try:
            with store.transaction() as connection:
                connection.execute(insert(alerts), {
                    "id": firing.id, "rule": firing.rule.name, "subject": firing.subject.id,
                    "version": firing.version, "reason": firing.reason, "sources": firing.subject.sources,
                    "fingerprint": firing.subject.fingerprint, "payload": firing.payload(), "created_at": state.now()})
                for output in firing.rule.outputs:
                    connection.execute(insert(alert_deliveries), {"alert_id": firing.id, "output": output,
                                                                  "status": "pending", "attempts": 0})
        except StoreError as error:
            if isinstance(error.__cause__, IntegrityError):
                continue  # another monitor stored the same alert meanwhile
            raise
        stored.append(firing)
        log.info("alert %s (%s, v%d, %s): %s", firing.id, firing.rule.name, firing.version, firing.reason,
                 firing.subject.summary)
    return stored


def deliver(store, outputs: dict, settings) -> dict[str, int]:
    """Send every pending delivery that is due; returns counts of sent, retry and failed."""
    attempts = int(settings.get("alerts.attempts"))
    base = float(settings.get("alerts.retry_base_s"))
    counts = {"sent": 0, "retry": 0, "failed": 0}
    query = (select(alert_deliveries.c.id, alert_deliveries.c.output, alert_deliveries.c.attempts, alerts.c.payload)
             .join(alerts, alerts.c.id == alert_deliveries.c.alert_id)
             .where(and_(alert_deliveries.c.status == "pending",
                         or_(alert_deliveries.c.next_attempt_at.is_(None),
                             alert_deliveries.c.next_attempt_at <= state.now())))
             .order_by(alert_deliveries.c.id))
    with store.reading() as connection:
        due = [dict(row._mapping) for row in connection.execute(query)]
    for row in due:
        output = outputs.get(row["output"])
        try:
            if output is None:
                raise DeliveryFailed(f"no output named '{row['output']}' in the alerts file", source=row["output"])
            send(output, row["payload"], settings)
        except DeliveryFailed as error:
            tries = row["attempts"] + 1
            given_up = tries >= attempts
            values = {"attempts": tries, "last_error": str(error), "status": "failed" if given_up else "pending",
                      "next_attempt_at": state.now() + timedelta(seconds=base * 2 ** (tries - 1))}
            counts["failed" if given_up else "retry"] += 1
            log.warning("delivery %s of alert %s to %s: %s%s", row["id"], row["payload"]["id"], row["output"], error,
                        "; given up" if given_up else "; will retry")
        else:
            values = {"attempts": row["attempts"] + 1, "status": "sent", "sent_at": state.now(), "last_error": None}
            counts["sent"] += 1
        with store.transaction() as connection:
            connection.execute(update(alert_deliveries).where(alert_deliveries.c.id == row["id"]).values(**values))
    return counts


def next_due_s(store) -> float | None:
    """Seconds until the next pending delivery is due (0 when one is due now), None when none is pending."""
    with store.reading() as connection:
        when = connection.scalar(select(func.min(func.coalesce(alert_deliveries.c.next_attempt_at, state.now())))
                                 .where(alert_deliveries.c.status == "pending"))
    if when is None:
        return None
    return max(0.0, (state.aware(when) - state.now()).total_seconds())


def recent(store, limit: int = 100) -> list[dict]:
    """The latest alerts with their deliveries, newest first (for ``armswatch alerts list`` and the web)."""
    with store.reading() as connection:
        rows = [dict(r._mapping) for r in connection.execute(
            select(alerts).order_by(alerts.c.created_at.desc(), alerts.c.id).limit(limit))]
        ids = [row["id"] for row in rows]
        deliveries: dict[str, list[dict]] = {}
        if ids:
            for d in connection.execute(select(alert_deliveries).where(alert_deliveries.c.alert_id.in_(ids))
                                        .order_by(alert_deliveries.c.id)):
                deliveries.setdefault(d.alert_id, []).append(dict(d._mapping))
    for row in rows:
        row["deliveries"] = deliveries.get(row["id"], [])
        row["created_at"] = state.aware(row["created_at"])
    return rows

"""The monitor's pages: /sources (each watched source's status) and /alerts (rules, recent alerts, each
linked to its reports), with their JSON twins."""

from __future__ import annotations

from datetime import datetime

from fastapi import Query, Request

from ..site import Site


def _plain(value):
    """Datetimes as ISO text, for the JSON twin and the templates alike."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _rules(settings) -> list[dict]:
    """The rules of the file named by setting alerts.rules_file, where one is set."""
    from ...watch.config import load_alerts

    path = settings.get("alerts.rules_file", "") if settings is not None else ""
    if not path:
        return []
    rules, _outputs = load_alerts(path)
    return [{k: v for k, v in vars(rule).items() if v not in ((), None)} for rule in rules]


def register(site: Site) -> None:
    state = site.state

    @site.twin("/sources", "Watched sources: last success, last error, next round, counts")
    def sources(request: Request):
        from ...watch import state as watch_state

        rows = watch_state.report(state.store)
        for row in rows:
            row["problems"] = watch_state.recent_items(state.store, row["name"], limit=5, problems_only=True)
        return site.page(request, "sources.html", _plain({"sources": rows}))

    @site.twin("/alerts", "Alert rules and the latest alerts, each with its reports and deliveries")
    def alerts(request: Request, limit: int = Query(100, ge=1, le=1000)):
        from ...watch import alerts as alerting

        recent = alerting.recent(state.store, limit)
        counts: dict[str, int] = {}
        for row in recent:
            counts[row["rule"]] = counts.get(row["rule"], 0) + 1
        return site.page(request, "alerts.html", _plain({"rules": _rules(state.settings), "alerts": recent,
                                                         "per_rule": counts}))

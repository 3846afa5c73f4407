"""Commands of the monitor: ``watch``, ``sources`` and ``alerts test|send|list`` (registered on the app)."""

from __future__ import annotations

import json
import logging
import sys
import threading
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .cli import ConfigOption, DbOption, _fail, _settings, app, console
from .errors import ArmswatchError

alerts_app = typer.Typer(help="Alert rules (alerts.yaml): what would fire, sending, and what was sent.",
                         no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")


def _logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("armswatch")  # ours only: not every library's chatter
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


@app.command()
def watch(
    sources_file: Path = typer.Argument(..., metavar="SOURCES.yaml", help="The sources to watch (see docs/monitor.md)."),
    alerts_file: Optional[Path] = typer.Option(None, "--alerts", help="Alert rules (alerts.yaml) run after each round that stored something."),
    once: bool = typer.Option(False, "--once", help="One round of every source, then exit (for cron and tests)."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Log warnings only, not every round."),
):
    """Watch RSS/Atom feeds, sitemaps and URL lists on each source's schedule, storing new articles.

    Conditional requests, robots.txt, a delay per host, Retry-After and backoff; state in the database, so
    a restart resumes where it stopped. SIGTERM or SIGINT finish the current document and exit 0. Every
    round logs what it fetched, stored, skipped and why."""
    from .store import open_store
    from .watch import alerts as alerting
    from .watch.config import load_alerts, load_sources
    from .watch.monitor import Monitor, install_stop_handlers

    _logging(quiet)
    stop = threading.Event()
    install_stop_handlers(stop)
    try:
        settings = _settings(config, db)
        sources = load_sources(sources_file)
        rules, outputs = load_alerts(alerts_file) if alerts_file else ([], {})
        store = open_store(settings=settings)
    except ArmswatchError as error:
        _fail(error)

    def after_round(record):
        if not rules:
            return
        if record.doc_ids:  # only what these documents changed: a round costs the same on a large store
            alerting.fire(store, rules, doc_ids=record.doc_ids)
        alerting.deliver(store, outputs, settings)

    try:
        if rules:  # alerts left pending by an earlier run go out first
            alerting.fire(store, rules)
            alerting.deliver(store, outputs, settings)
        Monitor(sources, settings, store, stop=stop, after_round=after_round).run(once=once)
    except ArmswatchError as error:
        _fail(error)
    finally:
        store.close()


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


@app.command("sources")
def sources_command(
    sources_file: Optional[Path] = typer.Argument(None, metavar="[SOURCES.yaml]", help="Only the sources of this file."),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of a table."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
):
    """Each watched source: last success, last error, next round, and counts."""
    from .store import open_store
    from .watch import state
    from .watch.config import load_sources

    try:
        settings = _settings(config, db)
        names = [s.name for s in load_sources(sources_file)] if sources_file else None
        store = open_store(settings=settings)
        rows = state.report(store, names)
    except ArmswatchError as error:
        _fail(error)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, indent=2) + "\n")
        return
    table = Table("source", "last success", "last error", "next round", "rounds", "fetched", "304", "stored",
                  "skipped", "failed", "pending", title="watched sources")
    for row in rows:
        error = f"{_when(row['last_error_at'])} {row['last_error'] or ''}" if row["last_error"] else "-"
        table.add_row(row["name"], _when(row["last_success_at"]), error[:80], _when(row["next_round_at"]),
                      *(str(row[k]) for k in ("rounds", "fetched", "not_modified", "stored", "skipped", "failed")),
                      str(row["items_by_status"].get("pending", 0)))
    console.print(table)


def _open(config, db, rules_file):
    from .store import open_store
    from .watch.config import load_alerts

    settings = _settings(config, db)
    rules, outputs = load_alerts(rules_file)
    return settings, rules, outputs, open_store(settings=settings)


@alerts_app.command("test")
def alerts_test(
    rules_file: Path = typer.Argument(..., metavar="RULES.yaml"),
    as_json: bool = typer.Option(False, "--json", help="One JSON alert a line instead of a table."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
):
    """What the rules would fire on the current store now; nothing is stored or sent."""
    from .watch import alerts as alerting

    try:
        _settings_, rules, _outputs, store = _open(config, db, rules_file)
        firings = alerting.check(store, rules)
    except ArmswatchError as error:
        _fail(error)
    if as_json:
        for firing in firings:
            sys.stdout.write(json.dumps(firing.payload(), default=str, ensure_ascii=False) + "\n")
        return
    table = Table("rule", "version", "reason", "sources", "subject", "outputs", title=f"{len(firings)} alerts would fire")
    for firing in firings:
        table.add_row(firing.rule.name, str(firing.version), firing.reason, str(firing.subject.sources),
                      firing.subject.summary[:90], ", ".join(firing.rule.outputs) or "-")
    console.print(table)


@alerts_app.command("send")
def alerts_send(
    rules_file: Path = typer.Argument(..., metavar="RULES.yaml"),
    wait: float = typer.Option(0.0, "--wait", help="Keep retrying failed deliveries for up to this many seconds."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
):
    """Fire the rules on the current store and send every pending delivery."""
    import time

    from .watch import alerts as alerting

    try:
        settings, rules, outputs, store = _open(config, db, rules_file)
        fired = alerting.fire(store, rules)
        counts = alerting.deliver(store, outputs, settings)
        deadline = time.monotonic() + wait
        while (due := alerting.next_due_s(store)) is not None and time.monotonic() + due <= deadline:
            time.sleep(due)
            for key, value in alerting.deliver(store, outputs, settings).items():
                counts[key] = counts[key] + value if key != "retry" else value
    except ArmswatchError as error:
        _fail(error)
    console.print(f"alerts fired: {len(fired)}; deliveries sent: {counts['sent']}, waiting to retry: "
                  f"{counts['retry']}, given up: {counts['failed']}", highlight=False)
    raise typer.Exit(code=1 if counts["failed"] or counts["retry"] else 0)


@alerts_app.command("list")
def alerts_list(
    limit: int = typer.Option(50, "--limit"),
    as_json: bool = typer.Option(False, "--json"),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
):
    """The latest alerts and their deliveries."""
    from .store import open_store
    from .watch import alerts as alerting

    try:
        store = open_store(settings=_settings(config, db))
        rows = alerting.recent(store, limit)
    except ArmswatchError as error:
        _fail(error)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table("created", "rule", "v", "reason", "sources", "subject", "deliveries")
    for row in rows:
        table.add_row(_when(row["created_at"]), row["rule"], str(row["version"]), row["reason"], str(row["sources"]),
                      row["payload"].get("summary", "")[:80],
                      ", ".join(f"{d['output']}:{d['status']}" for d in row["deliveries"]) or "-")
    console.print(table)

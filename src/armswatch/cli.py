"""The command line: each command parses its options, calls one library function, and prints.

The work itself lives in the library (pipeline, ingest, store, evaluate, web, scale) so that every entry
point shares it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape
from typer.core import TyperArgument, TyperGroup, TyperOption
from rich.console import Console
from rich.table import Table

from .config import load_settings
from .errors import ArmswatchError

# Commands in the order a new user needs them; commands not named here follow in the order they were added.
COMMAND_ORDER = ("ingest", "serve", "extract", "export", "stats", "watch", "sources", "alerts", "fuse", "load",
                 "batch", "evaluate", "schema", "config")
# What an option's value is, where its name does not say it.
_METAVARS = {"published": "DATE", "db": "URL", "config": "FILE", "out": "PATH", "master": "URL"}


def _plain_metavars(command) -> None:
    """Show ``--db URL`` rather than Typer's ``--db <str>``, and nothing after a flag."""
    for param in command.params:
        if isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = "" if param.is_flag else _METAVARS.get(param.name, param.name.upper())
        elif isinstance(param, TyperArgument):
            param.metavar = param.metavar or param.name.upper()
            param.display_type_rich = lambda ctx=None: ""  # the name says it; no <list[str]> beside it
    if not getattr(command, "_plain_help", False):  # --help is made when help is shown, not a param
        made = command.get_help_option

        def help_option(ctx):
            option = made(ctx)
            if option is not None and option.metavar is None:
                option.metavar = ""
            return option

        command.get_help_option, command._plain_help = help_option, True


class _Commands(TyperGroup):
    def list_commands(self, ctx) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: (rank.get(name, len(rank)), names.index(name)))

    def get_command(self, ctx, name: str):
        command = super().get_command(ctx, name)
        if command is not None:
            _plain_metavars(command)
        return command

    def format_help(self, ctx, formatter) -> None:
        _plain_metavars(self)
        super().format_help(ctx, formatter)


app = typer.Typer(
    cls=_Commands,
    rich_markup_mode="markdown",
    help="armswatch: news about conflict, diplomacy and arms proliferation in; a sourced record of who holds "
    "which weapons, who did what to whom, and who claimed what out.\n\n"
    "Start with: armswatch ingest my-articles/ then armswatch serve, and open http://127.0.0.1:8000/",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

ConfigOption = typer.Option(None, "--config", help="A settings file (TOML) overriding the shipped defaults.")
DbOption = typer.Option(None, "--db", help="Database URL (default: setting store.url, sqlite:///armswatch.db).")


def _settings(config: Optional[Path], db: Optional[str] = None):
    settings = load_settings(config)
    if db:
        settings.set("store.url", db)
    return settings


def _fail(error: ArmswatchError) -> None:
    err_console.print(f"[red]error[/red] {escape(str(error))}", highlight=False, markup=True)
    raise typer.Exit(code=2)


@app.command()
def extract(
    file: str = typer.Argument(..., help="A text, HTML, JSON Lines or PDF file, or - for standard input."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) that relative times are read against."),
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one record a line), json (one array) or table."),
    config: Optional[Path] = ConfigOption,
):
    """Print the records found in one document, without touching the database.

    Example: `armswatch extract examples/seed/000_e30b4c377622b289.txt --published 2025-02-17 --format table`
    """
    from .ingest import read_one
    from .pipeline import Pipeline

    try:
        settings = _settings(config)
        documents = read_one(file, settings, published=published)
        pipeline = Pipeline(settings)
        all_records = [r for _, records in pipeline.run(documents) for r in records]
    except ArmswatchError as error:
        _fail(error)
    from .records import to_dict

    rows = [to_dict(r) for r in all_records]
    if format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format == "table":
        from .cli_table import PLAIN_WIDTH, records_table

        Console(width=None if sys.stdout.isatty() else PLAIN_WIDTH).print(records_table(rows))
    else:
        _fail(ArmswatchError(f"unknown format '{format}'", hint="use jsonl, json or table"))


@app.command()
def evaluate(
    name: str = typer.Argument(..., help="The gold set: run `armswatch evaluate list` to see them."),
    data: Optional[str] = typer.Option(None, "--data", help="The gold set's folder (or set ARMSWATCH_EVAL_DATA to the folder holding all sets)."),
    report: Optional[Path] = typer.Option(None, "--report", help="Where to write the JSON report (default reports/NAME.json)."),
    update_baseline: bool = typer.Option(False, "--update-baseline", help="Store these scores as the committed baseline."),
    config: Optional[Path] = ConfigOption,
):
    """Score an extractor on a public gold set and say which numbers moved against the committed baseline.

    Example: `armswatch evaluate tempeval3 --data ../shared/eval/tempeval3` (`armswatch evaluate list` names them all)
    """
    from . import evaluate as ev

    if name == "list":
        table = Table("name", "default folder", "what it measures")
        for evaluation in sorted(ev.load_all().values(), key=lambda e: e.name):
            table.add_row(evaluation.name, evaluation.folder, evaluation.description)
        console.print(table)
        return
    try:
        settings = _settings(config)
        result = ev.run(name, data, settings)
    except ArmswatchError as error:
        _fail(error)
    baseline = ev.load_baseline(name)
    table = Table("metric", "baseline", "now", "moved", title=f"{name}")
    colours = {"better": "green", "worse": "red", "same": "dim", "new": "cyan", "absent": "yellow"}
    for metric, old, value, verdict in ev.compare(result, baseline):
        shown = f"{old:.4g}" if old is not None else "-"
        table.add_row(metric, shown, "absent" if value is None else f"{value:.4g}", f"[{colours[verdict]}]{verdict}[/]")
    console.print(table)
    if result.matching_rule:
        console.print(f"[bold]Matching rule:[/bold] {result.matching_rule}")
    out = report or Path("reports") / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    console.print(f"report written to {out}")
    if update_baseline:
        console.print(f"baseline updated: {ev.write_baseline(result)}")


@app.command()
def schema():
    """Print the JSON Schema of the records (the public contract; docs/record.schema.json holds a copy).

    Example: `armswatch schema > record.schema.json`
    """
    from .records import record_json_schema

    sys.stdout.write(json.dumps(record_json_schema(), indent=2, sort_keys=True) + "\n")


@app.command("config")
def show_config(config: Optional[Path] = ConfigOption):
    """Show every setting and its current value (defaults, your file, then the environment).

    Example: `ARMSWATCH_DB=sqlite:///team.db armswatch config --config my-settings.toml`
    """
    try:
        settings = _settings(config)
    except ArmswatchError as error:
        _fail(error)
    table = Table("setting", "value")
    for key, value in settings.flat().items():
        table.add_row(key, json.dumps(value))
    console.print(table)


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., help="Files or folders: WARC, HTML, text, JSON Lines, PDF."),
    out: Path = typer.Option(..., "--out", help="Output folder for the Parquet tables (replaced on each run)."),
    master: str = typer.Option("local[*]", "--master", help="Spark master: local[*], local[2], spark://host:7077, yarn …"),
    partitions: Optional[int] = typer.Option(None, "--partitions", help="Extraction partitions (default: 4 per core)."),
    fuse: bool = typer.Option(True, "--fuse/--no-fuse", help="Also compute fusion across the batch's documents (copies, stories, fused events, claim links) into DIR/fusion."),
    config: Optional[Path] = ConfigOption,
):
    """Run the pipeline on Apache Spark and write Parquet partitioned by publication date and record kind.

    With fusion (the default) the job also groups copies, stories and fused events across the batch with
    Spark's joins and connected components, into DIR/fusion, which `armswatch load` stores.
    Load the result with `armswatch load DIR`.

    Needs the spark extra: pip install 'armswatch[spark]'

    Example: `armswatch batch crawl/*.warc.gz --out /data/aw-2025 --master local[4]`
    """
    try:
        from .scale.batch import run_batch
    except ImportError:
        _fail(ArmswatchError("PySpark is not installed", hint="pip install 'armswatch[spark]'"))
    try:
        counts = run_batch(inputs, out, _settings(config), master=master, partitions=partitions, fuse=fuse)
    except ArmswatchError as error:
        _fail(error)
    for error in counts.pop("error_list"):
        err_console.print(f"[yellow]skipped[/yellow] [{error['code']}] {error['message']}", highlight=False)
    fused = counts.get("fusion")
    fusion = (f"; {fused['copy_groups']} copy groups, {fused['stories']} stories, {fused['fused_events']} fused events"
              if fused else "")
    console.print(f"{counts['inputs']} inputs, {counts['documents']} documents, {counts['records']} records, "
                  f"{counts['errors']} inputs not read{fusion}; written to {out}")


@app.command()
def load(
    folder: Path = typer.Argument(..., help="The --out folder of `armswatch batch`."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
):
    """Bulk-load the Parquet output of `armswatch batch` into the store (documents already there gain sources only).

    The batch's fusion (DIR/fusion) is stored as it is into a store that holds no fusion yet; into one that
    does, each new document is fused as it is written (setting fuse.on_ingest), as ingest does.

    Example: `armswatch load /data/aw-2025 --db postgresql+psycopg://analyst@db/armswatch`
    """
    from rich.progress import Progress

    from .scale.load import load_output
    from .store import open_store

    try:
        store = open_store(settings=_settings(config, db))
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("loading", total=None)
            counts = load_output(folder, store, progress=lambda: bar.advance(task))
    except ArmswatchError as error:
        _fail(error)
    fusion = {"batch": f"; the batch's fusion stored ({counts.get('fusion_rows', 0)} rows)",
              "on ingest": "; fused on ingest", "off": "; not fused"}[counts["fusion"]]
    console.print(f"{counts['documents']} documents: {counts['stored']} stored, {counts['duplicates']} already "
                  f"there; {counts['records']} records written{fusion}")


@app.command("export")
def export_records(
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Record kind: actor, place, time, quantity, event, statement, arms or document (jsonl: all kinds when left out); story or fused_event for fusion across documents."),
    format: str = typer.Option("jsonl", "--format", "-f", help="csv, jsonl, parquet, or plover (events as PLOVER-style JSON)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: standard output; parquet needs a file)."),
    exclude_wrong: bool = typer.Option(False, "--exclude-wrong", help="Leave out records a reviewer marked wrong."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
):
    """Export stored records as a flat table (CSV, Parquet), whole records (JSON Lines) or PLOVER events.

    The flat tables carry the same columns for every kind: the record's fields, its sentence, the document's
    title, date and URL, and the reviewer's verdict. Errors: AW601 unknown format, AW602 unknown kind, AW603
    parquet without --out, AW604 a flat format without --kind.

    Example: `armswatch export --kind event --format csv --out events.csv`
    """
    from .errors import ExportNeedsFile
    from .store import open_store

    try:
        if format == "parquet" and out is None:
            raise ExportNeedsFile("parquet is binary and cannot go to standard output")
        settings = _settings(config, db)
        with open_store(settings=settings) as store:
            written = store.export(kind, format, out if out is not None else sys.stdout,
                                   include_wrong=not exclude_wrong)
    except ArmswatchError as error:
        _fail(error)
    err_console.print(f"{written} record(s) exported" + (f" to {out}" if out else ""))


@app.command()
def stats(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
):
    """Summarise the database: documents, sources, records by kind and extractor, reviews.

    Example: `armswatch stats --db sqlite:///armswatch.db`
    """
    from .store import open_store

    try:
        settings = _settings(config, db)
        with open_store(settings=settings) as store:
            summary = store.stats()
    except ArmswatchError as error:
        _fail(error)
    overview = Table("", "", title=f"armswatch store: {summary['url']}", show_header=False)
    for key in ("documents", "sources", "records", "reviews", "published_first", "published_last", "schema_revision"):
        overview.add_row(key.replace("_", " "), str(summary[key] if summary[key] is not None else "-"))
    console.print(overview)
    for key, heading in (("records_by_kind", "kind"), ("records_by_extractor", "extractor"),
                         ("records_by_review", "review")):
        if summary[key]:
            table = Table(heading, "records", title=key.replace("_", " "))
            for name, number in summary[key].items():
                table.add_row(str(name), str(number))
            console.print(table)


@app.command()
def ingest(
    inputs: List[str] = typer.Argument(..., help="Files, folders (read recursively), http(s) URLs of pages or RSS/Atom feeds, or - for standard input. Text, HTML, JSON Lines, PDF, feeds and WARC (.warc, .warc.gz) are told apart by extension, then by content."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
):
    """Read articles, extract their records and store them (one transaction per document).

    Exact duplicates (same normalised text) are stored once with all their sources; ingesting the same
    input again adds nothing. Exit status: 0 when nothing failed, 1 when any input (or part of one) failed
    to be read, extracted or stored, 2 for a usage or database error. Skips are not failures: text not in
    English (AW109), pages with no article (AW104) and WARC records that are not HTML pages with status 200
    (AW114) are listed with their reason but leave the exit status at 0.

    Feeds: each entry's linked article is fetched; where that fails, the entry's own content is used when it
    holds a whole article (500+ characters), else the entry is reported (AW108). Dates: an input's own date
    (page metadata, JSON field, feed entry, PDF creation date) comes first, then --published, then, for WARC
    records, the crawl date.

    Example: `armswatch ingest examples/articles/ https://example.org/news/rss.xml --published 2025-02-17`
    """
    from .ingest.checks import iso_date
    from .ingest.loop import ingest_inputs
    from .store import open_store

    try:
        iso_date(published, source="--published", strict=True)
        settings = _settings(config, db)
        store = open_store(settings=settings)
    except ArmswatchError as error:
        _fail(error)
    try:
        summary = ingest_inputs(inputs, settings, store, progress=not quiet, published=published)
    except ArmswatchError as error:
        _fail(error)
    finally:
        store.close()
    _print_ingest_summary(summary)
    raise typer.Exit(code=0 if summary.ok else 1)


def _print_ingest_summary(summary, shown: int = 100) -> None:
    table = Table("documents", "count", title="ingest")
    table.add_row("read", str(summary.read))
    table.add_row("stored", str(summary.stored))
    table.add_row("duplicates", str(summary.duplicates))
    table.add_row("skipped", str(len(summary.skipped)))
    table.add_row("failed", f"[red]{len(summary.failed)}[/red]" if summary.failed else "0")
    console.print(table)
    for label, issues in (("failed", summary.failed), ("skipped", summary.skipped)):
        if not issues:
            continue
        listing = Table("code", "input", "reason", title=label)
        listing.columns[1].overflow = listing.columns[2].overflow = "fold"
        for issue in issues[:shown]:
            listing.add_row(issue.code, issue.input, issue.reason + (f" [dim]({issue.hint})[/dim]" if issue.hint else ""))
        console.print(listing)
        if len(issues) > shown:
            console.print(f"... and {len(issues) - shown} more {label}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    token: Optional[str] = typer.Option(None, "--token", envvar="ARMSWATCH_TOKEN",
                                        help="Write token for reviews and storing pasted articles (or ARMSWATCH_TOKEN); without it the server is read-only."),
    max_upload: int = typer.Option(2_000_000, "--max-upload", help="Largest article or file accepted, in bytes."),
    allow_fetch: bool = typer.Option(False, "--allow-fetch", help="Let requests that carry the token have an uploaded feed's links fetched (under the [fetch] policy); without it the server fetches nothing."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
):
    """Open the dashboard and JSON API on the database: http://HOST:PORT/ (API schema at /docs).

    Example: `armswatch serve --port 8000 --token "$(openssl rand -hex 16)"` (without a token: read-only)
    """
    import uvicorn

    from .store import open_store
    from .web import create_app

    try:
        settings = _settings(config, db)
        store = open_store(settings=settings)
    except ArmswatchError as error:
        _fail(error)
    web_app = create_app(store, token=token, max_upload=max_upload, settings=settings, allow_fetch=allow_fetch)
    mode = "reviews and storing enabled with the token" if token else "read-only (start with --token to allow reviews)"
    if allow_fetch:
        mode += "; feeds' links fetched for requests with the token" if token else "; --allow-fetch needs --token"
    err_console.print(f"armswatch: serving http://{host}:{port}/ — {mode}", highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


from . import cli_watch  # noqa: E402,F401  (registers watch, sources, alerts)
from . import cli_fuse  # noqa: E402,F401  (registers its commands on app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""What fusion adds to ingesting a real document, as the store grows (1k, 10k, 100k stored documents).

    PYTHONPATH=src nice -n 10 python benchmarks/fusion.py --ecbplus ../shared/eval/ecbplus \\
        --sizes 1000 10000 100000 [--rounds 3] [--min-shared 2 3] [--stages] [--cache /tmp/templates.jsonl]

**The new documents** are real: the 6 bundled articles and every 40th ECB+ document (20, none of them a
template below, each given a publication date in the fill's three years). The pipeline runs on them once
(timed: the pipeline's share of ingest); then at each store size each is written with fusion on and with
fusion off, ``--rounds`` times each, alternating, each write in a transaction that is rolled back, so that
the store keeps its size and every mode sees the same store (``--min-shared 2 3``: one fusion mode per
``story_min_shared_keys`` value, side by side). The time is ``Store.write_document``'s work (records, actors,
search index, fusion), its commit aside. Times are this process's CPU time (``--clock wall``: wall time),
so that other jobs on a shared machine do not inflate one side of the ratio more than the other.

**The stored documents** are made from the other 752 ECB+ documents (real news of 43 seminal events, as the
ECB+ loader gives them), with the pipeline's event and statement records of each (run with a nominal
publication date, 2014-01-01; computed once, cached in ``--cache``). Document n is template n mod 752 with
every name (a capitalised word inside a sentence) replaced, consistently within the document, by a name drawn
from all the templates' names by frequency, a fifth of the other content words replaced by words drawn the
same way, and its dates (published, each event's and statement's) moved by one offset drawn over three years;
the records follow (evidence spans moved with the text). So the store holds many events of each kind with
other names, places and days: the near misses a large store is made of. Its rows are inserted in bulk:
``documents``, the event and statement ``records``, and every fusion row as ingest writes them for a document
(``fuse.links.prepare``: signature, bands, weighted words and their keys, events with their keys, fused-event
summaries, claims). What the fill leaves out: links between stored documents (each is its own copy group,
story and fused event, so a merge touches one group), and the records of other kinds, actor rows and search
entries (the plain write's own indexes are smaller than in a real store of that size, which makes fusion's
share look larger, not smaller).
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from sqlalchemy import insert  # noqa: E402
from spacy.lang.en.stop_words import STOP_WORDS  # noqa: E402

from armswatch.document import Document  # noqa: E402
from armswatch.fuse import copies, links as L, tables as T  # noqa: E402
from armswatch.fuse.params import Params  # noqa: E402
from armswatch.fuse.summary import fused_row  # noqa: E402
from armswatch.fuse.text import _WORD, _starts_sentence  # noqa: E402
from armswatch.pipeline import Pipeline  # noqa: E402
from armswatch.records import record_id, to_dict  # noqa: E402
from armswatch.store import Store  # noqa: E402
from armswatch.store.connect import BEGIN_MODE, make_engine  # noqa: E402
from armswatch.store.migrate import upgrade  # noqa: E402
from armswatch.store.schema import documents as documents_table, records as records_table  # noqa: E402

KINDS = ("event", "statement")
# the process's CPU time by default: the pipeline and the writes run in this process, and on a shared
# machine wall time measures the other jobs too (--clock wall for wall time)
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}
clock = CLOCKS["cpu"]
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"^(\d{4})")
START, TEMPLATE_DAY = date(2023, 1, 1), date(2014, 1, 1)  # the fill's documents are published over 2023-2025


def bundled() -> list[Document]:
    docs = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            docs.append(Document(text=row["text"], title=row.get("title"), url=row.get("url"),
                                 published=row.get("published"), source=path.name))
    return docs


def split(data: Path) -> tuple[list[Document], list[Document]]:
    """(new documents: the bundled articles and every 40th ECB+ document, templates: the other ECB+ ones)."""
    from armswatch.evaluate.ecbplus_data import load

    ecb = load(data)
    rng = random.Random(0)
    # ECB+ gives no publication dates: a new document gets one in the fill's three years, a template a
    # nominal one (what the pipeline dates undated events by, as it does a real article's)
    new = [Document(text=d.text, url=d.url or f"https://ecb.example/{d.name}", source=d.name,
                    published=(START + timedelta(days=rng.randrange(3 * 365))).isoformat()) for d in ecb[::40]]
    templates = [Document(text=d.text, url=d.url or f"https://ecb.example/{d.name}", source=d.name,
                          published=TEMPLATE_DAY.isoformat()) for i, d in enumerate(ecb) if i % 40]
    return bundled() + new, templates


def run_pipeline(pipeline: Pipeline, docs: list[Document]) -> tuple[list[list[dict]], float]:
    started = clock()
    out = [[to_dict(r) for r in records] for _, records in pipeline.run(docs)]
    return out, (clock() - started) / max(1, len(docs))


def template_records(pipeline: Pipeline, templates: list[Document], cache: Path | None) -> list[list[dict]]:
    if cache and cache.exists():
        rows = [json.loads(line) for line in cache.read_text("utf-8").splitlines()]
        if [(r["doc_id"], r.get("published")) for r in rows] == [(d.doc_id, d.published) for d in templates]:
            return [r["records"] for r in rows]
    out, _ = run_pipeline(pipeline, templates)
    out = [[r for r in records if r["kind"] in KINDS] for records in out]
    if cache:
        cache.write_text("".join(json.dumps({"doc_id": d.doc_id, "published": d.published, "records": r}) + "\n"
                                 for d, r in zip(templates, out)), "utf-8")
    return out


def pools(templates: list[Document]) -> tuple[list[str], list[str]]:
    """Every name and every other content word of the templates, once per occurrence (drawn by frequency)."""
    names, words = [], []
    for doc in templates:
        for match in _WORD.finditer(doc.text):
            w = match.group(0)
            if len(w) <= 2 or not w.isalpha():
                continue
            if w[0].isupper() and not _starts_sentence(doc.text, match.start()):
                names.append(w)
            elif w.islower() and len(w) > 3 and w not in STOP_WORDS:
                words.append(w)
    return names, words


def vary(text: str, rng: random.Random, names: list[str], words: list[str], share: float):
    """(new text, offset map): every name replaced consistently, ``share`` of other content words."""
    mapping: dict[str, str] = {}
    pieces, starts, deltas, pos, delta = [], [], [], 0, 0
    for match in _WORD.finditer(text):
        w = match.group(0)
        new = None
        if len(w) > 2 and w.isalpha() and w[0].isupper() and not _starts_sentence(text, match.start()):
            new = mapping.setdefault(w, rng.choice(names))
        elif w.islower() and len(w) > 3 and w not in STOP_WORDS and rng.random() < share:
            new = rng.choice(words)
        if new is None or new == w:
            continue
        pieces += [text[pos:match.start()], new]
        pos = match.end()
        delta += len(new) - len(w)
        starts.append(match.start())
        deltas.append(delta)

    def moved(offset: int) -> int:  # substitutions starting before the offset move it
        i = bisect.bisect_left(starts, offset)
        return offset + (deltas[i - 1] if i else 0)

    return "".join(pieces) + text[pos:], moved


def shift(value, days: int):
    if not isinstance(value, str) or not value:
        return value
    if m := _DAY.match(value):
        try:
            moved = date(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=days)
        except ValueError:
            return value
        return moved.isoformat() + value[10:]
    if m := _YEAR.match(value):
        return f"{int(m[1]) + round(days / 365.25):04d}" + value[4:]
    return value


def synthetic(n: int, template: Document, records: list[dict], pool, rng: random.Random, share: float):
    text, moved = vary(template.text, rng, *pool, share)
    days = rng.randrange(0, 3 * 365)
    published = (START + timedelta(days=days)).isoformat()
    days += (START - TEMPLATE_DAY).days
    doc = Document(text=text, url=f"https://bench.example/{n}", published=published, source=f"bench{n}")
    out = []
    for data in records:
        data = json.loads(json.dumps(data))
        old_id = data["id"]
        data["id"], data["doc_id"] = record_id(doc.doc_id, data["kind"], old_id), doc.doc_id
        for span in data.get("evidence") or []:
            old = span["text"]
            span["start"], span["end"] = moved(span["start"]), moved(span["end"])
            span["text"] = text[span["start"]:span["end"]]
            if data.get("trigger") == old:
                data["trigger"] = span["text"]
        if data.get("date"):
            data["date"] = shift(data["date"], days)  # as the published date moved
        out.append(data)
    return doc, out


def fill_rows(store: Store, doc: Document, records: list[dict], params: Params) -> dict[str, list[dict]]:
    """The rows ingest would write for the document (its own fusion rows, no links)."""
    doc_id = doc.doc_id
    rows = store._record_rows(doc, records)[0]
    p = L.prepare(doc.text, records, params)
    out = {"documents": [{"doc_id": doc_id, "title": None, "url": doc.url, "published": doc.published,
                          "language": "en", "text": doc.text, "chars": len(doc.text),
                          "ingested_at": datetime.now(timezone.utc)}],
           "records": rows,
           "fuse_documents": [{"doc_id": doc_id, "copy_group": doc_id, "story": "s" + doc_id,
                               "signature": copies.to_bytes(p["signature"]), "figures": p["figures"],
                               "terms": p["terms"], "published": doc.published, "url": doc.url}],
           "fuse_bands": [{"band": b, "hash": h, "doc_id": doc_id} for b, h in p["bands"]],
           "fuse_terms": [{"term": k, "doc_id": doc_id} for k in p["keys"]],
           "fuse_events": [], "fuse_event_keys": [], "fused_events": [], "fuse_claims": []}
    for r in p["events"]:
        out["fuse_events"].append({"event_id": r["event_id"], "doc_id": doc_id, "fused_id": "f" + r["event_id"],
                                   "main": r["main"], "features": r["features"]})
        out["fuse_event_keys"] += [{"key": k, "event_id": r["event_id"]} for k in r["stored"]]
        out["fused_events"].append(fused_row("f" + r["event_id"], [{
            "event_id": r["event_id"], "doc_id": doc_id, "features": r["features"], "copy_group": doc_id,
            "published": doc.published, "url": doc.url}]))
    out["fuse_claims"] = [{"statement_id": c["statement_id"], "doc_id": doc_id, "side": side, "claim": c["claim"]}
                          for c in p["claims"] for side in c["sides"]]
    return out


TABLES = {"documents": documents_table, "records": records_table, "fuse_documents": T.documents,
          "fuse_bands": T.bands, "fuse_terms": T.terms, "fuse_events": T.events, "fuse_event_keys": T.event_keys,
          "fused_events": T.fused, "fuse_claims": T.claims}


def fill(store: Store, engine, start: int, stop: int, templates, template_recs, pool, params, share,
         seen: set[str]) -> None:
    """Insert documents start..stop-1 (``seen``: the doc ids stored so far; a short text may come out twice)."""
    batch: dict[str, list[dict]] = {name: [] for name in TABLES}

    def flush():
        with engine.begin() as connection:
            for name, table in TABLES.items():  # parents first
                if batch[name]:
                    connection.execute(insert(table), batch[name])
                batch[name].clear()

    for n in range(start, stop):
        rng = random.Random(n)
        doc, recs = synthetic(n, templates[n % len(templates)], template_recs[n % len(templates)], pool, rng, share)
        if doc.doc_id in seen:
            continue
        seen.add(doc.doc_id)
        for name, rows in fill_rows(store, doc, recs, params).items():
            batch[name] += rows
        if len(batch["documents"]) >= 2000:
            flush()
    flush()


STAGES = ("prepare", "_add_copies", "_add_doc_links", "_add_events", "_write_summaries", "_merge_stories",
          "_add_claims")


def timed_stages() -> dict[str, float]:
    """Wrap fusion's steps (``fuse.update``'s) with timers; returns the totals, in seconds, as they grow."""
    from armswatch.fuse import update

    totals = dict.fromkeys(STAGES, 0.0)
    for name in STAGES:
        owner = update.L if name == "prepare" else update
        inner = getattr(owner, name)

        def wrapper(*a, _inner=inner, _name=name, **k):
            t = clock()
            try:
                return _inner(*a, **k)
            finally:
                totals[_name] += clock() - t

        setattr(owner, name, wrapper)
    return totals


def measure(stores: dict[str, Store], engine, new, rounds: int) -> dict[str, list[float]]:
    """Median seconds per new document of a write in each mode (rolled back each time), modes alternating."""
    out: dict[str, list[float]] = {label: [] for label in stores}
    labels = list(stores)
    for doc, records in new:
        times: dict[str, list[float]] = {label: [] for label in stores}
        for r in range(rounds):
            for label in (labels if r % 2 == 0 else labels[::-1]):
                store = stores[label]
                with engine.connect() as connection:
                    connection = connection.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
                    transaction = connection.begin()
                    t = clock()
                    store._write_one(connection, doc.doc_id, doc, store._record_rows(doc, records))
                    times[label].append(clock() - t)
                    transaction.rollback()
        for label in stores:
            out[label].append(statistics.median(times[label]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ecbplus", type=Path, required=True, help="ECB+ folder (templates and new documents)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=3, help="writes of each new document per mode and size")
    parser.add_argument("--share", type=float, default=0.2, help="share of non-name content words replaced")
    parser.add_argument("--cache", type=Path, default=None, help="JSON Lines file for the templates' records")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the store (default: a temporary one)")
    parser.add_argument("--min-shared", type=int, nargs="+", default=[Params().story_min_shared_keys],
                        help="fusion modes to compare: story_min_shared_keys values")
    parser.add_argument("--stages", action="store_true", help="also print fusion's time per step")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="what is timed: the process's CPU time (default) or wall time")
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    stages = timed_stages() if args.stages else None
    new_docs, templates = split(args.ecbplus)
    pipeline = Pipeline()
    list(pipeline.run(new_docs[:1]))  # load the model before timing
    new_recs, pipeline_s = run_pipeline(pipeline, new_docs)
    new = list(zip(new_docs, new_recs))
    print(f"pipeline: {pipeline_s * 1000:.0f} ms per new document ({len(new)} real documents: "
          f"{len(new_docs) - len(new_docs[len(bundled()):])} bundled articles, the rest ECB+)", flush=True)
    started = time.perf_counter()
    template_recs = template_records(pipeline, templates, args.cache)
    print(f"templates: {len(templates)} ECB+ documents, their records in {time.perf_counter() - started:.0f} s",
          flush=True)
    pool = pools(templates)
    params = Params()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url, 30.0)
        upgrade(engine)
        stores = {"plain": Store(engine, url, fusion=None)}
        for m in args.min_shared:
            stores[f"min_shared={m}"] = Store(engine, url, fusion=replace(params, story_min_shared_keys=m))
        n, seen = 0, set()
        for size in sorted(args.sizes):
            started = time.perf_counter()
            fill(stores["plain"], engine, n, size, templates, template_recs, pool, params, args.share, seen)
            n = size
            stores["plain"].analyze()
            filled = time.perf_counter() - started
            if stages:
                stages.update(dict.fromkeys(stages, 0.0))  # the fill calls prepare too
            times = measure(stores, engine, new, args.rounds)
            plain = statistics.mean(times["plain"])
            ingest = pipeline_s + plain
            db_mb = (Path(folder) / "bench.db").stat().st_size / 1e6
            parts = []
            for label in stores:
                if label == "plain":
                    continue
                added = statistics.mean(times[label]) - plain
                worst = max(a - b for a, b in zip(times[label], times["plain"]))
                parts.append(f"{label}: {statistics.mean(times[label]) * 1000:.1f} ms, adds {added * 1000:.1f} ms "
                             f"(worst {worst * 1000:.1f}) = {100 * added / ingest:.1f}% of ingest")
            print(f"{size:>7} stored (filled in {filled:.0f} s, {db_mb:.0f} MB): pipeline {pipeline_s * 1000:.0f} ms, "
                  f"write without fusion {plain * 1000:.1f} ms; with fusion " + "; ".join(parts), flush=True)
            groups = {"bundled": range(len(bundled())), "ECB+": range(len(bundled()), len(new))}
            def added_ms(label, idx):
                return statistics.mean(times[label][i] - times["plain"][i] for i in idx) * 1000

            print("         added per group (ms): " + "; ".join(
                f"{label} " + ", ".join(f"{g} {added_ms(label, idx):.1f}" for g, idx in groups.items())
                for label in stores if label != "plain"), flush=True)
            if stages:
                writes = len(new) * args.rounds * len(args.min_shared)
                print("         fusion per write: " + ", ".join(f"{k.strip('_')} {v * 1000 / writes:.1f} ms"
                                                                for k, v in stages.items()), flush=True)


if __name__ == "__main__":
    main()

"""Latency of the web API's list queries on a database of 100,000 events, measured against the running server.

    .venv/bin/python benchmarks/web_latency.py                      # SQLite in a temporary folder
    .venv/bin/python benchmarks/web_latency.py --db postgresql+psycopg://postgres@127.0.0.1:5432/bench
    .venv/bin/python benchmarks/web_latency.py --events 20000 --requests 50   # a quicker look

It fills the database with synthetic documents, event records and place records (bulk inserts straight into
the schema's tables and record_actors, after `open_store` has migrated it), starts `armswatch serve` on a free
127.0.0.1 port in a subprocess, then sends a bounded loop of sequential GET requests to each list endpoint,
with filters, and to the aggregate views (timeline, actor page, map), over one keep-alive connection, and
prints p50 / p95 / max per endpoint and the server's CPU time per request (its Server-Timing header). The aim:
p95 under 100 ms for the lists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import delete, insert

from armswatch.records import record_id
from armswatch.store import open_store
from armswatch.store.rows import actor_rows, record_row
from armswatch.store.schema import document_sources, documents, record_actors, records, search_rows
from armswatch.store.search import SEARCHED_KINDS, index_entries, record_body

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
COUNTRIES = ["AFG", "PAK", "USA", "IRN", "IRQ", "SYR", "UKR", "RUS", "CHN", "IND", "ISR", "PSE", "YEM", "SAU",
             "TUR", "SDN", "SOM", "MLI", "NGA", "COL"]
SECTORS = ["GOV", "MIL", "REB", "COP", "UAF"]
# (name, country, lat, lon) of the synthetic places: place records, and the place of a third of the events
PLACES = [(f"{country} town {i}", country, round(-40 + 2.1 * i + j, 2), round(-100 + 5.3 * i + 7 * j, 2))
          for j, country in enumerate(["AFG", "PAK", "IRQ", "SYR", "UKR"]) for i in range(8)]
WORDS = ("militants attacked a convoy near the border officials said weapons were seized in a raid after talks "
         "between the ministers on security cooperation and aid to the region").split()


def synthetic_actors(rng: random.Random, n: int = 300) -> list[dict]:
    actors = []
    for i in range(n):
        country = COUNTRIES[i % len(COUNTRIES)]
        sector = SECTORS[(i // len(COUNTRIES)) % len(SECTORS)]
        name = f"{country} {sector} {i}"
        actors.append({"name": name, "text": name, "type": "organisation", "country": country, "sector": sector,
                       "ids": {}})
    return actors


def fill(url: str, n_events: int, n_documents: int, seed: int = 7) -> None:
    """Bulk-insert documents, event records and two place records per document (each a valid record, with
their record_actors rows) into an empty database."""
    rng = random.Random(seed)
    where = random.Random(seed + 1)  # places drawn apart, so the events are those of earlier runs
    store = open_store(url)
    engine = store.engine
    actors = synthetic_actors(rng)
    now = dt.datetime.now(dt.timezone.utc)
    start_day = dt.date(2015, 1, 1)
    with engine.begin() as conn:
        conn.execute(delete(record_actors))
        conn.execute(delete(records))
        conn.execute(delete(document_sources))
        conn.execute(delete(documents))
        conn.execute(delete(search_rows))
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DELETE FROM search_fts")
        docs, sources, texts = [], [], {}
        for i in range(n_documents):
            doc_id = f"bench{i:019d}"
            # sentences of 20 words: an event's sentence (its search text) is one of them
            text = " ".join(" ".join(rng.choice(WORDS) for _ in range(20)).capitalize() + "." for _ in range(20))
            texts[doc_id] = text
            published = (start_day + dt.timedelta(days=rng.randrange(3650))).isoformat()
            docs.append({"doc_id": doc_id, "title": f"Synthetic report {i}", "url": f"https://example.org/{i}",
                         "published": published, "language": "en", "text": text, "chars": len(text),
                         "ingested_at": now})
            sources.append({"doc_id": doc_id, "source": f"feed-{i % 13}/item-{i}.html", "added_at": now})
        conn.execute(insert(documents), docs)
        conn.execute(insert(document_sources), sources)
        index_entries(conn, [{"doc_id": d["doc_id"], "record_id": None, "kind": "document",
                              "body": f"{d['title']} {d['text']}"} for d in docs])
        batch = []
        for i in range(n_events):
            doc_index = rng.randrange(n_documents)
            doc_id = f"bench{doc_index:019d}"
            start = rng.randrange(0, 2000)
            who, whom = rng.sample(actors, 2)
            day = start_day + dt.timedelta(days=rng.randrange(3650))
            trigger = rng.choice(WORDS)
            data = {"kind": "event", "id": record_id(doc_id, "event", i), "doc_id": doc_id,
                    "evidence": [{"start": start, "end": start + 40, "text": texts[doc_id][start:start + 40]}],
                    "confidence": round(rng.uniform(0.3, 1.0), 2), "extractor": {"name": "bench", "version": "0"},
                    "type": rng.choice(TYPES), "mode": [], "context": [], "actors": [who], "recipients": [whom],
                    "trigger": trigger, "date": day.isoformat(),
                    "place": where.choice(PLACES)[0] if where.random() < 1 / 3 else None,
                    "negated": False, "hypothetical": False, "future": False}
            batch.append(data)
            if len(batch) >= 5000:
                _insert(conn, batch, texts)
                batch = []
        if batch:
            _insert(conn, batch, texts)
        places = []
        for i in range(2 * n_documents):  # two place mentions per document
            doc_id = f"bench{i // 2:019d}"
            name, country, lat, lon = where.choice(PLACES)
            places.append(({
                "kind": "place", "id": record_id(doc_id, "place", i), "doc_id": doc_id,
                "evidence": [{"start": 0, "end": len(name), "text": texts[doc_id][:len(name)]}], "confidence": 0.8,
                "extractor": {"name": "bench", "version": "0"}, "text": name, "name": name, "country": country,
                "lat": lat, "lon": lon, "geonameid": None, "feature": "PPL"}))
        _insert(conn, places, texts)
    store.close()


def _insert(conn, datas: list[dict], texts: dict[str, str]) -> None:
    """Records, their record_actors rows and their search index rows, as Store.write_document writes them."""
    rows = [record_row(data, texts[data["doc_id"]]) for data in datas]
    conn.execute(insert(records), rows)
    named = [named for data in datas for named in actor_rows(data)]
    if named:
        conn.execute(insert(record_actors), named)
    index_entries(conn, [{"doc_id": data["doc_id"], "record_id": data["id"], "kind": data["kind"],
                          "body": record_body(data, texts[data["doc_id"]][row["sentence_start"]:row["sentence_end"]])}
                         for data, row in zip(datas, rows) if data["kind"] in SEARCHED_KINDS])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "armswatch.cli", "serve", "--db", url, "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/documents.json?limit=1", timeout=2)
            return process
        except httpx.HTTPError:
            if process.poll() is not None:
                raise SystemExit("server failed: " + process.stderr.read().decode("utf-8", "replace"))
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


def endpoints(rng: random.Random) -> list[tuple[str, list[str]]]:
    """Each endpoint with a pool of query strings; every request picks one (filters vary, as users' do)."""
    names = [a["name"] for a in synthetic_actors(rng)]
    months = [f"{y}-{m:02d}" for y in range(2015, 2025) for m in range(1, 13)]
    return [
        ("events (no filter)", ["/events.json"]),
        ("events ?type=", [f"/events.json?type={t}" for t in TYPES]),
        ("events ?country=", [f"/events.json?country={c}" for c in COUNTRIES]),
        ("events ?date range", [f"/events.json?date_from={m}&date_to={m}" for m in months]),
        ("events ?actor=", [f"/events.json?actor={n.replace(' ', '%20')}" for n in names[:60]]),
        ("events ?type&country&date", [f"/events.json?type={t}&country={c}&date_from=2018&date_to=2022"
                                        for t in TYPES for c in COUNTRIES[:5]]),
        ("events ?q=", [f"/events.json?q={w}" for w in WORDS[:10]]),
        ("events ?source=", [f"/events.json?source=feed-{i}/" for i in range(13)]),
        ("events sort=confidence page 20", ["/events.json?sort=-confidence&offset=1000&limit=50"]),
        ("documents", ["/documents.json", "/documents.json?date_from=2019&date_to=2020", "/documents.json?sort=title"]),
        ("documents ?q=", [f"/documents.json?q={w}" for w in WORDS[:10]]),
        ("actors", ["/actors.json", "/actors.json?country=PAK"]),
        ("timeline", ["/timeline.json", "/timeline.json?type=ASSAULT", "/timeline.json?date_from=2020&date_to=2021"]),
        ("actor page", [f"/actors/{n.replace(' ', '%20')}.json" for n in names[:60]]),
        ("map", ["/map.json", "/map.json?country=PAK"]),
    ]


def measure(base: str, name: str, paths: list[str], requests: int, rng: random.Random, client: httpx.Client) -> dict:
    client.get(base + paths[0])  # warm: connection and caches
    times, cpu = [], []
    for _ in range(requests):
        path = rng.choice(paths)
        began = time.perf_counter()
        answer = client.get(base + path)
        times.append((time.perf_counter() - began) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{path}: HTTP {answer.status_code} {answer.text[:200]}")
        timing = dict(part.strip().split(";dur=") for part in answer.headers.get("server-timing", "").split(",") if ";dur=" in part)
        if "cpu" in timing:
            cpu.append(float(timing["cpu"]))
    return {"endpoint": name, "n": len(times), "p50": _pct(times, 50), "p95": _pct(times, 95), "max": max(times),
            "cpu50": _pct(cpu, 50), "cpu95": _pct(cpu, 95)}


def _pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, int(round(q / 100 * len(ordered))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: SQLite in a temporary folder)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=100, help="requests per endpoint")
    parser.add_argument("--reuse", action="store_true", help="keep the data already in --db (filled by an earlier run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        began = time.perf_counter()
        if not (args.reuse and args.db):
            fill(url, args.events, args.documents)
            print(f"filled {args.events:,} events in {args.documents:,} documents in "
                  f"{time.perf_counter() - began:.1f} s ({url.split('://')[0]})")
        port = free_port()
        server = start_server(url, port)
        rng = random.Random(11)
        results = []
        try:
            with httpx.Client(timeout=30) as client:
                for name, paths in endpoints(rng):
                    results.append(measure(f"http://127.0.0.1:{port}", name, paths, args.requests, rng, client))
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{'endpoint':34} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8} {'cpu p95':>8}")
    for row in results:
        flag = "" if row["p95"] < 100 else "  over 100 ms"
        print(f"{row['endpoint']:34} {row['n']:5d} {row['p50']:8.1f} {row['p95']:8.1f} {row['max']:8.1f} "
              f"{row['cpu50']:8.1f} {row['cpu95']:8.1f}{flag}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cores: {os.cpu_count()}, load average {load:.1f}; one client, sequential requests over keep-alive; "
          "server: armswatch serve (uvicorn, one process). cpu = the server's CPU time per request "
          "(Server-Timing), which other load on the machine does not inflate")


if __name__ == "__main__":
    main()

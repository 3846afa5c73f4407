"""Fusion's cost per new document as the store grows, beside the pipeline's own time per document.

    PYTHONPATH=src nice -n 10 python benchmarks/fusion.py --sizes 1000 10000 [--new 30]

The stored documents are texts of eight real sentences each (from ECB+ with ``--ecbplus DIR``, else from
the bundled articles) with five synthetic events each (see ``synthetic``); the pipeline's time is measured
on the bundled articles. For each size, ``--new`` further documents
are written with fusion on and as many with fusion off; the difference is what fusion adds to ingest.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from armswatch.document import Document  # noqa: E402
from armswatch.fuse.params import Params  # noqa: E402
from armswatch.pipeline import Pipeline  # noqa: E402
from armswatch.records import record_id  # noqa: E402
from armswatch.store import Store  # noqa: E402
from armswatch.store.connect import make_engine  # noqa: E402
from armswatch.store.migrate import upgrade  # noqa: E402



def bundled() -> list[Document]:
    docs = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            docs.append(Document(text=row["text"], title=row.get("title"), url=row.get("url"),
                                 published=row.get("published"), source=path.name))
    return docs


TYPES = ["AGREE", "CONSULT", "SUPPORT", "REQUEST", "COOPERATE", "AID", "ACCUSE", "REJECT", "THREATEN",
         "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


def sentence_pool(data: Path | None) -> list[str]:
    """Real news sentences to build texts from: ECB+ (``--ecbplus DIR``) or the bundled articles."""
    import re

    if data:
        from armswatch.evaluate.ecbplus_data import load

        texts = [d.text for d in load(data)]
    else:
        texts = [d.text for d in bundled()]
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n+", t) if len(s.split()) >= 6]


def synthetic(n: int, pool: list[str], rng: random.Random) -> tuple[Document, list[dict]]:
    """A text of eight real sentences drawn from the pool, and five events with evidence in it, their
    actors among 2,000 names and 50 countries, their days in one year: many different events, some of
    them alike, as in a large store."""
    text = " ".join(rng.sample(pool, 8))
    doc = Document(text=text, url=f"https://bench.example/{n}", published="2020-12-31", source=f"bench{n}")
    records = []
    for k in range(5):
        start = rng.randrange(0, max(1, len(text) - 30))
        start = text.rfind(" ", 0, start) + 1
        end = text.find(" ", start + 1)
        end = end if end > start else len(text)
        actor = {"name": f"Actor {rng.randrange(2000)}", "text": "x", "type": "organisation",
                 "country": f"C{rng.randrange(50):02d}", "sector": "GOV", "ids": {}}
        records.append({"kind": "event", "id": record_id(doc.doc_id, "event", k), "doc_id": doc.doc_id,
                        "evidence": [{"start": start, "end": end, "text": text[start:end]}], "confidence": 0.8,
                        "extractor": {"name": "bench", "version": "0"}, "type": rng.choice(TYPES),
                        "actors": [actor], "recipients": [], "trigger": text[start:end],
                        "date": f"2020-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"})
    return doc, records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--new", type=int, default=30)
    parser.add_argument("--ecbplus", type=Path, default=None, help="ECB+ folder: its sentences make the texts")
    args = parser.parse_args()
    pool = sentence_pool(args.ecbplus)
    base = bundled()
    pipeline = Pipeline()
    list(pipeline.run(base[:1]))  # load the model before timing
    started = time.perf_counter()
    list(pipeline.run(base))
    pipeline_s = (time.perf_counter() - started) / len(base)
    print(f"pipeline: {pipeline_s * 1000:.0f} ms per document (bundled articles, this machine)", flush=True)
    rng = random.Random(1)
    params = Params()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url, 30.0)
        upgrade(engine)
        on, off = Store(engine, url, fusion=params), Store(engine, url, fusion=None)
        n = 0
        for size in sorted(args.sizes):
            while n < size:
                doc, recs = synthetic(n, pool, rng)
                on.write_document(doc, recs)
                n += 1
            timings = {}
            for label, store in (("fusion", on), ("plain", off)):
                times = []
                for _ in range(args.new):
                    doc, recs = synthetic(n, pool, rng)
                    n += 1
                    t = time.perf_counter()
                    store.write_document(doc, recs)
                    times.append(time.perf_counter() - t)
                timings[label] = statistics.median(times)
            added = timings["fusion"] - timings["plain"]
            print(f"{size:>7} stored: write {timings['plain'] * 1000:.1f} ms, with fusion "
                  f"{timings['fusion'] * 1000:.1f} ms; fusion adds {added * 1000:.1f} ms = "
                  f"{100 * added / (pipeline_s + timings['plain']):.1f}% of ingest (pipeline + write)", flush=True)


if __name__ == "__main__":
    main()

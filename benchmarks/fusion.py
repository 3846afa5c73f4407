"""Fusion's cost per new document as the store grows, beside the pipeline's own time per document.

    PYTHONPATH=src nice -n 10 python benchmarks/fusion.py --sizes 1000 10000 [--new 30]

The stored documents are variants of the bundled articles, each with its article's records (re-keyed; see
``variant``: an extra paragraph, and events moved to other days and actors so that copies, blocking keys
and term keys spread as over many different articles). For each size, ``--new`` further documents
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
from armswatch.records import record_id, to_dict  # noqa: E402
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


def _vocabulary() -> list[str]:
    import gzip
    from importlib import resources

    data = resources.files("armswatch").joinpath("resources/fuse/word_logprob.tsv.gz").read_bytes()
    return [line.split("\t")[0] for line in gzip.decompress(data).decode("utf-8").splitlines()[:20000]]


def variant(base: Document, records: list[dict], n: int, rng: random.Random) -> tuple[Document, list[dict]]:
    """The article followed by a paragraph of its own (longer than the article, so variants are not
    copies), its events moved to a day and to actors of their own among many (so blocking keys spread as
    over many real events; the evidence still points at the article's text)."""
    filler = " ".join(rng.choice(VOCABULARY) for _ in range(int(len(base.text.split()) * 1.5)))
    text = f"{base.text}\n\n{filler.capitalize()}."
    doc = Document(text=text, title=base.title, url=f"https://variant.example/{n}", published=None,
                   source=f"variant{n}")
    group = rng.randrange(500)
    day = f"2020-{1 + (n // 28) % 12:02d}-{1 + n % 28:02d}"
    out = []
    for data in records:
        data = dict(data, doc_id=doc.doc_id, id=record_id(doc.doc_id, data["kind"], data["id"]))
        if data["kind"] == "event":
            data["date"] = day
            for role in ("actors", "recipients"):
                data[role] = [dict(a, name=f"{a['name']} {group}", country=None) for a in data.get(role) or []]
        out.append(data)
    return doc, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--new", type=int, default=30)
    args = parser.parse_args()
    global VOCABULARY
    VOCABULARY = _vocabulary()
    base = bundled()
    pipeline = Pipeline()
    list(pipeline.run(base[:1]))  # load the model before timing
    started = time.perf_counter()
    extracted = [(doc, [to_dict(r) for r in recs]) for doc, recs in pipeline.run(base)]
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
                doc, recs = variant(*extracted[n % len(extracted)], n, rng)
                on.write_document(doc, recs)
                n += 1
            timings = {}
            for label, store in (("fusion", on), ("plain", off)):
                times = []
                for _ in range(args.new):
                    doc, recs = variant(*extracted[n % len(extracted)], n, rng)
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

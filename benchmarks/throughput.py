"""Throughput of the per-document function beside spaCy's parse alone, on the same real articles.

    python benchmarks/throughput.py --data ../shared/eval/polnear/data/train/text [--n 500]

Each side runs in a fresh child process (model loaded and warmed up first, not timed), one after the other
on the same texts, so the ratio is measured side by side in one run. Peak memory is each child's maximum
resident set size. Prints articles/s, words/s, peak memory and the ratio ours/spaCy.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import time
from pathlib import Path


RESOLUTION = ("actors", "places", "time")  # the resolution layer of issue 3


def load_texts(folder: Path, n: int) -> list[str]:
    files = sorted(p for p in folder.iterdir() if p.is_file())[:n]
    if not files:
        raise SystemExit(f"no article texts in {folder}")
    return [p.read_text("utf-8", errors="replace") for p in files]


def _spacy_alone(texts, queue):
    from armswatch import nlp as nlp_module
    from armswatch.config import load_settings

    settings = load_settings()
    nlp = nlp_module.load(settings.get("nlp.model"))
    batch = int(settings.get("nlp.batch_size"))
    list(nlp.pipe(texts[:5]))  # warm-up
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    queue.put(("spaCy parse alone", time.perf_counter() - start, _peak_mb(), None))


def _armswatch(texts, queue):
    from armswatch.document import Document
    from armswatch.pipeline import Pipeline

    pipeline = Pipeline()
    for _ in pipeline.run(Document(text=t) for t in texts[:5]):  # warm-up: model and lexicons loaded
        pass
    records = 0
    pipeline.timings.clear()
    start = time.perf_counter()
    for _, found in pipeline.run(Document(text=t, published="2016-01-01") for t in texts):
        records += len(found)
    timings = {name: round(seconds, 2) for name, seconds in pipeline.timings.items()}
    queue.put(("armswatch pipeline", time.perf_counter() - start, _peak_mb(), {"records": records, "timings_s": timings}))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(target, texts):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=target, args=(texts, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = Path(os.environ.get("ARMSWATCH_EVAL_DATA", "../shared/eval")) / "polnear" / "data" / "train" / "text"
    parser.add_argument("--data", type=Path, default=default, help="folder of article texts (default: %(default)s)")
    parser.add_argument("--n", type=int, default=500, help="number of articles (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    texts = load_texts(args.data, args.n)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words, from {args.data}")
    results = [measure(_spacy_alone, texts), measure(_armswatch, texts)]
    rows = {}
    for name, seconds, peak, extra in results:
        rows[name] = {"seconds": round(seconds, 2), "articles_per_s": round(len(texts) / seconds, 2),
                      "words_per_s": round(words / seconds), "peak_mb": round(peak), **(extra or {})}
        print(f"{name:22s} {seconds:8.1f} s  {len(texts) / seconds:7.1f} articles/s  {words / seconds:9.0f} words/s"
              f"  peak {peak:6.0f} MB")
    base, ours = rows["spaCy parse alone"], rows["armswatch pipeline"]
    ratio = base["seconds"] / ours["seconds"]
    print(f"ratio (armswatch speed / spaCy parse speed): {ratio:.2f}; per-document time added by extraction: "
          f"{(ours['seconds'] - base['seconds']) / base['seconds'] * 100:.0f}%")
    # where the time goes inside our run, against the parse alone of the other run
    timings = ours["timings_s"]
    parse_in_ours = timings["total"] - sum(v for k, v in timings.items() if k != "total")
    print(f"inside the armswatch run: parse and batching {parse_in_ours:.1f} s; per extractor, seconds and share "
          f"of the spaCy-alone time:")
    for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        if name != "total":
            print(f"  {name:12s} {seconds:7.1f} s  {seconds / base['seconds'] * 100:5.1f}%  "
                  f"({seconds / len(texts) * 1000:.1f} ms per article)")
    resolution = sum(timings.get(name, 0.0) for name in RESOLUTION)
    print(f"resolution ({', '.join(RESOLUTION)}) adds {resolution / base['seconds'] * 100:.0f}% to the parse time")
    if args.json:
        args.json.write_text(json.dumps({"articles": len(texts), "words": words, "results": rows,
                                         "ratio": round(ratio, 3)}, indent=2) + "\n")


if __name__ == "__main__":
    main()

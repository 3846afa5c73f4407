"""Throughput of the per-document function beside spaCy's parse alone, on the same real articles, in CPU time.

    python benchmarks/throughput.py --data ../shared/eval/polnear/data/train/text [--n 500]

Both sides run in one child process on the same texts, after the model and lexicons are loaded and warmed up
(not timed): spaCy alone (``nlp.pipe``), then the armswatch pipeline, then spaCy alone again, so drift shows.
Each is timed with ``time.process_time`` (CPU seconds of this process), since on a shared machine wall-clock
ratios are noise; wall seconds are printed beside them. The pipeline's own timings (``Pipeline.clock`` set to
CPU time) split its run into the parse (total minus the extractors) and each extractor. Prints CPU seconds,
articles/s and words/s per CPU second, the CPU-time ratio of the parse inside the pipeline to spaCy alone, and
the process's peak memory.
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


def _both(texts, queue):
    from armswatch.config import load_settings
    from armswatch.document import Document
    from armswatch.pipeline import Pipeline

    settings = load_settings()
    pipeline = Pipeline(settings)
    batch = int(settings.get("nlp.batch_size"))
    for _ in pipeline.run(Document(text=t) for t in texts[:5]):  # warm-up: model and lexicons loaded
        pass
    rows = []

    def spacy_alone(name):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in pipeline.nlp.pipe(texts, batch_size=batch):
            pass
        rows.append((name, time.process_time() - cpu, time.perf_counter() - wall, None))

    spacy_alone("spaCy parse alone")
    pipeline.timings.clear()
    pipeline.clock = time.process_time
    records = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for _, found in pipeline.run(Document(text=t, published="2016-01-01") for t in texts):
        records += len(found)
    timings = {name: round(seconds, 2) for name, seconds in pipeline.timings.items()}
    rows.append(("armswatch pipeline", time.process_time() - cpu, time.perf_counter() - wall,
                 {"records": records, "timings_cpu_s": timings}))
    spacy_alone("spaCy parse alone again")
    queue.put((rows, _peak_mb()))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(texts):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_both, args=(texts, queue))
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
    results, peak = measure(texts)
    rows = {}
    for name, cpu, wall, extra in results:
        rows[name] = {"cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "articles_per_cpu_s": round(len(texts) / cpu, 2),
                      "words_per_cpu_s": round(words / cpu), **(extra or {})}
        print(f"{name:24s} {cpu:8.1f} CPU s  ({wall:7.1f} wall s)  {len(texts) / cpu:6.1f} articles/CPU s  "
              f"{words / cpu:8.0f} words/CPU s")
    alone = (rows["spaCy parse alone"]["cpu_s"] + rows["spaCy parse alone again"]["cpu_s"]) / 2
    ours = rows["armswatch pipeline"]
    timings = ours["timings_cpu_s"]
    extractors = sum(v for k, v in timings.items() if k != "total")
    parse_in_ours = timings["total"] - extractors
    ratio = alone / ours["cpu_s"]
    print(f"peak memory of the process: {peak:.0f} MB")
    print(f"CPU-time ratio (armswatch speed / spaCy parse speed): {ratio:.2f}; extraction adds "
          f"{extractors / alone * 100:.0f}% to the parse")
    print(f"parse inside the pipeline: {parse_in_ours:.1f} CPU s against {alone:.1f} for spaCy alone (mean of the two "
          f"runs): CPU-time ratio {parse_in_ours / alone:.3f}")
    print("per extractor, CPU seconds and share of the spaCy-alone time:")
    for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        if name != "total":
            print(f"  {name:12s} {seconds:7.1f} s  {seconds / alone * 100:5.1f}%  "
                  f"({seconds / len(texts) * 1000:.1f} ms per article)")
    resolution = sum(timings.get(name, 0.0) for name in RESOLUTION)
    print(f"resolution ({', '.join(RESOLUTION)}) adds {resolution / alone * 100:.0f}% to the parse time")
    if args.json:
        args.json.write_text(json.dumps({"articles": len(texts), "words": words, "results": rows, "peak_mb": round(peak),
                                         "cpu_ratio": round(ratio, 3),
                                         "parse_cpu_ratio": round(parse_in_ours / alone, 3)}, indent=2) + "\n")


if __name__ == "__main__":
    main()

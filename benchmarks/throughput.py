"""Throughput of the per-document function beside spaCy's parse alone, on the same real articles, in CPU time.

    python benchmarks/throughput.py --data ../shared/eval/polnear/data/train/text [--n 500] [--rounds 3]

Both sides run in one child process on the same texts, after the model and lexicons are loaded and warmed up
(not timed), in alternating rounds: spaCy alone, the armswatch pipeline, spaCy alone, the pipeline, ... and
spaCy alone once more at the end, so that drift on a shared machine falls on both sides; medians are reported,
with the range over rounds. spaCy alone parses exactly as the pipeline does: batches of ``nlp.batch_size``
documents, each inside its own memory zone, long texts in the same pieces (``nlp.parse_many``). Each run is timed
with ``time.process_time`` (CPU seconds of this process), since on a shared machine wall-clock ratios are noise;
wall seconds are printed beside them. The pipeline's own timings (``Pipeline.clock`` set to CPU time) split its
run into the parse (with the memory zone's closing), each extractor, and what is left: the pipeline's own work.
Prints CPU seconds, articles/s and words/s per CPU second, the CPU-time ratio of the parse inside the pipeline
to spaCy alone, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import statistics
import time
from pathlib import Path


RESOLUTION = ("actors", "places", "time")  # the resolution layer of issue 3


def load_texts(folder: Path, n: int) -> list[str]:
    files = sorted(p for p in folder.iterdir() if p.is_file())[:n]
    if not files:
        raise SystemExit(f"no article texts in {folder}")
    return [p.read_text("utf-8", errors="replace") for p in files]


def _rounds(texts, rounds, queue):
    from armswatch import nlp as nlp_module
    from armswatch.config import load_settings
    from armswatch.document import Document
    from armswatch.pipeline import Pipeline

    settings = load_settings()
    pipeline = Pipeline(settings)
    batch_size, max_chars = int(settings.get("nlp.batch_size")), int(settings.get("nlp.max_chunk_chars"))
    for _ in pipeline.run(Document(text=t) for t in texts[:5]):  # warm-up: model and lexicons loaded
        pass
    pipeline.clock = time.process_time
    spacy_runs, pipeline_runs = [], []

    def spacy_alone():
        cpu, wall = time.process_time(), time.perf_counter()
        for start in range(0, len(texts), batch_size):  # the pipeline's batches and memory zones
            with pipeline.nlp.memory_zone():
                list(nlp_module.parse_many(pipeline.nlp, texts[start:start + batch_size], batch_size, max_chars))
        spacy_runs.append({"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall})

    def armswatch():
        pipeline.timings.clear()
        records = 0
        cpu, wall = time.process_time(), time.perf_counter()
        for _, found in pipeline.run(Document(text=t, published="2016-01-01") for t in texts):
            records += len(found)
        pipeline_runs.append({"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall,
                              "records": records, "timings_cpu_s": dict(pipeline.timings)})

    for _ in range(rounds):
        spacy_alone()
        armswatch()
    spacy_alone()
    queue.put((spacy_runs, pipeline_runs, _peak_mb()))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(texts, rounds):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_rounds, args=(texts, rounds, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def _median_range(values, digits: int = 1) -> str:
    return f"{statistics.median(values):.{digits}f} (range {min(values):.{digits}f}-{max(values):.{digits}f})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = Path(os.environ.get("ARMSWATCH_EVAL_DATA", "../shared/eval")) / "polnear" / "data" / "train" / "text"
    parser.add_argument("--data", type=Path, default=default, help="folder of article texts (default: %(default)s)")
    parser.add_argument("--n", type=int, default=500, help="number of articles (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds of spaCy alone and the pipeline, plus a last spaCy alone; "
                             "medians are reported (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    texts = load_texts(args.data, args.n)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words, from {args.data}; {args.rounds} rounds")
    spacy_runs, pipeline_runs, peak = measure(texts, max(1, args.rounds))
    for name, runs in (("spaCy parse alone", spacy_runs), ("armswatch pipeline", pipeline_runs)):
        cpu = statistics.median(r["cpu_s"] for r in runs)
        wall = statistics.median(r["wall_s"] for r in runs)
        each = ", ".join(f"{r['cpu_s']:.1f}" for r in runs)
        print(f"{name:20s} {cpu:8.1f} CPU s  ({wall:7.1f} wall s)  {len(texts) / cpu:6.1f} articles/CPU s  "
              f"{words / cpu:8.0f} words/CPU s  (median of {len(runs)}: {each})")
    alone = statistics.median(r["cpu_s"] for r in spacy_runs)
    ours = statistics.median(r["cpu_s"] for r in pipeline_runs)
    # per pipeline round: its parse against the mean of the spaCy-alone runs on either side of it
    parse_ratios = [run["timings_cpu_s"]["parse"] / ((spacy_runs[i]["cpu_s"] + spacy_runs[i + 1]["cpu_s"]) / 2)
                    for i, run in enumerate(pipeline_runs)]
    names = sorted({k for run in pipeline_runs for k in run["timings_cpu_s"]} - {"total", "parse"})
    median = {name: statistics.median(run["timings_cpu_s"].get(name, 0.0) for run in pipeline_runs)
              for name in ("total", "parse", *names)}
    own = [run["timings_cpu_s"]["total"] - run["timings_cpu_s"]["parse"]
           - sum(run["timings_cpu_s"].get(n, 0.0) for n in names) for run in pipeline_runs]
    extractors = sum(median[n] for n in names)
    print(f"peak memory of the process: {peak:.0f} MB")
    print(f"CPU-time ratio (armswatch speed / spaCy parse speed): {alone / ours:.2f}; extraction adds "
          f"{extractors / alone * 100:.0f}% to the parse")
    parses = [r["timings_cpu_s"]["parse"] for r in pipeline_runs]
    print(f"parse inside the pipeline: {_median_range(parses)} CPU s "
          f"against {_median_range([r['cpu_s'] for r in spacy_runs])} for spaCy alone: CPU-time ratio "
          f"{statistics.median(parse_ratios):.3f} (median; per round {', '.join(f'{r:.3f}' for r in parse_ratios)})")
    print(f"the pipeline's own work (total less the parse and the extractors): {_median_range(own, 2)} CPU s")
    print("per extractor, CPU seconds (median) and share of the spaCy-alone time:")
    for name in sorted(names, key=lambda n: -median[n]):
        print(f"  {name:12s} {median[name]:7.1f} s  {median[name] / alone * 100:5.1f}%  "
              f"({median[name] / len(texts) * 1000:.1f} ms per article)")
    resolution = sum(median.get(name, 0.0) for name in RESOLUTION)
    print(f"resolution ({', '.join(RESOLUTION)}) adds {resolution / alone * 100:.0f}% to the parse time")
    if args.json:
        args.json.write_text(json.dumps({"articles": len(texts), "words": words, "rounds": len(pipeline_runs),
                                         "spacy_alone": spacy_runs, "pipeline": pipeline_runs, "peak_mb": round(peak),
                                         "cpu_ratio": round(alone / ours, 3),
                                         "parse_cpu_ratio": round(statistics.median(parse_ratios), 3),
                                         "parse_cpu_ratios": [round(r, 3) for r in parse_ratios],
                                         "own_work_cpu_s": round(statistics.median(own), 2)}, indent=2) + "\n")


if __name__ == "__main__":
    main()

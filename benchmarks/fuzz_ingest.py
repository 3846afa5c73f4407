"""Fuzzing the readers and the per-document function: seeded random mutations of valid inputs of every kind
(text, HTML, JSON Lines, JSON arrays, PDF, RSS/Atom, WARC, and the dispatch by content), each read by its
reader; a small share of the documents that come out go through the whole pipeline. Counts the inputs and
the uncaught exceptions (anything but an ArmswatchError), and prints each crash with the seed that makes it.

    PYTHONPATH=src:tests nice -n 19 python benchmarks/fuzz_ingest.py --inputs 100000 --seed 1

Fetching is turned off (feeds' links are refused), so nothing leaves the machine. Atheris is not used: the
mutator here needs no native build, and a given seed replays the same inputs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import KINDS, fuzz_settings, mutate, read_with, seeds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pipeline-share", type=float, default=0.005,
                        help="share of the documents read that also go through the pipeline")
    parser.add_argument("--out", help="write each crashing input here (one file per crash)")
    parser.add_argument("--replay", type=int, help="run only input number N of this seed (to reproduce one)")
    args = parser.parse_args()

    from armswatch.document import Document
    from armswatch.errors import ArmswatchError
    from armswatch.pipeline import Pipeline

    settings = fuzz_settings()
    pipeline = Pipeline(settings)
    pool = seeds()
    everything = [data for inputs in pool.values() for data in inputs]
    counts: Counter = Counter()
    crashes: list[dict] = []
    slowest = (0.0, "")
    started = time.perf_counter()
    numbers = [args.replay] if args.replay is not None else range(args.inputs)
    for number in numbers:
        rng = random.Random(f"{args.seed}:{number}")  # each input made on its own: --replay remakes it
        kind = KINDS[number % len(KINDS)]
        base = rng.choice(pool.get(kind) or everything)
        data = mutate(base, rng, everything)
        began = time.process_time()  # CPU: the wall clock measures the machine's other work too
        stage = "reader"
        try:
            items = read_with(kind, data, settings)
            counts[f"{kind} inputs"] += 1
            for item in items:
                counts["documents" if isinstance(item, Document) else f"error {item.code}"] += 1
                if isinstance(item, Document) and rng.random() < args.pipeline_share:
                    stage = "pipeline"
                    pipeline(item)
                    counts["through the pipeline"] += 1
        except ArmswatchError as error:
            counts[f"{kind} inputs"] += 1
            counts[f"error {error.code}"] += 1
        except Exception as exc:  # a crash: what the fuzzing is for
            counts[f"{kind} inputs"] += 1
            crash = {"input": number, "kind": kind, "stage": stage, "error": f"{type(exc).__name__}: {exc}"[:300],
                     "where": traceback.format_exc().strip().splitlines()[-3][:200]}
            crashes.append(crash)
            print(json.dumps(crash), flush=True)
            if args.out:
                Path(args.out).mkdir(parents=True, exist_ok=True)
                (Path(args.out) / f"crash-{number}.{kind}").write_bytes(data)
        took = time.process_time() - began
        if took > slowest[0]:
            slowest = (took, f"input {number} ({kind}, {len(data):,} bytes)")
        if (number + 1) % 5000 == 0:
            print(f"... {number + 1:,} inputs, {len(crashes)} crashes, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    total = time.perf_counter() - started
    print(json.dumps({"inputs": len(numbers), "seed": args.seed, "uncaught_exceptions": len(crashes),
                      "wall_s": round(total, 1), "cpu_s": round(time.process_time(), 1),
                      "slowest_input_cpu_s": round(slowest[0], 2), "slowest": slowest[1],
                      "counts": dict(sorted(counts.items()))}, indent=1))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

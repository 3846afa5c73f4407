"""Scaling benchmarks, each a ratio measured side by side in one run on the same articles.

    python benchmarks/scale.py --data ../shared/eval [--n 1000] [--out reports/scale]

1. builds a WARC file (gzip) of HTML pages: real article texts (PolNeAR train and dev, re3d) wrapped in a page
   with navigation and footer, and the real news pages of trafilatura's evaluation set as they were served;
2. `armswatch ingest` of that WARC on 1 core and on 2 cores (fresh SQLite each);
3. `armswatch batch` on Spark local[2] over the same WARC, then `armswatch load` of its output;
4. peak resident memory of every worker process (sampled from /proc).

The pipeline vs spaCy parse ratio per core is measured by benchmarks/throughput.py.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def article_pages(data: Path, n: int) -> list[tuple[str, bytes, int]]:
    """(url, HTML page, words) for up to n real articles."""
    pages = [(f"https://news.example.org/{name}", wrap_in_page(name, text, index), len(text.split()))
             for index, (name, text) in enumerate(article_texts(data))]
    evaldata = data / "trafilatura-eval" / "evaldata.en-news-subset.json"
    if evaldata.exists():
        for url, entry in json.loads(evaldata.read_text("utf-8")).items():
            for folder in ("eval", "cache"):
                page = data / "trafilatura-eval" / folder / entry["file"]
                if page.exists():
                    raw = page.read_bytes()
                    visible = re.sub(rb"<script.*?</script>|<style.*?</style>|<[^>]+>", b" ", raw, flags=re.S)
                    pages.append((url, raw, len(visible.split())))
                    break
    return pages[:n]


def article_texts(data: Path) -> list[tuple[str, str]]:
    """(name, text) of the real article texts."""
    out = []
    for split in ("train", "dev"):
        for path in sorted((data / "polnear" / "data" / split / "text").iterdir()):
            out.append((f"polnear-{split}-{path.stem}", path.read_text("utf-8", errors="replace")))
    for sub in ("CENTCOM", "UK Government", "Wikipedia"):
        docs = data / "re3d" / sub / "documents.json"
        if docs.exists():
            for line in docs.read_text("utf-8").splitlines():
                row = json.loads(line)
                out.append((f"re3d-{row['_id']}", row["text"]))
    return out


def wrap_in_page(name: str, text: str, index: int) -> bytes:
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    title = html.escape(paragraphs[0][:120]) if paragraphs else name
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='2016-0{1 + index % 9}-1{index % 10}'>"
            f"</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>© Example News</footer></body></html>").encode("utf-8")


def build_warc(pages: list[tuple[str, bytes, int]], path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, page, _ in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=headers)
            writer.write_record(record)


class PeakMemory:
    """Samples the resident memory of every descendant process; keeps each one's peak."""

    def __init__(self, interval: float = 0.2):
        self.interval, self.peaks, self._stop = interval, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _children(self) -> dict[int, tuple[int, str, int]]:
        procs = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                rss_kb = int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                procs[int(entry)] = (ppid, name, rss_kb)
            except (OSError, ValueError):
                continue
        return procs

    def _run(self):
        me = os.getpid()
        while not self._stop.is_set():
            procs = self._children()
            family = {me}
            changed = True
            while changed:
                changed = False
                for pid, (ppid, _, _) in procs.items():
                    if ppid in family and pid not in family:
                        family.add(pid)
                        changed = True
            for pid in family - {me}:
                _, name, rss = procs[pid]
                self.peaks[(pid, name)] = max(self.peaks.get((pid, name), 0), rss)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def python_workers_mb(self) -> list[float]:
        return sorted(round(kb / 1024) for (pid, name), kb in self.peaks.items() if name.startswith("python"))


def timed(command: list[str], env: dict) -> tuple[float, list[float], str]:
    with PeakMemory() as memory:
        start = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return seconds, memory.python_workers_mb(), result.stdout + result.stderr


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ARMSWATCH_EVAL_DATA", "../shared/eval")))
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "scale")
    parser.add_argument("--skip-spark", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    articles = article_pages(args.data, args.n)
    warc = args.out / "articles.warc.gz"
    build_warc(articles, warc)
    words = sum(w for _, _, w in articles)
    print(f"WARC of {len(articles)} articles ({words} words): {warc} ({warc.stat().st_size / 1e6:.1f} MB)")
    armswatch = [sys.executable, "-m", "armswatch.cli"]
    results = {}
    for cores in (1, 2):
        db = args.out / f"ingest-{cores}.db"
        db.unlink(missing_ok=True)
        env = {**os.environ, "ARMSWATCH__NLP__N_PROCESS": str(cores)}
        seconds, workers, _ = timed(armswatch + ["ingest", str(warc), "--db", f"sqlite:///{db}"], env)
        results[f"ingest_{cores}_core"] = {"seconds": round(seconds, 1), "articles_per_s": round(len(articles) / seconds, 2),
                                           "worker_peak_mb": workers}
        print(f"ingest on {cores} core(s): {seconds:.1f} s, {len(articles) / seconds:.2f} articles/s, "
              f"python process peaks (MB): {workers}")
    results["ingest_2_vs_1_core"] = round(results["ingest_1_core"]["seconds"] / results["ingest_2_core"]["seconds"], 2)
    print(f"ratio ingest 2 cores / 1 core (speed): {results['ingest_2_vs_1_core']}")
    if not args.skip_spark:
        out = args.out / "batch"
        seconds, workers, log = timed(armswatch + ["batch", str(warc), "--out", str(out), "--master", "local[2]"],
                                      dict(os.environ))
        db = args.out / "batch.db"
        db.unlink(missing_ok=True)
        load_seconds, _, _ = timed(armswatch + ["load", str(out), "--db", f"sqlite:///{db}"], dict(os.environ))
        size = sum(p.stat().st_size for p in out.rglob("*.parquet"))
        results["spark_local2"] = {"seconds": round(seconds, 1), "load_seconds": round(load_seconds, 1),
                                   "articles_per_s": round(len(articles) / seconds, 2), "worker_peak_mb": workers,
                                   "parquet_mb": round(size / 1e6, 1)}
        results["spark_vs_ingest_2_core"] = round(results["ingest_2_core"]["seconds"] / seconds, 2)
        print(f"Spark local[2]: {seconds:.1f} s ({len(articles) / seconds:.2f} articles/s), load {load_seconds:.1f} s, "
              f"Parquet {size / 1e6:.1f} MB, python process peaks (MB): {workers}")
        print(f"ratio Spark local[2] / ingest on 2 cores (speed): {results['spark_vs_ingest_2_core']}")
    (args.out / "scale.json").write_text(json.dumps({"articles": len(articles), "words": words, **results}, indent=2) + "\n")


if __name__ == "__main__":
    main()

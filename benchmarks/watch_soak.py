"""Soak run of the monitor: many rounds in one process against local feeds, watching memory and file handles.

    python benchmarks/watch_soak.py --rounds 200 [--db sqlite:///soak.db]

One Monitor (as `armswatch watch` keeps one) runs rounds over four local sources: an RSS feed answering 304
unless it grew, a gzipped sitemap index (no validators: parsed every round), a URL list and a broken feed
(the error path). Every ``--grow`` rounds the feed lists one more real article, which is fetched, extracted
and stored; the alert rules then fire and their deliveries go to a JSON Lines file and a local webhook.
Resident memory (VmRSS) and open file descriptors are read after a warm-up (the model loaded, the first
articles stored) and at the end; the run passes when memory stays within 10%, no descriptor leaked, and a full
evaluation of the rules at the end finds nothing the per-round (incremental) evaluations missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the loopback site the tests use

from watch_site import Receiver, Site, real_articles  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20, help="rounds before the first reading")
    parser.add_argument("--grow", type=int, default=70, help="the feed lists one more article every N rounds")
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    import logging

    logging.getLogger("armswatch").setLevel(logging.ERROR)  # each round's log line would flood the output

    from armswatch.config import load_settings
    from armswatch.store import open_store
    from armswatch.watch import alerts as alerting
    from armswatch.watch.config import Output, Rule, Source
    from armswatch.watch.monitor import Monitor

    folder = Path(tempfile.mkdtemp(prefix="aw-soak-"))
    settings = load_settings(env={})
    settings.set("watch.min_host_delay_s", 0.0)
    settings.set("nlp.n_process", 1)
    store = open_store(args.db or f"sqlite:///{folder / 'soak.db'}", settings)
    articles = real_articles(6)  # all that are bundled: the feed stops growing once it lists them all
    with Site(articles, listed=3) as site, Receiver(fail_first=0) as hook:
        sources = [Source(name=name, url=site.base + path, allow_private=True, kind=kind)
                   for name, path, kind in (("feed", "/feed.xml", "auto"), ("sitemap", "/sitemap_index.xml", "sitemap"),
                                            ("list", "/urls.txt", "urls"), ("broken", "/broken.xml", "auto"))]
        outputs = {"file": Output("file", "jsonl", {"path": str(folder / "alerts.jsonl")}),
                   "hook": Output("hook", "webhook", {"url": hook.url})}
        rules = [Rule(name="pakistan", actors=("Pakistan", "PAK"), outputs=("file", "hook")),
                 Rule(name="arms", kinds=("arms",), min_count=1000, outputs=("file",))]

        def after_round(record):
            if record.doc_ids:
                alerting.fire(store, rules, doc_ids=record.doc_ids)
            alerting.deliver(store, outputs, settings)

        monitor = Monitor(sources, settings, store, after_round=after_round)
        readings, started = [], time.monotonic()
        for number in range(1, args.rounds + 1):
            if number % args.grow == 0 and site.listed < len(articles):
                site.listed += 1
            monitor.run(once=True)
            if number == args.warmup or number == args.rounds or number % 50 == 0:
                readings.append({"round": number, "rss_mb": round(rss_mb(), 1), "fds": open_fds()})
                print(json.dumps(readings[-1]), flush=True)
        elapsed = time.monotonic() - started
        requests = len(site.requests)
    stats = store.stats()
    missed = len(alerting.check(store, rules))  # what a full evaluation would still fire: should be nothing
    store.close()
    first, last = readings[0], readings[-1]
    growth_ratio = last["rss_mb"] / first["rss_mb"]
    report = {"rounds": args.rounds, "seconds": round(elapsed, 1), "requests": requests,
              "documents": stats["documents"], "alerts_posted": len(hook.posts),
              "missed_by_incremental_alerts": missed,
              "rss_mb_after_warmup": first["rss_mb"], "rss_mb_at_end": last["rss_mb"],
              "rss_growth": round(growth_ratio - 1, 4), "fds_after_warmup": first["fds"], "fds_at_end": last["fds"],
              "memory_flat_within_10pct": growth_ratio <= 1.10, "no_fd_leak": last["fds"] <= first["fds"]}
    print(json.dumps(report, indent=2))
    raise SystemExit(0 if report["memory_flat_within_10pct"] and report["no_fd_leak"] and not missed else 1)


if __name__ == "__main__":
    main()

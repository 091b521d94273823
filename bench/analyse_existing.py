"""Time ``analyse()`` on an existing store (e.g. the 100,000-article store left by
bench_ingest.py) and report seconds per step, counts and peak memory (the process's peak
resident set after each step: ru_maxrss never goes down, so a step that holds more than the
ones before it shows as a rise).

    python bench/analyse_existing.py sqlite:////tmp/scale.db [--out bench/results/x.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import time
from pathlib import Path


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--out", default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="log each pass")
    args = parser.parse_args()
    if args.verbose:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
        logging.getLogger("claimgraph.analysis").setLevel(logging.INFO)
    from claimgraph.store import open_store
    from claimgraph.store.sql.analyse import STEPS

    store = open_store(args.url)
    before = store.counts()
    rss_open = peak_mb()
    seconds, peaks = {}, {}
    start = time.perf_counter()
    for name, step in STEPS:  # what store.analyse() runs, step by step
        began = time.perf_counter()
        step(store)
        seconds[name] = round(time.perf_counter() - began, 1)
        peaks[name] = peak_mb()
        print(name, seconds[name], "s", peaks[name], "MB", flush=True)
    result = {
        "articles": before["articles"],
        "analyse_seconds": round(time.perf_counter() - start, 1),
        "steps_seconds": seconds,
        "peak_rss_mb_after_step": peaks,
        "peak_rss_mb_after_open": rss_open,
        "counts": store.counts(),
        "peak_rss_mb": peak_mb(),
    }
    store.close()
    print(json.dumps(result))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Time ``analyse()`` on an existing store (e.g. the 100,000-article store left by
bench_ingest.py) and report seconds per step, counts and peak memory.

    python bench/analyse_existing.py sqlite:////tmp/scale.db [--out bench/results/x.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from claimgraph.store import open_store

    store = open_store(args.url)
    before = store.counts()
    start = time.perf_counter()
    analysis = store.analyse()
    result = {
        "articles": before["articles"],
        "analyse_seconds": round(time.perf_counter() - start, 1),
        "steps_seconds": analysis["seconds"],
        "counts": store.counts(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    store.close()
    print(json.dumps(result))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

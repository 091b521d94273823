"""Extraction on every core: articles/s with 1 and 2 worker processes (issue 13, part 2).

    .venv/bin/python bench/bench_workers.py [--articles 120] [--workers 1 2] [--output PATH]

Extracts the first ``--articles`` Wikinews 2019-2021 articles (``<corpus_dir>/wikinews-2019-
2021/wikinews_2019_2021.jsonl``; skips with a message when absent) through
``pipeline.extract_pairs(jobs=N)`` — what ``claimgraph ingest --workers N`` runs before its one
writer — for each N of ``--workers``, and reports:

- wall seconds and articles/s for each N (the model load of each worker included: it is
  what a user waits for), the scaling ratio against one worker, and the parallel
  efficiency (ratio / N);
- the peak resident memory of each worker process (VmHWM read from /proc while it runs;
  Linux only, else null) and of the parent;
- a projection to a 16-core machine: articles/day = articles/s per worker x 16 x the
  measured efficiency x 86,400 (a projection, not a measurement: it assumes the efficiency
  of the largest N measured holds, and memory for 16 models).

The machine is shared: its 1-minute load average before and after each run is recorded.
Results go to bench/results/workers.json.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CORPUS = "wikinews-2019-2021/wikinews_2019_2021.jsonl"
RESULTS = Path(__file__).resolve().parent / "results" / "workers.json"
PROJECT_CORES = 16
HELPER_PROCESS_MB = 50  # a child smaller than this holds no model: not a worker


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(entry.name))
    return out


def _hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class PeakMemory:
    """Samples the peak RSS (VmHWM) of this process's children while it runs."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            for child in _children(me):
                mb = _hwm_mb(child)
                if mb is not None:
                    self.peaks[child] = max(self.peaks.get(child, 0.0), mb)
            self._stop.wait(0.5)

    def __enter__(self) -> PeakMemory:
        if Path("/proc").is_dir():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def _digest(record: dict[str, Any]) -> str:
    """A record's content, as one hash: the runs must give the same records in one order."""
    import hashlib

    return hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def run(n_articles: int, workers: list[int]) -> dict[str, Any] | None:
    from claimgraph.models import Document
    from claimgraph.pipeline import extract_pairs
    from claimgraph.settings import get_settings

    path = get_settings().corpus_dir / CORPUS
    if not path.exists():
        print(f"skipped: {path} not found (set CLAIMGRAPH_CORPUS)", file=sys.stderr)
        return None
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            docs.append(Document(source=f"wikinews:{len(docs)}", text=item["text"]))
            if len(docs) >= n_articles:
                break
    words = sum(len(d.text.split()) for d in docs)
    runs = []
    ids_by_n: dict[int, list[str]] = {}
    for n in workers:
        load_before = _load()
        start = time.perf_counter()
        with PeakMemory() as mem:
            fresh = [copy.deepcopy(d) for d in docs]  # extraction marks documents in place
            records = [r for _, r in extract_pairs(fresh, jobs=n)]
        seconds = time.perf_counter() - start
        ids_by_n[n] = [_digest(r.to_dict()) for r in records]
        # the pool's workers (each with a model); multiprocessing's small resource tracker
        # process is left out
        workers_mb = [v for v in mem.peaks.values() if v >= HELPER_PROCESS_MB]
        worker_peaks = sorted(round(v, 1) for v in workers_mb) if n > 1 else []
        runs.append(
            {
                "workers": n,
                "seconds": round(seconds, 2),
                "articles_per_s": round(len(records) / seconds, 3),
                "words_per_s": round(words / seconds, 1),
                "worker_peak_rss_mb": worker_peaks,
                "parent_peak_rss_mb": round(_hwm_mb(os.getpid()) or 0.0, 1) or None,
                "load_before": load_before,
                "load_after": _load(),
            }
        )
        print(
            f"{n} worker(s): {seconds:.1f} s, {len(records) / seconds:.2f} articles/s",
            file=sys.stderr,
        )
    base = runs[0]["articles_per_s"]
    for r in runs:
        r["scaling"] = round(r["articles_per_s"] / base, 3)
        r["efficiency"] = round(r["scaling"] / r["workers"] * runs[0]["workers"], 3)
    last = runs[-1]
    per_worker = base / runs[0]["workers"]
    return {
        "benchmark": "extraction with N worker processes (ingest --workers N)",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared with other jobs)",
        "articles": len(docs),
        "words": words,
        "same_records_for_every_n": all(ids == ids_by_n[workers[0]] for ids in ids_by_n.values()),
        "runs": runs,
        "projection": {
            "cores": PROJECT_CORES,
            "assumes_efficiency": last["efficiency"],
            "articles_per_day": round(per_worker * PROJECT_CORES * last["efficiency"] * 86400),
            "memory_gb": round(
                PROJECT_CORES * (max(last["worker_peak_rss_mb"] or [1000.0])) / 1024, 1
            ),
            "note": "a projection from this machine's figures, not a measurement",
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = run(args.articles, sorted(set(args.workers)))
    if result is None:
        return
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

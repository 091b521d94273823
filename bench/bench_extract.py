"""Speed and memory of `extract` on the Wikinews corpus, next to spaCy's own nlp.pipe.

    .venv/bin/python bench/bench_extract.py [--rounds 3] [--passes 3] [--output PATH]

Reads ``<corpus_dir>/wikinews-2019-2021/wikinews_2019_2021.jsonl`` (293 articles; skips with
a message when absent) and measures, in one process:

1. **Speed**: articles/s and words/s of the full pipeline (``extract_documents``: language
   check, boilerplate, parse, entities, statements, quantities, dates, events, flags) and
   of bare ``nlp.pipe`` over the same texts with the same batch size. Modes alternate
   (parse, extract, extract, parse, ...) for ``--rounds`` rounds; the best time of each mode
   is used (least disturbed by other processes), and the ratio extract / parse is reported
   (target <= 2.0 since issue 12: the learned attribution model may cost up to 2x) both in
   wall time and in CPU time of this process (the CPU ratio is the steadier one on a shared
   machine; both run single-threaded).
2. **Stages**: one extra pass with every stage function (and nlp.pipe) wrapped in a CPU
   timer, so the time can be attributed: parse, boilerplate, language, entities, ...
3. **Memory**: peak RSS, and RSS after streaming the corpus 1, 2, ... ``--passes`` times
   through ``extract_documents`` (memory must not grow with the number of articles).

Results go to bench/results/extract.json (and a table on stdout).
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CORPUS = "wikinews-2019-2021/wikinews_2019_2021.jsonl"
RESULTS = Path(__file__).resolve().parent / "results" / "extract.json"
TARGET_RATIO = 2.0
# Stage functions looked up by claimgraph.pipeline at call time (wrapped for the breakdown).
STAGES = {
    "language": "check_language",
    "boilerplate": "find_boilerplate",
    "entities": "build_entities",
    "statements": "extract_statements",
    "quantities": "extract_quantities",
    "dates": "extract_dates",
    "events": "extract_events",
    "flags": "find_flags",
}


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
    except OSError:
        return 0.0
    return pages * resource.getpagesize() / 1e6


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux


def load_corpus(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def documents(items: list[dict[str, Any]]) -> Iterator[Any]:
    from claimgraph.models import Document

    for item in items:
        yield Document(
            source=item["id"], text=item["text"], title=item.get("title"),
            published=item.get("date"),
        )  # fmt: skip


def run_parse(texts: list[str], batch_size: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of bare nlp.pipe over the texts."""
    from claimgraph.nlp import load_nlp

    nlp = load_nlp()
    wall, cpu = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def run_extract(items: list[dict[str, Any]], failures: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the full pipeline over the articles."""
    from claimgraph.pipeline import extract_documents

    wall, cpu = time.perf_counter(), time.process_time()
    for _record in extract_documents(documents(items), on_error=lambda s, e: failures.append(s)):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


class _TimedNlp:
    """Wraps the spaCy pipeline: CPU time spent inside nlp.pipe's generator (which also
    pulls the prepared documents: language check and boilerplate, timed separately)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def pipe(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        iterator = iter(self.nlp.pipe(*args, **kwargs))
        while True:
            started = time.process_time()
            try:
                item = next(iterator)
            except StopIteration:
                self.seconds += time.process_time() - started
                return
            self.seconds += time.process_time() - started
            yield item


def stage_breakdown(items: list[dict[str, Any]]) -> dict[str, float]:
    """CPU seconds spent in each stage during one full extract pass."""
    import claimgraph.pipeline as pipeline

    totals: dict[str, float] = defaultdict(float)
    originals: dict[str, Callable[..., Any]] = {}

    def timed(stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                totals[stage] += time.process_time() - started

        return wrapper

    timed_nlp = _TimedNlp(pipeline.load_nlp())
    originals["load_nlp"] = pipeline.load_nlp
    pipeline.load_nlp = lambda *a, **k: timed_nlp  # type: ignore[assignment]
    for stage, name in STAGES.items():
        if hasattr(pipeline, name):
            originals[name] = getattr(pipeline, name)
            setattr(pipeline, name, timed(stage, originals[name]))
    try:
        _wall, total = run_extract(items, [])
    finally:
        for name, func in originals.items():
            setattr(pipeline, name, func)
    prepare = totals.get("language", 0.0) + totals.get("boilerplate", 0.0)
    result = {stage: round(totals.get(stage, 0.0), 3) for stage in STAGES}
    result["parse"] = round(timed_nlp.seconds - prepare, 3)
    result["other"] = round(total - timed_nlp.seconds - sum(totals.values()) + prepare, 3)
    result["total"] = round(total, 3)
    return result


def memory_growth(items: list[dict[str, Any]], passes: int) -> list[dict[str, float]]:
    """RSS after streaming the corpus 1..passes times through extract_documents."""
    from claimgraph.pipeline import extract_documents

    def stream() -> Iterator[Any]:
        for _ in range(passes):
            yield from documents(items)

    points = []
    for i, _record in enumerate(extract_documents(stream()), start=1):
        if i % len(items) == 0:
            gc.collect()
            points.append({"articles": i, "rss_mb": round(rss_mb(), 1)})
    return points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    from claimgraph import __version__
    from claimgraph.nlp import load_nlp, model_name
    from claimgraph.settings import get_settings

    settings = get_settings()
    path = settings.corpus_dir / CORPUS
    if not path.is_file():
        print(f"skipped: Wikinews corpus not found at {path}", file=sys.stderr)
        return 0
    items = load_corpus(path)
    if args.limit:
        items = items[: args.limit]
    texts = [item["text"] for item in items]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    list(nlp.pipe(texts[:10], batch_size=settings.batch_size))  # warm-up
    run_extract(items[:10], [])  # warm-up: extractors load their tables lazily
    rss_loaded = rss_mb()

    wall: dict[str, list[float]] = {"parse": [], "extract": []}
    cpu: dict[str, list[float]] = {"parse": [], "extract": []}
    failures: list[str] = []
    # peak RSS after the first run of each mode (ru_maxrss only grows: shows which mode
    # reached the peak)
    peaks: dict[str, float] = {"model_and_warm_up": peak_rss_mb()}
    for round_no in range(args.rounds):
        order = ("parse", "extract") if round_no % 2 == 0 else ("extract", "parse")
        for mode in order:
            gc.collect()
            if mode == "parse":
                w, c = run_parse(texts, settings.batch_size)
            else:
                w, c = run_extract(items, failures)
            wall[mode].append(w)
            cpu[mode].append(c)
            peaks.setdefault(mode, peak_rss_mb())
            print(f"round {round_no + 1} {mode}: {w:.1f}s wall, {c:.1f}s CPU", file=sys.stderr)
    best = {mode: min(values) for mode, values in wall.items()}
    best_cpu = {mode: min(values) for mode, values in cpu.items()}
    stages = stage_breakdown(items)
    memory = memory_growth(items, args.passes)

    def speed(mode: str) -> dict[str, float]:
        return {
            "seconds_best": round(best[mode], 2),
            "cpu_seconds_best": round(best_cpu[mode], 2),
            "articles_per_s": round(len(items) / best[mode], 2),
            "words_per_s": round(words / best[mode], 1),
            "articles_per_cpu_s": round(len(items) / best_cpu[mode], 2),
            "words_per_cpu_s": round(words / best_cpu[mode], 1),
        }

    result = {
        "benchmark": "extract vs nlp.pipe on Wikinews 2019-2021",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "claimgraph": __version__,
        "model": model_name(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform_cpus()} CPUs",
        "articles": len(items),
        "words": words,
        "batch_size": settings.batch_size,
        "rounds": args.rounds,
        "wall_s": {m: [round(v, 2) for v in vs] for m, vs in wall.items()},
        "cpu_s": {m: [round(v, 2) for v in vs] for m, vs in cpu.items()},
        "parse": speed("parse"),
        "extract": speed("extract"),
        "ratio_extract_to_parse": round(best["extract"] / best["parse"], 3),
        "ratio_extract_to_parse_cpu": round(best_cpu["extract"] / best_cpu["parse"], 3),
        "target_ratio": TARGET_RATIO,
        "stages_cpu_s": stages,
        "failed_documents": len(set(failures)),
        "memory": {
            "rss_after_model_load_mb": round(rss_loaded, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "peak_rss_mb_after_first": {k: round(v, 1) for k, v in peaks.items()},
            "rss_after_passes": memory,
            "growth_mb_first_to_last_pass": round(memory[-1]["rss_mb"] - memory[0]["rss_mb"], 1)
            if memory
            else None,
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(render(result))
    return 0


def platform_cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def render(r: dict[str, Any]) -> str:
    lines = [
        f"{r['articles']} articles, {r['words']} words, batch {r['batch_size']}, {r['model']}",
        f"{'':10} {'best s':>8} {'art/s':>8} {'words/s':>9}",
    ]
    for mode in ("parse", "extract"):
        s = r[mode]
        lines.append(
            f"{mode:10} {s['seconds_best']:8.2f} {s['articles_per_s']:8.2f} {s['words_per_s']:9.0f}"
        )
    ratio = r["ratio_extract_to_parse"]
    ratio_cpu = r["ratio_extract_to_parse_cpu"]
    lines.append(
        f"ratio extract/parse: {ratio:.2f} wall, {ratio_cpu:.2f} CPU (target <= {TARGET_RATIO})"
    )
    stages = ", ".join(f"{k} {v}" for k, v in r["stages_cpu_s"].items())
    lines.append(f"stages (CPU s): {stages}")
    m = r["memory"]
    lines.append(
        f"peak RSS {m['peak_rss_mb']} MB; RSS after passes: "
        + ", ".join(f"{p['articles']}: {p['rss_mb']} MB" for p in m["rss_after_passes"])
    )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())

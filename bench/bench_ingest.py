"""Store ingest and cross-article analysis at scale (not a test).

1. Real end-to-end ingest of the Wikinews corpus (shared/corpus/wikinews-2019-2021, 293
   articles): read -> clean -> parse -> extract -> store, articles/s.
2. Synthetic scale: the 293 extracted records replicated to N articles (1k, 10k, 100k) -
   30 % near-duplicates (2 % of words altered, other outlet/date), 10 % exact syndicated
   copies (other outlet), 60 % heavily altered variants (40 % of words replaced by random
   strings of the same length, so they are no longer duplicates). Offsets stay consistent:
   a dateline prefix shifts every span, and every span's text is re-read from the new text.
   Each size runs in its own process; we report store ingest articles/s, seconds of each
   cross-article step and peak resident memory (ru_maxrss).

    python bench/bench_ingest.py [--sizes 1000,10000,100000] [--out bench/results/ingest.json]
        [--ingest-max 10000]   # sizes above this: ingest 10,000, replicate rows in SQL
    python bench/bench_ingest.py --one 100000 --keep /tmp/cg100k --no-analyse
        # one size, store kept for bench/analyse_existing.py, ingest rate only

What is synthetic: everything in step 2 except the 293 source records. The records are
pre-extracted once (real extraction runs at ~1.25 articles/s and is measured by
bench/bench_extract.py); what this measures is the store: add_records (rows, FTS, LSH band
keys, entity keys) and the cross-article steps.

Two 100,000-article stores have been measured (see bench/results/ingest.json):
- "replicated": 10,000 synthetic articles through add_records, then copied ten times at the
  SQL level (``replicate``): each replica shifted 400 days, outlets suffixed, LSH keys
  offset, so statement texts repeat across replicas (a stress case for claim alignment);
- "ingested": 100,000 synthetic articles through add_records (``--one 100000``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = HERE / "results" / ".wikinews-records.jsonl"  # extracted once (not committed)
OUTLETS = [f"Outlet {n:02d}" for n in range(60)]


def wikinews_files() -> list[Path]:
    from claimgraph.settings import get_settings

    folder = get_settings().corpus_dir / "wikinews-2019-2021"
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        sys.exit(f"skipped: Wikinews corpus not found in {folder}")
    return files


def real_ingest() -> dict[str, Any]:
    from claimgraph.corpus import ingest_paths
    from claimgraph.store import open_store
    from claimgraph.store.export import iter_records

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/wikinews.db")
        start = time.perf_counter()
        report = ingest_paths(store, wikinews_files())
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        analysis = store.analyse()
        analyse_s = time.perf_counter() - start
        counts = store.counts()
        with CACHE.open("w", encoding="utf-8") as out:
            for record in iter_records(store):
                for key in ("id", "duplicate_of", "story"):
                    record.pop(key, None)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        store.close()
    return {
        "articles": report["added"],
        "failed": len(report["failed"]),
        "ingest_seconds": round(ingest_s, 2),
        "articles_per_second": round(report["added"] / ingest_s, 2),
        "analyse_seconds": round(analyse_s, 2),
        "analysis": analysis,
        "counts": counts,
    }


def _fix_spans(value: Any, text: str, shift: int) -> None:
    """Shift every span by ``shift`` and re-read its text from ``text`` (in place)."""
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            value["start"] += shift
            value["end"] += shift
            if "text" in value:
                value["text"] = text[value["start"] : value["end"]]
        for child in value.values():
            if isinstance(child, dict | list):
                _fix_spans(child, text, shift)
    elif isinstance(value, list):
        for child in value:
            _fix_spans(child, text, shift)


def _alter(text: str, share: float, rng: random.Random) -> str:
    chars = list(text)
    start = None
    for i, c in enumerate([*text, " "]):
        if c.isalpha():
            if start is None:
                start = i
        elif start is not None:
            if rng.random() < share:
                for k in range(start, i):
                    chars[k] = rng.choice("abcdefghijklmnopqrstuvwxyz")
            start = None
    return "".join(chars)


def synthesize(base: list[dict[str, Any]], n: int, seed: int = 7):
    rng = random.Random(seed)
    for i in range(n):
        src = json.loads(json.dumps(base[i % len(base)]))
        kind = i % 10
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        text = src["text"]
        if kind <= 2:
            text = _alter(text, 0.02, rng)
        elif kind >= 4:
            text = _alter(text, 0.40, rng)
        prefix = "" if kind == 3 else f"{outlet.upper()} ({i}) - "
        text = prefix + text
        _fix_spans(
            {k: v for k, v in src.items() if k not in {"text", "removed"}}, text, len(prefix)
        )
        for r in src.get("removed") or []:
            r["start"] += len(prefix)
            r["end"] += len(prefix)
        src.update(text=text, outlet=outlet, source=f"synthetic/{i}", url=None)
        if src.get("published"):
            day = int(src["published"][8:10]) if len(src["published"]) >= 10 else 1
            src["published"] = (
                src["published"][:8] + f"{min(28, max(1, day + rng.randrange(-3, 4))):02d}"
            )
        yield src


REPLICA_SHIFT_DAYS = 400  # each replica is published this much later than the previous one


def replicate(store: Any, target: int) -> dict[str, Any]:
    """Grow a SQLite store of n ingested articles to ``target`` by copying its rows at the
    SQL level: replica k gets new ids, outlets "<outlet> k", dates shifted k x 400 days and
    LSH band keys offset (so replicas are not duplicates of each other; within a replica the
    original/copy structure repeats). FTS triggers index the copies as they are inserted.
    Statement texts repeat across replicas, so claim clusters grow with the corpus: a stress
    case for claim alignment. Measures rows/s of this bulk copy, not of add_records."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM articles")).scalar()
    copies = max(0, -(-target // n) - 1)
    start = time.perf_counter()
    a_cols = [c.name for c in store_table("articles").c]
    for k in range(1, copies + 1):
        p = f"'r{k}_' || "
        shift = f"'+{k * REPLICA_SHIFT_DAYS} days'"
        limit = f"LIMIT {min(n, target - k * n)}"
        exprs = {
            "id": p + "id",
            "text_hash": f"text_hash || '{k}'",
            "outlet": f"outlet || ' {k}'",
            "published": f"date(published, {shift})",
            "duplicate_of": "NULL",
            "similarity": "NULL",
            "duplicate_kind": "NULL",
            "story": "NULL",
        }
        select = ", ".join(exprs.get(c, c) for c in a_cols)
        with store.engine.begin() as conn:
            ids = f"SELECT id FROM articles WHERE id NOT LIKE 'r%' ORDER BY id {limit}"
            conn.execute(
                text(
                    f"INSERT INTO articles ({', '.join(a_cols)}) SELECT {select} FROM articles "
                    f"WHERE id IN ({ids})"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO lsh_bands (band, key, article_id) SELECT band, "
                    f"(key + {k * 1_000_003}) % 9223372036854775807, {p}article_id "
                    f"FROM lsh_bands WHERE article_id IN ({ids})"
                )
            )
            for table, prefixed in (
                ("statements", ("id", "article_id")),
                ("quantities", ("id", "article_id", "statement_id")),
                ("events", ("id", "article_id", "statement_id")),
                ("article_entities", ("article_id",)),
            ):
                cols = [c.name for c in store_table(table).c]
                exprs2 = {c: p + c for c in prefixed}
                if "published" in cols:
                    exprs2["published"] = f"date(published, {shift})"
                if "outlet" in cols:
                    exprs2["outlet"] = f"outlet || ' {k}'"
                if "claim" in cols:
                    exprs2["claim"] = "NULL"
                sel = ", ".join(exprs2.get(c, c if c != "end" else '"end"') for c in cols)
                names = ", ".join(c if c != "end" else '"end"' for c in cols)
                conn.execute(
                    text(
                        f"INSERT INTO {table} ({names}) SELECT {sel} FROM {table} "
                        f"WHERE article_id IN ({ids})"
                    )
                )
    seconds = time.perf_counter() - start
    with store.engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM articles")).scalar()
    return {"replicas": copies, "articles": total, "seconds": round(seconds, 1)}


def store_table(name: str) -> Any:
    from claimgraph.store import schema

    return schema.metadata.tables[name]


def scale_run(
    n: int, ingest_n: int | None = None, keep: str | None = None, analyse: bool = True
) -> dict[str, Any]:
    """One size, in this process: synthetic ingest (of ``ingest_n`` articles, then replicated
    at the SQL level up to ``n`` when ingest_n < n) and analyse (unless ``analyse`` is
    false). ``keep``: build the store in this folder and leave it there."""
    from claimgraph.store import open_store

    target = n
    n = min(n, ingest_n or n)
    base = [json.loads(line) for line in CACHE.open(encoding="utf-8")]
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() if not keep else _kept(keep) as tmp:
        store = open_store(f"sqlite:///{tmp}/scale.db")
        start = time.perf_counter()
        batch: list[dict[str, Any]] = []
        added = 0
        progress = HERE / "results" / f".ingest-{n}.progress.json"
        checkpoints = []
        next_checkpoint = 10_000
        for record in synthesize(base, n):
            batch.append(record)
            if len(batch) >= 500:
                added += store.add_records(batch)["added"]
                batch = []
                if added >= next_checkpoint:  # checkpoint: rate and memory so far
                    next_checkpoint += 10_000
                    elapsed = time.perf_counter() - start
                    checkpoints.append(
                        {
                            "articles": added,
                            "seconds": round(elapsed, 1),
                            "articles_per_second": round(added / elapsed, 1),
                            "peak_rss_mb": round(
                                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                            ),
                        }
                    )
                    progress.write_text(json.dumps(checkpoints, indent=1))
        if batch:
            added += store.add_records(batch)["added"]
        ingest_s = time.perf_counter() - start
        rss_ingest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        replicated = replicate(store, target) if target > n else None
        start = time.perf_counter()
        analysis = store.analyse() if analyse else {"seconds": None}
        analyse_s = time.perf_counter() - start
        counts = store.counts()
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
        store.close()
    return {
        "articles": counts["articles"],
        "ingested_by_add_records": n,
        "replicated": replicated,
        "added": added,
        "ingest_checkpoints": checkpoints,
        "ingest_seconds": round(ingest_s, 2),
        "ingest_articles_per_second": round(added / ingest_s, 1),
        "analyse_seconds": round(analyse_s, 2) if analyse else None,
        "steps_seconds": analysis["seconds"],
        "counts": counts,
        "peak_rss_mb_after_ingest": round(rss_ingest / 1024, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "db_mb": round(size / 1e6, 1),
    }


class _kept:
    """A folder that outlives the run (``--keep``), used like a TemporaryDirectory."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __enter__(self) -> str:
        return self.path

    def __exit__(self, *exc: object) -> None:
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--out", default=str(HERE / "results" / "ingest.json"))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--ingest-max",
        type=int,
        default=None,
        help="ingest at most this many through add_records; larger sizes are replicated",
    )
    parser.add_argument("--keep", help="with --one: build the store in this folder, keep it")
    parser.add_argument("--no-analyse", action="store_true", help="with --one: ingest only")
    parser.add_argument("--skip-real", action="store_true", help="reuse the cached records")
    args = parser.parse_args()
    if args.one:
        row = scale_run(args.one, args.ingest_max, args.keep, not args.no_analyse)
        print(json.dumps(row))
        return
    results: dict[str, Any] = {"machine": f"{os.cpu_count()} cores", "synthetic": []}
    if not (args.skip_real and CACHE.exists()):
        results["real_wikinews"] = real_ingest()
        print(json.dumps(results["real_wikinews"]), flush=True)
    for n in (int(s) for s in args.sizes.split(",")):
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n)]
            + (["--ingest-max", str(args.ingest_max)] if args.ingest_max else []),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            sys.exit(f"size {n} failed:\n{proc.stderr[-3000:]}")
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        results["synthetic"].append(row)
        print(json.dumps(row), flush=True)
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""The store's writer: articles/s of pre-extracted records into SQLite (not a test).

`claimgraph ingest` runs one writer behind its extraction workers. Each record becomes rows
(`store.rows.prepare_rows`: the LSH signature, entity keys, story terms, claim keys, the
JSON of every statement) and the rows become SQL (FTS, LSH band keys, entity keys, the read
indexes). Since 0.3 the rows are built in the extraction workers and the writer only runs
SQL (`SQLStore.add_prepared`), so what bounds the writer is the SQL alone.

Three measurements over the same N synthetic records (bench_ingest.synthesize of the
Wikinews records, or of the demo corpus when the Wikinews cache is absent), each into a new
store, in batches of 500:

- ``add_records``: one process builds the rows and writes them (the 0.2 path);
- ``writer_only``: the rows built beforehand (as the workers do), the writer's seconds only
  (``add_prepared``): the figure for the "300 articles/s into SQLite" target;
- ``writer_without_fts``: the same without the two FTS5 indexes (not a product setting:
  it shows the share of full-text indexing in the writer's time);
- ``pool_2``: rows built by 2 worker processes while this process writes (what one writer
  with two workers sustains on this machine).

    python bench/bench_writer.py [--articles 5000] [--out bench/results/writer.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

BATCH = 500


def base_records() -> tuple[list[dict[str, Any]], str]:
    from bench_ingest import CACHE

    if CACHE.exists():
        with CACHE.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh], "Wikinews 2019-2021 (293 records)"
    from claimgraph.pipeline import extract_paths

    records = [r.to_dict() for r in extract_paths([ROOT / "examples" / "articles"])]
    return records, f"demo corpus ({len(records)} records)"


def _fresh(folder: str, name: str) -> Any:
    from claimgraph.store import open_store

    return open_store(f"sqlite:///{folder}/{name}.db")


def _rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds else 0.0


def run_add_records(folder: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    store = _fresh(folder, "add_records")
    cpu, wall = time.process_time(), time.perf_counter()
    added = 0
    for i in range(0, len(records), BATCH):
        added += store.add_records(records[i : i + BATCH])["added"]
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    store.close()
    return {"added": added, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "articles_per_s": _rate(added, wall)}  # fmt: skip


def run_writer_only(
    folder: str, records: list[dict[str, Any]], *, fts: bool = True
) -> dict[str, Any]:
    from claimgraph.store.rows import prepare_rows

    start = time.perf_counter()
    prepared = [prepare_rows(r) for r in records]
    build_s = time.perf_counter() - start
    name = "writer_only" if fts else "writer_without_fts"
    store = _fresh(folder, name)
    if not fts:  # where the time goes: the same writes without full-text indexing
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER statements_fts_ai")
            conn.exec_driver_sql("DROP TRIGGER articles_fts_ai")
    cpu, wall = time.process_time(), time.perf_counter()
    added = 0
    for i in range(0, len(prepared), BATCH):
        added += store.add_prepared(prepared[i : i + BATCH])["added"]
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    size = os.path.getsize(f"{folder}/{name}.db")
    store.close()
    return {"added": added, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "articles_per_s": _rate(added, wall),
            "build_rows_ms_per_article": round(1000 * build_s / len(records), 2),
            "db_mb": round(size / 1e6, 1)}  # fmt: skip


def run_pool(folder: str, records: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    import multiprocessing

    from claimgraph.store.rows import prepare_rows

    store = _fresh(folder, f"pool_{workers}")
    wall = time.perf_counter()
    added = 0
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        batch = []
        for item in pool.imap(prepare_rows, records, chunksize=25):
            batch.append(item)
            if len(batch) >= BATCH:
                added += store.add_prepared(batch)["added"]
                batch = []
        if batch:
            added += store.add_prepared(batch)["added"]
    wall = time.perf_counter() - wall
    store.close()
    return {"workers": workers, "added": added, "wall_s": round(wall, 2),
            "articles_per_s": _rate(added, wall)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "writer.json")
    args = parser.parse_args()
    from bench_ingest import synthesize

    base, corpus = base_records()
    records = list(synthesize(base, args.articles, seed=11))
    # ids given, as ingest gives them (the content hash of the document)
    from claimgraph.store.rows import article_id

    records = [{**r, "id": article_id(r)} for r in records]
    load = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="cg-writer-") as folder:
        results = {
            "add_records": run_add_records(folder, records),
            "writer_only": run_writer_only(folder, records),
            "writer_without_fts": run_writer_only(folder, records, fts=False),
            "pool_2": run_pool(folder, records, 2),
        }
    out = {
        "what": "articles/s of pre-extracted records into a new SQLite store, batches of "
        f"{BATCH}: FTS, LSH band keys, entity keys and read indexes kept",
        "corpus": f"{len(records)} synthetic articles from {corpus} (bench_ingest.synthesize)",
        "machine": f"{os.cpu_count()} cores; 1-minute load average at start {load[0]}, "
        f"at end {round(os.getloadavg()[0], 2)} (other jobs share the machine)",
        "target_articles_per_s": 300,
        "results": results,
    }
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

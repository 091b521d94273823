"""Spark in local mode: local[1] against local[2] on the same corpus (not a test).

    .venv/bin/python bench/bench_spark.py [--variants 2] [--masters local[1],local[2]]
        [--output bench/results/spark.json]

The corpus: the fictional demo corpus (examples/articles and examples/feeds: 44 documents,
36 distinct articles) and ``--variants`` rewritten copies of each plain-text article as one
JSONL file (another outlet, a dateline, its paragraphs rotated: distinct ids, so they are
extracted; near-duplicates of their source, so the duplicates step has work).

``--compare N`` (a second measurement): N synthetic articles made from the demo corpus's
extracted records by bench_ingest.synthesize (30 % near-duplicates, 10 % exact copies, 60 %
heavily altered), stored by the store (add_records) and analysed there; the same rows
written as the Parquet tables of ``spark extract`` (:func:`unload`), analysed by ``spark
analyse`` and loaded into a new store; every table compared row by row (rows that differ,
counted on both sides: statement claims may, README "Differences from ``ingest``").

Each master runs in its own process (a fresh JVM): ``spark extract`` then ``spark analyse``
on the same inputs, with the seconds of the session start, of each job, and articles/s of
extraction (the job's whole time: reading, the model load of each Python worker, parsing,
writing Parquet). The scaling ratio is extract articles/s of local[2] over local[1]. On a
machine shared with other work, the figures move with its load; the load average at the
start of each run is recorded beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "spark.json"
OUTLETS = ("Ferrow Courier", "Lindqvist Ledger", "Tarn Valley Echo", "Oskar Post")


def make_corpus(folder: Path, variants: int) -> list[str]:
    """The demo corpus plus a JSONL of rewritten copies; the input arguments."""
    lines = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        meta_path = path.with_name(path.name + ".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        for k in range(1, variants + 1):
            outlet = OUTLETS[(k - 1) % len(OUTLETS)]
            turn = k % max(1, len(paragraphs))
            body = "\n\n".join(paragraphs[turn:] + paragraphs[:turn])
            lines.append(
                {
                    "text": f"HALVAR ({outlet}) - {body}",
                    "outlet": outlet,
                    "title": meta.get("title"),
                    "date": meta.get("published"),
                    "url": f"https://{outlet.lower().replace(' ', '')}.example/{path.stem}/{k}",
                }
            )
    jsonl = folder / "variants.jsonl"
    jsonl.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return [str(ROOT / "examples" / "articles"), str(ROOT / "examples" / "feeds"), str(jsonl)]


def run_one(master: str, inputs: list[str], out: str) -> dict[str, Any]:
    """In this process: a session on ``master``, extract, analyse; seconds and counts."""
    os.environ.setdefault("CLAIMGRAPH_SPARK_MEMORY", "768m")
    from claimgraph.spark.analysis import run_analyse
    from claimgraph.spark.extraction import run_extract
    from claimgraph.spark.session import get_session

    load = os.getloadavg()[0]
    start = time.perf_counter()
    spark = get_session(master, app=f"bench-{master}")
    session = time.perf_counter() - start
    start = time.perf_counter()
    counts = run_extract(spark, inputs, f"{out}/tables")
    extract = time.perf_counter() - start
    start = time.perf_counter()
    analysed = run_analyse(spark, f"{out}/tables")
    analyse = time.perf_counter() - start
    spark.stop()
    return {
        "master": master,
        "load_average_at_start": round(load, 2),
        "session_start_s": round(session, 1),
        "extract_s": round(extract, 1),
        "extract_articles_per_s": round(counts["articles"] / extract, 3),
        "analyse_s": round(analyse, 1),
        "analyse_steps_s": analysed["seconds"],
        "counts": {**counts, **analysed["counts"]},
    }


def unload(url: str, directory: Path) -> None:
    """The rows of a store that was not analysed as the tables of ``spark extract``."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from sqlalchemy import create_engine, select

    from claimgraph.spark.tables import EXTRACT_TABLES, ORDER_COLUMN, columns
    from claimgraph.store import schema

    kinds = {"string": pa.string(), "long": pa.int64(), "double": pa.float64(),
             "bool": pa.bool_(), "binary": pa.binary()}  # fmt: skip
    engine = create_engine(url)
    for name in EXTRACT_TABLES:
        cols = columns(name)
        arrow = pa.schema([(c, kinds[k]) for c, k in cols])
        table = schema.metadata.tables[name]
        with engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(table)).mappings()]
        for i, row in enumerate(sorted(rows, key=lambda r: str(r.get("id")))):
            row[ORDER_COLUMN] = f"{i:09d}"
        (directory / name).mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(rows, arrow), directory / name / "part-0.parquet")
    engine.dispose()


def compare(n: int, master: str) -> dict[str, Any]:
    """``--compare``: analysis of N synthetic articles by the store and by Spark."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_ingest import synthesize
    from sqlalchemy import create_engine, select

    from claimgraph.spark.analysis import run_analyse
    from claimgraph.spark.loading import load_tables
    from claimgraph.spark.session import get_session
    from claimgraph.store import open_store
    from claimgraph.store import schema as t

    with tempfile.TemporaryDirectory(prefix="bench-spark-compare-") as tmp:
        folder = Path(tmp)
        base_url = f"sqlite:///{folder / 'demo.db'}"
        with open_store(base_url) as demo:  # the demo corpus, extracted once
            from claimgraph.corpus import ingest_paths

            ingest_paths(demo, [str(ROOT / "examples" / "articles")])
        engine = create_engine(base_url)
        with engine.connect() as conn:
            base = [
                {**json.loads(r.record), "id": None, "url": None}
                for r in conn.execute(select(t.articles.c.record).order_by(t.articles.c.id))
            ]
        engine.dispose()
        records = [{k: v for k, v in r.items() if k != "id"} for r in synthesize(base, n)]
        single_url = f"sqlite:///{folder / 'single.db'}"
        with open_store(single_url) as store:
            start = time.perf_counter()
            for i in range(0, len(records), 200):
                store.add_records(records[i : i + 200])
            add_s = time.perf_counter() - start
            unload(single_url, folder / "tables")
            start = time.perf_counter()
            store.analyse()
            store_s = time.perf_counter() - start
        spark = get_session(master, app="bench-spark-compare")
        start = time.perf_counter()
        analysed = run_analyse(spark, str(folder / "tables"))
        spark_s = time.perf_counter() - start
        spark.stop()
        spark_url = f"sqlite:///{folder / 'spark.db'}"
        with open_store(spark_url) as store:
            start = time.perf_counter()
            loaded = load_tables(store, str(folder / "tables"))
            load_s = time.perf_counter() - start
        tables = {}
        for name in ("articles", "statements", "quantities", "article_entities", "entities",
                     "entity_aliases", "stories", "claims", "contradictions"):  # fmt: skip
            a, b = _rows(single_url, name), _rows(spark_url, name)
            tables[name] = {"rows": len(a), "same": a == b,
                            "differing_rows": len(set(a) ^ set(b))}  # fmt: skip
    return {
        "articles": n,
        "master": master,
        "store_add_records_s": round(add_s, 1),
        "store_analyse_s": round(store_s, 1),
        "spark_analyse_s": round(spark_s, 1),
        "spark_analyse_steps_s": analysed["seconds"],
        "load_s": round(load_s, 1),
        "load_steps": loaded["analysis"]["steps"],
        "counts": analysed["counts"],
        "tables": tables,
        "all_equal": all(v["same"] for v in tables.values()),
    }


def _rows(url: str, table: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import create_engine, select

    from claimgraph.store import schema as t

    engine = create_engine(url)
    cols = [c for c in t.metadata.tables[table].columns if c.name != "ingested_at"]
    with engine.connect() as conn:
        rows = sorted((tuple(r) for r in conn.execute(select(*cols))), key=repr)
    engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, default=2)
    parser.add_argument("--masters", default="local[1],local[2]")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--compare", type=int, default=0, help="synthetic articles (0: none)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child: master
    parser.add_argument("--inputs", help=argparse.SUPPRESS)  # child: JSON list
    parser.add_argument("--out", help=argparse.SUPPRESS)  # child: output folder
    args = parser.parse_args()
    if args.one == "compare":
        print(json.dumps(compare(int(args.inputs), "local[2]")))
        return
    if args.one:
        print(json.dumps(run_one(args.one, json.loads(args.inputs), args.out)))
        return
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        inputs = make_corpus(Path(tmp), args.variants)
        for master in [m for m in args.masters.split(",") if m]:
            out = Path(tmp) / master.replace("[", "_").replace("]", "")
            command = [sys.executable, __file__, "--one", master, "--inputs", json.dumps(inputs)]
            done = subprocess.run(
                [*command, "--out", str(out)],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            runs.append(result)
            print(
                f"{master:<10} session {result['session_start_s']:>5}s  extract "
                f"{result['extract_s']:>6}s ({result['extract_articles_per_s']} articles/s)  "
                f"analyse {result['analyse_s']:>5}s  load avg {result['load_average_at_start']}"
            )
    rates = {r["master"]: r["extract_articles_per_s"] for r in runs}
    compared = None
    if args.compare:
        done = subprocess.run(
            [sys.executable, __file__, "--one", "compare", "--inputs", str(args.compare)],
            capture_output=True,
            text=True,
            check=True,
        )
        compared = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"compare {args.compare} synthetic articles: all tables equal: "
              f"{compared['all_equal']}")  # fmt: skip
        for name, table in compared["tables"].items():
            if not table["same"]:
                print(f"  {name}: {table['differing_rows']} rows differ (of {table['rows']})")
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, shared with other work",
        "python": platform.python_version(),
        "corpus": {
            "documents": "examples/articles + examples/feeds + variants.jsonl",
            "variants_per_text_article": args.variants,
            "articles": runs[0]["counts"]["articles"] if runs else 0,
        },
        "runs": runs,
        "synthetic_comparison": compared,
    }
    if "local[1]" in rates and "local[2]" in rates:
        report["extract_scaling_local2_over_local1"] = round(
            rates["local[2]"] / rates["local[1]"], 2
        )
        ratio = report["extract_scaling_local2_over_local1"]
        print(f"extract scaling local[2] / local[1]: {ratio}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

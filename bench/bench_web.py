"""Web UI / REST API latency over a 100,000-article store (not a test).

1. Builds (or reuses) a SQLite store of N articles: records of the demo corpus
   (examples/articles, through the real pipeline) replicated by bench_ingest.synthesize
   (near-duplicates, syndicated copies, altered variants; offsets kept consistent), then
   the cross-article analysis.
2. Starts `claimgraph serve` on a free loopback port in its own process.
3. A loopback load generator (httpx, bounded: --requests per page, --concurrency clients)
   requests the main pages and their JSON twins; reports p50/p95/p99/max latency per page.

    python bench/bench_web.py [--articles 100000] [--db /tmp/web100k.db] [--requests 100]
        [--concurrency 1,4] [--pages "claims ?q=,entity /entities/{id}"] [--merge]

Writes bench/results/web.json (--merge: re-measured pages replace theirs in an existing
file, e.g. the slowest pages again when the machine was loaded). Each page records the
1-minute load average before and after it ran. Target: p95 < 200 ms for every page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def build_store(path: Path, n: int) -> dict[str, Any]:
    """Fill (or top up) the store at ``path`` to ``n`` articles, then analyse.

    Exact syndicated copies that would repeat an (outlet, text) pair already stored are
    skipped by the store's content-hash ids; later rounds use another seed and give exact
    copies a syndicator outlet of their own, until the store holds ``n`` articles.
    """
    from bench_ingest import synthesize

    from claimgraph.pipeline import extract_paths
    from claimgraph.store import open_store

    base = [r.to_dict() for r in extract_paths([ROOT / "examples" / "articles"])]
    store = open_store(f"sqlite:///{path}")
    have = store.counts()["articles"]
    start = time.perf_counter()
    added = 0
    for round_no in range(10):
        need = n - have - added
        if need <= 0:
            break
        batch: list[dict[str, Any]] = []
        for i, record in enumerate(synthesize(base, need, seed=7 + round_no)):
            if round_no and i % 10 == 3:
                record["outlet"] = f"Syndicator {round_no}-{i}"
            batch.append(record)
            if len(batch) >= 1000:
                added += store.add_records(batch)["added"]
                batch = []
        if batch:
            added += store.add_records(batch)["added"]
    ingest_s = time.perf_counter() - start
    analyse_s = None
    if added:
        start = time.perf_counter()
        store.analyse()
        analyse_s = round(time.perf_counter() - start, 1)
    counts = store.counts()
    store.close()
    return {
        "base_records": len(base),
        "added_this_run": added,
        "ingest_seconds": round(ingest_s, 1),
        "ingest_articles_per_second": round(added / ingest_s, 1) if ingest_s else None,
        "analyse_seconds": analyse_s,
        "counts": counts,
    }


def free_port() -> int:
    from claimgraph.serve.app.server import free_port as fp

    return fp()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def targets(client: Any) -> dict[str, list[str]]:
    """Page name -> URLs to cycle through (several ids, so no single row stays hot)."""
    claims = client.get("/statements.json?limit=200").json()["items"]
    arts = client.get("/articles.json?limit=200&offset=5000").json()["items"]
    arts = arts or client.get("/articles.json?limit=200").json()["items"]  # a small store
    ents = client.get("/entities.json?limit=40").json()["items"]
    stories = client.get("/stories.json?limit=40").json()["items"]
    aligned = client.get("/claims.json?limit=40").json()["items"]
    speaker = (claims[0].get("speaker") or "minister").split()[-1]
    pick = lambda items, key="url": [i[key].split("#")[0] for i in items[::5][:20]]  # noqa: E731
    return {
        "overview /": ["/"],
        "statements /statements": [
            "/statements",
            "/statements?offset=50",
            "/statements?offset=5000",
        ],
        "statements.json": ["/statements.json", "/statements.json?offset=1000"],
        "statements ?q=": [
            "/statements?q=troops",
            "/statements?q=border",
            "/statements?q=minister+said",
        ],
        "statements ?speaker=": [f"/statements?speaker={speaker}"],
        "statements filters": [
            "/statements?kind=direct&modality=denied",
            "/statements?has_number=yes&since=2026-03-10&until=2026-03-15",
            "/statements?sort=speaker",
        ],
        "search ?q=": ["/search?q=troops", "/search?q=protest", "/search?q=aid+convoy"],
        "articles /articles": ["/articles", "/articles?offset=20000"],
        "article /articles/{id}": pick(arts),
        "article.json": [u + ".json" for u in pick(arts)],
        "statement /statements/{id}": pick(claims),
        "entities /entities": ["/entities", "/entities?type=PERSON"],
        "entity /entities/{id}": pick(ents),
        "stories /stories": ["/stories", "/stories?offset=50"],
        "story /stories/{id}": pick(stories),
        "contradictions": ["/contradictions"],
        "events /events": ["/events", "/events?type=ASSAULT", "/events?since=2026-03-10"],
        "statements facets": [
            f"/statements?outlet={outlet}" for outlet in ("Kestrel Wire", "Halvar Post")
        ]
        + ["/statements?kind=direct", "/statements?modality=denied"],
        "claims": ["/claims"],
        "claim /claims/{id}": pick(aligned),
        "api /api/statements": ["/api/statements?limit=50", "/api/statements?q=troops"],
        "export /export/statements.csv": [
            f"/export/statements.csv?speaker={speaker}&since=2026-03-10&until=2026-03-11",
            "/export/statements.csv?q=troops&since=2026-03-10&until=2026-03-10",
        ],
    }


def load(base: str, urls: list[str], requests: int, concurrency: int) -> dict[str, Any]:
    import httpx

    times: list[float] = []
    rows: list[int] = []  # lines of each CSV download (a sentence may hold a line break)
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                url = urls[i % len(urls)]
                start = time.perf_counter()
                r = client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    times.append(elapsed)
                    if r.headers.get("content-type", "").startswith("text/csv"):
                        rows.append(max(0, r.text.count("\n") - 1))
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {url}")

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    load_before = round(os.getloadavg()[0], 2)
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return {
        "load_before": load_before,
        "load_after": round(os.getloadavg()[0], 2),
        "requests": len(times),
        "p50_ms": round(pct(times, 50), 1),
        "p95_ms": round(pct(times, 95), 1),
        "p99_ms": round(pct(times, 99), 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
        "req_per_s": round(len(times) / wall, 1),
        "errors": errors[:5],
        "urls": len(urls),
        **({"csv_lines_mean": round(statistics.fmean(rows))} if rows else {}),
    }


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True)  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def _download(page: str) -> bool:
    return page.startswith("export ")


def main() -> None:
    import httpx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "web100k.db")
    parser.add_argument("--requests", type=int, default=100, help="per page and concurrency")
    parser.add_argument("--concurrency", default="1,4")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "web.json")
    parser.add_argument("--pages", default="", help="comma-separated page names (default all)")
    parser.add_argument("--merge", action="store_true", help="update pages of an existing --out")
    parser.add_argument("--note", default="", help="what this run is (kept in the results)")
    args = parser.parse_args()

    print(f"filling {args.db} to {args.articles} articles ...", flush=True)
    build = build_store(args.db, args.articles)
    print(json.dumps(build), flush=True)
    port = free_port()
    cmd = [sys.executable, "-m", "claimgraph", "serve", "--db", f"sqlite:///{args.db}",
           "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(300):
                try:
                    counts = client.get("/index.json").json()["counts"]
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                raise SystemExit("server did not start")
            pages = targets(client)
            if args.pages:
                wanted = {name.strip() for name in args.pages.split(",")}
                pages = {k: v for k, v in pages.items() if k in wanted}
            for urls in pages.values():  # warm-up: one pass, not measured
                for url in urls:
                    client.get(url)
        results: dict[str, Any] = {}
        for conc in [int(c) for c in args.concurrency.split(",")]:
            results[f"concurrency_{conc}"] = {}
            for name, urls in pages.items():
                n = args.requests if not _download(name) else max(10, args.requests // 5)
                r = load(base, urls, n, conc)
                results[f"concurrency_{conc}"][name] = r
                print(f"c={conc} {name:30s} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms"
                      f"  {r['req_per_s']:6.1f} req/s {r['errors'] or ''}", flush=True)  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
    if args.merge and args.out.exists():
        old = json.loads(args.out.read_text()).get("results", {})
        for conc, measured in results.items():
            old.setdefault(conc, {}).update(measured)
        results = old
    target = 200
    # an export streams every row under its filters (thousands): a download, not a page;
    # reported beside the pages, with its rows, outside the page target
    summary = {
        conc: {
            "worst_p95_ms": max(r["p95_ms"] for n, r in measured.items() if not _download(n)),
            "pages_over_target": sorted(
                n for n, r in measured.items() if r["p95_ms"] > target and not _download(n)
            ),
            "downloads": {n: r for n, r in measured.items() if _download(n)},
        }
        for conc, measured in results.items()
    }
    out = {
        "what": "claimgraph serve over SQLite, loopback httpx load generator",
        "note": args.note,
        "commit": _commit(),
        "articles": counts.get("articles"),
        "counts": counts,
        "build": build,
        "requests_per_page": args.requests,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "target_p95_ms": target,
        "summary": summary,
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out}; {json.dumps(summary)}")


if __name__ == "__main__":
    main()

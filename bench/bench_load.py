"""Load with hostile extractions (hardening issue): 20 clients for 30 s on the demo store.

Starts `claimgraph serve` over a fresh store of the demo corpus (examples/) on a free
loopback port, in its own process. Then two phases of --seconds each, with --clients
threads on the loopback interface only (bounded in time and count, stops by itself):

1. pages only: list pages, their JSON twins and /api lists;
2. the same pages, with one client in four posting to /api/extract instead: hostile
   bodies (20,000 '=', 50 KB of quotes, a lone surrogate, HTML nested 5,000 deep, a text
   over the size limit, an empty text) and ordinary articles.

Reports per phase: requests, errors (transport errors, 5xx other than 503, unexpected
statuses), 503s (extraction shed: every worker busy or past its time limit), page latency
p50/p95/p99/max, and extraction latency. Target: 0 errors, page p95 < 300 ms, and page
latency with extractions no worse than without (no page waits behind an extraction).

    python bench/bench_load.py [--clients 20] [--seconds 30] [--out bench/results/load.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PAGES = [
    "/", "/claims", "/claims.json", "/articles", "/articles.json", "/entities", "/stories",
    "/contradictions", "/aligned", "/api/claims?limit=20", "/api/articles", "/api/contradictions",
    "/api/events?near=Kyiv", "/search?q=troops", "/claims?offset=9223372036854775808",
]  # fmt: skip

ARTICLE = (ROOT / "examples/articles/2026-03-13-halvar-post-marrow-denies.txt").read_text()
HOSTILE: list[tuple[str, dict[str, Any], set[int]]] = [
    ("equals run", {"text": "Velk said it.\n" + "=" * 20_000}, {200}),
    ("quotes run", {"text": '"' * 50_000 + " Velk said."}, {200}),
    ("lone surrogate", {"text": ARTICLE + "\ud800"}, {200}),
    ("deep html", {"text": "<div>" * 5000 + ARTICLE + "</div>" * 5000,
                   "media_type": "text/html"}, {200, 422}),
    ("over the limit", {"text": "word " * 50_000}, {413}),
    ("empty", {"text": "   "}, {422}),
    ("article", {"text": ARTICLE}, {200}),
]  # fmt: skip


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000, 1)


def phase(base: str, clients: int, seconds: float, extract_share: float) -> dict[str, Any]:
    import httpx

    lock = threading.Lock()
    page_times: list[float] = []
    extract_times: list[float] = []
    counts = {"requests": 0, "errors": 0, "shed_503": 0, "extractions": 0}
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)
        extracting = n < clients * extract_share
        with httpx.Client(base_url=base, timeout=120) as http:
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    if extracting:
                        name, body, expected = rng.choice(HOSTILE)
                        r = http.post("/api/extract", content=json.dumps(body),
                                      headers={"content-type": "application/json"})  # fmt: skip
                    else:
                        name, expected = rng.choice(PAGES), {200, 400}
                        r = http.get(name)
                    status, problem = r.status_code, None
                    if status == 503:
                        problem = "shed"
                    elif status not in expected:
                        problem = f"{name}: HTTP {status}"
                except httpx.HTTPError as exc:
                    status, problem = 0, f"{name}: {type(exc).__name__}"
                took = time.monotonic() - started
                with lock:
                    counts["requests"] += 1
                    if extracting:
                        counts["extractions"] += 1
                        extract_times.append(took)
                    else:
                        page_times.append(took)
                    if problem == "shed":
                        counts["shed_503"] += 1
                    elif problem:
                        counts["errors"] += 1
                        errors.append(problem)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        **counts,
        "error_examples": sorted(set(errors))[:10],
        "pages": {
            "n": len(page_times),
            "p50_ms": pct(page_times, 50),
            "p95_ms": pct(page_times, 95),
            "p99_ms": pct(page_times, 99),
            "max_ms": pct(page_times, 100),
        },
        "extract": {"n": len(extract_times), "p50_ms": pct(extract_times, 50),
                    "p95_ms": pct(extract_times, 95), "max_ms": pct(extract_times, 100)},
    }  # fmt: skip


def main() -> None:
    import httpx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "load.json")
    args = parser.parse_args()

    from claimgraph.serve.app.server import free_port

    db = Path(tempfile.mkdtemp(prefix="claimgraph-load-")) / "demo.db"
    cg = [sys.executable, "-m", "claimgraph"]
    subprocess.run([*cg, "ingest", "-q", "--db", str(db), "examples/articles", "examples/feeds"],
                   cwd=ROOT, check=True)  # fmt: skip
    port = free_port()
    server = subprocess.Popen([*cg, "serve", "--db", f"sqlite:///{db}", "--port", str(port)],
                              cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as http:
            for _ in range(600):
                try:
                    http.get("/index.json").raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise SystemExit("server did not start")
            for page in PAGES:  # warm-up, not measured
                http.get(page)
            http.post("/api/extract", json={"text": ARTICLE})
        results = {
            "pages_only": phase(base, args.clients, args.seconds, 0.0),
            "with_hostile_extractions": phase(base, args.clients, args.seconds, 0.25),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
    out = {
        "what": "claimgraph serve over the demo store, loopback httpx clients",
        "clients": args.clients,
        "seconds_per_phase": args.seconds,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "results": results,
        "target": "0 errors; page p95 < 300 ms; pages no slower with extractions",
    }
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    for name, r in results.items():
        p = r["pages"]
        print(f"{name:26s} requests {r['requests']:5d}  errors {r['errors']}  503 {r['shed_503']}"
              f"  pages p50 {p['p50_ms']} p95 {p['p95_ms']} max {p['max_ms']} ms"
              f"  extract p95 {r['extract']['p95_ms']} ms")  # fmt: skip


if __name__ == "__main__":
    main()

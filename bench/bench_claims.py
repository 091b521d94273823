"""Time the pure cores of the claims step (no database) on synthetic claims, at two sizes,
to check that their cost (CPU seconds of this process: the machine may be shared) grows
near-linearly: numbers grouped by figure (``QuantityGroups``), statements clustered by
blocking keys (``cluster_statements``), then every claim summarised (labels, sources,
timeline, contradictions: ``summarise``).

    python bench/bench_claims.py [--sizes 10000 100000] [--out bench/results/claims.json]

Synthetic data, seeded: one story per 20 articles, two numbers and two statements per
article (``--per-article``); a story's numbers count a few things (people, boats, years,
dollars...) with a few values each, in sentences naming two or three of the story's places
and one organisation; a story's statements paraphrase a few of its claims with extra random
words. The store's own overheads (paged reads, temporary tables) are measured by
analyse_existing.py.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from collections import defaultdict
from pathlib import Path

from claimgraph.analysis.claims import Item, QuantityGroups, cluster_statements, summarise

UNITS = ["people", "dead", "injured", "boat", "year", "$", "village", "rifle", "%", "km"]
WORDS = [f"w{n}" for n in range(5000)]


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def synthetic(
    articles: int, per_article: int = 2, seed: int = 7
) -> tuple[list[Item], list[Item], dict[str, str]]:
    rng = random.Random(seed)
    numbers: list[Item] = []
    statements: list[Item] = []
    story_of: dict[str, str] = {}
    for a in range(articles):
        story = f"s{a // 20}"
        sr = random.Random(f"{seed}:{story}")  # what the story's articles share
        places = [f"place{sr.randrange(10_000)}" for _ in range(4)]
        owners = [f"org{sr.randrange(1000)}" for _ in range(2)]
        claims = [" ".join(sr.choices(WORDS, k=8)) for _ in range(6)]
        figures = [(sr.choice(UNITS), sr.choice([2, 3, 5, 10, 12, 40, 160e6])) for _ in range(6)]
        aid = f"a{a}"
        story_of[aid] = story
        published = f"2026-{1 + a * 12 // articles:02d}-{1 + a % 28:02d}"
        for n in range(per_article):
            unit, value = rng.choice(figures)
            value = value if rng.random() < 0.8 else value + rng.choice([-1, 1])
            context = " ".join(sorted(rng.sample(places, rng.choice([0, 2, 3]))))
            numbers.append(
                Item(
                    f"{aid}:q{n}",
                    aid,
                    f"outlet{a % 300}",
                    published,
                    value=float(value),
                    approx=rng.choice(["exact", "exact", "approximate", "at_least"]),
                    key=f"{unit}|{context}",
                    text=f"{value:g} {unit}",
                    subject=unit,
                    terms=set(rng.sample(WORDS[:300], 4)),
                    owner=rng.choice(owners) if unit in {"year", "$"} else None,
                )
            )
        for n in range(per_article):
            content = rng.choice(claims) + " " + " ".join(rng.choices(WORDS, k=3))
            statements.append(
                Item(
                    f"{aid}:s{n}",
                    aid,
                    f"outlet{a % 300}",
                    published,
                    content=content,
                    modality="asserted",
                    story=story,
                )
            )
    return numbers, statements, story_of


def run(articles: int, per_article: int) -> dict[str, object]:
    numbers, statements, story_of = synthetic(articles, per_article)
    seconds: dict[str, float] = {}
    began = time.process_time()
    groups = QuantityGroups()
    nodes = [groups.add(item, story_of[item.article_id]) for item in numbers]
    groups.finish()
    by_root: dict[object, list[Item]] = defaultdict(list)
    for item, node in zip(numbers, nodes, strict=True):
        if node is not None and groups.joined(node):
            by_root[groups.uf.find(node)].append(item)
    number_claims = [g for g in by_root.values() if len({m.article_id for m in g}) > 1]
    seconds["numbers grouped"] = round(time.process_time() - began, 2)
    began = time.process_time()
    clusters = cluster_statements(statements)
    seconds["statements clustered"] = round(time.process_time() - began, 2)
    began = time.process_time()
    contradictions = 0
    for group in number_claims:
        contradictions += len(summarise("quantity", group)["contradictions"])
    for cluster in clusters:
        summarise("statement", [statements[k] for k in cluster])
    seconds["claims summarised"] = round(time.process_time() - began, 2)
    return {
        "articles": articles,
        "numbers": len(numbers),
        "statements": len(statements),
        "number_claims": len(number_claims),
        "statement_claims": len(clusters),
        "contradictions": contradictions,
        "seconds": seconds,
        "total_seconds": round(sum(seconds.values()), 2),
        "peak_rss_mb": peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--per-article", type=int, default=2)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        result = run(size, args.per_article)
        print(json.dumps(result), flush=True)
        results.append(result)
    out: dict[str, object] = {"runs": results}
    if len(results) >= 2:
        small, large = results[0], results[-1]
        out["size_ratio"] = round(int(large["articles"]) / int(small["articles"]), 1)  # type: ignore[call-overload]
        out["time_ratio"] = round(
            float(large["total_seconds"]) / max(float(small["total_seconds"]), 0.01),  # type: ignore[arg-type]
            1,
        )
    print(json.dumps({k: v for k, v in out.items() if k != "runs"}))
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""`claimgraph eval articles`: article-body extraction on scrapinghub's benchmark.

Data: ``<benchmarks_dir>/article-extraction-benchmark`` (181 pages ``html/<id>.html.gz`` and
``ground-truth.json``; MIT). Scoring is the origin's ``evaluate.py``, reproduced here:

- tokens are ``re.findall(r"\\w+", text)``, shingles are 4 consecutive tokens, compared as
  multisets: tp = shared shingles, fp = predicted only, fn = gold only;
- per document, precision = tp / (tp + fp) and recall = tp / (tp + fn) (an empty prediction
  against an empty gold counts 1, an empty prediction against a non-empty gold 0);
- precision and recall are averaged over documents, F1 is computed from the two averages.

This reproduces the published figures from the origin's reference outputs (trafilatura
2.0.0: P 0.938, R 0.978, F1 0.958; readability 0.922). Pages where claimgraph finds no
article (EmptyInputError) are scored as an empty prediction.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from claimgraph.errors import BenchmarkDataMissing, InputError
from claimgraph.settings import get_settings

NAME = "article-extraction-benchmark"
SHINGLE = 4  # tokens per shingle, as in the origin
_TOKEN = re.compile(r"\w+")
# Published F1 on this benchmark, for the side-by-side table (shared/benchmarks/README.md).
PUBLISHED_F1 = {
    "trafilatura 2.0.0": 0.958,
    "newspaper4k": 0.949,
    "readability-lxml": 0.922,
    "goose3": 0.896,
    "full-page text": 0.665,
}


def data_dir(path: Path | None = None) -> Path:
    root = path or get_settings().benchmarks_dir / NAME
    if not (root / "ground-truth.json").is_file() or not (root / "html").is_dir():
        raise BenchmarkDataMissing(f"article-extraction benchmark not found at {root}")
    return root


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def match(gold: str, predicted: str) -> tuple[int, int, int]:
    """(tp, fp, fn) over 4-token shingles, as multisets."""
    g, p = shingles(gold), shingles(predicted)
    return sum((g & p).values()), sum((p - g).values()), sum((g - p).values())


def _ratio(tp: int, other: int, cross: int) -> float:
    if tp + other:
        return tp / (tp + other)
    return 1.0 if cross == 0 else 0.0


def score(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Precision, recall, F1 over (gold, predicted) text pairs, by the origin's rule."""
    precisions: list[float] = []
    recalls: list[float] = []
    for gold, predicted in pairs:
        tp, fp, fn = match(gold, predicted)
        precisions.append(_ratio(tp, fp, fn))
        recalls.append(_ratio(tp, fn, fp))
    if not precisions:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "documents": 0}
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "documents": len(precisions)}


def pages(root: Path) -> Iterator[tuple[str, bytes, str]]:
    """(id, raw HTML bytes, gold article body) for every page, sorted by id."""
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(gold):
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield key, raw, gold[key].get("articleBody", "") or ""


def predict(raw: bytes, options: dict[str, Any]) -> str:
    """The article text claimgraph's HTML reader extracts ('' when it finds none)."""
    from claimgraph.clean.html import html_to_document

    try:
        return html_to_document(raw, source="benchmark", options=options).text
    except InputError:
        return ""


def evaluate(path: Path | None = None, option_sets: Iterable[str] | None = None) -> dict:
    """Scores of each trafilatura option set (default: all of clean.html.OPTION_SETS)."""
    from claimgraph.clean.html import CHOSEN, OPTION_SETS

    root = data_dir(path)
    names = list(option_sets or OPTION_SETS)
    unknown = [n for n in names if n not in OPTION_SETS]
    if unknown:
        raise click.BadParameter(f"unknown option set(s): {', '.join(unknown)}")
    data = list(pages(root))
    results: dict[str, Any] = {}
    for name in names:
        started = time.perf_counter()
        pairs = [(gold, predict(raw, OPTION_SETS[name])) for _key, raw, gold in data]
        seconds = time.perf_counter() - started
        results[name] = {**score(pairs), "seconds": round(seconds, 1)}
    return {
        "benchmark": NAME,
        "scoring": "origin evaluate.py: 4-token shingles, P and R averaged over documents",
        "chosen": CHOSEN,
        "option_sets": {n: OPTION_SETS[n] for n in names},
        "results": results,
        "published_f1": PUBLISHED_F1,
    }


def render(report: dict) -> str:
    lines = [f"{report['benchmark']} ({report['scoring']})", ""]
    lines.append(f"{'system':32} {'P':>6} {'R':>6} {'F1':>6} {'docs':>5} {'s':>6}")
    for name, r in report["results"].items():
        label = f"claimgraph [{name}]" + (" *" if name == report["chosen"] else "")
        lines.append(
            f"{label:32} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
            f"{r['documents']:5d} {r['seconds']:6.1f}"
        )
    for name, f1 in report["published_f1"].items():
        lines.append(f"{name + ' (published)':32} {'':6} {'':6} {f1:6.3f}")
    lines.append("")
    lines.append("* the option set claimgraph uses (clean/html.py CHOSEN)")
    return "\n".join(lines)


@click.command(name="articles")
@click.option("--path", type=click.Path(path_type=Path), default=None, help="Benchmark folder.")
@click.option(
    "--options",
    "option_sets",
    multiple=True,
    help="trafilatura option set(s) to score (default: all; see clean/html.py).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def command(path: Path | None, option_sets: tuple[str, ...], fmt: str) -> None:
    """Article-body extraction F1 on scrapinghub's article-extraction-benchmark."""
    try:
        report = evaluate(path, option_sets or None)
    except BenchmarkDataMissing as exc:
        click.echo(f"skipped: {exc}", err=True)
        return
    click.echo(json.dumps(report, indent=2) if fmt == "json" else render(report))

"""Quality gate: article-body extraction on the article-extraction benchmark.

Skipped when the benchmark folder (../shared/benchmarks) is absent, e.g. on a user's clone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.errors import BenchmarkDataMissing

FLOORS = json.loads((Path(__file__).parent / "floors" / "articles.json").read_text())


def test_scoring_reproduces_the_origin_rule():
    from claimgraph.eval.articles import match, score

    gold = "one two three four five six"
    assert match(gold, gold) == (3, 0, 0)
    assert match(gold, "one two three four") == (1, 0, 2)
    assert match(gold, "") == (0, 0, 3)
    # empty prediction vs empty gold is perfect; vs non-empty gold is zero
    assert score([("", "")])["f1"] == 1.0
    assert score([(gold, "")])["f1"] == 0.0
    # averaged over documents, not pooled: a long and a short document weigh the same
    long_gold = " ".join(f"w{i}" for i in range(1000))
    result = score([(long_gold, long_gold), (gold, "one two three four")])
    assert result["recall"] == pytest.approx((1.0 + 1 / 3) / 2)
    assert result["precision"] == pytest.approx(1.0)


@pytest.mark.benchmark
def test_article_extraction_floor():
    from claimgraph.clean.html import CHOSEN
    from claimgraph.eval.articles import evaluate

    try:
        report = evaluate(option_sets=[CHOSEN])
    except BenchmarkDataMissing as exc:
        pytest.skip(str(exc))
    result = report["results"][CHOSEN]
    assert result["documents"] == 181
    for key in ("precision", "recall", "f1"):
        assert result[key] >= FLOORS[key], f"{key} {result[key]:.3f} < floor {FLOORS[key]}"

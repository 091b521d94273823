"""Quality gate: story grouping on ECB+ (B-cubed over documents), floor in floors/ecbplus.json.

Skipped when ../shared/benchmarks/ecbplus is absent (a user's clone).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.errors import BenchmarkDataMissing

FLOOR = json.loads((Path(__file__).parent / "floors" / "ecbplus.json").read_text())


def test_bcubed_scoring():
    from claimgraph.eval.ecbplus import bcubed

    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    one = bcubed({k: "all" for k in gold}, gold)
    assert one["precision"] == 0.5 and one["recall"] == 1.0
    singletons = bcubed({k: k for k in gold}, gold)
    assert singletons["precision"] == 1.0 and singletons["recall"] == 0.5


@pytest.mark.benchmark
def test_ecbplus_story_floor(nlp):
    from claimgraph.eval.ecbplus import evaluate

    try:
        result = evaluate()
    except BenchmarkDataMissing as exc:
        pytest.skip(str(exc))
    assert result["documents"] > 700
    assert result["f1"] >= FLOOR["f1"] - 1e-9, result

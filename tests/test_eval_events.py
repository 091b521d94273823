"""Quality gates for events and dates: CASE 2021, WikiEvents and MEANTIME against the pinned
floors in tests/floors/. The benchmark tests skip when ../shared/benchmarks is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.errors import BenchmarkDataMissing

FLOORS = Path(__file__).parent / "floors"


def floor(name: str) -> dict:
    return json.loads((FLOORS / f"{name}.json").read_text(encoding="utf-8"))


def run_or_skip(evaluate):
    try:
        return evaluate()
    except BenchmarkDataMissing as exc:
        pytest.skip(str(exc))


def test_weighted_f1_scoring():
    from claimgraph.eval.case2021 import f1_scores

    gold = ["A", "A", "B", "C"]
    perfect = f1_scores(gold, gold)
    assert perfect["weighted_f1"] == 1.0 and perfect["accuracy"] == 1.0
    scores = f1_scores(gold, ["A", "B", "B", "B"])
    # A: P 1 R .5 F .667 (n=2); B: P 1/3 R 1 F .5 (n=1); C: 0 (n=1)
    assert scores["per_label"]["A"]["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert scores["weighted_f1"] == pytest.approx((0.6667 * 2 + 0.5) / 4, abs=1e-3)
    assert scores["accuracy"] == 0.5


def test_meantime_lenient_value_match():
    from claimgraph.eval.meantime import value_matches

    assert value_matches("2007-10-17", "2007-10-17")
    assert not value_matches("2007-10-17", "2007-10-17T06:40Z")
    assert value_matches("2007-10-17", "2007-10-17T06:40Z", lenient=True)
    assert not value_matches("2007-10", "2007-10-17", lenient=True)
    assert not value_matches(None, "2007")


def test_missing_data_skips_with_a_message(tmp_path):
    from claimgraph.serve.cli import cli

    for name in ("case2021", "wikievents", "meantime"):
        result = CliRunner().invoke(cli, ["eval", name, "--path", str(tmp_path / "none")])
        assert result.exit_code == 0, result.output
        assert "skipped" in result.output and "not found" in result.output


@pytest.mark.benchmark
def test_case2021_floor(nlp):
    from claimgraph.eval.case2021 import evaluate

    result = run_or_skip(evaluate)
    assert result["snippets"] == 509
    pinned = floor("case2021")
    for key in ("weighted_f1", "macro_f1", "accuracy"):
        assert result[key] >= pinned[key] - 1e-9, (key, result[key])


@pytest.mark.benchmark
def test_wikievents_floor(nlp):
    from claimgraph.eval.wikievents import evaluate

    result = run_or_skip(evaluate)
    assert result["events"] > 300
    pinned = floor("wikievents")
    assert result["scores"]["head_id"]["f1"] >= pinned["head_id_f1"] - 1e-9, result["scores"]
    assert result["scores"]["coref_id"]["f1"] >= pinned["coref_id_f1"] - 1e-9, result["scores"]


@pytest.mark.benchmark
def test_meantime_floor(nlp):
    from claimgraph.eval.meantime import evaluate

    result = run_or_skip(evaluate)
    pinned = floor("meantime")
    assert result["normalisation"]["date_time_expressions"] > 100
    assert result["normalisation"]["accuracy"] >= pinned["accuracy"] - 1e-9
    e2e = result["end_to_end"]
    assert e2e["recall"] >= pinned["end_to_end_recall"] - 1e-9, e2e
    assert e2e["value_accuracy_matched"] >= pinned["value_accuracy_matched"] - 1e-9, e2e

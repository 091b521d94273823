"""`claimgraph eval claims`: the scoring rules of ecbplus-claims on hand-made data, and the
quality gate against tests/floors/claims.json (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.errors import BenchmarkDataMissing
from claimgraph.eval.claims import (
    GoldMention,
    Prediction,
    disagree,
    gold_interval,
    load_gold,
    match,
    predictions,
    score,
    value_fits,
)

FLOORS = Path(__file__).parent / "floors" / "claims.json"


def _gold(
    id_: str,
    doc: str,
    start: int,
    end: int,
    quantity: str,
    value: float,
    approx: str = "exact",
    low: float | None = None,
    high: float | None = None,
) -> GoldMention:
    return GoldMention(id_, doc, start, end, quantity, value, low, high, approx)


def test_gold_intervals_and_disagreement():
    assert gold_interval(_gold("a", "1_1ecb", 0, 1, "q", 10, "approximate")) == pytest.approx(
        (9, 11)
    )
    assert gold_interval(_gold("a", "1_1ecb", 0, 1, "q", 10, "at_most")) == (0, 10)
    assert gold_interval(_gold("a", "1_1ecb", 0, 1, "q", 24, "vague", low=24)) == (
        24,
        float("inf"),
    )
    exact19 = _gold("a", "1_1ecb", 0, 1, "q", 19)
    exact22 = _gold("b", "1_2ecb", 0, 1, "q", 22)
    at_least20 = _gold("c", "1_3ecb", 0, 1, "q", 20, "at_least")
    about21 = _gold("d", "1_4ecb", 0, 1, "q", 21, "approximate")
    assert disagree(exact19, exact22)
    assert not disagree(at_least20, exact22)  # at least 20 allows 22
    assert disagree(exact19, at_least20)
    assert not disagree(about21, exact22) and not disagree(about21, exact19)


def test_value_fits_exact_range_and_low_end():
    g = _gold("a", "1_1ecb", 0, 5, "q", 30, "range", low=30, high=40)
    assert value_fits(Prediction("p", "1_1ecb", 0, 5, 30.0), g)
    assert value_fits(Prediction("p", "1_1ecb", 0, 5, 35.0), g)
    assert not value_fits(Prediction("p", "1_1ecb", 0, 5, 41.0), g)
    assert value_fits(Prediction("p", "1_1ecb", 0, 5, None, low=30.0, high=40.0), g)
    dozens = _gold("b", "1_1ecb", 0, 6, "q", 24, "vague", low=24)
    assert value_fits(Prediction("p", "1_1ecb", 0, 6, 1000.0), dozens)  # no upper bound
    assert not value_fits(Prediction("p", "1_1ecb", 0, 6, None), dozens)


def test_match_best_overlap_first_each_side_once():
    gold = [_gold("g1", "d", 0, 10, "q", 5), _gold("g2", "d", 12, 20, "r", 5)]
    preds = [
        Prediction("wide", "d", 0, 20, 5.0),  # overlaps both, 10 and 8 characters
        Prediction("exact", "d", 12, 20, 5.0),  # g2, 8 characters, shorter
        Prediction("wrong", "d", 0, 4, 6.0),  # overlaps g1 with a wrong value
    ]
    matched, overlapped = match(gold, preds)
    assert matched["g1"].id == "wide" and matched["g2"].id == "exact"
    assert overlapped == {"g1", "g2"}
    matched, overlapped = match(gold, [Prediction("wrong", "d", 0, 4, 6.0)])
    assert matched == {} and overlapped == {"g1"}


def test_score_links_disagreements_and_topics():
    # topic 1: quantity q (death toll) in three documents, 19 / 22 / at least 20;
    # r (injured) in one; topic 2: quantity s in two documents, both 3
    gold = [
        _gold("a", "1_1ecb", 0, 2, "q", 19),
        _gold("b", "1_2ecb", 0, 2, "q", 22),
        _gold("c", "1_3ecb", 0, 11, "q", 20, "at_least"),
        _gold("d", "1_3ecb", 20, 22, "r", 40),
        _gold("e", "2_1ecb", 0, 1, "s", 3),
        _gold("f", "2_2ecb", 0, 1, "s", 3),
    ]
    preds = [
        Prediction("pa", "1_1ecb", 0, 2, 19.0, claim="C1"),
        Prediction("pb", "1_2ecb", 0, 2, 22.0, claim="C1"),
        Prediction("pc", "1_3ecb", 9, 11, 20.0, claim="C2"),  # not linked to a, b
        Prediction("pd", "1_3ecb", 20, 22, 40.0, claim="C1"),  # wrong link
        Prediction("pe", "2_1ecb", 0, 1, 3.0, claim="C3"),
        Prediction("pf", "2_2ecb", 0, 1, 4.0, claim="C3"),  # wrong value: unmatched
        Prediction("px", "2_2ecb", 5, 9, 2008.0, claim="C3"),  # a date: not gold, unscored
    ]
    contradictions = [("pa", "pb"), ("pa", "pd"), ("pe", "px")]
    result = score(gold, preds, contradictions)
    assert result["gold_mentions"] == 6
    assert result["mention_recall"] == pytest.approx(5 / 6, abs=1e-4)
    assert result["value_accuracy"] == pytest.approx(5 / 6, abs=1e-4)
    # gold pairs: (a,b), (a,c), (b,c), (e,f) = 4; predicted among matched: (a,b), (a,d), (b,d)
    links = result["links"]
    assert (links["correct"], links["predicted"], links["gold"]) == (1, 3, 4)
    assert links["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert links["recall"] == 0.25
    # gold disagreements: (a,b) 19 vs 22, (a,c) 19 vs at least 20; predicted (a,b), (a,d)
    dis = result["disagreements"]
    assert (dis["correct"], dis["predicted"], dis["gold"]) == (1, 2, 2)
    topic2 = result["per_topic"]["2"]
    assert topic2["links"]["gold"] == 1 and topic2["links"]["predicted"] == 0
    assert topic2["mention_recall"] == 0.5


def test_cross_topic_pairs_count_overall_only():
    gold = [_gold("a", "1_1ecb", 0, 1, "q", 3), _gold("b", "2_1ecb", 0, 1, "s", 3)]
    preds = [
        Prediction("pa", "1_1ecb", 0, 1, 3.0, claim="C"),
        Prediction("pb", "2_1ecb", 0, 1, 3.0, claim="C"),
    ]
    result = score(gold, preds)
    assert result["links"]["predicted"] == 1 and result["links"]["correct"] == 0
    assert result["per_topic"]["1"]["links"]["predicted"] == 0


def test_predictions_from_exported_rows():
    quantities = [
        {"id": "A:q1", "article_id": "A", "start": 3, "end": 5, "value": 19.0, "claim": "c_1"},
        {"id": "B:q1", "article_id": "B", "start": 0, "end": 2, "value": 22.0, "claim": "c_1"},
        {"id": "Z:q1", "article_id": "Z", "start": 0, "end": 2, "value": 1.0, "claim": None},
    ]
    rows = [
        {"kind": "numeric", "a_id": "A:q1", "b_id": "B:q1"},
        {"kind": "polarity", "a_id": "A:s1", "b_id": "B:s1"},
    ]
    preds, pairs = predictions(quantities, rows, {"A": "1_1ecb", "B": "1_2ecb"})
    assert [(p.doc, p.claim) for p in preds] == [("1_1ecb", "c_1"), ("1_2ecb", "c_1")]
    assert pairs == [("A:q1", "B:q1")]


def test_load_gold_reads_texts_and_mentions(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "1_1ecb.txt").write_text("killed 19 people", encoding="utf-8")
    gold = {
        "version": 1,
        "documents": ["1_1ecb"],
        "quantities": [{"id": "1ecb-q1", "story": "1ecb", "description": "", "kind": "count"}],
        "mentions": [
            {
                "id": "m1",
                "doc": "1_1ecb",
                "start": 7,
                "end": 16,
                "text": "19 people",
                "quantity": "1ecb-q1",
                "value": 19,
                "low": None,
                "high": None,
                "approx": "exact",
            }
        ],
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    texts, mentions = load_gold(tmp_path)
    assert texts["1_1ecb"][mentions[0].start : mentions[0].end] == "19 people"


def test_cli_scores_a_tiny_benchmark_through_the_pipeline(tmp_path, nlp):
    from claimgraph.serve.cli import cli

    texts = {
        "1_1ecb": "A strong earthquake killed 10 people on Qeshm island in Iran on Monday.",
        "1_2ecb": "Ten people died when an earthquake struck Qeshm island in Iran on Monday.",
    }
    (tmp_path / "text").mkdir()
    mentions = []
    for n, (doc, text) in enumerate(texts.items()):
        (tmp_path / "text" / f"{doc}.txt").write_text(text, encoding="utf-8")
        phrase = "10 people" if n == 0 else "Ten people"
        start = text.index(phrase)
        mentions.append(
            {
                "id": f"m{n}",
                "doc": doc,
                "start": start,
                "end": start + len(phrase),
                "text": phrase,
                "quantity": "1ecb-q1",
                "value": 10,
                "low": None,
                "high": None,
                "approx": "exact",
            }
        )
    gold = {"version": 1, "documents": list(texts), "quantities": [], "mentions": mentions}
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["eval", "claims", "--path", str(tmp_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["documents"] == 2 and scores["gold_mentions"] == 2
    assert scores["mention_recall"] == 1.0 and scores["value_accuracy"] == 1.0
    assert scores["links"]["gold"] == 1 and set(scores["per_topic"]) == {"1"}
    table = CliRunner().invoke(cli, ["eval", "claims", "--path", str(tmp_path)])
    assert "link P" in table.output and table.exit_code == 0


def test_missing_data_skips_with_a_message(tmp_path):
    from claimgraph.serve.cli import cli

    result = CliRunner().invoke(cli, ["eval", "claims", "--path", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "not found" in result.output


@pytest.mark.benchmark
def test_claims_floor(nlp):
    from claimgraph.eval.claims import evaluate

    try:
        result = evaluate()
    except BenchmarkDataMissing as exc:
        pytest.skip(f"ecbplus-claims benchmark data absent (../shared/benchmarks): {exc}")
    pinned = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert result["documents"] == pinned["documents"]
    assert result["gold_mentions"] == pinned["gold_mentions"]
    floor = pinned["floors"]
    for key in ("mention_recall", "value_accuracy"):
        assert result[key] >= floor[key] - 1e-9, (key, result[key])
    for group in ("links", "disagreements"):
        for key in ("precision", "recall", "f1"):
            got = result[group][key]
            assert got >= floor[f"{group}_{key}"] - 1e-9, (group, key, got)

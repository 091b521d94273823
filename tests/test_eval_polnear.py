"""PolNeAR evaluation: span scoring rules, brat parsing, and the quality gate on dev."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.eval.polnear import FIELDS, load_split, parse_ann
from claimgraph.eval.spans import RULES, Tally, match_count, matches, trimmed
from claimgraph.settings import get_settings

FLOORS = Path(__file__).parent / "floors" / "polnear.json"
TEXT = 'Officials said: "The talks have stalled," in Velbrook.'


def test_rules_differ():
    gold = ((16, 41),)  # "The talks have stalled,"  with quote marks
    assert matches(((17, 39),), gold, TEXT, "exact")  # marks and comma trimmed
    assert matches(((17, 39),), gold, TEXT, "strict")
    assert matches(((17, 22),), gold, TEXT, "lenient")
    assert not matches(((17, 22),), gold, TEXT, "strict")  # 5 of 25 characters
    assert not matches(((17, 22),), gold, TEXT, "exact")
    assert not matches(((0, 9),), gold, TEXT, "lenient")


def test_trimmed_strips_punctuation_and_space():
    assert TEXT[slice(*trimmed(((14, 42),), TEXT))] == "The talks have stalled"


def test_one_to_one_matching():
    gold = [((0, 9),)]
    assert match_count([((0, 9),), ((0, 4),)], gold, TEXT, "lenient") == 1
    tally = Tally()
    tally.add([((0, 9),), ((10, 14),)], gold, TEXT, "lenient")
    assert tally.scores()["precision"] == 0.5
    assert tally.scores()["recall"] == 1.0


def test_parse_ann_discontinuous_and_multiline():
    ann = (
        "T1\tSource 0 9\tOfficials\n"
        "T2\tCue 10 14\tsaid\n"
        "T3\tContent 16 30;31 41\tThe talks\nhave stalled\n"
        "T4\tAttribution 10 14\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tSource 0 9\tOfficials\n"
    )
    gold = parse_ann(ann)
    assert gold["source"] == [((0, 9),)]  # duplicate span counted once
    assert gold["cue"] == [((10, 14),)]
    assert gold["content"] == [((16, 30), (31, 41))]


def test_load_split_keeps_one_annotator_per_article(tmp_path):
    base = tmp_path / "dev"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    (base / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (base / "attributions" / "a_0001.ann").write_text("T1\tCue 10 14\tsaid\n", encoding="utf-8")
    (base / "attributions" / "a_0002.ann").write_text("T1\tCue 0 9\tx\n", encoding="utf-8")
    articles = load_split("dev", tmp_path)
    assert len(articles) == 1
    assert articles[0].gold["cue"] == [((10, 14),)]


@pytest.fixture(scope="session")
def dev_result():
    path = get_settings().benchmarks_dir / "polnear"
    if not (path / "dev").is_dir():
        pytest.skip(f"PolNeAR not found at {path} (set CLAIMGRAPH_BENCHMARKS)")
    from claimgraph.eval.polnear import evaluate

    return evaluate("dev", path)


@pytest.mark.benchmark
@pytest.mark.model
def test_polnear_dev_floors(dev_result):
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    scores = dev_result["scores"]["claimgraph"]
    for field in FIELDS:
        for rule in RULES:
            got = scores[field][rule]["f1"]
            floor = floors[field][rule]
            assert got >= floor - 0.005, f"{field} {rule}: F1 {got} under floor {floor}"


@pytest.mark.benchmark
@pytest.mark.model
def test_polnear_beats_textacy_baseline(dev_result):
    ours, base = dev_result["scores"]["claimgraph"], dev_result["scores"]["textacy"]
    for field in FIELDS:
        assert ours[field]["lenient"]["f1"] > base[field]["lenient"]["f1"] + 0.2

"""`claimgraph eval ecbplus-entities`: the scoring rules on hand-made data, and the quality
gate against tests/floors/ecbplus_entities.json (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.errors import BenchmarkDataMissing
from claimgraph.eval.ecbplus_entities import (
    GoldDocument,
    GoldMention,
    SystemMention,
    is_name_token,
    load_gold,
    name_is_head,
    name_run,
    proper_forms,
    score,
    telling_positions,
)

FLOORS = Path(__file__).parent / "floors" / "ecbplus_entities.json"


def test_capitals_tell_a_name_except_first_words_and_headlines():
    words = ["Police", "said", "Lohan", "left"]
    assert telling_positions(words) == [False, True, True, True]
    headline = ["Lindsay", "Lohan", "Checks", "Into", "Court", "-", "Ordered", "Rehab"]
    assert not any(telling_positions(headline))
    assert not is_name_token("Police", False, set())
    assert is_name_token("Lohan", True, set())
    assert is_name_token("Lohan", False, {"lohan"})  # first word, known as a name
    assert not is_name_token("Rehab", False, {"lohan"})
    assert not is_name_token("She", True, set())  # stop words never
    assert not is_name_token("Everyone'", True, set())
    assert not is_name_token("26", True, set())
    assert is_name_token("US", False, set()) and is_name_token("U.S.", True, set())


def test_proper_forms_weigh_capitals_in_telling_positions_against_lower_case():
    sentences = [
        ["Lohan", "checked", "into", "rehab"],
        ["Police", "said", "Lohan", "left"],
        ["The", "police", "said"],
        ["She", "met", "Police"],  # one telling capital, one lower-case use: not a name
    ]
    assert proper_forms(sentences) == {"lohan"}


def test_name_run_and_head():
    def name(text: str) -> str:
        words = text.split()
        names = [is_name_token(w, True, set()) for w in words]
        first, last = name_run(names, words)
        if first < 0 or not name_is_head(words, first, last):
            return ""
        return " ".join(words[first : last + 1])

    assert name("actress Lindsay Lohan") == "Lindsay Lohan"
    assert name("Morningside Recovery in Newport Beach , CA") == "Morningside Recovery"
    assert name("the University of California") == "University of California"
    assert name("James R . Dabney") == "James R . Dabney"
    assert name("in Beverly Hills") == "Beverly Hills"
    assert name("a hospital in Los Angeles") == ""  # modifies "hospital"
    assert name("Paris jewellery store") == ""
    assert name("CNN 's management") == ""
    assert name("the actress") == ""


def _mention(doc: str, m_id: str, type_: str, start: int, end: int, cluster: str) -> GoldMention:
    return GoldMention(
        doc=doc,
        topic="1",
        m_id=m_id,
        tag="HUMAN_PART_PER",
        type=type_,
        start=start,
        end=end,
        text=f"m{m_id}",
        named_start=start,
        named_end=end,
        cluster=cluster,
        linked=not cluster.startswith(doc),
    )


def test_score_types_coverage_and_bcubed():
    # gold: a1, a2, b1 are one person (X); b2 is a place (P); a3 is an unlinked singleton
    docs = [
        GoldDocument(
            "1_1ecb",
            "1",
            "",
            [
                _mention("1_1ecb", "1", "PERSON", 0, 5, "X"),
                _mention("1_1ecb", "2", "PERSON", 10, 15, "X"),
                _mention("1_1ecb", "3", "ORG", 20, 25, "1_1ecb:3"),
            ],
        ),
        GoldDocument(
            "1_2ecb",
            "1",
            "",
            [
                _mention("1_2ecb", "1", "PERSON", 0, 5, "X"),
                _mention("1_2ecb", "2", "PLACE", 10, 15, "P"),
            ],
        ),
    ]
    system = {
        # a1, a2 -> e1 (PERSON); a3 not covered
        "1_1ecb": [
            SystemMention(0, 5, "e1", "PERSON", "X"),
            SystemMention(9, 16, "e1", "PERSON", "X"),
        ],
        # b1 -> e2 (a split from e1); b2 -> e3 typed PERSON (a place: wrong type)
        "1_2ecb": [
            SystemMention(1, 4, "e2", "PERSON", "X"),
            SystemMention(12, 20, "e3", "PERSON", "P"),
        ],
    }
    result = score(docs, system)
    assert result["named_mentions"] == 5
    assert result["coverage"] == 0.8  # a3 uncovered
    assert result["type_accuracy"] == 0.75  # b2 PERSON for a PLACE
    assert result["type_accuracy_all"] == 0.6
    # B-cubed: predicted {a1,a2}, {b1}, {b2}, {a3}; gold {a1,a2,b1}, {b2}, {a3}
    # precision: all 1; recall: a1,a2: 2/3, b1: 1/3, b2: 1, a3: 1 -> 11/15
    b3 = result["bcubed"]
    assert b3["precision"] == 1.0
    assert b3["recall"] == pytest.approx(11 / 15, abs=1e-4)
    assert result["per_type"]["PERSON"]["bcubed"]["recall"] == pytest.approx(5 / 9, abs=1e-4)
    assert result["linked_mentions"] == 4  # the singleton a3 is not linked
    confusions = {(c["gold"], c["system"]): c["count"] for c in result["top_confusions"]}
    assert confusions == {("ORG", "none"): 1, ("PLACE", "PERSON"): 1}
    assert result["splits"]["count"] == 1 and result["merges"]["count"] == 0


def test_score_merges_within_a_topic_only():
    docs = [
        GoldDocument("1_1ecb", "1", "", [_mention("1_1ecb", "1", "PLACE", 0, 5, "A")]),
        GoldDocument("2_1ecb", "2", "", [_mention("2_1ecb", "1", "PLACE", 0, 5, "B")]),
    ]
    docs[1].mentions[0].topic = "2"
    system = {k: [SystemMention(0, 5, "same", "GPE", "Paris")] for k in ("1_1ecb", "2_1ecb")}
    result = score(docs, system)
    assert result["type_accuracy"] == 1.0
    assert result["bcubed"]["f1"] == 1.0  # one corpus id over two topics is no merge error


_XML = """<Document doc_name="{name}">
<token t_id="1" sentence="0" number="0">http://x</token>
<token t_id="2" sentence="1" number="0">Lindsay</token>
<token t_id="3" sentence="1" number="1">Lohan</token>
<token t_id="4" sentence="1" number="2">left</token>
<token t_id="5" sentence="1" number="3">the</token>
<token t_id="6" sentence="1" number="4">actress</token>
<token t_id="7" sentence="2" number="0">She</token>
<token t_id="8" sentence="2" number="1">went</token>
<token t_id="9" sentence="2" number="2">to</token>
<token t_id="10" sentence="2" number="3">Malibu</token>
<Markables>
<HUMAN_PART_PER m_id="1"><token_anchor t_id="2"/><token_anchor t_id="3"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="2"><token_anchor t_id="5"/><token_anchor t_id="6"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="3"><token_anchor t_id="7"/></HUMAN_PART_PER>
<LOC_GEO m_id="4"><token_anchor t_id="10"/></LOC_GEO>
<HUMAN_PART_PER m_id="9" TAG_DESCRIPTOR="t1_lohan" instance_id="HUM1" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="HUM1"><source m_id="1" /><target m_id="9" /></CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="2"><source m_id="3" /><target m_id="1" /></INTRA_DOC_COREF>
</Relations>
</Document>
"""


def test_load_gold_offsets_clusters_and_named(tmp_path):
    folder = tmp_path / "ecbplus"
    (folder / "ECB+" / "1").mkdir(parents=True)
    for name in ("1_1ecbplus", "1_2ecbplus"):
        (folder / "ECB+" / "1" / f"{name}.xml").write_text(_XML.format(name=name))
    (folder / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n1,1ecbplus,1\n1,1ecbplus,2\n1,2ecbplus,1\n"
    )
    docs, names = load_gold(folder)
    assert [d.key for d in docs] == ["1_1ecbplus", "1_2ecbplus"]
    first = docs[0]
    assert first.text == "Lindsay Lohan left the actress\nShe went to Malibu"
    by_id = {m.m_id: m for m in first.mentions}
    assert first.text[by_id["4"].start : by_id["4"].end] == "Malibu"
    assert by_id["1"].named and by_id["4"].named
    assert not by_id["2"].named and not by_id["3"].named
    # the intra-document chain joins "She" to the cross-document instance
    assert by_id["1"].cluster == by_id["3"].cluster == "1:HUM1"
    assert docs[1].mentions[0].cluster == "1:HUM1"  # same instance in the other file
    assert by_id["4"].cluster == "1_1ecbplus:4" and not by_id["4"].linked
    assert {m.m_id for m in docs[1].mentions} == {"1", "2"}  # sentence 2 not listed there
    assert names["HUM1"] == "t1_lohan"


def test_missing_data_skips_with_a_message(tmp_path):
    from claimgraph.serve.cli import cli

    result = CliRunner().invoke(cli, ["eval", "ecbplus-entities", "--path", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "not found" in result.output


@pytest.mark.benchmark
def test_ecbplus_entities_floor(nlp):
    from claimgraph.eval.ecbplus_entities import evaluate

    try:
        result = evaluate()
    except BenchmarkDataMissing as exc:
        pytest.skip(f"ECB+ benchmark data absent (../shared/benchmarks/ecbplus): {exc}")
    pinned = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert result["documents"] == pinned["documents"]
    assert result["named_mentions"] == pinned["named_mentions"]
    for scope in ("all", "PERSON", "ORG", "PLACE"):
        got = result if scope == "all" else result["per_type"][scope]
        floor = pinned["floors"][scope]
        for key in ("type_accuracy", "coverage"):
            assert got[key] >= floor[key] - 1e-9, (scope, key, got[key])
        for key in ("precision", "recall", "f1"):
            assert got["bcubed"][key] >= floor[f"bcubed_{key}"] - 1e-9, (scope, key, got)
        assert got["bcubed_linked"]["f1"] >= floor["bcubed_linked_f1"] - 1e-9, (scope, got)

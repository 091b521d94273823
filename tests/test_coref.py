"""Pronoun resolution and the GUM quality gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.eval.gum import GumMissing, evaluate, parse_conllu
from claimgraph.extract.entities import build_entities
from claimgraph.extract.gender import first_name_gender

FLOORS = Path(__file__).parent / "floors" / "gum.json"


def _mentions(index, name):
    (e,) = [e for e in index.entities if e.name == name]
    return {(m.start, m.text, m.kind) for m in e.mentions}


def test_first_name_gender_lexicon():
    assert first_name_gender("Marta") == "f"
    assert first_name_gender("Tomas") == "m"
    assert first_name_gender("Xqzt") is None


def test_he_and_she_follow_gender(nlp):
    text = (
        "Tomas Velk met Anna Morel in Sevria. He said the talks were useful. "
        "She said they had failed, and her office confirmed it."
    )
    index = build_entities(nlp(text))
    he, she, her = text.index("He said"), text.index("She said"), text.index("her office")
    assert (he, "He", "pronoun") in _mentions(index, "Tomas Velk")
    assert (she, "She", "pronoun") in _mentions(index, "Anna Morel")
    assert (her, "her", "possessive") in _mentions(index, "Anna Morel")


def test_gender_learned_from_honorific(nlp):
    text = "Ms. Ilse Darrow and Oren Kast met. Later, she said the deal was done."
    index = build_entities(nlp(text))
    she = text.index("she said")
    assert (she, "she", "pronoun") in _mentions(index, "Ilse Darrow")


def test_object_pronoun_is_not_the_subject(nlp):
    text = "Oren Kast arrived. Tomas Velk praised him warmly."
    index = build_entities(nlp(text))
    him = text.index("him")
    assert (him, "him", "pronoun") in _mentions(index, "Oren Kast")


def test_resolve_pronoun_speaker_span(nlp):
    text = "Tomas Velk arrived in Sevria on Monday. He told reporters the border was closed."
    doc = nlp(text)
    index = build_entities(doc)
    start = text.index("He told")
    eid = index.resolve(start, start + 2, doc)
    assert index.by_id(eid).name == "Tomas Velk"


def test_pronoun_without_antecedent_is_unresolved(nlp):
    text = "The border stayed closed. She questioned the figures."
    doc = nlp(text)
    index = build_entities(doc)
    start = text.index("She")
    assert index.resolve(start, start + 3, doc) is None


def test_window_limits_the_search(nlp, monkeypatch):
    from claimgraph import settings

    monkeypatch.setattr(
        settings, "get_settings", lambda: settings.Settings(pronoun_window_sentences=1)
    )
    import claimgraph.extract.coref as coref

    monkeypatch.setattr(coref, "get_settings", settings.get_settings)
    # a person of unknown gender is looked for within the window only
    text = "Kim Velk arrived. The border closed. He left."
    index = build_entities(nlp(text))
    assert not any(m.text == "He" for e in index.entities for m in e.mentions)
    # one of the pronoun's known gender up to KNOWN_GENDER_REACH windows back, not further
    text = "Tomas Velk arrived. The border closed. The rain fell. He left."
    index = build_entities(nlp(text))
    assert any(m.text == "He" for e in index.entities for m in e.mentions)
    text = "Tomas Velk arrived. The border closed. The rain fell. The wind rose. He left."
    index = build_entities(nlp(text))
    assert not any(m.text == "He" for e in index.entities for m in e.mentions)


def test_parse_conllu_entities_and_offsets():
    lines = [
        "# newpar",
        "1\tTomas\tTomas\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-x-x-x-x-Tomas_Velk",
        "2\tVelk\tVelk\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=1)",
        "3\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No",
        "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_",
        "",
        "1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1-person-giv-x-x-x-x-Tomas_Velk)",
        "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_",
        "",
    ]
    doc = parse_conllu("t", lines)
    assert doc.text == "Tomas Velk spoke. He said"
    spans = sorted((doc.tokens[m.first].start, doc.tokens[m.last].end) for m in doc.mentions)
    assert spans == [(0, 10), (18, 20)]
    assert doc.tokens[4].head == 5  # "He" -> "said"


def _floors() -> dict:
    return json.loads(FLOORS.read_text())


@pytest.mark.benchmark
def test_gum_floor():
    try:
        result = evaluate()
    except GumMissing as exc:
        pytest.skip(str(exc))
    floors = _floors()
    for key, floor in floors.items():
        kind, metric = key.split(".")
        assert result[kind][metric] >= floor, (key, result[kind])


def test_it_as_speaker_resolves_to_organisation(nlp):
    text = (
        "The Dravenian Defence Ministry published new figures on Monday. "
        "It said the border was closed."
    )
    doc = nlp(text)
    index = build_entities(doc)
    start = text.index("It said")
    eid = index.resolve(start, start + 2, doc)
    assert eid is not None and index.by_id(eid).type in {"ORG", "GPE"}
    # "it" that is not a speaker is left alone
    text2 = "The Dravenian Defence Ministry met. It rained."
    doc2 = nlp(text2)
    start2 = text2.index("It rained")
    assert build_entities(doc2).resolve(start2, start2 + 2, doc2) is None


def test_eval_gum_command_skips_without_data(tmp_path):
    from click.testing import CliRunner

    from claimgraph.eval.gum import command

    result = CliRunner().invoke(command, ["--path", str(tmp_path)])
    assert result.exit_code == 0
    assert "skipped" in result.output


def test_he_inside_a_quote_is_not_its_speaker(nlp):
    text = (
        "Rolf Santen leads the Velda list. Tomas Velk, who owns the Tarn cafe, said: "
        '"When he was winning in the polls, we named a drink after him."'
    )
    index = build_entities(nlp(text))
    he = text.index("he was")
    assert (he, "he", "pronoun") in _mentions(index, "Rolf Santen")
    assert (he, "he", "pronoun") not in _mentions(index, "Tomas Velk")


def test_reflexive_takes_its_clause_subject(nlp):
    text = (
        "Officer Marek Dolan said that Tomas Velk later walked into the station and turned "
        "himself in."
    )  # by salience alone himself would be Dolan, the speaker
    index = build_entities(nlp(text))
    himself = text.index("himself")
    assert (himself, "himself", "pronoun") in _mentions(index, "Tomas Velk")

"""Flags: surname conflicts, unresolved pronouns, unattributed claims, translation artefacts."""

from __future__ import annotations

from claimgraph.extract.flags import surface_artefacts, translation_artefacts
from claimgraph.pipeline import extract_text


def _codes(record):
    return [f.code for f in record.flags]


def test_surname_conflict_with_spans(nlp):
    text = (
        "President Tomas Velk spoke in Sevria on Monday. "
        "Later, Marta Velk, a Dravenian lawyer, criticised the plan."
    )
    record = extract_text(text)
    (flag,) = [f for f in record.flags if f.code == "surname-conflict"]
    assert "Velk" in flag.message
    assert {(s.start, s.text) for s in flag.spans} == {
        (text.index("Tomas Velk"), "Tomas Velk"),
        (text.index("Marta Velk"), "Marta Velk"),
    }


def test_first_name_slip_flagged(nlp):
    text = (
        "President Volodymyr Kestrin met the envoy. Later, President Vladimir Kestrin "
        "thanked the allies."
    )
    record = extract_text(text)
    (flag,) = [f for f in record.flags if f.code == "surname-conflict"]
    assert "Vladimir" in flag.message and "Volodymyr" in flag.message


def test_unresolved_pronoun(nlp):
    text = "The border with Sevria stayed closed on Monday.\n\nShe questioned the official figures."
    record = extract_text(text)
    flags = [f for f in record.flags if f.code == "unresolved-pronoun"]
    assert flags and flags[0].spans[0].start == text.index("She")


def test_resolved_pronoun_not_flagged(nlp):
    text = "Anna Morel arrived in Sevria on Monday. She questioned the official figures."
    assert "unresolved-pronoun" not in _codes(extract_text(text))


def test_unattributed_number(nlp):
    text = "At least 40 people were killed in Sevria on Monday."
    record = extract_text(text)
    flags = [f for f in record.flags if f.code == "unattributed-claim"]
    assert flags
    assert flags[0].spans[0].text == "At least 40"


def test_surface_artefacts_with_offsets():
    text = (
        "The the minister came , and the president of the country Dravenia spoke. "
        "He said die Lage ist nicht gut. Слава героям. "
        'Officials said the "talks failed.'
    )
    found = surface_artefacts(text)
    whys = " ".join(w for _, w in found)
    for expected in ("repeated word", "space before", "calque", "foreign words", "non-Latin"):
        assert expected in whys
    assert "quote marks" in whys
    for span, _ in found:
        assert text[span.start : span.end] == span.text


def test_native_english_has_no_surface_artefacts():
    text = (
        'Tomas Velk said he had had enough. "We will not retreat," he said. '
        "“The talks,” Anna Morel said, “went well.” La Paz and de Gaulle are names."
    )
    assert surface_artefacts(text) == []


def test_translation_hints_reported_once_probable():
    text = (
        "President of Dravenia Tomas Welk took the decision to direct around 12 thousand "
        "soldiers to the border, he informed on Sunday."
    )
    flags = translation_artefacts(text)
    assert any(f.message.startswith("probable machine translation") for f in flags)
    assert translation_artefacts("Velk decided to send 12,000 soldiers, he said.") == []


def test_boilerplate_ranges_are_not_flagged_as_artefacts():
    text = "Read more , share this. Velk spoke."
    assert translation_artefacts(text, [(0, 22)]) == []


def test_reduplicated_names_and_scripts_are_one_flag():
    text = (
        'Sirhan Sirhan was quoted: "Свою победу дарю маме", she wrote.\n\nHobbits\n\nHobbits met.'
    )
    found = surface_artefacts(text)
    assert [(s.text, why) for s, why in found] == [
        ("Свою победу дарю маме", "untranslated fragment (non-Latin)")
    ]

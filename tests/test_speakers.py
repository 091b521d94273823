"""Speaker resolution an analyst can sign off ("who" issue): roles go to the person named
with that role or the article's principal holder, never to whoever was named last; outlet
descriptions go to the outlet; bylines are never antecedents; what cannot be tied to a
name stays unresolved and is flagged. Fictional people and outlets throughout."""

from __future__ import annotations

import pytest

from claimgraph import extract_text
from claimgraph.extract.speakers import byline_ranges

pytestmark = pytest.mark.model


def speakers(text: str) -> list[tuple[str, str | None]]:
    record = extract_text(text)
    names = {e.id: e.name for e in record.entities}
    return [
        (s.speaker.span.text, names.get(s.speaker.entity or ""))
        for s in record.statements
        if s.speaker is not None
    ]


def test_the_president_is_the_principal_holder_not_one_named_in_passing():
    text = (
        'Kestrel Wire reported that the president "honestly acknowledged" the losses. '
        "Dravenian President Tomas Velk spoke in Halvar on Monday. Velk had held talks by "
        "phone with Sevrian President Ivan Morov on Sunday. Velk said the front was stable. "
        "Reporters waited outside. The bridge stayed closed. "
        "The president said 300 soldiers had died."
    )
    got = dict(speakers(text))
    assert got["the president"] == "Tomas Velk"  # named later in the text: the same man
    assert got["The president"] == "Tomas Velk"  # not Morov, the last president named


def test_the_president_right_after_a_speaking_holder_is_that_holder():
    text = (
        "Sevrian President Ivan Morov said on Monday that the border was closed. "
        "The president added that talks would resume."
    )
    assert ("The president", "Ivan Morov") in speakers(text)


def test_a_role_nobody_holds_stays_unresolved_and_is_flagged():
    text = "Ivan Morov visited Halvar on Monday. The minister said the bridge would reopen."
    assert speakers(text) == [("The minister", None)]
    record = extract_text(text)
    flagged = [f for f in record.flags if f.code == "unresolved-speaker"]
    assert len(flagged) == 1 and flagged[0].spans[0].text == "The minister"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The Orlan Herald reported the figures on Monday. "
            "The newspaper said 40 trucks had crossed the border.",
            "The newspaper",
        ),
        (
            "The figures were first published by Kestrel News on Monday. "
            "The agency said 40 trucks had crossed the border.",
            "The agency",
        ),
        (
            "The Orlan Herald reported on Monday that the talks had failed. "
            "The editorial team said the report had been checked twice.",
            "The editorial team",
        ),
    ],
)
def test_an_outlet_description_is_the_outlet_named_before(text, speaker):
    got = dict(speakers(text))
    assert got[speaker] is not None and ("Herald" in got[speaker] or "Kestrel" in got[speaker])


def test_an_outlet_description_with_no_outlet_named_stays_unresolved():
    assert speakers("The newspaper said 40 trucks had crossed the border.") == [
        ("The newspaper", None)
    ]


def test_bylines_and_section_labels_are_found():
    text = "Analysis: Jon Sopel\nBy Mara Lind, Kestrel Wire\nJon Vale, Halvar correspondent\n"
    text += "Velk said it was over.\n"
    lines = [text[a:b] for a, b in byline_ranges(text)]
    assert lines == [
        "Analysis: Jon Sopel",
        "By Mara Lind, Kestrel Wire",
        "Jon Vale, Halvar correspondent",
    ]


def test_a_byline_is_never_an_antecedent():
    text = "Analysis: Jon Sopel\n\nThe talks went on in Kovar. He said it was fine."
    record = extract_text(text)
    (statement,) = record.statements
    assert statement.speaker is not None and statement.speaker.entity is None
    assert any(f.code == "unresolved-pronoun" for f in record.flags)
    text = "By Mara Lind\n\nTomas Velk arrived in Kovar. Crowds waited. She said it was over."
    assert dict(speakers(text)).get("She") is None  # not the reporter


def test_relative_who_and_it_said_in_a_statement():
    assert ("who", "Tomas Velk") in speakers(
        "Tomas Velk, who said the bridge was safe, left Kovar on Monday."
    )
    got = speakers(
        "The Ministry of Defence rejected the report. "
        "It said in a statement that no shells were fired."
    )
    assert ("It", "Ministry of Defence") in got


def test_i_and_we_inside_a_quote_are_its_speaker():
    record = extract_text(
        '"I will not resign, and my party knows it," Tomas Velk told reporters. '
        'The Dravenian Defence Ministry said: "We fired no shells at our neighbours."'
    )
    mentions = {e.name: [(m.text, m.kind) for m in e.mentions] for e in record.entities}
    assert ("I", "pronoun") in mentions["Tomas Velk"]
    assert ("my", "possessive") in mentions["Tomas Velk"]
    ministry = next(v for k, v in mentions.items() if "Ministry" in k)
    assert ("We", "pronoun") in ministry and ("our", "possessive") in ministry


def test_a_given_name_alone_is_the_person_named_in_full():
    text = (
        "Mara Lind founded the studio with Drew Cass. Years later, Mara and I met again. "
        "Critics praised the studio. The city council funded it. She said the work went on."
    )
    assert ("She", "Mara Lind") in speakers(text)
    lind = next(e for e in extract_text(text).entities if e.name == "Mara Lind")
    assert any(m.text == "Mara" and m.kind == "name" for m in lind.mentions)


def test_a_possessive_fronted_before_its_subject_refers_to_the_subject():
    text = (
        "Tomas Velk lost the vote in March. "
        "In his opening remarks, Ivan Morov said the talks would go on."
    )
    record = extract_text(text)
    morov = next(e for e in record.entities if e.name == "Ivan Morov")
    assert any(m.text == "his" for m in morov.mentions)


def test_an_organisation_described_by_its_kind_is_the_one_just_named():
    assert ("The band", "Doobie Brothers") in speakers(
        "The Doobie Brothers will tour next year. The band unveiled its plans on Monday."
    )
    got = speakers(
        "The Orlan Herald reported that Kestrel Bank would cut rates. "
        "The bank said the move was temporary."
    )
    assert ("The bank", "Kestrel Bank") in got  # not the outlet that reported it


def test_a_spokesperson_speaks_for_the_organisation_named_with_them():
    got = dict(
        speakers(
            "Kestrel Bank cut rates on Monday. A spokesman for Kestrel Bank said the move "
            "was temporary. A Kestrel Bank official said more cuts were possible."
        )
    )
    assert got["A spokesman for Kestrel Bank"] == "Kestrel Bank"
    assert got["A Kestrel Bank official"] == "Kestrel Bank"

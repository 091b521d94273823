"""Attribution v2 (issue 12): quote structure on real pages, what is not a cue, recipients,
nested reports, and the learned boundary model (its file, its switch, its errors).

All text here is ours: fictional places, people and outlets.
"""

from __future__ import annotations

import json

import pytest

from claimgraph.clean.html import html_to_document
from claimgraph.errors import ModelError
from claimgraph.extract.attribution import boundaries
from claimgraph.pipeline import extract_text
from claimgraph.settings import get_settings


def statements(text: str) -> list[dict]:
    return extract_text(text).to_dict()["statements"]


def speaker(s: dict) -> str | None:
    return s["speaker"]["span"]["text"] if s.get("speaker") else None


def by_content(found: list[dict], words: str) -> dict:
    hits = [s for s in found if words in s["content"]["text"]]
    assert hits, f"no statement whose content holds {words!r}: {found}"
    return hits[0]


@pytest.mark.parametrize("dash", ["\u2013", "\u2014"])
def test_dash_opened_paragraph_closed_by_said_is_a_direct_quote(dash):
    text = (
        f"{dash} We need more shelters before winter, the mayor of Dovren said. "
        "But he said the council had no money for them.\n\n"
        "The council meets on Monday."
    )
    found = statements(text)
    quote = by_content(found, "We need more shelters")
    assert speaker(quote) == "the mayor of Dovren"
    assert quote["kind"] == "direct"
    assert quote["content"]["text"] == "We need more shelters before winter"
    after = by_content(found, "the council had no money")  # the paragraph goes on: kept
    assert speaker(after) == "he"
    assert after["kind"] == "indirect"


def test_dash_opened_quote_with_inverted_attribution():
    found = statements("\u2014 The bridge will open in May, said Mara Velk.\n\nIt rained.")
    quote = by_content(found, "The bridge will open in May")
    assert speaker(quote) == "Mara Velk"
    assert quote["kind"] == "direct"


def test_dash_paragraph_without_attribution_stays_one_quote():
    # no closing attribution: the whole paragraph is the quotation (nobody inside speaks)
    found = statements("Velk spoke to the council.\n\n\u2014 The bridge will open, said nobody.")
    assert all("said nobody" not in s["cue"]["text"] for s in found)


def test_blockquote_keeps_its_quotation_marks_and_speaker():
    html = (
        "<html><head><title>Dovren council</title></head><body><article>"
        "<h1>Council votes on shelters</h1>"
        "<p>The mayor of Dovren, Mara Velk, spoke at length on Monday about the winter "
        "shelters and the cost of heating them for the coming season.</p>"
        "<p>Velk said:</p>"
        "<blockquote><p>We need more shelters before winter. The council has to find the "
        "money now.</p></blockquote>"
        "<p>The council will vote on the plan next week, after a public meeting in the town "
        "hall on Thursday evening.</p></article></body></html>"
    )
    doc = html_to_document(html)
    assert "\u201cWe need more shelters before winter." in doc.text
    assert "find the money now.\u201d" in doc.text
    quote = by_content(statements(doc.text), "We need more shelters")
    assert speaker(quote) == "Velk"
    assert quote["kind"] == "direct"


def test_blockquote_already_quoted_is_left_alone():
    html = (
        "<html><body><article><p>The harbour master of Kestrel Bay wrote a long letter to "
        "the port authority about the silt in the channel this winter.</p><blockquote>"
        "<p>\u201cThe channel is closing.\u201d</p></blockquote><p>The authority has not "
        "answered the letter, which was sent three weeks ago by registered post.</p>"
        "</article></body></html>"
    )
    text = html_to_document(html).text
    assert "\u201c\u201c" not in text and "\u201d\u201d" not in text


def test_quote_paragraph_without_cue_takes_previous_speaker():
    text = (
        "Corvin Ash said the bridge would reopen in May.\n\n"
        '"It has been a hard year for everyone in the valley. We will rebuild."\n\n'
        "The river rose again on Sunday."
    )
    quote = by_content(statements(text), "hard year")
    assert speaker(quote) == "Corvin Ash"
    assert quote["kind"] == "direct"


def test_nested_report_gives_two_statements_inner_relayed_by_outer():
    found = statements("Velland said Corvin had told Astra that the border would stay closed.")
    assert len(found) == 2
    outer, inner = sorted(found, key=lambda s: s["cue"]["start"])
    assert speaker(outer) == "Velland"
    assert outer["content"]["text"].startswith("Corvin had told Astra")
    assert speaker(inner) == "Corvin"
    assert inner["content"]["text"] == "that the border would stay closed"
    assert inner["recipient"]["text"] == "Astra"
    assert [v["span"]["text"] for v in inner["via"]] == ["Velland"]


@pytest.mark.parametrize(
    "text",
    [
        "She enjoyed a meteoric rise in the Dovren party.",
        "Hard-line protesters attacked bars in the old town of Kestrel.",
        "The group, known as the Wardens, grew quickly in Dovren.",
        "The prime minister dismissed six police chiefs on Friday.",
    ],
)
def test_acts_and_labels_are_not_statements(text):
    assert statements(text) == []


def test_speech_verbs_with_objects_stay_statements():
    found = statements("The minister dismissed the allegations as baseless.")
    assert found and found[0]["modality"] == "denied"
    assert statements("Velk criticized the Dovren council for the delay.")


def test_recipient_is_the_addressee_only():
    found = statements(
        "Mara Velk told reporters in Dovren that the talks had stalled. "
        "In an interview with the Dovren Courier, Velk said the talks would resume. "
        "Velk spoke to the council about the winter shelters."
    )
    assert by_content(found, "talks had stalled")["recipient"]["text"] == "reporters"
    assert by_content(found, "would resume")["recipient"]["text"] == "the Dovren Courier"
    spoke = [s for s in found if s["cue"]["text"].startswith("spoke")]
    for s in spoke:
        assert s["recipient"]["text"] == "the council"
        assert "council" not in s["content"]["text"]


def test_readable_output_never_says_to_to():
    from claimgraph.serve.render import render_summary

    result = extract_text("Velk said to the Dovren Courier that the talks would resume.")
    assert " to to " not in render_summary(result)


def test_medial_cue_content_is_one_span_with_parts():
    found = statements("The museum, Mr. Velk said, would make visitors face hard truths.")
    s = found[0]
    assert s["content"]["text"] == "The museum, Mr. Velk said, would make visitors face hard truths"
    assert [p["text"] for p in s["content_parts"]] == [
        "The museum",
        "would make visitors face hard truths",
    ]


# --- the learned boundary model -------------------------------------------------------


def test_shipped_model_has_weights_for_every_field_and_side():
    model = json.loads(boundaries.model_path().read_text(encoding="utf-8"))
    keys = {tuple(k.split("|")[:2]) for k in model["weights"]}
    assert keys == {(f, s) for f in boundaries.FIELDS for s in boundaries.SIDES}
    assert "PolNeAR train" in model["meta"]["trained_on"]
    assert boundaries.model_path().stat().st_size < 20_000_000


@pytest.fixture
def fresh_model(monkeypatch, tmp_path):
    """Point the model loader at a file of the test's making; restore the caches after."""
    path = tmp_path / boundaries.MODEL_FILE
    monkeypatch.setattr(boundaries, "model_path", lambda: path)
    boundaries._model.cache_clear()
    boundaries.weights.cache_clear()
    yield path
    boundaries._model.cache_clear()
    boundaries.weights.cache_clear()


def test_missing_model_file_names_the_file_and_the_rebuild(fresh_model):
    with pytest.raises(ModelError) as err:
        statements("Velk said the talks had stalled.")
    assert str(fresh_model) in str(err.value)
    assert "make train-attribution" in str(err.value)


@pytest.mark.parametrize("body", ["{not json", '{"meta": {}}', "[1, 2]"])
def test_corrupt_model_file_names_the_file_and_the_rebuild(fresh_model, body):
    fresh_model.write_text(body, encoding="utf-8")
    with pytest.raises(ModelError) as err:
        statements("Velk said the talks had stalled.")
    assert str(fresh_model) in str(err.value)
    assert "make train-attribution" in str(err.value)


def test_rules_alone_need_no_model_file(fresh_model, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_ATTRIBUTION_MODEL", "0")
    get_settings.cache_clear()
    try:
        found = statements("Velk said the talks had stalled.")
    finally:
        monkeypatch.delenv("CLAIMGRAPH_ATTRIBUTION_MODEL")
        get_settings.cache_clear()
    assert found and found[0]["content"]["text"] == "the talks had stalled"


def test_model_moves_boundaries_only_within_the_text_and_deterministically():
    text = (
        "The talks, the envoy of Velland said on Tuesday, would resume in Kestrel after "
        "the harvest, according to two officials who asked not to be named.\n\n"
        "Mara Velk, the mayor of Dovren, told the Dovren Courier that the shelters were "
        "full and that the council, which meets on Monday, had no money left."
    )
    first = extract_text(text).to_dict()["statements"]
    second = extract_text(text).to_dict()["statements"]
    assert first == second
    for s in first:
        for key in ("cue", "content"):
            span = s[key]
            assert text[span["start"] : span["end"]] == span["text"]
            assert span["text"] == span["text"].strip()


def test_bylines_captions_and_promotions_give_no_statements():
    text = (
        "By Mara Velk and Jon Bek, Dovren Courier\n\n"
        "The council said the shelters were full.\n\n"
        "Photo: Volunteers carry sandbags in Dovren on Monday. (Dovren Courier/Ana Toll)\n\n"
        "Sign up for our newsletter to get the stories that matter, delivered to you.\n\n"
        "Follow us on Twitter for the latest updates. Click here to tell us what you think.\n\n"
        "Reporting by Ana Toll; Editing by Jon Bek"
    )
    found = statements(text)
    assert [(speaker(s), s["content"]["text"]) for s in found] == [
        ("The council", "the shelters were full")
    ]


def test_embedded_post_is_quoted_over_its_paragraphs_and_signed_by_its_author():
    html = (
        "<html><body><article><p>The flood reached the old town of Dovren on Sunday night, "
        "and the council opened two shelters in the school halls for the residents.</p>"
        '<blockquote class="twitter-tweet"><p lang="en">The river is still rising<br><br>'
        "Stay away from the quays tonight<br><br>We will open a third shelter tomorrow "
        '<a href="https://example.org/p">example.org/p</a></p>&mdash; Mara Velk (@maravelk) '
        '<a href="https://example.org/s">March 9, 2026</a></blockquote>'
        "<p>The council will meet on Monday to count the damage and to plan the repairs of "
        "the quays, which were last rebuilt in the spring of last year.</p>"
        "</article></body></html>"
    )
    text = html_to_document(html).text
    assert "\u201cThe river is still rising" in text
    assert "\u201cStay away from the quays tonight" in text  # each paragraph reopens
    assert "example.org/p\u201d" in text  # closed before the signature
    assert "\u2014 Mara Velk (@maravelk) March 9, 2026" in text
    quote = by_content(statements(text), "The river is still rising")
    assert speaker(quote) == "Mara Velk"
    assert quote["kind"] == "direct"
    assert "third shelter" in quote["content"]["text"]

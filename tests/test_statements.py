"""Attributed statements on fictional sentences: one test per construction, offsets asserted."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.extract.entities import build_entities
from claimgraph.extract.quotes import find_quotes
from claimgraph.extract.statements import extract_statements
from claimgraph.models import Statement

pytestmark = pytest.mark.model


def statements(nlp, text: str) -> list[Statement]:
    doc = nlp(text)
    found = extract_statements(doc, build_entities(doc))
    for s in found:  # every span indexes the text exactly
        for span in (s.cue, s.content, s.sentence, s.recipient):
            if span is not None:
                assert text[span.start : span.end] == span.text
                assert span.text == span.text.strip()
        for actor in [s.speaker, *s.via]:
            if actor is not None:
                assert text[actor.span.start : actor.span.end] == actor.span.text
    assert [s.id for s in found] == [f"S{n}" for n in range(1, len(found) + 1)]
    return found


def one(nlp, text: str, cue: str) -> Statement:
    found = [s for s in statements(nlp, text) if s.cue.text == cue]
    assert len(found) == 1, [(s.cue.text, s.content.text) for s in statements(nlp, text)]
    return found[0]


def speaker(s: Statement) -> str | None:
    return s.speaker.span.text if s.speaker else None


def test_indirect_speech_with_clause(nlp):
    s = one(nlp, "Officials said the talks in Velbrook had stalled.", "said")
    assert speaker(s) == "Officials"
    assert s.speaker.entity is None  # unnamed source
    assert s.content.text == "the talks in Velbrook had stalled"
    assert s.kind == "indirect"
    assert s.modality == "asserted"
    assert s.sentence.text == "Officials said the talks in Velbrook had stalled."


def test_that_clause_and_recipient(nlp):
    text = "Mira Osk told the Orlan Herald that 12,000 troops had crossed the river."
    s = one(nlp, text, "told")
    assert speaker(s) == "Mira Osk"
    assert s.speaker.entity is not None
    assert s.content.text == "that 12,000 troops had crossed the river"
    assert s.recipient.text == "the Orlan Herald"
    assert (s.content.start, s.content.end) == (text.index("that"), len(text) - 1)


def test_interview_recipient_and_cue_tail(nlp):
    text = "The Tarn mayor said in an interview with Radio Velda that the bridge was destroyed."
    s = one(nlp, text, "said in an interview")
    assert speaker(s) == "The Tarn mayor"
    assert s.recipient.text == "Radio Velda"
    assert s.content.text == "that the bridge was destroyed"
    s = one(
        nlp,
        "Osk said Tuesday in a statement that the dam was mined.",
        "said Tuesday in a statement",
    )
    assert s.content.text == "that the dam was mined"


def test_direct_quote_before_cue_curly_marks(nlp):
    text = "\u201cThe talks have stalled,\u201d said Mira Osk, the Veldan foreign minister."
    s = one(nlp, text, "said")
    assert speaker(s) == "Mira Osk, the Veldan foreign minister"
    assert s.content.text == "\u201cThe talks have stalled,\u201d"
    assert s.kind == "direct"


def test_quote_split_around_cue_straight_marks(nlp):
    text = '"We will not retreat," Osk said, "and the border stays closed until spring."'
    s = one(nlp, text, "said")
    assert speaker(s) == "Osk"
    assert s.content.start == 0 and s.content.end == len(text)
    assert s.kind == "direct"


def test_multi_sentence_quote_continues_after_cue(nlp):
    text = 'Dane was calm. "We will hold," he said. "The river is ours. Nobody crosses it."'
    s = one(nlp, text, "said")
    assert speaker(s) == "he"
    assert s.content.text.startswith('"We will hold,"')
    assert s.content.text.endswith('Nobody crosses it."')


def test_colon_quote_after_cue_and_multi_paragraph_quote(nlp):
    text = (
        "The minister said:\n\n\u201cWe have no choice. The dam is mined.\n\n"
        "\u201cEvery hour counts.\u201d\n\nShe left the room."
    )
    s = one(nlp, text, "said")
    assert speaker(s) == "The minister"
    assert s.content.text.startswith("\u201cWe have no choice.")
    assert s.content.text.endswith("Every hour counts.\u201d")
    assert s.kind == "direct"


def test_name_colon_quote(nlp):
    s = one(nlp, 'Dane: "No soldier will cross the river."', ":")
    assert speaker(s) == "Dane"
    assert s.content.text == '"No soldier will cross the river."'


def test_dash_opened_quote(nlp):
    text = "Ruvik Dane spoke to reporters.\n\u2014 We will defend every village, \u2014 he said."
    s = one(nlp, text, "said")
    assert speaker(s) == "he"
    assert s.content.text == "We will defend every village"
    assert s.kind == "direct"
    assert find_quotes(text) == [(text.index("\u2014"), text.index(",") + 1)]


def test_according_to(nlp):
    s = one(nlp, "According to analysts, the border crossing at Tarn is closed.", "According to")
    assert speaker(s) == "analysts"
    assert s.content.text == "the border crossing at Tarn is closed"


def test_no_source_passive(nlp):
    s = one(nlp, "It was reported that the convoy had turned back.", "was reported")
    assert s.speaker is None
    assert s.content.text == "that the convoy had turned back"


def test_noun_cue_with_possessor(nlp):
    s = one(nlp, "Osk's statement that the dam was mined drew criticism.", "statement")
    assert speaker(s) == "Osk's"
    assert s.content.text == "that the dam was mined"


def test_relay_through_outlet(nlp):
    text = (
        'Orlan News Agency reported that President Ruvik Dane "honestly acknowledged" the losses.'
    )
    outer = one(nlp, text, "reported")
    assert speaker(outer) == "Orlan News Agency"
    # the learned boundary model takes the adverb into the cue, as PolNeAR does ("flatly
    # denied"); the rules alone give "acknowledged"
    (inner,) = [s for s in statements(nlp, text) if s.cue.text.endswith("acknowledged")]
    assert inner.cue.text in {"acknowledged", "honestly acknowledged"}
    assert speaker(inner) == "President Ruvik Dane"
    assert [v.span.text for v in inner.via] == ["Orlan News Agency"]
    assert outer.kind == "mixed"


def test_relay_citing(nlp):
    text = "The Orlan Herald reported, citing military sources, that the convoy had turned back."
    s = one(nlp, text, "reported")
    assert speaker(s) == "military sources"
    assert [v.span.text for v in s.via] == ["The Orlan Herald"]
    assert s.content.text == "that the convoy had turned back"
    assert [x.cue.text for x in statements(nlp, text)] == ["reported"]  # "citing" is no cue


@pytest.mark.parametrize(
    ("text", "cue", "modality"),
    [
        ("Analysts estimated that about 3,000 people had fled.", "estimated", "estimated"),
        ("Dane denied that his troops had entered Tarn.", "denied", "denied"),
        ("Dane said the army may withdraw next week.", "said", "hedged"),
        ("Dane said the army will withdraw next week.", "said", "future"),
        ("Dane said the army would withdraw if the talks resumed.", "said", "hypothetical"),
        ("Dane said the army would withdraw in April.", "said", "future"),
        # the main clause decides: a later sentence or a side clause does not
        ('"We did not fire. We never will," Dane said.', "said", "asserted"),
        ("Dane said the bank had enough reserves that it may use.", "said", "asserted"),
        ("Dane said it was unclear whether the army would stay.", "said", "hedged"),
    ],
)
def test_modality(nlp, text, cue, modality):
    assert one(nlp, text, cue).modality == modality


def test_an_open_question_left_unanswered_is_no_claim(nlp):
    text = "Dane confirmed the troops had arrived. He did not say how long they would stay."
    assert [s.cue.text for s in statements(nlp, text)] == ["confirmed"]


def test_participle_on_the_reported_clause_belongs_to_the_reporter(nlp):
    text = 'Minister Edda Osk said Tarn artillery had shelled Velda, calling it "a crime".'
    s = one(nlp, text, "calling")
    assert speaker(s) == "Minister Edda Osk"


def test_nested_speech_inside_a_quote_is_not_a_statement(nlp):
    text = '"I think the bridge will hold," Osk said.'
    found = statements(nlp, text)
    assert [s.cue.text for s in found] == ["said"]


def test_masked_boilerplate_gives_nothing(nlp):
    text = "Officials said the talks had stalled.\n" + " " * 40 + "\nRead more"
    found = statements(nlp, text)
    assert all(s.content.end <= text.index("\n") for s in found)
    assert statements(nlp, "   \n  ") == []


def test_typewriter_double_apostrophe_quotes():
    text = "''The bridge is gone,'' he said."
    assert find_quotes(text) == [(0, text.index(",''") + 3)]


def test_headline_colon(nlp):
    text = "Velda Minister Osk: The Dam at Tarn Is Mined.\n\nThe minister spoke on Monday."
    s = one(nlp, text, ":")
    assert speaker(s) == "Velda Minister Osk"
    assert s.content.text == "The Dam at Tarn Is Mined"


def test_signed_quote(nlp):
    text = "\u201cThe river is ours and it will stay ours.\u201d \u2015 Sonya Herrid\nMore text."
    s = one(nlp, text, "\u2015")
    assert speaker(s) == "Sonya Herrid"
    assert s.content.text == "\u201cThe river is ours and it will stay ours.\u201d"
    assert s.kind == "direct"


def test_quote_continues_in_next_paragraph(nlp):
    text = '"The dam is mined," Osk said.\n\n"Every hour counts. We must leave now."\n\nIt rained.'
    s = one(nlp, text, "said")
    assert s.content.text.endswith('We must leave now."')
    assert s.content.start == 0


@given(
    st.text(alphabet=st.sampled_from(list("ab said,.:\u201c\u201d\"'\u2014\n Osk")), max_size=80)
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_never_crashes_and_spans_index_the_text(nlp, text):
    statements(nlp, text)  # the helper asserts offsets, trimming and ids


def test_quote_resumes_after_the_cue_sentence(nlp):
    text = (
        '"The dam is not my favourite target," Osk told Radio Velda on Tuesday, when the '
        'river rose. "But we may have no other way to stop the flood."'
    )
    s = one(nlp, text, "told")
    assert s.content.start == 0 and s.content.end == len(text)
    assert s.kind == "direct"
    assert s.recipient.text == "Radio Velda"


def test_dateline_is_not_content(nlp):
    text = "RENNICK - Dravenia has moved 11,000 troops to the border, the defence ministry said."
    s = one(nlp, text, "said")
    assert speaker(s) == "the defence ministry"
    assert s.content.text == "Dravenia has moved 11,000 troops to the border"


def test_dateline_is_not_speaker_and_semicolon_splits(nlp):
    text = "RENNICK - The Northern Relief Agency on Monday confirmed that 14 people were killed."
    s = one(nlp, text, "confirmed")
    assert speaker(s) == "The Northern Relief Agency"
    text = "Sevrian officials say 14 people died; the Orlan Herald has reported 16 deaths."
    s = one(nlp, text, "has reported")
    assert speaker(s) == "the Orlan Herald"
    assert s.content.text == "16 deaths"
    assert one(nlp, text, "say").via == []


def test_poll_as_source(nlp):
    text = "In a Velda Times poll released Monday, 50 percent of respondents chose Dask."
    s = one(nlp, text, "In")
    assert speaker(s) == "a Velda Times poll released Monday"
    assert s.content.text == "50 percent of respondents chose Dask"


def test_preposition_joins_the_cue(nlp):
    s = one(nlp, "Dask spoke about the flooding in Tarn.", "spoke about")
    assert speaker(s) == "Dask"
    assert s.content.text == "the flooding in Tarn"


def test_split_quote_parts_leave_out_speaker_and_cue(nlp):
    from claimgraph import extract_text

    text = '"This is a pretext," Foreign Minister Jonas Feld said, "and we know it."'
    (statement,) = extract_text(text).statements
    assert [p.text for p in statement.content_parts] == [
        '"This is a pretext,"',
        '"and we know it."',
    ]
    for part in statement.content_parts:
        assert text[part.start : part.end] == part.text
        assert not part.overlaps(statement.cue)
        assert statement.speaker is not None and not part.overlaps(statement.speaker.span)


def test_participle_after_a_quote_takes_its_own_object(nlp):
    text = '"We will not leave Tarn," Dask said, referring to the Velda garrison.'
    s = one(nlp, text, "referring to")
    assert speaker(s) == "Dask"
    assert s.content.text == "the Velda garrison"
    said = one(nlp, text, "said")
    assert said.content.text == '"We will not leave Tarn,"'


def test_quote_after_the_recipient(nlp):
    text = 'Mira Osk told the Orlan Herald: "The river crossing is closed."'
    s = one(nlp, text, "told")
    assert s.recipient.text == "the Orlan Herald"
    assert s.content.text == '"The river crossing is closed."'
    assert s.kind == "direct"


def test_light_verb_noun_cue(nlp):
    text = "Senator Ilse Marrow has raised questions about the Kovar inquiry."
    s = one(nlp, text, "has raised questions about")
    assert speaker(s) == "Senator Ilse Marrow"
    assert s.content.text == "the Kovar inquiry"


def test_headline_colon_with_a_lower_case_role(nlp):
    text = "Marrow camp: Velda tariffs will hurt the Tarn farmers.\n\nBody text follows here."
    s = one(nlp, text, ":")
    assert speaker(s) == "Marrow camp"
    assert s.content.text == "Velda tariffs will hurt the Tarn farmers"


def test_relay_citing_a_name_the_clause_hangs_on(nlp):
    # the parser makes "that two ... died" a relative clause of "the Orlan Herald"
    text = (
        "The Kestrel Wire reported, citing the Orlan Herald, that two of the wounded had died "
        "in hospital overnight."
    )
    (s,) = statements(nlp, text)
    assert s.cue.text == "reported"
    assert speaker(s) == "the Orlan Herald"
    assert [v.span.text for v in s.via] == ["The Kestrel Wire"]
    assert s.content.text == "that two of the wounded had died in hospital overnight"


def test_leading_verb_joins_the_cue(nlp):
    s = one(nlp, "Dask went on to say that the Tarn bridge would reopen.", "went on to say")
    assert speaker(s) == "Dask"
    assert s.content.text == "that the Tarn bridge would reopen"


def test_statement_saying(nlp):
    text = "The Velda ministry issued a statement saying the convoy had turned back."
    s = one(nlp, text, "issued a statement saying")
    assert speaker(s) == "The Velda ministry"
    assert s.content.text == "the convoy had turned back"


def test_calling_for_an_infinitive_clause(nlp):
    text = "Osk is calling for the Tarn council to resign."
    s = one(nlp, text, "is calling for")
    assert s.content.text == "the Tarn council to resign"


def test_phrase_after_the_object_goes_on_the_object(nlp):
    text = "Marrow questioned Dask's leadership in the aftermath of the Tarn floods."
    s = one(nlp, text, "questioned")
    assert s.content.text == "Dask's leadership in the aftermath of the Tarn floods"


def test_quote_goes_on_after_a_sentence_ending_in_its_opening_mark(nlp):
    text = (
        "''He shook hands with everybody out there,'' said Mr. Dask, who heads the Tarn "
        "council. ''And some of these people had filthy hands.''"
    )
    s = one(nlp, text, "said")
    assert s.content.start == 0 and s.content.end == len(text)


def test_a_figure_reported_by_another_source_inside_a_statement_is_theirs(nlp):
    from claimgraph.extract.quantities import extract_quantities

    text = "Osk told reporters that the figure of 10,000 reported by the Velda Herald was wrong."
    found = statements(nlp, text)
    herald = one(nlp, text, "reported")
    assert speaker(herald) == "the Velda Herald"
    assert herald.content.text == "the figure of 10,000"
    doc = nlp(text)
    (q,) = extract_quantities(doc, found)
    assert q.statement == herald.id  # the Herald's number, not Osk's
    # the same phrase outside any statement is narration, not a new statement
    assert statements(nlp, "The figure of 10,000 reported by the Velda Herald stood.") == []


def test_a_dateline_alone_is_no_speaker(nlp):
    """'HALVAR (Tarn Valley Echo) - Share this article': the parser's subject of "Share" is
    the dateline, and nothing is left between it and the verb (this raised an IndexError in
    the boundary model: the speaker span ended before it started). No statement; a real
    subject after a dateline stays the speaker."""
    from claimgraph import extract_text

    assert extract_text("HALVAR (Tarn Valley Echo) - Share this article").statements == []
    record = extract_text("RENNICK - The Northern Relief Agency confirmed that 40 trucks crossed.")
    assert [s.speaker.span.text for s in record.statements] == ["The Northern Relief Agency"]

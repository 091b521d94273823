"""Events: PLOVER types, roles, place, date, quantity, modality, ACLED mapping; the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.extract.events import PLOVER_TYPES, classify_doc, lexicon
from claimgraph.pipeline import extract_text
from claimgraph.serve.cli import cli

PUBLISHED = "2024-11-06"  # a Wednesday

ARTICLE = (
    "Sevrian forces shelled the village of Ostrin in the Kursk region on Sunday, killing "
    "12 civilians, the Dravenian defence ministry said.\n"
    "Dravenia sent 12,000 troops to the border last week.\n"
    "Protesters rallied in Velmora on Saturday, and police fired tear gas to disperse them.\n"
    "Sevria did not attack the convoy.\n"
    "Defence minister Alda Renvik said Dravenia will send heavy artillery to Sevria.\n"
    "If Sevria attacks again, Dravenia could impose sanctions.\n"
    "A roadside bomb killed three soldiers near Kharkiv on Tuesday.\n"
)


@pytest.fixture(scope="module")
def record(nlp):
    return extract_text(ARTICLE, published=PUBLISHED, source="events-test")


def by_trigger(record, word):
    found = [e for e in record.events if e.trigger.text == word]
    assert found, f"no event triggered by {word!r}: {[e.trigger.text for e in record.events]}"
    return found[0]


def test_offsets_index_the_text(record):
    assert record.events
    for event in record.events:
        spans = [event.trigger, event.sentence]
        spans += [a.span for a in (event.actor, event.target) if a is not None]
        if event.location:
            spans.append(event.location["span"])
        for span in spans:
            assert ARTICLE[span.start : span.end] == span.text
        assert event.type in PLOVER_TYPES
        assert event.sentence.start <= event.trigger.start < event.sentence.end


def test_shelling_roles_place_date_and_acled(record):
    shelled = by_trigger(record, "shelled")
    assert shelled.type == "ASSAULT" and shelled.mode == "artillery"
    assert shelled.actor.span.text == "Sevrian forces"
    assert shelled.target.span.text == "village"
    assert shelled.location["span"].text == "Kursk region"  # the place that can be mapped
    assert shelled.location["place"]["country"] == "RU"
    assert shelled.date.value == "2024-11-03" and shelled.date.precision == "day"
    assert shelled.acled == "Explosions/Remote violence / Shelling/artillery/missile attack"
    # "..., killing 12 civilians" is the same shelling: no second event, its casualties
    # become the shelling's quantity
    assert all(e.trigger.text != "killing" for e in record.events)
    casualties = next(q for q in record.quantities if q.id == shelled.quantity)
    assert casualties.value == 12


def test_claimed_event_points_to_its_statement(record):
    shelled = by_trigger(record, "shelled")
    statement = next(s for s in record.statements if s.id == shelled.statement)
    assert statement.content.start <= shelled.trigger.start < statement.content.end
    assert shelled.modality == "claimed"


def test_troops_sent_with_quantity_and_week(record):
    sent = by_trigger(record, "sent")
    assert sent.type == "MOBILIZE" and sent.mode == "troops"
    assert sent.actor.span.text == "Dravenia" and sent.actor.entity is not None
    quantity = next(q for q in record.quantities if q.id == sent.quantity)
    assert quantity.value == 12000
    assert sent.date.value == "2024-W44" and sent.date.precision == "week"
    assert sent.acled == "Strategic developments / Change to group/activity"


def test_protest_dispersed_with_tear_gas_is_an_intervention(record):
    rallied = by_trigger(record, "rallied")
    assert rallied.type == "PROTEST"
    assert rallied.location["span"].text == "Velmora"
    assert rallied.acled == "Protests / Protest with intervention"
    assert rallied.date.value == "2024-11-02"


@pytest.mark.parametrize(
    ("trigger", "modality"),
    [("attack", "negated"), ("send", "future"), ("attacks", "hypothetical")],
)
def test_modality(record, trigger, modality):
    assert by_trigger(record, trigger).modality == modality


def test_place_is_geocoded_and_date_falls_back(record):
    killed = by_trigger(record, "killed")
    place = killed.location["place"]
    assert killed.location["span"].text == "Kharkiv"
    assert place["country"] == "UA" and abs(place["lat"] - 49.98) < 0.2
    assert killed.acled == "Explosions/Remote violence / Remote explosive/landmine/IED"
    assert killed.date.value == "2024-11-05"
    # a sentence without a time expression takes the publication date, with an empty span
    not_attack = by_trigger(record, "attack")
    assert not_attack.date.value == PUBLISHED and not_attack.date.span.text == ""


def test_region_phrase_geocodes_to_the_region(nlp):
    rec = extract_text(
        "Sevrian drones struck a fuel depot in the Kursk region overnight.", published=PUBLISHED
    )
    struck = by_trigger(rec, "drones struck")  # the lexicon phrase "drone strike"
    assert struck.location["span"].text == "Kursk region"
    assert struck.location["place"]["country"] == "RU"
    assert struck.acled == "Explosions/Remote violence / Air/drone strike"


def test_month_name_and_dates_are_not_triggers(nlp):
    rec = extract_text(
        "The Velmora council met in March to plan the harvest fair.", published=PUBLISHED
    )
    assert all(e.trigger.text != "March" for e in rec.events)


@pytest.mark.parametrize(
    ("snippet", "code"),
    [
        ("A suicide bomber blew himself up at a crowded market in Ostrin.", "SUIC_BOMB"),
        ("Police fired tear gas at thousands of protesters in Velmora.", "PROTEST_WITH_INTER"),
        ("Police opened fire on protesters in Velmora, killing two.", "FORCE_AGAINST_PROTEST"),
        ("Protesters threw stones at police and torched cars in Velmora.", "VIOL_DEMONSTR"),
        ("Students marched peacefully through Velmora demanding lower fees.", "PEACE_PROTEST"),
        ("Rebels seized control of the town of Ostrin after heavy fighting.",
         "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Government troops recaptured the town of Ostrin from the rebels.", "GOV_REGAINS_TERIT"),
        ("Army engineers defused a roadside bomb near the Ostrin bridge.", "DISR_WEAP"),
        ("A magnitude 6.1 earthquake struck northern Sevria on Monday.", "NATURAL_DISASTER"),
        ("Police arrested six opposition activists in Velmora on Friday.", "ARREST"),
        ("The two sides signed a ceasefire agreement in Kovar.", "AGREEMENT"),
        # ACLED codebook: vandalism and barricades make a violent demonstration; ground taken
        # after the other side pulled out, or left deserted, is a non-violent transfer
        ("Protesters tore down the fence of the Velmora ministry during a rally.",
         "VIOL_DEMONSTR"),
        ("Protesters burned tyres and set up barricades during a rally in Ostrin.",
         "VIOL_DEMONSTR"),
        ("Rebels took over Mirsk after government troops pulled out of the town.",
         "NON_VIOL_TERRIT_TRANSFER"),
        ("Militants seized the deserted army post near Ostrin.", "NON_VIOL_TERRIT_TRANSFER"),
    ],
)  # fmt: skip
def test_classify_snippets(nlp, snippet, code):
    assert classify_doc(nlp(snippet))[0] == code


def test_classifier_falls_back_to_other(nlp):
    code, scores = classify_doc(nlp("The weather in Kovar was mild and sunny."))
    assert code == "OTHER" and scores == {}


def test_lexicon_is_consistent():
    lex = lexicon()
    codes = set(lex.acled_names)
    for entries in lex.by_first.values():
        for entry in entries:
            assert entry.plover is None or entry.plover in PLOVER_TYPES, entry
            assert entry.acled is None or entry.acled in codes, entry
            assert entry.weight > 0
    assert {"ARMED_CLASH", "AIR_STRIKE", "PEACE_PROTEST", "AGREEMENT"} <= codes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["Sevria", "shelled", "attacked", "the", "in", "Kursk", "region", "troops", "not",
             "will", "protest", "12,000", "on", "Sunday", ",", ".", "\n", "police", "by", "of"]
        ),
        max_size=30,
    )
)  # fmt: skip
def test_never_crashes(nlp, words):
    text = " ".join(words)
    rec = extract_text(text or "Sevria.", published=PUBLISHED)
    for event in rec.events:
        assert (text or "Sevria.")[event.trigger.start : event.trigger.end] == event.trigger.text


# --- the CLI over a real store ----------------------------------------------------------------


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, record):
    from claimgraph.store import open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('events') / 'events.db'}"
    store = open_store(url)
    try:
        store.add_records([record.to_dict()])
    finally:
        store.close()
    return url


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_cli_filters_by_type_and_place(store_url):
    result = run("events", "--db", store_url, "--type", "ASSAULT", "--near", "Kharkiv",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    assert page["items"], page
    assert all(item["type"] == "ASSAULT" for item in page["items"])
    assert any(item["trigger"] == "killed" for item in page["items"])
    protests = json.loads(
        run("events", "--db", store_url, "--type", "protest", "--format", "json").stdout
    )
    assert [item["trigger"] for item in protests["items"]] == ["rallied"]


def test_cli_table_and_bad_type(store_url):
    table = run("events", "--db", store_url, "--type", "MOBILIZE")
    assert table.exit_code == 0 and "sent" in table.stdout and "Dravenia" in table.stdout
    bad = run("events", "--db", store_url, "--type", "EXPLODE")
    assert bad.exit_code != 0 and "not a PLOVER type" in bad.output


@pytest.mark.parametrize(
    "text",
    [
        "Observers came to investigate last week's shelling, which killed 14 people.",
        "Shelling killed 14 people in Ostrin on Sunday.",
        "Fourteen people were killed in shelling of Ostrin on Sunday.",
    ],
)
def test_one_incident_is_one_event(nlp, text):
    rec = extract_text(text, published=PUBLISHED)
    assaults = [e for e in rec.events if e.type == "ASSAULT"]
    assert len(assaults) == 1, [e.trigger.text for e in assaults]
    event = assaults[0]
    assert event.acled == "Explosions/Remote violence / Shelling/artillery/missile attack"
    if "Ostrin" in text:
        assert event.location["span"].text == "Ostrin"


REPORTED = (
    "Dravenia denied firing on Kovar.\n"
    "The minister did not dispute that civilians had been killed.\n"
    "Marrow on Friday denied that Dravenian guns had fired on Kovar, calling Sevria's "
    'account of Thursday\'s shelling "a fabrication".\n'
    "Shelling killed 14 civilians and wounded at least 30, the deadliest incident since "
    "Dravenia moved troops to the border.\n"
)


@pytest.fixture(scope="module")
def reported(nlp):
    return extract_text(REPORTED, published=PUBLISHED, source="events-reported")


def test_an_event_its_speaker_denies_is_negated(reported):
    firing = next(e for e in reported.events if e.trigger.text == "firing on")
    assert firing.type == "ASSAULT" and firing.modality == "negated"
    assert firing.statement is not None and firing.actor.span.text == "Dravenia"


def test_not_disputing_is_not_denying(reported):
    killed = next(e for e in reported.events if e.trigger.text == "killed" and e.target
                  and e.target.span.text == "civilians")  # fmt: skip
    assert killed.modality == "claimed"


def test_the_date_of_a_denial_is_not_the_date_of_what_it_denies(reported):
    fired = next(e for e in reported.events if e.trigger.text == "fired on")
    assert fired.modality == "negated"
    assert fired.date.value != "2024-11-01"  # "on Friday" dates the denial
    # the shelling is only named in the side clause: neither negated nor given an object
    shelling = next(e for e in reported.events if e.trigger.text == "shelling")
    assert shelling.modality == "claimed" and shelling.target is None
    assert shelling.date.value == "2024-10-31"  # "Thursday's shelling"


def test_a_number_of_the_sentence_is_not_every_event_s_quantity(reported):
    moved = next(e for e in reported.events if e.trigger.text == "moved")
    assert moved.type == "MOBILIZE" and moved.quantity is None
    shelling = next(e for e in reported.events if e.trigger.text == "Shelling")
    assert next(q for q in reported.quantities if q.id == shelling.quantity).value == 14


def test_a_weapon_is_not_the_actor_but_its_side_is(reported):
    fired = next(e for e in reported.events if e.trigger.text == "fired on")
    assert fired.actor.span.text == "Dravenian"  # "Dravenian guns had fired on Kovar"
    assert fired.target.span.text == "Kovar"


def test_a_time_expression_of_another_clause_does_not_date_the_event(nlp):
    text = (
        "A convoy of 40 trucks carrying food, medicine and blankets reached the border city of "
        "Ostrin on Sunday, the Northern Relief Agency said, the first aid delivery since "
        "fighting broke out in the area last week."
    )
    record = extract_text(text, published=PUBLISHED, source="events-dates")
    aid = next(e for e in record.events if e.trigger.text == "aid")
    assert aid.date.value != "2024-W44"  # "last week" dates the fighting


def test_call_x_y_is_not_a_light_verb_and_a_noun_s_year_is_not_the_event_s(nlp):
    text = (
        "The Sevrian government called the deployment a violation of the 2019 truce. "
        "It was the largest deployment since the two countries signed a truce."
    )
    record = extract_text(text, published=PUBLISHED, source="events-call")
    first, second = [e for e in record.events if e.trigger.text == "deployment"]
    assert first.actor is None  # the government called it a violation, it did not deploy
    assert first.date.value == PUBLISHED  # "the 2019 truce" dates the truce
    assert second.quantity is None  # "two" counts the countries


# Issue 15: conflict reporting typed right; open questions are not asserted events.
def test_missiles_struck_a_city_is_an_attack_not_a_protest() -> None:
    from claimgraph.pipeline import extract_text

    record = extract_text("Dravenian missiles struck Velmora overnight.", published="2026-03-11")
    assert [(e.type, e.trigger.text) for e in record.events] == [("ASSAULT", "struck")]


def test_a_pos_restricted_lexicon_row_matches_its_part_of_speech() -> None:
    from claimgraph.extract.event_lexicon import lexicon

    rows = lexicon().by_first["strike"]
    assert {e.pos for e in rows} == {"NOUN", "VERB"}  # as spaCy writes its tags


@pytest.mark.parametrize(
    "text",
    [
        "The Velmora governor did not say how many were killed or injured in the attack.",
        "Officials asked whether Dravenian troops had shelled Marn.",
        "It is unclear who attacked the Ostrava convoy.",
    ],
)
def test_an_open_question_is_not_an_asserted_event(text: str) -> None:
    from claimgraph.pipeline import extract_text

    events = [e for e in extract_text(text, published="2026-03-11").events if e.type == "ASSAULT"]
    assert events and all(e.modality == "hypothetical" for e in events)


# Opinions about an activity and the place of a cause (issue 15).
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Critics in Ostrin argue that aiding Velmora prolongs the war.", "aiding"),
        ("Arming the rebels is a mistake, Minister Velk said.", "Arming"),
        ("Velk argued against arming the rebels of Mirsk.", "arming"),
    ],
)
def test_an_activity_talked_about_is_not_an_event_that_happened(nlp, text, trigger):
    rec = extract_text(text, published=PUBLISHED)
    assert all(e.modality == "hypothetical" for e in rec.events if e.trigger.text == trigger)


@pytest.mark.parametrize(
    "text",
    [
        "Sevrian troops began shelling Ostrin on Monday.",
        "Protesters were arrested after attacking police in Mirsk.",
        "The minister called the account of Thursday's shelling a fabrication.",
    ],
)
def test_a_gerund_with_its_own_actor_or_time_stays_an_event(nlp, text):
    rec = extract_text(text, published=PUBLISHED)
    assert rec.events and all(e.modality != "hypothetical" for e in rec.events)


def test_the_place_of_the_cause_is_the_place_of_the_killing(nlp):
    text = "A Korvan soldier was killed by drone strikes in Sevria's Ostrin region, officials said."
    rec = extract_text(text, published=PUBLISHED)
    killed = next(e for e in rec.events if e.trigger.text == "killed")
    assert killed.location is not None
    assert killed.location["span"].text == "Ostrin region"


def test_a_state_taking_ground_is_not_a_non_state_actor():
    """'Velmora advanced in the east': a country (or its forces) taking ground is coded as
    government forces, never as a non-state actor overtaking territory (ACLED splits the two
    territory sub-types on state vs non-state actors)."""
    from spacy.tokens import Span as SpacySpan

    from claimgraph.extract.events import STATE_TERRITORY, actor_context
    from claimgraph.nlp import load_nlp

    nlp = load_nlp()
    doc = nlp("Velmora advanced in the east.")
    doc.ents = [SpacySpan(doc, 0, 1, label="GPE")]
    assert actor_context(doc[0])["territory"] == STATE_TERRITORY
    doc = nlp("Velmoran forces advanced in the east.")
    doc.ents = [SpacySpan(doc, 0, 1, label="NORP")]
    assert actor_context(doc[1])["territory"] == STATE_TERRITORY
    doc = nlp("Velmoran rebels advanced in the east.")
    doc.ents = [SpacySpan(doc, 0, 1, label="NORP")]
    assert actor_context(doc[1])["territory"][0] == "NON_STATE_ACTOR_OVERTAKES_TER"

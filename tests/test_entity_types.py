"""Entity types and names that an analyst can trust (issue 11): the gazetteer never renames a
name, known organisations win over places, types follow the form and use of a name.

Real place and organisation names; invented people."""

from __future__ import annotations

import pytest

from claimgraph.extract import organisations
from claimgraph.extract.entities import build_entities
from claimgraph.geo import lookup, well_known


def _entities(nlp, text: str):
    return build_entities(nlp(text)).entities


def _named(entities, name: str):
    found = [e for e in entities if e.name == name]
    assert found, f"{name!r} not among {[(e.name, e.type) for e in entities]}"
    return found[0]


def _with_mention(entities, text: str):
    found = [e for e in entities if any(m.text == text for m in e.mentions)]
    assert found, f"no entity with mention {text!r}: {[(e.name, e.type) for e in entities]}"
    return found[0]


# -- the gazetteer ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Hamas", "Djerba", "LiLo", "Cumbria", "Hebron Smart City"])
def test_gazetteer_never_matches_another_places_alternate_name(name):
    place = lookup(name)
    assert place is None or place.name.lower() == name.lower()


def test_continent_is_itself_not_a_tunisian_town():
    africa = lookup("Africa")
    assert africa is not None and africa.name == "Africa" and africa.kind == "region"


def test_spelling_variants_and_exonyms_still_link():
    assert lookup("Kharkov") == lookup("Kharkiv")
    assert lookup("Peking") == lookup("Beijing")
    assert lookup("Cologne").country == "DE"  # the big city, not the Italian village


def test_same_name_city_chosen_by_the_country_named_in_the_text():
    assert lookup("Santa Rosa", context=frozenset({"US"})).country == "US"
    assert lookup("Santa Rosa", context=frozenset({"PH"})).country == "PH"


def test_well_known_places():
    assert well_known(lookup("Kyiv")) and well_known(lookup("France"))
    assert not well_known(lookup("Teixeira"))  # a small Brazilian town, and a surname


# -- names stay as written ----------------------------------------------------------------


def test_hamas_stays_hamas_and_is_an_organisation(nlp):
    ents = _entities(
        nlp,
        "Hamas said in a statement that it had accepted the proposal. Officials in Cairo "
        "said Hamas would send a delegation.",
    )
    hamas = _with_mention(ents, "Hamas")
    assert hamas.name == "Hamas" and hamas.type == "ORG" and hamas.place is None
    assert not any(e.name == "Hamm" for e in ents)


def test_africa_stays_africa(nlp):
    ents = _entities(nlp, "Aid agencies warned that famine was spreading across Africa.")
    africa = _with_mention(ents, "Africa")
    assert africa.name == "Africa" and africa.type in {"LOC", "GPE"}


def test_a_former_name_links_the_place_but_keeps_its_spelling(nlp):
    ents = _entities(nlp, "Officials in Kiev met on Monday. Later, Kiev announced new curfews.")
    kiev = _with_mention(ents, "Kiev")
    assert kiev.name == "Kiev"
    assert kiev.place is not None and kiev.place["name"] == "Kyiv"


# -- organisations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Hamas", "Zanu-PF", "Boko Haram", "Muslim Brotherhood", "Ansar al-Sharia", "NATO"]
)
def test_organisation_table(name):
    assert organisations.lookup(name) is not None
    assert organisations.lookup(f"the {name}") is not None


def test_armed_groups_and_parties_are_organisations_not_people(nlp):
    ents = _entities(
        nlp,
        "Zanu-PF and Boko Haram were named in the report, as were the Muslim Brotherhood "
        "and Ansar al-Sharia.",
    )
    for name in ("Zanu-PF", "Boko Haram", "Muslim Brotherhood", "Ansar al-Sharia"):
        assert _with_mention(ents, name).type == "ORG", name


def test_named_agency_that_said_in_a_statement_is_an_organisation(nlp):
    ents = _entities(
        nlp,
        "The Nile Valley Authority said in a statement that water levels were falling.",
    )
    assert _with_mention(ents, "Nile Valley Authority").type == "ORG"


# -- types by context ---------------------------------------------------------------------


def test_kyiv_struck_by_missiles_is_a_place(nlp):
    ents = _entities(nlp, "Russian missiles struck Kyiv overnight, officials said.")
    kyiv = _with_mention(ents, "Kyiv")
    assert kyiv.type == "GPE"


def test_trump_tower_is_a_building_not_an_alias_of_the_person(nlp):
    text = (
        'Donald Trump spoke to reporters at Trump Tower on Tuesday. "We will win," Trump '
        "said. Crowds gathered outside Trump Tower."
    )
    ents = _entities(nlp, text)
    person = _named(ents, "Donald Trump")
    assert "Trump Tower" not in person.aliases
    assert not any(m.text == "Trump Tower" for m in person.mentions)
    assert _with_mention(ents, "Trump Tower").type == "FAC"


def test_treatment_centres_are_facilities(nlp):
    ents = _entities(
        nlp,
        "Mara Quell checked into the Betty Ford Center on Monday after leaving the "
        "Promises Treatment Center in Malibu.",
    )
    assert _with_mention(ents, "Betty Ford Center").type == "FAC"
    assert _with_mention(ents, "Promises Treatment Center").type == "FAC"


def test_city_named_team_in_a_game_is_an_organisation(nlp):
    ents = _entities(nlp, "Boston beat Detroit 5-3 on Sunday night in front of 40,000 fans.")
    assert _with_mention(ents, "Boston").type == "ORG"
    assert _with_mention(ents, "Detroit").type == "ORG"


def test_team_names_in_a_headline_run(nlp):
    ents = _entities(nlp, "Colts Beat Chiefs In Overtime\nThe Boston Red Sox signed a pitcher.")
    assert _with_mention(ents, "Colts").type == "ORG"
    assert _with_mention(ents, "Chiefs").type == "ORG"
    assert _with_mention(ents, "Boston Red Sox").type == "ORG"


def test_a_game_in_a_city_keeps_the_city_a_place(nlp):
    ents = _entities(nlp, "The summit opened in Boston on Monday, and delegates toured Boston.")
    assert all(e.type == "GPE" for e in ents if any(m.text == "Boston" for m in e.mentions))


def _span(doc, text: str):
    start = doc.text.index(text)
    return doc.char_span(start, start + len(text))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Tel Rumeida Holdings said in a statement that it would appeal.", "Holdings", True),
        ("Ansar Dine claimed responsibility for the attack.", "Dine", True),
        ("Officials in Hebron said the road was closed.", "Hebron", False),
    ],
)
def test_statement_usage(nlp, text, name, expected):
    span = _span(nlp(text), name)
    assert organisations.statement_usage(span) is expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Creighton defeated Drake in the final.", "Creighton", True),
        ("The Tar Heels won a 91-73 victory over Evansville on Thursday.", "Evansville", True),
        ("Evansville (7-2) arrived on Wednesday.", "Evansville", True),
        ("Kyiv defeated the Russian offensive.", "Kyiv", False),
        ("The delegates met in Boston on Monday.", "Boston", False),
    ],
)
def test_sports_usage(nlp, text, name, expected):
    assert organisations.sports_usage(_span(nlp(text), name)) is expected


def test_state_school():
    assert organisations.state_school("Ohio State")
    assert not organisations.state_school("Islamic State")


def test_a_city_named_like_a_given_name_stays_a_city(nlp):
    ents = _entities(nlp, "Santa Rosa police said the fire had spread overnight.")
    santa_rosa = _with_mention(ents, "Santa Rosa")
    assert santa_rosa.type == "GPE" and santa_rosa.place is not None

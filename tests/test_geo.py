"""The offline gazetteer: countries, curated regions, admin1 regions, cities, aliases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimgraph.geo import Place, lookup, normalise


def test_normalise_strips_article_accents_possessive():
    assert normalise("the Kursk region") == "kursk region"
    assert normalise("Kursk's") == "kursk"
    assert normalise("Zaporizhzhiа".replace("а", "a")) == "zaporizhzhia"
    assert normalise("Côte d'Ivoire") == "cote divoire"


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("the Kursk region", "admin1", "RU"),
        ("Kursk Oblast", "admin1", "RU"),
        ("Kursk", "city", "RU"),
        ("city of Kursk", "city", "RU"),
        ("Crimea", "region", "UA"),
        ("Donbas", "region", "UA"),
        ("Gaza Strip", "region", "PS"),
        ("Golan Heights", "region", "SY"),
        ("Nagorno-Karabakh", "region", "AZ"),
        ("Ukraine", "country", "UA"),
        ("North Korea", "country", "KP"),
        ("U.S.", "country", "US"),
        ("Bavaria", "admin1", "DE"),
        ("Paris", "city", "FR"),
    ],
)
def test_lookup_kinds(name, kind, country):
    place = lookup(name)
    assert isinstance(place, Place)
    assert (place.kind, place.country) == (kind, country)
    assert place.precision == kind


def test_stated_kind_beats_the_city():
    city, region = lookup("Kursk"), lookup("Kursk region")
    assert city is not None and region is not None
    assert city.name == "Kursk" and region.name == "Kursk Oblast"
    assert lookup("Kursk", kind="admin1").name == "Kursk Oblast"
    assert lookup("Donetsk").kind == "city"
    assert lookup("Donetsk Oblast").kind == "admin1"


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Kiev", "Kyiv"),
        ("Kharkov", "Kharkiv"),
        ("Odessa", "Odesa"),
        ("Lvov", "Lviv"),
        ("Nikolaev", "Mykolayiv"),
        ("Dnepropetrovsk", "Dnipro"),
        ("Artemivsk", "Bakhmut"),
        ("Britain", "United Kingdom"),
    ],
)
def test_transliterations_and_former_names(alias, name):
    assert lookup(alias).name == name
    assert lookup(alias) == lookup(name)


def test_odessa_is_ukraine_not_texas():
    assert lookup("Odessa").country == "UA"


def test_coordinates_are_plausible():
    kursk = lookup("Kursk region")
    assert abs(kursk.lat - 51.7) < 1 and abs(kursk.lon - 36.2) < 1
    kyiv = lookup("Kyiv")
    assert abs(kyiv.lat - 50.45) < 0.1 and abs(kyiv.lon - 30.52) < 0.1
    assert lookup("Kursk").geonameid == 538560


def test_unknown_and_junk():
    assert lookup("Dravenia") is None
    assert lookup("Sevria region") is None
    assert lookup("2024") is None
    assert lookup("") is None
    with pytest.raises(ValueError):
        lookup("Kursk", kind="planet")


def test_place_to_dict():
    data = lookup("Crimea").to_dict()
    assert data["name"] == "Crimea" and data["precision"] == "region"
    assert set(data) == {
        "name",
        "kind",
        "country",
        "admin1",
        "lat",
        "lon",
        "precision",
        "geonameid",
    }


def test_acronyms_only_match_countries():
    assert lookup("EU") is None  # not the town of Eu, France
    assert lookup("NTSB") is None
    assert lookup("US").country == "US"
    assert lookup("UAE").country == "AE"


@given(st.text(max_size=40))
def test_lookup_never_crashes(name):
    place = lookup(name)
    assert place is None or (-90 <= place.lat <= 90 and -180 <= place.lon <= 180)

"""The story page tells the story (issue 16): its claims, each number across outlets (first
seen, changes, echoes), its contradictions, its people and places, and a timeline whose
axis keeps its last date. In-process over a fictional flood story."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise

import pytest

from claimgraph.serve.app import charts
from claimgraph.serve.app.factory import create_app
from story_corpus import story_records
from web_corpus import Client

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from claimgraph.store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('story') / 'story.db'}")
    store.add_records(story_records())
    store.analyse()
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(store):
    return Client(create_app(store))


@pytest.fixture(scope="module")
def flood(client):
    stories = client.get("/stories.json").json()["items"]
    found = [s for s in stories if "Tarnow" in (s.get("title") or "")]
    assert len(found) == 1, stories
    r = client.get(found[0]["url"] + ".json")
    assert r.status_code == 200
    return r.json()


def test_story_lists_its_claims_with_their_independent_sources(flood):
    labels = {c["label"]: c for c in flood["claims"]}
    displaced = next(c for label, c in labels.items() if "forced 1,200 people" in label)
    # four articles, one a reprint of the first: three independent sources
    assert displaced["n_articles"] == 4 and displaced["n_sources"] == 3
    assert {m["outlet"] for m in displaced["members"]} >= {"Brisk Courier", "Valley Post"}
    assert all(m["article_url"].startswith("/articles/a_") for m in displaced["members"])
    assert displaced["url"].startswith("/claims/c_")


def test_each_number_across_outlets_first_seen_changes_echoes(flood):
    assert len(flood["numbers"]) == 1
    number = flood["numbers"][0]
    first = number["first_seen"]
    assert (first["value"], first["outlet"], first["published"][:10]) == (
        1200.0,
        "Brisk Courier",
        "2026-05-04",
    )
    assert first["repeats"] >= 1  # the Valley Post (and the reprint) repeat it
    assert [(c["value"], c["outlet"]) for c in number["changes"]] == [(3000.0, "Lowland Wire")]
    # the reprint of the Brisk Courier is an echo of it, not a source of its own
    assert number["echoes_total"] == 1
    assert number["echoes"][0]["outlet"] == "Riverside Gazette"
    figures = {o["outlet"]: [f["value"] for f in o["figures"]] for o in number["outlets"]}
    assert figures == {
        "Brisk Courier": [1200.0],
        "Riverside Gazette": [1200.0],
        "Valley Post": [1200.0],
        "Lowland Wire": [3000.0],
    }


def test_story_shows_its_contradictions_with_named_speakers(flood):
    assert len(flood["contradictions"]) == 1
    c = flood["contradictions"][0]
    assert "river was still rising" in c["claim"]["label"]
    sides = {s["modality"]: s for s in c["sides"]}
    assert set(sides) == {"asserted", "denied"}
    assert sides["asserted"]["speaker_name"] == "Elsa Varga"
    assert sides["denied"]["speaker_name"] == "Otto Brandl"
    assert sides["asserted"]["corroboration"] >= 1


def test_story_names_its_people_and_places(flood):
    people = {e["name"]: e for e in flood["people"]}
    assert {"Elsa Varga", "Otto Brandl"} <= set(people)
    assert people["Elsa Varga"]["articles"] == 4 and people["Otto Brandl"]["articles"] == 1
    assert all(e["url"].startswith("/entities/e_") for e in flood["people"])
    assert any("Tarnow" in e["name"] or "Brisk" in e["name"] for e in flood["places"])
    assert not {e["name"] for e in flood["places"]} & set(people)


def test_story_page_html_tells_it_and_keeps_the_last_date(client, flood):
    html = client.get(flood["url"]).text
    for section in ("claims", "numbers", "contradictions", "people", "timeline", "articles"):
        assert f'id="{section}"' in html
    assert "First seen <time>2026-05-04</time> in Brisk Courier" in html
    assert "updated" in html and "3,000" in html
    assert "Otto Brandl" in html and "asserted vs denied" in html
    labels = re.findall(r'<text class="tick"[^>]*>([^<]+)</text>', html)
    assert labels[0] == "2026-05-04" and labels[-1] == "2026-05-06"


@pytest.mark.parametrize("days", [1, 3, 6, 7, 8, 13, 40, 365, 1000])
def test_timeline_axis_always_ends_on_its_last_date(days):
    lo = date(2026, 1, 1)
    hi = lo + timedelta(days=days)
    ticks = charts._ticks(lo, hi, 265, 450)
    assert ticks[0]["label"] == lo.isoformat() and ticks[-1]["label"] == hi.isoformat()
    assert len(ticks) <= charts.MAX_TICKS
    xs = [t["x"] for t in ticks]
    assert all(b - a >= 40 for a, b in pairwise(xs))


def test_unknown_story_is_404(client):
    assert client.get("/stories/s_nope").status_code == 404
    assert client.get("/stories/s_nope.json").json()["detail"] == "no story 's_nope'"


def test_article_page_shows_the_original_and_its_copies(client):
    articles = client.get("/articles.json?limit=50").json()["items"]
    copy = next(a for a in articles if a["outlet"] == "Riverside Gazette")
    original = next(a for a in articles if a["outlet"] == "Brisk Courier")
    page = client.get(copy["url"] + ".json").json()
    assert page["duplicate_of"] == original["id"]
    assert page["original_article"]["outlet"] == "Brisk Courier"
    assert page["original_article"]["url"] == original["url"]
    assert page["original_article"]["original_url"].startswith("https://brisk-courier.example.org/")
    assert page["original_url"].startswith("https://riverside-gazette.example.org/")
    html = client.get(copy["url"]).text
    assert 'id="copies"' in html and "This article reprints" in html
    assert f'href="{original["url"]}"' in html
    assert 'href="https://brisk-courier.example.org/2026-05-04/floods"' in html
    back = client.get(original["url"] + ".json").json()
    assert [c["outlet"] for c in back["copy_articles"]] == ["Riverside Gazette"]
    assert back["copies"] == [copy["id"]] and back["original_article"] is None
    assert "The original of 1 copy" in client.get(original["url"]).text


def test_timeline_draws_one_dot_per_outlet_and_day():
    rows = [{"label": "Wire", "url": "/x", "dates": ["2026-05-04"] * 300 + ["2026-05-06"]}]
    chart = charts.timeline(rows)
    dots = chart["rows"][0]["dots"]
    assert [(d["date"], d["count"]) for d in dots] == [("2026-05-04", 300), ("2026-05-06", 1)]

"""The analyst's desk (issue 16): statements shown with their resolved speaker, cue,
modality and sentence; one vocabulary (statements / claims / contradictions) with the old
URLs redirecting; facets; exports; the events page. In-process over the web test corpus."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from claimgraph.serve.app.factory import create_app
from web_corpus import Client, build_store

pytestmark = pytest.mark.model


ORIGINAL_URL = "https://news.example.org/2026/04/06/harbour"
HARBOUR = (
    "The harbour at Velmora reopened on Monday after a week of repairs. Cranes were back at "
    "work by noon. Port director Anna Siltala said the berths would handle twice the usual "
    "traffic. Officials expect the first grain ships on Tuesday.\n\n"
    '"We are open for business," Siltala told reporters.\n'
)


EVENTS = (
    "Russian forces shelled Kharkiv on Monday, killing three people, regional governor Oleh "
    "Syniehubov said. Protesters marched in Paris on Tuesday against the pension reform.\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from claimgraph import extract_text

    store = build_store(tmp_path_factory.mktemp("desk") / "web.db")
    # one article with a paragraph of several sentences and its original URL
    record = extract_text(
        HARBOUR, title="Velmora harbour reopens", published="2026-04-06", outlet="Velmora Daily"
    ).to_dict()
    events = extract_text(EVENTS, title="Shelling and a march", published="2026-04-07",
                          outlet="Test Wire").to_dict()  # fmt: skip
    store.add_records([{**record, "url": ORIGINAL_URL}, events])
    store.analyse()
    yield store
    store.close()


@pytest.fixture(autouse=True)
def generous_budgets(monkeypatch):
    """These tests check what facets and event summaries show, not their time budgets
    (tests that do set them to 0): a loaded machine may spend 60 ms on the first count."""
    from claimgraph.serve.app import data

    monkeypatch.setattr(data, "FACET_BUDGET_MS", 10_000)
    monkeypatch.setattr(data, "EVENT_SUMMARY_MS", 10_000)


@pytest.fixture(scope="module")
def client(store):
    return Client(create_app(store))


def _json(client, path):
    r = client.get(path)
    assert r.status_code == 200, (path, r.text[:300])
    return r.json()


def _rows(page_html: str) -> list[str]:
    body = page_html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


# ---- 1. the who, the cue, the modality and the sentence ----------------------------------


def test_statements_carry_the_resolved_speaker_the_mention_and_the_sentence(client):
    items = _json(client, "/statements.json?limit=500")["items"]
    kest = [s for s in items if s.get("speaker_name") == "Mira Kest"]
    assert kest, "the speaker entity's name is on the row"
    assert {s["speaker_mention"] for s in kest} >= {"Kest", "council chair Mira Kest"}
    for s in items:
        assert s["cue"] and s["modality"]
        sentence = s["sentence"]
        assert sentence["start"] <= s["start"] <= s["end"] <= sentence["end"]
        before, content, after = s["sentence_parts"]
        assert before + content + after == sentence["text"]
        para = s["paragraph"]
        assert para["start"] <= sentence["start"] and sentence["end"] <= para["end"]
    # a paragraph longer than its sentence is offered to expand
    assert any(s.get("paragraph_parts") for s in items)


def test_statements_table_shows_name_with_mention_cue_and_sentence(client):
    page = client.get("/statements?speaker=Kest").text
    rows = _rows(page)
    assert rows
    row = next(r for r in rows if "(“Kest”)" in r)
    assert ">Mira Kest</a>" in row  # the entity's name, linked
    assert '<span class="cue-word">said</span>' in row
    assert 'class="sentence"' in row and "<mark>" in row
    assert "mod-future" in row


def test_indirect_speech_is_never_in_quotation_marks(client, store):
    indirect = _json(client, "/statements.json?kind=indirect&limit=500")["items"]
    assert indirect
    page = client.get("/statements?kind=indirect&limit=500").text
    shown = [html_lib.unescape(x) for x in re.findall(r'class="said indirect">(.*?)</span>', page)]
    assert len(shown) == len(indirect)
    for text in shown:
        assert not text.startswith(("“", '"')), text
    one = indirect[0]
    detail = client.get(one["url"]).text
    h1 = re.search(r'<h1 class="quote">(.*?)</h1>', detail, re.S).group(1)
    assert "“" not in h1 and "&#34;" not in h1
    # direct speech is quoted once (the content's own marks replaced, not doubled)
    direct = _json(client, "/statements.json?kind=direct&limit=1")["items"][0]
    h1 = re.search(r'<h1 class="quote">(.*?)</h1>', client.get(direct["url"]).text, re.S).group(1)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", h1))
    assert text.startswith("“") and text.endswith("”") and '"' not in text


def test_statement_page_shows_the_sentence_and_the_paragraph(client):
    items = _json(client, "/statements.json?limit=500")["items"]
    one = next(s for s in items if s.get("paragraph_parts"))
    page = client.get(one["url"]).text
    assert "In its sentence" in page
    assert '<details class="paragraph">' in page
    detail = _json(client, one["url"] + ".json")
    assert detail["sentence"] == one["sentence"] and detail["paragraph"] == one["paragraph"]
    assert detail["speaker_name"] == one["speaker_name"]


def test_claim_and_contradiction_pages_name_the_speakers(client):
    claim = _json(client, "/claims.json")["items"][0]
    members = _json(client, claim["url"] + ".json")["members"]
    named = [m for m in members if m.get("speaker_entity")]
    assert named and all(m.get("speaker_name") for m in named)
    sides = [s for c in _json(client, "/contradictions.json")["items"] for s in c["sides"]]
    assert any(s.get("speaker_name") for s in sides)


# ---- 2. one vocabulary: statements, claims, contradictions --------------------------------


def test_navigation_uses_statements_claims_contradictions(client):
    page = client.get("/").text
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S).group(1)
    labels = re.findall(r">([^<>]+)</a>", nav)
    assert labels[:3] == ["Statements", "Claims", "Contradictions"]
    assert "Aligned" not in page
    assert "<h1>Who said what</h1>" in client.get("/statements").text
    claims = client.get("/claims")
    assert claims.status_code == 200 and "The same claim across sources" in claims.text
    assert _json(client, "/claims.json")["items"][0]["url"].startswith("/claims/c_")


def test_old_urls_redirect(client):
    claim = _json(client, "/claims.json")["items"][0]
    cases = {
        "/aligned": "/claims",
        "/aligned.json?limit=2": "/claims.json?limit=2",
        "/aligned/" + claim["id"]: claim["url"],
        "/aligned/" + claim["id"] + ".json": claim["url"] + ".json",
        # the statements list was at /claims: a link with its filters goes there
        "/claims?speaker=Marrow&kind=direct": "/statements?speaker=Marrow&kind=direct",
        "/claims.json?modality=denied": "/statements.json?modality=denied",
    }
    for old, new in cases.items():
        r = client.get(old)
        assert r.status_code == 301, old
        assert r.headers["location"] == new, old
        assert client.get(new).status_code == 200, new


def test_api_speaks_the_same_vocabulary(client):
    claim = _json(client, "/api/claims")["items"][0]
    one = _json(client, f"/api/claims/{claim['id']}")
    assert one["id"] == claim["id"] and one["members"]
    assert client.get("/api/claims/c_nope").status_code == 404
    st = _json(client, "/api/statements?limit=1")["items"][0]
    assert "speaker_name" in st and "sentence" in st


# ---- 3. facets with counts; the outlet pick-list ------------------------------------------


def test_facets_count_what_their_links_list(client):
    page = _json(client, "/statements.json?kind=indirect")
    facets = page["facets"]
    assert set(facets) == {"outlet", "speaker", "kind", "modality"}
    # each facet is counted without its own filter: the kind facet offers the other kinds
    assert {v["value"] for v in facets["kind"]["values"]} >= {"direct", "indirect"}
    assert next(v for v in facets["kind"]["values"] if v["selected"])["value"] == "indirect"
    html = client.get("/statements?kind=indirect").text
    for name in ("outlet", "speaker", "modality"):
        assert facets[name]["values"], name
        for v in facets[name]["values"]:
            assert not facets[name]["timed_out"]
            label = re.escape(v["label"])
            pattern = rf'<div class="facet" id="facet-{name}">.*?<a href="([^"]+)">{label}</a>'
            link = re.search(pattern, html, re.S)
            assert link, (name, v)
            url = html_lib.unescape(link.group(1))
            assert "kind=indirect" in url
            listed = _json(client, url.replace("/statements?", "/statements.json?"))
            assert listed["total"] == v["count"], (name, v, url)
    speakers = facets["speaker"]["values"]
    assert any(v["label"] == "Ilsa Marrow" for v in speakers)  # names, not ids


def test_facets_past_their_time_budget_are_left_out_not_slow(client, monkeypatch):
    from claimgraph.serve.app import data

    monkeypatch.setattr(data, "FACET_BUDGET_MS", 0)
    monkeypatch.setattr(data, "EVENT_SUMMARY_MS", 0)
    page = _json(client, "/statements.json")
    assert all(f["timed_out"] for f in page["facets"].values())
    # the outlet pick-list still lists the outlets, without counts
    outlets = [v["value"] for v in page["facets"]["outlet"]["values"]]
    assert "Halvar Post" in outlets
    html = client.get("/statements").text
    assert '<option value="Halvar Post">Halvar Post</option>' in html
    assert "Too many statements to count quickly" in html
    # a filtered events page is counted live (the unfiltered one reads analyse's counts)
    events = client.get("/events?since=2026-01-01")
    assert events.status_code == 200 and "Too many events to chart quickly" in events.text


def test_facets_are_not_tried_past_the_count_cap(client, monkeypatch):
    from claimgraph.settings import get_settings

    monkeypatch.setenv("CLAIMGRAPH_COUNT_CAP", "5")
    get_settings.cache_clear()
    try:
        many = _json(client, "/statements.json")
        assert many["total"] > 5 and all(f["timed_out"] for f in many["facets"].values())
        assert many["facets"]["outlet"]["values"]  # the pick-list still lists outlets
        few = _json(client, "/statements.json?speaker=Kest")
        assert few["total"] <= 5 and not any(f["timed_out"] for f in few["facets"].values())
    finally:
        monkeypatch.delenv("CLAIMGRAPH_COUNT_CAP")
        get_settings.cache_clear()


def test_outlet_filter_is_a_pick_list_with_counts(client):
    page = client.get("/statements").text
    select = re.search(r'<select id="f-outlet" name="outlet">(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options[0] == ("", "any")
    every = _json(client, "/statements.json?limit=500")["items"]
    counts: dict[str, int] = {}
    for s in every:
        counts[s["outlet"]] = counts.get(s["outlet"], 0) + 1
    assert {value: label for value, label in options[1:]} == {
        o: f"{o} ({n})" for o, n in counts.items()
    }
    picked = client.get("/statements?outlet=Halvar Post").text
    assert '<option value="Halvar Post" selected>' in picked
    assert 'aria-label="Remove the outlet filter"' in picked


# ---- 4. exports: CSV and JSON from the web, and `claimgraph statements` -------------------


def test_statement_export_csv_and_json_name_things_and_keep_offsets(client, store):
    import csv
    import io

    r = client.get("/export/statements.csv?speaker=Marrow")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="statements.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    listed = _json(client, "/statements.json?speaker=Marrow&limit=500")
    assert len(rows) == listed["total"] >= 1
    for row in rows:
        assert row["speaker"] == "Ilsa Marrow" and not row["speaker"].startswith("e_")
        assert row["sentence"] and row["article_page"].startswith("/articles/")
        text = store.article(row["article_id"])["text"]
        start, end = int(row["start"]), int(row["end"])
        assert text[start:end] == row["content"]
        assert text[int(row["sentence_start"]) : int(row["sentence_end"])] == row["sentence"]
    as_json = client.get("/export/statements.json?speaker=Marrow").json()
    assert [x["id"] for x in as_json] == [x["id"] for x in rows]
    # the original URL where known
    harbour = client.get("/export/statements.json?outlet=Velmora Daily").json()
    assert harbour and all(x["original_url"] == ORIGINAL_URL for x in harbour)


def test_every_list_view_exports_and_its_page_links_the_export(client):
    for view in ("statements", "claims", "articles", "entities", "events"):
        for fmt in ("csv", "json"):
            r = client.get(f"/export/{view}.{fmt}")
            assert r.status_code == 200, (view, fmt)
        assert client.get(f"/export/{view}.json").json(), view
    page = client.get("/statements?kind=direct&offset=0&limit=5").text
    assert 'href="/export/statements.csv?kind=direct"' in page
    assert 'href="/export/statements.json?kind=direct"' in page
    assert client.get("/export/nothing.csv").status_code == 404
    assert client.get("/export/statements.xml").status_code == 404


def test_csv_export_does_not_hand_spreadsheets_formulas(tmp_path):
    from claimgraph import extract_text
    from claimgraph.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'f.db'}")
    text = 'Mayor Ola Berg said =HYPERLINK("http://x.example") was on the ballot.\n'
    store.add_records([extract_text(text, title="t", outlet="=cmd|calc").to_dict()])
    body = Client(create_app(store)).get("/export/statements.csv").text
    store.close()
    assert "'=cmd|calc" in body and "\n=" not in body and ",=" not in body


def test_statements_command(tmp_path, store):
    import json

    from click.testing import CliRunner

    from claimgraph.serve.cli import cli

    db = store.url
    runner = CliRunner()
    table = runner.invoke(cli, ["statements", "--db", db, "--speaker", "Kest"])
    assert table.exit_code == 0, table.output
    assert "Mira Kest (Kest)" in table.output
    got = runner.invoke(
        cli, ["statements", "--db", db, "--outlet", "Orlan Herald", "--format", "json"]
    )
    assert got.exit_code == 0, got.output
    rows = json.loads(got.output)
    assert rows and all(r["outlet"] == "Orlan Herald" for r in rows)
    assert all(r["speaker"] == "Mira Kest" and r["sentence"] for r in rows)
    out = tmp_path / "s.csv"
    written = runner.invoke(
        cli, ["statements", "--db", db, "--speaker", "Kest", "--format", "csv", "-o", str(out)]
    )
    assert written.exit_code == 0, written.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,published,outlet,speaker,speaker_as_written")
    assert len(lines) == 1 + len(rows)
    none = runner.invoke(cli, ["statements", "--db", db, "--outlet", "Nowhere"])
    assert none.exit_code == 0 and "no statements match" in none.output


# ---- 5. the events page: filters, timeline, offline map ----------------------------------


def test_events_page_filters_timeline_and_map(client):
    every = _json(client, "/events.json")
    assert every["total"] >= 3
    summary = every["summary"]
    assert {t["value"] for t in summary["types"]} >= {"PROTEST", "REJECT"}
    paris = next(p for p in summary["points"] if p["place"] == "Paris")
    page = client.get("/events").text
    # a point on the plain equirectangular projection, 2 px a degree, linking its place
    x, y = round((paris["lon"] + 180) * 2, 1), round((90 - paris["lat"]) * 2, 1)
    assert f'cx="{x}" cy="{y}"' in page
    assert '<a href="/events?near=Paris">' in page
    svg = re.search(r'<svg id="event-map".*?</svg>', page, re.S).group(0)
    assert "http" not in svg and "<image" not in svg  # drawn offline, no tiles
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/app.js" defer>']
    assert 'aria-label="Events per day"' in page  # the timeline
    assert re.search(r'<option value="PROTEST">PROTEST \(1\)</option>', page)
    # filters: type, actor, place, date
    assert [e["type"] for e in _json(client, "/events.json?type=protest")["items"]] == ["PROTEST"]
    brenner = _json(client, "/events.json?actor=Tomas Brenner")["items"]
    assert brenner and all(e["actor_name"] == "Tomas Brenner" for e in brenner)
    assert [e["place"] for e in _json(client, "/events.json?near=Paris")["items"]] == ["Paris"]
    dated = _json(client, "/events.json?since=2026-04-07&until=2026-04-07")["items"]
    assert dated and all(e["published"][:10] == "2026-04-07" for e in dated)
    assert _json(client, "/api/events?actor=Tomas Brenner")["total"] == len(brenner)
    nothing = client.get("/events?type=NOPE&near=<b>x</b>")
    assert nothing.status_code == 200 and "No events match" in nothing.text
    assert "<b>x</b>" not in nothing.text


# ---- 6. the original URL; the stories command after analyse -------------------------------


def test_pages_link_the_original_article_url(client):
    harbour = _json(client, "/statements.json?outlet=Velmora Daily")["items"]
    assert harbour and all(s["original_url"] == ORIGINAL_URL for s in harbour)
    link = f'<a class="original" href="{ORIGINAL_URL}" rel="noopener noreferrer nofollow">'
    assert link in client.get(harbour[0]["url"]).text
    assert link in client.get(harbour[0]["article_url"].split("#")[0]).text
    assert link in client.get("/statements?outlet=Velmora Daily").text
    article = _json(client, harbour[0]["article_url"].split("#")[0] + ".json")
    assert article["original_url"] == ORIGINAL_URL
    assert article["url"].startswith("/articles/")  # the page; the original kept apart
    # an article without a web URL links nothing
    other = _json(client, "/statements.json?outlet=Orlan Herald")["items"][0]
    assert 'class="original"' not in client.get(other["url"]).text


def test_stories_command_suggests_analyse_only_before_it_ran(tmp_path):
    from click.testing import CliRunner

    from claimgraph import extract_text
    from claimgraph.serve.cli import cli
    from claimgraph.store import open_store

    url = f"sqlite:///{tmp_path / 's.db'}"
    store = open_store(url)
    store.add_records([extract_text(HARBOUR, title="t", outlet="o").to_dict()])
    store.close()
    runner = CliRunner()
    before = runner.invoke(cli, ["stories", "--db", url])
    assert before.exit_code == 0 and "run `claimgraph analyse`" in before.output
    assert runner.invoke(cli, ["analyse", "--db", url]).exit_code == 0
    after = runner.invoke(cli, ["stories", "--db", url])
    assert after.exit_code == 0 and "analyse" in after.output.lower()
    assert "run `claimgraph analyse`" not in after.output


# ---- 7. corrections: stored apart, who/when/why, survive analyse, writes only if allowed --


def _writable(store):
    return Client(create_app(store, allow_writes=True))


def test_correction_round_trip_survives_analyse_and_can_be_undone(store):
    client = _writable(store)
    st = next(
        s for s in _json(client, "/statements.json?speaker=Kest")["items"]
        if s["speaker_mention"] == "Kest"
    )  # fmt: skip
    # set the speaker to another entity, by name
    r = client.post(
        st["url"] + "/corrections",
        data={"action": "speaker", "entity": "Tomas Brenner", "author": "Ana <b>",
              "reason": "The quote is Brenner's, see the video"},
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == st["url"] + "#corrections"
    page = _json(client, st["url"] + ".json")
    assert page["speaker_name"] == "Tomas Brenner" and page["speaker_mention"] == "Kest"
    assert page["speaker_entity_extracted"] == st["speaker_entity"]
    assert page["speaker_corrected"]["author"] == "Ana <b>"
    html = client.get(st["url"]).text
    assert "Speaker set to Tomas Brenner" in html and "Ana &lt;b&gt;" in html
    assert "<b>" not in html.split('id="corrections"')[1].split("</section>")[0]
    # ... on the lists and in the exports too
    row = next(
        s for s in _json(client, "/statements.json?limit=500")["items"] if s["id"] == st["id"]
    )
    assert row["speaker_name"] == "Tomas Brenner" and row["speaker_corrected"]
    exported = next(x for x in client.get("/export/statements.json").json() if x["id"] == st["id"])
    assert exported["speaker"] == "Tomas Brenner" and exported["speaker_corrected"] is True
    assert "see the video" in exported["correction"]
    # mark it wrong as well
    wrong = {"action": "wrong", "author": "Ana", "reason": "not a statement"}
    r = client.post(st["url"] + "/corrections", data=wrong)
    assert r.status_code == 303
    assert _json(client, st["url"] + ".json")["marked_wrong"]["reason"] == "not a statement"
    # re-analysis leaves corrections alone
    store.analyse()
    again = _json(client, st["url"] + ".json")
    assert again["speaker_name"] == "Tomas Brenner" and again["marked_wrong"]
    # undo the speaker correction: the extracted speaker is back, the history stays
    cid = next(c["id"] for c in again["corrections"] if c["action"] == "speaker")
    r = client.post(f"/corrections/{cid}/undo", data={"author": "Ana"})
    assert r.status_code == 303
    undone = _json(client, st["url"] + ".json")
    assert undone["speaker_name"] == "Mira Kest" and "speaker_corrected" not in undone
    assert any(c["undone_at"] and c["undone_by"] == "Ana" for c in undone["corrections"])
    assert undone["marked_wrong"]


def test_corrections_are_validated_and_refused_without_allow_writes(store):
    client = _writable(store)
    st = _json(client, "/statements.json?limit=1")["items"][0]
    before = len(store.corrections())
    good = {"action": "wrong", "author": "Ana", "reason": "why"}
    cases = [
        ("/statements/a_0:S1/corrections", good, 404),  # unknown statement
        (st["url"] + "/corrections", {**good, "action": "delete"}, 400),
        (st["url"] + "/corrections", {**good, "action": "speaker", "entity": "Nobody Atall"}, 400),
        (st["url"] + "/corrections", {**good, "author": " "}, 400),
        (st["url"] + "/corrections", {**good, "reason": "x" * 5000}, 400),
        ("/corrections/999999/undo", {"author": "Ana"}, 400),
    ]
    for url, form, status in cases:
        r = client.post(url, data=form)
        assert r.status_code == status, (url, form, r.text[:200])
    # a body over the server's limit
    huge = client.post(st["url"] + "/corrections", data={**good, "reason": "x" * 6_000_000})
    assert huge.status_code == 413
    # a forged cross-site POST
    evil = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    forged = client.post(st["url"] + "/corrections", data=good, headers=evil)
    assert forged.status_code == 403
    # a read-only server refuses, shows no form
    read_only = Client(create_app(store))
    assert read_only.post(st["url"] + "/corrections", data=good).status_code == 403
    assert "--allow-writes" in read_only.get(st["url"]).text
    assert 'action="' + st["url"] + '/corrections"' not in read_only.get(st["url"]).text
    assert len(store.corrections()) == before


def test_unfiltered_event_summary_is_the_one_saved_by_analyse(store, monkeypatch):
    """The events page as it opens counts every event: analyse() saves those counts and
    they are read back (no count past the page budget at 100k articles) while no event
    was added since; then they are counted again."""
    live = store._event_summary(budget_ms=None)
    assert live["types"] and not live["timed_out"]

    def no_live_counts(**kwargs):
        raise AssertionError("counted again although the saved summary holds")

    with monkeypatch.context() as m:
        m.setattr(store, "_event_summary", no_live_counts)
        assert store.event_summary(budget_ms=0) == live
        # a filter is counted live (with its budget: 0 here, so every count times out)
        with pytest.raises(AssertionError):
            store.event_summary(budget_ms=0, type="PROTEST")
    scratch = store.url.replace("web.db", "web-summary.db")
    from claimgraph.store import open_store

    other = open_store(scratch)
    other.add_records(
        [r for r in (store.article(a["id"]) for a in store.articles(limit=3)["items"]) if r]
    )
    other.analyse()
    before = other.event_summary(budget_ms=0)
    extra = {
        **store.article(store.articles(limit=5)["items"][4]["id"]),
        "id": None,
        "outlet": "Late Wire",
    }
    other.add_records([extra])  # an event row newer than the saved summary: the stamp moves
    after = other.event_summary(budget_ms=10_000)
    assert sum(d["count"] for d in after["types"]) > sum(d["count"] for d in before["types"])
    other.close()

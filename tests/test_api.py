"""Web UI pages, their JSON twins and the REST API, in-process (httpx ASGITransport) over a
real SQLite store filled from tests/data/web through the real pipeline."""

from __future__ import annotations

import re

import pytest

from claimgraph.serve.app.factory import create_app
from claimgraph.settings import get_settings
from web_corpus import Client, build_store, records

pytestmark = pytest.mark.model

LIST_PAGES = ["/statements", "/articles", "/entities", "/stories", "/contradictions", "/claims"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("web") / "web.db")
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(store):
    return Client(create_app(store))


def _items(client, path):
    r = client.get(path)
    assert r.status_code == 200, (path, r.text[:300])
    return r.json()


def test_every_list_page_and_its_json_twin(client):
    for path in ["/", *LIST_PAGES, "/search?q=Orlansk", "/docs"]:
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html"), path
        assert '<main id="main">' in r.text
    assert _items(client, "/index.json")["counts"]["articles"] == len(records())
    for path in LIST_PAGES:
        page = _items(client, path + ".json")
        assert {"items", "total", "limit", "offset"} <= set(page), path
        assert page["total"] >= 1, path
        for item in page["items"]:
            assert item["url"].startswith("/"), (path, item)


def test_every_json_item_links_to_a_page_that_exists(client):
    seen = set()
    for path in [p + ".json" for p in LIST_PAGES]:
        for item in _items(client, path)["items"]:
            for key in ("url", "article_url"):
                url = item.get(key)
                if url and url.split("#")[0] not in seen:
                    seen.add(url.split("#")[0])
                    r = client.get(url.split("#")[0])
                    assert r.status_code == 200, (path, key, url)
    assert any(u.startswith("/statements/") for u in seen)
    assert any(u.startswith("/articles/") for u in seen)
    assert any(u.startswith("/entities/") for u in seen)
    assert any(u.startswith("/stories/") for u in seen)
    assert any(u.startswith("/claims/") for u in seen)


def test_detail_pages_have_json_twins_with_the_same_data(client):
    statement = _items(client, "/statements.json?limit=1")["items"][0]
    page = _items(client, statement["url"] + ".json")
    assert page["id"] == statement["id"]
    assert page["content"] == statement["content"]
    article_id = statement["article_id"]
    record = _items(client, f"/articles/{article_id}.json")
    assert record["id"] == article_id
    assert record["schema"] == "claimgraph/1"
    assert record["text"] and record["statements"]
    assert all(s["url"].startswith(f"/statements/{article_id}:") for s in record["statements"])


def test_article_page_highlights_every_role_at_its_offsets(client, store):
    aid = next(a["id"] for a in store.articles(limit=50)["items"] if a["outlet"] == "Orlan Herald")
    record = store.article(aid)
    html = client.get(f"/articles/{aid}").text
    for role in ("speaker", "cue", "content", "entity", "removed"):
        assert f"hl-{role}" in html, role
    # Every statement has an anchor and a link to its statement page
    for st in record["statements"]:
        assert f'id="{st["id"]}"' in html
        assert f'href="/statements/{aid}:{st["id"]}"' in html
    # The removed boilerplate is greyed, shown once, and never inside a statement link
    body = re.search(r'<div class="text" id="text">(.*?)</div>', html, re.S).group(1)
    removed = record["removed"][0]
    segment = re.search(r'<span class="hl-removed"[^>]*>([^<]*)</span>', body)
    assert segment and segment.group(1) == record["text"][removed["start"] : removed["end"]]
    # The text is rebuilt exactly from the segments (nothing dropped or duplicated)
    plain = re.sub(r"<[^>]+>", "", body)
    import html as html_lib

    assert html_lib.unescape(plain) == record["text"]


def test_claims_filters(client):
    every = _items(client, "/statements.json?limit=500")
    assert every["total"] == len(every["items"]) > 5
    denied = _items(client, "/statements.json?modality=denied")
    assert denied["total"] >= 1
    assert all(s["modality"] == "denied" for s in denied["items"])
    direct = _items(client, "/statements.json?kind=direct")
    assert 0 < direct["total"] < every["total"]
    assert all(s["kind"] == "direct" for s in direct["items"])
    outlet = _items(client, "/statements.json?outlet=Halvar Post")
    assert outlet["total"] >= 1 and all(s["outlet"] == "Halvar Post" for s in outlet["items"])
    dated = _items(client, "/statements.json?since=2026-04-03&until=2026-04-04")
    assert dated["total"] >= 1
    assert all("2026-04-03" <= s["published"][:10] <= "2026-04-04" for s in dated["items"])
    marrow = _items(client, "/statements.json?speaker=Marrow")
    assert marrow["total"] >= 1
    assert all("Marrow" in s["speaker"] or s["speaker_entity"] for s in marrow["items"])
    text = _items(client, "/statements.json?q=sowing")
    assert text["total"] >= 1 and all("sowing" in s["content"] for s in text["items"])
    # Unknown filter values are ignored rather than passed to the store
    assert _items(client, "/statements.json?kind=bogus")["total"] == every["total"]
    # The HTML table keeps the filter values in the form
    html = client.get("/statements?modality=denied&speaker=Marrow").text
    assert 'value="Marrow"' in html and "<option selected>denied</option>" in html


def test_claims_sorting(client):
    url = "/statements.json?limit=500&sort="
    asc = [s["speaker"] or "" for s in _items(client, url + "speaker")["items"]]
    desc = [s["speaker"] or "" for s in _items(client, url + "-speaker")["items"]]
    assert asc == sorted(asc) and asc != desc
    dates = [s["published"] for s in _items(client, "/statements.json?limit=500")["items"]]
    assert dates == sorted(dates, reverse=True)
    html = client.get("/statements?sort=speaker").text
    assert 'aria-sort="ascending"' in html


def test_pagination(client):
    total = _items(client, "/statements.json")["total"]
    first = _items(client, "/statements.json?limit=3&offset=0")
    second = _items(client, "/statements.json?limit=3&offset=3")
    assert first["total"] == second["total"] == total
    assert first["limit"] == 3 and second["offset"] == 3
    assert len(first["items"]) == 3
    assert not {s["id"] for s in first["items"]} & {s["id"] for s in second["items"]}
    huge = _items(client, "/statements.json?limit=1000000")
    assert huge["limit"] == get_settings().web_max_page_size
    html = client.get("/statements?limit=3&offset=3").text
    assert 'rel="next"' in html and 'rel="prev"' in html
    assert "4–6 of" in html
    api = _items(client, "/api/statements?limit=2&offset=1")
    assert api["limit"] == 2 and api["offset"] == 1 and api["total"] == total
    assert client.get("/api/statements?limit=0").status_code == 422


def test_capped_totals_read_more_than(client, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_COUNT_CAP", "2")
    get_settings.cache_clear()
    try:
        page = _items(client, "/statements.json?kind=indirect&limit=2")
        assert page["total"] == 3  # counted up to the cap + 1
        html = client.get("/statements?kind=indirect&limit=2").text
        assert "1–2 of more than 2" in html and 'rel="next"' in html
        deeper = client.get("/statements?kind=indirect&limit=2&offset=2").text
        assert 'rel="prev"' in deeper
    finally:
        monkeypatch.delenv("CLAIMGRAPH_COUNT_CAP")
        get_settings.cache_clear()


def test_search_covers_statements_and_article_text(client):
    found = _items(client, "/search.json?q=restored")
    assert found["statements"]["total"] >= 1
    assert found["articles"]["total"] >= 1
    # a word only in article text (a dateline), not necessarily in a statement
    assert _items(client, "/search.json?q=Velmora")["articles"]["total"] == 1
    assert _items(client, "/search.json?q=zzzznothing")["articles"]["total"] == 0
    assert _items(client, "/articles.json?q=farmers")["total"] == 1


def test_statement_page_speaker_relay_and_same_claim(client):
    items = _items(client, "/statements.json?speaker=Marrow&limit=50")["items"]
    st = next(s for s in items if "border" in (s["content"] or ""))
    page = _items(client, st["url"] + ".json")
    assert page["speaker_entity_record"]["name"] == "Ilsa Marrow"
    assert page["speaker_entity_record"]["url"].startswith("/entities/e_")
    assert page["claim_record"]["contradicted"] is True
    assert page["claim_record"]["url"].startswith("/claims/")
    assert any("Northgate" in (s.get("outlet") or "") for s in page["aligned"])
    html = client.get(st["url"]).text
    assert "Relay chain" in html and "Ilsa Marrow" in html
    assert page["claim_record"]["url"] + "#contradictions" in html


def test_entity_page_by_id_and_by_name(client):
    by_name = _items(client, "/entities/Ilsa Marrow.json")
    by_id = _items(client, by_name["url"] + ".json")
    assert by_id["id"] == by_name["id"]
    assert by_id["statements_by"], "statements by the entity"
    assert all(s["url"].startswith("/statements/") for s in by_id["statements_by"])
    assert by_id["contested"] and by_id["contested"][0]["url"].startswith("/claims/")
    html = client.get(by_name["url"]).text
    assert "<h1>Ilsa Marrow</h1>" in html
    assert "Contradictions about Ilsa Marrow" in html
    assert "<svg" in html  # mention timeline
    assert client.get("/entities/Nobody Atall").status_code == 404
    assert client.get("/entities/Nobody Atall.json").json()["detail"]


def test_contradictions_show_both_sides_with_sources(client):
    page = _items(client, "/contradictions.json")
    assert page["total"] >= 1
    c = page["items"][0]
    assert len(c["sides"]) == 2
    outlets = {s["outlet"] for s in c["sides"]}
    assert outlets == {"Kestrel Wire", "Northgate Times"}
    modalities = {s["modality"] for s in c["sides"]}
    assert "denied" in modalities
    for side in c["sides"]:
        assert side["corroboration"] >= 1
        assert side["echo"] and side["echo"][0]["members"]
        assert side["article_url"].startswith("/articles/")
        assert side["published"]
    html = client.get("/contradictions").text
    assert html.count('class="corroboration"') == 2
    assert "Kestrel Wire" in html and "Northgate Times" in html
    claim = _items(client, c["claim"]["url"] + ".json")
    assert claim["contradictions"] and claim["n_sources"] >= 2


def test_stories_page_draws_a_timeline(client):
    html = client.get("/stories").text
    assert "<svg" in html and 'class="dot"' in html
    story = _items(client, "/stories.json")["items"][0]
    detail = _items(client, story["url"] + ".json")
    assert detail["articles"] and all(a["url"].startswith("/articles/") for a in detail["articles"])
    assert "<svg" in client.get(story["url"]).text


def test_not_found(client):
    assert client.get("/articles/a_0000000000000000").status_code == 404
    assert client.get("/articles/a_0000000000000000.json").status_code == 404
    assert client.get("/api/articles/a_0000000000000000").status_code == 404
    assert client.get("/statements/a_0:S1").status_code == 404
    assert client.get("/stories/s_nope").status_code == 404
    assert client.get("/claims/c_nope").status_code == 404


def test_openapi_and_offline_docs(client):
    schema = _items(client, "/openapi.json")
    for path in ("/api/articles", "/api/statements", "/api/entities/{key}", "/api/stories",
                 "/api/contradictions", "/api/claims", "/api/extract", "/api/search"):  # fmt: skip
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/extract"]
    html = client.get("/docs").text
    assert "/api/statements" in html and "limit" in html
    assert not re.search(r'(src|href)="https?://', html), "docs must not load remote assets"


def test_api_lists_and_records(client):
    arts = _items(client, "/api/articles?limit=2")
    assert arts["total"] == len(records()) and len(arts["items"]) == 2
    rec = _items(client, "/api/articles/" + arts["items"][0]["id"])
    assert rec["schema"] == "claimgraph/1"
    assert _items(client, "/api/entities?type=PERSON")["total"] >= 3
    assert _items(client, "/api/contradictions")["total"] >= 1
    assert _items(client, "/api/claims")["items"][0]["url"].startswith("/claims/")
    assert client.get("/api/statements?kind=bogus").status_code == 422
    events = _items(client, "/api/events?limit=5")
    assert events["total"] >= 1
    assert all(e["url"].startswith("/articles/a_") for e in events["items"])


def test_api_extract_returns_a_record_without_storing(client):
    before = _items(client, "/index.json")["counts"]["articles"]
    text = (
        "The harbour will reopen next week, Port Director Anna Velt said on Monday.\n"
        '"We expect about 40 ships," Velt told the Kestrel Wire.'
    )
    r = client.post("/api/extract", json={"text": text, "published": "2026-05-04"})
    assert r.status_code == 200
    rec = r.json()
    assert rec["schema"] == "claimgraph/1" and rec["text"] == text
    assert any("Velt" in (s["speaker"] or {}).get("span", {}).get("text", "")
               for s in rec["statements"])  # fmt: skip
    html = client.post("/api/extract", json={"text": "<html><body><article><p>" + text
                                             + "</p></article></body></html>",
                                             "media_type": "text/html"})  # fmt: skip
    assert html.status_code == 200 and "Anna Velt" in html.json()["text"]
    assert _items(client, "/index.json")["counts"]["articles"] == before
    assert client.post("/api/extract", json={"text": "   "}).status_code == 422
    assert client.post("/api/extract", json={}).status_code == 422


def test_ingest_is_read_only_by_default(client, store):
    before = store.counts()["articles"]
    assert client.get("/ingest").status_code == 403
    r = client.post("/ingest", data={"text": "Officials said the bridge would reopen."})
    assert r.status_code == 403
    assert "--allow-writes" in r.text
    assert store.counts()["articles"] == before


def test_ingest_with_allow_writes(tmp_path):
    store = build_store(tmp_path / "rw.db")
    client = Client(create_app(store, allow_writes=True))
    assert client.get("/ingest").status_code == 200
    before = store.counts()["articles"]
    text = "The bridge at Tarna will reopen on Monday, Mayor Jon Esk said on Friday."
    r = client.post("/ingest", data={"text": text, "outlet": "Test Desk", "title": "Bridge"})
    assert r.status_code == 303
    assert r.headers["location"].startswith("/articles/a_")
    assert store.counts()["articles"] == before + 1
    page = client.get(r.headers["location"]).text
    assert "Bridge" in page and "Test Desk" in page
    files = [
        ("files", ("one.txt", b"Mayor Jon Esk said the ferry would run again.", "text/plain")),
        (
            "files",
            (
                "two.html",
                b"<html><body><article><p>Council chair Mira Kest said the "
                b"market would open in May.</p></article></body></html>",
                "text/html",
            ),
        ),
        ("files", ("bad.exe", b"MZ\x00\x00", "application/octet-stream")),
    ]
    r = client.post("/ingest", files=files)
    assert r.status_code == 200
    assert "Added 2" in r.text and "bad.exe" in r.text
    assert store.counts()["articles"] == before + 3
    store.close()


def test_serve_command(tmp_path, monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from claimgraph.serve.cli import cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    db = f"sqlite:///{tmp_path}/serve.db"
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--port", "8123", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["app"].state.allow_writes is False
    assert "read-only" in result.output
    client = Client(seen["app"])
    assert client.get("/", headers={"host": "127.0.0.1:8123"}).status_code == 200
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--allow-writes", "--workers", "1"])
    assert seen["app"].state.allow_writes is True and "read-write" in result.output
    seen["app"].state.extractors.close()
    bad = CliRunner().invoke(cli, ["serve", "--db", "nosuch://x"])
    assert bad.exit_code == 1
    assert "cannot open the store" in bad.output and "Traceback" not in bad.output


def test_serve_command_with_several_processes(tmp_path, monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from claimgraph.serve.cli import cli
    from claimgraph.serve.commands import web

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setenv(web.SERVE_ENV, "{}")  # removed again after the test
    db = f"sqlite:///{tmp_path}/serve.db"
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "(2 processes)" in result.output
    assert seen["app"] == "claimgraph.serve.commands.web:app_from_env"
    assert seen["factory"] is True and seen["workers"] == 2
    app = web.app_from_env()  # what each server process builds
    try:
        assert app.state.allow_writes is False
        client = Client(app)
        assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    finally:
        app.state.extractors.close()
        app.state.store.close()


def test_number_and_plural_filters():
    from claimgraph.serve.app.pages import _num, _plural

    assert _num(12000.0) == "12,000" and _num(2.5) == "2.5" and _num(None) == ""
    assert _num(0.125) == "0.125" and _num("about") == "about"
    assert _plural(1, "article") == "1 article" and _plural(3, "article") == "3 articles"

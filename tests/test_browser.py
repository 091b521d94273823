"""End to end in a real headless browser (Debian's chromium driven by Playwright): the server
runs with uvicorn on a loopback port; nothing is downloaded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimgraph.serve.app.factory import create_app
from claimgraph.serve.app.server import running
from web_corpus import build_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [pytest.mark.browser, pytest.mark.model]


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run must install chromium")
    pytest.skip("/usr/bin/chromium not installed (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_chromium()
    store = build_store(tmp_path_factory.mktemp("browser") / "web.db")
    with running(create_app(store)) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def browser(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that records dialogs (alert/confirm) and console errors (CSP violations)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.dialogs = []
    page.errors = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_click_article_statement_entity_contradiction(server, page):
    page.goto(server + "/articles")
    title = "Dravenian troops cross border into Orlansk, minister says"
    page.get_by_role("link", name=title).click()
    page.wait_for_url("**/articles/a_*")
    assert page.locator(".text .hl-speaker").count() >= 1
    # click the highlighted statement of the minister: its statement page
    page.locator(".text a.seg.hl-content", has_text="crossed the border").first.click()
    page.wait_for_url("**/statements/*")
    assert page.locator("h1.quote").inner_text().count("crossed the border") == 1
    assert "Relay chain" in page.content()
    # the speaker entity
    page.locator("section.card a.big", has_text="Ilsa Marrow").click()
    page.wait_for_url("**/entities/e_*")
    assert page.locator("h1").inner_text() == "Ilsa Marrow"
    # a contradiction about her claim: both sides with their sources
    page.locator(".contested a").first.click()
    page.wait_for_url("**/claims/c_*")
    sides = page.locator("#contradictions .sides > section")
    assert sides.count() == 2
    text = sides.all_inner_texts()
    assert any("Kestrel Wire" in t for t in text) and any("Northgate Times" in t for t in text)
    assert all("Independent sources" in t for t in text)
    # and the same contradiction on the contradictions page, reached from the menu
    page.get_by_role("link", name="Contradictions", exact=True).click()
    page.wait_for_url("**/contradictions")
    assert page.locator("article.contradiction").count() >= 1
    assert page.dialogs == [] and page.errors == []


def test_article_markup_is_shown_as_text_and_never_runs(server, page):
    page.goto(server + "/articles?q=hacker")
    page.locator(".list a.title").first.click()
    page.wait_for_url("**/articles/a_*")
    text = page.locator("#text").inner_text()
    assert "<script>alert('xss')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator("#text img, #text script").count() == 0
    assert "<script>" in page.locator("h1").inner_text()
    page.wait_for_timeout(300)
    assert page.dialogs == [], "a script from the article ran"
    assert page.errors == []


def test_keyboard_search_and_filters(server, page):
    page.goto(server + "/statements")
    page.keyboard.press("/")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "f-q"
    page.keyboard.type("sowing")
    page.keyboard.press("Enter")
    page.wait_for_url("**/statements?*q=sowing*")
    rows = page.locator("#statements-table tbody tr")
    assert rows.count() >= 1 and "sowing" in rows.first.inner_text()
    # filters are labelled form controls, reachable by their label
    page.goto(server + "/statements")
    page.get_by_label("Modality").select_option("denied")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**modality=denied**")
    assert all("denied" in t for t in page.locator("#statements-table tbody tr").all_inner_texts())
    # sorting by a column header
    page.get_by_role("link", name="Speaker").click()
    page.wait_for_url("**sort=*speaker**")
    assert page.errors == []


def test_story_page_tells_the_story(server, page):
    page.goto(server + "/stories")
    page.get_by_role(
        "link", name="Dravenian troops cross border into Orlansk, minister says"
    ).first.click()
    page.wait_for_url("**/stories/s_*")
    claims = page.locator("#claims article.claim")
    assert claims.count() >= 1
    assert "crossed the border" in claims.first.inner_text()
    assert "independent source" in claims.first.inner_text()
    sides = page.locator("#contradictions .sides > section")
    assert sides.count() == 2
    assert "Tomas Brenner" in page.locator("#contradictions").inner_text()
    people = page.locator("#people .people").inner_text()
    assert "Ilsa Marrow" in people and "Tomas Brenner" in people
    assert "Orlansk" in page.locator("#people .places").inner_text()
    # the timeline's axis keeps its last date label
    ticks = page.locator("#timeline svg text.tick").all_text_contents()
    assert ticks[0] == "2026-04-02" and ticks[-1] == "2026-04-05"
    # a person of the story leads to their page
    page.locator("#people .people").get_by_role("link", name="Ilsa Marrow").click()
    page.wait_for_url("**/entities/e_*")
    assert page.locator("h1").inner_text() == "Ilsa Marrow"
    assert page.errors == []


def test_phone_width_has_no_horizontal_scroll(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    story = page.request.get(server + "/stories.json").json()["items"][0]["url"]
    for path in ("/", "/statements", "/contradictions", "/stories", "/entities/Ilsa Marrow",
                 "/claims", "/events", story):  # fmt: skip
        page.goto(server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    context.close()


def test_find_what_one_person_said_read_it_in_context_and_export(server, page):
    # the speaker facet narrows the list to one person; each row shows the resolved name,
    # the cue and the sentence
    page.goto(server + "/statements")
    page.locator("#facet-speaker").get_by_role("link", name="Ilsa Marrow").click()
    page.wait_for_url("**entity=e_*")
    rows = page.locator("#statements-table tbody tr")
    assert rows.count() >= 1
    for text in rows.all_inner_texts():
        assert "Ilsa Marrow" in text and "said" in text and "sentence" in text.lower()
    # the outlet pick-list
    page.goto(server + "/statements")
    page.get_by_label("Outlet").select_option("Halvar Post")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**outlet=Halvar+Post**")
    assert all("Halvar Post" in t for t in rows.all_inner_texts())
    # the export link downloads the rows as CSV
    with page.expect_download() as got:
        page.get_by_role("link", name="CSV").click()
    body = Path(got.value.path()).read_text(encoding="utf-8")
    assert body.startswith("id,published,outlet,speaker,") and "Halvar Post" in body
    # the events page draws its chart and filters by type
    page.goto(server + "/events")
    assert page.locator("#events-table tbody tr").count() >= 2
    page.get_by_label("Type").select_option("REJECT")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**type=REJECT**")
    assert "Tomas Brenner" in page.locator("#events-table tbody").inner_text()
    assert page.errors == []


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    _need_chromium()
    store = build_store(tmp_path_factory.mktemp("browser-writes") / "web.db")
    with running(create_app(store, allow_writes=True)) as base:
        yield base, store
    store.close()


def test_correct_a_speaker_in_the_browser_and_see_it_survive_analyse(writable, browser):
    base, store = writable
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/statements?speaker=Kest")
    page.locator("#statements-table tbody tr").first.locator("td.content a").first.click()
    page.wait_for_url("**/statements/a_*")
    page.get_by_label("Correction").select_option("speaker")
    page.get_by_label("Speaker (entity name)").fill("Tomas Brenner")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("Why").fill("The quote is Brenner's")
    page.get_by_role("button", name="Save correction").click()
    page.wait_for_url("**#corrections")
    assert "Speaker set to Tomas Brenner" in page.locator("#corrections").inner_text()
    url = page.url.split("#")[0]
    store.analyse()
    page.goto(url)
    assert "corrected" in page.locator("main").inner_text()
    assert "Tomas Brenner" in page.locator(".grid2").inner_text()
    # undo it
    page.locator("#corrections").get_by_placeholder("your name").fill("Ana")
    page.locator("#corrections").get_by_role("button", name="Undo").click()
    page.wait_for_url("**#corrections")
    assert "undone by Ana" in page.locator("#corrections").inner_text()
    assert errors == []
    page.close()


def test_merge_two_entities_in_the_browser_survive_analyse_and_undo(writable, browser):
    base, store = writable
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/entities?q=Lunde")
    page.get_by_role("link", name="Per Lunde").first.click()
    page.wait_for_url("**/entities/e_*")
    lunde_url = page.url
    page.get_by_label("Merge into (entity name or id)").fill("Ilsa Marrow")
    page.get_by_label("Your name").first.fill("Ana")
    page.get_by_label("Why merge").fill("One minister under two names")
    page.get_by_role("button", name="Merge").click()
    page.wait_for_url("**#corrections")
    assert page.locator("h1").inner_text() == "Ilsa Marrow"
    assert "Merged Per Lunde into Ilsa Marrow" in page.locator("#corrections").inner_text()
    assert "A hacker group posted" in page.locator("main").inner_text()
    # re-analysis replays the merge
    store.analyse()
    page.goto(lunde_url)
    assert page.locator("h1").inner_text() == "Ilsa Marrow"
    assert "was merged into Ilsa Marrow" in page.locator("main").inner_text()
    assert "Merged Per Lunde into Ilsa Marrow" in page.locator("#corrections").inner_text()
    assert "A hacker group posted" in page.locator("main").inner_text()
    # undo it: two entities again
    page.locator("#corrections").get_by_placeholder("your name").first.fill("Ana")
    page.locator("#corrections").get_by_role("button", name="Undo").first.click()
    page.wait_for_url("**#corrections")
    assert "undone by Ana" in page.locator("#corrections").inner_text()
    page.goto(lunde_url)
    assert page.locator("h1").inner_text() == "Per Lunde"
    assert errors == []
    page.close()

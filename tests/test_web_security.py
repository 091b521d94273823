"""Untrusted article text, injection-looking queries, request size limits and headers."""

from __future__ import annotations

import html as html_lib
import itertools
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimgraph.serve.app.factory import create_app
from claimgraph.serve.app.highlight import segments
from claimgraph.settings import get_settings
from web_corpus import Client, build_store

pytestmark = pytest.mark.model

XSS_OUTLET = "Halvar Post"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("websec") / "web.db")
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(store):
    return Client(create_app(store))


@pytest.fixture(scope="module")
def xss_article(store):
    return next(a for a in store.articles(limit=50)["items"] if a["outlet"] == XSS_OUTLET)


class _Tags(HTMLParser):
    """Every element and attribute the browser would build from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _no_live_markup(html: str) -> None:
    tags = _tags(html)
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": None}]
    assert not [t for t, _ in tags if t in ("img", "iframe", "object", "embed")]
    handlers = [(t, a) for t, attrs in tags for a in attrs if a.startswith("on")]
    assert not handlers, handlers
    assert "<script>alert" not in html


def test_article_text_and_title_render_as_text(client, xss_article):
    html = client.get(f"/articles/{xss_article['id']}").text
    _no_live_markup(html)
    body = re.search(r'<div class="text" id="text">(.*?)</div>', html, re.S).group(1)
    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", body))
    assert "<script>alert('xss')</script>" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert "Ministry site defaced &lt;script&gt;" in html  # the title too


def test_statements_with_markup_render_as_text_everywhere(client, xss_article):
    items = client.get(f"/statements.json?outlet={XSS_OUTLET}").json()["items"]
    assert any("<img src=x" in (s["content"] or "") for s in items)
    for path in [f"/statements?outlet={XSS_OUTLET}", "/search?q=footer", "/search?q=hacker",
                 *(s["url"] for s in items)]:  # fmt: skip
        r = client.get(path)
        assert r.status_code == 200, path
        _no_live_markup(r.text)
    # JSON keeps the text as data, served as JSON (never sniffed as HTML)
    r = client.get(f"/articles/{xss_article['id']}.json")
    assert "<script>alert('xss')</script>" in r.json()["text"]
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_reflected_query_is_escaped(client):
    probe = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    for path in ("/search", "/statements", "/articles", "/entities", "/claims"):
        # /claims takes only about= (with q= or speaker= it is an old statements link)
        params = {"about": probe} if path == "/claims" else {"q": probe, "speaker": probe}
        r = client.get(path, params={**params, "about": probe})
        assert r.status_code == 200, path
        _no_live_markup(r.text)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text or path == "/entities"
    moved = client.get("/claims", params={"q": probe})
    assert moved.status_code == 301 and "<" not in moved.headers["location"]


SQLI = ["' OR 1=1 --", "x'; DROP TABLE statements; --", '" OR ""="', "%' OR '1'='1",
        "NEAR(a b)", "AND OR NOT *", "title:foo", "\\"]  # fmt: skip


def test_injection_looking_queries_are_plain_text(client, store):
    before = store.counts()
    for probe in SQLI:
        for path in ("/statements.json", "/articles.json", "/entities.json", "/search.json",
                     "/api/statements", "/claims.json"):  # fmt: skip
            r = client.get(path, params={"q": probe, "speaker": probe, "about": probe,
                                         "outlet": probe}, follow_redirects=True)  # fmt: skip
            assert r.status_code == 200, (path, probe, r.text[:200])
        assert client.get("/statements.json", params={"q": probe}).json()["total"] == 0
        assert client.get(f"/entities/{probe}.json").status_code == 404
    assert store.counts() == before
    # the same query words still find what they should
    assert client.get("/statements.json", params={"q": "restored OR 1=1"}).json()["total"] == 0
    assert client.get("/statements.json", params={"q": "restored"}).json()["total"] >= 1


def test_oversized_bodies_get_413(client):
    limit = get_settings().web_max_body_bytes
    big = b"a" * (limit + 1)
    r = client.post("/api/extract", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = client.post("/ingest", content=big, headers={"content-type": "text/plain"})
    assert r.status_code == 413

    async def chunks():  # no Content-Length: counted as it streams
        for _ in range(limit // 65536 + 2):
            yield b"b" * 65536

    r = client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    text = "word " * (get_settings().web_max_extract_chars // 5 + 1)
    r = client.post("/api/extract", json={"text": text})
    assert r.status_code == 413
    assert "longer than" in r.json()["detail"]


def test_oversized_paste_into_ingest_gets_413(tmp_path):
    store = build_store(tmp_path / "rw.db")
    client = Client(create_app(store, allow_writes=True))
    text = "word " * (get_settings().web_max_extract_chars // 5 + 1)
    r = client.post("/ingest", data={"text": text})
    assert r.status_code == 413
    store.close()


def test_security_headers_on_every_kind_of_answer(client, xss_article):
    for path in ("/", f"/articles/{xss_article['id']}", "/statements.json", "/api/articles",
                 "/articles/a_missing", "/static/style.css", "/docs"):  # fmt: skip
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client, xss_article):
    for path in ("/", "/statements", "/stories", "/contradictions",
                 f"/articles/{xss_article['id']}", "/docs", "/ingest",
                 "/entities/Ilsa Marrow"):  # fmt: skip
        tags = _tags(client.get(path).text)
        assert [a for t, a in tags if t == "script"] == [{"src": "/static/app.js", "defer": None}]
        assert not [t for t, a in tags if "style" in a or t == "style"], path
        assert not [(t, a) for t, a in tags if any(k.startswith("on") for k in a)], path
        urls = [v for _, a in tags for k, v in a.items() if k in ("src", "href", "action")]
        assert urls and not [u for u in urls if u and re.match(r"(https?:)?//", u)], path


def test_cross_site_posts_are_refused(tmp_path):
    store = build_store(tmp_path / "rw.db")
    client = Client(create_app(store, allow_writes=True))
    before = store.counts()["articles"]
    data = {"text": "The mayor said the bridge would reopen on Monday."}
    r = client.post("/ingest", data=data, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/ingest", data=data, headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    assert store.counts()["articles"] == before
    r = client.post("/ingest", data=data, headers={"origin": "null"})
    assert r.status_code == 403
    assert store.counts()["articles"] == before
    r = client.post("/ingest", data=data, headers={"origin": "http://testserver"})
    assert r.status_code == 303
    # a browser's own form POST under a strict referrer policy: Origin null, but the
    # browser-set Sec-Fetch-Site says same-origin
    again = {"text": "The mayor said the tunnel would reopen on Friday."}
    r = client.post("/ingest", data=again,
                    headers={"origin": "null", "sec-fetch-site": "same-origin"})  # fmt: skip
    assert r.status_code == 303
    store.close()


def test_loopback_host_restriction(store):
    client = Client(create_app(store, allowed_hosts=["127.0.0.1", "localhost"]))
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_static_files_cannot_escape_their_folder(client):
    for path in ("/static/../app/__init__.py", "/static/%2e%2e/app/__init__.py",
                 "/static/..%2fapp%2f__init__.py"):  # fmt: skip
        r = client.get(path)
        assert r.status_code == 404, path
        assert "create_app" not in r.text


# ---- highlighting: pure segments, escaped by the template --------------------------------

spans = st.tuples(st.integers(-5, 60), st.integers(-5, 60))


@given(
    text=st.text(max_size=50),
    ents=st.lists(spans, max_size=5),
    stmts=st.lists(st.tuples(spans, spans, spans), max_size=4),
    removed=st.lists(spans, max_size=2),
)
def test_segments_always_rebuild_the_text(text, ents, stmts, removed):
    def span(pair):
        return {"start": pair[0], "end": pair[1], "text": ""}

    record = {
        "text": text,
        "entities": [{"id": "E1", "mentions": [span(p) for p in ents]}],
        "statements": [
            {"id": f"S{i}", "content": span(c), "cue": span(q), "speaker": {"span": span(s)}}
            for i, (c, q, s) in enumerate(stmts)
        ],
        "removed": [span(p) for p in removed],
        "quantities": [{"id": "Q1", "span": span(ents[0])}] if ents else [],
    }
    segs = segments(record)
    assert "".join(s.text for s in segs) == text
    assert all(a.end == b.start for a, b in itertools.pairwise(segs))
    assert all(s.roles == {"removed"} and s.statement is None for s in segs if "removed" in s.roles)


def test_segments_mark_roles_and_statement_starts():
    text = 'Minister Ilsa Marrow said "about 12,000 troops" crossed. Read more'
    rec = {
        "text": text,
        "entities": [{"id": "E1", "mentions": [{"start": 9, "end": 20}]}],
        "statements": [
            {
                "id": "S1",
                "speaker": {"span": {"start": 0, "end": 20}},
                "cue": {"start": 21, "end": 25},
                "content": {"start": 26, "end": 55},
            }
        ],
        "quantities": [{"id": "Q1", "span": {"start": 27, "end": 39}}],
        "removed": [{"start": 57, "end": 66}],
    }
    segs = {s.text: s for s in segments(rec)}
    assert segs["Minister "].roles == {"speaker"} and segs["Minister "].anchors == ["S1"]
    assert segs["Ilsa Marrow"].roles == {"speaker", "entity"}
    assert segs["Ilsa Marrow"].entity == "E1" and segs["Ilsa Marrow"].statement == "S1"
    assert segs["said"].roles == {"cue"}
    assert segs["about 12,000"].roles == {"content", "number"}
    assert segs["about 12,000"].css == "hl-content hl-number"
    assert segs["Read more"].roles == {"removed"}

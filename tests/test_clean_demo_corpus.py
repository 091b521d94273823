"""The bundled demo corpus (examples/) is complete, readable and consistent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.clean.boilerplate import find_boilerplate
from claimgraph.clean.language import check_language
from claimgraph.ingest.files import iter_paths, read_meta

ROOT = Path(__file__).resolve().parents[1] / "examples"
ARTICLES = ROOT / "articles"
FEEDS = ROOT / "feeds"


def test_articles_read_cleanly_with_metadata():
    items = list(iter_paths([ARTICLES]))
    errors = [i for i in items if isinstance(i, Exception)]
    assert errors == []
    assert 25 <= len(items) <= 35
    html = [d for d in items if d.media_type == "text/html"]
    assert len(html) >= 5
    for doc in items:
        assert doc.published and doc.published.startswith("2026-03-"), doc.source
        assert doc.outlet and doc.title, doc.source
        assert check_language(doc.text, doc.source) == "en"
    assert len({d.outlet for d in items}) >= 5
    # syndicated copies and scraped pages carry boilerplate
    with_boilerplate = [d for d in items if find_boilerplate(d.text)]
    assert len(with_boilerplate) >= 10


def test_every_txt_has_a_sidecar_and_no_orphan_sidecars():
    texts = sorted(ARTICLES.glob("*.txt"))
    assert texts
    for path in texts:
        assert read_meta(path).keys() >= {"title", "published", "outlet", "url"}, path.name
    for meta in ARTICLES.glob("*.meta.json"):
        assert meta.with_name(meta.name.removesuffix(".meta.json")).is_file(), meta.name


def test_jsonl_feed():
    lines = (FEEDS / "demo.jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    assert len(items) >= 3
    for item in items:
        assert item.keys() >= {"title", "published", "outlet", "url", "text"}
        assert check_language(item["text"]) == "en"


def test_rss_feed():
    feedparser = pytest.importorskip("feedparser")
    feed = feedparser.parse(str(FEEDS / "demo.rss"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) >= 3
    for entry in feed.entries:
        assert entry.title and entry.link and entry.published
        assert entry.content[0].value.startswith("<p>")


def test_warc_is_the_html_pages_and_up_to_date(tmp_path):
    import importlib.util

    from warcio.archiveiterator import ArchiveIterator

    spec = importlib.util.spec_from_file_location(
        "make_demo_warc", ROOT.parent / "scripts" / "make_demo_warc.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = tmp_path / "demo.warc.gz"
    count = module.write_warc(ARTICLES, rebuilt)
    assert count == len(list(ARTICLES.glob("*.html")))
    committed = FEEDS / "demo.warc.gz"

    def records(path: Path) -> list[tuple[str, str, str, bytes]]:
        with path.open("rb") as fh:
            return [
                (
                    r.rec_type,
                    r.rec_headers.get_header("WARC-Target-URI"),
                    r.rec_headers.get_header("WARC-Date"),
                    r.content_stream().read(),
                )
                for r in ArchiveIterator(fh)
            ]

    got = records(committed)
    assert got == records(rebuilt), "the WARC is stale: run scripts/make_demo_warc.py"
    assert sum(r[0] == "response" for r in got) == count

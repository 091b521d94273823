"""Readers for JSONL, RSS/Atom and WARC, and the dispatcher; bad records carry locations."""

from __future__ import annotations

import io
import json

from claimgraph.errors import ClaimgraphError, MalformedInputError
from claimgraph.ingest.sources import iter_sources
from claimgraph.models import Document

BODY = (
    "Officials in Kovar said on Monday that the Velka bridge would reopen next week after "
    "repairs. The mayor, Ilse Marek, told reporters that about 300 workers had been on site."
)
HTML = (
    f"<html><head><title>Bridge to reopen</title></head><body><article><h1>Bridge to "
    f"reopen</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
)


def test_jsonl_reads_text_html_and_reports_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": BODY, "title": "Bridge", "date": "2026-03-02", "outlet": "Kestrel"}),
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps({"html": HTML, "url": "https://kestrel.example/bridge"}),
        json.dumps([1, 2]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_sources([path]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ClaimgraphError)]
    assert docs[0].published == "2026-03-02"
    assert docs[0].outlet == "Kestrel" and docs[0].text == BODY
    assert docs[1].url == "https://kestrel.example/bridge" and "Velka bridge" in docs[1].text
    assert sorted(e.source for e in errors) == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert all(isinstance(e, MalformedInputError) for e in errors)


def test_rss_entries_become_documents(tmp_path):
    feed = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Kestrel Wire</title>
<item><title>Bridge to reopen</title><link>https://kestrel.example/b</link>
<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate>
<description><![CDATA[<p>{BODY}</p>]]></description></item>
<item><title>Empty</title><link>https://kestrel.example/e</link></item>
</channel></rss>"""
    path = tmp_path / "wire.rss"
    path.write_text(feed, encoding="utf-8")
    items = list(iter_sources([tmp_path]))
    doc = items[0]
    assert isinstance(doc, Document)
    assert doc.outlet == "Kestrel Wire" and doc.url == "https://kestrel.example/b"
    assert doc.published.startswith("2026-03-02") and "Ilse Marek" in doc.text
    assert isinstance(items[1], ClaimgraphError) and "#entry-2" in str(items[1])


def _warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
    )
    record = writer.create_warc_record(
        "https://kestrel.example/bridge",
        "response",
        payload=io.BytesIO(HTML.encode()),
        http_headers=headers,
    )
    writer.write_record(record)
    return out.getvalue()


def test_warc_response_records_and_broken_tail(tmp_path):
    good = _warc_bytes()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(good + b"\x1f\x8b\x08\x00garbage-not-a-record")
    items = list(iter_sources([path]))
    doc = items[0]
    assert isinstance(doc, Document)
    assert doc.url == "https://kestrel.example/bridge" and "Velka bridge" in doc.text
    assert doc.published  # WARC-Date
    assert isinstance(items[-1], MalformedInputError) and "@" in str(items[-1])


def test_missing_path_and_folder_dispatch(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01")
    items = list(iter_sources([tmp_path, tmp_path / "missing.txt"]))
    assert isinstance(items[0], Document) and items[0].text == BODY
    assert isinstance(items[1], ClaimgraphError) and "missing.txt" in str(items[1])
    assert len(items) == 2  # .bin files are not articles

"""Write examples/feeds/demo.warc.gz from the demo HTML pages in examples/articles/.

Each page becomes a WARC ``response`` record for the URL in its ``<link rel="canonical">``
(falling back to ``og:url``), dated with its publication date. Record ids are derived from
the URL, so re-running the script gives the same records. Run from the project root:

    .venv/bin/python scripts/make_demo_warc.py
"""

from __future__ import annotations

import re
import uuid
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"
OUTPUT = ROOT / "examples" / "feeds" / "demo.warc.gz"
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_OG_URL = re.compile(r'<meta property="og:url" content="([^"]+)"')
_PUBLISHED = re.compile(r'<meta property="article:published_time" content="([^"]+)"')


def _record_id(key: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}>"


def write_warc(articles: Path = ARTICLES, output: Path = OUTPUT) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = sorted(articles.glob("*.html"))
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        info = writer.create_warcinfo_record(
            "demo.warc.gz",
            {"software": "claimgraph scripts/make_demo_warc.py", "description": "fictional demo"},
        )
        info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo:demo"))
        info.rec_headers.replace_header("WARC-Date", "2026-03-20T00:00:00Z")
        writer.write_record(info)
        for page in pages:
            html = page.read_text(encoding="utf-8")
            match = _CANONICAL.search(html) or _OG_URL.search(html)
            url = match.group(1) if match else f"https://demo.example/{page.name}"
            published = _PUBLISHED.search(html)
            day = published.group(1)[:10] if published else "2026-03-20"
            payload = html.encode("utf-8")
            http = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(payload))),
                ],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(payload),
                http_headers=http,
                warc_headers_dict={
                    "WARC-Record-ID": _record_id(url),
                    "WARC-Date": f"{day}T08:00:00Z",
                },
            )
            writer.write_record(record)
    return len(pages)


if __name__ == "__main__":
    count = write_warc()
    print(f"wrote {count} pages to {OUTPUT.relative_to(ROOT)}")

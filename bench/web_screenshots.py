"""Screenshots of every page of the web UI at laptop (1280 px) and phone (390 px) widths.

    .venv/bin/python bench/web_screenshots.py [--db sqlite:///demo.db] [--out docs/screenshots]

Without --db, builds a temporary store from examples/articles through the real pipeline.
Needs Debian's chromium (/usr/bin/chromium); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}


def demo_store(url: str) -> object:
    from claimgraph.pipeline import extract_paths
    from claimgraph.store import open_store

    store = open_store(url)
    store.add_records(
        r.to_dict()
        for r in extract_paths([ROOT / "examples" / "articles"], on_error=lambda s, e: None)
    )
    store.analyse()
    return store


def pages(base: str, store: object) -> dict[str, str]:
    """name -> URL of one representative of every page."""
    import httpx

    def first(path: str, key: str = "url") -> str | None:
        items = httpx.get(base + path, timeout=30).json().get("items") or []
        return items[0].get(key) if items else None

    out = {"overview": "/", "statements": "/statements", "claims": "/claims",
           "articles": "/articles", "entities": "/entities", "stories": "/stories",
           "contradictions": "/contradictions", "events": "/events",
           "search": "/search?q=troops", "ingest": "/ingest", "docs": "/docs"}  # fmt: skip
    url = base + "/statements.json?has_number=yes&limit=200"
    claims = httpx.get(url, timeout=30).json()["items"]
    named = [c for c in claims if c.get("speaker_url")] or claims
    if named:
        out["statement"] = named[0]["url"]
        out["article"] = named[0]["article_url"].split("#")[0]
    entity = named[0].get("speaker_url") if named else None
    out["entity"] = entity or first("/entities.json?type=PERSON")
    aligned = httpx.get(base + "/claims.json?limit=200", timeout=30).json()["items"]
    contested = [c for c in aligned if c.get("contradicted")] or aligned
    if contested:
        out["claim"] = contested[0]["url"]
    story = first("/stories.json")
    if story:
        out["story"] = story
    return {k: v for k, v in out.items() if v}


def main() -> None:
    from playwright.sync_api import sync_playwright

    from claimgraph.serve.app.factory import create_app
    from claimgraph.serve.app.server import running

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--allow-writes", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            from claimgraph.store import open_store

            store = open_store(args.db)
        else:
            store = demo_store(f"sqlite:///{tmp}/demo.db")
        app = create_app(store, allow_writes=args.allow_writes)
        with running(app) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in pages(base, store).items():
                for label, (w, h) in WIDTHS.items():
                    page = browser.new_page(viewport={"width": w, "height": h})
                    page.goto(base + path)
                    target = args.out / f"{name}-{label}.png"
                    page.screenshot(path=str(target), full_page=False)
                    page.close()
                    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            browser.close()


if __name__ == "__main__":
    main()

"""RSS and Atom files (feedparser, local files only: nothing is fetched).

Each entry becomes a Document: its content (or summary) HTML converted to text by
``clean.html.html_to_document``, the entry title, published date and link, and the feed's
title as the outlet. A broken entry is yielded as an error with ``file#entry-N``; an empty
file, a file over ``settings.max_input_bytes`` and a feed without entries are errors for the
file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimgraph.clean.html import html_to_document
from claimgraph.clean.unicode import path_text, scrub_surrogates
from claimgraph.errors import ClaimgraphError, EmptyInputError, InputError, MalformedInputError
from claimgraph.ingest.files import check_size, input_stat
from claimgraph.models import Document

SUFFIXES = {".rss", ".atom", ".xml"}
_TAG = re.compile(r"<[^>]+>")


def looks_like_feed(head: bytes) -> bool:
    head = head.lstrip()[:2000].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        y, mo, d, h, mi, sec = parsed[:6]
        return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{sec:02d}"
    return entry.get("published") or entry.get("updated")


def entry_to_document(entry: Any, outlet: str | None, location: str) -> Document:
    html = ""
    for content in entry.get("content") or []:
        if content.get("value"):
            html = content["value"]
            break
    html = scrub_surrogates(html or entry.get("summary") or entry.get("description") or "")
    if not html.strip():
        raise EmptyInputError("entry has no content or summary", location)
    source = entry.get("link") or location
    if "<" in html:
        try:
            doc = html_to_document(f"<html><body><article>{html}</article></body></html>", source)
        except EmptyInputError:
            # short summaries can fall below trafilatura's article threshold: strip tags
            doc = Document(source=source, text=_TAG.sub(" ", html).strip())
    else:
        doc = Document(source=source, text=html.strip())
    if not doc.text.strip():
        raise EmptyInputError("entry has no text", location)
    doc.title = scrub_surrogates(entry.get("title") or "") or doc.title
    doc.published = _date(entry) or doc.published
    doc.url = entry.get("link") or doc.url
    doc.outlet = outlet or doc.outlet
    doc.author = entry.get("author") or doc.author
    return doc


def read_feed(path: Path) -> Iterator[Document | ClaimgraphError]:
    import feedparser

    name = path_text(path)
    try:
        check_size(input_stat(path).st_size, name)
        data = path.read_bytes()
    except ClaimgraphError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror}", name)
        return
    if not data.strip():
        yield EmptyInputError("file is empty", name)
        return
    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        reason = getattr(feed.get("bozo_exception"), "args", ["unreadable feed"])[0]
        yield MalformedInputError(f"not a readable RSS/Atom feed: {reason}", name)
        return
    if not feed.entries:
        yield EmptyInputError("the feed has no entries", name)
        return
    outlet = scrub_surrogates(feed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(feed.entries, start=1):
        location = f"{name}#entry-{n}"
        try:
            yield entry_to_document(entry, outlet, location)
        except ClaimgraphError as exc:
            yield exc

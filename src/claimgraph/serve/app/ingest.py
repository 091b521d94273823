"""Extraction for the web: pasted text/HTML and uploaded files -> records (never fetches)."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Any

from claimgraph.clean.unicode import scrub_surrogates
from claimgraph.errors import ClaimgraphError, EmptyInputError, TooLargeError
from claimgraph.settings import get_settings

UPLOAD_SUFFIXES = (".txt", ".html", ".htm")
#: Where the server's extraction workers find extract_posted and extract_uploads
EXTRACT_MODULE = __name__


def extract_posted(
    text: str,
    *,
    media_type: str = "text/plain",
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    source: str = "<posted>",
) -> dict[str, Any]:
    """The record for one posted text or HTML page, as a dict (nothing stored). Lone
    surrogates (JSON can carry them) become U+FFFD, offsets unchanged."""
    from claimgraph.pipeline import extract_html, extract_text

    check_posted(text, source)
    text = scrub_surrogates(text)
    title, published, outlet = (
        scrub_surrogates(v) if v is not None else None for v in (title, published, outlet)
    )
    if media_type == "text/html":
        record = extract_html(text, source=source)
        if title:
            record.title = title
        if outlet:
            record.outlet = outlet
        if published:
            record.published = published
    else:
        record = extract_text(text, source=source, title=title, published=published, outlet=outlet)
    return record.to_dict()


def check_posted(text: str, source: str = "<posted>") -> None:
    """Refuse an empty or too long posted text (before it is sent to a worker)."""
    limit = get_settings().web_max_extract_chars
    if not text.strip():
        raise EmptyInputError("no text", source=source)
    if len(text) > limit:
        raise TooLargeError(f"text longer than {limit} characters", source=source)


def extract_uploads(files: list[tuple[str, bytes]]) -> tuple[list[dict[str, Any]], list[dict]]:
    """Records for uploaded (name, bytes) files; returns (records, failures)."""
    from claimgraph.pipeline import extract_paths

    failures: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="claimgraph-upload-") as tmp:
        paths = []
        for i, (name, data) in enumerate(files):
            base = PurePath(name or f"upload-{i}.txt").name or f"upload-{i}.txt"
            if not base.lower().endswith(UPLOAD_SUFFIXES):
                failures.append({"source": base, "error": "only .txt, .html, .htm files"})
                continue
            path = Path(tmp) / f"{i:04d}-{base}"
            path.write_bytes(data)
            paths.append(path)

        def on_error(source: str, exc: ClaimgraphError) -> None:
            message = str(exc).replace(f"{tmp}/", "")
            failures.append({"source": PurePath(source).name, "error": message})

        records = [r.to_dict() for r in extract_paths(paths, on_error=on_error)]
    for rec in records:  # show the uploaded name, not the temp path
        rec["source"] = PurePath(rec["source"]).name.split("-", 1)[-1]
    return records, failures

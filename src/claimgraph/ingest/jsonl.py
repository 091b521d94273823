"""JSON Lines: one article per line, with ``text`` or ``html`` and optional metadata
(``title``, ``date``/``published``, ``url``, ``source``, ``outlet``, ``id``).

Bad lines (not JSON, JSON nested too deeply, not an object, no text) are yielded as
MalformedInputError with their location ``file:line``; the rest of the file is still read.
A file without a single JSON line is an EmptyInputError. Lone surrogates (``"\ud800"``) in
the strings read are replaced by U+FFFD, offsets unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from claimgraph.clean.html import html_to_document
from claimgraph.clean.unicode import path_text, scrub_surrogates
from claimgraph.errors import (
    ClaimgraphError,
    EmptyInputError,
    InputError,
    MalformedInputError,
    TooLargeError,
)
from claimgraph.ingest.files import decode, input_stat
from claimgraph.models import Document
from claimgraph.settings import get_settings

SUFFIXES = {".jsonl", ".ndjson"}


def _str(value: Any) -> str | None:
    return scrub_surrogates(value).strip() or None if isinstance(value, str) else None


def line_to_document(data: Any, location: str) -> Document:
    """One parsed JSON line -> Document (metadata copied over what HTML extraction found)."""
    if not isinstance(data, dict):
        raise MalformedInputError("not a JSON object", location)
    text, html = data.get("text"), data.get("html")
    source = _str(data.get("source")) or location
    if isinstance(text, str) and text.strip():
        doc = Document(source=source, text=scrub_surrogates(text))
    elif isinstance(html, str) and html.strip():
        doc = html_to_document(scrub_surrogates(html), source=source)
    else:
        raise MalformedInputError("no 'text' or 'html' field", location)
    doc.title = _str(data.get("title")) or doc.title
    doc.published = _str(data.get("published")) or _str(data.get("date")) or doc.published
    doc.url = _str(data.get("url")) or doc.url
    doc.outlet = _str(data.get("outlet")) or _str(data.get("site")) or doc.outlet
    doc.author = _str(data.get("author")) or doc.author
    return doc


def _lines(handle: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of ``handle``; a line longer than ``limit`` bytes is skipped without being
    held in memory, and stands as None (one huge line must not exhaust memory)."""
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):  # drain the rest of the long line
            raw = handle.readline(1 << 20)
        yield None


def read_jsonl(path: Path) -> Iterator[Document | ClaimgraphError]:
    """Documents of a .jsonl file, one per line; bad lines yielded as errors."""
    name = path_text(path)
    try:
        input_stat(path)
        handle = path.open("rb")
    except ClaimgraphError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror}", name)
        return
    lines = 0
    limit = get_settings().max_input_bytes
    with handle:
        for number, raw in enumerate(_lines(handle, limit), start=1):
            location = f"{name}:{number}"
            if raw is None:
                lines += 1
                yield TooLargeError(
                    f"line over the {limit / 1e6:.0f} MB limit (CLAIMGRAPH_MAX_INPUT_BYTES)",
                    location,
                )
                continue
            if not raw.strip():
                continue
            lines += 1
            try:
                line = decode(raw, location)
                data = json.loads(line)
            except ClaimgraphError as exc:
                yield exc
                continue
            except json.JSONDecodeError as exc:
                yield MalformedInputError(f"invalid JSON ({exc.msg}, column {exc.colno})", location)
                continue
            except RecursionError:
                yield MalformedInputError("invalid JSON (nested too deeply)", location)
                continue
            try:
                yield line_to_document(data, location)
            except ClaimgraphError as exc:
                if not getattr(exc, "source", None):
                    exc.source = location  # type: ignore[attr-defined]
                yield exc
    if not lines:
        yield EmptyInputError("no JSON lines: the file is empty", name)

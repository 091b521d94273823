"""Reading files and folders into Documents, with clear errors for bad input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.clean.html import html_to_document
from claimgraph.errors import (
    BinaryInputError,
    ClaimgraphError,
    EmptyInputError,
    EncodingError,
    InputError,
    TooLargeError,
)
from claimgraph.models import Document
from claimgraph.settings import get_settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES


def decode(data: bytes, source: str) -> str:
    """Bytes -> str: UTF-8 (with or without BOM), UTF-16 by BOM; refuse binary data."""
    settings = get_settings()
    if not data.strip():
        raise EmptyInputError("file is empty", source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"invalid UTF-16: {exc.reason}", source) from exc
    head = data[:8192]
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if b"\x00" in head or controls / len(head) > settings.binary_ratio:
        raise BinaryInputError("binary data, not text", source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "convert the file to UTF-8",
            source,
        ) from exc


def read_path(path: Path) -> Document:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source) from exc
    limit = get_settings().max_input_bytes
    if size > limit:
        raise TooLargeError(f"{size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit", source)
    text = decode(path.read_bytes(), source)
    if path.suffix.lower() in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        return html_to_document(text, source=source)
    if not text.strip():
        raise EmptyInputError("file is empty", source)
    return Document(source=source, text=text)


def iter_paths(paths: Iterable[Path]) -> Iterator[Document | ClaimgraphError]:
    """Documents for files and folders (recursively, sorted); errors are yielded, not raised."""
    for path in paths:
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            files = [path]
        for file in files:
            try:
                yield read_path(file)
            except ClaimgraphError as exc:
                yield exc

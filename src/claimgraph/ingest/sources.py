"""Dispatch paths to the right reader: folders, .txt/.html, .jsonl, RSS/Atom, WARC.

``iter_sources(paths)`` yields Documents and, for inputs that cannot be read, errors with
their location (file, file:line, file#entry-N, file@offset); it never raises on bad input.
Only regular files are read: a FIFO or a device named on the command line is reported and
skipped, unopened, as is a path that cannot be looked up (a name too long, no permission).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.clean.unicode import path_text
from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.ingest import feeds, jsonl, warc
from claimgraph.ingest.files import SUFFIXES as FILE_SUFFIXES
from claimgraph.ingest.files import input_stat, read_path
from claimgraph.models import Document

ALL_SUFFIXES = FILE_SUFFIXES | jsonl.SUFFIXES | feeds.SUFFIXES | warc.SUFFIXES | {".gz"}


def _wanted(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    if warc.is_warc(path):
        return True
    return path.suffix.lower() in ALL_SUFFIXES - {".gz"}


def read_any(path: Path) -> Iterator[Document | ClaimgraphError]:
    """Documents of one file, by its kind."""
    try:
        input_stat(path)  # before anything opens it: a FIFO would block
    except ClaimgraphError as exc:
        yield exc
        return
    suffix = path.suffix.lower()
    if warc.is_warc(path):
        yield from warc.read_warc(path)
    elif suffix in jsonl.SUFFIXES:
        yield from jsonl.read_jsonl(path)
    elif suffix in {".rss", ".atom"} or (suffix == ".xml" and _feed_head(path)):
        yield from feeds.read_feed(path)
    else:
        try:
            yield read_path(path)
        except ClaimgraphError as exc:
            yield exc


def _feed_head(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return feeds.looks_like_feed(handle.read(4096))
    except OSError:
        return False


def iter_sources(paths: Iterable[Path | str]) -> Iterator[Document | ClaimgraphError]:
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            yield InputError(f"cannot read: {exc.strerror}", path_text(path))
            continue
        if not exists:
            yield InputError("no such file or directory", path_text(path))
        elif is_dir:
            for file in sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p)):
                yield from read_any(file)
        else:
            yield from read_any(path)

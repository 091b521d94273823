"""WARC files (.warc, .warc.gz) through warcio: response records with an HTML payload become
Documents (URL from WARC-Target-URI, date from WARC-Date, text by html_to_document).

Nothing is lost without a word: a broken record, a record cut short (fewer bytes than its
Content-Length, or a gzip member without its end) and bytes after the last record that could
not be read are yielded as MalformedInputError with their location ``file@offset``; the
records before them are still yielded. An empty file, a file with no WARC record (a text file
named .warc.gz) and one without any HTML response are errors for the file. Records that are
not HTML responses (requests, metadata, images) are counted and logged.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from claimgraph.clean.html import html_to_document
from claimgraph.clean.unicode import path_text
from claimgraph.errors import ClaimgraphError, EmptyInputError, InputError, MalformedInputError
from claimgraph.ingest.files import decode, input_stat
from claimgraph.models import Document

log = logging.getLogger(__name__)

SUFFIXES = {".warc", ".arc"}
GZIP_MAGIC = b"\x1f\x8b"


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def _skip_reason(record: Any, ctype: str) -> str | None:
    """Why a record is not an article (None for an HTML response)."""
    if record.rec_type != "response":
        return f"{record.rec_type} records"
    if "html" not in ctype.lower():
        return f"{ctype.split(';')[0].strip() or 'untyped'} responses"
    return None


def _cut_short(record: Any, records: Any, end: int, size: int) -> str | None:
    """Why ``record`` is incomplete (None when it is whole); call after read_to_end."""
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return f"{missing} bytes of its content are missing"
    decompressor = getattr(records.reader, "decompressor", None)
    if decompressor is not None and not decompressor.eof and end >= size:
        return "its gzip member has no end"
    return None


def read_warc(path: Path) -> Iterator[Document | ClaimgraphError]:
    from warcio.archiveiterator import ArchiveIterator

    name = path_text(path)
    try:
        size = input_stat(path).st_size
        handle = path.open("rb")
    except ClaimgraphError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror}", name)
        return
    with handle:
        if not size:
            yield EmptyInputError("file is empty", name)
            return
        if path.name.lower().endswith(".gz") and handle.read(2) != GZIP_MAGIC:
            yield MalformedInputError("not a WARC file: named .gz but not gzip data", name)
            return
        handle.seek(0)
        records = ArchiveIterator(handle)
        seen, read, end = 0, 0, 0
        skipped: Counter[str] = Counter()
        while True:
            offset = None
            try:
                record = next(records)
                if not seen and record.format != "warc" and ".warc" in path.name.lower():
                    break  # warcio reads any line as an ARC header: a text file is not a WARC
                seen += 1
                http = record.http_headers
                ctype = (http.get_header("Content-Type") if http else "") or ""
                reason = _skip_reason(record, ctype)
                # read the payload before asking for the offset: warcio's get_record_offset()
                # skips to the end of the record
                payload = record.content_stream().read() if reason is None else b""
                offset = records.get_record_offset()
                end = offset + records.get_record_length()
                short = _cut_short(record, records, end, size)
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
            except StopIteration:
                break
            except Exception as exc:
                where = f"{name}@{offset if offset is not None else end}"
                yield MalformedInputError(f"broken or truncated WARC record: {exc}", where)
                return
            location = f"{name}@{offset}"
            if short:
                yield MalformedInputError(f"truncated WARC record: {short}", location)
                return
            if reason is not None:
                skipped[reason] += 1
                continue
            read += 1
            try:
                doc = html_to_document(decode(payload, location), source=url or location)
            except ClaimgraphError as exc:
                yield exc
                continue
            doc.url = url or doc.url
            doc.published = doc.published or date
            doc.outlet = doc.outlet or (urlparse(url).hostname if url else None)
            yield doc
        if not seen:
            yield MalformedInputError("not a WARC file: no WARC record found", name)
            return
        handle.seek(end)
        if handle.read(64).strip():
            yield MalformedInputError(
                f"truncated or corrupt WARC: {size - end} bytes after record {seen} "
                "could not be read",
                f"{name}@{end}",
            )
    why = ", ".join(f"{n} {reason}" for reason, n in skipped.most_common())
    log.info("%s: %d records, %d HTML responses read, skipped: %s", name, seen, read, why or "none")
    if not read:
        yield EmptyInputError(f"no HTML response among {seen} WARC records ({why})", name)

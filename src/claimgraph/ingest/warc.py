"""WARC files (.warc, .warc.gz) through warcio: response records with an HTML payload become
Documents (URL from WARC-Target-URI, date from WARC-Date, text by html_to_document).

A broken record, or a truncated or corrupt file, is yielded as MalformedInputError with its
location ``file@offset`` and reading stops or continues where warcio can.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from claimgraph.clean.html import html_to_document
from claimgraph.errors import ClaimgraphError, InputError, MalformedInputError
from claimgraph.ingest.files import decode
from claimgraph.models import Document

SUFFIXES = {".warc", ".arc"}


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def read_warc(path: Path) -> Iterator[Document | ClaimgraphError]:
    from warcio.archiveiterator import ArchiveIterator

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror}", str(path))
        return
    with handle:
        records = ArchiveIterator(handle)
        while True:
            offset = None
            try:
                record = next(records)
                http = record.http_headers
                ctype = (http.get_header("Content-Type") if http else "") or ""
                wanted = record.rec_type == "response" and "html" in ctype.lower()
                # read the payload before asking for the offset: warcio's get_record_offset()
                # skips to the end of the record
                payload = record.content_stream().read() if wanted else b""
                offset = records.get_record_offset()
                if not wanted:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
            except StopIteration:
                return
            except Exception as exc:
                where = f"{path}@{offset if offset is not None else handle.tell()}"
                yield MalformedInputError(f"broken WARC record: {exc}", where)
                return
            location = f"{path}@{offset}"
            try:
                doc = html_to_document(decode(payload, location), source=url or location)
            except ClaimgraphError as exc:
                yield exc
                continue
            doc.url = url or doc.url
            doc.published = doc.published or date
            doc.outlet = doc.outlet or (urlparse(url).hostname if url else None)
            yield doc

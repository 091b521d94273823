"""Input files of a Spark job -> documents, on the executors, through the readers of
:mod:`claimgraph.ingest` (no pyspark here: these functions are plain Python, tested alone).

A Spark job lists files through Hadoop's file systems (local paths, ``hdfs://``, ``s3a://``
...) and hands each executor the bytes of one input file with its metadata sidecar
(``article.txt.meta.json``). :func:`read_file` writes them under a private temporary folder,
with their own names, and calls :func:`claimgraph.ingest.sources.read_any` there, so every
format, every check and every error message is the single-machine one; the temporary path
is then replaced by the file's location as the user named it (``corpus/a.txt``,
``corpus/feed.jsonl:3``, ``hdfs://nn/crawl.warc.gz@1234``).

Order: each document gets an *order key*, a string that sorts like ``claimgraph ingest``
reads (inputs in the order given, a folder's files sorted by their path parts, items of a
file in file order), so the first of several documents with the same id wins, as in ingest.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import ClaimgraphError
from claimgraph.ingest import warc
from claimgraph.ingest.files import META_SUFFIX
from claimgraph.ingest.sources import ALL_SUFFIXES
from claimgraph.models import Document

#: Between the parts of an order key: sorts below every character of a file name, so keys
#: compare like tuples of path parts (``a/x`` before ``a-b/x``, as ``sorted(Path)`` does)
PART_SEP = "\x00"
#: Between a file's key and the number of an item inside it
ITEM_SEP = "\x01"


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: ``uri`` as the file system lists it, ``source`` as ingest names it
    (the input argument, plus the path below it for a file found in a folder), ``order``
    its place among the inputs."""

    uri: str
    source: str
    order: str


def wanted(name: str) -> bool:
    """Whether a file found in a folder is read (as ``claimgraph ingest`` decides: not
    hidden, a known suffix or a WARC name; metadata sidecars are read with their file)."""
    if name.startswith(".") or name.endswith(META_SUFFIX):
        return False
    path = Path(name)
    if warc.is_warc(path):
        return True
    return path.suffix.lower() in ALL_SUFFIXES - {".gz"}


def input_file(uri: str, root_uri: str, argument: str, index: int) -> InputFile | None:
    """The :class:`InputFile` for ``uri`` listed under the input ``argument`` (resolved by
    the file system to ``root_uri``; the same as ``uri`` when the argument is a file);
    None for a file that ingest would not read from that folder."""
    if uri == root_uri:
        return InputFile(uri, argument, f"{index:06d}")
    rest = uri[len(root_uri) :].lstrip("/") if uri.startswith(root_uri) else uri
    parts = rest.split("/")
    if not wanted(parts[-1]):
        return None
    source = argument.rstrip("/") + "/" + rest if argument.rstrip("/") else rest
    return InputFile(uri, source, f"{index:06d}{PART_SEP}{PART_SEP.join(parts)}")


def sidecar_of(uri: str) -> str | None:
    """The file a metadata sidecar belongs to (None for any other file)."""
    return uri[: -len(META_SUFFIX)] if uri.endswith(META_SUFFIX) else None


@dataclass(slots=True)
class ReadError:
    """An input (or an item of one) that could not be read, with its location."""

    order: str
    source: str
    error: str


def read_file(
    file: InputFile, content: bytes, sidecar: bytes | None
) -> Iterator[tuple[str, Document] | ReadError]:
    """(order key, Document) for every document of one file, or a ReadError with its location;
    never raises on bad input. ``sidecar``: the bytes of its ``.meta.json``, if any."""
    from claimgraph.ingest.sources import read_any

    name = file.uri.rstrip("/").rsplit("/", 1)[-1] or "input"
    folder = tempfile.mkdtemp(prefix="claimgraph-spark-")
    try:
        path = Path(folder) / name
        path.write_bytes(content)
        if sidecar is not None:
            (Path(folder) / (name + META_SUFFIX)).write_bytes(sidecar)
        local = str(path)

        def located(text: str | None) -> str:
            return (text or file.source).replace(local, file.source)

        for n, item in enumerate(read_any(path)):
            order = f"{file.order}{ITEM_SEP}{n:09d}"
            if isinstance(item, ClaimgraphError):
                source = located(getattr(item, "source", None))
                yield ReadError(order, source, located(str(item)))
            else:
                item.source = located(item.source)
                yield order, item
    except OSError as exc:  # the executor's temporary folder: not the input's fault
        yield ReadError(file.order, file.source, f"{file.source}: cannot read: {exc}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

"""Reading files and folders into Documents, with clear errors for bad input.

Decisions on bad input (each raises an :class:`~claimgraph.errors.InputError` subclass that
the CLI prints as one line, without a traceback):

- a file over ``settings.max_input_bytes`` is refused by its size, before it is read;
- an empty (or whitespace-only) file is refused;
- binary data (known file signatures, NUL bytes, many control bytes) is refused;
- only regular files are read: a FIFO, a device (``/dev/zero``) or a socket is refused
  without being opened;
- text that is not UTF-8 is *decoded*, not refused: UTF-32, then UTF-16 by its byte-order
  mark (the UTF-32 little-endian mark starts with the UTF-16 one); UTF-8
  with a few stray bytes keeps UTF-8 and replaces them with U+FFFD; otherwise the encoding
  guessed by ``charset_normalizer`` (Windows-1252 preferred among single-byte Latin code
  pages), else UTF-8 with replacement characters. A warning names what was done, because
  the offsets index the decoded text and a wrong guess garbles some characters.

Metadata for plain text: ``article.txt`` may have a sidecar ``article.txt.meta.json`` with
any of ``title``, ``published``, ``author``, ``outlet``, ``url`` (a header inside the text is
not used: offsets must index the input exactly as given). For HTML the page's own metadata
is used and a sidecar, when present, overrides it. A file whose name is too long for a
sidecar name (``+ .meta.json`` over the system's limit) has none.

Sources and messages name a file by :func:`~claimgraph.clean.unicode.path_text` (bytes of
the name that are not UTF-8 written as ``\xff``), and strings from a sidecar are scrubbed of
lone surrogates, so nothing read here fails to encode later.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.clean.html import html_to_document
from claimgraph.clean.unicode import path_text, scrub_surrogates
from claimgraph.errors import (
    BinaryInputError,
    ClaimgraphError,
    EmptyInputError,
    EncodingError,
    InputError,
    MalformedInputError,
    TooLargeError,
)
from claimgraph.models import Document
from claimgraph.settings import get_settings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}  # folders: only these (and HTML) are read; a named file
# of any suffix is read as text or HTML
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
META_SUFFIX = ".meta.json"
META_FIELDS = ("title", "published", "author", "outlet", "url")

# File signatures of common binary formats that can sit in a folder of articles.
BINARY_SIGNATURES: dict[bytes, str] = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
_BINARY_HEAD = 8192  # bytes inspected for binary content
# English news that is not UTF-8 is almost always Windows-1252; when charset_normalizer's
# guess is another single-byte Latin code page (short texts are ambiguous), cp1252 wins
# if it decodes the bytes.
PREFERRED_SINGLE_BYTE = "cp1252"
_LATIN_SINGLE_BYTE = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3",
    "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
    "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp850", "cp437",
}  # fmt: skip


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    head = data[:_BINARY_HEAD]
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if controls / len(head) > get_settings().binary_ratio:
        return "binary data (control bytes)"
    return None


def decode(data: bytes, source: str) -> str:
    """Bytes -> str. UTF-8 (BOM optional), UTF-32 or UTF-16 by BOM, else a guessed encoding with a
    warning; binary data and empty input are refused."""
    if not data.strip():
        raise EmptyInputError("file is empty", source)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return data.decode("utf-32")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"invalid UTF-32: {exc.reason}", source) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"invalid UTF-16: {exc.reason}", source) from exc
    kind = _binary_kind(data)
    if kind is not None:
        raise BinaryInputError(f"{kind}, not text", source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return _decode_guess(data, source, first_bad)


def _decode_guess(data: bytes, source: str, first_bad: int) -> str:
    from charset_normalizer import from_bytes

    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    multibyte = sum(1 for ch in lossy if ord(ch) > 127) - bad
    if multibyte > bad:
        # mostly UTF-8 with a few stray bytes: a single-byte guess would garble every
        # valid multi-byte character ("Kov\u00c3\u00a1r"), so keep UTF-8 and replace the rest
        log.warning(
            "%s: not valid UTF-8 (byte %d); %d undecodable bytes replaced by U+FFFD",
            source,
            first_bad,
            bad,
        )
        return lossy
    best = from_bytes(data).best()
    if best is not None and best.encoding not in {"utf_8", "utf_8_sig"}:
        encoding, text = best.encoding, str(best)
        if encoding in _LATIN_SINGLE_BYTE and encoding != PREFERRED_SINGLE_BYTE:
            with contextlib.suppress(UnicodeDecodeError):
                encoding, text = PREFERRED_SINGLE_BYTE, data.decode(PREFERRED_SINGLE_BYTE)
        log.warning(
            "%s: not valid UTF-8 (byte %d); decoded as %s. Convert it to UTF-8 if "
            "characters look wrong",
            source,
            first_bad,
            encoding,
        )
        return text
    log.warning(
        "%s: not valid UTF-8 (byte %d); %d undecodable bytes replaced by U+FFFD",
        source,
        first_bad,
        bad,
    )
    return lossy


def read_meta(path: Path) -> dict[str, str]:
    """The sidecar metadata ``<file>.meta.json`` for ``path`` ({} when there is none)."""
    meta_path = path.with_name(path.name + META_SUFFIX)
    name = path_text(meta_path.name)
    try:
        if not stat.S_ISREG(meta_path.stat().st_mode):
            return {}
    except OSError as exc:
        if exc.errno in {errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG}:
            return {}  # no sidecar (a name near the limit cannot have one)
        raise MalformedInputError(
            f"unreadable metadata file {name}: {exc.strerror}", path_text(path)
        ) from exc
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
    except RecursionError as exc:
        raise MalformedInputError(f"{name}: JSON nested too deeply", path_text(path)) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedInputError(
            f"unreadable metadata file {name}: {exc}", path_text(path)
        ) from exc
    if not isinstance(data, dict):
        raise MalformedInputError(f"{name} is not a JSON object", path_text(path))
    return {k: scrub_surrogates(str(data[k])) for k in META_FIELDS if data.get(k) not in (None, "")}


def is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    return text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))


def input_stat(path: Path) -> os.stat_result:
    """``path``'s stat when it is a regular file; InputError otherwise (a FIFO or a device is
    never opened: reading one would block or never end)."""
    source = path_text(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source) from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory (pass it to extract_paths/iter_paths)", source)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{_file_kind(info.st_mode)}, not a regular file: not read", source)
    return info


def check_size(size: int, source: str) -> None:
    """TooLargeError when ``size`` bytes are over ``settings.max_input_bytes``."""
    limit = get_settings().max_input_bytes
    if size > limit:
        raise TooLargeError(
            f"{size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit "
            "(CLAIMGRAPH_MAX_INPUT_BYTES)",
            source,
        )


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def is_dir(path: Path) -> bool:
    """Path.is_dir() that is False (the reader reports why) when the path cannot be stat'ed,
    e.g. a name over the system's length limit."""
    try:
        return path.is_dir()
    except OSError:
        return False


def read_path(path: Path) -> Document:
    """One file -> Document (refusing bad input with a clear InputError)."""
    source = path_text(path)
    check_size(input_stat(path).st_size, source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source) from exc
    text = decode(data, source)
    if not text.strip():
        raise EmptyInputError("file is empty", source)
    meta = read_meta(path)
    if is_html(path, text):
        document = html_to_document(text, source=source)
    else:
        document = Document(source=source, text=text)
    for key, value in meta.items():
        setattr(document, key, value)
    return document


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Input files under ``paths``: folders recursively (sorted, hidden files and metadata
    sidecars skipped, only known suffixes), files as given."""
    for path in paths:
        if is_dir(path):
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


def iter_paths(paths: Iterable[Path]) -> Iterator[Document | ClaimgraphError]:
    """Documents for files and folders (recursively, sorted); errors are yielded, not raised."""
    for file in iter_files(paths):
        try:
            yield read_path(file)
        except ClaimgraphError as exc:
            yield exc

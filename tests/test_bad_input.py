"""Bad input at the file level: each case is refused (or decoded) with a clear message."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.clean.language import check_language
from claimgraph.errors import (
    BinaryInputError,
    ClaimgraphError,
    EmptyInputError,
    InputError,
    MalformedInputError,
    TooLargeError,
    UnsupportedLanguageError,
)
from claimgraph.ingest.files import decode, iter_paths, read_path

ENGLISH = "President Tomas Velk said on Sunday that about 12,000 troops had reached the border.\n"


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\ufeff".encode()])
def test_empty_files_are_refused(tmp_path, data):
    with pytest.raises(EmptyInputError, match="empty"):
        read_path(write(tmp_path / "empty.txt", data))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"PK\x03\x04" + b"\x14\x00" * 50, "ZIP"),
        (b"Velk said\x00\x00\x00 hello" * 10, "NUL"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 100, "control"),
    ],
)
def test_binary_files_are_refused_with_their_kind(tmp_path, data, kind):
    with pytest.raises(BinaryInputError, match=kind):
        read_path(write(tmp_path / "article.txt", data))


def test_latin1_is_decoded_with_a_warning(tmp_path, caplog):
    text = (
        "Caf\u00e9 owners in Halvar said on Sunday that the r\u00e9servists' call-up had "
        "emptied their terraces, and the mayor's office said about 300 caf\u00e9s had closed."
    )
    path = write(tmp_path / "latin1.txt", text.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="claimgraph.ingest.files"):
        doc = read_path(path)
    assert doc.text == text
    assert any("decoded as cp1252" in r.getMessage() for r in caplog.records)


def test_short_cp1252_with_smart_quotes_is_cp1252(tmp_path):
    text = "\u201cWe will rebuild,\u201d Holm said in Kov\u00e1r \u2014 a caf\u00e9 town."
    assert read_path(write(tmp_path / "q.txt", text.encode("cp1252"))).text == text


def test_mostly_utf8_with_a_stray_byte_is_decoded(tmp_path, caplog):
    data = ENGLISH.encode() * 20 + "Kov\u00e1r \u2014 ".encode() + b"\xff" + ENGLISH.encode()
    with caplog.at_level(logging.WARNING, logger="claimgraph.ingest.files"):
        text = decode(data, "x.txt")
    assert "Kov\u00e1r \u2014 \ufffdPresident" in text  # valid UTF-8 kept, the stray byte replaced
    assert any("1 undecodable bytes" in r.getMessage() for r in caplog.records)


def test_utf16_with_bom_and_utf8_with_bom(tmp_path):
    assert read_path(write(tmp_path / "u16.txt", ENGLISH.encode("utf-16"))).text == ENGLISH
    assert read_path(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode())).text == (
        ENGLISH
    )


def test_fifty_megabyte_file_is_refused_by_size_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: no 50 MB written to disk
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(TooLargeError, match=r"50\.0 MB is over the 20 MB limit"):
        read_path(path)


def test_html_with_no_article(tmp_path):
    page = "<html><body><nav><a href='/'>Home</a><a href='/x'>World</a></nav></body></html>"
    with pytest.raises(EmptyInputError, match="no article"):
        read_path(write(tmp_path / "nav.html", page))


def test_html_detected_by_content_in_a_txt_file(tmp_path):
    page = f"<!DOCTYPE html><html><body><article><p>{ENGLISH}</p></article></body></html>"
    doc = read_path(write(tmp_path / "page.txt", page))
    assert doc.media_type == "text/html"
    assert doc.text.strip() == ENGLISH.strip()


def test_sidecar_metadata_for_plain_text(tmp_path):
    path = write(tmp_path / "a.txt", ENGLISH)
    write(
        tmp_path / "a.txt.meta.json",
        '{"title": "Troops", "published": "2026-03-09", "outlet": "Kestrel Wire", "x": 1}',
    )
    doc = read_path(path)
    assert doc.text == ENGLISH  # the text is exactly the file: offsets index it
    assert (doc.title, doc.published, doc.outlet, doc.url) == (
        "Troops",
        "2026-03-09",
        "Kestrel Wire",
        None,
    )


@pytest.mark.parametrize("meta", ["{not json", "[1, 2]"])
def test_broken_sidecar_is_a_clear_error(tmp_path, meta):
    path = write(tmp_path / "a.txt", ENGLISH)
    write(tmp_path / "a.txt.meta.json", meta)
    with pytest.raises(MalformedInputError, match=r"a\.txt\.meta\.json"):
        read_path(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_path(tmp_path)


def test_folder_with_mixed_files_yields_documents_and_errors_in_order(tmp_path):
    write(tmp_path / "a-good.txt", ENGLISH)
    write(tmp_path / "b-empty.txt", b"")
    write(tmp_path / "c-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / "d-page.html", f"<html><body><p>{ENGLISH}</p></body></html>")
    write(tmp_path / "e-notes.json", "{}")  # not an article suffix: ignored
    write(tmp_path / "a-good.txt.meta.json", '{"outlet": "Kestrel Wire"}')  # sidecar: ignored
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "HEAD.txt", ENGLISH)  # hidden: ignored
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "f-good.htm", f"<html><body><p>{ENGLISH}</p></body></html>")
    items = list(iter_paths([tmp_path]))
    kinds = [
        type(i).__name__ if isinstance(i, ClaimgraphError) else Path(i.source).name for i in items
    ]
    assert kinds == ["a-good.txt", "EmptyInputError", "BinaryInputError", "d-page.html",
                     "f-good.htm"]  # fmt: skip
    assert items[0].outlet == "Kestrel Wire"
    assert all(str(e).startswith(str(tmp_path)) for e in items if isinstance(e, Exception))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decode_never_crashes_on_any_bytes(data):
    try:
        text = decode(data, "x.txt")
    except InputError:
        return
    assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_language_check_never_crashes(text):
    try:
        language = check_language(text)
    except UnsupportedLanguageError as exc:
        assert "does not look like English" in str(exc)
    else:
        assert language == "en"

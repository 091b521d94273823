"""Hardening issue, "Prove it": one `claimgraph ingest` over a folder that mixes good
articles with every class of bad input. Each bad input gets one clear line on stderr (no
traceback), the batch goes on, every good file is stored, the exit status is non-zero only
at the end, and nothing already stored changes. All inputs are generated here."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from test_hardening_inputs import _warc

pytestmark = pytest.mark.model

GOOD = [
    "President Tomas Velk said on Monday that about 12,000 troops had reached the border "
    "near Kovar, and the Orlan Herald reported that most of them were reservists.",
    "Defence Minister Ilse Marrow told the Halvar Post that the convoy of 40 trucks had "
    "crossed the Velka bridge on Sunday. She said the road would stay open.",
    "The Sevrian foreign ministry said in a statement that talks would resume next week in "
    "Rennick. Officials there said 300 people had left the town.",
]


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimgraph", "ingest", "--db", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _rows(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        return {r[0]: r for r in conn.execute("SELECT id, text, url, outlet FROM articles")}
    finally:
        conn.close()


def test_a_batch_of_every_bad_input_stores_the_good_and_says_one_line_each(tmp_path):
    db = tmp_path / "store.db"
    first = tmp_path / "first"
    first.mkdir()
    (first / "earlier.txt").write_text(GOOD[0], encoding="utf-8")
    assert _cli(str(first), db=db).returncode == 0
    before = _rows(db)

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good-1.txt").write_text(GOOD[1], encoding="utf-8")
    (batch / "good-2.html").write_text(
        f"<html><body><article><p>{GOOD[2]}</p></article></body></html>", encoding="utf-8"
    )
    (batch / "good-3.txt").write_text(GOOD[0] + "\n" + "=" * 20_000 + "\n", encoding="utf-8")
    lines = [
        json.dumps({"text": GOOD[1] + " Extra.", "url": "https://w.example/1", "source": "wire"}),
        '{"text": "Velk said it was over \\ud800 today, the Herald reported.", "source": "wire"}',
        "[" * 100_000 + "]" * 100_000,
        "not json at all",
    ]
    (batch / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (batch / "empty.jsonl").write_text("", encoding="utf-8")
    (batch / "empty.rss").write_text("", encoding="utf-8")
    # cut inside the fifth record: a cut that falls on a record's edge (two _warc calls
    # differ in length: record ids and dates) leaves a shorter complete WARC, nothing to report
    warc = _warc(8)
    fifth = [i for i in range(len(warc)) if warc.startswith(b"\x1f\x8b\x08", i)][4]
    (batch / "cut.warc.gz").write_bytes(warc[: fifth + 40])
    (batch / "fake.warc.gz").write_text("this is not a warc file", encoding="utf-8")
    (batch / "utf32.txt").write_bytes(GOOD[2].replace("Rennick", "Halvar").encode("utf-32"))
    (batch / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (batch / "russian.txt").write_text("Президент сказал, что войска ушли.", encoding="utf-8")
    (batch / "blank.txt").write_text("   \n", encoding="utf-8")
    meta = batch / "good-1.txt.meta.json"
    meta.write_text('{"outlet": "Halvar \\udc80 Post"}', encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # named on the command line: refused, never opened
    odd = os.fsencode(batch) + b"/caf\xe9.txt"
    with open(odd, "wb") as fh:
        fh.write(b"Tomas Velk said the caf\xc3\xa9 would reopen on Monday in Kovar.")

    done = _cli(str(batch), str(tmp_path / "pipe.txt"), str(tmp_path / "missing.txt"), db=db)
    err = done.stderr
    assert done.returncode != 0  # bad inputs were met: reported at the end
    assert "Traceback" not in err
    for name in ("feed.jsonl:3", "feed.jsonl:4", "empty.jsonl",
                 "empty.rss", "cut.warc.gz", "fake.warc.gz", "image.txt", "russian.txt",
                 "blank.txt", "pipe.txt", "missing.txt"):  # fmt: skip
        hits = [line for line in err.splitlines() if name in line]
        assert len(hits) >= 1, (name, err)
        assert all(len(line) < 500 for line in hits)
    after = _rows(db)
    assert all(after[k] == v for k, v in before.items())  # nothing stored changed
    texts = {row[1] for row in after.values()}
    assert GOOD[1] in texts and any(GOOD[2] in t for t in texts)
    assert any(t.startswith(GOOD[0] + "\n===") for t in texts)  # the punctuation run file
    assert any("\ufffd" in t for t in texts)  # the lone surrogate line, scrubbed in place
    assert any("Halvar" in t and "foreign ministry" in t for t in texts)  # UTF-32
    assert any("caf\u00e9 would reopen" in t for t in texts)  # the odd file name
    assert len(texts) >= len(before) + 6
    again = _cli(str(batch), db=db)  # re-ingest: nothing added, nothing changed
    assert _rows(db) == after
    assert again.returncode != 0 and "Traceback" not in again.stderr

"""Every core: extraction in several processes gives the records of one process, in input
order, and reports bad inputs the same way (corpus engine issue)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import ClaimgraphError, EmptyInputError
from claimgraph.ingest.files import iter_paths
from claimgraph.models import Document
from claimgraph.pipeline import extract_pairs

pytestmark = pytest.mark.model

ARTICLES = Path(__file__).parents[1] / "examples" / "articles"


def _inputs() -> list[Document | ClaimgraphError]:
    items: list[Document | ClaimgraphError] = list(iter_paths([ARTICLES]))[:10]
    items.insert(3, EmptyInputError("file is empty", "blank.txt"))
    items.insert(6, Document(source="russian.txt", text="Президент сказал, что войска ушли."))
    return items


def _run(jobs: int) -> tuple[list[dict], list[str]]:
    errors: list[str] = []
    records = [
        r.to_dict()
        for _, r in extract_pairs(_inputs(), on_error=lambda s, e: errors.append(s), jobs=jobs)
    ]
    return records, errors


def test_two_processes_give_the_records_of_one(monkeypatch):
    monkeypatch.setattr("claimgraph.pipeline.PARALLEL_MIN_DOCUMENTS", 4)
    serial, serial_errors = _run(1)
    parallel, parallel_errors = _run(2)
    assert [r["source"] for r in parallel] == [r["source"] for r in serial]
    assert parallel == serial
    assert sorted(parallel_errors) == sorted(serial_errors) == ["blank.txt", "russian.txt"]


def test_a_small_batch_is_extracted_without_a_pool(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for three documents")

    monkeypatch.setattr("claimgraph.pipeline._extract_parallel", no_pool)
    docs = list(iter_paths([ARTICLES]))[:3]
    assert len(list(extract_pairs(docs, jobs=4))) == 3


def test_ingest_workers_option_stores_the_same_rows(tmp_path):
    """`claimgraph ingest --workers 2` stores what one worker stores: the same article ids
    and statements, whatever the number of worker processes."""
    import sqlite3

    from click.testing import CliRunner

    from claimgraph.serve.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(ARTICLES.glob("2026-03-09-*"))[:5]:
        (folder / path.name).write_bytes(path.read_bytes())
    rows = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        result = CliRunner().invoke(
            cli,
            ["ingest", str(folder), "--db", f"sqlite:///{db}", "--workers", str(workers), "-q"],
        )
        assert result.exit_code == 0, result.output
        with sqlite3.connect(db) as conn:
            rows[workers] = (
                conn.execute("SELECT id FROM articles ORDER BY id").fetchall(),
                conn.execute(
                    'SELECT id, speaker, cue, content, start, "end" FROM statements ORDER BY 1'
                ).fetchall(),
            )
    assert rows[1][0] and rows[1] == rows[2]


def test_a_document_extracted_twice_keeps_one_copy_of_each_boilerplate_range():
    """prepare() marks boilerplate on the document in place: extracting the same Document
    object again (a retry, a second run over the same list) must not double its ranges."""
    from claimgraph.pipeline import extract_document

    text = (
        "Mara Velk said the Dovren bridge would reopen in May, after the spring floods.\n\n"
        "Image: Ana Toll.\n\n"
        "The council will vote on the repairs on Monday, the mayor's office said."
    )
    doc = Document(source="twice.txt", text=text)
    first = extract_document(doc).to_dict()
    second = extract_document(doc).to_dict()
    assert first["removed"], "the photo credit is boilerplate"
    assert second == first


def test_rows_are_built_in_the_workers(monkeypatch):
    """``finish`` runs where each record is made: with two workers the store's rows come
    back built (the writer only runs SQL), equal to those built in one process."""
    from claimgraph.corpus import prepare_stored
    from claimgraph.store.rows import PreparedRecord

    monkeypatch.setattr("claimgraph.pipeline.PARALLEL_MIN_DOCUMENTS", 4)

    def run(jobs: int) -> list[PreparedRecord]:
        return [
            p
            for _, p in extract_pairs(
                _inputs(), on_error=lambda s, e: None, jobs=jobs, finish=prepare_stored
            )
        ]

    serial, parallel = run(1), run(2)
    assert all(isinstance(p, PreparedRecord) for p in parallel)
    assert len(parallel) == len(serial) == 10
    strip = lambda p: (p.id, {k: len(v) for k, v in p.rows.items()}, p.rows["statements"])  # noqa: E731
    assert [strip(p) for p in parallel] == [strip(p) for p in serial]


def _explode_on_lusk(document, record):
    """Stands for a defect met on one document only (``finish`` runs where the record is
    made: in this process or in a spawned worker, which imports this module)."""
    if "Lusk" in document.text:
        raise IndexError("a span past the end of the document")
    return record


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_defect_on_one_document_is_reported_and_the_batch_goes_on(monkeypatch, jobs):
    """An unexpected exception while extracting one document (a bug, not bad input) is that
    document's error with its source, in one process and in workers; the others are
    extracted."""
    docs = [
        Document(
            source="a.txt", text="Minister Orvel Tann said the border crossing at Rennick reopened."
        ),
        Document(source="lusk.txt", text="Lusk officials said 40 trucks had crossed the border."),
        Document(source="c.txt", text="The Halvar Post reported that the talks would resume."),
    ]
    monkeypatch.setattr("claimgraph.pipeline.PARALLEL_MIN_DOCUMENTS", 2)
    errors: list[tuple[str, str]] = []
    pairs = extract_pairs(
        docs, on_error=lambda s, e: errors.append((s, str(e))), jobs=jobs, finish=_explode_on_lusk
    )
    assert [d.source for d, _ in pairs] == ["a.txt", "c.txt"]
    assert [s for s, _ in errors] == ["lusk.txt"]
    assert "internal error while extracting (IndexError" in errors[0][1]

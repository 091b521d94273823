"""Batched ingest: a run killed half-way keeps its committed batches; the rerun completes."""

from __future__ import annotations

import pytest

from claimgraph.corpus import ingest_documents
from claimgraph.models import Document, Record
from claimgraph.store import open_store


def _docs(n: int) -> list[Document]:
    return [
        Document(
            source=f"wire-{i}.txt",
            text=f"Officials in Kovar said on day {i} that the Velka bridge {i} had reopened.",
            outlet="Kestrel Wire",
            published=f"2026-03-{1 + i % 28:02d}",
        )
        for i in range(n)
    ]


class Killed(BaseException):
    """Stands for SIGINT/SIGKILL arriving mid-run."""


def fake_extract(kill_after: int | None, seen: list[str]):
    def extract_pairs(documents, on_error=None, jobs=None, finish=None):
        for n, doc in enumerate(documents):
            if kill_after is not None and n == kill_after:
                raise Killed
            seen.append(doc.source)
            record = Record(
                source=doc.source,
                text=doc.text,
                published=doc.published,
                outlet=doc.outlet,
                extractor="fake 1",
            )
            yield doc, (record if finish is None else finish(doc, record))

    return extract_pairs


def test_killed_ingest_resumes_without_loss_or_repeat(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_INGEST_BATCH_SIZE", "10")
    from claimgraph.settings import get_settings

    get_settings.cache_clear()
    try:
        store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
        seen: list[str] = []
        monkeypatch.setattr("claimgraph.pipeline.extract_pairs", fake_extract(25, seen))
        with pytest.raises(Killed):
            ingest_documents(store, _docs(40))
        committed = store.counts()["articles"]
        assert committed == 20  # two full batches of 10; the third was not committed
        seen.clear()
        monkeypatch.setattr("claimgraph.pipeline.extract_pairs", fake_extract(None, seen))
        report = ingest_documents(store, _docs(40))
        assert report["added"] == 20 and report["skipped_existing"] == 20
        assert len(seen) == 20  # stored documents are not extracted again
        assert store.counts()["articles"] == 40
        store.close()
    finally:
        get_settings.cache_clear()


def test_reextract_replaces_rows_of_older_versions(tmp_path, monkeypatch):
    from claimgraph.corpus import reextract

    store = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    monkeypatch.setattr("claimgraph.pipeline.extract_pairs", fake_extract(None, []))
    ingest_documents(store, _docs(5))
    ids = {a["id"] for a in store.articles(limit=10)["items"]}
    monkeypatch.setattr("claimgraph.pipeline.extractor_version", lambda: "fake 2")

    def newer(documents, on_error=None, jobs=None, finish=None):
        for doc, record in fake_extract(None, [])(documents, on_error):
            record.extractor = "fake 2"
            yield doc, (record if finish is None else finish(doc, record))

    monkeypatch.setattr("claimgraph.pipeline.extract_pairs", newer)
    report = reextract(store)
    assert report["reextracted"] == 5 and not report["failed"]
    items = store.articles(limit=10)["items"]
    assert {a["id"] for a in items} == ids  # same content-hash ids, rows replaced
    assert {a["extractor"] for a in items} == {"fake 2"}
    assert reextract(store)["reextracted"] == 0
    store.close()


def _wire_lines() -> list[Document]:
    """Five lines of one JSONL file: one ``source`` (the container), five URLs and texts."""
    return [
        Document(
            source="wire",
            text=f"Officials in Kovar said item {i} of the wire was about bridge {i}.",
            outlet="Kestrel Wire",
            url=f"https://wire.example/item-{i}",
        )
        for i in range(5)
    ]


@pytest.mark.parametrize("backend", ["ingest", "reextract"])
def test_documents_sharing_a_source_keep_their_own_id_and_url(tmp_path, monkeypatch, backend):
    """Hardening issue, defect 1: pending ids and URLs were keyed by ``Document.source``."""
    from claimgraph.corpus import document_id, reextract

    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    monkeypatch.setattr("claimgraph.pipeline.extract_pairs", fake_extract(None, []))
    docs = _wire_lines()
    assert ingest_documents(store, docs)["added"] == 5
    if backend == "reextract":
        monkeypatch.setattr("claimgraph.pipeline.extractor_version", lambda: "fake 2")
        assert reextract(store)["reextracted"] == 5
    items = store.articles(limit=10)["items"]
    assert {a["id"]: a["url"] for a in items} == {document_id(d): d.url for d in docs}
    by_url = {a["url"]: a["id"] for a in items}
    for doc in docs:
        full = store.article(by_url[doc.url])
        assert full is not None and full["text"] == doc.text
    seen: list[str] = []
    monkeypatch.setattr("claimgraph.pipeline.extract_pairs", fake_extract(None, seen))
    report = ingest_documents(store, _wire_lines())
    assert report == {"added": 0, "skipped_existing": 5, "failed": []}
    assert seen == []  # nothing extracted again
    assert store.counts()["articles"] == 5
    store.close()


def test_rows_built_in_the_workers_equal_rows_built_by_the_store(tmp_path):
    """add_prepared (rows made where the record was extracted) stores what add_records
    stores, skips stored ids, and a record that cannot make rows is a failure of its own."""
    from claimgraph.store.rows import prepare_rows

    records = [
        {
            "source": f"s{i}",
            "text": f"Minister Orvel Tann said {i} convoys crossed.",
            "outlet": "Halvar Post",
        }
        for i in range(3)
    ]
    one = open_store(f"sqlite:///{tmp_path}/one.db")
    two = open_store(f"sqlite:///{tmp_path}/two.db")
    assert one.add_records(records)["added"] == 3
    report = two.add_prepared([prepare_rows(r) for r in records])
    assert report == {"added": 3, "skipped_existing": 0, "failed": []}
    again = two.add_prepared([prepare_rows(r) for r in records[:2]])
    assert again["added"] == 0 and again["skipped_existing"] == 2
    export = lambda s: [a for a in s.articles(limit=10)["items"]]  # noqa: E731
    assert [(a["id"], a["title"]) for a in export(one)] == [
        (a["id"], a["title"]) for a in export(two)
    ]
    mixed = one.add_records([*records, {"source": "bad", "text": "   "}])
    assert mixed["skipped_existing"] == 3
    assert [f["source"] for f in mixed["failed"]] == ["bad"]

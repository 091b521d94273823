"""Ingest: paths -> documents -> records -> store, in transactional batches.

Documents whose id is already stored are skipped before extraction, so a run that was
killed half-way resumes where it stopped (every committed batch stays) and re-ingesting adds
nothing. Bad inputs go to ``on_error`` with their location and are skipped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.batches import chunks
from claimgraph.errors import ClaimgraphError
from claimgraph.models import Document, Record
from claimgraph.settings import get_settings
from claimgraph.store.rows import PreparedRecord, article_id, prepare_rows

if TYPE_CHECKING:
    from claimgraph.store.sql import SQLStore

ErrorHandler = Callable[[str, ClaimgraphError], None]


def document_id(doc: Document) -> str:
    return article_id({"outlet": doc.outlet, "url": doc.url, "text": doc.text})


def prepare_stored(document: Document, record: Record) -> PreparedRecord:
    """A record as the store takes it (``extract_pairs``' ``finish``). A record's identity
    is its input document's content id (text, outlet, URL), never its container: the lines
    of one JSONL file or feed share a ``source``."""
    data = record.to_dict()
    data["url"] = document.url
    data["id"] = document_id(document)
    try:
        return prepare_rows(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ClaimgraphError(f"bad record: {exc}") from exc


def ingest_documents(
    store: SQLStore,
    documents: Iterable[Document | ClaimgraphError],
    *,
    on_error: ErrorHandler | None = None,
    progress: bool = False,
    jobs: int | None = None,
) -> dict[str, Any]:
    """Extract and store documents; returns {"added", "skipped_existing", "failed"}.
    ``jobs`` > 1 extracts in that many processes (records stored in input order)."""
    from tqdm import tqdm

    from claimgraph.pipeline import extract_pairs

    settings = get_settings()
    report: dict[str, Any] = {"added": 0, "skipped_existing": 0, "failed": []}

    def fail(source: str, exc: ClaimgraphError) -> None:
        report["failed"].append({"source": source, "error": str(exc)})
        if on_error is not None:
            on_error(source, exc)

    bar = tqdm(desc="ingest", unit="article", file=sys.stderr, disable=not progress)

    def new_documents() -> Iterator[Document | ClaimgraphError]:
        for batch in chunks(documents, settings.ingest_batch_size):
            docs = [d for d in batch if isinstance(d, Document)]
            ids = {id(d): document_id(d) for d in docs}
            existing = store.has_articles(list(ids.values())) if ids else set()
            for item in batch:
                if not isinstance(item, Document):
                    bar.update(1)
                    yield item
                elif ids[id(item)] in existing:
                    report["skipped_existing"] += 1
                    bar.update(1)
                else:
                    existing.add(ids[id(item)])
                    yield item

    def prepared() -> Iterator[PreparedRecord]:
        # Each record's rows are built where it was extracted (prepare_stored: in the
        # worker processes when jobs > 1), so the one writer here only runs SQL.
        for _document, item in extract_pairs(
            new_documents(), on_error=fail, jobs=jobs, finish=prepare_stored
        ):
            bar.update(1)
            yield item

    try:
        for batch in chunks(prepared(), settings.ingest_batch_size):
            result = store.add_prepared(batch)
            report["added"] += result["added"]
            report["skipped_existing"] += result["skipped_existing"]
            for failure in result["failed"]:
                report["failed"].append(failure)
                if on_error is not None:
                    on_error(failure["source"], ClaimgraphError(failure["error"]))
    finally:
        bar.close()
    return report


def ingest_paths(
    store: SQLStore,
    paths: Iterable[Path | str],
    *,
    on_error: ErrorHandler | None = None,
    progress: bool = False,
    jobs: int | None = None,
) -> dict[str, Any]:
    from claimgraph.ingest.sources import iter_sources

    return ingest_documents(
        store, iter_sources(paths), on_error=on_error, progress=progress, jobs=jobs
    )


def reextract(
    store: SQLStore, *, on_error: ErrorHandler | None = None, progress: bool = False
) -> dict[str, Any]:
    """Re-extract stored articles made by another extractor version (text kept as stored)."""
    from tqdm import tqdm

    from claimgraph.pipeline import extract_pairs, extractor_version

    version = extractor_version()
    report: dict[str, Any] = {"reextracted": 0, "failed": []}

    def fail(source: str, exc: ClaimgraphError) -> None:
        report["failed"].append({"source": source, "error": str(exc)})
        if on_error is not None:
            on_error(source, exc)

    bar = tqdm(desc="re-extract", unit="article", file=sys.stderr, disable=not progress)
    try:
        for stale in store.stale_articles(version, batch=get_settings().ingest_batch_size):
            docs = [
                Document(
                    source=r["source"],
                    text=r["text"],
                    title=r.get("title"),
                    published=r.get("published"),
                    author=r.get("author"),
                    outlet=r.get("outlet"),
                    url=r.get("url"),
                )
                for r in stale
            ]
            rows = {id(doc): row for doc, row in zip(docs, stale, strict=True)}
            fresh = []
            for document, record in extract_pairs(docs, on_error=fail):
                old = rows[id(document)]
                fresh.append({**record.to_dict(), "id": old["id"], "url": old.get("url")})
            store.replace_records(fresh)
            report["reextracted"] += len(fresh)
            bar.update(len(stale))
    finally:
        bar.close()
    return report

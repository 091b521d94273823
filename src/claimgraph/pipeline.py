"""Orchestration only: document in, record out. Each stage is a function in its package.

read (ingest/) -> clean (clean/) -> parse (nlp/) -> extract (extract/) -> Record
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.clean.boilerplate import find_boilerplate
from claimgraph.clean.html import html_to_document
from claimgraph.clean.language import check_language
from claimgraph.errors import ClaimgraphError, ExtractionError
from claimgraph.extract.dates import extract_dates
from claimgraph.extract.entities import build_entities
from claimgraph.extract.events import extract_events
from claimgraph.extract.flags import find_flags
from claimgraph.extract.quantities import extract_quantities
from claimgraph.extract.ranges import RangeIndex
from claimgraph.extract.statements import extract_statements
from claimgraph.ingest.files import iter_paths, read_path
from claimgraph.models import DateRef, Document, Record, Span, Statement
from claimgraph.nlp import load_nlp, mask_ranges, model_name, parse, parse_pairs, pathological_runs
from claimgraph.settings import get_settings
from claimgraph.version import __version__

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str, ClaimgraphError], None]


def extractor_version() -> str:
    return f"claimgraph {__version__}; {model_name()}"


def prepare(document: Document) -> Document:
    """Check the language and mark boilerplate (ranges only: the text is never changed)."""
    check_language(document.text, source=document.source)
    # idempotent: a document prepared twice (the same object extracted again) keeps one copy
    # of each range
    have = {(r.start, r.end, r.reason) for r in document.removed}
    found = [r for r in find_boilerplate(document.text) if (r.start, r.end, r.reason) not in have]
    document.removed = sorted([*document.removed, *found], key=lambda r: r.start)
    return document


def analyse(document: Document, doc: Doc) -> Record:
    """Run the extractors over a parsed document (``doc`` parses the masked text)."""
    entities = build_entities(doc)
    statements = extract_statements(doc, entities)
    quantities = extract_quantities(doc, statements)
    dates = extract_dates(doc, document.published)
    _attach_dates(statements, dates)
    events = extract_events(doc, entities, statements, quantities, dates, document.published)
    record = Record(
        source=document.source,
        text=document.text,
        title=document.title,
        published=document.published,
        author=document.author,
        outlet=document.outlet,
        language=document.language,
        removed=document.removed,
        entities=entities.entities,
        statements=statements,
        quantities=quantities,
        events=events,
        dates=dates,
        extractor=extractor_version(),
    )
    record.flags = find_flags(record, doc, entities)
    _requote_spans(record, doc.text)
    return record


def _requote_spans(record: Record, masked: str) -> None:
    """Trim every span of whitespace in the parsed (masked) text and quote the record text.

    Extractors read the masked text the parser saw; a span that runs into masked boilerplate
    or trailing whitespace (a sentence followed by a blank line) would otherwise quote the
    mask instead of the record text. Applied to the whole record, so every stage gets it.
    """
    text = record.text

    def walk(node: Any) -> Any:
        if isinstance(node, Span):
            start, end = node.start, node.end
            while end > start and masked[end - 1].isspace():
                end -= 1
            while start < end and masked[start].isspace():
                start += 1
            return Span(start, end, text[start:end])
        if isinstance(node, list):
            node[:] = [walk(item) for item in node]
        elif isinstance(node, dict):
            for key, value in node.items():
                node[key] = walk(value)
        elif is_dataclass(node) and not isinstance(node, type):
            for f in fields(node):
                value = getattr(node, f.name)
                if isinstance(value, Span | list | dict) or is_dataclass(value):
                    setattr(node, f.name, walk(value))
        return node

    for name in ("statements", "quantities", "events", "dates", "flags"):
        walk(getattr(record, name))


def _attach_dates(statements: list[Statement], dates: list[DateRef]) -> None:
    """Give each statement the time expressions inside its content or its sentence."""
    index = RangeIndex(dates, key=lambda d: (d.span.start, d.span.end))
    for statement in statements:
        scope = statement.sentence or statement.content
        statement.dates = index.within(scope.start, scope.end)


def _masked(document: Document) -> str:
    """The text the parser sees: boilerplate and pathological punctuation runs blanked."""
    ranges = [(r.start, r.end) for r in document.removed]
    ranges.extend(pathological_runs(document.text))
    return mask_ranges(document.text, ranges)


def warm_up() -> None:
    """Load what the first extraction would otherwise load: the spaCy pipeline, the cue model
    and the gazetteer (a server calls this at start, so its first request is not slow)."""
    from claimgraph.geo import lookup

    extract_text("President Tomas Velk said on Sunday that 40 trucks had reached Kyiv.")
    lookup("Kyiv")


def extract_document(document: Document) -> Record:
    document = prepare(document)
    return analyse(document, parse(load_nlp(), _masked(document)))


def extract_text(
    text: str,
    *,
    source: str = "<text>",
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> Record:
    """Extract a record from plain text; every offset indexes ``text`` exactly as given."""
    return extract_document(
        Document(source=source, text=text, title=title, published=published, outlet=outlet)
    )


def extract_html(html: str, *, source: str = "<html>") -> Record:
    """Extract a record from an HTML page; offsets index the extracted article text."""
    return extract_document(html_to_document(html, source=source))


def extract_path(path: str | Path) -> Record:
    return extract_document(read_path(Path(path)))


def extract_documents(
    documents: Iterable[Document | ClaimgraphError],
    on_error: ErrorHandler | None = None,
) -> Iterator[Record]:
    """Stream records for many documents through ``nlp.pipe``; memory stays flat.

    Items that are errors (or fail preparation) go to ``on_error`` and are skipped.
    """
    return (record for _, record in extract_pairs(documents, on_error))


def extract_pairs(
    documents: Iterable[Document | ClaimgraphError],
    on_error: ErrorHandler | None = None,
    *,
    jobs: int | None = None,
    finish: Callable[[Document, Record], Any] | None = None,
) -> Iterator[tuple[Document, Any]]:
    """Like :func:`extract_documents`, with each record's input document beside it.

    Callers that keep per-document state (a store id, a URL) key it by the document, never
    by ``Document.source``: many JSONL lines or feed items share one container name.
    ``jobs`` > 1 (default ``settings.n_process``) extracts in that many worker processes;
    records come back in input order, identical to a single process.

    ``finish(document, record)`` (a module-level function: it is sent to the workers) runs
    where the record was made and its result is yielded in the record's place: the work a
    single consumer would otherwise do for every record (the store's rows) is spread over
    the workers. A :class:`ClaimgraphError` it raises goes to ``on_error``.
    """
    settings = get_settings()
    jobs = jobs if jobs is not None else settings.n_process
    if jobs > 1:
        # a pool costs each worker a model load (seconds): only for batches worth it
        items = iter(documents)
        head = list(itertools.islice(items, PARALLEL_MIN_DOCUMENTS))
        if len(head) == PARALLEL_MIN_DOCUMENTS:
            yield from _extract_parallel(itertools.chain(head, items), on_error, jobs, finish)
            return
        documents = head

    def prepared() -> Iterator[tuple[str, Document]]:
        for item in documents:
            if isinstance(item, ClaimgraphError):
                _report(on_error, getattr(item, "source", None) or "?", item)
                continue
            try:
                doc = prepare(item)
            except ClaimgraphError as exc:
                _report(on_error, item.source, exc)
                continue
            yield _masked(doc), doc

    nlp = load_nlp()
    for parsed, document in parse_pairs(nlp, prepared(), settings.batch_size):
        try:
            record = analyse(document, parsed)
            result = record if finish is None else finish(document, record)
        except ClaimgraphError as exc:
            _report(on_error, document.source, exc)
            continue
        except Exception as exc:  # a defect on one document must not end the batch
            log.warning("extracting %s failed", document.source, exc_info=True)
            _report(on_error, document.source, ExtractionError.of(exc, document.source))
            continue
        yield document, result


#: Fewer input documents than this are extracted in this process even when jobs > 1
PARALLEL_MIN_DOCUMENTS = 64
#: Documents handed to the workers ahead of the one awaited, per worker (keeps all busy
#: while bounding memory)
PARALLEL_AHEAD = 8


def _extract_parallel(
    documents: Iterable[Document | ClaimgraphError],
    on_error: ErrorHandler | None,
    jobs: int,
    finish: Callable[[Document, Record], Any] | None = None,
) -> Iterator[tuple[Document, Any]]:
    """Extraction in ``jobs`` processes that each load the model once. Documents are handed
    out from this thread (the input may read a store) and collected in input order."""
    import multiprocessing
    from collections import deque

    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    with context.Pool(jobs, initializer=_worker_init) as pool:
        pending: deque[Any] = deque()

        def collect() -> Iterator[tuple[Document, Any]]:
            done = pending.popleft().get()
            if isinstance(done, ClaimgraphError):
                _report(on_error, getattr(done, "source", None) or "?", done)
            else:
                yield done

        for item in documents:
            if isinstance(item, ClaimgraphError):
                _report(on_error, getattr(item, "source", None) or "?", item)
                continue
            pending.append(pool.apply_async(_extract_in_worker, (item, finish)))
            while len(pending) >= jobs * PARALLEL_AHEAD:
                yield from collect()
        while pending:
            yield from collect()


def _worker_init() -> None:
    load_nlp()


def _extract_in_worker(
    document: Document, finish: Callable[[Document, Record], Any] | None = None
) -> tuple[Document, Any] | ClaimgraphError:
    try:
        record = extract_document(document)  # prepare() marks the document in place
        return document, (record if finish is None else finish(document, record))
    except ClaimgraphError as exc:
        if not getattr(exc, "source", None):
            exc.source = document.source  # type: ignore[attr-defined]
        return exc
    except Exception as exc:  # a defect on one document must not end the batch
        log.warning("extracting %s failed", document.source, exc_info=True)
        return ExtractionError.of(exc, document.source)


def extract_paths(
    paths: Iterable[str | Path], on_error: ErrorHandler | None = None
) -> Iterator[Record]:
    """Records for files and folders (.txt, .html, .htm), skipping bad inputs via on_error."""
    return extract_documents(iter_paths(Path(p) for p in paths), on_error)


def _report(on_error: ErrorHandler | None, source: str, exc: ClaimgraphError) -> None:
    if on_error is None:
        raise exc
    on_error(source, exc)

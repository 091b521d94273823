"""Exports of the list views as flat rows: CSV or JSON, for the web (``/export/<view>.csv``)
and the CLI (``claimgraph statements --format csv``).

A row names things (speaker and entity names, outlet, article title), never only ids; a
statement row carries its sentence, its offsets in the article text, the article's page
and its original URL. Rows are read a page at a time through the same data functions as
the pages, up to ``EXPORT_MAX`` rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from claimgraph.serve.app import data
from claimgraph.settings import get_settings
from claimgraph.store.base import Store

EXPORT_MAX = 10_000  # rows in one export (narrow the filters for more)

STATEMENT_COLUMNS = (
    "id", "published", "outlet", "speaker", "speaker_as_written", "speaker_entity", "cue",
    "content", "kind", "modality", "has_number", "sentence", "start", "end",
    "sentence_start", "sentence_end", "article_id", "article_title", "article_page",
    "original_url", "claim", "speaker_corrected", "marked_wrong", "correction",
)  # fmt: skip
CLAIM_COLUMNS = (
    "id", "label", "kind", "n_sources", "n_articles", "first_published", "last_published",
    "contradicted", "speakers", "page",
)  # fmt: skip
ARTICLE_COLUMNS = (
    "id", "published", "outlet", "title", "original_url", "page", "n_statements",
    "n_quantities", "n_entities", "duplicate_of", "story",
)  # fmt: skip
ENTITY_COLUMNS = (
    "id", "name", "type", "n_articles", "n_mentions", "first_seen", "last_seen", "aliases",
    "page", "correction",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "published", "date", "type", "trigger", "actor", "target", "place", "admin1",
    "country", "lat", "lon", "modality", "outlet", "article_id", "article_page", "statement",
)  # fmt: skip


def statement_row(s: dict[str, Any]) -> dict[str, Any]:
    raw = s.get("sentence")
    sentence: dict[str, Any] = raw if isinstance(raw, dict) else {}
    return {
        "id": s.get("id"),
        "published": s.get("published"),
        "outlet": s.get("outlet"),
        "speaker": s.get("speaker_name") or s.get("speaker"),
        "speaker_as_written": s.get("speaker_mention") or s.get("speaker"),
        "speaker_entity": s.get("speaker_entity"),
        "cue": s.get("cue"),
        "content": s.get("content"),
        "kind": s.get("kind"),
        "modality": s.get("modality"),
        "has_number": bool(s.get("has_number")),
        "sentence": sentence.get("text"),
        "start": s.get("start"),
        "end": s.get("end"),
        "sentence_start": sentence.get("start"),
        "sentence_end": sentence.get("end"),
        "article_id": s.get("article_id"),
        "article_title": s.get("title"),
        "article_page": s.get("article_url"),
        "original_url": s.get("original_url"),
        "claim": s.get("claim"),
        "speaker_corrected": bool(s.get("speaker_corrected")),
        "marked_wrong": bool(s.get("marked_wrong")),
        "correction": "; ".join(
            f"{c['author']} ({(c.get('created_at') or '')[:10]}): {c['reason']}"
            for c in (s.get("speaker_corrected"), s.get("marked_wrong"))
            if isinstance(c, dict)
        ),
    }


def claim_row(c: dict[str, Any]) -> dict[str, Any]:
    speakers = [str(x) for x in c.get("speakers") or [] if x]
    return {
        "id": c.get("id"),
        "label": c.get("label"),
        "kind": c.get("kind"),
        "n_sources": c.get("n_sources"),
        "n_articles": c.get("n_articles"),
        "first_published": c.get("first_published"),
        "last_published": c.get("last_published"),
        "contradicted": bool(c.get("contradicted")),
        "speakers": "; ".join(speakers),
        "page": c.get("url"),
    }


def article_row(a: dict[str, Any]) -> dict[str, Any]:
    row = {k: a.get(k) for k in ARTICLE_COLUMNS}
    row.update(page=a.get("page"))
    return row


def entity_row(e: dict[str, Any]) -> dict[str, Any]:
    row = {k: e.get(k) for k in ENTITY_COLUMNS}
    row.update(
        aliases="; ".join(e.get("aliases") or []),
        page=e.get("url"),
        correction="; ".join(e.get("corrections") or []),  # standing merges and splits
    )
    return row


def event_row(e: dict[str, Any]) -> dict[str, Any]:
    row = {k: e.get(k) for k in EVENT_COLUMNS}
    row.update(
        actor=e.get("actor_name") or e.get("actor"),
        target=e.get("target_name") or e.get("target"),
        article_page=e.get("url"),
        statement=e.get("statement_id"),
    )
    return row


def _articles(store: Store, **filters: Any) -> dict[str, Any]:
    page = data.article_list(store, **filters)
    for a in page["items"]:
        a["page"] = a.get("url")
    return page


# view -> (data function, row builder, columns, filters it takes)
VIEWS: dict[str, tuple[Callable[..., dict[str, Any]], Callable[..., dict[str, Any]],
                       tuple[str, ...], tuple[str, ...]]] = {
    "statements": (data.statement_list, statement_row, STATEMENT_COLUMNS,
                   ("q", "speaker", "entity", "about", "outlet", "since", "until", "kind",
                    "modality", "has_number", "sort")),
    "claims": (data.claim_list, claim_row, CLAIM_COLUMNS, ("about", "since")),
    "articles": (_articles, article_row, ARTICLE_COLUMNS, ("q", "story", "since", "until")),
    "entities": (data.entity_list, entity_row, ENTITY_COLUMNS, ("q", "type")),
    "events": (data.event_list, event_row, EVENT_COLUMNS,
               ("type", "actor", "near", "since", "until")),
}  # fmt: skip


def rows(
    store: Store, view: str, *, limit: int = EXPORT_MAX, **filters: Any
) -> Iterator[dict[str, Any]]:
    """The rows of a list view under ``filters`` (unknown ones ignored), at most ``limit``
    (and EXPORT_MAX), read a page at a time."""
    fetch, build, _columns, accepted = VIEWS[view]
    wanted = {k: v for k, v in filters.items() if k in accepted and v not in (None, "")}
    limit = max(0, min(limit, EXPORT_MAX))
    size = get_settings().web_max_page_size
    offset = 0
    while offset < limit:
        page = fetch(store, **wanted, limit=min(size, limit - offset), offset=offset)
        items = page["items"]
        for item in items:
            yield build(item)
        if len(items) < min(size, limit - offset):
            return
        offset += len(items)


def columns(view: str) -> tuple[str, ...]:
    return VIEWS[view][2]


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _number(value):
        return "'" + value  # a spreadsheet would run it as a formula
    return value


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def as_csv(view: str, found: Iterator[dict[str, Any]]) -> Iterator[str]:
    """CSV text, a chunk per row (header first)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns(view)), extrasaction="ignore")
    writer.writeheader()
    for row in found:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def as_json(found: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One JSON array, written a row at a time."""
    yield "["
    for i, row in enumerate(found):
        yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"

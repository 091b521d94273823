"""Export the store: records as JSON Lines, or flat tables as CSV / Parquet.

Rows stream in keyset-paginated chunks, so memory stays flat for any corpus size (Parquet is
written one row group per chunk).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import select

from claimgraph.errors import ClaimgraphError
from claimgraph.store import schema as t

if TYPE_CHECKING:
    from claimgraph.store.sql import SQLStore

CHUNK = 1000
TABLES = {
    "articles": (
        t.articles,
        [
            "id",
            "title",
            "outlet",
            "published",
            "url",
            "source",
            "extractor",
            "n_statements",
            "n_quantities",
            "n_entities",
            "duplicate_of",
            "duplicate_kind",
            "similarity",
            "story",
        ],
    ),
    "statements": (
        t.statements,
        [
            "id",
            "article_id",
            "published",
            "outlet",
            "speaker",
            "speaker_entity",
            "cue",
            "content",
            "kind",
            "modality",
            "recipient",
            "origin",
            "has_number",
            "start",
            "end",
            "claim",
        ],
    ),
    "quantities": (
        t.quantities,
        [
            "id",
            "article_id",
            "statement_id",
            "published",
            "outlet",
            "text",
            "value",
            "low",
            "high",
            "approx",
            "unit",
            "subject",
            "start",
            "end",
            "qkey",
            "claim",
        ],
    ),
    "entities": (
        t.entities,
        ["id", "name", "type", "aliases", "n_articles", "n_mentions", "first_seen", "last_seen"],
    ),
    "claims": (
        t.claims,
        [
            "id",
            "kind",
            "label",
            "n_members",
            "n_articles",
            "n_sources",
            "first_published",
            "last_published",
            "contradicted",
        ],
    ),
    "contradictions": (t.contradictions, ["id", "claim_id", "kind", "a_id", "b_id", "published"]),
    "events": (
        t.events,
        [
            "id",
            "article_id",
            "type",
            "acled",
            "trigger",
            "actor",
            "target",
            "place",
            "country",
            "lat",
            "lon",
            "date",
            "modality",
            "published",
        ],
    ),
}


def iter_table(store: SQLStore, name: str) -> Iterator[dict[str, Any]]:
    table, columns = TABLES[name]
    last = None
    while True:
        query = select(*[table.c[c] for c in columns]).order_by(table.c.id).limit(CHUNK)
        if last is not None:
            query = query.where(table.c.id > last)
        with store.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]


def iter_records(store: SQLStore) -> Iterator[dict[str, Any]]:
    a = t.articles
    last = None
    while True:
        query = (
            select(a.c.id, a.c.url, a.c.record, a.c.duplicate_of, a.c.story)
            .order_by(a.c.id)
            .limit(CHUNK)
        )
        if last is not None:
            query = query.where(a.c.id > last)
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return
        for r in rows:
            record = json.loads(r.record)
            record.update(id=r.id, url=r.url, duplicate_of=r.duplicate_of, story=r.story)
            yield record
        last = rows[-1].id


def export(store: SQLStore, fmt: str, what: str, out: IO[Any]) -> int:
    """Write ``what`` (records or a table name) as ``fmt`` to ``out``; returns the count."""
    if what == "records":
        if fmt != "jsonl":
            raise ClaimgraphError("records export as jsonl; use --what <table> for csv/parquet")
        n = 0
        for record in iter_records(store):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
        return n
    if what not in TABLES:
        raise ClaimgraphError(f"unknown table {what!r}; one of records, {', '.join(TABLES)}")
    columns = TABLES[what][1]
    rows = iter_table(store, what)
    if fmt == "jsonl":
        n = 0
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        n = 0
        for row in rows:
            writer.writerow(row)
            n += 1
        return n
    if fmt == "parquet":
        return _parquet(rows, columns, out)
    raise ClaimgraphError(f"unknown format {fmt!r}")


def _parquet(rows: Iterator[dict[str, Any]], columns: list[str], out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    n = 0
    chunk: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal writer
        table = pa.Table.from_pylist(chunk, schema=schema)
        if writer is None:
            writer = pq.ParquetWriter(out, schema)
        writer.write_table(table)
        chunk.clear()

    schema = None
    try:
        for row in rows:
            chunk.append(row)
            n += 1
            if len(chunk) >= CHUNK:
                schema = schema or _schema(chunk, columns)
                flush()
        if chunk or writer is None:
            schema = schema or _schema(chunk, columns)
            flush()
    finally:
        if writer is not None:
            writer.close()
    return n


def _schema(rows: list[dict[str, Any]], columns: list[str]) -> Any:
    import pyarrow as pa

    fields = []
    for c in columns:
        values = [r.get(c) for r in rows if r.get(c) is not None]
        sample = values[0] if values else None
        if isinstance(sample, bool):
            kind = pa.bool_()
        elif isinstance(sample, int):
            kind = pa.int64()
        elif isinstance(sample, float):
            kind = pa.float64()
        else:
            kind = pa.string()
        if kind == pa.int64() and any(isinstance(v, float) for v in values):
            kind = pa.float64()
        fields.append(pa.field(c, kind))
    return pa.schema(fields)

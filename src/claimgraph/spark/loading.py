"""``claimgraph load DIR --db URL``: the Parquet tables of ``claimgraph spark extract`` (and
``spark analyse``) into an SQLite or PostgreSQL store, so ``claimgraph serve`` works on them.

Needs pyarrow only (no Spark). Rows are read in record batches and inserted as they are
(no re-extraction, no rebuilt row): the store's full-text indexes follow through its own
triggers (SQLite) or generated columns (PostgreSQL). One transaction per batch of
articles with their rows, so memory stays flat and a killed load keeps what it committed;
running it again skips the articles already stored (and their rows).

Then the cross-article steps: on a store that held no article before the load, the
decisions of ``spark analyse`` found under ``DIR/analysis`` are applied as they are, and a
step whose tables are not there (an analysis written by an older claimgraph: no claims)
runs on the store. On a store that already held articles, every step runs on the store
(the Spark analysis saw only this load).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, insert, update

from claimgraph.errors import ClaimgraphError
from claimgraph.spark.tables import ANALYSIS_STEPS, EXTRACT_TABLES, store_columns
from claimgraph.store import schema as t
from claimgraph.store.sql import SQLStore, write_transaction
from claimgraph.store.sql.analyse import (
    duplicate_update,
    entity_id_updates,
    entity_stats_update,
)

log = logging.getLogger(__name__)

BATCH = 500  # articles per transaction (their rows of every table with them)
CHILD_BATCH = 5000  # rows per executemany of the other tables


def _dataset(path: str) -> Any:
    import pyarrow.dataset as ds

    return ds.dataset(path, format="parquet", exclude_invalid_files=True)


def _exists(path: str) -> bool:
    if "://" in path:
        try:
            _dataset(path)
        except (OSError, ValueError):
            return False
        return True
    return Path(path).is_dir()


def read_batches(
    path: str, columns: list[str] | None = None, size: int = BATCH
) -> Iterator[list[dict[str, Any]]]:
    """Rows of one Parquet table as lists of dicts, ``size`` at a time (of ``columns``, those
    the files have; None: every column)."""
    dataset = _dataset(path)
    have = None if columns is None else [c for c in columns if c in dataset.schema.names]
    for batch in dataset.to_batches(columns=have, batch_size=size):
        if batch.num_rows:
            yield batch.to_pylist()


def insert_ignore(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect_insert: Any
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    for i in range(0, len(rows), CHILD_BATCH):
        conn.execute(dialect_insert(table).on_conflict_do_nothing(), rows[i : i + CHILD_BATCH])


def load_tables(
    store: SQLStore, directory: str, *, analyse: bool = True, progress: bool = False
) -> dict[str, Any]:
    """Load ``directory`` into ``store``; returns rows added per table, articles skipped
    (already stored), the input errors of the extract job and the analysis report."""
    directory = directory.rstrip("/")
    if not _exists(f"{directory}/articles"):
        raise ClaimgraphError(f"{directory}: no articles table (run claimgraph spark extract)")
    fresh = _empty(store)
    report: dict[str, Any] = {"added": {}, "skipped_existing": 0}
    skipped = _load_articles(store, directory, report, progress)
    for name in EXTRACT_TABLES:
        if name in ("articles", "entities", "entity_aliases"):
            continue
        report["added"][name] = _load_child(store, f"{directory}/{name}", name, skipped)
    with write_transaction(store.engine) as conn:
        for name in ("entities", "entity_aliases"):
            n = 0
            for rows in read_batches(f"{directory}/{name}", store_columns(name), CHILD_BATCH):
                insert_ignore(conn, t.metadata.tables[name], rows)
                n += len(rows)
            report["added"][name] = n
    report["errors"] = _errors(directory)
    if analyse:
        report["analysis"] = apply_analysis(store, directory, use_spark=fresh)
    return report


def _empty(store: SQLStore) -> bool:
    return store.counts()["articles"] == 0


def _load_articles(
    store: SQLStore, directory: str, report: dict[str, Any], progress: bool
) -> set[str]:
    import sys

    from tqdm import tqdm

    columns = store_columns("articles")
    skipped: set[str] = set()
    added = 0
    bar = tqdm(desc="load", unit="article", file=sys.stderr, disable=not progress)
    try:
        for rows in read_batches(f"{directory}/articles", columns):
            existing = store.has_articles([r["id"] for r in rows])
            new = [r for r in rows if r["id"] not in existing]
            skipped.update(existing)
            if new:
                with write_transaction(store.engine) as conn:
                    conn.execute(insert(t.articles), new)
            added += len(new)
            bar.update(len(rows))
    finally:
        bar.close()
    report["added"]["articles"] = added
    report["skipped_existing"] = len(skipped)
    return skipped


def _load_child(store: SQLStore, path: str, name: str, skipped: set[str]) -> int:
    table = t.metadata.tables[name]
    n = 0
    for rows in read_batches(path, store_columns(name), CHILD_BATCH):
        if skipped:
            rows = [r for r in rows if r["article_id"] not in skipped]
        if rows:
            with write_transaction(store.engine) as conn:
                conn.execute(insert(table), rows)
        n += len(rows)
    return n


def _errors(directory: str) -> list[dict[str, str]]:
    path = f"{directory}/errors"
    if not _exists(path):
        return []
    return [
        {"source": r["source"], "error": r["error"]}
        for rows in read_batches(path, ["order", "source", "error"])
        for r in sorted(rows, key=lambda r: r["order"] or "")
    ]


# -- the cross-article steps -------------------------------------------------------------------


def apply_analysis(store: SQLStore, directory: str, *, use_spark: bool = True) -> dict[str, Any]:
    """Each step in order: the Spark decisions under ``DIR/analysis`` when ``use_spark``
    and they are there, else the store's own step. Returns where each step came from and
    its seconds."""
    from claimgraph.store.sql.analyse import STEPS

    done: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for name, step in STEPS:
        start = time.perf_counter()
        tables = ANALYSIS_STEPS.get(name, ())
        paths = [f"{directory}/analysis/{table}" for table in tables]
        if use_spark and tables and all(_exists(p) for p in paths):
            APPLY[name](store, directory)
            done[name] = "spark"
        else:
            step(store)
            done[name] = "store"
        seconds[name] = round(time.perf_counter() - start, 3)
    with write_transaction(store.engine) as conn:
        store.set_meta(conn, "analysed_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        store.save_event_summary(conn)  # the events page's unfiltered counts, as analyse
    return {"steps": done, "seconds": seconds}


def _apply_duplicates(store: SQLStore, directory: str) -> None:
    a = t.articles
    stmt = duplicate_update()
    with write_transaction(store.engine) as conn:
        conn.execute(
            update(a)
            .where(a.c.duplicate_of.is_not(None))
            .values(duplicate_of=None, similarity=None, duplicate_kind=None)
        )
        for rows in read_batches(f"{directory}/analysis/duplicates", None, CHILD_BATCH):
            conn.execute(
                stmt,
                [
                    {
                        "_id": r["id"],
                        "_of": r["duplicate_of"],
                        "_sim": r["similarity"],
                        "_kind": r["duplicate_kind"],
                    }
                    for r in rows
                ],
            )


def _apply_entities(store: SQLStore, directory: str) -> None:
    e = t.entities
    set_entity, set_speaker = entity_id_updates()
    set_stats = entity_stats_update()
    with write_transaction(store.engine) as conn:
        for rows in read_batches(f"{directory}/analysis/entity_changes", None, CHILD_BATCH):
            rows.sort(key=lambda r: (r["article_id"], r["local_id"]))
            changes = [
                {"_a": r["article_id"], "_l": r["local_id"], "_old": r["old"], "_new": r["new"]}
                for r in rows
            ]
            conn.execute(set_entity, changes)
            conn.execute(set_speaker, changes)
        conn.execute(update(e).values(n_articles=0, n_mentions=0))
        for rows in read_batches(f"{directory}/analysis/entities", None, CHILD_BATCH):
            conn.execute(set_stats, [{**r, "_id": r.pop("id")} for r in rows])
        for rows in read_batches(f"{directory}/analysis/entity_aliases", None, CHILD_BATCH):
            insert_ignore(conn, t.entity_aliases, rows)


def _apply_stories(store: SQLStore, directory: str) -> None:
    a = t.articles
    set_story = update(a).where(a.c.id == bindparam("_id")).values(story=bindparam("_story"))
    with write_transaction(store.engine) as conn:
        conn.execute(update(a).values(story=None))
        for rows in read_batches(f"{directory}/analysis/article_stories", None, CHILD_BATCH):
            conn.execute(set_story, [{"_id": r["id"], "_story": r["story"]} for r in rows])
        conn.execute(delete(t.stories))
        for rows in read_batches(f"{directory}/analysis/stories", None, CHILD_BATCH):
            conn.execute(insert(t.stories), rows)


def _apply_claims(store: SQLStore, directory: str) -> None:
    """Claims and contradictions replaced by Spark's; each member's claim column set."""
    s, q = t.statements, t.quantities
    with write_transaction(store.engine) as conn:
        conn.execute(delete(t.contradictions))
        conn.execute(delete(t.claims))
        conn.execute(update(s).where(s.c.claim.is_not(None)).values(claim=None))
        conn.execute(update(q).where(q.c.claim.is_not(None)).values(claim=None))
        for name in ("claims", "contradictions"):
            table = t.metadata.tables[name]
            for rows in read_batches(f"{directory}/analysis/{name}", None, CHILD_BATCH):
                conn.execute(insert(table), rows)
        for rows in read_batches(f"{directory}/analysis/claim_members", None, CHILD_BATCH):
            for kind, table in (("statement", s), ("quantity", q)):
                claim_of = [{"_id": r["member"], "_claim": r["claim"]} for r in rows
                            if r["kind"] == kind]  # fmt: skip
                if claim_of:
                    conn.execute(
                        update(table)
                        .where(table.c.id == bindparam("_id"))
                        .values(claim=bindparam("_claim")),
                        claim_of,
                    )


APPLY = {
    "duplicates": _apply_duplicates,
    "entities": _apply_entities,
    "stories": _apply_stories,
    "claims": _apply_claims,
}

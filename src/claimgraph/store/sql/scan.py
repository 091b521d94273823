"""Bounded reads for the analysis steps: keyset-paginated pages of a query and article facts
fetched for one page at a time (never a dict over the whole corpus)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimgraph.batches import chunks
from claimgraph.store import schema as t

if TYPE_CHECKING:
    from claimgraph.store.sql.store import SQLStore

STREAM_CHUNK = 2000  # rows per page of a streamed query
IN_CHUNK = 500  # ids per IN (...) list


def pages(store: SQLStore, query: Any, key: Any, chunk: int = STREAM_CHUNK) -> Iterator[list[Any]]:
    """Pages of ``query`` ordered by the unique column ``key`` (keyset pagination: each page
    is an indexed range read on a fresh connection, so no cursor stays open)."""
    last = None
    while True:
        q = query.order_by(key).limit(chunk)
        if last is not None:
            q = q.where(key > last)
        with store.engine.connect() as conn:
            rows = conn.execute(q).all()
        if not rows:
            return
        yield list(rows)
        last = getattr(rows[-1], key.name)


def stream(store: SQLStore, query: Any, key: Any) -> Iterator[Any]:
    """The rows of :func:`pages`, one by one."""
    for page in pages(store, query, key):
        yield from page


def article_facts(
    conn: Connection, ids: Iterable[str]
) -> dict[str, tuple[str | None, str | None, str | None]]:
    """article id -> (duplicate_of, story, outlet) for the given articles only."""
    a = t.articles
    out: dict[str, tuple[str | None, str | None, str | None]] = {}
    for chunk in chunks(sorted(set(ids))):
        for r in conn.execute(
            select(a.c.id, a.c.duplicate_of, a.c.story, a.c.outlet).where(a.c.id.in_(chunk))
        ):
            out[r.id] = (r.duplicate_of, r.story, r.outlet)
    return out

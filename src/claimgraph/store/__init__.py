"""claimgraph.store: the corpus database (SQLite by default, PostgreSQL by URL).

from claimgraph.store import open_store
with open_store("sqlite:///corpus.db") as store:
    store.add_records([record.to_dict()])
    store.analyse()
    store.claims(about="North Korea")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimgraph.store.sql import SQLStore

__all__ = ["open_store"]


def open_store(url: str | None = None) -> SQLStore:
    """Open (creating or migrating as needed) the store at ``url`` (default:
    settings.database_url, env CLAIMGRAPH_DATABASE_URL)."""
    from claimgraph.settings import get_settings
    from claimgraph.store.sql import SQLStore

    return SQLStore(url or get_settings().database_url)

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


#: Backends by URL scheme (the part before "://", without a "+driver"): the module and
#: class that open it, imported only when a URL of that scheme is opened (httpx's
#: transports are chosen the same way). Both SQL databases share one SQLAlchemy backend.
BACKENDS: dict[str, tuple[str, str]] = {
    "sqlite": ("claimgraph.store.sql", "SQLStore"),
    "postgresql": ("claimgraph.store.sql", "SQLStore"),
    "postgres": ("claimgraph.store.sql", "SQLStore"),
}


def backend_for(url: str) -> tuple[str, str]:
    """(module, class) of the backend that opens ``url``; StoreError for other schemes."""
    from claimgraph.errors import StoreError

    # a bare path is a SQLite file
    scheme = url.split("://", 1)[0].split("+", 1)[0].lower() if "://" in url else "sqlite"
    if scheme not in BACKENDS:
        known = ", ".join(f"{s}://" for s in BACKENDS)
        raise StoreError(f"cannot open the store {url}: no backend for its scheme; use {known}")
    return BACKENDS[scheme]


def open_store(url: str | None = None) -> SQLStore:
    """Open (creating or migrating as needed) the store at ``url`` (default:
    settings.database_url, env CLAIMGRAPH_DATABASE_URL); the backend is chosen by the URL's
    scheme (:data:`BACKENDS`)."""
    import importlib

    from claimgraph.settings import get_settings

    url = url or get_settings().database_url
    module, name = backend_for(url)
    backend: type[SQLStore] = getattr(importlib.import_module(module), name)
    return backend(url)

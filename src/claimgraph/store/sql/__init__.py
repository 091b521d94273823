"""The SQL backend (SQLite, PostgreSQL): the store, its engine and its driver of the
cross-article analysis.

- :mod:`~claimgraph.store.sql.engine`: URLs, pragmas, the write lock;
- :mod:`~claimgraph.store.sql.store`: :class:`SQLStore`, reads and writes;
- :mod:`~claimgraph.store.sql.analyse`, :mod:`~claimgraph.store.sql.align`,
  :mod:`~claimgraph.store.sql.scan`: the cross-article steps run over the tables, calling
  the pure cores of :mod:`claimgraph.analysis` per block of rows.
"""

from claimgraph.store.sql.engine import db_message, normalise_url, write_transaction
from claimgraph.store.sql.store import SQLStore

__all__ = ["SQLStore", "db_message", "normalise_url", "write_transaction"]

"""Alembic migrations: a new database reaches head, and head matches store/schema.py (a schema
change without a migration fails here)."""

from __future__ import annotations

from claimgraph.store import open_store
from claimgraph.store.migrate import current


def test_new_database_is_at_head_and_matches_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from claimgraph.store.schema import metadata

    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    assert current(store.engine) == "0005"
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    # full-text tables live outside the Core metadata on purpose
    diffs = [d for d in diffs if not (d[0] == "remove_table" and "_fts" in d[1].name)]
    assert diffs == []
    store.close()
    # reopening an up-to-date store migrates nothing and keeps data
    again = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    assert again.counts()["articles"] == 0
    again.close()

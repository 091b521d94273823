"""Bring a database to the current schema with Alembic (run by open_store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    from claimgraph.store.sql.engine import write_transaction

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if revision == "head" and _at_head(engine, config):
        return  # no write lock needed (a read-only store file opens)
    # under the write lock: two processes creating one new store would both find no
    # tables and both create them ("table already exists"); the second now waits, then
    # finds the store at head
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _at_head(engine: Engine, config: Any) -> bool:
    from alembic.script import ScriptDirectory

    return current(engine) == ScriptDirectory.from_config(config).get_current_head()


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()

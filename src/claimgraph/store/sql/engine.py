"""Engines and transactions of the SQL backend: URLs, SQLite pragmas, the write lock and
driver errors in one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Connection, Engine

from claimgraph.settings import get_settings


def normalise_url(url: str) -> str:
    """'postgresql://...' -> psycopg 3 driver; a bare path -> sqlite file URL."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # first: switching a new file to WAL takes a lock that another process may hold
    cursor.execute(f"PRAGMA busy_timeout={get_settings().sqlite_busy_timeout_ms}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # reads through a memory map: no system call per page for scans of large tables
    cursor.execute(f"PRAGMA mmap_size={int(get_settings().sqlite_mmap_bytes)}")
    cursor.close()


def db_message(exc: BaseException) -> str:
    """A driver error in one line, without the SQL and parameters SQLAlchemy appends."""
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    text = message[0] if message else type(exc).__name__
    if "locked" in text or "busy" in text:
        text += " (another claimgraph is writing to this store: try again when it is done)"
    elif "readonly" in text or "read-only" in text:
        text += " (the store file or its folder is read-only)"
    return text


#: PostgreSQL advisory lock key of claimgraph's writers (the bytes of "claimgr" as a bigint)
PG_WRITE_LOCK = int.from_bytes(b"claimgr", "big")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` that, on SQLite, takes the write lock first (BEGIN IMMEDIATE).

    A deferred transaction reads, then waits for the lock: a second writer could check which
    ids are stored, wait while the first one stores them, and insert them again
    (IntegrityError). Taking the lock first makes the second writer wait (busy_timeout)
    before it looks."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif engine.dialect.name == "postgresql":
            # the same on PostgreSQL: one writer at a time (released at commit), so two
            # processes creating one store, or storing the same records, wait in turn
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
        yield conn

"""Full-text search conditions, one per dialect (SQLite FTS5, PostgreSQL tsvector)."""

from __future__ import annotations

import itertools

from sqlalchemy import Table, bindparam, text
from sqlalchemy.sql.elements import TextClause

from claimgraph.analysis.text import words

_counter = itertools.count()


def fts5_query(q: str) -> str:
    """User text -> a safe FTS5 query: every word quoted, all required."""
    return " ".join(f'"{w}"' for w in words(q)) or '""'


def match(table: Table, q: str, dialect: str) -> TextClause:
    """Rows of ``table`` (articles or statements) matching the user's words ``q``."""
    name = table.name
    key = f"fts_{name}_{next(_counter)}"
    if dialect == "sqlite":
        sql = f"{name}.rowid IN (SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH :{key})"
        return text(sql).bindparams(bindparam(key, fts5_query(q)))
    sql = f"{name}.tsv @@ plainto_tsquery('english', :{key})"
    return text(sql).bindparams(bindparam(key, q))


def match_phrases(table: Table, names: list[str], dialect: str) -> TextClause:
    """Rows of ``table`` containing any of ``names`` as a phrase ('about' an entity)."""
    name = table.name
    key = f"fts_{name}_{next(_counter)}"
    phrases = [words(n) for n in names if words(n)]
    if dialect == "sqlite":
        value = " OR ".join('"' + " ".join(p) + '"' for p in phrases) or '""'
        sql = f"{name}.rowid IN (SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH :{key})"
        return text(sql).bindparams(bindparam(key, value))
    value = " | ".join("(" + " <-> ".join(p) + ")" for p in phrases) or "nothingmatches"
    sql = f"{name}.tsv @@ to_tsquery('english', :{key})"
    return text(sql).bindparams(bindparam(key, value))

"""Full-text search conditions, one per dialect (SQLite FTS5, PostgreSQL tsvector).

User text never reaches a query language unescaped: for FTS5 it is cut into letter/digit
tokens, each quoted; for PostgreSQL it goes through plainto_tsquery / phraseto_tsquery.
"""

from __future__ import annotations

import itertools
import re

from sqlalchemy import Table, bindparam, or_, text
from sqlalchemy.sql.elements import ColumnElement

from claimgraph.analysis.text import fold

_counter = itertools.count()
_TOKEN = re.compile(r"[^\W_]+")


def tokens(q: str) -> list[str]:
    """Letter/digit runs, as the FTS tokenizers cut them ("O'Hara-Lind" -> o, hara, lind)."""
    return _TOKEN.findall(fold(q))


def fts5_query(q: str) -> str:
    """User text -> a safe FTS5 query: every token quoted, all required."""
    return " ".join(f'"{w}"' for w in tokens(q)) or '""'


def _key(name: str) -> str:
    return f"fts_{name}_{next(_counter)}"


def match(table: Table, q: str, dialect: str) -> ColumnElement[bool]:
    """Rows of ``table`` (articles or statements) matching the user's words ``q``."""
    name, key = table.name, _key(table.name)
    if dialect == "sqlite":
        sql = f"{name}.rowid IN (SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH :{key})"
        return text(sql).bindparams(bindparam(key, fts5_query(q)))
    sql = f"{name}.tsv @@ plainto_tsquery('english', :{key})"
    return text(sql).bindparams(bindparam(key, q))


def match_phrases(table: Table, names: list[str], dialect: str) -> ColumnElement[bool]:
    """Rows of ``table`` containing any of ``names`` as a phrase ('about' an entity)."""
    name = table.name
    names = [n for n in names if tokens(n)]
    if dialect == "sqlite":
        key = _key(name)
        value = " OR ".join('"' + " ".join(tokens(n)) + '"' for n in names) or '""'
        sql = f"{name}.rowid IN (SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH :{key})"
        return text(sql).bindparams(bindparam(key, value))
    if not names:
        return text("1 = 0")
    parts = []
    for n in names:
        key = _key(name)
        parts.append(
            text(f"{name}.tsv @@ phraseto_tsquery('english', :{key})").bindparams(bindparam(key, n))
        )
    return or_(*parts)

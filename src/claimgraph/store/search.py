"""Full-text search conditions, one per dialect (SQLite FTS5, PostgreSQL tsvector).

User text never reaches a query language unescaped: for FTS5 it is cut into letter/digit
tokens, each quoted; for PostgreSQL it goes through plainto_tsquery / phraseto_tsquery.
"""

from __future__ import annotations

import itertools
import re

from sqlalchemy import Table, bindparam, or_, text
from sqlalchemy.sql.elements import ColumnElement, TextClause

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


def _fts5(name: str, value: str, walk: bool) -> TextClause:
    """``rowid IN (matches)``. SQLite lets a rowid IN-list drive the query (each match looked
    up, then sorted), which costs the number of matches. ``walk`` writes ``+rowid`` instead:
    the IN-list becomes a probe, and the query walks the index of its ORDER BY, stopping at
    the page's last row (cheap when matches are many, a full index walk when they are few)."""
    key = _key(name)
    probe = "+" if walk else ""
    sql = f"{probe}{name}.rowid IN (SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH :{key})"
    return text(sql).bindparams(bindparam(key, value))


def fts5_count(table: Table, value: str, cap: int) -> TextClause:
    """SQLite: the matches of an FTS5 query counted inside the index, up to ``cap``."""
    name, key = table.name, _key(table.name)
    sql = (
        f"SELECT count(*) FROM (SELECT rowid FROM {name}_fts WHERE {name}_fts MATCH :{key}"
        f" LIMIT {int(cap)})"
    )
    return text(sql).bindparams(bindparam(key, value))


def phrases_query(names: list[str]) -> str:
    """Names -> an FTS5 query matching any of them as a phrase."""
    names = [n for n in names if tokens(n)]
    return " OR ".join('"' + " ".join(tokens(n)) + '"' for n in names) or '""'


def match(
    table: Table, q: str, dialect: str, *, walk: bool = False
) -> ColumnElement[bool] | TextClause:
    """Rows of ``table`` (articles or statements) matching the user's words ``q``."""
    name, key = table.name, _key(table.name)
    if dialect == "sqlite":
        return _fts5(name, fts5_query(q), walk)
    sql = f"{name}.tsv @@ plainto_tsquery('english', :{key})"
    return text(sql).bindparams(bindparam(key, q))


def match_phrases(
    table: Table, names: list[str], dialect: str, *, walk: bool = False
) -> ColumnElement[bool] | TextClause:
    """Rows of ``table`` containing any of ``names`` as a phrase ('about' an entity)."""
    name = table.name
    names = [n for n in names if tokens(n)]
    if dialect == "sqlite":
        return _fts5(name, phrases_query(names), walk)
    if not names:
        return text("1 = 0")
    parts = []
    for n in names:
        key = _key(name)
        parts.append(
            text(f"{name}.tsv @@ phraseto_tsquery('english', :{key})").bindparams(bindparam(key, n))
        )
    return or_(*parts)

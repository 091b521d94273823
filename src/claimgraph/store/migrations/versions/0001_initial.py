"""Initial corpus schema: tables of claimgraph.store.schema plus full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

The tables are created from the schema module as it stood at this revision; later revisions
change them with explicit ``op`` calls. Full-text search: SQLite FTS5 external-content tables
kept in sync by triggers; PostgreSQL generated tsvector columns with GIN indexes.
"""

from __future__ import annotations

from alembic import op

from claimgraph.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
    "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE VIRTUAL TABLE statements_fts USING fts5(speaker, content, content='statements', "
    "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER statements_fts_ai AFTER INSERT ON statements BEGIN "
    "INSERT INTO statements_fts(rowid, speaker, content) "
    "VALUES (new.rowid, new.speaker, new.content); END",
    "CREATE TRIGGER statements_fts_ad AFTER DELETE ON statements BEGIN "
    "INSERT INTO statements_fts(statements_fts, rowid, speaker, content) "
    "VALUES ('delete', old.rowid, old.speaker, old.content); END",
]

POSTGRES_FTS = [
    "ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX ix_articles_tsv ON articles USING GIN (tsv)",
    "ALTER TABLE statements ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(speaker, '') || ' ' || coalesce(content, ''))) STORED",
    "CREATE INDEX ix_statements_tsv ON statements USING GIN (tsv)",
]


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind)
    for sql in SQLITE_FTS if bind.dialect.name == "sqlite" else POSTGRES_FTS:
        op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute("DROP TABLE IF EXISTS statements_fts")
    metadata.drop_all(bind)

"""Analysts' corrections of statements, stored apart from the extracted rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

- corrections: one row per correction of a statement (``wrong``: the statement is not a
  statement, or not this one; ``speaker``: another corpus entity said it), with its author,
  reason and time; undoing sets ``undone_at`` / ``undone_by`` (the history stays). Keyed by
  the statement id, so re-ingesting, re-extracting and analyse() leave it alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("statement_id", sa.String(80), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(80)),
        sa.Column("content", sa.Text()),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("undone_at", sa.String(32)),
        sa.Column("undone_by", sa.String(200)),
    )
    op.create_index("ix_corrections_statement_id", "corrections", ["statement_id"])


def downgrade() -> None:
    op.drop_index("ix_corrections_statement_id", table_name="corrections")
    op.drop_table("corrections")

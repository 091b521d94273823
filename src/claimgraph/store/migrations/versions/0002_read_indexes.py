"""Read-path indexes for the web UI and API over 100,000 articles.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

- statements: (kind | modality, published, id, ...) serve a kind or modality filter in the
  list's newest-first order and its sort on that column; the other low-cardinality filters
  (modality/kind, has_number) ride along at the end so a combined filter is checked inside
  the index (kind=direct & modality=denied over 1.7M statements: no table lookups).
  They replace the single-column kind and modality indexes (their prefixes).
- statements (speaker, published, id): the sort on speaker.
- article_entities (entity_id, published, n_mentions, article_id): an entity's mention
  timeline and its co-occurrence subquery read only the index. Replaces (entity_id).
- articles (story, published, id): a story's articles in date order without sorting all
  of them. Replaces (story).
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATEMENTS = {
    "ix_statements_kind_pub": ["kind", "published", "id", "modality", "has_number"],
    "ix_statements_modality_pub": ["modality", "published", "id", "kind", "has_number"],
    "ix_statements_speaker_sort": ["speaker", "published", "id"],
}
ENTITY_TIMELINE = ["entity_id", "published", "n_mentions", "article_id"]
STORY_ARTICLES = ["story", "published", "id"]


def upgrade() -> None:
    op.drop_index("ix_statements_kind", table_name="statements")
    op.drop_index("ix_statements_modality", table_name="statements")
    for name, columns in STATEMENTS.items():
        op.create_index(name, "statements", columns, unique=False)
    op.drop_index("ix_article_entities_entity_id", table_name="article_entities")
    op.create_index(
        "ix_article_entities_entity_pub", "article_entities", ENTITY_TIMELINE, unique=False
    )
    op.drop_index("ix_articles_story", table_name="articles")
    op.create_index("ix_articles_story_pub", "articles", STORY_ARTICLES, unique=False)


def downgrade() -> None:
    op.drop_index("ix_articles_story_pub", table_name="articles")
    op.create_index("ix_articles_story", "articles", ["story"], unique=False)
    op.drop_index("ix_article_entities_entity_pub", table_name="article_entities")
    op.create_index(
        "ix_article_entities_entity_id", "article_entities", ["entity_id"], unique=False
    )
    for name in STATEMENTS:
        op.drop_index(name, table_name="statements")
    op.create_index("ix_statements_modality", "statements", ["modality"], unique=False)
    op.create_index("ix_statements_kind", "statements", ["kind"], unique=False)

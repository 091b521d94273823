"""Entity corrections: merge two entities, split one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

- corrections.target_id: ``merge``: the entity the corrected one (``entity_id``) is merged
  into; ``split``: the new entity that takes the split-off names.
- corrections.names: ``split``: the JSON list of the names (folded) that leave the entity.
- corrections (entity_id) and (target_id) indexes: an entity's page lists its corrections,
  and every entity read follows a standing merge.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("corrections") as batch:
        batch.add_column(sa.Column("target_id", sa.String(80)))
        batch.add_column(sa.Column("names", sa.Text()))
    op.create_index("ix_corrections_entity_id", "corrections", ["entity_id"])
    op.create_index("ix_corrections_target_id", "corrections", ["target_id"])


def downgrade() -> None:
    op.drop_index("ix_corrections_target_id", table_name="corrections")
    op.drop_index("ix_corrections_entity_id", table_name="corrections")
    with op.batch_alter_table("corrections") as batch:
        batch.drop_column("names")
        batch.drop_column("target_id")

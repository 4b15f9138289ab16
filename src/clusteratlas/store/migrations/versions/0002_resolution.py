"""Resolution: links from entities to their canonical entity, blocking keys,
people's judgements, and pairs waiting for review.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_links",
        sa.Column("entity_id", sa.String(64), sa.ForeignKey("entities.id"), primary_key=True),
        sa.Column("canonical_id", sa.String(64), nullable=False),
    )
    op.create_index("ix_entity_links_canonical", "entity_links", ["canonical_id"])
    op.create_table(
        "entity_keys",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("entity_id", sa.String(64), sa.ForeignKey("entities.id"), primary_key=True),
    )
    op.create_index("ix_entity_keys_entity", "entity_keys", ["entity_id"])
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("left_id", sa.String(64), nullable=False),
        sa.Column("right_id", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_judgements_pair", "judgements", ["left_id", "right_id"])
    op.create_table(
        "review_candidates",
        sa.Column("left_id", sa.String(64), primary_key=True),
        sa.Column("right_id", sa.String(64), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_candidates")
    op.drop_table("judgements")
    op.drop_table("entity_keys")
    op.drop_table("entity_links")

"""Full-text search: one row per document and per entity, their facets, and the database's own
full-text index over them (SQLite FTS5; PostgreSQL tsvector with a GIN index).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "search_rows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),  # document | entity
        sa.Column("ref_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),  # the entity's type, or "document"
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("year", sa.Integer),
        *([sa.Column("body", sa.Text, nullable=False), sa.Column("folded", sa.Text, nullable=False)]
          if dialect == "postgresql" else []),
    )
    op.create_index("ix_search_rows_ref", "search_rows", ["kind", "ref_id"], unique=True)
    op.create_table(
        "search_facets",
        sa.Column("row_id", sa.Integer, sa.ForeignKey("search_rows.id", ondelete="CASCADE"), nullable=False),
        sa.Column("facet", sa.String(16), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_index("ix_search_facets_row", "search_facets", ["row_id"])
    op.create_index("ix_search_facets_value", "search_facets", ["facet", "value"])
    if dialect == "sqlite":
        # Porter stemming over Unicode words, diacritics folded; the row's rowid is search_rows.id.
        # The facets are there too, one token each, so a filter is one more posting list to intersect.
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5("
                   "title, body, folded, facets, tokenize = 'porter unicode61 remove_diacritics 2')")
    elif dialect == "postgresql":
        # English stemming for the text; the folded (transliteration-blind) names as they are.
        op.execute(
            "ALTER TABLE search_rows ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(body, '')), 'C') || "
            "setweight(to_tsvector('simple', coalesce(folded, '')), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_search_rows_tsv ON search_rows USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_facets")
    op.drop_table("search_rows")

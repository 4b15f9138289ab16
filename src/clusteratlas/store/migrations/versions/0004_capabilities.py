"""Capabilities: an index on the statements' property, so that supplier matching reads the
``produces``, ``capability``, ``okpd2`` and ``hs`` statements without scanning every statement.

The statements themselves need no new column: a capability is a statement like any other
(entity, property, value, document, span, qualifiers).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_statements_property", "statements", ["property"])


def downgrade() -> None:
    op.drop_index("ix_statements_property", table_name="statements")

"""Who opened each case (so counsel's answer reaches them) and counsel's answer item by item.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("opened_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("counsel_scope", sa.JSON(), nullable=True))
    op.create_index(op.f("ix_cases_opened_by"), "cases", ["opened_by"])


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL), not a batch copy of the table: on SQLite a
    # copy drops the old ``cases`` table, and its foreign keys would cascade into the case keys.
    op.drop_index(op.f("ix_cases_opened_by"), table_name="cases")
    op.execute("ALTER TABLE cases DROP COLUMN counsel_scope")
    op.execute("ALTER TABLE cases DROP COLUMN opened_by")

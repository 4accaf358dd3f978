"""The department a case belongs to (optional), so reports can count by department.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("department", sa.String(100), nullable=True))
    op.create_index(op.f("ix_cases_opened_at"), "cases", ["opened_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_opened_at"), table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("department")

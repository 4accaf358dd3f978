"""Which records-key generation wraps each case's data key, so a purge can destroy the old generation.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every key wrapped so far is under records.key, generation 0.
    with op.batch_alter_table("case_keys") as batch:
        batch.add_column(sa.Column("kek", sa.Integer(), nullable=False, server_default="0"))
    op.create_index(op.f("ix_case_keys_kek"), "case_keys", ["kek"])


def downgrade() -> None:
    later = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM case_keys WHERE kek <> 0")).scalar_one()
    if later:
        raise RuntimeError(
            f"{later} case key(s) are wrapped by a records key generation after 0, which the older schema "
            "cannot name; downgrading would make them unreadable. Stay at revision 0004."
        )
    op.drop_index(op.f("ix_case_keys_kek"), table_name="case_keys")
    with op.batch_alter_table("case_keys") as batch:
        batch.drop_column("kek")

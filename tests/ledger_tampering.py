"""Helpers for the tests that attack the ledger as someone with a shell on the database host would."""

from __future__ import annotations

from sqlalchemy import text

from sanctuary.records import EventKind, Store


def fill_ledger(store: Store, count: int, checkpoint_every: int = 10) -> None:
    """``count`` entries, with a signed checkpoint after every ``checkpoint_every``."""
    for start in range(0, count, checkpoint_every):
        store.ledger.append_many(
            (EventKind.CASE_OPENED, {"request": {"action": "hold"}, "n": n}, None)
            for n in range(start, min(count, start + checkpoint_every))
        )
        store.ledger.checkpoint()


def drop_append_only_triggers(store: Store) -> None:
    """What an attacker with the database's owner account does first: lift the append-only guard."""
    with store.engine.begin() as connection:
        for table in ("ledger_entries", "ledger_checkpoints"):
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"DROP TRIGGER {table}_append_only ON {table}"))
                connection.execute(text(f"DROP TRIGGER {table}_no_truncate ON {table}"))
            else:
                connection.execute(text(f"DROP TRIGGER {table}_no_update"))
                connection.execute(text(f"DROP TRIGGER {table}_no_delete"))

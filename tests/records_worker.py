"""Ledger writers that run in other processes, for the concurrency and durability tests.

Imported by ``multiprocessing`` (spawned children) and run as a script by the SIGKILL test, so it
depends on nothing from the test suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sanctuary.records import EventKind, Settings, Store

ORIGIN = "records.test/ledger"


def settings_for(database_url: str, key_dir: str) -> Settings:
    return Settings(
        data_dir=Path(key_dir).parent / "var", database_url=database_url, key_dir=Path(key_dir), origin=ORIGIN
    )


def event(worker: int, n: int) -> tuple[EventKind, dict[str, object], None]:
    return EventKind.CASE_OPENED, {"request": {"action": "hold"}, "subjects": [], "worker": worker, "n": n}, None


def append_entries(database_url: str, key_dir: str, worker: int, count: int) -> list[int]:
    """Append ``count`` entries one transaction each; return their indexes."""
    with Store.open(settings_for(database_url, key_dir)) as store:
        indexes = []
        for n in range(count):
            kind, fields, case_id = event(worker, n)
            indexes.append(store.ledger.append(kind, fields, case_id=case_id).index)
        return indexes


def append_forever(database_url: str, key_dir: str, batch: int) -> None:
    """Append batches until killed, printing the last committed index after each commit."""
    with Store.open(settings_for(database_url, key_dir)) as store:
        n = 0
        while True:
            entries = store.ledger.append_many(event(0, n + i) for i in range(batch))
            n += batch
            sys.stdout.write(f"{entries[-1].index}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    append_forever(sys.argv[1], sys.argv[2], int(sys.argv[3]))

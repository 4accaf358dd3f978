"""`GET /api/ledger/checkpoint` verifies incrementally: the whole ledger once, then only what was
appended since, checked to extend the verified tree; anything unexpected is verified in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ledger_tampering import drop_append_only_triggers
from sqlalchemy import text

from sanctuary.records import EventKind, IncrementalVerifier, Store
from sanctuary.services.site import Site


def _append(store: Store, count: int, batch: int = 5000) -> None:
    for start in range(0, count, batch):
        store.ledger.append_many(
            (EventKind.CASE_OPENED, {"request": {"action": "hold"}, "n": n}, None)
            for n in range(start, min(count, start + batch))
        )


@pytest.fixture
def site(records_settings: Any) -> Iterator[Site]:
    opened = Site.open(records_settings)
    try:
        yield opened
    finally:
        opened.close()


def test_the_checkpoint_status_verifies_only_what_was_appended(site: Site) -> None:
    _append(site.store, 25)
    first = site.ledger_status()
    assert first.report.ok, first.report.problems
    assert (first.report.verified_from, first.report.entries, first.report.latest_checkpoint) == (0, 25, 25)
    _append(site.store, 10)
    second = site.ledger_status()
    assert second.report.ok, second.report.problems
    assert (second.report.verified_from, second.report.entries, second.report.checkpoints) == (25, 35, 2)
    assert second.report.root == site.store.ledger.head().root == second.checkpoint.root
    assert second.report.as_json()["verified_from"] == 25
    third = site.ledger_status()  # nothing new: nothing to read but the head
    assert (third.report.ok, third.report.verified_from, third.report.entries) == (True, 35, 35)


def test_an_incremental_run_reads_only_the_new_entries(store: Store) -> None:
    _append(store, 20_000)
    store.ledger.checkpoint()
    verifier = IncrementalVerifier(store.ledger)
    full = verifier.verify()
    _append(store, 100)
    store.ledger.checkpoint()
    assert full.ok, full.problems
    # An old entry rewritten after the full run is not read again by the incremental one (which is
    # why it is cheap, and why `ledger verify` must still run on a schedule), but the full run sees it.
    drop_append_only_triggers(store)
    with store.engine.begin() as connection:
        connection.execute(text('UPDATE ledger_entries SET payload = :p WHERE "index" = 7'), {"p": '{"x":1}'})
    incremental = verifier.verify()
    assert incremental.ok, incremental.problems
    assert (full.verified_from, incremental.verified_from, incremental.entries) == (0, 20_000, 20_100)
    assert not store.verify().ok


def test_a_rewritten_new_entry_is_caught_and_named(store: Store) -> None:
    _append(store, 20)
    store.ledger.checkpoint()
    verifier = IncrementalVerifier(store.ledger)
    assert verifier.verify().ok
    _append(store, 5)
    drop_append_only_triggers(store)
    with store.engine.begin() as connection:
        connection.execute(text('UPDATE ledger_entries SET payload = :p WHERE "index" = 22'), {"p": '{"x":1}'})
    report = verifier.verify()
    assert not report.ok
    assert report.verified_from == 0  # fell back to a full run, which names the entry
    assert str(report.problems[0]) == (
        "entry 22: its payload does not hash to its leaf hash: the payload (or the hash) was changed"
    )


def test_checkpoints_deleted_after_they_were_verified_are_caught(store: Store) -> None:
    _append(store, 20)
    store.ledger.checkpoint()
    verifier = IncrementalVerifier(store.ledger)
    assert verifier.verify().ok
    _append(store, 5)
    store.ledger.checkpoint()
    drop_append_only_triggers(store)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_checkpoints"))
    report = verifier.verify()
    assert not report.ok
    assert report.verified_from == 0
    assert any("checkpoints were deleted from the database" in str(p) for p in report.problems), report.problems

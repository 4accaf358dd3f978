"""Bad input to the ledger: each kind of tampering is found and named precisely, never repaired.

The tests play an attacker with write access to the database: they drop the append-only
triggers first (which is itself tested), then rewrite rows directly.
"""

from __future__ import annotations

import base64

import pytest
from ledger_tampering import drop_append_only_triggers, fill_ledger
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sanctuary.records import Store
from sanctuary.records.ledger import generate_keys, leaf_hash

SIZE = 40


def _sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(statement), params)


def _messages(store: Store, verifier_key: str | None = None) -> list[str]:
    report = store.verify(verifier_key)
    assert not report.ok
    return [str(problem) for problem in report.problems]


def test_a_clean_ledger_verifies(store: Store) -> None:
    fill_ledger(store, SIZE)
    report = store.verify()
    assert report.ok, report.problems
    assert (report.entries, report.checkpoints, report.latest_checkpoint) == (SIZE, 4, SIZE)
    assert report.root == store.ledger.head().root


def test_the_database_refuses_updates_and_deletes_of_the_ledger(store: Store) -> None:
    fill_ledger(store, 5, 5)
    for statement in (
        "UPDATE ledger_entries SET kind = 'closed' WHERE \"index\" = 1",
        'DELETE FROM ledger_entries WHERE "index" = 4',
        "UPDATE ledger_checkpoints SET size = 3",
        "DELETE FROM ledger_checkpoints",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            _sql(store, statement)
    assert store.verify().ok


def test_a_tampered_payload_is_named_by_its_index(store: Store) -> None:
    fill_ledger(store, SIZE)
    drop_append_only_triggers(store)
    payload = store.ledger.entry(17).payload.replace('"n":17', '"n":71')
    _sql(store, 'UPDATE ledger_entries SET payload = :p WHERE "index" = 17', p=payload)
    messages = _messages(store)
    assert messages == ["entry 17: its payload does not hash to its leaf hash: the payload (or the hash) was changed"]
    assert _messages(store) == messages  # reported again: nothing was repaired
    assert store.ledger.entry(17).payload == payload


def test_a_rewritten_entry_with_a_matching_hash_breaks_the_signed_roots(store: Store) -> None:
    fill_ledger(store, SIZE)
    drop_append_only_triggers(store)
    payload = store.ledger.entry(23).payload.replace('"n":23', '"n":32')
    _sql(
        store,
        'UPDATE ledger_entries SET payload = :p, leaf_hash = :h WHERE "index" = 23',
        p=payload,
        h=leaf_hash(payload.encode()),
    )
    messages = _messages(store)
    assert any(m.startswith("ledger head: its root") for m in messages)
    assert any(m.startswith("checkpoint 3 (size 30)") and "from 20 to 29" in m for m in messages), messages
    assert any(m.startswith("checkpoint 4 (size 40)") for m in messages)
    assert not any(m.startswith(("checkpoint 1 ", "checkpoint 2 ")) for m in messages)
    assert any(m.startswith("checkpoints 2 and 3") and "consistency" in m for m in messages)


def test_a_truncated_log_is_shorter_than_its_checkpoint(store: Store) -> None:
    fill_ledger(store, SIZE)
    drop_append_only_triggers(store)
    _sql(store, 'DELETE FROM ledger_entries WHERE "index" >= 35')
    messages = _messages(store)
    assert "ledger head: it says the log holds 40 entries, but 35 are stored: the log was truncated" in messages
    assert any(
        m.startswith("checkpoint 4 (size 40): it commits to 40 entries but the log holds 35") and "35 to 39" in m
        for m in messages
    ), messages


def test_a_removed_entry_in_the_middle_is_named(store: Store) -> None:
    fill_ledger(store, SIZE)
    drop_append_only_triggers(store)
    _sql(store, 'DELETE FROM ledger_entries WHERE "index" = 12')
    messages = _messages(store)
    assert messages[0].startswith("entry 12: missing: removed from the log"), messages


def test_checkpoints_signed_by_another_key_are_rejected(store: Store) -> None:
    fill_ledger(store, 20)
    _, other = generate_keys(store.settings.origin)
    messages = _messages(store, other)
    assert len(messages) == 3  # both stored checkpoints, and the one the key directory remembers
    assert all("does not verify with the verifier key" in m for m in messages)
    assert messages[0].startswith("the highest checkpoint the key directory has seen")
    assert messages[1].startswith("checkpoint 1 (size 10)")


def test_a_forged_checkpoint_signature_is_rejected(store: Store) -> None:
    fill_ledger(store, 20)
    drop_append_only_triggers(store)
    note = store.ledger.checkpoints()[0].note
    body, _, signature = note.partition("\n\n")
    name, _, blob = signature.strip().removeprefix("\u2014 ").partition(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[-1] ^= 1
    forged = f"{body}\n\n\u2014 {name} {base64.b64encode(bytes(raw)).decode()}\n"
    _sql(store, "UPDATE ledger_checkpoints SET note = :n WHERE id = 1", n=forged)
    messages = _messages(store)
    assert len(messages) == 1
    assert messages[0].startswith("checkpoint 1 (size 10): its signed note does not verify")
    assert "bad signature" in messages[0]


def test_an_edited_kind_or_checkpoint_column_is_named(store: Store) -> None:
    fill_ledger(store, 20)
    drop_append_only_triggers(store)
    _sql(store, "UPDATE ledger_entries SET kind = 'closed' WHERE \"index\" = 5")
    _sql(store, "UPDATE ledger_checkpoints SET size = 9 WHERE id = 1")
    messages = _messages(store)
    assert "entry 5: its kind column says 'closed' but its hashed payload says 'case_opened'" in messages
    assert any(m.startswith("checkpoint 1 (size 9): its stored size, root or origin differ") for m in messages)


def test_a_damaged_head_row_is_named(store: Store) -> None:
    fill_ledger(store, 20)
    _sql(store, "UPDATE ledger_head SET frontier = :f WHERE id = 1", f=b"\x00" * 64)
    messages = _messages(store)
    assert messages == ["ledger head: its frontier does not match the stored entries: the next append would be wrong"]


def test_verification_without_any_key_says_so(store: Store) -> None:
    fill_ledger(store, 10)
    for path in store.settings.key_dir.iterdir():
        path.unlink()
    fresh = Store.open(store.settings)
    try:
        messages = _messages(fresh)
    finally:
        fresh.close()
    assert messages[0].startswith("checkpoints: 1 signed checkpoint(s) but no verifier key")

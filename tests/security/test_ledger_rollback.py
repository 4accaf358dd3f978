"""The ledger notices what disappears: checkpoints deleted, or entries rewritten and the checkpoints
that covered them deleted, with the append-only triggers dropped by an attacker who holds the
database (not the key directory).

Two witnesses outside the database catch it: the highest checkpoint the key directory has seen,
and a trusted checkpoint given to `ledger verify --against` (one that was published).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ledger_tampering import drop_append_only_triggers, fill_ledger
from sqlalchemy import text
from typer.testing import CliRunner

from sanctuary.cli import app
from sanctuary.records import Settings, Store
from sanctuary.records.ledger import Frontier, canonical_json, leaf_hash
from sanctuary.records.ledger_store import frontier_bytes

runner = CliRunner()


def _rewrite_entry(store: Store, index: int) -> None:
    """Change one entry's payload and hash, and make the head row agree, as a careful attacker would."""
    with store.engine.begin() as connection:
        payload = json.loads(
            connection.execute(text('SELECT payload FROM ledger_entries WHERE "index" = :i'), {"i": index}).scalar_one()
        )
        payload["request"] = {"action": "interview"}
        data = canonical_json(payload)
        connection.execute(
            text('UPDATE ledger_entries SET payload = :p, leaf_hash = :h WHERE "index" = :i'),
            {"p": data.decode(), "h": leaf_hash(data), "i": index},
        )
        leaves = [
            bytes(h) for (h,) in connection.execute(text('SELECT leaf_hash FROM ledger_entries ORDER BY "index"'))
        ]
        frontier = Frontier()
        frontier.extend(leaves)
        connection.execute(
            text("UPDATE ledger_head SET root = :r, frontier = :f WHERE id = 1"),
            {"r": frontier.root(), "f": frontier_bytes(frontier)},
        )


def _problems(store: Store, against: str | None = None) -> list[str]:
    report = store.verify() if against is None else store.verify(against=against)
    assert not report.ok, "the tampering went unnoticed"
    return [str(problem) for problem in report.problems]


def test_deleting_every_checkpoint_is_noticed(store: Store) -> None:
    fill_ledger(store, 30)
    assert store.verify().ok
    drop_append_only_triggers(store)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_checkpoints"))
    assert _problems(store) == [
        "the highest checkpoint the key directory has seen (size 30): the store holds no signed checkpoint: "
        "checkpoints were deleted from the database (the log was rolled back)"
    ]


def test_rewriting_entries_then_deleting_the_checkpoints_that_covered_them_is_noticed(store: Store) -> None:
    fill_ledger(store, 30)
    drop_append_only_triggers(store)
    _rewrite_entry(store, 4)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_checkpoints"))
    store.ledger.checkpoint()  # the server signs the rewritten log again
    problems = _problems(store)
    assert len(problems) == 1
    assert problems[0].startswith(
        "the highest checkpoint the key directory has seen (size 30): the log's root at size 30"
    )
    assert "an entry before 30 was changed, removed or reordered after it was signed" in problems[0]


def test_checkpoints_going_backwards_are_noticed(store: Store) -> None:
    fill_ledger(store, 30)
    drop_append_only_triggers(store)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_checkpoints WHERE size > 10"))
    assert _problems(store) == [
        "the highest checkpoint the key directory has seen (size 30): the store holds checkpoints only up to "
        "size 10: checkpoints were deleted from the database (the log was rolled back)"
    ]


def test_truncating_the_log_and_its_checkpoints_is_noticed(store: Store) -> None:
    fill_ledger(store, 30)
    drop_append_only_triggers(store)
    with store.engine.begin() as connection:
        connection.execute(text('DELETE FROM ledger_entries WHERE "index" >= 20'))
        connection.execute(text("DELETE FROM ledger_checkpoints WHERE size > 20"))
        frontier = Frontier()
        frontier.extend(
            bytes(h) for (h,) in connection.execute(text('SELECT leaf_hash FROM ledger_entries ORDER BY "index"'))
        )
        connection.execute(
            text("UPDATE ledger_head SET size = 20, root = :r, frontier = :f WHERE id = 1"),
            {"r": frontier.root(), "f": frontier_bytes(frontier)},
        )
    problems = _problems(store)
    assert problems[0] == (
        "the highest checkpoint the key directory has seen (size 30): it commits to 30 entries but the log holds 20: "
        "entries 20 to 29 were removed"
    )


def test_a_trusted_checkpoint_catches_what_a_key_directory_without_memory_misses(store: Store, tmp_path: Path) -> None:
    fill_ledger(store, 30)
    published = store.ledger.checkpoint().note
    (store.settings.key_dir / "ledger.highest").unlink()  # a key directory restored from an old backup, say
    drop_append_only_triggers(store)
    _rewrite_entry(store, 4)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_checkpoints"))
    assert store.verify().ok  # the database alone cannot show it
    problems = _problems(store, against=published)
    assert problems[0].startswith("the trusted checkpoint given (size 30): the log's root at size 30")
    assert problems[1] == (
        "the trusted checkpoint given (size 30): the store holds no signed checkpoint: checkpoints were deleted "
        "from the database (the log was rolled back)"
    )


def test_the_highest_checkpoint_is_remembered_only_upwards(store: Store) -> None:
    fill_ledger(store, 20)
    remembered = store.settings.key_dir / "ledger.highest"
    assert remembered.read_text().splitlines()[1] == "20"
    first = store.ledger.checkpoints()[0]
    assert not store.keys.remember_checkpoint(first.size, first.note)
    assert remembered.read_text().splitlines()[1] == "20"
    report = store.verify()
    assert report.ok
    assert report.trusted == [("the highest checkpoint the key directory has seen", 20)]


def test_ledger_verify_against_a_file(records_env: Settings, tmp_path: Path) -> None:
    with Store.open(records_env) as store:
        fill_ledger(store, 30)
        store.export_ledger(tmp_path / "public")
    published = tmp_path / "public" / "checkpoint.txt"
    result = runner.invoke(app, ["ledger", "verify", "--against", str(published), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["trusted_checkpoints"][0] == {"source": "the trusted checkpoint given", "size": 30}

    shutil.rmtree(records_env.key_dir)  # verifying on another machine: only the published key and checkpoint
    with Store.open(records_env) as store:
        drop_append_only_triggers(store)
        with store.engine.begin() as connection:
            connection.execute(text("DELETE FROM ledger_checkpoints"))
    key = str(tmp_path / "public" / "ledger.pub")
    assert runner.invoke(app, ["ledger", "verify", "--key-file", key]).exit_code == 0
    result = runner.invoke(app, ["ledger", "verify", "--key-file", key, "--against", str(published)])
    assert result.exit_code == 1
    assert "checkpoints were deleted from the database" in result.stdout

    junk = tmp_path / "junk.txt"
    junk.write_text("not a checkpoint", encoding="utf-8")
    result = runner.invoke(app, ["ledger", "verify", "--against", str(junk)])
    assert result.exit_code == 2
    assert "is not a signed checkpoint" in result.stderr
    result = runner.invoke(app, ["ledger", "verify", "--against", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "Cannot read the trusted checkpoint" in result.stderr

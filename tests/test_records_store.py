"""The case store: lifecycle, schema checks, checkpoints, proofs and the public export.

Every test here runs on SQLite and, when SANCTUARY_TEST_DATABASE_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import sanctuary
from sanctuary.model import InputError
from sanctuary.records import (
    EventKind,
    NewDocument,
    PersonalDetails,
    Settings,
    Store,
    create_store_engine,
    due_date,
    head_revision,
    obligation_status,
    upgrade_database,
)
from sanctuary.records.ledger import (
    canonical_json,
    leaf_hash,
    open_checkpoint,
    verify_consistency,
    verify_inclusion,
)

VERIFIER = Path(__file__).resolve().parents[1] / "verifier" / "sanctuary_verify.py"
DAY = "2025-06-01"
DETAINER = {
    "action": "hold",
    "setting": "jail",
    "requester": {"kind": "federal_immigration"},
    "instrument": {"type": "detainer"},
}
INTERVIEW = {"action": "interview", "setting": "jail", "requester": {"kind": "federal_immigration"}}
PAPER = b"""U.S. DEPARTMENT OF HOMELAND SECURITY
WARRANT FOR ARREST OF ALIEN
File No. A 087 331 602
YOU ARE COMMANDED to arrest and take into custody for removal proceedings the above-named alien.
/s/ Mark Holloway
Signature of Authorized Immigration Officer
Form I-200 (Rev. 09/16)
"""


def _kinds(store: Store, case_id: str) -> list[str]:
    return [entry.kind for entry in store.ledger.entries(case_id=case_id)]


def test_case_lifecycle_commits_each_step_with_its_entry(store: Store, tmp_path: Path) -> None:
    paper = tmp_path / "paper.txt"
    paper.write_bytes(PAPER)
    # The request leaves the paper to the reader (a request that called it a detainer would be referred).
    request = {key: value for key, value in DETAINER.items() if key != "instrument"}
    decision = sanctuary.decide(request, on=DAY, document=paper)
    receipt = store.cases.open_case(
        request,
        decision=decision,
        personal=PersonalDetails(name="Ana Ruiz", date_of_birth=dt.date(1991, 4, 5)),
        documents=[NewDocument(PAPER, "paper.txt", decision.document)],
    )
    assert [e.kind for e in receipt.entries] == ["case_opened", "document_attached", "decision_made"]
    assert [e.index for e in receipt.entries] == [0, 1, 2]
    case = store.cases.get(receipt.case_id)
    assert case.status == "decided"
    assert case.outcome == decision.outcome.value
    assert case.decision is not None
    assert case.decision["packs"] == [p.model_dump(mode="json") for p in decision.packs]
    assert case.documents[0].sha256 == decision.document.sha256 if decision.document else False
    assert case.documents[0].size == len(PAPER)
    duties = {o.id for o in case.obligations}
    assert duties == {o.id for o in decision.obligations}

    first = case.obligations[0].id
    store.cases.complete_obligation(receipt.case_id, first)
    store.cases.refer(receipt.case_id, "Counsel Dana")
    store.cases.decide_by_counsel(receipt.case_id, "decline", note="Checked the paper: administrative.")
    store.cases.close(receipt.case_id)

    case = store.cases.get(receipt.case_id)
    assert case.status == "closed"
    assert case.counsel_outcome == "decline"
    assert case.assigned_to == "Counsel Dana"
    assert next(o for o in case.obligations if o.id == first).status == "done"
    assert _kinds(store, receipt.case_id) == [
        "case_opened",
        "document_attached",
        "decision_made",
        "obligation_done",
        "referred",
        "decided_by_counsel",
        "closed",
    ]
    assert [t.index for t in case.timeline] == list(range(7))
    assert store.ledger.head().size == 7
    assert store.verify().ok


def test_a_refer_decision_makes_the_case_referred(store: Store) -> None:
    decision = sanctuary.decide(INTERVIEW, on=DAY)
    receipt = store.cases.open_case(INTERVIEW, decision=decision)
    expected = "referred" if decision.outcome.value == "refer" else "decided"
    assert store.cases.get(receipt.case_id).status == expected


def test_changes_to_a_closed_or_unknown_case_are_refused(store: Store) -> None:
    receipt = store.cases.open_case(DETAINER, decision=sanctuary.decide(DETAINER, on=DAY))
    store.cases.close(receipt.case_id)
    size = store.ledger.head().size
    with pytest.raises(InputError, match="closed"):
        store.cases.refer(receipt.case_id, "Counsel Dana")
    with pytest.raises(InputError, match="no case"):
        store.cases.close("0" * 32)
    with pytest.raises(InputError, match="not a case id"):
        store.cases.resolve("zz-top")
    assert store.ledger.head().size == size  # nothing appended by the refused changes


def test_a_failed_change_appends_nothing(store: Store) -> None:
    receipt = store.cases.open_case(DETAINER, decision=sanctuary.decide(DETAINER, on=DAY))
    size = store.ledger.head().size
    with pytest.raises(InputError, match="no duty"):
        store.cases.complete_obligation(receipt.case_id, "no_such_duty")
    with pytest.raises(InputError, match="not allowed"):
        store.cases.decide_by_counsel(receipt.case_id, "maybe")
    assert store.ledger.head().size == size
    assert store.verify().ok


def test_case_ids_resolve_from_a_unique_prefix(store: Store) -> None:
    receipt = store.cases.open_case(DETAINER)
    assert store.cases.resolve(receipt.case_id[:8]) == receipt.case_id
    assert store.cases.resolve(receipt.case_id.upper()) == receipt.case_id


def test_document_read_elsewhere_must_be_the_bytes_recorded(store: Store, tmp_path: Path) -> None:
    paper = tmp_path / "paper.txt"
    paper.write_bytes(PAPER)
    decision = sanctuary.decide(DETAINER, on=DAY, document=paper)
    with pytest.raises(InputError, match="changed between being read and being recorded"):
        store.cases.open_case(DETAINER, documents=[NewDocument(PAPER + b"x", "paper.txt", decision.document)])
    assert store.ledger.head().size == 0


def test_list_filters_and_counts_late_duties(store: Store) -> None:
    decision = sanctuary.decide(INTERVIEW, on=DAY)
    receipt = store.cases.open_case(INTERVIEW, decision=decision)
    store.cases.open_case(DETAINER)
    rows = store.cases.list_cases(today=dt.date(2030, 1, 1))
    assert len(rows) == 2
    mine = next(r for r in rows if r.id == receipt.case_id)
    dated = [o for o in store.cases.get(receipt.case_id).obligations if o.due_on is not None]
    assert mine.obligations_late == len(dated)
    assert [r.id for r in store.cases.list_cases(status="open")] != [receipt.case_id]
    with pytest.raises(InputError, match="allowed values"):
        store.cases.list_cases(status="pending")


def test_due_dates_from_the_packs_words() -> None:
    friday = dt.date(2025, 6, 6)
    assert due_date("at once", friday) == friday
    assert due_date("immediately", friday) == friday
    assert due_date("the same day", friday) == friday
    assert due_date("within 2 business days", friday) == dt.date(2025, 6, 10)
    assert due_date("within 10 days", friday) == dt.date(2025, 6, 16)
    assert due_date("within 48 hours", friday) == dt.date(2025, 6, 8)
    assert due_date("before any transfer", friday) is None
    assert due_date("annually, to the state Department of Justice", friday) is None
    now = dt.datetime(2025, 6, 7, tzinfo=dt.UTC)
    assert obligation_status(friday, None, dt.date(2025, 6, 7)) == "late"
    assert obligation_status(friday, now, dt.date(2025, 6, 7)) == "done"
    assert obligation_status(None, None, dt.date(2030, 1, 1)) == "open"


def test_entries_are_canonical_json_with_their_leaf_hash(store: Store) -> None:
    receipt = store.cases.open_case(DETAINER, decision=sanctuary.decide(DETAINER, on=DAY))
    for entry in store.ledger.entries(case_id=receipt.case_id):
        fields = entry.fields()
        assert canonical_json(fields).decode("utf-8") == entry.payload
        assert leaf_hash(entry.payload.encode("utf-8")) == entry.leaf_hash
        assert fields["kind"] == entry.kind
        assert fields["case"] == receipt.case_id


def test_checkpoints_inclusion_and_consistency_proofs(store: Store) -> None:
    events = [(EventKind.CASE_OPENED, {"n": n}, None) for n in range(13)]
    store.ledger.append_many(events[:5])
    old = store.ledger.checkpoint()
    assert store.ledger.checkpoint() == old  # nothing new: the same checkpoint
    store.ledger.append_many(events[5:])
    new = store.ledger.checkpoint()
    assert (old.size, new.size) == (5, 13)
    key = store.keys.verifier_key()
    opened = open_checkpoint(new.note, key, origin=store.settings.origin)
    assert (opened.size, opened.root) == (new.size, new.root)
    proofs = store.ledger.inclusion_proofs(range(13), new.size)
    for index, proof in proofs.items():
        assert verify_inclusion(store.ledger.entry(index).leaf_hash, index, new.size, proof, new.root)
    assert not verify_inclusion(store.ledger.entry(3).leaf_hash, 4, new.size, proofs[4], new.root)
    consistency = store.ledger.consistency_proof(old.size, new.size)
    assert verify_consistency(old.size, new.size, old.root, new.root, consistency)
    with pytest.raises(InputError, match="not covered"):
        store.ledger.inclusion_proofs([13], new.size)


def test_public_export_verifies_with_the_standalone_verifier(store: Store, tmp_path: Path) -> None:
    store.cases.open_case(DETAINER, decision=sanctuary.decide(DETAINER, on=DAY))
    store.cases.open_case(INTERVIEW, decision=sanctuary.decide(INTERVIEW, on=DAY))
    out = tmp_path / "public"
    export = store.export_ledger(out)
    assert export.size == store.ledger.head().size
    assert sorted(p.name for p in out.iterdir()) == ["checkpoint.txt", "ledger.jsonl", "ledger.pub"]
    lines = (out / "ledger.jsonl").read_text().splitlines()
    assert json.loads(lines[0]).keys() == {"index", "leaf_hash"}
    args = ["--checkpoint", out / "checkpoint.txt", "--key-file", out / "ledger.pub", "--entries", out / "ledger.jsonl"]
    assert _verifier(*args).returncode == 0

    first = json.loads(lines[0])
    first["leaf_hash"] = "00" * 32
    (out / "ledger.jsonl").write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    result = _verifier(*args)
    assert result.returncode == 1, result.stdout


def test_case_export_carries_proofs_the_verifier_accepts(store: Store, tmp_path: Path) -> None:
    receipt = store.cases.open_case(DETAINER, decision=sanctuary.decide(DETAINER, on=DAY))
    store.cases.open_case(INTERVIEW)
    exported = store.export_case(receipt.case_id)
    assert exported["case"]["id"] == receipt.case_id
    ledger = exported["ledger"]
    (tmp_path / "checkpoint.txt").write_text(ledger["checkpoint"])
    for entry in ledger["entries"]:
        (tmp_path / "proof.json").write_text(json.dumps(entry["inclusion_proof"]))
        result = _verifier(
            "--checkpoint", tmp_path / "checkpoint.txt", "--key", ledger["verifier_key"],
            "--inclusion-proof", tmp_path / "proof.json",
        )  # fmt: skip
        assert result.returncode == 0, result.stdout


def test_opening_a_database_not_at_the_head_says_what_to_run(records_settings: Settings) -> None:
    with Store.open(records_settings) as store, store.engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
    with pytest.raises(InputError) as caught:
        Store.open(records_settings)
    message = str(caught.value)
    assert "revision none" in message
    assert f"the code needs {head_revision()}" in message
    assert "sanctuary db upgrade" in message

    with _engine(records_settings) as engine, engine.begin() as connection:
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('ffff')"))
    with pytest.raises(InputError, match="revision ffff, which this version of Sanctuary does not know"):
        Store.open(records_settings)


def test_a_fresh_sqlite_file_is_migrated_on_first_use(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "var", database_url=f"sqlite:///{tmp_path / 'new.db'}", key_dir=tmp_path / "k"
    )
    with Store.open(settings) as store:
        assert store.ledger.head().size == 0
    assert upgrade_database(settings) == (head_revision(), head_revision())


def test_a_fresh_postgresql_schema_needs_an_explicit_upgrade(database_url: str, tmp_path: Path) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: a fresh SQLite file is migrated automatically")
    settings = Settings(data_dir=tmp_path / "var", database_url=database_url, key_dir=tmp_path / "keys")
    with pytest.raises(InputError, match=r"revision none .*sanctuary db upgrade"):
        Store.open(settings)
    assert upgrade_database(settings) == (None, head_revision())
    Store.open(settings).close()


def test_key_files_are_private_and_never_in_the_database(store: Store) -> None:
    store.cases.open_case(DETAINER, personal=PersonalDetails(name="Ana Ruiz"))
    store.ledger.checkpoint()
    key_dir = store.settings.key_dir
    assert oct(key_dir.stat().st_mode & 0o777) == "0o700"
    files = sorted(p.name for p in key_dir.iterdir())
    assert files == ["ledger.highest", "ledger.key", "ledger.pub", "pseudonym.secret", "records.key"]
    secrets = [(key_dir / name).read_text().split()[0] for name in ("ledger.key", "pseudonym.secret", "records.key")]
    for name in files:
        assert (key_dir / name).stat().st_mode & 0o077 == 0, name
    with store.engine.connect() as connection:
        for table in ("cases", "case_keys", "case_personal", "ledger_entries", "ledger_head", "ledger_checkpoints"):
            dump = repr(connection.execute(text(f"SELECT * FROM {table}")).all())  # noqa: S608 - fixed names
            for secret in secrets:
                assert secret not in dump
                assert secret[:40] not in dump


def test_settings_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cwd=tmp_path)
    assert settings.data_dir == tmp_path.resolve() / "var"
    assert settings.key_dir == tmp_path.resolve() / "var" / "keys"
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'var' / 'sanctuary.db'}"
    custom = Settings.from_env(
        {"SANCTUARY_DATA_DIR": "data", "SANCTUARY_KEY_DIR": "/secrets", "SANCTUARY_RETENTION_DAYS": "30"}, cwd=tmp_path
    )
    assert custom.data_dir == tmp_path.resolve() / "data"
    assert custom.key_dir == Path("/secrets")
    assert custom.retention_days == 30
    with pytest.raises(InputError, match="SANCTUARY_RETENTION_DAYS"):
        Settings.from_env({"SANCTUARY_RETENTION_DAYS": "a year"}, cwd=tmp_path)
    with pytest.raises(InputError, match="SANCTUARY_LEDGER_ORIGIN"):
        Settings.from_env({"SANCTUARY_LEDGER_ORIGIN": "my log"}, cwd=tmp_path)


@contextlib.contextmanager
def _engine(settings: Settings) -> Iterator[Engine]:
    engine = create_store_engine(settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _verifier(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(VERIFIER), *map(str, args)], capture_output=True, text=True, check=False, timeout=60
    )

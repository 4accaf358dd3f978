"""Lost keys are never silently recreated: a store with data and no keys refuses to seal or sign.

A fresh, empty store still creates its keys on first use (the demo and a first `decide --record`
need nothing else); `sanctuary keys init|rotate|backup` make everything else explicit.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sanctuary.cli import app
from sanctuary.model import InputError as MissingKeyError  # the records' MissingKeyError is one
from sanctuary.records import PersonalDetails, Settings, Store

DETAINER = {
    "action": "hold",
    "setting": "jail",
    "requester": {"kind": "federal_immigration"},
    "instrument": {"type": "detainer"},
}
KEY_FILES = ["ledger.key", "ledger.pub", "pseudonym.secret", "records.key"]


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def said(result: Result) -> str:
    """Stdout on one line (the terminal wraps long lines)."""
    assert result.exit_code == 0, (result.exit_code, result.output)
    return " ".join(result.stdout.split())


def clean_error(result: Result, *words: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    message = " ".join(result.stderr.split())
    assert message.startswith("error: "), message
    for word in words:
        assert word in message, (word, message)
    return message


@pytest.fixture
def request_file(tmp_path: Path) -> Path:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(DETAINER), encoding="utf-8")
    return path


def _key_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_fresh_store_creates_its_keys_on_first_use(records_env: Settings, request_file: Path) -> None:
    assert not records_env.key_dir.exists()
    result = run("decide", str(request_file), "--on", "2025-06-01", "--record", "--subject-name", "Ana Ruiz")
    assert result.exit_code == 0, result.output
    assert run("ledger", "checkpoint").exit_code == 0
    assert set(KEY_FILES) <= set(_key_names(records_env.key_dir))


def test_deleting_the_key_directory_stops_sealing_and_signing(records_env: Settings, request_file: Path) -> None:
    decide = ["decide", str(request_file), "--on", "2025-06-01", "--record", "--subject-name", "Ana Ruiz"]
    assert run(*decide).exit_code == 0
    assert run("ledger", "checkpoint").exit_code == 0
    shutil.rmtree(records_env.key_dir)

    clean_error(run(*decide), "is missing", "never recreated silently", "sanctuary keys init --replace-lost")
    clean_error(run("ledger", "checkpoint"), "ledger.key is missing", "signed checkpoints")
    assert _key_names(records_env.key_dir) == []  # nothing was created behind the operator's back
    with Store.open(records_env) as store:
        assert len(store.cases.list_cases()) == 1  # the failed decision recorded nothing


def test_each_lost_key_is_refused_on_its_own(store: Store) -> None:
    store.cases.open_case(DETAINER, personal=PersonalDetails(name="Ana Ruiz"))
    store.ledger.checkpoint()
    for name, use in (
        ("records.key", lambda s: s.cases.open_case(DETAINER)),
        ("pseudonym.secret", lambda s: s.cases.open_case(DETAINER, personal=PersonalDetails(name="Ana Ruiz"))),
        ("ledger.key", lambda s: s.ledger.checkpoint()),
        ("records.key", lambda s: s.cases.purge(0)),
        ("records.key", lambda s: s.cases.rotate_records_key()),
    ):
        saved = (store.settings.key_dir / name).read_bytes()
        (store.settings.key_dir / name).unlink()
        with Store.open(store.settings) as fresh, pytest.raises(MissingKeyError, match=f"{name} is missing"):
            use(fresh)
        assert not (store.settings.key_dir / name).exists()
        (store.settings.key_dir / name).write_bytes(saved)
        (store.settings.key_dir / name).chmod(0o600)


def test_a_key_nothing_depends_on_yet_may_still_be_created(store: Store) -> None:
    case_id = store.cases.open_case(DETAINER).case_id  # no subject: no pseudonym made yet
    (store.settings.key_dir / "pseudonym.secret").unlink(missing_ok=True)
    store.cases.refer(case_id, "Dana Counsel")  # the first pseudonym: the secret is made now
    assert (store.settings.key_dir / "pseudonym.secret").exists()


def test_the_web_app_refuses_a_store_whose_keys_are_lost(store: Store) -> None:
    from sanctuary.services.site import Site

    store.cases.open_case(DETAINER, personal=PersonalDetails(name="Ana Ruiz"))
    shutil.rmtree(store.settings.key_dir)
    with pytest.raises(MissingKeyError, match=r"pseudonym\.secret is missing"):
        Site.open(store.settings)


def test_keys_init_creates_them_once_and_refuses_to_replace_lost_ones_silently(records_env: Settings) -> None:
    assert "Created ledger.key, ledger.pub, pseudonym.secret, records.key" in said(run("keys", "init"))
    assert _key_names(records_env.key_dir) == KEY_FILES
    assert "already holds every key; nothing was created" in said(run("keys", "init"))

    with Store.open(records_env) as store:
        store.cases.open_case(DETAINER, personal=PersonalDetails(name="Ana Ruiz"))
        store.ledger.checkpoint()
    shutil.rmtree(records_env.key_dir)
    clean_error(run("keys", "init"), "is missing", "--replace-lost")
    result = run("keys", "init", "--replace-lost")
    assert result.exit_code == 0, result.output
    # the new records key is a new generation, so the lost one is named, never confused with it
    assert _key_names(records_env.key_dir) == ["ledger.key", "ledger.pub", "pseudonym.secret", "records-1.key"]
    with Store.open(records_env) as store:
        case_id = store.cases.list_cases()[0].id
        with pytest.raises(MissingKeyError, match="records key generation 0"):
            store.cases.get(case_id, reveal=True)
        store.cases.open_case(DETAINER, personal=PersonalDetails(name="Ana Ruiz"))  # new cases work again


def test_keys_rotate_rewraps_every_case_and_destroys_the_old_key(records_env: Settings) -> None:
    with Store.open(records_env) as store:
        case_id = store.cases.open_case(DETAINER, personal=PersonalDetails(name="Ana Ruiz")).case_id
    shown = said(run("keys", "rotate"))
    assert "Records key generation 1: re-wrapped 1 case key(s); destroyed generation(s) 0." in shown
    assert "records.key" not in _key_names(records_env.key_dir)
    with Store.open(records_env) as store:
        assert store.cases.get(case_id, reveal=True).personal == PersonalDetails(name="Ana Ruiz")


def test_keys_backup_copies_the_keys_privately_and_restores_a_lost_directory(
    records_env: Settings, tmp_path: Path
) -> None:
    with Store.open(records_env) as store:
        case_id = store.cases.open_case(DETAINER, personal=PersonalDetails(name="Ana Ruiz")).case_id
        store.ledger.checkpoint()
    backup = tmp_path / "key-backup"
    assert "(records key generation 0)" in said(run("keys", "backup", str(backup)))
    assert _key_names(backup) == ["ledger.highest", *KEY_FILES]
    assert backup.stat().st_mode & 0o077 == 0
    for path in backup.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path
        assert path.read_bytes() == (records_env.key_dir / path.name).read_bytes()
    clean_error(run("keys", "backup", str(backup)), "is not empty")

    shutil.rmtree(records_env.key_dir)
    shutil.copytree(backup, records_env.key_dir)
    with Store.open(records_env) as store:
        assert store.cases.get(case_id, reveal=True).personal == PersonalDetails(name="Ana Ruiz")
        assert store.verify().ok

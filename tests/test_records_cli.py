"""`sanctuary cases`, `sanctuary ledger`, `sanctuary db` and `sanctuary decide --record`.

Results on stdout; bad input is one `error:` message on stderr with exit code 2; a ledger that does
not verify exits 1 and says which entry.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner, Result

from sanctuary.cli import app
from sanctuary.records import Settings, Store

VERIFIER = Path(__file__).resolve().parents[1] / "verifier" / "sanctuary_verify.py"
DETAINER = {
    "action": "hold",
    "setting": "jail",
    "requester": {"kind": "federal_immigration"},
    "instrument": {"type": "detainer"},
}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (result.exit_code, result.output)
    return result.stdout


def clean_error(result: Result, *words: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    message = " ".join(result.stderr.split())
    assert message.startswith("error: "), message
    assert message.count("error:") == 1
    for word in words:
        assert word in message, (word, message)
    return message


@pytest.fixture
def request_file(tmp_path: Path) -> Path:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(DETAINER), encoding="utf-8")
    return path


def test_decide_record_opens_a_case_and_prints_its_id(records_env: Settings, request_file: Path) -> None:
    shown = ok("decide", str(request_file), "--on", "2025-06-01", "--record")
    case_id = shown.strip().splitlines()[-1].removeprefix("Case opened: ")
    data = json.loads(ok("decide", str(request_file), "--on", "2025-06-01", "--record", "--json"))
    assert data["outcome"] == "decline"
    with Store.open(records_env) as store:
        kinds = [e.kind for e in store.ledger.entries(case_id=case_id)]
        assert kinds == ["case_opened", "decision_made"]
        assert store.cases.get(data["case_id"]).status == "decided"
    listed = json.loads(ok("cases", "list", "--json"))
    assert {row["id"] for row in listed} == {case_id, data["case_id"]}


def test_decide_record_with_a_document_attaches_it(records_env: Settings, tmp_path: Path, request_file: Path) -> None:
    paper = tmp_path / "detainer.txt"
    paper.write_text(
        "DEPARTMENT OF HOMELAND SECURITY\nIMMIGRATION DETAINER - NOTICE OF ACTION\nForm I-247A\n"
        "/s/ J. Smith, Supervisory Detention and Deportation Officer\n",
        encoding="utf-8",
    )
    data = json.loads(ok("decide", str(request_file), "--document", str(paper), "--record", "--json"))
    shown = json.loads(ok("cases", "show", data["case_id"][:8], "--json"))
    assert [t["kind"] for t in shown["timeline"]] == ["case_opened", "document_attached", "decision_made"]
    assert shown["documents"][0]["size"] == paper.stat().st_size
    assert "filename" not in shown["documents"][0]
    revealed = json.loads(ok("cases", "show", data["case_id"], "--json", "--reveal"))
    assert revealed["documents"][0]["filename"] == "detainer.txt"


def test_subject_details_need_record_and_a_valid_date(records_env: Settings, request_file: Path) -> None:
    clean_error(run("decide", str(request_file), "--subject-name", "Ana Ruiz"), "--record")
    clean_error(
        run("decide", str(request_file), "--record", "--subject-dob", "5 May 1990"), "date_of_birth", "personal details"
    )
    assert json.loads(ok("cases", "list", "--json")) == []


def test_cases_show_export_and_errors(records_env: Settings, request_file: Path, tmp_path: Path) -> None:
    case_id = json.loads(ok("decide", str(request_file), "--record", "--json"))["case_id"]
    shown = ok("cases", "show", case_id)
    assert case_id in shown
    assert "Decided by the rules" in shown  # the ledger entry, in words
    exported = json.loads(ok("cases", "export", case_id))
    assert exported["format"] == "sanctuary-case-export/1"
    assert [e["kind"] for e in exported["ledger"]["entries"]] == ["case_opened", "decision_made"]
    out = tmp_path / "case.json"
    ok("cases", "export", case_id, "--out", str(out))
    assert json.loads(out.read_text())["case"]["id"] == case_id
    clean_error(run("cases", "show", "0123456789abcdef"), "no case")
    clean_error(run("cases", "show", "not-an-id"), "not a case id")
    clean_error(run("cases", "list", "--status", "pending"), "allowed values")
    clean_error(run("cases", "export", case_id, "--out", str(tmp_path / "missing" / "case.json")), "Cannot write")


def test_ledger_checkpoint_proof_and_export_verify_standalone(
    records_env: Settings, request_file: Path, tmp_path: Path
) -> None:
    for _ in range(3):
        ok("decide", str(request_file), "--record")
    note = ok("ledger", "checkpoint")
    assert note.splitlines()[:2] == [records_env.origin, "6"]
    assert json.loads(ok("ledger", "checkpoint", "--json"))["size"] == 6
    proof = tmp_path / "proof.json"
    proof.write_text(ok("ledger", "proof", "4", "--checkpoint-out", str(tmp_path / "cp.txt")))
    assert json.loads(proof.read_text()).keys() == {"index", "tree_size", "leaf_hash", "proof"}
    public = tmp_path / "public"
    assert "Exported 6 entries" in ok("ledger", "export", str(public))
    checks = [
        ["--checkpoint", str(public / "checkpoint.txt"), "--key-file", str(public / "ledger.pub"),
         "--entries", str(public / "ledger.jsonl")],
        ["--checkpoint", str(tmp_path / "cp.txt"), "--key-file", str(public / "ledger.pub"),
         "--inclusion-proof", str(proof)],
    ]  # fmt: skip
    old_checkpoint = tmp_path / "old.txt"
    old_checkpoint.write_text(note)
    ok("decide", str(request_file), "--record")
    consistency = tmp_path / "consistency.json"
    consistency.write_text(ok("ledger", "consistency", "6", "--checkpoint-out", str(tmp_path / "new.txt")))
    assert json.loads(consistency.read_text())["new_size"] == 8
    checks.append(
        ["--checkpoint", str(tmp_path / "new.txt"), "--old-checkpoint", str(old_checkpoint),
         "--consistency-proof", str(consistency), "--key-file", str(public / "ledger.pub")]
    )  # fmt: skip
    for args in checks:
        result = subprocess.run([sys.executable, str(VERIFIER), *args], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout
    assert json.loads(ok("ledger", "verify", "--json"))["ok"] is True
    clean_error(run("ledger", "consistency", "99"), "covers 8 entries")
    clean_error(run("ledger", "proof", "99"), "no ledger entry 99")
    clean_error(run("ledger", "export", str(public / "ledger.jsonl")), "is a file")


def test_ledger_verify_exits_1_and_names_the_entry(records_env: Settings, request_file: Path) -> None:
    ok("decide", str(request_file), "--record")
    ok("ledger", "checkpoint")
    with Store.open(records_env) as store, store.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP TRIGGER ledger_entries_append_only ON ledger_entries"))
        else:
            connection.execute(text("DROP TRIGGER ledger_entries_no_update"))
        connection.execute(text("""UPDATE ledger_entries SET payload = replace(payload, 'hold', 'ask_status')"""))
    result = run("ledger", "verify")
    assert result.exit_code == 1
    assert "entry 0: its payload does not hash to its leaf hash" in " ".join(result.stdout.split())
    report = json.loads(run("ledger", "verify", "--json").stdout)
    assert report["ok"] is False
    assert report["problems"][0]["where"] == "entry 0"
    clean_error(run("ledger", "verify", "--verifier-key", "nonsense"), "verifier key is malformed")


def test_db_upgrade_and_a_missing_migration(records_env: Settings) -> None:
    assert "already at revision" in ok("db", "upgrade")
    with Store.open(records_env) as store, store.engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
    clean_error(run("cases", "list"), "revision none", "sanctuary db upgrade")
    clean_error(run("ledger", "verify"), "revision none")
    # the tables are there without a revision: the migration fails, says why, and changes nothing
    clean_error(run("db", "upgrade"), "migration to", "already exists", "left as it was")


def test_a_database_that_cannot_be_reached_is_one_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SANCTUARY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    clean_error(run("cases", "list"), "Cannot connect to the database")
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", "mysql://x@y/z")
    clean_error(run("ledger", "verify"), "not supported")

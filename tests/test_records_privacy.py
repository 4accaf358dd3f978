"""The record must not endanger the people in it: no personal data in exports, logs or the ledger,
and a retention purge shreds what the case held while the ledger still verifies.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

import sanctuary
from sanctuary.cli import app
from sanctuary.model import InputError
from sanctuary.records import NewDocument, PersonalDetails, Settings, Store
from sanctuary.records.models import Case, CaseKey, CasePersonal

NAME = "Esperanza Quintanilla-Vega"
DOB = "1987-09-14"
IDENTIFIERS = ("A 208 551 973", "Passport X48213977")
#: Every form in which the subject could leak: name parts, birth date forms, identifiers with and without spaces.
NEEDLES = (
    "Esperanza",
    "Quintanilla",
    "ESPERANZA",
    "esperanza",
    "1987-09-14",
    "09/14/1987",
    "19870914",
    "208 551 973",
    "208551973",
    "208-551-973",
    "X48213977",
)
PAPER = """U.S. DEPARTMENT OF HOMELAND SECURITY
WARRANT FOR ARREST OF ALIEN
To: ESPERANZA QUINTANILLA-VEGA, born 09/14/1987
File No. A 208-551-973
YOU ARE COMMANDED to arrest and take into custody for removal proceedings the above-named alien.
/s/ Mark Holloway
Signature of Authorized Immigration Officer
Form I-200 (Rev. 09/16)
"""
REQUEST = {"action": "enter_facility", "setting": "city_office", "area": "non_public",
           "requester": {"kind": "federal_immigration", "agency": "ICE ERO"}}  # fmt: skip

runner = CliRunner()


def _leaks(text: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in text]


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_exports_logs_and_ledger_hold_no_personal_data(
    records_env: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    paper = tmp_path / "warrant-esperanza-quintanilla.txt"
    paper.write_text(PAPER, encoding="utf-8")
    request = tmp_path / "request.json"
    request.write_text(json.dumps(REQUEST), encoding="utf-8")
    subject = ["--subject-name", NAME, "--subject-dob", DOB]
    for identifier in IDENTIFIERS:
        subject += ["--subject-id", identifier]

    outputs = [_cli("decide", str(request), "--document", str(paper), "--record", *subject, "--json")]
    case_id = json.loads(outputs[0])["case_id"]
    outputs.append(_cli("decide", str(request), "--document", str(paper), "--record", *subject))
    public = tmp_path / "public"
    case_file = tmp_path / "case.json"
    outputs += [
        _cli("cases", "list"),
        _cli("cases", "list", "--json"),
        _cli("cases", "show", case_id),
        _cli("cases", "show", case_id, "--json"),
        _cli("cases", "export", case_id),
        _cli("cases", "export", case_id, "--out", str(case_file)),
        _cli("ledger", "export", str(public)),
        _cli("ledger", "checkpoint", "--json"),
        _cli("ledger", "proof", "1"),
        _cli("ledger", "verify", "--json"),
    ]
    files = [case_file, *public.iterdir()]
    with Store.open(records_env) as store:
        payloads = [entry.payload for entry in store.ledger.entries()]
        revealed = store.cases.get(case_id, reveal=True)
        with store.engine.connect() as connection:
            rows = [repr(connection.execute(select(table)).all()) for table in _tables()]
    assert revealed.personal is not None
    assert revealed.personal.name == NAME  # the details are kept, sealed
    assert revealed.documents[0].filename == paper.name
    assert "Esperanza" in _cli("cases", "show", case_id, "--reveal")

    # the decision output itself shows what the reader saw (for the clerk at the desk); the decision
    # printed on screen is not an export, so only the record's outputs are scanned
    for text in [*outputs[2:], *payloads, *rows, caplog.text, *(f.read_text(encoding="utf-8") for f in files)]:
        assert not _leaks(text), (_leaks(text), text[:2000])
    assert paper.name not in json.dumps([outputs[2:], payloads, rows])
    assert "Holloway" not in json.dumps([outputs[2:], payloads, rows])
    if records_env.database_url.startswith("sqlite"):
        database = Path(records_env.database_url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        for needle in NEEDLES:
            assert needle.encode() not in raw, needle


def test_purge_shreds_personal_data_and_the_ledger_still_verifies(store: Store, tmp_path: Path) -> None:
    paper = tmp_path / "paper.txt"
    paper.write_text(PAPER, encoding="utf-8")
    decision = sanctuary.decide(REQUEST, on="2025-06-01", document=paper)
    personal = PersonalDetails(name=NAME, date_of_birth=dt.date.fromisoformat(DOB), identifiers=IDENTIFIERS)
    document = NewDocument(paper.read_bytes(), paper.name, decision.document)
    receipt = store.cases.open_case(REQUEST, decision=decision, personal=personal, documents=[document])
    kept = store.cases.open_case(REQUEST, personal=PersonalDetails(name="Someone Else"))
    store.cases.add_note(receipt.case_id, f"Spoke with {NAME} at the counter.")
    document_id = store.cases.get(receipt.case_id).documents[0].id
    assert store.cases.document_content(receipt.case_id, document_id) == (paper.name, paper.read_bytes())
    store.ledger.checkpoint()

    assert store.cases.purge(30) == []  # nothing is 30 days old yet
    with store.engine.begin() as connection:  # the first case saw its last activity 40 days ago
        connection.execute(
            update(Case)
            .where(Case.id == receipt.case_id)
            .values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=40))
        )
    assert store.cases.purge(30) == [receipt.case_id]
    assert not store.cases.get(kept.case_id).purged

    view = store.cases.get(receipt.case_id, reveal=True)
    assert view.purged
    assert view.personal is None
    assert view.documents[0].shredded
    assert view.documents[0].filename is None
    assert decision.document is not None
    assert view.documents[0].sha256 == decision.document.sha256
    assert view.note_texts is not None
    assert [n.text for n in view.note_texts] == [None]
    assert view.timeline[-1].kind == "purged"
    with pytest.raises(InputError, match="purged"):
        store.cases.document_content(receipt.case_id, document_id)
    with pytest.raises(InputError, match="purged"):
        store.cases.add_note(receipt.case_id, "more")
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).where(CaseKey.case_id == receipt.case_id)).scalar_one() == 0
        assert connection.execute(select(func.count()).where(CasePersonal.case_id == receipt.case_id)).scalar_one() == 0
    assert store.cases.purge(0) == [kept.case_id]
    assert store.cases.purge(0) == []  # each case is purged once
    report = store.verify()
    assert report.ok, report.problems
    assert report.latest_checkpoint is not None
    assert report.entries > report.latest_checkpoint


def test_purge_from_the_command_line_uses_days_without_activity(records_env: Settings) -> None:
    with Store.open(records_env) as store:
        receipt = store.cases.open_case(REQUEST, personal=PersonalDetails(name=NAME))
    assert "0 case(s)" in _cli("cases", "purge", "--older-than", "30")
    result = json.loads(_cli("cases", "purge", "--older-than", "0", "--json"))
    assert result == {"older_than_days": 0, "purged": [receipt.case_id], "records_key_generation": 1}
    assert json.loads(_cli("ledger", "verify", "--json"))["ok"] is True


def test_the_same_person_gets_the_same_pseudonym_and_only_with_this_secret(store: Store, tmp_path: Path) -> None:
    first = store.cases.open_case(REQUEST, personal=PersonalDetails(name=NAME, date_of_birth=dt.date(1987, 9, 14)))
    second = store.cases.open_case(
        REQUEST, personal=PersonalDetails(name="  esperanza   QUINTANILLA-VEGA ", date_of_birth=dt.date(1987, 9, 14))
    )
    by_id = store.cases.open_case(REQUEST, personal=PersonalDetails(identifiers=("a208-551-973",)))
    again = store.cases.open_case(REQUEST, personal=PersonalDetails(identifiers=("A 208 551 973",)))
    subjects = [store.ledger.entries(case_id=r.case_id)[0].fields()["subjects"] for r in (first, second, by_id, again)]
    assert subjects[0] == subjects[1]
    assert len(subjects[0]) == 1
    assert subjects[2] == subjects[3]
    assert subjects[2] != subjects[0]
    other = PersonalDetails(name=NAME, date_of_birth=dt.date(1987, 9, 14)).pseudonyms(b"\x01" * 32)
    assert other != subjects[0]


def test_personal_details_are_validated() -> None:
    with pytest.raises(InputError, match="date_of_birth"):
        PersonalDetails.parse({"name": NAME, "date_of_birth": "14/09/1987"})
    with pytest.raises(InputError, match="future"):
        PersonalDetails.parse({"date_of_birth": (dt.date.today() + dt.timedelta(days=2)).isoformat()})
    with pytest.raises(InputError, match="identifiers"):
        PersonalDetails.parse({"identifiers": ["  - "]})


def _tables() -> list[object]:
    from sanctuary.records.models import Base

    return list(Base.metadata.sorted_tables)

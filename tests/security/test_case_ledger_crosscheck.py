"""Case rows that disagree with the ledger are caught (issue 12, item 6).

An attacker who can write the database changes a case's rows directly with SQL, leaving the
ledger alone (its entries are hashed into signed checkpoints). ``ledger verify`` must name the case
and the field, and ``cases show``, ``cases export`` and the web's case page must refuse the case
rather than show the forged value. Runs on SQLite and, when SANCTUARY_TEST_DATABASE_URL is set,
on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

import sanctuary
from sanctuary.cli import app
from sanctuary.model import NotFound
from sanctuary.records import CaseMismatch, IncrementalVerifier, NewDocument, PersonalDetails, Store
from sanctuary.services.site import Limits, Site

runner = CliRunner()
DAY = "2025-06-01"
DETAINER = {
    "action": "hold",
    "setting": "jail",
    "requester": {"kind": "federal_immigration", "agency": "ICE ERO"},
    "instrument": {"type": "detainer"},
}
#: A detainer (Form I-247A) as the request says: a paper that agrees with the request is decided, not referred.
PAPER = (Path(__file__).resolve().parents[1] / "corpus" / "documents" / "102-i247a.txt").read_bytes()


def _declined(store: Store, tmp_path: Path) -> str:
    """A case the engine declined, with a paper, a subject, a department and duties."""
    paper = tmp_path / "paper.txt"
    paper.write_bytes(PAPER)
    decision = sanctuary.decide(DETAINER, on=DAY, document=paper)
    assert decision.outcome.value == "decline"
    assert decision.obligations, "the detainer decision triggers duties"
    receipt = store.cases.open_case(
        DETAINER,
        decision=decision,
        personal=PersonalDetails(name="Ana Ruiz", date_of_birth=dt.date(1991, 4, 5), identifiers=("A 087 331 602",)),
        documents=[NewDocument(PAPER, "paper.txt", decision.document)],
        department="County Jail",
    )
    return receipt.case_id


def _full_life(store: Store, tmp_path: Path) -> str:
    """A declined case that was also referred, decided by counsel, had a duty done and was closed."""
    case_id = _declined(store, tmp_path)
    first = store.cases.get(case_id).obligations[0].id
    store.cases.complete_obligation(case_id, first)
    store.cases.refer(case_id, "Counsel Dana")
    store.cases.decide_by_counsel(case_id, "decline", note="Checked the paper: administrative.")
    store.cases.close(case_id)
    return case_id


def _sql(store: Store, statement: str, **params: Any) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(statement), params)


def _set_json(store: Store, column: str, case_id: str, change: Callable[[Any], None]) -> None:
    """Rewrite a JSON column of the case row with SQL, as an attacker with the database would."""
    assert column in {"request", "decision", "subjects"}
    with store.engine.begin() as connection:
        raw = connection.execute(
            text(f"SELECT {column} FROM cases WHERE id = :c"),  # noqa: S608 - fixed names
            {"c": case_id},
        ).scalar_one()
        value = json.loads(raw) if isinstance(raw, str) else raw
        change(value)
        cast = "CAST(:v AS JSON)" if connection.dialect.name == "postgresql" else ":v"
        connection.execute(
            text(f"UPDATE cases SET {column} = {cast} WHERE id = :c"),  # noqa: S608 - fixed names
            {"v": json.dumps(value), "c": case_id},
        )


def _case_problems(store: Store, case_id: str) -> list[str]:
    report = store.verify()
    assert not report.ok, "the changed case row went unnoticed by ledger verify"
    return [problem.message for problem in report.problems if problem.where == f"case {case_id}"]


def test_outcome_changed_to_comply_is_caught_by_verify_show_and_export(
    store: Store, records_env: Any, tmp_path: Path
) -> None:
    """The reported attack: `UPDATE cases SET outcome='comply'` on a declined case."""
    case_id = _declined(store, tmp_path)
    assert store.verify().ok
    assert store.cases.get(case_id).outcome == "decline"
    store.ledger.checkpoint()

    _sql(store, "UPDATE cases SET outcome = 'comply' WHERE id = :c", c=case_id)

    problems = _case_problems(store, case_id)
    assert any("outcome: the case table says 'comply', the ledger says 'decline' (entry 2)" in p for p in problems)
    result = runner.invoke(app, ["ledger", "verify"])
    assert result.exit_code == 1
    assert f"case {case_id}: outcome" in result.output

    with pytest.raises(CaseMismatch) as refused:
        store.cases.get(case_id)
    assert "the ledger says 'decline'" in str(refused.value)
    for args in (["cases", "show", case_id], ["cases", "show", case_id, "--json"], ["cases", "show", case_id[:8]]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "does not match its ledger entries" in result.output
        assert "'decline'" in result.output
        assert "Traceback" not in result.output
    out = tmp_path / "export.json"
    result = runner.invoke(app, ["cases", "export", case_id, "--out", str(out)])
    assert result.exit_code == 2
    assert "does not match its ledger entries" in result.output
    assert not out.exists(), "a refused export writes nothing"
    assert runner.invoke(app, ["cases", "export", case_id]).exit_code == 2

    # Put the row back: everything reads and verifies again.
    _sql(store, "UPDATE cases SET outcome = 'decline' WHERE id = :c", c=case_id)
    assert store.verify().ok
    assert runner.invoke(app, ["cases", "show", case_id]).exit_code == 0
    assert runner.invoke(app, ["cases", "export", case_id, "--out", str(out)]).exit_code == 0


def _forge_citation(value: Any) -> None:
    value["reasons"][0]["citation"] = "Forged citation"


TAMPERING: dict[str, tuple[str, Callable[[Store, str], None]]] = {
    "status": ("status", lambda s, c: _sql(s, "UPDATE cases SET status = 'open' WHERE id = :c", c=c)),
    "counsel_outcome": (
        "counsel_outcome",
        lambda s, c: _sql(s, "UPDATE cases SET counsel_outcome = 'comply' WHERE id = :c", c=c),
    ),
    "decided_on": ("decided_on", lambda s, c: _sql(s, "UPDATE cases SET decided_on = '2020-01-02' WHERE id = :c", c=c)),
    "pack": ("pack", lambda s, c: _sql(s, "UPDATE cases SET pack = 'forged-pack' WHERE id = :c", c=c)),
    "department": ("department", lambda s, c: _sql(s, "UPDATE cases SET department = 'LAPD' WHERE id = :c", c=c)),
    "assigned_to": (
        "assigned_to",
        lambda s, c: _sql(s, "UPDATE cases SET assigned_to = 'Counsel Eve' WHERE id = :c", c=c),
    ),
    "opened_by": ("opened_by", lambda s, c: _sql(s, "UPDATE cases SET opened_by = 'Clerk Eve' WHERE id = :c", c=c)),
    "subjects": ("subjects", lambda s, c: _set_json(s, "subjects", c, lambda v: v.pop())),
    "request": ("request's SHA-256", lambda s, c: _set_json(s, "request", c, lambda v: v.update(action="interview"))),
    "decision": ("decision's SHA-256", lambda s, c: _set_json(s, "decision", c, _forge_citation)),
    "opened_at": (
        "opened_at",
        lambda s, c: _sql(s, "UPDATE cases SET opened_at = '2020-01-02 03:04:05' WHERE id = :c", c=c),
    ),
    "closed_at": ("closed_at", lambda s, c: _sql(s, "UPDATE cases SET closed_at = NULL WHERE id = :c", c=c)),
    "purged_at": (
        "purged_at",
        lambda s, c: _sql(s, "UPDATE cases SET purged_at = '2030-01-02 03:04:05' WHERE id = :c", c=c),
    ),
    "duty undone": (
        "done_at",
        lambda s, c: _sql(s, "UPDATE case_obligations SET done_at = NULL WHERE case_id = :c", c=c),
    ),
    "duty due day": (
        "due_on",
        lambda s, c: _sql(s, "UPDATE case_obligations SET due_on = '2031-01-01' WHERE case_id = :c", c=c),
    ),
    "duty words": ("who", lambda s, c: _sql(s, "UPDATE case_obligations SET who = 'nobody' WHERE case_id = :c", c=c)),
    "duty removed": (
        "duties",
        lambda s, c: _sql(
            s,
            "DELETE FROM case_obligations WHERE id = (SELECT MAX(id) FROM case_obligations WHERE case_id = :c)",
            c=c,
        ),
    ),
    "document digest": (
        "document 1 sha256",
        lambda s, c: _sql(s, "UPDATE case_documents SET sha256 = :d WHERE case_id = :c", d="0" * 64, c=c),
    ),
    "document size": (
        "document 1 size",
        lambda s, c: _sql(s, "UPDATE case_documents SET size = 1 WHERE case_id = :c", c=c),
    ),
    "document removed": (
        "documents",
        lambda s, c: _sql(s, "DELETE FROM case_documents WHERE case_id = :c", c=c),
    ),
    "document reading": (
        "document 1 reading type",
        lambda s, c: _sql(s, "UPDATE case_documents SET reading = NULL WHERE case_id = :c", c=c),
    ),
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_each_field_the_ledger_records_is_cross_checked(store: Store, tmp_path: Path, name: str) -> None:
    field, tamper = TAMPERING[name]
    case_id = _full_life(store, tmp_path)
    other = _declined(store, tmp_path)
    assert store.verify().ok
    store.cases.get(case_id)

    tamper(store, case_id)

    problems = _case_problems(store, case_id)
    assert problems, f"no problem names case {case_id}"
    assert any(field in p for p in problems), problems
    assert all(p.where in {f"case {case_id}"} for p in store.verify().problems), "only the changed case is reported"
    with pytest.raises(CaseMismatch) as refused:
        store.cases.get(case_id)
    assert field in str(refused.value)
    assert store.cases.get(other).id == other, "the other cases still read"


def test_a_deleted_or_forged_case_row_is_caught(store: Store, tmp_path: Path) -> None:
    gone = _full_life(store, tmp_path)
    kept = _declined(store, tmp_path)
    forged = "f" * 32
    with store.engine.begin() as connection:
        for table in ("case_obligations", "case_documents", "case_notes", "case_personal", "case_keys"):
            connection.execute(text(f"DELETE FROM {table} WHERE case_id = :c"), {"c": gone})  # noqa: S608 - fixed names
        connection.execute(text("DELETE FROM cases WHERE id = :c"), {"c": gone})
        connection.execute(
            text(
                "INSERT INTO cases (id, status, pack, opened_at, updated_at, request, subjects, outcome) "
                "SELECT :f, status, pack, opened_at, updated_at, request, subjects, 'comply' FROM cases WHERE id = :k"
            ),
            {"f": forged, "k": kept},
        )
    report = store.verify()
    assert not report.ok
    by_case = {p.where: p.message for p in report.problems}
    assert "but the case tables have no row for it: it was deleted" in by_case[f"case {gone}"]
    assert "the ledger holds no entry for this case" in by_case[f"case {forged}"]
    assert f"case {kept}" not in by_case
    with pytest.raises(NotFound):
        store.cases.get(gone)
    with pytest.raises(CaseMismatch, match="no entry for this case"):
        store.cases.get(forged)


def test_purged_cases_and_untouched_cases_verify_and_read(store: Store, tmp_path: Path) -> None:
    """No false alarms: every kind of event, a purge, and counsel's pseudonym all agree."""
    lived = _full_life(store, tmp_path)
    purged = _declined(store, tmp_path)
    store.cases.add_note(purged, "Spoke with the family.")
    store.cases.refer(purged, "Counsel Dana")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    assert purged in store.cases.purge(365, now=later)
    report = store.verify()
    assert report.ok, report.problems
    assert report.cases == 2
    assert store.cases.get(lived).status == "closed"
    assert store.cases.get(purged).purged
    _sql(store, "UPDATE cases SET purged_at = NULL WHERE id = :c", c=purged)
    assert any("purged_at" in p for p in _case_problems(store, purged))


def test_a_purged_case_keeps_its_counts(store: Store, tmp_path: Path) -> None:
    case_id = _declined(store, tmp_path)
    store.cases.add_note(case_id, "Spoke with the family.")
    store.cases.purge(0, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert store.verify().ok
    _sql(store, "DELETE FROM case_notes WHERE case_id = :c", c=case_id)
    assert any("notes (count when purged)" in p for p in _case_problems(store, case_id))


def test_incremental_verification_checks_the_cases_new_entries_touch(store: Store, tmp_path: Path) -> None:
    case_id = _declined(store, tmp_path)
    verifier = IncrementalVerifier(store.ledger)
    assert verifier.verify().ok
    _sql(store, "UPDATE cases SET outcome = 'comply' WHERE id = :c", c=case_id)
    store.cases.complete_obligation(case_id, store.ledger.entries(case_id=case_id)[-1].fields()["obligations"][0])
    report = verifier.verify()
    assert not report.ok
    assert report.verified_from == 0, "the mismatch sends the incremental run to a full one, which names it"
    assert any(p.where == f"case {case_id}" and "outcome" in p.message for p in report.problems)


def test_the_web_case_page_source_refuses_a_changed_case(records_settings: Any, tmp_path: Path) -> None:
    site = Site.open(records_settings, limits=Limits())
    try:
        case_id = _declined(site.store, tmp_path)
        assert site.case(case_id).outcome == "decline"
        _sql(site.store, "UPDATE cases SET outcome = 'comply' WHERE id = :c", c=case_id)
        with pytest.raises(CaseMismatch, match="the ledger says 'decline'"):
            site.case(case_id)
        with pytest.raises(CaseMismatch):
            site.case(case_id, reveal=True)
    finally:
        site.store.close()


def test_the_web_case_page_and_api_refuse_a_changed_case(records_settings: Any, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from test_web import PASSWORD, as_role

    from sanctuary.services.site import ROLES
    from sanctuary.web import WebSettings, create_app

    web_app = create_app(WebSettings(records=records_settings, limits=Limits()))
    for role in ROLES:
        web_app.state.site.accounts.add_user(role, role, PASSWORD)
    with TestClient(web_app, base_url="https://testserver") as client:
        case_id = _declined(web_app.state.site.store, tmp_path)
        as_role(client, "counsel")
        assert client.get(f"/cases/{case_id}").status_code == 200
        _sql(web_app.state.site.store, "UPDATE cases SET outcome = 'comply' WHERE id = :c", c=case_id)
        page = client.get(f"/cases/{case_id}")
        assert page.status_code == 422
        assert "does not match its ledger entries" in page.text
        assert "comply</" not in page.text
        api = client.get(f"/api/cases/{case_id}")
        assert api.status_code == 422
        assert "the ledger says" in api.text

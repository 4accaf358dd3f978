"""Reports from a store of a few thousand fictitious cases, checked against an independent count.

The expected counts come from the generator's own list of what it recorded, with each report's
scope and categories restated here from the documentation (docs/reports.md), not from the code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reports_attack import published_system, recoverable
from reports_generator import Clock, Made, generate
from typer.testing import CliRunner, Result

from sanctuary.cli import app
from sanctuary.model import InputError
from sanctuary.records import Settings, Store, upgrade_database
from sanctuary.reports import CSV_COLUMNS, build_report, parse_period, to_json, write_report
from sanctuary.services.reporting import make_report

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
CASES = 2600
#: docs/reports.md's order of seriousness, restated so that the code is checked against the docs.
OFFENSES = (
    "violent_felony",
    "serious_felony",
    "sex_arson_registrant",
    "federal_aggravated_felony",
    "reentry_after_aggravated_felony_removal",
    "outstanding_federal_felony_warrant",
    "pending_serious_charge_probable_cause",
    "state_prison_felony",
    "listed_felony_15y",
    "listed_wobbler_5y",
)
ACCESS_DATA = {"release_date", "home_address", "work_address", "supervision_schedule", "custody_status"}


@pytest.fixture(autouse=True)
def utc_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The independent count below buckets by UTC days; the city's own zone is tested in test_reports_language."""
    monkeypatch.setenv("SANCTUARY_TIME_ZONE", "UTC")


@pytest.fixture(scope="session")
def year_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[Made]]]:
    """One SQLite store with a year of cases, shared by the tests of this module (built once)."""
    folder = tmp_path_factory.mktemp("reports")
    settings = Settings(
        data_dir=folder / "var", database_url=f"sqlite:///{folder / 'r.db'}", key_dir=folder / "keys", origin="t/l"
    )
    upgrade_database(settings)
    clock = Clock(dt.datetime(2024, 12, 1, tzinfo=dt.UTC))
    store = Store.open(settings, clock=clock)
    made = generate(store, clock, CASES)
    try:
        yield store, made
    finally:
        store.close()


# --- the independent count -------------------------------------------------------------------


def final(c: Made) -> str:
    return c.counsel_outcome or c.outcome or "pending"


def immigration(c: Made) -> bool:
    requester = c.request.get("requester") or {}
    return (
        requester.get("kind") == "federal_immigration"
        or bool(requester.get("acting_for_immigration"))
        or c.request.get("purpose") in {"civil_immigration", "criminal_immigration"}
    )


def access(c: Made) -> str:
    action = c.request["action"]
    named = {
        "hold": "hold_request",
        "notify_release": "notification_request",
        "transfer_custody": "transfer_request",
        "interview": "interview",
    }
    if action in named:
        return named[action]
    if action == "share_data" and ACCESS_DATA & set(c.request.get("data") or ()):
        return "release_or_address_information"
    return "not_recorded"


SCOPES: dict[str, Callable[[Made], bool]] = {
    "transparency": lambda c: True,
    "council": immigration,
    "doj-transfers": lambda c: c.request["action"] == "transfer_custody" and final(c) in {"comply", "partial"},
    "task-force": lambda c: (
        c.request.get("purpose") == "task_force" or c.request.get("assist_kind") == "joint_operation"
    ),
    "truth-forum": lambda c: immigration(c) and access(c) != "not_recorded",
    "school-board": lambda c: c.request.get("setting") == "school" and immigration(c),
}


def offense(c: Made) -> str:
    history = (c.request.get("subject") or {}).get("history")
    if history is None:
        return "not_known"
    return next((tag for tag in OFFENSES if tag in history), "none_recorded")


def category(c: Made, variable: str) -> str:
    request = c.request
    value: Any = {
        "department": c.department,
        "setting": request.get("setting"),
        "requester": (request.get("requester") or {}).get("kind"),
        "action": request["action"],
        "instrument": (request.get("instrument") or {}).get("type"),
        "outcome": final(c),
        "purpose": request.get("purpose"),
        "offense": offense(c),
        "access": access(c),
        "month": c.opened_at.strftime("%Y-%m"),
    }[variable]
    return value or "not_recorded"


def duty_status(due: dt.date | None, done: dt.datetime | None, cutoff: dt.datetime) -> str:
    if done is not None and done < cutoff:
        return "on_time" if due is None or done.date() <= due else "late"
    last_day = (cutoff - dt.timedelta(seconds=1)).date()
    return "late" if due is not None and last_day > due else "open"


def expected(made: list[Made], kind: str, start: dt.datetime, cutoff: dt.datetime) -> dict[str, list[dict[str, str]]]:
    cases = [c for c in made if start <= c.opened_at < cutoff and SCOPES[kind](c)]
    duties = [{"obligation": ob, "status": duty_status(due, done, cutoff)} for c in cases for ob, due, done in c.duties]
    variables = ("department", "setting", "requester", "action", "instrument", "outcome", "purpose", "offense")
    rows = [{v: category(c, v) for v in (*variables, "access", "month")} for c in cases]
    return {"cases": rows, "duties": duties}


def check_against(report: dict[str, Any], truth: dict[str, list[dict[str, str]]]) -> int:
    """Every published count equals the independent one; every hidden one is consistent. Returns checks."""
    checked = 0

    def agree(cell: dict[str, Any], true: int) -> None:
        nonlocal checked
        checked += 1
        if cell["status"] == "shown":
            assert cell["value"] == true, (cell, true)
        elif cell["status"] == "small":
            assert 1 <= true <= 10, (cell, true)
        else:
            assert cell["status"] == "complementary"
            assert cell["value"] is None

    for table in report["tables"]:
        records = truth[table["population"]]
        agree(table["total"], len(records))
        row_var = table["rows"]["variable"]
        row_keys = [c["key"] for c in table["rows"]["categories"]]
        by_row = Counter(r[row_var] for r in records)
        assert set(by_row) <= set(row_keys), (table["id"], set(by_row) - set(row_keys))
        for key, cell in zip(row_keys, table["row_totals"], strict=True):
            agree(cell, by_row[key])
        if table["columns"] is None:
            continue
        col_var = table["columns"]["variable"]
        col_keys = [c["key"] for c in table["columns"]["categories"]]
        by_col = Counter(r[col_var] for r in records)
        by_cell = Counter((r[row_var], r[col_var]) for r in records)
        for key, cell in zip(col_keys, table["column_totals"], strict=True):
            agree(cell, by_col[key])
        for r, row in enumerate(table["cells"]):
            for c, cell in enumerate(row):
                agree(cell, by_cell[(row_keys[r], col_keys[c])])
    return checked


PERIODS = {
    "2025": (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    "2025Q3": (dt.datetime(2025, 7, 1, tzinfo=dt.UTC), dt.datetime(2025, 10, 1, tzinfo=dt.UTC)),
    "2025-01-01..2025-06-30": (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2025, 7, 1, tzinfo=dt.UTC)),
}
KINDS = tuple(SCOPES)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("period", PERIODS)
def test_every_count_matches_an_independent_count(year_store: tuple[Store, list[Made]], kind: str, period: str) -> None:
    store, made = year_store
    report = to_json(make_report(store, kind, period, now=NOW))
    start, cutoff = PERIODS[period]
    truth = expected(made, kind, start, cutoff)
    assert truth["cases"], f"the generator made no {kind} case in {period}: the test would prove nothing"
    assert check_against(report, truth) > 20
    assert report["populations"][0]["id"] == "cases"
    equations, known, hidden = published_system(report)
    assert not recoverable(equations, known) & hidden


def test_the_year_has_hidden_and_shown_counts(year_store: tuple[Store, list[Made]]) -> None:
    store, _ = year_store
    report = to_json(make_report(store, "doj-transfers", "2025", now=NOW))
    statuses = Counter(cell["status"] for table in report["tables"] for row in table["cells"] or () for cell in row)
    assert statuses["shown"], statuses
    assert statuses["small"], statuses
    assert statuses["complementary"], statuses
    assert report["privacy"]["suppressed_small"] > 0


def test_checkpoint_is_the_latest_at_the_end_of_the_period(year_store: tuple[Store, list[Made]]) -> None:
    store, _ = year_store
    half = to_json(make_report(store, "transparency", "2025-01-01..2025-06-30", now=NOW))
    assert half["checkpoint"]["created_at"].startswith("2025-07-01T00:00:00")
    assert half["covering_checkpoint"] is None
    q3 = to_json(make_report(store, "transparency", "2025Q3", now=NOW))
    assert q3["checkpoint"]["id"] == half["checkpoint"]["id"]
    assert q3["covering_checkpoint"]["created_at"].startswith("2026-01-01")
    assert "does not cover all the cases counted" in q3["attestation"]
    early = to_json(make_report(store, "transparency", "2024-12", now=NOW))
    assert early["checkpoint"] is None
    assert "No signed ledger checkpoint was made at or before the end of the period" in early["attestation"]


def test_packs_are_the_digests_of_the_decisions(year_store: tuple[Store, list[Made]]) -> None:
    store, made = year_store
    report = to_json(make_report(store, "council", "2025", now=NOW))
    start, cutoff = PERIODS["2025"]
    used = {p for c in made if start <= c.opened_at < cutoff and immigration(c) for p in c.packs}
    assert {(p["id"], p["version"], p["digest"]) for p in report["packs"]} == used


# --- formats ---------------------------------------------------------------------------------

JSON_KEYS = {
    "schema",
    "kind",
    "title",
    "audience",
    "period",
    "generated_at",
    "legal_basis",
    "privacy",
    "populations",
    "tables",
    "notes",
    "checkpoint",
    "covering_checkpoint",
    "attestation",
    "packs",
    "verification",
}
TABLE_KEYS = {
    "id",
    "title",
    "description",
    "population",
    "rows",
    "columns",
    "cells",
    "row_totals",
    "column_totals",
    "total",
}


def test_formats_are_stable_and_complete(year_store: tuple[Store, list[Made]], tmp_path: Path) -> None:
    store, _ = year_store
    report = make_report(store, "council", "2025", now=NOW)
    paths = write_report(report, tmp_path / "out", ("html", "csv", "json", "pdf"))
    assert [p.name for p in paths] == [f"council-2025.{ext}" for ext in ("html", "csv", "json", "pdf")]
    data = json.loads(paths[2].read_text(encoding="utf-8"))
    assert set(data) >= JSON_KEYS
    assert data["schema"] == "sanctuary-report/1"
    assert all(set(t) >= TABLE_KEYS for t in data["tables"])
    assert set(data["period"]) >= {"label", "start", "end", "cutoff", "complete"}
    assert all({"citation", "text", "source", "confidence"} <= set(b) for b in data["legal_basis"])
    assert all(b["confidence"] in {"V", "S", "U"} and b["source"].startswith("http") for b in data["legal_basis"])

    rows = list(csv.reader(io.StringIO(paths[1].read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS == (
        "kind", "period", "period_start", "period_end", "population", "table", "row_variable", "row",
        "column_variable", "column", "value", "display", "status",
    )  # fmt: skip
    grand = [r for r in rows[1:] if r[5] == "by_department" and r[7] == "_total" and r[9] == "_total"]
    assert len(grand) == 1
    assert grand[0][10] == str(data["populations"][0]["total"]["value"])
    assert {r[12] for r in rows[1:]} <= {"shown", "small", "complementary"}
    hidden = [r for r in rows[1:] if r[12] != "shown"]
    assert hidden
    assert all(r[10] == "" for r in hidden)

    page = paths[0].read_text(encoding="utf-8")
    assert data["checkpoint"]["note"].strip().splitlines()[0] in page
    assert all(p["digest"] in page for p in data["packs"])
    assert "<svg" in page
    assert "<title" in page
    assert "<desc" in page
    assert '<th scope="row">' in page
    assert '<caption id="c-' in page
    assert 'tabindex="0" role="region" aria-labelledby="c-' in page  # wide tables scroll by keyboard
    assert "@media print" in page
    assert "<script" not in page
    assert "src=" not in page

    pdf = paths[3].read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2


def test_writing_into_a_file_is_a_clear_error(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("kept", encoding="utf-8")
    report = build_report("council", parse_period("2025", now=NOW), [], generated_at=NOW)
    with pytest.raises(InputError, match="is not a folder"):
        write_report(report, taken, ("json",))
    assert taken.read_text(encoding="utf-8") == "kept"


def test_a_period_with_no_cases_is_a_report_of_zeros(year_store: tuple[Store, list[Made]]) -> None:
    store, _ = year_store
    report = to_json(make_report(store, "transparency", "2021", now=NOW))
    assert report["populations"][0]["total"]["value"] == 0
    assert all(c["value"] == 0 for t in report["tables"] for c in t["row_totals"])
    assert any("every count is zero" in note for note in report["notes"])


def test_dp_counts_state_epsilon_and_differ_from_exact(year_store: tuple[Store, list[Made]]) -> None:
    pytest.importorskip("opendp")
    store, _ = year_store
    exact = to_json(make_report(store, "transparency", "2025", now=NOW))
    noisy = to_json(make_report(store, "transparency", "2025", epsilon=0.5, now=NOW))
    assert noisy["privacy"]["dp"]["epsilon"] == 0.5
    assert "epsilon 0.5" in noisy["privacy"]["method"]
    shown = [c["value"] for t in noisy["tables"] for c in t["row_totals"] if c["value"] is not None]
    assert all(v >= 11 or v == 0 for v in shown)
    pairs = [
        (a["value"], b["value"])
        for ta, tb in zip(exact["tables"], noisy["tables"], strict=True)
        for a, b in zip(ta["row_totals"], tb["row_totals"], strict=True)
        if a["value"] is not None and b["value"] is not None
    ]
    assert any(a != b for a, b in pairs)


# --- the command line ------------------------------------------------------------------------


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def clean_error(result: Result, *words: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    message = " ".join(result.stderr.split())
    assert message.startswith("error: "), message
    for word in words:
        assert word in message, (word, message)
    return message


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("report", "budget", "--period", "2025"), ("budget", "council", "doj-transfers", "transparency")),
        (("report", "council", "--period", "2025Q5"), ("2025Q3", "2025-01-01..2025-06-30")),
        (("report", "council", "--period", "last year"), ("a year (2025)",)),
        (("report", "council", "--period", "2025-06-30..2025-01-01"), ("empty",)),
        (("report", "council", "--period", "2025-02-30..2025-03-01"), ("calendar date",)),
        (("report", "council", "--period", "2999"), ("has not begun",)),
        (("report", "council", "--period", "2025", "--format", "docx"), ("docx", "html, csv, json, pdf")),
        (("report", "council", "--period", "2025", "--epsilon", "-1"), ("--epsilon",)),
    ],
)
def test_bad_input_is_a_clear_error(
    records_env: Settings, tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    clean_error(run(*args, "-o", str(tmp_path / "out")), *words)
    assert not (tmp_path / "out").exists()


#: A moment in the month before this one: reports count whole months, so its cases are counted now.
LAST_MONTH = dt.datetime.now(dt.UTC).replace(day=1, hour=12, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)


def test_cli_writes_the_report(records_env: Settings, tmp_path: Path) -> None:
    with Store.open(records_env, clock=Clock(LAST_MONTH)) as store:
        store.cases.open_case({"action": "hold", "requester": {"kind": "federal_immigration"}}, department="LAPD")
    year = LAST_MONTH.year
    result = run("report", "council", "--period", str(year), "-o", str(tmp_path / "out"), "--format", "json,csv")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / f"council-{year}.json").read_text(encoding="utf-8"))
    assert data["populations"][0]["total"] == {"value": None, "display": "<11", "status": "small"}
    running = year == dt.datetime.now(dt.UTC).year
    assert data["period"]["complete"] is not running
    assert ("has not ended" in result.stderr) is running
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"council-{year}.csv", f"council-{year}.json"]


def test_records_variant_counts_by_department(store: Store) -> None:
    """On SQLite and PostgreSQL: department stored and counted, none as 'Not recorded'."""
    store.cases.clock = Clock(LAST_MONTH)
    receipts = [
        store.cases.open_case({"action": "hold", "requester": {"kind": "federal_immigration"}}, department=department)
        for department in ["  LAPD "] * 12 + [None] * 12 + [" "]
    ]
    assert receipts[0].entries[0].fields()["department"] == "LAPD"
    assert "department" not in receipts[-1].entries[0].fields()
    with pytest.raises(InputError, match="department name"):
        store.cases.open_case({"action": "hold"}, department="x" * 101)
    year = LAST_MONTH.year
    report = to_json(make_report(store, "council", str(year)))
    table = next(t for t in report["tables"] if t["id"] == "by_department")
    keys = [c["key"] for c in table["rows"]["categories"]]
    assert keys == ["LAPD", "not_recorded"]
    assert [c["value"] for c in table["row_totals"]] == [12, 13]
    assert table["rows"]["categories"][1]["label"] == "Not recorded"

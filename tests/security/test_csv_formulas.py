"""CSV written for people runs no formulas when a spreadsheet opens it.

Reports and audit findings quote what people typed (a department's name, a database user, a
query): a cell that begins with =, +, -, @, a tab or a carriage return is written with a leading
apostrophe. A guarded export is data for another system and stays faithful by default; its
manifest counts such cells, and ``--spreadsheet-safe`` neutralises them on request.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctuary.cli import app
from sanctuary.files import spreadsheet_safe
from sanctuary.reports import CaseFact, build_report, parse_period, render

runner = CliRunner()
NOW = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
PAYLOADS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_cells_get_an_apostrophe(payload: str):
    assert spreadsheet_safe(payload) == "'" + payload


@pytest.mark.parametrize("value", ["-12", "+3.5", "0", "LAPD", "", "a=b", "'=already"])
def test_plain_values_and_numbers_are_left_alone(value: str):
    assert spreadsheet_safe(value) == value


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _risky(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_START) and not c.lstrip("+-").replace(".", "").isdigit()]


def test_report_csv_neutralises_labels_from_case_data():
    opened = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    cases = [
        CaseFact(opened_at=opened, action="hold", department=PAYLOADS[i % 2], outcome="decline") for i in range(40)
    ]
    report = build_report("transparency", parse_period("2025", now=NOW), cases, generated_at=NOW)
    cells = _cells(render(report, "csv").decode("utf-8"))
    assert "'" + PAYLOADS[0] in cells
    assert not _risky(cells)


def test_audit_findings_csv_neutralises_quoted_log_cells(tmp_path: Path):
    log = tmp_path / "queries.csv"
    log.write_text(
        "timestamp,user,client,database,statement,rows_returned,purpose,recipient\n"
        "2025-07-03T11:00:00Z,=dea_taskforce(),10.7.148.107,records,"
        "COPY arrests TO '/exports/arrests.csv' CSV HEADER,,@SUM(1),\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["guard", "audit", str(log), "--kind", "db", "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = _cells(result.stdout)
    assert "'=dea_taskforce()" in cells
    assert not _risky(cells)


def _export(tmp_path: Path, *extra: str) -> tuple[list[str], dict[str, object]]:
    table = tmp_path / "table.csv"
    table.write_text("case_note,amount\n" + "".join(f'"{p}",-12\n' for p in PAYLOADS), encoding="utf-8")
    output = tmp_path / f"out{len(extra)}.csv"
    args = ["guard", "export", str(table), "--to", "state_local_in_state", "--purpose", "criminal_other"]
    result = runner.invoke(app, [*args, "--approved-by", "Counsel", "-o", str(output), *extra])
    assert result.exit_code == 0, result.output
    manifest = json.loads(output.with_name(output.name + ".manifest.json").read_text(encoding="utf-8"))
    return _cells(output.read_bytes().decode("utf-8")), manifest["formula_cells"]


def test_guard_export_is_faithful_by_default_and_says_so(tmp_path: Path):
    cells, note = _export(tmp_path)
    assert [c for c in cells if c in PAYLOADS] == PAYLOADS
    assert cells.count("-12") == len(PAYLOADS)
    assert note["cells"] == len(PAYLOADS)
    assert note["neutralised"] is False
    assert "--spreadsheet-safe" in str(note["note"])


def test_guard_export_neutralises_on_request(tmp_path: Path):
    cells, note = _export(tmp_path, "--spreadsheet-safe")
    assert ["'" + p for p in PAYLOADS] == [c for c in cells if c.startswith("'")]
    assert cells.count("-12") == len(PAYLOADS)  # numbers stay numbers
    assert note == {**note, "cells": len(PAYLOADS), "neutralised": True}

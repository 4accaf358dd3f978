"""Real Flock exports: the 13-column logs and their variants, monthly folders, XLSX and PDF releases,
immigration categories, reasons that are no reasons, hotlist lookups apart, per-agency and per-user rates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sanctuary.cli import app
from sanctuary.dataguard.audits import AuditOptions, AuditRun, audit

runner = CliRunner()

FLOCK = [
    "ID", "Name", "Org Name", "Total Networks Searched", "Time Frame", "License Plate", "Reason", "Case #",
    "Filters", "Search Time", "Search Type", "Text Prompt", "Moderation",
]  # fmt: skip
TIME_FRAME = "03/06/2025 13:00 -\n03/06/2025 14:00"


def row(reason: str = "Stolen vehicle", case: str = "25-000123", **extra: str) -> dict[str, str]:
    data = dict.fromkeys(FLOCK, "")
    data.update(
        {
            "ID": "1",
            "Name": "T. Officer",
            "Org Name": "Santa Ana PD",
            "Total Networks Searched": "12",
            "Time Frame": TIME_FRAME,
            "License Plate": "***",
            "Reason": reason,
            "Case #": case,
            "Search Time": "2025-03-06 13:05:00",
            "Search Type": "search",
        }
    )
    data.update(extra)
    return data


def write(path: Path, rows: list[dict[str, str]], headers: list[str] = FLOCK) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(headers)
        for item in rows:
            writer.writerow([item.get(h, "") for h in headers])
    return path


def findings(path: Path | list[Path], options: AuditOptions | None = None) -> list[dict]:
    with AuditRun(path, "alpr", options) as run:
        run.run()
        return list(run.findings())


def line_of(index: int) -> int:
    """The first line of the index-th row (0-based) when every row has a two-line Time Frame."""
    return 2 + 2 * index


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        ("ICE detainer follow-up", "hold/detainer"),
        ("ICE hold", "hold/detainer"),
        ("ICE+ERO", "ICE"),
        ("I.C.E. request", "ICE"),
        ("HSI / ERO joint", "HSI"),
        ("ERO target", "ERO"),
        ("assist CBP", "CBP/USBP"),
        ("USBP", "CBP/USBP"),
        ("deportation case", "deportation"),
        ("per DHS", "DHS"),
        ("USCIS referral", "USCIS"),
        ("immigration violation", "immigration"),
        ("undocumented", "immigration"),
    ],
)
def test_immigration_categories_in_priority_order(tmp_path: Path, reason: str, category: str) -> None:
    found = findings(write(tmp_path / "a.csv", [row(reason, "")]))
    assert [(f["rule"], f["evidence"]["category"]) for f in found] == [("alpr.reason.immigration", category)]


def test_dropdown_with_blank_detail_is_flagged_on_its_own(tmp_path: Path) -> None:
    headers = [*FLOCK, "Offense Type"]
    rows = [
        row("", "", **{"Offense Type": "Immigration (civil/administrative)"}),
        row("Immigration (civil/administrative)", ""),
        row("ICE warrant", "", **{"Offense Type": "Immigration (civil/administrative)"}),
    ]
    found = findings(write(tmp_path / "a.csv", rows, headers))
    assert [(f["line"], f["rule"], f["evidence"].get("category")) for f in found] == [
        (2, "alpr.reason.immigration_dropdown", "dropdown"),
        (4, "alpr.reason.immigration_dropdown", "dropdown"),
        (6, "alpr.reason.immigration", "ICE"),
        (6, "alpr.reason.immigration_dropdown", "dropdown"),
    ]


def test_single_keystroke_and_punctuation_only_reasons_are_missing(tmp_path: Path) -> None:
    reasons = ["x", ".", "-", "?!", "--", "1", " / ", "***", "inv", "25-001234", "Stolen vehicle"]
    found = findings(write(tmp_path / "a.csv", [row(r, "") for r in reasons]))
    rules = {(f["line"], f["rule"]) for f in found}
    assert rules == {
        *((line_of(i), "alpr.reason.missing") for i in range(7)),
        (line_of(7), "alpr.reason.redacted"),
        (line_of(8), "alpr.reason.vague"),
        # a case number typed into Reason (Case # blank) is a purpose anyone can check: no finding
    }


def test_network_wide_searches_by_total_networks_searched(tmp_path: Path) -> None:
    rows = [row(**{"Total Networks Searched": n}) for n in ("6,674", "501", "500", "***", "")]
    found = findings(write(tmp_path / "a.csv", rows))
    assert [(f["line"], f["rule"]) for f in found] == [
        (line_of(0), "alpr.search.many_networks"),
        (line_of(1), "alpr.search.many_networks"),
    ]


def test_the_later_export_with_a_column_dropped_is_read_by_header(tmp_path: Path) -> None:
    headers = [h for h in FLOCK if h != "Text Prompt"][::-1]  # dropped, and every column moved
    path = write(tmp_path / "a.csv", [row("ICE", ""), row("inv", "")], headers)
    assert [(f["line"], f["rule"]) for f in findings(path)] == [
        (line_of(0), "alpr.reason.immigration"),
        (line_of(1), "alpr.reason.vague"),
    ]
    assert "prompt" not in audit(path, "alpr")["summary"]["columns"]


def test_lookups_are_kept_apart_in_every_count(tmp_path: Path) -> None:
    rows = [
        row("ICE", "", **{"Search Type": "search"}),
        row("ICE", "", **{"Search Type": "Lookup"}),
        row("", "", **{"Search Type": "Hotlist"}),
        row("Stolen vehicle", **{"Search Type": "search"}),
    ]
    summary = audit(write(tmp_path / "a.csv", rows), "alpr")["summary"]
    assert (summary["rows"], summary["searches"], summary["lookups"]) == (4, 2, 2)
    kinds = summary["by_search_type"]
    assert kinds["search"]["by_rule"]["alpr.reason.immigration"] == 1
    assert kinds["lookup"]["by_rule"]["alpr.reason.immigration"] == 1
    assert kinds["lookup"]["by_rule"]["alpr.reason.missing"] == 1
    officer = summary["users"]["T. Officer"]
    assert (officer["searches"], officer["lookups"], officer["search_findings"], officer["lookup_findings"]) == (
        2,
        2,
        1,
        2,
    )


def test_rates_per_agency_and_user_with_a_minimum_count(tmp_path: Path) -> None:
    rows = []
    for index in range(10):  # Santa Ana: 10 searches, 3 immigration (one with two rules), 2 vague, 1 national
        reason = ["ICE", "HSI", "inv", "", "Stolen vehicle"][index % 5] if index < 5 else "Stolen vehicle"
        extra = {"Text Prompt": "ICE van"} if index == 0 else {}
        if index == 9:
            extra["Total Networks Searched"] = "6674"
        if index == 5:
            reason = "Immigration (civil/administrative)"
        rows.append(row(reason, "" if index < 6 else "25-000123", **extra))
    rows += [row("ICE", "", **{"Org Name": "Tiny PD", "Name": "Z. One"})]  # below the minimum
    rows += [row("ICE", "", **{"Search Type": "lookup"})]  # a lookup: not in the rates
    path = write(tmp_path / "a.csv", rows)
    summary = audit(path, "alpr", AuditOptions(min_searches=5))["summary"]
    rates = summary["rates"]
    assert rates["min_searches"] == 5
    assert [e["name"] for e in rates["agencies"]] == ["Santa Ana PD"]
    santa_ana = rates["agencies"][0]
    assert santa_ana == {
        "name": "Santa Ana PD",
        "searches": 10,
        "immigration": 3,
        "immigration_rate": 0.3,
        "vague": 2,
        "vague_rate": 0.2,
        "network_wide": 1,
        "network_wide_rate": 0.1,
    }
    assert [e["name"] for e in rates["users"]] == ["T. Officer"]
    result = runner.invoke(
        app, ["guard", "audit", str(path), "--kind", "alpr", "--min-searches", "5", "-o", str(tmp_path / "a.html")]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "Rates per agency with at least 5 manual searches" in page
    assert "3 (30.0%)" in page
    assert "hotlist lookups, counted apart" in page


def test_a_folder_of_monthly_files_is_one_audit(tmp_path: Path) -> None:
    folder = tmp_path / "network-audit"
    folder.mkdir()
    write(folder / "2025-01.csv", [row("ICE", ""), row()])
    write(folder / "2025-02.csv", [row(), row("", "")], [h for h in FLOCK if h != "Moderation"])
    (folder / "README.txt").write_text("not a log\n", encoding="utf-8")
    (folder / ".hidden.csv").write_text("junk\n", encoding="utf-8")
    report = audit(folder, "alpr")
    assert [(Path(f["file"]).name, f["line"], f["rule"]) for f in report["findings"]] == [
        ("2025-01.csv", 2, "alpr.reason.immigration"),
        ("2025-02.csv", 4, "alpr.reason.missing"),
    ]
    summary = report["summary"]
    assert summary["rows"] == 4
    assert [Path(f["file"]).name for f in summary["files"]] == ["2025-01.csv", "2025-02.csv"]
    by_glob = audit(str(folder / "2025-*.csv"), "alpr")
    assert by_glob["findings"] == report["findings"]


def test_a_folder_without_logs_and_a_glob_without_files_are_messages(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for target, message in ((empty, "holds no file to read"), (tmp_path / "x-*.csv", "No file matches")):
        result = runner.invoke(app, ["guard", "audit", str(target), "--kind", "alpr"])
        assert result.exit_code == 2
        assert message in result.output


def test_xlsx_release_keeps_multiline_cells_and_sheet_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Flock Safety network audit (released under the CPRA)"])  # a title row above the header
    sheet.append(FLOCK)
    for item in (row("ICE", ""), row(), row("", "", **{"Org Name": "Texas DPS"})):
        sheet.append([item[h] for h in FLOCK])
    sheet.append([])
    sheet.append([row("HSI", "")[h] for h in FLOCK])
    path = tmp_path / "release.xlsx"
    book.save(path)
    report = audit(path, "alpr")
    # Rows are the worksheet's: the title is row 1, the header row 2, the blank row 6.
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [
        (3, "alpr.reason.immigration"),
        (5, "alpr.requester.out_of_state"),
        (5, "alpr.reason.missing"),
        (7, "alpr.reason.immigration"),
    ]
    assert report["findings"][0]["evidence"]["cells"]["Reason"] == "ICE"
    assert report["summary"]["format"] == "xlsx"
    assert report["summary"]["blank_rows"] == 1


def test_pdf_release_with_a_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    headers = ["Name", "Org Name", "Total Networks Searched", "Reason", "Case #", "Search Type"]
    pdf = FPDF(orientation="L")
    pdf.set_font("Helvetica", size=8)
    body = [
        ["A. Kim", "Santa Ana PD", "12", "Stolen vehicle", "25-000123", "search"],
        ["B. Tran", "Santa Ana PD", "6674", "ICE", "", "search"],
        ["C. Ito", "Dallas TX PD", "40", "inv", "", "search"],
    ]
    for page_rows in (body[:2], body[2:]):  # the header repeats at the top of the second page
        pdf.add_page()
        with pdf.table() as table:
            for cells in [headers, *page_rows]:
                line = table.row()
                for cell in cells:
                    line.cell(cell)
    path = tmp_path / "release.pdf"
    pdf.output(str(path))
    report = audit(path, "alpr")
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [
        (3, "alpr.reason.immigration"),
        (3, "alpr.search.many_networks"),
        (4, "alpr.requester.out_of_state"),
        (4, "alpr.reason.vague"),
    ]
    assert report["summary"]["format"] == "pdf"


def test_a_pdf_without_a_table_is_a_message(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="A cover letter, no table.")
    path = tmp_path / "letter.pdf"
    pdf.output(str(path))
    result = runner.invoke(app, ["guard", "audit", str(path), "--kind", "alpr"])
    assert result.exit_code == 2
    assert "no table was found" in result.output


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet", "xlsx"])
def test_sample_log_writes_the_format_its_name_says_and_the_audit_finds_the_planted_rows(
    tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"flock.{suffix}"
    labels = tmp_path / "labels.csv"
    args = ["guard", "sample-log", "--kind", "alpr", "--variant", "organization", "--rows", "1500"]
    result = runner.invoke(app, [*args, "--rate", "0.06", "-o", str(target), "--labels", str(labels)])
    assert result.exit_code == 0, result.output
    head = target.read_bytes()[:4]
    assert {"csv": head.startswith(b"ID,"), "jsonl": head.startswith(b'{"'), "parquet": head == b"PAR1"}.get(
        suffix, head == b"PK\x03\x04"
    )
    expected = {(int(line), rule) for line, rule in list(csv.reader(labels.open(encoding="utf-8")))[1:]}
    report = audit(target, "alpr")
    assert {(f["line"], f["rule"]) for f in report["findings"]} == expected
    assert report["summary"]["rows"] == 1500
    if suffix == "csv":
        assert next(csv.reader(target.open(encoding="utf-8"))) == FLOCK


def test_parquet_output_has_one_finding_per_row_and_the_summary(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [row("ICE", ""), row(), row("inv", "")])
    target = tmp_path / "findings.parquet"
    result = runner.invoke(app, ["guard", "audit", str(path), "--kind", "alpr", "-o", str(target)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(target)
    assert table.column("line").to_pylist() == [2, 6]
    assert table.column("rule").to_pylist() == ["alpr.reason.immigration", "alpr.reason.vague"]
    assert json.loads(table.column("evidence")[0].as_py())["Reason"] == "ICE"
    summary = json.loads(table.schema.metadata[b"sanctuary.summary"])
    assert summary["findings"] == 2
    result = runner.invoke(app, ["guard", "audit", str(path), "--kind", "alpr", "--format", "parquet"])
    assert result.exit_code == 2
    assert "-o FILE.parquet" in result.output


def test_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    import sanctuary.cli.common as common
    import sanctuary.cli.guard as cli

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100, color_system=None, highlight=False)
    monkeypatch.setattr(cli, "err", terminal)
    monkeypatch.setattr(common, "err", terminal)
    path = write(tmp_path / "a.csv", [row("ICE", ""), row()])
    result = runner.invoke(app, ["guard", "audit", str(path), "--kind", "alpr", "-o", str(tmp_path / "a.json")])
    assert result.exit_code == 0, result.output
    shown = screen.getvalue()
    assert "Auditing (local)" in shown
    assert "2 rows" in shown
    assert "finding(s) over" in shown

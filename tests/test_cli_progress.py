"""Progress bars: on a terminal's standard error for the commands that take a while, never on
standard output, never with --json, never when standard error is not a terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

import sanctuary.cli.common as common
from sanctuary.cli import app
from sanctuary.documents import read

runner = CliRunner()


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Standard error as a terminal (what the person at it sees)."""
    buffer = io.StringIO()
    terminal = Console(file=buffer, force_terminal=True, width=120, color_system=None, highlight=False)
    monkeypatch.setattr(common, "err", terminal)
    monkeypatch.delenv(common.PROGRESS_ENV, raising=False)
    return buffer


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def three_page_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for page in range(1, 4):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"IMMIGRATION DETAINER - NOTICE OF ACTION. Page {page} of 3. " * 4)
    pdf.output(str(path))
    return path


def test_the_reader_reports_each_page(tmp_path: Path) -> None:
    pages: list[tuple[int, int]] = []
    reading = read(three_page_pdf(tmp_path / "paper.pdf"), on_page=lambda done, total: pages.append((done, total)))
    assert reading.pages == 3
    assert pages == [(1, 3), (2, 3), (3, 3)]


def test_read_shows_pages_on_a_terminal_and_keeps_stdout_clean(tmp_path: Path, screen: io.StringIO) -> None:
    paper = three_page_pdf(tmp_path / "paper.pdf")
    result = invoke("read", str(paper))
    assert "3/3 pages" in screen.getvalue()
    assert "3/3" not in result.stdout
    assert "3 page(s) read from text" in result.stdout


def test_json_output_has_no_bar_even_on_a_terminal(tmp_path: Path, screen: io.StringIO) -> None:
    paper = three_page_pdf(tmp_path / "paper.pdf")
    result = invoke("read", str(paper), "--json")
    assert json.loads(result.stdout)["pages"] == 3
    assert screen.getvalue() == ""


def test_no_bar_off_a_terminal_or_when_turned_off(
    tmp_path: Path, screen: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper = three_page_pdf(tmp_path / "paper.pdf")
    monkeypatch.setenv(common.PROGRESS_ENV, "off")
    invoke("read", str(paper))
    assert screen.getvalue() == ""
    monkeypatch.delenv(common.PROGRESS_ENV)
    monkeypatch.setattr(common, "err", Console(file=io.StringIO(), force_terminal=False))
    assert not common.show_progress()
    result = invoke("read", str(paper))  # the runner's standard error is no terminal
    assert result.stderr == ""


def test_decide_with_a_document_shows_its_pages(tmp_path: Path, screen: io.StringIO) -> None:
    paper = three_page_pdf(tmp_path / "paper.pdf")
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"action": "hold", "requester": {"kind": "federal_immigration"}}))
    invoke("decide", str(request), "--document", str(paper), "--on", "2026-06-01")
    assert "3/3 pages" in screen.getvalue()
    assert screen.getvalue().count("Reading the paper") >= 1
    screen.truncate(0)
    screen.seek(0)
    result = invoke("decide", str(request), "--document", str(paper), "--on", "2026-06-01", "--json")
    assert json.loads(result.stdout)["document"]["pages"] == 3
    assert screen.getvalue() == ""


def test_reader_evaluation_counts_papers(tmp_path: Path, screen: io.StringIO) -> None:
    corpus = Path(__file__).parent / "corpus" / "documents"
    with (corpus / "labels.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["file"].endswith(".txt")][:4]
    with (tmp_path / "labels.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for row in rows:
        (tmp_path / row["file"]).write_bytes((corpus / row["file"]).read_bytes())
    result = invoke("read", "--eval", str(tmp_path))
    assert "4/4 papers" in screen.getvalue()
    assert "Confusion matrix (4 documents" in result.stdout
    assert "Reading the labeled papers" not in result.stdout


def write_notes(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "notes"])
        for number in range(rows):
            writer.writerow([number, "client A# 123456789 asked about rent" if number % 3 == 0 else "all good"])
    return path


def test_guard_scan_of_several_files_counts_them(tmp_path: Path, screen: io.StringIO) -> None:
    for name in ("a.csv", "b.csv", "c.csv"):
        write_notes(tmp_path / name, 10)
    result = invoke("guard", "scan", str(tmp_path / "*.csv"))
    assert "3/3 files" in screen.getvalue()
    assert "Scanning" not in result.stdout
    as_json = invoke("guard", "scan", str(tmp_path / "*.csv"), "--json")
    assert len(json.loads(as_json.stdout)["files"]) == 3
    assert "3/3 files" in screen.getvalue()  # from the first run only
    assert screen.getvalue().count("3/3 files") == 1


def test_guard_scan_of_one_file_shows_the_lines_reached(tmp_path: Path, screen: io.StringIO) -> None:
    result = invoke("guard", "scan", str(write_notes(tmp_path / "notes.csv", 30)))
    assert "Scanning notes.csv" in screen.getvalue()
    assert "lines" in screen.getvalue()
    assert "detection(s) in" in result.stdout


def test_guard_export_counts_rows(tmp_path: Path, screen: io.StringIO) -> None:
    source = write_notes(tmp_path / "notes.csv", 50)
    facts = tmp_path / "facts.json"
    warrant = {"type": "judicial_warrant", "signed_by_judge": True, "covers_request": True, "criminal": True}
    facts.write_text(json.dumps({"instrument": {**warrant, "federal": True}}), encoding="utf-8")
    args = ["guard", "export", str(source), "--to", "FBI", "--purpose", "criminal_other", "--on", "2026-11-27"]
    result = invoke(*args, "-o", str(tmp_path / "out.csv"), "--facts", str(facts))
    assert "Exporting notes.csv" in screen.getvalue()
    assert "50 rows" in screen.getvalue()
    assert "Exporting" not in result.stdout
    screen.truncate(0)
    screen.seek(0)
    as_json = invoke(*args, "-o", str(tmp_path / "again.csv"), "--facts", str(facts), "--json")
    assert json.loads(as_json.stdout)["status"] == "written"
    assert screen.getvalue() == ""


def test_report_shows_its_steps(records_env: object, tmp_path: Path, screen: io.StringIO) -> None:
    result = invoke("report", "council", "--period", "2025", "-o", str(tmp_path / "out"), "--format", "json,csv")
    shown = screen.getvalue()
    assert "3/3 steps" in shown
    assert "Rendering" not in result.stdout
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".csv", ".json"]


def test_ledger_verify_counts_entries(
    records_env: object, screen: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sanctuary.records import Store

    monkeypatch.setattr("sanctuary.records.verification.PROGRESS_EVERY", 1)
    with Store.open() as store:
        for _ in range(3):
            store.cases.open_case({"action": "hold", "requester": {"kind": "federal_immigration"}})
        heard: list[tuple[int, int]] = []
        assert store.verify(on_entries=lambda done, total: heard.append((done, total))).ok
        entries = store.verify().entries
    assert entries >= 3
    assert heard == [(done, entries) for done in range(1, entries + 1)]
    result = invoke("ledger", "verify")
    assert f"{entries}/{entries} entries" in screen.getvalue()
    assert "ledger verified" in result.stdout
    assert "Verifying the ledger" not in result.stdout


def test_a_real_terminal_gets_the_bar(tmp_path: Path) -> None:
    """The command as installed, its standard error a pseudo-terminal and its standard output a pipe."""
    import os
    import subprocess
    import sys

    paper = three_page_pdf(tmp_path / "paper.pdf")
    primary, secondary = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in {common.PROGRESS_ENV, "NO_COLOR", "TERM"}}
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from sanctuary.cli import main; main()", "read", str(paper)],
            stdout=subprocess.PIPE,
            stderr=secondary,
            env={**env, "TERM": "xterm", "COLUMNS": "120"},
            timeout=120,
            check=False,
        )
        os.close(secondary)
        screen = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal's other end is closed and drained
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(primary)
    assert done.returncode == 0
    assert "3/3 pages" in screen.decode("utf-8", "replace")
    assert b"3/3" not in done.stdout
    assert b"3 page(s) read from text" in done.stdout

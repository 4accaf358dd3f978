"""The report as a PDF for council packets (fpdf2, built-in fonts, A4 pages with numbers)."""

from __future__ import annotations

from fpdf import FPDF

from ._report import VERIFY_TEXT, Report
from ._tables import Table

#: The built-in PDF fonts speak Latin-1; these characters get a plain stand-in.
_PLAIN = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2026": "...", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _t(text: object) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    title_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, _t(f"{self.title_text} - page {self.page_no()} of {{nb}}"), align="C")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 6, _t(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)


def _para(pdf: FPDF, text: str, *, mono: bool = False) -> None:
    pdf.set_font("Courier" if mono else "Helvetica", size=8 if mono else 9)
    pdf.multi_cell(0, 4.2, _t(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font("Helvetica", "B", 10)
    pdf.multi_cell(0, 5, _t(table.title), new_x="LMARGIN", new_y="NEXT")
    columns = [label for _, label in table.columns.categories] if table.columns else []
    size = 7 if len(columns) > 5 else 8
    pdf.set_font("Helvetica", size=size)
    first = 0.3 if columns else 0.6
    rest = (1 - first) / (len(columns) + 1)
    widths = tuple([first] + [rest] * (len(columns) + 1))
    with pdf.table(col_widths=widths, text_align="RIGHT", first_row_as_headings=True, line_height=4) as grid:
        head = grid.row()
        head.cell(_t(table.rows.title), align="LEFT")
        for label in columns:
            head.cell(_t(label))
        head.cell("Total")
        for r, (_, label) in enumerate(table.rows.categories):
            row = grid.row()
            row.cell(_t(label), align="LEFT")
            if table.cells is not None:
                for count in table.cells[r]:
                    row.cell(_t(count.display))
            row.cell(_t(table.row_totals[r].display))
        row = grid.row()
        row.cell("Total", align="LEFT")
        for count in table.column_totals or ():
            row.cell(_t(count.display))
        row.cell(_t(table.total.display))
    if table.description:
        _para(pdf, table.description)
    pdf.ln(2)


def pdf_bytes(report: Report) -> bytes:
    """The PDF: title, law, privacy, tables, checkpoint, packs and how to verify."""
    pdf = _Document(format="A4")
    pdf.title_text = f"{report.kind.id} {report.period.label}"
    pdf.set_title(_t(report.kind.title))
    pdf.set_creator("Sanctuary")
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 7, _t(report.kind.title), new_x="LMARGIN", new_y="NEXT")
    period = report.period
    span = f"{period.label}: {period.start} to {period.end}"
    if not period.complete:
        span += f" (to date, up to {period.cutoff.isoformat()})"
    _para(pdf, f"Period {span}\nFor: {report.kind.audience}\nGenerated: {report.generated_at.isoformat()}")
    _heading(pdf, "Legal basis")
    for basis in report.basis:
        _para(pdf, f"{basis.citation} [{basis.confidence}]: {basis.text}\nSource: {basis.source}")
    _heading(pdf, "Privacy")
    _para(pdf, str(report.privacy["method"]))
    if report.notes:
        _heading(pdf, "Notes")
        for note in report.notes:
            _para(pdf, f"- {note}")
    for population in report.populations:
        _heading(pdf, f"{population.title} (total {population.unit}: {population.total.display})")
        for table in population.tables:
            _table(pdf, table)
    _heading(pdf, "Signed ledger checkpoint")
    _para(pdf, report.attestation.statement(period))
    for note in report.attestation.notes():
        _para(pdf, note, mono=True)
    _heading(pdf, "Packs in force")
    if report.packs:
        for pack in report.packs:
            _para(pdf, f"{pack.get('id')} {pack.get('version')}: {pack.get('digest')}", mono=True)
    else:
        _para(pdf, "No decision in this report's scope names a pack.")
    _heading(pdf, "How to verify")
    _para(pdf, VERIFY_TEXT)
    _para(pdf, "Not legal advice. A jurisdiction's counsel must review its pack before use.")
    return bytes(pdf.output())

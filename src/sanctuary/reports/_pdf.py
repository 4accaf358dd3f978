"""The report as a tagged PDF for council packets: the HTML page laid out by WeasyPrint.

One source for both formats, so the PDF has the page's words, tables and bar charts. The PDF is
written as PDF/UA-1 (tagged: headings, tables and figures in a structure tree, the document's
language and title declared), with page numbers in the margin, on US Letter unless A4 is asked for.
"""

from __future__ import annotations

import logging

from ._render import html_text
from ._report import Report

#: WeasyPrint and its font tools report every glyph they substitute; a report has nothing to add to logs.
_QUIET = ("weasyprint", "fontTools", "fontTools.subset", "fontTools.ttLib")


def _footer_css(report: Report) -> str:
    label = report.say("page {page} of {pages}", page='" counter(page) "', pages='" counter(pages) "')
    title = f"{report.kind.id} {report.period.label}".replace('"', "")
    return f'@page{{@bottom-center{{content:"{title} \\2014  {label}";font:8pt "DejaVu Sans",sans-serif;color:#333}}}}'


def pdf_bytes(report: Report, *, paper: str = "letter") -> bytes:
    """The PDF of the report's page (without the link back to the app), tagged for screen readers."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
    document = HTML(string=html_text(report, paper=paper))
    return bytes(document.write_pdf(stylesheets=[CSS(string=_footer_css(report))], pdf_variant="pdf/ua-1"))

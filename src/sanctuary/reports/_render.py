"""The report as JSON, CSV and self-contained HTML (charts as inline SVG, readable on paper).

The JSON keys and the CSV header are the report's stable interface (docs/reports.md lists them);
new keys may be added, none renamed or dropped.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

from sanctuary.files import spreadsheet_safe

from ._report import SCHEMA, VERIFY_TEXT, CheckpointInfo, Report
from ._tables import SHOWN, Count, Population, Table

TOTAL = "_total"
CSV_COLUMNS = (
    "kind",
    "period",
    "period_start",
    "period_end",
    "population",
    "table",
    "row_variable",
    "row",
    "column_variable",
    "column",
    "value",
    "display",
    "status",
)


def _cell(count: Count) -> dict[str, Any]:
    return {"value": count.published, "display": count.display, "status": count.status}


def _checkpoint(info: CheckpointInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {
        "id": info.id,
        "origin": info.origin,
        "size": info.size,
        "root": info.root,
        "created_at": info.created_at.isoformat(),
        "note": info.note,
    }


def _dimension(table: Table, rows: bool) -> dict[str, Any] | None:
    dim = table.rows if rows else table.columns
    if dim is None:
        return None
    return {
        "variable": dim.variable,
        "title": dim.title,
        "categories": [{"key": key, "label": label} for key, label in dim.categories],
    }


def to_json(report: Report) -> dict[str, Any]:
    """The report as one JSON document (schema ``sanctuary-report/1``)."""
    period = report.period
    return {
        "schema": SCHEMA,
        "kind": report.kind.id,
        "title": report.say(report.kind.title),
        "audience": report.say(report.kind.audience),
        "language": report.lang,
        "time_zone": str(period.zone),
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "cutoff": period.cutoff.isoformat(),
            "complete": period.complete,
        },
        "generated_at": report.generated_at.isoformat(),
        "legal_basis": [
            {"citation": b.citation, "text": report.say(b.text), "source": b.source, "confidence": b.confidence}
            for b in report.basis
        ],
        "privacy": report.privacy,
        "populations": [
            {"id": p.id, "title": p.title, "unit": p.unit, "total": _cell(p.total)} for p in report.populations
        ],
        "tables": [
            {
                "id": t.id,
                "title": t.title,
                "description": t.description,
                "population": t.population,
                "rows": _dimension(t, True),
                "columns": _dimension(t, False),
                "cells": None if t.cells is None else [[_cell(c) for c in row] for row in t.cells],
                "row_totals": [_cell(c) for c in t.row_totals],
                "column_totals": None if t.column_totals is None else [_cell(c) for c in t.column_totals],
                "total": _cell(t.total),
            }
            for t in report.tables
        ],
        "notes": report.notes,
        "checkpoint": _checkpoint(report.attestation.checkpoint),
        "covering_checkpoint": _checkpoint(report.attestation.covering),
        "attestation": report.attestation.statement(report.period, report.lang),
        "packs": report.packs,
        "verification": report.say(VERIFY_TEXT),
        "warnings": report.warnings,
    }


def json_bytes(report: Report) -> bytes:
    return (json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _csv_line(prefix: Sequence[str], col_var: str, row: str, column: str, count: Count) -> list[str]:
    value = count.published
    return [*prefix, row, col_var, column, "" if value is None else str(value), count.display, count.status]


def csv_rows(report: Report) -> Iterator[list[str]]:
    """One row per published number (cells, row and column totals, grand totals), header first."""
    yield list(CSV_COLUMNS)
    period = report.period
    head = [report.kind.id, period.label, period.start.isoformat(), period.end.isoformat()]
    for table in report.tables:
        col_var = table.columns.variable if table.columns else ""
        line = functools.partial(_csv_line, [*head, table.population, table.id, table.rows.variable], col_var)
        for r, row_key in enumerate(table.rows.keys):
            if table.cells is not None and table.columns is not None:
                for c, col_key in enumerate(table.columns.keys):
                    yield line(row_key, col_key, table.cells[r][c])
            yield line(row_key, TOTAL, table.row_totals[r])
        if table.column_totals is not None and table.columns is not None:
            for c, col_key in enumerate(table.columns.keys):
                yield line(TOTAL, col_key, table.column_totals[c])
        yield line(TOTAL, TOTAL, table.total)


def csv_bytes(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in csv_rows(report):
        # Labels come from case data (a department's name): a report must not run formulas when opened.
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


# --- HTML ---------------------------------------------------------------------------------------

#: US Letter unless A4 is asked for; the page size reaches the browser's print dialogue and the PDF.
PAPERS = {"letter": "letter", "a4": "A4"}

CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#111;background:#fff;
max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #999}
nav.back{margin-bottom:1rem}nav.back a{color:#1a4f80}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #999;padding:.2rem .45rem}td{text-align:right}th[scope=row]{text-align:left;font-weight:400}
thead th{background:#eee}tr.total th,tr.total td,td.total{font-weight:700}
.hidden{color:#555}.note{white-space:pre-wrap;font:13px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;
background:#f5f5f5;padding:.5rem;border:1px solid #ccc;overflow-wrap:anywhere}
.warning{border:2px solid #8a5a00;background:#fff7e0;padding:.5rem .75rem}
.scroll{overflow-x:auto}svg{max-width:100%;height:auto}.bar{fill:#2f5d8a}.lbl{font-size:12px;fill:#111}
figure{margin:.25rem 0 1.5rem;break-inside:avoid}code,p,li,dd{overflow-wrap:anywhere}
dl.meta dt{font-weight:600}dl.meta dd{margin:0 0 .4rem 0}
@media print{body{max-width:none;font-size:10.5pt;padding:0}h2{break-after:avoid}nav.back{display:none}
table,figure,.note{break-inside:avoid}thead th{background:#fff}.scroll{overflow:visible}
a{color:#000;text-decoration:none}a[href^=http]::after{content:" (" attr(href) ")";font-size:8pt}
.bar{fill:#444}}
"""


NO_PACK = "No decision in this report's scope names a pack."
NOT_ADVICE = "Not legal advice. A jurisdiction's counsel must review its pack before use."


def style_text(paper: str = "letter") -> str:
    """The page's one style element: the page size for ``paper`` (``letter`` or ``a4``), then the CSS."""
    return f"@page{{size:{PAPERS[paper]};margin:18mm 16mm 20mm}}{CSS}"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _prose(text: str) -> str:
    """Escaped text with `commands` set as code, never shown as stray backticks."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: nothing to pair, show the text as written
        return _e(text)
    return "".join(f"<code>{_e(part)}</code>" if i % 2 else _e(part) for i, part in enumerate(parts))


def _td(count: Count, css: str = "") -> str:
    classes = " ".join(filter(None, [css, "hidden" if count.status != SHOWN else ""]))
    attr = f' class="{classes}"' if classes else ""
    return f"<td{attr}>{_e(count.display)}</td>"


def _html_table(report: Report, table: Table) -> str:
    # A wide table scrolls inside its own box; the box takes keyboard focus so it scrolls without a mouse.
    total = _e(report.say("Total"))
    parts = [
        f'<div class="scroll" tabindex="0" role="region" aria-labelledby="c-{_e(table.id)}">'
        f'<table id="t-{_e(table.id)}"><caption id="c-{_e(table.id)}">{_e(table.title)}</caption><thead><tr>'
    ]
    parts.append(f'<th scope="col">{_e(table.rows.title)}</th>')
    if table.columns is not None:
        parts.extend(f'<th scope="col">{_e(label)}</th>' for _, label in table.columns.categories)
    parts.append(f'<th scope="col">{total}</th></tr></thead><tbody>')
    for r, (_, label) in enumerate(table.rows.categories):
        parts.append(f'<tr><th scope="row">{_e(label)}</th>')
        if table.cells is not None:
            parts.extend(_td(count) for count in table.cells[r])
        parts.append(_td(table.row_totals[r], "total") + "</tr>")
    parts.append(f'<tr class="total"><th scope="row">{total}</th>')
    if table.column_totals is not None:
        parts.extend(_td(count) for count in table.column_totals)
    parts.append(_td(table.total) + "</tr></tbody></table></div>")
    if table.description:
        parts.append(f"<p>{_e(table.description)}</p>")
    return "".join(parts)


def _chart(report: Report, table: Table) -> str:
    """Horizontal bars of the row totals; hidden totals get no bar and their mark as the label."""
    rows = list(zip(table.rows.categories, table.row_totals, strict=True))
    shown = [count.published or 0 for _, count in rows]
    peak = max(shown, default=0) or 1
    # The labels' column is as wide as the longest label needs (about 7.8 px a character at 12 px).
    longest = max((len(label) for (_, label), _ in rows), default=10)
    left = int(min(max(7.8 * min(longest, 44) + 14, 120), 360))
    bar_h, gap, width = 16, 6, 600 - left
    height = len(rows) * (bar_h + gap) + gap
    ident = f"g-{table.id}"
    desc = "; ".join(f"{label}: {count.display}" for (_, label), count in rows)
    title = report.say("{title}: totals by {dimension}", title=table.title, dimension=table.rows.title.lower())
    parts = [
        f'<figure><svg role="img" aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {left + width + 70} {height}" '
        f'width="{left + width + 70}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{_e(title)}</title>',
        f'<desc id="{ident}-d">{_e(desc)}</desc>',
    ]
    for i, ((_, label), count) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        length = round(width * (count.published or 0) / peak)
        short = label if len(label) <= 44 else label[:43] + "\u2026"
        parts.append(f'<text class="lbl" x="{left - 6}" y="{y + 12}" text-anchor="end">{_e(short)}</text>')
        if length:
            parts.append(f'<rect class="bar" x="{left}" y="{y}" width="{length}" height="{bar_h}"/>')
        parts.append(f'<text class="lbl" x="{left + length + 4}" y="{y + 12}">{_e(count.display)}</text>')
    parts.append("</svg></figure>")
    return "".join(parts)


def headline(report: Report, population: Population) -> str:
    """The population's total as a sentence; a noisy total says it is one, with its margin."""
    bound = report.noise_bound(population)
    if bound is None or population.total.status != SHOWN:
        return report.say("Total {unit}: {count}", unit=population.unit, count=population.total.display)
    return report.say(
        "Total {unit}: about {count} (a noisy count, \u00b1{bound} 95 times in 100; the true count is not published)",
        unit=population.unit,
        count=population.total.display,
        bound=bound,
    )


def html_text(report: Report, *, paper: str = "letter", back: str | None = None) -> str:
    """A self-contained page: no scripts, no external files; ``back`` links to the app that served it."""
    period = report.period
    say = report.say
    title = say(report.kind.title)
    span = say("{start} to {end}", start=report.day(period.start), end=report.day(period.end))
    if not period.complete:
        span += say(" (to date, up to {cutoff})", cutoff=report.when(period.cutoff))
    out = [
        "<!doctype html>",
        f'<html lang="{_e(report.lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)} \u00b7 {_e(period.label)}</title><style>{style_text(paper)}</style></head><body>",
    ]
    if back:
        out.append(f'<nav class="back"><a href="{_e(back)}">\u2190 {_e(say("Back to Sanctuary"))}</a></nav>')
    out += [
        "<main>",
        f"<h1>{_e(title)}</h1>",
        '<dl class="meta">',
        f"<dt>{_e(say('Period'))}</dt><dd>{_e(period.label)}: {_e(span)}</dd>",
        f"<dt>{_e(say('For'))}</dt><dd>{_e(say(report.kind.audience))}</dd>",
        f"<dt>{_e(say('Generated'))}</dt><dd>{_e(report.when(report.generated_at))}</dd>",
        "</dl>",
    ]
    for warning in report.warnings:
        out.append(f'<p class="warning" role="note"><strong>{_e(say("Warning"))}:</strong> {_e(warning)}</p>')
    out.append(f"<h2>{_e(say('Legal basis'))}</h2><ul>")
    for basis in report.basis:
        out.append(
            f"<li><strong>{_e(basis.citation)}</strong> [{_e(basis.confidence)}]: {_e(say(basis.text))} "
            f'<a href="{_e(basis.source)}">{_e(say("source"))}</a></li>'
        )
    out.append(f"</ul><p>{_e(say('Confidence: [V] text read, [S] secondary source, [U] unverified.'))}</p>")
    out.append(f"<h2>{_e(say('Privacy'))}</h2><p>{_e(report.privacy['method'])}</p>")
    if report.notes:
        out.append(f"<h2>{_e(say('Notes'))}</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in report.notes) + "</ul>")
    for population in report.populations:
        out.append(f"<h2>{_e(population.title)}</h2><p>{_e(headline(report, population))}</p>")
        for table in population.tables:
            out.append(_html_table(report, table))
            out.append(_chart(report, table))
    out.append(f"<h2>{_e(say('Signed ledger checkpoint'))}</h2>")
    out.append(f"<p>{_prose(report.attestation.statement(period, report.lang))}</p>")
    out.extend(f'<pre class="note">{_e(note)}</pre>' for note in report.attestation.notes())
    out.append(f"<h2>{_e(say('Packs in force'))}</h2>")
    if report.packs:
        out.append("<ul>")
        out.extend(
            f"<li>{_e(p.get('id'))} {_e(p.get('version'))}: <code>{_e(p.get('digest'))}</code></li>"
            for p in report.packs
        )
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(say(NO_PACK))}</p>")
    out.append(f"<h2>{_e(say('How to verify'))}</h2><p>{_prose(say(VERIFY_TEXT))}</p>")
    out.append(f"<p><em>{_e(say(NOT_ADVICE))}</em></p>")
    out.append("</main></body></html>\n")
    return "\n".join(out)

"""Write an audit's findings and summary as JSON, CSV, Parquet or a self-contained HTML page, streaming.

Findings are read back from the run's spool one batch at a time, so the output of a log with millions
of findings never sits in memory. JSON is the contract ``{findings: [...], summary: {...}}``; CSV has
one finding per row with the evidence cells as a JSON object; HTML is one accessible page (captions,
header scopes, a skip link, no script) that a records officer can open or attach: the summary and the
first findings of each rule, never every finding of a large log (those are in the other formats).
A Parquet output read back (:class:`SavedAudit`) gives the same findings and summary again.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from sanctuary.dataguard.audits._engine import ROW_NAMES
from sanctuary.dataguard.audits._rules import RULES
from sanctuary.files import spreadsheet_safe

FORMATS = ("json", "csv", "html", "parquet")
PARQUET_BATCH = 50_000
CSV_COLUMNS = (
    "file",
    "line",
    "severity",
    "rule",
    "citation",
    "confidence",
    "source",
    "user",
    "agency",
    "column",
    "matched",
    "evidence",
)
NOTICE = "Not legal advice. A jurisdiction's counsel must review these rules before relying on them."
#: Findings of each rule the HTML page lists; the rest are counted, and are in the other formats.
HTML_PER_RULE = 100


class AuditRun(Protocol):
    """What the writers need: the findings, streamed, and the summary (a run, or a saved audit)."""

    def findings(self) -> Iterator[dict[str, Any]]: ...

    def summary_json(self) -> dict[str, Any]: ...


def write_json(run: AuditRun, out: IO[str]) -> None:
    out.write('{\n  "findings": [')
    first = True
    for finding in run.findings():
        out.write("\n    " if first else ",\n    ")
        out.write(json.dumps(finding, ensure_ascii=False))
        first = False
    out.write("\n  ],\n" if not first else "],\n")
    summary = json.dumps(run.summary_json(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out.write(f'  "summary": {summary},\n  "notice": {json.dumps(NOTICE)}\n}}\n')


def csv_rows(run: AuditRun) -> Iterator[list[str]]:
    for finding in run.findings():
        evidence = finding["evidence"]
        yield [
            finding["file"],
            str(finding["line"]),
            finding["severity"],
            finding["rule"],
            finding["citation"],
            finding["confidence"],
            finding["source"],
            finding["user"] or "",
            finding["agency"] or "",
            evidence.get("column", ""),
            evidence.get("matched", ""),
            json.dumps(evidence["cells"], ensure_ascii=False),
        ]


def write_csv(run: AuditRun, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    # Evidence quotes the log (user names, queries, subjects): opened in a spreadsheet, it must run nothing.
    writer.writerows([spreadsheet_safe(str(cell)) for cell in row] for row in csv_rows(run))


_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#111;background:#fff;line-height:1.4}
table{border-collapse:collapse;margin:1rem 0;width:100%}caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #888;padding:.3rem .5rem;vertical-align:top;text-align:left}th{background:#eee}
td.n{text-align:right;font-variant-numeric:tabular-nums}.high{color:#8b0000;font-weight:bold}
.medium{color:#7a4a00;font-weight:bold}.low{color:#333}a{color:#0645ad}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#ff0;padding:.3rem}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:bold}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _table(caption: str, headers: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            (f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>")
            if i
            else f'<th scope="row">{cell}</th>'
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def write_html(run: AuditRun, out: IO[str], *, max_people: int = 200, per_rule: int = HTML_PER_RULE) -> None:
    """The page: the summary, then for each rule its first ``per_rule`` findings and a count of the rest."""
    summary = run.summary_json()
    kind = summary["kind"]
    title = f"Access-log audit ({kind}): {summary['file']}"
    out.write(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>')
    out.write(f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_STYLE}</style></head>')
    out.write(f'<body><a class="skip" href="#findings">Skip to the findings</a><main><h1>{_e(title)}</h1>')
    out.write(f"<p>{_e(NOTICE)}</p><dl>")
    facts = [
        ("Rows audited", f"{summary['rows']:,}"),
        ("Findings", f"{summary['findings']:,}"),
        ("Blank rows", f"{summary['blank_rows']:,}"),
        ("Malformed rows", f"{summary['malformed_rows']:,}"),
        ("Columns used", ", ".join(f"{role}: {header}" for role, header in summary["columns"].items())),
        ("Thresholds", ", ".join(f"{k} = {v:,}" for k, v in summary["thresholds"].items())),
    ]
    for label, value in facts:
        out.write(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>")
    out.write("</dl>")
    if summary["findings"]:
        out.write('<nav aria-label="Findings by rule"><p>Findings by rule:</p><ul>')
        for rule in summary["rules"]:
            count = summary["by_rule"].get(rule["id"], 0)
            if count:
                out.write(f'<li><a href="#rule-{_e(rule["id"])}">{_e(rule["id"])}</a> ({count:,})</li>')
        out.write("</ul></nav>")
    out.write("<h2>Summary</h2>")
    severity_rows = [[_e(s), f"{n:,}"] for s, n in summary["by_severity"].items()]
    out.write(_table("Findings by severity", ["severity", "findings"], severity_rows, {1}))
    rule_rows = []
    for rule in summary["rules"]:
        cites = "<br>".join(
            f'<a href="{_e(c["source"])}">{_e(c["citation"])}</a> [{_e(c["confidence"])}]' for c in rule["citations"]
        )
        rule_rows.append(
            [
                f"<code>{_e(rule['id'])}</code>",
                f'<span class="{_e(rule["severity"])}">{_e(rule["severity"])}</span>',
                f"{summary['by_rule'].get(rule['id'], 0):,}",
                _e(rule["text"]),
                cites,
            ]
        )
    out.write(_table("Findings by rule", ["rule", "severity", "findings", "meaning", "law"], rule_rows, {2}))
    rows_name = ROW_NAMES[kind]
    for label, key in (("user", "users"), ("agency", "agencies")):
        people = list(summary[key].items())
        caption = f"Per {label} (top {min(len(people), max_people)} of {len(people)} by findings)"
        if "lookups" in summary:  # ALPR: manual searches and hotlist lookups apart
            shown = [
                [_e(name), f"{t['searches']:,}", f"{t['lookups']:,}", f"{t['findings']:,}"]
                for name, t in people[:max_people]
            ]
            out.write(_table(caption, [label, "searches", "lookups", "findings"], shown, {1, 2, 3}))
            continue
        shown = [[_e(name), f"{t['rows']:,}", f"{t['findings']:,}"] for name, t in people[:max_people]]
        out.write(_table(caption, [label, rows_name, "findings"], shown, {1, 2}))
    if "by_search_type" in summary:
        kinds = summary["by_search_type"]
        type_rows = [[_e(name), f"{part['rows']:,}", f"{part['findings']:,}"] for name, part in kinds.items()]
        out.write(
            _table(
                "Manual searches and hotlist lookups, counted apart", ["type", "rows", "findings"], type_rows, {1, 2}
            )
        )
    if "rates" in summary:
        rates = summary["rates"]
        for label, key in (("agency", "agencies"), ("user", "users")):
            entries = rates[key][:max_people]
            rate_rows = [
                [
                    _e(e["name"]),
                    f"{e['searches']:,}",
                    f"{e['immigration']:,} ({e['immigration_rate']:.1%})",
                    f"{e['vague']:,} ({e['vague_rate']:.1%})",
                    f"{e['network_wide']:,} ({e['network_wide_rate']:.1%})",
                ]
                for e in entries
            ]
            caption = (
                f"Rates per {label} with at least {rates['min_searches']:,} manual searches "
                f"({len(entries)} of {len(rates[key])}, highest immigration rate first)"
            )
            headers = [label, "searches", "immigration", "vague or missing reason", "network-wide"]
            out.write(_table(caption, headers, rate_rows, {1, 2, 3, 4}))
    if summary["malformed"]:
        bad = [[_e(m["line"]), _e(m["problem"])] for m in summary["malformed"]]
        out.write(_table("Malformed rows (not audited)", ["line", "problem"], bad, set()))
    _write_findings_by_rule(run, summary, out, per_rule)


def _finding_row(finding: dict[str, Any]) -> str:
    evidence = finding["evidence"]
    cells = "<br>".join(f"<b>{_e(k)}</b>: {_e(v)}" for k, v in evidence["cells"].items())
    if "matched" in evidence:
        cells = f"matched <mark>{_e(evidence['matched'])}</mark> in {_e(evidence.get('column', ''))}<br>{cells}"
    return (
        f'<tr class="finding"><th scope="row">{finding["line"]}</th>'
        f'<td class="{_e(finding["severity"])}">{_e(finding["severity"])}</td>'
        f"<td>{_e(finding['user'])}</td><td>{_e(finding['agency'])}</td><td>{cells}</td></tr>"
    )


def _write_findings_by_rule(run: AuditRun, summary: dict[str, Any], out: IO[str], per_rule: int) -> None:
    """Each rule's first findings in line order; at most ``per_rule`` rows per rule are ever held."""
    shown: dict[str, list[str]] = {}
    for finding in run.findings():
        kept = shown.setdefault(finding["rule"], [])
        if len(kept) < per_rule:
            kept.append(_finding_row(finding))
    out.write('<h2 id="findings">Findings</h2>')
    if not summary["findings"]:
        out.write("<p>No findings.</p>")
    for rule in summary["rules"]:
        total = summary["by_rule"].get(rule["id"], 0)
        if not total:
            continue
        rows = shown.get(rule["id"], [])
        law = "; ".join(
            f'<a href="{_e(c["source"])}">{_e(c["citation"])}</a> [{_e(c["confidence"])}]' for c in rule["citations"]
        )
        out.write(f'<section id="rule-{_e(rule["id"])}"><h3><code>{_e(rule["id"])}</code>: {_e(rule["text"])}</h3>')
        out.write(f"<p>Law: {law}</p>")
        if total > len(rows):
            out.write(
                f"<p><strong>The first {len(rows):,} of {total:,} findings of this rule are listed.</strong> "
                "Every finding is in the JSON, CSV and Parquet outputs of the same audit.</p>"
            )
        caption = f"{rule['id']}: findings {len(rows):,} of {total:,}, in line order"
        out.write(f"<table><caption>{_e(caption)}</caption><thead><tr>")
        for header in ("line", "severity", "user", "agency", "evidence"):
            out.write(f'<th scope="col">{header}</th>')
        out.write(f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>")
    out.write("</main></body></html>\n")


def write(run: AuditRun, fmt: str, out: IO[str], *, per_rule: int = HTML_PER_RULE) -> None:
    """Write ``run`` in ``fmt`` (json, csv or html; Parquet is binary: ``write_parquet``);
    ``per_rule``: the findings of each rule the HTML page lists."""
    if fmt == "html":
        write_html(run, out, per_rule=per_rule)
    else:
        {"json": write_json, "csv": write_csv}[fmt](run, out)


PARQUET_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("line", pa.int64()),
        ("severity", pa.string()),
        ("rule", pa.string()),
        ("citation", pa.string()),
        ("confidence", pa.string()),
        ("source", pa.string()),
        ("user", pa.string()),
        ("agency", pa.string()),
        ("column", pa.string()),
        ("matched", pa.string()),
        ("category", pa.string()),
        ("evidence", pa.string()),
    ]
)


def write_parquet(run: AuditRun, path: Path) -> None:
    """One finding per row (the CSV's columns, ``line`` as an integer, the cells as a JSON object), the
    summary as JSON in the file's metadata (key ``sanctuary.summary``); streamed in row groups."""
    metadata = {b"sanctuary.summary": json.dumps(run.summary_json(), ensure_ascii=False).encode("utf-8")}
    with pq.ParquetWriter(path, PARQUET_SCHEMA.with_metadata(metadata)) as writer:
        rows: list[dict[str, Any]] = []
        for finding in run.findings():
            evidence = finding["evidence"]
            rows.append(
                {
                    "file": finding["file"],
                    "line": finding["line"],
                    "severity": finding["severity"],
                    "rule": finding["rule"],
                    "citation": finding["citation"],
                    "confidence": finding["confidence"],
                    "source": finding["source"],
                    "user": finding["user"],
                    "agency": finding["agency"],
                    "column": evidence.get("column"),
                    "matched": evidence.get("matched"),
                    "category": evidence.get("category"),
                    "evidence": json.dumps(evidence["cells"], ensure_ascii=False),
                }
            )
            if len(rows) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(rows, PARQUET_SCHEMA))
                rows = []
        writer.write_table(pa.Table.from_pylist(rows, PARQUET_SCHEMA))


def finding_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A finding as the contract's JSON object again, from its Parquet row (see :func:`write_parquet`)."""
    rule = RULES[row["rule"]]
    evidence: dict[str, Any] = {"file": row["file"], "line": row["line"], "cells": json.loads(row["evidence"])}
    for key in ("column", "matched", "category"):
        if row.get(key):
            evidence[key] = row[key]
    return {
        "file": row["file"],
        "line": row["line"],
        "severity": row["severity"],
        "rule": row["rule"],
        "citation": row["citation"],
        "source": row["source"],
        "confidence": row["confidence"],
        "citations": [c.as_json() for c in rule.citations],
        "text": rule.title,
        "user": row["user"],
        "agency": row["agency"],
        "evidence": evidence,
    }


class SavedAudit:
    """An audit written as Parquet, read back batch by batch: its findings and summary as the run gave them."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def findings(self) -> Iterator[dict[str, Any]]:
        for batch in pq.ParquetFile(self.path).iter_batches(batch_size=PARQUET_BATCH):
            for row in batch.to_pylist():
                yield finding_from_row(row)

    def summary_json(self) -> dict[str, Any]:
        metadata = pq.read_schema(self.path).metadata or {}
        summary: dict[str, Any] = json.loads(metadata[b"sanctuary.summary"])
        return summary


def render_terminal(run: AuditRun, console: Any, *, show: int = 50) -> None:
    """A person's view: counts by rule with their law, the busiest users and agencies, the first findings."""
    from rich.markup import escape
    from rich.table import Table

    summary = run.summary_json()
    rows_name = ROW_NAMES[summary["kind"]]
    severity = summary["by_severity"]
    console.print(
        f"[bold]{escape(summary['file'])}[/] ({summary['kind']}, {summary['format']}): "
        + (
            f"{summary['rows']:,} rows ({summary['searches']:,} searches, {summary['lookups']:,} hotlist lookups), "
            if "lookups" in summary
            else f"{summary['rows']:,} {rows_name}, "
        )
        + f"{summary['findings']:,} finding(s) — "
        f"[red]high {severity['high']:,}[/], [yellow]medium {severity['medium']:,}[/], low {severity['low']:,}"
    )
    if summary["blank_rows"] or summary["malformed_rows"]:
        console.print(
            f"[yellow]{summary['blank_rows']:,} blank and {summary['malformed_rows']:,} malformed row(s) "
            "were not audited.[/]"
        )
        for bad in summary["malformed"][:10]:
            console.print(f"  [yellow]line {bad['line']}: {escape(bad['problem'])}[/]")
    rules = Table(title="Rules")
    rules.add_column("rule", no_wrap=True)
    rules.add_column("severity")
    rules.add_column("findings", justify="right")
    rules.add_column("law (primary)")
    for rule in summary["rules"]:
        first = rule["citations"][0]
        more = len(rule["citations"]) - 1
        law = f"{first['citation']} [{first['confidence']}]" + (f" +{more}" if more else "")
        rules.add_row(rule["id"], rule["severity"], f"{summary['by_rule'].get(rule['id'], 0):,}", escape(law))
    console.print(rules)
    for label, key in (("user", "users"), ("agency", "agencies")):
        people = [(name, t) for name, t in summary[key].items() if t["findings"]][:10]
        if not people:
            continue
        table = Table(title=f"Top {key} by findings")
        for column in (label, "rows", "findings"):
            table.add_column(column, justify="left" if column == label else "right")
        for name, tally in people:
            table.add_row(escape(name), f"{tally['rows']:,}", f"{tally['findings']:,}")
        console.print(table)
    rates = summary.get("rates", {}).get("agencies", [])[:10]
    if rates:
        table = Table(title=f"Agencies by immigration rate (at least {summary['rates']['min_searches']:,} searches)")
        for column in ("agency", "searches", "immigration", "vague", "network-wide"):
            table.add_column(column, justify="left" if column == "agency" else "right")
        for e in rates:
            table.add_row(
                escape(e["name"]),
                f"{e['searches']:,}",
                f"{e['immigration_rate']:.1%}",
                f"{e['vague_rate']:.1%}",
                f"{e['network_wide_rate']:.1%}",
            )
        console.print(table)
    if show and summary["findings"]:
        table = Table(title=f"Findings (first {min(show, summary['findings']):,} of {summary['findings']:,})")
        for column in ("line", "severity", "rule", "evidence"):
            table.add_column(column, justify="right" if column == "line" else "left")
        for count, finding in enumerate(run.findings()):
            if count >= show:
                break
            evidence = finding["evidence"]
            cells = "; ".join(f"{k}: {v}" for k, v in evidence["cells"].items())
            if "matched" in evidence:
                cells = f"matched {evidence['matched']!r} in {evidence.get('column', '')} | {cells}"
            table.add_row(str(finding["line"]), finding["severity"], finding["rule"], escape(cells[:240]))
        console.print(table)
    console.print("[dim]Write everything with --format json|csv|html -o FILE.[/]")
    console.print(f"[dim italic]{escape(NOTICE)}[/]")

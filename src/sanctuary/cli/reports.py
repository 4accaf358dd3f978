"""`sanctuary report`: transparency reports for a published period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from .common import err, escape, open_store, out, progress_bar, records_errors
from .root import app


@app.command("report")
@records_errors
def report_command(
    kind: Annotated[
        str, typer.Argument(help="council, doj-transfers, task-force, truth-forum, school-board or transparency.")
    ],
    period: Annotated[
        str, typer.Option("--period", help="2025 (a year), 2025Q3 (a quarter) or 2025-01-01..2025-06-30 (days).")
    ],
    out_dir: Annotated[str, typer.Option("-o", "--out", help="Folder to write the report into (created if missing).")],
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated: html, csv, json, pdf.")
    ] = "html,csv,json,pdf",
    epsilon: Annotated[
        float | None, typer.Option("--epsilon", help="Differentially private counts with this epsilon (needs OpenDP).")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="The report's language: en or es.")] = "en",
    paper: Annotated[str, typer.Option("--paper", help="PDF and print page size: letter or a4.")] = "letter",
) -> None:
    """Write a transparency report for a period: small counts suppressed, checkpoint and packs cited."""
    from sanctuary.model import InputError
    from sanctuary.model.labels import moment_text
    from sanctuary.reports import LANGUAGES, check_epsilon, headline, kind_of, parse_formats, parse_paper, write_report
    from sanctuary.services.reporting import make_report, report_period

    kind_of(kind)
    chosen = parse_formats(formats)
    size = parse_paper(paper)
    if lang not in LANGUAGES:
        raise InputError(
            "--lang {lang!r} is not a report language; allowed: {allowed}.", lang=lang, allowed=", ".join(LANGUAGES)
        )
    now = dt.datetime.now(dt.UTC)
    parsed = report_period(period, now)
    if epsilon is not None:
        check_epsilon(epsilon)
    if not parsed.complete:
        err.print(
            f"[yellow]warning:[/] the period {parsed.label} has not ended; the report counts its whole months "
            f"to date (up to {moment_text(parsed.cutoff, parsed.zone)}) and says so."
        )
    steps = 1 + len(chosen)  # counting the cases, then each format rendered
    with progress_bar("Counting the cases", "steps") as advance:
        with open_store() as store:
            report = make_report(store, kind, parsed, epsilon=epsilon, now=now, lang=lang)

        def rendering(name: str) -> None:
            if advance is not None:
                advance(1 + chosen.index(name), steps, f"Rendering {name.upper()}")

        paths = write_report(report, Path(out_dir), chosen, paper=size, on_render=rendering)
        if advance is not None:
            advance(steps, steps, "Written")
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    out.print(f"Report {kind} for {parsed.label}, {escape(headline(report, report.populations[0]))}; wrote:")
    for path in paths:
        out.print(f"  {escape(str(path))}")

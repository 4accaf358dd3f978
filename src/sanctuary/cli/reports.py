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
) -> None:
    """Write a transparency report for a period: small counts suppressed, checkpoint and packs cited."""
    from sanctuary.reports import check_epsilon, kind_of, parse_formats, parse_period, write_report
    from sanctuary.services.reporting import make_report

    kind_of(kind)
    chosen = parse_formats(formats)
    now = dt.datetime.now(dt.UTC)
    parsed = parse_period(period, now=now)
    if epsilon is not None:
        check_epsilon(epsilon)
    if not parsed.complete:
        err.print(
            f"[yellow]warning:[/] the period {parsed.label} has not ended; the report counts its whole months "
            f"to date (up to {parsed.cutoff.isoformat(timespec='seconds')}) and says so."
        )
    steps = 1 + len(chosen)  # counting the cases, then each format rendered
    with progress_bar("Counting the cases", "steps") as advance:
        with open_store() as store:
            report = make_report(store, kind, parsed, epsilon=epsilon, now=now)

        def rendering(name: str) -> None:
            if advance is not None:
                advance(1 + chosen.index(name), steps, f"Rendering {name.upper()}")

        paths = write_report(report, Path(out_dir), chosen, on_render=rendering)
        if advance is not None:
            advance(steps, steps, "Written")
    cases = report.populations[0].total.display
    out.print(f"Report {kind} for {parsed.label}: {cases} case(s) in scope; wrote:")
    for path in paths:
        out.print(f"  {escape(str(path))}")

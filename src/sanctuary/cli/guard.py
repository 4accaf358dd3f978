"""`sanctuary guard`: scan, export and audit data, locally or on Spark."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import common
from .common import (
    NOTICE,
    err,
    escape,
    out,
    parse_day,
    print_json,
    progress_bar,
    read_request_file,
    show_progress,
    user_errors,
)
from .root import app
from .words import say

if TYPE_CHECKING:
    from rich.table import Table

guard_app = typer.Typer(
    help="Guard the data: find immigration identifiers, gate outbound datasets, audit access logs.",
    no_args_is_help=True,
)


app.add_typer(guard_app, name="guard")

#: Where the work runs: this process, or Apache Spark (the same detectors, rules and gate).
Engine = Annotated[str, typer.Option("--engine", help="local (this process) or spark.")]
Master = Annotated[
    str, typer.Option("--master", help="spark: local[*], local[N], spark://HOST:PORT, yarn or sc://HOST.")
]


@guard_app.command("scan")
@user_errors
def guard_scan(
    path: Annotated[
        str,
        typer.Argument(help="A text file (.txt, .md, .log) or table (.csv, .jsonl, .parquet); a folder or glob too."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print {detections: [...]} as JSON.")] = False,
    show: Annotated[int, typer.Option("--show", min=0, help="Detections listed on screen (all with --json).")] = 1000,
    engine: Engine = "local",
    master: Master = "local[*]",
) -> None:
    """Find immigration identifiers and protected terms in files (line is 1-based; offsets within the line).

    One local file streams: its detections are written as they are found, in bounded memory.
    """
    from sanctuary.dataguard.audits import expand_paths
    from sanctuary.dataguard.scanning import scan_file

    _check_engine(engine)
    if engine == "spark":
        from sanctuary.dataguard.spark import scan_files

        with _guard_progress("Scanning (spark)"):
            results = scan_files(path, master=master)
    else:
        files = expand_paths(path, scannable=True)[1]
        if len(files) == 1:
            _scan_one(str(files[0]), as_json=as_json, show=show)
            return
        results = []
        with progress_bar("Scanning", "files", as_json=as_json) as advance:
            for done, file in enumerate(files):
                if advance is not None:
                    advance(done, len(files), f"Scanning {file.name}")
                results.append(scan_file(file).as_json())
            if advance is not None:
                advance(len(files), len(files), "Scanned")
    if as_json:
        print_json(results[0] if len(results) == 1 else {"files": results})
        return
    for result in results:
        table = _detections_table(result["file"])
        for found in result["detections"][:show]:
            table.add_row(
                str(found["line"]),
                str(found["start"]),
                str(found["end"]),
                found["kind"],
                escape(found["text"]),
                escape(found.get("column") or ""),
            )
        out.print(table)
        if len(result["detections"]) > show:
            out.print(f"[dim]… {escape(say('the first {count} shown; --json lists them all.', count=f'{show:,}'))}[/]")
        counts = ", ".join(f"{kind} {count:,}" for kind, count in result["counts"].items()) or say("none")
        found = say(
            "{count} detection(s) in {lines} line(s)",
            count=f"{len(result['detections']):,}",
            lines=f"{result['lines']:,}",
        )
        out.print(f"{escape(found)}: {counts}")


def _detections_table(name: str) -> Table:
    from rich.table import Table

    table = Table(title=escape(say("Detections in {name}", name=name)))
    for column in ("line", "start", "end", "kind", "text", "column"):
        table.add_column(say(column), justify="right" if column in {"line", "start", "end"} else "left")
    return table


def _scan_one(path: str, *, as_json: bool, show: int) -> None:
    """One file, streamed: JSON written as detections are found, or the first ``show`` on screen."""
    from sanctuary.dataguard.scanning import iter_scan, write_json

    if as_json:
        write_json(path, sys.stdout)
        return
    result, detections = iter_scan(path)
    table = _detections_table(path)
    with progress_bar(f"Scanning {Path(path).name}", "lines") as advance:
        for found in detections:
            if advance is not None:
                advance(found.line, 0)
            if table.row_count >= show:
                continue
            table.add_row(
                str(found.line),
                str(found.start),
                str(found.end),
                found.kind,
                escape(found.text),
                escape(found.column or ""),
            )
    out.print(table)
    if result.found > show:
        out.print(f"[dim]… {escape(say('the first {count} shown; --json lists them all.', count=f'{show:,}'))}[/]")
    counts = ", ".join(f"{kind} {count:,}" for kind, count in result.counts().items()) or say("none")
    tally = say("{count} detection(s) in {lines} line(s)", count=f"{result.found:,}", lines=f"{result.lines:,}")
    out.print(f"{escape(tally)}: {counts}")


@guard_app.command("export")
@user_errors
def guard_export(
    source: Annotated[str, typer.Argument(help="The table to send: .csv, .jsonl or .parquet (never modified).")],
    to: Annotated[str, typer.Option("--to", help="Recipient: a requester kind or an agency (ICE, FBI, LAPD...).")],
    purpose: Annotated[str, typer.Option("--purpose", help="Why they want it: a contract purpose value.")],
    output: Annotated[str, typer.Option("-o", "--output", help="Output file; its extension picks the format.")] = "",
    pack: Annotated[str | None, typer.Option("--pack", help="Pack id, e.g. us-ca-los-angeles.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Apply the law in force that day (YYYY-MM-DD).")] = None,
    facts: Annotated[
        str | None, typer.Option("--facts", help="JSON/YAML with further request facts (setting, instrument, subject).")
    ] = None,
    mask: Annotated[bool, typer.Option("--mask", help="Keep forbidden columns, emptied, instead of dropping them.")] = (
        False
    ),
    approved_by: Annotated[
        str | None,
        typer.Option(
            "--approved-by",
            help="For a referred request: who approved it for the authority named (recorded in the manifest).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
    spreadsheet_safe: Annotated[
        bool,
        typer.Option(
            "--spreadsheet-safe", help="Prefix text cells a spreadsheet would run as formulas (=, +, -, @) with '."
        ),
    ] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (this process) or spark (the gate as a Spark task).")
    ] = ("local"),
    master: Master = "local[*]",
) -> None:
    """Send a table only as far as the law allows: exit 0 written, 3 refused, 4 referred (nothing written)."""
    from sanctuary.model import InputError
    from sanctuary.services.guarding import export_table

    _check_engine(engine)
    gate: Callable[..., Any] | None = None
    if engine == "spark":
        from sanctuary.dataguard.spark import spark_gate

        gate = spark_gate(master)

    if not output:
        src = Path(source)
        output = str(src.with_name(f"{src.stem}.guarded{src.suffix}"))
    extra = read_request_file(facts) if facts is not None else None
    if extra is not None and not isinstance(extra, dict):
        raise InputError("The facts file {facts!r} must hold an object of request fields.", facts=facts)
    with progress_bar(f"Exporting {Path(source).name}", "rows", as_json=as_json) as advance:
        if advance is not None and gate is None:
            from sanctuary.dataguard.gate import run_gate

            gate = partial(run_gate, on_rows=lambda rows: advance(rows, 0))
        result = export_table(
            source,
            output,
            to=to,
            purpose=purpose,
            pack=pack,
            on=parse_day(on),
            facts=extra,
            mask=mask,
            approved_by=approved_by,
            spreadsheet_safe=spreadsheet_safe,
            gate=gate,
        )
    summary = result.as_json()
    if as_json:
        print_json(summary)
    else:
        _render_export(result, summary)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def _render_export(result: Any, summary: dict[str, Any]) -> None:
    from rich.table import Table

    console = out if result.status == "written" else err
    who = escape(result.recipient.agency or result.recipient.kind.value)
    by_outcome: dict[str, list[str]] = {}
    for category, outcome in summary["scope"].items():
        by_outcome.setdefault(outcome, []).append(category)
    if result.status == "refused":
        console.print(
            f"[bold red]REFUSED:[/] the law forbids sending this data to {who} for {result.purpose.value}. "
            "Nothing was written."
        )
    elif result.status == "referred":
        deciders = ", ".join(summary["refer_to"]) or "counsel"
        declined = ", ".join(by_outcome.get("decline", []))
        console.print(
            f"[bold blue]REFERRED:[/] staff may not decide whether {who} may have this data for "
            f"{result.purpose.value}; {escape(deciders)} decides"
            + (f" (declined in any case: {declined})" if declined else "")
            + ". Nothing was written; once they approve, run again with --approved-by NAME."
        )
    if summary["scope"]:
        console.print("Per category: " + ", ".join(f"{c} {o}" for c, o in summary["scope"].items()))
    for reason in result.decision.reasons:
        console.print(f"  • {escape(reason.citation)} [{reason.confidence.value}] {escape(reason.source)}")
    if result.result is not None:
        gate = result.result
        table = Table(title=escape(say("Wrote {path} ({rows} rows)", path=gate.output, rows=f"{gate.rows:,}")))
        for column in ("column", "category", "action", "scrubbed"):
            table.add_column(say(column))
        for report in gate.columns:
            scrubbed = ", ".join(f"{k} {v}" for k, v in sorted(report.scrubbed.items()))
            action = report.action
            if action == "withheld":
                action += f" ({', '.join(report.ruling.decides) or 'counsel'} decides)"
            table.add_row(escape(report.column.name), report.column.category.value, action, scrubbed)
        out.print(table)
        out.print(f"{escape(say('Manifest'))}: {escape(str(gate.manifest))}")
    console.print(f"[dim italic]{escape(say(NOTICE))}[/]")


ENGINES = ("local", "spark")


def _check_engine(engine: str) -> None:
    from sanctuary.model import InputError

    if engine not in ENGINES:
        raise InputError(
            "--engine {engine!r} is not an engine; use one of: {allowed}.", engine=engine, allowed=", ".join(ENGINES)
        )


@contextmanager
def _guard_progress(what: str) -> Iterator[Callable[..., None] | None]:
    """A progress bar on the terminal's standard error (rows audited, or Spark tasks done of total)."""
    if not show_progress():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[detail]}"),
                  TimeElapsedColumn(), console=common.console_of(common.err), transient=True) as bar:  # fmt: skip
        task = bar.add_task(what, total=None, detail="")
        seen = [0]

        def advance(done: int, total: int | None = None) -> None:
            if total is None:
                seen[0] += done
                bar.update(task, detail=f"{seen[0]:,} rows")
            else:
                bar.update(task, completed=done, total=total or None, detail=f"{done}/{total} tasks")

        yield advance


@guard_app.command("audit")
@user_errors
def guard_audit(
    logs: Annotated[
        list[str],
        typer.Argument(help="Access logs: files (CSV, JSON Lines, XLSX, PDF, Parquet), folders or globs of them."),
    ],
    kind: Annotated[
        str, typer.Option("--kind", help="alpr (license-plate-reader searches), db (database queries), email.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="json, csv, html or parquet (default: a summary on screen, or -o's suffix)."),
    ] = None,
    output: Annotated[str | None, typer.Option("-o", "--out", help="Write to this file (atomically).")] = None,
    max_networks: Annotated[
        int, typer.Option("--max-networks", min=1, help="alpr: report searches across more networks than this.")
    ] = 500,
    min_searches: Annotated[
        int, typer.Option("--min-searches", min=1, help="alpr: searches an agency or user needs to get rates.")
    ] = 20,
    bulk_rows: Annotated[
        int, typer.Option("--bulk-rows", min=1, help="db: rows that make a query a bulk read.")
    ] = 1000,
    bulk_bytes: Annotated[
        int, typer.Option("--bulk-bytes", min=1, help="email: attachment bytes that make a data file bulk.")
    ] = 1_000_000,
    show: Annotated[int, typer.Option("--show", min=0, help="Findings listed on screen.")] = 50,
    per_rule: Annotated[
        int, typer.Option("--per-rule", min=1, help="html: findings listed per rule (all are in json/csv/parquet).")
    ] = 100,
    engine: Engine = "local",
    master: Master = "local[*]",
) -> None:
    """Audit access logs for immigration-enforcement use; every finding has its file, line, rule and law."""
    from sanctuary.dataguard.audits import (
        FORMATS,
        AlprOptions,
        AuditOptions,
        AuditRun,
        DbOptions,
        EmailOptions,
        render_terminal,
        write,
        write_parquet,
    )
    from sanctuary.files import atomic_path
    from sanctuary.model import InputError

    _check_engine(engine)
    if fmt is None and output is not None:
        fmt = Path(output).suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise InputError(
                "-o {output!r}: say which format to write with --format ({allowed}).",
                output=output,
                allowed=", ".join(FORMATS),
            )
    if fmt is not None and fmt not in FORMATS:
        raise InputError(
            "--format {fmt!r} is not supported; use one of: {allowed}.", fmt=fmt, allowed=", ".join(FORMATS)
        )
    if fmt == "parquet" and output is None:
        raise InputError("--format parquet writes a file: give it with -o FILE.parquet.")
    options = AuditOptions(AlprOptions(max_networks), DbOptions(bulk_rows), EmailOptions(bulk_bytes), min_searches)
    run: Any
    if engine == "spark":
        from sanctuary.dataguard.spark import SparkAuditRun

        run = SparkAuditRun(logs, kind, options, master=master)
    else:
        run = AuditRun(logs, kind, options)
    with run:
        with _guard_progress(f"Auditing ({engine})") as progress:
            run.run(progress)
        if fmt is None:
            render_terminal(run, common.console_of(out), show=show)
        elif output is None:
            write(run, fmt, sys.stdout, per_rule=per_rule)
        else:
            with atomic_path(Path(output)) as tmp:
                if fmt == "parquet":
                    write_parquet(run, tmp)
                else:
                    with open(tmp, "w", encoding="utf-8", newline="") as handle:
                        write(run, fmt, handle, per_rule=per_rule)
            summary = run.summary
            wrote = say(
                "Wrote {findings} finding(s) over {rows} row(s) to {path}",
                findings=f"{summary.findings:,}",
                rows=f"{summary.rows:,}",
                path=output,
            )
            err.print(escape(wrote))


@guard_app.command("sample-log")
@user_errors
def guard_sample_log(
    kind: Annotated[str, typer.Option("--kind", help="alpr, db or email.")],
    rows: Annotated[int, typer.Option("--rows", min=1, help="How many log rows to write.")],
    output: Annotated[str, typer.Option("-o", "--out", help="The log file to write (atomically).")],
    variant: Annotated[
        str | None, typer.Option("--variant", help="Header shape, e.g. alpr: network, organization, offense, renamed.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same file.")] = 20250527,
    rate: Annotated[float, typer.Option("--rate", help="Share of rows with a planted violation.")] = 0.02,
    labels: Annotated[
        str | None, typer.Option("--labels", help="Also write the planted violations (line,rule) to this CSV.")
    ] = None,
) -> None:
    """Write a realistic fictitious access log with labelled violations (for demos, tests, benchmarks)."""
    from sanctuary.dataguard.audits.samples import write_sample_log
    from sanctuary.files import write_atomic

    log = write_sample_log(output, kind, rows, seed=seed, variant=variant, rate=rate)
    if labels is not None:
        text = "line,rule\n" + "".join(f"{p.line},{p.rule}\n" for p in log.planted)
        write_atomic(Path(labels), [text.encode("utf-8")])
    wrote = say(
        "Wrote {rows} {kind} row(s) ({variant}, {format}) to {path} with {planted} planted violation(s).",
        rows=f"{rows:,}",
        kind=log.kind,
        variant=log.variant,
        format=log.format,
        path=output,
        planted=f"{len(log.planted):,}",
    )
    err.print(escape(wrote))

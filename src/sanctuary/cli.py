"""The `sanctuary` command. Bad input is one clear message and exit code 2, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sanctuary.documents import ReaderEvaluation, evaluate_reader, read
from sanctuary.model import Action, Decision, InputError, Outcome, Reading, Request
from sanctuary.policy import (
    PROPERTIES,
    Report,
    YamlError,
    available_packs,
    coverage,
    load_scenarios,
    load_stack,
    parse_yaml,
    run_scenario,
    verify,
)
from sanctuary.services import decide

NOTICE = "Not legal advice. A jurisdiction's counsel must review its pack before use."
MAX_REQUEST_BYTES = 1_000_000

app = typer.Typer(
    name="sanctuary",
    help=f"Sanctuary: a city's sanctuary law, in daily practice.\n\n{NOTICE}",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
packs_app = typer.Typer(help="List and inspect packs (law as data).", no_args_is_help=True)
app.add_typer(packs_app, name="packs")

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn InputError into a message on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None

    return wrapper


def read_request_file(source: str) -> Any:
    """The raw request from a JSON or YAML file, or from stdin when ``source`` is '-'."""
    if source == "-":
        text = sys.stdin.read(MAX_REQUEST_BYTES + 1)
        name = "standard input"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"The request file {source!r} does not exist or is not a file.")
        if path.stat().st_size > MAX_REQUEST_BYTES:
            raise InputError(f"The request file {source!r} is larger than {MAX_REQUEST_BYTES:,} bytes.")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"The request file {source!r} cannot be read as UTF-8 text ({exc}).") from None
        name = source
    if len(text) > MAX_REQUEST_BYTES:
        raise InputError(f"The request on {name} is larger than {MAX_REQUEST_BYTES:,} bytes.")
    if not text.strip():
        raise InputError(f"The request on {name} is empty; it needs at least an 'action' field.")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        return parse_yaml(text, name)
    except YamlError as exc:
        raise InputError(f"The request is neither valid JSON nor valid YAML: {exc}") from None


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--on {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-07-01.") from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


_OUTCOME_STYLE = {
    Outcome.COMPLY: ("green", "COMPLY", "Comply, after verifying the paper."),
    Outcome.PARTIAL: ("yellow", "PARTIAL", "Comply only for the data marked comply below."),
    Outcome.DECLINE: ("red", "DECLINE", "Do not do what is asked."),
    Outcome.REFER: ("blue", "REFER", "Do not act yet: the person named below decides."),
    Outcome.STAND_ASIDE: ("magenta", "STAND ASIDE", "Neither help nor obstruct; document what happens."),
}


def render_decision(decision: Decision) -> None:
    color, label, gloss = _OUTCOME_STYLE[decision.outcome]
    headline = f"[bold {color}]{label}[/]  {gloss}"
    if decision.refer_to:
        headline += f"\nDecides: {', '.join(r.value for r in decision.refer_to)}"
    out.print(Panel(headline, title="Decision", expand=False))
    if decision.scope:
        table = Table(title="Per data category", show_lines=False)
        table.add_column("data")
        table.add_column("outcome")
        for category, outcome in decision.scope.items():
            table.add_row(category.value, f"[{_OUTCOME_STYLE[outcome][0]}]{outcome.value}[/]")
        out.print(table)
    out.print("[bold]Say:[/]", escape(decision.script.en))
    out.print("[bold]Diga:[/]", escape(decision.script.es))
    if decision.questions:
        out.print("[bold]Find out:[/]")
        for question in decision.questions:
            out.print(f"  • {escape(question)}")
    reasons = Table(title="Why", show_lines=True)
    reasons.add_column("citation", style="bold")
    reasons.add_column("conf.")
    reasons.add_column("reason")
    for reason in decision.reasons:
        reasons.add_row(escape(reason.citation), reason.confidence.value, escape(f"{reason.text}\n{reason.source}"))
    out.print(reasons)
    if decision.obligations:
        duties = Table(title="Duties", show_lines=True)
        duties.add_column("duty", style="bold", no_wrap=True)
        duties.add_column("who")
        duties.add_column("when")
        duties.add_column("what")
        for duty in decision.obligations:
            duties.add_row(duty.id, escape(duty.who), escape(duty.due), escape(f"{duty.text}\n{duty.citation}"))
        out.print(duties)
    packs = ", ".join(f"{p.id} {p.version} ({p.digest[:19]}…)" for p in decision.packs)
    out.print(f"[dim]Law in force on {decision.on.isoformat()}; packs: {escape(packs)}[/]")
    out.print(f"[dim italic]{NOTICE}[/]")


@app.command("decide")
@user_errors
def decide_command(
    file: Annotated[str, typer.Argument(help="Request file (JSON or YAML), or '-' for standard input.")] = "-",
    pack: Annotated[str | None, typer.Option("--pack", help="Pack id, e.g. us-ca-los-angeles.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Decide under the law in force that day (YYYY-MM-DD).")] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="Read this paper (.txt, .pdf, .png, .jpg) to fill `instrument`.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
) -> None:
    """Decide one request and print the decision with its citations, duties and script."""
    decision = decide(read_request_file(file), pack=pack, on=parse_day(on), document=document)
    if as_json:
        print_json(decision.model_dump(mode="json"))
    else:
        if decision.document is not None:
            render_reading(decision.document, brief=True)
        render_decision(decision)


@app.command("read")
@user_errors
def read_command(
    path: Annotated[str, typer.Argument(help="The paper: .txt, .pdf, .png or .jpg.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the reading as JSON.")] = False,
    eval_dir: Annotated[
        str | None, typer.Option("--eval", help="Score the reader on a labeled folder (labels.csv: file,label).")
    ] = None,
) -> None:
    """Read a paper: is it a judicial warrant, or something else? The verdict first, then the evidence."""
    if eval_dir is not None:
        report = evaluate_reader(Path(eval_dir))
        if as_json:
            print_json(report.as_json())
        else:
            render_evaluation(report)
        return
    if not path:
        raise InputError("Name the paper to read (sanctuary read PATH), or a labeled folder with --eval DIR.")
    reading = read(path)
    if as_json:
        print_json(reading.model_dump(mode="json"))
    else:
        render_reading(reading)


def render_reading(reading: Reading, *, brief: bool = False) -> None:
    judicial = reading.type.value in {"judicial_warrant", "judicial_probable_cause", "court_order"}
    color = "green" if judicial and reading.signed_by_judge else "red" if not judicial else "yellow"
    out.print(Panel(f"[bold {color}]{escape(reading.verdict)}[/]", title="The paper", expand=False))
    facts = [
        ("type", reading.type.value),
        ("confidence", f"{reading.confidence:.0%}"),
        ("form", reading.form),
        ("issued by", reading.issuer),
        ("signed by", " — ".join(x for x in (reading.signer, reading.signer_title) if x) or None),
        ("signed by a judge", {True: "yes", False: "no", None: "unknown"}[reading.signed_by_judge]),
        ("case number", reading.case_number),
        ("names", ", ".join(reading.subjects) or None),
        ("issued", reading.dates.issued and reading.dates.issued.isoformat()),
        ("expires", reading.dates.expires and reading.dates.expires.isoformat()),
    ]
    for label, value in facts:
        if value:
            out.print(f"  [bold]{label}:[/] {escape(str(value))}")
    for warning in reading.warnings:
        out.print(f"  [yellow]⚠ {escape(warning)}[/]")
    if brief:
        return
    table = Table(title="Evidence", show_lines=False)
    table.add_column("line", justify="right")
    table.add_column("cue", style="bold")
    table.add_column("text")
    for item in reading.evidence:
        table.add_row(str(item.line), escape(item.cue), escape(item.text))
    out.print(table)
    source = "OCR" if reading.ocr else "text"
    out.print(f"[dim]{reading.pages} page(s) read from {source}; sha256 {reading.sha256[:16]}…[/]")
    out.print(f"[dim italic]{NOTICE}[/]")


def render_evaluation(report: ReaderEvaluation) -> None:
    labels = report.labels
    table = Table(title=f"Confusion matrix ({report.total} documents; rows: label, columns: read as)")
    table.add_column("label \\ read", style="bold")
    for label in labels:
        table.add_column(label[:12], justify="right")
    for truth in labels:
        row = [str(report.matrix.get(truth, {}).get(guess, "") or "") for guess in labels]
        table.add_row(truth, *row)
    out.print(table)
    out.print(f"accuracy: {report.accuracy:.1%} ({report.correct}/{report.total})")
    danger = report.dangerous
    style = "red" if danger else "green"
    out.print(f"[{style}]non-judicial papers read as judicial: {len(danger)}[/]")
    for name, guess in danger:
        out.print(f"  [red]{escape(name)} read as {guess}[/]")
    for name, truth, guess in report.errors:
        out.print(f"  [dim]{escape(name)}: {truth} read as {guess}[/]")


@packs_app.command("list")
@user_errors
def packs_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the packs that can be used."""
    rows: list[dict[str, Any]] = []
    for pack_id in available_packs():
        try:
            pack = load_stack(pack_id).top
        except InputError as exc:
            err.print(f"[bold red]pack {pack_id} does not load:[/] {escape(str(exc))}")
            continue
        rows.append(
            {
                "id": pack.id,
                "name": pack.name,
                "version": pack.version,
                "parents": list(pack.parents),
                "effective": pack.effective.isoformat(),
                "rules": len(pack.rules),
                "digest": pack.digest,
            }
        )
    if as_json:
        print_json(rows)
        return
    table = Table(title="Packs")
    for column in ("id", "name", "version", "parents", "effective", "rules"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["id"],
            row["name"],
            row["version"],
            ", ".join(row["parents"]) or "-",
            row["effective"],
            str(row["rules"]),
        )
    out.print(table)
    out.print(f"[dim italic]{NOTICE}[/]")


@packs_app.command("show")
@user_errors
def packs_show(pack_id: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show one pack: its jurisdiction, parents, version, digest and law files."""
    stack = load_stack(pack_id)
    pack = stack.top
    info = {
        "id": pack.id,
        "name": pack.name,
        "jurisdiction": pack.jurisdiction,
        "version": pack.version,
        "digest": pack.digest,
        "effective": pack.effective.isoformat(),
        "parents": list(pack.parents),
        "stack": [p.id for p in stack.packs],
        "description": pack.description,
        "law": list(pack.law),
        "rules": len(pack.rules),
        "definitions": [d.id for d in pack.definitions],
    }
    if as_json:
        print_json(info)
        return
    for key, value in info.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        out.print(f"[bold]{key}:[/] {escape(str(shown))}")
    out.print(f"[dim italic]{NOTICE}[/]")


@packs_app.command("rules")
@user_errors
def packs_rules(
    pack_id: str,
    stack_too: Annotated[bool, typer.Option("--stack", help="Include the parents' rules.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List a pack's rules with their citations, sources and confidence tags."""
    stack = load_stack(pack_id)
    rules = stack.rules if stack_too else stack.top.rules
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "pack": r.pack,
            "citation": r.citation,
            "source": r.source,
            "confidence": r.confidence.value,
            "effective": {"from": r.effective_from.isoformat(), "to": r.effective_to and r.effective_to.isoformat()},
            "outcome": r.outcome.value if r.outcome else None,
            "obligations": [o.id.value for o in r.obligations],
            "defeats": list(r.defeats),
            "binding": r.binding,
            "default": r.default,
            "summary": r.summary,
            "where": f"{r.file.name}:{r.line}",
        }
        for r in rules
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"Rules of {pack_id}", show_lines=True)
    for column in ("id", "citation", "conf.", "outcome", "summary"):
        table.add_column(column)
    for row in rows:
        outcome = row["outcome"] or "duty: " + ", ".join(row["obligations"])
        table.add_row(row["id"], escape(row["citation"]), row["confidence"], outcome, escape(row["summary"]))
    out.print(table)
    out.print(f"[dim italic]{NOTICE}[/]")


@app.command("verify")
@user_errors
def verify_command(
    pack: Annotated[str | None, typer.Option("--pack", help="Verify one pack (default: every pack).")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Verify the law in force that day (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Prove P1-P4 over the whole fact space of each pack; print a counterexample for each failure."""
    day = parse_day(on) or dt.date.today()
    pack_ids = [pack] if pack else list(available_packs())
    reports = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json or not err.is_terminal,
    ) as progress:
        task = progress.add_task("verifying", total=len(pack_ids) * len(Action))
        for pack_id in pack_ids:
            stack = load_stack(pack_id)
            if day < stack.effective:
                raise InputError(
                    f"Pack {pack_id!r} took effect on {stack.effective.isoformat()}; "
                    f"cannot verify it for {day.isoformat()}."
                )

            def step(action: str, pack_id: str = pack_id) -> None:
                progress.update(task, advance=1, description=f"{pack_id}: {action}")

            reports.append(verify(stack, day, progress=step))
    if as_json:
        print_json(
            [
                {
                    "pack": r.pack,
                    "on": r.on.isoformat(),
                    "classes": r.classes,
                    "rules": r.rules_checked,
                    "ok": r.ok,
                    "shadowed": r.shadowed,
                    "failures": [vars(f) for f in r.failures],
                }
                for r in reports
            ]
        )
    else:
        for report in reports:
            render_report(report)
        out.print(f"[dim italic]{NOTICE}[/]")
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


def render_report(report: Report) -> None:
    status = "[bold green]verified[/]" if report.ok else f"[bold red]{len(report.failures)} failure(s)[/]"
    out.print(
        f"[bold]{report.pack}[/] on {report.on.isoformat()}: {report.classes:,} equivalence classes, "
        f"{report.rules_checked} rules: {status}"
    )
    for prop, text in PROPERTIES.items():
        mark = "[red]✗[/]" if report.failed(prop) else "[green]✓[/]"
        out.print(f"  {mark} {prop} {escape(text)}")
    if report.shadowed:
        out.print(f"  [dim]parent rules with no room under this pack: {escape(', '.join(report.shadowed))}[/]")
    for failure in report.failures:
        out.print(f"  [red]{failure.property}[/] {escape(failure.message)}")
        if failure.request is not None:
            outcome = f" -> {failure.outcome}" if failure.outcome else ""
            out.print(f"      counterexample{outcome}: {escape(json.dumps(failure.request, sort_keys=True))}")


@packs_app.command("test")
@user_errors
def packs_test(
    pack: Annotated[list[str] | None, typer.Option("--pack", help="Only these packs (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the packs' scenarios and report which scenarios fire each rule."""
    pack_ids = pack or list(available_packs())
    scenarios = load_scenarios(pack_ids)
    results: dict[str, Decision] = {}
    failures: dict[str, list[str]] = {}
    for scenario in scenarios:
        decision, problems = run_scenario(scenario)
        results[scenario.id] = decision
        if problems:
            failures[scenario.id] = problems
    report = coverage(scenarios, results, pack_ids)
    if as_json:
        print_json(
            {
                "scenarios": len(scenarios),
                "failures": failures,
                "coverage": report.fired_by,
                "unfired": report.unfired,
            }
        )
    else:
        table = Table(title="Rule coverage", show_lines=False)
        table.add_column("rule")
        table.add_column("citation")
        table.add_column("scenarios", justify="right")
        for rule_id, fired in report.fired_by.items():
            count = "[red]0[/]" if not fired else str(len(fired))
            table.add_row(rule_id, escape(report.citations[rule_id]), count)
        out.print(table)
        for scenario_id, problems in failures.items():
            out.print(f"[red]FAIL[/] {scenario_id}: {escape('; '.join(problems))}")
        out.print(
            f"{len(scenarios)} scenarios, {len(failures)} failed; "
            f"{len(report.fired_by) - len(report.unfired)}/{len(report.fired_by)} rules fired"
        )
    if failures or report.unfired:
        raise typer.Exit(1)


@app.command("schema")
@user_errors
def schema_command(
    which: Annotated[str, typer.Argument(help="request, decision or reading")],
) -> None:
    """Print the JSON Schema of the request, the decision or a document reading."""
    models: dict[str, Any] = {"request": Request, "decision": Decision, "reading": Reading}
    if which not in models:
        raise InputError(f"Unknown schema {which!r}; allowed: request, decision, reading.")
    print_json(models[which].model_json_schema())


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""`sanctuary packs` and `verify`: the law as data, its scenarios and its proofs."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import (
    NOTICE,
    console_of,
    err,
    escape,
    out,
    parse_day,
    print_json,
    progress_bar,
    show_progress,
    user_errors,
)
from .root import app
from .words import output_language, say, words

_LANG_HELP = "Printed in en or es (default: SANCTUARY_LANG, then LANG)."

if TYPE_CHECKING:
    from sanctuary.model import Decision
    from sanctuary.policy import Report

packs_app = typer.Typer(help="List and inspect packs (law as data).", no_args_is_help=True)


app.add_typer(packs_app, name="packs")


@packs_app.command("list")
@user_errors
def packs_list(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help=_LANG_HELP)] = None,
) -> None:
    """List the packs that can be used."""
    from rich.table import Table

    from sanctuary.model import InputError
    from sanctuary.model.labels import day_text
    from sanctuary.policy import available_packs, load_stack

    language = output_language(lang)
    _ = words(language)

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
    table = Table(title=_("Packs"))
    for column in ("Pack", "Name", "Version", "Builds on", "In force from", "Rules"):
        table.add_column(_(column))
    for row in rows:
        table.add_row(
            row["id"],
            escape(_(row["name"])),
            row["version"],
            ", ".join(row["parents"]) or "-",
            day_text(dt.date.fromisoformat(row["effective"]), language),
            str(row["rules"]),
        )
    out.print(table)
    out.print(f"[dim italic]{escape(_(NOTICE))}[/]")


@packs_app.command("show")
@user_errors
def packs_show(
    pack_id: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help=_LANG_HELP)] = None,
) -> None:
    """Show one pack: its jurisdiction, parents, version, digest and law files."""
    from sanctuary.policy import load_stack

    language = output_language(lang)
    _ = words(language)

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
    headings = {
        "id": "Pack",
        "name": "Name",
        "jurisdiction": "Jurisdiction",
        "version": "Version",
        "digest": "Digest",
        "effective": "In force from",
        "parents": "Builds on",
        "stack": "Stack",
        "description": "Description",
        "law": "Law files",
        "rules": "Rules",
        "definitions": "Definitions",
    }
    for key, value in info.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        if key == "name":
            shown = _(str(value))
        out.print(f"[bold]{escape(_(headings[key]))}:[/] {escape(str(shown))}")
    out.print(f"[dim italic]{escape(_(NOTICE))}[/]")


@packs_app.command("rules")
@user_errors
def packs_rules(
    pack_id: str,
    stack_too: Annotated[bool, typer.Option("--stack", help="Include the parents' rules.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help=_LANG_HELP)] = None,
) -> None:
    """List a pack's rules with their citations, sources, confidence tags and the operative text quoted."""
    from rich.table import Table

    from sanctuary.model.labels import label
    from sanctuary.services.law import pack_rules

    language = output_language(lang)
    _ = words(language)

    rows = pack_rules(pack_id, with_parents=stack_too)
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{_('Rules')}: {pack_id}", show_lines=True)
    for column in ("Rule", "Law", "Confidence", "Outcome", "What it says"):
        table.add_column(_(column))
    for row in rows:
        if row["outcome"]:
            outcome = label("outcome", row["outcome"], language)
        else:
            outcome = _("Duties") + ": " + ", ".join(label("duty", duty, language) for duty in row["obligations"])
        summary = escape(row["summary"] if language == "en" else row["text"][language])
        if row["quote"]:
            summary += f'\n[italic]"{escape(row["quote"])}"[/]'
        table.add_row(row["id"], escape(row["citation"]), row["confidence"], escape(outcome), summary)
    out.print(table)
    out.print(f"[dim italic]{escape(_(NOTICE))}[/]")


@app.command("verify")
@user_errors
def verify_command(
    pack: Annotated[str | None, typer.Option("--pack", help="Verify one pack (default: every pack).")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Verify the law in force that day (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Prove P1-P6 over the whole fact space of each pack; print a counterexample for each failure."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from sanctuary.model import Action, InputError
    from sanctuary.policy import available_packs, load_stack, verify

    day = parse_day(on) or dt.date.today()
    pack_ids = [pack] if pack else list(available_packs())
    reports = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console_of(err),
        transient=True,
        disable=not show_progress(as_json=as_json),
    ) as progress:
        task = progress.add_task("verifying", total=len(pack_ids) * len(Action))
        for pack_id in pack_ids:
            stack = load_stack(pack_id)
            if day < stack.effective:
                raise InputError(
                    "Pack {pack!r} took effect on {effective}; cannot verify it for {day}.",
                    pack=pack_id,
                    effective=stack.effective.isoformat(),
                    day=day.isoformat(),
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
        out.print(f"[dim italic]{escape(say(NOTICE))}[/]")
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


def render_report(report: Report) -> None:
    from sanctuary.policy import PROPERTIES

    failures = say("{count} failure(s)", count=len(report.failures))
    status = f"[bold green]{escape(say('verified'))}[/]" if report.ok else f"[bold red]{escape(failures)}[/]"
    checked = say(
        "on {day}: {classes} equivalence classes, {rules} rules",
        day=report.on.isoformat(),
        classes=f"{report.classes:,}",
        rules=report.rules_checked,
    )
    out.print(f"[bold]{report.pack}[/] {escape(checked)}: {status}")
    for prop, text in PROPERTIES.items():
        mark = "[red]✗[/]" if report.failed(prop) else "[green]✓[/]"
        out.print(f"  {mark} {prop} {escape(say(text))}")
    if report.shadowed:
        shadowed = say("parent rules with no room under this pack: {rules}", rules=", ".join(report.shadowed))
        out.print(f"  [dim]{escape(shadowed)}[/]")
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
    from rich.table import Table

    from sanctuary.policy import available_packs, coverage, load_scenarios, run_scenario

    pack_ids = pack or list(available_packs())
    scenarios = load_scenarios(pack_ids)
    results: dict[str, Decision] = {}
    failures: dict[str, list[str]] = {}
    with progress_bar("Running the scenarios", "scenarios", as_json=as_json) as advance:
        for done, scenario in enumerate(scenarios, start=1):
            decision, problems = run_scenario(scenario)
            results[scenario.id] = decision
            if problems:
                failures[scenario.id] = problems
            if advance is not None:
                advance(done, len(scenarios))
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
        table = Table(title=say("Rule coverage"), show_lines=False)
        table.add_column(say("Rule"))
        table.add_column(say("Law"))
        table.add_column(say("Scenarios"), justify="right")
        for rule_id, fired in report.fired_by.items():
            count = "[red]0[/]" if not fired else str(len(fired))
            table.add_row(rule_id, escape(report.citations[rule_id]), count)
        out.print(table)
        for scenario_id, problems in failures.items():
            out.print(f"[red]FAIL[/] {scenario_id}: {escape('; '.join(problems))}")
        summary = say(
            "{scenarios} scenarios, {failed} failed; {fired}/{rules} rules fired",
            scenarios=len(scenarios),
            failed=len(failures),
            fired=len(report.fired_by) - len(report.unfired),
            rules=len(report.fired_by),
        )
        out.print(escape(summary))
    if failures or report.unfired:
        raise typer.Exit(1)

"""The `sanctuary` command. Bad input is one clear message and exit code 2, never a traceback."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sanctuary.documents import ReaderEvaluation, evaluate_reader
from sanctuary.model import Action, Decision, InputError, Outcome, Reading, Request
from sanctuary.policy import (
    PROPERTIES,
    Report,
    available_packs,
    coverage,
    load_scenarios,
    load_stack,
    run_scenario,
    verify,
)
from sanctuary.services import decide, home_state, read_paper
from sanctuary.services.inputs import parse_request_text
from sanctuary.services.law import pack_rules

NOTICE = "Not legal advice. A jurisdiction's counsel must review its pack before use."
MAX_REQUEST_BYTES = 1_000_000
#: The largest ledger index or size a command takes (the databases store them as 32-bit integers).
MAX_INDEX = 2**31 - 1
#: The most days a command looks back (a century; dates before year 1 do not exist).
MAX_DAYS = 36_500

app = typer.Typer(
    name="sanctuary",
    help=f"Sanctuary: a city's sanctuary law, in daily practice.\n\n{NOTICE}",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
packs_app = typer.Typer(help="List and inspect packs (law as data).", no_args_is_help=True)
app.add_typer(packs_app, name="packs")
cases_app = typer.Typer(help="Case files: list, show, export, purge personal data.", no_args_is_help=True)
app.add_typer(cases_app, name="cases")
ledger_app = typer.Typer(help="The public ledger: verify, proofs, checkpoints, export.", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")
db_app = typer.Typer(help="The records database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
keys_app = typer.Typer(help="The store's keys: create, rotate the records key, back up.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
users_app = typer.Typer(help="Staff accounts of the web app.", no_args_is_help=True)
app.add_typer(users_app, name="users")
guard_app = typer.Typer(
    help="Guard the data: find immigration identifiers, gate outbound datasets, audit access logs.",
    no_args_is_help=True,
)
app.add_typer(guard_app, name="guard")

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
        except csv.Error as exc:
            # A CSV the parser gives up on (a cell over 131,072 characters, a stray NUL) is bad input too.
            err.print(f"[bold red]error:[/] a CSV file could not be read: {escape(str(exc)[:200])}.")
            raise typer.Exit(2) from None

    return wrapper


def records_errors(func: Callable[P, R]) -> Callable[P, R]:
    """InputError, and a database that fails mid-command, as one message and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return user_errors(func)(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:
            from sqlalchemy.exc import SQLAlchemyError

            if not isinstance(exc, SQLAlchemyError):
                raise
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            err.print(f"[bold red]error:[/] the records database failed: {escape(reason)}")
            raise typer.Exit(2) from None

    return wrapper


@contextmanager
def _open_store() -> Iterator[Any]:
    """The store named by the environment (SANCTUARY_DATABASE_URL, SANCTUARY_DATA_DIR, SANCTUARY_KEY_DIR)."""
    from sanctuary.records import Store

    store = Store.open()
    try:
        yield store
    finally:
        store.close()


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
    return parse_request_text(text, name)


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
@records_errors
def decide_command(
    file: Annotated[str, typer.Argument(help="Request file (JSON or YAML), or '-' for standard input.")] = "-",
    pack: Annotated[str | None, typer.Option("--pack", help="Pack id, e.g. us-ca-los-angeles.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Decide under the law in force that day (YYYY-MM-DD).")] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="Read this paper (.txt, .pdf, .png, .jpg) to fill `instrument`.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
    record: Annotated[
        bool, typer.Option("--record", help="Open a case from the decision in the records store; print its id.")
    ] = False,
    subject_name: Annotated[
        str | None, typer.Option("--subject-name", help="With --record: the subject's name (sealed, never logged).")
    ] = None,
    subject_dob: Annotated[
        str | None, typer.Option("--subject-dob", help="With --record: the subject's date of birth (YYYY-MM-DD).")
    ] = None,
    subject_id: Annotated[
        list[str] | None,
        typer.Option("--subject-id", help="With --record: an identifier (A-number, passport...); repeatable."),
    ] = None,
) -> None:
    """Decide one request and print the decision with its citations, duties and script."""
    personal = _personal_details(subject_name, subject_dob, subject_id or [])
    if personal is not None and not record:
        raise InputError("--subject-name, --subject-dob and --subject-id are kept only with --record.")
    raw = read_request_file(file)
    decision = decide(raw, pack=pack, on=parse_day(on), document=document)
    case_id = _record_case(raw, decision, document, personal) if record else None
    if as_json:
        data = decision.model_dump(mode="json")
        if case_id is not None:
            data["case_id"] = case_id
        print_json(data)
    else:
        if decision.document is not None:
            render_reading(decision.document, brief=True)
        render_decision(decision)
        if case_id is not None:
            out.print(f"Case opened: {case_id}")


def _personal_details(name: str | None, dob: str | None, identifiers: list[str]) -> Any:
    """The subject's details from the --subject-* options, or None when none were given."""
    if name is None and dob is None and not identifiers:
        return None
    from sanctuary.records import PersonalDetails

    return PersonalDetails.parse({"name": name, "date_of_birth": dob, "identifiers": identifiers})


def _record_case(raw: Any, decision: Decision, document: str | None, personal: Any) -> str:
    """Open a case from a decision: case_opened, document_attached (with a paper), decision_made."""
    from sanctuary.services.recording import record_decision

    with _open_store() as store:
        receipt = record_decision(store, raw, decision, document=document, personal=personal)
    return receipt.case_id


@app.command("read")
@user_errors
def read_command(
    path: Annotated[str, typer.Argument(help="The paper: .txt, .pdf, .png or .jpg.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the reading as JSON.")] = False,
    eval_dir: Annotated[
        str | None, typer.Option("--eval", help="Score the reader on a labeled folder (labels.csv: file,label).")
    ] = None,
    pack: Annotated[
        str | None,
        typer.Option(
            "--pack", help="Read against this pack's state: its courts are 'here' (default: the default pack)."
        ),
    ] = None,
) -> None:
    """Read a paper: is it a judicial warrant, or something else? The verdict first, then the evidence."""
    if eval_dir is not None:
        report = evaluate_reader(Path(eval_dir), home_state=home_state(pack))
        if as_json:
            print_json(report.as_json())
        else:
            render_evaluation(report)
        return
    if not path:
        raise InputError("Name the paper to read (sanctuary read PATH), or a labeled folder with --eval DIR.")
    reading = read_paper(path, pack=pack)
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
        ("issuer", _issuer_words(reading)),
        ("signer's role", None if reading.issued_by.value == "unknown" else reading.issued_by.value),
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
    out.print(f"type accuracy: {report.accuracy:.1%} ({report.correct}/{report.total})")
    for name, score in (
        ("issuer", report.issuer),
        ("signed-by-judge", report.signed_by_judge),
        ("issued-by", report.issued_by),
    ):
        if score.accuracy is None:
            out.print(f"{name} accuracy: not labeled")
        else:
            out.print(f"{name} accuracy: {score.accuracy:.1%} ({score.correct}/{score.total})")
    out.print(f"[dim]home state: {report.home_state or 'none (state courts read as unknown)'}[/]")
    danger = report.dangerous
    style = "red" if danger else "green"
    out.print(f"[{style}]non-judicial papers read as judicial: {len(danger)}[/]")
    for name, guess in danger:
        out.print(f"  [red]{escape(name)} read as {guess}[/]")
    for name, truth, guess in report.errors:
        out.print(f"  [dim]{escape(name)}: {truth} read as {guess}[/]")
    for what, score in (("issuer", report.issuer), ("signed by a judge", report.signed_by_judge)):
        for name, truth, guess in score.errors:
            out.print(f"  [dim]{escape(name)}: {what} {truth} read as {guess}[/]")


_ISSUER_WORDS = {
    "federal_court": "a federal court",
    "state_court_here": "a court of this state",
    "state_court_elsewhere": "another state's court (no force here until domesticated)",
    "immigration_court": "an immigration court (EOIR): not a court for these laws",
    "immigration_agency": "an immigration agency (DHS)",
    "other_agency": "an agency, not a court",
}


def _issuer_words(reading: Reading) -> str | None:
    words = _ISSUER_WORDS.get(reading.issuer_kind.value)
    if words and reading.court_state and reading.issuer_kind.value.startswith("state_court"):
        return f"{words} ({reading.court_state})"
    return words


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
    """List a pack's rules with their citations, sources, confidence tags and the operative text quoted."""
    rows = pack_rules(pack_id, with_parents=stack_too)
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"Rules of {pack_id}", show_lines=True)
    for column in ("id", "citation", "conf.", "outcome", "summary"):
        table.add_column(column)
    for row in rows:
        outcome = row["outcome"] or "duty: " + ", ".join(row["obligations"])
        summary = escape(row["summary"])
        if row["quote"]:
            summary += f'\n[italic]"{escape(row["quote"])}"[/]'
        table.add_row(row["id"], escape(row["citation"]), row["confidence"], outcome, summary)
    out.print(table)
    out.print(f"[dim italic]{NOTICE}[/]")


@app.command("verify")
@user_errors
def verify_command(
    pack: Annotated[str | None, typer.Option("--pack", help="Verify one pack (default: every pack).")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Verify the law in force that day (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Prove P1-P6 over the whole fact space of each pack; print a counterexample for each failure."""
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


# --- records: cases, ledger, database ---------------------------------------------------------


def _when(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "-"


@cases_app.command("list")
@records_errors
def cases_list(
    status: Annotated[str | None, typer.Option("--status", help="open, referred, decided or closed.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many cases.")] = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List cases, most recently active first, with their duties still open and late."""
    with _open_store() as store:
        rows = store.cases.list_cases(status=status, limit=limit)
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    table = Table(title=f"Cases ({len(rows)})")
    table.add_column("id", no_wrap=True, min_width=32)
    for column in ("status", "action", "outcome", "opened", "duties", "next due"):
        table.add_column(column)
    for row in rows:
        duties = f"{row.obligations_open} open" + (
            f", [red]{row.obligations_late} late[/]" if row.obligations_late else ""
        )
        table.add_row(
            row.id,
            row.status + (" (purged)" if row.purged else ""),
            row.action or "-",
            row.counsel_outcome or row.outcome or "-",
            row.opened_at.astimezone().date().isoformat(),
            duties,
            row.next_due.isoformat() if row.next_due else "-",
        )
    out.print(table)


@cases_app.command("show")
@records_errors
def cases_show(
    case: Annotated[str, typer.Argument(help="Case id (or a unique prefix of 4+ characters).")],
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Also show the subject's personal details, file names and notes.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one case: request, decision, duties, documents and its ledger timeline."""
    with _open_store() as store:
        view = store.cases.get(store.cases.resolve(case), reveal=reveal)
    if as_json:
        hidden: Any = None if reveal else {"personal": True, "note_texts": True, "documents": {"__all__": {"filename"}}}
        print_json(view.model_dump(mode="json", exclude=hidden))
        return
    lines = [
        f"[bold]status:[/] {view.status}" + (f" (personal data purged {_when(view.purged_at)})" if view.purged else ""),
        f"[bold]action:[/] {view.action or '-'}   [bold]outcome:[/] {view.outcome or '-'}"
        + (f"   [bold]counsel decided:[/] {view.counsel_outcome}" if view.counsel_outcome else ""),
        f"[bold]pack:[/] {view.pack or '-'}   [bold]law of:[/] {view.decided_on or '-'}",
        f"[bold]opened:[/] {_when(view.opened_at)}   [bold]updated:[/] {_when(view.updated_at)}"
        + (f"   [bold]closed:[/] {_when(view.closed_at)}" if view.closed_at else ""),
        f"[bold]counsel:[/] {escape(view.assigned_to or '-')}   [bold]notes:[/] {view.notes}",
    ]
    if view.personal is not None:
        person = view.personal
        lines.append(
            f"[bold]subject:[/] {escape(person.name or '-')}   [bold]born:[/] {person.date_of_birth or '-'}   "
            f"[bold]identifiers:[/] {escape(', '.join(person.identifiers) or '-')}"
        )
    out.print(Panel("\n".join(lines), title=f"Case {view.id}", expand=False))
    if view.obligations:
        duties = Table(title="Duties", show_lines=False)
        for column in ("duty", "who", "due", "status"):
            duties.add_column(column)
        for duty in view.obligations:
            color = {"done": "green", "late": "red", "open": "yellow"}[duty.status]
            due = f"{duty.due_on} ({duty.due})" if duty.due_on else duty.due
            duties.add_row(duty.id, escape(duty.who), escape(due), f"[{color}]{duty.status}[/]")
        out.print(duties)
    if view.documents:
        papers = Table(title="Documents", show_lines=False)
        for column in ("id", "read as", "bytes", "sha256", "name"):
            papers.add_column(column)
        for doc in view.documents:
            kind = str((doc.reading or {}).get("type", "-"))
            name = "(shredded)" if doc.shredded else escape(doc.filename or "(hidden; --reveal)")
            papers.add_row(str(doc.id), kind, f"{doc.size:,}", doc.sha256[:16] + "…", name)
        out.print(papers)
    for note in view.note_texts or []:
        out.print(f"[bold]note {_when(note.created_at)}:[/] {escape(note.text or '(purged)')}")
    timeline = Table(title="Timeline (ledger entries)", show_lines=False)
    for column in ("entry", "event", "at", "leaf hash"):
        timeline.add_column(column)
    for entry in view.timeline:
        timeline.add_row(str(entry.index), entry.kind, entry.at, entry.leaf_hash[:16] + "…")
    out.print(timeline)


@cases_app.command("export")
@records_errors
def cases_export(
    case: Annotated[str, typer.Argument(help="Case id (or a unique prefix of 4+ characters).")],
    output: Annotated[
        str | None, typer.Option("--out", help="Write to this file (atomically) instead of stdout.")
    ] = None,
) -> None:
    """Export one case without personal data, with each ledger entry's inclusion proof."""
    from sanctuary.records import write_atomic

    with _open_store() as store:
        data = store.export_case(store.cases.resolve(case))
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(Path(output), [text.encode("utf-8")])
    err.print(f"Wrote case {data['case']['id']} to {escape(output)}")


@cases_app.command("purge")
@records_errors
def cases_purge(
    older_than: Annotated[
        int | None,
        typer.Option(
            "--older-than",
            min=0,
            max=MAX_DAYS,
            help="Days without activity (default: SANCTUARY_RETENTION_DAYS or 365).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Crypto-shred the personal data of cases inactive for DAYS days; the ledger still verifies."""
    with _open_store() as store:
        days = store.settings.retention_days if older_than is None else older_than
        purged = store.purge(days)
        generations = store.keys.records_generations()
    if as_json:
        current = max(generations, default=None)
        print_json({"older_than_days": days, "purged": purged, "records_key_generation": current})
        return
    out.print(f"Purged the personal data of {len(purged)} case(s) with no activity for {days} day(s).")
    for case_id in purged:
        out.print(f"  {case_id}")
    if purged:
        out.print(
            f"The records key is now at generation {generations[-1]}; the one that sealed these cases was destroyed. "
            "Replace key backups taken before now (`sanctuary keys backup`)."
        )


@ledger_app.command("verify")
@records_errors
def ledger_verify(
    key: Annotated[str | None, typer.Option("--verifier-key", help="Check signatures with this key text.")] = None,
    key_file: Annotated[str | None, typer.Option("--key-file", help="Read the verifier key from this file.")] = None,
    against: Annotated[
        str | None,
        typer.Option("--against", help="A signed checkpoint kept outside the database (e.g. a published one)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Recompute every leaf hash, the root, every checkpoint's root and signature, and their consistency.

    The log is also checked against the highest checkpoint the key directory has seen and, with
    --against, a trusted checkpoint: removing checkpoints from the database cannot hide a rewrite.
    """
    if key is not None and key_file is not None:
        raise InputError("Give the verifier key once: --verifier-key or --key-file, not both.")
    if key_file is not None:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"Cannot read the verifier key file {key_file!r}: {exc}.") from None
    trusted = None
    if against is not None:
        try:
            trusted = Path(against).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"Cannot read the trusted checkpoint {against!r}: {exc}.") from None
        if len(trusted) > 64_000 or "\n\n" not in trusted:
            raise InputError(
                f"The trusted checkpoint {against!r} is not a signed checkpoint: give the checkpoint.txt of a "
                "ledger export or the output of `sanctuary ledger checkpoint`."
            )
    with _open_store() as store:
        report = store.verify(key, against=trusted)
    if as_json:
        print_json(report.as_json())
    elif report.ok:
        latest = f"latest at {report.latest_checkpoint} entries" if report.latest_checkpoint is not None else "none yet"
        out.print(
            f"[bold green]ledger verified[/]: {report.entries:,} entries, root {report.root.hex()}, "
            f"{report.checkpoints} signed checkpoint(s) ({latest}), {report.cases:,} case(s) matching their entries, "
            f"in {report.seconds:.2f} s"
        )
    else:
        out.print(f"[bold red]ledger does NOT verify[/]: {len(report.problems) + report.unlisted} problem(s)")
        for problem in report.problems:
            out.print(f"  [red]✗[/] {escape(str(problem))}")
        if report.unlisted:
            out.print(f"  … and {report.unlisted} more")
    if not report.ok:
        raise typer.Exit(1)


@ledger_app.command("proof")
@records_errors
def ledger_proof(
    entry: Annotated[int, typer.Argument(min=0, max=MAX_INDEX, help="The entry's index.")],
    checkpoint_out: Annotated[
        str | None, typer.Option("--checkpoint-out", help="Also write the signed checkpoint the proof is for.")
    ] = None,
) -> None:
    """Print the inclusion proof of one entry against the latest signed checkpoint (the verifier's format)."""
    from sanctuary.records import write_atomic

    with _open_store() as store:
        store.ledger.entry(entry)
        checkpoint = store.ledger.latest_checkpoint()
        if checkpoint is None or checkpoint.size <= entry:
            checkpoint = store.ledger.checkpoint()
        proof = store.ledger.inclusion_proofs([entry], checkpoint.size)[entry]
        digest = store.ledger.entry(entry).leaf_hash
    if checkpoint_out is not None:
        write_atomic(Path(checkpoint_out), [checkpoint.note.encode("utf-8")])
    print_json(
        {"index": entry, "tree_size": checkpoint.size, "leaf_hash": digest.hex(), "proof": [p.hex() for p in proof]}
    )


@ledger_app.command("consistency")
@records_errors
def ledger_consistency(
    old_size: Annotated[
        int, typer.Argument(min=0, max=MAX_INDEX, help="The size of an older checkpoint someone kept.")
    ],
    checkpoint_out: Annotated[
        str | None, typer.Option("--checkpoint-out", help="Also write the signed checkpoint the proof leads to.")
    ] = None,
) -> None:
    """Print the consistency proof from an older size to the latest checkpoint (signed now if the log grew)."""
    from sanctuary.records import write_atomic

    with _open_store() as store:
        checkpoint = store.ledger.checkpoint()
        if old_size > checkpoint.size:
            raise InputError(
                f"The latest checkpoint covers {checkpoint.size} entries; there is no older tree of {old_size} "
                "entries to prove it extends."
            )
        proof = store.ledger.consistency_proof(old_size, checkpoint.size)
    if checkpoint_out is not None:
        write_atomic(Path(checkpoint_out), [checkpoint.note.encode("utf-8")])
    print_json({"old_size": old_size, "new_size": checkpoint.size, "proof": [p.hex() for p in proof]})


@ledger_app.command("checkpoint")
@records_errors
def ledger_checkpoint(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Print the latest signed checkpoint, signing a new one first if the ledger has grown."""
    with _open_store() as store:
        checkpoint = store.ledger.checkpoint()
    if as_json:
        print_json(
            {
                "id": checkpoint.id,
                "origin": checkpoint.origin,
                "size": checkpoint.size,
                "root": checkpoint.root.hex(),
                "created_at": checkpoint.created_at.isoformat(),
                "note": checkpoint.note,
            }
        )
    else:
        sys.stdout.write(checkpoint.note)


@ledger_app.command("export")
@records_errors
def ledger_export(out_dir: Annotated[str, typer.Argument(help="Folder to write (created if missing).")]) -> None:
    """Write the public export: leaf hashes, the signed checkpoint and the verifier key (no case content)."""
    with _open_store() as store:
        result = store.export_ledger(Path(out_dir))
    names = {path.name: str(path) for path in result.files}
    out.print(f"Exported {result.size:,} entries under checkpoint {result.checkpoint_id} to {escape(out_dir)}")
    out.print(
        "Anyone can check it: python3 verifier/sanctuary_verify.py "
        f"--checkpoint {escape(names['checkpoint.txt'])} --key-file {escape(names['ledger.pub'])} "
        f"--entries {escape(names['ledger.jsonl'])}",
        soft_wrap=True,
    )


@db_app.command("upgrade")
@records_errors
def db_upgrade() -> None:
    """Apply the database migrations the code needs (SQLite or PostgreSQL)."""
    from sanctuary.records import upgrade_database

    before, after = upgrade_database()
    if before == after:
        out.print(f"The database is already at revision {after}.")
    else:
        out.print(f"Database upgraded from revision {before or '(empty)'} to {after}.")


@keys_app.command("init")
@records_errors
def keys_init(
    replace_lost: Annotated[
        bool,
        typer.Option(
            "--replace-lost",
            help="Create new keys even though the store holds data the lost ones protected (it stays unreadable).",
        ),
    ] = False,
) -> None:
    """Create the store's keys in SANCTUARY_KEY_DIR (a store with data never gets new keys silently)."""
    with _open_store() as store:
        created = store.init_keys(replace_lost=replace_lost)
        folder = store.keys.key_dir
        verifier = store.keys.existing_verifier_key()
    if created:
        out.print(f"Created {', '.join(created)} in {escape(str(folder))}.")
    else:
        out.print(f"The key directory {escape(str(folder))} already holds every key; nothing was created.")
    out.print(f"Verifier key (publish it): {escape(verifier or '-')}", soft_wrap=True)
    out.print("Keep the key directory apart from the database and its backups (`sanctuary keys backup`).")


@keys_app.command("rotate")
@records_errors
def keys_rotate() -> None:
    """Start a new records-key generation, re-wrap every case's data key under it and destroy the old one."""
    with _open_store() as store:
        generation, rewrapped, destroyed = store.cases.rotate_records_key()
    gone = ", ".join(map(str, destroyed)) or "none"
    out.print(
        f"Records key generation {generation}: re-wrapped {rewrapped:,} case key(s); destroyed generation(s) {gone}."
    )
    out.print("Key backups taken before now hold the destroyed generation: replace them with `sanctuary keys backup`.")


@keys_app.command("backup")
@records_errors
def keys_backup(folder: Annotated[str, typer.Argument(help="A new or empty folder to copy the keys into.")]) -> None:
    """Copy the key directory into FOLDER (0700; files 0600) to keep apart from the database's backups."""
    with _open_store() as store:
        names = store.keys.backup(Path(folder))
        generations = store.keys.records_generations()
    out.print(f"Backed up {', '.join(names)} to {escape(folder)} (records key generation {generations[-1]}).")
    out.print(
        "Store it apart from the database's backups; after each purge or rotation, replace it: an older key "
        "backup together with an older database backup can unseal the cases purged since."
    )


@users_app.command("add")
@records_errors
def users_add(
    name: Annotated[str, typer.Argument(help="The account name (one word).")],
    role: Annotated[str, typer.Option("--role", help="front_desk, counsel, auditor or admin.")],
    language: Annotated[str, typer.Option("--language", help="Page language: en or es.")] = "en",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
    ] = False,
) -> None:
    """Create a web account; the password is prompted for (twice) unless given on standard input."""
    from sanctuary.services.site import Site

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _open_store() as store:
        site = Site.attach(store)
        user = site.accounts.add_user(name, role, password, language=language)
    out.print(f"Account {escape(user.name)} created with the role {user.role}.")


@users_app.command("passwd")
@records_errors
def users_passwd(
    name: Annotated[str, typer.Argument(help="The account whose password changes.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the new password from the first line of standard input.")
    ] = False,
) -> None:
    """Set an account's password (prompted twice unless on standard input); its sessions end."""
    from sanctuary.services.site import Site

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _open_store() as store:
        Site.attach(store).accounts.set_password(name, password)
    out.print(f"The password of {escape(name)} was changed; its sessions have ended.")


@users_app.command("reset")
@records_errors
def users_reset(name: Annotated[str, typer.Argument(help="The account to give a new random password.")]) -> None:
    """Give an account a new random password, printed once (hand it over, then it is changed); its sessions end."""
    from sanctuary.services.site import Site

    with _open_store() as store:
        password = Site.attach(store).accounts.reset_password(name)
    out.print(f"New password for {escape(name)} (shown once; its sessions have ended): {escape(password)}")


@guard_app.command("scan")
@user_errors
def guard_scan(
    path: Annotated[
        str,
        typer.Argument(help="A text file (.txt, .md, .log) or table (.csv, .jsonl, .parquet); a folder or glob too."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print {detections: [...]} as JSON.")] = False,
    show: Annotated[int, typer.Option("--show", min=0, help="Detections listed on screen (all with --json).")] = 1000,
    engine: Annotated[str, typer.Option("--engine", help="local (this process) or spark.")] = "local",
    master: Annotated[
        str, typer.Option("--master", help="spark: local[*], local[N], spark://HOST:PORT, yarn or sc://HOST.")
    ] = "local[*]",
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
        results = [scan_file(file).as_json() for file in files]
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
            out.print(f"[dim]… the first {show:,} shown; --json lists them all.[/]")
        counts = ", ".join(f"{kind} {count:,}" for kind, count in result["counts"].items()) or "none"
        out.print(f"{len(result['detections']):,} detection(s) in {result['lines']:,} line(s): {counts}")


def _detections_table(name: str) -> Table:
    table = Table(title=f"Detections in {escape(name)}")
    for column in ("line", "start", "end", "kind", "text", "column"):
        table.add_column(column, justify="right" if column in {"line", "start", "end"} else "left")
    return table


def _scan_one(path: str, *, as_json: bool, show: int) -> None:
    """One file, streamed: JSON written as detections are found, or the first ``show`` on screen."""
    from sanctuary.dataguard.scanning import iter_scan, write_json

    if as_json:
        write_json(path, sys.stdout)
        return
    result, detections = iter_scan(path)
    table = _detections_table(path)
    for found in detections:
        if table.row_count < show:
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
        out.print(f"[dim]… the first {show:,} shown; --json lists them all.[/]")
    counts = ", ".join(f"{kind} {count:,}" for kind, count in result.counts().items()) or "none"
    out.print(f"{result.found:,} detection(s) in {result.lines:,} line(s): {counts}")


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
    master: Annotated[
        str, typer.Option("--master", help="spark: local[*], local[N], spark://HOST:PORT, yarn or sc://HOST.")
    ] = "local[*]",
) -> None:
    """Send a table only as far as the law allows: exit 0 written, 3 refused, 4 referred (nothing written)."""
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
        raise InputError(f"The facts file {facts!r} must hold an object of request fields.")
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
        table = Table(title=f"Wrote {escape(str(gate.output))} ({gate.rows:,} rows)")
        for column in ("column", "category", "action", "scrubbed"):
            table.add_column(column)
        for report in gate.columns:
            scrubbed = ", ".join(f"{k} {v}" for k, v in sorted(report.scrubbed.items()))
            action = report.action
            if action == "withheld":
                action += f" ({', '.join(report.ruling.decides) or 'counsel'} decides)"
            table.add_row(escape(report.column.name), report.column.category.value, action, scrubbed)
        out.print(table)
        out.print(f"Manifest: {escape(str(gate.manifest))}")
    console.print(f"[dim italic]{NOTICE}[/]")


@app.command("serve")
@records_errors
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Create demo accounts (passwords printed once) and a few demo cases.")
    ] = False,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            envvar="SANCTUARY_TRUSTED_PROXIES",
            help="Address or network of a reverse proxy whose X-Forwarded-For/-Proto are believed (repeatable).",
        ),
    ] = None,
) -> None:
    """Start the web app (pages and the JSON API) on the records store; prints the URL."""
    import uvicorn

    from sanctuary.records import Settings
    from sanctuary.web import WebSettings, create_app

    proxies = tuple(part for entry in trusted_proxy or [] for part in entry.replace(",", " ").split())
    web = create_app(WebSettings(records=Settings.from_env(), demo=demo, trusted_proxies=proxies))
    # Load every pack now, then take what start-up built out of the cyclic collector's sight: a full
    # collection walking the packs' objects paused a loaded server for about 0.1 s at a time.
    web.state.site.packs()
    gc.collect()
    gc.freeze()
    shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104 - comparing, not binding
    if demo:
        out.print("[bold]Demo mode[/]: these accounts exist only in this demo database.")
        for account, account_role, password in web.state.demo_accounts:
            out.print(f"  {account:<12} {account_role:<11} password: {escape(password)}")
        if not web.state.demo_accounts:
            out.print("  (the demo accounts were created on an earlier run; their passwords are in docs/web.md)")
    out.print(f"Sanctuary is running at [bold]http://{shown_host}:{port}/[/]  (Ctrl+C to stop)")
    out.print(f"[dim italic]{NOTICE}[/]")
    # No access log: it would write client addresses and paths of every request. Forwarded headers
    # are read by the app, and only from --trusted-proxy addresses.
    uvicorn.run(web, host=host, port=port, access_log=False, log_level="warning", proxy_headers=False)


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
    with _open_store() as store:
        report = make_report(store, kind, parsed, epsilon=epsilon, now=now)
    paths = write_report(report, Path(out_dir), chosen)
    cases = report.populations[0].total.display
    out.print(f"Report {kind} for {parsed.label}: {cases} case(s) in scope; wrote:")
    for path in paths:
        out.print(f"  {escape(str(path))}")


ENGINES = ("local", "spark")


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise InputError(f"--engine {engine!r} is not an engine; use one of: {', '.join(ENGINES)}.")


@contextmanager
def _guard_progress(what: str) -> Iterator[Callable[..., None] | None]:
    """A progress bar on the terminal's standard error (rows audited, or Spark tasks done of total)."""
    if not err.is_terminal:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[detail]}"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:  # fmt: skip
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
    engine: Annotated[str, typer.Option("--engine", help="local (this process) or spark.")] = "local",
    master: Annotated[
        str, typer.Option("--master", help="spark: local[*], local[N], spark://HOST:PORT, yarn or sc://HOST.")
    ] = "local[*]",
) -> None:
    """Audit access logs for immigration-enforcement use; every finding has its file, line, rule and law."""
    from sanctuary.dataguard.audits import AlprOptions, AuditOptions, AuditRun, DbOptions, EmailOptions
    from sanctuary.dataguard.audits._output import FORMATS, render_terminal, write, write_parquet
    from sanctuary.files import atomic_path

    _check_engine(engine)
    if fmt is None and output is not None:
        fmt = Path(output).suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise InputError(f"-o {output!r}: say which format to write with --format ({', '.join(FORMATS)}).")
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not supported; use one of: {', '.join(FORMATS)}.")
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
            render_terminal(run, out, show=show)
        elif output is None:
            write(run, fmt, sys.stdout)
        else:
            with atomic_path(Path(output)) as tmp:
                if fmt == "parquet":
                    write_parquet(run, tmp)
                else:
                    with open(tmp, "w", encoding="utf-8", newline="") as handle:
                        write(run, fmt, handle)
            summary = run.summary
            err.print(f"Wrote {summary.findings:,} finding(s) over {summary.rows:,} row(s) to {escape(output)}")


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
    err.print(
        f"Wrote {rows:,} {log.kind} row(s) ({log.variant}, {log.format}) to {escape(output)} "
        f"with {len(log.planted):,} planted violation(s)."
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()

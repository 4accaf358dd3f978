"""`sanctuary decide`, `read` and `schema`: one request decided, one paper read, the contract's schemas."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import (
    NOTICE,
    escape,
    open_store,
    out,
    parse_day,
    print_json,
    progress_bar,
    read_request_file,
    records_errors,
    user_errors,
)
from .root import app

if TYPE_CHECKING:
    from sanctuary.documents import ReaderEvaluation
    from sanctuary.model import Decision, Reading

#: Outcome value -> colour, label and what staff do.
_OUTCOME_STYLE = {
    "comply": ("green", "COMPLY", "Comply, after verifying the paper."),
    "partial": ("yellow", "PARTIAL", "Comply only for the data marked comply below."),
    "decline": ("red", "DECLINE", "Do not do what is asked."),
    "refer": ("blue", "REFER", "Do not act yet: the person named below decides."),
    "stand_aside": ("magenta", "STAND ASIDE", "Neither help nor obstruct; document what happens."),
}


def render_decision(decision: Decision) -> None:
    from rich.panel import Panel
    from rich.table import Table

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
    from sanctuary.model import InputError
    from sanctuary.services import decide

    personal = _personal_details(subject_name, subject_dob, subject_id or [])
    if personal is not None and not record:
        raise InputError("--subject-name, --subject-dob and --subject-id are kept only with --record.")
    raw = read_request_file(file)
    with progress_bar("Reading the paper", "pages", as_json=as_json) if document else nullcontext() as on_page:
        decision = decide(raw, pack=pack, on=parse_day(on), document=document, on_page=on_page)
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

    with open_store() as store:
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
    from sanctuary.model import InputError
    from sanctuary.services import home_state, read_paper

    if eval_dir is not None:
        from sanctuary.documents import evaluate_reader, load_labels

        folder = Path(eval_dir)
        with progress_bar("Reading the labeled papers", "papers", as_json=as_json) as advance:
            total, done = len(load_labels(folder)) if advance else 0, [0]

            def next_paper(_name: str) -> None:
                if advance is not None:
                    advance(done[0], total)
                    done[0] += 1

            report = evaluate_reader(folder, next_paper, home_state=home_state(pack))
            if advance is not None:
                advance(total, total)
        if as_json:
            print_json(report.as_json())
        else:
            render_evaluation(report)
        return
    if not path:
        raise InputError("Name the paper to read (sanctuary read PATH), or a labeled folder with --eval DIR.")
    with progress_bar("Reading", "pages", as_json=as_json) as on_page:
        reading = read_paper(path, pack=pack, on_page=on_page)
    if as_json:
        print_json(reading.model_dump(mode="json"))
    else:
        render_reading(reading)


def render_reading(reading: Reading, *, brief: bool = False) -> None:
    from rich.panel import Panel
    from rich.table import Table

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
    from rich.table import Table

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


@app.command("schema")
@user_errors
def schema_command(
    which: Annotated[str, typer.Argument(help="request, decision or reading")],
) -> None:
    """Print the JSON Schema of the request, the decision or a document reading."""
    from sanctuary.model import Decision, InputError, Reading, Request

    models: dict[str, Any] = {"request": Request, "decision": Decision, "reading": Reading}
    if which not in models:
        raise InputError(f"Unknown schema {which!r}; allowed: request, decision, reading.")
    print_json(models[which].model_json_schema())

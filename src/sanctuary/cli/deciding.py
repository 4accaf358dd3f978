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
from .words import output_language, words

if TYPE_CHECKING:
    from sanctuary.documents import ReaderEvaluation
    from sanctuary.model import Decision, Reading

#: Outcome value -> the colour it is shown in.
_OUTCOME_COLOR = {
    "comply": "green",
    "partial": "yellow",
    "decline": "red",
    "refer": "blue",
    "stand_aside": "magenta",
}


def render_decision(decision: Decision, action: str | None = None, lang: str = "en") -> None:
    """The decision as the front desk reads it: what to do now, item by item, what to say, duties, why."""
    from rich.panel import Panel
    from rich.table import Table

    from sanctuary.model.advice import item_answers, what_to_do
    from sanctuary.model.labels import day_text, label
    from sanctuary.services.city import City

    _ = words(lang)
    city = City.from_env()
    color = _OUTCOME_COLOR[decision.outcome]
    headline = f"[bold {color}]{escape(label('outcome', decision.outcome, lang))}[/]\n"
    headline += escape(what_to_do(decision, action, city.contacts, lang))
    if decision.refer_to:
        who = ", ".join(label("refer_to", role, lang) for role in decision.refer_to)
        headline += f"\n{escape(_('Who decides'))}: {escape(who)}"
    out.print(Panel(headline, title=escape(_("What to do now")), expand=False))
    items = item_answers(decision, lang)
    if items:
        table = Table(title=_("Each item asked for"), show_lines=False)
        table.add_column(_("Item"))
        table.add_column(_("Answer"))
        for item, answer, outcome in items:
            table.add_row(escape(item), f"[{_OUTCOME_COLOR[outcome]}]{escape(answer)}[/]")
        out.print(table)
    out.print(f"[bold]{escape(_('What to say'))}[/]")
    out.print("[bold]Say:[/]", escape(decision.script.en))
    out.print("[bold]Diga:[/]", escape(decision.script.es))
    if decision.questions:
        out.print(f"[bold]{escape(_('Questions that could settle it'))}:[/]")
        for question in decision.questions:
            out.print(f"  • {escape(_(question))}")
    reasons = Table(title=_("Why"), show_lines=True)
    reasons.add_column(_("Law"), style="bold")
    reasons.add_column(_("Confidence"))
    reasons.add_column(_("Reason"))
    for reason in decision.reasons:
        text = reason.text_es if lang == "es" and reason.text_es else reason.text
        reasons.add_row(
            escape(reason.citation),
            escape(label("confidence", reason.confidence, lang)),
            escape(f"{text}\n{reason.source}"),
        )
    out.print(reasons)
    if decision.obligations:
        duties = Table(title=_("Duties"), show_lines=True)
        duties.add_column(_("Duty"), style="bold")
        duties.add_column(_("Who"))
        duties.add_column(_("When"))
        duties.add_column(_("What"))
        for duty in decision.obligations:
            text = duty.text_es if lang == "es" and duty.text_es else duty.text
            duties.add_row(
                escape(label("duty", duty.id, lang)),
                escape(_(duty.who)),
                escape(_(duty.due)),
                escape(f"{text}\n{duty.citation}"),
            )
        out.print(duties)
    packs = ", ".join(f"{p.id} {p.version} ({p.digest[:19]}…)" for p in decision.packs)
    law = f"{_('Law in force on')} {day_text(decision.on, lang)}; {_('packs')}: {packs}"
    out.print(f"[dim]{escape(law)}[/]")
    out.print(f"[dim italic]{escape(_(NOTICE))}[/]")


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
    lang: Annotated[
        str | None, typer.Option("--lang", help="Printed in en or es (default: SANCTUARY_LANG, then LANG).")
    ] = None,
) -> None:
    """Decide one request and print the decision with its citations, duties and script."""
    from sanctuary.model import InputError
    from sanctuary.services import decide

    language = output_language(lang)

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
            render_reading(decision.document, brief=True, lang=language)
        render_decision(decision, raw.get("action") if isinstance(raw, dict) else None, language)
        if case_id is not None:
            out.print(f"{words(language)('Case opened')}: {case_id}")


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
    lang: Annotated[
        str | None, typer.Option("--lang", help="Printed in en or es (default: SANCTUARY_LANG, then LANG).")
    ] = None,
) -> None:
    """Read a paper: is it a judicial warrant, or something else? The verdict first, then the evidence."""
    from sanctuary.model import InputError
    from sanctuary.services import home_state, read_paper

    language = output_language(lang)

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
        render_reading(reading, lang=language)


def render_reading(reading: Reading, *, brief: bool = False, lang: str = "en") -> None:
    """The reader's verdict first, then what it read on the paper, in ``lang``."""
    from rich.panel import Panel
    from rich.table import Table

    from sanctuary.model.labels import day_text, in_sentence, label, yes_no
    from sanctuary.services import cue_words, verdict_words, warning_words

    _ = words(lang)
    judicial = reading.type.value in {"judicial_warrant", "judicial_probable_cause", "court_order"}
    color = "green" if judicial and reading.signed_by_judge else "red" if not judicial else "yellow"
    verdict = verdict_words(reading.verdict, lang)
    out.print(Panel(f"[bold {color}]{escape(verdict)}[/]", title=escape(_("The paper")), expand=False))
    issuer = None
    if reading.issuer_kind.value not in ("unknown", "none"):
        issuer = label("issuer", reading.issuer_kind, lang)
        if reading.court_state and reading.issuer_kind.value.startswith("state_court"):
            issuer += f" ({reading.court_state})"
    facts = [
        (_("Type"), f"{label('instrument_type', reading.type, lang)} ({reading.confidence:.0%})"),
        (_("Form"), reading.form),
        (_("Issued by"), reading.issuer),
        (_("Issuer"), issuer),
        (
            _("Signer's role"),
            None if reading.issued_by.value == "unknown" else label("issued_by", reading.issued_by, lang),
        ),
        (_("Signer"), " — ".join(x for x in (reading.signer, reading.signer_title) if x) or None),
        (_("Signed by a judge"), yes_no(reading.signed_by_judge, lang)),
        (_("Case number"), reading.case_number),
        (_("Names"), ", ".join(reading.subjects) or None),
        (_("Issued"), reading.dates.issued and day_text(reading.dates.issued, lang)),
        (_("Expires"), reading.dates.expires and day_text(reading.dates.expires, lang)),
    ]
    for name, value in facts:
        if value:
            out.print(f"  [bold]{escape(name)}:[/] {escape(str(value))}")
    for warning in reading.warnings:
        out.print(f"  [yellow]⚠ {escape(warning_words(warning, lang))}[/]")
    if brief:
        return
    table = Table(title=_("Evidence"), show_lines=False)
    table.add_column(_("line"), justify="right")
    table.add_column(_("What the reader saw"), style="bold")
    table.add_column(_("Text on the paper"))
    for item in reading.evidence:
        table.add_row(str(item.line), escape(in_sentence(cue_words(item.cue, lang))), escape(item.text))
    out.print(table)
    source = "OCR" if reading.ocr else _("text")
    pages = _("{pages} page(s) read from {source}").format(pages=reading.pages, source=source)
    out.print(f"[dim]{escape(pages)}; sha256 {reading.sha256[:16]}…[/]")
    out.print(f"[dim italic]{escape(_(NOTICE))}[/]")


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


@app.command("schema")
@user_errors
def schema_command(
    which: Annotated[str, typer.Argument(help="request, decision or reading")],
) -> None:
    """Print the JSON Schema of the request, the decision or a document reading."""
    from sanctuary.model import Decision, InputError, Reading, Request

    models: dict[str, Any] = {"request": Request, "decision": Decision, "reading": Reading}
    if which not in models:
        raise InputError("Unknown schema {which!r}; allowed: request, decision, reading.", which=which)
    print_json(models[which].model_json_schema())

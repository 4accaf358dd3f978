"""`sanctuary cases`, `ledger`, `db` and `keys`: the case store, the public ledger and the keys kept apart."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import MAX_DAYS, MAX_INDEX, err, escape, open_store, out, print_json, progress_bar, records_errors
from .root import app
from .words import language_now, output_language, say, words

cases_app = typer.Typer(help="Case files: list, show, export, purge personal data.", no_args_is_help=True)


app.add_typer(cases_app, name="cases")


ledger_app = typer.Typer(help="The public ledger: verify, proofs, checkpoints, export.", no_args_is_help=True)


app.add_typer(ledger_app, name="ledger")


db_app = typer.Typer(help="The records database.", no_args_is_help=True)


app.add_typer(db_app, name="db")


keys_app = typer.Typer(help="The store's keys: create, rotate the records key, back up.", no_args_is_help=True)


app.add_typer(keys_app, name="keys")


def _when(value: dt.datetime | None) -> str:
    """A moment in the city's time zone, as the pages show it (``-`` for none)."""
    from sanctuary.model.labels import moment_text
    from sanctuary.services.city import City

    return moment_text(value, City.from_env().zone) if value else "-"


_LANG_HELP = "Printed in en or es (default: SANCTUARY_LANG, then LANG)."


@cases_app.command("list")
@records_errors
def cases_list(
    status: Annotated[str | None, typer.Option("--status", help="open, referred, decided or closed.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many cases.")] = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help=_LANG_HELP)] = None,
) -> None:
    """List cases, most recently active first, with their duties still open and late."""
    from rich.table import Table

    from sanctuary.model.labels import day_text, label
    from sanctuary.services.city import City

    language = output_language(lang)
    _ = words(language)
    city = City.from_env()
    with open_store() as store:
        rows = store.cases.list_cases(status=status, limit=limit)
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    table = Table(title=f"{_('Cases')} ({len(rows)})")
    for column in ("Case", "Status", "Request", "Answer", "Opened", "Duties", "Next due"):
        table.add_column(_(column))
    for row in rows:
        duties = f"{row.obligations_open} {_('open')}" + (
            f", [red]{row.obligations_late} {_('late')}[/]" if row.obligations_late else ""
        )
        outcome = row.counsel_outcome or row.outcome
        table.add_row(
            f"{city.case_number(row.number, row.opened_at)}\n[dim]{row.id}[/]",
            label("case_status", row.status, language) + (f" ({_('purged')})" if row.purged else ""),
            label("action", row.action, language) if row.action else "-",
            label("outcome", outcome, language) if outcome else "-",
            day_text(row.opened_at.astimezone(city.zone).date(), language),
            duties,
            day_text(row.next_due, language) if row.next_due else "-",
        )
    out.print(table)


@cases_app.command("show")
@records_errors
def cases_show(
    case: Annotated[
        str, typer.Argument(help="Case id, a unique prefix of 4+ characters, or its number (LA-2026-000123).")
    ],
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Also show the subject's personal details, file names and notes.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help=_LANG_HELP)] = None,
) -> None:
    """Show one case: request, decision (counsel's answer once given), duties, documents and its ledger timeline."""
    from rich.panel import Panel
    from rich.table import Table

    from sanctuary.model.advice import item_answers, what_to_do
    from sanctuary.model.labels import day_text, label, moment_text
    from sanctuary.services.city import City
    from sanctuary.services.counsel import case_id_of, final_decision

    language = output_language(lang)
    _ = words(language)
    city = City.from_env()

    def when(value: dt.datetime | None) -> str:
        return moment_text(value, city.zone, language) if value else "-"

    with open_store() as store:
        view = store.cases.get(case_id_of(store, city, case), reveal=reveal)
    if as_json:
        hidden: Any = None if reveal else {"personal": True, "note_texts": True, "documents": {"__all__": {"filename"}}}
        print_json(view.model_dump(mode="json", exclude=hidden))
        return

    def line(name: str, value: str) -> str:
        return f"[bold]{escape(_(name))}:[/] {value}"

    status = label("case_status", view.status, language)
    if view.purged:
        status += f" ({_('personal data purged')} {when(view.purged_at)})"
    lines = [
        line("Status", escape(status)),
        line("Request", escape(label("action", view.action, language) if view.action else "-"))
        + "   "
        + line("The rules' answer", escape(label("outcome", view.outcome, language) if view.outcome else "-"))
        + (
            "   " + line("Counsel's decision", escape(label("outcome", view.counsel_outcome, language)))
            if view.counsel_outcome
            else ""
        ),
        line("Pack", escape(view.pack or "-")) + "   " + line("Law of", day_text(view.decided_on, language)),
        line("Opened", when(view.opened_at))
        + "   "
        + line("Updated", when(view.updated_at))
        + ("   " + line("Closed", when(view.closed_at)) if view.closed_at else ""),
        line("Counsel", escape(view.assigned_to or "-")) + "   " + line("Notes", str(view.notes)),
    ]
    if view.personal is not None:
        person = view.personal
        lines.append(
            line("Subject", escape(person.name or "-"))
            + "   "
            + line("Born", str(person.date_of_birth or "-"))
            + "   "
            + line("Identifiers", escape(", ".join(person.identifiers) or "-"))
        )
    if view.encounter_complete is not None:
        written = _("complete") if view.encounter_complete else _("incomplete")
        lines.append(line("Encounter written down", f"{written} (`sanctuary cases encounter`)"))
    if view.encounter is not None:
        agents = "; ".join(" ".join(filter(None, (a.name, a.badge and f"#{a.badge}"))) for a in view.encounter.agents)
        lines.append(
            line("Agents", escape(agents or "-")) + "   " + line("Agency", escape(view.encounter.agency or "-"))
        )
    final = final_decision(view, view.decision)
    if final is not None:
        lines.append(line("Answer", escape(label("outcome", final.outcome, language))))
        lines += [f"  {escape(item)}: {escape(answer)}" for item, answer, _outcome in item_answers(final, language)]
        lines.append(line("What to do now", escape(what_to_do(final, view.action, city.contacts, language))))
    title = f"{_('Case')} {city.case_number(view.number, view.opened_at)} · {view.id}"
    out.print(Panel("\n".join(lines), title=escape(title), expand=False))
    if view.obligations:
        duties = Table(title=_("Duties"), show_lines=False)
        for column in ("Duty", "Who", "Due", "Status"):
            duties.add_column(_(column))
        for duty in view.obligations:
            color = {"done": "green", "late": "red", "open": "yellow"}[duty.status]
            due = f"{day_text(duty.due_on, language)} ({_(duty.due)})" if duty.due_on else _(duty.due)
            duties.add_row(
                escape(label("duty", duty.id, language)),
                escape(_(duty.who)),
                escape(due),
                f"[{color}]{escape(label('duty_status', duty.status, language))}[/]",
            )
        out.print(duties)
    if view.documents:
        papers = Table(title=_("Documents"), show_lines=False)
        for column in ("Document", "Read as", "Bytes", "SHA-256", "Name"):
            papers.add_column(_(column))
        for doc in view.documents:
            read_as = (doc.reading or {}).get("type")
            kind = label("instrument_type", read_as, language) if read_as else "-"
            name = _("(shredded)") if doc.shredded else escape(doc.filename or _("(hidden; --reveal)"))
            papers.add_row(str(doc.id), escape(kind), f"{doc.size:,}", doc.sha256[:16] + "…", name)
        out.print(papers)
    for note in view.note_texts or []:
        out.print(f"[bold]{escape(_('Note'))} {when(note.created_at)}:[/] {escape(note.text or _('(purged)'))}")
    timeline = Table(title=_("Entries in the ledger"), show_lines=False)
    for column in ("Entry", "What happened", "When", "Leaf hash"):
        timeline.add_column(_(column))
    for entry in view.timeline:
        moment = dt.datetime.fromisoformat(entry.at.replace("Z", "+00:00"))
        timeline.add_row(
            str(entry.index), escape(label("event", entry.kind, language)), when(moment), entry.leaf_hash[:16] + "…"
        )
    out.print(timeline)


@cases_app.command("resolve")
@records_errors
def cases_resolve(
    case: Annotated[str, typer.Argument(help="Case id, a unique prefix of it, or its number (LA-2026-000123).")],
    counsel: Annotated[str, typer.Option("--counsel", help="Counsel's name (the ledger keeps its pseudonym).")],
    note: Annotated[str, typer.Option("--note", help="Why this is the answer; kept sealed in the case file.")],
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", help="comply, partial, decline or stand_aside; not needed with --item."),
    ] = None,
    items: Annotated[
        list[str] | None,
        typer.Option(
            "--item",
            help="For a data request, once per item asked for: DATA=comply|decline[:NOTE], "
            "e.g. home_address=decline:Civil enforcement only.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Record counsel's answer to a case waiting for counsel; its notify_counsel duty is done with it."""
    from sanctuary.model.advice import item_answers, what_to_do
    from sanctuary.model.labels import label
    from sanctuary.services import counsel as counsel_loop
    from sanctuary.services.city import City

    city = City.from_env()
    scope, notes = counsel_loop.parse_items(list(items or []))
    with open_store() as store:
        case_id = counsel_loop.case_id_of(store, city, case)
        receipt = counsel_loop.answer(
            store, case_id, counsel=counsel, note=note, outcome=outcome, scope=scope or None, item_notes=notes
        )
        view = store.cases.get(case_id)
    final = counsel_loop.final_decision(view, view.decision)
    number = city.case_number(view.number, view.opened_at)
    headline = what_to_do(final, view.action, city.contacts) if final else ""
    if as_json:
        print_json(
            {
                "case_id": view.id,
                "number": number,
                "counsel_outcome": view.counsel_outcome,
                "counsel_scope": view.counsel_scope,
                "headline": headline,
                "entries": [{"index": e.index, "kind": e.kind} for e in receipt.entries],
            }
        )
        return
    entries = ", ".join(str(e.index) for e in receipt.entries)
    out.print(say("Case {number}: counsel's answer saved (ledger entries {entries}).", number=number, entries=entries))
    out.print(f"[bold]{escape(say('Answer'))}:[/] {label('outcome', view.counsel_outcome, language_now())}")
    for item, answer, _outcome in item_answers(final, language_now()) if final else []:
        out.print(f"  {escape(item)}: {escape(answer)}")
    if headline:
        out.print(f"[bold]{escape(say('What to do now'))}:[/] {escape(headline)}")


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

    with open_store() as store:
        data = store.export_case(store.cases.resolve(case))
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(Path(output), [text.encode("utf-8")])
    err.print(escape(say("Wrote case {case} to {path}", case=data["case"]["id"], path=output)))


@cases_app.command("encounter")
@records_errors
def cases_encounter(
    case: Annotated[str, typer.Argument(help="Case id (or a unique prefix of 4+ characters).")],
    record: Annotated[
        str,
        typer.Argument(
            help="The encounter as JSON or YAML (agents, agency, occurred_at, asked_for, ...); - for stdin."
        ),
    ],
    photo: Annotated[
        list[str] | None,
        typer.Option("--photo", help="A photo or PDF of a paper shown (read, then sealed); repeatable."),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who wrote it down (kept sealed).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Write down what happened (sealed); the documentation duties are done when the record is complete."""
    from sanctuary.model import InputError
    from sanctuary.model.labels import label
    from sanctuary.records import NewDocument
    from sanctuary.services.city import City
    from sanctuary.services.decisions import read_paper
    from sanctuary.services.encounters import parse_encounter
    from sanctuary.services.inputs import parse_request_text
    from sanctuary.services.papers import check_upload

    text = sys.stdin.read() if record == "-" else _read_text(record)
    encounter = parse_encounter(parse_request_text(text, record), City.from_env().zone, by=by)
    photos = []
    for path in photo or []:
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(
                "Cannot read the photo {path!r}: {reason}.", path=path, reason=exc.strerror or exc
            ) from None
        check_upload(path, content)
        photos.append(NewDocument(content=content, filename=Path(path).name, reading=read_paper(path)))
    with open_store() as store:
        case_id = store.cases.resolve(case)
        receipt = store.cases.record_encounter(case_id, encounter, photos=photos)
        encounter = store.cases.encounter(case_id) or encounter  # with the photos attached
    entries = [{"index": e.index, "kind": e.kind} for e in receipt.entries]
    if as_json:
        print_json(
            {"case_id": case_id, "complete": encounter.complete, "missing": encounter.missing(), "entries": entries}
        )
        return
    state = (
        say("complete") if encounter.complete else say("still to write down") + ": " + ", ".join(encounter.missing())
    )
    out.print(escape(say("Encounter written down on case {case} ({state}).", case=case_id, state=state)))
    for entry in entries:
        kind = label("event", entry["kind"], language_now())
        out.print(f"  {escape(say('entry'))} {entry['index']}: {escape(kind)}")


def _read_text(path: str) -> str:
    from sanctuary.model import InputError

    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("Cannot read {path!r} as UTF-8 text: {reason}.", path=path, reason=exc) from None


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
    with open_store() as store:
        days = store.settings.retention_days if older_than is None else older_than
        purged = store.purge(days)
        generations = store.keys.records_generations()
    if as_json:
        current = max(generations, default=None)
        print_json({"older_than_days": days, "purged": purged, "records_key_generation": current})
        return
    out.print(
        say(
            "Purged the personal data of {count} case(s) with no activity for {days} day(s).",
            count=len(purged),
            days=days,
        )
    )
    for case_id in purged:
        out.print(f"  {case_id}")
    if purged:
        out.print(
            escape(
                say(
                    "The records key is now at generation {generation}; the one that sealed these cases was destroyed. "
                    "Replace key backups taken before now (`sanctuary keys backup`).",
                    generation=generations[-1],
                )
            )
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
    from sanctuary.model import InputError

    if key is not None and key_file is not None:
        raise InputError("Give the verifier key once: --verifier-key or --key-file, not both.")
    if key_file is not None:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                "Cannot read the verifier key file {path!r}: {reason}.", path=key_file, reason=exc
            ) from None
    trusted = None
    if against is not None:
        try:
            trusted = Path(against).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                "Cannot read the trusted checkpoint {path!r}: {reason}.", path=against, reason=exc
            ) from None
        if len(trusted) > 64_000 or "\n\n" not in trusted:
            raise InputError(
                "The trusted checkpoint {path!r} is not a signed checkpoint: give the checkpoint.txt of a "
                "ledger export or the output of `sanctuary ledger checkpoint`.",
                path=against,
            )
    with progress_bar("Verifying the ledger", "entries", as_json=as_json) as advance, open_store() as store:
        report = store.verify(key, against=trusted, on_entries=advance)
    if as_json:
        print_json(report.as_json())
    elif report.ok:
        latest = (
            say("latest at {size} entries", size=report.latest_checkpoint)
            if report.latest_checkpoint is not None
            else say("none yet")
        )
        details = say(
            "{entries} entries, root {root}, {checkpoints} signed checkpoint(s) ({latest}), {cases} case(s) matching "
            "their entries, in {seconds} s",
            entries=f"{report.entries:,}",
            root=report.root.hex(),
            checkpoints=report.checkpoints,
            latest=latest,
            cases=f"{report.cases:,}",
            seconds=f"{report.seconds:.2f}",
        )
        out.print(f"[bold green]{escape(say('ledger verified'))}[/]: {escape(details)}")
    else:
        problems = say("{count} problem(s)", count=len(report.problems) + report.unlisted)
        out.print(f"[bold red]{escape(say('ledger does NOT verify'))}[/]: {escape(problems)}")
        for problem in report.problems:
            out.print(f"  [red]✗[/] {escape(str(problem))}")
        if report.unlisted:
            out.print(f"  … {escape(say('and {count} more', count=report.unlisted))}")
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

    with open_store() as store:
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
    from sanctuary.model import InputError
    from sanctuary.records import write_atomic

    with open_store() as store:
        checkpoint = store.ledger.checkpoint()
        if old_size > checkpoint.size:
            raise InputError(
                "The latest checkpoint covers {size} entries; there is no older tree of {old_size} entries to prove "
                "it extends.",
                size=checkpoint.size,
                old_size=old_size,
            )
        proof = store.ledger.consistency_proof(old_size, checkpoint.size)
    if checkpoint_out is not None:
        write_atomic(Path(checkpoint_out), [checkpoint.note.encode("utf-8")])
    print_json({"old_size": old_size, "new_size": checkpoint.size, "proof": [p.hex() for p in proof]})


@ledger_app.command("checkpoint")
@records_errors
def ledger_checkpoint(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Print the latest signed checkpoint, signing a new one first if the ledger has grown."""
    with open_store() as store:
        checkpoint = store.ledger.checkpoint()
    if as_json:
        print_json(checkpoint.as_json())
    else:
        sys.stdout.write(checkpoint.note)


@ledger_app.command("export")
@records_errors
def ledger_export(out_dir: Annotated[str, typer.Argument(help="Folder to write (created if missing).")]) -> None:
    """Write the public export: leaf hashes, the signed checkpoint and the verifier key (no case content)."""
    with open_store() as store:
        result = store.export_ledger(Path(out_dir))
    names = {path.name: str(path) for path in result.files}
    exported = say(
        "Exported {size} entries under checkpoint {checkpoint} to {path}",
        size=f"{result.size:,}",
        checkpoint=result.checkpoint_id,
        path=out_dir,
    )
    out.print(escape(exported))
    out.print(
        escape(say("Anyone can check it:")) + " python3 verifier/sanctuary_verify.py "
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
        out.print(say("The database is already at revision {after}.", after=after))
    else:
        out.print(
            say("Database upgraded from revision {before} to {after}.", before=before or say("(empty)"), after=after)
        )


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
    with open_store() as store:
        created = store.init_keys(replace_lost=replace_lost)
        folder = store.keys.key_dir
        verifier = store.keys.existing_verifier_key()
    if created:
        out.print(escape(say("Created {names} in {folder}.", names=", ".join(created), folder=folder)))
    else:
        out.print(
            escape(say("The key directory {folder} already holds every key; nothing was created.", folder=folder))
        )
    out.print(f"{escape(say('Verifier key (publish it)'))}: {escape(verifier or '-')}", soft_wrap=True)
    out.print(escape(say("Keep the key directory apart from the database and its backups (`sanctuary keys backup`).")))


@keys_app.command("rotate")
@records_errors
def keys_rotate() -> None:
    """Start a new records-key generation, re-wrap every case's data key under it and destroy the old one."""
    with open_store() as store:
        generation, rewrapped, destroyed = store.cases.rotate_records_key()
    gone = ", ".join(map(str, destroyed)) or say("none")
    rotated = say(
        "Records key generation {generation}: re-wrapped {count} case key(s); destroyed generation(s) {gone}.",
        generation=generation,
        count=f"{rewrapped:,}",
        gone=gone,
    )
    out.print(escape(rotated))
    out.print(
        escape(
            say(
                "Key backups taken before now hold the destroyed generation: replace them with `sanctuary keys backup`."
            )
        )
    )


@keys_app.command("backup")
@records_errors
def keys_backup(folder: Annotated[str, typer.Argument(help="A new or empty folder to copy the keys into.")]) -> None:
    """Copy the key directory into FOLDER (0700; files 0600) to keep apart from the database's backups."""
    with open_store() as store:
        names = store.keys.backup(Path(folder))
        generations = store.keys.records_generations()
    backed_up = say(
        "Backed up {names} to {folder} (records key generation {generation}).",
        names=", ".join(names),
        folder=folder,
        generation=generations[-1],
    )
    out.print(escape(backed_up))
    out.print(
        escape(
            say(
                "Store it apart from the database's backups; after each purge or rotation, replace it: an older key "
                "backup together with an older database backup can unseal the cases purged since."
            )
        )
    )

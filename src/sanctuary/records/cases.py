"""Case files: every change to a case and its ledger entry commit together, or neither does.

Each operation runs in one write transaction that first takes the ledger lock, changes the case
rows, appends the entries, and commits; the caller gets the entries only after the commit. What a
case holds about a person is sealed with the case's own data key, and a retention purge deletes
that key and the ciphertext (crypto-shredding), while the ledger, which never held any of it,
still verifies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import mimetypes
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, Text, cast, delete, func, or_, select
from sqlalchemy.orm import Session, selectinload

from sanctuary.model import (
    Decision,
    InputError,
    NotFound,
    Outcome,
    Reading,
    Request,
    due_date,
    obligation_status,
    validated,
)

from .crosscheck import CaseMismatch, CaseRecord, commitment, compare_case
from .database import compact_after_erasure, writer
from .encounters import DUTIES as ENCOUNTER_DUTIES
from .encounters import Encounter
from .keys import KeyStore
from .ledger_store import Appender, Clock, Entry, EventKind, LedgerStore, utc_now
from .models import (
    CASE_STATUSES,
    Case,
    CaseDocument,
    CaseEncounter,
    CaseKey,
    CaseNote,
    CaseObligation,
    CasePersonal,
    LedgerEntry,
)
from .personal import PersonalDetails, redact_decision, redact_reading
from .pseudonyms import staff_pseudonym
from .sealing import SealError, new_data_key, open_sealed, seal, unwrap_key, wrap_key
from .views import CaseSummary, CaseView, DocumentView, NoteView, ObligationView, TimelineEntry

log = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 50_000_000
#: The duty counsel's decision fulfils: counsel was told, and has answered.
COUNSEL_DUTY = "notify_counsel"
#: What counsel may answer for one data item.
ITEM_OUTCOMES = (Outcome.COMPLY.value, Outcome.DECLINE.value)
MAX_NOTE_CHARS = 20_000
#: Cases purged per transaction, so one purge of years of cases does not hold the lock for long.
PURGE_BATCH = 200
#: Case keys re-wrapped per transaction when a records-key generation is retired.
REWRAP_BATCH = 500
_CASE_ID = re.compile(r"[0-9a-f]{4,32}")


@dataclass(frozen=True)
class NewDocument:
    """A paper to attach: its bytes, the name it came with, and what the reader saw on it."""

    content: bytes
    filename: str
    reading: Reading | None = None
    media_type: str | None = None


@dataclass(frozen=True)
class CaseFilter:
    """What a case search asks for; every part is optional and the parts combine (AND).

    ``codes`` are contract values whose plain labels matched ``text`` ("home address" finds
    ``home_address``): a case whose request holds one of them matches too.
    """

    text: str | None = None
    codes: tuple[str, ...] = ()
    case_ids: tuple[str, ...] | None = None
    status: str | None = None
    department: str | None = None
    opened_by: str | None = None
    opened_from: dt.datetime | None = None
    opened_before: dt.datetime | None = None
    outcome: str | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Receipt:
    """What a committed change produced: the case and its new ledger entries."""

    case_id: str
    entries: tuple[Entry, ...]


class CaseStore:
    """Opening, changing, reading and purging case files."""

    def __init__(self, engine: Engine, ledger: LedgerStore, keys: KeyStore, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.ledger = ledger
        self.keys = keys
        self.clock = clock
        self._writer = writer(engine)

    @contextmanager
    def _write(self) -> Iterator[tuple[Session, Appender]]:
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            appender = Appender(session.connection(), self.clock)
            yield session, appender
            session.flush()
            appender.flush()

    # -- changes -------------------------------------------------------------------------------

    def open_case(
        self,
        request: Request | Mapping[str, Any],
        *,
        decision: Decision | None = None,
        personal: PersonalDetails | None = None,
        documents: Sequence[NewDocument] = (),
        department: str | None = None,
        opened_by: str | None = None,
    ) -> Receipt:
        """Open a case (case_opened), attach its papers, and record its decision, in one commit.

        ``department`` (the office or site the request came to) is optional; reports count by it.
        ``opened_by`` is the staff account that took the request: counsel's answer is shown to it,
        and the ledger records its pseudonym.
        """
        parsed = _request(request)
        department = _department(department)
        opened_by = _staff_name(opened_by) if opened_by is not None else None
        request_json = parsed.model_dump(mode="json", exclude_none=True)
        case_id = uuid.uuid4().hex
        with self._write() as (session, appender):
            now = self.clock()
            data_key = new_data_key()
            subjects = personal.pseudonyms(self.keys.pseudonym_secret()) if personal and not personal.empty else []
            case = Case(
                id=case_id,
                status="open",
                pack=parsed.pack,
                opened_at=now,
                updated_at=now,
                request=request_json,
                subjects=subjects,
                department=department,
                opened_by=opened_by,
            )
            session.add(case)
            generation, records_key = self.keys.current_records_key()
            session.add(
                CaseKey(
                    case_id=case_id,
                    wrapped_key=wrap_key(records_key, data_key, case_id),
                    created_at=now,
                    kek=generation,
                )
            )
            if personal is not None and not personal.empty:
                sealed = seal(data_key, personal.model_dump_json().encode("utf-8"), f"personal:{case_id}")
                session.add(CasePersonal(case_id=case_id, sealed=sealed))
            opened: dict[str, Any] = {
                "request": _ledger_safe(_public_request(request_json)),
                "request_sha256": commitment(request_json),
                "subjects": subjects,
            }
            if department is not None:
                opened["department"] = department
            if opened_by is not None:
                opened["opened_by"] = staff_pseudonym(self.keys.pseudonym_secret(), opened_by)
            entries = [
                appender.append(
                    EventKind.CASE_OPENED,
                    opened,
                    case_id=case_id,
                    at=now,
                )
            ]
            for document in documents:
                entries.append(self._attach(case, data_key, document, appender, now))
            if decision is not None:
                entries.extend(self._decide(case, decision, appender, now))
        log.info("case %s opened with %d ledger entries", case_id, len(entries))
        return Receipt(case_id, tuple(entries))

    def attach_document(self, case_id: str, document: NewDocument) -> Receipt:
        """Attach a paper to an open case (document_attached)."""
        with self._write() as (session, appender):
            case = self._changeable(session, case_id)
            now = self.clock()
            entry = self._attach(case, self._data_key(session, case), document, appender, now)
            case.updated_at = now
        log.info("case %s: document attached (entry %d)", case_id, entry.index)
        return Receipt(case_id, (entry,))

    def record_decision(self, case_id: str, decision: Decision) -> Receipt:
        """Record the engine's decision on a case (decision_made) and the duties it triggers."""
        with self._write() as (session, appender):
            case = self._changeable(session, case_id)
            entries = self._decide(case, decision, appender, self.clock())
        log.info("case %s: decision recorded (entry %d)", case_id, entries[0].index)
        return Receipt(case_id, tuple(entries))

    def complete_obligation(self, case_id: str, obligation_id: str) -> Receipt:
        """Mark a duty done (obligation_done)."""
        with self._write() as (session, appender):
            case = self._changeable(session, case_id)
            now = self.clock()
            found = next((o for o in case.obligations if o.obligation_id == obligation_id), None)
            if found is None:
                if not case.obligations:
                    raise NotFound(
                        "Case {case_id} has no duty {duty!r}; its duties: none.", case_id=case_id, duty=obligation_id
                    )
                raise NotFound(
                    "Case {case_id} has no duty {duty!r}; its duties: {known}.",
                    case_id=case_id,
                    duty=obligation_id,
                    known=", ".join(o.obligation_id for o in case.obligations),
                )
            if found.done_at is not None:
                raise InputError(
                    "The duty {duty!r} of case {case_id} was already done on {done_at}.",
                    duty=obligation_id,
                    case_id=case_id,
                    done_at=found.done_at,
                )
            if obligation_id in ENCOUNTER_DUTIES:
                missing = (self._open_encounter(session, case, self._data_key(session, case)) or Encounter()).missing(
                    obligation_id
                )
                if missing:
                    raise InputError(
                        "The duty {duty!r} is done by recording the encounter; still to write down: {missing}.",
                        duty=obligation_id,
                        missing=", ".join(missing),
                    )
            entry = self._done(case, found, appender, now)
        log.info("case %s: duty %s done (entry %d)", case_id, obligation_id, entry.index)
        return Receipt(case_id, (entry,))

    def record_encounter(self, case_id: str, encounter: Encounter, *, photos: Sequence[NewDocument] = ()) -> Receipt:
        """Write down (or complete) the encounter: photos of the papers shown, the sealed record, and
        each documentation duty the record now fulfils, in one commit. The record replaces the one
        before, except its photos, which are kept.

        The ledger gets ``document_attached`` per photo, ``encounter_recorded`` (counts and the names of
        missing facts only) and ``obligation_done`` for each duty whose facts are all written down.
        """
        with self._write() as (session, appender):
            case = self._changeable(session, case_id)
            now = self.clock()
            data_key = self._data_key(session, case)
            entries = [self._attach(case, data_key, photo, appender, now) for photo in photos]
            # Photos attached before stay part of the record: a form sent again never drops them.
            kept = self._open_encounter(session, case, data_key)
            encounter = encounter.model_copy(update={"photos": kept.photos if kept else ()}).with_photos(
                [e.fields()["document"]["sha256"] for e in entries]
            )
            row = session.get(CaseEncounter, case_id)
            if row is None:
                row = CaseEncounter(case_id=case_id, recorded_at=now, updated_at=now, complete=False)
                session.add(row)
            row.updated_at = now
            row.complete = encounter.complete
            assert data_key is not None
            row.sealed = seal(data_key, encounter.model_dump_json().encode("utf-8"), f"encounter:{case_id}")
            case.updated_at = now
            entries.append(
                appender.append(EventKind.ENCOUNTER_RECORDED, encounter.ledger_fields(), case_id=case_id, at=now)
            )
            for duty in case.obligations:
                fulfilled = duty.obligation_id in ENCOUNTER_DUTIES and not encounter.missing(duty.obligation_id)
                if fulfilled and duty.done_at is None:
                    entries.append(self._done(case, duty, appender, now))
        log.info("case %s: encounter recorded (%d ledger entries)", case_id, len(entries))
        return Receipt(case_id, tuple(entries))

    def encounter(self, case_id: str) -> Encounter | None:
        """The case's encounter record, opened (personal: only for whoever holds the keys)."""
        with Session(self.engine) as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFound("There is no case {case_id!r}; `sanctuary cases list` shows the cases.", case_id=case_id)
            return self._open_encounter(session, case, self._data_key(session, case, required=False))

    def refer(self, case_id: str, counsel: str, *, roles: Sequence[str] = ("counsel",)) -> Receipt:
        """Refer the case to a named counsel (referred); the ledger gets the counsel's pseudonym."""
        counsel = _staff_name(counsel)
        with self._write() as (session, appender):
            case = self._changeable(session, case_id)
            now = self.clock()
            case.assigned_to = counsel
            case.status = "referred"
            case.updated_at = now
            entry = appender.append(
                EventKind.REFERRED,
                {"to": list(roles), "assignee": staff_pseudonym(self.keys.pseudonym_secret(), counsel)},
                case_id=case_id,
                at=now,
            )
        log.info("case %s referred (entry %d)", case_id, entry.index)
        return Receipt(case_id, (entry,))

    def decide_by_counsel(
        self,
        case_id: str,
        outcome: Outcome | str | None = None,
        *,
        counsel: str | None = None,
        note: str | None = None,
        scope: Mapping[str, str] | None = None,
        done: Sequence[str] = (),
    ) -> Receipt:
        """Record counsel's decision on a referred case (decided_by_counsel); the note is sealed.

        For a data request counsel may answer item by item: ``scope`` maps each data category asked
        for to ``comply`` or ``decline``, and the outcome follows from it (all given: comply; all
        refused: decline; else partial). The ledger records the outcome and the items' answers
        (codes only, never the note). The duties named in ``done`` that the case has and that are
        still open (e.g. :data:`COUNSEL_DUTY`) are done in the same commit (obligation_done).
        """
        with self._write() as (session, appender):
            case = self._changeable(session, case_id)
            answers = _counsel_scope(case, scope) if scope else None
            decided = _counsel_outcome(outcome, answers)
            now = self.clock()
            name = _staff_name(counsel) if counsel is not None else case.assigned_to
            case.counsel_outcome = decided.value
            case.counsel_scope = answers
            case.status = "decided"
            case.updated_at = now
            if note is not None:
                self._add_note(session, case, note, now)
            secret = self.keys.pseudonym_secret()
            fields: dict[str, Any] = {
                "outcome": decided.value,
                "counsel": staff_pseudonym(secret, name) if name else None,
            }
            if answers is not None:
                fields["scope"] = answers
            entries = [appender.append(EventKind.DECIDED_BY_COUNSEL, fields, case_id=case_id, at=now)]
            for duty in case.obligations:
                if duty.obligation_id in done and duty.done_at is None:
                    duty.done_at = now
                    late = obligation_status(duty.due_on, None, now.date()) == "late"
                    entries.append(
                        appender.append(
                            EventKind.OBLIGATION_DONE,
                            {
                                "obligation": duty.obligation_id,
                                "due_on": duty.due_on and duty.due_on.isoformat(),
                                "late": late,
                            },
                            case_id=case_id,
                            at=now,
                        )
                    )
        log.info("case %s decided by counsel (entries %s)", case_id, ", ".join(str(e.index) for e in entries))
        return Receipt(case_id, tuple(entries))

    def close(self, case_id: str) -> Receipt:
        """Close the case (closed); duties still open are counted in the entry."""
        with self._write() as (session, appender):
            case = self._changeable(session, case_id)
            now = self.clock()
            still_open = sum(1 for o in case.obligations if o.done_at is None)
            case.status = "closed"
            case.closed_at = now
            case.updated_at = now
            entry = appender.append(EventKind.CLOSED, {"open_obligations": still_open}, case_id=case_id, at=now)
        log.info("case %s closed (entry %d)", case_id, entry.index)
        return Receipt(case_id, (entry,))

    def add_note(self, case_id: str, text: str) -> None:
        """Add a staff note, sealed with the case's key (not a ledger event: notes are private)."""
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            case = self._changeable(session, case_id)
            now = self.clock()
            self._add_note(session, case, text, now)
            case.updated_at = now
        log.info("case %s: note added", case_id)

    def purge(self, older_than_days: int, *, now: dt.datetime | None = None) -> list[str]:
        """Crypto-shred the personal data of cases with no activity for ``older_than_days`` days.

        Deletes each case's data key, its sealed personal details, document bytes and names, the
        full readings and the note texts; the case's clear record and the ledger stay (a ``purged``
        entry says when). Deleted rows survive for a while in the database's files (dead tuples,
        WAL, backups), so the purge also starts a new records-key generation, re-wraps the surviving
        cases' keys under it and destroys the old generation: every copy of a purged case's wrapped
        key is then sealed under a key that no longer exists. Returns the ids of the cases purged.
        """
        if older_than_days < 0:
            raise InputError("--older-than must be zero or more days, not {days}.", days=older_than_days)
        cutoff = (now or self.clock()) - dt.timedelta(days=older_than_days)
        if self._purgeable(cutoff):
            # First the new generation: if the purge stops half-way, the next purge or rotation
            # still finds an old generation to re-wrap away from and destroy.
            self.keys.new_records_generation()
        purged = self._shred_before(cutoff)
        self._retire_old_generations()
        compact_after_erasure(self.engine)
        log.info("purged the personal data of %d case(s) older than %d days", len(purged), older_than_days)
        return purged

    def rotate_records_key(self) -> tuple[int, int, list[int]]:
        """Start a new records-key generation, re-wrap every case key under it, destroy the old ones.

        Returns (the new generation, how many keys were re-wrapped, the generations destroyed).
        """
        generation = self.keys.new_records_generation()
        rewrapped, destroyed = self._retire_old_generations()
        compact_after_erasure(self.engine)
        return generation, rewrapped, destroyed

    def _purgeable(self, cutoff: dt.datetime) -> bool:
        with Session(self.engine) as session:
            query = select(Case.id).where(Case.purged_at.is_(None), Case.updated_at < cutoff).limit(1)
            return session.execute(query).first() is not None

    def _retire_old_generations(self) -> tuple[int, list[int]]:
        """Re-wrap the keys under older generations with the newest, then destroy the older ones.

        Each batch runs under the ledger lock, as every case write does, so a case opened meanwhile
        (sealed under the newest generation, read inside its own locked transaction) is never left
        under a generation about to be destroyed. A key whose generation is already gone cannot be
        re-wrapped; it was unreadable before and stays so.
        """
        rewrapped = 0
        while True:
            with self._write() as (session, _appender):
                generation, records_key = self.keys.current_records_key()
                older = [g for g in self.keys.records_generations() if g < generation]
                if not older:
                    return rewrapped, []
                rows = (
                    session.execute(select(CaseKey).where(CaseKey.kek.in_(older)).limit(REWRAP_BATCH)).scalars().all()
                )
                for row in rows:
                    try:
                        data_key = unwrap_key(self.keys.records_key(row.kek), row.wrapped_key, row.case_id)
                    except SealError as exc:
                        raise InputError(exc.message) from None
                    row.wrapped_key = wrap_key(records_key, data_key, row.case_id)
                    row.kek = generation
                rewrapped += len(rows)
                if not rows:
                    # Nothing is wrapped under an older generation any more, and the lock keeps it so.
                    destroyed = self.keys.destroy_records_keys(keep=generation)
                    log.info("re-wrapped %d case key(s) under records key generation %d", rewrapped, generation)
                    return rewrapped, destroyed

    def _shred_before(self, cutoff: dt.datetime) -> list[str]:
        purged: list[str] = []
        while True:
            with self._write() as (session, appender):
                cases = (
                    session.execute(
                        select(Case)
                        .where(Case.purged_at.is_(None), Case.updated_at < cutoff)
                        .order_by(Case.updated_at)
                        .limit(PURGE_BATCH)
                        .options(selectinload(Case.documents), selectinload(Case.notes))
                    )
                    .scalars()
                    .all()
                )
                stamp = self.clock()
                for case in cases:
                    self._shred(session, case, stamp)
                    appender.append(
                        EventKind.PURGED,
                        {"documents": len(case.documents), "notes": len(case.notes)},
                        case_id=case.id,
                        at=stamp,
                    )
                    purged.append(case.id)
            if len(cases) < PURGE_BATCH:
                return purged

    # -- reading -------------------------------------------------------------------------------

    def resolve(self, case_ref: str) -> str:
        """The full id of a case from its id or a unique prefix of at least 4 characters."""
        ref = case_ref.strip().lower()
        if not _CASE_ID.fullmatch(ref):
            raise InputError(
                "{case_ref!r} is not a case id: case ids are 32 hexadecimal characters "
                "(a unique prefix of 4 or more will do); `sanctuary cases list` shows them.",
                case_ref=case_ref,
            )
        with Session(self.engine) as session:
            found = session.execute(select(Case.id).where(Case.id.startswith(ref)).limit(2)).scalars().all()
        if not found:
            raise NotFound("There is no case {case_id!r}; `sanctuary cases list` shows the cases.", case_id=case_ref)
        if len(found) > 1:
            raise InputError(
                "The case prefix {case_ref!r} matches more than one case; give more characters.", case_ref=case_ref
            )
        return found[0]

    def get(self, case_id: str, *, reveal: bool = False, today: dt.date | None = None) -> CaseView:
        """One case file with its timeline; personal details and notes only when ``reveal``.

        The rows and the entries are read in one snapshot and compared field by field: a case whose
        rows disagree with its ledger entries is refused (:class:`CaseMismatch`), not shown, because
        much of a case (the decision's reasons, the duties' words) is vouched for by the ledger only
        through a digest, so no view could show the ledger's values for all of it.
        """
        day = today or dt.date.today()
        with self.ledger.snapshot() as connection, Session(bind=connection) as session:
            case = session.get(
                Case,
                case_id,
                options=[selectinload(Case.documents), selectinload(Case.obligations), selectinload(Case.notes)],
            )
            if case is None:
                raise NotFound("There is no case {case_id!r}; `sanctuary cases list` shows the cases.", case_id=case_id)
            entries = self.ledger.entries(case_id=case.id, connection=connection)
            fields = [e.fields() for e in entries]
            encounter_row = session.get(CaseEncounter, case.id)
            record = CaseRecord.of(case, case.documents, case.obligations, len(case.notes), encounter_row)
            mismatches = compare_case(
                record,
                [(e.index, f) for e, f in zip(entries, fields, strict=True)],
                self.keys.existing_pseudonym_secret(),
            )
            if mismatches:
                log.info("case %s differs from its ledger entries in %d field(s)", case.id, len(mismatches))
                raise CaseMismatch.of(case.id, mismatches)
            data_key = self._data_key(session, case, required=False) if reveal else None
            personal = None
            if data_key is not None:
                row = session.get(CasePersonal, case.id)
                if row is not None:
                    personal = PersonalDetails.model_validate_json(
                        open_sealed(data_key, row.sealed, f"personal:{case.id}")
                    )
            encounter = self._open_encounter(session, case, data_key) if reveal else None
            documents = [_document_view(case.id, d, data_key) for d in case.documents]
            notes = (
                [
                    NoteView(
                        created_at=n.created_at,
                        text=None
                        if n.sealed_text is None or data_key is None
                        else open_sealed(data_key, n.sealed_text, f"note:{case.id}").decode("utf-8"),
                    )
                    for n in case.notes
                ]
                if reveal
                else None
            )
            timeline = [
                TimelineEntry(
                    index=e.index, kind=e.kind, at=str(f.get("at", "")), leaf_hash=e.leaf_hash.hex(), payload=f
                )
                for e, f in zip(entries, fields, strict=True)
            ]
            opened = next((e.index for e in timeline if e.kind == EventKind.CASE_OPENED.value), None)
            summary = _summary(case, day, opened)
            return CaseView(
                **summary.model_dump(),
                closed_at=case.closed_at,
                purged_at=case.purged_at,
                decided_on=case.decided_on,
                subjects=list(case.subjects or []),
                decision=case.decision,
                obligations=[_obligation_view(o, day) for o in case.obligations],
                documents=documents,
                notes=len(case.notes),
                note_texts=notes,
                personal=personal,
                encounter_complete=None if encounter_row is None else encounter_row.complete,
                encounter=encounter,
                timeline=timeline,
            )

    def list_cases(
        self, *, status: str | None = None, limit: int = 100, today: dt.date | None = None
    ) -> list[CaseSummary]:
        """Cases, most recently active first."""
        day = today or dt.date.today()
        query = select(Case).order_by(Case.updated_at.desc(), Case.id).limit(limit)
        if status is not None:
            allowed = ("open", "referred", "decided", "closed")
            if status not in allowed:
                raise InputError(
                    "--status {status!r} is not a case status; allowed values: {allowed}.",
                    status=status,
                    allowed=", ".join(allowed),
                )
            query = query.where(Case.status == status)
        with Session(self.engine) as session:
            cases = session.execute(query.options(selectinload(Case.obligations))).scalars().all()
            numbers = _numbers(session, [case.id for case in cases])
            return [_summary(case, day, numbers.get(case.id)) for case in cases]

    def search_cases(
        self, wanted: CaseFilter, *, offset: int = 0, limit: int = 25, today: dt.date | None = None
    ) -> tuple[list[CaseSummary], int]:
        """One page of the cases ``wanted`` describes, most recently active first, and how many there are in all.

        Free text is matched (ignoring case) in the fields kept in clear only: the department, the
        requesting agency and the request's words; never in sealed notes or personal details.
        """
        day = today or dt.date.today()
        conditions = _conditions(wanted, day)
        with Session(self.engine) as session:
            total = int(session.execute(select(func.count()).select_from(Case).where(*conditions)).scalar_one())
            cases = (
                session.execute(
                    select(Case)
                    .where(*conditions)
                    .order_by(Case.updated_at.desc(), Case.id)
                    .offset(max(offset, 0))
                    .limit(limit)
                    .options(selectinload(Case.obligations))
                )
                .scalars()
                .all()
            )
            numbers = _numbers(session, [case.id for case in cases])
            return [_summary(case, day, numbers.get(case.id)) for case in cases], total

    def departments(self) -> list[str]:
        """Every department a case was recorded for, in order."""
        with Session(self.engine) as session:
            query = select(Case.department).where(Case.department.is_not(None)).distinct().order_by(Case.department)
            return [str(name) for name in session.execute(query).scalars()]

    def by_number(self, number: int) -> str:
        """The case whose ``case_opened`` entry has this ledger index (its readable number)."""
        with Session(self.engine) as session:
            found = session.execute(
                select(LedgerEntry.case_id).where(
                    LedgerEntry.index == number, LedgerEntry.kind == EventKind.CASE_OPENED.value
                )
            ).scalar_one_or_none()
        if found is None:
            raise NotFound("There is no case number {number}; `sanctuary cases list` shows the cases.", number=number)
        return str(found)

    def document_content(self, case_id: str, document_id: int) -> tuple[str, bytes]:
        """A document's original name and bytes (personal: only for whoever holds the keys)."""
        with Session(self.engine) as session:
            document = session.get(CaseDocument, document_id)
            if document is None or document.case_id != case_id:
                raise NotFound(
                    "Case {case_id} has no document {document_id}.", case_id=case_id, document_id=document_id
                )
            sealed_name, sealed_content = document.sealed_name, document.sealed_content
            data_key = self._data_key(session, document.case, required=False)
            if sealed_content is None or sealed_name is None or data_key is None:
                raise InputError(
                    "Document {document_id} of case {case_id} was purged; only its digest remains.",
                    document_id=document_id,
                    case_id=case_id,
                )
            context = f"{case_id}:{document.sha256}"
            name = open_sealed(data_key, sealed_name, f"document-name:{context}").decode("utf-8")
            return name, open_sealed(data_key, sealed_content, f"document:{context}")

    # -- inside a transaction ------------------------------------------------------------------

    def _changeable(self, session: Session, case_id: str) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound("There is no case {case_id!r}; `sanctuary cases list` shows the cases.", case_id=case_id)
        if case.status == "closed":
            raise InputError("Case {case_id} is closed; a closed case cannot change.", case_id=case_id)
        return case

    def _data_key(self, session: Session, case: Case, *, required: bool = True) -> bytes | None:
        row = session.get(CaseKey, case.id)
        if row is None:
            if required:
                raise InputError(
                    "The personal data of case {case_id} was purged; nothing personal can be added.", case_id=case.id
                )
            return None
        try:
            return unwrap_key(self.keys.records_key(row.kek), row.wrapped_key, case.id)
        except SealError as exc:
            raise InputError(exc.message) from None

    def _attach(
        self, case: Case, data_key: bytes | None, doc: NewDocument, appender: Appender, now: dt.datetime
    ) -> Entry:
        if data_key is None:
            raise InputError(
                "The personal data of case {case_id} was purged; no document can be attached.", case_id=case.id
            )
        if len(doc.content) > MAX_DOCUMENT_BYTES:
            raise InputError(
                "The document is larger than {most:,} bytes; attach a smaller copy.", most=MAX_DOCUMENT_BYTES
            )
        digest = hashlib.sha256(doc.content).hexdigest()
        if doc.reading is not None and doc.reading.sha256 != digest:
            raise InputError(
                "The document changed between being read and being recorded (its SHA-256 differs); "
                "record it again from a file nobody is writing to."
            )
        media_type = doc.media_type or mimetypes.guess_type(doc.filename)[0] or "application/octet-stream"
        context = f"{case.id}:{digest}"
        case.documents.append(
            CaseDocument(
                sha256=digest,
                size=len(doc.content),
                media_type=media_type[:100],
                attached_at=now,
                reading=redact_reading(doc.reading) if doc.reading else None,
                sealed_name=seal(data_key, doc.filename.encode("utf-8"), f"document-name:{context}"),
                sealed_content=seal(data_key, doc.content, f"document:{context}"),
                sealed_reading=seal(data_key, doc.reading.model_dump_json().encode("utf-8"), f"reading:{context}")
                if doc.reading
                else None,
            )
        )
        described: dict[str, Any] = {"sha256": digest, "size": len(doc.content), "media_type": media_type[:100]}
        if doc.reading is not None:
            described["type"] = doc.reading.type.value
            described["signed_by_judge"] = doc.reading.signed_by_judge
            described["form"] = doc.reading.form
        return appender.append(EventKind.DOCUMENT_ATTACHED, {"document": described}, case_id=case.id, at=now)

    def _decide(self, case: Case, decision: Decision, appender: Appender, now: dt.datetime) -> list[Entry]:
        clear = redact_decision(decision)
        case.decision = clear
        case.outcome = decision.outcome.value
        case.decided_on = decision.on
        case.pack = case.pack or (decision.packs[0].id if decision.packs else None)
        case.status = "referred" if decision.outcome is Outcome.REFER else "decided"
        case.updated_at = now
        existing = {o.obligation_id for o in case.obligations}
        position = len(case.obligations)
        for duty in decision.obligations:
            if duty.id in existing:
                continue
            existing.add(duty.id)
            case.obligations.append(
                CaseObligation(
                    obligation_id=duty.id,
                    position=position,
                    who=duty.who,
                    due_text=duty.due,
                    due_on=due_date(duty.due, decision.on),
                    rule=duty.rule,
                    citation=duty.citation,
                    text=duty.text,
                )
            )
            position += 1
        fields = {
            "outcome": decision.outcome.value,
            "refer_to": [r.value for r in decision.refer_to],
            "scope": {k.value: v.value for k, v in (decision.scope or {}).items()} or None,
            "on": decision.on.isoformat(),
            "packs": [{"id": p.id, "version": p.version, "digest": p.digest} for p in decision.packs],
            "rules": list(decision.trace.deciding),
            "obligations": [o.id for o in decision.obligations],
            "decision_sha256": commitment(clear),
        }
        return [appender.append(EventKind.DECISION_MADE, fields, case_id=case.id, at=now)]

    def _done(self, case: Case, duty: CaseObligation, appender: Appender, now: dt.datetime) -> Entry:
        duty.done_at = now
        case.updated_at = now
        late = obligation_status(duty.due_on, None, now.date()) == "late"
        return appender.append(
            EventKind.OBLIGATION_DONE,
            {"obligation": duty.obligation_id, "due_on": duty.due_on and duty.due_on.isoformat(), "late": late},
            case_id=case.id,
            at=now,
        )

    def _open_encounter(self, session: Session, case: Case, data_key: bytes | None) -> Encounter | None:
        row = session.get(CaseEncounter, case.id)
        if row is None or row.sealed is None or data_key is None:
            return None
        return Encounter.model_validate_json(open_sealed(data_key, row.sealed, f"encounter:{case.id}"))

    def _add_note(self, session: Session, case: Case, text: str, now: dt.datetime) -> None:
        if not text.strip():
            raise InputError("A note cannot be blank.")
        if len(text) > MAX_NOTE_CHARS:
            raise InputError("A note holds at most {most:,} characters.", most=MAX_NOTE_CHARS)
        data_key = self._data_key(session, case)
        assert data_key is not None
        case.notes.append(CaseNote(created_at=now, sealed_text=seal(data_key, text.encode("utf-8"), f"note:{case.id}")))

    def _shred(self, session: Session, case: Case, now: dt.datetime) -> None:
        session.execute(delete(CaseKey).where(CaseKey.case_id == case.id))
        session.execute(delete(CasePersonal).where(CasePersonal.case_id == case.id))
        for document in case.documents:
            document.sealed_name = None
            document.sealed_content = None
            document.sealed_reading = None
        for note in case.notes:
            note.sealed_text = None
        if case.encounter is not None:
            case.encounter.sealed = None
        case.purged_at = now


def _request(request: Request | Mapping[str, Any]) -> Request:
    if isinstance(request, Request):
        return request
    return validated(Request, dict(request), "request")


def _public_request(request_json: Mapping[str, Any]) -> dict[str, Any]:
    """The request for the ledger: its vocabulary, without the one free-text field (the agency)."""
    public = dict(request_json)
    requester = dict(public.get("requester") or {})
    requester.pop("agency", None)
    public["requester"] = requester
    return public


def _ledger_safe(value: Any) -> Any:
    """Canonical JSON carries no floats (they print differently across programs): write them as text."""
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, Mapping):
        return {k: _ledger_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_ledger_safe(v) for v in value]
    return value


def _department(name: str | None) -> str | None:
    """A department name, spaces tidied; None when not given or blank."""
    if name is None:
        return None
    cleaned = " ".join(name.split())
    if not cleaned:
        return None
    if len(cleaned) > 100 or not cleaned.isprintable():
        raise InputError("A department name must be at most 100 printable characters, e.g. 'LAPD' or 'Library'.")
    return cleaned


def _conditions(wanted: CaseFilter, today: dt.date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.case_ids is not None:
        conditions.append(Case.id.in_(list(wanted.case_ids)))
    if wanted.status is not None:
        if wanted.status not in CASE_STATUSES:
            raise InputError(
                "status {status!r} is not a case status; allowed values: {allowed}.",
                status=wanted.status,
                allowed=", ".join(CASE_STATUSES),
            )
        conditions.append(Case.status == wanted.status)
    if wanted.department is not None:
        conditions.append(Case.department == wanted.department)
    if wanted.opened_by is not None:
        conditions.append(Case.opened_by == wanted.opened_by)
    if wanted.opened_from is not None:
        conditions.append(Case.opened_at >= wanted.opened_from)
    if wanted.opened_before is not None:
        conditions.append(Case.opened_at < wanted.opened_before)
    if wanted.outcome is not None:
        allowed = [o.value for o in Outcome]
        if wanted.outcome not in allowed:
            raise InputError(
                "outcome {outcome!r} is not an outcome; allowed values: {allowed}.",
                outcome=wanted.outcome,
                allowed=", ".join(allowed),
            )
        conditions.append(func.coalesce(Case.counsel_outcome, Case.outcome) == wanted.outcome)
    if wanted.overdue:
        late = (
            select(CaseObligation.id)
            .where(
                CaseObligation.case_id == Case.id,
                CaseObligation.done_at.is_(None),
                CaseObligation.due_on < today,
            )
            .exists()
        )
        conditions.append(late)
    text = " ".join((wanted.text or "").split()).lower()
    if text:
        words = [
            func.lower(func.coalesce(Case.department, "")).contains(text, autoescape=True),
            func.lower(cast(Case.request, Text)).contains(text, autoescape=True),
        ]
        words += [cast(Case.request, Text).contains(f'"{code}"', autoescape=True) for code in wanted.codes]
        conditions.append(or_(*words))
    return conditions


def _counsel_scope(case: Case, scope: Mapping[str, str]) -> dict[str, str]:
    """Counsel's answers item by item, checked against the data the request asked for."""
    asked = [str(item) for item in (case.request or {}).get("data") or []]
    if not asked:
        raise InputError(
            "Case {case_id} asked for no data items; answer it with one outcome, not item by item.", case_id=case.id
        )
    unknown = sorted(set(scope) - set(asked))
    if unknown:
        raise InputError(
            "Case {case_id} did not ask for {item!r}; the items it asked for: {asked}.",
            case_id=case.id,
            item=unknown[0],
            asked=", ".join(asked),
        )
    missing = [item for item in asked if item not in scope]
    if missing:
        raise InputError("Answer every item the case asked for; missing: {missing}.", missing=", ".join(missing))
    for item, answer in scope.items():
        if answer not in ITEM_OUTCOMES:
            raise InputError(
                "The answer for {item!r} is {answer!r}; an item is answered with {comply} or {decline}.",
                item=item,
                answer=answer,
                comply=Outcome.COMPLY.value,
                decline=Outcome.DECLINE.value,
            )
    return {item: scope[item] for item in asked}


def _counsel_outcome(outcome: Outcome | str | None, scope: Mapping[str, str] | None) -> Outcome:
    """Counsel's outcome: the one given, or the one the items' answers add up to (which must agree)."""
    derived = None
    if scope:
        answers = set(scope.values())
        derived = Outcome(answers.pop()) if len(answers) == 1 else Outcome.PARTIAL
    if outcome is None or outcome == "":
        if derived is None:
            raise InputError("Give counsel's outcome, or answer the request item by item.")
        return derived
    try:
        decided = Outcome(outcome)
    except ValueError:
        allowed = ", ".join(o.value for o in Outcome)
        raise InputError(
            "Counsel's outcome {outcome!r} is not allowed; allowed values: {allowed}.", outcome=outcome, allowed=allowed
        ) from None
    if derived is not None and decided is not derived:
        raise InputError(
            "Counsel's outcome {outcome!r} does not match the answers item by item, which add up to {derived!r}.",
            outcome=decided.value,
            derived=derived.value,
        )
    return decided


def _staff_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 200:
        raise InputError("A counsel or staff name must be 1 to 200 characters.")
    return cleaned


def _numbers(session: Session, case_ids: Sequence[str]) -> dict[str, int]:
    """Each case's number: the ledger index of its ``case_opened`` entry (unique, never reused)."""
    if not case_ids:
        return {}
    rows = session.execute(
        select(LedgerEntry.case_id, LedgerEntry.index).where(
            LedgerEntry.kind == EventKind.CASE_OPENED.value, LedgerEntry.case_id.in_(list(case_ids))
        )
    ).all()
    return {str(case_id): int(index) for case_id, index in rows}


def _summary(case: Case, today: dt.date, number: int | None) -> CaseSummary:
    statuses = [obligation_status(o.due_on, o.done_at, today) for o in case.obligations]
    pending = [o.due_on for o in case.obligations if o.done_at is None and o.due_on is not None]
    return CaseSummary(
        id=case.id,
        number=number,
        status=case.status,
        outcome=case.outcome,
        counsel_outcome=case.counsel_outcome,
        pack=case.pack,
        action=(case.request or {}).get("action"),
        opened_at=case.opened_at,
        updated_at=case.updated_at,
        assigned_to=case.assigned_to,
        department=case.department,
        opened_by=case.opened_by,
        counsel_scope=case.counsel_scope,
        request=case.request or {},
        obligations_open=sum(1 for s in statuses if s != "done"),
        obligations_late=statuses.count("late"),
        next_due=min(pending) if pending else None,
        purged=case.purged_at is not None,
    )


def _obligation_view(row: CaseObligation, today: dt.date) -> ObligationView:
    return ObligationView(
        id=row.obligation_id,
        who=row.who,
        due=row.due_text,
        due_on=row.due_on,
        status=obligation_status(row.due_on, row.done_at, today),
        done_at=row.done_at,
        rule=row.rule,
        citation=row.citation,
        text=row.text,
    )


def _document_view(case_id: str, row: CaseDocument, data_key: bytes | None) -> DocumentView:
    name = None
    if data_key is not None and row.sealed_name is not None:
        name = open_sealed(data_key, row.sealed_name, f"document-name:{case_id}:{row.sha256}").decode("utf-8")
    return DocumentView(
        id=row.id,
        sha256=row.sha256,
        size=row.size,
        media_type=row.media_type,
        attached_at=row.attached_at,
        reading=row.reading,
        filename=name,
        shredded=row.sealed_content is None,
    )

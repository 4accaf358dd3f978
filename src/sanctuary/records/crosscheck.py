"""Case rows against the ledger: the entries are the record, the case tables a working copy.

The case tables can be changed by anyone who can write the database, and nothing in them is
signed; the ledger's entries are hashed into the signed tree. So every field of a case that an
entry records is compared with the tables: the status, the outcome and counsel's outcome and
answers item by item, the day of the law, the pack, the department, the pseudonyms of the subject,
of counsel and of whoever opened the case, the request's and the decision's SHA-256, the duties
(their ids and order, their due days and when each was done; their words through the decision's
digest), the documents (digest, size, media type, what the reader read them as), and the times of
opening, closing and purging. ``ledger verify`` runs this over every case; reading a case (``cases
show``, exports, the web's case page) refuses a case whose rows disagree with its entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Text, cast, exists, func, select

from sanctuary.model import InputError, Message, due_date

from .ledger_store import ENTRIES, EventKind, timestamp
from .models import Base, Case, CaseDocument, CaseEncounter, CaseNote, CaseObligation
from .payloads import case_json
from .pseudonyms import staff_pseudonym

CASES = Base.metadata.tables[Case.__tablename__]
DOCUMENTS = Base.metadata.tables[CaseDocument.__tablename__]
OBLIGATIONS = Base.metadata.tables[CaseObligation.__tablename__]
NOTES = Base.metadata.tables[CaseNote.__tablename__]
ENCOUNTERS = Base.metadata.tables[CaseEncounter.__tablename__]
#: Cases compared per round of queries (each an IN list of this many ids).
BATCH = 500
#: Mismatches named in one refusal; the rest are counted.
LISTED_IN_REFUSAL = 5
_CASE_FIELDS = (
    "id",
    "status",
    "pack",
    "opened_at",
    "updated_at",
    "closed_at",
    "purged_at",
    "assigned_to",
    "request",
    "decision",
    "outcome",
    "decided_on",
    "counsel_outcome",
    "department",
    "subjects",
    "opened_by",
    "counsel_scope",
)


def commitment(value: Any) -> str:
    """SHA-256 of a case-file value as sorted, compact JSON: what the ledger records of it.

    For JSON values the text is :func:`case_json`'s, the form the store writes its columns in.
    """
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredJSON:
    """A JSON column's text as stored (None: SQL NULL), parsed only when a check needs the value."""

    text: str | None

    def value(self) -> Any:
        return None if self.text is None else json.loads(self.text)


def _commits_to(value: Any, digest: Any) -> bool:
    """Whether a case-file value (or a column's stored text) has the digest the ledger recorded.

    Text written by the store is in the committed form, so its own hash is the digest; older text
    (or text written otherwise) is parsed and hashed in that form.
    """
    stored = value.text if isinstance(value, StoredJSON) else None
    if stored is not None and hashlib.sha256(stored.encode("utf-8")).hexdigest() == digest:
        return True
    return bool(commitment(_value(value)) == digest)


def _value(value: Any) -> Any:
    return value.value() if isinstance(value, StoredJSON) else value


class CaseMismatch(InputError):
    """A case's rows disagree with its ledger entries: it is refused rather than shown or exported."""

    def __init__(
        self, template: str | Message, /, *, case_id: str, mismatches: Sequence[Mismatch] = (), **values: Any
    ) -> None:
        super().__init__(template, case_id=case_id, **values)
        self.case_id = case_id
        self.mismatches = tuple(mismatches)

    @classmethod
    def of(cls, case_id: str, mismatches: Sequence[Mismatch]) -> CaseMismatch:
        """The refusal of a case, naming its first few mismatches and counting the rest."""
        listed = [m.message for m in mismatches[:LISTED_IN_REFUSAL]]
        more = len(mismatches) - LISTED_IN_REFUSAL
        if more > 0:
            return CaseMismatch(
                "Case {case_id} does not match its ledger entries, so it is not shown or exported: {listed}; "
                "and {more} more. The case tables were changed outside Sanctuary; the ledger's signed entries "
                "are the record. Run `sanctuary ledger verify` and restore the case's rows from a backup.",
                case_id=case_id,
                mismatches=mismatches,
                listed=listed,
                more=more,
            )
        return CaseMismatch(
            "Case {case_id} does not match its ledger entries, so it is not shown or exported: {listed}. "
            "The case tables were changed outside Sanctuary; the ledger's signed entries are the record. "
            "Run `sanctuary ledger verify` and restore the case's rows from a backup.",
            case_id=case_id,
            mismatches=mismatches,
            listed=listed,
        )


@dataclass(frozen=True)
class Mismatch:
    """One field of a case whose row says one thing and the ledger another."""

    case_id: str
    field: str
    message: Message
    entry: int | None = None


@dataclass(frozen=True)
class DocumentRecord:
    sha256: str
    size: int
    media_type: str
    attached_at: dt.datetime
    reading: dict[str, Any] | None


@dataclass(frozen=True)
class ObligationRecord:
    obligation_id: str
    who: str
    due_text: str
    due_on: dt.date | None
    rule: str
    citation: str
    text: str
    done_at: dt.datetime | None


@dataclass(frozen=True)
class CaseRecord:
    """What the case tables hold about one case, in the fields the ledger can vouch for."""

    id: str
    status: str
    pack: str | None
    opened_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    purged_at: dt.datetime | None
    assigned_to: str | None
    request: Any
    decision: Any
    outcome: str | None
    decided_on: dt.date | None
    counsel_outcome: str | None
    department: str | None
    subjects: Any
    opened_by: str | None
    counsel_scope: Any
    documents: tuple[DocumentRecord, ...]
    obligations: tuple[ObligationRecord, ...]
    notes: int
    #: The encounter record's clear columns (complete, updated_at); None when there is none.
    encounter: tuple[bool, dt.datetime] | None = None

    @classmethod
    def of(
        cls, case: Any, documents: Iterable[Any], obligations: Iterable[Any], notes: int, encounter: Any = None
    ) -> CaseRecord:
        """From a case (ORM object or column mapping), its documents (by id), duties (by position) and
        encounter record (ORM object or row, or None)."""
        fields = (
            {name: case[name] for name in _CASE_FIELDS}
            if isinstance(case, Mapping)
            else {name: getattr(case, name) for name in _CASE_FIELDS}
        )
        return cls(
            **fields,
            documents=tuple(
                DocumentRecord(d.sha256, int(d.size), d.media_type, d.attached_at, d.reading) for d in documents
            ),
            obligations=tuple(
                ObligationRecord(o.obligation_id, o.who, o.due_text, o.due_on, o.rule, o.citation, o.text, o.done_at)
                for o in obligations
            ),
            notes=notes,
            encounter=None if encounter is None else (bool(encounter.complete), encounter.updated_at),
        )


Entries = Sequence[tuple[int, Mapping[str, Any]]]
#: The status each of these events leaves a case in.
_STATUS_OF: dict[str, str] = {
    EventKind.REFERRED: "referred",
    EventKind.DECIDED_BY_COUNSEL: "decided",
    EventKind.CLOSED: "closed",
}


def compare_case(case: CaseRecord, entries: Entries, secret: bytes | None) -> list[Mismatch]:
    """Every field where the case's rows and its ledger entries (index, payload; in order) disagree.

    ``secret`` is the pseudonym secret, to compare the assigned counsel with the pseudonym the
    ledger recorded; without it that one field is not compared.
    """
    found: list[Mismatch] = []

    def differ(name: str | Message, stored: Any, recorded: Any, entry: int | None, what: Message | None = None) -> None:
        """Note a mismatch of the field ``name`` (a column, or a phrase naming the field); ``what``, a
        template of ``{field}``, says which part of it differs or why ("{field}'s SHA-256")."""
        if stored != recorded:
            field = name if what is None else Message(what.template, {"field": name})
            values = {"field": field, "stored": _show(stored), "recorded": _show(recorded)}
            if entry is None:
                message = Message("{field}: the case table says {stored}, the ledger says {recorded}", values)
            else:
                message = Message(
                    "{field}: the case table says {stored}, the ledger says {recorded} (entry {entry})",
                    {**values, "entry": entry},
                )
            found.append(Mismatch(case.id, str(name), message, entry))

    if not entries:
        message = Message("the ledger holds no entry for this case: its row was added outside Sanctuary")
        return [Mismatch(case.id, "ledger entries", message)]
    first, opened = entries[0]
    if opened.get("kind") != EventKind.CASE_OPENED:
        message = Message(
            "its first ledger entry ({entry}) is {kind!r}, not case_opened",
            {"entry": first, "kind": opened.get("kind")},
        )
        return [Mismatch(case.id, "ledger entries", message, first)]
    differ("opened_at", _stamp(case.opened_at), opened.get("at"), first)
    if not _commits_to(case.request, opened.get("request_sha256")):
        differ(
            "request",
            commitment(_value(case.request)),
            opened.get("request_sha256"),
            first,
            Message("{field}'s SHA-256"),
        )
    subjects = opened.get("subjects")
    if not (isinstance(case.subjects, StoredJSON) and case.subjects.text == case_json(subjects)):
        differ("subjects", list(_value(case.subjects) or []), subjects, first, Message("{field} (pseudonyms)"))
    differ("department", case.department, opened.get("department"), first)

    request = opened.get("request")
    pack: Any = request.get("pack") if isinstance(request, Mapping) else None
    status, status_entry, pack_entry = "open", first, first
    decision: tuple[int, Mapping[str, Any]] | None = None
    duties: dict[str, tuple[int, Any]] = {}
    done: dict[Any, tuple[int, Mapping[str, Any]]] = {}
    documents: list[tuple[int, Mapping[str, Any]]] = []
    latest: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for index, fields in entries[1:]:
        kind = fields.get("kind")
        if kind == EventKind.DOCUMENT_ATTACHED:
            described = fields.get("document")
            documents.append((index, {**(described if isinstance(described, Mapping) else {}), "at": fields.get("at")}))
        elif kind == EventKind.DECISION_MADE:
            decision = (index, fields)
            status, status_entry = ("referred" if fields.get("outcome") == "refer" else "decided"), index
            packs = fields.get("packs") or []
            if not pack and packs and isinstance(packs[0], Mapping):
                pack, pack_entry = packs[0].get("id"), index
            for duty in fields.get("obligations") or []:
                duties.setdefault(duty, (index, fields.get("on")))
        elif kind == EventKind.OBLIGATION_DONE:
            done[fields.get("obligation")] = (index, fields)
        elif kind in _STATUS_OF:
            latest[kind] = (index, fields)
            status, status_entry = _STATUS_OF[kind], index
        elif kind in (EventKind.PURGED, EventKind.ENCOUNTER_RECORDED):
            latest[kind] = (index, fields)
        else:
            unexpected = Message("entry {entry} is an unexpected {kind!r}", {"entry": index, "kind": kind})
            found.append(Mismatch(case.id, "ledger entries", unexpected, index))
    differ("status", case.status, status, status_entry)
    differ("pack", case.pack, pack, pack_entry)

    verified_decision = None
    if decision is None:
        no_decision = Message("{field} (the ledger records no decision)")
        for name in ("outcome", "decided_on"):
            differ(name, getattr(case, name), None, None, no_decision)
        differ("decision", _value(case.decision), None, None, no_decision)
    else:
        index, fields = decision
        differ("outcome", case.outcome, fields.get("outcome"), index)
        differ("decided_on", case.decided_on and case.decided_on.isoformat(), fields.get("on"), index)
        if _commits_to(case.decision, fields.get("decision_sha256")):
            verified_decision = case.decision
        else:
            decided = commitment(_value(case.decision))
            differ("decision", decided, fields.get("decision_sha256"), index, Message("{field}'s SHA-256"))
    _compare_duties(case, duties, done, verified_decision, differ)

    def recorded(kind: EventKind, key: str) -> tuple[Any, int | None]:
        event = latest.get(kind)
        return (None, None) if event is None else (event[1].get(key), event[0])

    differ("counsel_outcome", case.counsel_outcome, *recorded(EventKind.DECIDED_BY_COUNSEL, "outcome"))
    differ("counsel_scope", _value(case.counsel_scope), *recorded(EventKind.DECIDED_BY_COUNSEL, "scope"))
    if secret is not None:
        stored = staff_pseudonym(secret, case.assigned_to) if case.assigned_to is not None else None
        differ("assigned_to", stored, *recorded(EventKind.REFERRED, "assignee"), Message("{field} (pseudonym)"))
        opener = staff_pseudonym(secret, case.opened_by) if case.opened_by is not None else None
        differ("opened_by", opener, opened.get("opened_by"), first, Message("{field} (pseudonym)"))
    differ("closed_at", _stamp(case.closed_at), *recorded(EventKind.CLOSED, "at"))
    if EventKind.CLOSED in latest:
        still_open = sum(1 for o in case.obligations if o.done_at is None)
        differ(
            Message("duties still open"),
            still_open,
            *recorded(EventKind.CLOSED, "open_obligations"),
            Message("{field} when closed"),
        )
    differ("purged_at", _stamp(case.purged_at), *recorded(EventKind.PURGED, "at"))
    if EventKind.PURGED in latest:
        when_purged = Message("{field} (count when purged)")
        differ(Message("documents"), len(case.documents), *recorded(EventKind.PURGED, "documents"), when_purged)
        differ(Message("notes"), case.notes, *recorded(EventKind.PURGED, "notes"), when_purged)
    complete, updated = (None, None) if case.encounter is None else case.encounter
    differ(Message("encounter complete"), complete, *recorded(EventKind.ENCOUNTER_RECORDED, "complete"))
    differ(Message("encounter updated_at"), _stamp(updated), *recorded(EventKind.ENCOUNTER_RECORDED, "at"))
    _compare_documents(case, documents, differ)
    return found


_Differ = Callable[..., None]
_DECODER = json.JSONDecoder()


def _compare_duties(
    case: CaseRecord,
    duties: Mapping[Any, tuple[int, Any]],
    done: Mapping[Any, tuple[int, Mapping[str, Any]]],
    decision: Any,
    differ: _Differ,
) -> None:
    """Duty ids in order, their due days, when each was done; their words when the decision verified."""
    first = next(iter(duties.values()))[0] if duties else None
    differ(Message("duties"), [o.obligation_id for o in case.obligations], list(duties), first)
    text = decision.text if isinstance(decision, StoredJSON) else None
    words: dict[Any, Mapping[str, Any]] | None = None
    for duty in case.obligations:
        introduced = duties.get(duty.obligation_id)
        if introduced is None:
            continue  # already reported with the duty ids
        if decision is None or (text is not None and _words_in(text, duty)):
            said = None
        else:
            if words is None:
                parsed = _value(decision)
                listed = parsed.get("obligations") if isinstance(parsed, Mapping) else None
                words = {d.get("id"): d for d in listed or [] if isinstance(d, Mapping)}
            said = words.get(duty.obligation_id)
        if said is not None:
            for column, key in (("who", "who"), ("due_text", "due"), ("rule", "rule"), ("citation", "citation")):
                differ(_duty_field(duty, column), getattr(duty, column), said.get(key), introduced[0])
            differ(_duty_field(duty, "text"), duty.text, said.get("text"), introduced[0])
        try:
            due = due_date(duty.due_text, dt.date.fromisoformat(str(introduced[1])))
        except ValueError:
            due = None
        differ(
            _duty_field(duty, "due_on"),
            duty.due_on,
            due,
            introduced[0],
            Message("{field} (from its words and the decision's day)"),
        )
        completed = done.get(duty.obligation_id)
        if completed is None:
            differ(
                _duty_field(duty, "done_at"),
                _stamp(duty.done_at),
                None,
                None,
                Message("{field} (the ledger records it not done)"),
            )
        else:
            index, fields = completed
            differ(_duty_field(duty, "done_at"), _stamp(duty.done_at), fields.get("at"), index)
            differ(_duty_field(duty, "due_on"), duty.due_on and duty.due_on.isoformat(), fields.get("due_on"), index)


def _duty_field(duty: ObligationRecord, column: str) -> Message:
    return Message("duty {duty!r} {column}", {"duty": duty.obligation_id, "column": column})


def _words_in(text: str, duty: ObligationRecord) -> bool:
    """Whether the decision's stored text (already matched to its digest) holds this duty, word for word.

    A decision written by the store is canonical JSON, where a duty is the object
    ``{"citation":...,"due":...,"id":...,"rule":...,"text":...,"text_es":...,"who":...}``; finding it
    saves parsing the whole decision. When it is not found (an older row, another layout) the
    decision is parsed and compared field by field.
    """
    words = {"citation": duty.citation, "due": duty.due_text, "id": duty.obligation_id, "rule": duty.rule}
    head = case_json({**words, "text": duty.text})[:-1] + ',"text_es":'
    at = text.find(head)
    if at < 0:
        return False
    try:
        spanish, end = _DECODER.raw_decode(text, at + len(head))
    except ValueError:
        return False
    if not isinstance(spanish, str):
        return False
    return text.startswith(',"who":' + case_json(duty.who) + "}", end)


def _compare_documents(case: CaseRecord, recorded: Sequence[tuple[int, Mapping[str, Any]]], differ: _Differ) -> None:
    last = recorded[-1][0] if recorded else None
    differ(Message("documents"), len(case.documents), len(recorded), last, Message("{field} (count)"))
    for number, (document, (index, said)) in enumerate(zip(case.documents, recorded, strict=False), 1):
        for column, stored, key in (
            ("sha256", document.sha256, "sha256"),
            ("size", document.size, "size"),
            ("media_type", document.media_type, "media_type"),
            ("attached_at", _stamp(document.attached_at), "at"),
        ):
            differ(
                Message("document {number} {column}", {"number": number, "column": column}),
                stored,
                said.get(key),
                index,
            )
        reading = document.reading if isinstance(document.reading, Mapping) else None
        for key in ("type", "signed_by_judge", "form"):
            field = Message("document {number} reading {key}", {"number": number, "key": key})
            differ(field, reading and reading.get(key), said.get(key), index)


def _stamp(moment: dt.datetime | None) -> str | None:
    return None if moment is None else timestamp(moment)


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 80 else text[:77] + "…"


# -- over the whole store -------------------------------------------------------------------------

_JSON_COLUMNS = frozenset({"request", "decision", "subjects", "counsel_scope"})
#: The case rows with their JSON columns as text: hashing the text is cheaper than parsing it.
_CASE_ROWS = select(
    *(cast(column, Text).label(column.name) if column.name in _JSON_COLUMNS else column for column in CASES.columns)
)


def crosscheck_cases(
    connection: Connection,
    secret: bytes | None,
    add: Callable[[str, str], None],
    case_ids: Iterable[str] | None = None,
) -> int:
    """Compare cases with their entries on ``connection`` (one snapshot); report each mismatch with ``add``.

    All cases (and every case the ledger records that has no row) when ``case_ids`` is None.
    Returns how many cases were compared.
    """
    compared = 0
    if case_ids is not None:
        wanted = sorted(set(case_ids))
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            rows = connection.execute(_CASE_ROWS.where(CASES.c.id.in_(batch))).mappings().all()
            compared += _check_batch(connection, rows, _among(batch), secret, add)
            _missing(connection, set(batch) - {row["id"] for row in rows}, add)
        return compared
    after: str | None = None
    while True:
        query = _CASE_ROWS.order_by(CASES.c.id).limit(BATCH)
        if after is not None:
            query = query.where(CASES.c.id > after)
        rows = connection.execute(query).mappings().all()
        if not rows:
            break
        # The batch is a range of ids in the database's own order: its rows are read by range.
        first, last = rows[0]["id"], rows[-1]["id"]
        compared += _check_batch(connection, rows, _between(first, last), secret, add)
        after = last
    orphans = (
        select(ENTRIES.c.case_id)
        .distinct()
        .where(ENTRIES.c.case_id.is_not(None), ~exists().where(CASES.c.id == ENTRIES.c.case_id))
    )
    _missing(connection, {case_id for (case_id,) in connection.execute(orphans)}, add)
    return compared


def _among(ids: Sequence[str]) -> Callable[[Any], ColumnElement[bool]]:
    return lambda column: column.in_(ids)


def _between(first: str, last: str) -> Callable[[Any], ColumnElement[bool]]:
    return lambda column: column.between(first, last)


def _missing(connection: Connection, case_ids: set[str], add: Callable[[str, str], None]) -> None:
    """Cases the ledger records but the tables do not hold."""
    for case_id in sorted(case_ids):
        indexes = [
            int(i)
            for (i,) in connection.execute(
                select(ENTRIES.c["index"]).where(ENTRIES.c.case_id == case_id).order_by(ENTRIES.c["index"]).limit(4)
            )
        ]
        if indexes:
            listed = ", ".join(map(str, indexes[:3])) + (", ..." if len(indexes) > 3 else "")
            add(
                f"case {case_id}",
                f"the ledger records it (entries {listed}) but the case tables have no row for it: it was deleted",
            )


def _check_batch(
    connection: Connection,
    rows: Sequence[Any],
    of_cases: Callable[[Any], ColumnElement[bool]],
    secret: bytes | None,
    add: Callable[[str, str], None],
) -> int:
    """Compare the cases ``rows``; ``of_cases(column)`` selects their rows in the other tables."""
    documents: dict[str, list[Any]] = {row["id"]: [] for row in rows}
    duties: dict[str, list[Any]] = {row["id"]: [] for row in rows}
    entries: dict[str, list[tuple[int, Mapping[str, Any]]]] = {row["id"]: [] for row in rows}
    for row in connection.execute(
        DOCUMENTS.select().where(of_cases(DOCUMENTS.c.case_id)).order_by(DOCUMENTS.c.case_id, DOCUMENTS.c.id)
    ):
        documents.get(row.case_id, []).append(row)
    for row in connection.execute(
        OBLIGATIONS.select()
        .where(of_cases(OBLIGATIONS.c.case_id))
        .order_by(OBLIGATIONS.c.case_id, OBLIGATIONS.c.position)
    ):
        duties.get(row.case_id, []).append(row)
    notes: dict[str, int] = {
        case_id: int(count)
        for case_id, count in connection.execute(
            select(NOTES.c.case_id, func.count()).where(of_cases(NOTES.c.case_id)).group_by(NOTES.c.case_id)
        )
    }
    query = (
        select(ENTRIES.c.case_id, ENTRIES.c["index"], ENTRIES.c.payload)
        .where(of_cases(ENTRIES.c.case_id))
        .order_by(ENTRIES.c.case_id, ENTRIES.c["index"])
    )
    encounters: dict[str, Any] = {
        row.case_id: row for row in connection.execute(ENCOUNTERS.select().where(of_cases(ENCOUNTERS.c.case_id)))
    }
    for case_id, index, payload in connection.execute(query):
        if case_id in entries:
            entries[case_id].append((int(index), _fields(payload)))
    for row in rows:
        case_id = row["id"]
        columns = {name: StoredJSON(row[name]) if name in _JSON_COLUMNS else row[name] for name in _CASE_FIELDS}
        record = CaseRecord.of(
            columns, documents[case_id], duties[case_id], int(notes.get(case_id, 0)), encounters.get(case_id)
        )
        for mismatch in compare_case(record, entries[case_id], secret):
            add(f"case {case_id}", str(mismatch.message))
    return len(rows)


def _fields(payload: str) -> Mapping[str, Any]:
    """An entry's fields; an unreadable payload (reported by the hash check) compares as empty."""
    try:
        value = json.loads(payload)
    except ValueError:
        return {}
    return value if isinstance(value, Mapping) else {}

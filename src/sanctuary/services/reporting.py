"""Reports from the case store: load the period's facts, the signed checkpoint and the packs used.

The checkpoint a report cites is the latest one signed at or before the end of the period. A
report never signs one itself (making a report only reads the store, and a checkpoint signed later
would not say what the ledger held when the period ended); when none exists the report says so,
and names the first later checkpoint that covers every case counted, if there is one.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sanctuary.model import InputError
from sanctuary.records import SignedCheckpoint, Store
from sanctuary.records.models import Case, CaseObligation, LedgerEntry
from sanctuary.reports import (
    Attestation,
    CaseFact,
    CheckpointInfo,
    DutyFact,
    Period,
    Report,
    build_report,
    check_epsilon,
    kind_of,
    parse_period,
)


def load_facts(store: Store, period: Period) -> list[CaseFact]:
    """The facts of every case opened in the period (vocabulary only: nothing personal is read).

    Plain column selects, and only the ``packs`` of each stored decision (a JSON path in the
    database), because whole decisions and ORM objects would cost more than the report itself.
    """
    in_period = (Case.opened_at >= period.start_moment, Case.opened_at < period.cutoff)
    cases = select(
        Case.id,
        Case.opened_at,
        Case.department,
        Case.request,
        Case.outcome,
        Case.counsel_outcome,
        Case.decision["packs"].label("packs"),
    ).where(*in_period)
    duties = (
        select(CaseObligation.case_id, CaseObligation.obligation_id, CaseObligation.due_on, CaseObligation.done_at)
        .join(Case, Case.id == CaseObligation.case_id)
        .where(*in_period)
        .order_by(CaseObligation.case_id, CaseObligation.position)
    )
    by_case: dict[str, list[DutyFact]] = {}
    with Session(store.engine) as session:
        for case_id, obligation, due_on, done_at in session.execute(duties):
            by_case.setdefault(case_id, []).append(DutyFact(obligation, due_on, done_at))
        rows = session.execute(cases.order_by(Case.opened_at, Case.id)).all()
    facts: list[CaseFact] = []
    for row in rows:
        packs = tuple(
            (str(p.get("id")), str(p.get("version")), str(p.get("digest")))
            for p in (row.packs if isinstance(row.packs, list) else ())
            if isinstance(p, dict)
        )
        facts.append(
            CaseFact.from_request(
                row.request or {},
                opened_at=row.opened_at,
                department=row.department,
                outcome=row.outcome,
                counsel_outcome=row.counsel_outcome,
                duties=tuple(by_case.get(row.id, ())),
                packs=packs,
            )
        )
    return facts


def _info(checkpoint: SignedCheckpoint) -> CheckpointInfo:
    return CheckpointInfo(
        checkpoint.id,
        checkpoint.origin,
        checkpoint.size,
        checkpoint.root.hex(),
        checkpoint.created_at,
        checkpoint.note,
    )


def attestation(store: Store, period: Period) -> Attestation:
    """The checkpoint at the end of the period, and (if it falls short) the first that covers it."""
    with Session(store.engine) as session:
        opened_in_period = select(Case.id).where(Case.opened_at >= period.start_moment, Case.opened_at < period.cutoff)
        last = session.execute(
            select(func.max(LedgerEntry.index)).where(
                LedgerEntry.kind == "case_opened", LedgerEntry.case_id.in_(opened_in_period)
            )
        ).scalar_one_or_none()
    needed = None if last is None else int(last) + 1
    checkpoints = [c for c in store.ledger.checkpoints() if c.origin == store.ledger.origin]
    before = [c for c in checkpoints if c.created_at <= period.cutoff]
    chosen = before[-1] if before else None
    covering = None
    if needed is not None and (chosen is None or chosen.size < needed):
        covering = next((c for c in checkpoints if c.size >= needed), None)
    return Attestation(
        None if chosen is None else _info(chosen),
        None if covering is None else _info(covering),
        needed,
    )


def _parse_period(text: str, moment: dt.datetime) -> Period:
    """The period, with dates outside the calendar's range (year 0000, 9999-12-31 plus a day) refused."""
    try:
        return parse_period(text, now=moment)
    except InputError:
        raise
    except (ValueError, OverflowError):
        raise InputError(
            f"--period {text.strip()!r} lies outside the calendar's range; write a period from 1970 to today."
        ) from None


def make_report(
    store: Store,
    kind: str,
    period: str | Period,
    *,
    epsilon: float | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """The report of ``kind`` for ``period`` (text as the CLI takes it, or a parsed period)."""
    kind_of(kind)
    moment = now or dt.datetime.now(dt.UTC)
    parsed = period if isinstance(period, Period) else _parse_period(period, moment)
    if epsilon is not None:
        check_epsilon(epsilon)  # before the store is read
    return build_report(
        kind,
        parsed,
        load_facts(store, parsed),
        attestation=attestation(store, parsed),
        epsilon=epsilon,
        generated_at=moment,
    )

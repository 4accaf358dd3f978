"""Reports from the case store: load the period's facts, the signed checkpoint and the packs used.

The checkpoint a report cites is the latest one signed at or before the end of the period. A
report never signs one itself (making a report only reads the store, and a checkpoint signed later
would not say what the ledger held when the period ended); when none exists the report says so,
and names the first later checkpoint that covers every case counted, if there is one.

Differentially private reports draw on a privacy budget per month. Every case belongs to one
month, so a report with epsilon E spends E on each month it counts, and the months' spending adds
up over every release (each is fresh noise: averaging many releases would wash it out). The
spending is recorded in ``privacy-budget.json`` in the data folder, under a lock; a release that
would take any month past ``SANCTUARY_PRIVACY_BUDGET`` (default 3.0) is refused, and nothing is
recorded for a report that is not released.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sanctuary.files import write_atomic
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

from .city import City


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


def report_period(text: str, moment: dt.datetime, zone: dt.tzinfo | None = None) -> Period:
    """The period on the city's calendar (``SANCTUARY_TIME_ZONE``), with dates outside the calendar's
    range (year 0000, 9999-12-31 plus a day) refused."""
    try:
        return parse_period(text, now=moment, zone=zone or City.from_env().zone)
    except InputError:
        raise
    except (ValueError, OverflowError):
        raise InputError(
            "--period {period!r} lies outside the calendar's range; write a period from 1970 to today.",
            period=text.strip(),
        ) from None


def make_report(
    store: Store,
    kind: str,
    period: str | Period,
    *,
    epsilon: float | None = None,
    now: dt.datetime | None = None,
    lang: str = "en",
) -> Report:
    """The report of ``kind`` for ``period`` (text as the CLI takes it, or a parsed period), in ``lang``.

    Periods given as text are days of the city's time zone, and the report's times are shown in it.
    """
    kind_of(kind)
    moment = now or dt.datetime.now(dt.UTC)
    parsed = period if isinstance(period, Period) else report_period(period, moment)
    if epsilon is not None:
        check_epsilon(epsilon)  # before the store is read
        budget_per_month()
    report = build_report(
        kind,
        parsed,
        load_facts(store, parsed),
        attestation=attestation(store, parsed),
        epsilon=epsilon,
        generated_at=moment,
        lang=lang,
    )
    if epsilon is not None:
        spend_budget(store.settings.data_dir, kind, parsed, epsilon, moment)
    return report


BUDGET_ENV = "SANCTUARY_PRIVACY_BUDGET"
DEFAULT_BUDGET = 3.0
BUDGET_FILE = "privacy-budget.json"


def budget_per_month() -> float:
    """The epsilon each month's cases may spend over all releases (SANCTUARY_PRIVACY_BUDGET)."""
    raw = os.environ.get(BUDGET_ENV)
    try:
        value = float(raw) if raw else DEFAULT_BUDGET
    except ValueError:
        value = float("nan")
    if not (value > 0 and value < float("inf")):
        raise InputError(
            "{name}={raw!r} is not a positive number; it is the epsilon each month may spend.", name=BUDGET_ENV, raw=raw
        )
    return value


def spent_budget(data_dir: Path) -> dict[str, float]:
    """Epsilon spent so far, per month (YYYY-MM)."""
    return dict(_read_budget(data_dir / BUDGET_FILE).get("spent", {}))


def spend_budget(data_dir: Path, kind: str, period: Period, epsilon: float, now: dt.datetime) -> None:
    """Record a release's epsilon against every month it counts; InputError if any month would go over."""
    limit = budget_per_month()
    path = data_dir / BUDGET_FILE
    with _locked(path):
        ledger = _read_budget(path)
        spent: dict[str, float] = ledger.setdefault("spent", {})
        months = period.counted_months()
        over = [m for m in months if spent.get(m, 0.0) + epsilon > limit * (1 + 1e-9)]
        if over:
            left = min(max(0.0, limit - spent.get(m, 0.0)) for m in over)
            figures = {
                "epsilon": epsilon,
                "months": ", ".join(over[:6]),
                "limit": limit,
                "left": left,
                "name": BUDGET_ENV,
            }
            if len(over) > 6:
                raise InputError(
                    "--epsilon {epsilon}: the privacy budget of {months} and more would be exceeded ({limit} per "
                    "month, {left:.3g} left). Every noisy release of a month spends its budget; publish exact counts "
                    "with suppression (leave out --epsilon), or ask the data owner to raise {name}.",
                    **figures,
                )
            raise InputError(
                "--epsilon {epsilon}: the privacy budget of {months} would be exceeded ({limit} per month, "
                "{left:.3g} left). Every noisy release of a month spends its budget; publish exact counts with "
                "suppression (leave out --epsilon), or ask the data owner to raise {name}.",
                **figures,
            )
        for month in months:
            spent[month] = round(spent.get(month, 0.0) + epsilon, 12)
        ledger.setdefault("releases", []).append(
            {"at": now.isoformat(), "kind": kind, "period": period.label, "epsilon": epsilon, "months": months}
        )
        ledger["budget_per_month"] = limit
        text = json.dumps(ledger, indent=2, sort_keys=True) + "\n"
        write_atomic(path, [text.encode("utf-8")])


def _read_budget(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        # A budget that cannot be read must not be taken as unspent.
        raise InputError(
            "The privacy budget {path} cannot be read ({error}); restore it.", path=path, error=type(exc).__name__
        ) from None
    if not isinstance(data, dict):
        raise InputError("The privacy budget {path} is not a JSON object; restore it.", path=path)
    return data


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One release at a time reads and writes the budget (processes on this host)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

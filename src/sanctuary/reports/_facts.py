"""The facts a report counts, as plain values: no database, no personal data.

The services layer reads them from the case store; tests build them by hand. A case's final
outcome is counsel's where counsel decided, else the engine's; a case with no decision yet is
``pending``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sanctuary.model import obligation_status

NOT_RECORDED = "not_recorded"
PENDING = "pending"


@dataclass(frozen=True)
class DutyFact:
    """One duty a decision triggered: its id, the day it was due (if fixed) and when it was done."""

    obligation: str
    due_on: dt.date | None = None
    done_at: dt.datetime | None = None

    def status(self, cutoff: dt.datetime) -> str:
        """``on_time``, ``late`` or ``open``, as things stood at ``cutoff``.

        Done by the cut-off: on time if done on or before its due day (or it had none), else late.
        Not done by the cut-off: late once its due day has passed, else open.
        """
        if self.done_at is not None and self.done_at < cutoff:
            if self.due_on is None or self.done_at.astimezone(dt.UTC).date() <= self.due_on:
                return "on_time"
            return "late"
        # The case store's rule for a duty still open, applied to the last day counted.
        return obligation_status(self.due_on, None, (cutoff - dt.timedelta(microseconds=1)).date())


@dataclass(frozen=True)
class CaseFact:
    """What a report may count about one case: vocabulary values only."""

    opened_at: dt.datetime
    action: str
    department: str | None = None
    setting: str | None = None
    requester: str | None = None
    acting_for_immigration: bool = False
    purpose: str | None = None
    assist_kind: str | None = None
    instrument: str | None = None
    data: tuple[str, ...] = ()
    history: tuple[str, ...] | None = None
    outcome: str | None = None
    counsel_outcome: str | None = None
    duties: tuple[DutyFact, ...] = ()
    #: The packs the decision was made under, each (id, version, digest).
    packs: tuple[tuple[str, str, str], ...] = ()

    @property
    def final_outcome(self) -> str:
        """Counsel's outcome where counsel decided, else the engine's, else ``pending``."""
        return self.counsel_outcome or self.outcome or PENDING

    @classmethod
    def from_request(
        cls,
        request: dict[str, Any],
        *,
        opened_at: dt.datetime,
        department: str | None = None,
        outcome: str | None = None,
        counsel_outcome: str | None = None,
        duties: tuple[DutyFact, ...] = (),
        packs: tuple[tuple[str, str, str], ...] = (),
    ) -> CaseFact:
        """The facts of a stored request (its JSON as the case store keeps it)."""
        requester = request.get("requester") or {}
        instrument = request.get("instrument") or {}
        subject = request.get("subject") or {}
        history = subject.get("history")
        return cls(
            opened_at=opened_at,
            action=str(request.get("action") or NOT_RECORDED),
            department=department,
            setting=request.get("setting"),
            requester=requester.get("kind"),
            acting_for_immigration=bool(requester.get("acting_for_immigration", False)),
            purpose=request.get("purpose"),
            assist_kind=request.get("assist_kind"),
            instrument=instrument.get("type"),
            data=tuple(request.get("data") or ()),
            history=None if history is None else tuple(history),
            outcome=outcome,
            counsel_outcome=counsel_outcome,
            duties=duties,
            packs=packs,
        )

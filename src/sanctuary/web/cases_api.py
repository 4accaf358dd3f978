"""The JSON API for cases: the same actions, roles and CSRF rule as the case pages.

Every change goes through the records store (via the site), so it is a ledger entry; the answers
name the new entries' indexes. A case is answered without personal details or note texts.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, Field

from sanctuary.model import InputError
from sanctuary.services.site import CaseSummary, Receipt, Session

from .api import DECIDE_EXAMPLE
from .cases import CHANNELS, COUNSEL, COUNSEL_OUTCOMES, STAFF, received_on
from .security import require, site_of

router = APIRouter(tags=["cases"])

#: What a case answer never carries: personal details and the sealed notes' texts.
PRIVATE = {"personal", "note_texts"}


class NewCase(BaseModel):
    """A written request to decide and save as a case, as the "A request arrived" form."""

    request: dict[str, Any] = Field(description="The contract's request JSON.")
    channel: str = Field(description=f"How the request came in: {', '.join(CHANNELS)}.")
    received: str | None = Field(None, description="The day it arrived (YYYY-MM-DD); today if left out.")
    pack: str | None = Field(None, description="Pack id, e.g. us-ca-los-angeles.")
    department: str | None = Field(None, description="The office or site it came to (reports count by it).")


class CounselDecision(BaseModel):
    """Counsel's decision on a referred case: one outcome, or for a data request an answer per item."""

    outcome: str | None = Field(
        None, description=f"One of: {', '.join(COUNSEL_OUTCOMES)}; not needed when `scope` answers every item."
    )
    reason: str = Field(description="Why; kept as a sealed note.")
    scope: dict[str, str] | None = Field(
        None, description="For a data request: each data category asked for -> comply or decline."
    )
    item_notes: dict[str, str] | None = Field(None, description="A note per data category, kept sealed.")


def _entries(receipt: Receipt) -> list[dict[str, Any]]:
    return [{"index": entry.index, "kind": entry.kind} for entry in receipt.entries]


def _summary(case: CaseSummary) -> dict[str, Any]:
    result: dict[str, Any] = case.model_dump(mode="json")
    return result


@router.post("/api/cases", status_code=201, summary="Decide a written request and save it as a case")
async def api_new_case(
    request: Request,
    session: Annotated[Session, Depends(require(*STAFF))],
    body: Annotated[NewCase, Body(openapi_examples={"fax": {"value": {"request": DECIDE_EXAMPLE, "channel": "fax"}}})],
) -> dict[str, Any]:
    """Decide the request under the law of the day it arrived and save it, as `/intake` does."""
    if body.channel not in CHANNELS:
        raise InputError(
            "field 'channel': {channel!r} is not allowed; allowed values: {allowed}.",
            channel=body.channel,
            allowed=", ".join(CHANNELS),
        )
    received = received_on((body.received or "").strip(), dt.date.today())
    site = site_of(request)
    receipt, decision = site.record_case(
        body.request, pack=body.pack, on=received, department=body.department, opened_by=session.user.name
    )
    site.add_note(receipt.case_id, f"Written request received by {body.channel.replace('_', ' ')} on {received}.")
    return {
        "case_id": receipt.case_id,
        "decision": decision.model_dump(mode="json"),
        "entries": _entries(receipt),
    }


@router.get("/api/cases", summary="List the cases")
async def api_cases(request: Request, _session: Annotated[Session, Depends(require(*STAFF))]) -> list[dict[str, Any]]:
    """The cases, most recently active first (the roles that see case pages)."""
    return [_summary(case) for case in site_of(request).cases()]


@router.get("/api/queue", summary="Counsel's queue: referred cases by deadline")
async def api_queue(request: Request, _session: Annotated[Session, Depends(require(*COUNSEL))]) -> list[dict[str, Any]]:
    """The referred cases, earliest next deadline first (cases without a dated duty last), as `/queue`."""
    return [_summary(case) for case in site_of(request).counsel_queue()]


@router.get("/api/cases/{case_id}", summary="One case, without personal data")
async def api_case(
    request: Request, case_id: str, _session: Annotated[Session, Depends(require(*STAFF))]
) -> dict[str, Any]:
    """The case file: decision, duties, documents, timeline; never personal details or note texts."""
    case = site_of(request).case(case_id, reveal=False)
    result: dict[str, Any] = case.model_dump(mode="json", exclude=PRIVATE)
    return result


@router.post("/api/cases/{case_id}/decision", summary="Record counsel's decision on a referred case")
async def api_counsel_decides(
    request: Request,
    case_id: str,
    session: Annotated[Session, Depends(require(*COUNSEL))],
    body: CounselDecision,
) -> dict[str, Any]:
    """Counsel's answer and reason: `decided_by_counsel` in the ledger (with the items' answers), the
    `notify_counsel` duty done, the reason and item notes as sealed notes."""
    if body.outcome is not None and body.outcome not in COUNSEL_OUTCOMES:
        raise InputError(
            "field 'outcome': {outcome!r} is not allowed; allowed values: {allowed}.",
            outcome=body.outcome,
            allowed=", ".join(COUNSEL_OUTCOMES),
        )
    if body.outcome is None and not body.scope:
        raise InputError("field 'outcome': give counsel's outcome, or answer every data item in 'scope'.")
    if not body.reason.strip():
        raise InputError("field 'reason': write the reason for the decision.")
    receipt = site_of(request).decide_by_counsel(
        case_id,
        body.outcome,
        counsel=session.user.name,
        reason=body.reason.strip(),
        scope=body.scope,
        item_notes=body.item_notes,
    )
    return {"case_id": receipt.case_id, "entries": _entries(receipt)}


@router.post("/api/cases/{case_id}/duties/{obligation_id}/done", summary="Mark a case's duty done")
async def api_duty_done(
    request: Request, case_id: str, obligation_id: str, _session: Annotated[Session, Depends(require(*STAFF))]
) -> dict[str, Any]:
    """The duty is done: `obligation_done` in the ledger."""
    receipt = site_of(request).complete_duty(case_id, obligation_id)
    return {"case_id": receipt.case_id, "entries": _entries(receipt)}

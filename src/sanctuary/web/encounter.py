"""Writing down an encounter on a case: the form for the front desk and counsel, and its JSON twin.

The record is sealed with the case's key like every personal detail; the photos of the papers
shown are read by the document reader and attached to the case. The documentation duties are done
when the record holds what they ask for (:mod:`sanctuary.records.encounters`), never by a bare
button, and the ledger gets counts only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from sanctuary.model import InputError
from sanctuary.services.encounters import DUTIES, MAX_AGENTS, REQUIRED, Encounter, encounter_from_form, parse_encounter
from sanctuary.services.site import SUPPORTED, NewDocument, Session, upload_limit

from .cases import STAFF
from .plain import plain
from .rendering import error_words, render
from .security import read_form, require, site_of
from .work import blocking, read_paper

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["cases"])

#: Empty agent rows the form offers beyond those already written down.
SPARE_ROWS = 2
#: Photos taken with one form.
MAX_PHOTOS = 10


def _values(encounter: Encounter | None, zone: dt.tzinfo) -> dict[str, Any]:
    """The form's fields from a record (to correct or complete it); empty for a new one."""
    if encounter is None:
        return {"agents": [], "witnesses": ""}
    local = encounter.occurred_at.astimezone(zone) if encounter.occurred_at else None
    return {
        **{
            name: getattr(encounter, name) or ""
            for name in ("agency", "vehicle", "asked_for", "papers", "response", "notes")
        },
        "agents": [(a.name or "", a.badge or "") for a in encounter.agents],
        "identification_shown": ""
        if encounter.identification_shown is None
        else "yes"
        if encounter.identification_shown
        else "no",
        "date": local.date().isoformat() if local else "",
        "time": local.strftime("%H:%M") if local else "",
        "no_papers": encounter.no_papers,
        "witnesses": "\n".join(encounter.witnesses),
        "photos": len(encounter.photos),
    }


def _form_values(form: FormData) -> dict[str, Any]:
    """What was sent, to give the form back as it was when it is refused."""
    names = [v for v in form.getlist("agent_name") if isinstance(v, str)]
    badges = [v for v in form.getlist("agent_badge") if isinstance(v, str)]
    rows = max(len(names), len(badges))
    text = {key: value for key, value in form.items() if isinstance(value, str)}
    return {
        **text,
        "agents": [(names[i] if i < len(names) else "", badges[i] if i < len(badges) else "") for i in range(rows)],
        "no_papers": text.get("no_papers") == "yes",
    }


def _page(
    request: Request, case_id: str, values: dict[str, Any], *, error: str | None = None, status: int = 200
) -> Response:
    site = site_of(request)
    case = site.case(case_id)
    agents = [row for row in values.get("agents", []) if any(row)]
    rows = agents + [("", "")] * max(SPARE_ROWS, 1 if not agents else 0)
    duties = [d for d in case.obligations if d.id in DUTIES]
    return render(
        request,
        "encounter.html",
        {
            **plain(request),
            "case": case,
            "values": values,
            "agent_rows": rows[:MAX_AGENTS],
            "required": REQUIRED,
            "duties": duties,
            "error": error,
            "supported": SUPPORTED,
            "limit_mb": upload_limit() // 1_000_000,
        },
        status,
    )


@router.get("/cases/{case_id}/encounter")
async def encounter_page(
    request: Request, case_id: str, _session: Annotated[Session, Depends(require(*STAFF))]
) -> Response:
    site = site_of(request)
    encounter = await blocking(request, site.encounter, case_id)
    return _page(request, case_id, _values(encounter, site.city.zone))


@router.post("/cases/{case_id}/encounter")
async def encounter_save(
    request: Request, case_id: str, session: Annotated[Session, Depends(require(*STAFF))]
) -> Response:
    form = await read_form(request)
    site = site_of(request)
    try:
        fields = {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}
        encounter = encounter_from_form(fields, site.city.zone, by=session.user.name)
        uploads = [u for u in form.getlist("photo") if isinstance(u, UploadFile) and u.filename]
        if len(uploads) > MAX_PHOTOS:
            raise InputError(
                "field 'photo': at most {most} photos at once; send the rest with the form again.", most=MAX_PHOTOS
            )
        photos = []
        for upload in uploads:
            content = await upload.read()
            reading = await read_paper(request, upload.filename or "", content, pack=site.case(case_id).pack)
            photos.append(NewDocument(content=content, filename=upload.filename or "paper", reading=reading))
        await blocking(request, site.record_encounter, case_id, encounter, photos=photos)
    except InputError as exc:
        # The form comes back as it was sent (except the photos, which browsers never refill).
        return _page(request, case_id, _form_values(form), error=error_words(request, exc), status=422)
    return RedirectResponse(f"/cases/{case_id}#encounter", status_code=303)


@api_router.post("/api/cases/{case_id}/encounter", summary="Write down the encounter on a case")
async def api_encounter(
    request: Request,
    case_id: str,
    session: Annotated[Session, Depends(require(*STAFF))],
    body: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "desk": {
                    "value": {
                        "agents": [{"name": "J. Smith", "badge": "4471"}],
                        "identification_shown": True,
                        "agency": "ICE ERO",
                        "vehicle": "Grey SUV, plate 8ABC123",
                        "occurred_at": "2026-12-07T09:40",
                        "asked_for": "The file of a client",
                        "papers": "Form I-200, signed by an officer",
                        "response": "Refused; gave them counsel's number",
                        "witnesses": ["A. Perez"],
                    }
                }
            }
        ),
    ],
) -> dict[str, Any]:
    """The record as the form's (a time without a zone is in the city's time zone); it replaces the case's
    earlier record. The documentation duties it fulfils are done. Photos are attached with the form."""
    site = site_of(request)
    encounter = parse_encounter(body, site.city.zone, by=session.user.name)
    receipt = await blocking(request, site.record_encounter, case_id, encounter)
    saved = await blocking(request, site.encounter, receipt.case_id) or encounter  # with the photos kept
    return {
        "case_id": receipt.case_id,
        "complete": saved.complete,
        "missing": saved.missing(),
        "entries": [{"index": entry.index, "kind": entry.kind} for entry in receipt.entries],
    }

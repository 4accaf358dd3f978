"""Cases: "A request arrived" (written intake), the case page, counsel's queue, duties and notices.

Everything goes through the records store's own methods (via the site), so every change is a
ledger entry: case_opened, document_attached, decision_made, decided_by_counsel, obligation_done.
Counsel answers a data request item by item; a refused request gets a printable reply letter.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from sanctuary.model import InputError, Outcome
from sanctuary.model.labels import day_text, in_sentence, label
from sanctuary.services import DEFAULT_PACK
from sanctuary.services.counsel import final_decision
from sanctuary.services.encounters import DUTIES as ENCOUNTER_DUTIES
from sanctuary.services.letters import Letter, letter_pdf, owes_letter, reply_letter
from sanctuary.services.site import ITEM_OUTCOMES, LANGUAGES, SUPPORTED, CaseView, Session, upload_limit

from .pages import CHOICES, DATA, FLAGS, FORM_VOCABULARY, request_from_form
from .plain import decision_of, plain
from .rendering import document_words, error_words, render
from .security import read_form, require, site_of
from .work import blocking, read_paper

router = APIRouter(include_in_schema=False)

#: Who takes in written requests and sees case files.
STAFF = ("front_desk", "counsel", "admin")
#: Who works the counsel queue and records counsel's decisions.
COUNSEL = ("counsel", "admin")
#: How a written request came in.
CHANNELS = ("email", "letter", "fax", "data_request")
#: The duties that are a paper for the person, and their printable notice.
NOTICES = {"notify_subject": "truth_notice", "consent_form": "consent"}
#: The outcomes counsel may record.
COUNSEL_OUTCOMES = tuple(o.value for o in Outcome if o is not Outcome.REFER)
#: The largest document number the database holds (a 32-bit integer column).
MAX_DOCUMENT_ID = 2**31 - 1


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _intake_context(request: Request, values: dict[str, Any]) -> dict[str, Any]:
    return {
        **plain(request),
        "vocabulary": FORM_VOCABULARY,
        "choices": CHOICES,
        "data_choices": DATA,
        "flags": list(FLAGS),
        "channels": CHANNELS,
        "values": values,
        "supported": SUPPORTED,
        "limit_mb": upload_limit() // 1_000_000,
    }


def received_on(raw: str, today: dt.date) -> dt.date:
    if not raw:
        return today
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError("field 'received': {raw!r} is not a calendar date; write it as YYYY-MM-DD.", raw=raw) from None
    if day > today:
        raise InputError("field 'received': the request cannot have arrived after today.")
    return day


def _today(request: Request) -> dt.date:
    """Today in the city's time zone: a request that came in at 11 p.m. came in today, not tomorrow (UTC)."""
    return dt.datetime.now(site_of(request).city.zone).date()


@router.get("/intake")
async def intake_page(request: Request, _session: Annotated[Session, Depends(require(*STAFF))]) -> Response:
    return render(request, "intake.html", _intake_context(request, {"received": _today(request).isoformat()}))


@router.post("/intake")
async def intake(request: Request, session: Annotated[Session, Depends(require(*STAFF))]) -> Response:
    form = await read_form(request)
    values: dict[str, Any] = {key: _text(form, key) for key in form if key not in {"data", "paper"}}
    values["data"] = [v for v in form.getlist("data") if isinstance(v, str)]
    site = site_of(request)
    try:
        channel = _text(form, "channel")
        if channel not in CHANNELS:
            raise InputError(
                "field 'channel': choose how the request came in ({allowed}).", allowed=", ".join(CHANNELS)
            )
        received = received_on(_text(form, "received"), _today(request))
        upload = form.get("paper")
        paper = reading = None
        if isinstance(upload, UploadFile) and upload.filename:
            paper = (upload.filename, await upload.read())
            reading = await read_paper(request, *paper)  # refused here, before anything is saved
        receipt, _decision = await blocking(
            request,
            site.record_case,
            request_from_form(form),
            on=received,
            paper=paper,
            reading=reading,
            department=_text(form, "department") or None,
            opened_by=session.user.name,
        )
    except InputError as exc:
        # The form comes back as it was sent: nothing entered is lost (except the file, which browsers never refill).
        context = {**_intake_context(request, values), "error": error_words(request, exc)}
        return render(request, "intake.html", context, 422)
    how = in_sentence(label("channel", channel))
    site.add_note(receipt.case_id, f"Written request received ({how}) on {day_text(received)}.")
    return RedirectResponse(f"/cases/{receipt.case_id}", status_code=303)


@router.get("/cases/{case_id}")
async def case_page(request: Request, case_id: str, session: Annotated[Session, Depends(require(*STAFF))]) -> Response:
    return _case(request, case_id, session)


def _case(
    request: Request,
    case_id: str,
    session: Session,
    *,
    error: str | None = None,
    status: int = 200,
    values: dict[str, Any] | None = None,
) -> Response:
    site = site_of(request)
    case = site.case(case_id, reveal=session.user.role in COUNSEL)
    duties = [(duty, NOTICES.get(duty.id)) for duty in case.obligations]
    final = final_decision(case, case.decision)
    rules = decision_of(case.decision)
    context = {
        **plain(request),
        "final": final,
        "rules": rules,
        "case": case,
        "duties": duties,
        "may_decide": session.user.role in COUNSEL and case.status == "referred",
        "outcomes": COUNSEL_OUTCOMES,
        "item_outcomes": ITEM_OUTCOMES,
        "asked": [str(item) for item in case.request.get("data") or []],
        "values": values or {},
        "saved": _saved(case) if request.query_params.get("saved") == "counsel" else None,
        "letter": owes_letter(final),
        "languages": LANGUAGES,
        "error": error,
        "default_pack": DEFAULT_PACK,
        "encounter": site.encounter(case.id),
        "encounter_duties": ENCOUNTER_DUTIES,
    }
    return render(request, "case.html", context, status)


def _saved(case: CaseView) -> dict[str, Any] | None:
    """What counsel's last answer saved, for the confirmation at the top of the case page."""
    answered = [e for e in case.timeline if e.kind == "decided_by_counsel"]
    if not case.counsel_outcome or not answered:
        return None
    last = answered[-1]
    closed = [
        str(e.payload.get("obligation"))
        for e in case.timeline
        if e.kind == "obligation_done" and e.index > last.index and e.at == last.at
    ]
    scope = case.counsel_scope or {}
    ordered = {item: scope[item] for item in case.request.get("data") or [] if item in scope}
    return {"entry": last.index, "outcome": case.counsel_outcome, "scope": ordered, "closed": closed}


@router.get("/cases/{case_id}/documents/{document_id}")
async def case_document(
    request: Request,
    case_id: str,
    document_id: Annotated[int, Path(ge=1, le=MAX_DOCUMENT_ID)],
    _session: Annotated[Session, Depends(require(*COUNSEL))],
) -> Response:
    name, content = await blocking(request, site_of(request).document, case_id, document_id)  # up to 20 MB
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.post("/cases/{case_id}/decide")
async def counsel_decides(
    request: Request, case_id: str, session: Annotated[Session, Depends(require(*COUNSEL))]
) -> Response:
    """Counsel's answer: item by item for a data request (comply or refuse, each with a note if wanted), else one."""
    form = await read_form(request)
    site = site_of(request)
    case = site.case(case_id)
    asked = [str(item) for item in case.request.get("data") or []]
    values: dict[str, Any] = {key: _text(form, key) for key in form}
    # Fields are numbered in the order the items were asked for (the page shows no codes).
    scope = {item: _text(form, f"item.{n}") for n, item in enumerate(asked)}
    notes = {item: _text(form, f"note.{n}") for n, item in enumerate(asked)}
    outcome = _text(form, "outcome")
    reason = _text(form, "reason")
    if asked and not all(answer in ITEM_OUTCOMES for answer in scope.values()):
        return _case(request, case.id, session, error="Answer every item asked for.", status=422, values=values)
    if not asked and outcome not in COUNSEL_OUTCOMES:
        return _case(request, case.id, session, error="Choose counsel's decision.", status=422, values=values)
    if not reason:
        return _case(request, case.id, session, error="Write the reason for the decision.", status=422, values=values)
    try:
        await blocking(
            request,
            site.decide_by_counsel,
            case.id,
            None if asked else outcome,
            counsel=session.user.name,
            reason=reason,
            scope=scope if asked else None,
            item_notes=notes,
        )
    except InputError as exc:
        return _case(request, case.id, session, error=error_words(request, exc), status=422, values=values)
    return RedirectResponse(f"/cases/{case.id}?saved=counsel#saved", status_code=303)


@router.post("/cases/{case_id}/duties/{obligation_id}")
async def duty_done(
    request: Request, case_id: str, obligation_id: str, _session: Annotated[Session, Depends(require(*STAFF))]
) -> Response:
    site_of(request).complete_duty(case_id, obligation_id)
    return RedirectResponse(f"/cases/{case_id}#duties", status_code=303)


@router.get("/cases/{case_id}/notice/{kind}")
async def notice(
    request: Request, case_id: str, kind: str, _session: Annotated[Session, Depends(require(*STAFF))]
) -> Response:
    if kind not in NOTICES.values():
        raise InputError(
            "There is no notice {kind!r}; notices: {notices}.", kind=kind, notices=", ".join(NOTICES.values())
        )
    language = request.query_params.get("lang", "en")
    if language not in LANGUAGES:
        raise InputError(
            "The language {language!r} is not offered; use one of: {allowed}.",
            language=language,
            allowed=", ".join(LANGUAGES),
        )
    case = site_of(request).case(case_id)
    # The notice is in the person's language; the page around it stays in the staff member's own.
    context = {**plain(request), "case": case, "today": _today(request), **document_words(request, language)}
    return render(request, f"notice_{kind}.html", context)


def _letter(request: Request, case_id: str) -> Letter:
    language = request.query_params.get("lang", "en")
    if language not in LANGUAGES:
        raise InputError(
            "The language {language!r} is not offered; use one of: {allowed}.",
            language=language,
            allowed=", ".join(LANGUAGES),
        )
    site = site_of(request)
    case = site.case(case_id)
    return reply_letter(
        case,
        final_decision(case, case.decision),
        site.city,
        language,
        today=_today(request),
        number=site.case_number(case),
    )


@router.get("/cases/{case_id}/letter")
async def letter_page(
    request: Request, case_id: str, _session: Annotated[Session, Depends(require(*STAFF))]
) -> Response:
    """The reply to a refused request, in the language asked for (``?lang=es``), ready to print."""
    letter = await blocking(request, _letter, request, case_id)
    # The letter is in the recipient's language; the page around it stays in the staff member's own.
    case = site_of(request).case(case_id)
    context = {**plain(request), "letter": letter, "case": case, **document_words(request, letter.lang)}
    return render(request, "letter.html", context)


@router.get("/cases/{case_id}/letter.pdf")
async def letter_download(
    request: Request, case_id: str, _session: Annotated[Session, Depends(require(*STAFF))]
) -> Response:
    letter = await blocking(request, _letter, request, case_id)
    content = await blocking(request, letter_pdf, letter)
    name = f"reply-{letter.case_number}-{letter.lang}.pdf"
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.get("/queue")
async def queue(request: Request, _session: Annotated[Session, Depends(require(*COUNSEL))]) -> Response:
    return render(request, "queue.html", {**plain(request), "cases": site_of(request).counsel_queue()})

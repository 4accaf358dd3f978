"""A paper being read: the page that says how far the reading got, and the status it polls.

Reading a photo takes seconds. The pages that take a paper (the interview, "Read a paper") start
the reading in the background (:func:`.work.start_reading`) and, when it does not end at once,
answer with this page: a status region (``aria-live``) that ``/static/reading.js`` updates from
``GET /papers/{id}/progress`` and a form that goes on when the paper is read — by itself with the
script, with its Continue button without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from sanctuary.services.site import ReadingStatus, Session

from .i18n import translator
from .rendering import render
from .security import require
from .work import reading_status

router = APIRouter(include_in_schema=False)

#: Who may read papers, and so follow a reading of their own.
READERS = ("front_desk", "counsel", "admin")


def language_of(request: Request) -> str:
    session: Session = request.state.session
    return session.user.language


def owner_of(request: Request) -> str:
    """The account a reading belongs to: only it can follow or reuse the reading."""
    session: Session = request.state.session
    return session.user.name


def progress_text(request: Request, status: ReadingStatus) -> str:
    """ "Reading page 2 of 3…" when the reader says how far it got, else "Reading the paper…"."""
    _ = translator(request.app.state.catalogs, language_of(request))
    if status.status == "done":
        return _("The paper is read.")
    if status.status == "failed":
        return _("The paper could not be read.")
    if status.pages_total:
        done = min((status.pages_done or 0) + 1, status.pages_total)
        return f"{_('Reading page')} {done} {_('of')} {status.pages_total}…"
    return _("Reading the paper…")


def waiting_page(
    request: Request, status: ReadingStatus, *, action: str, hidden: Sequence[tuple[str, str]], kicker: str
) -> Response:
    """The paper is still being read (202): the status, and a form posting ``hidden`` to ``action``."""
    return render(
        request,
        "reading_progress.html",
        {
            "action": action,
            "hidden": hidden,
            "kicker": kicker,
            "progress": progress_text(request, status),
            "status_url": f"/papers/{status.id}/progress",
        },
        202,
    )


@router.get("/papers/{reading_id}/progress")
async def reading_progress(
    request: Request, reading_id: str, _session: Annotated[Session, Depends(require(*READERS))]
) -> Response:
    """How far the reading of one of your papers got: ``status`` (reading, done, failed), pages, a sentence."""
    status = await reading_status(request, reading_id, owner_of(request))
    if status is None:
        return JSONResponse({"error": "There is no such reading of yours; upload the paper again.", "status": 404}, 404)
    return JSONResponse(
        {
            "status": status.status,
            "pages_done": status.pages_done,
            "pages_total": status.pages_total,
            "text": progress_text(request, status),
        }
    )

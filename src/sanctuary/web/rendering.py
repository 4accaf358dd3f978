"""Pages and errors as people and API clients receive them.

Every router renders through here, and the app's error handlers too; keeping it apart from the app
lets the routers be imported by the app without importing it back.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from sanctuary.model import InputError

from .i18n import choose_language, translator
from .security import CSRF_FIELD, current_session

NOTICE = "Not legal advice. A jurisdiction's counsel must review its pack before use."

log = logging.getLogger(__name__)


class BodyTooLarge(StarletteHTTPException):
    """A body that grew past its route's limit while it was being read."""


def wants_json(request: Request) -> bool:
    return (
        request.url.path.startswith(("/api/", "/openapi"))
        or "application/json" in request.headers.get("accept", "").split(",")[0]
    )


def document_words(request: Request, language: str) -> dict[str, Any]:
    """What a template needs for a document in another language than its reader's (a notice, a letter):
    ``doc_lang`` and ``D_``, the document's own ``_``; the menus around it keep the reader's."""
    return {"doc_lang": language, "D_": translator(request.app.state.catalogs, language)}


def _session_of(request: Request) -> Any:
    return current_session(request) if hasattr(request.state, "session") or request.cookies else None


def page_language(request: Request, session: Any = None) -> str:
    """The language of the page being answered: the user's own, else the address's ``?lang=`` or the browser's."""
    session = session if session is not None else _session_of(request)
    return choose_language(
        session.user.language if session else request.query_params.get("lang"),
        request.headers.get("accept-language"),
    )


def error_words(request: Request, error: InputError) -> str:
    """A refused input's message in the language of the page that shows it."""
    return error.in_language(page_language(request))


def render(request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    """A page in the user's language, with the session's CSRF token ready for its forms."""
    session = _session_of(request)
    language = page_language(request, session)
    values: dict[str, Any] = {
        "request": request,
        "session": session,
        "user": session.user if session else None,
        "csrf_field": CSRF_FIELD,
        "csrf_token": session.csrf_token if session else "",
        "lang": language,
        "_": translator(request.app.state.catalogs, language),
        "notice": NOTICE,
    }
    values.update(context or {})
    html = request.app.state.templates.get_template(template).render(values)
    return HTMLResponse(html, status_code=status)


def error_response(request: Request, status: int, message: str, *, field: str | None = None) -> Response:
    """The same error as JSON for the API or as a page for people; never a stack trace."""
    if wants_json(request):
        body: dict[str, Any] = {"error": message, "status": status}
        if field is not None:
            body["field"] = field
        response: Response = JSONResponse(body, status_code=status)
    else:
        try:
            response = render(request, "error.html", {"status": status, "message": message}, status)
        except Exception:  # the error page itself must not fail into a traceback
            log.exception("the error page failed to render")
            response = HTMLResponse(f"<!doctype html><title>Error {status}</title><p>Error {status}.</p>", status)
    return response

"""Accounts, for admins: list them, create one, disable one (which ends its sessions)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from sanctuary.model import InputError
from sanctuary.services.site import LANGUAGES, ROLES, Session

from .app import render
from .security import require, site_of

router = APIRouter(include_in_schema=False)

ADMIN = ("admin",)


def _page(request: Request, values: dict[str, Any], *, error: str | None = None, status: int = 200) -> Response:
    context = {
        "accounts": site_of(request).list_accounts(),
        "roles": ROLES,
        "languages": LANGUAGES,
        "values": values,
        "error": error,
        "done": request.query_params.get("done", ""),
    }
    return render(request, "admin_users.html", context, status)


@router.get("/admin/users")
async def users_page(request: Request, _session: Annotated[Session, Depends(require(*ADMIN))]) -> Response:
    return _page(request, {"role": "front_desk", "language": "en"})


@router.post("/admin/users")
async def add_user(request: Request, _session: Annotated[Session, Depends(require(*ADMIN))]) -> Response:
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("name", "role", "language")}
    password = form.get("password")
    try:
        site_of(request).add_account(
            values["name"],
            values["role"],
            password if isinstance(password, str) else "",
            language=values["language"] or "en",
        )
    except InputError as exc:
        # The form comes back filled in, except the password, which is never sent back.
        return _page(request, values, error=str(exc), status=422)
    return RedirectResponse("/admin/users?done=added", status_code=303)


@router.post("/admin/users/{name:path}/disable")
async def disable_user(request: Request, name: str, session: Annotated[Session, Depends(require(*ADMIN))]) -> Response:
    try:
        site_of(request).disable_account(name, by=session.user.name)
    except InputError as exc:
        return _page(request, {"role": "front_desk", "language": "en"}, error=str(exc), status=422)
    return RedirectResponse("/admin/users?done=disabled", status_code=303)

"""Accounts, for admins: list them, create one, disable one (after a confirmation page; its sessions end),
enable it again, change its role, reset its password (shown once; its owner must choose a new one).

Every change is an ``account_changed`` ledger entry naming the accounts only by pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from sanctuary.model import InputError, NotFound
from sanctuary.model.labels import help_text, label
from sanctuary.services.site import LANGUAGES, ROLES, Session, User

from .rendering import error_words, render
from .security import read_form, require, site_of
from .work import hashing

router = APIRouter(include_in_schema=False)

ADMIN = ("admin",)


def _page(request: Request, values: dict[str, Any], *, error: str | None = None, status: int = 200) -> Response:
    context = {
        "accounts": site_of(request).list_accounts(),
        "roles": ROLES,
        "languages": LANGUAGES,
        "label": label,
        "help_text": help_text,
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
    form = await read_form(request)
    values = {key: str(form.get(key, "")).strip() for key in ("name", "role", "language")}
    password = form.get("password")
    try:
        await hashing(
            request,
            site_of(request).add_account,
            values["name"],
            values["role"],
            password if isinstance(password, str) else "",
            language=values["language"] or "en",
            by=_session.user.name,
        )
    except InputError as exc:
        # The form comes back filled in, except the password, which is never sent back.
        return _page(request, values, error=error_words(request, exc), status=422)
    return RedirectResponse("/admin/users?done=added", status_code=303)


def _account_named(request: Request, name: str) -> tuple[User, bool]:
    found = next(((u, d) for u, d in site_of(request).list_accounts() if u.name == name), None)
    if found is None:
        raise NotFound("There is no account named {name!r}.", name=name)
    return found


@router.get("/admin/users/{name:path}/disable")
async def confirm_disable(
    request: Request, name: str, session: Annotated[Session, Depends(require(*ADMIN))]
) -> Response:
    """Disabling is asked twice: this page says what it does, and its button does it."""
    account, disabled = _account_named(request, name)
    context = {"account": account, "disabled": disabled, "label": label, "own": account.name == session.user.name}
    return render(request, "admin_disable.html", context)


@router.post("/admin/users/{name:path}/disable")
async def disable_user(request: Request, name: str, session: Annotated[Session, Depends(require(*ADMIN))]) -> Response:
    return _change(request, "disabled", lambda: site_of(request).disable_account(name, by=session.user.name))


@router.post("/admin/users/{name:path}/enable")
async def enable_user(request: Request, name: str, session: Annotated[Session, Depends(require(*ADMIN))]) -> Response:
    return _change(request, "enabled", lambda: site_of(request).enable_account(name, by=session.user.name))


@router.post("/admin/users/{name:path}/role")
async def change_role(request: Request, name: str, session: Annotated[Session, Depends(require(*ADMIN))]) -> Response:
    form = await read_form(request)
    role = str(form.get("role", "")).strip()
    return _change(request, "role", lambda: site_of(request).set_role(name, role, by=session.user.name))


@router.post("/admin/users/{name:path}/reset")
async def reset_password(
    request: Request, name: str, session: Annotated[Session, Depends(require(*ADMIN))]
) -> Response:
    """A one-time password, shown on this page only (never stored, never in a link)."""
    try:
        password = await hashing(request, site_of(request).reset_password, name, by=session.user.name)
    except InputError as exc:
        return _page(request, {"role": "front_desk", "language": "en"}, error=error_words(request, exc), status=422)
    return render(request, "admin_reset.html", {"account_name": name, "password": password})


def _change(request: Request, done: str, action: Callable[[], None]) -> Response:
    try:
        action()
    except InputError as exc:
        return _page(request, {"role": "front_desk", "language": "en"}, error=error_words(request, exc), status=422)
    return RedirectResponse(f"/admin/users?done={done}", status_code=303)


# --- the same actions as JSON ----------------------------------------------------------------------

api_router = APIRouter(tags=["accounts"])


class NewAccount(BaseModel):
    """A staff account to create; the password is never sent back."""

    name: str = Field(description="One word, 1 to 100 characters.")
    role: str = Field(description=f"One of: {', '.join(ROLES)}.")
    password: str = Field(description="At least 12 characters, not a common password, not the name.")
    language: str = Field("en", description=f"The account's language: {', '.join(LANGUAGES)}.")


def _account(user: User, disabled: bool) -> dict[str, Any]:
    return {"name": user.name, "role": user.role, "language": user.language, "disabled": disabled}


@api_router.get("/api/users", summary="Every account, disabled ones too")
async def api_users(request: Request, _session: Annotated[Session, Depends(require(*ADMIN))]) -> list[dict[str, Any]]:
    return [_account(user, disabled) for user, disabled in site_of(request).list_accounts()]


@api_router.post("/api/users", status_code=201, summary="Create an account")
async def api_add_user(
    request: Request, _session: Annotated[Session, Depends(require(*ADMIN))], body: NewAccount
) -> dict[str, Any]:
    user = await hashing(
        request,
        site_of(request).add_account,
        body.name.strip(),
        body.role,
        body.password,
        language=body.language,
        by=_session.user.name,
    )
    return _account(user, False)


@api_router.post("/api/users/{name}/disable", summary="Disable an account and end its sessions")
async def api_disable_user(
    request: Request, name: str, session: Annotated[Session, Depends(require(*ADMIN))]
) -> dict[str, Any]:
    site = site_of(request)
    user = next((user for user, _disabled in site.list_accounts() if user.name == name), None)
    if user is None:
        raise NotFound("There is no account named {name!r}.", name=name)
    site.disable_account(name, by=session.user.name)  # an account already disabled is refused here
    return _account(user, True)

"""Accounts, for admins: list them, create one, disable one (which ends its sessions)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from sanctuary.model import InputError, NotFound
from sanctuary.services.site import LANGUAGES, ROLES, Session, User

from .rendering import render
from .security import read_form, require, site_of
from .work import hashing

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
        request, site_of(request).add_account, body.name.strip(), body.role, body.password, language=body.language
    )
    return _account(user, False)


@api_router.post("/api/users/{name}/disable", summary="Disable an account and end its sessions")
async def api_disable_user(
    request: Request, name: str, session: Annotated[Session, Depends(require(*ADMIN))]
) -> dict[str, Any]:
    site = site_of(request)
    user = next((user for user, _disabled in site.list_accounts() if user.name == name), None)
    if user is None:
        raise NotFound(f"There is no account named {name!r}.")
    site.disable_account(name, by=session.user.name)  # an account already disabled is refused here
    return _account(user, True)

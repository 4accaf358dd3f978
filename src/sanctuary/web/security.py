"""Who is asking and may they: sessions, roles, CSRF tokens, security headers.

Deny by default: every route names the roles it serves through :func:`require`; a route without it
is only reachable when it is on the short public list (login, static files). Forms carry the
session's CSRF token in a hidden field; the JSON API sends it in the ``X-CSRF-Token`` header. The
login form, before there is a session, carries a signed token bound to a cookie (double submit).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData, MutableHeaders
from starlette.responses import Response

from sanctuary.services.site import Session, Site, upload_limit

SESSION_COOKIE = "sanctuary_session"
LOGIN_COOKIE = "sanctuary_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_TOKEN_SECONDS = 3600

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class AuthError(Exception):
    """Not logged in (401) or not allowed (403); the handler answers with a page or JSON."""

    def __init__(self, status: int, message: str, *, redirect: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        #: Where a person's browser is sent instead (a GET page); API clients get the error.
        self.redirect = redirect


#: Where an account whose password an admin reset must go first, and what else it may do meanwhile.
CHANGE_PASSWORD_AT = "/account/password"  # noqa: S105 - a page, not a password
WHILE_MUST_CHANGE = frozenset({CHANGE_PASSWORD_AT, "/logout", "/language", "/api/session"})


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def current_session(request: Request) -> Session | None:
    """The request's live session, looked up once per request."""
    if hasattr(request.state, "session"):
        cached: Session | None = request.state.session
        return cached
    token = request.cookies.get(SESSION_COOKIE)
    session = site_of(request).accounts.session(token) if token else None
    request.state.session = session
    return session


def require(*roles: str) -> Callable[[Request], Awaitable[Session]]:
    """A dependency admitting a logged-in user of one of ``roles``; POSTs must also carry the CSRF token."""
    allowed = frozenset(roles)

    async def dependency(request: Request) -> Session:
        session = current_session(request)
        if session is None:
            raise AuthError(401, "Please log in: your session is missing or has expired.")
        if session.user.role not in allowed:
            raise AuthError(403, f"The role {session.user.role} may not use this page.")
        if session.user.must_change and request.url.path not in WHILE_MUST_CHANGE:
            raise AuthError(
                403,
                "An administrator reset your password: choose your own on the Password page first.",
                redirect=f"{CHANGE_PASSWORD_AT}?must=1",
            )
        if request.method not in {"GET", "HEAD", "OPTIONS"}:
            await check_csrf(request, session)
        return session

    return dependency


async def check_csrf(request: Request, session: Session) -> None:
    """The session's token, from the header (API) or the form's hidden field, or a 403."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        form = await read_form(request)
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent:
        raise AuthError(403, "The security token (CSRF) is missing: reload the page and submit the form again.")
    if not hmac.compare_digest(sent.encode("utf-8"), session.csrf_token.encode("utf-8")):
        raise AuthError(403, "The security token (CSRF) is not valid: reload the page and submit the form again.")


async def read_form(request: Request) -> FormData:
    """The request's form (parsed once, then kept on the request).

    A text field may be as large as a paper in base64 (the interview carries its paper in a hidden
    field from step to step); the body itself is bounded by the security middleware, per route.
    """
    return await request.form(max_part_size=upload_limit() * 4 // 3 + 4096)


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def login_serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(site_of(request).signing_secret(), salt="sanctuary-login")


def new_login_token(request: Request) -> tuple[str, str]:
    """(cookie value, form value) for the login form: the form carries the cookie's nonce, signed."""
    nonce = secrets.token_urlsafe(24)
    return nonce, str(login_serializer(request).dumps(nonce))


def login_token_ok(request: Request, sent: str | None) -> bool:
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not nonce or not sent:
        return False
    try:
        signed: Any = login_serializer(request).loads(sent, max_age=LOGIN_TOKEN_SECONDS)
    except BadSignature:
        return False
    return isinstance(signed, str) and hmac.compare_digest(signed.encode(), nonce.encode())


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    """Secure (unless the app was told it is plain-HTTP development), HttpOnly, SameSite=Lax."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        secure=request.app.state.settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def security_headers(request: Request, response: Response) -> None:
    """Headers every response carries; HSTS only over HTTPS, where it means something."""
    add_security_headers(response.headers, https=request.url.scheme == "https", path=request.url.path)


def add_security_headers(headers: MutableHeaders, *, https: bool, path: str, csp: str = CSP) -> None:
    """The security headers, onto a response's headers (a page's own CSP is kept)."""
    headers.setdefault("Content-Security-Policy", csp)
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if https:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if path != "/static/style.css":
        headers.setdefault("Cache-Control", "no-store")

"""The app factory: settings, templates, catalogs, error pages and the security middleware."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from sanctuary.model import InputError, Message, NotFound, problem
from sanctuary.services.auditing import Audits, audit_upload_limit
from sanctuary.services.site import Limits, ReadLimits, Settings, Site, upload_limit

from .admin import api_router as admin_api_router
from .admin import router as admin_router
from .api import SWAGGER_STATIC
from .api import router as api_router
from .audits import router as audits_router
from .case_list import router as case_list_router
from .cases import router as cases_router
from .cases_api import router as cases_api_router
from .encounter import api_router as encounter_api_router
from .encounter import router as encounter_router
from .i18n import load_catalogs
from .interview import router as interview_router
from .pages import router as pages_router
from .pages import session_ended_on_post
from .reading import router as reading_router
from .rendering import NOTICE, BodyTooLarge, error_response, error_words, page_language, wants_json
from .reports import api_router as reports_api_router
from .reports import router as reports_router
from .security import AuthError, add_security_headers, security_headers
from .work import ANSWER_WITHIN_SECONDS, Pools

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
#: Room for the form fields around an uploaded paper.
FORM_OVERHEAD = 64 * 1024
#: The routes that take a paper: their bodies may be as large as a paper and its form.
UPLOAD_PATHS = frozenset({"/read", "/api/read", "/interview", "/interview/save", "/intake"})
#: The route that takes an access log to audit: its body may be as large as the log limit.
AUDIT_PATHS = frozenset({"/audits"})
#: Every other body (forms, JSON, the login form) is at most this large.
BODY_LIMIT = 1024 * 1024

ProxyNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class WebSettings:
    """How the web app runs: the records store, cookie security, demo data and session limits."""

    records: Settings
    demo: bool = False
    #: False only for plain-HTTP development on a non-localhost name; browsers drop Secure cookies there.
    secure_cookies: bool = True
    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], Any] | None = None
    #: Addresses or networks of the reverse proxies whose X-Forwarded-For and -Proto are believed;
    #: from anyone else those headers are ignored (anyone can send them).
    trusted_proxies: tuple[str, ...] = ()
    #: What reading one uploaded paper may take (time, pages, memory).
    read_limits: ReadLimits = field(default_factory=ReadLimits.from_env)
    #: Where uploaded access logs' audits are kept for a while (default: SANCTUARY_AUDIT_DIR or a private temp folder).
    audit_dir: Path | None = None
    #: How long a page that took a paper waits for its reading before it shows the reading's progress.
    answer_within: float = ANSWER_WITHIN_SECONDS


def body_limit(path: str) -> int:
    """The largest body a route accepts, in bytes."""
    if path in AUDIT_PATHS:
        return audit_upload_limit() + FORM_OVERHEAD
    takes_paper = path in UPLOAD_PATHS or (path.startswith("/cases/") and path.endswith("/encounter"))
    return upload_limit() + FORM_OVERHEAD if takes_paper else BODY_LIMIT


def proxy_networks(proxies: Sequence[str]) -> tuple[ProxyNetwork, ...]:
    """The trusted proxies as networks; InputError naming an entry that is not an address or network."""
    networks = []
    for entry in proxies:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise InputError(
                "The trusted proxy {entry!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24).",
                entry=entry,
            ) from None
    return tuple(networks)


def create_app(settings: WebSettings) -> FastAPI:
    """A ready app on an open store (closed at shutdown); demo accounts and cases only in demo mode."""
    proxies = proxy_networks(settings.trusted_proxies)
    site = Site.open(settings.records, limits=settings.limits, clock=settings.clock)
    demo_accounts = site.seed_demo() if settings.demo else []
    audits = Audits(settings.audit_dir)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            audits.close()
            for task in list(app.state.pools.tasks):
                task.cancel()
            site.close()

    app = FastAPI(
        title="Sanctuary",
        summary=NOTICE,
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.site = site
    app.state.settings = settings
    app.state.demo_accounts = demo_accounts
    app.state.audits = audits
    app.state.pools = Pools(settings.read_limits, settings.answer_within)
    app.state.catalogs = load_catalogs()
    app.state.templates = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app.mount(SWAGGER_STATIC, StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # The API first: routes are matched in order, and API calls are the ones that come in volume.
    app.include_router(api_router)
    app.include_router(cases_api_router)
    app.include_router(encounter_api_router)
    app.include_router(admin_api_router)
    app.include_router(reports_api_router)
    app.include_router(pages_router)
    app.include_router(interview_router)
    app.include_router(reading_router)
    app.include_router(case_list_router)
    app.include_router(cases_router)
    app.include_router(encounter_router)
    app.include_router(admin_router)
    app.include_router(reports_router)
    app.include_router(audits_router)
    _install_handlers(app)
    app.add_middleware(SecurityMiddleware, proxies=proxies)
    return app


class SecurityMiddleware:
    """Security headers on every response, the client as trusted proxies name it, and bounded bodies.

    A body is counted as it streams in (chunked or not, logged in or not) and reading it stops
    with a 413 at the route's limit: a Content-Length over the limit is refused before anything is
    read, and a body without one (chunked) is cut off when it passes the limit, so nothing larger
    is ever parsed or spooled to disk. A plain ASGI middleware: Starlette's
    ``@app.middleware("http")`` runs each request through extra tasks and streams, which cost more
    than the decision itself.
    """

    def __init__(self, app: ASGIApp, proxies: tuple[ProxyNetwork, ...] = ()) -> None:
        self.app = app
        self.proxies = proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.proxies:
            scope = forwarded_scope(scope, self.proxies)
        https = scope.get("scheme") == "https"
        path: str = scope["path"]

        async def send_with_headers(message: ASGIMessage) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message), https=https, path=path)
            await send(message)

        if "\x00" in path or b"%00" in scope.get("query_string", b""):
            message = "The address holds a NUL character, which no page or parameter accepts."
            await error_response(Request(scope), 400, message)(scope, receive, send_with_headers)
            return
        limit = body_limit(path)
        if path in AUDIT_PATHS:
            too_large = f"The access log is too large: the limit is {audit_upload_limit() // 1_000_000} MB."
        elif path in UPLOAD_PATHS:
            too_large = f"The upload is too large: the limit is {upload_limit() // 1_000_000} MB per paper."
        else:
            too_large = f"The request is too large: the limit is {limit // 1024} KB for this address."
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await error_response(Request(scope), 413, too_large)(scope, receive, send_with_headers)
            return
        received = 0

        async def limited_receive() -> ASGIMessage:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(413, too_large)
            return message

        await self.app(scope, limited_receive, send_with_headers)


def forwarded_scope(scope: Scope, proxies: tuple[ProxyNetwork, ...]) -> Scope:
    """The scope with the client and scheme that a trusted proxy forwarded; unchanged from anyone else.

    X-Forwarded-For is read from the right: the first address that is not a trusted proxy is the
    client (addresses further left were written by the client itself and prove nothing).
    """
    client = scope.get("client")
    if not client or not _trusted(client[0], proxies):
        return scope
    headers = Headers(scope=scope)
    updated = dict(scope)
    chain = [part.strip() for part in ",".join(headers.getlist("x-forwarded-for")).split(",") if part.strip()]
    for address in reversed(chain):
        if not _trusted(address, proxies):
            updated["client"] = (address, 0)
            break
    else:
        if chain:
            updated["client"] = (chain[0], 0)
    proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
    if proto in {"http", "https"}:
        updated["scheme"] = proto
    return updated


def _trusted(address: str, proxies: tuple[ProxyNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> Response:
        if exc.status == 401 and request.method == "GET" and not wants_json(request):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        if exc.status == 401 and request.method == "POST" and not wants_json(request):
            return await session_ended_on_post(request)
        if exc.redirect and request.method == "GET" and not wants_json(request):
            return RedirectResponse(exc.redirect, status_code=303)
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        message = str(exc) if wants_json(request) else error_words(request, exc)
        return error_response(request, 404 if isinstance(exc, NotFound) else 422, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        # The API answers in pydantic's English; a page in its reader's language.
        language = "en" if wants_json(request) else page_language(request)
        problems = []
        first_field = None
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in {"body", "query", "form"})
            first_field = first_field or where or None
            if language == "en":
                problems.append(f"{where or 'input'}: {error.get('msg', 'invalid')}")
            else:
                found = {"field": where or Message("input"), "problem": problem(error)}
                problems.append(Message("{field}: {problem}", found).render(language))
        message = "; ".join(problems) or Message("The input is not valid.").render(language)
        return error_response(request, 422, message, field=first_field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {404: "There is no such page.", 405: "This page does not accept that method."}
        message = messages.get(exc.status_code) or str(exc.detail)
        return error_response(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Only the kind of error and the route: never the request's content, which may be personal.
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        response = error_response(
            request, 500, "Something went wrong on our side; nothing was saved. Please try again."
        )
        # Answered outside the security middleware (Starlette's outermost layer), so the headers are added here.
        security_headers(request, response)
        return response

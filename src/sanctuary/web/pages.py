"""The pages people use: login, home per role, try a request, read a paper, the ledger."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse
from starlette.background import BackgroundTask
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from sanctuary.model import (
    Action,
    Area,
    AssistKind,
    DataCategory,
    InputError,
    InstrumentType,
    Purpose,
    RequesterKind,
    Setting,
)
from sanctuary.services import DEFAULT_PACK, decide
from sanctuary.services.site import (
    LANGUAGES,
    MIN_PASSWORD,
    ROLES,
    SUPPORTED,
    LoginRefused,
    Session,
    upload_limit,
)

from .api import EVERYONE, READERS, parse_day
from .plain import plain
from .reading import language_of, owner_of, waiting_page
from .rendering import BodyTooLarge, error_response, error_words, render
from .security import (
    CSRF_FIELD,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    current_session,
    login_token_ok,
    new_login_token,
    read_form,
    require,
    set_cookie,
    site_of,
)
from .work import blocking, hashing, pools, reading_status, start_reading

router = APIRouter(include_in_schema=False)

#: The request form's choices, straight from the contract's vocabulary.
CHOICES: dict[str, list[str]] = {
    "action": [a.value for a in Action],
    "setting": [s.value for s in Setting],
    "area": [a.value for a in Area],
    "assist_kind": [a.value for a in AssistKind],
    "requester_kind": [k.value for k in RequesterKind],
    "purpose": [p.value for p in Purpose],
    "instrument_type": [t.value for t in InstrumentType],
}
DATA = [d.value for d in DataCategory]
#: The form's fields -> the label catalogue's vocabulary for their choices.
FORM_VOCABULARY: dict[str, str] = {
    "action": "action",
    "setting": "setting",
    "area": "area",
    "assist_kind": "assist_kind",
    "requester_kind": "requester_kind",
    "purpose": "purpose",
    "instrument_type": "instrument_type",
}
#: Yes/no facts on the form: form field -> (request section or None, field).
FLAGS: dict[str, tuple[str | None, str]] = {
    "signed_by_judge": ("instrument", "signed_by_judge"),
    "covers_request": ("instrument", "covers_request"),
    "federal": ("instrument", "federal"),
    "criminal": ("instrument", "criminal"),
    "acting_for_immigration": ("requester", "acting_for_immigration"),
    "exigent": (None, "exigent"),
    "in_custody": ("subject", "in_custody"),
    "is_student": ("subject", "is_student"),
    "is_minor": ("subject", "is_minor"),
    "is_patient": ("subject", "is_patient"),
    "consent": ("subject", "consent"),
}
#: What each role finds on its home page: (path, title), in the order shown.
HOME: dict[str, list[tuple[str, str]]] = {
    "front_desk": [
        ("/interview", "Someone is here"),
        ("/intake", "A request arrived"),
        ("/cases", "My cases"),
        ("/try", "Try a request"),
        ("/read", "Read a paper"),
        ("/law", "The law"),
    ],
    "counsel": [
        ("/queue", "Counsel queue"),
        ("/cases", "Cases"),
        ("/intake", "A request arrived"),
        ("/try", "Try a request"),
        ("/read", "Read a paper"),
        ("/law", "The law"),
        ("/ledger", "Ledger"),
    ],
    "auditor": [
        ("/reports", "Reports"),
        ("/cases", "Cases"),
        ("/ledger", "Ledger"),
        ("/law", "The law"),
        ("/try", "Try a request"),
    ],
    "admin": [
        ("/interview", "Someone is here"),
        ("/intake", "A request arrived"),
        ("/queue", "Counsel queue"),
        ("/cases", "Cases"),
        ("/try", "Try a request"),
        ("/read", "Read a paper"),
        ("/law", "The law"),
        ("/ledger", "Ledger"),
        ("/reports", "Reports"),
        ("/admin/users", "Accounts"),
        ("/docs", "API"),
    ],
}
assert set(HOME) == set(ROLES)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def request_from_form(form: FormData) -> dict[str, Any]:
    """The contract's request from the form's fields; empty fields are left out, not guessed."""
    request: dict[str, Any] = {}
    for name in ("action", "setting", "area", "assist_kind", "purpose"):
        if value := _text(form, name):
            request[name] = value
    if kind := _text(form, "requester_kind"):
        request.setdefault("requester", {})["kind"] = kind
    if agency := _text(form, "requester_agency"):
        request.setdefault("requester", {})["agency"] = agency
    if kind := _text(form, "instrument_type"):
        request.setdefault("instrument", {})["type"] = kind
    data = [value for value in form.getlist("data") if isinstance(value, str) and value]
    if data:
        request["data"] = data
    for name, (section, field) in FLAGS.items():
        value = _text(form, name)
        if value not in {"yes", "no"}:
            continue
        target = request if section is None else request.setdefault(section, {})
        target[field] = value == "yes"
    return request


@router.get("/login")
async def login_page(request: Request) -> Response:
    if current_session(request) is not None:
        return RedirectResponse("/", status_code=303)
    return _login_form(request)


#: Hidden login-form fields that carry a form sent after the session ended (``keep:<field>``).
KEEP_PREFIX = "keep:"
#: At most this many fields are carried through a new login.
MAX_KEPT_FIELDS = 500
#: At most this many characters in all are carried, so that the login form stays under its body
#: limit even if every character is sent percent-encoded (9 bytes); a larger field (the interview's
#: paper, in base64) is dropped and must be attached again.
MAX_KEPT_CHARS = 96 * 1024


def _login_form(
    request: Request,
    *,
    message: str | None = None,
    status: int = 200,
    name: str = "",
    kept: list[tuple[str, str]] | None = None,
    resend: str = "",
    lost_file: bool = False,
) -> Response:
    nonce, token = new_login_token(request)
    response = render(
        request,
        "login.html",
        {
            "login_token": token,
            "message": message,
            "name": name,
            "next": _safe_next(request.query_params.get("next")),
            "demo_accounts": request.app.state.demo_accounts,
            "kept": kept or [],
            "keep_prefix": KEEP_PREFIX,
            "resend": resend,
            "lost_file": lost_file,
        },
        status,
    )
    set_cookie(response, request, LOGIN_COOKIE, nonce, max_age=3600)
    return response


#: The forms whose entries are carried through a new login: staff's data entry, never account or
#: session settings (a cross-site page must not be able to line up "create an admin" for one click).
KEEPABLE = ("/intake", "/try", "/read", "/interview", "/cases/")


def _keepable(request: Request, path: str) -> bool:
    """A data-entry form, sent from one of this site's own pages (``Sec-Fetch-Site``, where the browser says)."""
    site = request.headers.get("sec-fetch-site")
    return path.startswith(KEEPABLE) and site in {None, "same-origin"}


async def session_ended_on_post(request: Request) -> Response:
    """A form sent after its session ended: the login form, carrying what was entered, to send it on.

    Files cannot be carried (the page says so); everything typed or chosen is kept. Only data-entry
    forms sent from this site are kept; anything else gets the plain login form.
    """
    if not _keepable(request, request.url.path):
        return _login_form(request, message="Your session has ended. Please log in again.", status=401)
    kept: list[tuple[str, str]] = []
    lost_file = False
    try:
        form = await read_form(request)
    except BodyTooLarge:
        raise
    except Exception:  # an unreadable body: there is nothing to keep, the login form still helps
        form = FormData()
    room = MAX_KEPT_CHARS
    for field, value in form.multi_items():
        if isinstance(value, str):
            if field == CSRF_FIELD or len(kept) >= MAX_KEPT_FIELDS:
                continue
            if len(field) + len(value) > room:
                lost_file = True
                continue
            kept.append((field, value))
            room -= len(field) + len(value)
        elif value.filename:
            lost_file = True
    message = (
        "Your session ended before this form was sent. Log in again: what you entered is kept, and you can send it on."
    )
    return _login_form(
        request, message=message, status=401, kept=kept, resend=_safe_next(request.url.path), lost_file=lost_file
    )


def _kept_fields(form: FormData) -> list[tuple[str, str]]:
    return [
        (field.removeprefix(KEEP_PREFIX), value)
        for field, value in form.multi_items()
        if field.startswith(KEEP_PREFIX) and isinstance(value, str)
    ][:MAX_KEPT_FIELDS]


def _safe_next(target: str | None) -> str:
    """Only a local path: a login must never redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.post("/login")
async def login(request: Request) -> Response:
    form = await read_form(request)
    if not login_token_ok(request, _text(form, "csrf_token")):
        return error_response(
            request, 403, "The security token (CSRF) of the login form is missing or expired: reload and try again."
        )
    name = _text(form, "name")
    password = form.get("password")
    carried: dict[str, Any] = {"kept": _kept_fields(form), "resend": _safe_next(_text(form, "resend"))}
    carried["lost_file"] = _text(form, "lost_file") == "yes"
    if not carried["resend"].startswith(KEEPABLE):
        carried = {}
    client = request.client.host if request.client else "unknown"
    accounts = site_of(request).accounts
    # An account under attack answers slowly (not at all is what an attacker would want).
    delay = await blocking(request, accounts.step_up_delay, name, client)
    if delay > 0:
        await anyio.sleep(delay)
    try:
        result = await hashing(request, accounts.login, name, password if isinstance(password, str) else "", client)
    except LoginRefused as refused:
        refusal = _login_form(
            request,
            message=f"Too many failed logins. Try again in {refused.retry_after // 60 + 1} minutes.",
            status=429,
            name=name,
            **carried,
        )
        refusal.headers["Retry-After"] = str(refused.retry_after)
        return refusal
    if result is None:
        return _login_form(request, message="The name or the password is wrong.", status=401, name=name, **carried)
    token, session = result
    response: Response
    if carried:
        # Logged in again to send a form whose session had ended: it comes back, with the new token.
        response = render(
            request,
            "resend.html",
            {**carried, "session": session, "user": session.user, "csrf_token": session.csrf_token},
        )
    else:
        response = RedirectResponse(_safe_next(_text(form, "next")), status_code=303)
    limits = request.app.state.settings.limits
    set_cookie(response, request, SESSION_COOKIE, token, max_age=int(limits.absolute.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request, _session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        site_of(request).accounts.logout(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
async def language(request: Request, session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    form = await read_form(request)
    chosen = _text(form, "language")
    if chosen not in LANGUAGES:
        raise InputError(
            "The language {language!r} is not offered; use one of: {allowed}.",
            language=chosen,
            allowed=", ".join(LANGUAGES),
        )
    site_of(request).accounts.set_language(session.user.id, chosen)
    return RedirectResponse(_safe_next(_text(form, "next")), status_code=303)


@router.get("/")
async def home(request: Request, session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    answers = await blocking(request, site_of(request).counsel_answers, session.user.name)
    return render(request, "home.html", {**plain(request), "links": HOME[session.user.role], "answers": answers})


def _try_context(request: Request, values: dict[str, Any]) -> dict[str, Any]:
    return {
        **plain(request),
        "vocabulary": FORM_VOCABULARY,
        "action": values.get("action"),
        "packs": site_of(request).packs(),
        "default_pack": DEFAULT_PACK,
        "choices": CHOICES,
        "data_choices": DATA,
        "flags": list(FLAGS),
        "values": values,
    }


@router.get("/law")
async def law_page(request: Request, _session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    return render(request, "law.html", {**plain(request), "packs": site_of(request).packs()})


@router.get("/law/{pack_id}")
async def pack_page(
    request: Request, pack_id: str, _session: Annotated[Session, Depends(require(*EVERYONE))]
) -> Response:
    site = site_of(request)
    rules = site.rules(pack_id)
    info = next((p for p in site.packs() if p.id == pack_id), None)
    return render(request, "pack.html", {**plain(request), "pack": info, "pack_id": pack_id, "rules": rules})


@router.get("/try")
async def try_page(request: Request, _session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    return render(request, "try.html", _try_context(request, {"pack": DEFAULT_PACK}))


@router.post("/try")
async def try_decide(request: Request, _session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    form = await read_form(request)
    values: dict[str, Any] = {key: _text(form, key) for key in form if key != "data"}
    values["data"] = [v for v in form.getlist("data") if isinstance(v, str)]
    context = _try_context(request, values)
    try:
        decision = decide(request_from_form(form), pack=_text(form, "pack") or None, on=parse_day(_text(form, "on")))
    except InputError as exc:
        # The form comes back filled in as it was sent: nothing entered is lost.
        return render(request, "try.html", {**context, "error": error_words(request, exc)}, 422)
    return render(request, "try.html", {**context, "decision": decision})


@router.get("/read")
async def read_page(request: Request, _session: Annotated[Session, Depends(require(*READERS))]) -> Response:
    return render(request, "read.html", _read_context(request))


def _read_context(request: Request) -> dict[str, Any]:
    return {**plain(request), "supported": SUPPORTED, "limit_mb": upload_limit() // 1_000_000}


@router.post("/read")
async def read_paper_form(request: Request, _session: Annotated[Session, Depends(require(*READERS))]) -> Response:
    form = await read_form(request)
    upload = form.get("paper")
    reading_id = form.get("reading_id")
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            # Read in the background: a photo takes seconds, and the page shows how far it got.
            reading_id = await start_reading(
                request, owner_of(request), language_of(request), upload.filename, await upload.read()
            )
        elif not isinstance(reading_id, str) or not reading_id:
            raise InputError("Choose a file to read.")
        status = await reading_status(request, reading_id, owner_of(request), wait=pools(request).answer_within)
    except InputError as exc:
        return render(request, "read.html", {**_read_context(request), "error": error_words(request, exc)}, 422)
    if status is None or status.status == "failed":
        # A failed reading kept its message in the reader's language; a lost one is worded by the page.
        error = status.message if status and status.message else "The paper's reading was lost; upload it again."
        return render(request, "read.html", {**_read_context(request), "error": error}, 422)
    if status.reading is None:
        return waiting_page(request, status, action="/read", hidden=[("reading_id", reading_id)], kicker="Read a paper")
    return render(request, "read.html", {**_read_context(request), "reading": status.reading})


@router.get("/ledger")
async def ledger_page(request: Request, _session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    """The ledger's state and its entries, newest first, a page at a time: kinds, times and case numbers only."""
    site = site_of(request)
    page = request.query_params.get("page", "1")
    number = int(page) if page.isdigit() else 1
    rows, pages = await blocking(request, site.ledger_entries, page=number)
    status = await blocking(request, site.ledger_status)
    context = {**plain(request), "status": status, "rows": rows, "page": min(max(number, 1), pages), "pages": pages}
    return render(request, "ledger.html", context)


@router.get("/ledger/export")
async def ledger_export(request: Request, _session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    """The public export as a zip: what `sanctuary ledger export` writes, for the stand-alone verifier."""
    folder = Path(tempfile.mkdtemp(prefix="sanctuary-ledger-export-"))
    try:
        archive = await blocking(request, site_of(request).export_ledger, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        archive,
        media_type="application/zip",
        filename=archive.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get("/account/password")
async def password_page(request: Request, _session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    return render(request, "password.html", {"min_length": MIN_PASSWORD, "done": request.query_params.get("done")})


@router.post("/account/password")
async def change_password(request: Request, session: Annotated[Session, Depends(require(*EVERYONE))]) -> Response:
    """The user's own password: the current one, the new one twice; every other session of theirs ends."""
    form = await read_form(request)
    fields = {name: form.get(name) for name in ("current", "new", "again")}
    current, new, again = (value if isinstance(value, str) else "" for value in fields.values())
    try:
        if new != again:
            raise InputError("field 'again': the two new passwords differ; type the same one twice.")
        accounts = site_of(request).accounts
        client = request.client.host if request.client else "unknown"
        keep = request.cookies.get(SESSION_COOKIE)
        await hashing(request, accounts.change_password, session.user, current, new, address=client, keep=keep)
    except InputError as exc:
        # Nothing is sent back: a password never travels in a page.
        return render(request, "password.html", {"min_length": MIN_PASSWORD, "error": error_words(request, exc)}, 422)
    except LoginRefused as refused:
        message = f"Too many wrong passwords. Try again in {refused.retry_after // 60 + 1} minutes."
        page = render(request, "password.html", {"min_length": MIN_PASSWORD, "error": message}, 429)
        page.headers["Retry-After"] = str(refused.retry_after)
        return page
    return RedirectResponse("/account/password?done=changed", status_code=303)

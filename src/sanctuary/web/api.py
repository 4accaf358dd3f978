"""The JSON API: the CLI's contract over HTTP, behind the same login, roles and CSRF rule.

Authentication is the session cookie from ``POST /login`` (or ``POST /api/login``); every POST
also sends the session's CSRF token in the ``X-CSRF-Token`` header (``GET /api/session`` gives it).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Request, UploadFile
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response

from sanctuary.model import Decision, InputError
from sanctuary.model import Request as RequestModel
from sanctuary.services import decide
from sanctuary.services.site import DEMO_CASES, ROLES, Session

from .security import require, site_of
from .work import blocking, read_paper

router = APIRouter()

EVERYONE = ROLES
READERS = ("front_desk", "counsel", "admin")
LEDGER = ("counsel", "auditor", "admin")

#: The front-desk story (ICE, an administrative warrant, a city office's staff area): the demo's first case.
DECIDE_EXAMPLE = DEMO_CASES[0][1]


_anyone_logged_in = require(*EVERYONE)
#: Where the app serves Swagger UI's files (the copy in the fastapi-offline package).
SWAGGER_STATIC = "/static/swagger"

#: The decision endpoint's query parameters, documented here because the endpoint reads them itself.
DECIDE_PARAMETERS = [
    {
        "name": "pack",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "Pack id, e.g. us-ca-los-angeles.",
    },
    {
        "name": "on",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "format": "date"},
        "description": "Decide under the law in force that day (YYYY-MM-DD).",
    },
]


def parse_day(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD date, or an InputError naming the field, like the CLI's --on."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError("field 'on': {value!r} is not a calendar date; write it as YYYY-MM-DD.", value=value) from None


@router.get("/api/session", tags=["session"])
async def api_session(session: Annotated[Session, Depends(require(*EVERYONE))]) -> dict[str, Any]:
    """Who is logged in, and the CSRF token to send as ``X-CSRF-Token`` on every POST."""
    user = session.user
    return {
        "user": user.name,
        "role": user.role,
        "language": user.language,
        "csrf_token": session.csrf_token,
        "expires_at": session.expires_at.isoformat(),
    }


@router.post(
    "/api/decide",
    tags=["decisions"],
    response_class=Response,
    responses={200: {"model": Decision, "description": "The decision.", "content": {"application/json": {}}}},
    openapi_extra={
        "parameters": DECIDE_PARAMETERS,
        "requestBody": {
            "required": True,
            "description": "The contract's request JSON (`sanctuary schema request` prints its JSON Schema).",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Request"}, "example": DECIDE_EXAMPLE}
            },
        },
    },
)
async def api_decide(http: Request) -> Response:
    """Decide one request (the contract's request JSON); the decision JSON, as `sanctuary decide --json`.

    Everyone logged in may ask (the session and CSRF checks of :func:`require`, called here). The
    query and body are read here rather than declared: FastAPI's per-parameter validation and its
    generic encoder would cost more than the decision, and the engine validates every field itself
    with the contract's messages.
    """
    await _anyone_logged_in(http)
    query = http.query_params
    decision = decide(json_object(await http.body()), pack=query.get("pack"), on=parse_day(query.get("on")))
    return Response(decision.model_dump_json(), media_type="application/json")


def json_object(raw: bytes) -> dict[str, Any]:
    """A JSON object from a request body, or an InputError saying what is wrong with it."""
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise InputError(
                "The request body is not valid JSON (line {line}, column {column}): send one JSON object.",
                line=exc.lineno,
                column=exc.colno,
            ) from None
        raise InputError("The request body is not valid JSON: send one JSON object.") from None
    except RecursionError:
        raise InputError("The request body nests too deeply: send one JSON object of the request's fields.") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise InputError("The request body holds a number too long to read: no field takes such a number.") from None
    if not isinstance(value, dict):
        raise InputError("The request body is a JSON {kind}; send one JSON object.", kind=type(value).__name__)
    return value


@router.post("/api/read", tags=["documents"])
async def api_read(
    _session: Annotated[Session, Depends(require(*READERS))],
    request: Request,
    file: Annotated[UploadFile, File(description="The paper: .txt, .pdf, .png, .jpg (see the size limit).")],
) -> dict[str, Any]:
    """Read one paper; the reading JSON, as `sanctuary read --json`."""
    content = await file.read()
    reading = await read_paper(request, file.filename or "", content)
    result: dict[str, Any] = reading.model_dump(mode="json")
    return result


@router.get("/api/packs", tags=["law"])
async def api_packs(
    _session: Annotated[Session, Depends(require(*EVERYONE))], request: Request
) -> list[dict[str, Any]]:
    """The packs that load, as `sanctuary packs list --json`."""
    return [
        {
            "id": info.id,
            "name": info.name,
            "version": info.version,
            "jurisdiction": info.jurisdiction,
            "parents": list(info.parents),
            "effective": info.effective,
            "rules": info.rules,
            "digest": info.digest,
        }
        for info in site_of(request).packs()
    ]


@router.get("/api/packs/{pack_id}/rules", tags=["law"])
async def api_rules(
    _session: Annotated[Session, Depends(require(*EVERYONE))], request: Request, pack_id: str
) -> list[dict[str, Any]]:
    """Every rule in force through the pack (its own, then its parents'), as `sanctuary packs rules --stack --json`."""
    return site_of(request).rules(pack_id)


@router.get("/api/ledger/checkpoint", tags=["ledger"])
async def api_checkpoint(_session: Annotated[Session, Depends(require(*LEDGER))], request: Request) -> dict[str, Any]:
    """The latest signed checkpoint (as `sanctuary ledger checkpoint --json`) and the verification result."""
    status = await blocking(request, site_of(request).ledger_status)
    checkpoint = status.checkpoint
    return {
        **checkpoint.as_json(),
        "verifier_key": status.verifier_key,
        "verification": status.report.as_json(),
    }


def openapi_with_request_schema(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the contract's Request model, which the decision endpoint reads itself."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes, description=app.description
        )
        request = RequestModel.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(request.pop("$defs", {}))
        components["Request"] = request
        app.openapi_schema = schema
    return app.openapi_schema


@router.get("/openapi.json", include_in_schema=False)
async def openapi(_session: Annotated[Session, Depends(require(*EVERYONE))], request: Request) -> JSONResponse:
    return JSONResponse(openapi_with_request_schema(request.app))


@router.get("/docs", include_in_schema=False)
async def docs(_session: Annotated[Session, Depends(require(*EVERYONE))], request: Request) -> HTMLResponse:
    """Swagger UI, served from this app (no CDN); its inline scripts run under a per-response nonce."""
    nonce = secrets.token_urlsafe(16)
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Sanctuary API",
        swagger_js_url=f"{SWAGGER_STATIC}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_STATIC}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_STATIC}/favicon.png",
    )
    html = bytes(page.body).decode("utf-8").replace("<script>", f'<script nonce="{nonce}">')
    response = HTMLResponse(html)
    csp = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
    response.headers["Content-Security-Policy"] = csp  # the middleware adds the other headers, keeping this one
    return response

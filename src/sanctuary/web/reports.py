"""Reports, for auditors and admins: choose a kind and a period, view the HTML or download a file.

The report is built on the request from the store (read only) and never kept on the server. The
form is a POST carrying the CSRF token, like every other form of the app.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from sanctuary.model import InputError
from sanctuary.reports import KINDS, REPORT_CSS, Report, parse_formats
from sanctuary.reports import render as render_report
from sanctuary.services.reporting import make_report
from sanctuary.services.site import Session

from .rendering import render
from .security import read_form, require, site_of
from .work import blocking

router = APIRouter(include_in_schema=False)

AUDIT = ("auditor", "admin")
MEDIA = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
}
#: The report page's own policy: no scripts, nothing fetched, only its one inline style (by hash).
REPORT_CSP = (
    "default-src 'none'; style-src 'sha256-"
    + base64.b64encode(hashlib.sha256(REPORT_CSS.encode("utf-8")).digest()).decode("ascii")
    + "'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def _page(request: Request, values: dict[str, str], *, error: str | None = None, status: int = 200) -> Response:
    context: dict[str, Any] = {
        "kinds": [(kind.id, kind.title) for kind in KINDS.values()],
        "formats": list(MEDIA),
        "values": values,
        "error": error,
    }
    return render(request, "reports.html", context, status)


def _epsilon(value: str | None) -> float | None:
    """Blank for exact counts (suppressed below 11), or a positive number for OpenDP's noisy counts."""
    if value is None or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise InputError(
            f"field 'epsilon': {value!r} is not a number; leave it blank, or give a positive number such as 1.0."
        ) from None


def _file(report: Report, chosen: str, *, inline: tuple[str, ...]) -> Response:
    """The report in one format: HTML under its own policy, formats not ``inline`` as a download."""
    response = Response(render_report(report, chosen), media_type=MEDIA[chosen])
    if chosen == "html":
        response.headers["Content-Security-Policy"] = REPORT_CSP
    if chosen not in inline:
        response.headers["Content-Disposition"] = f'attachment; filename="{report.file_stem}.{chosen}"'
    return response


@router.get("/reports")
async def reports_page(request: Request, _session: Annotated[Session, Depends(require(*AUDIT))]) -> Response:
    last_year = dt.datetime.now(dt.UTC).year - 1
    return _page(request, {"kind": "transparency", "period": str(last_year), "format": "html"})


@router.post("/reports")
async def report_file(request: Request, _session: Annotated[Session, Depends(require(*AUDIT))]) -> Response:
    form = await read_form(request)
    values = {name: str(form.get(name) or "").strip() for name in ("kind", "period", "format", "epsilon")}
    try:
        chosen = parse_formats(values["format"] or "html")[0]
        epsilon = _epsilon(values["epsilon"])
        report = await blocking(
            request, make_report, site_of(request).store, values["kind"], values["period"], epsilon=epsilon
        )
    except InputError as exc:
        return _page(request, values, error=str(exc), status=422)
    return _file(report, chosen, inline=("html",))


api_router = APIRouter(tags=["reports"])


@api_router.get("/api/reports/{kind}", summary="A transparency report, as `sanctuary report`")
async def api_report(
    request: Request,
    kind: str,
    _session: Annotated[Session, Depends(require(*AUDIT))],
    period: Annotated[str, Query(description="2025, 2025Q3, or 2025-01-01..2025-06-30.")],
    format: Annotated[str, Query(description="json (default), csv, html or pdf.")] = "json",
    epsilon: Annotated[
        str | None, Query(description="Differentially private counts with this epsilon (needs OpenDP).")
    ] = None,
) -> Response:
    """The report of ``kind`` for ``period``: counts suppressed below 11, the checkpoint and pack digests."""
    chosen = parse_formats(format)[0]
    report = await blocking(request, make_report, site_of(request).store, kind, period, epsilon=_epsilon(epsilon))
    return _file(report, chosen, inline=("html", "json"))

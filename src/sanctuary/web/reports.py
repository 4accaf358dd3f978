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
from sanctuary.reports import KINDS, LANGUAGES, PAPERS, Report, html_text, parse_formats, parse_paper, style_text
from sanctuary.reports import render as render_report
from sanctuary.reports import say as report_words
from sanctuary.services.reporting import make_report, report_period
from sanctuary.services.site import Session

from .rendering import error_words, render
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
#: Where a report served here links back to.
BACK = "/reports"


def report_csp(paper: str) -> str:
    """The report page's own policy: no scripts, nothing fetched, only its one inline style (by hash)."""
    digest = base64.b64encode(hashlib.sha256(style_text(paper).encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _page(request: Request, values: dict[str, str], *, error: str | None = None, status: int = 200) -> Response:
    language = values.get("lang") or "en"
    context: dict[str, Any] = {
        "kinds": [(kind.id, report_words(kind.title, language)) for kind in KINDS.values()],
        "formats": list(MEDIA),
        "languages": list(LANGUAGES),
        "papers": list(PAPERS),
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
            "field 'epsilon': {value!r} is not a number; leave it blank, or give a positive number such as 1.0.",
            value=value,
        ) from None


def _language(value: str | None, session: Session) -> str:
    """The language asked for, else the user's own; InputError for one reports are not written in."""
    chosen = (value or "").strip().lower() or session.user.language or "en"
    if chosen not in LANGUAGES:
        raise InputError(
            "field 'lang': {language!r} is not a report language; allowed: {allowed}.",
            language=chosen,
            allowed=", ".join(LANGUAGES),
        )
    return chosen


def _body(report: Report, chosen: str, paper: str) -> bytes:
    if chosen == "html":
        return html_text(report, paper=paper, back=BACK).encode("utf-8")
    return render_report(report, chosen, paper=paper)


async def _file(request: Request, report: Report, chosen: str, *, inline: tuple[str, ...], paper: str) -> Response:
    """The report in one format: HTML under its own policy, formats not ``inline`` as a download.

    Laid out off the event loop: a PDF takes about a second.
    """
    body = await blocking(request, _body, report, chosen, paper)
    response = Response(body, media_type=MEDIA[chosen])
    if chosen == "html":
        response.headers["Content-Security-Policy"] = report_csp(paper)
    if chosen not in inline:
        response.headers["Content-Disposition"] = f'attachment; filename="{report.file_stem}.{chosen}"'
    return response


@router.get("/reports")
async def reports_page(request: Request, session: Annotated[Session, Depends(require(*AUDIT))]) -> Response:
    last_year = dt.datetime.now(dt.UTC).year - 1
    values = {
        "kind": "transparency",
        "period": str(last_year),
        "format": "html",
        "lang": _language(None, session),
        "paper": "letter",
    }
    return _page(request, values)


def _make(request: Request, kind: str, period: str, epsilon: float | None, lang: str) -> Report:
    site = site_of(request)
    moment = dt.datetime.now(dt.UTC)
    parsed = report_period(period, moment, site.city.zone)
    return make_report(site.store, kind, parsed, epsilon=epsilon, now=moment, lang=lang)


@router.post("/reports")
async def report_file(request: Request, session: Annotated[Session, Depends(require(*AUDIT))]) -> Response:
    form = await read_form(request)
    names = ("kind", "period", "format", "epsilon", "lang", "paper")
    values = {name: str(form.get(name) or "").strip() for name in names}
    try:
        chosen = parse_formats(values["format"] or "html")[0]
        paper = parse_paper(values["paper"] or "letter")
        lang = _language(values["lang"], session)
        epsilon = _epsilon(values["epsilon"])
        report = await blocking(request, _make, request, values["kind"], values["period"], epsilon, lang)
    except InputError as exc:
        return _page(request, values, error=error_words(request, exc), status=422)
    return await _file(request, report, chosen, inline=("html",), paper=paper)


api_router = APIRouter(tags=["reports"])


@api_router.get("/api/reports/{kind}", summary="A transparency report, as `sanctuary report`")
async def api_report(
    request: Request,
    kind: str,
    session: Annotated[Session, Depends(require(*AUDIT))],
    period: Annotated[str, Query(description="2025, 2025Q3, or 2025-01-01..2025-06-30.")],
    format: Annotated[str, Query(description="json (default), csv, html or pdf.")] = "json",
    epsilon: Annotated[
        str | None, Query(description="Differentially private counts with this epsilon (needs OpenDP).")
    ] = None,
    lang: Annotated[str | None, Query(description="en or es (default: the user's language).")] = None,
    paper: Annotated[str, Query(description="letter (default) or a4: the PDF's page size.")] = "letter",
) -> Response:
    """The report of ``kind`` for ``period``: counts suppressed below 11, the checkpoint and pack digests."""
    chosen = parse_formats(format)[0]
    size = parse_paper(paper)
    language = _language(lang, session)
    report = await blocking(request, _make, request, kind, period, _epsilon(epsilon), language)
    return await _file(request, report, chosen, inline=("html", "json"), paper=size)

"""The case list: search by case number or free text, filters, pages; server-rendered.

Counsel, auditors and admins see every case; the front desk sees the cases it opened. Free text
is matched in the fields kept in clear only (never sealed notes or personal details).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from sanctuary.model import InputError, Outcome
from sanctuary.services.counsel import PAGE_SIZE, CaseSearch
from sanctuary.services.site import Session

from .plain import plain
from .rendering import error_words, render
from .security import require, site_of
from .work import blocking

router = APIRouter(include_in_schema=False)

#: Who sees the case list; the front desk only the cases it opened.
LISTERS = ("front_desk", "counsel", "auditor", "admin")
#: Who sees every case, and may open case files from the list.
SEE_ALL = ("counsel", "auditor", "admin")
OPENS_CASES = ("front_desk", "counsel", "admin")
STATUSES = ("open", "referred", "decided", "closed")
FIELDS = ("q", "status", "department", "outcome", "from", "to", "overdue")
#: The highest page number accepted (a bound on the offset the database is asked for).
MAX_PAGE = 100_000


def _search(request: Request) -> CaseSearch:
    params = request.query_params
    raw_page = params.get("page", "1").strip() or "1"
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
        raise InputError("page {page!r} is not a page number; pages are numbered from 1.", page=raw_page)
    return CaseSearch(
        text=params.get("q", "")[:200],
        status=params.get("status", ""),
        department=params.get("department", "")[:100],
        outcome=params.get("outcome", ""),
        opened_from=params.get("from", ""),
        opened_to=params.get("to", ""),
        overdue=params.get("overdue") == "1",
        page=int(raw_page),
    )


@router.get("/cases")
async def case_list(request: Request, session: Annotated[Session, Depends(require(*LISTERS))]) -> Response:
    site = site_of(request)
    values = {name: request.query_params.get(name, "") for name in FIELDS}
    context: dict[str, Any] = {
        **plain(request),
        "values": values,
        "statuses": STATUSES,
        "outcomes": [o.value for o in Outcome],
        "departments": await blocking(request, site.departments),
        "own_only": session.user.role not in SEE_ALL,
        "may_open": session.user.role in OPENS_CASES,
        "cases": [],
        "total": 0,
        "page": 1,
        "pages": 1,
    }
    try:
        wanted = _search(request)
        mine = None if session.user.role in SEE_ALL else session.user.name
        cases, total = await blocking(request, site.search_cases, wanted, opened_by=mine)
    except InputError as exc:
        return render(request, "cases.html", {**context, "error": error_words(request, exc)}, 422)
    pages = max(1, -(-total // PAGE_SIZE))
    kept = {name: value for name, value in values.items() if value}

    def page_link(number: int) -> str:
        return "/cases?" + urlencode({**kept, "page": number})

    context.update(cases=cases, total=total, page=wanted.page, pages=pages, page_link=page_link)
    return render(request, "cases.html", context)

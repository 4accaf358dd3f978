"""Every route of the web app, for every role and for no session: deny by default, checked whole.

The matrix below is the authority: a route the app has and the matrix lacks (or the other way
round) fails the first test, so a new page cannot ship without saying who may use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from test_web import PAPER, PASSWORD, Clock, as_role
from test_web_cases import DETAINER

from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app

FRONT, COUNSEL, AUDITOR, ADMIN = "front_desk", "counsel", "auditor", "admin"
EVERYONE = frozenset(ROLES)
STAFF = frozenset({FRONT, COUNSEL, ADMIN})
PUBLIC = None  # no session needed

#: (method, path) -> the roles allowed (everyone else gets 403), or PUBLIC.
MATRIX: dict[tuple[str, str], frozenset[str] | None] = {
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): EVERYONE,
    ("POST", "/language"): EVERYONE,
    ("GET", "/account/password"): EVERYONE,
    ("POST", "/account/password"): EVERYONE,
    ("GET", "/"): EVERYONE,
    ("GET", "/law"): EVERYONE,
    ("GET", "/law/{pack_id}"): EVERYONE,
    ("GET", "/try"): EVERYONE,
    ("POST", "/try"): EVERYONE,
    ("GET", "/docs"): EVERYONE,
    ("GET", "/openapi.json"): EVERYONE,
    ("GET", "/api/session"): EVERYONE,
    ("POST", "/api/decide"): EVERYONE,
    ("GET", "/api/packs"): EVERYONE,
    ("GET", "/api/packs/{pack_id}/rules"): EVERYONE,
    ("GET", "/read"): STAFF,
    ("POST", "/read"): STAFF,
    ("POST", "/api/read"): STAFF,
    ("GET", "/ledger"): EVERYONE,
    ("GET", "/ledger/export"): EVERYONE,
    ("GET", "/api/ledger/checkpoint"): frozenset({COUNSEL, AUDITOR, ADMIN}),
    ("GET", "/interview"): frozenset({FRONT, ADMIN}),
    ("POST", "/interview"): frozenset({FRONT, ADMIN}),
    ("POST", "/interview/save"): frozenset({FRONT, ADMIN}),
    ("GET", "/papers/{reading_id}/progress"): STAFF,
    ("GET", "/intake"): STAFF,
    ("POST", "/intake"): STAFF,
    ("GET", "/cases/{case_id}"): STAFF,
    ("POST", "/cases/{case_id}/duties/{obligation_id}"): STAFF,
    ("GET", "/cases/{case_id}/notice/{kind}"): STAFF,
    ("GET", "/cases/{case_id}/letter"): STAFF,
    ("GET", "/cases/{case_id}/letter.pdf"): STAFF,
    ("GET", "/cases"): EVERYONE,
    ("POST", "/api/cases"): STAFF,
    ("GET", "/api/cases"): STAFF,
    ("GET", "/api/cases/{case_id}"): STAFF,
    ("POST", "/api/cases/{case_id}/duties/{obligation_id}/done"): STAFF,
    ("GET", "/cases/{case_id}/encounter"): STAFF,
    ("POST", "/cases/{case_id}/encounter"): STAFF,
    ("POST", "/api/cases/{case_id}/encounter"): STAFF,
    ("GET", "/queue"): frozenset({COUNSEL, ADMIN}),
    ("GET", "/cases/{case_id}/documents/{document_id}"): frozenset({COUNSEL, ADMIN}),
    ("POST", "/cases/{case_id}/decide"): frozenset({COUNSEL, ADMIN}),
    ("GET", "/api/queue"): frozenset({COUNSEL, ADMIN}),
    ("POST", "/api/cases/{case_id}/decision"): frozenset({COUNSEL, ADMIN}),
    ("GET", "/admin/users"): frozenset({ADMIN}),
    ("POST", "/admin/users"): frozenset({ADMIN}),
    ("GET", "/admin/users/{name:path}/disable"): frozenset({ADMIN}),
    ("POST", "/admin/users/{name:path}/disable"): frozenset({ADMIN}),
    ("POST", "/admin/users/{name:path}/enable"): frozenset({ADMIN}),
    ("POST", "/admin/users/{name:path}/role"): frozenset({ADMIN}),
    ("POST", "/admin/users/{name:path}/reset"): frozenset({ADMIN}),
    ("GET", "/api/users"): frozenset({ADMIN}),
    ("POST", "/api/users"): frozenset({ADMIN}),
    ("POST", "/api/users/{name}/disable"): frozenset({ADMIN}),
    ("GET", "/reports"): frozenset({AUDITOR, ADMIN}),
    ("POST", "/reports"): frozenset({AUDITOR, ADMIN}),
    ("GET", "/api/reports/{kind}"): frozenset({AUDITOR, ADMIN}),
    ("GET", "/audits"): frozenset({AUDITOR, ADMIN}),
    ("POST", "/audits"): frozenset({AUDITOR, ADMIN}),
    ("GET", "/audits/{job_id}"): frozenset({AUDITOR, ADMIN}),
    ("GET", "/audits/{job_id}/download/{fmt}"): frozenset({AUDITOR, ADMIN}),
    ("POST", "/audits/{job_id}/delete"): frozenset({AUDITOR, ADMIN}),
}


def app_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every endpoint, through FastAPI's included routers."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from app_routes(route.original_router.routes)


@pytest.fixture
def web(records_settings: Any) -> Iterator[TestClient]:
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=Clock()))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def _intake(web: TestClient, fields: dict[str, str], **files: Any) -> dict[str, Any]:
    made = web.post("/intake", data=fields, files=files or None, follow_redirects=False)
    assert made.status_code == 303, made.text
    opened: dict[str, Any] = web.get(f"/api/cases/{made.headers['location'].rsplit('/', 1)[-1]}").json()
    return opened


@pytest.fixture
def case(web: TestClient) -> dict[str, Any]:
    """A detainer case (it has duties) and a case with a paper: ids for the routes' path parameters."""
    token = as_role(web, FRONT)
    detainer = _intake(
        web,
        {**DETAINER, "csrf_token": token},
    )
    with PAPER.open("rb") as handle:
        papered = _intake(
            web,
            {"channel": "email", "action": "enter_facility", "setting": "city_office", "csrf_token": token},
            paper=(PAPER.name, handle, "text/plain"),
        )
    web.cookies.clear()
    return {
        "case_id": detainer["id"],
        "obligation_id": detainer["obligations"][0]["id"],
        "document_id": papered["documents"][0]["id"],
        "kind": "truth_notice",
        "pack_id": "us-ca",
        "name": "nobody",
        "name:path": "nobody",
        "papered": papered["id"],
        "job_id": "0" * 32,
        "fmt": "json",
        "reading_id": "0" * 32,
    }


def _url(path: str, ids: dict[str, Any]) -> str:
    """The route's path with real ids: the detainer case, its duty, the case with a paper."""
    if path == "/api/reports/{kind}":
        return "/api/reports/council?period=2025"
    if path.endswith("/documents/{document_id}"):
        ids = {**ids, "case_id": ids["papered"]}
    for key, value in ids.items():
        path = path.replace("{" + key + "}", str(value))
    return path


def _call(web: TestClient, method: str, url: str, token: str | None) -> Any:
    headers = {"X-CSRF-Token": token} if token and url.startswith("/api/") else {}
    if method == "GET":
        return web.get(url, headers=headers, follow_redirects=False)
    if url.startswith("/api/"):
        return web.post(url, json={}, headers=headers, follow_redirects=False)
    return web.post(url, data={"csrf_token": token or ""}, follow_redirects=False)


def test_the_matrix_names_every_route_and_only_those(web: TestClient) -> None:
    routes = {(method, route.path) for route in app_routes(web.app.routes) for method in route.methods}  # type: ignore[attr-defined]
    assert routes - set(MATRIX) == set(), "routes without a row in MATRIX"
    assert set(MATRIX) - routes == set(), "rows in MATRIX for routes that do not exist"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_admits_exactly_its_roles(web: TestClient, case: dict[str, Any], role: str) -> None:
    token = as_role(web, role)
    wrong: list[str] = []
    # Logging out ends the session, so it goes last.
    for (method, path), allowed in sorted(MATRIX.items(), key=lambda item: item[0][1] == "/logout"):
        if allowed is PUBLIC:
            continue
        response = _call(web, method, _url(path, case), token)
        refused = response.status_code in {401, 403}
        if (role in allowed) == refused:
            wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong, f"{role}: {wrong}"


def test_without_a_session_only_the_login_is_open(web: TestClient, case: dict[str, Any]) -> None:
    wrong: list[str] = []
    for (method, path), allowed in MATRIX.items():
        url = _url(path, case)
        response = _call(web, method, url, None)
        if allowed is PUBLIC:
            ok = response.status_code in {200, 403}  # 403: the login form's own token is missing
        elif url.startswith(("/api/", "/openapi")):
            ok = response.status_code == 401 and "log in" in response.json()["error"]
        elif method == "GET":
            ok = response.status_code == 303 and response.headers["location"].startswith("/login?next=")
        else:
            ok = response.status_code == 401 and 'action="/login"' in response.text  # the kept-form login
        if not ok:
            wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong, wrong


@pytest.mark.parametrize("role", ROLES)
def test_every_link_a_role_is_shown_opens_for_it(web: TestClient, role: str) -> None:
    """The home page's tiles and the navigation offer only what the role may open."""
    as_role(web, role)
    home = web.get("/").text
    links = set(re.findall(r'<a (?:class="[^"]*" )?href="(/[^"]*)"', home))
    assert len(links) >= 4
    for link in sorted(links):
        assert web.get(link).status_code == 200, (role, link)

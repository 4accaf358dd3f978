"""The JSON API for cases (intake, the list, one case, counsel's queue and decision, duties done)
and the admin's accounts page.

Each test runs on SQLite and, when SANCTUARY_TEST_DATABASE_URL is set, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web import PASSWORD, Clock, as_role, login

from sanctuary.model.labels import label
from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app

DETAINER = {
    "action": "hold",
    "setting": "jail",
    "requester": {"kind": "federal_immigration"},
    "instrument": {"type": "detainer"},
}
#: Unsettled: the engine refers it to counsel.
UNSETTLED = {"action": "enter_facility", "setting": "city_office"}
STAFF = {"front_desk", "counsel", "admin"}
COUNSEL = {"counsel", "admin"}


@pytest.fixture
def web(records_settings: Any) -> Iterator[TestClient]:
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=Clock()))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def new_case(client: TestClient, token: str, request: dict[str, Any], channel: str = "fax") -> dict[str, Any]:
    response = client.post("/api/cases", json={"request": request, "channel": channel}, headers={"X-CSRF-Token": token})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_written_request_is_decided_and_saved(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    made = new_case(web, token, DETAINER)
    assert made["decision"]["outcome"] == "decline"
    kinds = [entry["kind"] for entry in made["entries"]]
    assert kinds[:2] == ["case_opened", "decision_made"]
    assert all(isinstance(entry["index"], int) for entry in made["entries"])
    listed = web.get("/api/cases").json()
    assert [case["id"] for case in listed] == [made["case_id"]]
    case = web.get(f"/api/cases/{made['case_id']}").json()
    assert case["outcome"] == "decline"
    assert "personal" not in case
    assert "note_texts" not in case
    assert case["notes"] == 1  # the channel and day, sealed
    assert case["department"] is None
    body = {"request": DETAINER, "channel": "email", "department": "Housing"}
    housing = web.post("/api/cases", json=body, headers={"X-CSRF-Token": token}).json()
    assert web.get(f"/api/cases/{housing['case_id']}").json()["department"] == "Housing"


def test_bad_input_names_the_field(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    headers = {"X-CSRF-Token": token}
    pigeon = web.post("/api/cases", json={"request": DETAINER, "channel": "pigeon"}, headers=headers)
    assert pigeon.status_code == 422
    assert pigeon.json()["status"] == 422
    assert "channel" in pigeon.json()["error"]
    late = web.post("/api/cases", json={"request": DETAINER, "channel": "fax", "received": "someday"}, headers=headers)
    assert late.status_code == 422
    assert "received" in late.json()["error"]
    missing = web.post("/api/cases", json={"channel": "fax"}, headers=headers)
    assert missing.status_code == 422
    assert "request" in missing.json()["error"]
    unknown = web.get("/api/cases/ffffffffffffffffffffffffffffffff")
    assert unknown.status_code == 404
    assert unknown.json()["status"] == 404
    assert "ffffffffffffffffffffffffffffffff" in unknown.json()["error"]


def test_post_needs_the_csrf_header(web: TestClient) -> None:
    as_role(web, "front_desk")
    refused = web.post("/api/cases", json={"request": DETAINER, "channel": "fax"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]
    assert web.get("/api/cases").json() == []


def test_counsel_queue_decision_and_duties(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    referred = new_case(web, token, UNSETTLED, channel="email")
    assert referred["decision"]["outcome"] == "refer"
    declined = new_case(web, token, DETAINER)
    assert web.get("/api/queue").status_code == 403
    counsel = as_role(web, "counsel")
    headers = {"X-CSRF-Token": counsel}
    queue = web.get("/api/queue").json()
    assert [case["id"] for case in queue] == [referred["case_id"]]
    wrong = web.post(
        f"/api/cases/{referred['case_id']}/decision", json={"outcome": "maybe", "reason": "x"}, headers=headers
    )
    assert wrong.status_code == 422
    assert "outcome" in wrong.json()["error"]
    blank = web.post(
        f"/api/cases/{referred['case_id']}/decision", json={"outcome": "decline", "reason": " "}, headers=headers
    )
    assert blank.status_code == 422
    assert "reason" in blank.json()["error"]
    decided = web.post(
        f"/api/cases/{referred['case_id']}/decision",
        json={"outcome": "decline", "reason": "No judicial warrant."},
        headers=headers,
    )
    assert decided.status_code == 200, decided.text
    assert [entry["kind"] for entry in decided.json()["entries"]] == ["decided_by_counsel"]
    assert web.get("/api/queue").json() == []
    case = web.get(f"/api/cases/{declined['case_id']}").json()
    assert case["obligations"], case
    duty = case["obligations"][0]["id"]
    done = web.post(f"/api/cases/{declined['case_id']}/duties/{duty}/done", headers=headers)
    assert done.status_code == 200, done.text
    assert [entry["kind"] for entry in done.json()["entries"]] == ["obligation_done"]
    again = web.post(f"/api/cases/{declined['case_id']}/duties/{duty}/done", headers=headers)
    assert again.status_code == 422
    nothing = web.post(f"/api/cases/{declined['case_id']}/duties/no_such_duty/done", headers=headers)
    assert nothing.status_code == 404
    assert "no_such_duty" in nothing.json()["error"]


@pytest.mark.parametrize("role", ROLES)
def test_case_api_by_role(web: TestClient, role: str) -> None:
    token = as_role(web, "admin")
    made = new_case(web, token, UNSETTLED)
    token = as_role(web, role)
    headers = {"X-CSRF-Token": token}
    gets = {"/api/cases": STAFF, f"/api/cases/{made['case_id']}": STAFF, "/api/queue": COUNSEL}
    for path, allowed in gets.items():
        assert web.get(path).status_code == (200 if role in allowed else 403), path
    posts = {
        "/api/cases": (STAFF, {"request": DETAINER, "channel": "letter"}),
        f"/api/cases/{made['case_id']}/decision": (COUNSEL, {"outcome": "comply", "reason": "Counsel agrees."}),
    }
    for path, (allowed, body) in posts.items():
        status = web.post(path, json=body, headers=headers).status_code
        assert status in ({200, 201} if role in allowed else {403}), path
    web.cookies.clear()
    assert web.get("/api/cases").status_code == 401


def test_every_case_call_is_documented(web: TestClient) -> None:
    as_role(web, "auditor")
    paths = web.get("/openapi.json").json()["paths"]
    expected = {
        ("/api/cases", "post"),
        ("/api/cases", "get"),
        ("/api/cases/{case_id}", "get"),
        ("/api/queue", "get"),
        ("/api/cases/{case_id}/decision", "post"),
        ("/api/cases/{case_id}/duties/{obligation_id}/done", "post"),
    }
    for path, method in expected:
        assert paths[path][method]["summary"], (path, method)


#: The new account's row on the accounts page: its name, then its role and language in words.
ADMIN_ROW_DESK2 = (
    f'<th scope="row" translate="no">desk2</th> <td>{label("role", "front_desk")}</td> '
    f"<td>{label('language', 'es')}</td>"
)


def test_admin_lists_creates_and_disables_accounts(web: TestClient) -> None:
    token = as_role(web, "admin")
    page = web.get("/admin/users")
    assert page.status_code == 200
    for role in ROLES:
        assert f"<td>{label('role', role)}</td>" in page.text
    short = web.post(
        "/admin/users",
        data={"name": "desk2", "role": "front_desk", "language": "es", "password": "short", "csrf_token": token},
    )
    assert short.status_code == 422
    assert "12 characters" in short.text
    assert 'value="desk2"' in short.text  # nothing entered is lost but the password
    assert (
        web.post("/admin/users", data={"name": "desk2", "role": "front_desk", "password": PASSWORD}).status_code == 403
    )
    created = web.post(
        "/admin/users",
        data={"name": "desk2", "role": "front_desk", "language": "es", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert created.status_code == 303
    assert ADMIN_ROW_DESK2 in " ".join(web.get("/admin/users").text.split())
    taken = web.post(
        "/admin/users", data={"name": "desk2", "role": "counsel", "password": PASSWORD, "csrf_token": token}
    )
    assert taken.status_code == 422
    # desk2 logs in elsewhere; disabling the account ends that session.
    other = TestClient(web.app, base_url="https://testserver")
    assert login(other, "desk2").status_code == 200
    assert other.get("/api/session").json()["language"] == "es"
    assert web.post("/admin/users/desk2/disable", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert other.get("/api/session").status_code == 401
    assert login(other, "desk2").status_code == 401
    assert ADMIN_ROW_DESK2 in " ".join(web.get("/admin/users").text.split())
    assert web.post("/admin/users/desk2/disable", data={"csrf_token": token}).status_code == 422
    assert web.post("/admin/users/admin/disable", data={"csrf_token": token}).status_code == 422
    assert web.get("/api/session").status_code == 200


def test_accounts_api(web: TestClient) -> None:
    token = as_role(web, "admin")
    headers = {"X-CSRF-Token": token}
    listed = web.get("/api/users").json()
    assert {account["name"] for account in listed} == set(ROLES)
    assert all("password" not in str(account) for account in listed)
    new = {"name": "desk3", "role": "front_desk", "password": PASSWORD, "language": "es"}
    assert web.post("/api/users", json=new).status_code == 403  # no CSRF token
    created = web.post("/api/users", json=new, headers=headers)
    assert created.status_code == 201
    assert created.json() == {"name": "desk3", "role": "front_desk", "language": "es", "disabled": False}
    taken = web.post("/api/users", json=new, headers=headers)
    assert taken.status_code == 422
    assert "already exists" in taken.json()["error"]
    weak = web.post("/api/users", json={**new, "name": "desk4", "password": "short"}, headers=headers)
    assert weak.status_code == 422
    assert "12 characters" in weak.json()["error"]
    role = web.post("/api/users", json={**new, "name": "desk4", "role": "mayor"}, headers=headers)
    assert role.status_code == 422
    assert "front_desk" in role.json()["error"]
    disabled = web.post("/api/users/desk3/disable", headers=headers)
    assert disabled.status_code == 200
    assert disabled.json()["disabled"] is True
    assert web.post("/api/users/desk3/disable", headers=headers).status_code == 422  # already disabled
    assert web.post("/api/users/nobody/disable", headers=headers).status_code == 404
    own = web.post("/api/users/admin/disable", headers=headers)
    assert own.status_code == 422
    assert "your own account" in own.json()["error"]


def test_admin_page_in_spanish(web: TestClient) -> None:
    token = as_role(web, "admin")
    web.post("/language", data={"language": "es", "next": "/admin/users", "csrf_token": token})
    page = web.get("/admin/users")
    assert "Crear una cuenta" in page.text
    assert f"<td>{label('role', 'front_desk', 'es')}</td>" in page.text


@pytest.mark.parametrize("role", [role for role in ROLES if role != "admin"])
def test_only_admin_manages_accounts(web: TestClient, role: str) -> None:
    token = as_role(web, role)
    assert web.get("/admin/users", follow_redirects=False).status_code == 403
    data = {"name": "x2", "role": "admin", "password": PASSWORD, "csrf_token": token}
    assert web.post("/admin/users", data=data).status_code == 403
    assert web.post("/admin/users/admin/disable", data={"csrf_token": token}).status_code == 403
    headers = {"X-CSRF-Token": token}
    assert web.get("/api/users").status_code == 403
    assert (
        web.post("/api/users", json={"name": "x2", "role": "admin", "password": PASSWORD}, headers=headers).status_code
        == 403
    )
    assert web.post("/api/users/admin/disable", headers=headers).status_code == 403
    assert "/admin/users" not in web.get("/").text
    web.cookies.clear()
    assert web.get("/admin/users", follow_redirects=False).status_code == 303

"""Accounts for admins (reset, re-enable, role, confirmed disabling) and the ledger page, over HTTP.

Real database (the records fixtures); the ledger is verified after the admin actions it records.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sanctuary.records.pseudonyms import staff_pseudonym
from sanctuary.services.site import LEDGER_PAGE, ROLES, Limits
from sanctuary.web import WebSettings, create_app

PASSWORD = "correct horse battery"  # noqa: S105 - a test account's password
NEW_PASSWORD = "lantern orchard fiddle"  # noqa: S105
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
HOLD = {"action": "hold", "setting": "jail", "requester": {"kind": "federal_immigration"}}


@pytest.fixture
def web(records_settings: Any) -> Iterator[TestClient]:
    app = create_app(WebSettings(records=records_settings, limits=Limits()))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD, language="es" if role == "auditor" else "en")
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def login(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    client.cookies.clear()
    token = CSRF.search(client.get("/login").text)
    assert token is not None
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token.group(1)})


def as_role(client: TestClient, name: str) -> str:
    response = login(client, name)
    assert response.status_code == 200, response.text
    return str(client.get("/api/session").json()["csrf_token"])


def test_disabling_asks_first_and_can_be_undone(web: TestClient) -> None:
    token = as_role(web, "admin")
    listing = web.get("/admin/users").text
    assert 'href="/admin/users/counsel/disable"' in listing
    for shown in ("Counsel", "Administrator", "Spanish"):  # labels, not codes
        assert shown in listing
    confirm = web.get("/admin/users/counsel/disable")
    assert confirm.status_code == 200
    assert "Yes, disable this account" in confirm.text
    assert login(web, "counsel").status_code == 200  # asking changed nothing
    token = as_role(web, "admin")
    done = web.post("/admin/users/counsel/disable", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert login(web, "counsel").status_code == 401
    token = as_role(web, "admin")
    assert "Enable again" in web.get("/admin/users").text
    web.post("/admin/users/counsel/enable", data={"csrf_token": token})
    assert login(web, "counsel").status_code == 200
    token = as_role(web, "admin")
    again = web.post("/admin/users/counsel/enable", data={"csrf_token": token})
    assert again.status_code == 422
    assert "no disabled account" in again.text
    assert "cannot disable your own" in web.get("/admin/users/admin/disable").text
    assert web.get("/admin/users/nobody/disable").status_code == 404


def test_reset_password_forces_a_new_one_at_login(web: TestClient) -> None:
    token = as_role(web, "admin")
    page = web.post("/admin/users/front_desk/reset", data={"csrf_token": token})
    assert page.status_code == 200
    found = re.search(r'<code class="wrap">([^<]+)</code>', page.text)
    assert found is not None
    one_time = found.group(1)
    assert login(web, "front_desk").status_code == 401  # the old password is gone
    assert login(web, "front_desk", one_time).status_code == 200
    # Every page but the password page sends them there; the API says why.
    moved = web.get("/try", follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"].startswith("/account/password")
    assert "administrator reset your password" in web.get("/account/password").text
    api = web.post("/api/decide", json=HOLD, headers={"X-CSRF-Token": web.get("/api/session").json()["csrf_token"]})
    assert api.status_code == 403
    assert "reset your password" in api.json()["error"]
    csrf = web.get("/api/session").json()["csrf_token"]
    changed = web.post(
        "/account/password",
        data={"csrf_token": csrf, "current": one_time, "new": NEW_PASSWORD, "again": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert web.get("/try").status_code == 200
    assert login(web, "front_desk", NEW_PASSWORD).status_code == 200
    token = as_role(web, "admin")
    assert web.post("/admin/users/admin/reset", data={"csrf_token": token}).status_code == 422


def test_role_change_takes_effect_at_once(web: TestClient) -> None:
    token = as_role(web, "admin")
    other = TestClient(web.app, base_url="https://testserver")
    as_role(other, "auditor")
    assert other.get("/reports").status_code == 200
    changed = web.post("/admin/users/auditor/role", data={"csrf_token": token, "role": "front_desk"})
    assert changed.status_code == 200
    assert other.get("/reports").status_code == 403
    bad = web.post("/admin/users/auditor/role", data={"csrf_token": token, "role": "king"})
    assert bad.status_code == 422
    assert "not known" in bad.text
    own = web.post("/admin/users/admin/role", data={"csrf_token": token, "role": "auditor"})
    assert own.status_code == 422
    assert web.post("/admin/users/auditor/role", data={"role": "admin"}).status_code == 403  # CSRF


def test_admin_actions_are_in_the_ledger_by_pseudonym_only(web: TestClient) -> None:
    token = as_role(web, "admin")
    web.post(
        "/admin/users",
        data={"csrf_token": token, "name": "maria.lopez", "role": "counsel", "language": "es", "password": PASSWORD},
    )
    web.post("/admin/users/maria.lopez/role", data={"csrf_token": token, "role": "auditor"})
    web.post("/admin/users/maria.lopez/disable", data={"csrf_token": token})
    site = web.app.state.site  # type: ignore[attr-defined]
    entries = [e for e in site.store.ledger.entries() if e.kind == "account_changed"]
    assert [e.fields()["change"] for e in entries] == ["created", "role_changed", "disabled"]
    secret = site.store.keys.pseudonym_secret()
    assert {e.fields()["account"] for e in entries} == {staff_pseudonym(secret, "maria.lopez")}
    assert all(e.fields()["by"] == staff_pseudonym(secret, "admin") for e in entries)
    assert not any("maria" in e.payload for e in entries)
    assert site.store.verify().ok
    ledger = web.get("/ledger").text
    assert "Account changed by an administrator: Role changed" in ledger
    assert "maria" not in ledger


@pytest.mark.parametrize("role", ROLES)
def test_ledger_page_lists_entries_paged_and_anyone_downloads_the_export(web: TestClient, role: str) -> None:
    site = web.app.state.site  # type: ignore[attr-defined]
    for _ in range(LEDGER_PAGE + 5):
        site.store.cases.open_case(HOLD, department="County Jail")
    size = site.store.ledger.head().size
    assert size > LEDGER_PAGE
    as_role(web, role)
    first = web.get("/ledger").text
    assert re.search(rf"(page|página) 1 (of|de) {-(-size // LEDGER_PAGE)}", first)
    assert f"<td>{size - 1}</td>" in first
    assert f"<td>{size - LEDGER_PAGE}</td>" in first
    assert ("Caso abierto" if role == "auditor" else "Case opened") in first  # the auditor reads Spanish
    assert re.search(r"<td>LA-\d{4}-\d{6}</td>", first)
    assert "County Jail" not in first  # kinds, times and numbers only
    last = web.get("/ledger", params={"page": "99"}).text
    assert "<td>0</td>" in last
    assert "sanctuary ledger verify" in first
    export = web.get("/ledger/export")
    assert export.status_code == 200
    assert export.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(export.content)) as bundle:
        assert sorted(bundle.namelist()) == ["checkpoint.txt", "ledger.jsonl", "ledger.pub"]
        lines = bundle.read("ledger.jsonl").decode().splitlines()
    assert len(lines) == size
    assert json.loads(lines[0])["index"] == 0

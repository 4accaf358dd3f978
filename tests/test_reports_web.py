"""The Reports page: auditors and admins choose a kind and period, view HTML, download CSV/JSON/PDF."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app

PASSWORD = "correct horse battery"  # noqa: S105 - a test account's password
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
HOLD = {"action": "hold", "setting": "jail", "requester": {"kind": "federal_immigration"}}


#: A moment in the month before this one, and the year it falls in (the period the tests report).
LAST_MONTH = dt.datetime.now(dt.UTC).replace(day=1, hour=12, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
YEAR = str(LAST_MONTH.year)


@pytest.fixture
def web(records_settings: Any) -> Iterator[TestClient]:
    app = create_app(WebSettings(records=records_settings, limits=Limits()))
    site = app.state.site
    for role in ROLES:
        site.accounts.add_user(role, role, PASSWORD, language="es" if role == "auditor" else "en")
    # Reports count whole months: the cases and their checkpoint belong to last month.
    site.store.cases.clock = site.store.ledger.clock = lambda: LAST_MONTH
    for i in range(30):
        site.store.cases.open_case(HOLD, department="LAPD" if i % 2 else None)
    site.store.ledger.checkpoint()
    site.store.cases.clock = site.store.ledger.clock = lambda: dt.datetime.now(dt.UTC)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def as_role(client: TestClient, role: str) -> str:
    client.cookies.clear()
    page = client.get("/login")
    token = CSRF.search(page.text)
    assert token is not None
    response = client.post("/login", data={"name": role, "password": PASSWORD, "csrf_token": token.group(1)})
    assert response.status_code == 200, response.text
    found = CSRF.search(client.get("/").text)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("role", ROLES)
def test_only_auditors_and_admins(web: TestClient, role: str) -> None:
    token = as_role(web, role)
    allowed = role in {"auditor", "admin"}
    page = web.get("/reports")
    assert page.status_code == (200 if allowed else 403)
    assert ('href="/reports"' in web.get("/").text) == allowed
    year = YEAR
    made = web.post("/reports", data={"csrf_token": token, "kind": "council", "period": year, "format": "json"})
    assert made.status_code == (200 if allowed else 403)


def test_view_and_download(web: TestClient) -> None:
    token = as_role(web, "auditor")
    page = web.get("/reports")
    assert "Informes" in page.text
    assert 'name="period"' in page.text
    year = YEAR
    form = {"csrf_token": token, "kind": "council", "period": year}
    shown = web.post("/reports", data={**form, "format": "html"})
    assert shown.status_code == 200
    assert shown.headers["content-type"].startswith("text/html")
    assert "style-src 'sha256-" in shown.headers["content-security-policy"]
    assert "<svg" in shown.text
    # The auditor reads Spanish, so the report comes in Spanish unless another language is chosen.
    assert '<html lang="es">' in shown.text
    assert "Punto de control firmado del registro" in shown.text
    assert '<nav class="back"><a href="/reports">' in shown.text
    english = web.post("/reports", data={**form, "format": "html", "lang": "en"})
    assert "Signed ledger checkpoint" in english.text
    assert "@page{size:letter" in english.text
    a4 = web.post("/reports", data={**form, "format": "html", "lang": "en", "paper": "a4"})
    assert "@page{size:A4" in a4.text
    assert english.headers["content-security-policy"] != a4.headers["content-security-policy"]
    wrong = web.post("/reports", data={**form, "format": "html", "lang": "fr"})
    assert wrong.status_code == 422
    assert "los permitidos son: en, es" in wrong.text  # in the auditor's Spanish
    data = web.post("/reports", data={**form, "format": "json"})
    assert "attachment" in data.headers["content-disposition"]
    body = json.loads(data.content)
    assert body["populations"][0]["total"]["value"] == 30
    assert body["checkpoint"] is not None
    rows = web.post("/reports", data={**form, "format": "csv"}).text.splitlines()
    assert rows[0].startswith("kind,period,period_start")
    pdf = web.post("/reports", data={**form, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"


def test_bad_input_and_missing_token(web: TestClient) -> None:
    token = as_role(web, "admin")
    bad = web.post("/reports", data={"csrf_token": token, "kind": "budget", "period": "2025", "format": "html"})
    assert bad.status_code == 422
    assert "There is no report kind" in bad.text
    assert 'role="alert"' in bad.text
    future = web.post("/reports", data={"csrf_token": token, "kind": "council", "period": "2999", "format": "csv"})
    assert future.status_code == 422
    assert "has not begun" in future.text
    forged = web.post("/reports", data={"kind": "council", "period": "2025", "format": "csv"})
    assert forged.status_code == 403


def test_reports_api_answers_as_the_command_does(web: TestClient) -> None:
    as_role(web, "auditor")
    year = YEAR
    made = web.get(f"/api/reports/council?period={year}")
    assert made.status_code == 200
    assert made.headers["content-type"] == "application/json"
    assert made.json()["kind"] == "council"
    page = web.post("/reports", data={"csrf_token": as_role(web, "admin"), "kind": "council", "period": year})
    assert page.status_code == 200
    csv = web.get(f"/api/reports/council?period={year}&format=csv")
    assert "attachment" in csv.headers["content-disposition"]
    assert csv.headers["content-type"].startswith("text/csv")
    unknown = web.get(f"/api/reports/budget?period={year}")
    assert unknown.status_code == 422
    assert "There is no report kind" in unknown.json()["error"]
    bad_period = web.get("/api/reports/council?period=last-year")
    assert bad_period.status_code == 422
    assert "2025Q3" in bad_period.json()["error"]
    missing = web.get("/api/reports/council")
    assert missing.status_code == 422
    assert "period" in missing.json()["error"]
    as_role(web, "front_desk")
    assert web.get(f"/api/reports/council?period={year}").status_code == 403


def test_differentially_private_reports_from_the_page_and_the_api(web: TestClient) -> None:
    token = as_role(web, "auditor")
    year = YEAR
    form = {"csrf_token": token, "kind": "council", "period": year, "format": "json", "epsilon": "1.5"}
    noisy = web.post("/reports", data=form)
    assert noisy.status_code == 200
    assert noisy.json()["privacy"]["dp"]["epsilon"] == 1.5
    by_api = web.get(f"/api/reports/council?period={year}&epsilon=1.5")
    assert by_api.status_code == 200
    assert by_api.json()["privacy"]["dp"]["epsilon"] == 1.5
    exact = web.get(f"/api/reports/council?period={year}")
    assert "dp" not in exact.json()["privacy"]
    words = web.post("/reports", data={**form, "epsilon": "a lot"})
    assert words.status_code == 422
    assert "no es un número" in words.text
    assert 'value="a lot"' in words.text  # the form comes back as sent
    negative = web.get(f"/api/reports/council?period={year}&epsilon=-1")
    assert negative.status_code == 422
    assert "positive" in negative.json()["error"]

"""Values that used to end in a 500 are each a 4xx with one message.

Deeply nested JSON, integers over 4,300 digits, ``period=0000``, document numbers past the
database's integer range and NUL characters (in a login name, where PostgreSQL refuses them in
text, or in an address) — and the connection stays usable afterwards. Run on SQLite, and on
PostgreSQL when SANCTUARY_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

from typing import Any

import pytest
from web_helpers import HOLD, client, csrf_of, login, make_app

DEEP = "[" * 100_000 + "]" * 100_000
HUGE = "9" * 5000


@pytest.fixture
def app(records_settings: Any) -> Any:
    return make_app(records_settings)


def still_serving(web: Any) -> None:
    """The app, and its database connections, still answer an ordinary request."""
    assert web.get("/api/cases").status_code == 200
    assert web.post("/api/decide", json=HOLD, headers={"X-CSRF-Token": csrf_of(web)}).status_code == 200


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/decide", DEEP),
        ("/api/decide", '{"action": "hold", "x": ' + "[" * 5000 + "]" * 5000 + "}"),
        ("/api/decide", '{"action": ' + HUGE + "}"),
        ("/api/cases", '{"request": ' + DEEP + "}"),
        ("/api/cases", '{"request": {}, "channel": ' + HUGE + "}"),
        ("/api/users", '{"name": "x", "role": "admin", "password": ' + HUGE + "}"),
        ("/api/cases/00000000000000000000000000000000/decision", DEEP),
    ],
)
def test_hostile_json_is_a_4xx_with_one_message(app: Any, path: str, body: str) -> None:
    web = client(app)
    assert login(web, "admin").status_code == 303
    token = csrf_of(web)
    response = web.post(path, content=body, headers={"content-type": "application/json", "X-CSRF-Token": token})
    assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:200])
    assert isinstance(response.json()["error"], str)
    still_serving(web)


@pytest.mark.parametrize("period", ["0000", "0000Q1", "2025-01-01..9999-12-31"])
def test_a_period_outside_the_calendar_is_refused(app: Any, period: str) -> None:
    web = client(app)
    assert login(web, "auditor").status_code == 303
    api = web.get("/api/reports/transparency", params={"period": period})
    assert api.status_code == 422
    assert period in api.json()["error"]
    page = web.post("/reports", data={"kind": "transparency", "period": period, "csrf_token": csrf_of(web)})
    assert page.status_code == 422
    assert web.get("/api/reports/transparency", params={"period": "2025"}).status_code == 200


@pytest.mark.parametrize("number", [2**31, 2**63, 10**30, 0])
def test_document_numbers_past_the_database_range_are_refused(app: Any, number: int) -> None:
    web = client(app)
    assert login(web, "counsel").status_code == 303
    made = web.post("/api/cases", json={"request": HOLD, "channel": "fax"}, headers={"X-CSRF-Token": csrf_of(web)})
    case_id = made.json()["case_id"]
    response = web.get(f"/cases/{case_id}/documents/{number}", headers={"accept": "application/json"})
    assert response.status_code == 422
    assert "document_id" in response.json()["error"]
    assert web.get(f"/cases/{case_id}/documents/2147483647").status_code == 404  # in range, not there
    still_serving(web)


def test_a_nul_in_a_login_name_is_a_wrong_login_and_the_database_stays_usable(app: Any) -> None:
    web = client(app)
    for name in ("adm\x00in", "\x00", "admin\x00' OR 1=1 --"):
        refused = login(web, name, "whatever password")
        assert refused.status_code == 401
        assert "The name or the password is wrong." in refused.text
    other = client(app, "192.0.2.77")
    assert login(other, "admin").status_code == 303  # the pool's connections were not broken
    still_serving(other)


def test_a_nul_in_the_address_is_refused(app: Any) -> None:
    web = client(app)
    assert login(web, "counsel").status_code == 303
    for path in ("/api/cases/abc%00def", "/api/reports/transparency?period=2025%00"):
        response = web.get(path)
        assert response.status_code == 400
        assert "NUL" in response.json()["error"]
    still_serving(web)

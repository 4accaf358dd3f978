"""The web app over HTTP: every route for every role, CSRF, login limits, sessions, headers, uploads.

Each test gets a fresh, migrated records database (SQLite, and PostgreSQL when
SANCTUARY_TEST_DATABASE_URL is set) through the records fixtures in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import sanctuary
from sanctuary.cli import app as cli_app
from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app
from sanctuary.web.i18n import load_catalogs

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = sorted((ROOT / "examples" / "requests").iterdir())
PAPER = ROOT / "examples" / "papers" / "federal-arrest-warrant-ao442.txt"
TEMPLATES = ROOT / "src" / "sanctuary" / "web" / "templates"
PASSWORD = "correct horse battery"  # noqa: S105 - a test account's password
#: Papers read in these tests answer on the page itself; the progress page has tests of its own.
READ_AT_ONCE = 120.0
DAY = "2026-06-01"
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
HOLD = {
    "action": "hold",
    "setting": "jail",
    "requester": {"kind": "federal_immigration"},
    "instrument": {"type": "detainer"},
}

#: Who may use what (everything else is 403): the deny-by-default matrix under test.
PAGES = {
    "/": set(ROLES),
    "/law": set(ROLES),
    "/law/us-ca-los-angeles": set(ROLES),
    "/try": set(ROLES),
    "/read": {"front_desk", "counsel", "admin"},
    "/ledger": set(ROLES),
    "/docs": set(ROLES),
}
API_GET = {
    "/api/session": set(ROLES),
    "/api/packs": set(ROLES),
    "/api/packs/us-ca/rules": set(ROLES),
    "/openapi.json": set(ROLES),
    "/api/ledger/checkpoint": {"counsel", "auditor", "admin"},
}
API_POST = {"/api/decide": set(ROLES), "/api/read": {"front_desk", "counsel", "admin"}}


class Clock:
    """A clock the test moves forward, for session expiry and the login window."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def web(records_settings: Any, clock: Clock) -> Iterator[TestClient]:
    """A client over HTTPS (Secure cookies are sent) on an app with one account per role."""
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=clock, answer_within=READ_AT_ONCE))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD, language="es" if role == "auditor" else "en")
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def login(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    page = client.get("/login")
    token = CSRF.search(page.text)
    assert token is not None
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token.group(1)})


def csrf_of(client: TestClient) -> str:
    token = client.get("/api/session").json()["csrf_token"]
    assert isinstance(token, str)
    return token


def as_role(client: TestClient, role: str) -> str:
    client.cookies.clear()
    response = login(client, role)
    assert response.status_code == 200, response.text
    return csrf_of(client)


def test_nothing_but_login_without_a_session(web: TestClient) -> None:
    for path in PAGES:
        response = web.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login"), path
    for path in API_GET:
        response = web.get(path)
        assert response.status_code == 401, path
        assert "log in" in response.json()["error"], path
    for path in API_POST:
        assert web.post(path, json={}).status_code in {401, 422}, path
    assert web.post("/api/decide", json=HOLD).status_code == 401
    assert web.get("/login").status_code == 200
    assert web.get("/static/style.css").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(web: TestClient, role: str) -> None:
    token = as_role(web, role)
    for path, allowed in {**PAGES, **API_GET}.items():
        response = web.get(path)
        assert response.status_code == (200 if role in allowed else 403), (role, path, response.status_code)
    decided = web.post("/api/decide", json=HOLD, headers={"X-CSRF-Token": token})
    assert decided.status_code == 200
    with PAPER.open("rb") as handle:
        read = web.post("/api/read", files={"file": (PAPER.name, handle)}, headers={"X-CSRF-Token": token})
    assert read.status_code == (200 if role in API_POST["/api/read"] else 403)
    if read.status_code == 403:
        assert "may not" in read.json()["error"]


def test_home_page_is_per_role(web: TestClient) -> None:
    as_role(web, "front_desk")
    home = web.get("/").text
    assert 'href="/read"' in home
    assert 'href="/reports"' not in home
    as_role(web, "auditor")
    assert 'href="/reports"' in web.get("/").text


def test_csrf_missing_or_invalid_is_refused_clearly(web: TestClient) -> None:
    as_role(web, "front_desk")
    missing = web.post("/try", data={"action": "hold"})
    assert missing.status_code == 403
    assert "CSRF" in missing.text
    assert "missing" in missing.text
    wrong = web.post("/try", data={"action": "hold", "csrf_token": "forged"})
    assert wrong.status_code == 403
    assert "not valid" in wrong.text
    api = web.post("/api/decide", json=HOLD)
    assert api.status_code == 403
    assert "CSRF" in api.json()["error"]
    api = web.post("/api/decide", json=HOLD, headers={"X-CSRF-Token": "forged"})
    assert api.status_code == 403
    assert web.post("/logout", data={}).status_code == 403
    web.cookies.clear()
    forged_login = web.post("/login", data={"name": "admin", "password": PASSWORD, "csrf_token": "x"})
    assert forged_login.status_code == 403
    assert "CSRF" in forged_login.text


def test_login_is_rate_limited_per_account_and_per_client(web: TestClient, clock: Clock) -> None:
    for _ in range(5):
        assert login(web, "counsel", "wrong password!").status_code == 401
    refused = login(web, "counsel")
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    # The same client trying other accounts is limited too.
    assert login(web, "admin").status_code == 429
    clock.advance(minutes=11)
    assert login(web, "counsel").status_code == 200


def test_wrong_password_and_unknown_account_read_the_same(web: TestClient) -> None:
    wrong = login(web, "admin", "not the password")
    unknown = login(web, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "The name or the password is wrong." in wrong.text
    assert "The name or the password is wrong." in unknown.text


def test_sessions_expire_when_idle_and_on_logout(web: TestClient, clock: Clock) -> None:
    token = as_role(web, "admin")
    clock.advance(minutes=20)
    assert web.get("/").status_code == 200  # activity moves the idle deadline on
    clock.advance(minutes=29)
    assert web.get("/api/session").status_code == 200
    clock.advance(minutes=31)
    expired = web.get("/api/session")
    assert expired.status_code == 401
    assert "expired" in expired.json()["error"]
    assert web.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    token = as_role(web, "admin")
    assert web.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert web.get("/api/session").status_code == 401


def test_a_session_ended_by_another_process_ends_here_within_seconds(web: TestClient, clock: Clock) -> None:
    """One process trusts sessions from memory for a few seconds; another process's logout reaches it after them."""
    from sqlalchemy import delete

    from sanctuary.records.accounts import SESSIONS

    as_role(web, "counsel")
    accounts = web.app.state.site.accounts  # type: ignore[attr-defined]
    with accounts.engine.begin() as connection:  # what another process's logout does
        connection.execute(delete(SESSIONS))
    assert web.get("/api/session").status_code == 200
    clock.advance(seconds=Limits().session_cache.total_seconds())
    assert web.get("/api/session").status_code == 401


def test_without_the_session_cache_another_process_logout_holds_at_once(records_settings: Any) -> None:
    """The app of several workers reads the session on every request: another worker's logout holds at once."""
    from sqlalchemy import delete

    from sanctuary.records.accounts import SESSIONS

    app = create_app(WebSettings(records=records_settings, limits=Limits(session_cache=dt.timedelta(0))))
    app.state.site.accounts.add_user("counsel", "counsel", PASSWORD)
    with TestClient(app, base_url="https://testserver") as web:
        login(web, "counsel")
        assert web.get("/api/session").status_code == 200
        with app.state.site.accounts.engine.begin() as connection:  # what another worker's logout does
            connection.execute(delete(SESSIONS))
        assert web.get("/api/session").status_code == 401


def test_disabling_an_account_ends_its_sessions_at_once(web: TestClient) -> None:
    as_role(web, "counsel")
    assert web.get("/api/session").status_code == 200
    web.app.state.site.accounts.disable("counsel")  # type: ignore[attr-defined]
    assert web.get("/api/session").status_code == 401


def test_session_cookie_is_secure_httponly_lax(web: TestClient) -> None:
    response = login(web, "admin")
    cookie = next(h for h in response.history[0].headers.get_list("set-cookie") if h.startswith("sanctuary_session="))
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


def test_security_headers_everywhere(web: TestClient) -> None:
    responses = [
        web.get("/login"),
        web.get("/api/session"),
        web.get("/no-such-page"),
        web.get("/queue", follow_redirects=False),
    ]
    token = as_role(web, "admin")
    decided = web.post("/api/decide", json={"action": "ask_status"}, headers={"X-CSRF-Token": token})
    assert decided.status_code == 200
    responses += [web.get("/"), web.get("/api/packs"), web.get("/docs"), decided, web.get("/static/style.css")]
    for response in responses:
        headers = response.headers
        assert "'unsafe-inline'" not in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["strict-transport-security"].startswith("max-age=")
    plain = TestClient(web.app, base_url="http://testserver").get("/login")
    assert "strict-transport-security" not in plain.headers


def test_pages_have_no_inline_script_or_style(web: TestClient) -> None:
    as_role(web, "admin")
    for path in ("/", "/try", "/read", "/ledger"):
        page = web.get(path).text
        for inline in ("<script", "style=", "onclick"):
            assert inline not in page, path
        assert re.findall(r'<input id="([^"]+)"', page) == [
            name for name in re.findall(r'<input id="([^"]+)"', page) if f'for="{name}"' in page
        ], path


def test_uploads_of_wrong_type_or_size_are_refused(web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    token = as_role(web, "front_desk")
    wrong = web.post("/read", data={"csrf_token": token}, files={"paper": ("paper.exe", b"MZ...")})
    assert wrong.status_code == 422
    assert "cannot be read" in wrong.text
    assert ".pdf" in wrong.text
    api = web.post("/api/read", files={"file": ("paper.docx", b"x")}, headers={"X-CSRF-Token": token})
    assert api.status_code == 422
    assert "supported types" in api.json()["error"]
    none = web.post("/read", data={"csrf_token": token}, files={"paper": ("", b"")})
    assert none.status_code == 422
    monkeypatch.setenv("SANCTUARY_MAX_DOCUMENT_MB", "0.01")
    big = b"x" * 20_000
    over = web.post("/api/read", files={"file": ("paper.txt", big)}, headers={"X-CSRF-Token": token})
    assert over.status_code == 422
    assert "larger than the limit" in over.json()["error"]
    huge = web.post("/api/read", files={"file": ("paper.txt", big * 10)}, headers={"X-CSRF-Token": token})
    assert huge.status_code == 413
    assert "too large" in huge.json()["error"]
    assert huge.headers["x-content-type-options"] == "nosniff"  # refused before the app, still guarded


def test_read_page_shows_the_verdict_first(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    page = web.post("/read", data={"csrf_token": token}, files={"paper": (PAPER.name, PAPER.read_bytes())}).text
    expected = sanctuary.read(PAPER).verdict
    main = page[page.index("<main") :]
    assert main.index('id="verdict"') < main.index("<form")
    assert expected.split(".")[0] in page


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.name)
def test_api_decide_equals_the_library(web: TestClient, path: Path) -> None:
    token = as_role(web, "counsel")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    api = web.post(f"/api/decide?on={DAY}", json=raw, headers={"X-CSRF-Token": token})
    assert api.status_code == 200
    assert api.json() == json.loads(json.dumps(sanctuary.decide(raw, on=DAY).model_dump(mode="json")))
    with_pack = web.post(f"/api/decide?on={DAY}&pack=us-ca", json=raw, headers={"X-CSRF-Token": token})
    assert with_pack.json() == sanctuary.decide(raw, pack="us-ca", on=DAY).model_dump(mode="json")


def test_api_errors_name_the_field(web: TestClient) -> None:
    token = as_role(web, "counsel")
    bad = web.post("/api/decide", json={"action": "fly"}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 422
    assert "'action'" in bad.json()["error"]
    assert "hold" in bad.json()["error"]
    date = web.post("/api/decide?on=yesterday", json=HOLD, headers={"X-CSRF-Token": token})
    assert date.status_code == 422
    assert "'on'" in date.json()["error"]
    garbled = web.post(
        "/api/decide", content=b"{not json", headers={"X-CSRF-Token": token, "content-type": "application/json"}
    )
    assert garbled.status_code == 422
    assert "Traceback" not in garbled.text
    assert "not valid JSON (line 1, column 2)" in garbled.json()["error"]
    listed = web.post("/api/decide", json=[HOLD], headers={"X-CSRF-Token": token})
    assert listed.status_code == 422
    assert listed.json()["error"] == "The request body is a JSON list; send one JSON object."
    pack = web.post("/api/decide?pack=atlantis", json=HOLD, headers={"X-CSRF-Token": token})
    assert pack.status_code == 422
    assert "atlantis" in pack.json()["error"]


def test_api_packs_and_checkpoint(web: TestClient) -> None:
    as_role(web, "auditor")
    ids = {pack["id"] for pack in web.get("/api/packs").json()}
    assert {"us", "us-ca", "us-ca-los-angeles"} <= ids
    checkpoint = web.get("/api/ledger/checkpoint").json()
    assert checkpoint["verification"]["ok"] is True
    assert checkpoint["note"].startswith(checkpoint["origin"])


def test_try_a_request_shows_the_decision_and_keeps_the_form(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    form = {
        "csrf_token": token,
        "pack": "us-ca-los-angeles",
        "on": DAY,
        "action": "hold",
        "setting": "jail",
        "requester_kind": "federal_immigration",
        "instrument_type": "detainer",
        "requester_agency": "ICE ERO",
    }
    page = web.post("/try", data=form).text
    decision = sanctuary.decide(HOLD, pack="us-ca-los-angeles", on=DAY)
    assert f'data-outcome="{decision.outcome.value}"' in page
    main = page[page.index("<main") :]
    assert main.index('id="outcome"') < main.index("<form")
    for reason in decision.reasons:
        assert reason.citation in page or reason.citation.replace("§", "&sect;") in page
    assert "How the rules were applied" in page
    bad = web.post("/try", data={**form, "on": "31/12/2025"})
    assert bad.status_code == 422
    assert "YYYY-MM-DD" in bad.text
    assert 'value="ICE ERO"' in bad.text
    assert '<option value="detainer" selected>' in bad.text


def test_spanish_pages(web: TestClient) -> None:
    as_role(web, "auditor")  # the auditor's language is Spanish
    page = web.get("/ledger").text
    assert '<html lang="es">' in page
    assert "Registro público" in page
    assert "Cómo cualquier persona" in page
    token = as_role(web, "front_desk")
    assert "Probar una solicitud" not in web.get("/").text
    web.post("/language", data={"csrf_token": token, "language": "es", "next": "/try"})
    assert "Probar una solicitud" in web.get("/try").text
    assert web.post("/language", data={"csrf_token": token, "language": "fr"}).status_code == 422
    web.cookies.clear()
    assert "Iniciar sesión" in web.get("/login", headers={"Accept-Language": "es-MX,es;q=0.9"}).text


def test_every_template_message_is_translated() -> None:
    spanish = load_catalogs()["es"]
    used = {m for path in TEMPLATES.glob("*.html") for m in re.findall(r'_\("([^"]+)"\)', path.read_text())}
    assert used
    assert not sorted(used - set(spanish))


def test_errors_are_pages_or_json_never_tracebacks(web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    as_role(web, "admin")
    site = web.app.state.site  # type: ignore[attr-defined]

    def broken() -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(site, "packs", broken)
    client = TestClient(web.app, base_url="https://testserver", raise_server_exceptions=False)
    client.cookies.update(web.cookies)
    page = client.get("/try")
    api = client.get("/api/packs")
    for response in (page, api):
        assert response.status_code == 500
        assert "Traceback" not in response.text
        assert "secret internal detail" not in response.text
        assert "Something went wrong" in response.text
        assert response.headers["x-frame-options"] == "DENY"  # answered outside the middleware, still guarded
    assert api.json()["status"] == 500
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert "no such page" in missing.text


def test_login_redirects_only_to_local_paths(web: TestClient) -> None:
    page = web.get("/login?next=//evil.example/x")
    token = CSRF.search(page.text)
    assert token is not None
    assert 'name="next" value="/"' in page.text
    response = web.post(
        "/login",
        data={"name": "admin", "password": PASSWORD, "csrf_token": token.group(1), "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_demo_accounts_exist_only_in_demo_mode(records_settings: Any) -> None:
    plain = create_app(WebSettings(records=records_settings))
    with TestClient(plain, base_url="https://testserver") as client:
        assert plain.state.site.accounts.users() == []
        assert login(client, "front_desk", "demo-front-desk").status_code == 401
    demo = create_app(WebSettings(records=records_settings, demo=True))
    with TestClient(demo, base_url="https://testserver") as client:
        assert {name for name, _, _ in demo.state.demo_accounts} == set(ROLES)
        assert login(client, "front_desk", "demo-front-desk").status_code == 200
        assert len(demo.state.site.store.cases.list_cases(limit=1000)) > 100


def test_users_add_command(records_env: Any) -> None:
    runner = CliRunner()
    made = runner.invoke(
        cli_app, ["users", "add", "maria", "--role", "counsel", "--password-stdin"], input="a long enough secret\n"
    )
    assert made.exit_code == 0, made.output
    assert "maria" in made.stdout
    assert "a long enough secret" not in made.output
    again = runner.invoke(
        cli_app, ["users", "add", "maria", "--role", "counsel", "--password-stdin"], input="a long enough secret\n"
    )
    assert again.exit_code == 2
    assert "already exists" in again.output
    role = runner.invoke(cli_app, ["users", "add", "jo", "--role", "boss", "--password-stdin"], input="x" * 20 + "\n")
    assert role.exit_code == 2
    assert "front_desk" in role.output
    weak = runner.invoke(cli_app, ["users", "add", "jo", "--role", "admin", "--password-stdin"], input="short\n")
    assert weak.exit_code == 2
    assert "at least" in weak.output


def test_law_browser_lists_rules_with_citations_sources_and_tags(web: TestClient) -> None:
    as_role(web, "front_desk")
    rules = web.get("/api/packs/us-ca-los-angeles/rules").json()
    assert {"us", "us-ca", "us-ca-los-angeles"} <= {rule["pack"] for rule in rules}
    page = web.get("/law/us-ca-los-angeles").text
    for rule in rules:
        assert f'id="rule-{rule["pack"]}-{rule["id"]}"' in page
        assert f'href="{html.escape(rule["source"])}"' in page
    assert "us-ca-lausd" in web.get("/law").text
    missing = web.get("/law/atlantis")
    assert missing.status_code == 422
    assert "atlantis" in missing.text
    token = csrf_of(web)
    decided = web.post("/try", data={"csrf_token": token, "on": DAY, "action": "hold", "setting": "jail"}).text
    reason = sanctuary.decide({"action": "hold", "setting": "jail"}, on=DAY).reasons[0]
    assert f'href="/law/{reason.pack}#rule-{reason.pack}-{reason.rule}"' in decided


def test_api_docs_are_served_from_the_app_without_a_cdn(web: TestClient) -> None:
    as_role(web, "auditor")
    page = web.get("/docs")
    assert page.status_code == 200
    assert "https://" not in page.text  # no CDN, no outside favicon: the page loads on an offline network
    assert "https:" not in page.headers["content-security-policy"]
    assert "/static/swagger/swagger-ui-bundle.js" in page.text
    script = web.get("/static/swagger/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert web.get("/static/swagger/swagger-ui.css").status_code == 200


def test_openapi_describes_the_contract_request_and_every_reference_resolves(web: TestClient) -> None:
    as_role(web, "counsel")
    schema = web.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    body = schema["paths"]["/api/decide"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/Request"}
    assert "action" in components["Request"]["required"]
    assert {"pack", "on"} == {p["name"] for p in schema["paths"]["/api/decide"]["post"]["parameters"]}
    references = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(schema))
    assert references
    assert set(references) <= set(components), set(references) - set(components)

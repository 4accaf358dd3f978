"""Written intake, the case page, counsel's queue, duties and the printable TRUTH Act notices."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web import CSRF, PAPER, PASSWORD, Clock, as_role, csrf_of

from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app

CASE = re.compile(r"/cases/([0-9a-f]{32})")
DETAINER = {
    "channel": "fax",
    "action": "hold",
    "setting": "jail",
    "requester_kind": "federal_immigration",
    "instrument_type": "detainer",
}
#: Unsettled: the engine refers it to counsel.
UNSETTLED = {"channel": "email", "action": "enter_facility", "setting": "city_office"}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def web(records_settings: Any, clock: Clock) -> Iterator[TestClient]:
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=clock))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def store_of(client: TestClient) -> Any:
    return client.app.state.site.store  # type: ignore[attr-defined]


def intake(client: TestClient, token: str, fields: dict[str, Any], **files: Any) -> str:
    response = client.post("/intake", data={**fields, "csrf_token": token}, files=files or None, follow_redirects=False)
    assert response.status_code == 303, response.text
    found = CASE.search(response.headers["location"])
    assert found is not None
    return found.group(1)


def test_written_request_is_decided_with_due_dates_and_saved(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    assert web.get("/intake").status_code == 200
    case_id = intake(web, token, DETAINER)
    case = store_of(web).cases.get(case_id, reveal=True)
    assert case.outcome == "decline"
    assert [entry.kind for entry in case.timeline][:2] == ["case_opened", "decision_made"]
    assert case.note_texts
    assert "fax" in case.note_texts[0].text
    page = web.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert 'data-outcome="decline"' in page.text
    for duty in case.obligations:
        assert duty.id in page.text
        if duty.due_on is not None:
            assert str(duty.due_on) in page.text


def test_intake_with_a_paper_and_a_bad_form(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    refused = web.post("/intake", data={**DETAINER, "channel": "pigeon", "csrf_token": token})
    assert refused.status_code == 422
    assert "channel" in refused.text
    assert 'value="detainer" selected' in refused.text  # nothing entered is lost
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert web.post("/intake", data={**DETAINER, "received": future, "csrf_token": token}).status_code == 422
    with PAPER.open("rb") as handle:
        case_id = intake(web, token, {**DETAINER, "instrument_type": ""}, paper=(PAPER.name, handle, "text/plain"))
    case = store_of(web).cases.get(case_id)
    assert len(case.documents) == 1
    assert "document_attached" in [entry.kind for entry in case.timeline]
    wrong = web.post("/intake", data={**DETAINER, "csrf_token": token}, files={"paper": ("a.exe", b"MZ", "x/y")})
    assert wrong.status_code == 422


def test_counsel_queue_and_decision_in_the_ledger(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    first = intake(web, token, UNSETTLED)
    second = intake(web, token, {**UNSETTLED, "channel": "letter"})
    decided = intake(web, token, DETAINER)
    token = as_role(web, "counsel")
    queue = web.get("/queue")
    assert queue.status_code == 200
    assert first[:8] in queue.text
    assert second[:8] in queue.text
    assert decided[:8] not in queue.text
    page = web.get(f"/cases/{first}")
    assert "Record the decision" in page.text
    assert "Why: the rules in play" in page.text
    missing = web.post(f"/cases/{first}/decide", data={"csrf_token": token, "outcome": "comply"})
    assert missing.status_code == 422
    assert "reason" in missing.text
    done = web.post(
        f"/cases/{first}/decide",
        data={"csrf_token": token, "outcome": "decline", "reason": "Administrative warrant only."},
        follow_redirects=False,
    )
    assert done.status_code == 303
    case = store_of(web).cases.get(first, reveal=True)
    assert case.counsel_outcome == "decline"
    assert case.timeline[-1].kind == "decided_by_counsel"
    assert any("Administrative warrant only." in (note.text or "") for note in case.note_texts or [])
    assert "Administrative warrant only." in web.get(f"/cases/{first}").text
    assert first[:8] not in web.get("/queue").text
    assert web.post(f"/cases/{second}/decide", data={"outcome": "comply", "reason": "x"}).status_code == 403


def test_documents_download_for_counsel_only(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    with PAPER.open("rb") as handle:
        case_id = intake(web, token, UNSETTLED, paper=(PAPER.name, handle, "text/plain"))
    document = store_of(web).cases.get(case_id).documents[0]
    path = f"/cases/{case_id}/documents/{document.id}"
    assert web.get(path).status_code == 403
    as_role(web, "counsel")
    download = web.get(path)
    assert download.status_code == 200
    assert download.content == PAPER.read_bytes()
    assert "attachment" in download.headers["content-disposition"]
    missing = web.get(f"/cases/{case_id}/documents/{document.id + 100}")
    assert missing.status_code == 404
    assert "has no document" in missing.text
    assert web.get("/cases/ffffffffffffffffffffffffffffffff").status_code == 404


def test_duty_marked_done_goes_into_the_ledger(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, DETAINER)
    duties = store_of(web).cases.get(case_id).obligations
    assert duties
    duty = duties[0].id
    assert web.post(f"/cases/{case_id}/duties/{duty}", data={}).status_code == 403  # no CSRF token
    done = web.post(f"/cases/{case_id}/duties/{duty}", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    case = store_of(web).cases.get(case_id)
    assert case.obligations[0].done_at is not None
    assert case.timeline[-1].kind == "obligation_done"
    again = web.post(f"/cases/{case_id}/duties/{duty}", data={"csrf_token": token})
    assert again.status_code == 422
    assert "already done" in again.text


def test_truth_act_notices_in_english_and_spanish(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, DETAINER)
    english = web.get(f"/cases/{case_id}/notice/truth_notice?lang=en")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert "7283.1(b)" in english.text
    assert "does not intend to comply" in english.text
    spanish = web.get(f"/cases/{case_id}/notice/truth_notice?lang=es")
    # The notice is Spanish; the page around it stays in the staff member's own language.
    assert '<article class="notice" lang="es">' in spanish.text
    assert '<html lang="en">' in spanish.text
    assert "no tiene la intención de cumplir" in spanish.text
    consent = web.get(f"/cases/{case_id}/notice/consent?lang=es")
    assert "7283.1(a)" in consent.text
    assert "La entrevista es voluntaria" in consent.text
    assert "The interview is voluntary" in web.get(f"/cases/{case_id}/notice/consent?lang=en").text
    assert web.get(f"/cases/{case_id}/notice/consent?lang=fr").status_code == 422
    assert web.get(f"/cases/{case_id}/notice/other?lang=en").status_code == 422
    for inline in ("<script", "style="):
        assert inline not in english.text


@pytest.mark.parametrize("role", ROLES)
def test_case_routes_by_role(web: TestClient, role: str) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, DETAINER)
    token = as_role(web, role)
    staff = role != "auditor"
    counsel = role in {"counsel", "admin"}
    assert web.get("/intake").status_code == (200 if staff else 403)
    assert web.post("/intake", data={**DETAINER, "csrf_token": token}, follow_redirects=False).status_code == (
        303 if staff else 403
    )
    assert web.get(f"/cases/{case_id}").status_code == (200 if staff else 403)
    assert web.get(f"/cases/{case_id}/notice/consent").status_code == (200 if staff else 403)
    assert web.get("/queue").status_code == (200 if counsel else 403)
    assert web.post(f"/cases/{case_id}/decide", data={"csrf_token": token}).status_code == (422 if counsel else 403)
    home = web.get("/").text
    assert ('href="/queue"' in home) == counsel


def test_new_pages_are_labelled_and_have_no_inline_script(web: TestClient) -> None:
    token = as_role(web, "admin")
    case_id = intake(web, token, UNSETTLED)
    for path in ("/interview", "/intake", "/queue", f"/cases/{case_id}", f"/cases/{case_id}/notice/consent"):
        page = web.get(path)
        assert page.status_code == 200, path
        for inline in ("<script", "style=", "onclick"):
            assert inline not in page.text, path
        for name in re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page.text):
            assert f'for="{name}"' in page.text, (path, name)


def test_a_form_sent_after_the_session_ended_is_kept_through_a_new_login(web: TestClient, clock: Clock) -> None:
    """Nothing entered is lost: the login form carries the fields, then one press sends them on."""
    token = as_role(web, "front_desk")
    clock.advance(hours=9)  # past the 8-hour session limit
    with PAPER.open("rb") as handle:
        ended = web.post(
            "/intake",
            data={**DETAINER, "requester_agency": "ICE <ERO>", "csrf_token": token},
            files={"paper": (PAPER.name, handle, "text/plain")},
        )
    assert ended.status_code == 401
    assert "Your session ended before this form was sent" in ended.text
    assert 'name="keep:instrument_type" value="detainer"' in ended.text
    assert 'name="keep:requester_agency" value="ICE &lt;ERO&gt;"' in ended.text  # escaped, never markup
    assert 'name="resend" value="/intake"' in ended.text
    assert 'name="keep:csrf_token"' not in ended.text  # the old token is not carried
    login_token = CSRF.search(ended.text)
    assert login_token is not None
    found = re.findall(r'name="(keep:[^"]+|resend|lost_file)" value="([^"]*)"', ended.text)
    kept = {field: html.unescape(value) for field, value in found}  # as a browser sends them

    wrong = web.post("/login", data={**kept, "name": "front_desk", "password": "wrong", "csrf_token": login_token[1]})
    assert wrong.status_code == 401
    assert 'name="keep:instrument_type" value="detainer"' in wrong.text  # a wrong password loses nothing either
    login_token = CSRF.search(wrong.text)
    assert login_token is not None
    again = web.post("/login", data={**kept, "name": "front_desk", "password": PASSWORD, "csrf_token": login_token[1]})
    assert again.status_code == 200
    assert "Send what you entered" in again.text
    assert "A file you attached could not be kept" in again.text
    assert 'action="/intake"' in again.text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', again.text))
    assert fields["instrument_type"] == "detainer"
    assert fields["csrf_token"] == csrf_of(web)  # the new session's token
    sent = web.post(
        "/intake", data={key: html.unescape(value) for key, value in fields.items()}, follow_redirects=False
    )
    assert sent.status_code == 303
    case_id = CASE.search(sent.headers["location"])
    assert case_id is not None
    assert store_of(web).cases.get(case_id[1]).request["requester"]["agency"] == "ICE <ERO>"


def test_the_department_is_recorded_shown_and_kept_on_a_refused_form(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, {**DETAINER, "department": "  County   Jail "})
    assert store_of(web).cases.get(case_id).department == "County Jail"  # spaces tidied
    assert 'class="department" translate="no">County Jail<' in web.get(f"/cases/{case_id}").text
    refused = web.post("/intake", data={**DETAINER, "channel": "", "department": "Library", "csrf_token": token})
    assert refused.status_code == 422
    assert 'value="Library"' in refused.text
    too_long = web.post("/intake", data={**DETAINER, "department": "x" * 101, "csrf_token": token})
    assert too_long.status_code == 422
    assert "department" in too_long.text.lower()
    unnamed = intake(web, token, DETAINER)
    assert store_of(web).cases.get(unnamed).department is None


def test_only_data_entry_forms_from_this_site_are_kept(web: TestClient, clock: Clock) -> None:
    """A cross-site page cannot line up a form for one click after login, nor any account form."""
    token = as_role(web, "admin")
    clock.advance(hours=9)
    cross_site = web.post("/intake", data={**DETAINER, "csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status_code == 401
    assert "Your session has ended" in cross_site.text
    assert "keep:" not in cross_site.text
    admin_form = {"name": "mallory", "role": "admin", "password": PASSWORD, "csrf_token": token}
    account = web.post("/admin/users", data=admin_form, headers={"Sec-Fetch-Site": "same-origin"})
    assert account.status_code == 401
    assert "keep:" not in account.text
    login_token = CSRF.search(account.text)
    assert login_token is not None
    # Even a login form that names an account form to send on just logs in.
    carried = {"resend": "/admin/users", "keep:name": "mallory", "keep:role": "admin", "keep:password": PASSWORD}
    login = {**carried, "name": "admin", "password": PASSWORD, "csrf_token": login_token[1]}
    logged_in = web.post("/login", data=login, follow_redirects=False)
    assert logged_in.status_code == 303
    assert "mallory" not in web.get("/admin/users").text

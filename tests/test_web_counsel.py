"""Counsel's loop: the queue, answers item by item, the answer on the front desk's home page, the case
list with search and filters, and the reply letter for a refused request (web and CLI, real database)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from test_web import PASSWORD, Clock, as_role
from typer.testing import CliRunner

from sanctuary.cli import app as cli_app
from sanctuary.model.labels import day_text
from sanctuary.records import CaseMismatch
from sanctuary.records.models import Case
from sanctuary.services.city import City
from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app

CASE = re.compile(r"/cases/([0-9a-f]{32})")
STYLE = Path(__file__).resolve().parents[1] / "src" / "sanctuary" / "web" / "static" / "style.css"
#: A data request the rules refer to counsel (immigration status), refusing the other items.
DATA_REQUEST = {
    "channel": "data_request",
    "action": "share_data",
    "setting": "police",
    "requester_kind": "federal_immigration",
    "requester_agency": "ICE ERO",
    "data": ["home_address", "immigration_status", "criminal_history"],
    "department": "LAPD",
}
#: Not a data request, and unsettled: counsel answers it with one outcome.
UNSETTLED = {"channel": "email", "action": "enter_facility", "setting": "city_office", "department": "City Hall"}
CITY = City(
    contacts={},
    name="City of Testville",
    address="1 Main Street, Testville, CA 90000",
)


@pytest.fixture
def web(records_settings: Any) -> Iterator[TestClient]:
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=Clock()))
    site = app.state.site
    site.city = City(name=CITY.name, address=CITY.address).with_demo_contacts()
    for role in ROLES:
        site.accounts.add_user(role, role, PASSWORD)
    site.accounts.add_user("front_desk_2", "front_desk", PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def site_of(client: TestClient) -> Any:
    return client.app.state.site  # type: ignore[attr-defined]


def intake(client: TestClient, token: str, fields: dict[str, Any]) -> str:
    response = client.post("/intake", data={**fields, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    found = CASE.search(response.headers["location"])
    assert found is not None
    return found.group(1)


def visible(page: str) -> str:
    """The page's text as a person reads it: no tags, attributes or entities."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r" ([:.,;)])", r"\1", text)


def answer_items(client: TestClient, token: str, case_id: str, **fields: str) -> Any:
    return client.post(f"/cases/{case_id}/decide", data={"csrf_token": token, **fields}, follow_redirects=False)


def test_queue_shows_who_asked_the_paper_what_was_asked_and_the_deadline(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, {**DATA_REQUEST, "instrument_type": "administrative_subpoena"})
    assert site_of(web).case(case_id).status == "referred"
    as_role(web, "counsel")
    page = web.get("/queue")
    assert page.status_code == 200
    text = visible(page.text)
    number = site_of(web).case_number(site_of(web).case(case_id))
    due = site_of(web).case(case_id).next_due
    assert due is not None
    wanted = (number, "LAPD", "ICE ERO", "Federal immigration agents", "A subpoena from an agency", "home address")
    for shown in (*wanted, day_text(due)):
        assert shown.lower() in text.lower(), shown
    for code in ("share_data", "home_address", "federal_immigration", "administrative_subpoena", "None"):
        assert code not in text, code
    # Each value carries its own label, so the table folds into labelled cards on a phone (CSS only).
    for heading in ("Case", "Deadline", "Department", "Who asked", "Paper shown", "What they asked"):
        assert f'data-label="{heading}"' in page.text
    token = as_role(web, "counsel")
    web.post("/language", data={"csrf_token": token, "language": "es", "next": "/queue"})
    spanish = visible(web.get("/queue").text)
    for shown in ("Plazo", "Quién pidió", "Documento mostrado", "Qué pidieron", "Agentes federales de inmigración"):
        assert shown in spanish, shown
    assert "Responda cada dato que pidieron." in visible(web.get(f"/cases/{case_id}").text)
    assert "Casos encontrados: 1" in visible(web.get("/cases").text)
    css = STYLE.read_text()
    narrow = css[css.index("/* Counsel's loop") :]
    assert "@media (max-width: 40rem)" in narrow
    assert "content: attr(data-label)" in narrow


def test_counsel_answers_item_by_item_and_everything_follows(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, DATA_REQUEST)
    site = site_of(web)
    before = site.case(case_id)
    assert "notify_counsel" in [duty.id for duty in before.obligations]
    token = as_role(web, "counsel")
    page = web.get(f"/cases/{case_id}")
    for n, item in enumerate(DATA_REQUEST["data"]):
        assert f'name="item.{n}"' in page.text
        assert item not in page.text  # the items read as words; their fields are numbered
    # The rules' own answers are preselected: the refused items stay refused unless counsel changes them.
    assert re.search(r'id="item-0-decline"[^>]*checked', page.text)

    missing = answer_items(web, token, case_id, **{"item.0": "decline", "reason": "Civil enforcement."})
    assert missing.status_code == 422
    assert "Answer every item asked for." in missing.text
    assert "Civil enforcement." in missing.text  # nothing typed is lost
    assert site.case(case_id).status == "referred"

    saved = answer_items(
        web,
        token,
        case_id,
        **{
            "item.0": "decline",
            "item.1": "decline",
            "item.2": "comply",
            "note.1": "Not sought for a criminal case.",
            "reason": "Civil immigration enforcement; only the conviction record is public.",
        },
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/cases/{case_id}?saved=counsel#saved"
    case = site.store.cases.get(case_id, reveal=True)
    assert case.status == "decided"
    assert case.counsel_outcome == "partial"
    assert case.counsel_scope == {
        "home_address": "decline",
        "immigration_status": "decline",
        "criminal_history": "comply",
    }
    duty = next(d for d in case.obligations if d.id == "notify_counsel")
    assert duty.status == "done"
    kinds = [entry.kind for entry in case.timeline]
    assert kinds[-2:] == ["decided_by_counsel", "obligation_done"]
    decided = case.timeline[-2].payload
    assert decided["outcome"] == "partial"
    assert decided["scope"] == case.counsel_scope
    # The ledger holds codes and pseudonyms only: no note, no name.
    ledger_text = json.dumps([entry.payload for entry in case.timeline])
    assert "Not sought" not in ledger_text
    assert "conviction record" not in ledger_text
    assert decided["counsel"] not in (None, "counsel")
    assert any("Not sought for a criminal case." in (note.text or "") for note in case.note_texts or [])

    page = web.get(saved.headers["location"])
    text = visible(page.text)
    assert "Counsel's answer was saved" in text
    assert "Duty marked done: Tell counsel." in text
    # The heading, the script and the duties follow counsel's answer, not the rules' "ask first".
    assert "Refuse 2 of 3 items. Give only: criminal history." in text
    # Items read in the order they were asked for.
    assert text.index("Immigration status: Refuse") < text.index("Criminal history: Go ahead")
    items = text[text.index("Item by item") :]
    assert items.index("Immigration status") < items.index("Criminal history")
    assert "We cannot provide: home address, immigration status." in text
    assert "Record the decision" not in page.text
    assert re.search(r'data-duty="notify_counsel"', page.text)
    assert 'class="duty-done" data-duty="notify_counsel"' in page.text
    assert "Ask first" not in text
    # Answered once: a second answer is refused and nothing changes.
    again = answer_items(web, token, case_id, **{"item.0": "comply", "reason": "x"})
    assert again.status_code == 422
    assert site.case(case_id).counsel_scope == case.counsel_scope


def test_counsel_answers_a_request_that_is_not_for_data_with_one_outcome(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, UNSETTLED)
    token = as_role(web, "counsel")
    assert 'name="outcome"' in web.get(f"/cases/{case_id}").text
    refused = answer_items(web, token, case_id, outcome="refer", reason="x")
    assert refused.status_code == 422
    saved = answer_items(web, token, case_id, outcome="decline", reason="Administrative warrant only.")
    assert saved.status_code == 303
    text = visible(web.get(saved.headers["location"]).text)
    assert "Do not let them in." in text
    assert "We cannot do what you ask." in text


def test_the_front_desk_that_opened_the_case_sees_counsels_answer_at_home(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, DATA_REQUEST)
    assert "Counsel answered" not in web.get("/").text
    token = as_role(web, "counsel")
    answered = answer_items(
        web,
        token,
        case_id,
        **{
            "item.0": "decline",
            "item.1": "decline",
            "item.2": "decline",
            "reason": "No data for civil enforcement.",
        },
    )
    assert answered.status_code == 303, answered.text
    number = site_of(web).case_number(site_of(web).case(case_id))
    as_role(web, "front_desk")
    home = visible(web.get("/").text)
    assert f"Counsel answered case {number}: Refuse" in home
    assert "Home address: refuse" in home
    assert f'href="/cases/{case_id}"' in web.get("/").text
    as_role(web, "front_desk_2")
    assert number not in web.get("/").text
    token = as_role(web, "front_desk")
    web.post("/language", data={"csrf_token": token, "language": "es", "next": "/"})
    assert f"La asesoría jurídica respondió el caso {number}: Negarse" in visible(web.get("/").text)


def test_cli_resolves_and_shows_the_same_final_outcome_as_the_web(web: TestClient, records_env: Any) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, DATA_REQUEST)
    site = site_of(web)
    number = site.case_number(site.case(case_id))
    runner = CliRunner()

    def cli(*args: str) -> Any:
        return runner.invoke(cli_app, list(args))

    bad = cli("cases", "resolve", number, "--counsel", "A. Counsel", "--note", "x", "--item", "home_address=maybe")
    assert bad.exit_code == 2
    assert "comply or decline" in bad.stderr
    assert "Traceback" not in bad.output
    short = cli("cases", "resolve", number, "--counsel", "A. Counsel", "--note", "x", "--item", "home_address=decline")
    assert short.exit_code == 2
    assert "missing: immigration_status, criminal_history" in " ".join(short.stderr.split())
    done = cli(
        "cases",
        "resolve",
        number,
        "--counsel",
        "A. Counsel",
        "--note",
        "Only the conviction record.",
        "--item",
        "home_address=decline",
        "--item",
        "immigration_status=decline:Civil purpose.",
        "--item",
        "criminal_history=comply",
        "--json",
    )
    assert done.exit_code == 0, done.output
    answer = json.loads(done.stdout)
    assert answer["counsel_outcome"] == "partial"
    assert [e["kind"] for e in answer["entries"]] == ["decided_by_counsel", "obligation_done"]
    as_role(web, "counsel")
    page = visible(web.get(f"/cases/{case_id}").text)
    assert answer["headline"] in page
    shown = cli("cases", "show", number)
    assert shown.exit_code == 0, shown.output
    assert "Only in part" in shown.stdout
    assert "Refuse 2 of 3 items." in " ".join(shown.stdout.split())
    twice = cli("cases", "resolve", case_id, "--counsel", "A. Counsel", "--note", "x", "--outcome", "comply")
    assert twice.exit_code == 2
    assert "not waiting for counsel" in twice.stderr


def test_counsels_answer_altered_in_the_tables_is_refused(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, DATA_REQUEST)
    site = site_of(web)
    site.decide_by_counsel(
        case_id,
        None,
        counsel="A. Counsel",
        reason="No.",
        scope={"home_address": "decline", "immigration_status": "decline", "criminal_history": "decline"},
    )
    with site.store.engine.begin() as connection:
        changed = {"home_address": "comply", "immigration_status": "decline", "criminal_history": "decline"}
        connection.execute(update(Case).where(Case.id == case_id).values(counsel_scope=changed))
    with pytest.raises(CaseMismatch, match="counsel_scope"):
        site.store.cases.get(case_id)


def _open(site: Any, request: dict[str, Any], *, department: str, by: str, on: dt.date | None = None) -> str:
    receipt, _decision = site.record_case(request, department=department, opened_by=by, on=on)
    return str(receipt.case_id)


def test_case_list_searches_filters_and_pages(web: TestClient) -> None:
    site = site_of(web)
    hold = {"action": "hold", "setting": "jail", "requester": {"kind": "federal_immigration"}}
    entry = {
        "action": "enter_facility",
        "setting": "city_office",
        "area": "non_public",
        "requester": {"kind": "federal_immigration"},
        "instrument": {"type": "administrative_warrant", "signed_by_judge": False},
    }
    data = {
        "action": "share_data",
        "setting": "police",
        "requester": {"kind": "federal_immigration", "agency": "HSI Newark"},
        "data": ["home_address", "immigration_status"],
    }
    jail = [_open(site, hold, department="County Jail", by="front_desk") for _ in range(26)]
    police = _open(site, data, department="LAPD", by="front_desk_2")
    late = _open(site, entry, department="County Jail", by="front_desk_2", on=dt.date(2026, 1, 5))
    as_role(web, "counsel")
    first = web.get("/cases")
    assert first.status_code == 200
    assert "Cases found: 28" in visible(first.text)
    assert "Page 1 / 2" in visible(first.text)
    assert 'rel="next"' in first.text
    second = web.get("/cases?page=2")
    assert len(re.findall(r"<tr data-case=", second.text)) == 3
    assert web.get("/cases?page=0").status_code == 422

    def found(query: str) -> set[str]:
        page = web.get("/cases?" + query)
        assert page.status_code == 200, page.text
        return set(re.findall(r'<tr data-case="([0-9a-f]{32})"', page.text))

    number = site.case_number(site.case(police))
    assert found(f"q={number}") == {police}
    assert found("q=LA-2026-999999") == set()
    assert found("q=hsi+newark") == {police}
    assert found("q=home+address") == {police}  # the words people read, not the code
    assert found("q=domicilio") == {police}  # in Spanish too
    assert found("department=LAPD") == {police}
    assert found("status=referred") == {police}
    assert found("outcome=refer&department=LAPD") == {police}
    assert found("overdue=1") == {late}
    assert found("from=2030-01-01") == set()
    assert web.get("/cases?from=2026-13-01").status_code == 422
    assert web.get("/cases?status=lost").status_code == 422
    filtered = web.get("/cases?department=County+Jail&status=decided")
    assert "department=County+Jail" in filtered.text  # the paging links keep the filters
    # The front desk sees the cases it opened; auditors see all, without opening case files.
    as_role(web, "front_desk_2")
    assert found("") == {police, late}
    as_role(web, "auditor")
    listed = web.get("/cases")
    assert "Cases found: 28" in visible(listed.text)
    assert f'href="/cases/{jail[0]}"' not in listed.text


def test_reply_letter_in_english_and_spanish_cites_the_law_and_prints(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, DATA_REQUEST)
    site = site_of(web)
    token = as_role(web, "counsel")
    answer_items(
        web,
        token,
        case_id,
        **{
            "item.0": "decline",
            "item.1": "decline",
            "item.2": "comply",
            "reason": "Only the conviction record.",
        },
    )
    case = site.case(case_id)
    number = site.case_number(case)
    assert f'href="/cases/{case_id}/letter?lang=es"' in web.get(f"/cases/{case_id}").text
    english = web.get(f"/cases/{case_id}/letter?lang=en")
    assert english.status_code == 200
    text = visible(english.text)
    assert "City of Testville" in text
    assert "1 Main Street, Testville" in text
    assert f"Re: your request, case {number}" in text
    assert "To: ICE ERO" in text
    assert "the City will not provide: home address, immigration status." in text
    assert "The City will provide only: criminal history." in text
    reasons = {r["citation"]: r for r in case.decision["reasons"] if r["rule"] in case.decision["trace"]["deciding"]}
    assert reasons
    for citation, reason in reasons.items():
        assert citation in text
        assert html.escape(reason["source"]) in english.text
    assert "the records unit (demo), (555) 010-0103" in text
    spanish = web.get(f"/cases/{case_id}/letter?lang=es")
    assert '<article class="letter" lang="es">' in spanish.text  # the menus keep the reader's language
    text_es = visible(spanish.text)
    assert "la Ciudad no entregará: domicilio, estatus migratorio." in text_es
    assert "La Ciudad entregará solo: antecedentes penales." in text_es
    assert "Atentamente," in text_es
    assert "Esta respuesta se basa en las siguientes disposiciones legales:" in text_es
    for reason in reasons.values():
        assert reason["text_es"] in text_es
    pdf = web.get(f"/cases/{case_id}/letter.pdf?lang=es")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f"reply-{number}-es.pdf" in pdf.headers["content-disposition"]
    css = STYLE.read_text()
    assert "@page { size: letter" in css
    assert web.get(f"/cases/{case_id}/letter?lang=fr").status_code == 422


def test_no_letter_for_a_request_that_was_granted(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = intake(web, token, UNSETTLED)
    token = as_role(web, "counsel")
    answer_items(web, token, case_id, outcome="comply", reason="A judge signed it.")
    assert "/letter?" not in web.get(f"/cases/{case_id}").text
    refused = web.get(f"/cases/{case_id}/letter?lang=en")
    assert refused.status_code == 422
    assert "refuses nothing" in refused.text


def test_api_answers_item_by_item(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    request = {
        "action": "share_data",
        "setting": "police",
        "requester": {"kind": "federal_immigration"},
        "data": ["home_address", "immigration_status"],
    }
    created = web.post("/api/cases", json={"request": request, "channel": "letter"}, headers={"X-CSRF-Token": token})
    assert created.status_code == 201, created.text
    case_id = created.json()["case_id"]
    assert site_of(web).case(case_id).opened_by == "front_desk"
    headers = {"X-CSRF-Token": as_role(web, "counsel")}
    path = f"/api/cases/{case_id}/decision"
    nothing = web.post(path, json={"reason": "x"}, headers=headers)
    assert nothing.status_code == 422
    assert "scope" in nothing.json()["error"]
    odd = web.post(path, json={"reason": "x", "scope": {"home_address": "decline", "sogi": "decline"}}, headers=headers)
    assert odd.status_code == 422
    assert "'sogi'" in odd.json()["error"]
    scope = {"home_address": "decline", "immigration_status": "comply"}
    clash = web.post(path, json={"reason": "x", "outcome": "decline", "scope": scope}, headers=headers)
    assert clash.status_code == 422
    assert "add up to 'partial'" in clash.json()["error"]
    answered = web.post(
        path,
        json={"reason": "Status only.", "scope": scope, "item_notes": {"home_address": "Private."}},
        headers=headers,
    )
    assert answered.status_code == 200, answered.text
    assert [e["kind"] for e in answered.json()["entries"]] == ["decided_by_counsel", "obligation_done"]
    case = web.get(f"/api/cases/{case_id}").json()
    assert case["counsel_outcome"] == "partial"
    assert case["counsel_scope"] == scope
    assert "Private." not in json.dumps(case)

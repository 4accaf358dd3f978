"""The guided interview ("Someone is here") over HTTP, walked to a decision and saved as a case."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web import PAPER, PASSWORD, READ_AT_ONCE, Clock, as_role

from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app
from sanctuary.web.i18n import load_catalogs
from sanctuary.web.wording import QUESTIONS, all_messages


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def web(records_settings: Any, clock: Clock) -> Iterator[TestClient]:
    """A client over HTTPS on an app with one account per role (as in test_web.py)."""
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=clock, answer_within=READ_AT_ONCE))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
HEADING = re.compile(r"<h1>(.*?)</h1>")
OUTCOME = re.compile(r'data-outcome="(\w+)"')


def form_of(html: str, action: str = "/interview") -> dict[str, Any]:
    """The hidden fields of the page's form posting to ``action``."""
    start = html.index(f'action="{action}"')
    end = html.index("</form>", start)
    fields: dict[str, Any] = {}
    for name, value in HIDDEN.findall(html[start:end]):
        value = value.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
        if name in fields:
            existing = fields[name]
            fields[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            fields[name] = value
    return fields


def answer(client: TestClient, html: str, value: str | list[str] | None, go: str = "next", **extra: Any) -> Any:
    data = {**form_of(html), "go": go, **extra}
    if value is not None:
        data["answer"] = value
    return client.post("/interview", data=data)


def heading(html: str) -> str:
    found = HEADING.search(html)
    assert found is not None, html
    return found.group(1)


def walk(client: TestClient, answers: list[str]) -> str:
    page = client.get("/interview")
    assert page.status_code == 200
    html = page.text
    for value in answers:
        response = answer(client, html, value)
        assert response.status_code == 200, response.text
        html = response.text
    return html


def save(client: TestClient, html: str, **fields: str) -> str:
    saved = client.post("/interview/save", data={**form_of(html, "/interview/save"), **fields})
    assert saved.status_code == 200, saved.text
    found = re.search(r'class="case-id">([0-9a-f]{32})<', saved.text)
    assert found is not None
    return found.group(1)


def test_detainer_at_a_jail_is_declined_and_saved(web: TestClient) -> None:
    as_role(web, "front_desk")
    first = web.get("/interview").text
    assert heading(first) == "Where are you?"
    assert "The kind of place" in first  # the help text
    html = walk(web, ["jail", "hold", "federal_immigration", "detainer"])
    assert heading(html) == "What to do"
    found = OUTCOME.search(html)
    assert found is not None
    assert found.group(1) == "decline"
    assert "What to say" in html
    assert 'href="/law/' in html  # each reason's rule is one click away
    assert 'id="department"' in html  # asked on the save form, optional
    case_id = save(web, html, department="Men's Central Jail")
    case = web.app.state.site.store.cases.get(case_id)  # type: ignore[attr-defined]
    assert case.outcome == "decline"
    assert case.department == "Men's Central Jail"
    assert case.request["instrument"]["type"] == "detainer"
    kinds = [entry.kind for entry in case.timeline]
    assert kinds[0] == "case_opened"
    assert "decision_made" in kinds


def test_administrative_warrant_at_a_city_office_asks_the_area(web: TestClient) -> None:
    as_role(web, "front_desk")
    html = walk(web, ["city_office", "enter_facility", "federal_immigration", "administrative_warrant"])
    assert heading(html) == QUESTIONS["area"][0]  # the engine's question, asked because it matters
    html = answer(web, html, "non_public").text
    found = OUTCOME.search(html)
    assert found is not None
    assert found.group(1) == "decline"
    case_id = save(web, html)
    case = web.app.state.site.store.cases.get(case_id)  # type: ignore[attr-defined]
    assert case.request["area"] == "non_public"
    assert case.request["instrument"]["type"] == "administrative_warrant"


def test_i_dont_know_leaves_the_decision_refer(web: TestClient) -> None:
    as_role(web, "admin")
    html = walk(web, ["city_office", "enter_facility", "federal_immigration", "administrative_warrant"])
    assert heading(html) == QUESTIONS["area"][0]
    while heading(html) != "What to do":
        html = answer(web, html, None, go="unknown").text
    found = OUTCOME.search(html)
    assert found is not None
    assert found.group(1) == "refer"
    assert "I don&#39;t know" in html or "I don't know" in html
    case_id = save(web, html)
    assert web.app.state.site.store.cases.get(case_id).outcome == "refer"  # type: ignore[attr-defined]


def test_back_returns_to_the_last_question_with_its_answer(web: TestClient) -> None:
    as_role(web, "front_desk")
    html = walk(web, ["jail", "hold"])
    assert heading(html) == "Who is asking?"
    back = answer(web, html, None, go="back")
    assert back.status_code == 200
    assert heading(back.text) == "What are they asking you to do?"
    assert 'value="hold" checked' in back.text
    # Back from the decision returns to the last question.
    html = walk(web, ["jail", "hold", "federal_immigration", "detainer"])
    back = web.post("/interview", data={**form_of(html, "/interview"), "go": "back"})
    assert heading(back.text) == "What paper did they show you?"


def test_a_missing_answer_keeps_what_was_entered(web: TestClient) -> None:
    as_role(web, "front_desk")
    html = walk(web, ["jail", "hold"])
    refused = answer(web, html, None)
    assert refused.status_code == 422
    assert "Choose an answer" in refused.text
    assert form_of(refused.text)["a:setting"] == "jail"
    assert form_of(refused.text)["a:action"] == "hold"
    wrong = answer(web, html, "the moon")
    assert wrong.status_code == 422
    assert answer(web, walk(web, ["jail"]), None, go="unknown").status_code == 422  # the action is required


def test_uploaded_paper_verdict_is_shown_first_and_recorded(web: TestClient) -> None:
    as_role(web, "front_desk")
    html = walk(web, ["jail", "hold", "federal_immigration"])
    assert 'enctype="multipart/form-data"' in html
    with PAPER.open("rb") as handle:
        response = web.post(
            "/interview", data={**form_of(html), "go": "next"}, files={"paper": (PAPER.name, handle, "text/plain")}
        )
    assert response.status_code == 200, response.text
    assert 'class="verdict"' in response.text
    html = response.text
    while heading(html) != "What to do":
        html = answer(web, html, None, go="unknown").text
    assert html.index('class="verdict"') < html.index('id="outcome"')
    case_id = save(web, html)
    case = web.app.state.site.store.cases.get(case_id)  # type: ignore[attr-defined]
    assert len(case.documents) == 1
    assert "document_attached" in [entry.kind for entry in case.timeline]


def test_wrong_paper_type_is_refused_and_answers_kept(web: TestClient) -> None:
    as_role(web, "front_desk")
    html = walk(web, ["jail", "hold", "federal_immigration"])
    response = web.post(
        "/interview", data={**form_of(html), "go": "next"}, files={"paper": ("x.exe", b"MZ", "application/x")}
    )
    assert response.status_code == 422
    assert form_of(response.text)["a:requester.kind"] == "federal_immigration"


def test_spanish_interview(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    web.post("/language", data={"csrf_token": token, "language": "es", "next": "/interview"})
    page = web.get("/interview").text
    assert '<html lang="es">' in page
    assert "¿Dónde está usted?" in page
    assert "Una cárcel" in page
    html = walk(web, ["jail", "hold", "federal_immigration", "detainer"])
    assert "Qué hacer" in html
    assert "Guardar el caso" in html


@pytest.mark.parametrize("role", ROLES)
def test_interview_roles(web: TestClient, role: str) -> None:
    token = as_role(web, role)
    allowed = role in {"front_desk", "admin"}
    assert web.get("/interview").status_code == (200 if allowed else 403)
    assert web.post("/interview", data={"csrf_token": token}).status_code == (200 if allowed else 403)
    assert web.post("/interview/save", data={"csrf_token": token}).status_code == (200 if allowed else 403)
    assert ('href="/interview"' in web.get("/").text) == allowed


def test_interview_needs_the_csrf_token(web: TestClient) -> None:
    as_role(web, "front_desk")
    html = web.get("/interview").text
    data = {k: v for k, v in form_of(html).items() if k != "csrf_token"}
    assert web.post("/interview", data={**data, "answer": "jail", "go": "next"}).status_code == 403
    assert web.post("/interview/save", data=data).status_code == 403


def test_interview_wording_is_translated() -> None:
    spanish = load_catalogs()["es"]
    assert not sorted(all_messages() - set(spanish))

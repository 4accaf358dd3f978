"""Writing down an encounter, a paper that contradicts its request, and a paper read once with its progress."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_web import PAPER, PASSWORD, READ_AT_ONCE, Clock, as_role
from test_web_interview import form_of, heading, walk

from sanctuary.records.encounters import Encounter
from sanctuary.records.models import CaseEncounter, LedgerEntry
from sanctuary.services import decide
from sanctuary.services.site import ROLES, Limits
from sanctuary.web import WebSettings, create_app

ROOT_PAPERS = PAPER.parent
FAX = ROOT_PAPERS / "fax-ice-warrant-cover-with-detainer.txt"
CASE = re.compile(r"/cases/([0-9a-f]{32})")
#: An ICE administrative warrant at a city office's back rooms: declined, and the visit written down.
VISIT = {
    "channel": "letter",
    "action": "enter_facility",
    "setting": "city_office",
    "area": "non_public",
    "requester_kind": "federal_immigration",
    "purpose": "civil_immigration",
    "instrument_type": "administrative_warrant",
}
AGENT = "Jonathan Quillfeather"
COMPLETE = {
    "agent_name": [AGENT, ""],
    "agent_badge": ["A-4471", ""],
    "identification_shown": "yes",
    "agency": "ICE ERO",
    "vehicle": "Grey SUV",
    "date": "2026-06-01",
    "time": "01:40",
    "asked_for": "Entry to the records room",
    "papers": "Form I-200 signed by an officer",
    "response": "Refused entry; gave counsel's number",
    "witnesses": "Ana Perez",
}


@pytest.fixture
def web(records_settings: Any) -> Iterator[TestClient]:
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=Clock(), answer_within=READ_AT_ONCE))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def site_of(client: TestClient) -> Any:
    return client.app.state.site  # type: ignore[attr-defined]


def open_case(client: TestClient, token: str, fields: dict[str, Any] = VISIT, **files: Any) -> str:
    made = client.post("/intake", data={**fields, "csrf_token": token}, files=files or None, follow_redirects=False)
    assert made.status_code == 303, made.text
    found = CASE.search(made.headers["location"])
    assert found is not None
    return found.group(1)


def duty(case: Any, duty_id: str) -> Any:
    return next(d for d in case.obligations if d.id == duty_id)


def test_the_duty_is_done_when_the_encounter_is_complete_not_by_a_button(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = open_case(web, token)
    page = web.get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/encounter"' in page
    assert f'action="/cases/{case_id}/duties/document_interaction"' not in page  # no bare button for it
    bare = web.post(f"/cases/{case_id}/duties/document_interaction", data={"csrf_token": token})
    assert bare.status_code == 422
    assert "recording the encounter" in bare.text

    form = web.get(f"/cases/{case_id}/encounter")
    assert form.status_code == 200
    assert "Badge number" in form.text
    partial = {"agent_name": AGENT, "agency": "ICE ERO", "csrf_token": token}
    saved = web.post(f"/cases/{case_id}/encounter", data=partial, follow_redirects=False)
    assert saved.status_code == 303
    case = site_of(web).store.cases.get(case_id)
    assert case.encounter_complete is False
    assert duty(case, "document_interaction").status != "done"
    page = web.get(f"/cases/{case_id}").text
    assert 'data-complete="no"' in page
    assert "Still to write down" in page
    assert AGENT in page  # the front desk reads back what it wrote

    with PAPER.open("rb") as handle:
        saved = web.post(
            f"/cases/{case_id}/encounter",
            data={**COMPLETE, "csrf_token": token},
            files={"photo": (PAPER.name, handle, "text/plain")},
            follow_redirects=False,
        )
    assert saved.status_code == 303, saved.text
    case = site_of(web).store.cases.get(case_id, reveal=True)
    assert case.encounter_complete is True
    assert duty(case, "document_interaction").status == "done"
    assert case.encounter is not None
    assert case.encounter.agents[0].badge == "A-4471"
    assert case.encounter.occurred_at == dt.datetime(2026, 6, 1, 8, 40, tzinfo=dt.UTC)  # 1:40 a.m. in Los Angeles
    assert len(case.encounter.photos) == 1
    assert case.documents[-1].reading is not None  # the photo was read by the document reader
    assert case.documents[-1].sha256 == case.encounter.photos[0]
    kinds = [entry.kind for entry in case.timeline]
    assert kinds[-3:] == ["document_attached", "encounter_recorded", "obligation_done"]
    page = web.get(f"/cases/{case_id}").text
    assert 'data-complete="yes"' in page

    # Nothing of what was written is in the ledger or in clear in the database; the ledger still verifies.
    store = site_of(web).store
    with store.engine.connect() as connection:
        payloads = " ".join(connection.execute(select(LedgerEntry.payload)).scalars())
        sealed = connection.execute(select(CaseEncounter.sealed)).scalar_one()
    for secret in (AGENT, "A-4471", "Ana Perez", "Grey SUV"):
        assert secret not in payloads
        assert secret.encode() not in sealed
    assert store.verify().ok


def test_a_form_sent_again_keeps_its_photos_and_a_bad_one_comes_back_filled(web: TestClient) -> None:
    token = as_role(web, "counsel")
    case_id = open_case(web, token)
    with PAPER.open("rb") as handle:
        web.post(
            f"/cases/{case_id}/encounter",
            data={"agent_name": AGENT, "csrf_token": token},
            files={"photo": (PAPER.name, handle, "text/plain")},
        )
    web.post(f"/cases/{case_id}/encounter", data={**COMPLETE, "csrf_token": token})
    encounter = site_of(web).encounter(case_id)
    assert encounter is not None
    assert len(encounter.photos) == 1
    assert encounter.recorded_by == "counsel"
    refused = web.post(f"/cases/{case_id}/encounter", data={**COMPLETE, "date": "yesterday", "csrf_token": token})
    assert refused.status_code == 422
    assert "field 'date'" in unescape(refused.text)
    assert 'value="ICE ERO"' in refused.text  # nothing typed is lost
    wrong = web.post(
        f"/cases/{case_id}/encounter",
        data={**COMPLETE, "csrf_token": token},
        files={"photo": ("x.exe", b"MZ", "application/x")},
    )
    assert wrong.status_code == 422
    assert web.get(f"/cases/{case_id}/encounter").status_code == 200
    as_role(web, "auditor")
    assert web.get(f"/cases/{case_id}/encounter").status_code == 403


def test_the_encounter_form_reads_in_spanish(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = open_case(web, token)
    web.post("/language", data={"csrf_token": token, "language": "es", "next": "/"})
    page = web.get(f"/cases/{case_id}/encounter").text
    for spanish in ("Lo que pasó", "Número de placa", "Qué se entregó o se negó", "Testigos", "Guardar lo que pasó"):
        assert spanish in page
    assert "Badge number" not in page
    assert "Anotar lo que pasó" in web.get(f"/cases/{case_id}").text


def test_the_api_writes_down_an_encounter(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    case_id = open_case(web, token)
    headers = {"X-CSRF-Token": token}
    body = {
        "agents": [{"name": AGENT, "badge": "A-4471"}],
        "agency": "ICE ERO",
        "occurred_at": "2026-06-01T01:40",
        "asked_for": "Entry",
        "no_papers": True,
        "response": "Refused",
    }
    answer = web.post(f"/api/cases/{case_id}/encounter", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["complete"] is True
    assert result["missing"] == []
    assert [e["kind"] for e in result["entries"]] == ["encounter_recorded", "obligation_done"]
    shown = web.get(f"/api/cases/{case_id}").json()
    assert shown["encounter_complete"] is True
    assert shown["encounter"] is None  # never personal data through the API
    bad = web.post(f"/api/cases/{case_id}/encounter", json={"agency": "x" * 300}, headers=headers)
    assert bad.status_code == 422
    assert "agency" in bad.json()["error"]
    unknown = web.post(f"/api/cases/{case_id}/encounter", json={"colour": "red"}, headers=headers)
    assert unknown.status_code == 422


def test_what_each_documentation_duty_needs() -> None:
    record = Encounter.parse(
        {
            "agents": [{"badge": "12"}],
            "agency": "CBP",
            "occurred_at": "2026-06-01T10:00:00+00:00",
            "asked_for": "a patient",
            "no_papers": True,
            "response": "refused",
        }
    )
    assert record.missing("document_interaction") == []
    assert record.missing("witness_denial") == ["witnesses"]
    assert record.ledger_fields() == {"complete": True, "agents": 1, "photos": 0, "witnesses": 0, "missing": []}
    assert Encounter.parse({"agents": [{"name": " "}]}).missing()[0] == "agents"


# -- a paper that contradicts the request ------------------------------------------------------------

JUDICIAL = {
    "action": "enter_facility",
    "setting": "city_office",
    "area": "non_public",
    "requester": {"kind": "federal_immigration", "agency": "ICE ERO"},
    "purpose": "civil_immigration",
    "instrument": {"type": "judicial_warrant", "signed_by_judge": True},
}


def test_a_paper_that_contradicts_the_request_refers_and_says_why() -> None:
    decision = decide(JUDICIAL, pack="us-ca-los-angeles", on="2026-06-01", document=FAX)
    assert decision.outcome.value == "refer"
    assert decision.refer_to[0].value == "counsel"
    reason = decision.reasons[0]
    assert reason.rule == "document-contradiction"
    assert "a warrant signed by a judge" in reason.text
    assert "detainer" in reason.text
    assert "firmado por un juez" in reason.text_es
    assert "notify_counsel" in [o.id for o in decision.obligations]
    agreeing = {**JUDICIAL, "instrument": {"type": "detainer"}}
    plain = decide(agreeing, pack="us-ca-los-angeles", on="2026-06-01", document=FAX)
    assert all(r.rule != "document-contradiction" for r in plain.reasons)
    silent = decide({k: v for k, v in JUDICIAL.items() if k != "instrument"}, pack="us-ca-los-angeles", document=FAX)
    assert all(r.rule != "document-contradiction" for r in silent.reasons)


def test_the_web_intake_refers_a_contradicting_paper_as_the_cli_does(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    fields = {**VISIT, "instrument_type": "judicial_warrant"}
    with FAX.open("rb") as handle:
        case_id = open_case(web, token, fields, paper=(FAX.name, handle, "text/plain"))
    case = site_of(web).store.cases.get(case_id)
    assert case.outcome == "refer"
    assert case.decision["reasons"][0]["rule"] == "document-contradiction"
    assert "does not match what the request says" in web.get(f"/cases/{case_id}").text


# -- the paper is read once, with its progress shown ------------------------------------------------


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every paper the web app reads (the reader itself runs as usual)."""
    from sanctuary.web import work

    calls: list[str] = []
    real = work.read_isolated

    def counting(filename: str, content: bytes, **options: Any) -> Any:
        calls.append(filename)
        return real(filename, content, **options)

    monkeypatch.setattr(work, "read_isolated", counting)
    return calls


def upload(client: TestClient, html: str, paper: Any = PAPER) -> Any:
    with paper.open("rb") as handle:
        return client.post(
            "/interview", data={**form_of(html), "go": "next"}, files={"paper": (paper.name, handle, "text/plain")}
        )


def follow(client: TestClient, response: Any) -> str:
    """Wait on the progress page as the browser's script does, then go on."""
    while response.status_code == 202:
        url = re.search(r'data-status-url="([^"]+)"', response.text)
        assert url is not None
        for _ in range(600):
            if client.get(url.group(1)).json()["status"] != "reading":
                break
            time.sleep(0.1)
        response = client.post("/interview", data=form_of(response.text))
    assert response.status_code == 200, response.text
    return str(response.text)


def to_result(client: TestClient, html: str) -> str:
    while heading(html) != "What to do":
        html = client.post("/interview", data={**form_of(html), "go": "unknown"}).text
    return html


def test_saving_the_interview_does_not_read_the_paper_again(web: TestClient, counted: list[str]) -> None:
    as_role(web, "front_desk")
    html = follow(web, upload(web, walk(web, ["jail", "hold", "federal_immigration"])))
    assert 'class="verdict"' in html
    html = to_result(web, html)
    saved = web.post("/interview/save", data=form_of(html, "/interview/save"))
    assert saved.status_code == 200, saved.text
    assert counted == [PAPER.name]
    case_id = re.search(r'class="case-id">([0-9a-f]{32})<', saved.text)
    assert case_id is not None
    case = site_of(web).store.cases.get(case_id.group(1))
    assert case.documents[0].reading is not None
    assert case.documents[0].sha256 == case.decision["document"]["sha256"]


def test_a_reading_is_reused_only_for_its_own_bytes_and_owner(web: TestClient, counted: list[str]) -> None:
    as_role(web, "front_desk")
    html = to_result(web, follow(web, upload(web, walk(web, ["jail", "hold", "federal_immigration"]))))
    fields = form_of(html, "/interview/save")
    other = site_of(web).start_reading("admin", "0" * 64, None)  # someone else's reading id
    saved = web.post("/interview/save", data={**fields, "reading_id": other})
    assert saved.status_code == 200
    assert len(counted) == 2  # not the other reading: this paper was read again
    swapped = __import__("base64").b64encode(FAX.read_bytes()).decode()
    saved = web.post("/interview/save", data={**fields, "paper_name": FAX.name, "paper_data": swapped})
    assert saved.status_code == 200
    assert counted[-1] == FAX.name  # other bytes under the same id: read, not taken on trust


def test_progress_is_shown_while_the_paper_is_read(web: TestClient) -> None:
    web.app.state.pools.answer_within = 0.0  # type: ignore[attr-defined]
    as_role(web, "front_desk")
    waiting = upload(web, walk(web, ["jail", "hold", "federal_immigration"]))
    assert waiting.status_code == 202
    assert 'aria-live="polite"' in waiting.text
    assert 'role="status"' in waiting.text
    assert '<script src="/static/reading.js"' in waiting.text
    assert "Reading the paper…" in waiting.text
    assert 'name="paper_data"' in waiting.text
    html = follow(web, waiting)
    assert 'class="verdict"' in html
    assert web.get("/static/reading.js").status_code == 200


def test_the_status_says_how_far_the_reading_got(web: TestClient) -> None:
    site = site_of(web)
    reading_id = site.start_reading("front_desk", "0" * 64, None)
    as_role(web, "front_desk")
    status = web.get(f"/papers/{reading_id}/progress").json()
    assert (status["status"], status["text"]) == ("reading", "Reading the paper…")
    site.reading_progress(reading_id, 1, 3)
    assert web.get(f"/papers/{reading_id}/progress").json()["text"] == "Reading page 2 of 3…"
    token = as_role(web, "front_desk")
    web.post("/language", data={"csrf_token": token, "language": "es", "next": "/"})
    assert web.get(f"/papers/{reading_id}/progress").json()["text"] == "Leyendo la página 2 de 3…"
    site.fail_reading(reading_id, "The file is empty.")
    assert web.get(f"/papers/{reading_id}/progress").json()["status"] == "failed"
    as_role(web, "admin")
    assert web.get(f"/papers/{reading_id}/progress").status_code == 404  # another account's reading


def test_read_a_paper_shows_its_progress_too(web: TestClient) -> None:
    web.app.state.pools.answer_within = 0.0  # type: ignore[attr-defined]
    token = as_role(web, "counsel")
    with PAPER.open("rb") as handle:
        waiting = web.post("/read", data={"csrf_token": token}, files={"paper": (PAPER.name, handle, "text/plain")})
    assert waiting.status_code == 202
    assert 'action="/read"' in waiting.text
    assert 'aria-live="polite"' in waiting.text
    reading_id = re.search(r'name="reading_id" value="([0-9a-f]{32})"', waiting.text)
    assert reading_id is not None
    web.app.state.pools.answer_within = 30.0  # type: ignore[attr-defined]
    shown = web.post("/read", data={"csrf_token": token, "reading_id": reading_id.group(1)})
    assert shown.status_code == 200
    assert 'class="verdict' in shown.text
    token = as_role(web, "front_desk")
    theirs = web.post("/read", data={"csrf_token": token, "reading_id": reading_id.group(1)})
    assert theirs.status_code == 422  # another account's reading is not shown


def test_the_cli_writes_down_an_encounter(records_env: Any, tmp_path: Any) -> None:
    import json

    from typer.testing import CliRunner

    from sanctuary.cli import app
    from sanctuary.records import Store

    request = {**JUDICIAL, "instrument": {"type": "administrative_warrant"}}
    with Store.open(records_env) as store:
        case_id = store.cases.open_case(request, decision=decide(request, on="2026-06-01")).case_id
    record = tmp_path / "encounter.yaml"
    record.write_text(
        "agents: [{name: J. Smith, badge: '4471'}]\nagency: ICE ERO\noccurred_at: '2026-06-01T01:40'\n"
        "asked_for: entry\nresponse: refused\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["cases", "encounter", case_id[:8], str(record), "--photo", str(FAX), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["complete"] is True
    assert [e["kind"] for e in answer["entries"]] == ["document_attached", "encounter_recorded", "obligation_done"]
    shown = runner.invoke(app, ["cases", "show", case_id, "--reveal"])
    assert "Encounter written down: complete" in " ".join(shown.stdout.split())
    assert "#4471" in shown.stdout
    record.write_text("agency: [not, text]\n", encoding="utf-8")
    refused = runner.invoke(app, ["cases", "encounter", case_id, str(record)])
    assert refused.exit_code == 2
    assert "agency" in refused.stderr
    assert "Traceback" not in refused.output


def test_pages_the_reader_reports_reach_the_progress_page(web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import sanctuary
    from sanctuary.web import work

    reading = sanctuary.read(PAPER)
    release = threading.Event()

    def reader(filename: str, content: bytes, *, on_page: Any, **options: Any) -> Any:
        on_page(1, 3)
        release.wait(30)
        return reading

    monkeypatch.setattr(work, "read_isolated", reader)
    web.app.state.pools.answer_within = 0.0  # type: ignore[attr-defined]
    as_role(web, "front_desk")
    waiting = upload(web, walk(web, ["jail", "hold", "federal_immigration"]))
    assert waiting.status_code == 202
    url = re.search(r'data-status-url="([^"]+)"', waiting.text)
    assert url is not None
    text = ""
    for _ in range(300):
        text = web.get(url.group(1)).json()["text"]
        if text != "Reading the paper…":
            break
        time.sleep(0.05)
    assert text == "Reading page 2 of 3…"
    release.set()
    assert 'class="verdict"' in follow(web, waiting)


def test_the_ledger_vouches_for_the_record_and_a_purge_shreds_it(store: Any) -> None:
    from sqlalchemy import update

    from sanctuary.records import CaseMismatch

    request = {**JUDICIAL, "instrument": {"type": "administrative_warrant"}}
    case_id = store.cases.open_case(request, decision=decide(request, on="2026-06-01")).case_id
    store.cases.record_encounter(case_id, Encounter.parse({"agents": [{"name": AGENT}]}))
    assert store.cases.get(case_id).encounter_complete is False
    with store.engine.begin() as connection:
        connection.execute(update(CaseEncounter).values(complete=True))
    with pytest.raises(CaseMismatch, match="encounter complete"):
        store.cases.get(case_id)
    assert not store.verify().ok
    with store.engine.begin() as connection:
        connection.execute(update(CaseEncounter).values(complete=False))
    assert store.purge(0) == [case_id]
    assert store.cases.encounter(case_id) is None
    with store.engine.connect() as connection:
        assert connection.execute(select(CaseEncounter.sealed)).scalar_one() is None
    assert store.verify().ok

"""Plain words on the front line: the label catalogue, what to do now, facts as sentences, local times,
the city's contacts and case numbers, and pages free of the contract's codes."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web import PASSWORD, READ_AT_ONCE, Clock, as_role

import sanctuary
from sanctuary.model import DataCategory, InputError, Outcome
from sanctuary.model.advice import Contact, duty_contact, item_answers, request_facts, what_to_do
from sanctuary.model.labels import CATALOGUE, ENUMS, label, listing, moment_text, yes_no
from sanctuary.records import EventKind
from sanctuary.records.models import CASE_STATUSES
from sanctuary.services.city import City
from sanctuary.services.interview import next_fact, request_of, settled
from sanctuary.services.site import LANGUAGES, ROLES, Limits
from sanctuary.web import WebSettings, create_app

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
DATA_REQUEST = {
    "action": "share_data",
    "setting": "police",
    "requester": {"kind": "federal_immigration"},
    "purpose": "civil_immigration",
    "data": ["home_address", "immigration_status"],
}
CONTACTS = {"counsel": Contact("the City Attorney's duty line", "(555) 010-0100")}
#: What must never reach a page a person reads: bare booleans, codes, JSON, UTC ISO timestamps.
CODES = re.compile(r"\b(True|False|None|share_data|sogi|alpr|home_address|immigration_status|federal_immigration)\b")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.mark.parametrize("vocabulary", sorted(ENUMS))
def test_every_enum_value_has_a_label_and_help_in_both_languages(vocabulary: str) -> None:
    entries = CATALOGUE[vocabulary]
    for member in ENUMS[vocabulary]:
        entry = entries.get(member.value)
        assert entry is not None, f"{vocabulary}: {member.value} has no label"
        assert all((entry.en, entry.es, entry.help_en, entry.help_es)), f"{vocabulary}: {member.value}"
        assert "_" not in entry.en
        assert "_" not in entry.es


def test_roles_languages_statuses_and_ledger_kinds_are_labelled() -> None:
    assert set(CATALOGUE["role"]) == set(ROLES)
    assert set(CATALOGUE["language"]) == set(LANGUAGES)
    assert set(CATALOGUE["case_status"]) == set(CASE_STATUSES)
    assert set(CATALOGUE["event"]) == {kind.value for kind in EventKind}
    assert label("role", "front_desk", "es") == "Recepción"


def test_yes_no_are_capitalised_and_unknown_codes_are_not_shown_bare() -> None:
    assert (yes_no(True), yes_no(False), yes_no(True, "es")) == ("Yes", "No", "Sí")
    assert label("data", "sogi") == "Sexual orientation or gender identity"
    assert label("duty", "something_new") == "Something new"
    assert listing("data", [DataCategory.HOME_ADDRESS, DataCategory.CONTACT_INFO]) == "home address, contact details"


def test_times_are_shown_in_the_city_time_zone() -> None:
    moment = dt.datetime(2026, 12, 7, 8, 4, tzinfo=dt.UTC)
    assert moment_text(moment, LA) == "7 Dec 2026, 12:04 AM PST"
    assert moment_text(moment, LA, "es") == "7 dic 2026, 00:04 PST"
    assert moment_text(dt.datetime(2026, 7, 1, 20, 30, tzinfo=dt.UTC), LA) == "1 Jul 2026, 1:30 PM PDT"


def test_facts_read_as_sentences() -> None:
    request = {
        **DATA_REQUEST,
        "data": ["home_address", "contact_info"],
        "exigent": False,
        "subject": {"in_custody": True},
    }
    facts = dict(request_facts(request))
    assert facts["Asked for"] == "home address, contact details"
    assert facts["Who asked"] == "federal immigration agents (ICE, CBP, HSI)"
    assert facts["The person is in custody"] == "Yes"
    assert "They say it is an emergency" not in facts  # a default No says nothing
    assert dict(request_facts(request, "es"))["Piden"] == "darles información o registros"


def test_decline_says_what_not_to_do_first() -> None:
    decision = sanctuary.decide(
        {
            "action": "enter_facility",
            "setting": "city_office",
            "area": "non_public",
            "requester": {"kind": "federal_immigration"},
            "purpose": "civil_immigration",
            "instrument": {"type": "administrative_warrant", "signed_by_judge": False},
        },
        pack="us-ca-los-angeles",
    )
    assert decision.outcome is Outcome.DECLINE
    assert what_to_do(decision, "enter_facility").startswith("Do not let them in. Say this.")
    assert what_to_do(decision, "enter_facility", lang="es").startswith("No les deje entrar. Diga esto.")


def test_a_referred_data_request_counts_the_refused_items_and_names_who_to_call() -> None:
    decision = sanctuary.decide(DATA_REQUEST, pack="us-ca-los-angeles")
    assert decision.outcome is Outcome.REFER
    line = what_to_do(decision, "share_data", CONTACTS)
    assert line.startswith("Refuse 1 of 2 items. Ask counsel before giving: immigration status. Say this.")
    assert line.endswith("Call the City Attorney's duty line: (555) 010-0100.")
    assert what_to_do(decision, "share_data").endswith("Ask counsel now.")  # no contact configured
    answers = {item: answer for item, answer, _outcome in item_answers(decision)}
    assert answers == {"Home address": "Refuse", "Immigration status": "Ask first (counsel)"}


def test_a_partial_answer_does_not_hide_that_most_items_are_refused() -> None:
    base = sanctuary.decide(DATA_REQUEST, pack="us-ca-los-angeles")
    scope = {
        DataCategory.HOME_ADDRESS: Outcome.DECLINE,
        DataCategory.CONTACT_INFO: Outcome.DECLINE,
        DataCategory.RELEASE_DATE: Outcome.DECLINE,
        DataCategory.AGGREGATE_NONPERSONAL: Outcome.COMPLY,
    }
    partial = base.model_copy(update={"outcome": Outcome.PARTIAL, "scope": scope, "refer_to": []})
    line = what_to_do(partial, "share_data", CONTACTS)
    assert line.startswith("Refuse 3 of 4 items. Give only: counts and statistics (no names). Say this.")
    assert what_to_do(partial, "share_data", lang="es").startswith("Niegue 3 de 4 datos.")


def test_duties_name_the_city_contact_for_their_role() -> None:
    records = Contact("the records unit", "(555) 010-0103")
    contacts = {**CONTACTS, "records_custodian": records}
    assert duty_contact("notify_counsel", "the records unit", contacts) == CONTACTS["counsel"]
    assert duty_contact("document_interaction", "the agency's records unit", contacts) == records
    assert duty_contact("document_interaction", "the staff member approached", contacts) is None


def test_city_settings_from_a_file_and_the_environment(tmp_path: Path) -> None:
    settings = tmp_path / "city.toml"
    settings.write_text(
        'time_zone = "America/New_York"\ncase_prefix = "NYC"\n'
        '[contacts.counsel]\nname = "Law Department duty line"\nphone = "(555) 010-0199"\n',
        encoding="utf-8",
    )
    city = City.from_env({"SANCTUARY_CITY_FILE": str(settings), "SANCTUARY_CONTACT_LIAISON": "Liaison desk | 555-0142"})
    assert city.time_zone == "America/New_York"
    assert city.case_prefix == "NYC"
    assert city.contacts["counsel"] == Contact("Law Department duty line", "(555) 010-0199")
    assert city.contacts["liaison"] == Contact("Liaison desk", "555-0142")
    overridden = City.from_env({"SANCTUARY_CITY_FILE": str(settings), "SANCTUARY_TIME_ZONE": "America/Chicago"})
    assert overridden.time_zone == "America/Chicago"
    default = City.from_env({})
    assert (default.time_zone, default.case_prefix, dict(default.contacts)) == ("America/Los_Angeles", "LA", {})
    demo = default.with_demo_contacts()
    assert all("(demo)" in contact.name and "555" in contact.phone for contact in demo.contacts.values())


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SANCTUARY_TIME_ZONE": "Pacific Time"}, "time zone"),
        ({"SANCTUARY_CASE_PREFIX": "la-1"}, "case prefix"),
        ({"SANCTUARY_CITY_FILE": "/nonexistent/city.toml"}, "cannot read"),
        ({"SANCTUARY_CONTACT_COUNSEL": " | 555"}, "needs a name"),
    ],
)
def test_bad_city_settings_are_one_clear_message(environ: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        City.from_env(environ)


def test_case_numbers_read_aloud_in_the_city_year() -> None:
    city = City()
    assert city.case_number(123, dt.datetime(2026, 6, 1, tzinfo=dt.UTC)) == "LA-2026-000123"
    # 7 a.m. UTC on New Year's Day is still New Year's Eve in Los Angeles.
    assert city.case_number(7, dt.datetime(2027, 1, 1, 7, tzinfo=dt.UTC)) == "LA-2026-000007"


def test_the_interview_never_asks_what_an_earlier_answer_settled() -> None:
    answers = {
        "setting": "police",
        "action": "hold",
        "requester.kind": "federal_immigration",
        "instrument.type": "none",
    }
    assert settled(answers)["instrument.signed_by_judge"] == "no"
    request = request_of(answers)
    assert request["instrument"]["signed_by_judge"] is False
    unknown: list[str] = []
    while (name := next_fact(answers, unknown, sanctuary.decide(request_of(answers)))) is not None:
        assert not name.startswith("instrument."), name
        unknown.append(name)
    detainer = {**answers, "instrument.type": "detainer"}
    assert request_of(detainer)["instrument"]["issuer"] == "immigration_agency"
    # What the person (or the paper's reader) said wins over what the type implies.
    read = {**detainer, "instrument.signed_by_judge": "yes"}
    assert request_of(read)["instrument"]["signed_by_judge"] is True


@pytest.fixture
def web(records_settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("SANCTUARY_CONTACT_COUNSEL", "City Attorney duty line | (555) 010-0100")
    monkeypatch.setenv("SANCTUARY_TIME_ZONE", "America/Los_Angeles")
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=Clock(), answer_within=READ_AT_ONCE))
    for role in ROLES:
        app.state.site.accounts.add_user(role, role, PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def main_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_case_page_and_queue_speak_plainly(web: TestClient) -> None:
    site = web.app.state.site  # type: ignore[attr-defined]
    receipt = site.store.cases.open_case(DATA_REQUEST, decision=sanctuary.decide(DATA_REQUEST), department="LAPD")
    case = site.case(receipt.case_id)
    number = site.case_number(case)
    assert re.fullmatch(r"LA-\d{4}-\d{6}", number)
    token = as_role(web, "counsel")
    page = main_of(web.get(f"/cases/{receipt.case_id}").text)
    assert not CODES.search(page), CODES.search(page)
    assert not ISO_TIME.search(page)
    assert number in page
    assert receipt.case_id in page
    # What to do now comes first, then the answers item by item, with counsel's duty line.
    headline = re.search(r'<h2 id="outcome" class="now">(.*?)</h2>', page)
    assert headline is not None
    assert headline.group(1).startswith("Refuse 1 of 2 items.")
    assert "Call City Attorney duty line: (555) 010-0100." in headline.group(1)
    assert page.index('class="now"') < page.index('class="items"') < page.index('id="rules"')
    assert "<dt>Asked for</dt><dd>home address, immigration status</dd>" in page
    # The number people read aloud opens the case too.
    assert web.get(f"/cases/{number}").status_code == 200
    assert web.get(f"/cases/{number.replace('LA-', 'NY-')}").status_code == 404
    queue = main_of(web.get("/queue").text)
    assert number in queue
    assert "Give them information or records" in queue
    assert not CODES.search(queue)
    assert not ISO_TIME.search(queue)
    web.post("/language", data={"csrf_token": token, "language": "es", "next": "/"})
    spanish = main_of(web.get(f"/cases/{receipt.case_id}").text)
    duty = sanctuary.decide(DATA_REQUEST).obligations[0]
    assert duty.text_es in spanish.replace("&#39;", "'")
    assert "Esperando a la asesoría jurídica" in spanish
    assert "Niegue 1 de 2 datos." in spanish
    assert "<dt>Datos pedidos</dt><dd>domicilio, estatus migratorio</dd>" in spanish


def test_interview_result_and_try_page_speak_plainly(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    form = {
        "csrf_token": token,
        "pack": "us-ca-los-angeles",
        "action": "share_data",
        "setting": "police",
        "requester_kind": "federal_immigration",
        "purpose": "civil_immigration",
        "data": ["home_address", "immigration_status"],
    }
    page = web.post("/try", data=form).text
    # Up to the folded trace, which lists rule ids for those who check the rules.
    decision_part = page[page.index('<section class="decision') : page.index("<details>")]
    visible = re.sub(r"<[^>]+>", " ", decision_part)
    assert not CODES.search(visible), CODES.search(visible)
    assert "Refuse 1 of 2 items." in visible
    assert '<option value="share_data" selected>Give them information or records</option>' in page
    assert ">Yes</option>" in page
    assert ">No</option>" in page


def test_open_questions_are_asked_in_the_interview_s_words(web: TestClient) -> None:
    site = web.app.state.site  # type: ignore[attr-defined]
    request = {"action": "enter_facility", "setting": "city_office"}
    decision = sanctuary.decide(request)
    assert "Is the area open to the public, or non-public?" in decision.questions
    receipt = site.store.cases.open_case(request, decision=decision)
    token = as_role(web, "counsel")
    page = main_of(web.get(f"/cases/{receipt.case_id}").text)
    assert "Do they want to go into an area open to the public?" in page
    assert "Is the area open to the public, or non-public?" not in page
    web.post("/language", data={"csrf_token": token, "language": "es", "next": "/"})
    assert "Do they want to go into an area open to the public?" not in main_of(
        web.get(f"/cases/{receipt.case_id}").text
    )


def test_read_a_paper_speaks_plainly(web: TestClient) -> None:
    token = as_role(web, "front_desk")
    fax = Path(__file__).resolve().parents[1] / "examples" / "papers" / "fax-ice-warrant-cover-with-detainer.txt"
    page = web.post(
        "/read", data={"csrf_token": token}, files={"paper": (fax.name, fax.read_bytes(), "text/plain")}
    ).text
    verdict = main_of(page)[: main_of(page).index("<form")]
    assert "<dt>Signed by a judge</dt><dd>No</dd>" in verdict
    assert "An immigration detainer (I-247) (" in verdict
    assert not CODES.search(re.sub(r"<[^>]+>", " ", verdict))
    assert "<dd>detainer" not in verdict


def test_notices_and_the_ledger_show_case_numbers_and_local_days(web: TestClient) -> None:
    site = web.app.state.site  # type: ignore[attr-defined]
    hold = {"action": "hold", "setting": "jail", "requester": {"kind": "federal_immigration"}}
    receipt = site.store.cases.open_case(hold, decision=sanctuary.decide({**hold, "instrument": {"type": "detainer"}}))
    number = site.case_number(site.case(receipt.case_id))
    as_role(web, "counsel")
    notice = main_of(web.get(f"/cases/{receipt.case_id}/notice/truth_notice?lang=es").text)
    assert f'<dd class="case-number">{number}</dd>' in notice
    today = dt.datetime.now(LA).date()
    months = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")
    assert f"<dd>{today.day} {months[today.month - 1]} {today.year}</dd>" in notice
    ledger = main_of(web.get("/ledger").text)
    assert not ISO_TIME.search(ledger)

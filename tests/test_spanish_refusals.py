"""Refused input in the user's language: a Spanish reader's forms, papers and commands say what is wrong
in Spanish; an English reader's, and the JSON API's, in the same English as always."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web import PAPER, PASSWORD, READ_AT_ONCE, Clock, as_role
from typer.testing import CliRunner

from sanctuary.cli import app as cli_app
from sanctuary.model import InputError
from sanctuary.services.site import Limits
from sanctuary.web import WebSettings, create_app

TRY = {
    "pack": "us-ca-los-angeles",
    "action": "share_data",
    "setting": "police",
    "requester.kind": "federal_immigration",
    "purpose": "civil_immigration",
    "data": ["home_address"],
    "instrument.type": "administrative_warrant",
}
INTAKE = {"action": "hold", "setting": "jail", "requester_kind": "federal_immigration", "instrument_type": "detainer"}
runner = CliRunner()


@pytest.fixture
def web(records_settings: Any) -> Iterator[TestClient]:
    """One Spanish-speaking and one English-speaking account of each role the tests use."""
    app = create_app(WebSettings(records=records_settings, limits=Limits(), clock=Clock(), answer_within=READ_AT_ONCE))
    for role in ("front_desk", "counsel"):
        app.state.site.accounts.add_user(f"{role}-es", role, PASSWORD, language="es")
        app.state.site.accounts.add_user(f"{role}-en", role, PASSWORD, language="en")
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def text_of(response: Any) -> str:
    return html.unescape(response.text)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", "campo 'on': 'ayer' no es una fecha del calendario; escríbala como AAAA-MM-DD (YYYY-MM-DD)."),
        ("en", "field 'on': 'ayer' is not a calendar date; write it as YYYY-MM-DD."),
    ],
)
def test_the_try_page_refuses_a_wrong_date_in_the_readers_language(web: TestClient, language: str, said: str) -> None:
    token = as_role(web, f"front_desk-{language}")
    refused = web.post("/try", data={**TRY, "on": "ayer", "csrf_token": token})
    assert refused.status_code == 422
    assert said in text_of(refused)


def test_the_intake_form_refuses_bad_values_in_spanish(web: TestClient) -> None:
    token = as_role(web, "front_desk-es")
    channel = web.post("/intake", data={**INTAKE, "channel": "pigeon", "csrf_token": token})
    assert channel.status_code == 422
    assert "campo 'channel': elija cómo llegó la solicitud (email, letter, fax, data_request)." in text_of(channel)
    day = web.post("/intake", data={**INTAKE, "channel": "fax", "received": "31/02/2026", "csrf_token": token})
    assert day.status_code == 422
    assert "campo 'received': '31/02/2026' no es una fecha del calendario" in text_of(day)
    assert "is not a calendar date" not in day.text


def test_a_page_fails_validation_in_its_readers_language_and_the_api_in_english(web: TestClient) -> None:
    as_role(web, "counsel-es")
    page = web.get(f"/cases/{'a' * 32}/documents/0")
    assert page.status_code == 422
    assert "document_id: el valor debe ser mayor o igual que 1" in text_of(page)
    assert "greater than" not in page.text
    api = web.get(f"/cases/{'a' * 32}/documents/0", headers={"accept": "application/json"})
    assert api.status_code == 422
    assert "document_id: Input should be greater than or equal to 1" in api.json()["error"]
    as_role(web, "counsel-en")
    english = web.get(f"/cases/{'a' * 32}/documents/0")
    assert "document_id: Input should be greater than or equal to 1" in text_of(english)


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (
            InputError("The uploaded paper was damaged on the way; go back and upload it again."),
            "El documento subido se dañó en el camino; vuelva atrás y súbalo de nuevo.",
        ),
        (RuntimeError("the reader broke"), "No se pudo leer el documento; súbalo de nuevo."),
    ],
)
def test_a_failed_reading_is_told_in_its_readers_language(
    web: TestClient, monkeypatch: pytest.MonkeyPatch, failure: Exception, said: str
) -> None:
    def fail(*_args: object, **_options: object) -> None:
        raise failure

    monkeypatch.setattr("sanctuary.web.work.read_isolated", fail)
    token = as_role(web, "front_desk-es")
    with PAPER.open("rb") as paper:
        refused = web.post("/read", data={"csrf_token": token}, files={"paper": (PAPER.name, paper, "text/plain")})
    assert refused.status_code == 422
    assert said in text_of(refused)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", "El archivo de la solicitud 'no-such-request.yaml' no existe o no es un archivo."),
        ("en", "The request file 'no-such-request.yaml' does not exist or is not a file."),
    ],
)
def test_the_command_line_refuses_a_missing_request_file_in_its_language(language: str, said: str) -> None:
    result = runner.invoke(cli_app, ["--lang", language, "decide", "no-such-request.yaml"], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert said in result.output


def test_the_command_line_refuses_a_bad_request_in_spanish(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("\n", encoding="utf-8")
    result = runner.invoke(cli_app, ["--lang", "es", "decide", str(empty)], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "está vacía; necesita al menos un campo 'action'." in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("action: fly\n", encoding="utf-8")
    spanish = runner.invoke(cli_app, ["--lang", "es", "decide", str(bad)], env={"COLUMNS": "300"})
    assert spanish.exit_code == 2
    assert "Hay datos no válidos en la solicitud" in spanish.output
    after_the_verb = runner.invoke(cli_app, ["decide", str(bad), "--lang", "es"], env={"COLUMNS": "300"})
    assert after_the_verb.exit_code == 2
    assert "Hay datos no válidos en la solicitud" in after_the_verb.output
    english = runner.invoke(cli_app, ["--lang", "en", "decide", str(bad)], env={"COLUMNS": "300"})
    assert english.exit_code == 2
    assert "The request is invalid" in english.output

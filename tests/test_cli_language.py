"""The command line speaks the user's language: `--lang es`, or SANCTUARY_LANG / LANG, in plain words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanctuary.cli import app
from sanctuary.cli.words import output_language

ROOT = Path(__file__).resolve().parents[1]
REQUEST = ROOT / "examples" / "requests" / "city-hall-ice-administrative-warrant.yaml"
PAPER = ROOT / "examples" / "papers" / "federal-arrest-warrant-ao442.txt"
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    assert result.exit_code == 0, result.output
    return result.output


def test_a_decision_in_spanish_has_no_english_or_codes() -> None:
    from test_spanish_pages import ENGLISH

    shown = run("decide", str(REQUEST), "--lang", "es")
    assert "Qué hacer ahora" in shown
    assert "Por qué" in shown
    said = shown.split("Say:")[0] + shown.split("Diga:")[1]  # the English script is for the agent, on purpose
    leaked = sorted(phrase for phrase in ENGLISH if phrase in said)
    assert not leaked, leaked
    for code in ("notify_administrator", "document_interaction", "DECLINE", "decline"):
        assert code not in shown


def test_english_shows_labels_not_codes() -> None:
    shown = run("decide", str(REQUEST), "--lang", "en")
    assert "What to do now" in shown
    assert "Tell the administrator" in shown
    assert "notify_administrator" not in shown


def test_the_environment_chooses_the_language() -> None:
    assert "Qué hacer ahora" in run("decide", str(REQUEST), env={"SANCTUARY_LANG": "", "LANG": "es_US.UTF-8"})
    assert "What to do now" in run("decide", str(REQUEST), env={"SANCTUARY_LANG": "en", "LANG": "es_US.UTF-8"})
    assert output_language(None, {"LC_ALL": "es_MX.UTF-8"}) == "es"
    assert output_language(None, {}) == "en"


def test_a_paper_read_in_spanish() -> None:
    shown = run("read", str(PAPER), "--lang", "es")
    assert "El documento" in shown
    assert "Firmado por un juez" in shown
    assert "Lo que vio el lector" in shown
    assert "signed by a judge" not in shown


def test_an_unknown_language_is_exit_2() -> None:
    result = runner.invoke(app, ["decide", str(REQUEST), "--lang", "fr"])
    assert result.exit_code == 2
    assert "en, es" in result.output


@pytest.mark.parametrize("lang", ["en", "es"])
def test_json_output_is_the_same_in_every_language(lang: str) -> None:
    english = run("decide", str(REQUEST), "--json")
    assert run("decide", str(REQUEST), "--json", "--lang", lang) == english


def test_cases_list_and_show_in_spanish(records_env: object) -> None:
    from test_spanish_pages import ENGLISH

    shown = run("decide", str(REQUEST), "--record", "--json")
    case_id = json.loads(shown)["case_id"]
    listing = run("cases", "list", "--lang", "es")
    assert "Casos (1)" in listing
    assert "Negarse" in listing or "Consultar antes" in listing
    detail = run("cases", "show", case_id, "--lang", "es")
    for heading in ("Estado", "Qué hacer ahora", "Deberes", "Entradas en el registro"):
        assert heading in detail
    assert not sorted(phrase for phrase in ENGLISH if phrase in detail)
    for code in ("notify_administrator", "case_opened", "decided", "enter_facility"):
        assert code not in detail
    assert "What to do now" in run("cases", "show", case_id, "--lang", "en")


def test_the_law_listed_in_spanish() -> None:
    rules = run("packs", "rules", "us-ca-los-angeles", "--lang", "es")
    assert "Qué dice" in rules
    assert "Negarse" in rules
    assert "Officers do not start police action" not in rules  # the English summary gives way to the Spanish text
    listing = run("packs", "list", "--lang", "es")
    assert "Ciudad de Los Ángeles" in listing
    assert "Vigente desde" in listing
    assert "Nombre" in run("packs", "show", "us", "--lang", "es")


def test_every_command_takes_the_language_before_its_verb(records_env: object) -> None:
    verified = run("--lang", "es", "ledger", "verify")
    assert "registro verificado" in verified
    assert "ledger verified" not in verified
    proofs = run("--lang", "es", "verify", "--pack", "us")
    assert "clases de equivalencia" in proofs
    assert "No es asesoría legal" in proofs
    bad = runner.invoke(app, ["--lang", "fr", "packs", "list"])
    assert bad.exit_code == 2
    assert "en, es" in bad.output

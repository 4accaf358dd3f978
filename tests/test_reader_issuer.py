"""The home state: a court of the pack's state is 'here', another state's court is not, and the
decision never obeys another state's warrant read from a paper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sanctuary
from sanctuary.cli import app
from sanctuary.model import IssuedBy, Issuer, Outcome
from sanctuary.services import home_state

runner = CliRunner()

WARRANT = """{court}
{county}

SEARCH WARRANT

{people}, to any peace officer:
      Proof by affidavit having been made before me that there is probable cause to believe that evidence of
a crime is located at 1234 Larkspur Avenue, YOU ARE THEREFORE COMMANDED to search the premises described
and to seize the property described in Attachment B.

Issued: 03/02/2025                              /s/ Lydia Corliss
                                                Judge of the Superior Court
"""
ARIZONA = WARRANT.format(
    court="IN THE SUPERIOR COURT OF THE STATE OF ARIZONA",
    county="IN AND FOR THE COUNTY OF PIMA",
    people="STATE OF ARIZONA",
)
CALIFORNIA = WARRANT.format(
    court="SUPERIOR COURT OF THE STATE OF CALIFORNIA",
    county="COUNTY OF FRESNO",
    people="THE PEOPLE OF THE STATE OF CALIFORNIA",
)
NEW_YORK = WARRANT.format(
    court="SUPREME COURT OF THE STATE OF NEW YORK",
    county="COUNTY OF KINGS",
    people="THE PEOPLE OF THE STATE OF NEW YORK",
)
#: A judge's search warrant for a library storage room, served with HSI in a criminal case.
REQUEST = {
    "action": "enter_facility",
    "setting": "library",
    "area": "non_public",
    "requester": {"kind": "federal_immigration", "agency": "HSI"},
    "purpose": "criminal_other",
    "instrument": {"covers_request": True},
}
DAY = "2026-06-01"


@pytest.fixture
def paper(tmp_path: Path):
    def write(text: str, name: str = "warrant.txt") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_the_packs_name_their_home_state():
    assert home_state("us-ca-los-angeles") == "CA"
    assert home_state("us-ny-nyc") == "NY"
    assert home_state("us-ma-boston") == "MA"
    assert home_state("us") is None


def test_decide_fills_issuer_and_issued_by_from_another_states_court_and_does_not_comply(paper):
    decision = sanctuary.decide(REQUEST, pack="us-ca-los-angeles", on=DAY, document=paper(ARIZONA))
    assert decision.document is not None
    assert decision.document.issuer_kind is Issuer.STATE_COURT_ELSEWHERE
    assert decision.document.court_state == "AZ"
    assert decision.document.issued_by is IssuedBy.JUDGE
    assert decision.document.signed_by_judge is True
    assert decision.outcome is not Outcome.COMPLY
    assert decision.reasons[0].rule == "document-reader"
    assert "another state" in decision.reasons[0].text


def test_the_same_warrant_from_a_court_of_the_packs_state_is_obeyed(paper):
    decision = sanctuary.decide(REQUEST, pack="us-ca-los-angeles", on=DAY, document=paper(CALIFORNIA))
    assert decision.document is not None
    assert decision.document.issuer_kind is Issuer.STATE_COURT_HERE
    assert decision.outcome is Outcome.COMPLY


def test_a_new_york_warrant_is_here_in_new_york_and_elsewhere_in_california(paper):
    path = paper(NEW_YORK)
    in_ny = sanctuary.decide(REQUEST, pack="us-ny-nyc", on=DAY, document=path)
    in_ca = sanctuary.decide(REQUEST, pack="us-ca-los-angeles", on=DAY, document=path)
    assert in_ny.document is not None
    assert in_ca.document is not None
    assert in_ny.document.issuer_kind is Issuer.STATE_COURT_HERE
    assert in_ca.document.issuer_kind is Issuer.STATE_COURT_ELSEWHERE
    assert in_ca.outcome is not Outcome.COMPLY


def test_what_the_request_says_of_the_issuer_wins_over_the_reading(paper):
    # staff say the Arizona warrant was made an order of a California court, but the paper in hand reads
    # as another state's court's: the request's word is the fact, and counsel checks before anyone acts on it
    request = {**REQUEST, "instrument": {"covers_request": True, "issuer": "state_court_here"}}
    decision = sanctuary.decide(request, pack="us-ca-los-angeles", on=DAY, document=paper(ARIZONA))
    assert decision.outcome is Outcome.REFER
    assert decision.reasons[0].rule == "document-contradiction"
    assert "who issued it" in decision.reasons[0].text
    # and "federal" in the request replaces the reader's issuer instead of contradicting it
    request = {**REQUEST, "instrument": {"covers_request": True, "federal": False}}
    decided = sanctuary.decide(request, pack="us-ca-los-angeles", on=DAY, document=paper(ARIZONA))
    assert decided.outcome is not Outcome.COMPLY


def test_read_classifies_against_the_default_packs_state_or_the_one_named(paper, monkeypatch):
    monkeypatch.delenv("SANCTUARY_PACK", raising=False)
    path = paper(NEW_YORK)
    assert sanctuary.read(path).issuer_kind is Issuer.STATE_COURT_ELSEWHERE  # the default pack is Los Angeles
    assert sanctuary.read(path, pack="us-ny-nyc").issuer_kind is Issuer.STATE_COURT_HERE
    assert sanctuary.read(path, pack="us").issuer_kind is Issuer.UNKNOWN
    monkeypatch.setenv("SANCTUARY_PACK", "us-ny-nyc")
    assert sanctuary.read(path).issuer_kind is Issuer.STATE_COURT_HERE


def test_cli_read_takes_a_pack(paper):
    path = paper(NEW_YORK)
    result = runner.invoke(app, ["read", str(path), "--json", "--pack", "us-ny-nyc"])
    assert result.exit_code == 0, result.output
    reading = json.loads(result.output)
    assert reading["issuer_kind"] == "state_court_here"
    assert reading["court_state"] == "NY"
    assert reading["issued_by"] == "judge"
    shown = runner.invoke(app, ["read", str(path)])
    assert shown.exit_code == 0, shown.output
    assert "another state's court" in shown.output


def test_cli_read_refuses_an_unknown_pack(paper):
    result = runner.invoke(app, ["read", str(paper(NEW_YORK)), "--pack", "no-such-pack"])
    assert result.exit_code == 2
    assert "no-such-pack" in result.output


def test_eval_json_scores_issuer_and_signed_by_judge_against_the_home_state(paper, tmp_path: Path):
    paper(NEW_YORK, "ny.txt")
    paper(CALIFORNIA, "ca.txt")
    (tmp_path / "labels.csv").write_text(
        "file,label,signed_by_judge,issuer,issued_by,court_state\n"
        "ny.txt,judicial_warrant,true,state_court_elsewhere,judge,NY\n"
        "ca.txt,judicial_warrant,true,state_court_here,judge,CA\n",
        encoding="utf-8",
    )
    # the labels say where each court sits; "here" is relative to the pack's state (none for "us")
    for pack, state in (("us-ca-los-angeles", "CA"), ("us-ny-nyc", "NY"), ("us", None)):
        result = runner.invoke(app, ["read", "--eval", str(tmp_path), "--json", "--pack", pack])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["home_state"] == state
        assert report["issuer"]["accuracy"] == 1.0, pack
        assert report["signed_by_judge"]["accuracy"] == 1.0
        assert report["issued_by"]["accuracy"] == 1.0
        assert report["non_judicial_read_as_judicial"] == []


def test_eval_counts_an_agency_paper_read_as_judicial_as_dangerous(paper, tmp_path: Path):
    paper(CALIFORNIA, "mislabeled.txt")
    (tmp_path / "labels.csv").write_text(
        "file,label,issuer\nmislabeled.txt,other,immigration_agency\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["read", "--eval", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [d["file"] for d in report["non_judicial_read_as_judicial"]] == ["mislabeled.txt"]


def test_eval_rejects_a_bad_issuer_label(paper, tmp_path: Path):
    paper(CALIFORNIA, "a.txt")
    (tmp_path / "labels.csv").write_text("file,label,issuer\na.txt,other,a_court\n", encoding="utf-8")
    result = runner.invoke(app, ["read", "--eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not an issuer" in result.output


def test_the_interview_takes_the_issuer_and_the_signer_from_the_reading(paper):
    from sanctuary.services.site import Site

    answers = Site.instrument_answers(sanctuary.read(paper(ARIZONA), pack="us-ca-los-angeles"))
    assert answers["instrument.issuer"] == "state_court_elsewhere"
    assert answers["instrument.issued_by"] == "judge"
    assert answers["instrument.federal"] == "no"
    unknown = Site.instrument_answers(sanctuary.read(paper(ARIZONA), pack="us"))
    assert "instrument.issuer" not in unknown  # the interview asks which court, rather than guess
    assert "instrument.federal" not in unknown

"""The verifier proves P1-P6 over the fact space, and finds counterexamples when they fail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sanctuary.model import Request
from sanctuary.policy import evaluate, load_stack, verify

ON = dt.date(2026, 6, 1)


def test_federal_pack_is_verified():
    report = verify(load_stack("us"), ON)
    assert report.ok, [f.message for f in report.failures]
    assert report.classes > 1000


def _pack(root: Path, pack_id: str, rules_yaml: str) -> None:
    folder = root / pack_id
    (folder / "law").mkdir(parents=True)
    (folder / "pack.yaml").write_text(
        f"id: {pack_id}\nname: Test\nversion: 1.0.0\njurisdiction: Test\nparents: [us]\n"
        "effective: 2020-01-01\nlaw: [ordinance.yaml]\n"
    )
    (folder / "law" / "ordinance.yaml").write_text(
        "instrument: Test ordinance\ncitation: Test Ord. 1\nsource: https://example.org/ord\n"
        "confidence: V\neffective: {from: 2020-01-01}\nrules:\n" + rules_yaml
    )


_SAY = "      say: {en: say, es: diga}\n    text: {en: why, es: por qué}\n"


@pytest.fixture
def pack_root(tmp_path, monkeypatch):
    monkeypatch.setenv("SANCTUARY_PACKS_PATH", str(tmp_path))
    return tmp_path


def _failures(pack_id: str, prop: str):
    report = verify(load_stack(pack_id), ON)
    return [f for f in report.failures if f.property == prop]


def test_p1_counterexample_for_a_pack_that_hands_addresses_to_ice(pack_root):
    _pack(
        pack_root,
        "leaky",
        "  - id: leaky-share\n    citation: Test Ord. 1(a)\n    summary: Share everything.\n"
        "    when: {action: share_data, data: home_address}\n    then:\n      outcome: comply\n" + _SAY,
    )
    failures = _failures("leaky", "P1")
    assert failures
    request = Request.model_validate(failures[0].request)
    assert request.requester.kind == "federal_immigration" or request.requester.acting_for_immigration
    assert request.purpose == "civil_immigration"
    assert evaluate(request, load_stack("leaky"), ON).outcome == "comply"


def test_p2_counterexample_for_a_pack_that_declines_a_judicial_warrant(pack_root):
    _pack(
        pack_root,
        "defiant",
        "  - id: defiant-no-entry\n    citation: Test Ord. 1(b)\n    summary: No entry, ever.\n"
        "    when: {action: enter_facility}\n    defeats: [us-judicial-warrant-obeyed]\n"
        "    then:\n      outcome: decline\n" + _SAY,
    )
    failures = _failures("defiant", "P2")
    assert failures
    request = failures[0].request
    assert request["instrument"]["type"] == "judicial_warrant"
    assert request["instrument"]["signed_by_judge"] is True
    assert request["instrument"]["issuer"] in ("federal_court", "state_court_here")


def test_p5_counterexample_for_a_pack_that_obeys_any_judge_signed_order(pack_root):
    # The mistake the issuer vocabulary exists to prevent: "signed by a judge" is not "from a court".
    _pack(
        pack_root,
        "credulous",
        "  - id: credulous-order\n    citation: Test Ord. 1(f)\n    summary: Obey any signed order.\n"
        "    when: {action: transfer_custody, instrument.type: court_order, instrument.signed_by_judge: true}\n"
        "    binding: true\n    then:\n      outcome: comply\n" + _SAY,
    )
    failures = _failures("credulous", "P5")
    assert failures
    request = Request.model_validate(failures[0].request)
    assert request.instrument is not None
    assert request.instrument.issuer in (
        "immigration_court",
        "state_court_elsewhere",
        "immigration_agency",
        "other_agency",
    )
    assert evaluate(request, load_stack("credulous"), ON).outcome == "comply"


def test_p6_counterexample_for_a_pack_that_lets_agents_question_pupils(pack_root):
    _pack(
        pack_root,
        "open-campus",
        "  - id: open-campus-interview\n    citation: Test Ord. 1(g)\n    summary: Agents may question pupils.\n"
        "    when: {action: interview, setting: school, purpose: criminal_immigration}\n"
        "    then:\n      outcome: comply\n" + _SAY,
    )
    failures = _failures("open-campus", "P6")
    assert failures
    request = Request.model_validate(failures[0].request)
    assert request.setting == "school"
    assert evaluate(request, load_stack("open-campus"), ON).outcome == "comply"
    # P1 speaks only of civil immigration: this pack slips past it, and P6 is what catches it.
    assert not _failures("open-campus", "P1")


def test_a_rule_cannot_test_the_derived_federal_flag(pack_root):
    from sanctuary.policy import PackError

    _pack(
        pack_root,
        "oldstyle",
        "  - id: oldstyle-federal\n    citation: Test Ord. 1(h)\n    summary: Federal papers.\n"
        "    when: {action: hold, instrument.federal: true}\n    then:\n      outcome: decline\n" + _SAY,
    )
    with pytest.raises(PackError, match=r"instrument.issuer: federal_court"):
        load_stack("oldstyle")


def test_p4_reports_dead_rules_and_unresolved_conflicts(pack_root):
    _pack(
        pack_root,
        "muddled",
        "  - id: muddled-dead\n    citation: Test Ord. 1(c)\n    summary: Never applies.\n"
        "    when: {action: hold, setting: school, not: {setting: school}}\n    then:\n      outcome: decline\n"
        + _SAY
        + "  - id: muddled-yes\n    citation: Test Ord. 1(d)\n    summary: Help with staging.\n"
        "    when: {action: assist, assist_kind: staging}\n    then:\n      outcome: comply\n"
        + _SAY
        + "  - id: muddled-no\n    citation: Test Ord. 1(e)\n    summary: Never help.\n"
        "    when: {action: assist}\n    then:\n      outcome: decline\n" + _SAY,
    )
    messages = [f.message for f in _failures("muddled", "P4")]
    assert any("muddled-dead" in m and "dead" in m for m in messages)
    assert any("muddled-yes" in m and "muddled-no" in m for m in messages)


def test_p3_counterexample_when_no_rule_decides(pack_root):
    # A pack without parents has no residual rule: some request gets no reason.
    folder = pack_root / "bare"
    (folder / "law").mkdir(parents=True)
    (folder / "pack.yaml").write_text(
        "id: bare\nname: Bare\nversion: 1.0.0\njurisdiction: Test\neffective: 2020-01-01\nlaw: [ordinance.yaml]\n"
    )
    (folder / "law" / "ordinance.yaml").write_text(
        "instrument: Test\ncitation: Test Ord. 2\nsource: https://example.org/ord\nconfidence: V\n"
        "effective: {from: 2020-01-01}\nrules:\n"
        "  - id: bare-hold\n    citation: Test Ord. 2(a)\n    summary: No holds.\n"
        "    when: {action: hold}\n    then:\n      outcome: decline\n" + _SAY
    )
    failures = _failures("bare", "P3")
    assert failures
    assert failures[0].request["action"] != "hold"

"""The public contract of design.md ("The contract (v1)"): field names and enum values, exactly.

The tables below are copied from design.md. The contract may grow (new fields, new values) but
never rename or drop a name, so each check is "the contract's names are all there".
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from typer.testing import CliRunner

import sanctuary
from sanctuary import Decision, InputError, Request
from sanctuary.cli import app
from sanctuary.model import (
    Action,
    Area,
    AssistKind,
    Confidence,
    DataCategory,
    HistoryTag,
    Instrument,
    InstrumentType,
    Obligation,
    ObligationId,
    Outcome,
    PackRef,
    Purpose,
    Reason,
    Requester,
    RequesterKind,
    Script,
    Setting,
    Subject,
)
from sanctuary.services import parse_request

DAY = "2025-06-01"

# --- design.md, "Request (JSON)" --------------------------------------------------------------

ENUM_FIELDS: dict[str, list[str]] = {
    "setting": [
        "city_office",
        "police",
        "jail",
        "school",
        "college",
        "health_facility",
        "courthouse",
        "shelter",
        "library",
        "labor_agency",
    ],
    "action": [
        "share_data",
        "enter_facility",
        "assist",
        "hold",
        "notify_release",
        "transfer_custody",
        "interview",
        "ask_status",
        "arrest",
    ],
    "assist_kind": [
        "personnel",
        "equipment",
        "space",
        "staging",
        "perimeter",
        "interpreter",
        "joint_operation",
        "funding",
    ],
    "area": ["public", "non_public"],
    "requester.kind": [
        "federal_immigration",
        "federal_other",
        "state_local_in_state",
        "law_enforcement_out_of_state",
        "court",
        "other_government",
        "private",
        "unknown",
    ],
    "purpose": [
        "civil_immigration",
        "criminal_immigration",
        "criminal_other",
        "task_force",
        "victim_certification",
        "benefits_eligibility",
        "unknown",
    ],
    "data": [
        "immigration_status",
        "citizenship",
        "place_of_birth",
        "home_address",
        "work_address",
        "contact_info",
        "associates",
        "release_date",
        "custody_status",
        "supervision_schedule",
        "criminal_history",
        "education_record",
        "directory_information",
        "medical",
        "sogi",
        "alpr",
        "biometrics",
        "aggregate_nonpersonal",
        "other_personal",
    ],
    "instrument.type": [
        "judicial_warrant",
        "judicial_probable_cause",
        "court_order",
        "judicial_subpoena",
        "administrative_subpoena",
        "administrative_warrant",
        "detainer",
        "notification_request",
        "notice_to_appear",
        "ncic_immigration_hit",
        "other",
        "none",
    ],
    "subject.history": [
        "serious_felony",
        "violent_felony",
        "state_prison_felony",
        "listed_felony_15y",
        "listed_wobbler_5y",
        "sex_arson_registrant",
        "federal_aggravated_felony",
        "outstanding_federal_felony_warrant",
        "pending_serious_charge_probable_cause",
        "reentry_after_aggravated_felony_removal",
    ],
}
LIST_FIELDS = {"data", "subject.history"}

BOOL_FIELDS = [
    "requester.acting_for_immigration",
    "instrument.signed_by_judge",
    "instrument.federal",
    "instrument.criminal",
    "instrument.covers_request",
    "instrument.nondisclosure_order",
    "exigent",
    "subject.in_custody",
    "subject.is_student",
    "subject.is_minor",
    "subject.is_patient",
    "subject.consent",
    "subject.info_public",
]

ENUM_CLASSES = {
    "setting": Setting,
    "action": Action,
    "assist_kind": AssistKind,
    "area": Area,
    "requester.kind": RequesterKind,
    "purpose": Purpose,
    "data": DataCategory,
    "instrument.type": InstrumentType,
    "subject.history": HistoryTag,
}

# --- design.md, "Decision (JSON)" -------------------------------------------------------------

OUTCOMES = ["comply", "partial", "decline", "refer", "stand_aside"]
OBLIGATION_IDS = [
    "notify_subject",
    "consent_form",
    "release_notice_to_subject",
    "notify_counsel",
    "notify_administrator",
    "notify_parents",
    "report_to_board",
    "report_to_ag",
    "document_interaction",
    "annual_transfer_report",
    "liaison_approval",
    "witness_denial",
    "access_log",
]


def nested(path: str, value: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A request dict with ``path`` (dotted) set to ``value``."""
    request: dict[str, Any] = copy.deepcopy(base) if base is not None else {"action": "hold"}
    head, _, tail = path.partition(".")
    if tail:
        request.setdefault(head, {})[tail] = value
    else:
        request[head] = value
    return request


def flat(text: str) -> str:
    """Collapse whitespace (messages may be wrapped to the terminal width)."""
    return " ".join(text.split())


# --- the vocabulary ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", sorted(ENUM_FIELDS))
def test_every_contract_enum_value_exists(field: str) -> None:
    values = {member.value for member in ENUM_CLASSES[field]}
    missing = set(ENUM_FIELDS[field]) - values
    assert not missing, f"{field}: values named in design.md but missing from the model: {sorted(missing)}"


def test_outcomes_confidences_and_obligation_ids() -> None:
    assert {o.value for o in Outcome} >= set(OUTCOMES)
    assert {c.value for c in Confidence} == {"V", "S", "U"}
    assert {o.value for o in ObligationId} >= set(OBLIGATION_IDS)


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (
            Request,
            "pack setting action assist_kind area requester purpose data instrument exigent subject",
        ),
        (Requester, "kind agency acting_for_immigration"),
        (Instrument, "type signed_by_judge federal criminal covers_request nondisclosure_order"),
        (Subject, "in_custody is_student is_minor is_patient consent info_public history"),
        (Decision, "outcome scope reasons obligations script packs trace"),
        (Reason, "rule citation source confidence text"),
        (Obligation, "id who due text"),
        (Script, "en es"),
        (PackRef, "id version digest"),
    ],
    ids=lambda x: x.__name__ if isinstance(x, type) else "",
)
def test_model_field_names(model: type, fields: str) -> None:
    missing = set(fields.split()) - set(model.model_fields)  # type: ignore[attr-defined]
    assert not missing, f"{model.__name__} lacks contract fields {sorted(missing)}"


def test_only_action_is_required() -> None:
    required = {name for name, info in Request.model_fields.items() if info.is_required()}
    assert required == {"action"}
    assert parse_request({"action": "ask_status"}).action is Action.ASK_STATUS


@pytest.mark.parametrize(
    ("field", "value"),
    [(field, value) for field, values in sorted(ENUM_FIELDS.items()) for value in values],
)
def test_every_contract_value_is_accepted_in_its_field(field: str, value: str) -> None:
    raw = nested(field, [value] if field in LIST_FIELDS else value)
    request = parse_request(raw)
    dumped = request.model_dump(mode="json")
    head, _, tail = field.partition(".")
    got = dumped[head][tail] if tail else dumped[head]
    assert got == ([value] if field in LIST_FIELDS else value)


@pytest.mark.parametrize("field", BOOL_FIELDS)
def test_boolean_fields_accept_booleans_and_reject_strings(field: str) -> None:
    request = parse_request(nested(field, True)).model_dump(mode="json")
    head, _, tail = field.partition(".")
    assert (request[head][tail] if tail else request[head]) is True
    with pytest.raises(InputError) as info:
        parse_request(nested(field, "yes"))
    assert f"'{field}'" in str(info.value)


# --- invalid requests -------------------------------------------------------------------------


@pytest.mark.parametrize("field", sorted(ENUM_FIELDS))
def test_unknown_enum_value_names_the_field_and_the_allowed_values(field: str) -> None:
    bogus = "definitely_not_a_value"
    raw = nested(field, [bogus] if field in LIST_FIELDS else bogus)
    if field == "action":
        raw = {"action": bogus}
    with pytest.raises(InputError) as info:
        parse_request(raw)
    message = str(info.value)
    path = f"{field}[0]" if field in LIST_FIELDS else field
    assert f"'{path}'" in message
    assert bogus in message
    allowed = message.split("allowed values:", 1)[1]
    for value in ENUM_FIELDS[field]:
        assert value in allowed, f"{value!r} not listed among the allowed values of {field}: {message}"


@pytest.mark.parametrize(
    ("raw", "path", "allowed"),
    [
        ({"action": "hold", "colour": "red"}, "colour", ["action", "setting", "requester", "subject", "instrument"]),
        ({"action": "hold", "requester": {"knd": "court"}}, "requester.knd", ["kind", "agency"]),
        ({"action": "hold", "instrument": {"judge": True}}, "instrument.judge", ["type", "signed_by_judge"]),
        ({"action": "hold", "subject": {"student": True}}, "subject.student", ["is_student", "history"]),
    ],
)
def test_unknown_field_names_the_path_and_the_allowed_fields(
    raw: dict[str, Any], path: str, allowed: list[str]
) -> None:
    with pytest.raises(InputError) as info:
        parse_request(raw)
    message = str(info.value)
    assert f"'{path}'" in message
    assert "not part of the request" in message
    for name in allowed:
        assert name in message.split("allowed here are:", 1)[1]


def test_missing_action_is_named() -> None:
    with pytest.raises(InputError, match=r"'action' is required"):
        parse_request({"setting": "jail"})


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InputError) as info:
        parse_request({"action": "hold", "setting": "moon", "requester": {"kind": "martian"}, "extra": 1})
    message = str(info.value)
    assert "(3 problems)" in message
    for path in ("'setting'", "'requester.kind'", "'extra'"):
        assert path in message


@pytest.mark.parametrize("raw", [[], "hold", 3, None])
def test_a_request_must_be_an_object(raw: Any) -> None:
    with pytest.raises(InputError, match="must be a JSON or YAML object"):
        parse_request(raw)


def test_input_error_is_a_value_error_and_exported() -> None:
    assert issubclass(sanctuary.InputError, ValueError)
    with pytest.raises(sanctuary.InputError):
        sanctuary.decide({"action": "bogus"}, pack="us", on=DAY)


# --- schema ----------------------------------------------------------------------------------


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


@pytest.mark.parametrize(
    ("which", "required", "enum_def", "enum_values"),
    [
        ("request", {"action"}, "Action", ENUM_FIELDS["action"]),
        ("decision", {"outcome", "reasons", "obligations", "script", "packs", "trace"}, "Outcome", OUTCOMES),
    ],
)
def test_schema_command_prints_json_schema(
    which: str, required: set[str], enum_def: str, enum_values: list[str]
) -> None:
    result = CliRunner().invoke(app, ["schema", which])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert required <= set(schema["required"])
    assert required <= set(schema["properties"])
    definitions = schema["$defs"]
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/"), ref
        assert ref.removeprefix("#/$defs/") in definitions, f"dangling $ref {ref}"
    assert set(enum_values) <= set(definitions[enum_def]["enum"])
    if which == "request":
        assert schema["additionalProperties"] is False
        assert set(ENUM_FIELDS["data"]) <= set(definitions["DataCategory"]["enum"])


# --- the Python API --------------------------------------------------------------------------

SAMPLE = {
    "action": "share_data",
    "setting": "city_office",
    "requester": {"kind": "federal_immigration", "agency": "ICE ERO"},
    "purpose": "civil_immigration",
    "data": ["home_address", "immigration_status"],
}


def test_decide_returns_a_decision_with_the_contract_shape() -> None:
    decision = sanctuary.decide(SAMPLE, pack="us", on=DAY)
    assert isinstance(decision, Decision)
    out = decision.model_dump(mode="json")
    assert out["outcome"] in OUTCOMES
    assert set(out["scope"]) == {"home_address", "immigration_status"}
    assert all(v in OUTCOMES for v in out["scope"].values())
    assert out["reasons"], "every decision gives a reason"
    for reason in out["reasons"]:
        assert {"rule", "citation", "source", "confidence", "text"} <= set(reason)
        assert reason["citation"]
        assert reason["text"]
        assert reason["source"].startswith(("http://", "https://"))
        assert reason["confidence"] in ("V", "S", "U")
    for obligation in out["obligations"]:
        assert {"id", "who", "due", "text"} <= set(obligation)
    assert set(out["script"]) >= {"en", "es"}
    assert out["script"]["en"]
    assert out["script"]["es"]
    assert out["packs"] == [{"id": "us", "version": out["packs"][0]["version"], "digest": out["packs"][0]["digest"]}]
    assert out["packs"][0]["digest"].startswith("sha256:")
    assert {"considered", "applied", "defeated"} <= set(out["trace"])
    json.dumps(out)  # JSON-ready


def test_decision_json_round_trips_through_the_model() -> None:
    decision = sanctuary.decide(SAMPLE, pack="us", on=DAY)
    dumped = decision.model_dump(mode="json")
    assert Decision.model_validate(dumped).model_dump(mode="json") == dumped


def test_decide_accepts_a_request_object_and_a_dict_alike() -> None:
    from_dict = sanctuary.decide(SAMPLE, pack="us", on=DAY)
    from_model = sanctuary.decide(Request.model_validate(SAMPLE), pack="us", on=DAY)
    assert from_dict.model_dump(mode="json") == from_model.model_dump(mode="json")


def test_decide_takes_the_pack_from_the_request_when_no_argument() -> None:
    decision = sanctuary.decide({**SAMPLE, "pack": "us"}, on=DAY)
    assert [p.id for p in decision.packs] == ["us"]

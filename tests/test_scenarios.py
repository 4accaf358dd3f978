"""The packs' scenarios are their executable specification; every rule must be fired by one."""

from __future__ import annotations

import pytest

from sanctuary.model import Action, Setting
from sanctuary.policy import available_packs, coverage, load_scenarios, run_scenario

SCENARIOS = load_scenarios()
MIN_SCENARIOS = 100


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(scenario):
    decision, problems = run_scenario(scenario)
    assert not problems, f"{scenario.spec.name} ({scenario.spec.provision}): " + "; ".join(problems)
    assert decision.reasons, "every decision cites at least one rule"


def test_there_are_enough_scenarios_and_each_names_a_provision():
    assert len(SCENARIOS) >= MIN_SCENARIOS
    assert all(s.spec.provision.strip() for s in SCENARIOS)


def test_every_pack_has_scenarios():
    packs_with_scenarios = {s.file.parent.parent.name for s in SCENARIOS}
    assert packs_with_scenarios == set(available_packs())


def test_scenarios_cover_every_action_and_every_setting():
    actions = {s.spec.request.action for s in SCENARIOS}
    settings = {s.spec.request.setting for s in SCENARIOS}
    assert set(Action) <= actions
    assert set(Setting) <= settings


def test_every_rule_is_fired_by_some_scenario():
    results = {s.id: run_scenario(s)[0] for s in SCENARIOS}
    report = coverage(SCENARIOS, results, available_packs())
    assert report.fired_by, "coverage lists the rules"
    assert not report.unfired, "rules no scenario fires: " + ", ".join(
        f"{rule} ({report.citations[rule]})" for rule in report.unfired
    )

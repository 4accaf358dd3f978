"""Scenario files: the packs' executable specification, read like the law's own examples.

A scenario file lives in ``packs/<id>/scenarios/`` and looks like::

    on: 2026-01-15                     # default date for its scenarios (optional)
    scenarios:
      - name: ICE asks the jail to hold a man past his release on a detainer
        provision: Cal. Gov. Code § 7284.6(a)(1)(B)
        request: {action: hold, setting: jail, requester: {kind: federal_immigration}, ...}
        expect:
          outcome: decline
          rules: [ca-7284.6-a1B-no-hold]        # among the reasons
          obligations: [notify_subject]          # among the duties
          absent_obligations: [consent_form]     # not among the duties
          scope: {home_address: decline}         # per data category (subset)
          refer_to: [counsel]
          questions: true                        # the decision asks for missing facts

A rule *fires* in a scenario when it applies and is not defeated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sanctuary.model import Decision, InputError, ObligationId, Outcome, ReferTo, Request

from ._engine import evaluate
from ._loader import available_packs, load_stack
from ._yaml import YamlError, line_of, load_yaml


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    outcome: Outcome
    rules: list[str] = Field(default_factory=list)
    obligations: list[ObligationId] = Field(default_factory=list)
    absent_obligations: list[ObligationId] = Field(default_factory=list)
    scope: dict[str, Outcome] | None = None
    refer_to: list[ReferTo] | None = None
    questions: bool | None = None


class ScenarioSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=3)
    provision: str = Field(min_length=3, description="The provision this scenario exercises.")
    on: dt.date | None = None
    pack: str | None = None
    request: Request
    expect: Expectation


class ScenarioFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    on: dt.date | None = None
    scenarios: list[ScenarioSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Scenario:
    pack: str
    file: Path
    line: int
    spec: ScenarioSpec
    on: dt.date

    @property
    def id(self) -> str:
        return f"{self.pack}/{self.file.stem}:{self.line}"


def load_scenarios(pack_ids: Iterable[str] | None = None) -> list[Scenario]:
    """Every scenario of the given packs (default: all packs)."""
    known = available_packs()
    wanted = list(pack_ids) if pack_ids is not None else sorted(known)
    scenarios: list[Scenario] = []
    problems: list[str] = []
    for pack_id in wanted:
        if pack_id not in known:
            raise InputError(
                "Unknown pack {pack!r}; available packs: {allowed}.", pack=pack_id, allowed=", ".join(sorted(known))
            )
        for path in sorted((known[pack_id] / "scenarios").glob("*.yaml")):
            try:
                raw = load_yaml(path)
            except YamlError as exc:
                problems.append(str(exc))
                continue
            try:
                parsed = ScenarioFile.model_validate(raw)
            except ValidationError as exc:
                for item in exc.errors(include_url=False):
                    loc = tuple(item["loc"])
                    problems.append(f"{path}:{line_of(raw, loc) or 1}: {'.'.join(map(str, loc))}: {item['msg']}")
                continue
            for index, spec in enumerate(parsed.scenarios):
                on = spec.on or parsed.on or dt.date.today()
                line = line_of(raw, ("scenarios", index)) or 1
                scenarios.append(Scenario(spec.pack or pack_id, path, line, spec, on))
    if problems:
        raise InputError("Scenario files are invalid:\n{problems}", problems="\n".join(problems))
    return scenarios


def run_scenario(scenario: Scenario) -> tuple[Decision, list[str]]:
    """Decide the scenario's request; return the decision and every unmet expectation."""
    decision = evaluate(scenario.spec.request, load_stack(scenario.pack), scenario.on)
    return decision, check(decision, scenario.spec.expect)


def check(decision: Decision, expect: Expectation) -> list[str]:
    problems: list[str] = []
    if decision.outcome is not expect.outcome:
        problems.append(f"outcome is {decision.outcome.value}, expected {expect.outcome.value}")
    reasons = {r.rule for r in decision.reasons}
    for rule in expect.rules:
        if rule not in reasons:
            problems.append(f"rule {rule} is not among the reasons ({', '.join(sorted(reasons)) or 'none'})")
    duties = {o.id for o in decision.obligations}
    for duty in expect.obligations:
        if duty.value not in duties:
            problems.append(f"duty {duty.value} is missing (duties: {', '.join(sorted(duties)) or 'none'})")
    for duty in expect.absent_obligations:
        if duty.value in duties:
            problems.append(f"duty {duty.value} should not be there")
    if expect.scope is not None:
        scope = {k.value: v for k, v in (decision.scope or {}).items()}
        for category, outcome in expect.scope.items():
            if scope.get(category) is not outcome:
                got = scope.get(category)
                problems.append(f"data {category}: {got.value if got else 'absent'}, expected {outcome.value}")
    if expect.refer_to is not None and set(expect.refer_to) != set(decision.refer_to):
        problems.append(
            f"refer_to is {[r.value for r in decision.refer_to]}, expected {[r.value for r in expect.refer_to]}"
        )
    if expect.questions is not None and bool(decision.questions) != expect.questions:
        problems.append(f"questions {'missing' if expect.questions else 'unexpected'}: {decision.questions}")
    return problems


def fired_rules(decision: Decision, duty_rules: set[str]) -> set[str]:
    """Rules that applied and were not defeated; a duty-only rule, when it added its duties."""
    defeated = {d.rule for d in decision.trace.defeated}
    added = set(decision.trace.duties)
    return {
        rule for rule in decision.trace.applied if rule not in defeated and (rule not in duty_rules or rule in added)
    }


@dataclass
class Coverage:
    """Which scenarios fire each rule; a rule no scenario fires is untested law."""

    fired_by: dict[str, list[str]]
    rule_pack: dict[str, str]
    citations: dict[str, str]

    @property
    def unfired(self) -> list[str]:
        return [rule for rule, names in self.fired_by.items() if not names]


def coverage(scenarios: list[Scenario], results: dict[str, Decision], pack_ids: Iterable[str]) -> Coverage:
    fired_by: dict[str, list[str]] = {}
    rule_pack: dict[str, str] = {}
    citations: dict[str, str] = {}
    duty_rules: set[str] = set()
    for pack_id in pack_ids:
        for pack_rule in load_stack(pack_id).top.rules:
            fired_by.setdefault(pack_rule.id, [])
            rule_pack[pack_rule.id] = pack_rule.pack
            citations[pack_rule.id] = pack_rule.citation
            if pack_rule.outcome is None:
                duty_rules.add(pack_rule.id)
    for scenario in scenarios:
        decision = results.get(scenario.id)
        if decision is None:
            continue
        for rule in fired_rules(decision, duty_rules):
            if rule in fired_by:
                fired_by[rule].append(scenario.id)
    return Coverage(fired_by, rule_pack, citations)

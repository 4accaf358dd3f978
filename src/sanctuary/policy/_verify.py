"""Prove properties of a pack stack over the whole finite fact space.

The space is split, one fact at a time, until every rule condition (and every
property's premise) is settled; each leaf is one equivalence class of
requests, since no rule can tell its members apart. A fact's values are cut
into the values the rules test, one stand-in for all untested values, and
"unknown" where the request may leave it out; a set fact (criminal history) is
cut into the groups of tags that the rules always test together. The result
is exhaustive, not sampled: a property that holds on every leaf holds for
every request.

Properties:
  P1 an immigration requester with a civil-immigration purpose and no confirmed
     judicial warrant or court order never gets `comply` for personal data,
     non-public entry, assistance, hold, transfer or interview;
  P2 a judicial warrant signed by a judge that covers the request never gets
     `decline` for share_data or enter_facility;
  P3 every outcome has at least one reason with a citation;
  P4 no rule is dead, and no two applicable rules conflict (one permits, one
     restricts) without a precedence between them;
  P5 no `comply` that rests on a paper which binds nobody here: from an immigration
     court or another state's court (whoever carries it), or from an immigration or
     other agency carried for immigration enforcement;
  P6 at a school, no `comply` to produce a pupil for questioning by an immigration
     requester without a judge's warrant or order from a court that binds here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sanctuary.model import BINDING_ISSUERS, Action, InstrumentType, Issuer, Outcome, Request, Setting

from ._conditions import All, AnyOf, Condition, IsKnown, Not, OneOf, Ref
from ._engine import UnitResult, decide_unit, evaluate, rules_in_force
from ._facts import DERIVED_FACTS, FACTS, NOT_APPLICABLE, Facts, request_from_facts
from ._pack import Rule, Stack
from ._partition import partition

#: Facts a request can leave out (None); the others always have a value.
_NULLABLE = {
    "setting",
    "assist_kind",
    "area",
    "requester.kind",
    "purpose",
    "data",
    "instrument.type",
    "instrument.signed_by_judge",
    "instrument.federal",
    "instrument.issuer",
    "instrument.issued_by",
    "instrument.criminal",
    "instrument.covers_request",
    "subject.in_custody",
    "subject.is_student",
    "subject.is_minor",
    "subject.is_patient",
    "subject.history",
}

#: Branching order: the facts that split the space most come first.
_ORDER = (
    "requester.kind",
    "requester.acting_for_immigration",
    "purpose",
    "setting",
    "data",
    "instrument.type",
    "instrument.signed_by_judge",
    "instrument.covers_request",
    "instrument.issuer",
    "instrument.issued_by",
    "instrument.federal",
    "instrument.criminal",
    "area",
    "assist_kind",
    "exigent",
    "subject.history",
    "subject.in_custody",
    "subject.consent",
    "subject.info_public",
    "subject.is_student",
    "subject.is_minor",
    "subject.is_patient",
    "instrument.nondisclosure_order",
)

_RANK = {fact: index for index, fact in enumerate(_ORDER)}

_PERMISSIVE = {Outcome.COMPLY, Outcome.STAND_ASIDE}
_COURT_COMMANDS = frozenset(
    {InstrumentType.JUDICIAL_WARRANT, InstrumentType.JUDICIAL_PROBABLE_CAUSE, InstrumentType.COURT_ORDER}
)


def _known(fact: str, *values: Any) -> Condition:
    return IsKnown(fact, frozenset(values))


_CONFIRMED_COMMAND = All(
    (
        _known("instrument.type", *_COURT_COMMANDS),
        _known("instrument.signed_by_judge", True),
        _known("instrument.covers_request", True),
        _known("instrument.issuer", *BINDING_ISSUERS),
    )
)

_IMMIGRATION_AUTHORITY = AnyOf(
    (_known("requester.kind", "federal_immigration"), _known("requester.acting_for_immigration", True))
)

#: What P1 protects: personal data, non-public entry, help, custody and questioning.
_PROTECTED_ACTS = AnyOf(
    (
        All((_known("action", Action.SHARE_DATA), Not(_known("data", "aggregate_nonpersonal")))),
        All((_known("action", Action.ENTER_FACILITY), _known("area", "non_public"))),
        _known("action", Action.ASSIST, Action.HOLD, Action.TRANSFER_CUSTODY, Action.INTERVIEW),
    )
)

P1_PREMISE = All(
    (
        _IMMIGRATION_AUTHORITY,
        _known("purpose", "civil_immigration"),
        Not(_CONFIRMED_COMMAND),
        _PROTECTED_ACTS,
    )
)

P2_PREMISE = All(
    (
        _known("action", Action.SHARE_DATA, Action.ENTER_FACILITY),
        _known("instrument.type", InstrumentType.JUDICIAL_WARRANT),
        _known("instrument.signed_by_judge", True),
        _known("instrument.covers_request", True),
        _known("instrument.issuer", *BINDING_ISSUERS),
    )
)

#: Papers that command nothing here, whoever carries them: an immigration judge is not a court,
#: and another state's court binds only once its paper is domesticated.
_NO_COURT_HERE = (Issuer.IMMIGRATION_COURT, Issuer.STATE_COURT_ELSEWHERE)
#: Agency papers: legal process of their own kind, never a court's command.
_AGENCY = (Issuer.IMMIGRATION_AGENCY, Issuer.OTHER_AGENCY)

P5_PREMISE = All(
    (
        AnyOf(
            (
                _known("instrument.issuer", *_NO_COURT_HERE),
                All(
                    (
                        _known("instrument.issuer", *_AGENCY),
                        AnyOf((_IMMIGRATION_AUTHORITY, _known("purpose", "civil_immigration", "criminal_immigration"))),
                    )
                ),
            )
        ),
        # A comply that rests on the person's own written consent, or on what is already public,
        # does not rest on the paper.
        Not(_known("subject.consent", True)),
        Not(_known("subject.info_public", True)),
        _PROTECTED_ACTS,
    )
)

P6_PREMISE = All(
    (
        _known("setting", Setting.SCHOOL),
        _known("action", Action.INTERVIEW),
        Not(_known("subject.is_student", False)),
        AnyOf((_IMMIGRATION_AUTHORITY, _known("purpose", "civil_immigration", "criminal_immigration"))),
        Not(_CONFIRMED_COMMAND),
    )
)

PREMISES = {"P1": P1_PREMISE, "P2": P2_PREMISE, "P5": P5_PREMISE, "P6": P6_PREMISE}

PROPERTIES = {
    "P1": "an immigration requester with a civil-immigration purpose and no confirmed judicial warrant "
    "or court order never gets `comply` for personal data, non-public entry, assistance, hold, transfer or interview",
    "P2": "a judicial warrant signed by a judge of a court that binds here and covering the request never gets "
    "`decline` for share_data or enter_facility",
    "P3": "every outcome has at least one reason with a citation",
    "P4": "no rule is dead, and no two applicable rules conflict without a precedence between them",
    "P5": "no `comply` on a paper from an immigration court or another state's court, or on an agency's paper "
    "carried for immigration enforcement, for personal data, non-public entry, assistance, hold, transfer or interview",
    "P6": "at a school, no `comply` to produce a pupil for questioning by an immigration requester without a "
    "judge's warrant or order from a court that binds here",
}


@dataclass
class Failure:
    property: str
    message: str
    request: dict[str, Any] | None = None
    outcome: str | None = None
    rules: list[str] = field(default_factory=list)


@dataclass
class Report:
    pack: str
    on: dt.date
    classes: int = 0
    failures: list[Failure] = field(default_factory=list)
    rules_checked: int = 0
    shadowed: list[str] = field(default_factory=list)
    """Parent rules that never apply under this pack: a stricter local law leaves them no room."""

    @property
    def ok(self) -> bool:
        return not self.failures

    def failed(self, prop: str) -> list[Failure]:
        return [f for f in self.failures if f.property == prop]


def fact_domains(conditions: list[Condition]) -> dict[str, tuple[Any, ...]]:
    """Each fact's values, one per class of values that no condition tells apart (plus unknown)."""
    tests = _tests_by_fact(conditions)
    domains: dict[str, tuple[Any, ...]] = {}
    for fact, spec in FACTS.items():
        if fact == "action":
            continue
        if spec.kind == "set":
            domain: list[Any] = _set_classes(spec.domain, tests.get(fact, []))
        else:
            domain = _representatives(spec.domain, tests.get(fact, []))
        if fact in _NULLABLE:
            domain.append(None)
        domains[fact] = tuple(domain)
    return domains


def _tests_by_fact(conditions: list[Condition]) -> dict[str, list[frozenset[Any]]]:
    """Every set of values each fact is compared with, over all the conditions."""
    tests: dict[str, set[frozenset[Any]]] = {}

    def collect(node: Condition) -> None:
        if isinstance(node, OneOf | IsKnown):
            tests.setdefault(node.fact, set()).add(frozenset(node.values))
        for child in getattr(node, "children", ()):
            collect(child)
        if isinstance(node, Not | Ref):
            collect(node.child)

    for condition in conditions:
        collect(condition)
    return {fact: sorted(found, key=lambda t: sorted(map(str, t))) for fact, found in tests.items()}


def _representatives(values: tuple[Any, ...], tests: list[frozenset[Any]]) -> list[Any]:
    """One value for each group of values that belong to exactly the same tested sets.

    Conditions only ask whether a fact's value is in a set, so two values in the same sets are
    interchangeable in every condition: checking one checks both. The first value of each group
    stands for it, so a counterexample shows a value a rule names when there is one.
    """
    groups: dict[tuple[bool, ...], Any] = {}
    for value in values:
        groups.setdefault(tuple(value in t for t in tests), value)
    return list(groups.values())


def _set_classes(tags: tuple[Any, ...], tests: list[frozenset[Any]]) -> list[Any]:
    """Subsets of tag groups: tags that every condition tests alike are interchangeable."""
    representatives = _representatives(tags, tests)
    return [frozenset(c) for n in range(len(representatives) + 1) for c in combinations(representatives, n)]


def _complete(assignment: Facts) -> Facts:
    """Fill facts no condition looks at, so the engine (and a counterexample) can use them."""
    full = dict(assignment)
    for fact, spec in FACTS.items():
        if fact not in full:
            full[fact] = None if fact in _NULLABLE else (False if spec.kind == "bool" else None)
    return full


def _counterexample(facts: Facts) -> dict[str, Any]:
    request = request_from_facts({k: v for k, v in facts.items() if k not in DERIVED_FACTS})
    if any(f.startswith("instrument.") and f in facts for f in facts) and "instrument" not in request:
        request["instrument"] = {}
    instrument = request.get("instrument")
    if (
        isinstance(instrument, dict)
        and instrument.get("type") == "none"
        and not any(
            instrument.get(k)
            for k in ("signed_by_judge", "federal", "criminal", "covers_request", "nondisclosure_order")
        )
        and instrument.get("issuer", "none") == "none"
        and instrument.get("issued_by", "none") == "none"
    ):
        request.pop("instrument")
    return request


def verify(stack: Stack, on: dt.date, progress: Callable[[str], None] | None = None) -> Report:
    """Check P1-P4 for ``stack`` as in force on ``on``."""
    report = Report(pack=stack.top.id, on=on)
    fired: set[str] = set()
    considered: set[str] = set()
    conflicts: dict[tuple[str, str], Facts] = {}
    for action in Action:
        if progress:
            progress(action.value)
        rules = rules_in_force(stack, action, on)
        considered.update(r.id for r in rules)
        premises: list[Condition] = list(PREMISES.values())
        conditions = [r.condition for r in rules] + premises
        domains = fact_domains(conditions)
        if action is not Action.SHARE_DATA:
            domains["data"] = (NOT_APPLICABLE,)
        start: Facts = {"action": action}

        def check(assignment: Facts, statuses: list[bool | None], rules: tuple[Rule, ...] = rules) -> None:
            facts = _complete(assignment)
            unit = decide_unit(stack, rules, facts)
            held = {name: statuses[len(rules) + i] is True for i, name in enumerate(PREMISES)}
            _check(report, stack, on, facts, unit, held, conflicts)
            fired.update(r.id for r in unit.applied if r.id not in unit.defeated and (r.outcome or r in unit.duties))

        report.classes += partition(conditions, domains, start, _RANK, check)
    report.rules_checked = len(considered)
    for rule in stack.rules:
        if not rule.in_force(on) or rule.id in fired:
            continue
        if rule.pack == stack.top.id:
            report.failures.append(
                Failure(
                    "P4",
                    f"rule {rule.id} ({rule.where}) never applies to any request: it is dead",
                    rules=[rule.id],
                )
            )
        else:
            report.shadowed.append(rule.id)
    for (first, second), facts in conflicts.items():
        report.failures.append(
            Failure(
                "P4",
                f"rules {first} and {second} both apply, one permits and one restricts, and neither defeats "
                "the other: add 'defeats' or narrow a condition",
                request=_counterexample(facts),
                rules=[first, second],
            )
        )
    return report


def _check(
    report: Report,
    stack: Stack,
    on: dt.date,
    facts: Facts,
    unit: UnitResult,
    held: dict[str, bool],
    conflicts: dict[tuple[str, str], Facts],
) -> None:
    def fail(prop: str, message: str) -> None:
        if len(report.failed(prop)) >= 20:
            return
        request = _counterexample(facts)
        decided = evaluate(Request.model_validate(request), stack, on)
        report.failures.append(
            Failure(
                prop,
                message,
                request=request,
                outcome=decided.outcome.value,
                rules=[r.id for r in unit.deciding],
            )
        )

    outcome = unit.outcome
    if held["P1"] and outcome is Outcome.COMPLY:
        fail("P1", "an immigration request without a judicial warrant gets `comply`")
    if held["P2"] and outcome is Outcome.DECLINE:
        fail("P2", "a judicial warrant that covers the request gets `decline`")
    if held["P5"] and outcome is Outcome.COMPLY:
        fail("P5", "a paper from an immigration court, another state's court or an agency gets `comply`")
    if held["P6"] and outcome is Outcome.COMPLY:
        fail("P6", "a pupil is produced for immigration questioning without a binding court's warrant or order")
    if not unit.deciding and not unit.unsettling:
        fail("P3", "the outcome has no reason: no rule of the pack decides this request")
    live = [r for r in unit.applied if r.id not in unit.defeated and r.outcome is not None and not r.default]
    permissive = [r for r in live if r.outcome in _PERMISSIVE and not r.binding]
    restrictive = [r for r in live if r.outcome not in _PERMISSIVE]
    for p in permissive:
        for r in restrictive:
            conflicts.setdefault((p.id, r.id), facts)

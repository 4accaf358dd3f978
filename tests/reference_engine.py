"""The plain evaluation path: the engine's semantics with no index, no cache and validated models.

The engine takes shortcuts for speed (a rule index, decisions shared by every request with the same
relevant facts, models built without validation). This module decides the same way from first
principles: every rule in force is tested on the request's full facts, each unit is resolved by
scanning, and every model is built by pydantic's validating constructor. ``test_decisions_identical``
checks the engine against it on every scenario of every pack, so a shortcut that changes any field
of any decision fails there, while pack content can change freely.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sanctuary.model import (
    CONFIDENCE_STRENGTH,
    Action,
    DataCategory,
    Decision,
    Defeat,
    Obligation,
    Outcome,
    ReferTo,
    Request,
    Script,
    Trace,
    Undetermined,
)
from sanctuary.policy import FACTS, PROTECTION, Rule, Stack, facts_of
from sanctuary.policy._texts import NO_RULE_SCRIPT, UNSETTLED_SCRIPT

Facts = dict[str, object]


@dataclass
class Unit:
    outcome: Outcome | None
    deciding: list[Rule]
    applied: list[Rule]
    defeated: dict[str, list[str]]
    undetermined: list[Rule]
    facts: Facts
    unsettling: list[Rule] = field(default_factory=list)
    duties: list[Rule] = field(default_factory=list)


def _ranked(stack: Stack, rules: list[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda r: stack.rank[r.id])


def _undefeated(stack: Stack, applied: list[Rule]) -> tuple[list[Rule], dict[str, list[str]]]:
    live: list[Rule] = []
    defeated: dict[str, list[str]] = {}
    for rule in _ranked(stack, applied):
        by = [d for d in stack.defeaters.get(rule.id, ()) if any(r.id == d for r in live)]
        if by:
            defeated[rule.id] = by
        else:
            live.append(rule)
    return live, defeated


def _resolve(live: list[Rule]) -> tuple[Outcome | None, list[Rule]]:
    with_outcome = [r for r in live if r.outcome is not None]
    if not with_outcome:
        return None, []
    top = max(r.priority for r in with_outcome)
    deciding = [r for r in with_outcome if r.priority == top]
    return deciding[0].outcome, deciding


def _outcome_with(stack: Stack, rules: list[Rule]) -> Outcome | None:
    return _resolve(_undefeated(stack, rules)[0])[0]


def decide_unit(stack: Stack, action: Action, on: dt.date, facts: Facts) -> Unit:
    rules = _ranked(stack, [r for r in stack.by_action[action] if r.in_force(on)])
    applied = [r for r in rules if r.condition.evaluate(facts) is True]
    undetermined = [r for r in rules if r.condition.evaluate(facts) is None]
    live, defeated = _undefeated(stack, applied)
    outcome, deciding = _resolve(live)
    unit = Unit(outcome, deciding, applied, defeated, undetermined, facts)
    relevant = [u for u in undetermined if u.outcome is not None or u.defeats]
    changing = [u for u in relevant if _outcome_with(stack, [*applied, u]) != outcome]
    if not changing and len(relevant) > 1 and _outcome_with(stack, [*applied, *relevant]) != outcome:
        changing = relevant
    if changing:
        unit.unsettling = changing
        unit.outcome = outcome = Outcome.REFER
    unit.duties = [
        r
        for r in live
        if r.outcome is None and (r.when_outcome is None or (outcome is not None and outcome in r.when_outcome))
    ]
    return unit


def combine(outcomes: list[Outcome | None]) -> Outcome | None:
    distinct = set(outcomes)
    if len(distinct) == 1:
        return outcomes[0]
    if None in distinct:
        return Outcome.REFER
    if Outcome.COMPLY in distinct:
        return Outcome.PARTIAL
    if Outcome.REFER in distinct:
        return Outcome.REFER
    return max((o for o in distinct if o is not None), key=lambda o: PROTECTION[o])


def evaluate(request: Request, stack: Stack, on: dt.date) -> Decision:
    """The decision for ``request``, computed the plain way."""
    assert on >= stack.effective, "the engine refuses a date before the stack's effective date"
    considered = [r.id for r in stack.by_action[request.action] if r.in_force(on)]
    facts = facts_of(request)
    units: list[tuple[DataCategory | None, Unit]] = []
    if request.action is Action.SHARE_DATA:
        for category in list(dict.fromkeys(request.data or [])) or [None]:
            unit_facts = {**facts, "data": category}
            units.append((category, decide_unit(stack, request.action, on, unit_facts)))
    else:
        units.append((None, decide_unit(stack, request.action, on, facts)))

    outcome = combine([unit.outcome for _, unit in units])
    reasons: list[Rule] = []
    obligations: dict[str, Obligation] = {}
    refer_to: list[ReferTo] = []
    says_en: list[str] = []
    says_es: list[str] = []
    questions: list[str] = []
    notes: list[str] = []
    duty_rules: list[str] = []

    def add(items: list[str] | list[ReferTo], value: object) -> None:
        if value not in items:
            items.append(value)  # type: ignore[arg-type]

    for category, unit in units:
        spoken = False
        for rule in unit.deciding:
            if unit.unsettling and rule.default:
                continue
            if rule not in reasons:
                reasons.append(rule)
            if unit.outcome is rule.outcome:
                for obligation in rule.duties:
                    obligations.setdefault(obligation.id, obligation)
                for who in rule.refer_to:
                    add(refer_to, who)
                if rule.say is not None and not spoken:
                    add(says_en, rule.say.en)
                    add(says_es, rule.say.es)
                    spoken = True
        if unit.unsettling:
            for rule in unit.unsettling:
                if rule not in reasons:
                    reasons.append(rule)
                for fact in sorted(rule.fact_names):
                    if unit.facts.get(fact) is None:
                        add(questions, FACTS[fact].question)
            add(refer_to, ReferTo.COUNSEL)
            add(says_en, UNSETTLED_SCRIPT.en)
            add(says_es, UNSETTLED_SCRIPT.es)
        for rule in unit.duties:
            add(duty_rules, rule.id)
            for obligation in rule.duties:
                obligations.setdefault(obligation.id, obligation)
        if category is not None:
            names = ", ".join(r.id for r in (unit.unsettling or unit.deciding)) or "no rule"
            notes.append(f"data={category.value}: {unit.outcome.value if unit.outcome else 'undecided'} ({names})")
    if outcome is None:
        outcome = Outcome.REFER
        add(refer_to, ReferTo.COUNSEL)
        add(says_en, NO_RULE_SCRIPT.en)
        add(says_es, NO_RULE_SCRIPT.es)
        notes.append(f"no rule of pack {stack.top.id!r} decides this request; it goes to counsel")
    if request.action is Action.SHARE_DATA and request.data is None:
        notes.append("no data categories were named; each category-specific rule is a question")

    applied: list[str] = []
    defeated: dict[str, list[str]] = {}
    undetermined: dict[str, Undetermined] = {}
    deciding: list[str] = []
    for _, unit in units:
        for rule in unit.applied:
            add(applied, rule.id)
        for rule_id, by in unit.defeated.items():
            defeated.setdefault(rule_id, by)
        for rule in unit.undetermined:
            undetermined[rule.id] = Undetermined(
                rule=rule.id, facts=sorted(f for f in rule.fact_names if unit.facts.get(f) is None)
            )
        for rule in unit.deciding:
            add(deciding, rule.id)
    weakest = min((CONFIDENCE_STRENGTH[r.confidence] for r in reasons), default=2)
    return Decision(
        outcome=outcome,
        scope={c: u.outcome or Outcome.REFER for c, u in units if c is not None}
        if request.data and request.action is Action.SHARE_DATA
        else None,
        refer_to=refer_to if outcome in (Outcome.REFER, Outcome.PARTIAL) else [],
        reasons=[rule.reason for rule in reasons],
        obligations=list(obligations.values()),
        script=Script(en=" ".join(says_en), es=" ".join(says_es)),
        packs=list(stack.refs),
        trace=Trace(
            considered=considered,
            applied=applied,
            defeated=[Defeat(rule=k, by=v) for k, v in defeated.items()],
            undetermined=list(undetermined.values()),
            deciding=deciding,
            duties=duty_rules,
            notes=notes,
        ),
        questions=questions,
        confidence=next(tag for tag, strength in CONFIDENCE_STRENGTH.items() if strength == weakest),
        on=on,
        document=None,
    )

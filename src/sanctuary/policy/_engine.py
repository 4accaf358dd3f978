"""The decision engine: a pure function of (request, pack stack, date).

Precedence, in order:
1. an applicable rule that ``defeats`` another (an exception) removes it;
2. a ``binding`` rule (a valid court command) wins over any more protective rule,
   unless a rule explicitly defeats it;
3. a ``default`` (residual) rule counts only when no other rule with an outcome applies;
4. otherwise the most protective outcome wins: decline > refer > stand_aside > comply;
5. if a rule that might apply (its facts are unknown) would change the outcome,
   the outcome is ``refer`` and the missing facts become questions.

For ``share_data`` each data category is decided on its own and the outcomes are
combined: all alike -> that outcome; some comply -> partial; else any refer -> refer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sanctuary.model import (
    CONFIDENCE_STRENGTH,
    Action,
    Confidence,
    DataCategory,
    Decision,
    Defeat,
    InputError,
    Obligation,
    Outcome,
    Reason,
    ReferTo,
    Request,
    Script,
    Trace,
    Undetermined,
)

from ._facts import FACTS, Facts, facts_of
from ._pack import Rule, Stack
from ._texts import NO_RULE_SCRIPT, UNSETTLED_SCRIPT

PROTECTION: dict[Outcome, int] = {
    Outcome.COMPLY: 0,
    Outcome.STAND_ASIDE: 1,
    Outcome.REFER: 2,
    Outcome.DECLINE: 3,
}


@dataclass(slots=True)
class UnitResult:
    """The decision for one evaluation unit: the request, or one data category of it."""

    outcome: Outcome | None
    deciding: list[Rule]
    applied: list[Rule]
    defeated: dict[str, list[str]]
    undetermined: list[Rule]
    unsettling: list[Rule] = field(default_factory=list)
    duties: list[Rule] = field(default_factory=list)


def rules_in_force(stack: Stack, action: Action, on: dt.date) -> tuple[Rule, ...]:
    return _rules_in_force(stack, action, on)


@lru_cache(maxsize=4096)
def _rules_in_force(stack: Stack, action: Action, on: dt.date) -> tuple[Rule, ...]:
    return tuple(r for r in stack.by_action[action] if r.in_force(on))


def _undefeated(stack: Stack, applied: Iterable[Rule]) -> tuple[list[Rule], dict[str, list[str]]]:
    """Rules arrive ranked (defeaters first), so one pass settles every defeat."""
    live: list[Rule] = []
    live_ids: set[str] = set()
    defeated: dict[str, list[str]] = {}
    defeaters = stack.defeaters
    for rule in applied:
        by = [d for d in defeaters.get(rule.id, ()) if d in live_ids]
        if by:
            defeated[rule.id] = by
        else:
            live.append(rule)
            live_ids.add(rule.id)
    return live, defeated


def _resolve(live: Sequence[Rule]) -> tuple[Outcome | None, list[Rule]]:
    deciders = [r for r in live if r.outcome is not None]
    if not deciders:
        return None, []
    binding = [r for r in deciders if r.binding]
    pool = binding or [r for r in deciders if not r.default] or deciders
    best = max(PROTECTION[r.outcome] for r in pool if r.outcome is not None)
    deciding = [r for r in pool if r.outcome is not None and PROTECTION[r.outcome] == best]
    return deciding[0].outcome, deciding


def decide_unit(stack: Stack, rules: Sequence[Rule], facts: Facts) -> UnitResult:
    """Decide one unit; ``rules`` are the rules in force for the action, ranked."""
    applied: list[Rule] = []
    undetermined: list[Rule] = []
    for rule in rules:
        value = rule.condition.evaluate(facts)
        if value is True:
            applied.append(rule)
        elif value is None:
            undetermined.append(rule)
    live, defeated = _undefeated(stack, applied)
    outcome, deciding = _resolve(live)
    result = UnitResult(outcome, deciding, applied, defeated, undetermined)
    if undetermined:
        result.unsettling = _unsettling(stack, rules, applied, undetermined, outcome)
        if result.unsettling:
            result.outcome = Outcome.REFER
    result.duties = [
        r
        for r in live
        if r.outcome is None
        and (r.when_outcome is None or (result.outcome is not None and result.outcome in r.when_outcome))
    ]
    return result


def _unsettling(
    stack: Stack,
    rules: Sequence[Rule],
    applied: list[Rule],
    undetermined: list[Rule],
    outcome: Outcome | None,
) -> list[Rule]:
    """The undetermined rules whose applying (alone, or all together) would change the outcome."""

    def outcome_with(extra: set[str]) -> Outcome | None:
        chosen = [r for r in rules if r.id in extra or r in applied_set]
        return _resolve(_undefeated(stack, chosen)[0])[0]

    applied_set = set(applied)
    changing = [u for u in undetermined if outcome_with({u.id}) != outcome]
    if changing:
        return changing
    everything = {u.id for u in undetermined}
    if outcome_with(everything) != outcome:
        return [u for u in undetermined if u.outcome is not None or u.defeats]
    return []


def evaluate(request: Request, stack: Stack, on: dt.date) -> Decision:
    """The decision for ``request`` under ``stack`` as in force on ``on``."""
    if on < stack.effective:
        late = max(stack.packs, key=lambda p: p.effective)
        raise InputError(
            f"The pack {late.id!r} took effect on {late.effective.isoformat()}; there is no decision under "
            f"pack {stack.top.id!r} for {on.isoformat()}. Use a date on or after {stack.effective.isoformat()}."
        )
    rules = rules_in_force(stack, request.action, on)
    facts = facts_of(request)
    units: list[tuple[DataCategory | None, UnitResult]] = []
    if request.action is Action.SHARE_DATA:
        categories: list[DataCategory | None] = list(dict.fromkeys(request.data or [])) or [None]
        for category in categories:
            facts["data"] = category
            units.append((category, decide_unit(stack, rules, facts)))
    else:
        units.append((None, decide_unit(stack, rules, facts)))
    return _assemble(request, stack, on, rules, facts, units)


def combine(outcomes: Sequence[Outcome | None]) -> Outcome | None:
    """One outcome for a request from the outcomes of its data categories."""
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


def _assemble(
    request: Request,
    stack: Stack,
    on: dt.date,
    rules: Sequence[Rule],
    facts: Facts,
    units: list[tuple[DataCategory | None, UnitResult]],
) -> Decision:
    outcome = combine([unit.outcome for _, unit in units])
    reason_rules: dict[str, Rule] = {}
    duty_rules: dict[str, Rule] = {}
    refer_to: dict[ReferTo, None] = {}
    says_en: dict[str, None] = {}
    says_es: dict[str, None] = {}
    questions: dict[str, None] = {}
    notes: list[str] = []
    for category, unit in units:
        for rule in unit.deciding:
            if unit.unsettling and rule.default:
                continue  # the residual rule explains nothing once the facts decide
            reason_rules.setdefault(rule.id, rule)
            if unit.outcome is rule.outcome:
                refer_to.update(dict.fromkeys(rule.refer_to))
                if rule.say is not None:
                    says_en.setdefault(rule.say.en)
                    says_es.setdefault(rule.say.es)
        for rule in unit.unsettling:
            reason_rules.setdefault(rule.id, rule)
            for fact in sorted(rule.condition.facts()):
                if facts.get(fact) is None:
                    questions.setdefault(FACTS[fact].question)
        for rule in unit.duties:
            duty_rules.setdefault(rule.id, rule)
        if unit.unsettling:
            refer_to.setdefault(ReferTo.COUNSEL)
            says_en.setdefault(UNSETTLED_SCRIPT.en)
            says_es.setdefault(UNSETTLED_SCRIPT.es)
        if category is not None:
            names = ", ".join(r.id for r in (unit.unsettling or unit.deciding)) or "no rule"
            notes.append(f"data={category.value}: {unit.outcome.value if unit.outcome else 'undecided'} ({names})")
    if outcome is None:
        outcome = Outcome.REFER
        refer_to.setdefault(ReferTo.COUNSEL)
        says_en.setdefault(NO_RULE_SCRIPT.en)
        says_es.setdefault(NO_RULE_SCRIPT.es)
        notes.append(f"no rule of pack {stack.top.id!r} decides this request; it goes to counsel")
    if request.action is Action.SHARE_DATA and request.data is None:
        notes.append("no data categories were named; each category-specific rule is a question")

    reasons = [_reason(stack, rule) for rule in reason_rules.values()]
    # Duties come from duty rules and from deciding rules whose outcome is the unit's final one.
    dutiful = {r.id for _, u in units for r in u.deciding if r.outcome is u.outcome}
    obligations: dict[str, Obligation] = {}  # one duty of each kind: the first rule's wording
    for rule in [*reason_rules.values(), *duty_rules.values()]:
        if rule.outcome is not None and rule.id not in dutiful:
            continue
        for obligation in _obligations(stack, rule):
            obligations.setdefault(obligation.id, obligation)

    applied = {r.id: None for _, u in units for r in u.applied}
    defeated: dict[str, list[str]] = {}
    for _, unit in units:
        for rule_id, by in unit.defeated.items():
            defeated.setdefault(rule_id, by)
    undetermined: dict[str, Rule] = {r.id: r for _, u in units for r in u.undetermined}
    weakest = min((r.confidence for r in reasons), key=CONFIDENCE_STRENGTH.__getitem__, default=None)
    scope = (
        {category: unit.outcome or Outcome.REFER for category, unit in units if category is not None}
        if request.action is Action.SHARE_DATA and request.data
        else None
    )
    return Decision.model_construct(
        outcome=outcome,
        scope=scope,
        refer_to=list(refer_to) if outcome in (Outcome.REFER, Outcome.PARTIAL) else [],
        reasons=reasons,
        obligations=list(obligations.values()),
        script=Script.model_construct(en=" ".join(says_en), es=" ".join(says_es)),
        packs=list(stack.refs),
        trace=Trace.model_construct(
            considered=[r.id for r in rules],
            applied=list(applied),
            defeated=[Defeat.model_construct(rule=k, by=v) for k, v in defeated.items()],
            undetermined=[
                Undetermined.model_construct(
                    rule=r.id, facts=sorted(f for f in r.condition.facts() if facts.get(f) is None)
                )
                for r in undetermined.values()
            ],
            deciding=list(dict.fromkeys(r.id for _, u in units for r in u.deciding)),
            notes=notes,
        ),
        questions=list(questions),
        confidence=weakest if weakest is not None else Confidence.U,
        on=on,
        notice="Not legal advice. A jurisdiction's counsel must review its pack before use.",
    )


def _reason(stack: Stack, rule: Rule) -> Reason:
    return _reason_cached(stack, rule)


@lru_cache(maxsize=8192)
def _reason_cached(_stack: Stack, rule: Rule) -> Reason:
    return Reason(
        rule=rule.id,
        pack=rule.pack,
        citation=rule.citation,
        source=rule.source,
        confidence=rule.confidence,
        text=rule.text.en,
        text_es=rule.text.es,
    )


@lru_cache(maxsize=8192)
def _obligations(_stack: Stack, rule: Rule) -> tuple[Obligation, ...]:
    return tuple(
        Obligation(
            id=spec.id.value,
            who=spec.who,
            due=spec.due,
            text=spec.text.en,
            text_es=spec.text.es,
            rule=rule.id,
            citation=rule.citation,
        )
        for spec in rule.obligations
    )

"""Compiled packs: rules ready to evaluate, and the stack a decision runs on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sanctuary.model import CONFIDENCE_STRENGTH, Action, Confidence, Obligation, Outcome, PackRef, Reason, ReferTo

from ._conditions import All, AnyOf, Condition, OneOf, Ref, Test, compile_condition, specialize
from ._schema import ObligationSpec, Text

#: How protective each outcome is: decline > refer > stand_aside > comply.
PROTECTION: dict[Outcome, int] = {
    Outcome.COMPLY: 0,
    Outcome.STAND_ASIDE: 1,
    Outcome.REFER: 2,
    Outcome.DECLINE: 3,
}


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    pack: str
    citation: str
    source: str
    confidence: Confidence
    summary: str
    quote: str | None  # the operative text read, for a rule tagged V
    effective_from: dt.date
    effective_to: dt.date | None
    condition: Condition
    fact_names: frozenset[str]  # the facts the condition reads
    outcome: Outcome | None
    refer_to: tuple[ReferTo, ...]
    obligations: tuple[ObligationSpec, ...]
    say: Text | None
    text: Text
    defeats: tuple[str, ...]
    binding: bool
    default: bool
    when_outcome: frozenset[Outcome] | None
    file: Path
    line: int

    @cached_property
    def priority(self) -> int:
        """Precedence among applicable undefeated rules: binding, then ordinary, then default
        rules; within each tier the more protective outcome. -1 for a duty-only rule."""
        if self.outcome is None:
            return -1
        tier = 2 if self.binding else 0 if self.default else 1
        return tier * 10 + PROTECTION[self.outcome]

    @cached_property
    def test(self) -> Test:
        """The condition compiled (on first use), for facts of any action."""
        return compile_condition(self.condition, per_category=Action.SHARE_DATA in self.actions)

    def test_for(self, action: Action) -> Test:
        """The condition compiled (on first use) for requests of ``action``: its tests of the action
        settled and folded away, so a rule written for several actions tests only its own branch."""
        tests = self._tests
        found = tests.get(action)
        if found is None:
            found = tests[action] = compile_condition(
                specialize(self.condition, "action", action), per_category=action is Action.SHARE_DATA
            )
        return found

    @cached_property
    def _tests(self) -> dict[Action, Test]:
        return {}

    @cached_property
    def facts_sorted(self) -> tuple[str, ...]:
        """The facts the condition reads, sorted (as questions and undetermined facts are listed)."""
        return tuple(sorted(self.fact_names))

    @cached_property
    def strength(self) -> int:
        """How firmly the provision was read: 0 unverified, 1 secondary source, 2 operative text."""
        return CONFIDENCE_STRENGTH[self.confidence]

    @cached_property
    def reason(self) -> Reason:
        """This rule as a decision's reason."""
        return Reason(
            rule=self.id,
            pack=self.pack,
            citation=self.citation,
            source=self.source,
            confidence=self.confidence,
            quote=self.quote,
            text=self.text.en,
            text_es=self.text.es,
        )

    @cached_property
    def duties(self) -> tuple[Obligation, ...]:
        """This rule's obligations as a decision lists them."""
        return tuple(
            Obligation(
                id=spec.id.value,
                who=spec.who,
                due=spec.due,
                text=spec.text.en,
                text_es=spec.text.es,
                rule=self.id,
                citation=self.citation,
            )
            for spec in self.obligations
        )

    @property
    def actions(self) -> frozenset[Action]:
        """The actions this rule can apply to (read off a top-level ``action`` test)."""
        return actions_of(self.condition)

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def actions_of(condition: Condition) -> frozenset[Action]:
    """The actions a condition can hold for, read off its tests of ``action``."""
    if isinstance(condition, OneOf) and condition.fact == "action":
        return frozenset(condition.values)
    if isinstance(condition, Ref):
        return actions_of(condition.child)
    if isinstance(condition, All):
        found = frozenset(Action)
        for child in condition.children:
            found &= actions_of(child)
        return found
    if isinstance(condition, AnyOf):
        return frozenset().union(*(actions_of(child) for child in condition.children))
    return frozenset(Action)


@dataclass(frozen=True, slots=True)
class Definition:
    id: str
    pack: str
    citation: str
    summary: str
    condition: Condition


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    name: str
    version: str
    jurisdiction: str
    parents: tuple[str, ...]
    effective: dt.date
    digest: str
    directory: Path
    rules: tuple[Rule, ...]
    definitions: tuple[Definition, ...]
    law: tuple[str, ...]  # law files, in the order of the provisions
    description: str | None = None
    state: str | None = None  # the state whose courts bind here (postal code)

    @property
    def ref(self) -> PackRef:
        return PackRef(id=self.id, version=self.version, digest=self.digest)


@dataclass(frozen=True, slots=True, eq=False)
class Stack:
    """A pack with its ancestors (child first), and the indexes the engine needs."""

    packs: tuple[Pack, ...]
    rules: tuple[Rule, ...]
    by_action: dict[Action, tuple[Rule, ...]]
    defeaters: dict[str, tuple[str, ...]]
    effective: dt.date  # the latest of the packs' effective dates: no decision before it
    refs: tuple[PackRef, ...] = field(default=())
    rank: dict[str, int] = field(default_factory=dict)  # rule id -> position, every defeater before its targets

    @property
    def top(self) -> Pack:
        return self.packs[0]

    @property
    def state(self) -> str | None:
        """The state whose courts' papers bind under this stack (the nearest pack that names one)."""
        return next((pack.state for pack in self.packs if pack.state), None)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

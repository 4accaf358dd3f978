"""An index that skips rules a request's known facts already rule out.

Most rules open with plain tests on enum facts (the setting, the data category,
the requester's kind). For each such test the index keeps, per value, a bitmask
of the rules that survive it. ANDing a handful of integers leaves the few rules
worth evaluating. A rule is skipped only when one of its top-level conjuncts is
false for a known value, so the result is exactly what evaluating every rule
would give, in three-valued logic too: an unknown value skips nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sanctuary.model import Action

from ._conditions import NEVER, All, Condition, IsKnown, Not, OneOf, Ref, Test, specialize
from ._facts import FACTS
from ._pack import Rule

_GUARDED = frozenset(name for name, spec in FACTS.items() if spec.kind in ("enum", "bool"))


def _top_level_tests(condition: Condition) -> list[tuple[str, frozenset[Any], bool]]:
    """(fact, values, negated) for each top-level conjunct that tests one enum or boolean fact.

    Through definitions and nested conjunctions. ``known`` and ``unless`` tests count like plain and
    negated ones: for a known value they agree, and an unknown value skips nothing.
    """
    pending: list[Condition] = [condition]
    found: list[tuple[str, frozenset[Any], bool]] = []
    while pending:
        test = pending.pop()
        while isinstance(test, Ref):
            test = test.child
        negated = isinstance(test, Not)
        inner = test.child if isinstance(test, Not) else test
        if isinstance(test, All):
            pending.extend(test.children)
        elif isinstance(inner, OneOf | IsKnown) and inner.fact in _GUARDED:
            found.append((inner.fact, inner.values, negated))
    return found


def _reads_past_guards(condition: Condition, fact: str) -> bool:
    """Whether ``condition`` reads ``fact`` other than in the top-level tests the index guards on: when
    it does not, a rule left standing by a known value of the fact has those tests true, and its result
    is the same for every value that leaves it standing."""
    pending: list[Condition] = [condition]
    while pending:
        test = pending.pop()
        while isinstance(test, Ref):
            test = test.child
        inner = test.child if isinstance(test, Not) else test
        if isinstance(test, All):
            pending.extend(test.children)
        elif isinstance(inner, OneOf | IsKnown) and inner.fact == fact:
            continue
        elif fact in test.facts():
            return True
    return False


@dataclass(frozen=True, slots=True, eq=False)
class Selection:
    """The rules a request's known facts leave standing, their tests, and the facts they read.

    ``parts`` is the engine's memo of unit results for these rules (see the engine), bounded by
    ``PARTS_PER_SELECTION``.
    """

    mask: int
    rules: tuple[Rule, ...]
    tests: tuple[Test, ...]
    names: tuple[str, ...]
    bits: tuple[int, ...]  # each rule's bit in the index
    parts: dict[Any, Any] = field(default_factory=dict)


#: At most this many unit results are kept per selection, and per index; when full, a memo starts afresh.
PARTS_PER_SELECTION = 512
PARTS_PER_INDEX = 65536


def _selection(mask: int, rules: tuple[Rule, ...], bits: tuple[int, ...], action: Action | None) -> Selection:
    read: set[str] = set()
    for rule in rules:
        read |= rule.fact_names
    tests = tuple(rule.test if action is None else rule.test_for(action) for rule in rules)
    return Selection(mask, rules, tests, tuple(sorted(read)), bits)


class RuleIndex:
    """Rules of one action, ranked, with per-fact bitmasks of the rules each value leaves standing."""

    __slots__ = (
        "_by_mask",
        "_guards",
        "_possible",
        "action",
        "data_guard",
        "data_readers",
        "items",
        "parts",
        "rules",
    )

    def __init__(self, rules: tuple[Rule, ...], action: Action | None = None) -> None:
        """``rules`` ranked; with ``action``, every request the index serves is of that action, so each
        rule's tests of the action are settled first: a branch for another action drops out, and tests
        under it may become top-level ones the index can guard on."""
        self.rules = rules
        self.action = action
        everyone = (1 << len(rules)) - 1
        self._guards: list[tuple[str, dict[Any, int], int]] = []
        conditions = [r.condition if action is None else specialize(r.condition, "action", action) for r in rules]
        #: The rules that can hold at all for the action.
        self._possible = everyone & ~sum(1 << bit for bit, condition in enumerate(conditions) if condition is NEVER)
        # Per guarded fact, the rules that test it at the top level, each with its tests of it.
        tested: dict[str, list[tuple[int, list[tuple[frozenset[Any], bool]]]]] = {}
        for bit, condition in enumerate(conditions):
            own: dict[str, list[tuple[frozenset[Any], bool]]] = {}
            for name, values, negated in _top_level_tests(condition):
                own.setdefault(name, []).append((values, negated))
            for name, fact_tests in own.items():
                tested.setdefault(name, []).append((bit, fact_tests))
        for fact in FACTS:
            if fact not in _GUARDED or fact not in tested:
                continue
            rules_testing = tested[fact]
            untested = everyone & ~sum(1 << bit for bit, _ in rules_testing)
            by_value: dict[Any, int] = {}
            for value in FACTS[fact].domain:
                mask = untested
                for bit, fact_tests in rules_testing:
                    if all(negated != (value in values) for values, negated in fact_tests):
                        mask |= 1 << bit
                by_value[value] = mask
            self._guards.append((fact, by_value, everyone))
        self._by_mask: dict[int, Selection] = {}
        #: The masks each data category leaves standing (None when no rule tests the category).
        self.data_guard: dict[Any, int] | None = next((g for f, g, _ in self._guards if f == "data"), None)
        #: The rules that read the data category past that guard: categories that leave the same rules
        #: standing, none of them such a rule, give every rule the same result.
        self.data_readers = sum(
            1 << bit for bit, condition in enumerate(conditions) if _reads_past_guards(condition, "data")
        )
        #: The engine's memo of unit results for all selections, keyed by which rules applied, which are
        #: undetermined and which of their facts are unknown (bounded by ``PARTS_PER_INDEX``).
        self.parts: dict[Any, Any] = {}
        #: The engine's trace items (defeats, undetermined rules) for those unit results, each made once.
        self.items: dict[Any, Any] = {}

    def select(self, facts: Mapping[str, Any], allowed: int) -> Selection:
        """The rules (ranked) not ruled out by a known fact, among the ``allowed`` bitmask."""
        return self.selection(self.mask(facts, allowed))

    def mask(self, facts: Mapping[str, Any], allowed: int, *, but: str | None = None) -> int:
        """The bitmask of the rules not ruled out by a known fact (any fact but ``but``), among ``allowed``."""
        mask = allowed & self._possible
        for fact, by_value, everyone in self._guards:
            if fact != but:
                mask &= by_value.get(facts[fact], everyone)
        return mask

    def selection(self, mask: int) -> Selection:
        """The selection of the rules in ``mask``, kept so that its memo of unit results lives on."""
        found = self._by_mask.get(mask)
        if found is None:
            bits = tuple(1 << bit for bit in range(len(self.rules)) if mask >> bit & 1)
            found = _selection(mask, tuple(self.rules[bit.bit_length() - 1] for bit in bits), bits, self.action)
            if len(self._by_mask) < 65536:
                self._by_mask[mask] = found
        return found

    def candidates(self, facts: Mapping[str, Any], allowed: int) -> tuple[Rule, ...]:
        return self.select(facts, allowed).rules

    def mask_of(self, chosen: tuple[Rule, ...]) -> int:
        members = set(chosen)
        return sum(1 << bit for bit, rule in enumerate(self.rules) if rule in members)

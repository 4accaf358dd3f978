"""Split the fact space into equivalence classes, sharing the work of alike sub-spaces.

The verifier needs, for every request, the status of every rule condition (and property premise):
true, false or unknown. It assigns facts one at a time. After each assignment every condition is
simplified to what is left of it (its *residual*): a settled test becomes a constant, an AND loses
its true parts, and so on. Two points of the search whose residuals are all the same reach exactly
the same statuses below them, whatever facts led there, so the second is not walked again: the
classes under it are counted, not re-enumerated. Residuals are hash-consed (each distinct one is a
small integer), which makes comparing whole search states cheap.

The simplification is Kleene's three-valued logic, as the engine's: unknown AND false is false,
unknown OR true is true, NOT unknown is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._conditions import All, Always, AnyOf, Condition, IsKnown, Not, OneOf, Ref
from ._facts import NOT_APPLICABLE, Facts

#: The three constants' ids: a residual that is one of these is settled.
TRUE, FALSE, UNKNOWN = 0, 1, 2
_CONSTANT_VALUE: dict[int, bool | None] = {TRUE: True, FALSE: False, UNKNOWN: None}

# Node shapes: ("const", value) | ("in", fact, values, known_only) | ("not", child) | ("and"/"or", children)
Node = tuple[Any, ...]


class Residuals:
    """Hash-consed residual conditions, and their simplification under one more assigned fact."""

    def __init__(self) -> None:
        self.nodes: list[Node] = [("const", True), ("const", False), ("const", None)]
        self.facts: list[frozenset[str]] = [frozenset()] * 3
        self._ids: dict[Node, int] = {node: i for i, node in enumerate(self.nodes)}
        self._assigned: dict[tuple[int, str, Any], int] = {}

    def of(self, condition: Condition) -> int:
        """The residual id of a whole condition (nothing assigned yet)."""
        if isinstance(condition, Always):
            return TRUE
        if isinstance(condition, Ref):
            return self.of(condition.child)
        if isinstance(condition, OneOf):
            return self._node(("in", condition.fact, condition.values, False, condition.is_set))
        if isinstance(condition, IsKnown):
            return self._node(("in", condition.fact, condition.values, True, False))
        if isinstance(condition, Not):
            return self._not(self.of(condition.child))
        if isinstance(condition, All):
            return self._junction("and", [self.of(c) for c in condition.children])
        if isinstance(condition, AnyOf):
            return self._junction("or", [self.of(c) for c in condition.children])
        raise TypeError(f"cannot partition on condition {condition!r}")

    def assign(self, node_id: int, fact: str, value: Any) -> int:
        """The residual of ``node_id`` once ``fact`` has ``value`` (None: unknown)."""
        if fact not in self.facts[node_id]:
            return node_id
        key = (node_id, fact, value)
        found = self._assigned.get(key)
        if found is None:
            found = self._assign(self.nodes[node_id], fact, value)
            self._assigned[key] = found
        return found

    @staticmethod
    def constant(node_id: int) -> bool:
        return node_id <= UNKNOWN

    @staticmethod
    def value(node_id: int) -> bool | None:
        return _CONSTANT_VALUE[node_id]

    def _assign(self, node: Node, fact: str, value: Any) -> int:
        shape = node[0]
        if shape == "in":
            _, _, values, known_only, is_set = node
            if known_only:
                return TRUE if value is not None and value is not NOT_APPLICABLE and value in values else FALSE
            if value is None:
                return UNKNOWN
            if value is NOT_APPLICABLE:
                return FALSE
            hit = not values.isdisjoint(value) if is_set else value in values
            return TRUE if hit else FALSE
        if shape == "not":
            return self._not(self.assign(node[1], fact, value))
        return self._junction(shape, [self.assign(child, fact, value) for child in node[1]])

    def _not(self, child: int) -> int:
        if child == TRUE:
            return FALSE
        if child == FALSE:
            return TRUE
        if child == UNKNOWN:
            return UNKNOWN
        return self._node(("not", child))

    def _junction(self, shape: str, children: list[int]) -> int:
        decisive, neutral = (FALSE, TRUE) if shape == "and" else (TRUE, FALSE)
        rest: set[int] = set()
        unknown = False
        for child in children:
            if child == decisive:
                return decisive
            if child == UNKNOWN:
                unknown = True
            elif child != neutral:
                rest.add(child)
        if not rest:
            return UNKNOWN if unknown else neutral
        if unknown:
            rest.add(UNKNOWN)
        if len(rest) == 1:
            return rest.pop()
        return self._node((shape, tuple(sorted(rest))))

    def _node(self, node: Node) -> int:
        found = self._ids.get(node)
        if found is not None:
            return found
        node_id = len(self.nodes)
        self.nodes.append(node)
        if node[0] == "in":
            facts = frozenset({node[1]})
        elif node[0] == "not":
            facts = self.facts[node[1]]
        else:
            facts = frozenset().union(*(self.facts[c] for c in node[1]))
        self.facts.append(facts)
        self._ids[node] = node_id
        return node_id


Visit = Callable[[Facts, list[bool | None]], None]


def partition(
    conditions: list[Condition],
    domains: dict[str, tuple[Any, ...]],
    start: Facts,
    rank: dict[str, int],
    visit: Visit,
) -> int:
    """Call ``visit(assignment, statuses)`` once for each distinct vector of condition statuses that
    some request reaches, with one such request's facts; return the number of equivalence classes
    (the leaves of the full split, counted through shared sub-spaces)."""
    residuals = Residuals()
    initial = [residuals.of(c) for c in conditions]
    for fact, value in start.items():
        initial = [residuals.assign(n, fact, value) for n in initial]
    counted: dict[tuple[int, ...], int] = {}
    assignment = dict(start)

    def walk(state: tuple[int, ...]) -> int:
        known = counted.get(state)
        if known is not None:
            return known
        weights: dict[str, float] = {}
        for node in state:
            if node > UNKNOWN:
                open_facts = residuals.facts[node]
                share = 1.0 / len(open_facts)
                for name in open_facts:
                    weights[name] = weights.get(name, 0.0) + share
        if not weights:
            visit(dict(assignment), [residuals.value(n) for n in state])
            counted[state] = 1
            return 1
        fact = max(weights, key=lambda f: (weights[f], -rank[f]))
        total = 0
        mentions, assign = residuals.facts, residuals.assign
        for value in domains[fact]:
            assignment[fact] = value
            total += walk(tuple([assign(n, fact, value) if fact in mentions[n] else n for n in state]))
        del assignment[fact]
        counted[state] = total
        return total

    return walk(tuple(initial))

"""Rule conditions: parsed from pack YAML, evaluated in three-valued logic.

``evaluate`` returns True, False, or None (a fact it needs is unknown). The
verifier also passes partial assignments, where a fact not yet chosen reads as
PENDING; the same code then tells whether the condition is already settled.

Syntax (a mapping is a conjunction of its entries)::

    action: share_data                       # equals
    setting: [school, college]               # one of
    requester.kind: {not: [court]}           # none of (unknown stays unknown)
    purpose: {unless: [criminal_other]}      # none of, and unknown counts as none of
    purpose: {known: [victim_certification]} # one of, and unknown counts as not one of
    instrument.signed_by_judge: true
    subject.history: [serious_felony]        # set fact: shares a member with
    is: immigration_enforcement              # a named definition
    any: [{...}, {...}]   all: [...]   not: {...}
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from typing import Any, cast

from ._facts import DERIVED_FACTS, FACTS, NOT_APPLICABLE


class _Pending(Enum):
    MARK = "pending"


PENDING = _Pending.MARK
Truth = bool | None | _Pending


class Condition(ABC):
    __slots__ = ()

    @abstractmethod
    def evaluate(self, facts: Mapping[str, Any]) -> Truth: ...

    @abstractmethod
    def facts(self) -> set[str]: ...

    @abstractmethod
    def values_tested(self) -> dict[str, set[Any]]:
        """Every value each fact is compared with: the cut points of the fact space."""


class Always(Condition):
    __slots__ = ()

    def evaluate(self, facts: Mapping[str, Any]) -> Truth:
        return True

    def facts(self) -> set[str]:
        return set()

    def values_tested(self) -> dict[str, set[Any]]:
        return {}

    def __repr__(self) -> str:
        return "always"


class OneOf(Condition):
    """The fact's value is one of ``values`` (for a set fact: shares a member with them)."""

    __slots__ = ("fact", "is_set", "values")

    def __init__(self, fact: str, values: frozenset[Any]) -> None:
        self.fact = fact
        self.values = values
        self.is_set = FACTS[fact].kind == "set"

    def evaluate(self, facts: Mapping[str, Any]) -> Truth:
        value = facts.get(self.fact, PENDING)
        if value is None or value is PENDING:
            return value
        if value is NOT_APPLICABLE:
            return False
        if self.is_set:
            return not self.values.isdisjoint(value)
        return bool(value in self.values)

    def facts(self) -> set[str]:
        return {self.fact}

    def values_tested(self) -> dict[str, set[Any]]:
        return {self.fact: set(self.values)}

    def __repr__(self) -> str:
        return f"{self.fact} in {sorted(str(v) for v in self.values)}"


class IsKnown(Condition):
    """The fact is known to be one of ``values``: an unknown value counts as False.

    Used by the verifier to state premises like "no *confirmed* judicial warrant".
    """

    __slots__ = ("fact", "values")

    def __init__(self, fact: str, values: frozenset[Any]) -> None:
        self.fact = fact
        self.values = values

    def evaluate(self, facts: Mapping[str, Any]) -> Truth:
        value = facts.get(self.fact, PENDING)
        if isinstance(value, _Pending):
            return value
        return bool(value is not None and value is not NOT_APPLICABLE and value in self.values)

    def facts(self) -> set[str]:
        return {self.fact}

    def values_tested(self) -> dict[str, set[Any]]:
        return {self.fact: set(self.values)}

    def __repr__(self) -> str:
        return f"{self.fact} known in {sorted(str(v) for v in self.values)}"


class Ref(Condition):
    """A named definition used by a rule (``is: name``); the engine evaluates each once per request."""

    __slots__ = ("child", "name")

    def __init__(self, name: str, child: Condition) -> None:
        self.name = name
        self.child = child

    def evaluate(self, facts: Mapping[str, Any]) -> Truth:
        return self.child.evaluate(facts)

    def facts(self) -> set[str]:
        return self.child.facts()

    def values_tested(self) -> dict[str, set[Any]]:
        return self.child.values_tested()

    def __repr__(self) -> str:
        return self.name


class Not(Condition):
    __slots__ = ("child",)

    def __init__(self, child: Condition) -> None:
        self.child = child

    def evaluate(self, facts: Mapping[str, Any]) -> Truth:
        value = self.child.evaluate(facts)
        if value is True:
            return False
        if value is False:
            return True
        return value

    def facts(self) -> set[str]:
        return self.child.facts()

    def values_tested(self) -> dict[str, set[Any]]:
        return self.child.values_tested()

    def __repr__(self) -> str:
        return f"not ({self.child!r})"


class _Junction(Condition):
    """AND or OR in Kleene logic: ``decisive`` ends the evaluation (False for AND, True for OR);
    otherwise a pending child makes the result pending, and an unknown one unknown."""

    __slots__ = ("children",)
    decisive: bool
    joiner: str

    def __init__(self, children: tuple[Condition, ...]) -> None:
        self.children = children

    def evaluate(self, facts: Mapping[str, Any]) -> Truth:
        decisive = self.decisive
        result: Truth = not decisive
        for child in self.children:
            value = child.evaluate(facts)
            if value is decisive:
                return decisive
            if value is PENDING:
                result = PENDING
            elif value is None and result is not PENDING:
                result = None
        return result

    def facts(self) -> set[str]:
        return set().union(*(c.facts() for c in self.children))

    def values_tested(self) -> dict[str, set[Any]]:
        return _merge(c.values_tested() for c in self.children)

    def __repr__(self) -> str:
        return "(" + f" {self.joiner} ".join(repr(c) for c in self.children) + ")"


class All(_Junction):
    __slots__ = ()
    decisive = False
    joiner = "and"


class AnyOf(_Junction):
    __slots__ = ()
    decisive = True
    joiner = "or"


def _merge(parts: Any) -> dict[str, set[Any]]:
    merged: dict[str, set[Any]] = {}
    for part in parts:
        for fact, values in part.items():
            merged.setdefault(fact, set()).update(values)
    return merged


#: The condition that never holds (what a test of a fact settled against it folds to).
NEVER: Condition = Not(Always())

_specialized: dict[tuple[Condition, str, Any], Condition] = {}


def specialize(condition: Condition, fact: str, value: Any) -> Condition:
    """``condition`` for facts where ``fact`` is known to be ``value``: its tests of the fact settled
    and folded away (Kleene logic: a settled true conjunct drops out, a settled false one decides).
    A definition is specialized once per fact and value, so the rules that use it share one."""
    if fact not in condition.facts():
        return condition
    if isinstance(condition, OneOf | IsKnown):
        return Always() if condition.evaluate({fact: value}) is True else NEVER
    if isinstance(condition, Ref):
        key = (condition.child, fact, value)
        child = _specialized.get(key)
        if child is None:
            child = _specialized[key] = specialize(condition.child, fact, value)
        return Ref(condition.name, child)
    if isinstance(condition, Not):
        child = specialize(condition.child, fact, value)
        if isinstance(child, Always):
            return NEVER
        return Always() if child is NEVER else Not(child)
    if isinstance(condition, _Junction):
        children = [specialize(child, fact, value) for child in condition.children]
        if isinstance(condition, All):
            if any(child is NEVER for child in children):
                return NEVER
            left = [child for child in children if not isinstance(child, Always)]
            empty: Condition = Always()
        else:
            if any(isinstance(child, Always) for child in children):
                return Always()
            left = [child for child in children if child is not NEVER]
            empty = NEVER
        if not left:
            return empty
        return left[0] if len(left) == 1 else type(condition)(tuple(left))
    return condition


class ConditionError(ValueError):
    """A condition in a pack is malformed; the message names the key and what is allowed."""


Resolver = Callable[[str], Condition]


def parse_condition(raw: Any, resolve: Resolver) -> Condition:
    """Parse the YAML form of a condition; ``resolve`` turns a definition name into its condition."""
    if raw is None:
        return Always()
    if isinstance(raw, list):
        return _conjunction(tuple(parse_condition(item, resolve) for item in raw))
    if not isinstance(raw, Mapping):
        raise ConditionError(f"a condition must be a mapping of facts to values, not {raw!r}")
    parts: list[Condition] = []
    for key, value in raw.items():
        if key == "all":
            parts.append(_conjunction(tuple(parse_condition(v, resolve) for v in _as_list(key, value))))
        elif key == "any":
            parts.append(AnyOf(tuple(parse_condition(v, resolve) for v in _as_list(key, value))))
        elif key == "not":
            parts.append(Not(parse_condition(value, resolve)))
        elif key == "is":
            names = value if isinstance(value, list) else [value]
            parts.extend(Ref(str(name), resolve(str(name))) for name in names)
        elif key in DERIVED_FACTS:
            raise ConditionError(f"a rule cannot test {key!r}, which is derived; test {DERIVED_FACTS[key]} instead")
        elif key in FACTS:
            parts.append(_fact_test(key, value))
        else:
            allowed = ", ".join(["all", "any", "not", "is", *(f for f in FACTS if f not in DERIVED_FACTS)])
            raise ConditionError(f"unknown condition key {key!r}; allowed keys: {allowed}")
    return _conjunction(tuple(parts))


def _as_list(key: str, value: Any) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ConditionError(f"'{key}' takes a non-empty list of conditions")
    return value


def _conjunction(parts: tuple[Condition, ...]) -> Condition:
    if not parts:
        return Always()
    return parts[0] if len(parts) == 1 else All(parts)


def _fact_test(fact: str, raw: Any) -> Condition:
    """``value``, ``[values]``, ``{not: [values]}`` (unknown stays unknown), ``{unless: [values]}``
    (true unless the fact is known to be one of them: for a statute that applies unless a fact is
    shown, such as "an immigration authority's request, unless it states another purpose") or
    ``{known: [values]}`` (true only when known to be one of them: an exception that applies only when
    its fact is shown, such as a stated visa-certification purpose)."""
    spec = FACTS[fact]
    form = None
    if isinstance(raw, Mapping):
        if len(raw) != 1 or next(iter(raw)) not in ("not", "unless", "known"):
            raise ConditionError(
                f"fact '{fact}' takes a value, a list of values, {{not: [values]}}, {{unless: [values]}} "
                "or {known: [values]}"
            )
        form, raw = next(iter(raw.items()))
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise ConditionError(f"fact '{fact}' is given an empty list of values")
    try:
        values = frozenset(spec.parse_value(item) for item in items)
    except ValueError as exc:
        raise ConditionError(str(exc)) from None
    if form == "unless":
        return Not(IsKnown(fact, values))
    if form == "known":
        return IsKnown(fact, values)
    test: Condition = OneOf(fact, values)
    return Not(test) if form == "not" else test


Test = Callable[[Mapping[str, Any], dict[Any, Any], dict[Any, Any]], bool | None]
"""A compiled condition, ``test(facts, shared, unit)``: ``shared`` and ``unit`` are dicts that keep the
value of each named definition for the facts at hand (see ``compile_condition``)."""

_UNSET = object()


def compile_condition(condition: Condition, *, per_category: bool = False) -> Test:
    """A generated function that evaluates ``condition`` over complete facts, in three-valued logic.

    The condition becomes one Python expression, with Kleene AND, OR and NOT written out inline
    (no calls per node), so a rule test costs a few comparisons. Kleene AND and OR are
    associative and commutative, so nested junctions are flattened and single-fact tests go first.

    A named definition is worked out once per set of facts: ``test(facts, shared, unit)`` keeps each
    definition's value in ``unit`` when the definition reads the data category, else in ``shared``, so
    every rule tested on one request's facts (``shared``) and one data category of it (``unit``) reuses
    it. The caller makes both dicts afresh for each request and each category (one dict, passed twice,
    for a single set of facts). With ``per_category`` (a rule that may decide a data category), the part of the
    condition that does not read the category is kept in ``shared`` too, so a request's other categories
    cost the rule only its tests of the category. Tests check that it agrees with ``evaluate`` on random
    facts for every rule of every pack.
    """
    constants: dict[str, Any] = {"_UNSET": _UNSET}
    counter = itertools.count()
    if per_category:
        expression = _split_by_category(condition, constants, counter)
    else:
        expression = _kleene(condition, constants, counter)
    source = f"def test(facts, shared, unit):\n    return {expression}\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<condition {condition!r:.80}>", "exec"), constants, namespace)  # noqa: S102
    return cast(Test, namespace["test"])


def _split_by_category(condition: Condition, constants: dict[str, Any], counter: Iterator[int]) -> str:
    """Source for a rule's condition whose part that does not read ``data`` is kept in ``shared``."""
    if "data" not in condition.facts():
        return _kept(condition, condition, constants, counter)
    if not isinstance(condition, All):
        return _kleene(condition, constants, counter)
    flat: list[Condition] = []
    pending: list[Condition] = list(condition.children)
    while pending:
        child = pending.pop(0)
        if isinstance(child, All):
            pending[:0] = child.children
        else:
            flat.append(child)
    reading = [child for child in flat if "data" in child.facts()]
    rest = [child for child in flat if "data" not in child.facts()]
    if not rest:
        return _kleene(condition, constants, counter)
    group = rest[0] if len(rest) == 1 else All(tuple(rest))
    sources = [_kleene(child, constants, counter) for child in reading]
    return _junction(False, [*sources, _kept(group, group, constants, counter)], counter)


def _kept(key: Condition, condition: Condition, constants: dict[str, Any], counter: Iterator[int]) -> str:
    """Source for ``condition``, worked out once per set of facts and kept under ``key`` in ``unit``
    (when it reads the data category) or ``shared``."""
    name = f"kept_{next(counter)}"
    constants[name] = key
    memo = "unit" if "data" in condition.facts() else "shared"
    value, fresh = f"v{next(counter)}", f"v{next(counter)}"
    inner = _kleene(condition, constants, counter)
    return (
        f"({value} if ({value} := {memo}.get({name}, _UNSET)) is not _UNSET "
        f"else ({memo}.__setitem__({name}, {fresh} := {inner}) or {fresh}))"
    )


def _junction(decisive: bool, sources: list[str], counter: Iterator[int]) -> str:
    """Kleene AND (``decisive`` False) or OR (True) of the children's sources, in order."""
    names = [f"v{next(counter)}" for _ in sources]
    # decisive if any child is decisive; else unknown if any child is unknown; else the other value
    expression = f"(None if ({' or '.join(f'{n} is None' for n in names)}) else {not decisive})"
    for name, source in reversed(list(zip(names, sources, strict=True))):
        expression = f"({decisive} if ({name} := {source}) is {decisive} else {expression})"
    return expression


def _kleene(condition: Condition, constants: dict[str, Any], counter: Iterator[int]) -> str:
    """Python source for ``condition`` giving True, False, or None for unknown."""
    if isinstance(condition, Always):
        return "True"
    if isinstance(condition, Ref):  # a definition's value is kept under the definition itself
        return _kept(condition.child, condition.child, constants, counter)
    if isinstance(condition, OneOf | IsKnown):
        values = f"values_{next(counter)}"
        constants[values] = condition.values
        value = f"v{next(counter)}"
        fact = f"facts[{condition.fact!r}]"
        if isinstance(condition, IsKnown):
            return f"(({value} := {fact}) is not None and {value} in {values})"
        if condition.is_set:
            return f"(None if ({value} := {fact}) is None else not {values}.isdisjoint({value}))"
        return f"(None if ({value} := {fact}) is None else {value} in {values})"
    if isinstance(condition, Not):
        value = f"v{next(counter)}"
        return f"(None if ({value} := {_kleene(condition.child, constants, counter)}) is None else not {value})"
    if isinstance(condition, _Junction):
        flat: list[Condition] = []
        pending: list[Condition] = list(condition.children)
        while pending:
            child = pending.pop(0)
            if type(child) is type(condition):
                pending[:0] = child.children
            else:
                flat.append(child)
        flat.sort(key=lambda c: not isinstance(c, OneOf))
        return _junction(condition.decisive, [_kleene(child, constants, counter) for child in flat], counter)
    raise TypeError(f"cannot compile condition {condition!r}")

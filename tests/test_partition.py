"""The verifier's split of the fact space reaches exactly the rule statuses that real requests reach.

Verification is only a proof if no request is missed: these tests build random conditions, list
every complete assignment of a few facts by brute force, and check that the partition (with its
shared sub-spaces and merged fact values) reaches the same set of status vectors, each with a
witness assignment that really has those statuses.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sanctuary.model import HistoryTag, Purpose, Setting
from sanctuary.policy._conditions import All, AnyOf, Condition, IsKnown, Not, OneOf
from sanctuary.policy._partition import partition
from sanctuary.policy._verify import fact_domains

FULL: dict[str, tuple[Any, ...]] = {
    "setting": (*Setting, None),
    "purpose": (*Purpose, None),
    "instrument.signed_by_judge": (True, False, None),
    "subject.history": (
        None,
        frozenset(),
        frozenset({HistoryTag.SERIOUS_FELONY}),
        frozenset({HistoryTag.VIOLENT_FELONY}),
        frozenset({HistoryTag.SERIOUS_FELONY, HistoryTag.VIOLENT_FELONY}),
    ),
}
RANK = {name: index for index, name in enumerate(FULL)}


def _test(draw: st.DrawFn) -> Condition:
    fact = draw(st.sampled_from(sorted(FULL)))
    values = frozenset(draw(st.lists(st.sampled_from([v for v in FULL[fact] if v is not None]), min_size=1)))
    if fact == "subject.history":
        values = frozenset(tag for value in values for tag in value) or frozenset({HistoryTag.SERIOUS_FELONY})
    known_only = draw(st.booleans()) and fact != "subject.history"
    return IsKnown(fact, values) if known_only else OneOf(fact, values)


@st.composite
def conditions(draw: st.DrawFn, depth: int = 3) -> Condition:
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return _test(draw)
    shape = draw(st.sampled_from(["all", "any", "not"]))
    if shape == "not":
        return Not(draw(conditions(depth - 1)))
    children = tuple(draw(st.lists(conditions(depth - 1), min_size=1, max_size=3)))
    return All(children) if shape == "all" else AnyOf(children)


def _brute_force(conds: list[Condition]) -> set[tuple[bool | None, ...]]:
    names = sorted(FULL)
    found = set()
    for values in itertools.product(*(FULL[name] for name in names)):
        facts = dict(zip(names, values, strict=True))
        found.add(tuple(c.evaluate(facts) for c in conds))  # type: ignore[misc]
    return found


@settings(max_examples=150, deadline=None)
@given(conds=st.lists(conditions(), min_size=1, max_size=6))
def test_partition_reaches_exactly_the_statuses_of_every_request(conds):
    domains = {name: values for name, values in fact_domains(conds).items() if name in FULL}
    reached: set[tuple[bool | None, ...]] = set()

    def visit(assignment: dict[str, Any], statuses: list[bool | None]) -> None:
        witness = {name: assignment.get(name, FULL[name][0]) for name in FULL}
        assert [c.evaluate(witness) for c in conds] == statuses
        reached.add(tuple(statuses))

    classes = partition(conds, domains, {}, RANK, visit)
    assert reached == _brute_force(conds)
    assert classes >= len(reached)

"""The engine's compiled conditions, index and fast model construction agree with the plain forms."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sanctuary.model import Action, DataCategory, Decision, Purpose, Request
from sanctuary.policy import FACTS, NOT_APPLICABLE, available_packs, evaluate, load_stack
from sanctuary.policy._engine import _in_force, _index

PACKS = sorted(available_packs())


def _fact_values(name: str) -> st.SearchStrategy[object]:
    spec = FACTS[name]
    if spec.kind == "bool":
        return st.sampled_from([True, False, None])
    if spec.kind == "set":
        return st.one_of(st.none(), st.frozensets(st.sampled_from(spec.domain)))
    values: list[object] = [*spec.domain, None]
    if name == "data":
        values.append(NOT_APPLICABLE)
    return st.sampled_from(values)


facts_strategy = st.fixed_dictionaries({name: _fact_values(name) for name in FACTS})


@settings(max_examples=300, deadline=None)
@given(facts=facts_strategy, pack=st.sampled_from(PACKS))
def test_compiled_condition_equals_three_valued_evaluation(facts, pack):
    for rule in load_stack(pack).rules:
        assert rule.test(dict(facts), {}, {}) is rule.condition.evaluate(facts), rule.id


@settings(max_examples=300, deadline=None)
@given(facts=facts_strategy, pack=st.sampled_from(PACKS), action=st.sampled_from(list(Action)))
def test_index_never_skips_a_rule_that_could_apply(facts, pack, action):
    stack = load_stack(pack)
    facts = {**facts, "action": action}
    rules, allowed, _ = _in_force(stack, action, dt.date(2026, 6, 1))
    kept = set(_index(stack, action).candidates(facts, allowed))
    for rule in rules:
        if rule not in kept:
            assert rule.condition.evaluate(facts) is False, rule.id


def test_fast_construction_equals_validation():
    decision = evaluate(
        Request(action="share_data", data=["home_address", "immigration_status"], purpose="civil_immigration"),
        load_stack("us"),
        dt.date(2026, 6, 1),
    )
    assert Decision.model_validate(decision.model_dump()) == decision
    assert Decision.model_validate_json(decision.model_dump_json()).model_dump() == decision.model_dump()


def test_unless_counts_an_unknown_value_as_none_of_them():
    # "An immigration authority's request, unless it states another purpose": a missing purpose counts.
    from sanctuary.policy._conditions import compile_condition, parse_condition

    condition = parse_condition({"purpose": {"unless": ["criminal_other"]}}, lambda name: None)  # type: ignore[arg-type,return-value]
    test = compile_condition(condition)
    for purpose, expected in (("criminal_other", False), ("civil_immigration", True), (None, True)):
        facts = {"purpose": None if purpose is None else Purpose(purpose)}
        assert condition.evaluate(facts) is expected
        assert test(facts, {}, {}) is expected


@settings(max_examples=200, deadline=None)
@given(facts=facts_strategy, pack=st.sampled_from(PACKS), action=st.sampled_from(list(Action)))
def test_a_test_compiled_for_one_action_equals_three_valued_evaluation(facts, pack, action):
    facts = {**facts, "action": action}
    for rule in load_stack(pack).rules:
        assert rule.test_for(action)(dict(facts), {}, {}) is rule.condition.evaluate(facts), rule.id


@settings(max_examples=200, deadline=None)
@given(
    facts=facts_strategy,
    pack=st.sampled_from(PACKS),
    categories=st.lists(st.sampled_from([*DataCategory, None]), min_size=2, max_size=5),
)
def test_definitions_kept_for_a_request_serve_each_of_its_data_categories(facts, pack, categories):
    # The engine tests every category of one request with one ``shared`` memo (what does not read the
    # category) and a fresh ``unit`` memo per category: each result must be the category's own.
    stack = load_stack(pack)
    shared: dict[object, object] = {}
    for category in categories:
        unit_facts = {**facts, "action": Action.SHARE_DATA, "data": category}
        unit: dict[object, object] = {}
        for rule in stack.by_action[Action.SHARE_DATA]:
            expected = rule.condition.evaluate(unit_facts)
            assert rule.test_for(Action.SHARE_DATA)(unit_facts, shared, unit) is expected, (rule.id, category)


def test_specializing_on_a_fact_folds_its_tests_away():
    from sanctuary.policy._conditions import NEVER, Always, parse_condition, specialize

    condition = parse_condition(
        {"any": [{"action": "hold", "purpose": "civil_immigration"}, {"action": "share_data", "data": "medical"}]},
        lambda name: None,  # type: ignore[arg-type,return-value]
    )
    share = specialize(condition, "action", Action.SHARE_DATA)
    assert share.facts() == {"data"}
    assert specialize(condition, "action", Action.ARREST) is NEVER
    assert isinstance(specialize(parse_condition({"action": "hold"}, lambda n: None), "action", Action.HOLD), Always)  # type: ignore[arg-type,return-value]


@settings(max_examples=300, deadline=None)
@given(facts=facts_strategy, pack=st.sampled_from(PACKS), action=st.sampled_from(list(Action)))
def test_categories_that_leave_the_same_rules_standing_give_them_the_same_results(facts, pack, action):
    # The engine decides such categories of one request once, unless a standing rule reads the
    # category past the index's guard (``data_readers``).
    stack = load_stack(pack)
    index = _index(stack, action)
    _, allowed, _ = _in_force(stack, action, dt.date(2026, 6, 1))
    facts = {**facts, "action": action}
    by_mask: dict[int, dict[object, object]] = {}
    for category in DataCategory:
        unit_facts = {**facts, "data": category}
        mask = index.mask(unit_facts, allowed)
        if mask & index.data_readers:
            continue
        results = {rule.id: rule.condition.evaluate(unit_facts) for rule in index.selection(mask).rules}
        assert by_mask.setdefault(mask, results) == results, category

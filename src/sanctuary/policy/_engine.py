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

A decision depends on a request only through the facts the action's rules read (and, for
``share_data``, the data categories in order), so requests alike in those facts share one
decision: ``evaluate`` keeps recent ones in a bounded LRU cache keyed by the stack, the date, the
action and those facts, from the second request of a class on. Decisions are frozen models; the lists inside one that is
served from the cache are shared (and every decision of one action, stack and day shares its
``packs`` and ``trace.considered`` lists), so callers treat them as read-only
(``model_copy(update=...)`` to change a field, as ``decide`` does for a document reading).

Below that cache, a new request costs its rule tests and a merge: each unit's share of a decision
(``_Part``) is kept per index selection under the tests' results, and per index under which rules
applied and which are undetermined with their unknown facts. Rule tests are compiled per action
(``Rule.test_for``), and keep each definition's value, and a data rule's part that does not read the
category, for the request (see ``compile_condition``). A decision depends on nothing but its plan,
its categories and its parts, so one assembled for the same parts recently (seen twice) is served
again, to requests of other classes too. Few other objects outlive a request, and the parts kept hold
texts in tuples and shared items (``Defeat``, ``Undetermined``), so the cyclic collector, which scans
every long-lived object it tracks again and again, has little to scan.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from pydantic import BaseModel

from sanctuary.model import (
    CONFIDENCE_STRENGTH,
    Action,
    DataCategory,
    Decision,
    Defeat,
    InputError,
    Obligation,
    Outcome,
    PackRef,
    Reason,
    ReferTo,
    Request,
    Script,
    Trace,
    Undetermined,
)

from ._facts import FACTS, Facts, facts_of
from ._index import PARTS_PER_INDEX, PARTS_PER_SELECTION, RuleIndex, Selection
from ._pack import PROTECTION, Rule, Stack
from ._texts import NO_RULE_SCRIPT, UNSETTLED_SCRIPT


@dataclass(slots=True)
class UnitResult:
    """The decision for one evaluation unit: the request, or one data category of it."""

    outcome: Outcome | None
    deciding: list[Rule]
    applied: list[Rule]
    defeated: dict[str, list[str]]
    undetermined: list[Rule]
    facts: Facts
    unsettling: list[Rule] = field(default_factory=list)
    duties: list[Rule] = field(default_factory=list)


def rules_in_force(stack: Stack, action: Action, on: dt.date) -> tuple[Rule, ...]:
    return _in_force(stack, action, on)[0]


@lru_cache(maxsize=4096)
def _in_force(stack: Stack, action: Action, on: dt.date) -> tuple[tuple[Rule, ...], int, tuple[str, ...]]:
    """The rules in force for ``action`` on ``on``: as rules, as a bitmask of the action's index, as ids."""
    rules = tuple(r for r in stack.by_action[action] if r.in_force(on))
    return rules, _index(stack, action).mask_of(rules), tuple(r.id for r in rules)


@lru_cache(maxsize=512)
def _index(stack: Stack, action: Action) -> RuleIndex:
    return RuleIndex(stack.by_action[action], action)


def _undefeated(stack: Stack, applied: Iterable[Rule]) -> tuple[list[Rule], dict[str, list[str]]]:
    """Rules arrive ranked (defeaters first), so one pass settles every defeat."""
    live: list[Rule] = []
    live_ids: set[str] = set()
    defeated: dict[str, list[str]] = {}
    defeaters = stack.defeaters
    for rule in applied:
        candidates = defeaters.get(rule.id)
        if candidates and (by := [d for d in candidates if d in live_ids]):
            defeated[rule.id] = by
        else:
            live.append(rule)
            live_ids.add(rule.id)
    return live, defeated


def _resolve(live: Sequence[Rule]) -> tuple[Outcome | None, list[Rule]]:
    """Binding rules first, then non-default ones, then defaults; within a tier the most protective."""
    top = -1
    deciding: list[Rule] = []
    for rule in live:
        priority = rule.priority
        if priority > top:
            top, deciding = priority, [rule]
        elif priority == top and priority >= 0:
            deciding.append(rule)
    return (deciding[0].outcome, deciding) if deciding else (None, deciding)


def decide_unit(stack: Stack, rules: Sequence[Rule], facts: Facts) -> UnitResult:
    """Decide one unit; ``rules`` are the rules in force for the action that may apply, ranked."""
    shared: dict[Any, Any] = {}
    return _unit(stack, rules, [rule.test(facts, shared, shared) for rule in rules], facts)


def _unit(stack: Stack, rules: Sequence[Rule], results: Sequence[bool | None], facts: Facts) -> UnitResult:
    """Decide one unit whose rules' tests gave ``results``."""
    applied: list[Rule] = []
    undetermined: list[Rule] = []
    for rule, value in zip(rules, results, strict=True):
        if value:
            applied.append(rule)
        elif value is None:
            undetermined.append(rule)
    live, defeated = _undefeated(stack, applied)
    outcome, deciding = _resolve(live)
    result = UnitResult(outcome, deciding, applied, defeated, undetermined, facts)
    if undetermined:
        result.unsettling = _unsettling(stack, applied, undetermined, outcome, live, deciding)
        if result.unsettling:
            result.outcome = outcome = Outcome.REFER
    result.duties = [
        r
        for r in live
        if r.outcome is None and (r.when_outcome is None or (outcome is not None and outcome in r.when_outcome))
    ]
    return result


@lru_cache(maxsize=512)
def _ranks(stack: Stack) -> dict[Rule, int]:
    """The stack's ranks, by rule."""
    return {rule: stack.rank[rule.id] for rule in stack.rules}


def _unsettling(
    stack: Stack,
    applied: list[Rule],
    undetermined: list[Rule],
    outcome: Outcome | None,
    live: list[Rule],
    deciding: list[Rule],
) -> list[Rule]:
    """The undetermined rules whose applying (alone, or all together) would change the outcome.

    A rule that defeats nothing, applying alone, leaves every other rule as live as it was: it is live
    itself unless a live rule defeats it, and then decides only if it outranks the deciding rules (an
    equal priority is the same outcome). Only a rule that defeats others is decided by resolving again.
    """

    rank = _ranks(stack).__getitem__

    def outcome_with(extra: list[Rule]) -> Outcome | None:
        chosen = sorted([*applied, *extra], key=rank)  # defeaters first, as the stack ranks
        return _resolve(_undefeated(stack, chosen)[0])[0]

    top = deciding[0].priority if deciding else -1
    defeaters = stack.defeaters
    live_ids: set[str] | None = None
    changing: list[Rule] = []
    relevant: list[Rule] = []
    for u in undetermined:
        if u.defeats:
            relevant.append(u)
            if outcome_with([u]) != outcome:
                changing.append(u)
        elif u.outcome is not None:  # duty-only rules decide nothing
            relevant.append(u)
            if u.priority <= top or u.outcome is outcome:
                continue
            by = defeaters.get(u.id)
            if by:
                if live_ids is None:
                    live_ids = {rule.id for rule in live}
                if any(d in live_ids for d in by):
                    continue
            changing.append(u)
    if changing:
        return changing
    if len(relevant) > 1 and outcome_with(relevant) != outcome:
        return relevant
    return []


#: How many decisions the cache keeps (the least recently used goes first); a decision takes a few kB.
DECISION_CACHE_SIZE = 8192
#: How many classes seen once are remembered (as hashes), so the second request of a class is cached.
SEEN_ONCE_SIZE = 4 * DECISION_CACHE_SIZE

_decisions: OrderedDict[tuple[Any, ...], Decision] = OrderedDict()
_seen_once: dict[int, None] = {}
# Decisions by their parts: requests of different classes whose units came to the same parts (the same
# rules applied, undetermined on the same unknown facts) share one decision, built once.
_assembled: OrderedDict[tuple[Any, ...], Decision] = OrderedDict()
_assembled_once: dict[int, None] = {}
_counts = [0, 0]  # hits, misses


@dataclass(frozen=True, slots=True, eq=False)
class _Plan:
    """What deciding one action under one stack on one day needs before any request's facts."""

    stack: Stack
    action: Action
    on: dt.date
    allowed: int  # the rules in force, as a bitmask of the action's index
    considered: list[str]  # shared by the decisions of the plan, read-only as theirs are
    packs: list[PackRef]  # likewise
    index: RuleIndex
    names: tuple[str, ...]  # every fact a rule of the action reads, but ``data`` (decided per category)
    key: Callable[[Facts], tuple[Any, ...]]  # those facts' values, in that order
    reasons: dict[str, Reason]  # each rule's reason, by rule id


@lru_cache(maxsize=4096)
def _plan(stack: Stack, action: Action, on: dt.date) -> _Plan:
    _, allowed, considered = _in_force(stack, action, on)
    read: set[str] = {"action"}
    for rule in stack.by_action[action]:  # all, in force or not: the index reads the facts of every rule
        read |= rule.fact_names
    names = tuple(name for name in FACTS if name in read and name != "data")
    key: Callable[[Facts], tuple[Any, ...]] = (
        itemgetter(*names) if len(names) > 1 else lambda facts: tuple(facts[name] for name in names)
    )
    reasons = {rule.id: rule.reason for rule in stack.by_action[action]}
    return _Plan(
        stack, action, on, allowed, list(considered), list(stack.refs), _index(stack, action), names, key, reasons
    )


def evaluate(request: Request, stack: Stack, on: dt.date, *, cache: bool = True) -> Decision:
    """The decision for ``request`` under ``stack`` as in force on ``on``.

    With ``cache`` (the default) a request alike in every fact the rules read to one decided
    recently (its class seen at least twice) gets that decision object again; without it the
    decision is computed afresh. The two are equal in every field (tests compare them on every
    scenario and on random requests).
    """
    if on < stack.effective:
        late = max(stack.packs, key=lambda p: p.effective)
        raise InputError(
            "The pack {late!r} took effect on {effective}; there is no decision under pack {pack!r} for {day}. "
            "Use a date on or after {earliest}.",
            late=late.id,
            effective=late.effective.isoformat(),
            pack=stack.top.id,
            day=on.isoformat(),
            earliest=stack.effective.isoformat(),
        )
    action = request.action
    plan = _plan(stack, action, on)
    data: tuple[DataCategory, ...] | None = None
    if action is Action.SHARE_DATA and request.data is not None:
        data = tuple(dict.fromkeys(request.data))
    facts = facts_of(request)
    if not cache:
        return _decide(plan, data, facts, cache=False)
    key = (plan, data, plan.key(facts))
    decision = _decisions.get(key)
    if decision is not None:
        _counts[0] += 1
        try:  # noqa: SIM105 -- contextlib.suppress would cost a call on every hit
            _decisions.move_to_end(key)
        except KeyError:  # another thread has just evicted it
            pass
        return decision
    _counts[1] += 1
    decision = _decide(plan, data, facts)
    _admit(_decisions, _seen_once, key, decision)
    return decision


def _admit(
    kept: OrderedDict[tuple[Any, ...], Decision], once: dict[int, None], key: tuple[Any, ...], decision: Decision
) -> None:
    """Keep ``decision`` in ``kept`` if its key was seen recently (in ``once``): a key seen once stays a
    hash, so a stream of requests that never repeat leaves few long-lived objects behind (which the
    cyclic GC would scan)."""
    digest = hash(key)
    if digest not in once:
        if len(once) >= SEEN_ONCE_SIZE:
            once.clear()
        once[digest] = None
        return
    kept[key] = decision
    while len(kept) > DECISION_CACHE_SIZE:
        try:
            kept.popitem(last=False)
        except KeyError:  # another thread emptied it
            break


def decision_cache_info() -> dict[str, int]:
    """Hits, misses and size of the decision cache (for benchmarks and monitoring)."""
    return {"hits": _counts[0], "misses": _counts[1], "size": len(_decisions), "maxsize": DECISION_CACHE_SIZE}


def clear_decision_cache(*, units: bool = True) -> None:
    """Forget every cached decision, and with ``units`` every kept unit result too (decisions stay
    correct without this: packs are immutable)."""
    _decisions.clear()
    _seen_once.clear()
    _assembled.clear()
    _assembled_once.clear()
    _counts[:] = [0, 0]
    if units:
        _plan.cache_clear()
        _index.cache_clear()


def _decide(plan: _Plan, data: tuple[DataCategory, ...] | None, facts: Facts, cache: bool = True) -> Decision:
    index, allowed, stack = plan.index, plan.allowed, plan.stack
    shared: dict[Any, Any] = {}  # the request's definitions that do not read the data category
    if plan.action is not Action.SHARE_DATA:
        part = _part(stack, index, index.select(facts, allowed), facts, cache, shared, shared)
        return _assembled_decision(plan, data, [(None, part)], cache)
    # Every category is one unit. The facts but the category are the request's, so the index's other
    # guards are read once, and so is each definition that does not read the category.
    base = index.mask(facts, allowed, but="data")
    guard = index.data_guard
    unit_facts = dict(facts)  # one dict, its category set per unit: nothing keeps it past its unit
    parts: list[tuple[DataCategory | None, _Part]] = []
    readers = index.data_readers
    alike: dict[int, _Part] = {}  # by the rules left standing, when none reads the category past the guard
    for category in data or (None,):
        unit_facts["data"] = category
        mask = base if guard is None else base & guard.get(category, base)
        read = mask & readers
        found = None if read else alike.get(mask)
        if found is None:
            found = _part(stack, index, index.selection(mask), unit_facts, cache, shared, {})
            if not read:
                alike[mask] = found
        parts.append((category, found))
    return _assembled_decision(plan, data, parts, cache)


def _assembled_decision(
    plan: _Plan,
    data: tuple[DataCategory, ...] | None,
    parts: list[tuple[DataCategory | None, _Part]],
    cache: bool,
) -> Decision:
    """The decision made of ``parts``: it depends on nothing else but the plan and the categories, so
    one assembled for the same parts recently (seen at least twice) is served again."""
    if not cache:
        return _assemble(plan, data, parts)
    key = (plan, data, *[part for _, part in parts])
    decision = _assembled.get(key)
    if decision is not None:
        try:  # noqa: SIM105 -- contextlib.suppress would cost a call on every hit
            _assembled.move_to_end(key)
        except KeyError:  # another thread has just evicted it
            pass
        return decision
    decision = _assemble(plan, data, parts)
    _admit(_assembled, _assembled_once, key, decision)
    return decision


@dataclass(slots=True, eq=False)
class _Part:
    """One unit's share of a decision: its outcome, and what it adds to the decision, each list in the
    order shown, without repeats.

    Deciding units one after another keeps the first of each item (the last unit's missing facts
    for an undetermined rule), so what several units add is their parts merged in order. Items
    kept by a key (obligations by id, defeats and undetermined rules by rule) come as a tuple of keys
    beside a tuple of items, so a merge runs in dict builtins.

    Parts are kept for as long as their memo lasts, so they hold little the cyclic collector must
    scan again and again: texts in tuples (which it stops tracking), reasons by rule id, and each
    ``Defeat``, ``Undetermined`` and tuple of objects once per index however many parts list it.
    """

    outcome: Outcome | None
    summary: str  # "outcome (rules)", for the note of a data category
    reasons: tuple[str, ...]  # rule ids, as ``_Plan.reasons`` maps them
    weakest: int  # the weakest confidence strength among ``reasons`` (2 when there is none)
    obligation_ids: tuple[str, ...]
    obligations: tuple[Obligation, ...]
    refer_to: tuple[ReferTo, ...]
    says_en: tuple[str, ...]
    says_es: tuple[str, ...]
    questions: tuple[str, ...]
    duty_rules: tuple[str, ...]
    applied: tuple[str, ...]
    defeated_ids: tuple[str, ...]
    defeated: tuple[Defeat, ...]
    undetermined_ids: tuple[str, ...]
    undetermined: tuple[Undetermined, ...]
    deciding: tuple[str, ...]


#: What a part adds to a decision, field by field: several parts merge column by column.
_COLUMNS = attrgetter(
    "reasons",
    "weakest",
    "obligation_ids",
    "obligations",
    "refer_to",
    "says_en",
    "says_es",
    "questions",
    "duty_rules",
    "applied",
    "defeated_ids",
    "defeated",
    "undetermined_ids",
    "undetermined",
    "deciding",
)


def _firsts(keys: Iterable[str], items: Iterable[Any]) -> list[Any]:
    """The item of each key's first occurrence, in the order the keys first come."""
    keys = list(keys)
    if len(dict.fromkeys(keys)) == len(keys):
        return list(items)
    firsts: dict[str, Any] = {}
    for key, item in zip(keys, items, strict=True):
        if key not in firsts:
            firsts[key] = item
    return list(firsts.values())


def _part(
    stack: Stack,
    index: RuleIndex,
    selection: Selection,
    facts: Facts,
    cache: bool,
    shared: dict[Any, Any],
    unit: dict[Any, Any],
) -> _Part:
    """The unit's part. Once the standing rules are tested, the rest of deciding a unit depends only
    on which tests came out true, false or unknown, and on which facts are unknown (the questions), so
    the part is kept per selection under that key: most units then cost their rule tests alone.
    ``shared`` and ``unit`` keep the definitions' values for the request and for the unit.

    A key new to its selection is looked up once more in the index's memo, under which rules applied,
    which are undetermined and which facts of the undetermined ones are unknown: all a part depends on,
    whichever selection the rules stood in."""
    results = tuple([test(facts, shared, unit) for test in selection.tests])
    if not cache:
        return _part_of(_unit(stack, selection.rules, results, facts), {})
    key: tuple[Any, ...] = results
    if None in results:
        key = (results, tuple([name for name in selection.names if facts[name] is None]))
    parts = selection.parts
    part: _Part | None = parts.get(key)
    if part is None:
        applied = undetermined = 0
        read: set[str] = set()
        for bit, rule, value in zip(selection.bits, selection.rules, results, strict=True):
            if value:
                applied |= bit
            elif value is None:
                undetermined |= bit
                read |= rule.fact_names
        unknown = tuple(sorted(name for name in read if facts[name] is None))
        everywhere = index.parts
        part = everywhere.get((applied, undetermined, unknown))
        if part is None:
            part = _part_of(_unit(stack, selection.rules, results, facts), index.items)
            if len(everywhere) >= PARTS_PER_INDEX:
                everywhere.clear()
            everywhere[applied, undetermined, unknown] = part
        if len(parts) >= PARTS_PER_SELECTION:
            parts.clear()
        parts[key] = part
    return part


#: At most this many ``Defeat`` and ``Undetermined`` items are kept per index; when full, it starts afresh.
ITEMS_PER_INDEX = 4096


def _item(items: dict[Any, Any], model: type[M], key: str, rule: str, field: str, value: tuple[str, ...]) -> M:
    """The trace item ``model(key=rule, field=list(value))``, one object for all the parts that list it."""
    name = model.__name__  # a key of texts only, which the collector stops tracking
    found = items.get((name, rule, value))
    if found is None:
        if len(items) >= ITEMS_PER_INDEX:
            items.clear()
        found = items[name, rule, value] = _construct(model, **{key: rule, field: list(value)})
    return found


def _shared(items: dict[Any, Any], key: Any, objects: tuple[Any, ...]) -> tuple[Any, ...]:
    """``objects``, or the tuple kept before under ``key``: one tuple for all the parts that list the same."""
    if not objects:
        return objects
    found = items.get(key)
    if found is None:
        if len(items) >= ITEMS_PER_INDEX:
            items.clear()
        found = items[key] = objects
    return found


def _part_of(unit: UnitResult, items: dict[Any, Any]) -> _Part:
    """The unit's share of a decision; ``items`` keeps the ``Defeat`` and ``Undetermined`` made, for
    the next part that lists the same one."""
    reasons: dict[str, Rule] = {}
    obligations: dict[str, Obligation] = {}  # one duty of each kind: the first rule's wording
    refer_to: dict[ReferTo, None] = {}
    says_en: dict[str, None] = {}
    says_es: dict[str, None] = {}
    questions: dict[str, None] = {}
    spoken = False  # one script per unit: the first deciding rule's, the most local one
    for rule in unit.deciding:
        if unit.unsettling and rule.default:
            continue  # the residual rule explains nothing once the facts decide
        reasons.setdefault(rule.id, rule)
        if unit.outcome is rule.outcome:  # its duties and words stand only if its outcome does
            for obligation in rule.duties:
                obligations.setdefault(obligation.id, obligation)
            refer_to.update(dict.fromkeys(rule.refer_to))
            if rule.say is not None and not spoken:
                says_en.setdefault(rule.say.en)
                says_es.setdefault(rule.say.es)
                spoken = True
    if unit.unsettling:
        for rule in unit.unsettling:
            reasons.setdefault(rule.id, rule)
            for fact in rule.facts_sorted:
                if unit.facts.get(fact) is None:
                    questions.setdefault(FACTS[fact].question)
        refer_to.setdefault(ReferTo.COUNSEL)
        says_en.setdefault(UNSETTLED_SCRIPT.en)
        says_es.setdefault(UNSETTLED_SCRIPT.es)
    for rule in unit.duties:
        for obligation in rule.duties:
            obligations.setdefault(obligation.id, obligation)
    names = ", ".join(r.id for r in (unit.unsettling or unit.deciding)) or "no rule"
    facts = unit.facts
    defeats = tuple([(key, tuple(by)) for key, by in unit.defeated.items()])
    unknown = tuple([(r.id, tuple([f for f in r.facts_sorted if facts.get(f) is None])) for r in unit.undetermined])
    return _Part(
        outcome=unit.outcome,
        summary=f"{unit.outcome or 'undecided'} ({names})",  # an outcome is a StrEnum: formatted, its value
        reasons=tuple(reasons),
        weakest=min((rule.strength for rule in reasons.values()), default=2),
        obligation_ids=tuple(obligations),
        obligations=_shared(items, tuple(obligations.values()), tuple(obligations.values())),
        refer_to=_shared(items, tuple(refer_to), tuple(refer_to)),
        says_en=tuple(says_en),
        says_es=tuple(says_es),
        questions=tuple(questions),
        duty_rules=tuple(dict.fromkeys(r.id for r in unit.duties)),
        applied=tuple(r.id for r in unit.applied),
        defeated_ids=tuple(unit.defeated),
        defeated=_shared(
            items, ("Defeat", defeats), tuple([_item(items, Defeat, "rule", key, "by", by) for key, by in defeats])
        ),
        undetermined_ids=tuple([r.id for r in unit.undetermined]),
        undetermined=_shared(
            items,
            ("Undetermined", unknown),
            tuple([_item(items, Undetermined, "rule", key, "facts", missing) for key, missing in unknown]),
        ),
        deciding=tuple(r.id for r in unit.deciding),
    )


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
    plan: _Plan,
    data: tuple[DataCategory, ...] | None,
    parts: list[tuple[DataCategory | None, _Part]],
) -> Decision:
    notes: list[str] = []
    if len(parts) == 1:
        category, part = parts[0]
        outcome = part.outcome
        distinct = [part]
        if category is not None:
            notes.append(f"data={category}: {part.summary}")
    else:
        outcome = combine([part.outcome for _, part in parts])
        distinct = list(dict.fromkeys([part for _, part in parts]))  # alike categories share one part
        # a category is a StrEnum: formatted, it is its value
        notes = [f"data={category}: {part.summary}" for category, part in parts]
    if len(distinct) == 1:
        body = distinct[0]  # one part: its columns as they are
        reasons = list(map(plan.reasons.__getitem__, body.reasons))
        weakest = body.weakest
        obligations = list(body.obligations)
        refer_to = list(body.refer_to)
        says_en, says_es = list(body.says_en), list(body.says_es)
        questions = list(body.questions)
        duty_rules = list(body.duty_rules)
        applied = list(body.applied)
        defeated = list(body.defeated)
        undetermined = list(body.undetermined)
        deciding = list(body.deciding)
    else:
        # Units decided one after another keep the first of each item, so several parts merge in order,
        # each column in dict builtins (a column empty in every part costs a test); an undetermined rule
        # keeps the later unit's missing facts at the first unit's place, as dict() does with repeated keys.
        chain, firsts = itertools.chain.from_iterable, dict.fromkeys
        (
            reasons_in,
            weakest_in,
            obligation_ids_in,
            obligations_in,
            refer_to_in,
            says_en_in,
            says_es_in,
            questions_in,
            duty_rules_in,
            applied_in,
            defeated_ids_in,
            defeated_in,
            undetermined_ids_in,
            undetermined_in,
            deciding_in,
        ) = zip(*map(_COLUMNS, distinct), strict=True)
        reasons = list(map(plan.reasons.__getitem__, firsts(chain(reasons_in))))
        weakest = min(weakest_in)
        obligations = _firsts(chain(obligation_ids_in), chain(obligations_in)) if any(obligations_in) else []
        refer_to = list(firsts(chain(refer_to_in))) if any(refer_to_in) else []
        says_en, says_es = list(firsts(chain(says_en_in))), list(firsts(chain(says_es_in)))
        questions = list(firsts(chain(questions_in))) if any(questions_in) else []
        duty_rules = list(firsts(chain(duty_rules_in))) if any(duty_rules_in) else []
        applied = list(firsts(chain(applied_in)))
        defeated = _firsts(chain(defeated_ids_in), chain(defeated_in)) if any(defeated_in) else []
        undetermined = (
            list(dict(zip(chain(undetermined_ids_in), chain(undetermined_in), strict=True)).values())
            if any(undetermined_in)
            else []
        )
        deciding = list(firsts(chain(deciding_in)))
    if outcome is None:
        outcome = Outcome.REFER
        if ReferTo.COUNSEL not in refer_to:
            refer_to.append(ReferTo.COUNSEL)
        if NO_RULE_SCRIPT.en not in says_en:
            says_en.append(NO_RULE_SCRIPT.en)
        if NO_RULE_SCRIPT.es not in says_es:
            says_es.append(NO_RULE_SCRIPT.es)
        notes.append(f"no rule of pack {plan.stack.top.id!r} decides this request; it goes to counsel")
    if plan.action is Action.SHARE_DATA and data is None:
        notes.append("no data categories were named; each category-specific rule is a question")
    scope = (
        {category: part.outcome or Outcome.REFER for category, part in parts if category is not None} if data else None
    )
    return _construct(
        Decision,
        outcome=outcome,
        scope=scope,
        refer_to=refer_to if outcome is Outcome.REFER or outcome is Outcome.PARTIAL else [],
        reasons=reasons,
        obligations=obligations,
        script=_construct(Script, en=" ".join(says_en), es=" ".join(says_es)),
        packs=plan.packs,
        trace=_construct(
            Trace,
            considered=plan.considered,
            applied=applied,
            defeated=defeated,
            undetermined=undetermined,
            deciding=deciding,
            duties=duty_rules,
            notes=notes,
        ),
        questions=questions,
        confidence=_WEAKEST[weakest],
        on=plan.on,
        notice=NOTICE,
        document=None,
    )


_WEAKEST = {strength: tag for tag, strength in CONFIDENCE_STRENGTH.items()}
NOTICE = "Not legal advice. A jurisdiction's counsel must review its pack before use."


M = TypeVar("M", bound=BaseModel)


def _construct(model: type[M], **values: Any) -> M:
    """Build a model from values already valid by construction, as ``model_construct`` does, faster.

    Every field is passed; tests check the result equals the validated model.
    """
    instance = _new(model)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", set(values))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


_new = object.__new__
_set = object.__setattr__

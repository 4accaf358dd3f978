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
category, for the request (see ``compile_condition``). Few other objects outlive a request: on a
stream of new requests the cyclic collector's scans of long-lived objects cost more than most
memos save.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
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
        result.unsettling = _unsettling(stack, applied, undetermined, outcome)
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
) -> list[Rule]:
    """The undetermined rules whose applying (alone, or all together) would change the outcome."""

    rank = _ranks(stack).__getitem__

    def outcome_with(extra: list[Rule]) -> Outcome | None:
        chosen = sorted([*applied, *extra], key=rank)  # defeaters first, as the stack ranks
        return _resolve(_undefeated(stack, chosen)[0])[0]

    relevant = [u for u in undetermined if u.outcome is not None or u.defeats]  # duty-only rules decide nothing
    changing = [u for u in relevant if outcome_with([u]) != outcome]
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
    return _Plan(stack, action, on, allowed, list(considered), list(stack.refs), _index(stack, action), names, key)


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
    _admit(key, decision)
    return decision


def _admit(key: tuple[Any, ...], decision: Decision) -> None:
    """Keep ``decision`` if its class was seen recently: a class seen once stays a hash, so a stream of
    requests that never repeat leaves no long-lived objects behind (which the cyclic GC would scan)."""
    digest = hash(key)
    if digest not in _seen_once:
        if len(_seen_once) >= SEEN_ONCE_SIZE:
            _seen_once.clear()
        _seen_once[digest] = None
        return
    _decisions[key] = decision
    while len(_decisions) > DECISION_CACHE_SIZE:
        try:
            _decisions.popitem(last=False)
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
    _counts[:] = [0, 0]
    if units:
        _plan.cache_clear()
        _index.cache_clear()


def _decide(plan: _Plan, data: tuple[DataCategory, ...] | None, facts: Facts, cache: bool = True) -> Decision:
    index, allowed, stack = plan.index, plan.allowed, plan.stack
    shared: dict[Any, Any] = {}  # the request's definitions that do not read the data category
    if plan.action is not Action.SHARE_DATA:
        part = _part(stack, index, index.select(facts, allowed), facts, cache, shared, shared)
        return _assemble(plan, data, [(None, part)])
    # Every category is one unit. The facts but the category are the request's, so the index's other
    # guards are read once, and so is each definition that does not read the category.
    base = index.mask(facts, allowed, but="data")
    guard = index.data_guard
    unit_facts = dict(facts)  # one dict, its category set per unit: nothing keeps it past its unit
    parts: list[tuple[DataCategory | None, _Part]] = []
    for category in data or (None,):
        unit_facts["data"] = category
        mask = base if guard is None else base & guard.get(category, base)
        parts.append((category, _part(stack, index, index.selection(mask), unit_facts, cache, shared, {})))
    return _assemble(plan, data, parts)


@dataclass(slots=True, eq=False)
class _Body:
    """What one or more units add to a decision, each list in the order shown, without repeats.

    Deciding units one after another keeps the first of each item (the last unit's missing facts
    for an undetermined rule), so the body of several units is their bodies merged in order. Items
    kept by a key (obligations by id, defeats and undetermined rules by rule) are stored as
    (key, item) pairs, so a merge runs in dict builtins.
    """

    reasons: tuple[Rule, ...]
    weakest: int  # the weakest confidence strength among ``reasons`` (2 when there is none)
    obligations: tuple[tuple[str, Obligation], ...]
    refer_to: tuple[ReferTo, ...]
    says_en: tuple[str, ...]
    says_es: tuple[str, ...]
    questions: tuple[str, ...]
    duty_rules: tuple[str, ...]
    applied: tuple[str, ...]
    defeated: tuple[tuple[str, Defeat], ...]
    undetermined: tuple[tuple[str, Undetermined], ...]
    deciding: tuple[str, ...]


@dataclass(slots=True, eq=False)
class _Part:
    """One unit's share of a decision."""

    outcome: Outcome | None
    summary: str  # "outcome (rules)", for the note of a data category
    body: _Body


def _merge(bodies: list[_Body]) -> _Body:
    """The body of several units, decided one after another."""
    chain = itertools.chain.from_iterable
    obligations = list(chain([body.obligations for body in bodies]))
    defeated = list(chain([body.defeated for body in bodies]))
    return _Body(
        reasons=tuple(dict.fromkeys(chain([body.reasons for body in bodies]))),
        weakest=min([body.weakest for body in bodies]),
        obligations=_pairs(obligations),
        refer_to=tuple(dict.fromkeys(chain([body.refer_to for body in bodies]))),
        says_en=tuple(dict.fromkeys(chain([body.says_en for body in bodies]))),
        says_es=tuple(dict.fromkeys(chain([body.says_es for body in bodies]))),
        questions=tuple(dict.fromkeys(chain([body.questions for body in bodies]))),
        duty_rules=tuple(dict.fromkeys(chain([body.duty_rules for body in bodies]))),
        applied=tuple(dict.fromkeys(chain([body.applied for body in bodies]))),
        defeated=_pairs(defeated),
        # the later unit's missing facts, at the first unit's place: what dict() does with repeated keys
        undetermined=tuple(dict(chain([body.undetermined for body in bodies])).items()),
        deciding=tuple(dict.fromkeys(chain([body.deciding for body in bodies]))),
    )


def _pairs(pairs: list[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    """The first pair of each key, in the order the keys first come."""
    if len(dict.fromkeys([key for key, _ in pairs])) == len(pairs):
        return tuple(pairs)
    firsts: dict[str, Any] = {}
    for key, item in pairs:
        if key not in firsts:
            firsts[key] = item
    return tuple(firsts.items())


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
        return _part_of(_unit(stack, selection.rules, results, facts))
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
            part = _part_of(_unit(stack, selection.rules, results, facts))
            if len(everywhere) >= PARTS_PER_INDEX:
                everywhere.clear()
            everywhere[applied, undetermined, unknown] = part
        if len(parts) >= PARTS_PER_SELECTION:
            parts.clear()
        parts[key] = part
    return part


def _part_of(unit: UnitResult) -> _Part:
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
    body = _Body(
        reasons=tuple(reasons.values()),
        weakest=min((rule.strength for rule in reasons.values()), default=2),
        obligations=tuple(obligations.items()),
        refer_to=tuple(refer_to),
        says_en=tuple(says_en),
        says_es=tuple(says_es),
        questions=tuple(questions),
        duty_rules=tuple(dict.fromkeys(r.id for r in unit.duties)),
        applied=tuple(r.id for r in unit.applied),
        defeated=tuple((k, _construct(Defeat, rule=k, by=v)) for k, v in unit.defeated.items()),
        undetermined=tuple(
            (r.id, _construct(Undetermined, rule=r.id, facts=[f for f in r.facts_sorted if facts.get(f) is None]))
            for r in unit.undetermined
        ),
        deciding=tuple(r.id for r in unit.deciding),
    )
    return _Part(unit.outcome, f"{unit.outcome.value if unit.outcome else 'undecided'} ({names})", body)


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
        outcome, body = part.outcome, part.body
        if category is not None:
            notes.append(_note(category, part))
    else:
        outcome = combine([part.outcome for _, part in parts])
        bodies = [part.body for _, part in parts]
        body = bodies[0]
        if any(other is not body for other in bodies):  # categories alike in every rule merge to themselves
            body = _merge(bodies)
        notes = [_note(category, part) for category, part in parts if category is not None]
    refer_to = list(body.refer_to)
    says_en, says_es = body.says_en, body.says_es
    if outcome is None:
        outcome = Outcome.REFER
        if ReferTo.COUNSEL not in refer_to:
            refer_to.append(ReferTo.COUNSEL)
        if NO_RULE_SCRIPT.en not in says_en:
            says_en = (*says_en, NO_RULE_SCRIPT.en)
        if NO_RULE_SCRIPT.es not in says_es:
            says_es = (*says_es, NO_RULE_SCRIPT.es)
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
        reasons=[rule.reason for rule in body.reasons],
        obligations=[obligation for _, obligation in body.obligations],
        script=_construct(Script, en=" ".join(says_en), es=" ".join(says_es)),
        packs=plan.packs,
        trace=_construct(
            Trace,
            considered=plan.considered,
            applied=list(body.applied),
            defeated=[defeat for _, defeat in body.defeated],
            undetermined=[item for _, item in body.undetermined],
            deciding=list(body.deciding),
            duties=list(body.duty_rules),
            notes=notes,
        ),
        questions=list(body.questions),
        confidence=_WEAKEST[body.weakest],
        on=plan.on,
        notice=NOTICE,
        document=None,
    )


def _note(category: DataCategory, part: _Part) -> str:
    """The trace's note for a data category decided by ``part``."""
    return f"data={category.value}: {part.summary}"


_WEAKEST = {strength: tag for tag, strength in CONFIDENCE_STRENGTH.items()}
NOTICE = "Not legal advice. A jurisdiction's counsel must review its pack before use."


M = TypeVar("M", bound=BaseModel)


def _construct(model: type[M], **values: Any) -> M:
    """Build a model from values already valid by construction, as ``model_construct`` does, faster.

    Every field is passed; tests check the result equals the validated model.
    """
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance

"""The guided interview's logic: which fact to ask next, and the request the answers make.

The interview starts with a few facts every request needs (where, what, who, which paper), then
asks only what the engine says would settle a ``refer``: each decision lists its open questions,
and each question belongs to one fact of the contract. A fact the person does not know is left
out, so the decision stays ``refer`` on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sanctuary.model import Decision
from sanctuary.policy import FACTS

#: Asked first, in this order, whatever the engine says: they frame every request.
FIRST_FACTS = ("setting", "action", "requester.kind", "instrument.type")
#: Facts about a paper that is in hand.
PAPER_DETAILS = ("instrument.issuer", "instrument.issued_by")
#: Facts the interview can ask, with "set" facts (several values) answered as a list.
BOOL_VALUES = ("yes", "no")
#: What an answer already says about other facts, so they are never asked: "no paper" is signed by
#: no judge, a judge's warrant is, and an ICE form is issued and signed by an immigration officer.
SETTLED: dict[tuple[str, str], dict[str, str]] = {
    ("instrument.type", "none"): {
        "instrument.signed_by_judge": "no",
        "instrument.criminal": "no",
        "instrument.covers_request": "no",
        "instrument.nondisclosure_order": "no",
        "instrument.issuer": "none",
        "instrument.issued_by": "none",
    },
    ("instrument.type", "judicial_warrant"): {"instrument.signed_by_judge": "yes"},
    ("instrument.type", "judicial_probable_cause"): {"instrument.signed_by_judge": "yes"},
    ("instrument.type", "administrative_warrant"): {
        "instrument.signed_by_judge": "no",
        "instrument.issuer": "immigration_agency",
        "instrument.issued_by": "officer",
    },
    ("instrument.type", "detainer"): {
        "instrument.signed_by_judge": "no",
        "instrument.issuer": "immigration_agency",
        "instrument.issued_by": "officer",
    },
    ("instrument.type", "administrative_subpoena"): {
        "instrument.signed_by_judge": "no",
        "instrument.issued_by": "officer",
    },
    ("instrument.type", "notification_request"): {"instrument.signed_by_judge": "no"},
    ("instrument.type", "notice_to_appear"): {"instrument.signed_by_judge": "no"},
    ("instrument.type", "ncic_immigration_hit"): {"instrument.signed_by_judge": "no"},
    ("requester.kind", "federal_immigration"): {"requester.acting_for_immigration": "yes"},
}


@dataclass(frozen=True)
class Fact:
    """One askable fact: its name, its kind (enum, bool or set) and its allowed values."""

    name: str
    kind: str
    values: tuple[str, ...]
    question: str


def fact(name: str) -> Fact:
    """The contract's fact ``name``; KeyError for an unknown one."""
    spec = FACTS[name]
    if spec.kind == "bool":
        values: tuple[str, ...] = BOOL_VALUES
    else:
        values = tuple(v.value if isinstance(v, Enum) else str(v) for v in spec.domain)
        if name in PAPER_DETAILS:
            # Asked only once a paper is in hand: "no paper" is not an answer to who issued it.
            values = tuple(v for v in values if v != "none")
    return Fact(spec.name, spec.kind, values, spec.question)


def is_fact(name: str) -> bool:
    return name in FACTS


_BY_QUESTION = {spec.question: spec.name for spec in FACTS.values()}


def facts_asked(decision: Decision) -> list[str]:
    """The facts behind the decision's questions, in the decision's order."""
    return [_BY_QUESTION[q] for q in decision.questions if q in _BY_QUESTION]


def settled(answers: Mapping[str, Any]) -> dict[str, str]:
    """The facts the answers given already settle (an answer given explicitly is not overridden)."""
    implied: dict[str, str] = {}
    for name, value in answers.items():
        if isinstance(value, str):
            implied.update(SETTLED.get((name, value), {}))
    return {name: value for name, value in implied.items() if name not in answers}


def next_fact(answers: Mapping[str, Any], unknown: Sequence[str], decision: Decision | None) -> str | None:
    """The next fact to ask, or None when the interview is done; never one an earlier answer settled."""
    known = {**settled(answers), **answers}
    for name in FIRST_FACTS:
        if name not in known and name not in unknown:
            return name
    if decision is None:
        return None
    for name in facts_asked(decision):
        if name not in known and name not in unknown:
            return name
    return None


def request_of(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The contract's request from the answers (fact name -> "yes"/"no", a value, or a list), with
    the facts they settle."""
    request: dict[str, Any] = {}
    for name, raw in {**settled(answers), **answers}.items():
        if name not in FACTS or raw in (None, "", []):
            continue
        spec = FACTS[name]
        value: Any
        if spec.kind == "bool":
            value = raw == "yes"
        elif spec.kind == "set" or name == "data":
            value = list(raw) if isinstance(raw, list | tuple) else [raw]
        else:
            value = raw
        head, _, tail = name.partition(".")
        if tail:
            request.setdefault(head, {})[tail] = value
        else:
            request[head] = value
    return request

"""The facts a rule may test, their domains, and how a request becomes facts.

A fact's value is known (an enum member, a bool, a set of tags) or ``None``
when the request left it out. Conditions are evaluated in three-valued
(Kleene) logic over these facts, so "not known" stays distinguishable from
"false" all the way to the decision: a rule that might apply becomes a
question to ask, never a silent guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from sanctuary.model import (
    READER_CONFIDENCE_FLOOR,
    Action,
    Area,
    AssistKind,
    DataCategory,
    HistoryTag,
    InstrumentType,
    IssuedBy,
    Issuer,
    Purpose,
    Request,
    RequesterKind,
    Setting,
)


class _NotApplicable(Enum):
    """The ``data`` fact of a request that is not ``share_data``: every data test is false."""

    MARK = "n/a"


NOT_APPLICABLE = _NotApplicable.MARK


@dataclass(frozen=True, slots=True)
class FactSpec:
    name: str
    kind: str  # "enum", "bool" or "set"
    domain: tuple[Any, ...]
    question: str  # asked when the fact is unknown and matters

    def parse_value(self, raw: Any) -> Any:
        """One value of this fact from pack YAML; raises ValueError naming the allowed values."""
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            raise ValueError(f"fact '{self.name}' takes true or false, not {raw!r}")
        for value in self.domain:
            if value == raw:
                return value
        allowed = ", ".join(str(v) for v in self.domain)
        raise ValueError(f"fact '{self.name}' has no value {raw!r}; allowed values: {allowed}")


def _enum(name: str, enum: type[Enum], question: str) -> FactSpec:
    return FactSpec(name, "enum", tuple(enum), question)


def _bool(name: str, question: str) -> FactSpec:
    return FactSpec(name, "bool", (True, False), question)


FACTS: dict[str, FactSpec] = {
    spec.name: spec
    for spec in (
        _enum("action", Action, "What is being asked for?"),
        _enum("setting", Setting, "Where is this happening (city office, police, jail, school, ...)?"),
        _enum("assist_kind", AssistKind, "What kind of help is asked for (personnel, space, staging, ...)?"),
        _enum("area", Area, "Is the area open to the public, or non-public?"),
        _enum("requester.kind", RequesterKind, "Who is asking (which agency)?"),
        _bool("requester.acting_for_immigration", "Is the requester acting for an immigration authority?"),
        _enum("purpose", Purpose, "What is the stated purpose?"),
        _enum("data", DataCategory, "Which data is asked for?"),
        _enum("instrument.type", InstrumentType, "What is the paper (warrant, detainer, subpoena, ...)?"),
        _bool("instrument.signed_by_judge", "Is the paper signed by a judge or magistrate?"),
        _bool("instrument.federal", "Was the paper issued by a federal court?"),
        _enum(
            "instrument.issuer",
            Issuer,
            "Which court or office issued the paper (a federal court, a court of this state, another state's "
            "court, an immigration court, an agency)?",
        ),
        _enum(
            "instrument.issued_by",
            IssuedBy,
            "Who signed or issued the paper (a judge, a magistrate, a court clerk, an attorney, an officer)?",
        ),
        _bool("instrument.criminal", "Is the paper based on a criminal (not civil) violation?"),
        _bool("instrument.covers_request", "Does the paper name this person, place or records, and is it in date?"),
        _bool("instrument.nondisclosure_order", "Does a court order forbid telling the person?"),
        _bool("exigent", "Have the agents declared exigent circumstances?"),
        _bool("subject.in_custody", "Is the person in custody?"),
        _bool("subject.is_student", "Is the person a student?"),
        _bool("subject.is_minor", "Is the person a minor?"),
        _bool("subject.is_patient", "Is the person a patient?"),
        _bool("subject.consent", "Has the person given written consent?"),
        _bool("subject.info_public", "Is the information already public?"),
        FactSpec(
            "subject.history",
            "set",
            tuple(HistoryTag),
            "What is the person's criminal history (convictions, registrations, pending charges)?",
        ),
    )
}

Facts = dict[str, Any]

#: Facts a request may state but a rule may not test, each with what rules test instead: ``federal``
#: is the older name for one issuer, so a rule that tested both could meet a paper that is neither.
DERIVED_FACTS: dict[str, str] = {"instrument.federal": "instrument.issuer: federal_court"}


_NO_INSTRUMENT: dict[str, Any] = {
    "instrument.type": InstrumentType.NONE,
    "instrument.signed_by_judge": False,
    "instrument.federal": False,
    "instrument.issuer": Issuer.NONE,
    "instrument.issued_by": IssuedBy.NONE,
    "instrument.criminal": False,
    "instrument.covers_request": False,
    "instrument.nondisclosure_order": False,
}


def facts_of(request: Request) -> Facts:
    """The request as a flat fact mapping (``data`` is filled in per category by the engine).

    Fields are read from each model's ``__dict__``, where validation keeps them, as one lookup each.
    """
    fields = request.__dict__
    subject = fields["subject"].__dict__
    history = subject["history"]
    requester = fields["requester"].__dict__
    facts: Facts = {
        "action": fields["action"],
        "setting": fields["setting"],
        "assist_kind": fields["assist_kind"],
        "area": fields["area"],
        "requester.kind": requester["kind"],
        "requester.acting_for_immigration": requester["acting_for_immigration"],
        "purpose": fields["purpose"],
        "data": NOT_APPLICABLE,
        "exigent": fields["exigent"],
        "subject.in_custody": subject["in_custody"],
        "subject.is_student": subject["is_student"],
        "subject.is_minor": subject["is_minor"],
        "subject.is_patient": subject["is_patient"],
        "subject.consent": subject["consent"],
        "subject.info_public": subject["info_public"],
        "subject.history": None if history is None else frozenset(history),
    }
    instrument = fields["instrument"]
    if instrument is None:
        facts.update(_NO_INSTRUMENT)
        return facts
    paper = instrument.__dict__
    confidence = paper["confidence"]
    doubtful = confidence is not None and confidence < READER_CONFIDENCE_FLOOR
    kind = paper["type"]
    facts["instrument.type"] = None if doubtful else kind
    facts["instrument.signed_by_judge"] = None if doubtful else paper["signed_by_judge"]
    facts["instrument.federal"] = paper["federal"]
    no_paper = kind is InstrumentType.NONE
    issuer, issued_by = paper["issuer"], paper["issued_by"]
    facts["instrument.issuer"] = Issuer.NONE if no_paper and issuer is None else issuer
    facts["instrument.issued_by"] = IssuedBy.NONE if no_paper and issued_by is None else issued_by
    facts["instrument.criminal"] = paper["criminal"]
    facts["instrument.covers_request"] = paper["covers_request"]
    facts["instrument.nondisclosure_order"] = paper["nondisclosure_order"]
    return facts


def request_from_facts(facts: Facts) -> dict[str, Any]:
    """A request (as JSON-ready dict) with these facts: how verification prints a counterexample."""
    out: dict[str, Any] = {}
    for name, value in facts.items():
        if name not in FACTS or value is None or value is NOT_APPLICABLE:
            continue
        if name == "data":
            out["data"] = [value.value]
            continue
        if isinstance(value, frozenset):
            value = sorted(v.value for v in value)
        elif isinstance(value, Enum):
            value = value.value
        head, _, tail = name.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = value
        else:
            out[head] = value
    return out

"""What the pages need to show a decision and a case in plain words, in the reader's language.

Templates get these functions in their context (``**plain(request)``): every code of the contract
goes through the label catalogue (:mod:`sanctuary.model.labels`), every time is shown in the
city's time zone, and the city's contacts come from its settings (:mod:`sanctuary.services.city`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from fastapi import Request

from sanctuary.model import Decision, ReferTo
from sanctuary.model.advice import Contact, duty_contact, item_answers, request_facts, what_to_do
from sanctuary.model.labels import day_text, help_text, in_sentence, label, listing, moment_text, yes_no
from sanctuary.services import cue_words, verdict_words, warning_words
from sanctuary.services.interview import fact, facts_asked

from .security import site_of
from .wording import QUESTIONS

#: Interview facts -> the catalogue's vocabulary for their answers.
VOCABULARY: dict[str, str] = {
    "setting": "setting",
    "action": "action",
    "area": "area",
    "assist_kind": "assist_kind",
    "requester.kind": "requester_kind",
    "purpose": "purpose",
    "data": "data",
    "instrument.type": "instrument_type",
    "instrument.issuer": "issuer",
    "instrument.issued_by": "issued_by",
    "subject.history": "history",
}


def answer_label(fact: str, value: str, lang: str) -> str:
    """An interview answer's label: the catalogue's for its vocabulary, Yes/No for the rest."""
    return label(VOCABULARY.get(fact, "answer"), value, lang)


def answer_help(fact: str, value: str, lang: str) -> str:
    return help_text(VOCABULARY.get(fact, "answer"), value, lang)


def decision_of(data: Mapping[str, Any] | Decision | None) -> Decision | None:
    """A stored decision (JSON) as the model, for the plain-words helpers.

    A stored decision keeps the paper's reading with its personal parts taken out (and a list of what
    was), which is no longer a reading the model accepts; the plain words never need it, so it is left out.
    """
    if data is None or isinstance(data, Decision):
        return data
    return Decision.model_validate({key: value for key, value in data.items() if key != "document"})


def questions_of(decision: Decision) -> list[str]:
    """The decision's open questions as the interview asks them (catalog msgids), else as the engine does."""
    asked = facts_asked(decision)
    plain_words = [QUESTIONS[name][0] if name in QUESTIONS else fact(name).question for name in asked]
    engine = {fact(name).question for name in asked}
    return plain_words + [q for q in decision.questions if q not in engine]


def duty_text(decision: Decision | None, duty_id: str, text: str, lang: str) -> str:
    """A case's duty in the reader's language: the decision keeps the pack's Spanish beside the English."""
    if lang == "es" and decision is not None:
        for duty in decision.obligations:
            if duty.id == duty_id and duty.text_es:
                return duty.text_es
    return text


def plain(request: Request) -> dict[str, Any]:
    """The template helpers, bound to this site's city."""
    site = site_of(request)
    city = site.city
    contacts: Mapping[str, Contact] = city.contacts

    def moment(value: dt.datetime | str | None, lang: str) -> str:
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
        return moment_text(value, city.zone, lang)

    def day(value: dt.date | str | None, lang: str) -> str:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10]) if value else None
        return day_text(value, lang)

    def headline(decision: Decision, action: str | None, lang: str) -> str:
        return what_to_do(decision, action, contacts, lang)

    def contact_for(duty_id: str, who: str) -> Contact | None:
        return duty_contact(duty_id, who, contacts)

    def contact_of(role: ReferTo | str) -> Contact | None:
        return contacts.get(role.value if isinstance(role, ReferTo) else role)

    return {
        "label": label,
        "in_sentence": in_sentence,
        "help_text": help_text,
        "listing": listing,
        "yes_no": yes_no,
        "answer_label": answer_label,
        "answer_help": answer_help,
        "facts_of": request_facts,
        "items_of": item_answers,
        "headline": headline,
        "contact_for": contact_for,
        "contact_of": contact_of,
        "moment": moment,
        "day": day,
        "case_number": site.case_number,
        "decision_of": decision_of,
        "questions_of": questions_of,
        "duty_text": duty_text,
        "verdict_words": verdict_words,
        "cue_words": cue_words,
        "warning_words": warning_words,
    }

"""Counsel's loop: answering a referred case, the answer as staff act on it, who hears of it, and finding cases.

The web app and the CLI both answer through :func:`answer` and show :func:`final_decision`, so a
case reads the same wherever it is opened. Kept out of ``sanctuary.services``' package imports
(like :mod:`.recording`) so that deciding, which needs no database, never loads the store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sanctuary.model import DataCategory, Decision, InputError, NotFound, Outcome
from sanctuary.model.counsel import counsel_decision
from sanctuary.model.labels import CATALOGUE, label
from sanctuary.records import COUNSEL_DUTY, ITEM_OUTCOMES, CaseFilter, CaseSummary, Receipt, Store

from .city import CASE_NUMBER, City

#: Cases on one page of the case list.
PAGE_SIZE = 25
#: How long counsel's answers stay on the home page of whoever opened the case.
ANSWERS_SHOWN_DAYS = 30
#: Vocabularies whose plain labels a free-text search also matches.
SEARCHED_VOCABULARIES = ("action", "data", "requester_kind", "instrument_type", "setting", "purpose")
#: Shortest free text matched against the labels (shorter would match nearly everything).
MIN_LABEL_MATCH = 3
_HEX = re.compile(r"^[0-9a-f]{4,32}$")


def case_id_of(store: Store, city: City, case_ref: str) -> str:
    """A case's id from its id, a unique prefix of it, or its readable number (LA-2026-000123)."""
    readable = CASE_NUMBER.match(case_ref.strip())
    if readable is None:
        return store.cases.resolve(case_ref)
    case_id = store.cases.by_number(int(readable.group(3)))
    case = store.cases.get(case_id)
    if city.case_number(case.number, case.opened_at) != case_ref.strip().upper():
        raise NotFound("There is no case {case!r}; check the prefix and the year.", case=case_ref)
    return case_id


@dataclass(frozen=True)
class _Status:
    """A case's status inside a sentence, in the sentence's language ("closed", "cerrado")."""

    status: str

    def in_language(self, language: str) -> str:
        return label("case_status", self.status, language).lower()


def answer(
    store: Store,
    case_id: str,
    *,
    counsel: str,
    note: str,
    outcome: str | None = None,
    scope: Mapping[str, str] | None = None,
    item_notes: Mapping[str, str] | None = None,
) -> Receipt:
    """Record counsel's answer to a case waiting for counsel; the note (and any note per item) is sealed.

    For a data request, ``scope`` answers each item asked for with ``comply`` or ``decline`` and the
    outcome follows from it; otherwise ``outcome`` is the answer. The ``notify_counsel`` duty is done
    in the same commit. InputError says what is missing or not allowed.
    """
    current = store.cases.get(case_id)
    if current.status != "referred":
        raise InputError(
            "Case {case_id} is not waiting for counsel (it is {status}); nothing was saved.",
            case_id=case_id,
            status=_Status(current.status),
        )
    if not note.strip():
        raise InputError("Write counsel's note: why this is the answer.")
    lines = [f"Counsel's reason: {note.strip()}"]
    for item, text in (item_notes or {}).items():
        if text.strip():
            lines.append(f"Counsel on {label('data', item).lower()}: {text.strip()}")
    if outcome and outcome not in (o.value for o in Outcome if o is not Outcome.REFER):
        allowed = ", ".join(o.value for o in Outcome if o is not Outcome.REFER)
        raise InputError(
            "Counsel's outcome {outcome!r} is not allowed; allowed values: {allowed}.", outcome=outcome, allowed=allowed
        )
    return store.cases.decide_by_counsel(
        case_id, outcome or None, counsel=counsel, note="\n".join(lines), scope=scope, done=(COUNSEL_DUTY,)
    )


def parse_items(pairs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """``ITEM=ANSWER[:NOTE]`` pairs (the CLI's ``--item``) as answers and notes per item."""
    answers: dict[str, str] = {}
    notes: dict[str, str] = {}
    for pair in pairs:
        item, sep, rest = pair.partition("=")
        answer_text, _, note = rest.partition(":")
        item, answer_text = item.strip(), answer_text.strip()
        if not sep or item not in DataCategory._value2member_map_ or answer_text not in ITEM_OUTCOMES:
            comply, decline = ITEM_OUTCOMES
            raise InputError(
                "--item {pair!r}: write DATA=ANSWER[:NOTE], e.g. home_address=decline:Not for civil enforcement; "
                "ANSWER is {comply} or {decline} and DATA one of the items the case asked for.",
                pair=pair,
                comply=comply,
                decline=decline,
            )
        answers[item] = answer_text
        if note.strip():
            notes[item] = note.strip()
    return answers, notes


def final_decision(case: CaseSummary, decision: Mapping[str, Any] | Decision | None) -> Decision | None:
    """The decision staff act on: counsel's answer once given (it settles the request), else the rules'.

    A stored decision keeps the paper's reading with its personal parts taken out, which the model no
    longer accepts as a reading; the plain words never need it, so it is left out.
    """
    if decision is None:
        return None
    if not isinstance(decision, Decision):
        decision = Decision.model_validate({key: value for key, value in decision.items() if key != "document"})
    if not case.counsel_outcome:
        return decision
    scope = case.counsel_scope or {}
    # In the order the items were asked for (the stored answers are kept in key order).
    asked = [str(item) for item in case.request.get("data") or [] if item in scope]
    ordered = {item: scope[item] for item in asked + sorted(set(scope) - set(asked))}
    return counsel_decision(decision, case.counsel_outcome, ordered or None)


def answers_for(store: Store, user: str, *, now: dt.datetime | None = None) -> list[CaseSummary]:
    """Counsel's recent answers on the cases this account opened, the newest first."""
    moment = now or dt.datetime.now(dt.UTC)
    wanted = CaseFilter(opened_by=user, opened_from=moment - dt.timedelta(days=365))
    cases, _total = store.cases.search_cases(wanted, limit=200, today=moment.date())
    since = moment - dt.timedelta(days=ANSWERS_SHOWN_DAYS)
    return [c for c in cases if c.counsel_outcome and c.updated_at >= since][:10]


@dataclass(frozen=True)
class CaseSearch:
    """The case list's search box and filters, as typed (every part optional)."""

    text: str = ""
    status: str = ""
    department: str = ""
    outcome: str = ""
    opened_from: str = ""
    opened_to: str = ""
    overdue: bool = False
    page: int = 1


def search(
    store: Store, city: City, wanted: CaseSearch, *, opened_by: str | None = None, today: dt.date | None = None
) -> tuple[list[CaseSummary], int]:
    """One page of matching cases and the total; ``opened_by`` limits the list to one account's cases."""
    text = " ".join(wanted.text.split())
    case_ids: tuple[str, ...] | None = None
    if CASE_NUMBER.match(text) or _HEX.match(text.lower()):
        try:
            case_ids = (case_id_of(store, city, text),)
            text = ""
        except (NotFound, InputError):
            case_ids = () if CASE_NUMBER.match(text) else None
    first = _day("opened_from", wanted.opened_from)
    last = _day("opened_to", wanted.opened_to)
    if first and last and last < first:
        raise InputError("The date range ends before it starts; swap the two dates.")
    zone = city.zone
    query = CaseFilter(
        text=text or None,
        codes=_codes(text),
        case_ids=case_ids,
        status=wanted.status or None,
        department=wanted.department or None,
        opened_by=opened_by,
        opened_from=dt.datetime.combine(first, dt.time.min, zone) if first else None,
        opened_before=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, zone) if last else None,
        outcome=wanted.outcome or None,
        overdue=wanted.overdue,
    )
    page = max(wanted.page, 1)
    return store.cases.search_cases(query, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, today=today)


def _day(field: str, raw: str) -> dt.date | None:
    if not raw.strip():
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InputError(
            "field {field!r}: {raw!r} is not a calendar date; write it as YYYY-MM-DD.", field=field, raw=raw
        ) from None


def _codes(text: str) -> tuple[str, ...]:
    """The contract values whose English or Spanish label holds the text ("dirección" finds home_address)."""
    words = text.lower()
    if len(words) < MIN_LABEL_MATCH:
        return ()
    found = {
        code.value if isinstance(code, Enum) else str(code)
        for vocabulary in SEARCHED_VOCABULARIES
        for code, entry in CATALOGUE[vocabulary].items()
        if words in entry.en.lower() or words in entry.es.lower()
    }
    return tuple(sorted(found))

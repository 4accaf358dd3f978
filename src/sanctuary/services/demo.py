"""Demo data: a year of fictitious cases across a city's departments, made through the real services.

Only ``sanctuary serve --demo`` (``make run``) calls this, and only on a store with no cases. Each
case is a request decided by the engine under the law of its day and saved by the case store, at a
moment of the past year; some are sent to counsel and answered, duties are done on time, late or
not at all, so the queue, the case list, the reports and their charts have something real to show.
The same seed gives the same cases (relative to the day it runs). No case holds personal details.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event

from sanctuary.model import Outcome
from sanctuary.records import Settings, Store

from .decisions import decide

DEMO_SEED = 20261207
DEMO_CASE_COUNT = 300
#: The counsel who answers referred demo cases (a demo account).
DEMO_COUNSEL = "counsel"

IMMIGRATION = {"kind": "federal_immigration", "agency": "ICE ERO"}
HSI = {"kind": "federal_immigration", "agency": "HSI"}
CBP = {"kind": "federal_immigration", "agency": "CBP"}
FBI = {"kind": "federal_other", "agency": "FBI"}
COUNTY = {"kind": "state_local_in_state", "agency": "County Sheriff"}
ADMIN_WARRANT = {"type": "administrative_warrant", "signed_by_judge": False}
NO_PAPER = {"type": "none"}
JUDICIAL = {
    "type": "judicial_warrant",
    "signed_by_judge": True,
    "issuer": "federal_court",
    "issued_by": "magistrate",
    "criminal": True,
    "covers_request": True,
}
SUBPOENA = {"type": "administrative_subpoena", "signed_by_judge": False}


def _enter(setting: str, requester: dict[str, Any], paper: dict[str, Any], purpose: str) -> dict[str, Any]:
    return {
        "setting": setting,
        "action": "enter_facility",
        "area": "non_public",
        "requester": requester,
        "purpose": purpose,
        "instrument": paper,
    }


def _data(
    setting: str, requester: dict[str, Any], data: list[str], purpose: str, paper: dict[str, Any]
) -> dict[str, Any]:
    return {
        "setting": setting,
        "action": "share_data",
        "requester": requester,
        "purpose": purpose,
        "data": data,
        "instrument": paper,
    }


#: Each department, how many of the demo's cases come to it (weight), and the requests it sees.
DEPARTMENTS: dict[str, tuple[int, list[dict[str, Any]]]] = {
    "City Hall front desk": (
        5,
        [
            _enter("city_office", IMMIGRATION, ADMIN_WARRANT, "civil_immigration"),
            _enter("city_office", HSI, JUDICIAL, "criminal_immigration"),
            _enter("city_office", IMMIGRATION, NO_PAPER, "civil_immigration"),
            {"setting": "city_office", "action": "ask_status", "requester": IMMIGRATION, "instrument": NO_PAPER},
        ],
    ),
    "Records unit": (
        5,
        [
            _data("police", IMMIGRATION, ["home_address", "immigration_status"], "civil_immigration", NO_PAPER),
            _data("police", HSI, ["home_address", "criminal_history"], "criminal_immigration", SUBPOENA),
            _data("police", FBI, ["criminal_history"], "criminal_other", SUBPOENA),
            _data("city_office", IMMIGRATION, ["contact_info", "work_address"], "unknown", NO_PAPER),
            _data("police", COUNTY, ["aggregate_nonpersonal"], "criminal_other", NO_PAPER),
        ],
    ),
    "County Jail": (
        6,
        [
            {
                "setting": "jail",
                "action": "hold",
                "requester": IMMIGRATION,
                "purpose": "civil_immigration",
                "instrument": {"type": "detainer", "signed_by_judge": False},
                "subject": {"in_custody": True},
            },
            {
                "setting": "jail",
                "action": "notify_release",
                "requester": IMMIGRATION,
                "purpose": "civil_immigration",
                "instrument": {"type": "notification_request"},
                "subject": {"in_custody": True},
            },
            {
                "setting": "jail",
                "action": "transfer_custody",
                "requester": IMMIGRATION,
                "purpose": "civil_immigration",
                "instrument": {
                    "type": "court_order",
                    "issuer": "immigration_court",
                    "issued_by": "judge",
                    "signed_by_judge": True,
                    "covers_request": True,
                },
                "subject": {"in_custody": True},
            },
            {
                "setting": "jail",
                "action": "interview",
                "requester": IMMIGRATION,
                "purpose": "civil_immigration",
                "instrument": NO_PAPER,
                "subject": {"in_custody": True},
            },
        ],
    ),
    "Police department": (
        4,
        [
            {
                "setting": "police",
                "action": "assist",
                "assist_kind": "perimeter",
                "requester": IMMIGRATION,
                "purpose": "civil_immigration",
                "instrument": ADMIN_WARRANT,
            },
            {
                "setting": "police",
                "action": "assist",
                "assist_kind": "joint_operation",
                "requester": HSI,
                "purpose": "task_force",
                "instrument": NO_PAPER,
            },
            _data("police", CBP, ["alpr"], "civil_immigration", NO_PAPER),
        ],
    ),
    "Schools": (
        3,
        [
            {
                **_enter("school", HSI, JUDICIAL, "criminal_immigration"),
                "subject": {"is_student": True, "is_minor": True},
            },
            {
                **_enter("school", IMMIGRATION, ADMIN_WARRANT, "civil_immigration"),
                "subject": {"is_student": True, "is_minor": True},
            },
            {
                **_data("school", IMMIGRATION, ["education_record", "home_address"], "civil_immigration", NO_PAPER),
                "subject": {"is_student": True, "is_minor": True},
            },
        ],
    ),
    "Health clinics": (
        3,
        [
            {
                **_enter("health_facility", IMMIGRATION, ADMIN_WARRANT, "civil_immigration"),
                "subject": {"is_patient": True},
            },
            {
                **_data("health_facility", IMMIGRATION, ["medical", "home_address"], "civil_immigration", SUBPOENA),
                "subject": {"is_patient": True},
            },
        ],
    ),
    "Public library": (
        1,
        [_data("library", IMMIGRATION, ["contact_info", "other_personal"], "civil_immigration", NO_PAPER)],
    ),
}


def seed_demo_store(settings: Settings, **options: Any) -> int:
    """:func:`seed_demo_cases` on a connection of its own whose commits are not flushed to disk one by one.

    Several hundred commits each waiting for the disk took most of the demo's start-up. A crash while
    seeding can lose the last demo cases (never corrupt the database: SQLite's WAL with
    ``synchronous=NORMAL``, PostgreSQL's ``synchronous_commit=off``); the app's own connections keep
    their full durability.
    """
    with Store.open(settings) as store:
        _quick_commits(store.engine)
        return seed_demo_cases(store, **options)


def _quick_commits(engine: Engine) -> None:
    engine.dispose()  # the schema check's connection goes; new ones get the setting below
    statement = "PRAGMA synchronous=NORMAL" if engine.dialect.name == "sqlite" else "SET synchronous_commit = off"

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()


@dataclass(order=True)
class _Event:
    at: dt.datetime
    order: int
    run: Callable[[], object]


def seed_demo_cases(
    store: Store, *, seed: int = DEMO_SEED, count: int = DEMO_CASE_COUNT, now: dt.datetime | None = None
) -> int:
    """Open ``count`` fictitious cases over the year before ``now``, with counsel's answers and duties done.

    Every change is written at its own moment of that year (the store's clock is moved for it), in
    time order, so the ledger reads as the year went. Returns the number of cases opened.
    """
    rng = random.Random(seed)  # noqa: S311 - fictitious data, the same from the same seed
    end = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    start = end - dt.timedelta(days=365)
    names = list(DEPARTMENTS)
    weights = [DEPARTMENTS[name][0] for name in names]
    events: list[_Event] = []
    opened: dict[int, str] = {}
    order = 0

    def later(after: dt.datetime, low_hours: float, high_hours: float) -> dt.datetime | None:
        moment = after + dt.timedelta(hours=rng.uniform(low_hours, high_hours))
        return moment if moment < end else None

    for number in range(count):
        department = rng.choices(names, weights)[0]
        request = rng.choice(DEPARTMENTS[department][1])
        # Office hours on a weekday of the past year.
        moment = start + dt.timedelta(days=rng.uniform(0, 365))
        moment = moment.replace(hour=rng.randint(15, 23), minute=rng.randint(0, 59), second=0, microsecond=0)
        while moment.weekday() >= 5 or moment >= end:
            moment -= dt.timedelta(days=1)
        decision = decide(request, on=moment.date())

        def open_case(n: int = number, req: dict[str, Any] = request, dep: str = department, d: Any = decision) -> None:
            opened[n] = store.cases.open_case(req, decision=d, department=dep).case_id

        order += 1
        events.append(_Event(moment, order, open_case))
        if decision.outcome is Outcome.REFER and rng.random() < 0.7:
            answered = later(moment, 2, 24 * 6)
            if answered is not None:
                outcome = rng.choices([Outcome.DECLINE, Outcome.COMPLY, Outcome.PARTIAL], [6, 2, 2])[0]

                def answer(n: int = number, o: Outcome = outcome) -> None:
                    store.cases.decide_by_counsel(
                        opened[n], o, counsel=DEMO_COUNSEL, note="Demo: counsel's answer to a fictitious case."
                    )

                order += 1
                events.append(_Event(answered, order, answer))
        for duty in decision.obligations:
            roll = rng.random()
            if roll < 0.15:
                continue  # never done: late once its day has passed
            done = later(moment, 1, 24 * (3 if roll < 0.85 else 40))
            if done is None:
                continue

            def complete(n: int = number, duty_id: str = duty.id) -> None:
                store.cases.complete_obligation(opened[n], duty_id)

            order += 1
            events.append(_Event(done, order, complete))

    # A signed checkpoint at the end of every month, as a city would sign them: reports cite the one
    # at the end of their period.
    month = dt.datetime(start.year, start.month, 1, tzinfo=dt.UTC)
    while True:
        month = (month + dt.timedelta(days=32)).replace(day=1)
        if month >= end:
            break
        order += 1
        events.append(_Event(month - dt.timedelta(seconds=1), order, store.ledger.checkpoint))
    clocks = store.cases.clock, store.ledger.clock
    try:
        for event in sorted(events):
            store.cases.clock = store.ledger.clock = lambda at=event.at: at  # type: ignore[misc]
            event.run()
    finally:
        store.cases.clock, store.ledger.clock = clocks
    return len(opened)

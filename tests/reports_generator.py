"""Fictitious cases for the report tests, written through the records API, with the generator's own list.

The list keeps what was recorded (request, department, outcomes, duties with due day and completion
time) so tests can count it independently of the report code.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sanctuary import decide
from sanctuary.model import Action
from sanctuary.records import Store, due_date
from sanctuary.records.encounters import DUTIES as ENCOUNTER_DUTIES
from sanctuary.services.demo import demo_encounter

DEPARTMENTS = ("LAPD", "Library", "Airport Police", "LAUSD Site 12", None)
ACTIONS = tuple(action.value for action in Action)
SETTINGS = ("city_office", "police", "jail", "school", "library", "health_facility", None)
REQUESTERS = ("federal_immigration", "federal_immigration", "federal_other", "state_local_in_state", "court", None)
PURPOSES = ("civil_immigration", "criminal_immigration", "criminal_other", "task_force", None)
DATA = ("release_date", "home_address", "criminal_history", "education_record", "aggregate_nonpersonal")
HISTORY = ("serious_felony", "violent_felony", "state_prison_felony", "listed_wobbler_5y", "federal_aggravated_felony")
COUNSEL = ("comply", "decline", "partial", "stand_aside")


@dataclass
class Clock:
    """The store's clock, moved by the generator so cases fall across the year."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Made:
    """One generated case as the generator recorded it."""

    opened_at: dt.datetime
    request: dict[str, Any]
    department: str | None
    outcome: str
    counsel_outcome: str | None = None
    duties: list[tuple[str, dt.date | None, dt.datetime | None]] = field(default_factory=list)
    packs: list[tuple[str, str, str]] = field(default_factory=list)


def _request(rng: random.Random) -> dict[str, Any]:
    action = rng.choice(ACTIONS)
    request: dict[str, Any] = {"action": action}
    if setting := rng.choice(SETTINGS):
        request["setting"] = setting
    requester: dict[str, Any] = {}
    if kind := rng.choice(REQUESTERS):
        requester["kind"] = kind
    if rng.random() < 0.1:
        requester["acting_for_immigration"] = True
    if requester:
        request["requester"] = requester
    if purpose := rng.choice(PURPOSES):
        request["purpose"] = purpose
    if action == "assist":
        request["assist_kind"] = rng.choice(("personnel", "joint_operation", "space"))
    if action == "share_data":
        request["data"] = rng.sample(DATA, rng.randint(1, 2))
    roll = rng.random()
    if roll < 0.3:
        request["instrument"] = {"type": rng.choice(("detainer", "administrative_warrant", "notification_request"))}
    elif roll < 0.55:
        request["instrument"] = {
            "type": "judicial_warrant",
            "signed_by_judge": True,
            "federal": True,
            "criminal": True,
            "covers_request": True,
        }
    if rng.random() < 0.7:
        request["subject"] = {"history": rng.sample(HISTORY, rng.randint(0, 2)), "in_custody": rng.random() < 0.5}
    return request


def generate(store: Store, clock: Clock, count: int, *, seed: int = 7, year: int = 2025) -> list[Made]:
    """``count`` cases spread over ``year`` (and a few days either side), checkpoints at mid-year and year end."""
    rng = random.Random(seed)  # noqa: S311 - fictitious data, not secrets
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=10)
    span = (dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=10) - start).total_seconds()
    moments = sorted(start + dt.timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    checkpoints = [dt.datetime(year, 7, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)]
    made: list[Made] = []
    for moment in moments:
        while checkpoints and moment >= checkpoints[0]:
            clock.now = checkpoints.pop(0)
            store.ledger.checkpoint()
        request = _request(rng)
        department = rng.choice(DEPARTMENTS)
        day = moment.date()
        decision = decide(request, on=day)
        clock.now = moment
        case_id = store.cases.open_case(request, decision=decision, department=department).case_id
        item = Made(
            moment,
            request,
            department,
            decision.outcome.value,
            packs=[(p.id, p.version, p.digest) for p in decision.packs],
        )
        if decision.outcome.value == "refer" and rng.random() < 0.6:
            item.counsel_outcome = rng.choice(COUNSEL)
            clock.now = moment + dt.timedelta(days=2)
            store.cases.decide_by_counsel(case_id, item.counsel_outcome, counsel="Counsel A")
        for duty in decision.obligations:
            due = due_date(duty.due, day)
            roll = rng.random()
            done: dt.datetime | None = None
            if roll < 0.45:
                done = moment + dt.timedelta(hours=1)
            elif roll < 0.7:
                done = moment + dt.timedelta(days=rng.choice((3, 9, 40)))
            if done is not None:
                clock.now = done
                if duty.id in ENCOUNTER_DUTIES:  # done by writing the encounter down, as staff do
                    store.cases.record_encounter(case_id, demo_encounter(len(made), done))
                else:
                    store.cases.complete_obligation(case_id, duty.id)
            item.duties.append((duty.id, due, done))
        made.append(item)
    return made

"""Decision benchmark: Sanctuary's engine against Cedar (cedarpy) on the same requests.

A script that prints figures, not a test (pytest only collects tests/). Run from the repository root:

    .venv/bin/python bench/bench_decisions.py [--n N] [--pack ID] [--json] [--profile]

What it measures, in one run on one machine, on each of two request mixes (``--mix``): ``core``, the
original mix of every action, and ``papers``, multi-category data requests and custody requests with
papers of every type, issuer and signer and facts left unknown:

* Sanctuary, one decision at a time (``time.perf_counter_ns`` around each call, after warm-up):
  - ``sanctuary.decide(request_dict, pack=..., on=2026-06-01)``: validation of the dict + evaluation;
  - ``sanctuary.policy.evaluate(request, stack, on)`` on pre-validated ``Request`` objects;
  - ``decide()`` on a fresh stream of new requests of the same mix, each decided once, caches empty
    at the start of each round (only the repeats the mix itself has are cached);
  - ``evaluate(..., cache=False)``: every decision computed afresh.
* Sanctuary, batched: a list of 1,000 requests decided in a loop with the stack preloaded
  (the first two entry points); the cost per decision is the batch time / 1,000.
* cedarpy 4.12 on the same requests mapped to Cedar (principal = requester entity, action,
  resource = facility or record entity, context = purpose, paper, data, area, subject), with
  ten core Los Angeles rules written as Cedar policies and reused ``PolicySet`` / ``Entities``
  handles:
  - ``is_authorized`` one request at a time;
  - ``is_authorized_batch`` in batches of 100 (cost per request = batch time / 100).
* Where a decision's time goes: validation, facts, the cache lookup, and a decision computed afresh
  split into rule tests, defeats and resolution, and assembly.

The outputs differ in kind: a Sanctuary decision carries citations, per-category scope, duties
(obligations), bilingual staff scripts, questions for unknown facts and a trace; Cedar returns
Allow/Deny and the ids of the determining policies.

Requests are generated from a fixed seed, so every run decides the same requests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from sanctuary.model import DataCategory, HistoryTag, Setting

ON = dt.date(2026, 6, 1)
DEFAULT_PACK = "us-ca-los-angeles"
POOL = 1_000  # distinct requests; also the Sanctuary batch size
CEDAR_BATCH = 100
PERMISSIVE = frozenset({"comply", "stand_aside"})  # the Sanctuary outcomes a Cedar Allow corresponds to

# --------------------------------------------------------------------------------------------
# Requests: a fixed, seeded, realistic mix
# --------------------------------------------------------------------------------------------

ACTION_WEIGHTS = {
    "share_data": 25,
    "enter_facility": 15,
    "hold": 12,
    "transfer_custody": 10,
    "notify_release": 10,
    "interview": 8,
    "assist": 8,
    "ask_status": 7,
    "arrest": 5,
}

DATA_POOL = [
    "immigration_status",
    "citizenship",
    "place_of_birth",
    "home_address",
    "work_address",
    "contact_info",
    "associates",
    "release_date",
    "custody_status",
    "criminal_history",
    "education_record",
    "directory_information",
    "medical",
    "alpr",
    "biometrics",
    "aggregate_nonpersonal",
]

HISTORY_POOL = [tag.value for tag in HistoryTag]


def _requester(rng: random.Random, immigration: float = 0.65) -> dict[str, Any]:
    r = rng.random()
    if r < immigration:
        return {"kind": "federal_immigration", "agency": rng.choice(["ICE ERO", "HSI", "CBP"])}
    if r < immigration + 0.12:
        return {
            "kind": "federal_other",
            "agency": rng.choice(["FBI", "DEA", "USMS", "ATF"]),
            "acting_for_immigration": rng.random() < 0.35,
        }
    if r < immigration + 0.27:
        return {
            "kind": "state_local_in_state",
            "agency": rng.choice(["LASD", "CHP", "Long Beach PD"]),
            "acting_for_immigration": rng.random() < 0.25,
        }
    return {"kind": rng.choice(["law_enforcement_out_of_state", "court", "other_government", "private", "unknown"])}


def _instrument(rng: random.Random, kinds: Sequence[tuple[str, int]]) -> dict[str, Any] | None:
    kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
    if kind == "absent":
        return None
    judicial = kind in ("judicial_warrant", "judicial_probable_cause", "court_order")
    paper: dict[str, Any] = {"type": kind, "signed_by_judge": judicial}
    if judicial:
        paper["federal"] = rng.random() < 0.6
        paper["criminal"] = kind != "court_order" or rng.random() < 0.5
        paper["covers_request"] = rng.random() < 0.9
    elif kind in ("administrative_warrant", "detainer", "administrative_subpoena", "notification_request"):
        paper["federal"] = False
        paper["criminal"] = False
        paper["covers_request"] = True
    # Papers read at a front desk are not always complete: leave a flag unknown now and then.
    if rng.random() < 0.08:
        paper.pop("signed_by_judge", None)
    if rng.random() < 0.05:
        paper.pop("covers_request", None)
    return paper


def _history(rng: random.Random, p_known: float = 0.6) -> list[str] | None:
    if rng.random() > p_known:
        return None  # not checked: a question for staff
    return rng.sample(HISTORY_POOL, rng.choice([0, 0, 1, 1, 2]))


def make_request(rng: random.Random) -> dict[str, Any]:
    action = rng.choices(list(ACTION_WEIGHTS), weights=list(ACTION_WEIGHTS.values()))[0]
    req: dict[str, Any] = {"action": action}
    subject: dict[str, Any] = {}
    if action == "share_data":
        req["setting"] = rng.choice(["city_office", "police", "jail", "school", "library", "health_facility"])
        req["requester"] = _requester(rng)
        req["purpose"] = rng.choice(
            ["civil_immigration", "civil_immigration", "criminal_immigration", "criminal_other"]
        )
        req["data"] = rng.sample(DATA_POOL, rng.choice([1, 1, 2, 3, 4]))
        req["instrument"] = _instrument(
            rng,
            [
                ("absent", 4),
                ("administrative_subpoena", 3),
                ("judicial_warrant", 2),
                ("court_order", 1),
                ("administrative_warrant", 2),
                ("judicial_subpoena", 1),
            ],
        )
        if req["setting"] == "school":
            subject["is_student"] = True
            subject["is_minor"] = rng.random() < 0.8
        subject["consent"] = rng.random() < 0.05
    elif action == "enter_facility":
        req["setting"] = rng.choice(["city_office", "school", "health_facility", "shelter", "library", "courthouse"])
        req["area"] = rng.choice(["public", "non_public", "non_public"])
        req["requester"] = _requester(rng, immigration=0.85)
        req["purpose"] = rng.choice(["civil_immigration", "civil_immigration", "criminal_immigration", "unknown"])
        req["instrument"] = _instrument(
            rng, [("absent", 4), ("administrative_warrant", 4), ("judicial_warrant", 2), ("notice_to_appear", 1)]
        )
        req["exigent"] = rng.random() < 0.05
    elif action == "hold":
        req["setting"] = "jail"
        req["requester"] = {"kind": "federal_immigration", "agency": "ICE ERO"}
        req["purpose"] = "civil_immigration"
        req["instrument"] = _instrument(rng, [("detainer", 8), ("administrative_warrant", 1), ("judicial_warrant", 1)])
        subject["in_custody"] = True
        subject["history"] = _history(rng)
    elif action in ("transfer_custody", "notify_release"):
        req["setting"] = rng.choice(["jail", "jail", "police"])
        req["requester"] = _requester(rng, immigration=0.9)
        req["purpose"] = "civil_immigration" if rng.random() < 0.85 else "criminal_immigration"
        papers = [("detainer", 5), ("administrative_warrant", 2), ("judicial_warrant", 1), ("absent", 1)]
        if action == "notify_release":
            papers.append(("notification_request", 4))
        req["instrument"] = _instrument(rng, papers)
        subject["in_custody"] = True
        subject["history"] = _history(rng)
    elif action == "interview":
        req["setting"] = rng.choice(["jail", "police"])
        req["requester"] = _requester(rng, immigration=0.85)
        req["purpose"] = rng.choice(["civil_immigration", "criminal_immigration", "criminal_other"])
        subject["in_custody"] = rng.random() < 0.9
        subject["consent"] = rng.random() < 0.2
    elif action == "ask_status":
        req["setting"] = rng.choice(["police", "school", "city_office", "health_facility", "labor_agency"])
        req["requester"] = {"kind": "state_local_in_state", "agency": rng.choice(["LAPD", "LAUSD", "City of LA"])}
        req["purpose"] = rng.choice(["civil_immigration", "criminal_other", "benefits_eligibility", "unknown"])
        if req["setting"] == "school":
            subject["is_student"] = True
    elif action == "assist":
        req["setting"] = rng.choice(["police", "city_office", "library", "shelter"])
        req["assist_kind"] = rng.choice(
            ["staging", "perimeter", "personnel", "space", "interpreter", "joint_operation", "equipment"]
        )
        req["requester"] = _requester(rng, immigration=0.75)
        req["purpose"] = rng.choice(["civil_immigration", "civil_immigration", "task_force", "criminal_other"])
    elif action == "arrest":
        req["setting"] = "police"
        req["requester"] = {"kind": "state_local_in_state", "agency": "LAPD"}
        if rng.random() < 0.4:  # found during unrelated police work: re-entry after removal (8 U.S.C. 1326)
            req["purpose"] = "criminal_immigration" if rng.random() < 0.8 else "civil_immigration"
            subject["history"] = ["reentry_after_aggravated_felony_removal"]
        else:
            req["purpose"] = rng.choice(["criminal_immigration", "civil_immigration", "criminal_other"])
            subject["history"] = _history(rng, p_known=0.8)
    if req.get("instrument") is None:
        req.pop("instrument", None)
    subject = {k: v for k, v in subject.items() if v is not None}
    if subject:
        req["subject"] = subject
    return req


def make_requests(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [make_request(rng) for _ in range(count)]


# The "papers" mix: what a records unit and a jail front desk see when papers are read as they come.
# Most requests ask for several data categories at once; every paper type appears, each with the
# issuers and signers it really comes with (and now and then a wrong one: an immigration judge's
# order, a clerk-issued subpoena, a warrant from another state's court), and facts are left out as a
# desk leaves them out (who signed, who issued, whether it covers the request, the person's history,
# the setting or the purpose), or the document reader was unsure of the paper's type.

ALL_DATA = [c.value for c in DataCategory]
ALL_SETTINGS = [s.value for s in Setting]
# paper type -> (issuers with weights, signers with weights, criminal basis probability)
PAPERS: dict[str, tuple[list[tuple[str, int]], list[tuple[str, int]], float]] = {
    "judicial_warrant": (
        [("federal_court", 45), ("state_court_here", 30), ("state_court_elsewhere", 10), ("immigration_court", 5)],
        [("judge", 60), ("magistrate", 35), ("clerk", 5)],
        0.9,
    ),
    "judicial_probable_cause": (
        [("federal_court", 40), ("state_court_here", 50), ("state_court_elsewhere", 10)],
        [("judge", 55), ("magistrate", 45)],
        1.0,
    ),
    "court_order": (
        [("federal_court", 35), ("state_court_here", 40), ("state_court_elsewhere", 10), ("immigration_court", 15)],
        [("judge", 90), ("clerk", 10)],
        0.4,
    ),
    "judicial_subpoena": (
        [("federal_court", 40), ("state_court_here", 45), ("state_court_elsewhere", 15)],
        [("clerk", 50), ("attorney", 35), ("judge", 15)],
        0.6,
    ),
    "administrative_subpoena": (
        [("immigration_agency", 85), ("other_agency", 15)],
        [("officer", 90), ("attorney", 10)],
        0,
    ),
    "administrative_warrant": ([("immigration_agency", 100)], [("officer", 100)], 0),
    "detainer": ([("immigration_agency", 100)], [("officer", 100)], 0),
    "notification_request": ([("immigration_agency", 100)], [("officer", 100)], 0),
    "notice_to_appear": ([("immigration_agency", 90), ("immigration_court", 10)], [("officer", 100)], 0),
    "ncic_immigration_hit": ([("other_agency", 60), ("immigration_agency", 40)], [("officer", 50), ("unknown", 50)], 0),
    "other": ([("other_agency", 50), ("unknown", 50)], [("officer", 40), ("attorney", 30), ("unknown", 30)], 0.2),
}
PAPER_WEIGHTS = {
    "absent": 14,
    "judicial_warrant": 12,
    "judicial_probable_cause": 4,
    "court_order": 8,
    "judicial_subpoena": 10,
    "administrative_subpoena": 12,
    "administrative_warrant": 10,
    "detainer": 10,
    "notification_request": 6,
    "notice_to_appear": 5,
    "ncic_immigration_hit": 4,
    "other": 5,
}


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _paper(rng: random.Random) -> dict[str, Any] | None:
    kind = _pick(rng, list(PAPER_WEIGHTS.items()))
    if kind == "absent":
        return None
    issuers, signers, criminal = PAPERS[kind]
    issuer, signer = _pick(rng, issuers), _pick(rng, signers)
    paper: dict[str, Any] = {
        "type": kind,
        "issuer": issuer,
        "issued_by": signer,
        "signed_by_judge": signer in ("judge", "magistrate"),
        "criminal": rng.random() < criminal,
        "covers_request": rng.random() < 0.85,
    }
    if kind in ("judicial_warrant", "court_order", "judicial_subpoena") and rng.random() < 0.06:
        paper["nondisclosure_order"] = True
    if issuer == "federal_court" and rng.random() < 0.15:
        del paper["issuer"]
        paper["federal"] = True  # the older vocabulary: issuer is derived
    for fact, p_unknown in (("signed_by_judge", 0.15), ("issued_by", 0.1), ("issuer", 0.1), ("covers_request", 0.1)):
        if rng.random() < p_unknown:
            paper.pop(fact, None)
    if rng.random() < 0.15:  # read by the document reader: sometimes unsure of the type
        paper["confidence"] = round(rng.uniform(0.55, 0.99), 2)
    return paper


def make_paper_request(rng: random.Random) -> dict[str, Any]:
    action = _pick(
        rng,
        [
            ("share_data", 60),
            ("enter_facility", 10),
            ("hold", 8),
            ("transfer_custody", 6),
            ("notify_release", 6),
            ("arrest", 4),
            ("interview", 3),
            ("assist", 3),
        ],
    )
    req: dict[str, Any] = {"action": action, "requester": _requester(rng, immigration=0.6)}
    if rng.random() < 0.08:
        req["requester"].pop("kind", None)
    subject: dict[str, Any] = {}
    if action == "share_data":
        req["setting"] = rng.choice(ALL_SETTINGS)
        req["data"] = rng.sample(ALL_DATA, rng.choice([2, 2, 3, 3, 4, 5, 6]))
        if req["setting"] in ("school", "college"):
            subject["is_student"] = rng.random() < 0.9
            subject["is_minor"] = req["setting"] == "school" and rng.random() < 0.8
        elif req["setting"] == "health_facility":
            subject["is_patient"] = True
        elif req["setting"] == "jail":
            subject["in_custody"] = True
            subject["history"] = _history(rng, p_known=0.5)
        subject["consent"] = rng.random() < 0.05
        subject["info_public"] = rng.random() < 0.04
    elif action == "enter_facility":
        req["setting"] = rng.choice(["city_office", "school", "college", "health_facility", "shelter", "library"])
        if rng.random() < 0.85:
            req["area"] = rng.choice(["public", "non_public"])
        req["exigent"] = rng.random() < 0.05
    elif action in ("hold", "transfer_custody", "notify_release"):
        req["setting"] = rng.choice(["jail", "jail", "police"])
        subject["in_custody"] = True
        subject["history"] = _history(rng, p_known=0.6)
    elif action == "arrest":
        req["setting"] = "police"
        subject["history"] = _history(rng, p_known=0.7)
    elif action == "interview":
        req["setting"] = rng.choice(["jail", "police", "school"])
        subject["in_custody"] = rng.random() < 0.7
        subject["consent"] = rng.random() < 0.2
    else:
        req["setting"] = rng.choice(["police", "city_office"])
        req["assist_kind"] = rng.choice(["staging", "perimeter", "personnel", "space", "interpreter", "equipment"])
    if rng.random() < 0.85:
        req["purpose"] = rng.choice(
            [
                "civil_immigration",
                "civil_immigration",
                "criminal_immigration",
                "criminal_other",
                "task_force",
                "victim_certification",
                "benefits_eligibility",
                "unknown",
            ]
        )
    if rng.random() < 0.07:
        req.pop("setting", None)
    paper = _paper(rng) if action not in ("interview", "assist") else None
    if paper is not None:
        req["instrument"] = paper
    subject = {k: v for k, v in subject.items() if v is not None}
    if subject:
        req["subject"] = subject
    return req


MIXES: dict[str, Callable[[random.Random], dict[str, Any]]] = {"core": make_request, "papers": make_paper_request}


def make_mix(mix: str, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [MIXES[mix](rng) for _ in range(count)]


# --------------------------------------------------------------------------------------------
# Cedar: ten core Los Angeles rules, the entity graph, and the request mapping
# --------------------------------------------------------------------------------------------

# Cedar has no named definitions: the "valid court command" test is written out in each policy.
_COURT_COMMAND = (
    '["judicial_warrant", "judicial_probable_cause", "court_order"].contains(context.instrument.type) '
    "&& context.instrument.signed_by_judge && context.instrument.covers_request"
)
# Custody (hold, transfer, release notice) yields only to a federal criminal judicial warrant (SB 54).
_FEDERAL_CRIMINAL_COMMAND = f"{_COURT_COMMAND} && context.instrument.federal && context.instrument.criminal"
_IMMIGRATION = (
    'principal.kind == "federal_immigration" || principal.acting_for_immigration '
    '|| context.purpose == "civil_immigration" || context.purpose == "criminal_immigration"'
)

CEDAR_POLICIES = f"""
@id("la-no-hold-on-detainer")
@cite("L.A. Ord. 188441 (LA-4, LA-5); Cal. Gov. Code 7284.6(a)(1)(B)")
forbid (principal, action == Action::"hold", resource)
unless {{ {_FEDERAL_CRIMINAL_COMMAND} }};

@id("la-no-data-sharing-except-status")
@cite("L.A. Ord. 188441 (LA-2, LA-3); Cal. Gov. Code 7284.6(a)(1)(C)-(D); 8 U.S.C. 1373")
forbid (principal, action == Action::"share_data", resource)
when {{ ({_IMMIGRATION}) && !(["immigration_status", "citizenship"].containsAll(context.data)) }}
unless {{ {_COURT_COMMAND} }};

@id("la-no-nonpublic-entry-without-judicial-warrant")
@cite("L.A. Ord. 188441 (LA-4(3)); Cal. Gov. Code 7284.6(a)(4)")
forbid (principal, action == Action::"enter_facility", resource)
when {{ context.area != "public" }}
unless {{ {_COURT_COMMAND} }};

@id("la-no-transfer-or-release-notice-without-judicial-warrant")
@cite("L.A. Ord. 188441 (LA-3, LA-EX2); Cal. Gov. Code 7284.6(a)(1)(C), (a)(4)")
forbid (principal, action in [Action::"transfer_custody", Action::"notify_release"], resource)
unless {{ {_FEDERAL_CRIMINAL_COMMAND} }};

@id("la-no-interview-in-custody")
@cite("L.A. Ord. 188441 (LA-4(4)); Cal. Gov. Code 7283.1(a)")
forbid (principal, action == Action::"interview", resource)
when {{ context.subject.in_custody && ({_IMMIGRATION}) }};

@id("la-no-staging-or-assistance")
@cite("L.A. Ord. 188441 (LA-1, LA-4(5)); Cal. Gov. Code 7284.6(a)(1)")
forbid (principal, action == Action::"assist", resource)
when {{ ({_IMMIGRATION}) || ["staging", "perimeter", "joint_operation"].contains(context.assist_kind) }};

@id("la-no-status-questions")
@cite("L.A. Ord. 188441 (LA-3, LA-4(1)); LAPD Special Order 40; Cal. Gov. Code 7284.6(a)(1)(A)")
forbid (principal, action == Action::"ask_status", resource)
unless {{ context.purpose == "benefits_eligibility" }};

@id("la-court-command-obeyed")
@cite("U.S. Const. amend. IV; Cal. Gov. Code 7284.6(a)(1)(B)-(C) (judicial warrant exceptions)")
permit (principal, action in [Action::"share_data", Action::"enter_facility", Action::"hold",
                              Action::"transfer_custody", Action::"notify_release"], resource)
when {{ {_COURT_COMMAND}
        && (action in [Action::"share_data", Action::"enter_facility"]
            || (context.instrument.federal && context.instrument.criminal)) }};

@id("la-public-area-entry")
@cite("L.A. Ord. 188441 (LA-4(3)): areas open to the public")
permit (principal, action == Action::"enter_facility", resource)
when {{ context.area == "public" }};

@id("la-1326-reentry-arrest")
@cite("L.A. Ord. 188441 (LA-EX1); Cal. Gov. Code 7284.6(b)(1); 8 U.S.C. 1326(a), (b)(2)")
permit (principal, action == Action::"arrest", resource)
when {{ context.purpose == "criminal_immigration"
        && context.subject.history.contains("reentry_after_aggravated_felony_removal") }};
"""

REQUESTER_KINDS = [
    "federal_immigration",
    "federal_other",
    "state_local_in_state",
    "law_enforcement_out_of_state",
    "court",
    "other_government",
    "private",
    "unknown",
]
SETTINGS = [
    "city_office",
    "police",
    "jail",
    "school",
    "college",
    "health_facility",
    "courthouse",
    "shelter",
    "library",
    "labor_agency",
    "unspecified",
]


def cedar_entities() -> list[dict[str, Any]]:
    """A static graph: one entity per requester kind x side-door flag, per facility, per records unit."""
    entities: list[dict[str, Any]] = []
    for kind in REQUESTER_KINDS:
        for side_door in (False, True):
            entities.append(
                {
                    "uid": {"type": "Requester", "id": f"{kind}:{str(side_door).lower()}"},
                    "attrs": {"kind": kind, "acting_for_immigration": side_door},
                    "parents": [],
                }
            )
    for setting in SETTINGS:
        entities.append({"uid": {"type": "Facility", "id": setting}, "attrs": {"setting": setting}, "parents": []})
        entities.append(
            {
                "uid": {"type": "Record", "id": setting},
                "attrs": {"setting": setting},
                "parents": [{"type": "Facility", "id": setting}],
            }
        )
    return entities


def to_cedar(req: dict[str, Any]) -> dict[str, Any]:
    """The Sanctuary request as a Cedar request. Cedar has no 'unknown': a missing flag reads false."""
    requester = req.get("requester") or {}
    kind = requester.get("kind", "unknown")
    side_door = bool(requester.get("acting_for_immigration", False))
    setting = req.get("setting", "unspecified")
    paper = req.get("instrument") or {}
    subject = req.get("subject") or {}
    return {
        "principal": {"type": "Requester", "id": f"{kind}:{str(side_door).lower()}"},
        "action": {"type": "Action", "id": req["action"]},
        "resource": {"type": "Record" if req["action"] == "share_data" else "Facility", "id": setting},
        "context": {
            "purpose": req.get("purpose", "unknown"),
            "area": req.get("area", "unknown"),
            "assist_kind": req.get("assist_kind", "unknown"),
            "exigent": bool(req.get("exigent", False)),
            "data": sorted(set(req.get("data") or [])),
            "instrument": {
                "type": paper.get("type", "none"),
                "signed_by_judge": bool(paper.get("signed_by_judge", False)),
                "federal": bool(paper.get("federal", paper.get("issuer") == "federal_court")),
                "criminal": bool(paper.get("criminal", False)),
                "covers_request": bool(paper.get("covers_request", False)),
            },
            "subject": {
                "in_custody": bool(subject.get("in_custody", False)),
                "consent": bool(subject.get("consent", False)),
                "history": sorted(subject.get("history") or []),
            },
        },
    }


# --------------------------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------------------------


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted sequence."""
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, math.ceil(q / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]


def time_each(fn: Callable[[Any], Any], items: Sequence[Any], n: int, warmup: int) -> dict[str, float]:
    """Call ``fn`` on ``items`` cyclically, ``n`` times, timing each call; after ``warmup`` untimed calls."""
    count = len(items)
    for i in range(warmup):
        fn(items[i % count])
    gc.collect()
    clock = time.perf_counter_ns
    samples = [0] * n
    for i in range(n):
        item = items[i % count]
        t0 = clock()
        fn(item)
        samples[i] = clock() - t0
    samples.sort()
    total_s = sum(samples) / 1e9
    return {
        "p50_us": _percentile(samples, 50) / 1e3,
        "p99_us": _percentile(samples, 99) / 1e3,
        "mean_us": statistics.fmean(samples) / 1e3,
        "per_s": n / total_s,
        "decisions": n,
    }


def time_batches(run_batch: Callable[[Any], Any], batches: Sequence[Any], size: int, reps: int) -> dict[str, float]:
    """Run ``reps`` batches (cyclically over ``batches``) of ``size`` decisions each, after one warm-up pass.

    p50/p99 are over batches, of the cost per decision inside a batch (batch time / size).
    """
    for batch in batches:
        run_batch(batch)
    gc.collect()
    clock = time.perf_counter_ns
    per_decision: list[float] = []
    total = 0
    for i in range(reps):
        batch = batches[i % len(batches)]
        t0 = clock()
        run_batch(batch)
        elapsed = clock() - t0
        total += elapsed
        per_decision.append(elapsed / size)
    per_decision.sort()
    decisions = reps * size
    return {
        "p50_us": _percentile(per_decision, 50) / 1e3,
        "p99_us": _percentile(per_decision, 99) / 1e3,
        "mean_us": total / decisions / 1e3,
        "per_s": decisions / (total / 1e9),
        "decisions": decisions,
    }


def engine_digest() -> str:
    """sha256 of the engine's source (policy/, model/, services/), so figures can be matched to a code version."""
    import hashlib
    from pathlib import Path

    import sanctuary

    root = Path(sanctuary.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for part in ("policy", "model", "services") for p in (root / part).glob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        cedar_version = version("cedarpy")
        pydantic_version = version("pydantic")
    except Exception:
        cedar_version = pydantic_version = "?"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": platform.platform(),
        "cedarpy": cedar_version,
        "pydantic": pydantic_version,
    }


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="timed decisions per mode (default 20000)")
    parser.add_argument("--pack", default=DEFAULT_PACK, help=f"Sanctuary pack (default {DEFAULT_PACK})")
    parser.add_argument("--seed", type=int, default=20260601, help="seed of the request set")
    parser.add_argument("--mix", choices=[*MIXES, "both"], default="both", help="request mix (default both)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per mode; the best round is kept (default 3)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", action="store_true", help="also profile evaluate() with cProfile")
    parser.add_argument("--no-cedar", action="store_true", help="skip cedarpy")
    args = parser.parse_args(argv)
    if args.n < POOL:
        parser.error(f"--n must be at least {POOL}")

    from sanctuary.model import InputError
    from sanctuary.policy import available_packs, load_stack

    if args.pack not in available_packs():
        print(
            f"pack {args.pack!r} is not installed; available: {', '.join(sorted(available_packs()))}. Use --pack.",
            file=sys.stderr,
        )
        return 2
    try:
        stack = load_stack(args.pack)
    except InputError as exc:
        print(f"pack {args.pack!r} does not load: {exc}", file=sys.stderr)
        return 2
    cedar = None
    if not args.no_cedar:
        try:
            import cedarpy
        except ImportError:
            print("cedarpy is not installed: pip install -e '.[bench]' (or use --no-cedar)", file=sys.stderr)
            return 2
        cedar = (
            cedarpy,
            cedarpy.PolicySet.from_str(CEDAR_POLICIES),
            cedarpy.Entities.from_json_str(json.dumps(cedar_entities())),
        )

    load_before = os.getloadavg()
    mixes = list(MIXES) if args.mix == "both" else [args.mix]
    report_mixes: dict[str, Any] = {}
    profiles: list[str] = []
    for mix in mixes:
        outcome = run_mix(mix, stack, args, cedar)
        if outcome is None:
            return 1
        report_mixes[mix], profile_text = outcome
        if profile_text:
            profiles.append(profile_text)

    report = {
        "benchmark": "decisions",
        "date_of_law": ON.isoformat(),
        "pack": {"id": args.pack, "packs": [p.ref.model_dump() for p in stack.packs], "rules": len(stack.rules)},
        "engine_source_sha256": engine_digest(),
        "requests": {"distinct": POOL, "seed": args.seed, "timed_per_mode": args.n, "rounds_per_mode": args.repeat},
        "machine": {
            **machine(),
            "loadavg_1m_before": round(load_before[0], 2),
            "loadavg_1m_after": round(os.getloadavg()[0], 2),
        },
        "mixes": report_mixes,
    }
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print_table(report)
        for text in profiles:
            print(text)
    return 0


def run_mix(mix: str, stack: Any, args: argparse.Namespace, cedar: Any) -> tuple[dict[str, Any], str | None] | None:
    """Every mode on one mix: Sanctuary's, then cedarpy's on the same requests."""
    import sanctuary
    from sanctuary.model import Request
    from sanctuary.policy import clear_decision_cache, decision_cache_info, evaluate

    raw = make_mix(mix, POOL, args.seed)
    requests = [Request.model_validate(r) for r in raw]  # every generated request is valid
    decide = sanctuary.decide
    pack = args.pack
    warmup = min(args.n, 2 * POOL)
    reps_sanctuary = max(1, args.n // POOL)
    results: list[dict[str, Any]] = []

    def record(engine: str, mode: str, measure: Callable[[], dict[str, float]]) -> None:
        """Measure ``repeat`` rounds; keep the round with the highest throughput (best-of-R, as timeit does)."""
        rounds = [measure() for _ in range(args.repeat)]
        best = max(rounds, key=lambda r: r["per_s"])
        spread = {
            "per_s_all_rounds": [round(r["per_s"]) for r in rounds],
            "p50_us_all_rounds": [round(r["p50_us"], 2) for r in rounds],
        }
        results.append({"engine": engine, "mode": mode, **best, **spread})

    # Sanctuary ------------------------------------------------------------------------------
    clear_decision_cache()
    record(
        "sanctuary",
        "decide() from dict, single",
        lambda: time_each(lambda r: decide(r, pack=pack, on=ON), raw, args.n, warmup),
    )
    record(
        "sanctuary",
        "evaluate() pre-validated, single",
        lambda: time_each(lambda r: evaluate(r, stack, ON), requests, args.n, warmup),
    )

    def decide_batch(batch: list[dict[str, Any]]) -> None:
        for r in batch:
            decide(r, pack=pack, on=ON)

    def evaluate_batch(batch: list[Request]) -> None:
        for r in batch:
            evaluate(r, stack, ON)

    record(
        "sanctuary",
        f"decide() from dict, batch of {POOL}",
        lambda: time_batches(decide_batch, [raw], POOL, reps_sanctuary),
    )
    record(
        "sanctuary",
        f"evaluate() pre-validated, batch of {POOL}",
        lambda: time_batches(evaluate_batch, [requests], POOL, reps_sanctuary),
    )
    # A stream of new requests, each decided once, every cache empty at the start of a round: what
    # a day of desk traffic like this mix costs, with only the repeats the mix itself has.
    stream = make_mix(mix, args.n, args.seed + 1)
    stream_hits: list[dict[str, int]] = []

    def fresh_stream() -> dict[str, float]:
        clear_decision_cache()
        figures = time_each(lambda r: decide(r, pack=pack, on=ON), stream, len(stream), 0)
        stream_hits.append(decision_cache_info())
        return figures

    record("sanctuary", "decide() from dict, fresh stream", fresh_stream)
    clear_decision_cache()
    record(
        "sanctuary",
        "evaluate() pre-validated, cache off, single",
        lambda: time_each(lambda r: evaluate(r, stack, ON, cache=False), requests, args.n, warmup),
    )

    decisions = [evaluate(r, stack, ON) for r in requests]
    decisions = [evaluate(r, stack, ON) for r in requests]  # a class is cached from its second request on
    classes = len({id(d) for d in decisions})
    sanity: dict[str, Any] = {
        "sanctuary_outcomes": dict(Counter(d.outcome.value for d in decisions).most_common()),
        "sanctuary_mean_reasons": statistics.fmean(len(d.reasons) for d in decisions),
        "sanctuary_mean_obligations": statistics.fmean(len(d.obligations) for d in decisions),
        "sanctuary_with_questions": sum(1 for d in decisions if d.questions),
        "sanctuary_decision_classes_in_pool": classes,
        "fresh_stream_cache_hit_rate": stream_hits[-1]["hits"] / max(1, len(stream)),
        "mean_data_categories_share_data": statistics.fmean(
            len(r.get("data") or [1]) for r in raw if r["action"] == "share_data"
        ),
        "actions": dict(Counter(r["action"] for r in raw).most_common()),
    }
    sanity["stages_us"] = stages(raw, requests, stack)

    # cedarpy --------------------------------------------------------------------------------
    if cedar is not None:
        cedarpy, policies, entities = cedar
        cedar_requests = [to_cedar(r) for r in raw]
        is_authorized = cedarpy.is_authorized
        is_authorized_batch = cedarpy.is_authorized_batch

        cedar_results = is_authorized_batch(cedar_requests, policies, entities)
        errors = [res.diagnostics.errors for res in cedar_results if res.diagnostics.errors]
        if errors:
            print(f"cedar evaluation errors (policies or mapping are wrong): {errors[:3]}", file=sys.stderr)
            return None

        record(
            "cedarpy",
            "is_authorized(), handles reused, single",
            lambda: time_each(lambda q: is_authorized(q, policies, entities), cedar_requests, args.n, warmup),
        )
        chunks = [cedar_requests[i : i + CEDAR_BATCH] for i in range(0, POOL, CEDAR_BATCH)]
        record(
            "cedarpy",
            f"is_authorized_batch(), batch of {CEDAR_BATCH}",
            lambda: time_batches(
                lambda chunk: is_authorized_batch(chunk, policies, entities),
                chunks,
                CEDAR_BATCH,
                max(1, args.n // CEDAR_BATCH),
            ),
        )

        allowed = [res.allowed for res in cedar_results]
        cedar_ids = Counter(name for res in cedar_results for name in res.diagnostics.id_annotations_by_reason.values())
        comparable = [(d.outcome.value, a) for d, a in zip(decisions, allowed, strict=True)]
        sanity.update(
            {
                "cedar_decisions": {"Allow": sum(allowed), "Deny": len(allowed) - sum(allowed)},
                "cedar_determining_policies": dict(cedar_ids.most_common()),
                # Cedar can only say Allow/Deny: count Sanctuary comply and stand_aside (do not obstruct) as
                # Allow; decline, refer and partial as Deny.
                "agreement_allow": sum(1 for o, a in comparable if (o in PERMISSIVE) == a) / len(comparable),
            }
        )
        # Cedar's own timings (from the engine's metrics), warm, over one pass of the batch mode.
        warm = [res.metrics for chunk in chunks for res in is_authorized_batch(chunk, policies, entities)]
        sanity["cedar_internal_median_us"] = {
            key: statistics.median(m.get(key, 0) for m in warm)
            for key in ("authz_duration_micros", "build_request_duration_micros")
        }

    by_mode = {(r["engine"], r["mode"]): r for r in results}
    cedar_single = by_mode.get(("cedarpy", "is_authorized(), handles reused, single"))
    cedar_batch = by_mode.get(("cedarpy", f"is_authorized_batch(), batch of {CEDAR_BATCH}"))
    ratios: dict[str, float] = {}
    for r in results:
        if r["engine"] != "sanctuary":
            continue
        versus = cedar_batch if "batch" in r["mode"] else cedar_single
        if versus is not None:
            ratios[f"{r['mode']} / {versus['mode']}"] = r["per_s"] / versus["per_s"]

    profile_text = None
    if args.profile:
        profile_text = profile_evaluate(evaluate, requests, stack, reps=max(1, args.n // POOL))
    return {"results": results, "ratios_sanctuary_over_cedarpy_throughput": ratios, "sanity": sanity}, profile_text


def stages(raw: Sequence[dict[str, Any]], requests: Sequence[Any], stack: Any) -> dict[str, float]:
    """Where a decision's time goes, mean µs per request over the pool (best of 3 passes each).

    validation, facts and the cache lookup are timed on their own; a decision computed afresh
    (``cache=False``) is split into rule tests, defeats and resolution, and assembly by the share of
    each in a cProfile of the same calls (profiling inflates call-heavy code, so the split is approximate).
    """
    import cProfile
    import pstats

    from sanctuary.model import Request
    from sanctuary.policy import clear_decision_cache, evaluate, facts_of

    def best(fn: Callable[[Any], Any], items: Sequence[Any], before: Callable[[], None] | None = None) -> float:
        times = []
        for _ in range(3):
            if before is not None:
                before()
            t0 = time.perf_counter_ns()
            for item in items:
                fn(item)
            times.append((time.perf_counter_ns() - t0) / len(items) / 1e3)
        return min(times)

    out = {
        "validation": best(Request.model_validate, raw),
        "facts": best(facts_of, requests),
        "cached decision (facts + lookup)": best(lambda r: evaluate(r, stack, ON), requests),
        "new decision, units kept": best(
            lambda r: evaluate(r, stack, ON), requests, lambda: clear_decision_cache(units=False)
        ),
        "decision afresh (cache off)": best(lambda r: evaluate(r, stack, ON, cache=False), requests),
    }
    profiler = cProfile.Profile()
    profiler.enable()
    for r in requests:
        evaluate(r, stack, ON, cache=False)
    profiler.disable()
    groups = {"rule tests": 0.0, "defeats and resolution": 0.0, "assembly": 0.0, "facts and other": 0.0}
    resolving = {
        "decide_unit",
        "_unit",
        "_undefeated",
        "_resolve",
        "_unsettling",
        "outcome_with",
        "select",
        "selection",
        "mask",
        "<listcomp>",
    }
    assembling = {"_part_of", "_merge", "_pairs", "_assemble", "_undecided", "show", "_note", "_construct"}
    assembling |= {"<dictcomp>", "<genexpr>"}
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for (filename, _, name), (_, _, own, _, _) in stats.items():
        if filename.startswith("<condition"):
            groups["rule tests"] += own
        elif "policy/_engine" in filename and name in assembling:
            groups["assembly"] += own
        elif "policy/" in filename and name in resolving:
            groups["defeats and resolution"] += own
        else:
            groups["facts and other"] += own
    total = sum(groups.values()) or 1.0
    for group, own in groups.items():
        out[f"afresh: {group}"] = out["decision afresh (cache off)"] * own / total
    return {k: round(v, 2) for k, v in out.items()}


def profile_evaluate(evaluate: Callable[..., Any], requests: Sequence[Any], stack: Any, reps: int) -> str:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(reps):
        for r in requests:
            evaluate(r, stack, ON)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    return f"\ncProfile of evaluate() over {reps} x {len(requests)} decisions (sorted by own time):\n" + out.getvalue()


def print_table(report: dict[str, Any]) -> None:
    m = report["machine"]
    pack = report["pack"]
    print(
        f"Decision benchmark - pack {pack['id']} "
        f"({' -> '.join(p['id'] + ' ' + p['version'] for p in pack['packs'])}, {pack['rules']} rules), "
        f"law of {report['date_of_law']}; engine source sha256 {report['engine_source_sha256']}"
    )
    print(
        f"{report['requests']['distinct']} distinct seeded requests per mix (seed {report['requests']['seed']}), "
        f"{report['requests']['timed_per_mode']} timed decisions per mode and round, "
        f"best of {report['requests']['rounds_per_mode']} rounds"
    )
    print(
        f"{m['cpu']}, {m['cores']} cores, {m['implementation']} {m['python']}, pydantic {m['pydantic']}, "
        f"cedarpy {m['cedarpy']}; load average (1 min) {m['loadavg_1m_before']} before, "
        f"{m['loadavg_1m_after']} after"
    )
    if max(m["loadavg_1m_before"], m["loadavg_1m_after"]) > 0.5 * (m["cores"] or 1):
        print("warning: the machine was busy during the run; figures are noisy (compare p50 rather than decisions/s)")
    for mix, figures in report["mixes"].items():
        print()
        print(f"== mix {mix!r} ==")
        header = f"{'engine':<10} {'mode':<44} {'p50 us':>9} {'p99 us':>9} {'decisions/s':>12}"
        print(header)
        print("-" * len(header))
        for r in figures["results"]:
            print(f"{r['engine']:<10} {r['mode']:<44} {r['p50_us']:>9.1f} {r['p99_us']:>9.1f} {r['per_s']:>12,.0f}")
        if figures["ratios_sanctuary_over_cedarpy_throughput"]:
            print("Sanctuary / cedarpy throughput:")
            for name, value in figures["ratios_sanctuary_over_cedarpy_throughput"].items():
                print(f"  {name:<90} {value:6.2f}x")
        s = figures["sanity"]
        print(f"actions: {s['actions']}")
        print(
            f"sanctuary outcomes: {s['sanctuary_outcomes']}; mean {s['sanctuary_mean_reasons']:.2f} cited reasons, "
            f"{s['sanctuary_mean_obligations']:.2f} obligations per decision; "
            f"{s['sanctuary_with_questions']} with questions; {s['mean_data_categories_share_data']:.2f} data "
            f"categories per share_data request"
        )
        print(
            f"decision classes among the {report['requests']['distinct']} requests: "
            f"{s['sanctuary_decision_classes_in_pool']}; fresh stream cache hit rate "
            f"{s['fresh_stream_cache_hit_rate']:.1%}"
        )
        print("where the time goes, mean us per request: " + "; ".join(f"{k} {v}" for k, v in s["stages_us"].items()))
        if "cedar_decisions" in s:
            print(f"cedar decisions: {s['cedar_decisions']}; determining policies: {s['cedar_determining_policies']}")
            print(
                f"agreement (sanctuary comply/stand_aside == cedar Allow): {s['agreement_allow']:.1%} "
                "(Cedar has no refer/partial/stand_aside and no 'unknown')"
            )
            internal = s["cedar_internal_median_us"]
            print(
                "cedar engine's own metrics, median per request in a batch: authorization "
                f"{internal['authz_duration_micros']} us, "
                f"building the request {internal['build_request_duration_micros']} us"
            )
    print()
    print("batch rows: p50/p99 over batches of the cost per decision (batch time / batch size)")
    print(
        "Sanctuary returns a full decision (outcome, per-category scope, cited reasons, obligations, en/es "
        "script, questions, trace);\nCedar returns Allow/Deny with the ids of the determining policies only."
    )


if __name__ == "__main__":
    sys.exit(main())

"""The report kinds: who each is for, the law that asks for it, whom it counts and which tables.

Each kind names its legal basis with the citation, a one-sentence paraphrase, the source read and
the confidence tag of the reference notes ([V] text read, [S] secondary source, [U] unverified).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sanctuary.model import Action, AssistKind, DataCategory, Outcome, Purpose, RequesterKind, Setting

from ._facts import CaseFact

IMMIGRATION_PURPOSES = frozenset({Purpose.CIVIL_IMMIGRATION, Purpose.CRIMINAL_IMMIGRATION})
#: Data whose release is "ICE access" under Gov. Code § 7283: release dates, addresses, check-in times.
ACCESS_DATA = frozenset(
    {
        DataCategory.RELEASE_DATE,
        DataCategory.HOME_ADDRESS,
        DataCategory.WORK_ADDRESS,
        DataCategory.SUPERVISION_SCHEDULE,
        DataCategory.CUSTODY_STATUS,
    }
)
TRANSFERRED = frozenset({Outcome.COMPLY, Outcome.PARTIAL})
#: The kinds of "ICE access" (Gov. Code § 7283) a request asks for by its action alone.
ACCESS_BY_ACTION: dict[str, str] = {
    Action.HOLD: "hold_request",
    Action.NOTIFY_RELEASE: "notification_request",
    Action.TRANSFER_CUSTODY: "transfer_request",
    Action.INTERVIEW: "interview",
}
ACCESS_TO_DATA = "release_or_address_information"
#: Every kind of access, in the order a table shows them.
ACCESS_TYPES = (*ACCESS_BY_ACTION.values(), ACCESS_TO_DATA)

SB54_SOURCE = "https://self-law.org/code/ca/government-code/7284-8"


@dataclass(frozen=True)
class Basis:
    """One provision a report answers to."""

    citation: str
    text: str
    source: str
    confidence: str


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    rows: str
    columns: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Kind:
    """A report kind: its population of cases and the tables drawn from it."""

    id: str
    title: str
    audience: str
    basis: tuple[Basis, ...]
    population_title: str
    includes: Callable[[CaseFact], bool]
    tables: tuple[TableSpec, ...]
    notes: tuple[str, ...] = ()


def is_immigration(fact: CaseFact) -> bool:
    """A request from an immigration authority, for one, or for an immigration purpose."""
    return (
        fact.requester == RequesterKind.FEDERAL_IMMIGRATION
        or fact.acting_for_immigration
        or fact.purpose in IMMIGRATION_PURPOSES
    )


def access_type(fact: CaseFact) -> str | None:
    """The kind of "ICE access" (Gov. Code § 7283) a request asks for, or None."""
    if fact.action == Action.SHARE_DATA and ACCESS_DATA.intersection(fact.data):
        return ACCESS_TO_DATA
    return ACCESS_BY_ACTION.get(fact.action)


def is_transfer(fact: CaseFact) -> bool:
    """A transfer of custody that was made (the final outcome let it go ahead, in whole or part)."""
    return fact.action == Action.TRANSFER_CUSTODY and fact.final_outcome in TRANSFERRED


def is_task_force(fact: CaseFact) -> bool:
    return fact.purpose == Purpose.TASK_FORCE or fact.assist_kind == AssistKind.JOINT_OPERATION


def is_school_request(fact: CaseFact) -> bool:
    return fact.setting == Setting.SCHOOL and is_immigration(fact)


def is_ice_access(fact: CaseFact) -> bool:
    return is_immigration(fact) and access_type(fact) is not None


BY_OUTCOME = "Final outcome: counsel's where counsel decided, otherwise the decision engine's."

KINDS: dict[str, Kind] = {
    kind.id: kind
    for kind in (
        Kind(
            id="council",
            title="Immigration-enforcement requests: report to the City Council and the Police Commission",
            audience="Los Angeles City Council; Board of Police Commissioners",
            basis=(
                Basis(
                    "L.A. Ordinance No. 188441",
                    "No city resources, property, personnel or data for federal immigration enforcement; "
                    "the ordinance's own reporting duties were not found in the public sources read.",
                    "https://spectrumnews1.com/ca/southern-california/politics/2024/12/04/"
                    "la-council-to-finalize-and-adopt--sanctuary-city--ordinance",
                    "S",
                ),
                Basis(
                    "LAPD annual report to the Police Commission",
                    "LAPD reports each year on immigration enforcement, task-force reporting requirements and "
                    "department operations (e.g. detainers received and honored).",
                    "https://www.foxla.com/news/lapd-not-enforcing-immigration-law-as-city-poised-to-become-"
                    "sanctuary-city",
                    "S",
                ),
            ),
            population_title="Requests from or for immigration authorities",
            includes=is_immigration,
            tables=(
                TableSpec("by_department", "Requests by department and outcome", "department", "outcome", BY_OUTCOME),
                TableSpec("by_action", "Requests by what was asked and outcome", "action", "outcome"),
                TableSpec(
                    "by_instrument",
                    "Requests by the paper presented and outcome",
                    "instrument",
                    "outcome",
                    "The detainer row gives detainers received and, under Complied or Complied in part, honored.",
                ),
                TableSpec("by_setting", "Requests by setting and outcome", "setting", "outcome"),
                TableSpec("by_requester", "Requests by requester and outcome", "requester", "outcome"),
            ),
        ),
        Kind(
            id="doj-transfers",
            title="Transfers to immigration authorities and the offense behind each: annual report to the "
            "California Department of Justice",
            audience="California Department of Justice",
            basis=(
                Basis(
                    "Cal. Gov. Code § 7284.6(c)(2)",
                    "Every law enforcement agency reports annually to the Department of Justice the number of "
                    "transfers under § 7284.6(a)(4) and the offense that allowed each transfer.",
                    SB54_SOURCE,
                    "V",
                ),
                Basis(
                    "Cal. Gov. Code § 7284.6(a)(4)",
                    "No transfer to immigration authorities except on a judicial warrant, a judicial "
                    "probable-cause determination, or under § 7282.5.",
                    SB54_SOURCE,
                    "V",
                ),
            ),
            population_title="Transfers of custody made (final outcome Complied or Complied in part)",
            includes=is_transfer,
            tables=(
                TableSpec(
                    "by_offense",
                    "Transfers by offense",
                    "offense",
                    "instrument",
                    "Offense: the most serious criminal-history category recorded on the request "
                    "(order in the documentation); each transfer is counted once.",
                ),
                TableSpec("by_department", "Transfers by department and offense", "department", "offense"),
            ),
        ),
        Kind(
            id="task-force",
            title="Joint task forces: annual report to the California Department of Justice",
            audience="California Department of Justice",
            basis=(
                Basis(
                    "Cal. Gov. Code § 7284.6(c)(1)",
                    "Each agency in an ongoing joint task force reports annually its purpose, the agencies "
                    "involved, the total arrests made, and the arrests for immigration enforcement purposes.",
                    SB54_SOURCE,
                    "V",
                ),
                Basis(
                    "Cal. Gov. Code § 7284.6(b)(3)",
                    "Task-force work is allowed only if its primary purpose is not immigration enforcement and "
                    "local law allows it.",
                    SB54_SOURCE,
                    "V",
                ),
            ),
            population_title="Task-force requests (stated purpose a task force operation, or a joint operation)",
            includes=is_task_force,
            tables=(
                TableSpec(
                    "by_requester", "Task-force requests by requesting agency kind and outcome", "requester", "outcome"
                ),
                TableSpec(
                    "by_action",
                    "Task-force requests by what was asked and outcome",
                    "action",
                    "outcome",
                    "The arrest row counts requests to take part in arrests.",
                ),
                TableSpec("by_purpose", "Task-force requests by stated purpose and outcome", "purpose", "outcome"),
                TableSpec("by_department", "Task-force requests by department and outcome", "department", "outcome"),
            ),
            notes=(
                "The case store records requests made to this agency and its decisions on them; the task "
                "force's own arrest totals come from the task force's records and are not counted here.",
            ),
        ),
        Kind(
            id="truth-forum",
            title="ICE access: data for the annual TRUTH Act community forum",
            audience="City Council (governing body) and the public forum",
            basis=(
                Basis(
                    "Cal. Gov. Code § 7283.1(d)",
                    "Where a local agency gave ICE access in the prior year, the governing body holds at least "
                    "one community forum a year, with 30 days' notice, and the agency reports the number of "
                    "people, dates and types of access.",
                    "https://sdcounty.legistar.com/LegislationDetail.aspx?FullText=1&GUID="
                    "23D51193-45B9-42DE-92D0-7B5D822DB8DD&ID=7316700",
                    "S",
                ),
                Basis(
                    "Cal. Gov. Code § 7283",
                    "ICE access: responding to hold, notification or transfer requests; giving release dates, "
                    "home or work addresses or check-in times; allowing an interview.",
                    "https://codes.findlaw.com/ca/government-code/gov-sect-7283/",
                    "V",
                ),
                Basis(
                    "Cal. Gov. Code § 7283.1(b)",
                    "On a hold, notification or transfer request the person gets a copy and is told whether the "
                    "agency will comply (the duty to give the person a copy, counted below).",
                    "https://self-law.org/code/ca/government-code/7283-1",
                    "V",
                ),
            ),
            population_title="Requests for ICE access (Gov. Code § 7283) from or for immigration authorities",
            includes=is_ice_access,
            tables=(
                TableSpec(
                    "by_access",
                    "ICE access requests by type and outcome",
                    "access",
                    "outcome",
                    "Access was given where the final outcome is Complied or Complied in part.",
                ),
                TableSpec("by_month", "ICE access requests by month and outcome", "month", "outcome"),
                TableSpec("by_department", "ICE access requests by department and outcome", "department", "outcome"),
            ),
            notes=(
                "Demographics of the people concerned are not kept in the case store's clear record, so they "
                "are not reported.",
            ),
        ),
        Kind(
            id="school-board",
            title="Immigration-enforcement requests at schools: superintendent's report to the board",
            audience="Governing board of the school district",
            basis=(
                Basis(
                    "Cal. Educ. Code § 234.7(b)",
                    "The superintendent reports to the governing board in a timely manner any request for "
                    "information or access to a school site by an officer or employee of a law enforcement "
                    "agency for immigration enforcement, protecting the identities of those involved.",
                    "http://www.gamutonline.net/district/santacruzcity/displayPolicy/1094077/",
                    "V",
                ),
            ),
            population_title="Immigration-enforcement requests at schools",
            includes=is_school_request,
            tables=(
                TableSpec("by_action", "School requests by what was asked and outcome", "action", "outcome"),
                TableSpec(
                    "by_instrument", "School requests by the paper presented and outcome", "instrument", "outcome"
                ),
                TableSpec("by_month", "School requests by month and outcome", "month", "outcome"),
                TableSpec(
                    "by_department",
                    "School requests by department (site or office) and outcome",
                    "department",
                    "outcome",
                ),
            ),
        ),
        Kind(
            id="transparency",
            title="Transparency report: every request recorded, how it was decided, and duties kept",
            audience="The public",
            basis=(
                Basis(
                    "Cal. Gov. Code § 7283.1(c)",
                    "Records relating to ICE access, including communications with ICE, are public records.",
                    "https://self-law.org/code/ca/government-code/7283-1",
                    "V",
                ),
                Basis(
                    "L.A. Ordinance No. 188441",
                    "No city resources, property, personnel or data for federal immigration enforcement.",
                    "https://spectrumnews1.com/ca/southern-california/politics/2024/12/04/"
                    "la-council-to-finalize-and-adopt--sanctuary-city--ordinance",
                    "S",
                ),
            ),
            population_title="All requests recorded",
            includes=lambda fact: True,
            tables=(
                TableSpec("by_department", "Requests by department and outcome", "department", "outcome", BY_OUTCOME),
                TableSpec("by_setting", "Requests by setting and outcome", "setting", "outcome"),
                TableSpec("by_requester", "Requests by requester and outcome", "requester", "outcome"),
                TableSpec("by_action", "Requests by what was asked and outcome", "action", "outcome"),
                TableSpec("by_instrument", "Requests by the paper presented and outcome", "instrument", "outcome"),
            ),
        ),
    )
}

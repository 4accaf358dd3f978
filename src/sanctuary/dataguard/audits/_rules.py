"""The audit rules: what each finding means, how serious it is, and the law it rests on.

Every rule carries at least one citation with its source and a confidence tag ([V] text read, [S]
secondary source, [U] unverified), taken from the project's reference notes; a rule without one does
not load. The first citation is the primary one (the finding's ``citation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sanctuary.model import InputError


class Severity(StrEnum):
    """high: a likely breach on the face of the row; medium: needs a person's review; low: data quality."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


@dataclass(frozen=True, slots=True)
class Citation:
    """One provision of law with where it was read and how sure we are of it."""

    citation: str
    source: str
    confidence: str

    def as_json(self) -> dict[str, str]:
        return {"citation": self.citation, "source": self.source, "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class Rule:
    """An audit rule: id (``kind.subject.what``), severity, a one-sentence meaning and its citations."""

    id: str
    kind: str
    severity: Severity
    title: str
    citations: tuple[Citation, ...]

    def __post_init__(self) -> None:
        if not self.citations:
            raise ValueError(f"audit rule {self.id} has no citation")
        for cite in self.citations:
            if cite.confidence not in {"V", "S", "U"} or not cite.source.startswith("http"):
                raise ValueError(f"audit rule {self.id}: citation {cite.citation!r} needs a source URL and V/S/U")

    @property
    def primary(self) -> Citation:
        return self.citations[0]


_CIVIL_55 = "https://california.public.law/codes/ca_civ_code_section_1798.90.55"
_CIVIL_52 = "https://california.public.law/codes/ca_civ_code_section_1798.90.52"
_GOV_7284 = "https://self-law.org/code/ca/government-code/7284-8"

SB34_SHARING = Citation("Cal. Civ. Code § 1798.90.55(b); § 1798.90.5(f)", _CIVIL_55, "V")
SB34_ACCESS_LOG = Citation("Cal. Civ. Code § 1798.90.52", _CIVIL_52, "V")
AG_BULLETIN = Citation(
    "Cal. Attorney General Information Bulletin 2023-DLE-06",
    "https://oag.ca.gov/system/files/media/2023-dle-06.pdf",
    "S",
)
SB54_RESOURCES = Citation("Cal. Gov. Code § 7284.6(a)(1)", _GOV_7284, "V")
SB54_PERSONAL_INFO = Citation("Cal. Gov. Code § 7284.6(a)(1)(D)", _GOV_7284, "V")
SB54_DATABASES = Citation("Cal. Gov. Code § 7284.8(b)", _GOV_7284, "V")
SB54_STATUS_SAVINGS = Citation("Cal. Gov. Code § 7284.6(e)", _GOV_7284, "V")
LA_DATA = Citation(
    "L.A. Ordinance No. 188441 (LA-2)",
    "https://kesq.com/news/california/2024/11/19/los-angeles-city-council-approves-sanctuaty-city-ordinance/",
    "S",
)
LA_STATUS = Citation(
    "L.A. Ordinance No. 188441 (LA-3)",
    "https://particlenews.pages.dev/story/federal-judge-dismisses-trump-lawsuit-targeting-los-angeles-sanctuary-ordinance",
    "S",
)

_RULES: tuple[Rule, ...] = (
    # ALPR (Flock-style audit exports)
    Rule(
        "alpr.reason.immigration",
        "alpr",
        Severity.HIGH,
        "The search's stated reason, offense, text prompt, case number or filters name immigration enforcement "
        "(ICE, ERO, HSI, CBP, immigration, deportation, removal order, 287(g)...).",
        (SB54_RESOURCES, SB34_ACCESS_LOG, LA_DATA),
    ),
    Rule(
        "alpr.reason.immigration_dropdown",
        "alpr",
        Severity.HIGH,
        "The search's reason or offense type is the dropdown category 'Immigration (civil/administrative)'.",
        (SB54_RESOURCES, SB34_ACCESS_LOG, LA_DATA),
    ),
    Rule(
        "alpr.requester.immigration_agency",
        "alpr",
        Severity.HIGH,
        "The searching organization is a federal immigration authority (ICE, HSI, ERO, CBP, Border Patrol, DHS); "
        "SB 34 allows access only to California public agencies.",
        (SB34_SHARING, AG_BULLETIN, SB54_PERSONAL_INFO, LA_DATA),
    ),
    Rule(
        "alpr.requester.federal",
        "alpr",
        Severity.HIGH,
        "The searching organization is a federal agency; SB 34 allows access only to California public agencies.",
        (SB34_SHARING, AG_BULLETIN),
    ),
    Rule(
        "alpr.requester.out_of_state",
        "alpr",
        Severity.HIGH,
        "The searching organization is outside California; SB 34 allows access only to California public agencies.",
        (SB34_SHARING, AG_BULLETIN),
    ),
    Rule(
        "alpr.reason.missing",
        "alpr",
        Severity.MEDIUM,
        "The search has no stated reason and no case number; every access must log its purpose.",
        (SB34_ACCESS_LOG,),
    ),
    Rule(
        "alpr.reason.vague",
        "alpr",
        Severity.MEDIUM,
        "The stated reason is too vague to show an authorized purpose ('investigation', 'inv', 'check', 'case'...) "
        "and no case number is given.",
        (SB34_ACCESS_LOG, SB54_DATABASES),
    ),
    Rule(
        "alpr.search.many_networks",
        "alpr",
        Severity.MEDIUM,
        "The search reached more networks than the threshold, i.e. a statewide or national lookup through the "
        "vendor's network, where out-of-state and federal sharing happens.",
        (SB34_SHARING, AG_BULLETIN),
    ),
    Rule(
        "alpr.reason.redacted",
        "alpr",
        Severity.LOW,
        "The stated reason is redacted ('***') in the export, so the log cannot show the purpose of the search; "
        "ask the vendor or the agency for the unredacted entry.",
        (SB34_ACCESS_LOG,),
    ),
    # Database query logs
    Rule(
        "db.purpose.immigration",
        "db",
        Severity.HIGH,
        "The query's stated purpose names immigration enforcement.",
        (SB54_RESOURCES, SB54_PERSONAL_INFO, LA_DATA),
    ),
    Rule(
        "db.account.immigration_agency",
        "db",
        Severity.HIGH,
        "The query ran for an account or recipient of a federal immigration authority (ICE, HSI, CBP, DHS).",
        (SB54_PERSONAL_INFO, LA_DATA),
    ),
    Rule(
        "db.export.bulk_federal",
        "db",
        Severity.HIGH,
        "A bulk read or export (many rows, COPY/EXPORT/UNLOAD/INTO OUTFILE) ran for a federal account or recipient.",
        (SB54_PERSONAL_INFO, SB54_DATABASES, LA_DATA),
    ),
    Rule(
        "db.query.immigration_fields",
        "db",
        Severity.MEDIUM,
        "The query reads immigration fields (country of birth, citizenship, immigration status, A-number, visa, "
        "passport...); review why: exchanging status itself is not restricted (7284.6(e)), but using city data "
        "for enforcement is.",
        (LA_STATUS, SB54_STATUS_SAVINGS),
    ),
    # Mail-gateway logs
    Rule(
        "email.recipient.immigration_agency",
        "email",
        Severity.HIGH,
        "A message went to a federal immigration authority's domain (ice.dhs.gov, cbp.dhs.gov, uscis.dhs.gov, "
        "dhs.gov...).",
        (SB54_PERSONAL_INFO, LA_DATA),
    ),
    Rule(
        "email.attachment.bulk_federal",
        "email",
        Severity.HIGH,
        "A message to a federal domain carried an attachment that looks like bulk data (a spreadsheet, database "
        "dump or archive that is large or named like an export).",
        (SB54_PERSONAL_INFO, LA_DATA),
    ),
    Rule(
        "email.subject.immigration",
        "email",
        Severity.MEDIUM,
        "The subject or an attachment name names immigration enforcement (ICE, ERO, HSI, CBP, detainer, "
        "deportation...).",
        (SB54_RESOURCES, LA_DATA),
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
KINDS = ("alpr", "db", "email")


def rules_for(kind: str) -> list[Rule]:
    """The rules that apply to one log kind, in the order they are documented."""
    return [rule for rule in _RULES if rule.kind == kind]


def check_kind(kind: str) -> None:
    """An InputError naming the log kinds, unless ``kind`` is one."""
    if kind not in KINDS:
        raise InputError(
            "--kind {kind!r} is not a log kind; use one of: {allowed}.", kind=kind, allowed=", ".join(KINDS)
        )

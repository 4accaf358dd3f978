"""The textual cues that tell the papers apart (reference: instruments.md, sections 0 and 14).

Phrases are matched fuzzily line by line, so OCR noise (broken words, swapped letters) still
matches; form numbers are matched by pattern, tolerating the usual OCR confusions (I/1/l, O/0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sanctuary.model import InstrumentType as T

JUDICIAL_TYPES = frozenset({T.JUDICIAL_WARRANT, T.JUDICIAL_PROBABLE_CAUSE, T.COURT_ORDER, T.JUDICIAL_SUBPOENA})
#: Reading an administrative paper as one of these is the costly error.
COMMANDING_TYPES = frozenset({T.JUDICIAL_WARRANT, T.JUDICIAL_PROBABLE_CAUSE, T.COURT_ORDER})


@dataclass(frozen=True)
class Cue:
    id: str
    phrases: tuple[str, ...]
    role: str  # court, federal_court, state_court, agency, eoir, title, operative, sign_judge, sign_officer, ...
    votes: tuple[tuple[T, float], ...] = ()
    cutoff: float = 88.0


def _cue(id: str, role: str, *phrases: str, votes: dict[T, float] | None = None, cutoff: float = 88.0) -> Cue:
    return Cue(id, tuple(phrases), role, tuple((votes or {}).items()), cutoff)


CUES: tuple[Cue, ...] = (
    # Who issued it: the top of the page.
    _cue("federal court caption", "federal_court", "UNITED STATES DISTRICT COURT", "U.S. DISTRICT COURT"),
    _cue(
        "state court caption",
        "state_court",
        "SUPERIOR COURT OF",
        "CIRCUIT COURT OF",
        "CIRCUIT COURT FOR",
        "SUPREME COURT OF THE STATE OF",
        "COURT OF COMMON PLEAS",
        "MUNICIPAL COURT",
        "JUDICIAL DISTRICT COURT",
        "DISTRICT COURT OF",
        "TRIAL COURT OF THE COMMONWEALTH",
        "COUNTY COURT AT LAW",
        "JUSTICE COURT",
        "FAMILY COURT",
        "PROBATE COURT",
        "THE PEOPLE OF THE STATE OF",
        "THE TRIAL COURT",
        "PROBATE AND FAMILY COURT",
        "CRIMINAL COURT OF",
        "CIVIL COURT OF",
        "COUNTY COURT",
    ),
    _cue(
        "DHS header",
        "agency",
        "DEPARTMENT OF HOMELAND SECURITY",
        "IMMIGRATION AND CUSTOMS ENFORCEMENT",
        "CUSTOMS AND BORDER PROTECTION",
        "ENFORCEMENT AND REMOVAL OPERATIONS",
        "HOMELAND SECURITY INVESTIGATIONS",
        "CITIZENSHIP AND IMMIGRATION SERVICES",
    ),
    _cue(
        "immigration court (EOIR) header",
        "eoir",
        "EXECUTIVE OFFICE FOR IMMIGRATION REVIEW",
        "UNITED STATES IMMIGRATION COURT",
        "IMMIGRATION COURT",
        "ORDER OF THE IMMIGRATION JUDGE",
        "BOARD OF IMMIGRATION APPEALS",
    ),
    _cue(
        "other agency header",
        "other_agency",
        "DEPARTMENT OF MOTOR VEHICLES",
        "MOTOR VEHICLE COMMISSION",
        "REGISTRY OF MOTOR VEHICLES",
        "INTERNAL REVENUE SERVICE",
        "DEPARTMENT OF THE TREASURY",
        "DEPARTMENT OF LABOR",
        "LABOR COMMISSIONER",
        "SOCIAL SECURITY ADMINISTRATION",
        "FRANCHISE TAX BOARD",
        "EMPLOYMENT DEVELOPMENT DEPARTMENT",
        "DEPARTMENT OF REVENUE",
        "POLICE DEPARTMENT",
        "SHERIFF'S OFFICE",
        "SHERIFF'S DEPARTMENT",
        "HIGHWAY PATROL",
        "FEDERAL BUREAU OF INVESTIGATION",
        "DRUG ENFORCEMENT ADMINISTRATION",
        cutoff=90,
    ),
    _cue(
        "NCIC record",
        "ncic",
        "IMMIGRATION VIOLATOR FILE",
        "NCIC",
        "LAW ENFORCEMENT SUPPORT CENTER",
        votes={T.NCIC_IMMIGRATION_HIT: 4},
        cutoff=90,
    ),
    _cue(
        "fax cover sheet",
        "fax",
        "FAX COVER SHEET",
        "FACSIMILE TRANSMITTAL",
        "FAX TRANSMITTAL",
        "INCLUDING COVER",
        "THIS FACSIMILE CONTAINS",
    ),
    # Titles.
    _cue(
        "title: administrative arrest warrant",
        "title",
        "WARRANT FOR ARREST OF ALIEN",
        votes={T.ADMINISTRATIVE_WARRANT: 5},
        cutoff=90,
    ),
    _cue(
        "title: warrant of removal",
        "title",
        "WARRANT OF REMOVAL/DEPORTATION",
        "WARRANT OF REMOVAL",
        votes={T.ADMINISTRATIVE_WARRANT: 5},
        cutoff=90,
    ),
    _cue(
        "title: order to detain or release",
        "title",
        "ORDER TO DETAIN OR RELEASE ALIEN",
        votes={T.ADMINISTRATIVE_WARRANT: 4},
        cutoff=90,
    ),
    _cue("title: detainer", "title", "IMMIGRATION DETAINER", votes={T.DETAINER: 5}, cutoff=90),
    _cue(
        "title: notification request",
        "title",
        "REQUEST FOR VOLUNTARY NOTIFICATION OF RELEASE",
        votes={T.NOTIFICATION_REQUEST: 6},
        cutoff=88,
    ),
    _cue("title: notice to appear", "title", "NOTICE TO APPEAR", votes={T.NOTICE_TO_APPEAR: 2}, cutoff=90),
    _cue(
        "title: immigration subpoena",
        "title",
        "IMMIGRATION ENFORCEMENT SUBPOENA",
        "SUBPOENA (TO APPEAR AND/OR PRODUCE RECORDS)",
        votes={T.ADMINISTRATIVE_SUBPOENA: 5},
        cutoff=88,
    ),
    _cue(
        "title: subpoena",
        "title",
        "SUBPOENA TO PRODUCE DOCUMENTS",
        "SUBPOENA TO TESTIFY",
        "SUBPOENA DUCES TECUM",
        "SUMMONS",
        "SUBPOENA",
        votes={T.JUDICIAL_SUBPOENA: 2, T.ADMINISTRATIVE_SUBPOENA: 2},
        cutoff=92,
    ),
    _cue(
        "title: arrest warrant",
        "title",
        "ARREST WARRANT",
        "CAPIAS",
        "COMPLAINT-WARRANT",
        "WARRANT OF ARREST",
        "WARRANT FOR ARREST",
        "BENCH WARRANT",
        votes={T.JUDICIAL_WARRANT: 3},
        cutoff=92,
    ),
    _cue(
        "title: search warrant",
        "title",
        "SEARCH AND SEIZURE WARRANT",
        "SEARCH WARRANT",
        votes={T.JUDICIAL_WARRANT: 3},
        cutoff=92,
    ),
    _cue(
        "title: probable cause",
        "title",
        "PROBABLE CAUSE DETERMINATION",
        "FINDING OF PROBABLE CAUSE",
        "DETERMINATION OF PROBABLE CAUSE",
        "JUDICIAL DETERMINATION OF PROBABLE CAUSE",
        votes={T.JUDICIAL_PROBABLE_CAUSE: 4},
        cutoff=90,
    ),
    _cue(
        "title: order",
        "title",
        "IT IS HEREBY ORDERED",
        "IT IS SO ORDERED",
        "ORDER GRANTING",
        "ORDER AFTER HEARING",
        "ORDER FOR",
        "TEMPORARY ORDER",
        "ORDER AND JUDGMENT",
        "ORDER TO SHOW CAUSE",
        "ORDER ON",
        "STIPULATED ORDER",
        "PROTECTIVE ORDER",
        votes={T.COURT_ORDER: 3},
        cutoff=92,
    ),
    _cue(
        "other immigration paper",
        "title",
        "RECORD OF DEPORTABLE/INADMISSIBLE ALIEN",
        "NOTICE OF CUSTODY DETERMINATION",
        "NOTICE OF HEARING IN REMOVAL PROCEEDINGS",
        "NOTICE TO EOIR",
        votes={T.OTHER: 4},
        cutoff=90,
    ),
    _cue(
        "title: jury summons",
        "title",
        "SUMMONS FOR JURY SERVICE",
        "JURY SUMMONS",
        "JUROR QUESTIONNAIRE",
        votes={T.OTHER: 6},
        cutoff=90,
    ),
    # What it tells the reader to do.
    _cue(
        "command to arrest and bring before a judge",
        "operative",
        "BRING BEFORE A UNITED STATES MAGISTRATE JUDGE",
        "COMMANDED TO ARREST",
        "TAKE THE DEFENDANT INTO CUSTODY",
        "BRING THE DEFENDANT BEFORE THIS COURT",
        "HAVE THE DEFENDANT BEFORE THIS COURT",
        votes={T.JUDICIAL_WARRANT: 2},
    ),
    _cue(
        "command to search",
        "operative",
        "COMMANDED TO EXECUTE THIS WARRANT",
        "COMMANDED TO SEARCH",
        "ESTABLISH PROBABLE CAUSE TO SEARCH",
        votes={T.JUDICIAL_WARRANT: 2},
    ),
    _cue(
        "command to produce",
        "operative",
        "COMMANDED TO PRODUCE",
        "COMMANDED TO APPEAR",
        "TO BE AND APPEAR",
        "TO APPEAR AND TESTIFY",
        "COMMANDED TO SUMMON",
        votes={T.JUDICIAL_SUBPOENA: 3},
    ),
    _cue(
        "probable cause found by a judge",
        "operative",
        "PROBABLE CAUSE EXISTS",
        "FINDS PROBABLE CAUSE",
        "THERE IS PROBABLE CAUSE TO BELIEVE",
        votes={T.JUDICIAL_PROBABLE_CAUSE: 2},
    ),
    _cue(
        "court's order",
        "operative",
        "IT IS HEREBY ORDERED",
        "IT IS FURTHER ORDERED",
        "IT IS SO ORDERED",
        "IT IS ORDERED",
        "ORDERED AND ADJUDGED",
        votes={T.COURT_ORDER: 3},
    ),
    _cue(
        "detainer request",
        "operative",
        "IT IS THEREFORE REQUESTED THAT YOU",
        "MAINTAIN CUSTODY OF THE ALIEN",
        "FOR A PERIOD NOT TO EXCEED 48 HOURS",
        votes={T.DETAINER: 3},
    ),
    _cue(
        "notification only",
        "operative",
        "DOES NOT REQUEST OR AUTHORIZE THAT YOU DETAIN",
        votes={T.NOTIFICATION_REQUEST: 4},
    ),
    _cue(
        "order to appear before an immigration judge",
        "operative",
        "YOU ARE ORDERED TO APPEAR BEFORE AN IMMIGRATION JUDGE",
        "REMOVAL PROCEEDINGS UNDER SECTION 240",
        votes={T.NOTICE_TO_APPEAR: 4},
    ),
    _cue(
        "arrest for removal proceedings",
        "operative",
        "TAKE INTO CUSTODY",
        "REMOVAL PROCEEDINGS",
        "IS REMOVABLE FROM THE UNITED STATES",
        votes={T.ADMINISTRATIVE_WARRANT: 1},
    ),
    _cue(
        "administrative subpoena authority",
        "operative",
        "8 U.S.C. 1225(D)",
        "SECTION 235(D)",
        "26 U.S.C. 7602",
        "26 U.S.C. 7603",
        "INTERNAL REVENUE CODE SECTION 7602",
        "GOVERNMENT CODE SECTIONS 11180",
        "GOVERNMENT CODE SECTION 11181",
        "ADMINISTRATIVE SUBPOENA",
        "ADMINISTRATIVE SUMMONS",
        votes={T.ADMINISTRATIVE_SUBPOENA: 3},
    ),
    _cue(
        "immigration law citation",
        "agency_law",
        "8 CFR 287.7",
        "SECTION 287 OF THE",
        "SECTION 236 OF THE",
        "IMMIGRATION AND NATIONALITY ACT",
        cutoff=90,
    ),
    _cue(
        "traffic or municipal citation",
        "citation",
        "VEHICLE CODE",
        "TRAFFIC",
        "CITATION NO",
        "PROMISE TO APPEAR",
        "BAIL AMOUNT",
        votes={T.OTHER: 2},
        cutoff=90,
    ),
    _cue(
        "request for cooperation",
        "letter",
        "REQUEST FOR ASSISTANCE",
        "REQUESTS YOUR COOPERATION",
        "WE REQUEST THAT YOU",
        "PLEASE PROVIDE",
        votes={T.OTHER: 1},
        cutoff=90,
    ),
    # Who signs it.
    _cue(
        "judge signature line",
        "sign_judge",
        "JUDGE'S SIGNATURE",
        "UNITED STATES MAGISTRATE JUDGE",
        "UNITED STATES DISTRICT JUDGE",
        "U.S. MAGISTRATE JUDGE",
        "U.S. DISTRICT JUDGE",
        "JUDGE OF THE SUPERIOR COURT",
        "JUDGE OF THE CIRCUIT COURT",
        "JUSTICE OF THE SUPREME COURT",
        "DISTRICT JUDGE",
        "MAGISTRATE JUDGE",
        "JUDGE PRESIDING",
        "U.S.M.J.",
        "U.S.D.J.",
        "JUSTICE OF THE",
        "CIRCUIT JUDGE",
        "ACTING JUSTICE",
        "ASSOCIATE JUSTICE",
        "SUPERIOR COURT JUDGE",
        "JUDGE OF THE",
        "SIGNATURE OF JUSTICE",
        "SIGNATURE OF JUDGE",
        "FULL OFFICIAL TITLE OF MAGISTRATE",
        "JUDICIAL OFFICER",
        "MAGISTRATE",
        "JUDGE",
        "J.S.C.",
        cutoff=90,
    ),
    _cue(
        "issuing officer signature line",
        "sign_issuing",
        "ISSUING OFFICER'S SIGNATURE",
        "SIGNATURE OF PERSON ISSUING",
        cutoff=88,
    ),
    _cue(
        "immigration officer signature line",
        "sign_officer",
        "SIGNATURE OF AUTHORIZED IMMIGRATION OFFICER",
        "AUTHORIZED IMMIGRATION OFFICER",
        "SIGNATURE OF IMMIGRATION OFFICER",
        "IMMIGRATION OFFICER",
        "DEPORTATION OFFICER",
        "FIELD OFFICE DIRECTOR",
        "SPECIAL AGENT IN CHARGE",
        "SIGNATURE AND TITLE OF ISSUING OFFICER",
        "NAME AND TITLE OF ISSUING OFFICER",
        "SIGNATURE OF ISSUING OFFICER",
        "REVENUE AGENT",
        "INVESTIGATOR",
        "HEARING OFFICER",
        cutoff=90,
    ),
    _cue(
        "clerk signature line",
        "sign_clerk",
        "SIGNATURE OF CLERK OR DEPUTY CLERK",
        "CLERK OF COURT",
        "DEPUTY CLERK",
        "CLERK OF THE COURT",
        "ASSISTANT CLERK",
        "CLERK",
        cutoff=90,
    ),
    _cue("attorney signature line", "sign_attorney", "ATTORNEY'S SIGNATURE", "ATTORNEY FOR", cutoff=90),
    _cue("immigration judge signature", "sign_ij", "IMMIGRATION JUDGE", cutoff=90),
)

FORM_TYPES: dict[str, T] = {
    "I-200": T.ADMINISTRATIVE_WARRANT,
    "I-203": T.ADMINISTRATIVE_WARRANT,
    "I-205": T.ADMINISTRATIVE_WARRANT,
    "I-247": T.DETAINER,
    "I-247A": T.DETAINER,
    "I-247D": T.DETAINER,
    "I-247X": T.DETAINER,
    "I-247N": T.NOTIFICATION_REQUEST,
    "I-138": T.ADMINISTRATIVE_SUBPOENA,
    "I-862": T.NOTICE_TO_APPEAR,
    "I-213": T.OTHER,
    "I-286": T.OTHER,
    "I-830": T.OTHER,
    "I-797": T.OTHER,
    "I-797C": T.OTHER,
    "AO 442": T.JUDICIAL_WARRANT,
    "AO 93": T.JUDICIAL_WARRANT,
    "AO 93C": T.JUDICIAL_WARRANT,
    "AO 91": T.JUDICIAL_PROBABLE_CAUSE,
    "AO 88": T.JUDICIAL_SUBPOENA,
    "AO 88A": T.JUDICIAL_SUBPOENA,
    "AO 88B": T.JUDICIAL_SUBPOENA,
    "AO 89": T.JUDICIAL_SUBPOENA,
    "AO 90": T.JUDICIAL_SUBPOENA,
    "AO 110": T.JUDICIAL_SUBPOENA,
}

# Bounded, linear patterns only (no nested quantifiers): the text is untrusted.
DHS_FORM = re.compile(r"(?<![A-Z0-9])[I1L|]\s?-\s?(138|200|203|205|213|247|286|797|830|862)\s?([ACDNX])?(?![0-9])")
AO_FORM = re.compile(r"(?<![A-Z0-9])A[O0]\s?-?\s?(442|93|91|88|89|90|110)\s?([ABC])?(?![0-9])")
EDITION = re.compile(r"\([0-9]{1,2}/[0-9]{2}\)")
HONORABLE = re.compile(r"(?:^|\s)HON(?:ORABLE|\.)\s{1,3}[A-Z]")
SIGNED_MARK = re.compile(r"(?:^|\s)/?S/\s{0,3}[A-Z][A-Z.'\- ]{2,60}")
NAME_LIKE = re.compile(r"[A-Z][A-Z.'\-]{1,30}(?: [A-Z][A-Z.'\-]{0,30}){1,4}")
CASE_NUMBER = re.compile(
    r"(?:CASE|FILE|DOCKET|SUBPOENA|EVENT|WARRANT|CITATION)\s{0,2}(?:NO\.?|NUMBER|NUM\.?|#)\s{0,2}:?\s{0,3}"
    r"([A-Z0-9][A-Z0-9:\-./]{2,30}(?: [0-9][0-9\-]{1,12}){0,3})"
)
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "JANUARY",
            "FEBRUARY",
            "MARCH",
            "APRIL",
            "MAY",
            "JUNE",
            "JULY",
            "AUGUST",
            "SEPTEMBER",
            "OCTOBER",
            "NOVEMBER",
            "DECEMBER",
        ]
    )
}
DATE_NUMERIC = re.compile(r"(?<![0-9])([01]?[0-9])/([0-3]?[0-9])/((?:19|20)?[0-9]{2})(?![0-9])")
DATE_ISO = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})-([01][0-9])-([0-3][0-9])(?![0-9])")
DATE_WORDS = re.compile(
    r"(JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
    r"\s{1,3}([0-3]?[0-9])(?:ST|ND|RD|TH)?,?\s{1,3}((?:19|20)[0-9]{2})"
)

# -- signatures ---------------------------------------------------------------------------------------
#: E-signatures as extracted text shows them: "/s/ Name", "Digitally signed by Name",
#: "Electronically signed by Name" (the name may follow on the next line).
E_SIGNED = re.compile(
    r"(?:(?:^|\s)/?S/\s{0,3}(?P<slash>[A-Z][A-Z.'\- ]{2,60})"
    r"|(?:DIGITALLY|ELECTRONICALLY)\s{1,3}SIGNED(?:\s{1,3}BY)?:?\s{0,3}(?P<by>[A-Z][A-Z.'\- ]{2,60})?"
    r"|SIGNED\s{1,3}ELECTRONICALLY(?:\s{1,3}BY)?:?\s{0,3}(?P<after>[A-Z][A-Z.'\- ]{2,60})?)"
)
SO_ORDERED = re.compile(r"(?:^|\s)(?:IT IS )?SO ORDERED")
#: Words that make a line a caption, a date or a form field, never a signer's name.
NOT_A_NAME = re.compile(
    r"\b(?:SIGNATURE|SIGNED|PRINTED|TITLE|JUDGE|JUSTICE|CLERK|COURT|MAGISTRATE|ATTORNEY|OFFICER|DIRECTOR|AGENT|"
    r"DATE|DATED|ORDERED|SEAL|ATTEST|COUNTY|STATE|NAME|ISSUED|SUBPOENA|WARRANT|DEPUTY|BY|OR|AND|FOR|OF|THE|TO|"
    r"SEE|ATTACHMENT|PAGE|IN|AT|ON|IS|DAY)\b|[0-9]"
)
#: Captions of the return or service part of a form: whoever signs there did not issue the paper.
RETURN_CAPTION = re.compile(
    r"EXECUTING|ARRESTING|TAKING PRINT|SERVER|SERVED BY|RECEIVED BY|FINGERPRINTED|ALIEN BEING|"
    r"OF DEFENDANT|OF RESPONDENT|OF WITNESS|OF PERSON SERVED|OF APPLICANT|OF AFFIANT|OF CONSENTING"
)
#: Titles in a signature block, most specific first: who put their name to the paper.
SIGNER_TITLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"IMMIGRATION JUDGE"), "officer"),
    (re.compile(r"CLERK"), "clerk"),
    (re.compile(r"ATTORNEY|\bAUSA\b|\bESQ\b|COUNSEL FOR|PROSECUTOR"), "attorney"),
    (re.compile(r"MAGISTRATE|U\.?S\.?M\.?J\b"), "magistrate"),
    (
        re.compile(r"JUDGE|JUSTICE|\bJ\.?S\.?C\b|\bJ\.?F\.?C\b|U\.?S\.?D\.?J\b|JUDICIAL OFFICER"),
        "judge",
    ),
    (re.compile(r"OFFICER|DIRECTOR|AGENT|INSPECTOR|COMMISSIONER|SUPERVISOR"), "officer"),
)

# -- which state's court ------------------------------------------------------------------------------
STATES: dict[str, str] = {
    "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO",
    "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC", "FLORIDA": "FL", "GEORGIA": "GA",
    "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL", "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS",
    "KENTUCKY": "KY", "LOUISIANA": "LA", "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA",
    "MICHIGAN": "MI", "MINNESOTA": "MN", "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT",
    "NEBRASKA": "NE", "NEVADA": "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM",
    "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK",
    "OREGON": "OR", "PENNSYLVANIA": "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD",
    "TENNESSEE": "TN", "TEXAS": "TX", "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA", "WASHINGTON": "WA",
    "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY",
}  # fmt: skip
#: Court names that say their state without naming it.
STATE_HINTS: dict[str, str] = {
    "CITY OF NEW YORK": "NY",
    "TRIAL COURT OF THE COMMONWEALTH": "MA",
    "BOSTON MUNICIPAL COURT": "MA",
    "COOK COUNTY": "IL",
}
STATE_NAME = re.compile(
    r"(?<![A-Z])("
    + "|".join(sorted((re.escape(s) for s in [*STATES, *STATE_HINTS]), key=len, reverse=True))
    + r")(?![A-Z])"
)

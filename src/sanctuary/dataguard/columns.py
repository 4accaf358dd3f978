"""Which data category a column holds: by its header, then by what a sample of its values contains.

Headers are matched token by token (``home_address_line1``, ``HomeAddress``, ``Home Address`` all
give the tokens home, address, line1) against synonyms per category, the longest match winning, so
``email_address`` is contact information and not a home address, and ``template`` is not a plate.
A column no synonym names, whose sampled values hold no identifier, is ``other_personal``: a gate
that does not know what a column is treats it as personal data.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa

from sanctuary.model import DataCategory

from .detectors import detect_array, is_text
from .recognizers import IDENTIFIER_KINDS, KIND_CATEGORY

C = DataCategory

#: Header synonyms per category, as lower-case token joins (no spaces, underscores or hyphens).
HEADER_SYNONYMS: dict[DataCategory, tuple[str, ...]] = {
    C.IMMIGRATION_STATUS: (
        "immigrationstatus",
        "legalstatus",
        "visastatus",
        "visatype",
        "visaclass",
        "visa",
        "anumber",
        "anum",
        "alienumber",
        "aliennumber",
        "alienno",
        "alienregistrationnumber",
        "aliennum",
        "uscisnumber",
        "i94",
        "i94number",
        "admissionnumber",
        "sevis",
        "sevisid",
        "receiptnumber",
        "uscisreceipt",
        "dacastatus",
        "daca",
        "tps",
        "asylumstatus",
        "residencystatus",
        "documentationstatus",
        "undocumented",
        "immigrationhold",
        "detainer",
        "fins",
        "finsnumber",
        "immigration",
        "statusinus",
        "classofadmission",
        "visanumber",
        "visafoil",
        "visafoilnumber",
        "greencard",
        "greencardnumber",
        "workpermit",
        "eadnumber",
    ),
    C.CITIZENSHIP: (
        "citizenship",
        "citizen",
        "nationality",
        "countryofcitizenship",
        "uscitizen",
        "citizenshipstatus",
        "passport",
        "passportnumber",
        "passportno",
        "passportcountry",
        "naturalized",
        "naturalizationdate",
    ),
    C.PLACE_OF_BIRTH: (
        "placeofbirth",
        "pob",
        "birthplace",
        "countryofbirth",
        "birthcountry",
        "birthcity",
        "cityofbirth",
        "nativecountry",
        "countryoforigin",
        "stateofbirth",
        "birthstate",
    ),
    C.HOME_ADDRESS: (
        "address",
        "addr",
        "street",
        "streetaddress",
        "homeaddress",
        "residence",
        "residentialaddress",
        "mailingaddress",
        "addressline",
        "address1",
        "address2",
        "addressline1",
        "addressline2",
        "zip",
        "zipcode",
        "postalcode",
        "apartment",
        "aptnumber",
        "lastknownaddress",
        "currentaddress",
    ),
    C.WORK_ADDRESS: ("workaddress", "employeraddress", "employer", "workplace", "jobsite", "businessaddress"),
    C.CONTACT_INFO: (
        "phone",
        "phonenumber",
        "telephone",
        "tel",
        "mobile",
        "cell",
        "cellphone",
        "email",
        "emailaddress",
        "contact",
        "contactinfo",
        "fax",
        "homephone",
        "workphone",
    ),
    C.ASSOCIATES: (
        "associates",
        "knownassociates",
        "emergencycontact",
        "relatives",
        "spouse",
        "parentname",
        "guardian",
        "guardianname",
        "householdmembers",
        "nextofkin",
    ),
    C.RELEASE_DATE: ("releasedate", "expectedrelease", "releasedatetime", "outdate", "projectedrelease"),
    C.CUSTODY_STATUS: ("custodystatus", "incustody", "custody", "bookingstatus", "housinglocation", "inmatestatus"),
    C.SUPERVISION_SCHEDULE: (
        "supervisionschedule",
        "probationappointment",
        "checkin",
        "checkindate",
        "nextappointment",
        "reportingdate",
    ),
    C.CRIMINAL_HISTORY: (
        "criminalhistory",
        "priors",
        "charges",
        "charge",
        "offense",
        "offenses",
        "conviction",
        "convictions",
        "arrestcharge",
        "rapsheet",
        "ciinumber",
        "fbinumber",
        "bookingcharge",
    ),
    C.EDUCATION_RECORD: (
        "grade",
        "grades",
        "gpa",
        "transcript",
        "attendance",
        "studentid",
        "schoolid",
        "iep",
        "discipline",
        "course",
        "courses",
        "enrollment",
        "testscore",
        "gradelevel",
    ),
    C.DIRECTORY_INFORMATION: ("directoryinformation",),
    C.MEDICAL: (
        "diagnosis",
        "medical",
        "medication",
        "medications",
        "health",
        "healthcondition",
        "allergies",
        "disability",
        "icd10",
        "treatment",
        "mrn",
    ),
    C.SOGI: (
        "gender",
        "genderidentity",
        "sexualorientation",
        "pronouns",
        "chosenname",
        "preferredname",
        "lgbtq",
        "sogi",
        "sex",
        "genderexpression",
    ),
    C.ALPR: ("plate", "licenseplate", "platenumber", "lpr", "alpr", "plateread", "camera", "cameraname", "vin"),
    C.BIOMETRICS: (
        "fingerprint",
        "fingerprints",
        "biometric",
        "biometrics",
        "photo",
        "faceimage",
        "mugshot",
        "iris",
        "dna",
        "palmprint",
    ),
    C.OTHER_PERSONAL: (
        "name",
        "firstname",
        "lastname",
        "fullname",
        "middlename",
        "dob",
        "dateofbirth",
        "birthdate",
        "age",
        "ssn",
        "socialsecurity",
        "socialsecuritynumber",
        "driverslicense",
        "dl",
        "idnumber",
        "race",
        "ethnicity",
        "language",
        "primarylanguage",
        "notes",
        "note",
        "narrative",
        "comments",
    ),
    C.AGGREGATE_NONPERSONAL: ("count", "total", "sum", "average", "mean", "rate", "percent", "percentage"),
}

_SYNONYM_CATEGORY: dict[str, DataCategory] = {
    synonym: category for category, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms
}
assert len(_SYNONYM_CATEGORY) == sum(len(s) for s in HEADER_SYNONYMS.values()), "a synonym is listed twice"

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")

#: A column is an identifier column when at least this share of its sampled values is one identifier.
IDENTIFIER_SHARE = 0.3
#: ... or free text when its sampled values average at least this many characters and have spaces.
FREE_TEXT_LENGTH = 24


def header_tokens(name: str) -> list[str]:
    """``HomeAddress_line1`` → ``['home', 'address', 'line1']``."""
    return [t.lower() for t in _SPLIT.split(_CAMEL.sub(" ", name[:200])) if t]


def classify_header(name: str) -> DataCategory | None:
    """The category a header names, or None; the longest run of tokens that is a synonym wins."""
    tokens = header_tokens(name)
    best: tuple[int, DataCategory] | None = None
    for i in range(len(tokens)):
        for j in range(i + 1, min(len(tokens), i + 6) + 1):
            joined = "".join(tokens[i:j])
            category = _SYNONYM_CATEGORY.get(joined)
            if category is not None and (best is None or len(joined) > best[0]):
                best = (len(joined), category)
    return best[1] if best else None


@dataclass
class ColumnClass:
    """What a column was found to hold, and how it was found."""

    name: str
    category: DataCategory
    classified_by: str  # "header", "content" or "default"
    free_text: bool = False
    kinds_seen: Counter[str] = field(default_factory=Counter)

    @property
    def categories_seen(self) -> set[DataCategory]:
        """Categories revealed by what the sample contains (a status word in a notes column)."""
        return {KIND_CATEGORY[kind] for kind in self.kinds_seen}


def classify_column(name: str, values: pa.Array | pa.ChunkedArray | None) -> ColumnClass:
    """Classify one column by header and, for text columns, by a sample of its values."""
    by_header = classify_header(name)
    kinds: Counter[str] = Counter()
    identifier_values: Counter[str] = Counter()
    free_text = False
    if values is not None and is_text(values.type):
        texts = [v for v in values.to_pylist() if v]
        for found in detect_array(pa.array(texts, pa.string())):
            kinds[found.kind] += 1
            if found.kind in IDENTIFIER_KINDS and (found.end - found.start) >= 0.6 * len(texts[found.row].strip()):
                identifier_values[found.kind] += 1
        if texts:
            average = sum(len(t) for t in texts) / len(texts)
            spaced = sum(1 for t in texts if " " in t.strip()) / len(texts)
            free_text = average >= FREE_TEXT_LENGTH and spaced >= 0.5
        if not by_header and identifier_values:
            kind, count = identifier_values.most_common(1)[0]
            if count >= IDENTIFIER_SHARE * max(1, len(texts)):
                return ColumnClass(name, KIND_CATEGORY[kind], "content", free_text, kinds)
    if by_header is not None:
        return ColumnClass(name, by_header, "header", free_text, kinds)
    return ColumnClass(name, DataCategory.OTHER_PERSONAL, "default", free_text, kinds)

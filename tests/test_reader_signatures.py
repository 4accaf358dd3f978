"""The reader's cues for who issued a paper and who signed it, one small paper at a time."""

from __future__ import annotations

import pytest

from sanctuary.documents import read_text
from sanctuary.model import InstrumentType, IssuedBy, Issuer

COL = " " * 48


def federal_order(signature: list[str], caption: str = "United States District Judge") -> str:
    lines = [
        "UNITED STATES DISTRICT COURT",
        "for the",
        "Southern District of New York",
        "",
        "ANA RUIZ, Petitioner, v. WARDEN, Respondent.          Case No. 25-cv-01234",
        "",
        "ORDER GRANTING PETITION",
        "",
        "      IT IS HEREBY ORDERED that the respondent shall produce the records within fourteen days.",
        "",
        "      IT IS SO ORDERED.",
        "",
        *signature,
        f"{COL}{caption}" if caption else "",
    ]
    return "\n".join(lines) + "\n"


def ao93(mark: str | None, *, extra: tuple[str, ...] = ()) -> str:
    lines = [
        "AO 93 (Rev. 11/13) Search and Seizure Warrant",
        "UNITED STATES DISTRICT COURT",
        "for the",
        "Northern District of California",
        "",
        "In the Matter of the Search of 1234 Larkspur Avenue          Case No. 3:25-mj-00042",
        "",
        "SEARCH AND SEIZURE WARRANT",
        "",
        "To:      Any authorized law enforcement officer",
        "      YOU ARE COMMANDED to execute this warrant on or before March 1, 2025 (not to exceed 14 days)",
        "",
        *extra,
    ]
    if mark is not None:
        lines.append(f"Date and time issued:  02/15/2025 3:12 p.m.   {mark}")
    lines += [
        f"{COL}Judge's signature",
        "",
        f"City and state:  San Francisco, California      {' ' * 0}Harriet Ashcombe, U.S. Magistrate Judge",
        f"{COL}Printed name and title",
    ]
    return "\n".join(lines) + "\n"


# -- e-signatures ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "signature",
    [
        [f"{COL}/s/ Harriet Ashcombe"],
        [f"{COL}s/ Harriet Ashcombe"],
        [f"{COL}Digitally signed by Harriet Ashcombe", f"{COL}Date: 2025.03.04 10:22:31 -08'00'"],
        [f"{COL}Electronically signed by Harriet Ashcombe", f"{COL}on 03/04/2025 at 10:22:31"],
        [f"{COL}Electronically signed", f"{COL}Harriet Ashcombe"],
        [f"{COL}HARRIET ASHCOMBE"],
    ],
    ids=["slash", "s-slash", "digital", "electronic-by", "electronic-name-below", "typed-name"],
)
def test_e_signatures_over_a_judges_caption_are_signatures(signature: list[str]):
    reading = read_text(federal_order(signature), home_state="CA")
    assert reading.type is InstrumentType.COURT_ORDER
    assert reading.signed is True
    assert reading.signed_by_judge is True
    assert reading.issued_by is IssuedBy.JUDGE
    assert reading.signer == "Harriet Ashcombe"
    assert reading.signer_title == "United States District Judge"
    assert any(e.cue.startswith("signature (") for e in reading.evidence)


def test_so_ordered_over_the_judges_name_is_a_signature():
    text = federal_order([f"{COL}Dated: March 4, 2025", ""], caption="Hon. Harriet Ashcombe, U.S.D.J.")
    text = text.replace("      IT IS SO ORDERED.", "SO ORDERED.")
    reading = read_text(text, home_state="CA")
    assert reading.signed is True
    assert reading.signed_by_judge is True
    assert reading.issued_by is IssuedBy.JUDGE
    assert reading.signer == "Harriet Ashcombe"


def test_so_ordered_without_a_judges_name_is_not_a_signature():
    reading = read_text(federal_order([], caption="United States District Judge"), home_state="CA")
    assert reading.signed is None
    assert reading.signed_by_judge is None
    assert reading.issued_by is IssuedBy.UNKNOWN


def test_the_signature_sits_above_the_judges_signature_caption():
    reading = read_text(ao93("V. Ravenscroft"), home_state="CA")
    assert reading.signed is True
    assert reading.signed_by_judge is True
    assert reading.issued_by is IssuedBy.MAGISTRATE  # from the printed name and title under it
    assert reading.signer == "V. Ravenscroft"
    assert reading.signer_title == "Judge's signature"


def test_ocr_running_the_date_and_the_signature_into_one_line_still_reads_the_name():
    text = ao93(None).replace(
        f"{COL}Judge's signature", "Date and time issued: 01/20/2024 6:48 p.m. Marcus K. Sedgwick\nJudge's signature"
    )
    reading = read_text(text, home_state="CA")
    assert reading.signed is True
    assert reading.signer == "Marcus K. Sedgwick"
    assert reading.signed_by_judge is True


def test_the_caption_is_never_taken_for_the_signers_name():
    reading = read_text(ao93(None), home_state="CA")
    assert reading.signer is None
    assert reading.signed is not True
    assert reading.signed_by_judge is not True
    assert reading.issued_by is IssuedBy.UNKNOWN


def test_a_blank_rule_over_the_caption_is_unsigned():
    reading = read_text(ao93("______________________________"), home_state="CA")
    assert reading.signed is False
    assert reading.signed_by_judge is False
    assert reading.issued_by is IssuedBy.UNKNOWN
    assert any("blank" in w for w in reading.warnings)


def test_prose_to_the_left_of_a_caption_is_not_a_signature():
    prose = (
        "warrant, must prepare an inventory and promptly return this warrant and",
        "inventory to Harriet Ashcombe .",
    )
    reading = read_text(ao93("/s/ Harriet Ashcombe", extra=prose), home_state="CA")
    assert reading.signer == "Harriet Ashcombe"


def test_a_clerks_caption_resembling_a_judges_is_a_clerks():
    text = "\n".join(
        [
            "IN THE CIRCUIT COURT OF THE ELEVENTH JUDICIAL CIRCUIT IN AND FOR MIAMI-DADE COUNTY, FLORIDA",
            "",
            "SUBPOENA DUCES TECUM",
            "",
            "      YOU ARE COMMANDED to appear and produce the records described below.",
            "",
            f"{COL}PRESTON OKONJO",
            f"{COL}CLERK OF THE CIRCUIT COURT",
            "",
            f"{COL}Vernon Hartigan",
            f"{COL}By: Deputy Clerk",
        ]
    )
    reading = read_text(text, home_state="CA")
    assert reading.type is InstrumentType.JUDICIAL_SUBPOENA
    assert reading.issued_by is IssuedBy.CLERK
    assert reading.signed_by_judge is False
    assert reading.issuer_kind is Issuer.STATE_COURT_ELSEWHERE
    assert reading.court_state == "FL"


AO88B = """AO 88B (Rev. 02/14) Subpoena to Produce Documents, Information, or Objects
UNITED STATES DISTRICT COURT
for the
Central District of California

SUBPOENA TO PRODUCE DOCUMENTS, INFORMATION, OR OBJECTS

To: Custodian of Records, City of Ashford
      YOU ARE COMMANDED to produce at the time, date, and place set forth below the following documents.

Date:  01/16/2025
                 CLERK OF COURT
                 {clerk:<34}OR   {attorney}
                 Signature of Clerk or Deputy Clerk        Attorney's signature
"""


def test_an_attorney_signed_court_subpoena_is_issued_by_the_attorney():
    text = AO88B.format(clerk="______________________________", attorney="/s/ Douglas Holloway-Price")
    reading = read_text(text, home_state="CA")
    assert reading.type is InstrumentType.JUDICIAL_SUBPOENA
    assert reading.issuer_kind is Issuer.FEDERAL_COURT
    assert reading.issued_by is IssuedBy.ATTORNEY
    assert reading.signer == "Douglas Holloway-Price"
    assert reading.signed_by_judge is False
    assert any("clerk or an attorney" in w for w in reading.warnings)


def test_a_clerk_issued_court_subpoena_is_issued_by_the_clerk():
    text = AO88B.format(clerk="/s/ Dorian Pemberton", attorney="______________________________")
    reading = read_text(text, home_state="CA")
    assert reading.issued_by is IssuedBy.CLERK
    assert reading.signer == "Dorian Pemberton"
    assert reading.signed_by_judge is False


# -- issuers -----------------------------------------------------------------------------------------

STATE_WARRANT = """{court}
{county}

ARREST WARRANT

{people}, to any peace officer:
      A complaint having been made before me, YOU ARE THEREFORE COMMANDED to arrest the defendant
and bring the defendant before this court.

Issued: 03/02/2025                              /s/ Lydia Corliss
                                                Judge of the Superior Court
"""


@pytest.mark.parametrize(
    ("court", "county", "people", "state"),
    [
        (
            "SUPERIOR COURT OF THE STATE OF CALIFORNIA",
            "COUNTY OF FRESNO",
            "THE PEOPLE OF THE STATE OF CALIFORNIA",
            "CA",
        ),
        ("SUPREME COURT OF THE STATE OF NEW YORK", "COUNTY OF KINGS", "THE PEOPLE OF THE STATE OF NEW YORK", "NY"),
        ("IN THE SUPERIOR COURT OF THE STATE OF ARIZONA", "IN AND FOR THE COUNTY OF PIMA", "STATE OF ARIZONA", "AZ"),
        ("TRIAL COURT OF THE COMMONWEALTH", "BOSTON MUNICIPAL COURT", "THE COMMONWEALTH", "MA"),
        ("IN THE DISTRICT COURT OF HARRIS COUNTY, TEXAS", "", "THE STATE OF TEXAS", "TX"),
    ],
)
def test_a_state_courts_state_is_read_and_compared_with_the_home_state(court, county, people, state):
    text = STATE_WARRANT.format(court=court, county=county, people=people)
    here = read_text(text, home_state=state)
    assert here.type is InstrumentType.JUDICIAL_WARRANT
    assert here.court_state == state
    assert here.issuer_kind is Issuer.STATE_COURT_HERE
    assert here.signed_by_judge is True
    assert here.federal is False
    elsewhere = read_text(text, home_state="NV")
    assert elsewhere.issuer_kind is Issuer.STATE_COURT_ELSEWHERE
    assert "another state" in elsewhere.verdict
    assert "do not obstruct" not in elsewhere.verdict
    unknown = read_text(text, home_state=None)
    assert unknown.issuer_kind is Issuer.UNKNOWN
    assert unknown.court_state == state
    assert unknown.federal is None


def test_a_state_court_whose_state_cannot_be_read_is_unknown():
    text = STATE_WARRANT.format(court="MUNICIPAL COURT", county="", people="THE PEOPLE")
    reading = read_text(text, home_state="CA")
    assert reading.issuer_kind is Issuer.UNKNOWN
    assert reading.court_state is None
    assert any("which state" in w for w in reading.warnings)


def test_a_federal_court_is_federal_whatever_the_home_state():
    reading = read_text(federal_order([f"{COL}/s/ Harriet Ashcombe"]), home_state="NY")
    assert reading.issuer_kind is Issuer.FEDERAL_COURT
    assert reading.court_state is None
    assert reading.federal is True


EOIR = """UNITED STATES DEPARTMENT OF JUSTICE
EXECUTIVE OFFICE FOR IMMIGRATION REVIEW
IMMIGRATION COURT

In the Matter of: ANA RUIZ                         File No.: A999-123-456
            Respondent                             IN REMOVAL PROCEEDINGS

ORDER OF THE IMMIGRATION JUDGE

      IT IS HEREBY ORDERED that the respondent be removed from the United States to Mexico.

{signature}
"""


@pytest.mark.parametrize(
    "signature",
    [
        f"Date: 03/04/2025{' ' * 32}/s/ Ruth Mapplethorpe\n{COL}Immigration Judge",
        f"{COL}Digitally signed by Ruth Mapplethorpe\n{COL}Date: 2025.03.04 10:22:31 -05'00'\n{COL}Immigration Judge",
        f"SO ORDERED.\n\n{COL}RUTH MAPPLETHORPE\n{COL}Immigration Judge",
    ],
    ids=["slash", "digital", "so-ordered"],
)
def test_an_immigration_judges_e_signed_order_is_never_judicial(signature: str):
    reading = read_text(EOIR.format(signature=signature), home_state="CA")
    assert reading.type is InstrumentType.OTHER
    assert reading.issuer_kind is Issuer.IMMIGRATION_COURT
    assert reading.issued_by is IssuedBy.OFFICER
    assert reading.signed_by_judge is False
    assert reading.federal is False
    assert any("immigration judge is not a court" in w for w in reading.warnings)


I200 = """U.S. DEPARTMENT OF HOMELAND SECURITY
U.S. Immigration and Customs Enforcement
WARRANT FOR ARREST OF ALIEN
                                                File No. A999123456
To: Any immigration officer authorized to serve warrants of arrest for immigration violations
      YOU ARE COMMANDED to arrest and take into custody for removal proceedings under the Immigration
and Nationality Act, the above-named alien.

Date: 03/04/2025                                Digitally signed by Conrad Kittredge
                                                Date: 2025.03.04 10:22:31 -07'00'
                                                (Signature of Authorized Immigration Officer)
                                                Conrad Kittredge, Deportation Officer
Form I-200 (Rev. 09/16)
"""


def test_an_ice_officers_digital_signature_is_an_officers():
    reading = read_text(I200, home_state="CA")
    assert reading.type is InstrumentType.ADMINISTRATIVE_WARRANT
    assert reading.issuer_kind is Issuer.IMMIGRATION_AGENCY
    assert reading.issued_by is IssuedBy.OFFICER
    assert reading.signer == "Conrad Kittredge"
    assert reading.signed is True
    assert reading.signed_by_judge is False


IRS = """Summons
Department of the Treasury - Internal Revenue Service
In the matter of: ANA RUIZ
To: Payroll Records Custodian, City of Ashford
      You are hereby summoned and required to appear before Revenue Agent Harriet Ashcombe, to give testimony
and to produce for examination the following books and records, under 26 U.S.C. 7602.

                                                /s/ Harriet Ashcombe
                                                Signature of issuing officer
                                                Revenue Agent
Form 2039 (Rev. 10-2010)
"""


def test_an_irs_summons_is_another_agencys_subpoena():
    reading = read_text(IRS, home_state="CA")
    assert reading.type is InstrumentType.ADMINISTRATIVE_SUBPOENA
    assert reading.issuer_kind is Issuer.OTHER_AGENCY
    assert reading.issued_by is IssuedBy.OFFICER
    assert reading.signed_by_judge is False
    assert "agency's administrative subpoena" in reading.verdict
    assert "counsel" in reading.verdict


def test_a_dmv_letter_is_another_agencys_request():
    text = (
        "STATE OF CALIFORNIA\nDEPARTMENT OF MOTOR VEHICLES\nINVESTIGATIONS DIVISION\n\n"
        "      We request that you provide any records of the person named. Please provide the records.\n\n"
        f"{COL}Harriet Ashcombe\n{COL}Special Investigator\n"
    )
    reading = read_text(text, home_state="CA")
    assert reading.type is InstrumentType.OTHER
    assert reading.issuer_kind is Issuer.OTHER_AGENCY
    assert reading.signed_by_judge is False


def test_a_judge_and_an_officer_both_signing_lowers_confidence():
    extra = [f"{COL}/s/ Conrad Kittredge", f"{COL}Deportation Officer", ""]
    reading = read_text(federal_order([*extra, f"{COL}/s/ Harriet Ashcombe"]), home_state="CA")
    assert reading.type is InstrumentType.COURT_ORDER
    assert reading.confidence <= 0.6
    assert any("Both a judge and an officer" in w for w in reading.warnings)

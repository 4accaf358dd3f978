#!/usr/bin/env python3
"""Generate the labeled test corpus for the document reader (``sanctuary read``).

Every document is fictitious. People, judges, officers, case and file numbers, streets and phone
numbers come from the word lists and number patterns below: phone numbers use the 555-01xx range,
A-numbers start with 9 (a range not issued), and no name belongs to a real person on purpose. Court
and agency names are real institutions, because those are the cues the reader must learn.

The layouts follow the project's reference notes on instruments (``instruments.md``): AO 442 and
AO 93 warrants, state arrest, search and bench warrants, court orders, the AO 88-series and state
subpoenas, DHS forms I-138, I-200, I-205, I-247A/D/N and I-862, NCIC Immigration Violator File
printouts, and the look-alikes (EOIR papers, I-213, I-286, ICE letters, business cards, consent
forms, police citations titled "Notice to Appear", fax cover sheets, unrelated court notices).

Run from the repository root::

    .venv/bin/python tests/corpus/generate.py           # (re)create tests/corpus/documents/
    .venv/bin/python tests/corpus/generate.py --check   # verify labels, sizes and OCR cues

The output is deterministic: every document has its own seed, derived from its file name.
Pillow, fpdf2 and the DejaVu fonts are needed only to regenerate, never at test time.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import random
import re
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sanctuary.model import InstrumentType, IssuedBy, Issuer

HERE = Path(__file__).resolve().parent
OUT = HERE / "documents"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MASTER_SEED = "sanctuary-corpus-v1"
FIXED_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
MAX_BINARY = 300_000
MAX_TOTAL = 8_000_000
#: The corpus is labeled as read by a clerk in California: a state court there is ``state_court_here``.
HOME_STATE = "CA"

#: Every paper type a reading can name; "none" (no paper) labels no file.
LABELS = tuple(kind.value for kind in InstrumentType if kind is not InstrumentType.NONE)
KINDS = {"txt": ".txt", "png": ".png", "scan": ".pdf", "pdf": ".pdf"}
KIND_NAMES = {
    "txt": "plain text (.txt)",
    "png": "photo (.png, OCR path)",
    "scan": "image-only scanned PDF (.pdf, OCR path)",
    "pdf": "text-layer PDF (.pdf, fpdf2)",
}

# --------------------------------------------------------------------------------------------
# Word lists (fictitious combinations)
# --------------------------------------------------------------------------------------------

GIVEN = (
    "Ana", "Luis", "Mei", "Tomasz", "Amara", "Diego", "Farah", "Kofi", "Lucia", "Nikolai", "Priya",
    "Jorge", "Rosa", "Yusuf", "Hana", "Mateo", "Ines", "Carlos", "Teresa", "Samuel", "Ngozi",
    "Arturo", "Leticia", "Omar", "Beatriz", "Wilmer", "Dania", "Esteban", "Marisol", "Thi", "Quang",
    "Ivan", "Elena", "Rafael", "Soledad", "Bilal", "Aylin", "Gustavo", "Maribel", "Emeka",
    "Yesenia", "Hector", "Camila", "Jun", "Alma", "Fernando", "Nadia", "Rigoberto", "Oksana", "Tariq",
)  # fmt: skip
FAMILY = (
    "Arrieta", "Benavides", "Castellanos", "Duarte", "Echeverria", "Figueroa", "Galeano", "Hurtado",
    "Ibarra", "Jaramillo", "Kowalczyk", "Lindqvist", "Marroquin", "Nakashima", "Oyelaran", "Pacheco",
    "Quiroga", "Rendon", "Salcedo", "Tavares", "Umana", "Valderrama", "Wojcik", "Yepes", "Zuniga",
    "Mbeki-Osei", "Trinh", "Haddad", "Okafor", "Petrenko", "Villalobos", "Cienfuegos", "Amadi",
    "Ochoa", "Velez", "Bermudez", "Szabo", "Quintanilla", "Barahona", "Lemus", "Funes", "Cardenal",
)  # fmt: skip
FEMININE = frozenset(
    [
        "Ana",
        "Mei",
        "Amara",
        "Farah",
        "Lucia",
        "Priya",
        "Rosa",
        "Hana",
        "Ines",
        "Teresa",
        "Ngozi",
        "Leticia",
        "Beatriz",
        "Dania",
        "Marisol",
        "Thi",
        "Elena",
        "Soledad",
        "Aylin",
        "Maribel",
        "Yesenia",
        "Camila",
        "Alma",
        "Nadia",
        "Oksana",
    ]
)


def sex_of(name: str) -> str:
    return "F" if name.split()[0] in FEMININE else "M"


OFFICIAL_GIVEN = (
    "Harriet", "Desmond", "Colleen", "Everett", "Miriam", "Raymond", "Lorraine", "Theodore",
    "Gwendolyn", "Phillip", "Rosalind", "Vernon", "Adele", "Marcus", "Beverly", "Warren", "Imogen",
    "Clifford", "Patrice", "Douglas", "Simone", "Russell", "Noreen", "Franklin", "Judith", "Conrad",
    "Lydia", "Preston", "Celeste", "Howard", "Yvonne", "Dorian", "Maureen", "Stellan", "Ruth",
)  # fmt: skip
OFFICIAL_FAMILY = (
    "Ashcombe", "Brightwater", "Calloway", "Delacourt", "Ellingsworth", "Fairbairn", "Greaves",
    "Holloway-Price", "Ingersoll", "Jessup", "Kittredge", "Lockhart", "Merriweather", "Northcott",
    "Ogilvie", "Pemberton", "Quimby", "Ravenscroft", "Sedgwick", "Thackeray", "Underhill",
    "Vossberg", "Whitcombe", "Yardley", "Abernethy", "Bramwell", "Corliss", "Dunmore", "Ellery",
    "Gresham", "Hartigan", "Mapplethorpe", "Okonjo", "Rutledge-Moss", "Saltonstall", "Tremaine",
)  # fmt: skip
STREETS = (
    "Larkspur Avenue", "Quince Hollow Road", "Tamarack Street", "Bellwether Lane", "Copperleaf Drive",
    "Marigold Court", "Ashgrove Boulevard", "Fennimore Street", "Wrenfield Avenue", "Osprey Way",
    "Juniper Terrace", "Halberd Street", "Linden Crest Road", "Mallow Place", "Saltmarsh Drive",
    "Brambleton Avenue", "Kestrel Street", "Thistledown Lane", "Cobalt Street", "Pennywhistle Road",
)  # fmt: skip
COUNTRIES = (
    ("Mexico", "MX"), ("Guatemala", "GT"), ("Honduras", "HO"), ("El Salvador", "ES"),
    ("Venezuela", "VE"), ("Colombia", "CO"), ("Ecuador", "EC"), ("Haiti", "HA"), ("Nigeria", "NI"),
    ("Ukraine", "UP"), ("Philippines", "RP"), ("Vietnam", "VM"), ("Brazil", "BR"), ("Peru", "PE"),
)  # fmt: skip


@dataclass(frozen=True)
class District:
    name: str
    city: str
    state: str
    division: int
    county: str


DISTRICTS = {
    "cdca": District("Central District of California", "Los Angeles", "California", 2, "Los Angeles"),
    "sdca": District("Southern District of California", "San Diego", "California", 3, "San Diego"),
    "ndca": District("Northern District of California", "San Francisco", "California", 3, "San Francisco"),
    "edca": District("Eastern District of California", "Fresno", "California", 1, "Fresno"),
    "ndil": District("Northern District of Illinois", "Chicago", "Illinois", 1, "Cook"),
    "sdtx": District("Southern District of Texas", "McAllen", "Texas", 7, "Hidalgo"),
    "wdtx": District("Western District of Texas", "El Paso", "Texas", 3, "El Paso"),
    "wdwa": District("Western District of Washington", "Seattle", "Washington", 2, "King"),
    "sdny": District("Southern District of New York", "New York", "New York", 1, "New York"),
    "edny": District("Eastern District of New York", "Brooklyn", "New York", 1, "Kings"),
    "dma": District("District of Massachusetts", "Boston", "Massachusetts", 1, "Suffolk"),
    "sdfl": District("Southern District of Florida", "Miami", "Florida", 1, "Miami-Dade"),
    "daz": District("District of Arizona", "Tucson", "Arizona", 4, "Pima"),
    "dco": District("District of Colorado", "Denver", "Colorado", 1, "Denver"),
    "dnj": District("District of New Jersey", "Newark", "New Jersey", 2, "Essex"),
    "ndga": District("Northern District of Georgia", "Atlanta", "Georgia", 1, "Fulton"),
    "dor": District("District of Oregon", "Portland", "Oregon", 3, "Multnomah"),
    "edpa": District("Eastern District of Pennsylvania", "Philadelphia", "Pennsylvania", 2, "Philadelphia"),
}
# ICE field offices (city, state abbreviation, area code); street addresses are invented per document.
FIELD_OFFICES = (
    ("Los Angeles", "CA", "213"), ("San Francisco", "CA", "415"), ("San Diego", "CA", "619"),
    ("Chicago", "IL", "312"), ("Houston", "TX", "281"), ("San Antonio", "TX", "210"),
    ("Seattle", "WA", "206"), ("New York", "NY", "212"), ("Boston", "MA", "617"), ("Miami", "FL", "954"),
    ("Phoenix", "AZ", "602"), ("Denver", "CO", "720"), ("Newark", "NJ", "973"), ("Atlanta", "GA", "404"),
)  # fmt: skip
OFFENSES_FED = (
    ("8 U.S.C. § 1326(a) and (b)(1)", "Reentry of a removed alien"),
    ("8 U.S.C. § 1326(a)", "Illegal reentry after removal"),
    ("8 U.S.C. § 1324(a)(1)(A)(ii)", "Transportation of certain aliens"),
    ("21 U.S.C. §§ 841(a)(1), 846", "Conspiracy to distribute a controlled substance"),
    ("18 U.S.C. § 1343", "Wire fraud"),
    ("18 U.S.C. § 922(g)(1)", "Felon in possession of a firearm"),
    ("18 U.S.C. § 1546(a)", "Fraud and misuse of visas, permits, and other documents"),
    ("18 U.S.C. § 2113(a)", "Bank robbery"),
)
IMMIGRATION_CRIMES = (
    ("8 U.S.C. § 1326(a)", "Reentry of removed alien"),
    ("8 U.S.C. § 1326(a) and (b)(2)", "Reentry of removed alien after aggravated felony conviction"),
    ("8 U.S.C. § 1325(a)(1)", "Improper entry by alien"),
    ("8 U.S.C. § 1324(a)(1)(A)(ii)", "Transportation of illegal aliens"),
)
BOXES = (("☒", "☐"), ("[X]", "[ ]"), ("☑", "☐"), ("(X)", "( )"), ("■", "□"))


# --------------------------------------------------------------------------------------------
# Per-document context: the seeded random generator plus layout habits of that document
# --------------------------------------------------------------------------------------------


class Ctx:
    """One document's random source and layout choices (line width, check boxes, header case)."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.width = rng.choice((84, 88, 92, 96, 100))
        self.on, self.off = rng.choice(BOXES)
        self.upper = rng.random() < 0.55
        self.sigcol = rng.choice((44, 48, 52, 56))
        self.field_office: tuple[str, str, str] = rng.choice(FIELD_OFFICES)

    # random picks -------------------------------------------------------------------------
    def pick(self, seq: Sequence[Any]) -> Any:
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def digits(self, n: int) -> str:
        return "".join(str(self.r.randrange(10)) for _ in range(n))

    def name(self) -> str:
        given = self.pick(GIVEN)
        family = self.pick(FAMILY)
        if self.chance(0.3):
            family = f"{family}-{self.pick(FAMILY)}" if "-" not in family else family
        elif self.chance(0.25):
            given = f"{given} {self.pick(GIVEN)}"
        return f"{given} {family}"

    def official(self, middle: bool = True) -> str:
        mid = f" {chr(65 + self.r.randrange(26))}." if middle and self.chance(0.7) else ""
        return f"{self.pick(OFFICIAL_GIVEN)}{mid} {self.pick(OFFICIAL_FAMILY)}"

    def street(self) -> str:
        return f"{self.r.randrange(100, 9899)} {self.pick(STREETS)}"

    def phone(self, area: str | None = None) -> str:
        area = area or str(self.r.randrange(201, 989))
        return f"({area}) 555-01{self.r.randrange(10, 99)}"

    def a_number(self) -> str:
        d = "9" + self.digits(8)
        return self.pick((f"A{d}", f"A {d[:3]}-{d[3:6]}-{d[6:]}", f"A{d[:3]} {d[3:6]} {d[6:]}", f"{d}"))

    def country(self) -> tuple[str, str]:
        return self.pick(COUNTRIES)

    def day(self, lo: str = "2024-01-02", hi: str = "2026-02-27") -> dt.date:
        a, b = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
        return a + dt.timedelta(days=self.r.randrange((b - a).days))

    def dob(self) -> dt.date:
        return self.day("1962-01-01", "2004-12-31")

    # layout -------------------------------------------------------------------------------
    def box(self, on: bool) -> str:
        return self.on if on else self.off

    def hdr(self, text: str) -> str:
        return text.upper() if self.upper else text

    def center(self, text: str) -> str:
        return text.center(self.width).rstrip()

    def wrap(self, text: str, indent: str = "", first: str | None = None) -> list[str]:
        width = self.width - self.r.randrange(0, 6)
        return textwrap.wrap(
            " ".join(text.split()),
            width=width,
            initial_indent=indent if first is None else first,
            subsequent_indent=indent,
            break_on_hyphens=False,
        ) or [""]

    def two(self, left: str, right: str, col: int | None = None) -> str:
        col = col or self.sigcol
        if len(left) >= col:
            return f"{left}   {right}".rstrip()
        return f"{left.ljust(col)}{right}".rstrip()

    def sig(self, mark: str | None, label: str, left: str = "") -> list[str]:
        """A signature line: the mark ('/s/ Name', a written name, or a blank rule) over its label."""
        shown = mark if mark else "_" * self.r.randrange(26, 38)
        return [self.two(left, shown), self.two("", label)]


def us(d: dt.date) -> str:
    return d.strftime("%m/%d/%Y")


def long(d: dt.date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_date(x: Ctx, d: dt.date) -> str:
    return x.pick((us(d), long(d), d.strftime("%m/%d/%y"), d.strftime("%d %b %Y").upper()))


def signed_mark(x: Ctx, who: str, electronic: float = 0.5) -> str:
    """How a signature shows up in extracted text: '/s/ Name', 's/ Name', or the written name."""
    if x.chance(electronic):
        return x.pick(("/s/ ", "s/ ", "/S/ ")) + who
    parts = who.split()
    scrawl = (
        parts[0][0] + parts[-1][0] + re.sub(r"[aeiouy-]", "", parts[-1][1:].lower())
    )  # a hurried hand, as OCR reads it
    return x.pick((who, f"{parts[0][0]}. {parts[-1]}", f"{parts[-1]}", scrawl))


@dataclass
class Built:
    """A document's pages (each a list of lines) and the facts the label row records."""

    pages: list[list[str]]
    signed_by_judge: bool | None = None
    federal: bool | None = None
    notes: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    stamp: str | None = None
    mono: bool = False
    issuer: str | None = None  # an Issuer value, or "state:XX" for a state court (here or elsewhere per HOME_STATE)
    issued_by: str | None = None  # an IssuedBy value


# --------------------------------------------------------------------------------------------
# Federal courts
# --------------------------------------------------------------------------------------------


def fed_case(x: Ctx, d: District, kind: str, year: int) -> str:
    yy = year % 100
    n = x.r.randrange(11, 2400)
    initials = "".join(chr(65 + x.r.randrange(26)) for _ in range(x.pick((2, 3))))
    styles = {
        "mj": (
            f"{d.division}:{yy}-mj-{n:05d}",
            f"{yy}-mj-{n:04d}-{initials}",
            f"{yy} MAG {n:04d}",
            f"M-{yy}-{n:04d}-M",
        ),
        "cr": (f"{d.division}:{yy}-cr-{n:05d}-{initials}", f"{yy} CR {n:03d}", f"{yy}-cr-{n:05d}"),
        "cv": (f"{d.division}:{yy}-cv-{n:05d}-{initials}", f"{yy}-cv-{n:05d}", f"{yy} Civ. {n:04d} ({initials})"),
        "mc": (f"{d.division}:{yy}-mc-{n:05d}", f"{yy}-mc-{n:04d}-{initials}"),
        "gj": (f"GJ {year}-{x.r.randrange(1, 9)}", f"Grand Jury {yy}-{x.r.randrange(1, 4)}"),
    }
    return x.pick(styles[kind])


def fed_court_lines(x: Ctx, d: District) -> list[str]:
    court = x.pick(("UNITED STATES DISTRICT COURT", "UNITED STATES DISTRICT COURT", "United States District Court"))
    if x.chance(0.7):
        return [x.center(court), x.center("for the"), x.center(d.name)]
    return [x.center(court), x.center(f"for the {d.name}")]


def caption(x: Ctx, left: list[str], right: str) -> list[str]:
    """A caption box: the parties on the left, parentheses, the case number on the right."""
    col = max(len(s) for s in left) + 6
    col = min(max(col, 40), 58)
    mid = len(left) // 2
    out = []
    for i, s in enumerate(left):
        tail = f"   {right}" if i == mid else ""
        out.append(f"{s.ljust(col)}){tail}".rstrip())
    return out


def ecf_header(x: Ctx, case: str, doc: int, filed: dt.date, page: int, total: int) -> str:
    return f"Case {case}   Document {doc}   Filed {filed:%m/%d/%y}   Page {page} of {total}"


def ao442(
    x: Ctx,
    *,
    district: str,
    signer: str = "magistrate",
    crime: tuple[str, str] | None = None,
    page2: bool = False,
    cut_after_offense: bool = False,
) -> Built:
    """AO 442 arrest warrant. signer: magistrate | district_judge | clerk | unsigned."""
    d = DISTRICTS[district]
    issued = x.day()
    defendant = x.name()
    statute, description = crime or x.pick(OFFENSES_FED)
    kind = "cr" if signer in ("clerk", "district_judge") else "mj"
    case = fed_case(x, d, kind, issued.year)
    basis = {"magistrate": "Complaint", "unsigned": "Complaint", "clerk": "Indictment"}.get(
        signer, "Supervised Release Violation Petition"
    )
    if signer == "clerk" and x.chance(0.4):
        basis = "Superseding Indictment"
    judge = x.official()
    clerk = x.official(middle=False)
    lines = ["AO 442 (Rev. 11/11) Arrest Warrant", ""]
    lines += fed_court_lines(x, d)
    lines += [""]
    lines += caption(x, ["United States of America", "v.", "", defendant, "", "Defendant"], f"Case No. {case}")
    lines += ["", x.center("ARREST WARRANT"), "", "To:      Any authorized law enforcement officer", ""]
    lines += x.wrap(
        "YOU ARE COMMANDED to arrest and bring before a United States magistrate judge without unnecessary "
        f"delay (name of person to be arrested) {defendant} ,",
        first="      ",
    )
    lines += x.wrap("who is accused of an offense or violation based on the following document filed with the court:")
    lines.append("")
    opts1 = ["Indictment", "Superseding Indictment", "Information", "Superseding Information", "Complaint"]
    opts2 = ["Probation Violation Petition", "Supervised Release Violation Petition", "Violation Notice"]
    opts2.append("Order of the Court")
    lines.append("   ".join(f"{x.box(o == basis)} {o}" for o in opts1))
    lines.append("   ".join(f"{x.box(o == basis)} {o}" for o in opts2))
    lines += ["", "This offense is briefly described as follows:"]
    lines += x.wrap(f"{description}, in violation of {statute}.", indent="    ")
    lines.append("")
    if cut_after_offense:
        return Built(
            [lines],
            None,
            True,
            ["partial copy: bottom of page cut off, signature not visible"],
            issuer="federal_court",
            issued_by="unknown",
        )
    if signer == "magistrate":
        mark, printed = signed_mark(x, judge), x.pick((f"{judge}, U.S. Magistrate Judge", f"Hon. {judge}, U.S.M.J."))
    elif signer == "district_judge":
        mark, printed = signed_mark(x, judge), f"{judge}, United States District Judge"
    elif signer == "clerk":
        mark = x.pick((f"s/ {clerk}, Deputy Clerk", f"/s/ {clerk}", f"{clerk}"))
        printed = x.pick((f"{clerk}, Deputy Clerk", "CLERK OF COURT", f"{x.official()}, Clerk of Court"))
    else:
        mark, printed = None, x.pick((f"{judge}, U.S. Magistrate Judge", ""))
    lines += x.sig(mark, "Issuing officer's signature", left=f"Date:   {us(issued)}")
    lines.append("")
    lines += x.sig(printed or None, "Printed name and title", left=f"City and state:  {d.city}, {d.state}")
    lines += ["", x.center("Return"), ""]
    lines += x.wrap(
        "This warrant was received on (date) ____________ , and the person was arrested on (date) "
        "____________ at (city and state) ______________________ .",
        first="      ",
    )
    lines += ["", x.two("Date: __________", "______________________________")]
    lines += [x.two("", "Arresting officer's signature"), "", x.two("", "______________________________")]
    lines += [x.two("", "Printed name and title")]
    pages = [lines]
    if page2:
        dob = x.dob()
        p2 = [
            "AO 442 (Rev. 11/11) Arrest Warrant (Page 2)",
            "",
            x.center("This second page contains personal identifiers"),
        ]
        p2 += [x.center("provided for law-enforcement use only"), x.center("(Not for Public Disclosure)"), ""]
        p2 += [
            f"Name of defendant/offender:  {defendant}",
            f"Known aliases:  {x.name().split()[0]} {defendant.split()[-1]}",
        ]
        p2 += [f"Last known residence:  {x.street()}, {d.city}", f"Date of birth:  {us(dob)}"]
        p2 += [
            f"Place of birth:  {x.country()[0]}",
            f"Height:  5'{x.r.randrange(2, 11)}\"    Weight:  {x.r.randrange(120, 230)} lbs",
        ]
        p2 += [f"FBI number:  {x.digits(6)}{x.pick(('AB', 'KC', 'XD'))}{x.digits(1)}", ""]
        agency = x.pick(("Homeland Security Investigations", "U.S. Border Patrol", "Federal Bureau of Investigation"))
        p2 += [f"Investigative agency and address:  {agency}, {x.street()}, {d.city}, {d.state}", ""]
        p2 += ["Date of last contact:  ____________"]
        pages.append(p2)
    sbj = signer in ("magistrate", "district_judge")
    notes = {"clerk": ["AO 442 on indictment signed by deputy clerk"], "unsigned": ["unsigned: signature line blank"]}
    cues = ["UNITED STATES DISTRICT COURT", "ARREST WARRANT", "Issuing officer's signature"]
    who = {"magistrate": "magistrate", "district_judge": "judge", "clerk": "clerk"}.get(signer, "unknown")
    return Built(pages, sbj, True, notes.get(signer, []), cues, issuer="federal_court", issued_by=who)


def ao93(x: Ctx, *, district: str, signed: bool = True, telephone: bool = False, attachments: bool = True) -> Built:
    d = DISTRICTS[district]
    issued = x.day()
    case = fed_case(x, d, "mj", issued.year)
    judge = x.official()
    place = f"{x.street()}, {x.pick(('Apt. 2', 'Unit B', 'Suite 110', ''))} {d.city}, {d.state}".replace("  ", " ")
    vehicle = x.pick(("Honda Accord", "Ford F-150", "Toyota Sienna"))
    plate = f"{x.digits(1)}{x.pick(('ABC', 'KTR', 'WXM'))}{x.digits(3)}"
    subject = x.pick(
        (
            [f"The premises located at {place},", "more fully described in Attachment A"],
            [f"A black {vehicle} bearing license plate", f"{plate}, as described in Attachment A"],
            ["One Apple iPhone in the custody of", f"Homeland Security Investigations, {d.city}, {d.state}"],
        )
    )
    lines = ["AO 93 (Rev. 11/13) Search and Seizure Warrant", ""]
    lines += fed_court_lines(x, d)
    lines += [""]
    left = [
        "In the Matter of the Search of",
        "(Briefly describe the property to be searched",
        " or identify the person by name and address)",
    ]
    lines += caption(x, [*left, "", *subject], f"Case No. {case}")
    title = "SEARCH AND SEIZURE WARRANT"
    if telephone:
        title = "WARRANT BY TELEPHONE OR OTHER RELIABLE ELECTRONIC MEANS"
    lines += ["", x.center(title), "", "To:      Any authorized law enforcement officer", ""]
    lines += x.wrap(
        "An application by a federal law enforcement officer or an attorney for the government requests the search "
        f"of the following person or property located in the {d.name.replace('District of ', 'District of ')} "
        "(identify the person or describe the property to be searched and give its location):",
        first="      ",
    )
    lines += ["      See Attachment A, incorporated here by reference." if attachments else f"      {place}", ""]
    lines += x.wrap(
        "I find that the affidavit(s), or any recorded testimony, establish probable cause to search and seize the "
        "person or property described above, and that such search will reveal (identify the person or describe the "
        "property to be seized):",
        first="      ",
    )
    lines += [
        "      See Attachment B." if attachments else "      Records and devices as described in the affidavit.",
        "",
    ]
    until = issued + dt.timedelta(days=x.r.randrange(7, 15))
    lines += x.wrap(
        f"YOU ARE COMMANDED to execute this warrant on or before {long(until)} (not to exceed 14 days)", first="      "
    )
    day = x.chance(0.8)
    lines.append(
        f"   {x.box(day)} in the daytime 6:00 a.m. to 10:00 p.m.   {x.box(not day)} at any time in the day or night"
    )
    lines.append("      because good cause has been established.")
    lines.append("")
    lines += x.wrap(
        "Unless delayed notice is authorized below, you must give a copy of the warrant and a receipt for the property "
        "taken to the person from whom, or from whose premises, the property was taken, or leave the copy and receipt "
        "at the place where the property was taken.",
        first="      ",
    )
    lines += x.wrap(
        "The officer executing this warrant, or an officer present during the execution of the warrant, must prepare "
        "an inventory as required by law and promptly return this warrant and inventory to "
        f"{judge if x.chance(0.6) else 'the duty magistrate judge'} .",
        first="      ",
    )
    lines.append(x.two("", "(United States Magistrate Judge)"))
    lines += x.wrap(
        f"{x.off} Pursuant to 18 U.S.C. § 3103a(b), I find that immediate notification may have an adverse result "
        "listed in 18 U.S.C. § 2705 (except for delay of trial), and authorize the officer executing this warrant to "
        "delay notice to the person who, or whose property, will be searched or seized (check the appropriate box)",
        first="   ",
    )
    lines.append(
        f"   {x.off} for ____ days (not to exceed 30)   {x.off} until, the facts justifying, the later specific "
        "date of ______ ."
    )
    lines.append("")
    when = f"{us(issued)}  {x.r.randrange(1, 12)}:{x.r.randrange(0, 60):02d} {x.pick(('a.m.', 'p.m.'))}"
    mark = signed_mark(x, judge) if signed else None
    lines += x.sig(mark, "Judge's signature", left=f"Date and time issued:  {when}")
    lines.append("")
    printed = f"{judge}, {x.pick(('U.S. Magistrate Judge', 'United States Magistrate Judge'))}"
    lines += x.sig(printed, "Printed name and title", left=f"City and state:  {d.city}, {d.state}")
    pages = [lines]
    p2 = ["AO 93 (Rev. 11/13) Search and Seizure Warrant (Page 2)", "", x.center("Return"), ""]
    p2 += [
        f"Case No.: {case}     Date and time warrant executed:              Copy of warrant and inventory left with:"
    ]
    p2 += [
        "Inventory made in the presence of :",
        "Inventory of the property taken and name(s) of any person(s) seized:",
        "",
        "",
        "",
    ]
    p2 += [x.center("Certification"), ""]
    p2 += x.wrap(
        "I declare under penalty of perjury that this inventory is correct and was returned along with the original "
        "warrant to the designated judge.",
        first="      ",
    )
    p2 += ["", x.two("Date: __________", "______________________________"), x.two("", "Executing officer's signature")]
    p2 += ["", x.two("", "______________________________"), x.two("", "Printed name and title")]
    pages.append(p2)
    if attachments:
        pa = [x.center("ATTACHMENT A"), x.center("Property to Be Searched"), ""]
        pa += x.wrap(
            f"The property to be searched is {' '.join(subject)}, including all rooms, closets and containers."
        )
        pa += ["", x.center("ATTACHMENT B"), x.center("Property to Be Seized"), ""]
        pa += x.wrap(
            "All records, documents and electronic devices that constitute evidence, fruits or instrumentalities of "
            f"violations of {x.pick(OFFENSES_FED)[0]}, for the period January 1, {issued.year - 2} to the present, "
            "seized and searched in the manner authorized by Fed. R. Crim. P. 41(e)(2)(B)."
        )
        pages.append(pa)
    notes = [] if signed else ["unsigned: Judge's signature line blank"]
    if telephone:
        notes.append("issued by telephone (Fed. R. Crim. P. 4.1)")
    return Built(pages, signed, True, notes, ["UNITED STATES DISTRICT COURT", title, "Judge's signature"])


def ao91_complaint(x: Ctx, *, district: str, finding: bool = True) -> Built:
    """AO 91 criminal complaint sworn before a magistrate judge, with a probable-cause finding."""
    d = DISTRICTS[district]
    issued = x.day()
    case = fed_case(x, d, "mj", issued.year)
    defendant = x.name()
    judge = x.official()
    statute, description = x.pick(IMMIGRATION_CRIMES)
    agent = x.official(middle=False)
    agent_title = x.pick(("Border Patrol Agent", "Deportation Officer, ICE ERO", "Special Agent, HSI"))
    offense_day = issued - dt.timedelta(days=x.r.randrange(1, 20))
    lines = ["AO 91 (Rev. 11/11) Criminal Complaint", ""]
    lines += fed_court_lines(x, d)
    lines += [""]
    lines += caption(x, ["United States of America", "v.", "", defendant, "", "Defendant(s)"], f"Case No. {case}")
    lines += ["", x.center("CRIMINAL COMPLAINT"), ""]
    lines += x.wrap(
        "I, the complainant in this case, state that the following is true to the best of my knowledge and belief.",
        first="      ",
    )
    lines += x.wrap(
        f"On or about the date(s) of {long(offense_day)} in the county of {d.county} "
        f"in the {d.name}, the defendant(s) violated:"
    )
    lines += ["", "      Code Section                         Offense Description"]
    lines += [f"      {statute.ljust(37)}{description}", ""]
    lines += ["      This criminal complaint is based on these facts:"]
    removed = long(x.day("2015-01-01", "2023-06-30"))
    facts = {
        "1326": f"a citizen of {x.country()[0]}, who had been removed from the United States on or about {removed} and "
        "who was found in the United States without having obtained the consent of the Secretary of Homeland Security "
        "to reapply for admission.",
        "1325": f"a citizen of {x.country()[0]}, who admitted entering the United States at a place other than a "
        "designated port of entry, without inspection by an immigration officer.",
        "1324": f"who was driving a vehicle carrying {x.r.randrange(3, 9)} passengers who admitted being present "
        "in the "
        "United States unlawfully, knowing or in reckless disregard of that fact.",
    }
    fact = next(v for k, v in facts.items() if k in statute)
    lines += x.wrap(
        f"On {long(offense_day)}, {agent_title.split(',')[0]}s encountered the defendant, {fact} See attached "
        "affidavit.",
        indent="      ",
    )
    lines += ["", f"      {x.on} Continued on the attached sheet.", ""]
    lines += x.sig(f"/s/ {agent}", "Complainant's signature")
    lines += x.sig(f"{agent}, {agent_title}", "Printed name and title")
    lines.append("")
    lines.append(
        x.pick(
            (
                "Sworn to before me and signed in my presence.",
                "Attested to by the applicant in accordance with the requirements of Fed. R. Crim. P. 4.1 by "
                "telephone.",
            )
        )
    )
    if finding:
        lines.append("")
        lines += x.wrap(
            "FINDING OF PROBABLE CAUSE: On the basis of the complaint and the affidavit, I find that there is probable "
            "cause to believe that an offense has been committed and that the defendant committed it. Fed. R. Crim. "
            "P. 4(a). The defendant's arrest is authorized."
        )
    lines.append("")
    lines += x.sig(signed_mark(x, judge), "Judge's signature", left=f"Date:   {us(issued)}")
    lines.append("")
    lines += x.sig(
        f"Hon. {judge}, U.S. Magistrate Judge", "Printed name and title", left=f"City and state:  {d.city}, {d.state}"
    )
    cues = ["UNITED STATES DISTRICT COURT", "CRIMINAL COMPLAINT", "Judge's signature"]
    return Built([lines], True, True, [f"complaint-based arrest authorization, {statute}"], cues)


def pc_order(x: Ctx, *, district: str, ecf: bool = True) -> Built:
    """Order finding probable cause and authorizing arrest (federal criminal immigration offense)."""
    d = DISTRICTS[district]
    issued = x.day()
    case = fed_case(x, d, "mj", issued.year)
    defendant = x.name()
    judge = x.official()
    statute, description = x.pick(IMMIGRATION_CRIMES)
    agent = x.official(middle=False)
    lines = [ecf_header(x, case, x.r.randrange(2, 9), issued, 1, 1), ""] if ecf else []
    lines += fed_court_lines(x, d)
    lines += [""]
    lines += caption(
        x,
        [
            "UNITED STATES OF AMERICA,",
            "",
            "            Plaintiff,",
            "      v.",
            "",
            f"{defendant.upper()},",
            "",
            "            Defendant.",
        ],
        f"Case No. {case}",
    )
    title = x.pick(
        (
            "ORDER FINDING PROBABLE CAUSE AND AUTHORIZING ARREST",
            "JUDICIAL DETERMINATION OF PROBABLE CAUSE",
            "ORDER ON PROBABLE CAUSE (Fed. R. Crim. P. 4)",
        )
    )
    lines += ["", x.center(title), ""]
    lines += x.wrap(
        "The Court has reviewed the sworn criminal complaint and the supporting affidavit of "
        f"{x.pick(('Border Patrol Agent', 'Deportation Officer', 'Special Agent'))} "
        f"{agent}, submitted on {long(issued)}.",
        first="      ",
    )
    lines += [""]
    lines += x.wrap(
        f"Upon that review, the Court FINDS that there is probable cause to believe that the defendant, {defendant}, "
        f"committed the offense of {description.lower()}, in violation of {statute}.",
        first="      ",
    )
    lines += [""]
    lines += x.wrap(
        "Accordingly, the arrest of the defendant is AUTHORIZED. Any authorized law enforcement officer may arrest the "
        "defendant, who shall be brought before a United States Magistrate Judge without unnecessary delay, as "
        "provided in Fed. R. Crim. P. 4 and 5.",
        first="      ",
    )
    lines += ["", x.two(f"Dated: {long(issued)}", "")]
    lines += x.sig(signed_mark(x, judge, electronic=0.7), f"{x.pick(('HON. ', ''))}{judge.upper()}")
    lines.append(x.two("", x.pick(("United States Magistrate Judge", "UNITED STATES MAGISTRATE JUDGE"))))
    cues = ["UNITED STATES DISTRICT COURT", title.split(" (")[0], "Magistrate Judge"]
    return Built([lines], True, True, ["magistrate's probable-cause order, criminal immigration offense"], cues)


def pc_warrantless(x: Ctx, *, district: str) -> Built:
    """Probable-cause determination after a warrantless arrest (Gerstein / Rule 5(b))."""
    d = DISTRICTS[district]
    arrest = x.day()
    case = fed_case(x, d, "mj", arrest.year)
    person = x.name()
    judge = x.official()
    statute, description = x.pick(IMMIGRATION_CRIMES)
    arresting = x.official(middle=False)
    lines = [*fed_court_lines(x, d), ""]
    lines += caption(x, ["UNITED STATES OF AMERICA", "", "      v.", "", person.upper()], f"Magistrate No. {case}")
    lines += [
        "",
        x.center("PROBABLE CAUSE DETERMINATION"),
        x.center("(Warrantless Arrest — Fed. R. Crim. P. 5(b))"),
        "",
    ]
    lines += x.wrap(
        f"The arrestee named above was arrested without a warrant on {long(arrest)} at approximately "
        f"{x.r.randrange(1, 12)}:{x.r.randrange(0, 60):02d} by "
        f"{x.pick(('U.S. Border Patrol', 'Homeland Security Investigations', 'Enforcement and Removal Operations'))} "
        ""
        f"Agent {arresting}. The undersigned United States Magistrate Judge has reviewed the sworn statement of "
        "probable cause submitted with the complaint, in accordance with Gerstein v. Pugh, 420 U.S. 103 (1975), "
        "and County of Riverside v. McLaughlin, 500 U.S. 44 (1991).",
        first="      ",
    )
    lines += [""]
    lines.append(f"   {x.on} Probable cause EXISTS to believe that the arrestee committed the offense(s) of:")
    lines.append(f"          {description}, {statute}")
    lines.append(f"   {x.off} Probable cause DOES NOT EXIST; the arrestee shall be released forthwith.")
    lines += [""]
    lines += x.wrap(
        "The arrestee shall be held to answer and brought before a magistrate judge for an initial appearance "
        "without unnecessary delay.",
        first="      ",
    )
    lines += [""]
    when = arrest + dt.timedelta(days=x.r.randrange(0, 2))
    lines += x.sig(
        signed_mark(x, judge),
        "United States Magistrate Judge",
        left=f"Date/time: {us(when)} {x.r.randrange(1, 12)}:{x.r.randrange(0, 60):02d}",
    )
    lines.append(x.two("", judge))
    cues = ["UNITED STATES DISTRICT COURT", "PROBABLE CAUSE DETERMINATION", "United States Magistrate Judge"]
    return Built([lines], True, True, ["warrantless-arrest probable-cause finding by a federal magistrate"], cues)


def fed_order(x: Ctx, *, district: str, topic: str, judge_kind: str = "district", partial: bool = False) -> Built:
    """A federal court order (CM/ECF header, caption, ORDER, IT IS HEREBY ORDERED, judge's signature)."""
    d = DISTRICTS[district]
    filed = x.day()
    judge = x.official()
    title_judge = "United States District Judge" if judge_kind == "district" else "United States Magistrate Judge"
    sheriff = f"{x.official(middle=False)}, Sheriff of {x.pick(('Ashford', 'Larkin', 'Greer', 'Moreland'))} County"
    person = x.name()
    if topic == "ice_subpoena":
        case = fed_case(x, d, "mc", filed.year)
        left = [
            "U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT,",
            "",
            "            Petitioner,",
            "      v.",
            "",
            f"{sheriff.upper()},",
            "",
            "            Respondent.",
        ]
        title = "ORDER GRANTING PETITION TO ENFORCE IMMIGRATION ENFORCEMENT SUBPOENAS"
        body = [
            "This matter is before the Court on the Petition of U.S. Immigration and Customs Enforcement (ICE) to "
            "enforce "
            f"{x.pick(('two', 'three', 'four'))} administrative subpoenas (Form I-138) served on Respondent under "
            "section 235(d)(4) "
            "of the Immigration and Nationality Act, 8 U.S.C. § 1225(d)(4), and 8 C.F.R. § 287.4. Respondent "
            "declined to "
            "comply, noting that the subpoenas were not issued by a court. The Court has jurisdiction under 8 U.S.C. "
            "§ 1225(d)(4)(B) to order compliance.",
            "Having reviewed the petition, the response and the record, the Court finds that the subpoenas were issued "
            "for a legitimate purpose, seek relevant information and are not unduly burdensome.",
            "IT IS HEREBY ORDERED that the Petition is GRANTED. Respondent shall produce the records described in the "
            "subpoenas, limited to the booking and release information of the individuals named therein, within "
            "fourteen (14) days of the date of this Order.",
        ]
    elif topic == "ferpa":
        case = fed_case(x, d, "cr", filed.year)
        district_name = f"{x.pick(('Ashford', 'Larkin', 'Riverbend', 'Millbrook'))} Unified School District"
        left = ["UNITED STATES OF AMERICA,", "", "      v.", "", f"{person.upper()},", "", "            Defendant."]
        title = "ORDER DIRECTING PRODUCTION OF EDUCATION RECORDS"
        body = [
            "Upon the application of the United States, and good cause appearing, the Court finds that the records "
            "described below are relevant and material to the prosecution of this case.",
            f"IT IS HEREBY ORDERED that the custodian of records of the {district_name} shall produce to the United "
            f"States Attorney's Office for the {d.name} the attendance and enrollment records of the student "
            "identified in the sealed attachment for the 2023-2024 and 2024-2025 school years.",
            "IT IS FURTHER ORDERED that, pursuant to 34 C.F.R. § 99.31(a)(9)(ii), the District shall not disclose to "
            "any person the existence or contents of this Order or the records produced in response to it.",
        ]
    elif topic == "habeas":
        case = fed_case(x, d, "cv", filed.year)
        fod = x.official(middle=False)
        left = [
            f"{person.upper()},",
            "",
            "            Petitioner,",
            "      v.",
            "",
            f"{fod.upper()}, Field Office Director,",
            "U.S. Immigration and Customs Enforcement, et al.,",
            "",
            "            Respondents.",
        ]
        title = "ORDER TO SHOW CAUSE"
        body = [
            "Petitioner, who is detained by U.S. Immigration and Customs Enforcement, has filed a Petition for a "
            "Writ of "
            "Habeas Corpus under 28 U.S.C. § 2241 challenging the lawfulness of that detention.",
            "IT IS HEREBY ORDERED that Respondents shall, within three (3) days of service of this Order, file a "
            "return "
            "showing cause why the writ should not be granted. 28 U.S.C. § 2243.",
            "IT IS FURTHER ORDERED that Respondents shall not remove Petitioner from the United States or transfer "
            "Petitioner outside this District pending further order of the Court.",
        ]
    elif topic == "detention":
        case = fed_case(x, d, "cr", filed.year)
        left = ["UNITED STATES OF AMERICA", "", "      v.", "", person.upper()]
        title = "ORDER OF DETENTION PENDING TRIAL"
        body = [
            "After conducting a detention hearing under the Bail Reform Act, 18 U.S.C. § 3142(f), the Court concludes "
            "that the facts require that the defendant be detained pending trial.",
            "IT IS HEREBY ORDERED that the defendant be committed to the custody of the Attorney General or a "
            "designated "
            "representative for confinement in a corrections facility separate, to the extent practicable, from "
            "persons "
            "awaiting or serving sentences or being held in custody pending appeal.",
            "The defendant must be afforded a reasonable opportunity for private consultation with defense counsel.",
        ]
    else:  # "tro": an unrelated civil matter
        case = fed_case(x, d, "cv", filed.year)
        company = " ".join(
            (x.pick(("Brightline", "Copperleaf", "Northgate", "Harbor Point")), x.pick(("Holdings LLC", "Foods, Inc.")))
        )
        left = [
            f"{company.upper()},",
            "",
            "            Plaintiff,",
            "      v.",
            "",
            f"{x.name().upper()}, et al.,",
            "",
            "            Defendants.",
        ]
        title = "ORDER GRANTING MOTION FOR TEMPORARY RESTRAINING ORDER"
        body = [
            "Before the Court is Plaintiff's Motion for a Temporary Restraining Order under Fed. R. Civ. P. 65(b). "
            "Having considered the motion, the declarations and the arguments of counsel, the Court finds that "
            "Plaintiff "
            "has shown a likelihood of success on the merits and irreparable harm absent relief.",
            "IT IS HEREBY ORDERED that Defendants, and all persons acting in concert with them, are restrained from "
            "using, disclosing or destroying Plaintiff's customer lists and pricing data pending the hearing on the "
            "motion for a preliminary injunction.",
            "IT IS FURTHER ORDERED that Plaintiff shall post security in the amount of "
            f"${x.r.randrange(5, 50) * 1000:,}.",
        ]
    total = 2
    doc = x.r.randrange(4, 60)
    p1 = [ecf_header(x, case, doc, filed, 1, total), ""] if x.chance(0.8) else []
    p1 += [*fed_court_lines(x, d), ""]
    p1 += caption(x, left, f"Case No. {case}")
    p1 += ["", x.center(title), ""]
    for para in body[:2]:
        p1 += [*x.wrap(para, first="      "), ""]
    p2 = [ecf_header(x, case, doc, filed, 2, total), ""] if p1[0].startswith("Case ") else []
    for para in body[2:]:
        p2 += [*x.wrap(para, first="      "), ""]
    p2 += ["      IT IS SO ORDERED.", "", f"Dated: {long(filed)}", ""]
    p2 += x.sig(signed_mark(x, judge, electronic=0.7), f"{judge.upper()}")
    p2.append(x.two("", x.pick((title_judge, title_judge.upper()))))
    pages = [p1, p2]
    notes = [f"federal order: {topic}"]
    if topic == "ice_subpoena":
        notes.append("adversarial: court order enforcing ICE I-138 subpoenas")
    elif topic == "habeas":
        notes.append("adversarial: court order in a case against ICE")
    sbj: bool | None = True
    if partial:
        pages = [p1]
        sbj = None
        notes.append("partial copy: signature page missing")
    cues = ["UNITED STATES DISTRICT COURT", title.split(" (")[0], "ORDERED"]
    who = "judge" if judge_kind == "district" else "magistrate"
    return Built(pages, sbj, True, notes, cues, issuer="federal_court", issued_by=who)


RULE45 = (
    "The following provisions of Fed. R. Civ. P. 45 are attached – Rule 45(c), relating to the place of compliance; "
    "Rule 45(d), relating to your protection as a person subject to a subpoena; and Rule 45(e) and (g), relating to "
    "your duty to respond to this subpoena and the potential consequences of not doing so."
)


def ao88(x: Ctx, *, district: str, form: str = "88B", signer: str = "clerk") -> Built:
    """AO 88 / 88A / 88B / 89 / 110 subpoenas. signer: clerk | attorney."""
    d = DISTRICTS[district]
    issued = x.day()
    recipient = x.pick(
        (
            f"Custodian of Records, City of {x.pick(('Ashford', 'Larkin', 'Millbrook', 'Riverbend'))}",
            "Custodian of Records, "
            f"{x.pick(('Larkin County Sheriff', 'Riverbend Unified School District', 'Millbrook Community Clinic'))}",
            x.name(),
        )
    )
    attorney = x.official(middle=False)
    clerk = x.official(middle=False)
    civil = "in a Civil Action"
    titles = {
        "88": (
            f"AO 88 (Rev. 02/14) Subpoena to Appear and Testify at a Hearing or Trial {civil}",
            "SUBPOENA TO APPEAR AND TESTIFY AT A HEARING OR TRIAL IN A CIVIL ACTION",
            "cv",
        ),
        "88A": (
            f"AO 88A (Rev. 02/14) Subpoena to Testify at a Deposition {civil}",
            "SUBPOENA TO TESTIFY AT A DEPOSITION IN A CIVIL ACTION",
            "cv",
        ),
        "88B": (
            "AO 88B (Rev. 02/14) Subpoena to Produce Documents, Information, or Objects or to Permit Inspection of "
            f"Premises {civil}",
            "SUBPOENA TO PRODUCE DOCUMENTS, INFORMATION, OR OBJECTS OR TO PERMIT INSPECTION OF PREMISES IN A CIVIL "
            "ACTION",
            "cv",
        ),
        "89": (
            "AO 89 (Rev. 08/09) Subpoena to Testify at a Hearing or Trial in a Criminal Case",
            "SUBPOENA TO TESTIFY AT A HEARING OR TRIAL IN A CRIMINAL CASE",
            "cr",
        ),
        "110": (
            "AO 110 (Rev. 06/09) Subpoena to Testify Before a Grand Jury",
            "SUBPOENA TO TESTIFY BEFORE A GRAND JURY",
            "gj",
        ),
    }
    header, title, kind = titles[form]
    case = fed_case(x, d, kind, issued.year)
    lines = [*x.wrap(header), ""]
    lines += [*fed_court_lines(x, d), ""]
    if kind == "cv":
        plaintiff, defendant = (
            x.name(),
            f"{x.pick(('Northgate', 'Harbor Point', 'Brightline'))} "
            f"{x.pick(('Properties LLC', 'Staffing, Inc.', 'Transit Co.'))}",
        )
        lines += caption(
            x, [plaintiff, "      Plaintiff", "      v.", defendant, "      Defendant"], f"Civil Action No. {case}"
        )
    elif kind == "cr":
        lines += caption(x, ["United States of America", "      v.", x.name(), "      Defendant"], f"Case No. {case}")
    lines += ["", *[x.center(t) for t in x.wrap(title)], ""]
    lines += [f"To:  {recipient}", x.two("", "(Name of person to whom this subpoena is directed)"), ""]
    place = f"{x.street()}, {d.city}, {d.state}"
    due = issued + dt.timedelta(days=x.r.randrange(14, 40))
    when = f"{us(due)} {x.pick(('9:00 a.m.', '10:00 a.m.', '1:30 p.m.'))}"
    if form == "88B":
        lines += x.wrap(
            f"{x.on} Production: YOU ARE COMMANDED to produce at the time, date, and place set forth below the "
            "following "
            "documents, electronically stored information, or objects, and to permit inspection, copying, testing, or "
            "sampling of the material: All personnel and payroll records for the persons listed in Attachment A.",
            first="  ",
        )
        lines += [x.two(f"  Place: {place}", f"Date and Time: {when}"), ""]
        lines += x.wrap(
            f"{x.off} Inspection of Premises: YOU ARE COMMANDED to permit entry onto the designated premises, land, or "
            "other property possessed or controlled by you at the time, date, and location set forth below, so that "
            "the requesting party may inspect, measure, survey, photograph, test, or sample the property.",
            first="  ",
        )
    elif form == "110":
        lines += x.wrap(
            "YOU ARE COMMANDED to appear in this United States district court at the time, date, and place shown below "
            "to testify before the court's grand jury. When you arrive, you must remain at the court until the "
            "judge or "
            "a court officer allows you to leave.",
            first="      ",
        )
        lines += [
            x.two(f"Place: {place}", f"Date and Time: {when}"),
            "",
            "You must also bring with you the following documents:",
            "      See Attachment A.",
        ]
    else:
        lines += x.wrap(
            "YOU ARE COMMANDED to appear in the United States district court at the time, date, and place set forth "
            "below to testify at a hearing or trial in this action. When you arrive, you must remain at the court "
            "until the judge or a court officer allows you to leave.",
            first="      ",
        )
        lines += [
            x.two(f"Place of Appearance: {place}", f"Courtroom No.: {x.r.randrange(1, 20)}"),
            x.two("", f"Date and Time: {when}"),
        ]
    lines.append("")
    if form != "110" and form != "89":
        lines += x.wrap(RULE45, first="      ")
        lines.append("")
    if signer == "clerk":
        clerk_mark = x.pick((f"/s/ {clerk}", f"{clerk}", f"s/ {clerk}, Deputy Clerk"))
        if form in ("88", "88A", "88B"):
            lines += [x.two(f"Date:  {us(issued)}", ""), "                 CLERK OF COURT"]
            lines += [x.two(f"                 {clerk_mark}", "OR   ______________________________")]
            lines += [x.two("                 Signature of Clerk or Deputy Clerk", "     Attorney's signature")]
        else:
            lines += [x.two(f"Date:  {us(issued)}", "CLERK OF COURT")]
            lines += x.sig(clerk_mark, "Signature of Clerk or Deputy Clerk")
    else:
        lines += [x.two(f"Date:  {us(issued)}", ""), "                 CLERK OF COURT"]
        lines += [x.two("                 ______________________________", f"OR   /s/ {attorney}")]
        lines += [x.two("                 Signature of Clerk or Deputy Clerk", "     Attorney's signature")]
    lines.append("")
    party = "the United States" if kind in ("cr", "gj") else x.pick(("plaintiff", "defendant"))
    who = "Assistant United States Attorney" if kind in ("cr", "gj") else "attorney"
    lines += x.wrap(
        f"The name, address, e-mail address, and telephone number of the {who} representing (name of party) {party}, "
        f"who issues or requests this subpoena, are: {attorney}, {x.street()}, {d.city}, {x.phone()}"
    )
    if kind == "cv":
        lines += ["", x.center("Notice to the person who issues or requests this subpoena")]
        lines += x.wrap(
            "If this subpoena commands the production of documents, electronically stored information, or tangible "
            "things or the inspection of premises before trial, a notice and a copy of the subpoena must be served on "
            "each party in this case before it is served on the person to whom it is directed. Fed. R. Civ. P. "
            "45(a)(4)."
        )
    p2 = [
        f"{header.split(' (Rev.')[0]} (Page 2)",
        "",
        f"Civil Action No. {case}" if kind == "cv" else f"Case No. {case}",
        "",
    ]
    p2 += [
        x.center("PROOF OF SERVICE"),
        x.center(
            "(This section should not be filed with the court unless required by "
            + ("Fed. R. Civ. P. 45.)" if kind == "cv" else "law.)")
        ),
        "",
    ]
    p2 += ["I received this subpoena for (name of individual and title, if any) ____________ on (date) ________ .", ""]
    p2 += [f"{x.off} I served the subpoena by delivering a copy to the named person as follows: ____________", ""]
    p2 += [f"{x.off} I returned the subpoena unexecuted because: ____________", ""]
    p2 += ["My fees are $ ______ for travel and $ ______ for services, for a total of $ 0.00 .", ""]
    p2 += ["I declare under penalty of perjury that this information is true.", ""]
    p2 += [x.two("Date: ________", "______________________________"), x.two("", "Server's signature")]
    notes = ["clerk-signed court subpoena" if signer == "clerk" else "attorney-issued court subpoena", f"AO {form}"]
    cues = ["UNITED STATES DISTRICT COURT", "SUBPOENA", "Clerk"]
    return Built([lines, p2], False, True, notes, cues, issuer="federal_court", issued_by=signer)


# --------------------------------------------------------------------------------------------
# State courts
# --------------------------------------------------------------------------------------------

CA_COUNTIES = ("Los Angeles", "Fresno", "Alameda", "Santa Clara", "San Bernardino", "Sacramento", "Monterey", "Kern")
PENAL_CA = (
    ("459", "burglary, a felony"), ("245(a)(1)", "assault with a deadly weapon, a felony"),
    ("211", "robbery, a felony"), ("487(a)", "grand theft, a felony"),
    ("273.5(a)", "corporal injury to a spouse, a felony"),
)  # fmt: skip


def ca_arrest(x: Ctx, *, signed: bool = True, ramey: bool = False) -> Built:
    night = x.chance(0.2)
    county = x.pick(CA_COUNTIES)
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    section, crime = x.pick(PENAL_CA)
    case = x.pick(
        (
            f"{x.pick(('BA', 'F', 'SF', 'CR'))}{x.digits(6)}",
            f"{issued:%y}CR{x.digits(6)}",
            f"{issued:%y}FE{x.digits(5)}",
        )
    )
    lines = [x.center(x.hdr(f"Superior Court of California, County of {county}")), ""]
    title = "ARREST WARRANT (Penal Code § 817)" if ramey else "WARRANT OF ARREST"
    lines += [
        x.two("THE PEOPLE OF THE STATE OF CALIFORNIA", f"Case No. {case}"),
        "      vs.",
        f"{defendant.upper()}, Defendant",
        "",
    ]
    lines += [x.center(title), "", f"County of {county}", ""]
    lines += x.wrap("The people of the State of California to any peace officer of said State:", first="      ")
    if ramey:
        lines += x.wrap(
            f"Proof by declaration under penalty of perjury having been made this day before me by Detective "
            f"{x.official(middle=False)} that there is probable cause to believe that the crime of {crime}, in "
            "violation "
            f"of Penal Code section {section}, has been committed and that {defendant} committed it, you are therefore "
            "commanded forthwith to arrest the above named defendant and take him or her before the nearest magistrate "
            "in this county.",
            first="      ",
        )
    else:
        lines += x.wrap(
            f"Complaint on oath having this day been laid before me that the crime of {crime}, in violation of Penal "
            f"Code section {section}, has been committed and accusing {defendant} thereof, you are therefore commanded "
            "forthwith to arrest the above named defendant and bring him or her before me at the "
            f"{x.pick(('Hall of Justice', 'Criminal Courts Building', 'Justice Center'))}, {county} County, or in case "
            "of my absence or inability to act, before the nearest or most accessible magistrate in this county.",
            first="      ",
        )
    lines += [
        "",
        f"Bail: ${x.r.randrange(2, 30) * 5000:,}        Night service: {x.box(night)} Yes  {x.box(not night)} No",
        "",
    ]
    lines.append(f"Dated at {county} County, California, this {ordinal(issued.day)} day of {issued:%B}, {issued.year}.")
    lines.append("")
    mark = signed_mark(x, judge) if signed else None
    lines += x.sig(mark, "(Signature and full official title of magistrate)")
    lines.append(x.two("", f"{judge}, Judge of the Superior Court"))
    notes = ["Cal. Penal Code 817 (Ramey) warrant" if ramey else "Cal. Penal Code 814 arrest warrant"]
    if not signed:
        notes.append("unsigned: magistrate signature blank")
    return Built([lines], signed, False, notes, ["Superior Court of California", "WARRANT", "magistrate"])


def ca_search(x: Ctx, *, partial: bool = False) -> Built:
    county = x.pick(CA_COUNTIES)
    issued = x.day()
    judge = x.official()
    affiant = x.official(middle=False)
    no = f"SW {issued.year}-{x.digits(4)}"
    agency = x.pick(("Police Department", "Sheriff's Department"))
    p1 = [x.two(x.hdr(f"Superior Court of California, County of {county}"), f"Warrant No. {no}"), ""]
    p1 += [x.center("SEARCH WARRANT AND AFFIDAVIT"), x.center("(AFFIDAVIT)"), ""]
    p1 += x.wrap(
        f"{affiant}, swears under oath that the facts expressed by him/her in the attached and incorporated "
        "Statement of "
        "Probable Cause are true and that based thereon he/she has probable cause to believe and does believe that "
        "the property described below is lawfully seizable pursuant to Penal Code Section 1524 et seq., as indicated "
        "below, and is now located at the locations set forth below. Wherefore, affiant requests that this Search "
        "Warrant be issued.",
        first="      ",
    )
    night = x.chance(0.25)
    p1 += [
        "",
        x.two(f"NIGHT SEARCH REQUESTED: YES {x.box(night)}  NO {x.box(not night)}", "______________________________"),
    ]
    p1 += [x.two("", "(Signature of Affiant)"), "", x.center("(SEARCH WARRANT)"), ""]
    p1 += x.wrap(
        f"THE PEOPLE OF THE STATE OF CALIFORNIA TO ANY SHERIFF, POLICEMAN OR PEACE OFFICER IN THE COUNTY OF "
        f"{county.upper()}: proof by affidavit having been this day made before me by {affiant}, that there is "
        "probable "
        "cause to believe that the property described herein may be found at the location(s) set forth herein and that "
        'it is lawfully seizable pursuant to Penal Code Section 1524 et seq., as indicated below by "x"(s) in that it:',
    )
    grounds = (
        "was stolen or embezzled",
        "was used as the means of committing a felony",
        "is possessed by any person with the intent to use it as a means of committing a public offense or is "
        "possessed by another to whom he or she may have delivered it for the purpose of concealing it",
        "tends to show that a felony has been committed or that a particular person has committed a felony",
    )
    ticks = {1, 3} if x.chance(0.5) else {3}
    for i, g in enumerate(grounds):
        p1 += x.wrap(g, indent="        ", first=f"   {x.box(i in ticks)}  ")
    p2 = ["YOU ARE THEREFORE COMMANDED TO SEARCH:"]
    p2 += x.wrap(
        f"The residence at {x.street()}, {county} County, California, a single-story dwelling, including garage "
        "and outbuildings.",
        indent="      ",
    )
    p2 += ["", "FOR THE FOLLOWING PROPERTY/THING(S)/PERSON(S):"]
    p2 += x.wrap(
        "Firearms and ammunition; cellular telephones; documents showing dominion and control of the premises.",
        indent="      ",
    )
    p2 += [
        "",
        "AND TO SEIZE IT/THEM IF FOUND and bring it/them forthwith before me, or this court, at the courthouse of "
        "this court.",
    ]
    p2 += [""]
    p2 += x.wrap(
        "This Search Warrant and incorporated Affidavit was sworn to as true and subscribed before me on "
        f"{long(issued)}, "
        f"at {x.r.randrange(1, 12)}:{x.r.randrange(0, 60):02d} {x.pick(('A.M.', 'P.M.'))}. Wherefore, I find probable "
        "cause for the issuance of this Search Warrant and do issue it.",
    )
    p2 += ["", *x.sig(signed_mark(x, judge), f"Judge of the Superior Court, Dept. {x.r.randrange(1, 130)}")]
    p2.append(x.two("", f"({judge}, {agency.split()[0]} matter)" if x.chance(0.2) else f"NAME OF MAGISTRATE: {judge}"))
    pages = [p1, p2]
    notes = ["county search warrant template (Cal. Penal Code 1524, 1529)"]
    sbj: bool | None = True
    if partial:
        pages, sbj = [p1], None
        notes.append("partial copy: page with the judge's signature missing")
    return Built(pages, sbj, False, notes, ["SUPERIOR COURT OF CALIFORNIA", "SEARCH WARRANT", "Signature of Affiant"])


NY_COUNTIES = (("KINGS", "K"), ("QUEENS", "Q"), ("BRONX", "X"), ("NEW YORK", "N"), ("RICHMOND", "R"))


def ny_arrest(x: Ctx) -> Built:
    county, code = x.pick(NY_COUNTIES)
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    docket = f"CR-{x.digits(6)}-{issued:%y}{code}{x.pick(('N', 'Y', 'K'))}"
    lines = [
        x.center("CRIMINAL COURT OF THE CITY OF NEW YORK"),
        x.center(f"PART AR{x.r.randrange(1, 4)}, COUNTY OF {county}"),
        "",
    ]
    lines += [
        x.two("THE PEOPLE OF THE STATE OF NEW YORK", f"Docket No. {docket}"),
        "            -against-",
        f"{defendant.upper()},",
        "                              Defendant.",
        "",
    ]
    lines += [x.center("WARRANT OF ARREST"), "", "TO ANY POLICE OFFICER IN THE CITY OF NEW YORK:", ""]
    charge = x.pick(
        (
            "PL 155.30 Grand Larceny in the Fourth Degree",
            "PL 120.00 Assault in the Third Degree",
            "PL 140.25 Burglary in the Second Degree",
        )
    )
    lines += x.wrap(
        "An accusatory instrument having been filed with this Court charging the defendant with the offense(s) of "
        f"{charge}, "
        "YOU ARE THEREFORE COMMANDED forthwith to arrest the above-named defendant and bring the defendant before this "
        "Court, or, if this Court is not in session, before any local criminal court, as provided in CPL 120.70 "
        "and 120.90.",
        first="      ",
    )
    lines += ["", f"Dated: {long(issued)}, New York, New York", ""]
    lines += x.sig(signed_mark(x, judge), f"Hon. {judge}")
    lines.append(x.two("", "Judge of the Criminal Court"))
    return Built(
        [lines],
        True,
        False,
        ["NY CPL 120 warrant of arrest"],
        ["CRIMINAL COURT OF THE CITY OF NEW YORK", "WARRANT OF ARREST", "Judge"],
    )


def ny_bench(x: Ctx) -> Built:
    county, _ = x.pick(NY_COUNTIES)
    issued = x.day()
    justice = x.official()
    defendant = x.name()
    ind = f"Ind. No. {x.digits(5)}-{issued.year - x.r.randrange(0, 2)}"
    lines = [
        x.center("SUPREME COURT OF THE STATE OF NEW YORK"),
        x.center(f"COUNTY OF {county} — PART {x.r.randrange(20, 90)}"),
        "",
    ]
    lines += [
        x.two("THE PEOPLE OF THE STATE OF NEW YORK", ind),
        "            against",
        f"{defendant.upper()},",
        "                              Defendant.",
        "",
    ]
    lines += [
        x.center("BENCH WARRANT"),
        x.center("(CPL 530.70)"),
        "",
        "TO ANY POLICE OFFICER OF THE STATE OF NEW YORK:",
        "",
    ]
    missed = issued - dt.timedelta(days=x.r.randrange(0, 3))
    lines += x.wrap(
        "The above-named defendant, having been released on recognizance or bail, failed to appear before this "
        "Court on "
        f"{long(missed)} as required. YOU ARE HEREBY COMMANDED to take the defendant into custody forthwith and to "
        "bring "
        "the defendant before this Court without unnecessary delay.",
        first="      ",
    )
    lines += ["", f"Dated: {long(issued)}", ""]
    lines += x.sig(signed_mark(x, justice), f"HON. {justice.upper()}")
    title = x.pick(("Justice of the Supreme Court", "Acting Justice of the Supreme Court"))
    lines.append(x.two("", title))
    return Built(
        [lines],
        True,
        False,
        ["NY Supreme Court bench warrant, failure to appear"],
        ["SUPREME COURT OF THE STATE OF NEW YORK", "BENCH WARRANT", title],
    )


TX_COUNTIES = ("Harris", "Bexar", "Dallas", "Travis", "El Paso", "Hidalgo", "Tarrant")


def tx_arrest(x: Ctx, *, magistrate: bool = True) -> Built:
    county = x.pick(TX_COUNTIES)
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    court = f"{ordinal(x.pick((174, 187, 226, 290, 337, 399, 451)))} District Court"
    cause = x.pick((f"{issued.year}-CR-{x.digits(4)}", f"F{issued:%y}-{x.digits(5)}", f"{x.digits(7)}"))
    offense = x.pick(
        (
            "Aggravated Assault with a Deadly Weapon, Tex. Penal Code § 22.02",
            "Burglary of a Habitation, Tex. Penal Code § 30.02",
            "Theft of Property $2,500–$30,000, Tex. Penal Code § 31.03",
        )
    )
    lines = [x.center(f"CAUSE NO. {cause}"), ""]
    lines += [
        x.two("THE STATE OF TEXAS", f"§   IN THE {court.upper()}"),
        x.two("", "§"),
        x.two("VS.", f"§   OF {county.upper()} COUNTY,"),
        x.two("", "§"),
        x.two(defendant.upper(), "§   TEXAS"),
        "",
    ]
    lines += [x.center("WARRANT OF ARREST"), "", x.center("THE STATE OF TEXAS"), ""]
    lines += ["To any Peace Officer of the State of Texas, Greeting:", ""]
    lines += x.wrap(
        f"YOU ARE HEREBY COMMANDED to arrest {defendant.upper()}, if to be found in your county, and him or her "
        "safely keep, "
        f"so that you have him or her before the Honorable {court} of {county} County, Texas, instanter, then and "
        "there to "
        f"answer the State of Texas for an offense against the laws of said State, to wit: {offense}, of which "
        "offense he or "
        "she stands charged by complaint now pending before the court.",
        first="      ",
    )
    lines += [
        "",
        "      Herein fail not, but of this writ make due return, showing how you have executed the same.",
        "",
    ]
    lines.append(f"      Witness my signature this {ordinal(issued.day)} day of {issued:%B}, {issued.year}.")
    lines.append(f"      Bond set at: ${x.r.randrange(1, 20) * 5000:,}")
    lines.append("")
    lines += x.sig(signed_mark(x, judge, electronic=0.2), "Magistrate" if magistrate else f"Judge, {court}")
    lines.append(x.two("", f"{judge}, {county} County, Texas"))
    return Built(
        [lines],
        True,
        False,
        ["Texas warrant of arrest (Tex. Code Crim. Proc. art. 15.02)"],
        ["THE STATE OF TEXAS", "WARRANT OF ARREST", "Magistrate" if magistrate else "Judge"],
        issuer="state:TX",
        issued_by="magistrate" if magistrate else "judge",
    )


def il_arrest(x: Ctx) -> Built:
    county = x.pick(("COOK", "DU PAGE", "WILL", "LAKE", "KANE"))
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    case = x.pick((f"{issued:%y} CR {x.digits(7)}", f"{issued.year}CF{x.digits(6)}"))
    lines = [x.center(f"IN THE CIRCUIT COURT OF {county} COUNTY, ILLINOIS")]
    if county == "COOK":
        lines.append(x.center("COUNTY DEPARTMENT, CRIMINAL DIVISION"))
    lines += [
        "",
        "THE PEOPLE OF THE STATE OF ILLINOIS,",
        "                  Plaintiff,",
        x.two("      v.", f"No. {case}"),
        f"{defendant.upper()},",
        "                  Defendant.",
        "",
    ]
    lines += [x.center("WARRANT FOR ARREST"), ""]
    lines += ["The People of the State of Illinois to all peace officers of the State—Greetings:", ""]
    offense = x.pick(
        (
            "Residential Burglary, 720 ILCS 5/19-3",
            "Aggravated Battery, 720 ILCS 5/12-3.05",
            "Retail Theft, 720 ILCS 5/16-25",
        )
    )
    lines += x.wrap(
        f"We command you to arrest {defendant}, who has been charged with the offense of {offense}, and to bring the "
        "defendant without unnecessary delay before me or, in my absence, before the nearest or most accessible judge "
        "in this county (725 ILCS 5/107-9).",
        first="      ",
    )
    lines += ["", f"Bail fixed at $ {x.r.randrange(1, 20) * 5000:,}", "", f"Date: {us(issued)}", ""]
    lines += x.sig(signed_mark(x, judge), "Judge")
    lines += [x.two("", f"{judge}        Judge's No. {x.digits(4)}")]
    return Built(
        [lines], True, False, ["Illinois warrant for arrest"], ["CIRCUIT COURT OF", "WARRANT FOR ARREST", "Judge"]
    )


def fl_arrest(x: Ctx, *, capias: bool = False) -> Built:
    circuit, county = x.pick(
        (("ELEVENTH", "MIAMI-DADE"), ("SEVENTEENTH", "BROWARD"), ("NINTH", "ORANGE"), ("THIRTEENTH", "HILLSBOROUGH"))
    )
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    case = f"{issued:%y}-CF-{x.digits(6)}-{x.pick(('A', 'B', 'C'))}"
    lines = [*x.wrap(f"IN THE CIRCUIT COURT OF THE {circuit} JUDICIAL CIRCUIT IN AND FOR {county} COUNTY, FLORIDA"), ""]
    lines += [
        x.two("STATE OF FLORIDA", f"CASE NO. {case}"),
        "      vs.",
        f"{defendant.upper()},",
        "            Defendant.",
        "",
    ]
    title = "CAPIAS" if capias else "ARREST WARRANT"
    lines += [x.center(title), ""]
    lines += x.wrap("IN THE NAME OF THE STATE OF FLORIDA: TO ALL AND SINGULAR THE SHERIFFS OF THE STATE OF FLORIDA:")
    statute = x.pick(("812.014", "784.021", "810.02"))
    if capias:
        lines += x.wrap(
            f"The defendant having been charged by Information with a violation of section {statute}, Florida "
            "Statutes, "
            "YOU ARE COMMANDED to take the defendant and keep the defendant safely so that you have the defendant "
            "before "
            "this Court to answer the charge.",
            first="      ",
        )
    else:
        lines += x.wrap(
            f"Whereas, {x.official(middle=False)} has this day made oath before me that on or about "
            f"{long(issued - dt.timedelta(days=9))}, "
            f"in {county.title()} County, Florida, {defendant} did unlawfully commit an offense contrary to "
            f"section {statute}, "
            "Florida Statutes, and having found probable cause, THESE ARE THEREFORE TO COMMAND YOU forthwith to "
            "arrest the "
            "said defendant and bring the defendant before me to be dealt with according to law.",
            first="      ",
        )
    lines += [
        "",
        f"      GIVEN UNDER MY HAND AND SEAL this {ordinal(issued.day)} day of {issued:%B}, {issued.year}.",
        "",
    ]
    lines += x.sig(signed_mark(x, judge), "CIRCUIT JUDGE")
    lines.append(x.two("", judge))
    return Built(
        [lines],
        True,
        False,
        ["Florida capias" if capias else "Florida arrest warrant"],
        ["CIRCUIT COURT", title, "CIRCUIT JUDGE"],
    )


MA_OFFENSES = (
    "Larceny over $1,200, c. 266 § 30(1)",
    "Assault and battery, c. 265 § 13A",
    "Breaking and entering, c. 266 § 16",
)


def ma_arrest(x: Ctx) -> Built:
    division = x.pick(
        (
            "Boston Municipal Court Department, Central Division",
            "District Court Department, Chelsea Division",
            "District Court Department, Lowell Division",
        )
    )
    issued = x.day()
    justice = x.official()
    defendant = x.name()
    docket = f"{issued:%y}{x.digits(2)}CR{x.digits(6)}"
    lines = [
        x.two("ARREST WARRANT", f"DOCKET NUMBER {docket}"),
        x.center("TRIAL COURT OF MASSACHUSETTS"),
        x.center(division.upper()),
        "",
    ]
    lines += [f"COMMONWEALTH vs. {defendant.upper()}", "", "To any officer authorized to serve criminal process:", ""]
    lines += x.wrap(
        "A complaint having been issued against the defendant named above, charging the offense(s) listed below, WE "
        "COMMAND YOU to arrest the defendant and bring the defendant before the "
        f"{division.split(',')[0].replace(' Department', '')} "
        "without unnecessary delay (G.L. c. 276, §§ 21-23).",
        first="      ",
    )
    lines += [
        "",
        "OFFENSE(S): " + x.pick(MA_OFFENSES),
        "",
    ]
    lines += x.sig(signed_mark(x, justice), "SIGNATURE OF JUSTICE", left=f"DATE ISSUED: {us(issued)}")
    lines.append(x.two("", f"Hon. {justice}, Associate Justice"))
    return Built(
        [lines],
        True,
        False,
        ["Massachusetts arrest warrant, signed by a justice"],
        ["TRIAL COURT OF MASSACHUSETTS", "ARREST WARRANT", "JUSTICE"],
    )


def wa_bench(x: Ctx) -> Built:
    county = x.pick(("KING", "PIERCE", "SNOHOMISH", "YAKIMA", "SPOKANE"))
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    no = f"{issued:%y}-1-{x.digits(5)}-{x.r.randrange(0, 10)} {x.pick(('SEA', 'KNT', ''))}".strip()
    lines = [x.center(f"SUPERIOR COURT OF WASHINGTON FOR {county} COUNTY"), ""]
    lines += [
        x.two("STATE OF WASHINGTON,", f"No. {no}"),
        "                  Plaintiff,",
        "      v.",
        f"{defendant.upper()},",
        "                  Defendant.",
        "",
    ]
    lines += [x.center("BENCH WARRANT (BW)"), ""]
    lines += ["THE STATE OF WASHINGTON TO: Any peace officer in the State of Washington:", ""]
    lines += x.wrap(
        "The defendant failed to appear for a "
        f"{x.pick(('pretrial hearing', 'sentencing hearing', 'review hearing'))} as "
        "required. You are commanded to arrest the above-named defendant and hold the defendant in custody until the "
        "defendant can be brought before this court, or until the defendant posts bail.",
        first="      ",
    )
    lines += ["", f"Bail set at: ${x.r.randrange(1, 20) * 2500:,}", ""]
    lines += x.sig(signed_mark(x, judge), x.pick(("JUDGE", "Judge of the Superior Court")), left=f"DATED: {us(issued)}")
    lines.append(x.two("", judge))
    return Built(
        [lines], True, False, ["Washington bench warrant"], ["SUPERIOR COURT OF WASHINGTON", "BENCH WARRANT", "JUDGE"]
    )


def nj_warrant(x: Ctx) -> Built:
    county = x.pick(("ESSEX", "HUDSON", "PASSAIC", "UNION", "MIDDLESEX"))
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    no = f"W-{issued.year}-{x.digits(6)}-{x.digits(4)}"
    lines = [
        x.center("SUPERIOR COURT OF NEW JERSEY"),
        x.center("LAW DIVISION — CRIMINAL PART"),
        x.center(f"{county} COUNTY"),
        "",
    ]
    lines += [x.two(f"STATE OF NEW JERSEY v. {defendant.upper()}", f"Complaint No. {no}"), ""]
    lines += [x.center("COMPLAINT-WARRANT (CDR-2)"), ""]
    lines += x.wrap(
        f"By certification the complaining officer states that on {long(issued - dt.timedelta(days=2))} the defendant "
        "committed the offense of "
        + x.pick(("aggravated assault, N.J.S.A. 2C:12-1b", "robbery, N.J.S.A. 2C:15-1", "burglary, N.J.S.A. 2C:18-2"))
        + ".",
        first="      ",
    )
    lines += ["", "PROBABLE CAUSE DETERMINATION AND ISSUANCE OF WARRANT", ""]
    lines += x.wrap(
        "Probable cause IS found for the issuance of this complaint-warrant. THE STATE OF NEW JERSEY, TO ANY PEACE "
        "OFFICER "
        "OR OTHER AUTHORIZED PERSON: pursuant to this warrant you are hereby commanded to arrest the above-named "
        "defendant "
        "and bring that person before the court to answer the complaint.",
        first="      ",
    )
    lines += [""]
    lines += x.sig(signed_mark(x, judge), "Judicial Officer", left=f"Date: {us(issued)}")
    lines.append(x.two("", f"Hon. {judge}, J.S.C."))
    return Built(
        [lines],
        True,
        False,
        ["New Jersey complaint-warrant; probable cause found by a state judge (a warrant, not a federal PC finding)"],
        ["SUPERIOR COURT OF NEW JERSEY", "WARRANT", "Judicial Officer"],
    )


def az_search(x: Ctx) -> Built:
    county = x.pick(("MARICOPA", "PIMA", "YUMA"))
    issued = x.day()
    judge = x.official()
    affiant = x.official(middle=False)
    lines = [
        x.center("IN THE SUPERIOR COURT OF THE STATE OF ARIZONA"),
        x.center(f"IN AND FOR THE COUNTY OF {county}"),
        "",
    ]
    lines += [x.two("", f"SW No. {issued:%y}-{x.digits(5)}"), x.center("SEARCH WARRANT"), ""]
    lines += ["IN THE NAME OF THE STATE OF ARIZONA, To any peace officer in the State of Arizona:", ""]
    lines += x.wrap(
        f"Proof by affidavit having been made this day before me by {affiant}, I am satisfied that there is "
        "probable cause "
        f"to believe that on the premises known as {x.street()}, {x.pick(('Phoenix', 'Tucson', 'Yuma', 'Mesa'))}, "
        "Arizona, "
        "there is now being concealed property or things which were used as the means of committing a public offense "
        "(A.R.S. § 13-3912).",
        first="      ",
    )
    lines += [""]
    lines += x.wrap(
        "YOU ARE THEREFORE COMMANDED in the daytime (or in the nighttime, good cause having been shown) to make a "
        "search of "
        "the premises for the property described and, if you find the same or any part thereof, to retain it in your "
        "custody as provided by A.R.S. § 13-3920. This warrant must be executed within five calendar days.",
        first="      ",
    )
    lines += ["", f"Given under my hand and dated this {ordinal(issued.day)} day of {issued:%B}, {issued.year}.", ""]
    lines += x.sig(signed_mark(x, judge), "JUDGE OF THE SUPERIOR COURT")
    lines.append(x.two("", judge))
    return Built(
        [lines],
        True,
        False,
        ["Arizona search warrant"],
        ["SUPERIOR COURT OF THE STATE OF ARIZONA", "SEARCH WARRANT", "JUDGE"],
    )


def co_arrest(x: Ctx, *, signed: bool = True) -> Built:
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    court = x.pick(
        (
            "DISTRICT COURT, CITY AND COUNTY OF DENVER, STATE OF COLORADO",
            "COUNTY COURT, ARAPAHOE COUNTY, COLORADO",
            "DISTRICT COURT, ADAMS COUNTY, COLORADO",
        )
    )
    lines = [
        *x.wrap(court),
        f"Court Address: {x.street()}",
        "",
        f"THE PEOPLE OF THE STATE OF COLORADO v. {defendant.upper()}",
        "",
    ]
    lines += [x.two("", f"Case Number: {issued.year}CR{x.digits(5)}"), x.center("ARREST WARRANT"), ""]
    lines += ["THE PEOPLE OF THE STATE OF COLORADO, TO ANY PEACE OFFICER IN THE STATE OF COLORADO:", ""]
    lines += x.wrap(
        "The Court, having reviewed the affidavit in support of this warrant, finds probable cause to believe that the "
        "defendant committed the offense(s) listed below. YOU ARE COMMANDED to arrest the defendant and bring the "
        "defendant before this Court without unnecessary delay. C.R.S. § 16-3-108; Crim. P. 4.",
        first="      ",
    )
    lines += [
        "",
        "Offense: "
        f"{x.pick(('Second Degree Assault, C.R.S. 18-3-203', 'Theft, C.R.S. 18-4-401', 'Menacing, C.R.S. 18-3-206'))}",
        "",
    ]
    mark = signed_mark(x, judge) if signed else None
    lines += x.sig(mark, "Judge", left=f"Date: {us(issued)}")
    lines.append(x.two("", f"Printed name: {judge}"))
    notes = ["Colorado arrest warrant"] + ([] if signed else ["unsigned: Judge line blank"])
    return Built([lines], signed, False, notes, ["STATE OF COLORADO", "ARREST WARRANT", "Judge"])


def ca_fl340(x: Ctx) -> Built:
    county = x.pick(CA_COUNTIES)
    heard = x.day()
    judge = x.official()
    petitioner, respondent = x.name(), x.name()
    case = f"{heard:%y}FL{x.digits(6)}"
    lines = [
        x.two("ATTORNEY OR PARTY WITHOUT ATTORNEY:", "FOR COURT USE ONLY", col=60),
        f"NAME: {petitioner}",
        f"STREET ADDRESS: {x.street()}",
    ]
    lines += [f"TELEPHONE NO.: {x.phone()}", "ATTORNEY FOR (name): In pro per", ""]
    lines += [
        f"SUPERIOR COURT OF CALIFORNIA, COUNTY OF {county.upper()}",
        f"STREET ADDRESS: {x.street()}",
        f"CITY AND ZIP CODE: {county}, CA 9{x.r.randrange(0, 6)}{x.digits(3)}",
        "",
    ]
    lines += [f"PETITIONER: {petitioner.upper()}", f"RESPONDENT: {respondent.upper()}", ""]
    lines += [x.two("FINDINGS AND ORDER AFTER HEARING", "CASE NUMBER:", col=60), x.two("", case, col=60), ""]
    lines += x.wrap(
        f"1. This proceeding was heard on (date): {us(heard)} at (time): {x.r.randrange(8, 12)}:30 a.m. in Dept.: "
        f"{x.r.randrange(2, 90)} by Judge (name): {judge}   {x.off} Temporary Judge"
    )
    lines += [
        "   On the order to show cause, notice of motion or request for order filed (date): "
        f"{us(heard - dt.timedelta(days=40))}",
        "",
    ]
    lines += ["2. The orders below were made after hearing and are effective on the date signed.", ""]
    lines += [
        "3. THE COURT ORDERS",
        f"   a. {x.on} Custody and visitation/parenting time: As attached  {x.on} Form FL-341",
    ]
    lines += [
        f"   b. {x.box(x.chance(0.5))} Child support: As attached  {x.off} Form FL-342",
        f"   c. {x.off} Spousal or family support",
        f"   d. {x.off} Property orders",
    ]
    lines += [
        f"   e. {x.on} Other (specify): Legal custody of the minor child is awarded jointly; physical custody to "
        "Petitioner."
    ]
    lines += ["", "4. All other issues are reserved until further order of court.", ""]
    lines += x.sig(
        signed_mark(x, judge, electronic=0.3),
        "JUDICIAL OFFICER",
        left=f"Date: {us(heard + dt.timedelta(days=x.r.randrange(0, 9)))}",
    )
    lines += [
        "",
        "Form Approved for Optional Use            FINDINGS AND ORDER AFTER HEARING                      FL-340",
    ]
    lines += [
        "Judicial Council of California                                           Family Code, §§ 2022, 3022, 3400"
    ]
    return Built(
        [lines],
        True,
        False,
        ["unrelated court order: child custody (Judicial Council FL-340)"],
        ["SUPERIOR COURT OF CALIFORNIA", "FINDINGS AND ORDER AFTER HEARING", "JUDICIAL OFFICER"],
    )


def ca_pleading_order(x: Ctx) -> Built:
    county = x.pick(CA_COUNTIES)
    heard = x.day()
    judge = x.official()
    attorney = x.official(middle=False)
    plaintiff, defendant = x.name(), x.name()
    body: list[str] = [
        f"{attorney} (SBN {x.digits(6)})",
        f"{x.street()}",
        f"{county}, California 9{x.r.randrange(0, 6)}{x.digits(3)}",
        f"Telephone: {x.phone()}",
        f"Attorney for Nonparty City of {x.pick(('Ashford', 'Larkin', 'Millbrook'))}",
        "",
        x.center("SUPERIOR COURT OF THE STATE OF CALIFORNIA"),
        x.center(f"FOR THE COUNTY OF {county.upper()}"),
        "",
        x.two(f"{plaintiff.upper()},", f"Case No. {heard:%y}STCV{x.digits(5)}"),
        "            Plaintiff,",
        x.two("      v.", "[PROPOSED] ORDER GRANTING NONPARTY'S"),
        x.two(f"{defendant.upper()}, et al.,", "MOTION TO QUASH DEPOSITION SUBPOENA"),
        "            Defendants.",
        "",
    ]
    body += x.wrap(
        f"The motion of Nonparty to quash the deposition subpoena for production of business records served on "
        f"{us(heard - dt.timedelta(days=50))} came on regularly for hearing on {long(heard)}. Having considered "
        "the papers "
        "and the arguments of counsel, and good cause appearing, IT IS HEREBY ORDERED that the motion is GRANTED "
        "and the "
        "subpoena is quashed in its entirety (Code Civ. Proc. § 1987.1).",
        first="      ",
    )
    body += ["      IT IS SO ORDERED.", "", f"Dated: {us(heard)}"]
    body += x.sig(signed_mark(x, judge, electronic=0.2), "Judge of the Superior Court")
    numbered = [f"{i + 1:>2}  {line}" for i, line in enumerate(body[:28])] + body[28:]
    return Built(
        [numbered],
        True,
        False,
        ["unrelated court order on pleading paper (quashes a subpoena)"],
        ["SUPERIOR COURT OF THE STATE OF CALIFORNIA", "ORDER", "Judge of the Superior Court"],
    )


def tx_name_change(x: Ctx) -> Built:
    county = x.pick(TX_COUNTIES)
    signed = x.day()
    judge = x.official()
    old, new = x.name(), x.name()
    cause = f"{x.pick(('D-1-FM', 'FM', 'CV'))}-{signed:%y}-{x.digits(6)}"
    lines = [x.center(f"CAUSE NO. {cause}"), ""]
    lines += [
        x.two("IN THE MATTER OF", f"§   IN THE {ordinal(x.pick((200, 261, 345, 419)))} DISTRICT COURT"),
        x.two("THE CHANGE OF NAME OF", "§"),
        x.two(old.upper(), f"§   {county.upper()} COUNTY, TEXAS"),
        "",
    ]
    lines += [x.center("ORDER GRANTING CHANGE OF NAME OF ADULT"), ""]
    lines += x.wrap(
        f"On {long(signed)}, the Court heard the Petition for Change of Name of Adult filed by {old}. The Court "
        "finds that "
        "the petition was properly filed, that the change is in the interest or to the benefit of the Petitioner "
        "and in the "
        "interest of the public, and that the requirements of Texas Family Code chapter 45 have been met.",
        first="      ",
    )
    lines += ["", f"      IT IS ORDERED that the name of {old.upper()} is changed to {new.upper()}.", ""]
    lines += [f"      SIGNED on {long(signed)}.", ""]
    lines += x.sig(signed_mark(x, judge, electronic=0.3), "JUDGE PRESIDING")
    return Built(
        [lines],
        True,
        False,
        ["unrelated court order: adult name change"],
        ["DISTRICT COURT", "ORDER GRANTING CHANGE OF NAME", "JUDGE PRESIDING"],
    )


def il_name_change(x: Ctx) -> Built:
    county, circuit = x.pick(
        (("COOK", ""), ("DU PAGE", "EIGHTEENTH"), ("WINNEBAGO", "SEVENTEENTH"), ("CHAMPAIGN", "SIXTH"))
    )
    signed = x.day()
    judge = x.official()
    old, new = x.name(), x.name()
    if circuit:
        lines = [x.center(f"IN THE CIRCUIT COURT OF THE {circuit} JUDICIAL CIRCUIT")]
    else:
        lines = [
            x.center("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS"),
            x.center("COUNTY DEPARTMENT, CHANCERY DIVISION"),
        ]
    lines += [x.center(f"{county} COUNTY, ILLINOIS") if circuit else "", ""]
    lines += [f"IN RE THE NAME CHANGE OF: {old.upper()}", x.two("", f"Case No. {signed.year}MR{x.digits(6)}"), ""]
    lines += [x.center("ORDER FOR NAME CHANGE (Adult)"), ""]
    lines += x.wrap(
        "This matter coming before the Court on the Petition for Name Change, the Court having jurisdiction and "
        "being fully "
        "advised, finds that notice was published as required by 735 ILCS 5/21-103 and that the Petitioner is a "
        "resident "
        "of this county.",
        first="      ",
    )
    lines += ["", f"      IT IS ORDERED: The Petitioner's name is changed from {old} to {new}.", ""]
    lines += [f"ENTERED: {us(signed)}", ""]
    lines += x.sig(signed_mark(x, judge, electronic=0.2), "Judge                          Judge's No.")
    return Built(
        [lines],
        True,
        False,
        ["unrelated court order: name change"],
        ["CIRCUIT COURT", "ORDER FOR NAME CHANGE", "Judge"],
    )


def ny_family(x: Ctx) -> Built:
    county = x.pick(("KINGS", "QUEENS", "BRONX", "WESTCHESTER", "SUFFOLK"))
    entered = x.day()
    judge = x.official()
    petitioner, respondent = x.name(), x.name()
    lines = [
        x.two("At a term of the Family Court of the State of", "Present:"),
        x.two(f"New York, held in and for the County of {county.title()},", f"Hon. {judge}"),
        x.two(f"on {long(entered)}", "      Judge"),
        "",
    ]
    lines += [x.center("FAMILY COURT OF THE STATE OF NEW YORK"), x.center(f"COUNTY OF {county}"), ""]
    lines += [
        "In the Matter of a Proceeding for Custody/Visitation under Article 6 of the Family Court Act",
        "",
        f"{petitioner.upper()},",
        "                 Petitioner,",
        x.two("      - against -", f"Docket No. V-{x.digits(5)}-{entered:%y}"),
        f"{respondent.upper()},",
        "                 Respondent.",
        "",
    ]
    lines += [x.center("ORDER OF CUSTODY AND VISITATION"), ""]
    lines += x.wrap(
        "The petition having been filed and the parties having appeared, and the Court having determined that the "
        "following "
        "order is in the best interests of the child(ren), NOW, THEREFORE, it is hereby",
        first="      ",
    )
    lines += [
        "",
        "      ORDERED that Petitioner shall have sole legal and physical custody of the subject child; and it is "
        "further",
        "",
    ]
    lines += ["      ORDERED that Respondent shall have parenting time on alternate weekends as set forth herein.", ""]
    lines += ["                                           ENTER:", ""]
    lines += x.sig(signed_mark(x, judge, electronic=0.2), "Judge of the Family Court" if x.chance(0.5) else "J.F.C.")
    return Built(
        [lines],
        True,
        False,
        ["unrelated court order: child custody"],
        ["FAMILY COURT OF THE STATE OF NEW YORK", "ORDER OF CUSTODY", "ORDERED"],
    )


def ny_habeas_release(x: Ctx) -> Built:
    county = x.pick(("NASSAU", "SUFFOLK", "ALBANY", "ERIE"))
    entered = x.day()
    justice = x.official()
    person = x.name()
    lines = [x.center("SUPREME COURT OF THE STATE OF NEW YORK"), x.center(f"COUNTY OF {county}"), ""]
    lines += [
        f"THE PEOPLE OF THE STATE OF NEW YORK ex rel. {person.upper()},",
        "                 Petitioner,",
        x.two("      - against -", f"Index No. {x.digits(6)}/{entered.year}"),
        f"SHERIFF OF {county} COUNTY,",
        "                 Respondent.",
        "",
    ]
    lines += [x.center("ORDER AND JUDGMENT GRANTING WRIT OF HABEAS CORPUS"), ""]
    lines += x.wrap(
        "Petitioner, whose criminal charges have been resolved, is held by Respondent solely on the basis of an "
        "immigration "
        "detainer (Form I-247A) and an administrative warrant (Form I-200) issued by U.S. Immigration and Customs "
        "Enforcement. "
        "Neither document was issued or reviewed by a judge, and New York law does not authorize a local officer "
        "to make a "
        "civil immigration arrest on them.",
        first="      ",
    )
    lines += [
        "",
        "      NOW, THEREFORE, it is hereby ORDERED AND ADJUDGED that the writ is GRANTED and Respondent shall "
        "release Petitioner",
        "      forthwith.",
        "",
    ]
    lines += ["                                            ENTER:", ""]
    lines += x.sig(signed_mark(x, justice, electronic=0.3), "J.S.C.")
    lines.append(x.two("", f"HON. {justice.upper()}"))
    return Built(
        [lines],
        True,
        False,
        ["court order that mentions a detainer and an I-200"],
        ["SUPREME COURT OF THE STATE OF NEW YORK", "ORDER AND JUDGMENT", "J.S.C."],
    )


def fl_compel(x: Ctx) -> Built:
    circuit, county = x.pick((("ELEVENTH", "MIAMI-DADE"), ("FIFTEENTH", "PALM BEACH"), ("NINTH", "ORANGE")))
    entered = x.day()
    judge = x.official()
    plaintiff, defendant = (
        x.name(),
        f"{x.pick(('Sunrise', 'Gulfview', 'Palmetto'))} {x.pick(('Property Management, LLC', 'Clinic, Inc.'))}",
    )
    lines = [*x.wrap(f"IN THE CIRCUIT COURT OF THE {circuit} JUDICIAL CIRCUIT IN AND FOR {county} COUNTY, FLORIDA"), ""]
    lines += [
        x.two("", f"CASE NO.: {entered.year}-{x.digits(6)}-CA-01"),
        f"{plaintiff.upper()},",
        "      Plaintiff,",
        "v.",
        f"{defendant.upper()},",
        "      Defendant.",
        "______________________________/",
        "",
    ]
    lines += [x.center("ORDER ON PLAINTIFF'S MOTION TO COMPEL"), ""]
    lines += x.wrap(
        "THIS CAUSE came before the Court on Plaintiff's Motion to Compel Better Responses to Request for "
        "Production. The "
        "Court, having reviewed the motion and the court file, heard argument of counsel, and being otherwise "
        "fully advised "
        "in the premises, it is hereby",
        first="      ",
    )
    lines += [
        "",
        "      ORDERED AND ADJUDGED that the Motion is GRANTED. Defendant shall serve complete responses within "
        "twenty (20) days.",
        "",
    ]
    lines += [f"      DONE AND ORDERED in Chambers at {county.title()} County, Florida, on {long(entered)}.", ""]
    lines += x.sig(signed_mark(x, judge, electronic=0.6), "CIRCUIT JUDGE")
    lines.append(x.two("", judge))
    lines += ["", "Copies furnished to: counsel of record"]
    return Built([lines], True, False, ["unrelated civil court order"], ["CIRCUIT COURT", "ORDER", "CIRCUIT JUDGE"])


def ma_probate(x: Ctx) -> Built:
    county = x.pick(("Suffolk", "Middlesex", "Essex", "Hampden", "Worcester"))
    entered = x.day()
    justice = x.official()
    plaintiff, defendant = x.name(), x.name()
    lines = [
        x.center("COMMONWEALTH OF MASSACHUSETTS"),
        x.center("THE TRIAL COURT"),
        x.center("PROBATE AND FAMILY COURT"),
        "",
    ]
    lines += [
        x.two(f"{county} Division", f"Docket No. {county[:2].upper()}{entered:%y}D{x.digits(4)}DR"),
        "",
        f"{plaintiff}, Plaintiff",
        "v.",
        f"{defendant}, Defendant",
        "",
    ]
    lines += [x.center("TEMPORARY ORDER"), ""]
    lines += x.wrap("After hearing, the parties being present, it is ORDERED that:", first="      ")
    lines += [
        "  1. The parties shall share legal custody of the minor child.",
        "  2. The Defendant shall pay child support of $" + f"{x.r.randrange(80, 400)}.00 per week.",
        "",
    ]
    lines += ["  This order shall remain in effect until further order of the Court.", ""]
    lines += x.sig(
        signed_mark(x, justice, electronic=0.2), "Justice of the Probate and Family Court", left=f"Date: {us(entered)}"
    )
    return Built(
        [lines],
        True,
        False,
        ["unrelated court order: custody and support"],
        ["PROBATE AND FAMILY COURT", "TEMPORARY ORDER", "Justice"],
    )


def wa_order(x: Ctx) -> Built:
    county = x.pick(("KING", "PIERCE", "CLARK", "WHATCOM"))
    entered = x.day()
    judge = x.official()
    petitioner = x.name()
    lines = [x.center(f"SUPERIOR COURT OF WASHINGTON FOR {county} COUNTY"), ""]
    lines += [
        f"In re the Matter of: {petitioner.upper()}",
        x.two("", f"No. {entered:%y}-2-{x.digits(5)}-{x.r.randrange(0, 9)}"),
        "",
    ]
    lines += [x.center("ORDER SEALING RECORDS (ORSCS)"), ""]
    lines += x.wrap(
        "THIS MATTER came before the Court on the motion of the petitioner to seal the court file. The Court has "
        "considered "
        "the factors set out in GR 15 and Seattle Times Co. v. Ishikawa, and finds that compelling privacy "
        "interests outweigh "
        "the public interest in access to the file.",
        first="      ",
    )
    lines += ["", "      IT IS ORDERED that the court file in this matter is sealed.", ""]
    lines += x.sig(
        signed_mark(x, judge, electronic=0.4),
        "JUDGE / COURT COMMISSIONER" if x.chance(0.3) else "JUDGE",
        left=f"DATED: {us(entered)}",
    )
    lines.append(x.two("", judge))
    return Built(
        [lines], True, False, ["unrelated court order: sealing"], ["SUPERIOR COURT OF WASHINGTON", "ORDER", "JUDGE"]
    )


def ca_subp002(x: Ctx, *, signer: str = "clerk") -> Built:
    county = x.pick(CA_COUNTIES)
    issued = x.day()
    attorney = x.official(middle=False)
    clerk = x.official(middle=False)
    plaintiff, defendant = x.name(), x.name()
    witness = x.pick(
        (
            "Custodian of Records, "
            + x.pick(
                ("Larkin Valley Medical Group", "City of Millbrook Housing Authority", "Riverbend Unified School")
            ),
            x.name(),
        )
    )
    lines = [
        x.two("ATTORNEY OR PARTY WITHOUT ATTORNEY:", "FOR COURT USE ONLY", col=60),
        f"{attorney} (SBN {x.digits(6)})",
        f"{x.street()}, {county}, CA",
    ]
    lines += [f"TELEPHONE NO.: {x.phone()}", f"ATTORNEY FOR (Name): {plaintiff}", ""]
    lines += [
        f"SUPERIOR COURT OF CALIFORNIA, COUNTY OF {county.upper()}",
        f"PLAINTIFF/PETITIONER: {plaintiff}",
        f"DEFENDANT/RESPONDENT: {defendant}",
        "",
    ]
    lines += [x.two("CIVIL SUBPENA (DUCES TECUM) for Personal Appearance and", "CASE NUMBER:", col=62)]
    lines += [
        x.two(
            "Production of Documents, Electronically Stored Information,",
            f"{issued:%y}{x.pick(('CV', 'STCV', 'CECG'))}{x.digits(5)}",
            col=62,
        )
    ]
    lines += ["and Things at Trial or Hearing and DECLARATION", ""]
    lines += x.wrap(
        "THE PEOPLE OF THE STATE OF CALIFORNIA, TO (name, address, and telephone number of witness, if known): "
        f"{witness}"
    )
    lines += [""]
    lines += x.wrap(
        "1. YOU ARE ORDERED TO APPEAR AS A WITNESS in this action at the date, time, and place shown in the box "
        "below UNLESS "
        "your appearance is excused as indicated in box 3b below or you make an agreement with the person named in "
        "item 4 below."
    )
    when = issued + dt.timedelta(days=x.r.randrange(15, 45))
    lines += [
        f"   a. Date: {us(when)}     Time: 9:00 a.m.     {x.on} Dept.: {x.r.randrange(1, 80)}     {x.off} Div.:    "
        f" {x.off} Room:"
    ]
    lines += [f"   b. Address: {x.street()}, {county}, California", ""]
    lines += x.wrap(
        "2. IF YOU HAVE BEEN SERVED WITH THIS SUBPENA AS A CUSTODIAN OF CONSUMER OR EMPLOYEE RECORDS UNDER CODE OF "
        "CIVIL PROCEDURE SECTION 1985.3 OR 1985.6 AND A MOTION TO QUASH OR AN OBJECTION HAS BEEN SERVED ON YOU, A "
        "COURT ORDER OR AGREEMENT OF THE PARTIES, WITNESSES, AND CONSUMER OR EMPLOYEE AFFECTED MUST BE OBTAINED "
        "BEFORE YOU ARE REQUIRED TO PRODUCE CONSUMER OR EMPLOYEE RECORDS."
    )
    lines += [""]
    lines += x.wrap(
        "DISOBEDIENCE OF THIS SUBPENA MAY BE PUNISHED AS CONTEMPT BY THIS COURT. YOU WILL ALSO BE LIABLE FOR THE "
        "SUM OF FIVE "
        "HUNDRED DOLLARS AND ALL DAMAGES RESULTING FROM YOUR FAILURE TO OBEY."
    )
    lines += [""]
    if signer == "clerk":
        lines += [x.two(f"Date issued: {us(issued)}", f"{x.pick(('/s/ ', ''))}{clerk}")]
        lines += [x.two("", "(SIGNATURE OF PERSON ISSUING SUBPENA)"), x.two("", "Clerk, by ____________, Deputy")]
    else:
        lines += [
            x.two(f"Date issued: {us(issued)}", f"/s/ {attorney}"),
            x.two("", "(SIGNATURE OF PERSON ISSUING SUBPENA)"),
            x.two("", "Attorney for Plaintiff (TITLE)"),
        ]
    lines += [
        "",
        "(Proof of service on reverse)",
        "Form Adopted for Mandatory Use Judicial Council of California SUBP-002        Code of Civil Procedure, § "
        "1985 et seq.",
    ]
    notes = ["California civil subpena", "clerk-issued" if signer == "clerk" else "attorney-issued"]
    return Built(
        [lines],
        False,
        False,
        notes,
        ["SUPERIOR COURT OF CALIFORNIA", "CIVIL SUBPENA", "SIGNATURE OF PERSON ISSUING SUBPENA"],
        issuer="state:CA",
        issued_by=signer,
    )


def ca_cr125(x: Ctx) -> Built:
    county = x.pick(CA_COUNTIES)
    issued = x.day()
    da = x.official(middle=False)
    defendant = x.name()
    lines = [f"SUPERIOR COURT OF CALIFORNIA, COUNTY OF {county.upper()}", x.two("", "FOR COURT USE ONLY", col=62)]
    lines += [
        x.two(f"THE PEOPLE OF THE STATE OF CALIFORNIA vs. {defendant.upper()}", "CASE NUMBER:", col=62),
        x.two("", f"{x.pick(('BA', 'F', 'CR'))}{x.digits(6)}", col=62),
        "",
    ]
    lines += [x.center("ORDER TO ATTEND COURT OR PROVIDE DOCUMENTS:"), x.center("Subpoena/Subpoena Duces Tecum"), ""]
    lines += x.wrap(
        "THE PEOPLE OF THE STATE OF CALIFORNIA, TO (name): Custodian of Records, "
        f"{x.pick(('Millbrook Police Department', 'Larkin County Probation Department', 'Ashford Community College'))}"
    )
    lines += [""]
    lines += x.wrap(
        "1. YOU ARE ORDERED TO APPEAR AS A WITNESS in the above-entitled action on (date): "
        f"{us(issued + dt.timedelta(days=21))} "
        f"at (time): 8:30 a.m. in Dept.: {x.r.randrange(100, 130)}.",
    )
    lines += x.wrap(
        f"2. {x.on} and you are ordered to bring with you the documents described in the attached declaration."
    )
    lines += ["", "3. Disobedience of this subpoena may be punished as contempt by this court.", ""]
    lines += [
        x.two(f"Date issued: {us(issued)}", f"/s/ {da}"),
        x.two("", "(SIGNATURE OF PERSON ISSUING SUBPOENA)"),
        x.two("", "Deputy District Attorney (TITLE)"),
        "",
    ]
    lines += [
        "Form Adopted for Mandatory Use Judicial Council of California CR-125/JV-525        Penal Code, § 1326 et seq."
    ]
    return Built(
        [lines],
        False,
        False,
        ["California criminal subpoena issued by the DA; title says 'ORDER TO ATTEND COURT'"],
        ["SUPERIOR COURT OF CALIFORNIA", "Subpoena", "SIGNATURE OF PERSON ISSUING SUBPOENA"],
    )


def ny_so_ordered(x: Ctx) -> Built:
    county, _ = x.pick(NY_COUNTIES)
    issued = x.day()
    justice = x.official()
    defendant = x.name()
    lines = [x.center("SUPREME COURT OF THE STATE OF NEW YORK"), x.center(f"COUNTY OF {county}"), ""]
    lines += [
        x.two("THE PEOPLE OF THE STATE OF NEW YORK", f"Ind. No. {x.digits(5)}/{issued.year}"),
        "            -against-",
        f"{defendant.upper()},",
        "                              Defendant.",
        "",
    ]
    lines += [x.center("JUDICIAL SUBPOENA DUCES TECUM"), ""]
    lines += [
        "THE PEOPLE OF THE STATE OF NEW YORK TO: Custodian of Records, "
        f"{x.pick(('NYC Department of Education', 'Kings County Hospital Center', 'Metro Transit Authority'))}",
        "",
    ]
    lines += x.wrap(
        "WE COMMAND YOU, that all business and excuses being laid aside, you produce the records described in the "
        "annexed "
        f"schedule to Part {x.r.randrange(20, 90)} of this Court, on {long(issued + dt.timedelta(days=14))} at "
        "9:30 a.m., "
        "pursuant to CPLR 2307 and CPL 610.20. Failure to comply is punishable as a contempt of court.",
        first="      ",
    )
    lines += ["", "SO ORDERED:", ""]
    lines += x.sig(
        signed_mark(x, justice, electronic=0.2), f"HON. {justice.upper()}, J.S.C.", left=f"Dated: {us(issued)}"
    )
    return Built(
        [lines],
        True,
        False,
        ["so-ordered judicial subpoena, signed by a justice"],
        ["SUPREME COURT OF THE STATE OF NEW YORK", "JUDICIAL SUBPOENA DUCES TECUM", "J.S.C."],
    )


def tx_subpoena(x: Ctx) -> Built:
    county = x.pick(TX_COUNTIES)
    issued = x.day()
    clerk = x.official(middle=False)
    deputy = x.official(middle=False)
    defendant = x.name()
    lines = [
        x.center("THE STATE OF TEXAS"),
        x.center("SUBPOENA"),
        x.center(f"CAUSE NO. {issued.year}-CR-{x.digits(4)}"),
        "",
    ]
    lines += [
        x.two("THE STATE OF TEXAS", f"IN THE {ordinal(x.pick((174, 226, 399)))} DISTRICT COURT"),
        x.two(f"VS. {defendant.upper()}", f"{county.upper()} COUNTY, TEXAS"),
        "",
    ]
    lines += ["TO ANY SHERIFF OR CONSTABLE OF THE STATE OF TEXAS, OR OTHER AUTHORIZED PERSON, GREETINGS:", ""]
    lines += x.wrap(
        f"YOU ARE HEREBY COMMANDED to summon {x.name()}, who may be found at {x.street()}, to be and appear before the "
        f"District Court of {county} County, Texas, on {long(issued + dt.timedelta(days=20))} at 9:00 a.m., then "
        "and there "
        "to testify as a witness in the above styled and numbered cause, and there remain from day to day and term "
        "to term "
        "until discharged by the Court (Tex. Code Crim. Proc. art. 24.01).",
        first="      ",
    )
    lines += ["", f"      ISSUED AND GIVEN UNDER MY HAND AND SEAL OF SAID COURT at office, on {long(issued)}.", ""]
    lines += [x.two("", f"{clerk.upper()}, DISTRICT CLERK"), x.two("", f"{county.upper()} COUNTY, TEXAS"), ""]
    lines += x.sig(f"{x.pick(('', '/s/ '))}{deputy}", "BY: Deputy")
    return Built(
        [lines],
        False,
        False,
        ["Texas subpoena issued by the district clerk"],
        ["DISTRICT COURT", "SUBPOENA", "DISTRICT CLERK"],
    )


def il_subpoena(x: Ctx) -> Built:
    issued = x.day()
    attorney = x.official(middle=False)
    clerk = x.official(middle=False)
    lines = [
        x.center("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS"),
        x.center(x.pick(("COUNTY DEPARTMENT, LAW DIVISION", "MUNICIPAL DEPARTMENT, FIRST DISTRICT"))),
        "",
    ]
    lines += [x.two(f"{x.name()}", f"No. {issued.year}L{x.digits(6)}"), "      v.", f"{x.name()}", ""]
    lines += [x.center("SUBPOENA IN A CIVIL MATTER (For Testimony and/or Documents)"), ""]
    lines += [
        "To: Keeper of Records, "
        f"{x.pick(('Chicago Transit Authority', 'Village of Larkin Park Police Department', 'Westlake Clinic'))}",
        "",
    ]
    lines += x.wrap(
        f"1. YOU ARE COMMANDED to appear to give your testimony before the Honorable ____________ in Room ____ , "
        f"{x.street()}, Chicago, Illinois, on {us(issued + dt.timedelta(days=30))} at 10:00 a.m."
    )
    lines += x.wrap(
        f"2. {x.on} YOU ARE COMMANDED to mail the following documents in your possession or control to {attorney} at "
        f"{x.street()}, Chicago, IL, on or before {us(issued + dt.timedelta(days=28))}: all records relating to "
        "the plaintiff."
    )
    lines += [
        "",
        "YOUR FAILURE TO RESPOND TO THIS SUBPOENA WILL SUBJECT YOU TO PUNISHMENT FOR CONTEMPT OF THIS COURT.",
        "",
    ]
    lines += [f"Atty. No.: {x.digits(5)}", f"Name: {attorney}", "Atty. for: Plaintiff", ""]
    lines += x.sig(f"{x.pick(('', '/s/ '))}{clerk}", "Clerk of Court  (Seal of Court)", left=f"Date: {us(issued)}")
    return Built(
        [lines],
        False,
        False,
        ["Cook County subpoena issued under the clerk's seal"],
        ["CIRCUIT COURT OF COOK COUNTY", "SUBPOENA", "Clerk of Court"],
    )


def fl_subpoena(x: Ctx) -> Built:
    circuit, county = x.pick((("ELEVENTH", "MIAMI-DADE"), ("SEVENTEENTH", "BROWARD"), ("THIRTEENTH", "HILLSBOROUGH")))
    issued = x.day()
    clerk = x.official(middle=False)
    deputy = x.official(middle=False)
    lines = [*x.wrap(f"IN THE CIRCUIT COURT OF THE {circuit} JUDICIAL CIRCUIT IN AND FOR {county} COUNTY, FLORIDA"), ""]
    lines += [
        x.two(f"{x.name().upper()},", f"CASE NO.: {issued.year}-{x.digits(6)}-CA-01"),
        "      Plaintiff,",
        "v.",
        f"{x.name().upper()},",
        "      Defendant.",
        "",
    ]
    lines += [x.center("SUBPOENA DUCES TECUM FOR DEPOSITION"), ""]
    lines += [
        "THE STATE OF FLORIDA: TO: Records Custodian, "
        f"{x.pick(('City of Hialeah Code Enforcement', 'Broward Health Records Dept.', 'Tampa Bay Transit'))}",
        "",
    ]
    lines += x.wrap(
        f"YOU ARE COMMANDED to appear before a person authorized by law to take depositions at {x.street()}, on "
        f"{long(issued + dt.timedelta(days=18))} at 10:00 a.m., for the taking of your deposition in this action, "
        "and to "
        "have with you at that time and place the records described in Exhibit A. If you fail to appear, you may be in "
        "contempt of court.",
        first="      ",
    )
    lines += ["", f"      WITNESS my hand and the seal of this Court on {long(issued)}.", ""]
    lines += [x.two("", f"{clerk.upper()}"), x.two("", "CLERK OF THE CIRCUIT COURT"), ""]
    lines += x.sig(f"{x.pick(('', '/s/ '))}{deputy}", "By: Deputy Clerk")
    return Built(
        [lines],
        False,
        False,
        ["Florida subpoena signed by deputy clerk"],
        ["CIRCUIT COURT", "SUBPOENA DUCES TECUM", "Deputy Clerk"],
    )


def wa_subpoena(x: Ctx) -> Built:
    county = x.pick(("KING", "PIERCE", "SPOKANE"))
    issued = x.day()
    attorney = x.official(middle=False)
    lines = [x.center(f"SUPERIOR COURT OF WASHINGTON FOR {county} COUNTY"), ""]
    lines += [
        x.two(f"{x.name().upper()},", f"No. {issued:%y}-2-{x.digits(5)}-{x.r.randrange(0, 9)} SEA"),
        "            Plaintiff,",
        "      v.",
        f"{x.name().upper()},",
        "            Defendant.",
        "",
    ]
    lines += [x.center("SUBPOENA DUCES TECUM"), ""]
    lines += [
        "THE STATE OF WASHINGTON TO: Records Custodian, "
        f"{x.pick(('Evergreen Community Health', 'City of Larkin Utilities', 'Sound Transit Services'))}",
        "",
    ]
    lines += x.wrap(
        f"YOU ARE COMMANDED to produce the documents listed in Exhibit A at the office of the undersigned on "
        f"{long(issued + dt.timedelta(days=14))} at 10:00 a.m. This subpoena is issued under CR 45 by an attorney "
        "of record.",
        first="      ",
    )
    lines += [""]
    lines += x.sig(f"/s/ {attorney}", f"{attorney}, WSBA No. {x.digits(5)}", left=f"DATED: {us(issued)}")
    lines.append(x.two("", "Attorney for Plaintiff"))
    return Built(
        [lines],
        False,
        False,
        ["Washington subpoena issued by an attorney under CR 45"],
        ["SUPERIOR COURT OF WASHINGTON", "SUBPOENA DUCES TECUM", "Attorney"],
    )


def ma_subpoena(x: Ctx) -> Built:
    issued = x.day()
    clerk = x.official(middle=False)
    division = x.pick(
        (
            "Boston Municipal Court, Roxbury Division",
            "District Court, Lawrence Division",
            "Superior Court, Suffolk County",
        )
    )
    lines = [
        x.center("COMMONWEALTH OF MASSACHUSETTS"),
        x.center("TRIAL COURT OF MASSACHUSETTS"),
        x.center(division.upper()),
        "",
    ]
    lines += [x.two(f"COMMONWEALTH v. {x.name().upper()}", f"Docket No. {issued:%y}{x.digits(2)}CR{x.digits(6)}"), ""]
    lines += [x.center("SUBPOENA FOR A WITNESS"), x.center("(G.L. c. 277, § 68)"), ""]
    lines += [f"To: {x.name()}, {x.street()}, Boston, MA", ""]
    lines += x.wrap(
        f"You are hereby commanded to appear before the {division} on {long(issued + dt.timedelta(days=25))} at "
        "9:00 a.m. "
        "to give evidence of what you know relating to the above matter and to remain until the case is heard.",
        first="      ",
    )
    lines += [""]
    lines += x.sig(f"{x.pick(('', '/s/ '))}{clerk}", "Assistant Clerk", left=f"Date: {us(issued)}")
    return Built(
        [lines],
        False,
        False,
        ["Massachusetts witness subpoena issued by the clerk's office"],
        ["TRIAL COURT OF MASSACHUSETTS", "SUBPOENA", "Clerk"],
    )


# --------------------------------------------------------------------------------------------
# Department of Homeland Security
# --------------------------------------------------------------------------------------------


def dhs_header(x: Ctx, *, ice: bool = False, caps: bool | None = None) -> list[str]:
    caps = x.upper if caps is None else caps
    dhs = "U.S. DEPARTMENT OF HOMELAND SECURITY" if caps else "U.S. Department of Homeland Security"
    lines = [x.center(dhs)]
    if ice:
        lines.append(x.center("U.S. Immigration and Customs Enforcement"))
    return lines


def office(x: Ctx) -> tuple[str, str, str]:
    """The ICE field office behind this document (one per document, so a fax cover and its enclosure agree)."""
    return x.field_office


def i138(x: Ctx, *, appear: bool = False, recipient: str | None = None) -> Built:
    city, state, _area = office(x)
    issued = x.day()
    officer = x.official()
    title = x.pick(
        (
            "Special Agent in Charge",
            "Field Office Director",
            "Assistant Field Office Director",
            "Deputy Special Agent in Charge",
        )
    )
    component = "Homeland Security Investigations" if "Agent" in title else "Enforcement and Removal Operations"
    recipient = recipient or x.pick(
        (
            f"Custodian of Records, {x.pick(('Larkin', 'Moreland', 'Greer'))} County Sheriff's Office",
            f"Custodian of Records, City of {x.pick(('Ashford', 'Millbrook', 'Riverbend'))} Department of Public Works",
            f"Principal, {x.pick(('Lincoln Heights', 'Riverbend', 'Westlake'))} High School",
            f"Human Resources Manager, {x.pick(('Copperleaf Farms', 'Harbor Point Packing', 'Northgate Staffing'))}",
        )
    )
    number = f"{x.pick(('HSI', 'ERO', 'ICE'))}-{city[:3].upper()}-{issued.year}-{x.digits(5)}"
    subject = x.name()
    lines = [x.two(x.hdr("U.S. Department of Homeland Security"), f"Subpoena Number: {number}", col=60)]
    lines += [
        x.center("Immigration and Customs Enforcement") if x.chance(0.5) else "",
        "",
        x.center("SUBPOENA"),
        x.center("(To Appear and/or Produce Records)"),
        "",
    ]
    lines += [f"In the matter of:  {subject}", f"File No.:  {x.a_number()}", ""]
    lines += [f"To:  {recipient}", f"     {x.street()}, {city}, {state}", ""]
    lines += ["By the service of this subpoena upon you, YOU ARE HEREBY COMMANDED AND REQUIRED TO:", ""]
    when = issued + dt.timedelta(days=x.r.randrange(5, 21))
    lines += x.wrap(
        f"{x.box(appear)} Appear before {officer if appear else '________________'} ({component}) at {x.street()}, "
        f"{city}, "
        f"{state} on {us(when) if appear else '________'} at {'10:00 a.m.' if appear else '______'} to give testimony",
        first="  ",
        indent="      ",
    )
    lines += x.wrap(
        f"{x.box(True)} Produce the following records: booking records, release date, last known address, telephone "
        f"numbers and employment information for {subject}, "
        f"{x.pick(('as listed in the attachment', 'for the period of January 1 to present'))}",
        first="  ",
        indent="      ",
    )
    lines += [""]
    lines += x.wrap(
        "in connection with an investigation or inquiry relating to the enforcement of the immigration laws of the "
        "United "
        "States, pursuant to section 235(d)(4) of the Immigration and Nationality Act (8 U.S.C. 1225(d)(4)) and 8 "
        "CFR 287.4."
    )
    lines += [""]
    lines += x.wrap(
        "Failure to comply with this subpoena may result in the U.S. Department of Homeland Security seeking an "
        "order of a "
        "United States District Court to compel compliance with this subpoena."
    )
    lines += [
        "",
        x.two(signed_mark(x, officer, electronic=0.3), f"{officer}, {title}"),
        x.two("(Signature)", "(Name and Title of Issuing Officer)"),
        "",
    ]
    lines += [f"Date:  {us(issued)}", "", x.two("Form I-138", "Page 1 of 2", col=80)]
    p2 = [x.center("CERTIFICATE OF SERVICE"), ""]
    p2 += x.wrap(
        f"I hereby certify that I served this subpoena on {'_' * 20} at {'_' * 20} on {'_' * 12}, in the following "
        "manner:"
    )
    p2 += [f"  {x.off} in person   {x.off} by certified mail   {x.off} by leaving a copy at the address above", ""]
    p2 += [
        x.two("______________________________", "______________________________"),
        x.two("(Signature)", "(Name and Title)"),
    ]
    return Built(
        [lines, p2],
        False,
        None,
        [f"I-138 to {recipient.split(',')[0].lower()}"],
        ["Department of Homeland Security", "SUBPOENA", "Issuing Officer"],
    )


def hsi_summons(x: Ctx) -> Built:
    city, state, _area = office(x)
    issued = x.day()
    agent = x.official()
    sac = x.official()
    company = " ".join(
        (x.pick(("Copperleaf", "Harbor Point", "Northgate", "Bellwether")), x.pick(("Imports, Inc.", "Freight LLC")))
    )
    lines = [*dhs_header(x, ice=True), x.center("Homeland Security Investigations"), ""]
    lines += [x.center("SUMMONS"), x.center("(19 U.S.C. § 1509)"), ""]
    lines += [f"To:  Custodian of Records, {company}", f"     {x.street()}, {city}, {state}", ""]
    lines += x.wrap(
        f"You are hereby summoned and required to appear before Special Agent {agent}, an officer of U.S. "
        "Immigration and "
        f"Customs Enforcement, at {x.street()}, {city}, {state}, on {long(issued + dt.timedelta(days=14))} at "
        "10:00 a.m., and to "
        "produce the records listed in the attached schedule relating to the importation of merchandise, for the "
        "purpose "
        "of ascertaining the correctness of entries and determining liability for duties, fees and penalties.",
        first="      ",
    )
    lines += [""]
    lines += x.wrap(
        "Failure to comply with this summons may result in the United States seeking enforcement in a United "
        "States District "
        "Court under 19 U.S.C. § 1510, and in penalties under 19 U.S.C. § 1509(g)."
    )
    lines += [
        "",
        x.two(signed_mark(x, sac, electronic=0.2), f"{sac}"),
        x.two("(Signature of issuing officer)", "Special Agent in Charge"),
        f"Date of issue: {us(issued)}",
    ]
    return Built(
        [lines],
        False,
        None,
        ["HSI customs summons (administrative, 19 U.S.C. 1509)"],
        ["Department of Homeland Security", "SUMMONS", "Special Agent in Charge"],
    )


def i9_noi(x: Ctx) -> Built:
    city, state, _area = office(x)
    issued = x.day()
    officer = x.official()
    company = " ".join(
        (x.pick(("Copperleaf", "Harbor Point", "Larkspur", "Osprey")), x.pick(("Farms", "Packing Co.", "Builders LLC")))
    )
    p1 = [
        *dhs_header(x, ice=True),
        x.center("Homeland Security Investigations"),
        f"{x.street()}, {city}, {state}",
        "",
        long(issued),
        "",
    ]
    p1 += [
        f"{company}",
        "Attn: Owner / Human Resources",
        f"{x.street()}, {city}, {state}",
        "",
        x.center("NOTICE OF INSPECTION"),
        "",
    ]
    p1 += x.wrap(
        "Pursuant to section 274A of the Immigration and Nationality Act (8 U.S.C. § 1324a) and 8 CFR "
        "274a.2(b)(2)(ii), you "
        "are hereby notified that U.S. Immigration and Customs Enforcement will inspect the Employment Eligibility "
        "Verification forms (Forms I-9) for all current employees and for employees terminated within the past "
        "year. You "
        "are required to make the forms available within three (3) business days of the date of service of this "
        "notice.",
        first="      ",
    )
    p1 += ["", "An Immigration Enforcement Subpoena (Form I-138) is enclosed.", ""]
    p1 += [f"{officer}", "Special Agent, Homeland Security Investigations", ""]
    sub = i138(x, recipient=f"Owner, {company}")
    return Built(
        [p1, *sub.pages],
        False,
        None,
        ["I-9 Notice of Inspection with enclosed I-138"],
        ["Department of Homeland Security", "SUBPOENA", "Issuing Officer"],
    )


I200_BASIS = (
    "the execution of a charging document to initiate removal proceedings against the subject;",
    "the pendency of ongoing removal proceedings against the subject;",
    "the failure to establish admissibility subsequent to deferred inspection;",
    "biometric confirmation of the subject's identity and a records check of federal databases that affirmatively "
    "indicate, by themselves or in addition to other reliable information, that the subject either lacks immigration "
    "status or notwithstanding such status is removable under U.S. immigration law; and/or",
    "statements made voluntarily by the subject to an immigration officer and/or other reliable evidence that "
    "affirmatively indicate the subject either lacks immigration status or notwithstanding such status is removable "
    "under U.S. immigration law.",
)


def i200(x: Ctx, *, signed: bool = True, served: bool = False) -> Built:
    city, state, _area = office(x)
    issued = x.day()
    officer = x.official()
    alien = x.name()
    title = x.pick(
        (
            "Supervisory Detention and Deportation Officer",
            "Assistant Field Office Director",
            "Deportation Officer",
            "Supervisory Special Agent",
        )
    )
    lines = [*dhs_header(x, caps=True), x.center("WARRANT FOR ARREST OF ALIEN"), ""]
    lines += [x.two("", f"File No. {x.a_number()}", col=58), x.two("", f"Date: {us(issued)}", col=58), ""]
    lines += x.wrap(
        "To:  Any immigration officer authorized pursuant to sections 236 and 287 of the Immigration and "
        "Nationality Act "
        "and part 287 of title 8, Code of Federal Regulations, to serve warrants of arrest for immigration violations",
        indent="      ",
    )
    lines += [""]
    lines += x.wrap(
        f"I have determined that there is probable cause to believe that {alien.upper()} is removable from the United "
        "States. This determination is based upon:"
    )
    ticks = {x.r.randrange(0, 5)} | ({3} if x.chance(0.5) else set())
    for i, basis in enumerate(I200_BASIS):
        lines += x.wrap(basis, first=f"  {x.box(i in ticks)} ", indent="      ")
    lines += [""]
    lines += x.wrap(
        "YOU ARE COMMANDED to arrest and take into custody for removal proceedings under the Immigration and "
        "Nationality "
        "Act, the above-named alien."
    )
    lines += [""]
    mark = signed_mark(x, officer, electronic=0.2) if signed else None
    lines += x.sig(mark, "(Signature of Authorized Immigration Officer)")
    lines += x.sig(
        f"{officer}, {title}" if signed or x.chance(0.5) else None,
        "(Printed Name and Title of Authorized Immigration Officer)",
    )
    lines += ["", x.center("Certificate of Service"), ""]
    place = (
        f"{x.pick(('Larkin County Jail', 'Moreland County Detention Center', 'Ashford City Jail'))}, {city}, {state}"
    )
    if served:
        lines += x.wrap(
            f"I hereby certify that the Warrant for Arrest of Alien was served by me at {place} (Location) on "
            f"{alien} (Name of "
            f"Alien) on {us(issued + dt.timedelta(days=1))} (Date of Service), and the contents of this notice "
            "were read to him "
            f"or her in the {x.pick(('Spanish', 'English', 'Portuguese', 'Haitian Creole'))} (Language) language."
        )
    else:
        lines += x.wrap(
            "I hereby certify that the Warrant for Arrest of Alien was served by me at __________ (Location) on "
            "__________ "
            "(Name of Alien) on __________ (Date of Service), and the contents of this notice were read to him or "
            "her in "
            "the __________ (Language) language."
        )
    lines += ["", x.two("______________________________", "______________________________", col=48)]
    lines += [
        x.two("Name and Signature of Officer", "Name or Number of Interpreter (if applicable)", col=48),
        "",
        "Form I-200 (Rev. 09/16)",
    ]
    notes = [] if signed else ["unsigned I-200"]
    return Built(
        [lines],
        False,
        None,
        notes,
        ["DEPARTMENT OF HOMELAND SECURITY", "WARRANT FOR ARREST OF ALIEN", "Authorized Immigration Officer"],
        issuer="immigration_agency",
        issued_by="officer" if signed else "unknown",
    )


def i205(x: Ctx, *, order_by: str = "ij", page2: bool = True) -> Built:
    """I-205. order_by: ij | bia | official | court (the box describing the removal order)."""
    city, state, _area = office(x)
    issued = x.day()
    officer = x.official()
    alien = x.name()
    _country, _ = x.country()
    entered = x.day("2008-01-01", "2022-12-31")
    lines = [*dhs_header(x), x.center("WARRANT OF REMOVAL/DEPORTATION"), ""]
    lines += [x.two("", f"File No: {x.a_number()}", col=58), x.two("", f"Date: {us(issued)}", col=58), ""]
    lines += ["To any immigration officer of the United States Department of Homeland Security:", ""]
    lines += [x.two(alien.upper(), "", col=40), "(Full name of alien)", ""]
    place = x.pick(
        (
            "San Ysidro, CA",
            "Hidalgo, TX",
            "Miami International Airport",
            "unknown place",
            "JFK International Airport",
            "Nogales, AZ",
        )
    )
    lines += [f"who entered the United States at {place} (Place of entry) on {us(entered)} (Date of entry)", ""]
    lines += ["is subject to removal/deportation from the United States, based upon a final order by:"]
    boxes = (
        ("ij", "an immigration judge in exclusion, deportation, or removal proceedings"),
        ("official", "a designated official"),
        ("bia", "the Board of Immigration Appeals"),
        ("court", "a United States District or Magistrate Court Judge"),
    )
    for key, text in boxes:
        lines.append(f"  {x.box(key == order_by)} {text}")
    section = x.pick(("212(a)(6)(A)(i)", "237(a)(1)(B)", "237(a)(2)(A)(iii)", "212(a)(7)(A)(i)(I)"))
    lines += ["", f"and pursuant to the following provisions of the Immigration and Nationality Act:  {section}", ""]
    lines += x.wrap(
        "I, the undersigned officer of the United States, by virtue of the power and authority vested in the "
        "Secretary of "
        "Homeland Security under the laws of the United States and by his or her direction, command you to take "
        "into custody "
        "and remove from the United States the above-named alien, pursuant to law, at the expense of:"
    )
    payer = x.pick(('the appropriation "Enforcement and Removal Operations"', "the Department of Homeland Security"))
    lines += [f"      {payer}", ""]
    lines += x.sig(signed_mark(x, officer, electronic=0.2), "(Signature of immigration officer)")
    lines += x.sig(
        x.pick(("Field Office Director", "Deputy Field Office Director", "Assistant Field Office Director")),
        "(Title of immigration officer)",
    )
    lines += x.sig(f"{us(issued)}, {city}, {state}", "(Date and office location)")
    lines += ["", "Form I-205 (Rev. 08/07)"]
    pages = [lines]
    if page2:
        p2 = [x.center("To be completed by officer executing the warrant"), ""]
        p2 += [
            f"Name of alien being removed:  {alien}",
            "",
            "Port, date, and manner of removal: ______________________",
            "",
        ]
        p2 += ["Photograph of alien removed                    Right index fingerprint of alien removed", "", "", ""]
        p2 += [x.two("______________________________", "______________________________", col=48)]
        p2 += [
            x.two(
                "(Signature of alien being fingerprinted)",
                "(Signature and title of immigration officer taking print)",
                col=48,
            ),
            "",
        ]
        p2 += [
            "Departure witnessed by: ______________________________",
            "                        (Signature and title of immigration officer)",
            "",
        ]
        p2 += [
            "If actual departure is not witnessed, fully identify source or means of verification of departure:",
            "",
        ]
        p2 += [f"If self-removal (self-deportation), pursuant to 8 CFR 241.7, check here. {x.off}", ""]
        p2 += [
            "Departure Verified by: ______________________________",
            "                       (Signature and title of immigration officer)",
            "",
            "Form I-205 (Rev. 08/07)   Page 2",
        ]
        pages.append(p2)
    label = {
        "ij": "immigration judge",
        "bia": "Board of Immigration Appeals",
        "official": "designated official",
        "court": "District or Magistrate Court Judge",
    }
    notes = [f"adversarial: I-205 names {label[order_by]} as author of the removal order, signer is an officer"]
    return Built(
        pages,
        False,
        None,
        notes,
        ["Department of Homeland Security", "WARRANT OF REMOVAL/DEPORTATION", "Signature of immigration officer"],
    )


def lea_name(x: Ctx) -> str:
    return x.pick(
        (
            f"{x.pick(('Larkin', 'Moreland', 'Greer', 'Ashford'))} County Sheriff's Office - Jail Division",
            f"{x.pick(('Millbrook', 'Riverbend', 'Westlake'))} Police Department",
            f"{x.pick(('Larkin', 'Moreland'))} County Department of Corrections",
        )
    )


def i247a(x: Ctx, *, legacy: bool = False, cancel: bool = False, short: bool = False) -> Built:
    city, state, area = office(x)
    issued = x.day("2017-04-03", "2026-02-27") if not legacy else x.day("2012-12-01", "2015-05-30")
    officer = x.official()
    alien = x.name()
    country, _ = x.country()
    dob = x.dob()
    title = "IMMIGRATION DETAINER - NOTICE OF ACTION" if x.chance(0.6) else "IMMIGRATION DETAINER – NOTICE OF ACTION"
    lines = [
        x.center("DEPARTMENT OF HOMELAND SECURITY (DHS)" if not legacy else "DEPARTMENT OF HOMELAND SECURITY"),
        x.center(title),
        "",
    ]
    if legacy:
        lines += [x.center("MAINTAIN CUSTODY OF ALIEN FOR A PERIOD NOT TO EXCEED 48 HOURS"), ""]
    lines += [
        f"Subject ID: {x.digits(9)}      Event #: {city[:3].upper()}{x.digits(10)}",
        f"File No: {x.a_number()}      Date: {us(issued)}",
        "",
    ]
    lines += [
        x.two("TO: (Name and Title of Institution - OR Any", "FROM: (DHS Office Address)"),
        x.two("Subsequent Law Enforcement Agency)", f"ICE {city} Field Office"),
    ]
    lines += [x.two(lea_name(x), f"{x.street()}, {city}, {state}"), ""]
    lines += [
        f"Name of Alien: {alien.upper()}",
        f"Date of Birth: {us(dob)}     Citizenship: {country}     Sex: {sex_of(alien)}",
        "",
    ]
    if legacy:
        lines += [
            "YOU ARE ADVISED THAT THE ACTION NOTED BELOW HAS BEEN TAKEN BY THE U.S. DEPARTMENT OF HOMELAND SECURITY",
            "CONCERNING THE ABOVE-NAMED INDIVIDUAL:",
            "",
        ]
        lines += [
            f"  {x.on} Initiated removal proceedings and served a Notice to Appear or other charging document.",
            f"  {x.off} Obtained an order of deportation or removal from the United States for this person.",
            "",
        ]
    else:
        lines += x.wrap(
            "1. DHS HAS DETERMINED THAT PROBABLE CAUSE EXISTS THAT THE SUBJECT IS A REMOVABLE ALIEN. THIS "
            "DETERMINATION IS BASED ON (complete box 1 or 2):"
        )
        basis = (
            "a final order of removal against the alien;",
            "the pendency of ongoing removal proceedings against the alien;",
            "biometric confirmation of the alien's identity and a records check of federal databases that "
            "affirmatively "
            "indicate, by themselves or in addition to other reliable information, that the alien either lacks "
            "immigration "
            "status or notwithstanding such status is removable under U.S. immigration law; and/or",
            "statements made by the alien to an immigration officer and/or other reliable evidence that "
            "affirmatively indicate "
            "the alien either lacks immigration status or notwithstanding such status is removable under U.S. "
            "immigration law.",
        )
        tick = x.r.randrange(0, 4)
        for i, b in enumerate(basis):
            lines += x.wrap(b, first=f"  {x.box(i == tick)} ", indent="      ")
        lines += [""]
        lines += x.wrap(
            f"2. {x.off} DHS TRANSFERRED THE ALIEN TO YOUR CUSTODY FOR A PROCEEDING OR INVESTIGATION (complete box "
            "1 or 2). "
            "Upon completion of the proceeding or investigation for which the alien was transferred to your "
            "custody, DHS "
            "intends to resume custody of the alien to complete processing and/or make an admissibility determination."
        )
    lines += ["", "IT IS THEREFORE REQUESTED THAT YOU:", ""]
    lines += x.wrap(
        "• Notify DHS as early as practicable (at least 48 hours, if possible) before the alien is released from your "
        "custody. Please notify DHS by calling U.S. Immigration and Customs Enforcement (ICE) or U.S. Customs and "
        "Border "
        f"Protection (CBP) at {x.phone(area)}. If you cannot reach an official at the number(s) provided, please "
        "contact "
        "the Law Enforcement Support Center at: (802) 872-6020.",
        indent="  ",
    )
    if short:
        return Built(
            [lines],
            False,
            None,
            ["partial: top half of the page only"],
            ["DEPARTMENT OF HOMELAND SECURITY", "IMMIGRATION DETAINER", "REQUESTED"],
            issued_by="unknown",  # the officer's signature is on the half not photographed
        )
    lines += x.wrap(
        "• Maintain custody of the alien for a period NOT TO EXCEED 48 HOURS beyond the time when he/she would "
        "otherwise "
        "have been released from your custody to allow DHS to assume custody. The alien must be served with a copy "
        "of this "
        "form for the detainer to take effect. This detainer arises from DHS authorities and should not impact "
        "decisions "
        "about the alien's bail, rehabilitation, parole, release, diversion, custody classification, work, quarter "
        "assignments, or other matters.",
        indent="  ",
    )
    lines += x.wrap(
        "• Relay this detainer to any other law enforcement agency to which you transfer custody of the alien.",
        indent="  ",
    )
    lines += x.wrap(
        "• Notify this office in the event of the alien's death, hospitalization or transfer to another institution.",
        indent="  ",
    )
    lines += [""]
    when = us(issued - dt.timedelta(days=x.r.randrange(30, 400))) if cancel else "______"
    lines += x.wrap(
        f"{x.box(cancel)} If checked: please cancel the detainer related to this alien previously submitted to you "
        f"on {when} (date)."
    )
    lines += [""]
    lines += [
        x.two(
            f"{officer}, "
            + x.pick(
                (
                    "Deportation Officer",
                    "Supervisory Detention and Deportation Officer",
                    "Immigration Enforcement Agent",
                )
            ),
            signed_mark(x, officer, electronic=0.1),
        )
    ]
    lines += [x.two("(Name and title of Immigration Officer)", "(Signature of Immigration Officer) (Sign in ink)"), ""]
    lines += x.wrap(
        "Notice: If the alien may be the victim of a crime or you want the alien to remain in the United States "
        "for a law "
        "enforcement purpose, notify the ICE Law Enforcement Support Center at (802) 872-6020. You may also call "
        "this number "
        "if you have any other questions or concerns about this matter."
    )
    lines += [
        "",
        "TO BE COMPLETED BY THE LAW ENFORCEMENT AGENCY CURRENTLY HOLDING THE ALIEN WHO IS THE SUBJECT OF THIS NOTICE:",
    ]
    lines += [
        f"Local Booking/Inmate #: {x.digits(8)}   Estimated release date/time: ____________   Latest criminal "
        "charge/conviction: ______"
    ]
    lines += [
        f"This form was served upon the alien on ______, in the following manner: {x.off} in person {x.off} by "
        f"inmate mail delivery {x.off} other"
    ]
    lines += [
        "",
        "______________________________   ______________________________",
        "Name and title of Officer          Signature of Officer",
        "",
    ]
    lines.append(
        x.two(
            "DHS Form I-247 (12/12)" if legacy else x.pick(("DHS Form I-247A (3/17)", "DHS Form I-247A (02/17)")),
            "Page 1 of 3",
            col=80,
        )
    )
    p2 = [x.center("NOTICE TO THE DETAINEE"), ""]
    p2 += x.wrap(
        "The Department of Homeland Security (DHS) has placed an immigration detainer on you. An immigration "
        "detainer is a "
        "notice from DHS informing law enforcement agencies that DHS intends to assume custody of you after you "
        "otherwise "
        "would be released from custody. If you have a complaint regarding this detainer, you may contact the ICE "
        "Joint "
        "Intake Center at 1-877-2INTAKE (246-8253). If you believe you are a United States citizen or the victim "
        "of a crime, "
        "please advise DHS by calling the ICE Law Enforcement Support Center toll free at (855) 448-6903."
    )
    notes = ["legacy I-247 (2012)"] if legacy else []
    if cancel:
        notes.append("cancel box checked")
    return Built(
        [lines, p2],
        False,
        None,
        notes,
        ["DEPARTMENT OF HOMELAND SECURITY", "IMMIGRATION DETAINER", "Immigration Officer"],
    )


PRIORITY_BOXES = (
    "has engaged in or is suspected of terrorism or espionage, or otherwise poses a danger to national security;",
    "has been convicted of an offense of which an element was active participation in a criminal street gang;",
    "has been convicted of an offense classified as a felony in the convicting jurisdiction, other than a state or "
    "local offense for which an essential element was the alien's immigration status;",
    "has been convicted of an aggravated felony, as defined in section 101(a)(43) of the Immigration and "
    "Nationality Act;",
    "has been convicted of 3 or more misdemeanor offenses, not including minor traffic offenses;",
    'has been convicted of a "significant misdemeanor" as defined under DHS policy.',
)


def i247d(x: Ctx) -> Built:
    city, _state, area = office(x)
    issued = x.day("2015-06-01", "2017-03-30")
    officer = x.official()
    alien = x.name()
    lines = [
        x.center("DEPARTMENT OF HOMELAND SECURITY"),
        x.center("IMMIGRATION DETAINER – REQUEST FOR VOLUNTARY ACTION"),
        "",
    ]
    lines += [f"Subject ID: {x.digits(9)}   Event #: {x.digits(10)}   File No: {x.a_number()}   Date: {us(issued)}", ""]
    lines += [x.two(f"TO: {lea_name(x)}", f"FROM: ICE {city} Field Office"), ""]
    lines += [
        f"Name of Subject: {alien.upper()}   Date of Birth: {us(x.dob())}   Citizenship: {x.country()[0]}   Sex: "
        f"{sex_of(alien)}",
        "",
    ]
    lines += x.wrap("A. DHS HAS DETERMINED THAT THE SUBJECT IS AN IMMIGRATION ENFORCEMENT PRIORITY BECAUSE HE/SHE:")
    tick = x.r.randrange(0, len(PRIORITY_BOXES))
    for i, b in enumerate(PRIORITY_BOXES):
        lines += x.wrap(b, first=f"  {x.box(i == tick)} ", indent="      ")
    lines += [
        "",
        "B. DHS HAS DETERMINED THAT PROBABLE CAUSE EXISTS THAT THE SUBJECT IS A REMOVABLE ALIEN. THIS "
        "DETERMINATION IS BASED ON:",
    ]
    lines += [
        f"  {x.on} a final order of removal against the subject;",
        f"  {x.off} the pendency of ongoing removal proceedings against the subject;",
        "",
    ]
    lines += ["IT IS THEREFORE REQUESTED THAT YOU:", ""]
    lines += x.wrap(
        "• Maintain custody of the subject for a period NOT TO EXCEED 48 HOURS beyond the time when he/she would "
        "otherwise "
        "have been released from your custody to allow DHS to assume custody. This request arises from DHS "
        "authorities and "
        "should not impact decisions about the subject's bail, rehabilitation, parole, release, diversion, custody "
        "classification, work, quarter assignments, or other matters.",
        indent="  ",
    )
    lines += x.wrap(
        f"• Provide a copy to the subject of this detainer. Notify DHS at {x.phone(area)} as early as practicable "
        "before the "
        "subject is released.",
        indent="  ",
    )
    lines += ["", x.two(f"{officer}, Deportation Officer", signed_mark(x, officer, electronic=0.1))]
    lines += [
        x.two("(Name and title of Immigration Officer)", "(Signature of Immigration Officer)"),
        "",
        "DHS Form I-247D (5/15)                                                        Page 1 of 3",
    ]
    return Built(
        [lines],
        False,
        None,
        ["legacy I-247D (2015-2017)"],
        ["DEPARTMENT OF HOMELAND SECURITY", "IMMIGRATION DETAINER", "Immigration Officer"],
    )


def i247n(x: Ctx) -> Built:
    city, _state, area = office(x)
    issued = x.day("2015-06-01", "2017-03-30") if x.chance(0.6) else x.day("2017-04-03", "2025-06-30")
    officer = x.official()
    alien = x.name()
    lines = [x.center("DEPARTMENT OF HOMELAND SECURITY (DHS)")]
    lines += [
        *[x.center(s) for s in ("REQUEST FOR VOLUNTARY NOTIFICATION OF RELEASE", "OF SUSPECTED PRIORITY ALIEN")],
        "",
    ]
    lines += [f"Subject ID: {x.digits(9)}   File No: {x.a_number()}   Event #: {x.digits(10)}   Date: {us(issued)}", ""]
    lines += [x.two(f"TO: {lea_name(x)}", f"FROM: ICE ERO {city}, {x.street()}"), ""]
    lines += [
        f"Name of Subject: {alien.upper()}",
        f"Date of Birth: {us(x.dob())}   Suspected Citizenship: {x.country()[0]}   Sex: {sex_of(alien)}",
        "",
    ]
    lines += x.wrap(
        "1. DHS SUSPECTS THAT THE SUBJECT IS A REMOVABLE ALIEN AND THAT THE SUBJECT IS AN IMMIGRATION ENFORCEMENT "
        "PRIORITY "
        "BECAUSE HE/SHE (mark at least one option below, or skip to section 2):"
    )
    tick = x.r.randrange(0, len(PRIORITY_BOXES))
    for i, b in enumerate(PRIORITY_BOXES):
        lines += x.wrap(b, first=f"  {x.box(i == tick)} ", indent="      ")
    lines += [""]
    lines += x.wrap(f"2. {x.off} DHS TRANSFERRED THE SUBJECT TO YOUR CUSTODY FOR A PROCEEDING OR INVESTIGATION.")
    lines += ["", "IT IS THEREFORE REQUESTED THAT YOU:", ""]
    lines += x.wrap(
        "• Provide notice as early as practicable (at least 48 hours, if possible) before the subject is released "
        "from your "
        "custody to allow DHS an opportunity to determine whether there is probable cause to conclude that he or "
        "she is a "
        f"removable alien. Please notify DHS by calling {x.phone(area)}.",
        indent="  ",
    )
    lines += [""]
    lines += x.wrap(
        "This request does not request or authorize that you detain the subject beyond the time he/she is currently "
        "scheduled for release from your custody. This request should not impact decisions about the subject's bail, "
        "rehabilitation, parole, release, diversion, custody classification, work, quarter assignments, or other "
        "matters."
    )
    lines += [
        "",
        f"{x.off} If checked: please cancel the request related to this subject previously submitted to you on "
        "______ (date).",
        "",
    ]
    lines += [
        x.two(
            f"{officer}, {x.pick(('Deportation Officer', 'Immigration Enforcement Agent'))}",
            signed_mark(x, officer, electronic=0.1),
        )
    ]
    lines += [x.two("(Name and title of Immigration Officer)", "(Signature of Immigration Officer)"), ""]
    lines.append(x.two("DHS Form I-247N (6/15)", "Page 1 of 2", col=80))
    return Built(
        [lines],
        False,
        None,
        ["I-247N notification request"],
        ["DEPARTMENT OF HOMELAND SECURITY", "REQUEST FOR VOLUNTARY NOTIFICATION", "Immigration Officer"],
    )


IMMIGRATION_COURTS = (
    ("Los Angeles", "CA"), ("San Francisco", "CA"), ("Chicago", "IL"), ("Houston", "TX"), ("Harlingen", "TX"),
    ("New York - Broadway", "NY"), ("Boston", "MA"), ("Miami", "FL"), ("Seattle", "WA"), ("Denver", "CO"),
    ("Newark", "NJ"),
)  # fmt: skip


def i862(x: Ctx, *, klass: int | None = None, credible_fear: bool = False, page2_only: bool = False) -> Built:
    city, state, area = office(x)
    issued = x.day()
    officer = x.official()
    alien = x.name()
    country, _ = x.country()
    klass = klass or x.r.randrange(1, 4)
    court_city, court_state = x.pick(IMMIGRATION_COURTS)
    lines = [*dhs_header(x, caps=True), x.center("Notice to Appear"), ""]
    lines += ["In removal proceedings under section 240 of the Immigration and Nationality Act:"]
    lines += [
        f"Subject ID: {x.digits(9)}   FINS: {x.digits(10)}   File No: {x.a_number()}",
        f"DOB: {us(x.dob())}   Event No: {city[:3].upper()}{x.digits(10)}",
        "",
    ]
    lines += ["In the Matter of:", "", f"Respondent: {alien.upper()}                          currently residing at:"]
    lines += [
        f"{x.street()}, {city}, {state}     {x.phone(area)}",
        "(Number, street, city and ZIP code)                 (Area code and phone number)",
        "",
    ]
    classes = (
        "1. You are an arriving alien.",
        "2. You are an alien present in the United States who has not been admitted or paroled.",
        "3. You have been admitted to the United States, but are removable for the reasons stated below.",
    )
    for i, c in enumerate(classes, 1):
        lines.append(f"  {x.box(i == klass)} {c}")
    lines += ["", "The Department of Homeland Security alleges that you:"]
    arrived = x.day("2010-01-01", "2024-06-30")
    port = x.pick(
        ("or near Hidalgo, Texas", "or near San Luis, Arizona", "Miami, Florida", "or near Eagle Pass, Texas")
    )
    allegations = [
        "You are not a citizen or national of the United States;",
        f"You are a native of {country} and a citizen of {country};",
        f"You arrived in the United States at {port} on or about {us(arrived)};",
        "You were not then admitted or paroled after inspection by an Immigration Officer."
        if klass != 3
        else "You were admitted as a nonimmigrant visitor with authorization to remain until "
        f"{us(arrived + dt.timedelta(days=180))};",
    ]
    if klass == 3:
        allegations.append(
            "You remained in the United States beyond that date without authorization from the Immigration and "
            "Naturalization Service or the Department of Homeland Security."
        )
    for i, a in enumerate(allegations, 1):
        lines += x.wrap(a, first=f"  {i}. ", indent="     ")
    charge = {1: "212(a)(7)(A)(i)(I)", 2: "212(a)(6)(A)(i)", 3: "237(a)(1)(B)"}[klass]
    lines += [""]
    lines += x.wrap(
        "On the basis of the foregoing, it is charged that you are subject to removal from the United States "
        "pursuant to the "
        f"following provision(s) of law: Section {charge} of the Immigration and Nationality Act, as amended."
    )
    lines += [""]
    lines += x.wrap(
        f"{x.box(credible_fear)} This notice is being issued after an asylum officer has found that the respondent has "
        "demonstrated a credible fear of persecution or torture.",
        indent="    ",
    )
    lines += [
        f"{x.off} Section 235(b)(1) order was vacated pursuant to: {x.off} 8 CFR 208.30  {x.off} 8 CFR 235.3(b)(5)(iv)",
        "",
    ]
    lines += x.wrap(
        "YOU ARE ORDERED to appear before an immigration judge of the United States Department of Justice at:"
    )
    court_addr = f"{x.street()}, Suite {x.r.randrange(2, 9)}00, {court_city.split(' -')[0]}, {court_state}"
    lines += [f"      {court_addr}", "      (Complete Address of Immigration Court, including Room Number, if any)"]
    if x.chance(0.5):
        hearing = "on a date to be set at a time to be set"
    else:
        hearing_day = issued + dt.timedelta(days=x.r.randrange(40, 300))
        hearing = f"on {us(hearing_day)} at {x.pick(('8:30 AM', '1:00 PM', '9:00 AM'))}"
    lines += x.wrap(
        f"{hearing} to show why you should not be removed from the United States based on the charge(s) set forth "
        "above."
    )
    lines += [""]
    lines += [x.two("", signed_mark(x, officer, electronic=0.1))]
    lines += [
        x.two(
            "",
            f"{officer}, "
            + x.pick(
                (
                    "Supervisory Border Patrol Agent",
                    "Deportation Officer",
                    "Asylum Officer",
                    "Supervisory Special Agent",
                )
            ),
        )
    ]
    lines += [x.two("", "(Signature and Title of Issuing Officer)")]
    lines += [x.two(f"Date: {us(issued)}", f"{city}, {state}"), x.two("", "(City and State)"), ""]
    lines += [x.two("Form I-862 (6/22)", "See reverse for important information", col=50)]
    p2 = [x.center("Notice to Respondent"), ""]
    p2 += x.wrap("Warning: Any statement you make may be used against you in removal proceedings.")
    p2 += x.wrap(
        "Alien Registration: This copy of the Notice to Appear served upon you is evidence of your alien "
        "registration while "
        "you are under removal proceedings. You are required to carry it with you at all times."
    )
    p2 += x.wrap(
        "Representation: If you so choose, you may be represented in this proceeding, at no expense to the "
        "Government, by an "
        "attorney or other individual authorized and qualified to represent persons before the Executive Office for "
        "Immigration Review, pursuant to 8 CFR 1003.16."
    )
    p2 += x.wrap(
        "Failure to appear: You are required to provide the DHS, in writing, with your full mailing address and "
        "telephone "
        "number. If you fail to attend the hearing at the time and place designated on this notice, a removal "
        "order may be "
        "made by the immigration judge in your absence, and you may be arrested and detained by the DHS."
    )
    p2 += ["", x.center("Certificate of Service"), ""]
    p2 += x.wrap(
        f"This Notice To Appear was served on the respondent by me on {us(issued)}, in the following manner and in "
        "compliance "
        "with section 239(a)(1) of the Act."
    )
    p2 += [
        f"  {x.on} in person   {x.off} by certified mail, returned receipt # ______ requested   {x.off} by regular "
        "mail",
        "",
    ]
    p2 += [
        x.two("______________________________", "______________________________"),
        x.two("(Signature of Respondent if Personally Served)", "(Signature and Title of officer)"),
    ]
    p2 += ["", "Form I-862 Page 2 of 3"]
    notes = [f"I-862 class {klass}"] + (["credible fear box checked"] if credible_fear else [])
    cues = ["DEPARTMENT OF HOMELAND SECURITY", "Notice to Appear", "Issuing Officer"]
    if page2_only:
        return Built(
            [p2],
            False,
            None,
            ["partial: only the reverse page (Notice to Respondent, Certificate of Service)"],
            ["Notice to Appear", "Certificate of Service", "Form I-862"],
            issued_by="unknown",  # the issuing officer's page is missing
        )
    return Built([lines, p2], False, None, notes, cues)


NCIC_SYSTEMS = (
    ("CLETS", "CA"), ("TLETS", "TX"), ("LEADS", "IL"), ("NYSPIN", "NY"), ("FCIC", "FL"), ("ACCESS", "WA"),
    ("CCIC", "CO"),
)  # fmt: skip


def ncic(x: Ctx, *, category: str = "deported_felon", extra_no_record: bool = False) -> Built:
    system, st = x.pick(NCIC_SYSTEMS)
    when = x.day()
    alien = x.name()
    parts = alien.upper().split()
    nam = f"{parts[-1]},{' '.join(parts[:-1])}"
    dob = x.dob()
    _country, code = x.country()
    ori = f"{st}{x.digits(7)}"
    terminal = f"{st}{x.pick(('PD', 'SO', 'DC'))}{x.digits(4)}"
    lines = [
        f"{system} RESPONSE   {us(when)} "
        f"{x.r.randrange(0, 24):02d}:{x.r.randrange(0, 60):02d}:{x.r.randrange(0, 60):02d}   TERM/{terminal}   "
        f"OPR/{x.pick(('K', 'R', 'M'))}{x.digits(4)}"
    ]
    lines += [f"QW.{ori}.NAM/{nam}.SEX/{sex_of(alien)}.DOB/{dob:%Y%m%d}.PUR/C", "-" * 66]
    if extra_no_record:
        lines += [f"{ori}", "NO NCIC WANT SOC/", f"NO NCIC WANT DOB/{dob:%Y%m%d} NAM/{nam}", "-" * 66]
    lines += ["NCIC", ""]
    mke = {
        "deported_felon": "MKE/IMMIGRATION VIOLATOR - DEPORTED FELON",
        "absconder": "MKE/IMMIGRATION VIOLATOR - ABSCONDER",
        "nseers": "MKE/IMMIGRATION VIOLATOR - NSEERS VIOLATOR",
    }[category]
    lines += [
        f"{x.pick(('WARNING', '*****', 'ATTENTION'))} - THIS IS AN IMMIGRATION VIOLATOR FILE RECORD - DO NOT "
        "ARREST OR DETAIN",
        "BASED SOLELY ON THIS RECORD. CONFIRM WITH THE LESC.",
        "",
    ]
    lines += [mke, "ORI/VTICE0900  ICE LAW ENFORCEMENT SUPPORT CENTER  WILLISTON VT"]
    lines += [f"NAM/{nam}  SEX/{sex_of(alien)}  RAC/{x.pick(('W', 'U'))}  POB/{code}  DOB/{dob:%Y%m%d}"]
    lines += [
        f"HGT/5{x.r.randrange(1, 11):02d}  WGT/{x.r.randrange(120, 230)}  EYE/{x.pick(('BRO', 'BLK', 'HAZ'))}  "
        f"HAI/{x.pick(('BLK', 'BRO'))}  SKN/{x.pick(('MED', 'LBR', 'DRK'))}"
    ]
    lines += [f"FBI/{x.digits(6)}{x.pick(('KA', 'XD', 'PC'))}{x.digits(1)}  ARN/A9{x.digits(8)}  CTZ/{code}"]
    off = {
        "deported_felon": "OFF/5011 - IMMIGRATION - ILLEGAL ENTRY AFTER DEPORTATION",
        "absconder": "OFF/5099 - IMMIGRATION - FAILED TO DEPART AFTER FINAL ORDER",
        "nseers": "OFF/5099 - IMMIGRATION - NSEERS REGISTRATION VIOLATION",
    }[category]
    dow = x.day("2014-01-01", "2023-12-31")
    lines += [
        off,
        f"DOW/{dow:%Y%m%d}  OCA/{x.digits(10)}",
        f"NIC/V{x.digits(9)}  DTE/{dow + dt.timedelta(days=3):%Y%m%d} "
        f"{x.r.randrange(0, 24):02d}{x.r.randrange(0, 60):02d} EDT",
    ]
    mis = {
        "deported_felon": "MIS/SUBJ PREVIOUSLY DEPORTED OR REMOVED FROM THE US AFTER CONVICTION FOR AN AGGRAVATED "
        "FELONY.",
        "absconder": "MIS/SUBJ HAS AN OUTSTANDING ADMINISTRATIVE WARRANT OF REMOVAL (FORM I-205) ISSUED BY DHS.",
        "nseers": "MIS/SUBJ FAILED TO COMPLY WITH NATIONAL SECURITY ENTRY-EXIT REGISTRATION REQUIREMENTS.",
    }[category]
    lines += textwrap.wrap(mis, width=66, subsequent_indent="MIS/")
    lines += [""]
    lines += textwrap.wrap(
        "IMMED CONFIRM RECORD WITH ORI. CONTACT THE ICE LAW ENFORCEMENT SUPPORT CENTER (LESC) AT (802) 872-6020 "
        "FOR HIT "
        "CONFIRMATION AND IMMIGRATION STATUS. THIS RECORD REFLECTS A CIVIL ADMINISTRATIVE IMMIGRATION WARRANT, NOT A "
        "CRIMINAL WARRANT ISSUED BY A COURT.",
        width=66,
    )
    lines += ["", f"END OF NCIC RESPONSE   {system} MSG {x.digits(6)}"]
    return Built(
        [lines],
        False,
        None,
        [f"NCIC IVF hit: {category.replace('_', ' ')} ({system})"],
        ["NCIC", "IMMIGRATION VIOLATOR", "LESC"],
        mono=True,
    )


def ncic_confirmation(x: Ctx) -> Built:
    """A hit-confirmation teletype from the LESC, answering an agency's request about an IVF record."""
    system, st = x.pick(NCIC_SYSTEMS)
    when = x.day()
    alien = x.name()
    parts = alien.upper().split()
    nam = f"{parts[-1]},{' '.join(parts[:-1])}"
    ori = f"{st}{x.digits(7)}"
    lines = [
        f"{system}  {us(when)}  {x.r.randrange(0, 24):02d}:{x.r.randrange(0, 60):02d}",
        f"YR.VTICE0900.{ori}",
        "TXT",
        "",
    ]
    lines += [
        "HIT CONFIRMATION RESPONSE - NCIC IMMIGRATION VIOLATOR FILE",
        f"RE: NIC/V{x.digits(9)}   NAM/{nam}   DOB/{x.dob():%Y%m%d}",
        "",
    ]
    lines += textwrap.wrap(
        "THE RECORD IS CONFIRMED. SUBJECT IS THE SUBJECT OF AN ICE ADMINISTRATIVE WARRANT OF REMOVAL. ICE ERO "
        f"{x.pick(FIELD_OFFICES)[0].upper()} HAS BEEN NOTIFIED AND WILL ADVISE WHETHER A DETAINER (FORM I-247A) "
        "WILL BE LODGED. "
        "THIS IS NOT A CRIMINAL WARRANT.",
        width=66,
    )
    lines += [
        "",
        f"LESC SECTION CHIEF   OPR/{x.digits(4)}",
        "AUTH: NCIC IMMIGRATION VIOLATOR FILE   LESC (802) 872-6020",
    ]
    return Built(
        [lines],
        False,
        None,
        ["NCIC IVF hit confirmation teletype"],
        ["NCIC", "IMMIGRATION VIOLATOR", "LESC"],
        mono=True,
    )


# --------------------------------------------------------------------------------------------
# Look-alikes and unrelated papers (label: other)
# --------------------------------------------------------------------------------------------


def eoir_header(x: Ctx) -> tuple[list[str], str, str]:
    court_city, court_state = x.pick(IMMIGRATION_COURTS)
    lines = [
        x.center("UNITED STATES DEPARTMENT OF JUSTICE"),
        x.center("EXECUTIVE OFFICE FOR IMMIGRATION REVIEW"),
        x.center("IMMIGRATION COURT"),
    ]
    lines += [x.center(f"{x.street()}, Suite {x.r.randrange(2, 9)}00, {court_city.split(' -')[0]}, {court_state}"), ""]
    return lines, court_city, court_state


def eoir_order(x: Ctx, *, variant: str = "removal") -> Built:
    lines, _court_city, _ = eoir_header(x)
    decided = x.day()
    ij = x.official()
    alien = x.name()
    country, _ = x.country()
    lines += [
        x.two("In the Matter of:", f"Case No.: {x.a_number()}"),
        "",
        x.two(f"{alien.upper()}", "IN REMOVAL PROCEEDINGS"),
        "            Respondent",
        "",
    ]
    if variant == "bond":
        lines += [x.center("ORDER OF THE IMMIGRATION JUDGE WITH RESPECT TO CUSTODY"), ""]
        lines += x.wrap(
            "Request having been made for a change in the custody status of the respondent pursuant to 8 CFR "
            "1236.1, and full "
            "consideration having been given to the representations of the Department of Homeland Security and the "
            "respondent, "
            "it is HEREBY ORDERED that the request be:",
        )
        granted = x.chance(0.6)
        lines += [
            f"  {x.box(not granted)} DENIED.",
            f"  {x.box(granted)} GRANTED, and the respondent be released from custody upon posting a bond of "
            f"${x.r.randrange(15, 120) * 100:,}.",
        ]
        lines += [f"  {x.off} Other:", ""]
    else:
        lines += [x.center("ORDER OF THE IMMIGRATION JUDGE"), ""]
        lines += x.wrap(
            f"This is a summary of the oral decision entered on {long(decided)}. This memorandum is solely for the "
            "convenience "
            "of the parties. If the proceedings should be appealed or reopened, the oral decision will become the "
            "official "
            "opinion in the case."
        )
        lines += [
            "",
            f"  {x.on} Respondent was ordered removed from the United States to {country}.",
            f"  {x.off} Respondent's application for voluntary departure was denied and respondent was ordered "
            "removed.",
        ]
        lines += [
            f"  {x.off} Respondent's application for asylum was ( ) granted ( ) denied ( ) withdrawn.",
            f"  {x.off} Respondent's application for withholding of removal was ( ) granted ( ) denied ( ) withdrawn.",
        ]
        lines += [
            f"  {x.off} Respondent's application for cancellation of removal was ( ) granted ( ) denied.",
            f"  {x.off} Proceedings were terminated.",
            "",
        ]
    appeal = x.chance(0.5)
    lines += [
        f"Appeal: {x.box(not appeal)} Waived  {x.box(appeal)} Reserved      Appeal due by: "
        f"{us(decided + dt.timedelta(days=30))}",
        "",
    ]
    lines += x.sig(signed_mark(x, ij, electronic=0.4), f"Immigration Judge: {ij}")
    lines += [x.two("", f"Date: {us(decided)}"), "", x.center("CERTIFICATE OF SERVICE")]
    lines += [
        f"THIS DOCUMENT WAS SERVED BY: {x.off} MAIL (M)  {x.off} PERSONAL SERVICE (P)  {x.on} ELECTRONIC SERVICE (E)"
    ]
    lines += [
        f"TO: {x.off} ALIEN | {x.on} ALIEN c/o Custodial Officer | {x.off} Alien's ATT/REP | {x.on} DHS",
        f"DATE: {us(decided)}   BY: COURT STAFF "
        f"{x.official(middle=False).split()[0][0]}{x.official(middle=False).split()[-1][0]}",
    ]
    note = (
        "adversarial: EOIR bond order signed by an immigration judge"
        if variant == "bond"
        else "adversarial: EOIR order of the immigration judge (not a court)"
    )
    return Built(
        [lines],
        False,
        None,
        [note],
        ["EXECUTIVE OFFICE FOR IMMIGRATION REVIEW", "ORDER OF THE IMMIGRATION JUDGE", "Immigration Judge"],
    )


def eoir_hearing_notice(x: Ctx) -> Built:
    lines, _court_city, court_state = eoir_header(x)
    sent = x.day()
    alien = x.name()
    hearing = sent + dt.timedelta(days=x.r.randrange(30, 400))
    lines += [f"RE: {alien.upper()}", f"FILE: {x.a_number()}", x.two("", f"DATE: {us(sent)}"), ""]
    lines += [f"To: {alien}", f"    {x.street()}", f"    {x.pick(FIELD_OFFICES)[0]}, {court_state} {x.digits(5)}", ""]
    lines += [x.center("NOTICE OF HEARING IN REMOVAL PROCEEDINGS"), ""]
    lines += x.wrap(
        f"Your case has been scheduled for a {x.pick(('MASTER', 'INDIVIDUAL'))} hearing before the Immigration "
        "Court on "
        f"{long(hearing)} at {x.pick(('08:30 AM', '01:00 PM', '09:00 AM'))} at: {lines[3].strip()}",
    )
    lines += [""]
    lines += x.wrap(
        "You may be represented in these proceedings, at no expense to the Government, by an attorney or other "
        "individual "
        "who is authorized and qualified to represent persons before an Immigration Court. If you fail to appear "
        "for your "
        "hearing, you may be ordered removed in your absence under section 240(b)(5) of the Immigration and "
        "Nationality Act."
    )
    lines += [
        "",
        x.center("CERTIFICATE OF SERVICE"),
        f"THIS DOCUMENT WAS SERVED BY: {x.on} MAIL (M)  {x.off} PERSONAL SERVICE (P)",
    ]
    lines += [
        f"TO: {x.on} ALIEN  {x.off} ALIEN c/o Custodial Officer  {x.off} ALIEN's ATT/REP  {x.on} DHS",
        f"DATE: {us(sent)}  BY: COURT STAFF",
        "Form EOIR-31A",
    ]
    return Built(
        [lines],
        False,
        None,
        ["EOIR notice of hearing"],
        ["EXECUTIVE OFFICE FOR IMMIGRATION REVIEW", "NOTICE OF HEARING", "COURT STAFF"],
    )


def i213(x: Ctx) -> Built:
    city, state, _area = office(x)
    when = x.day()
    alien = x.name()
    country, _ = x.country()
    officer = x.official()
    parts = alien.split()
    lines = [*dhs_header(x, caps=True), x.center("RECORD OF DEPORTABLE/INADMISSIBLE ALIEN"), ""]
    lines += [
        f"Family Name (CAPS): {parts[-1].upper()}   First: {parts[0]}   Middle:      Sex: {sex_of(alien)}   Hair: "
        "BLK   Eyes: BRO"
    ]
    lines += [
        f"Country of Citizenship: {country.upper()}   Passport Number and Country of Issue: NONE   File No.: "
        f"{x.a_number()}"
    ]
    lines += [
        f"U.S. Address: {x.street()}, {city}, {state}",
        f"Date, Place, Time, and Manner of Last Entry: {us(x.day('2009-01-01', '2023-01-01'))}, UNKNOWN, EWI",
    ]
    lines += [
        f"Date of Birth: {us(x.dob())}   Date of Action: {us(when)}   Location Code: "
        f"{city[:3].upper()}/{x.pick(('FUG', 'CAP', 'ERO'))}"
    ]
    lines += [f"By: {officer}   Method of Location/Apprehension: {x.pick(('CLC', 'NCA', 'LEA'))}", ""]
    lines += [
        "Narrative (Outline particulars under which alien was located/apprehended. Include details not shown above",
        "regarding time, place and manner of last entry, attempted entry, or any other entry, and elements which",
        "establish administrative and/or criminal violation. Indicate means and route of travel to interior.)",
        "",
    ]
    lines += x.wrap(
        f"On {long(when)}, the subject was encountered by ERO {city} officers at "
        f"{x.pick(('the Larkin County Jail', 'his residence', 'a traffic stop conducted by local police'))}. "
        "Record checks revealed no lawful status. The subject was processed for a Notice to Appear and transported "
        "to the "
        f"{city} field office.",
        indent="   ",
    )
    lines += [
        "",
        x.two("(Signature of officer)", signed_mark(x, officer, electronic=0.1)),
        x.two("", f"{officer}, Deportation Officer"),
        "",
        "Form I-213 (Rev. 08/01/07)",
    ]
    return Built(
        [lines],
        False,
        None,
        ["I-213 record of apprehension (DHS, not compulsory process)"],
        ["DEPARTMENT OF HOMELAND SECURITY", "RECORD OF DEPORTABLE", "officer"],
    )


def i286(x: Ctx) -> Built:
    _city, _state, _area = office(x)
    when = x.day()
    alien = x.name()
    officer = x.official()
    lines = [*dhs_header(x), x.center("Notice of Custody Determination"), ""]
    lines += [x.two(f"Alien's name: {alien}", f"A-File No: {x.a_number()}"), x.two("", f"Date: {us(when)}"), ""]
    lines += x.wrap(
        "Pursuant to the authority contained in section 236 of the Immigration and Nationality Act and part 236 of "
        "title 8, "
        "Code of Federal Regulations, I have determined that, pending a final administrative determination in your "
        "case, "
        "you will be:"
    )
    detained = x.chance(0.6)
    lines += [
        f"  {x.box(detained)} Detained by the Department of Homeland Security.",
        f"  {x.box(not detained)} Released (check all that apply):",
    ]
    lines += [
        f"        {x.box(not detained)} Under bond in the amount of ${x.r.randrange(15, 90) * 100:,}",
        f"        {x.off} On your own recognizance",
        f"        {x.off} Under other conditions. [Additional document(s) will be provided.]",
        "",
    ]
    lines += x.wrap("You may request a review of this determination by an immigration judge.")
    lines += [
        "",
        f"  {x.off} I acknowledge receipt of this notification, and",
        f"  {x.off} I do request an immigration judge review of this custody determination.",
        f"  {x.off} I do not request an immigration judge review of this custody determination.",
        "",
    ]
    lines += [
        x.two("______________________________", signed_mark(x, officer, electronic=0.1)),
        x.two("(Signature of Respondent)", "(Signature of authorized officer)"),
        x.two(
            "",
            f"{officer}, "
            f"{x.pick(('Supervisory Detention and Deportation Officer', 'Assistant Field Office Director'))}",
        ),
        "",
        "Form I-286 (Rev. 08/01/07)",
    ]
    return Built(
        [lines],
        False,
        None,
        ["I-286 notice of custody determination"],
        ["Department of Homeland Security", "Notice of Custody Determination", "authorized officer"],
    )


def ice_letter(x: Ctx, *, to: str = "school", stamp_words: bool = False) -> Built:
    city, state, area = office(x)
    sent = x.day()
    fod = x.official()
    recipients = {
        "school": (
            f"Principal {x.official(middle=False)}",
            f"{x.pick(('Lincoln Heights', 'Riverbend', 'Westlake'))} Middle School",
        ),
        "city": (
            f"{x.official(middle=False)}, Director",
            f"City of {x.pick(('Ashford', 'Millbrook'))} Department of Human Services",
        ),
        "hospital": (
            f"{x.official(middle=False)}, Privacy Officer",
            f"{x.pick(('Larkin Valley', 'Saint Brendan'))} Medical Center",
        ),
        "sheriff": (f"Sheriff {x.official(middle=False)}", f"{x.pick(('Larkin', 'Moreland'))} County Sheriff's Office"),
    }
    name, org = recipients[to]
    lines = [
        *dhs_header(x),
        x.center("U.S. Immigration and Customs Enforcement"),
        x.center(f"Enforcement and Removal Operations – {city} Field Office"),
        x.center(f"{x.street()}, {city}, {state}"),
        "",
    ]
    lines += [long(sent), "", name, org, f"{x.street()}", f"{city}, {state}", ""]
    lines += [
        "Re: Request for Cooperation",
        "",
        f"Dear {name.split()[0] if to != 'sheriff' else 'Sheriff'} {name.split(',')[0].split()[-1]}:",
        "",
    ]
    lines += x.wrap(
        "U.S. Immigration and Customs Enforcement (ICE) respectfully requests your cooperation in locating an "
        "individual who "
        "is the subject of an administrative immigration warrant. We would appreciate any information your "
        f"{org.split()[-1].lower()} "
        "may have regarding the current address, schedule or whereabouts of the person named in the enclosure.",
        first="      ",
    )
    lines += [""]
    lines += x.wrap(
        "Federal law (8 U.S.C. §§ 1373 and 1644) provides that no government entity may prohibit or restrict the "
        "sending of "
        "information regarding citizenship or immigration status to ICE. This letter is a request for voluntary "
        "assistance. "
        f"Please contact Deportation Officer {x.official(middle=False)} at {x.phone(area)} at your earliest "
        "convenience.",
        first="      ",
    )
    lines += [
        "",
        "Sincerely,",
        "",
        signed_mark(x, fod, electronic=0.1),
        fod,
        "Field Office Director",
        f"{city} Field Office",
    ]
    stamp = "URGENT - LEGAL PROCESS" if stamp_words else None
    notes = [f"ICE letter requesting cooperation ({to})"] + (
        ["adversarial: stamped 'URGENT - LEGAL PROCESS'"] if stamp_words else []
    )
    return Built(
        [lines],
        False,
        None,
        notes,
        ["Department of Homeland Security", "Request for Cooperation", "Field Office Director"],
        stamp=stamp,
    )


def business_card(x: Ctx, *, agency: str = "ero") -> Built:
    city, state, area = office(x)
    person = x.official()
    if agency == "ero":
        lines = [
            "U.S. Department of Homeland Security",
            "U.S. Immigration and Customs Enforcement",
            "Enforcement and Removal Operations",
            "",
            person,
            x.pick(("Deportation Officer", "Supervisory Detention and Deportation Officer")),
            f"Fugitive Operations — {city} Field Office",
        ]
    elif agency == "hsi":
        lines = [
            "HOMELAND SECURITY INVESTIGATIONS",
            "U.S. Immigration and Customs Enforcement",
            "",
            person,
            "Special Agent",
            f"Office of the Special Agent in Charge, {city}",
        ]
    else:
        lines = [
            "U.S. Customs and Border Protection",
            "United States Border Patrol",
            "",
            person,
            "Border Patrol Agent",
            f"{city} Sector",
        ]
    lines += [
        f"{x.street()}, {city}, {state}",
        f"Office: {x.phone(area)}   Cell: {x.phone(area)}",
        f"Fax: {x.phone(area)}",
    ]
    return Built(
        [lines],
        None,
        None,
        [f"business card ({agency.upper()})"],
        ["Homeland Security" if agency != "cbp" else "Border Protection", person.split()[-1], "Office"],
        issuer="immigration_agency",
        issued_by="officer",  # the officer's own card
    )


def consent_form(x: Ctx, *, variant: str = "police") -> Built:
    when = x.day()
    person = x.name()
    officer = x.official(middle=False)
    place = f"{x.street()}, {x.pick(('Millbrook', 'Riverbend', 'Westlake'))}"
    if variant == "dhs":
        lines = [*dhs_header(x, ice=True), "", x.center("CONSENT TO ENTER AND SEARCH PREMISES"), ""]
    else:
        lines = [
            x.center(f"{x.pick(('MILLBROOK', 'RIVERBEND', 'WESTLAKE'))} POLICE DEPARTMENT"),
            "",
            x.center("PERMISSION TO SEARCH (WRITTEN CONSENT)"),
            "",
        ]
    lines += x.wrap(
        f"I, {person}, having been informed of my constitutional right not to have a search made of the premises "
        "described below without a search warrant, and of my right to refuse to consent to such a search, hereby "
        "authorize "
        f"{officer} and other officers to conduct a complete search of the premises located at {place}.",
        first="      ",
    )
    lines += [""]
    lines += x.wrap(
        "This written permission is being given by me voluntarily and without threats or promises of any kind. I "
        "understand that I may withdraw my consent at any time.",
        first="      ",
    )
    lines += [
        "",
        x.two("Signature: ______________________________", f"Date: {us(when)}"),
        x.two("Witness: " + officer, f"Time: {x.r.randrange(1, 12)}:{x.r.randrange(0, 60):02d}"),
    ]
    return Built(
        [lines],
        False,
        None,
        [f"consent form ({variant}), not compulsory process"],
        ["CONSENT" if variant == "dhs" else "POLICE DEPARTMENT", "SEARCH", "Signature"],
        issuer="immigration_agency" if variant == "dhs" else "other_agency",
        issued_by="unknown",  # the only signature is the consenting person's
    )


def police_nta(x: Ctx, *, state: str = "CA") -> Built:
    when = x.day()
    person = x.name()
    officer = x.official(middle=False)
    court_day = when + dt.timedelta(days=x.r.randrange(30, 60))
    if state == "CA":
        county = x.pick(CA_COUNTIES)
        lines = [
            x.two("NOTICE TO APPEAR", f"CITATION NO. {x.pick(('A', 'C', 'T'))}{x.digits(7)}"),
            f"{x.pick(('MILLBROOK', 'RIVERBEND', 'WESTLAKE'))} POLICE DEPARTMENT",
            "STATE OF CALIFORNIA",
            "",
        ]
        lines += [
            f"DATE OF VIOLATION: {us(when)}  TIME: {x.r.randrange(1, 12)}:{x.r.randrange(0, 60):02d}  DAY: "
            f"{when:%a}".upper(),
            "",
        ]
        lines += [
            f"NAME: {person.upper()}",
            f"ADDRESS: {x.street().upper()}",
            f"DRIVER'S LIC. NO.: {x.pick(('B', 'D', 'F'))}{x.digits(7)}  STATE: CA",
            "",
        ]
        lines += [
            f"VEHICLE LIC. NO.: {x.digits(1)}{x.pick(('KRT', 'ABM', 'WXZ'))}{x.digits(3)}  MAKE: "
            f"{x.pick(('TOYT', 'HOND', 'FORD'))}  COLOR: {x.pick(('BLK', 'WHI', 'SIL'))}",
            "",
        ]
        code, desc = x.pick(
            (
                ("VC 22350", "UNSAFE SPEED"),
                ("VC 12500(a)", "UNLICENSED DRIVER"),
                ("VC 26708(a)", "WINDSHIELD OBSTRUCTION"),
                ("VC 4000(a)(1)", "EXPIRED REGISTRATION"),
            )
        )
        lines += [f"VIOLATION(S): {code}  {desc}  {x.pick(('INFRACTION', 'MISDEMEANOR'))}", ""]
        lines += x.wrap("WITHOUT ADMITTING GUILT, I PROMISE TO APPEAR AT THE TIME AND PLACE CHECKED BELOW.")
        lines += [x.two("X ______________________________", f"DATE: {us(when)}"), "  SIGNATURE", ""]
        lines += [
            f"SUPERIOR COURT OF CALIFORNIA, COUNTY OF {county.upper()}",
            f"{x.street()}, {county}, CA",
            f"ON OR BEFORE: {us(court_day)}  TIME: 8:30 AM",
            "",
        ]
        lines += [
            f"ISSUING OFFICER: {officer.upper()}  ID NO. {x.digits(5)}",
            "Penal Code § 853.6; Vehicle Code § 40500",
        ]
        note = "adversarial: California police citation titled NOTICE TO APPEAR"
    else:
        county = x.pick(("MIAMI-DADE", "BROWARD", "ORANGE"))
        lines = [
            x.center("NOTICE TO APPEAR"),
            x.center(f"IN THE COUNTY COURT IN AND FOR {county} COUNTY, FLORIDA"),
            x.two("", f"NTA NO. {x.digits(8)}"),
            "",
        ]
        lines += [f"STATE OF FLORIDA v. {person.upper()}", f"ADDRESS: {x.street().upper()}", ""]
        lines += x.wrap(
            "The undersigned certifies that he/she has just and reasonable grounds to believe, and does believe, "
            "that the above "
            f"named defendant committed the following offense on {us(when)}: "
            + x.pick(
                ("RETAIL THEFT, F.S. 812.015", "TRESPASS, F.S. 810.09", "DRIVING WHILE LICENSE SUSPENDED, F.S. 322.34")
            )
            + "."
        )
        lines += [
            "",
            f"YOU ARE HEREBY NOTIFIED TO APPEAR before the County Court on {us(court_day)} at 9:00 A.M.",
            "I agree to appear at said time and place.",
            "",
        ]
        lines += [
            x.two("Signature of Defendant: ____________________", f"Officer: {officer}  ID# {x.digits(4)}"),
            "Fla. R. Crim. P. 3.125",
        ]
        note = "adversarial: Florida police notice to appear (misdemeanor)"
    return Built(
        [lines],
        False,
        None,
        [note],
        ["NOTICE TO APPEAR", "POLICE" if state == "CA" else "COUNTY COURT", "OFFICER"],
        issuer="other_agency",  # a police officer's citation, returnable to court
        issued_by="officer",
    )


def fax_cover_lines(x: Ctx, headline: str, pages: int, city: str, area: str, sent: dt.date) -> list[str]:
    sender = f"ICE ERO {city}"
    lines = [x.center("F A X" if x.chance(0.5) else "FACSIMILE TRANSMITTAL"), ""]
    lines += [
        x.two(
            f"TO:    {x.pick(('Records Unit', 'Front Desk', 'Watch Commander', 'Main Office'))}",
            f"DATE:  {us(sent)}",
            col=50,
        )
    ]
    lines += [
        x.two(f"       {lea_name(x) if x.chance(0.5) else 'City of ' + x.pick(('Ashford', 'Millbrook'))}", "", col=50)
    ]
    lines += [x.two(f"FAX:   {x.phone()}", f"PAGES: {pages} (including cover)", col=50)]
    lines += [x.two(f"FROM:  {sender}", f"PHONE: {x.phone(area)}", col=50), ""]
    lines += [f"RE:    {headline}", ""]
    lines += [f"{x.on} Urgent   {x.off} For Review   {x.off} Please Comment   {x.on} Please Reply", ""]
    lines += ["COMMENTS:"]
    lines += x.wrap(
        f"Please see the attached {headline.split(' -')[0]}. This document is legally binding. Please call the "
        "number above upon receipt and before the subject is released.",
        indent="   ",
    )
    lines += [
        "",
        "CONFIDENTIALITY NOTICE: This facsimile contains information that is law enforcement sensitive.",
        "If you have received it in error, please notify the sender and destroy it.",
    ]
    return lines


def fax_cover_only(x: Ctx) -> Built:
    headline = x.pick(
        ("ICE WARRANT - legally binding", "IMMIGRATION DETAINER - URGENT", "FEDERAL WARRANT - SUBJECT IN YOUR CUSTODY")
    )
    city, _, area = office(x)
    lines = fax_cover_lines(x, headline, x.r.randrange(2, 5), city, area, x.day())
    return Built(
        [lines],
        None,
        None,
        [f"fax cover sheet alone (enclosure missing): '{headline}'"],
        ["PAGES", "RE:", "CONFIDENTIALITY NOTICE"],
    )


def jury_summons(x: Ctx) -> Built:
    county = x.pick(CA_COUNTIES)
    report = x.day()
    person = x.name()
    lines = [
        x.center(f"SUPERIOR COURT OF CALIFORNIA, COUNTY OF {county.upper()}"),
        x.center("SUMMONS FOR JURY SERVICE"),
        "",
    ]
    lines += [f"Juror ID: {x.digits(9)}   Group: {x.r.randrange(100, 999)}", "", person.upper(), x.street().upper(), ""]
    lines += x.wrap(
        f"You are summoned to serve as a trial juror for the Superior Court beginning {long(report)}. Call the juror "
        "information line after 5:00 p.m. the business day before your service to learn whether you must report. "
        "Failure "
        "to respond may result in a fine or contempt of court (Code Civ. Proc. § 209).",
        first="      ",
    )
    lines += ["", f"Jury Commissioner: {x.official(middle=False)}", f"Juror Services: {x.phone()}"]
    return Built(
        [lines],
        False,
        False,
        ["unrelated court notice: jury summons"],
        ["SUPERIOR COURT OF CALIFORNIA", "SUMMONS FOR JURY SERVICE", "Jury Commissioner"],
    )


def court_hearing_notice(x: Ctx) -> Built:
    heard = x.day()
    if x.chance(0.5):
        county = x.pick(TX_COUNTIES)
        precinct = f"PRECINCT {x.r.randrange(1, 6)}, PLACE {x.r.randrange(1, 3)}"
        court = f"JUSTICE COURT, {precinct}, {county.upper()} COUNTY, TEXAS"
        title = "NOTICE OF TRIAL SETTING (SMALL CLAIMS)"
    else:
        court = "IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS, COUNTY DEPARTMENT, LAW DIVISION"
        title = "NOTICE OF CASE MANAGEMENT CONFERENCE"
    lines = [
        *x.wrap(court),
        "",
        x.two(f"{x.name()} v. {x.name()}", f"Case No. {heard.year}-{x.digits(6)}"),
        "",
        x.center(title),
        "",
    ]
    lines += x.wrap(
        f"PLEASE TAKE NOTICE that the above case is set for hearing on {long(heard)} at "
        f"{x.pick(('9:00 a.m.', '1:30 p.m.'))} "
        f"in Courtroom {x.r.randrange(1, 40)}. Parties may appear in person or remotely by video. Failure of the "
        "plaintiff "
        "to appear may result in dismissal; failure of the defendant to appear may result in a default judgment.",
        first="      ",
    )
    lines += [
        "",
        f"Clerk of the Court   By: {x.official(middle=False)}, Deputy Clerk",
        f"Date of notice: {us(heard - dt.timedelta(days=30))}",
    ]
    return Built(
        [lines],
        False,
        False,
        ["unrelated court notice: hearing setting"],
        ["COURT", "NOTICE OF", "Clerk"],
        issuer="state:TX" if "TEXAS" in court else "state:IL",
        issued_by="clerk",
    )


def i797c(x: Ctx) -> Built:
    when = x.day()
    person = x.name()
    lines = [
        x.center("THE UNITED STATES OF AMERICA"),
        "",
        x.two("U.S. Citizenship and Immigration Services", "I-797C, NOTICE OF ACTION"),
        "",
    ]
    lines += [
        x.two("Receipt Number", "Case Type"),
        x.two(f"IOE09{x.digits(8)}", "I-485 - APPLICATION TO REGISTER PERMANENT RESIDENCE OR ADJUST STATUS"),
    ]
    lines += [x.two("Notice Date", "Applicant"), x.two(us(when), person.upper()), ""]
    lines += [x.center("ASC APPOINTMENT NOTICE"), ""]
    lines += x.wrap(
        "To process your application, USCIS must take your biometrics. Please appear at the Application Support "
        "Center "
        f"below on {us(when + dt.timedelta(days=21))} at {x.pick(('10:00 AM', '01:00 PM'))}. If you do not appear as "
        "scheduled, your application may be considered abandoned.",
    )
    lines += ["", f"USCIS ASC, {x.street()}, {x.pick(FIELD_OFFICES)[0]}", "", "Form I-797C 04/01/19"]
    return Built(
        [lines],
        None,
        None,
        ["USCIS appointment notice"],
        ["Citizenship and Immigration Services", "NOTICE OF ACTION", "APPOINTMENT"],
    )


# --------------------------------------------------------------------------------------------
# E-signatures and issuers: how signatures show in extracted text, and who issued the paper
# --------------------------------------------------------------------------------------------

#: How each kind of signature is described in the notes (the corpus test looks for these words).
ESIG_NOTES = {
    "slash": "e-signature: /s/",
    "digital": "e-signature: digital",
    "electronic": "e-signature: electronic",
    "so_ordered": "e-signature: so ordered",
    "written": "signature: written name above the caption",
    "caption_only": "signature caption with no signature",
    "blank": "unsigned: signature line blank",
}


def esig_lines(x: Ctx, who: str, how: str, when: dt.date) -> list[str]:
    """An e-signature as text extraction shows it, one or two lines."""
    clock = f"{x.r.randrange(8, 18):02d}:{x.r.randrange(0, 60):02d}:{x.r.randrange(0, 60):02d}"
    if how == "slash":
        return [x.pick(("/s/ ", "s/ ", "/S/ ")) + who]
    if how == "digital":
        return [f"Digitally signed by {who}", f"Date: {when:%Y.%m.%d} {clock} -0{x.pick((5, 7, 8))}'00'"]
    if how == "electronic":
        return x.pick(
            (
                [f"Electronically signed by {who}", f"on {us(when)} at {clock}"],
                [f"ELECTRONICALLY SIGNED BY {who.upper()}", f"{us(when)} {clock}"],
                ["Electronically signed", who],
            )
        )
    if how == "written":
        return [who]
    return []


def sig_block(x: Ctx, who: str, how: str, when: dt.date, caption: str, left: str = "") -> list[str]:
    """The signature over its caption, in the signature column; 'blank' is a rule, 'caption_only' nothing."""
    if how == "blank":
        return x.sig(None, caption, left)
    if how == "caption_only":
        return [x.two(left, ""), x.two("", caption)]
    marks = esig_lines(x, who, how, when)
    return [x.two(left if i == 0 else "", mark) for i, mark in enumerate(marks)] + [x.two("", caption)]


def judge_signed(how: str) -> bool | None:
    return {"blank": False, "caption_only": None}.get(how, True)


#: State courts: the caption lines, the judge's title, the county word, a case-number style.
STATE_COURTS: dict[str, tuple[tuple[str, ...], str]] = {
    "CA": (("SUPERIOR COURT OF THE STATE OF CALIFORNIA", "COUNTY OF {county}"), "Judge of the Superior Court"),
    "NY": (("SUPREME COURT OF THE STATE OF NEW YORK", "COUNTY OF {county}"), "Justice of the Supreme Court"),
    "TX": (("IN THE DISTRICT COURT OF {county} COUNTY, TEXAS", "{n}TH JUDICIAL DISTRICT"), "Judge Presiding"),
    "MA": (
        ("COMMONWEALTH OF MASSACHUSETTS", "THE TRIAL COURT", "DISTRICT COURT DEPARTMENT, {county} DIVISION"),
        "Associate Justice",
    ),
    "AZ": (("IN THE SUPERIOR COURT OF THE STATE OF ARIZONA", "IN AND FOR THE COUNTY OF {county}"), "Judge"),
    "NV": (("EIGHTH JUDICIAL DISTRICT COURT", "CLARK COUNTY, NEVADA"), "District Court Judge"),
    "OR": (("IN THE CIRCUIT COURT OF THE STATE OF OREGON", "FOR THE COUNTY OF {county}"), "Circuit Court Judge"),
    "IL": (("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS", "COUNTY DEPARTMENT, CRIMINAL DIVISION"), "Judge"),
}
STATE_COUNTIES = {
    "CA": CA_COUNTIES,
    "NY": ("Kings", "Queens", "Bronx", "New York"),
    "TX": TX_COUNTIES,
    "MA": ("Suffolk", "Middlesex", "Worcester"),
    "AZ": ("Maricopa", "Pima", "Yuma"),
    "NV": ("Clark",),
    "OR": ("Multnomah", "Washington", "Lane"),
    "IL": ("Cook",),
}
STATE_NAMES = {
    "CA": "California",
    "NY": "New York",
    "TX": "Texas",
    "MA": "Massachusetts",
    "AZ": "Arizona",
    "NV": "Nevada",
    "OR": "Oregon",
    "IL": "Illinois",
}


def state_court_lines(x: Ctx, state: str) -> tuple[list[str], str, str]:
    """The caption of a state court: its lines, the judge's title and the county."""
    heads, title = STATE_COURTS[state]
    county = x.pick(STATE_COUNTIES[state])
    n = x.r.randrange(2, 400)
    return [x.center(h.format(county=county.upper(), n=n)) for h in heads], title, county


def court_head(x: Ctx, court: str) -> tuple[list[str], str, str, str]:
    """(caption lines, judge's title, issuer label, place) for a federal district key or a state code."""
    if court in DISTRICTS:
        d = DISTRICTS[court]
        return fed_court_lines(x, d), "United States District Judge", "federal_court", f"{d.city}, {d.state}"
    lines, title, county = state_court_lines(x, court)
    return lines, title, f"state:{court}", f"{county} County, {STATE_NAMES[court]}"


ORDER_TOPICS = {
    "records": (
        "ORDER GRANTING APPLICATION FOR PRODUCTION OF RECORDS",
        "IT IS HEREBY ORDERED that the custodian of records of the City of {city} shall produce to counsel for "
        "the applicant, within fourteen days of service of this order, the payroll and personnel records of the "
        "employee named in the application, for the period stated there.",
    ),
    "enforce_ice": (
        "ORDER GRANTING PETITION TO ENFORCE ADMINISTRATIVE SUBPOENA",
        "Upon the petition of the United States, on behalf of U.S. Immigration and Customs Enforcement, to "
        "enforce the administrative subpoena (Form I-138) served on the respondent under 8 U.S.C. 1225(d), and "
        "the Court having considered the papers, IT IS HEREBY ORDERED that the respondent shall comply with the "
        "subpoena and produce the records it describes within twenty-one days of service of this order.",
    ),
    "enforce_irs": (
        "ORDER ENFORCING INTERNAL REVENUE SERVICE SUMMONS",
        "The United States having petitioned under 26 U.S.C. 7402(b) and 7604(a) to enforce the Internal Revenue "
        "Service summons served on the respondent, and the respondent having failed to show cause why it should "
        "not be enforced, IT IS HEREBY ORDERED that the respondent shall appear before the Revenue Agent and "
        "produce the books and records the summons describes.",
    ),
    "enforce_labor": (
        "ORDER COMPELLING COMPLIANCE WITH ADMINISTRATIVE SUBPOENA",
        "The Labor Commissioner having petitioned under Government Code section 11186 for an order compelling "
        "compliance with the subpoena duces tecum issued under Labor Code section 74, IT IS HEREBY ORDERED that "
        "the respondent employer shall produce the payroll records described in the subpoena within ten days.",
    ),
    "protective": (
        "STIPULATED PROTECTIVE ORDER",
        "Good cause appearing, IT IS HEREBY ORDERED that documents produced in this action and designated "
        "confidential shall be used only for the purposes of this litigation and shall not be disclosed except "
        "as provided in this order.",
    ),
}


def esig_order(x: Ctx, *, court: str, how: str, topic: str = "records", magistrate: bool = False) -> Built:
    """A court order signed electronically (or not): '/s/', 'Digitally signed by', 'SO ORDERED' over the name."""
    head, title, issuer, _place = court_head(x, court)
    if magistrate:
        title = "United States Magistrate Judge"
    judge = x.official()
    entered = x.day()
    petitioner = x.pick(("UNITED STATES OF AMERICA", f"{x.name().upper()}", "LABOR COMMISSIONER, STATE OF CALIFORNIA"))
    respondent = x.pick((f"{x.pick(('Brightline', 'Harborview', 'Cedar Ridge'))} Staffing, LLC", x.name()))
    case = f"{entered.year % 100}-{x.pick(('mc', 'cv', 'MC', 'CV'))}-{x.r.randrange(100, 9999):05d}"
    order_title, body = ORDER_TOPICS[topic]
    lines = [*head, ""]
    lines += caption(
        x, [petitioner, "      Petitioner,", "v.", respondent.upper(), "      Respondent."], f"Case No. {case}"
    )
    lines += ["", x.center(order_title), ""]
    lines += x.wrap(body.format(city=x.pick(("Ashford", "Millbrook", "Larkin"))), first="      ")
    lines += [""]
    if how == "so_ordered":
        lines += ["      IT IS SO ORDERED." if x.chance(0.5) else "SO ORDERED.", "", f"Dated: {long(entered)}", ""]
        if x.chance(0.5):
            lines += [x.two("", f"HON. {judge.upper()}"), x.two("", title)]
        else:
            short = "U.S.D.J." if court in DISTRICTS and not magistrate else "U.S.M.J." if magistrate else "J.S.C."
            lines += [x.two("", f"Hon. {judge}, {short}")]
    else:
        lines += ["      IT IS SO ORDERED.", ""]
        lines += sig_block(x, judge, how, entered, title, left=f"Dated: {us(entered)}")
        if how not in ("written",):
            lines += [x.two("", f"Hon. {judge}")] if how != "caption_only" else []
    sbj = judge_signed(how)
    who = ("magistrate" if magistrate else "judge") if sbj else "unknown"
    notes = [ESIG_NOTES[how], f"{'federal' if court in DISTRICTS else court} order: {topic}"]
    if topic.startswith("enforce"):
        notes.append("court order enforcing an administrative subpoena")
    return Built(
        [lines],
        sbj,
        court in DISTRICTS,
        notes,
        ["COURT", "ORDER", title.split()[0]],
        issuer=issuer,
        issued_by=who,
    )


WARRANT_TEXT = {
    "CA": "THE PEOPLE OF THE STATE OF CALIFORNIA, to any peace officer in the County of {county}:",
    "NY": "THE PEOPLE OF THE STATE OF NEW YORK, to any police officer in the City of New York:",
    "TX": "THE STATE OF TEXAS, to any peace officer of the State of Texas, greeting:",
    "MA": "THE COMMONWEALTH OF MASSACHUSETTS, to the sheriffs of our several counties, or their deputies, any "
    "state police officer, or any constable or police officer of any city or town, within our Commonwealth:",
    "AZ": "STATE OF ARIZONA, to any peace officer in the State of Arizona:",
    "NV": "THE STATE OF NEVADA, to any sheriff, constable, marshal or police officer in the State of Nevada:",
    "OR": "IN THE NAME OF THE STATE OF OREGON, to any police officer:",
    "IL": "THE PEOPLE OF THE STATE OF ILLINOIS, to all peace officers in the State:",
}


def state_warrant(x: Ctx, *, state: str, how: str, search: bool = False, magistrate: bool = False) -> Built:
    """A state court's arrest or search warrant, signed electronically or by hand (or not at all)."""
    head, title, county = state_court_lines(x, state)
    if magistrate:
        title = "Magistrate"
    judge = x.official()
    issued = x.day()
    person = x.name()
    case = f"{issued.year}-{x.pick(('CR', 'SW', 'F'))}-{x.digits(6)}"
    lines = [*head, "", x.two("", f"Case No. {case}"), ""]
    lines += [x.center("SEARCH WARRANT" if search else "ARREST WARRANT"), ""]
    lines += x.wrap(WARRANT_TEXT[state].format(county=county), first="      ")
    if search:
        lines += x.wrap(
            f"Proof by affidavit having been made before me that there is probable cause to believe that evidence "
            f"of a crime is located at {x.street()}, {county} County, YOU ARE THEREFORE COMMANDED to search the "
            "premises described, in the daytime, and to seize the property described in Attachment B, and to "
            "bring it before me.",
            first="      ",
        )
    else:
        lines += x.wrap(
            f"A complaint having been made before me that {person} committed the offense of "
            f"{x.pick(('burglary', 'aggravated assault', 'theft', 'robbery'))}, YOU ARE THEREFORE COMMANDED to "
            "arrest the defendant and bring the defendant before this court without unnecessary delay.",
            first="      ",
        )
    lines += [""]
    lines += sig_block(x, judge, how, issued, title, left=f"Issued: {us(issued)}")
    if how != "written":
        lines += [x.two("", f"{judge}, {title}")]
    sbj = judge_signed(how)
    who = ("magistrate" if magistrate else "judge") if sbj else "unknown"
    kind = "search" if search else "arrest"
    return Built(
        [lines],
        sbj,
        False,
        [ESIG_NOTES[how], f"{STATE_NAMES[state]} {kind} warrant"],
        [head[0].strip(), "WARRANT", title.split()[0]],
        issuer=f"state:{state}",
        issued_by=who,
    )


def ao93c(x: Ctx, *, district: str, how: str) -> Built:
    """AO 93C: a search warrant issued on testimony by telephone or other reliable electronic means."""
    d = DISTRICTS[district]
    issued = x.day()
    case = fed_case(x, d, "mj", issued.year)
    judge = x.official()
    place = f"{x.street()}, {d.city}, {d.state}"
    lines = ["AO 93C (08/18) Warrant by Telephone or Other Reliable Electronic Means", ""]
    lines += fed_court_lines(x, d)
    lines += [""]
    left = [
        "In the Matter of the Search of",
        "(Briefly describe the property to be searched",
        " or identify the person)",
    ]
    lines += caption(x, [*left, "", f"The premises at {place}"], f"Case No. {case}")
    lines += ["", x.center("WARRANT BY TELEPHONE OR OTHER RELIABLE ELECTRONIC MEANS"), ""]
    lines += ["To:      Any authorized law enforcement officer", ""]
    lines += x.wrap(
        "An application by a federal law enforcement officer or an attorney for the government requests the search "
        f"and seizure of the following person or property located in the {d.name}: See Attachment A.",
        first="      ",
    )
    lines += x.wrap(
        "I find that the affidavit(s), or any recorded testimony, establish probable cause to search and seize the "
        "person or property described above, and that such search will reveal: See Attachment B.",
        first="      ",
    )
    until = issued + dt.timedelta(days=14)
    lines += x.wrap(
        f"YOU ARE COMMANDED to execute this warrant on or before {long(until)} (not to exceed 14 days) "
        f"{x.on} in the daytime 6:00 a.m. to 10:00 p.m.  {x.off} at any time in the day or night.",
        first="      ",
    )
    lines += x.wrap(
        "The officer executing this warrant must give a copy of the warrant and a receipt for the property taken "
        "to the person from whom the property was taken, and promptly return this warrant and inventory to the "
        "United States Magistrate Judge on duty.",
        first="      ",
    )
    lines += [""]
    when = f"{us(issued)}  {x.r.randrange(1, 12)}:{x.r.randrange(0, 60):02d} p.m."
    lines += sig_block(x, judge, how, issued, "Judge's signature", left=f"Date and time issued:  {when}")
    lines += [""]
    lines += x.sig(
        f"{judge}, U.S. Magistrate Judge", "Printed name and title", left=f"City and state:  {d.city}, {d.state}"
    )
    sbj = judge_signed(how)
    return Built(
        [lines],
        sbj,
        True,
        [ESIG_NOTES[how], "AO 93C: issued on testimony by telephone or other reliable electronic means"],
        ["UNITED STATES DISTRICT COURT", "RELIABLE ELECTRONIC MEANS", "Judge's signature"],
        issuer="federal_court",
        issued_by="magistrate" if sbj else "unknown",
    )


def ao442_esig(x: Ctx, *, district: str, how: str, district_judge: bool = False) -> Built:
    """AO 442 with an e-signature on the issuing officer's line."""
    d = DISTRICTS[district]
    issued = x.day()
    judge = x.official()
    defendant = x.name()
    statute, description = x.pick(IMMIGRATION_CRIMES)
    case = fed_case(x, d, "cr" if district_judge else "mj", issued.year)
    lines = ["AO 442 (Rev. 11/11) Arrest Warrant", "", *fed_court_lines(x, d), ""]
    lines += caption(x, ["United States of America", "v.", "", defendant, "", "Defendant"], f"Case No. {case}")
    lines += ["", x.center("ARREST WARRANT"), "", "To:      Any authorized law enforcement officer", ""]
    lines += x.wrap(
        "YOU ARE COMMANDED to arrest and bring before a United States magistrate judge without unnecessary "
        f"delay (name of person to be arrested) {defendant} , who is accused of an offense or violation based on "
        "the following document filed with the court: Complaint.",
        first="      ",
    )
    lines += ["", "This offense is briefly described as follows:"]
    lines += x.wrap(f"{description}, in violation of {statute}.", indent="    ")
    lines += [""]
    lines += sig_block(x, judge, how, issued, "Issuing officer's signature", left=f"Date:   {us(issued)}")
    lines += [""]
    printed = f"{judge}, {'United States District Judge' if district_judge else 'U.S. Magistrate Judge'}"
    lines += x.sig(printed, "Printed name and title", left=f"City and state:  {d.city}, {d.state}")
    lines += ["", x.center("Return"), "", x.two("Date: __________", "______________________________")]
    lines += [x.two("", "Arresting officer's signature")]
    sbj = judge_signed(how)
    return Built(
        [lines],
        sbj,
        True,
        [ESIG_NOTES[how], "AO 442 arrest warrant"],
        ["UNITED STATES DISTRICT COURT", "ARREST WARRANT", "Issuing officer's signature"],
        issuer="federal_court",
        issued_by=("judge" if district_judge else "magistrate") if sbj else "unknown",
    )


def state_subpoena(x: Ctx, *, state: str, signer: str, how: str = "slash") -> Built:
    """A state court's subpoena issued by the clerk or signed by an attorney as an officer of the court."""
    head, _title, county = state_court_lines(x, state)
    issued = x.day()
    witness = x.pick(("Custodian of Records", "Records Manager", "Personnel Director"))
    lines = [*head, ""]
    lines += caption(
        x,
        [x.name().upper(), "      Plaintiff,", "v.", x.name().upper(), "      Defendant."],
        f"Index No. {x.digits(6)}/{issued.year}",
    )
    lines += ["", x.center("SUBPOENA DUCES TECUM"), ""]
    lines += [f"TO: {witness}, City of {x.pick(('Ashford', 'Millbrook', 'Larkin'))}", ""]
    lines += x.wrap(
        f"YOU ARE COMMANDED to produce the records described in the attached schedule at the office of counsel on "
        f"{long(issued + dt.timedelta(days=20))} at 10:00 a.m. Failure to comply may be punished as a contempt of "
        "court.",
        first="      ",
    )
    lines += [""]
    person = x.official()
    if signer == "attorney":
        lines += sig_block(x, person, how, issued, "Attorney for Plaintiff", left=f"Dated: {us(issued)}")
        lines += [x.two("", f"{person}, Esq."), x.two("", f"{x.street()}, {county}")]
        note = "attorney-issued court subpoena"
    else:
        lines += sig_block(x, person, how, issued, "Deputy Clerk", left=f"Dated: {us(issued)}")
        lines += [x.two("", "Clerk of the Court")]
        note = "clerk-issued court subpoena"
    return Built(
        [lines],
        False,
        False,
        [ESIG_NOTES[how], note, f"{STATE_NAMES[state]}"],
        [head[0].strip(), "SUBPOENA", signer.title()],
        issuer=f"state:{state}",
        issued_by=signer,
    )


def eoir_esig(x: Ctx, *, how: str) -> Built:
    """An immigration judge's removal order signed electronically: still not a court's paper."""
    lines, _city, _state = eoir_header(x)
    decided = x.day()
    ij = x.official()
    alien = x.name()
    country, _ = x.country()
    lines += [
        x.two("In the Matter of:", f"File No.: {x.a_number()}"),
        "",
        x.two(alien.upper(), "IN REMOVAL PROCEEDINGS"),
    ]
    lines += ["            Respondent", "", x.center("ORDER OF THE IMMIGRATION JUDGE"), ""]
    lines += x.wrap(
        f"Upon the basis of respondent's admissions, IT IS HEREBY ORDERED that the respondent be removed from the "
        f"United States to {country} on the charge contained in the Notice to Appear.",
        first="      ",
    )
    lines += [
        "",
        f"Appeal: {x.off} Waived  {x.on} Reserved    Appeal due by: {us(decided + dt.timedelta(days=30))}",
        "",
    ]
    if how == "so_ordered":
        lines += ["SO ORDERED.", "", x.two("", ij.upper()), x.two("", "Immigration Judge")]
    else:
        lines += sig_block(x, ij, how, decided, "Immigration Judge", left=f"Date: {us(decided)}")
    lines += ["", x.center("CERTIFICATE OF SERVICE")]
    lines += [
        f"THIS DOCUMENT WAS SERVED BY: {x.on} ELECTRONIC SERVICE (E) TO: {x.on} DHS  {x.on} ALIEN c/o Custodial Officer"
    ]
    return Built(
        [lines],
        False,
        None,
        [
            ESIG_NOTES[how],
            "adversarial: EOIR removal order signed electronically by an immigration judge (not a court)",
        ],
        ["EXECUTIVE OFFICE FOR IMMIGRATION REVIEW", "ORDER OF THE IMMIGRATION JUDGE", "Immigration Judge"],
        issuer="immigration_court",
        issued_by="officer",
    )


def dhs_esig(x: Ctx, *, form: str, how: str) -> Built:
    """An ICE form signed electronically by an officer: I-200, I-205 or I-138."""
    city, state, _area = office(x)
    issued = x.day()
    officer = x.official()
    alien = x.name()
    title = x.pick(("Supervisory Detention and Deportation Officer", "Assistant Field Office Director"))
    lines = [*dhs_header(x, ice=True, caps=True), ""]
    if form == "I-200":
        lines += [x.center("WARRANT FOR ARREST OF ALIEN"), "", x.two("", f"File No. {x.a_number()}"), ""]
        lines += ["To: Any immigration officer authorized to serve warrants of arrest for immigration violations", ""]
        lines += x.wrap(
            f"I have determined that there is probable cause to believe that {alien} is removable from the United "
            "States. YOU ARE COMMANDED to arrest and take into custody for removal proceedings under the "
            "Immigration and Nationality Act, the above-named alien.",
            first="      ",
        )
        caption_text = "(Signature of Authorized Immigration Officer)"
        footer = "Form I-200 (Rev. 09/16)"
    elif form == "I-205":
        lines += [x.center("WARRANT OF REMOVAL/DEPORTATION"), "", x.two("", f"File No: {x.a_number()}"), ""]
        lines += x.wrap(
            f"{alien} is subject to removal from the United States, based upon a final order by an immigration judge "
            "in exclusion, deportation, or removal proceedings. I, the undersigned officer of the United States, "
            "command you to take into custody and remove from the United States the above-named alien.",
            first="      ",
        )
        caption_text = "(Signature of immigration officer)"
        footer = "Form I-205 (Rev. 08/07)"
    else:
        lines += [x.center("SUBPOENA (TO APPEAR AND/OR PRODUCE RECORDS)"), x.center("(8 U.S.C. 1225(d))"), ""]
        lines += [f"To: Custodian of Records, City of {x.pick(('Ashford', 'Millbrook'))}", ""]
        lines += x.wrap(
            "By the authority of section 235(d) of the Immigration and Nationality Act, you are commanded to produce "
            f"the records described below at the ICE office in {city}, {state} on "
            f"{long(issued + dt.timedelta(days=14))}.",
            first="      ",
        )
        caption_text = "(Signature of Issuing Officer)"
        footer = "Form I-138 (Rev. 06/18)"
    lines += [""]
    lines += sig_block(x, officer, how, issued, caption_text, left=f"Date: {us(issued)}")
    lines += [x.two("", f"{officer}, {title}"), x.two("", "(Name and Title of Issuing Officer)"), "", footer]
    label_by = {"I-200": "administrative warrant", "I-205": "warrant of removal", "I-138": "administrative subpoena"}
    return Built(
        [lines],
        False,
        None,
        [ESIG_NOTES[how], f"{form} {label_by[form]} signed electronically by an immigration officer"],
        ["HOMELAND SECURITY", form, "Officer"],
        issuer="immigration_agency",
        issued_by="officer",
    )


def irs_summons(x: Ctx) -> Built:
    """An IRS administrative summons (Form 2039): an agency's legal process, not a court's."""
    issued = x.day()
    agent = x.official()
    taxpayer = x.name()
    lines = [x.center("Summons"), "", x.center("Department of the Treasury - Internal Revenue Service"), ""]
    lines += [
        f"In the matter of:  {taxpayer.upper()}, {x.street()}",
        "Internal Revenue Service (Division): Small Business/Self Employed",
    ]
    lines += [f"Periods: tax years ending December 31, {issued.year - 2} and {issued.year - 1}", ""]
    lines += [x.center("The Commissioner of Internal Revenue"), ""]
    lines += [f"To: Payroll Records Custodian, City of {x.pick(('Ashford', 'Millbrook', 'Larkin'))}", ""]
    lines += x.wrap(
        f"You are hereby summoned and required to appear before Revenue Agent {agent}, an officer of the Internal "
        "Revenue Service, to give testimony and to bring with you and to produce for examination the following "
        "books, records, papers, and other data relating to the tax liability of the person identified above, "
        "under 26 U.S.C. 7602.",
        first="      ",
    )
    lines += [
        "",
        f"Place and time for appearance: {x.street()}, on {long(issued + dt.timedelta(days=12))} at 10:00 a.m.",
        "",
    ]
    lines += [
        x.center(
            f"Issued under authority of the Internal Revenue Code this {ordinal(issued.day)} day of "
            f"{issued:%B}, {issued.year}."
        ),
        "",
    ]
    lines += sig_block(x, agent, x.pick(("slash", "written")), issued, "Signature of issuing officer")
    lines += [x.two("", "Revenue Agent"), x.two("", "Title"), "", "Form 2039 (Rev. 10-2010)"]
    return Built(
        [lines],
        False,
        None,
        ["IRS administrative summons (26 U.S.C. 7602): an agency's process, not a court's"],
        ["Internal Revenue Service", "Summons", "Revenue Agent"],
        issuer="other_agency",
        issued_by="officer",
    )


def labor_subpoena(x: Ctx) -> Built:
    """A state labor agency's administrative subpoena."""
    issued = x.day()
    officer = x.official()
    lines = [
        x.center("STATE OF CALIFORNIA"),
        x.center("DEPARTMENT OF INDUSTRIAL RELATIONS"),
        x.center("LABOR COMMISSIONER'S OFFICE"),
        "",
    ]
    lines += [x.center("SUBPOENA DUCES TECUM"), ""]
    lines += [f"TO: Custodian of Records, {x.pick(('Harborview', 'Cedar Ridge', 'Brightline'))} Staffing, LLC", ""]
    lines += x.wrap(
        "Pursuant to Labor Code section 74 and Government Code sections 11180 through 11191, YOU ARE COMMANDED to "
        f"produce the payroll and time records of the employees named in the attached schedule on "
        f"{long(issued + dt.timedelta(days=15))} at the Labor Commissioner's office. This administrative subpoena "
        "may be enforced by petition to the superior court.",
        first="      ",
    )
    lines += [""]
    lines += sig_block(x, officer, "slash", issued, "Hearing Officer", left=f"Date: {us(issued)}")
    lines += [x.two("", f"{officer}, Deputy Labor Commissioner")]
    return Built(
        [lines],
        False,
        None,
        ["state labor agency administrative subpoena (Labor Code 74)"],
        ["INDUSTRIAL RELATIONS", "SUBPOENA", "Hearing Officer"],
        issuer="other_agency",
        issued_by="officer",
    )


def dmv_letter(x: Ctx) -> Built:
    """A state DMV investigator's request for records: a request, not legal process."""
    issued = x.day()
    officer = x.official()
    lines = [
        x.center("STATE OF CALIFORNIA"),
        x.center("DEPARTMENT OF MOTOR VEHICLES"),
        x.center("INVESTIGATIONS DIVISION"),
        "",
    ]
    lines += [f"{long(issued)}", "", f"City of {x.pick(('Ashford', 'Millbrook', 'Larkin'))} - Records Unit", ""]
    lines += [f"RE: Request for records - case {x.digits(8)}", ""]
    lines += x.wrap(
        "The Department is investigating the fraudulent use of a driver license. We request that you provide any "
        "records of the person named in the enclosure, including addresses and dates of contact. Please provide "
        "the records within ten business days. This letter is a request for your voluntary cooperation.",
        first="      ",
    )
    lines += ["", "Sincerely,", ""]
    lines += sig_block(x, officer, "written", issued, "Special Investigator")
    return Built(
        [lines],
        False,
        None,
        ["state DMV investigator's request for records (voluntary)"],
        ["MOTOR VEHICLES", "Request", "Investigator"],
        issuer="other_agency",
        issued_by="officer",
    )


# --------------------------------------------------------------------------------------------
# Adversarial wrappers: fax cover sheets, stamps, OCR noise
# --------------------------------------------------------------------------------------------


def with_fax(x: Ctx, built: Built, headline: str) -> Built:
    """Put a fax cover sheet in front of the document and a fax header line on every page."""
    city, _, area = office(x)
    total = len(built.pages) + 1
    sent = x.day()
    cover = fax_cover_lines(x, headline, total, city, area, sent)
    stamp = f"{sent:%b-%d-%Y}".upper() + f" {x.r.randrange(0, 24):02d}:{x.r.randrange(0, 60):02d}"
    number, to = f"{area}5550{x.r.randrange(100, 199)}", x.digits(7)
    pages = []
    for i, page in enumerate([cover, *built.pages], 1):
        header = f"{stamp}  FROM:ICE ERO {city.upper()}  {number}  TO:{to}   P.{i}/{total}"
        pages.append([header, "", *page])
    notes = [f"fax-cover: '{headline}' in front", *built.notes]
    return replace(built, pages=pages, notes=notes)


def with_stamp(built: Built, text: str) -> Built:
    return replace(built, notes=[*built.notes, f"adversarial: stamp '{text}'"], stamp=text)


def stamp_lines(x: Ctx, text: str) -> list[str]:
    style = x.r.randrange(3)
    if style == 0:
        bar = "+" + "-" * (len(text) + 6) + "+"
        return [f"{'':>30}{bar}", f"{'':>30}|   {text}   |", f"{'':>30}{bar}"]
    if style == 1:
        return [f"{'':>24}*** {text} ***"]
    return [f"{'':>40}{text}"]


KEEP_RE = re.compile(
    r"COURT|HOMELAND|WARRANT|SUBP|ORDER|DETAINER|NOTICE|NOTIFICATION|SIGNATURE|JUDGE|JUSTICE|MAGISTRATE|OFFICER|NCIC|"
    r"IMMIGRATION|FORM |AO \d|CLERK|REQUEST|COMMAND|PROBABLE|CERTIFICATE",
    re.IGNORECASE,
)
CONFUSIONS = (
    ("l", "1"), ("1", "l"), ("I", "l"), ("l", "I"), ("O", "0"), ("0", "O"), ("o", "0"), ("S", "5"), ("B", "8"),
    ("e", "c"), ("rn", "m"), ("m", "rn"), ("cl", "d"), ("h", "b"), ("u", "v"), ("a", "o"), ("E", "F"), ("i", "l"),
)  # fmt: skip
STRAY = ("'", ".", ",", "`", "~", "|", ":", ";", "-", "_", "°", "»")


def ocr_noise(pages: list[list[str]], rng: random.Random, rate: float) -> list[list[str]]:
    """Seeded OCR damage: confusions (l/1, O/0, rn/m), split and swapped letters, stray marks, lost lines."""
    out_pages = []
    for page in pages:
        out: list[str] = []
        for line in page:
            key = bool(KEEP_RE.search(line))
            if line.strip() and not key and rng.random() < rate * 0.5:
                continue  # a line the scanner lost
            words = line.split(" ")
            for i, word in enumerate(words):
                if len(word) < 2 or rng.random() > (rate * 0.5 if key else rate):
                    continue
                op = rng.random()
                if op < 0.38:
                    pairs = [(a, b) for a, b in CONFUSIONS if a in word]
                    if pairs:
                        a, b = rng.choice(pairs)
                        at = rng.choice([m.start() for m in re.finditer(re.escape(a), word)])
                        word = word[:at] + b + word[at + len(a) :]
                elif op < 0.55 and len(word) > 3:
                    at = rng.randrange(1, len(word) - 1)
                    word = f"{word[:at]} {word[at:]}"
                elif op < 0.68 and len(word) > 3:
                    at = rng.randrange(0, len(word) - 1)
                    word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
                elif op < 0.78 and len(word) > 3:
                    at = rng.randrange(0, len(word))
                    word = word[:at] + word[at + 1 :]
                elif op < 0.92:
                    at = rng.randrange(0, len(word) + 1)
                    word = word[:at] + rng.choice(STRAY) + word[at:]
                else:
                    at = rng.randrange(0, len(word))
                    word = word[:at] + word[at] + word[at:]
                words[i] = word
            line = " ".join(words)
            if rng.random() < rate * 0.8:
                line = rng.choice(STRAY) + line if rng.random() < 0.5 else line + " " + rng.choice(STRAY)
            if out and out[-1].strip() and line.strip() and rng.random() < rate * 0.25:
                out[-1] = f"{out[-1]} {line.strip()}"  # two lines read as one
                continue
            out.append(line)
        out_pages.append(out)
    return out_pages


# --------------------------------------------------------------------------------------------
# Rendering: plain text, photos (PNG), image-only scans and text-layer PDFs
# --------------------------------------------------------------------------------------------


def page_texts(x: Ctx, built: Built) -> list[list[str]]:
    """The pages as lines, with a stamp (if any) set into the top of page 1."""
    pages = [list(p) for p in built.pages]
    if built.stamp:
        at = x.r.randrange(0, 3)
        pages[0][at:at] = stamp_lines(x, built.stamp)
    return pages


def to_text(pages: list[list[str]]) -> str:
    """Pages joined by a form feed, as pdftotext would give them."""
    return "\n\f".join("\n".join(line.rstrip() for line in page) for page in pages).rstrip() + "\n"


def _font(mono: bool, size: int, bold: bool = False) -> Any:
    from PIL import ImageFont

    name = ("DejaVuSansMono" if mono else "DejaVuSans") + ("-Bold" if bold else "") + ".ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _draw_page(lines: list[str], *, dpi: int, mono: bool, ink: int, paper: Any) -> list[Any]:
    """Draw lines onto one or more letter-size pages; returns the page images (mode L)."""
    from PIL import ImageDraw

    w, h = paper.size
    margin = int(0.55 * dpi)
    base = round(dpi * 10 / 72)
    floor = round(dpi * 7.5 / 72)
    probe = _font(mono, base)
    widest = max((probe.getlength(s) for s in lines if s.strip()), default=1.0)
    size = min(base, int(base * (w - 2 * margin) / max(widest, 1.0)))
    size = max(size, floor)
    fits = int((h - 2 * margin) / (size * 1.32))
    if len(lines) > fits:
        size = max(floor, int((h - 2 * margin) / (len(lines) * 1.32)))
        fits = int((h - 2 * margin) / (size * 1.32))
    font = _font(mono, size)
    images = []
    for start in range(0, len(lines), fits):
        im = paper.copy()
        draw = ImageDraw.Draw(im)
        y = margin
        for line in lines[start : start + fits]:
            draw.text((margin, y), line, font=font, fill=ink)
            y += int(size * 1.32)
        images.append(im)
    return images


def _stamp_overlay(im: Any, text: str, rng: random.Random, dpi: int) -> Any:
    from PIL import Image, ImageDraw

    font = _font(False, round(dpi * 20 / 72), bold=True)
    tw = int(font.getlength(text))
    pad = int(dpi * 0.12)
    layer = Image.new("L", (tw + 2 * pad, int(dpi * 20 / 72) + 2 * pad + 8), 0)
    draw = ImageDraw.Draw(layer)
    draw.rectangle((2, 2, layer.width - 3, layer.height - 3), outline=255, width=max(3, dpi // 50))
    draw.text((pad, pad), text, font=font, fill=255)
    layer = layer.rotate(rng.uniform(-9, -4), expand=True, resample=Image.Resampling.BICUBIC)
    x0 = im.width - layer.width - int(dpi * rng.uniform(0.3, 0.8))
    y0 = int(dpi * rng.uniform(1.0, 1.5))  # below the header, so the court or agency name stays legible
    ink = Image.new("L", layer.size, 70)
    im.paste(ink, (max(x0, 0), y0), layer)
    return im


def render_photo(pages: list[list[str]], rng: random.Random, *, mono: bool, stamp: str | None) -> bytes:
    """A phone photo of page 1: uneven light, slight rotation and blur, specks; 32 gray levels."""
    from PIL import Image, ImageFilter

    dpi = rng.choice((160, 170, 180))
    w, h = int(8.5 * dpi), int(11 * dpi)
    lines = pages[0]
    base = round(dpi * 10 / 72)
    needed = int(len(lines) * round(dpi * 7.5 / 72) * 1.32 + 1.1 * dpi)
    h = max(h, needed)
    paper = Image.linear_gradient("L").resize((w, h)).point(lambda v: 226 + v * 24 // 255)
    if rng.random() < 0.5:
        paper = paper.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    del base
    im = _draw_page(lines, dpi=dpi, mono=mono, ink=rng.randrange(25, 55), paper=paper)[0]
    if stamp:
        im = _stamp_overlay(im, stamp, rng, dpi)
    table = rng.randrange(60, 110)
    im = im.rotate(rng.uniform(-2.2, 2.2), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=table)
    im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
    px = im.load()
    for _ in range(rng.randrange(800, 2500)):
        px[rng.randrange(im.width), rng.randrange(im.height)] = rng.randrange(40, 200)
    im = im.point(lambda v: (v // 8) * 8 + 4)  # 32 gray levels: small files, smooth light
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=True, dpi=(dpi, dpi))
    return buf.getvalue()


def render_scan(pages: list[list[str]], rng: random.Random, *, mono: bool, stamp: str | None, fax: bool) -> bytes:
    """An image-only PDF: bilevel fax-like pages (CCITT G4) or grayscale JPEG pages, one image per page."""
    from PIL import Image, ImageFilter

    dpi = 200 if fax else rng.choice((150, 200))
    w, h = int(8.5 * dpi), int(11 * dpi)
    images = []
    for i, lines in enumerate(pages):
        paper = Image.new("L", (w, h), 255 if fax else rng.randrange(238, 250))
        for im in _draw_page(lines, dpi=dpi, mono=mono, ink=0 if fax else 30, paper=paper):
            if stamp and i == 0 and not images:
                im = _stamp_overlay(im, stamp, rng, dpi)
            im = im.rotate(rng.uniform(-0.9, 0.9), resample=Image.Resampling.BICUBIC, fillcolor=255)
            if fax:
                im = im.filter(ImageFilter.GaussianBlur(0.6)).point(lambda v: 255 if v > 150 else 0)
                px = im.load()
                for _ in range(rng.randrange(300, 900)):
                    px[rng.randrange(w), rng.randrange(h)] = 0
                im = im.convert("1", dither=Image.Dither.NONE)
            else:
                im = im.filter(ImageFilter.GaussianBlur(0.5))
            images.append(im)
    buf = io.BytesIO()
    first, rest = images[0], images[1:]
    options: dict[str, Any] = {
        "resolution": float(dpi),
        "creationDate": FIXED_TIME.timetuple(),
        "modDate": FIXED_TIME.timetuple(),
    }
    options["title"] = "scan"
    if not fax:
        options["quality"] = 40
    first.save(buf, "PDF", save_all=True, append_images=rest, **options)
    return buf.getvalue()


def render_text_pdf(pages: list[list[str]], *, mono: bool, stamp: str | None) -> bytes:
    """A PDF with a real text layer (fpdf2, embedded DejaVu subset), so pypdf can extract it."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_auto_page_break(False)
    pdf.set_producer("sanctuary corpus generator")
    family = "DejaVuMono" if mono else "DejaVu"
    pdf.add_font(family, "", str(FONT_DIR / ("DejaVuSansMono.ttf" if mono else "DejaVuSans.ttf")))
    pdf.add_font("DejaVuBold", "", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    margin, width, height = 50.0, 612.0, 792.0
    for n, lines in enumerate(pages):
        pdf.add_page()
        size = 10.0
        pdf.set_font(family, size=size)
        widest = max((pdf.get_string_width(s) for s in lines if s.strip()), default=1.0)
        if widest > width - 2 * margin:
            size = size * (width - 2 * margin) / widest
        size = min(size, (height - 2 * margin) / (max(len(lines), 1) * 1.25))
        pdf.set_font(family, size=size)
        y = margin + size
        for line in lines:
            if line.strip():
                pdf.text(margin, y, line)
            y += size * 1.25
        if stamp and n == 0:
            pdf.set_font("DejaVuBold", size=18)
            sw = pdf.get_string_width(stamp)
            with pdf.rotation(8, x=width - margin - sw / 2, y=margin + 30):
                pdf.set_draw_color(90)
                pdf.set_text_color(90)
                pdf.rect(width - margin - sw - 8, margin + 10, sw + 16, 28)
                pdf.text(width - margin - sw, margin + 30, stamp)
            pdf.set_text_color(0)
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------------
# The corpus: one row per document
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    label: str
    slug: str
    make: Callable[..., Built]
    kind: str = "txt"
    noise: float = 0.0
    fax: str | None = None
    stamp: str | None = None
    kw: dict[str, Any] = field(default_factory=dict)


def S(
    label: str,
    slug: str,
    make: Callable[..., Built],
    kind: str = "txt",
    noise: float = 0.0,
    fax: str | None = None,
    stamp: str | None = None,
    **kw: Any,
) -> Spec:
    return Spec(label, slug, make, kind, noise, fax, stamp, kw)


ICE_WARRANT = "ICE WARRANT - legally binding"
JW, PC, CO, JS = "judicial_warrant", "judicial_probable_cause", "court_order", "judicial_subpoena"
AS, AW, DT, NR = "administrative_subpoena", "administrative_warrant", "detainer", "notification_request"
NTA, NC, OT = "notice_to_appear", "ncic_immigration_hit", "other"

SPECS: tuple[Spec, ...] = (
    # judicial warrants: federal (AO 442, AO 93) and state (arrest, search, bench)
    S(JW, "ao442-cdca-1326", ao442, district="cdca", crime=IMMIGRATION_CRIMES[0], page2=True),
    S(JW, "ao442-ndil", ao442, noise=0.05, district="ndil"),
    S(JW, "ao442-sdtx-clerk", ao442, district="sdtx", signer="clerk", crime=IMMIGRATION_CRIMES[1]),
    S(JW, "ao442-sdny-clerk", ao442, kind="pdf", district="sdny", signer="clerk", page2=True),
    S(JW, "ao442-wdwa-srv", ao442, district="wdwa", signer="district_judge"),
    S(JW, "ao442-dma-unsigned", ao442, district="dma", signer="unsigned"),
    S(JW, "ao442-daz-1324", ao442, kind="png", district="daz", crime=IMMIGRATION_CRIMES[3]),
    S(JW, "ao442-edny-cut", ao442, noise=0.04, district="edny", cut_after_offense=True),
    S(JW, "ao442-sdfl-fax", ao442, kind="scan", fax="FEDERAL WARRANT - SUBJECT IN YOUR CUSTODY", district="sdfl"),
    S(JW, "ao93-ndca", ao93, district="ndca"),
    S(JW, "ao93-dnj-telephone", ao93, kind="pdf", district="dnj", telephone=True),
    S(JW, "ao93-dco-unsigned", ao93, district="dco", signed=False),
    S(JW, "ao93-edpa", ao93, kind="scan", district="edpa", attachments=False),
    S(JW, "ao93-ndga", ao93, noise=0.07, district="ndga"),
    S(JW, "ca-arrest-pc814", ca_arrest),
    S(JW, "ca-arrest-ramey", ca_arrest, noise=0.05, ramey=True),
    S(JW, "ca-arrest-unsigned", ca_arrest, signed=False),
    S(JW, "ca-search-warrant", ca_search),
    S(JW, "ca-search-warrant-partial", ca_search, partial=True),
    S(JW, "ny-criminal-court-warrant", ny_arrest),
    S(JW, "ny-supreme-bench-warrant", ny_bench, kind="png"),
    S(JW, "ny-supreme-bench-warrant-2", ny_bench, noise=0.05),
    S(JW, "tx-warrant-magistrate", tx_arrest, noise=0.06),
    S(JW, "tx-warrant-district-judge", tx_arrest, kind="pdf", magistrate=False),
    S(JW, "il-warrant-for-arrest", il_arrest),
    S(JW, "fl-arrest-warrant", fl_arrest, noise=0.05),
    S(JW, "fl-capias", fl_arrest, capias=True),
    S(JW, "ma-arrest-warrant", ma_arrest),
    S(JW, "wa-bench-warrant", wa_bench, noise=0.04),
    S(JW, "nj-complaint-warrant", nj_warrant),
    S(JW, "az-search-warrant", az_search),
    S(JW, "co-arrest-warrant", co_arrest),
    S(JW, "co-arrest-warrant-unsigned", co_arrest, noise=0.05, signed=False),
    # judicial probable-cause determinations (federal magistrate, criminal immigration offense)
    S(PC, "ao91-complaint-sdtx", ao91_complaint, district="sdtx"),
    S(PC, "ao91-complaint-daz", ao91_complaint, noise=0.05, district="daz"),
    S(PC, "ao91-complaint-sdca", ao91_complaint, kind="pdf", district="sdca"),
    S(PC, "pc-order-wdtx", pc_order, district="wdtx", ecf=False),
    S(PC, "pc-order-cdca", pc_order, noise=0.04, district="cdca"),
    S(PC, "pc-order-ndil", pc_order, kind="png", district="ndil", ecf=False),
    S(PC, "pc-warrantless-sdca", pc_warrantless, district="sdca"),
    S(PC, "pc-warrantless-edny", pc_warrantless, kind="scan", district="edny"),
    S(PC, "pc-warrantless-dor", pc_warrantless, noise=0.06, district="dor"),
    # court orders (including unrelated matters)
    S(CO, "order-enforce-ice-subpoena-dco", fed_order, district="dco", topic="ice_subpoena", judge_kind="magistrate"),
    S(
        CO,
        "order-enforce-ice-subpoena-cdca",
        fed_order,
        kind="pdf",
        district="cdca",
        topic="ice_subpoena",
        judge_kind="magistrate",
    ),
    S(CO, "order-education-records-ndil", fed_order, district="ndil", topic="ferpa"),
    S(CO, "order-show-cause-habeas-wdwa", fed_order, noise=0.05, district="wdwa", topic="habeas"),
    S(CO, "order-show-cause-habeas-sdny", fed_order, district="sdny", topic="habeas"),
    S(CO, "order-detention-edpa", fed_order, district="edpa", topic="detention", judge_kind="magistrate"),
    S(CO, "order-tro-sdfl", fed_order, noise=0.04, district="sdfl", topic="tro"),
    S(CO, "order-education-records-dma-partial", fed_order, district="dma", topic="ferpa", partial=True),
    S(CO, "ca-fl340-custody", ca_fl340),
    S(CO, "ca-fl340-custody-photo", ca_fl340, kind="png"),
    S(CO, "ca-order-quash-subpoena", ca_pleading_order),
    S(CO, "tx-name-change", tx_name_change, noise=0.05),
    S(CO, "il-name-change", il_name_change),
    S(CO, "ny-family-custody", ny_family),
    S(CO, "ny-habeas-release-detainer", ny_habeas_release),
    S(CO, "fl-order-compel", fl_compel, kind="pdf"),
    S(CO, "ma-probate-temporary-order", ma_probate, noise=0.06),
    S(CO, "wa-order-sealing", wa_order),
    # judicial subpoenas (mostly clerk- or attorney-signed)
    S(JS, "ao88b-dnj-clerk", ao88, district="dnj", form="88B"),
    S(JS, "ao88b-cdca-attorney", ao88, noise=0.05, district="cdca", form="88B", signer="attorney"),
    S(JS, "ao88-ndga-clerk", ao88, district="ndga", form="88"),
    S(JS, "ao88a-dor-attorney", ao88, kind="pdf", district="dor", form="88A", signer="attorney"),
    S(JS, "ao89-sdtx-clerk", ao88, district="sdtx", form="89"),
    S(JS, "ao110-grand-jury-edny", ao88, district="edny", form="110"),
    S(JS, "ao110-grand-jury-ndil", ao88, noise=0.04, district="ndil", form="110"),
    S(JS, "ca-subp002-clerk", ca_subp002),
    S(JS, "ca-subp002-attorney", ca_subp002, noise=0.05, signer="attorney"),
    S(JS, "ca-cr125-criminal-subpoena", ca_cr125),
    S(JS, "ny-so-ordered-subpoena", ny_so_ordered),
    S(JS, "tx-subpoena-clerk", tx_subpoena, kind="scan"),
    S(JS, "il-subpoena-cook", il_subpoena, noise=0.04),
    S(JS, "fl-subpoena-duces-tecum", fl_subpoena),
    S(JS, "wa-subpoena-attorney", wa_subpoena),
    S(JS, "ma-witness-subpoena", ma_subpoena, noise=0.06),
    # DHS administrative subpoenas
    S(AS, "i138-records", i138),
    S(AS, "i138-appear", i138, noise=0.05, appear=True),
    S(AS, "i138-records-2", i138, kind="pdf"),
    S(AS, "i138-school", i138, recipient="Principal, Lincoln Heights High School"),
    S(AS, "i138-fax", i138, fax="ICE SUBPOENA - RESPONSE REQUIRED"),
    S(AS, "i138-stamped", i138, noise=0.04, stamp="LEGAL PROCESS - COMPLY"),
    S(AS, "hsi-customs-summons", hsi_summons),
    S(AS, "hsi-customs-summons-2", hsi_summons, noise=0.06),
    S(AS, "i9-notice-of-inspection", i9_noi),
    # administrative warrants (I-200, I-205)
    S(AW, "i200", i200),
    S(AW, "i200-stamp-federal-arrest-warrant", i200, kind="png", stamp="FEDERAL ARREST WARRANT"),
    S(AW, "i200-stamp-federal-arrest-warrant-2", i200, noise=0.04, stamp="FEDERAL ARREST WARRANT"),
    S(AW, "i200-unsigned", i200, signed=False),
    S(AW, "i200-served", i200, noise=0.05, served=True),
    S(AW, "i200-fax-ice-warrant", i200, kind="scan", fax=ICE_WARRANT),
    S(AW, "i200-2", i200, kind="pdf"),
    S(AW, "i200-heavy-noise", i200, noise=0.09),
    S(AW, "i200-stamp-must-be-honored", i200, stamp="WARRANT - MUST BE HONORED"),
    S(AW, "i205-immigration-judge", i205, order_by="ij"),
    S(AW, "i205-immigration-judge-photo", i205, kind="png", order_by="ij", page2=False),
    S(AW, "i205-bia", i205, noise=0.05, order_by="bia"),
    S(AW, "i205-district-court-box", i205, order_by="court"),
    S(AW, "i205-district-court-box-2", i205, kind="pdf", order_by="court"),
    S(AW, "i205-designated-official", i205, order_by="official", page2=False),
    S(AW, "i205-fax", i205, fax=ICE_WARRANT, order_by="ij"),
    # detainers (I-247A, legacy I-247 and I-247D)
    S(DT, "i247a", i247a),
    S(DT, "i247a-2", i247a, noise=0.05),
    S(DT, "i247a-fax-ice-warrant", i247a, fax=ICE_WARRANT),
    S(DT, "i247a-fax-ice-warrant-scan", i247a, kind="scan", fax=ICE_WARRANT),
    S(DT, "i247a-cancel", i247a, cancel=True),
    S(DT, "i247a-top-half-photo", i247a, kind="png", short=True),
    S(DT, "i247a-3", i247a, kind="pdf"),
    S(DT, "i247-legacy-2012", i247a, legacy=True),
    S(DT, "i247-legacy-2012-2", i247a, noise=0.06, legacy=True),
    S(DT, "i247d", i247d),
    S(DT, "i247d-2", i247d, noise=0.04),
    S(DT, "i247a-stamp-hold", i247a, stamp="HOLD - DO NOT RELEASE"),
    S(DT, "i247a-heavy-noise", i247a, noise=0.08),
    # notification requests (I-247N)
    S(NR, "i247n", i247n),
    S(NR, "i247n-2", i247n, noise=0.05),
    S(NR, "i247n-3", i247n, kind="pdf"),
    S(NR, "i247n-4", i247n),
    S(NR, "i247n-fax", i247n, fax="RELEASE NOTIFICATION REQUEST - ICE"),
    S(NR, "i247n-5", i247n, noise=0.07),
    S(NR, "i247n-scan", i247n, kind="scan"),
    # notices to appear (I-862)
    S(NTA, "i862-arriving", i862, klass=1),
    S(NTA, "i862-ewi", i862, noise=0.05, klass=2),
    S(NTA, "i862-overstay", i862, klass=3),
    S(NTA, "i862-credible-fear", i862, kind="pdf", klass=1, credible_fear=True),
    S(NTA, "i862-photo", i862, kind="png"),
    S(NTA, "i862-reverse-only", i862, page2_only=True),
    S(NTA, "i862-ewi-2", i862, noise=0.07, klass=2),
    S(NTA, "i862-scan", i862, kind="scan", klass=2),
    S(NTA, "i862-overstay-2", i862, noise=0.04, klass=3),
    S(NTA, "i862-4", i862),
    # NCIC Immigration Violator File hits
    S(NC, "ncic-ivf-deported-felon", ncic, category="deported_felon"),
    S(NC, "ncic-ivf-absconder", ncic, category="absconder"),
    S(NC, "ncic-ivf-nseers", ncic, noise=0.04, category="nseers"),
    S(NC, "ncic-ivf-absconder-with-no-want", ncic, category="absconder", extra_no_record=True),
    S(NC, "ncic-ivf-screen-photo", ncic, kind="png", category="deported_felon"),
    S(NC, "ncic-ivf-absconder-pdf", ncic, kind="pdf", category="absconder"),
    S(NC, "ncic-hit-confirmation", ncic_confirmation),
    S(NC, "ncic-hit-confirmation-2", ncic_confirmation, noise=0.05),
    S(NC, "ncic-ivf-deported-felon-2", ncic, noise=0.06, category="deported_felon"),
    # look-alikes and unrelated papers
    S(OT, "eoir-order-of-ij", eoir_order),
    S(OT, "eoir-order-of-ij-photo", eoir_order, kind="png"),
    S(OT, "eoir-order-of-ij-2", eoir_order, noise=0.05),
    S(OT, "eoir-order-of-ij-fax", eoir_order, fax=ICE_WARRANT),
    S(OT, "eoir-bond-order", eoir_order, variant="bond"),
    S(OT, "eoir-bond-order-2", eoir_order, variant="bond"),
    S(OT, "eoir-notice-of-hearing", eoir_hearing_notice),
    S(OT, "eoir-notice-of-hearing-2", eoir_hearing_notice, noise=0.06),
    S(OT, "i213", i213),
    S(OT, "i213-2", i213, noise=0.04),
    S(OT, "i286", i286),
    S(OT, "i286-scan", i286, kind="scan"),
    S(OT, "ice-letter-school", ice_letter, to="school"),
    S(OT, "ice-letter-city", ice_letter, noise=0.05, to="city"),
    S(OT, "ice-letter-hospital-stamped", ice_letter, to="hospital", stamp_words=True),
    S(OT, "ice-letter-sheriff", ice_letter, to="sheriff"),
    S(OT, "business-card-ero", business_card, agency="ero"),
    S(OT, "business-card-hsi", business_card, agency="hsi"),
    S(OT, "business-card-cbp", business_card, agency="cbp"),
    S(OT, "consent-to-search-police", consent_form, variant="police"),
    S(OT, "consent-to-search-dhs", consent_form, noise=0.05, variant="dhs"),
    S(OT, "police-citation-notice-to-appear-ca", police_nta, state="CA"),
    S(OT, "police-citation-notice-to-appear-photo", police_nta, kind="png", state="CA"),
    S(OT, "police-notice-to-appear-fl", police_nta, state="FL"),
    S(OT, "police-citation-notice-to-appear-ca-2", police_nta, noise=0.06, state="CA"),
    S(OT, "fax-cover-alone", fax_cover_only),
    S(OT, "fax-cover-alone-scan", fax_cover_only, kind="scan"),
    S(OT, "jury-summons", jury_summons),
    S(OT, "court-hearing-notice", court_hearing_notice),
    S(OT, "court-hearing-notice-2", court_hearing_notice, noise=0.05),
    S(OT, "uscis-i797c-appointment", i797c),
    # e-signatures and issuers: federal courts
    S(JW, "ao442-digital-cdca", ao442_esig, district="cdca", how="digital"),
    S(JW, "ao442-electronic-sdny", ao442_esig, district="sdny", how="electronic", district_judge=True),
    S(JW, "ao442-slash-ndca", ao442_esig, kind="pdf", district="ndca", how="slash"),
    S(JW, "ao93c-telephone-slash-ndca", ao93c, district="ndca", how="slash"),
    S(JW, "ao93c-telephone-digital-sdca", ao93c, district="sdca", how="digital"),
    S(JW, "ao93c-telephone-written-dor", ao93c, noise=0.04, district="dor", how="written"),
    S(JW, "ao93c-caption-only-daz", ao93c, district="daz", how="caption_only"),
    S(CO, "order-so-ordered-sdny", esig_order, court="sdny", how="so_ordered"),
    S(CO, "order-so-ordered-edny", esig_order, court="edny", how="so_ordered", topic="protective"),
    S(CO, "order-digital-ndil", esig_order, court="ndil", how="digital"),
    S(CO, "order-electronic-magistrate-wdtx", esig_order, court="wdtx", how="electronic", magistrate=True),
    S(CO, "order-enforce-ice-subpoena-digital-edca", esig_order, court="edca", how="digital", topic="enforce_ice"),
    S(CO, "order-enforce-irs-summons-slash-cdca", esig_order, court="cdca", how="slash", topic="enforce_irs"),
    S(CO, "order-caption-only-dnj", esig_order, court="dnj", how="caption_only"),
    S(JS, "ao89-ausa-attorney-edca", ao88, district="edca", form="89", signer="attorney"),
    # e-signatures and issuers: state courts, here (California) and elsewhere
    S(JW, "ca-arrest-electronic", state_warrant, state="CA", how="electronic"),
    S(JW, "ca-search-digital", state_warrant, state="CA", how="digital", search=True),
    S(
        CO,
        "ca-order-enforce-labor-subpoena-electronic",
        esig_order,
        court="CA",
        how="electronic",
        topic="enforce_labor",
    ),
    S(CO, "ca-order-so-ordered", esig_order, court="CA", how="so_ordered"),
    S(JS, "ca-subpoena-clerk-slash", state_subpoena, state="CA", signer="clerk"),
    S(JW, "ny-search-slash", state_warrant, state="NY", how="slash", search=True),
    S(JW, "tx-arrest-magistrate-digital", state_warrant, state="TX", how="digital", magistrate=True),
    S(JW, "ma-search-electronic", state_warrant, state="MA", how="electronic", search=True),
    S(JW, "az-arrest-slash", state_warrant, noise=0.04, state="AZ", how="slash"),
    S(JW, "nv-arrest-written", state_warrant, state="NV", how="written"),
    S(JW, "or-arrest-unsigned", state_warrant, state="OR", how="blank"),
    S(CO, "nv-order-so-ordered", esig_order, court="NV", how="so_ordered"),
    S(CO, "ny-order-digital", esig_order, court="NY", how="digital", topic="protective"),
    S(CO, "il-order-caption-only", esig_order, court="IL", how="caption_only"),
    S(JS, "ny-subpoena-attorney-slash", state_subpoena, state="NY", signer="attorney"),
    S(JS, "or-subpoena-clerk-electronic", state_subpoena, state="OR", signer="clerk", how="electronic"),
    S(JS, "tx-subpoena-attorney-written", state_subpoena, state="TX", signer="attorney", how="written"),
    # e-signatures on immigration court and agency papers (never judicial)
    S(OT, "eoir-removal-order-slash", eoir_esig, how="slash"),
    S(OT, "eoir-removal-order-digital", eoir_esig, how="digital"),
    S(OT, "eoir-removal-order-so-ordered", eoir_esig, noise=0.04, how="so_ordered"),
    S(AW, "i200-digital", dhs_esig, form="I-200", how="digital"),
    S(AW, "i205-electronic", dhs_esig, form="I-205", how="electronic"),
    S(AS, "i138-slash", dhs_esig, form="I-138", how="slash"),
    # other agencies
    S(AS, "irs-summons-2039", irs_summons),
    S(AS, "labor-commissioner-subpoena", labor_subpoena),
    S(OT, "dmv-records-request", dmv_letter),
)


def seed_for(slug: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{MASTER_SEED}:{slug}".encode()).digest()[:8], "big")


@dataclass
class Made:
    file: str
    label: str
    kind: str
    signed_by_judge: bool | None
    federal: bool | None
    issuer: str
    issued_by: str
    court_state: str | None
    notes: str
    cues: list[str]
    data: bytes


def build(spec: Spec, number: int) -> Made:
    rng = random.Random(seed_for(spec.slug))  # noqa: S311  (reproducible test data)
    x = Ctx(rng)
    built = spec.make(x, **spec.kw)
    if spec.stamp:
        built = with_stamp(built, spec.stamp)
    if spec.fax:
        built = with_fax(x, built, spec.fax)
    pages = page_texts(x, built) if spec.kind in ("txt",) else [list(p) for p in built.pages]
    notes = list(built.notes)
    if spec.noise:
        pages = ocr_noise(pages, rng, spec.noise)
        notes.insert(0, "ocr-noise")
    if spec.kind == "txt":
        data = to_text(pages).encode("utf-8")
    elif spec.kind == "png":
        data = render_photo(pages, rng, mono=built.mono, stamp=built.stamp)
        notes.insert(0, "photo")
    elif spec.kind == "scan":
        data = render_scan(pages, rng, mono=built.mono, stamp=built.stamp, fax=bool(spec.fax) or rng.random() < 0.5)
        notes.insert(0, "scanned image-only pdf")
    else:
        data = render_text_pdf(pages, mono=built.mono, stamp=built.stamp)
        notes.insert(0, "text-layer pdf")
    name = f"{number:03d}-{spec.slug}{KINDS[spec.kind]}"
    issuer, issued_by, court_state = who_issued(spec, built)
    return Made(
        name,
        spec.label,
        spec.kind,
        built.signed_by_judge,
        built.federal,
        issuer,
        issued_by,
        court_state,
        "; ".join(notes),
        built.cues,
        data,
    )


#: Who issued each kind of paper, when its builder does not say: (issuer, issued_by).
WHO: dict[str, tuple[str, str]] = {
    "ao93": ("federal_court", "magistrate"),
    "ao91_complaint": ("federal_court", "magistrate"),
    "pc_order": ("federal_court", "magistrate"),
    "pc_warrantless": ("federal_court", "magistrate"),
    "ca_arrest": ("state:CA", "judge"),
    "ca_search": ("state:CA", "judge"),
    "ny_arrest": ("state:NY", "judge"),
    "ny_bench": ("state:NY", "judge"),
    "il_arrest": ("state:IL", "judge"),
    "fl_arrest": ("state:FL", "judge"),
    "ma_arrest": ("state:MA", "judge"),
    "wa_bench": ("state:WA", "judge"),
    "nj_warrant": ("state:NJ", "judge"),
    "az_search": ("state:AZ", "judge"),
    "co_arrest": ("state:CO", "judge"),
    "ca_fl340": ("state:CA", "judge"),
    "ca_pleading_order": ("state:CA", "judge"),
    "tx_name_change": ("state:TX", "judge"),
    "il_name_change": ("state:IL", "judge"),
    "ny_family": ("state:NY", "judge"),
    "ny_habeas_release": ("state:NY", "judge"),
    "fl_compel": ("state:FL", "judge"),
    "ma_probate": ("state:MA", "judge"),
    "wa_order": ("state:WA", "judge"),
    "ca_cr125": ("state:CA", "attorney"),
    "ny_so_ordered": ("state:NY", "judge"),
    "tx_subpoena": ("state:TX", "clerk"),
    "il_subpoena": ("state:IL", "clerk"),
    "fl_subpoena": ("state:FL", "clerk"),
    "wa_subpoena": ("state:WA", "attorney"),
    "ma_subpoena": ("state:MA", "clerk"),
    "i138": ("immigration_agency", "officer"),
    "hsi_summons": ("immigration_agency", "officer"),
    "i9_noi": ("immigration_agency", "officer"),
    "i205": ("immigration_agency", "officer"),
    "i247a": ("immigration_agency", "officer"),
    "i247d": ("immigration_agency", "officer"),
    "i247n": ("immigration_agency", "officer"),
    "i862": ("immigration_agency", "officer"),
    "i213": ("immigration_agency", "officer"),
    "i286": ("immigration_agency", "officer"),
    "ice_letter": ("immigration_agency", "officer"),
    "ncic": ("immigration_agency", "unknown"),
    "ncic_confirmation": ("immigration_agency", "unknown"),
    "eoir_order": ("immigration_court", "officer"),  # an immigration judge is a Justice Department officer
    "eoir_hearing_notice": ("immigration_court", "unknown"),
    "fax_cover_only": ("unknown", "unknown"),
    "jury_summons": ("state:CA", "unknown"),
    "i797c": ("immigration_agency", "unknown"),
}


def who_issued(spec: Spec, built: Built) -> tuple[str, str, str | None]:
    """The label's issuer (relative to HOME_STATE), issued_by and court state.

    A paper whose issuer's signature line is blank, or not on the copy, has ``issued_by`` unknown:
    nobody put their name to it.
    """
    issuer, issued_by = WHO.get(spec.make.__name__, (None, None))
    issuer = built.issuer or issuer
    issued_by = built.issued_by or issued_by
    if issuer is None or issued_by is None:
        raise SystemExit(f"{spec.slug}: the label does not say who issued it")
    if issued_by in ("judge", "magistrate") and built.signed_by_judge is not True:
        issued_by = "unknown"  # unsigned, or the signature page is missing
    court_state = None
    if issuer.startswith("state:"):
        court_state = issuer.removeprefix("state:")
        issuer = "state_court_here" if court_state == HOME_STATE else "state_court_elsewhere"
    Issuer(issuer), IssuedBy(issued_by)  # a typo in a label fails here
    return issuer, issued_by, court_state


# --------------------------------------------------------------------------------------------
# Writing the folder: documents, labels.csv, README.md
# --------------------------------------------------------------------------------------------


def cell(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def readme(made: list[Made]) -> str:
    by_label = Counter(m.label for m in made)
    by_kind = Counter(m.kind for m in made)
    noisy = sum("ocr-noise" in m.notes for m in made)
    adversarial = sum(
        ("adversarial" in m.notes or "fax-cover" in m.notes or "partial" in m.notes or "unsigned" in m.notes)
        for m in made
    )
    table = ["| label | documents |", "|---|---:|"]
    table += [f"| `{label}` | {by_label[label]} |" for label in LABELS]
    table.append(f"| **total** | **{len(made)}** |")
    kinds = ["| file kind | documents |", "|---|---:|"]
    kinds += [f"| {KIND_NAMES[k]} | {by_kind[k]} |" for k in KINDS]
    size = sum(len(m.data) for m in made)
    return f"""# Labeled test corpus for the document reader

{len(made)} fictitious papers of the kind an agent might hand to a front-desk clerk, each labeled with
the instrument type the reader (`sanctuary read`) must report. `tests/test_reader_corpus.py` scores the
reader on this folder.

**Everything here is fictitious.** Names of people, judges, officers and companies, case, file, docket and
A-numbers, addresses and phone numbers are generated from word lists and number patterns (phone numbers in
the 555-01xx range, A-numbers starting with 9, a range not issued). Any resemblance to a real person or case
is accidental. Court and agency names are real institutions, because they are the cues the reader must use.
The form texts follow the project's reference notes on instruments (AO 442, AO 93, state warrants, court
orders, AO 88-series and state subpoenas, I-138, I-200, I-205, I-247A/D/N, I-862, NCIC printouts and
look-alikes); much of that wording is reconstructed, so the papers are realistic, not authoritative copies.

Do not edit files here by hand: change `tests/corpus/generate.py` and regenerate.

## Counts

{chr(10).join(table)}

{chr(10).join(kinds)}

- {noisy} text documents carry seeded OCR noise (confusions such as l/1 and O/0, split and swapped letters,
  stray marks, lost or merged lines); the photos and scans are real OCR input.
- {adversarial} documents are adversarial or partial: fax cover sheets calling the enclosure an "ICE WARRANT -
  legally binding", stamps such as "FEDERAL ARREST WARRANT" on an I-200, unsigned judicial forms, copies
  missing the signature page, clerk-signed court subpoenas, I-205s whose boxes name an immigration judge or
  a district court as author of the removal order, EOIR orders of an immigration judge (label `other`: an
  immigration court is not a court), and police citations titled "Notice to Appear" (label `other`).
- {sum(m.issuer != "unknown" for m in made)} papers name their issuer: {
        ", ".join(f"{k} {v}" for k, v in sorted(Counter(m.issuer for m in made).items()))
    }; courts of {len({m.court_state for m in made if m.court_state})}
  states. {sum("e-signature" in m.notes for m in made)} carry e-signatures ("/s/ Name", "Digitally signed by",
  "Electronically signed", "SO ORDERED" over the judge's name), and some show a judge's caption with no
  signature at all.
- Total size: {size / 1_000_000:.2f} MB; every binary file is under 300 KB.

## labels.csv

`file,label,signed_by_judge,federal,issuer,issued_by,court_state,notes`

- `file`: relative to this folder. Every file here except `labels.csv` and `README.md` is listed.
- `label`: one of {", ".join(f"`{label}`" for label in LABELS)}.
- `signed_by_judge`: `true` when a judge, justice or magistrate of a court signed the paper; `false` when the
  signature line is blank or the signer is a clerk, an attorney, an officer or an immigration judge; blank when
  the paper has no signature line (cards, fax covers, notices) or the signature page is missing.
- `federal`: for papers issued by a court, `true` for a federal court and `false` for a state court; blank for
  papers no court issued (DHS, EOIR, NCIC, police, letters).
- `issuer`: who issued the paper: `federal_court`, `state_court_here` or `state_court_elsewhere` (a state
  court, relative to the home state {HOME_STATE}: the corpus is labeled as read by a clerk there),
  `immigration_court` (EOIR), `immigration_agency` (DHS: ICE, CBP, USCIS; NCIC immigration records),
  `other_agency` (police, IRS, a state labor or motor-vehicle agency), or `unknown` (nothing says).
  `sanctuary read --eval` re-derives here/elsewhere from `court_state` for the pack it is given.
- `issued_by`: who put their name to it: `judge`, `magistrate`, `clerk`, `attorney`, `officer` (an
  immigration judge signs as an officer of the Department of Justice, never as a judge), or `unknown` when
  the signature line is blank, missing from the copy, or there is none.
- `court_state`: the postal code of a state court's state; blank otherwise.
- `notes`: short free text (`ocr-noise`, `photo`, `scanned image-only pdf`, `text-layer pdf`, `fax-cover`,
  `adversarial: ...`, `partial ...`).

Text files hold one document each, UTF-8, with pages separated by a form feed (`\\f`) as `pdftotext` would
give them. PDFs made with fpdf2 have a text layer; scanned PDFs hold only page images (CCITT G4 bilevel
"fax" pages or grayscale JPEG pages), and PNG photos are slightly rotated, blurred and unevenly lit.

## Regenerate

```
.venv/bin/python tests/corpus/generate.py          # rewrites this folder (deterministic, fixed seeds)
.venv/bin/python tests/corpus/generate.py --check  # labels vs files, sizes, and OCR of the images
```

Regenerating needs Pillow, fpdf2 and the DejaVu fonts (`/usr/share/fonts/truetype/dejavu`); `--check` also
needs tesseract. The tests need none of them: the generated files are committed.
"""


def generate(out: Path = OUT) -> list[Made]:
    made = [build(spec, n) for n, spec in enumerate(SPECS, 1)]
    slugs = [s.slug for s in SPECS]
    if len(set(slugs)) != len(slugs):
        raise SystemExit("duplicate slugs in SPECS")
    out.mkdir(parents=True, exist_ok=True)
    keep = {m.file for m in made} | {"labels.csv", "README.md"}
    for stale in out.iterdir():
        if stale.is_file() and stale.name not in keep:
            stale.unlink()
    for m in made:
        (out / m.file).write_bytes(m.data)
    with (out / "labels.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "label", "signed_by_judge", "federal", "issuer", "issued_by", "court_state", "notes"])
        for m in made:
            writer.writerow(
                [
                    m.file,
                    m.label,
                    cell(m.signed_by_judge),
                    cell(m.federal),
                    m.issuer,
                    m.issued_by,
                    m.court_state or "",
                    m.notes,
                ]
            )
    (out / "README.md").write_text(readme(made), encoding="utf-8")
    return made


# --------------------------------------------------------------------------------------------
# Checks: labels against files, sizes, and OCR of the rendered images
# --------------------------------------------------------------------------------------------


def _ocr_file(path: Path) -> str:
    if path.suffix == ".png":
        return subprocess.run(["tesseract", str(path), "stdout"], capture_output=True, text=True, check=True).stdout
    from pypdf import PdfReader

    texts = []
    for page in PdfReader(str(path)).pages:
        for image in page.images:
            result = subprocess.run(["tesseract", "stdin", "stdout"], input=image.data, capture_output=True, check=True)
            texts.append(result.stdout.decode("utf-8", "replace"))
    return "\n".join(texts)


def check(out: Path = OUT, ocr: bool = True) -> int:
    problems: list[str] = []
    with (out / "labels.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    listed = {row["file"] for row in rows}
    present = {p.name for p in out.iterdir() if p.is_file()} - {"labels.csv", "README.md"}
    problems += [f"not listed in labels.csv: {name}" for name in sorted(present - listed)]
    problems += [f"listed but missing: {name}" for name in sorted(listed - present)]
    counts = Counter(row["label"] for row in rows)
    problems += [f"bad label {row['label']!r} for {row['file']}" for row in rows if row["label"] not in LABELS]
    problems += [f"only {counts[label]} documents labeled {label}" for label in LABELS if counts[label] < 6]
    total = 0
    for name in sorted(present):
        size = (out / name).stat().st_size
        total += size
        if not name.endswith(".txt") and size > MAX_BINARY:
            problems.append(f"{name} is {size} bytes (> {MAX_BINARY})")
    if total > MAX_TOTAL:
        problems.append(f"corpus is {total} bytes (> {MAX_TOTAL})")
    print(f"{len(rows)} documents, {total / 1_000_000:.2f} MB; " + ", ".join(f"{k}={counts[k]}" for k in LABELS))
    if ocr:
        from rapidfuzz import fuzz

        cues = {
            m.file: m.cues for m in (build(spec, n) for n, spec in enumerate(SPECS, 1)) if m.kind in ("png", "scan")
        }
        for name, wanted in sorted(cues.items()):
            text = " ".join(_ocr_file(out / name).split()).upper()
            scores = [fuzz.partial_ratio(cue.upper(), text) for cue in wanted]
            weak = [cue for cue, score in zip(wanted, scores, strict=True) if score < 80]
            print(f"  OCR {name}: " + ", ".join(f"{c!r}={s:.0f}" for c, s in zip(wanted, scores, strict=True)))
            problems += [f"OCR of {name} lost the cue {cue!r}" for cue in weak]
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="verify the folder instead of writing it")
    parser.add_argument("--no-ocr", action="store_true", help="with --check, skip running tesseract")
    args = parser.parse_args(argv)
    if args.check:
        return check(ocr=not args.no_ocr)
    made = generate()
    print(f"wrote {len(made)} documents to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

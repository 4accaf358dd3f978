"""The recognizers: what each detection kind looks like, written for Hyperscan.

Every pattern is compiled once into a single Hyperscan database and run over a whole batch of
rows joined with newlines, so no pattern may cross a line: gaps are ``[^\\n]`` and spaces ``[ \\t]``,
never ``\\s`` or ``.``. Hyperscan does not backtrack, so untrusted text cannot make a scan slow.

Three shapes of recognizer:

* **shape** — the identifier alone is distinctive (``A-123-456-789``, ``EAC2190012345``);
* **context** — a number only counts when a context word stands just before it (passport, visa
  foil, I-94, FINS, subject ID); the pattern covers the context and the number, and ``locate``
  picks out the number at the end of that short span;
* **phrase** — words and phrases (status, citizenship, place of birth, SOGI terms, agencies), one
  pattern per term.

Hyperscan runs without start-of-match tracking (``HS_FLAG_SOM_LEFTMOST`` made the whole database
four to six times slower, measured): it reports where each match ends, and the start is found on the
few characters before that end, never by a pattern run over the whole text.

An ``unless`` pattern, checked only around a detection, cancels it where it overlaps: it is how
"ICE cream" and "born in March" stay clean without look-around, which Hyperscan lacks.
New recognizers are added to ``RECOGNIZERS``; nothing else needs to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sanctuary.model import DataCategory

#: A digit as scanned and OCR'd: O/o for 0, l/I for 1 are common misreads inside digit runs.
D = "[0-9OoIl]"
#: A separator inside a grouped number: nothing, a hyphen, a dot, or one or two spaces.
S = "(?:[-.]|[ ]{1,2})?"
#: A short stretch of the same line between a context word and its number.
GAP = "[^\\n]{0,24}"


@dataclass(frozen=True, slots=True)
class Recognizer:
    """One pattern of one kind.

    Hyperscan reports where a match *ends*; where it starts is found on the short stretch of text
    before that end (at most ``window`` characters): a term of fixed ``length`` starts ``length``
    characters earlier, anything else is found by ``locate``, a Python pattern anchored at the end
    (by default the recognizer's own pattern). For a context recognizer ``locate`` is the shape of
    the identifier alone, so the span covers the number, not the context word. ``unless`` is a
    pattern whose match overlapping the span cancels it ("ICE cream", "born in March").
    """

    kind: str
    name: str
    pattern: str
    caseless: bool = True
    confidence: float = 0.9
    locate: re.Pattern[str] | None = None
    window: int = 32
    length: int = 0
    min_digits: int = 0
    unless: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        if self.locate is None and not self.length:
            flags = re.ASCII | (re.IGNORECASE if self.caseless else 0)
            object.__setattr__(self, "locate", re.compile(f"(?:{self.pattern})\\Z", flags))


def _phrase(term: str, *, ocr: bool = False) -> str:
    """A literal term as a token-aware pattern: word boundaries only where the term has word characters.

    ``287(g)`` ends in ``)``: a trailing ``\\b`` would never match there, so it is left off.
    Spaces match runs of spaces or tabs; a hyphen may also be a space or nothing. With ``ocr``, long
    terms also match the usual scan misreads of their letters (l or 1 for i, 0 for o).
    """
    body = ""
    noisy = ocr and len(term) >= 6
    for char in term:
        if noisy and char in "iI":
            body += "[iIl1]"
        elif noisy and char in "oO":
            body += "[oO0]"
        elif char == " ":
            body += "[ \\t]+"
        elif char == "-":
            body += "[- ]?"
        else:
            body += re.escape(char)
    start = "\\b" if term[0].isalnum() else ""
    end = "\\b" if term[-1].isalnum() else ""
    return start + body + end


def _phrases(
    kind: str,
    name: str,
    terms: list[str],
    *,
    caseless: bool = True,
    confidence: float = 0.8,
    unless: re.Pattern[str] | None = None,
) -> list[Recognizer]:
    """One recognizer per term, so a term's start is its end minus its length whenever it has no spaces."""
    recognizers = []
    for term in terms:
        fixed = not any(ch in term for ch in " -")
        recognizers.append(
            Recognizer(
                kind=kind,
                name=name,
                pattern=_phrase(term, ocr=caseless),
                caseless=caseless,
                confidence=confidence,
                length=len(term) if fixed else 0,
                window=4 * len(term) + 16,
                unless=unless,
            )
        )
    return recognizers


def _tail(shape: str) -> re.Pattern[str]:
    """The identifier alone, ending where the match ends (searched on a short stretch only)."""
    return re.compile(f"\\b(?:{shape})\\Z", re.IGNORECASE | re.ASCII)


_A_NUMBER_SHAPE = f"{D}{{3}}{S}{D}{{3}}{S}{D}{{3}}"
_A_NUMBER_SHAPE_8 = f"{D}{{2}}{S}{D}{{3}}{S}{D}{{3}}"
_NUMBER_WORD = "(?:number|num\\b|no\\b\\.?|nbr\\b|#)"

IDENTIFIERS: list[Recognizer] = [
    # A-numbers: "A" then 9 (or, for older files, 8) digits, in any of the ways people write them.
    Recognizer(
        "a_number",
        "a-number-shape",
        f"\\bA(?:[-#:.]|[ ]{{1,2}}|#[ :]{{1,3}}|[ ]#[ ]?)?{_A_NUMBER_SHAPE}\\b",
        caseless=False,
        confidence=0.9,
        min_digits=7,
    ),
    Recognizer(
        "a_number",
        "a-number-shape-8",
        f"\\bA(?:[-#]|#[ :]{{1,2}})?{_A_NUMBER_SHAPE_8}\\b",
        caseless=False,
        confidence=0.75,
        min_digits=7,
    ),
    Recognizer(
        "a_number",
        "a-number-lower",
        f"\\ba(?:[-#]|#[ :]{{1,2}}){_A_NUMBER_SHAPE}\\b",
        caseless=False,
        confidence=0.8,
        min_digits=7,
    ),
    Recognizer(
        "a_number",
        "a-number-context",
        "\\b(?:alien(?:[ ]+registration)?[ ]+" + _NUMBER_WORD + "|alien[ ]+reg(?:istration)?\\b\\.?"
        "|a-?(?:number|no\\b\\.?)|a[ ]?#|uscis[ ]*" + _NUMBER_WORD + ")"
        f"[^\\n]{{0,16}}\\b{_A_NUMBER_SHAPE}\\b",
        confidence=0.95,
        locate=_tail(_A_NUMBER_SHAPE),
        min_digits=7,
    ),
    # USCIS receipt numbers: service-center prefix and 10 digits.
    Recognizer(
        "uscis_receipt",
        "receipt-number",
        f"\\b(?:EAC|WAC|LIN|SRC|NBC|MSC|IOE|YSC|TSC)(?:[- ]?{D}){{10}}\\b",
        confidence=0.95,
        min_digits=8,
    ),
    # SEVIS IDs: N and 10 digits.
    Recognizer("sevis_id", "sevis-shape", f"\\bN[- ]?{D}{{10}}\\b", caseless=False, confidence=0.85, min_digits=8),
    Recognizer(
        "sevis_id",
        "sevis-context",
        f"\\bsevis\\b{GAP}\\b[Nn]?{D}{{10}}\\b",
        confidence=0.95,
        locate=_tail("[Nn]?[0-9OoIl]{10}"),
        min_digits=8,
    ),
    # I-94 admission numbers: 11 digits (or 9 digits, a letter, a digit) after an I-94 context word.
    Recognizer(
        "i94_number",
        "i94-context",
        "\\b(?:i-?94|admission[ ]+(?:record[ ]+)?" + _NUMBER_WORD + "|arrival[/ -]departure[ ]+record)"
        f"{GAP}\\b(?:{D}{{11}}|{D}{{9}}[A-Z]{D})\\b",
        confidence=0.95,
        locate=_tail("[0-9OoIl]{11}|[0-9OoIl]{9}[A-Z][0-9OoIl]"),
        min_digits=9,
    ),
    # Visa foil ("red") numbers: only after a visa context word.
    Recognizer(
        "visa_foil_number",
        "visa-foil-context",
        "\\bvisa(?:[ ]+(?:foil|control|stamp|red))?[ ]*" + _NUMBER_WORD + f"{GAP}\\b(?:[A-Z]?\\d{{7,8}}|\\d{{14}})\\b",
        confidence=0.9,
        locate=_tail("[A-Z]?\\d{7,8}|\\d{14}"),
        min_digits=7,
    ),
    Recognizer(
        "visa_foil_number",
        "visa-foil-word",
        f"\\bvisa[ ]+foil\\b{GAP}\\b(?:[A-Z]?\\d{{7,8}}|\\d{{14}})\\b",
        confidence=0.9,
        locate=_tail("[A-Z]?\\d{7,8}|\\d{14}"),
        min_digits=7,
    ),
    # Passport numbers: only after "passport" (or "pasaporte") nearby.
    Recognizer(
        "passport_number",
        "passport-context",
        f"(?:\\b(?:passport|pasaporte)\\b|\\bppt[ ]*#){GAP}\\b(?:[A-Z]{{1,2}}{D}{{6,8}}|\\d{D}{{6,8}})\\b",
        confidence=0.9,
        locate=_tail("[A-Z]{1,2}[0-9OoIl]{6,8}|[0-9][0-9OoIl]{6,8}"),
        min_digits=6,
    ),
    # FINS (DHS fingerprint identification numbers) and subject IDs, as on detainer forms.
    Recognizer(
        "fins",
        "fins-context",
        f"\\bF[Il1]NS?\\b[ ]*(?:#|No\\b\\.?|number|NUMBER)?[^\\n]{{0,6}}\\b{D}{{7,12}}\\b",
        caseless=False,
        confidence=0.9,
        locate=_tail("[0-9OoIl]{7,12}"),
        min_digits=6,
    ),
    Recognizer(
        "subject_id",
        "subject-id-context",
        "\\bsubject[ ]*id\\b[ ]*(?:" + _NUMBER_WORD + ")?[^\\n]{0,6}\\b[A-Z0-9]{6,12}\\b",
        confidence=0.85,
        locate=_tail("[A-Z0-9]{6,12}"),
        min_digits=5,
    ),
]

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_NOT_A_PLACE = re.compile(
    "\\b(?:born|nacid[oa])[ \\t]+(?:in|en)[ \\t]+(?:" + "|".join(_MONTHS) + ")\\b", re.IGNORECASE | re.ASCII
)
#: "U.S. Citizenship and Immigration Services" names an agency, not anyone's citizenship.
_AGENCY_NAME = re.compile("citizenship[ \\t]+and[ \\t]+immigration[ \\t]+services", re.IGNORECASE | re.ASCII)
_NOT_THE_AGENCY = re.compile(
    "\\bICE[- \\t]+(?:CREAM|CREAMS|STORM|STORMS|RINK|SKATING|SKATES|HOCKEY|MAKER|MACHINE|CUBES?|PACKS?|"
    "BUCKET|CHEST|AGE|SHEET|SHELF|COLD|WATER|TEA|COFFEE|SCULPTURE|FISHING|JAM|DAM|ON[ \\t]+ROAD(?:WAY)?|"
    "ON[ \\t]+THE[ \\t]+ROAD|BATH|PICK|CAPS?|FLOES?|BERG)\\b"
    "|\\b(?:BLACK|DRY|SHAVED|THIN|CRUSHED)[ \\t]+ICE\\b",
    re.IGNORECASE | re.ASCII,
)

PHRASES: list[Recognizer] = [
    *_phrases(
        "immigration_status",
        "status-terms",
        [
            "undocumented",
            "unauthorized immigrant",
            "unauthorized immigrants",
            "illegal alien",
            "illegal aliens",
            "illegal immigrant",
            "illegal immigrants",
            "illegally present",
            "unlawfully present",
            "unlawful presence",
            "out of status",
            "no legal status",
            "without legal status",
            "no papers",
            "sin papeles",
            "indocumentado",
            "indocumentada",
            "indocumentados",
            "indocumentadas",
            "estatus migratorio",
            "immigration status",
            "immigrant status",
            "visa status",
            "DACA",
            "DACAmented",
            "DACA recipient",
            "deferred action",
            "temporary protected status",
            "asylum",
            "asylee",
            "asylees",
            "asylum seeker",
            "asylum seekers",
            "asilo",
            "refugee",
            "refugees",
            "refugee status",
            "U visa",
            "U-visa",
            "T visa",
            "T-visa",
            "U nonimmigrant",
            "T nonimmigrant",
            "I-918",
            "I-914",
            "I-589",
            "VAWA self-petition",
            "overstay",
            "overstays",
            "overstayed",
            "visa overstay",
            "expired visa",
            "removal order",
            "removal orders",
            "order of removal",
            "ordered removed",
            "removal proceedings",
            "withholding of removal",
            "cancellation of removal",
            "deportation",
            "deportations",
            "deported",
            "deportable",
            "deportee",
            "deportado",
            "deportada",
            "deportación",
            "green card",
            "green cards",
            "green card holder",
            "permanent resident",
            "lawful permanent resident",
            "conditional resident",
            "residente permanente",
            "humanitarian parole",
            "immigration parole",
            "parolee status",
            "employment authorization",
            "nonimmigrant",
            "non-immigrant",
            "H-1B",
            "F-1 visa",
            "J-1 visa",
            "student visa",
            "tourist visa",
            "mixed-status family",
            "mixed status family",
        ],
        confidence=0.8,
    ),
    *_phrases("immigration_status", "status-acronyms", ["TPS", "EAD"], caseless=False, confidence=0.75),
    *_phrases(
        "citizenship",
        "citizenship-terms",
        [
            "citizenship",
            "citizen of",
            "citizens of",
            "U.S. citizen",
            "US citizen",
            "U.S. citizens",
            "US citizens",
            "American citizen",
            "non-citizen",
            "noncitizen",
            "non-citizens",
            "noncitizens",
            "not a citizen",
            "nationality",
            "national of",
            "naturalized",
            "naturalization",
            "dual citizen",
            "dual national",
            "ciudadanía",
            "ciudadano de",
            "ciudadana de",
            "nacionalidad",
            "N-400",
            "N-600",
        ],
        confidence=0.8,
        unless=_AGENCY_NAME,
    ),
    *_phrases(
        "place_of_birth",
        "birthplace-terms",
        [
            "place of birth",
            "country of birth",
            "birthplace",
            "birth place",
            "city of birth",
            "born abroad",
            "foreign-born",
            "foreign born",
            "lugar de nacimiento",
            "país de nacimiento",
            "pais de nacimiento",
        ],
        confidence=0.85,
    ),
    *_phrases("place_of_birth", "birthplace-acronym", ["POB"], caseless=False, confidence=0.75),
    Recognizer(
        "place_of_birth",
        "born-in-place",
        "\\b(?:[Bb]orn|BORN|[Nn]acid[oa]|[Nn]ative)[ \\t]+(?:in|IN|en|of|OF)[ \\t]+"
        "[A-Z][A-Za-z'-]+(?:[ \\t]+[A-Z][A-Za-z'-]+)?\\b",
        caseless=False,
        confidence=0.8,
        window=64,
        unless=_NOT_A_PLACE,
    ),
    *_phrases(
        "sogi",
        "sogi-terms",
        [
            "lesbian",
            "lesbians",
            "bisexual",
            "transgender",
            "trans student",
            "trans youth",
            "trans girl",
            "trans boy",
            "trans man",
            "trans woman",
            "trans kid",
            "nonbinary",
            "non-binary",
            "queer",
            "LGBT",
            "LGBTQ",
            "LGBTQ+",
            "LGBTQIA",
            "LGBTQIA+",
            "gender identity",
            "sexual orientation",
            "gender expression",
            "genderqueer",
            "gender-fluid",
            "genderfluid",
            "gender nonconforming",
            "intersex",
            "asexual",
            "homosexual",
            "two-spirit",
            "gender transition",
            "social transition",
            "chosen name",
            "preferred pronouns",
            "they/them",
            "she/they",
            "he/they",
            "identifies as male",
            "identifies as female",
            "identifies as nonbinary",
            "identifies as a boy",
            "identifies as a girl",
            "gay-straight alliance",
            "gender and sexuality alliance",
        ],
        confidence=0.75,
    ),
    *_phrases("sogi", "gay", ["gay", "GAY"], caseless=False, confidence=0.7),
    *_phrases(
        "immigration_enforcement",
        "agency-acronyms",
        ["ICE", "I.C.E.", "ERO", "HSI", "CBP", "USBP", "ICE ERO", "ICE-ERO", "ICE/ERO", "ICE HSI"],
        caseless=False,
        confidence=0.8,
        unless=_NOT_THE_AGENCY,
    ),
    *_phrases(
        "immigration_enforcement",
        "enforcement-terms",
        [
            "287(g)",
            "Immigration and Customs Enforcement",
            "Customs and Border Protection",
            "Border Patrol",
            "Homeland Security Investigations",
            "Enforcement and Removal Operations",
            "Homeland Security",
            "immigration detainer",
            "immigration hold",
            "immigration agents",
            "immigration agent",
            "immigration officer",
            "immigration officers",
            "immigration enforcement",
            "immigration raid",
            "I-247A",
            "I-247",
            "I-247D",
            "I-247N",
            "I-200",
            "I-205",
            "I-213",
            "la migra",
            "Immigration (civil/administrative)",
        ],
        confidence=0.8,
    ),
]

RECOGNIZERS: list[Recognizer] = IDENTIFIERS + PHRASES

#: The kinds, most specific first: when two kinds claim overlapping text, the earlier one wins.
KINDS: tuple[str, ...] = (
    "uscis_receipt",
    "sevis_id",
    "a_number",
    "i94_number",
    "fins",
    "subject_id",
    "visa_foil_number",
    "passport_number",
    "immigration_enforcement",
    "immigration_status",
    "citizenship",
    "place_of_birth",
    "sogi",
)

#: Kinds that are identifiers of one person (as opposed to words about a person or an agency).
IDENTIFIER_KINDS: frozenset[str] = frozenset(r.kind for r in IDENTIFIERS)

#: The contract's data category each kind reveals, for the outbound gate.
KIND_CATEGORY: dict[str, DataCategory] = {
    "a_number": DataCategory.IMMIGRATION_STATUS,
    "uscis_receipt": DataCategory.IMMIGRATION_STATUS,
    "i94_number": DataCategory.IMMIGRATION_STATUS,
    "sevis_id": DataCategory.IMMIGRATION_STATUS,
    "visa_foil_number": DataCategory.IMMIGRATION_STATUS,
    "fins": DataCategory.IMMIGRATION_STATUS,
    "subject_id": DataCategory.IMMIGRATION_STATUS,
    "immigration_status": DataCategory.IMMIGRATION_STATUS,
    "immigration_enforcement": DataCategory.IMMIGRATION_STATUS,
    "passport_number": DataCategory.CITIZENSHIP,
    "citizenship": DataCategory.CITIZENSHIP,
    "place_of_birth": DataCategory.PLACE_OF_BIRTH,
    "sogi": DataCategory.SOGI,
}

#: What a scrubbed span is replaced with, per kind.
PLACEHOLDERS: dict[str, str] = {kind: f"[{kind.upper().replace('_', '-')}]" for kind in KINDS}

assert set(KINDS) == {r.kind for r in RECOGNIZERS}, "every kind needs a priority"
assert set(KIND_CATEGORY) == set(KINDS), "every kind needs a data category"

"""From text to a reading: which paper is this, who signed it, and how sure are we.

Safety first: calling an administrative paper judicial is the costly error. A court type
(warrant, probable-cause determination, order, subpoena) is given only when the paper is headed
by a court, nothing on it says it comes from an immigration agency or an immigration court, and
it carries a court form number or a court's title. When court and agency evidence conflict, or the
evidence is thin, the answer is ``other`` with low confidence and a warning, and the decision
becomes ``refer``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from sanctuary.model import READER_CONFIDENCE_FLOOR, Evidence, InstrumentType, IssuedBy, Issuer, Reading, ReadingDates

from ._cues import (
    AO_FORM,
    CASE_NUMBER,
    COMMANDING_TYPES,
    CUES,
    DATE_ISO,
    DATE_NUMERIC,
    DATE_WORDS,
    DHS_FORM,
    EDITION,
    FORM_TYPES,
    HONORABLE,
    JUDICIAL_TYPES,
    MONTHS,
    NAME_LIKE,
    Cue,
)
from ._issuer import IssuerReading
from ._issuer import issuer as issuer_of
from ._signature import Signature, signature
from ._text import normalize

T = InstrumentType
SEARCH_WARRANT_DAYS = 14
LOW_CONFIDENCE = READER_CONFIDENCE_FLOOR


def _cutoff(cue_cutoff: float, phrase: str) -> float:
    """Allow about one OCR error per 12 characters, never fewer than the cue's own cutoff."""
    if len(phrase) <= 6:
        return 100.0
    allowed = 1 + len(phrase) // 12
    return max(cue_cutoff, 100.0 * (1 - allowed / len(phrase)))


#: A line with at most this many words reads as a heading, a title or a signature label, not prose.
LABEL_WORDS = 10
_HEADER_ROLES = ("federal_court", "state_court", "agency", "eoir", "other_agency")


@dataclass
class Hit:
    cue: Cue
    line: int  # 0-based
    text: str
    score: float


@dataclass
class Features:
    lines: list[str]
    normalized: list[str]
    hits: list[Hit] = field(default_factory=list)
    forms: list[tuple[str, int]] = field(default_factory=list)
    cover_end: int = 0  # lines [0, cover_end) are a fax cover sheet

    def roles(self, role: str, *, body_only: bool = True, labels_only: bool = False) -> list[Hit]:
        return [
            h
            for h in self.hits
            if h.cue.role == role
            and (not body_only or h.line >= self.cover_end)
            and (not labels_only or self.label_like(h.line))
        ]

    def has(self, role: str) -> bool:
        return bool(self.roles(role))

    def label_like(self, line: int) -> bool:
        return len(self.normalized[line].split()) <= LABEL_WORDS

    @property
    def issuer_role(self) -> str | None:
        """Who heads the paper: the first court, agency or immigration-court line of its body."""
        heads = [h for h in self.hits if h.cue.role in _HEADER_ROLES and h.line >= self.cover_end]
        if not heads:
            return None
        first = min(h.line for h in heads)
        roles = {h.cue.role for h in heads if h.line == first}
        for role in _HEADER_ROLES:
            if role in roles:
                return role
        return None


def _match(lines: list[str]) -> list[Hit]:
    """Every cue phrase against every line, fuzzily (rapidfuzz's C loop over the lines)."""
    hits: list[Hit] = []
    candidates = [(i, line) for i, line in enumerate(lines) if line]
    choices = [line for _, line in candidates]
    if not choices:
        return hits
    for cue in CUES:
        seen: set[int] = set()
        for phrase in cue.phrases:
            results = process.extract(
                phrase, choices, scorer=fuzz.partial_ratio, score_cutoff=_cutoff(cue.cutoff, phrase), limit=None
            )
            for _, score, index in results:
                line_no = candidates[index][0]
                if line_no in seen or len(choices[index]) < len(phrase) * 0.7:
                    continue
                seen.add(line_no)
                hits.append(Hit(cue, line_no, phrase, score))
    judge = next(c for c in CUES if c.role == "sign_judge")
    for line_no, line in candidates:
        if HONORABLE.search(line) and not any(h.line == line_no and h.cue is judge for h in hits):
            hits.append(Hit(judge, line_no, "HON.", 100.0))
    federal_lines = {h.line for h in hits if h.cue.role == "federal_court"}
    hits = [h for h in hits if not (h.cue.role == "state_court" and h.line in federal_lines)]
    hits.sort(key=lambda h: (h.line, -h.score))
    return hits


def _forms(normalized: list[str]) -> list[tuple[str, int]]:
    """Form numbers printed as a form's label (not mentioned in a sentence), with their lines."""
    found: list[tuple[str, int]] = []
    for number, line in enumerate(normalized):
        for pattern, prefix in ((DHS_FORM, "I-"), (AO_FORM, "AO ")):
            for match in pattern.finditer(line):
                before = line[: match.start()].strip()
                after = line[match.end() : match.end() + 10]
                labelled = (
                    before in {"FORM", "DHS FORM"}
                    or "(REV" in after
                    or EDITION.match(after.strip()) is not None
                    or len(line.split()) <= 6
                )
                if not labelled:
                    continue
                form = f"{prefix}{match.group(1)}{match.group(2) or ''}"
                form = form if form in FORM_TYPES else f"{prefix}{match.group(1)}"
                if form in FORM_TYPES:
                    found.append((form, number))
    return found


def features(text: str) -> Features:
    lines = text.replace("\f", "\n").splitlines()
    normalized = [normalize(line) for line in lines]
    result = Features(lines=lines, normalized=normalized, hits=_match(normalized), forms=_forms(normalized))
    fax = [h for h in result.hits if h.cue.role == "fax"]
    if fax:
        # The cover sheet runs until the enclosure's own header: a court, an agency, or a form number.
        start = fax[0].line
        headers = [
            h.line
            for h in result.hits
            if h.line > start + 2 and h.cue.role in {*_HEADER_ROLES, "ncic"} and result.label_like(h.line)
        ] + [line for _, line in result.forms if line > start + 2]
        result.cover_end = min(headers) if headers else len(lines)
    return result


@dataclass
class Verdict:
    type: InstrumentType
    confidence: float
    warnings: list[str]
    signed_by_judge: bool | None
    signature: Signature
    immigration_forms: bool


def _leading_titles(feats: Features) -> list[Hit]:
    """Title hits, keeping on each line only the title that comes first ("ORDER ... SUBPOENAS" is an order)."""
    by_line: dict[int, list[Hit]] = defaultdict(list)
    for hit in feats.roles("title"):
        by_line[hit.line].append(hit)
    kept: list[Hit] = []
    for line, hits in by_line.items():
        text = feats.normalized[line]
        position = {id(h): text.find(h.text.split()[0]) % (len(text) + 1) for h in hits}
        first = min(position.values())
        kept.extend(h for h in hits if position[id(h)] == first)
    return kept


def _votes(feats: Features) -> dict[InstrumentType, float]:
    votes: dict[InstrumentType, float] = defaultdict(float)
    for role in ("title", "operative", "ncic", "citation", "letter"):
        for hit in _leading_titles(feats) if role == "title" else feats.roles(role):
            # A title counts in a heading; the same words inside a sentence are only a hint.
            weight = 1.0 if role != "title" or feats.label_like(hit.line) else 0.25
            for kind, votes_for in hit.cue.votes:
                votes[kind] += votes_for * weight * hit.score / 100
    for form, line in feats.forms:
        if line >= feats.cover_end:
            votes[FORM_TYPES[form]] += 6
    return votes


def _signature(feats: Features) -> Signature:
    """Who signs (judge, officer, clerk, ...) and whether it is signed.

    A court paper may also name an officer (the complainant on a criminal complaint), so the
    signer that matches the paper's issuer is preferred among the signed blocks.
    """
    issuer = feats.issuer_role
    if issuer in {"federal_court", "state_court"}:
        order = ("sign_judge", "sign_issuing", "sign_clerk", "sign_attorney", "sign_ij", "sign_officer")
    elif issuer == "eoir":
        order = ("sign_ij", "sign_officer", "sign_clerk", "sign_judge", "sign_issuing", "sign_attorney")
    else:
        order = ("sign_officer", "sign_ij", "sign_clerk", "sign_attorney", "sign_judge", "sign_issuing")
    return signature(feats, order)


_ADMIN_TYPES = (
    T.ADMINISTRATIVE_WARRANT,
    T.DETAINER,
    T.NOTIFICATION_REQUEST,
    T.ADMINISTRATIVE_SUBPOENA,
    T.NOTICE_TO_APPEAR,
)
_WARRANT_TITLES = {"title: arrest warrant", "title: search warrant"}
_SUBPOENA_TITLES = {"title: subpoena", "title: immigration subpoena"}


def classify(feats: Features) -> Verdict:
    votes = _votes(feats)
    warnings: list[str] = []
    issuer = feats.issuer_role
    court = issuer in {"federal_court", "state_court"}
    agency = issuer == "agency"
    eoir = issuer == "eoir" or any(feats.label_like(h.line) for h in feats.roles("eoir"))
    immigration_forms = [f for f, line in feats.forms if f.startswith("I-") and line >= feats.cover_end]
    sig = _signature(feats)
    role, signed = sig.role, sig.signed
    titles = {h.cue.id for h in _leading_titles(feats) if feats.label_like(h.line)}

    if eoir and not immigration_forms:
        votes[T.OTHER] += 5
        warnings.append(
            "An immigration judge is not a court: immigration court (EOIR) papers are administrative, "
            "not judicial warrants or court orders."
        )
    immigration_nta = (
        agency
        or eoir
        or "I-862" in immigration_forms
        or any(h.cue.id == "order to appear before an immigration judge" for h in feats.roles("operative"))
    )
    if "title: notice to appear" in titles and not immigration_nta:
        votes[T.OTHER] += 4
        warnings.append(
            "Titled 'Notice to Appear' but nothing on it is from immigration authorities: "
            "it looks like a police or court citation, not Form I-862."
        )
    if titles & _SUBPOENA_TITLES and not titles & _WARRANT_TITLES:
        votes[T.JUDICIAL_WARRANT] = 0.0  # a subpoena commands someone to appear or produce, not an arrest
        if "title: order" not in titles:
            votes[T.COURT_ORDER] *= 0.3  # a subpoena "so ordered" by a judge is still a subpoena
    if court:
        for kind in JUDICIAL_TYPES:
            votes[kind] += 2
        for kind in _ADMIN_TYPES:
            votes[kind] *= 0.3  # a court's paper may discuss a detainer or an ICE subpoena; it is not one
    else:
        for kind in JUDICIAL_TYPES:
            votes[kind] *= 0.2
    if agency or immigration_forms:
        for kind in _ADMIN_TYPES:
            votes[kind] += 1
    not_court = agency or immigration_forms or issuer == "other_agency"
    if not_court and votes.get(T.JUDICIAL_SUBPOENA) and votes.get(T.ADMINISTRATIVE_SUBPOENA):
        votes[T.ADMINISTRATIVE_SUBPOENA] += 3

    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    forms = bool(immigration_forms)
    if feats.cover_end >= len(feats.lines):
        return _unclear(
            warnings, sig, forms, "Only a fax cover sheet was read: the document it announces is not attached."
        )
    if not ranked or ranked[0][1] < 2.5:
        return _unclear(warnings, sig, forms, "The reader found too few cues to say what this paper is.")
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0

    if best in JUDICIAL_TYPES:
        if not court or eoir or immigration_forms or role in {"sign_officer", "sign_ij"}:
            source = (
                "no court at its head"
                if not court
                else "immigration court marks"
                if eoir
                else "immigration agency marks"
            )
            return _unclear(
                warnings,
                sig,
                forms,
                f"It uses court wording but has {source}; treat it as NOT judicial until counsel checks it.",
            )
    elif best is T.ADMINISTRATIVE_WARRANT and titles & _WARRANT_TITLES:
        warnings.append(
            "It says 'warrant', but it is an immigration form signed by an immigration officer, not a judge: "
            "an administrative warrant does not allow entry into non-public areas."
        )

    confidence = min(0.99, 0.55 + 0.06 * (top - second) + 0.02 * min(len(feats.hits), 10))
    if court and immigration_forms and best not in JUDICIAL_TYPES:
        confidence = min(confidence, 0.75)
        warnings.append("The paper mixes court and immigration-agency marks; check which document is which.")

    signed_by_judge: bool | None
    if best in JUDICIAL_TYPES:
        if signed is False:
            signed_by_judge = False
        elif sig.by_judge:
            signed_by_judge = True if signed else None
        elif sig.caption_says in {IssuedBy.CLERK, IssuedBy.ATTORNEY, IssuedBy.OFFICER}:
            signed_by_judge = False
            if best is T.JUDICIAL_SUBPOENA:
                warnings.append(
                    "The subpoena is signed by a court clerk or an attorney, not a judge: it is still a court's "
                    "subpoena; counsel responds."
                )
        else:
            signed_by_judge = None
        if signed is False:
            warnings.append("The signature line is blank: an unsigned warrant or order is not valid as it is.")
        elif role is None:
            warnings.append("No signature block was found: it may be a partial copy; ask for the whole document.")
        elif signed is None and sig.by_judge:
            warnings.append("The reader could not see a signature over the judge's line: check it on the paper.")
        if sig.conflict:
            confidence = min(confidence, 0.6)
            warnings.append(
                "Both a judge and an officer appear to sign it: check which document is which before acting."
            )
    else:
        signed_by_judge = False
    cover_says_warrant = any("WARRANT" in feats.normalized[i] for i in range(min(feats.cover_end, len(feats.lines))))
    if feats.cover_end and cover_says_warrant and best not in {T.JUDICIAL_WARRANT, T.ADMINISTRATIVE_WARRANT}:
        warnings.append(f"The cover sheet calls it a warrant, but the enclosure is a {best.value.replace('_', ' ')}.")
    return Verdict(best, round(confidence, 2), warnings, signed_by_judge, sig, forms)


def _unclear(warnings: list[str], sig: Signature, forms: bool, why: str) -> Verdict:
    return Verdict(T.OTHER, 0.35, [*warnings, why], False, sig, forms)


# -- fields ------------------------------------------------------------------------------------------


def _dates(feats: Features) -> list[tuple[dt.date, int]]:
    found: list[tuple[dt.date, int]] = []
    for number, line in enumerate(feats.normalized):
        for match in DATE_NUMERIC.finditer(line):
            month, day, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            year = year + 2000 if year < 100 else year
            found.extend(_valid(year, month, day, number))
        for match in DATE_ISO.finditer(line):
            found.extend(_valid(int(match.group(1)), int(match.group(2)), int(match.group(3)), number))
        for match in DATE_WORDS.finditer(line):
            found.extend(_valid(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)), number))
    return found


def _valid(year: int, month: int, day: int, line: int) -> list[tuple[dt.date, int]]:
    try:
        return [(dt.date(year, month, day), line)]
    except ValueError:
        return []


_AGENCY_ROLES = {
    Issuer.IMMIGRATION_COURT: ("eoir",),
    Issuer.IMMIGRATION_AGENCY: ("agency", "eoir"),
    Issuer.OTHER_AGENCY: ("other_agency",),
}
_NOT_COURTS = frozenset({Issuer.IMMIGRATION_COURT, Issuer.IMMIGRATION_AGENCY, Issuer.OTHER_AGENCY})


def read_text(
    text: str,
    *,
    pages: int = 1,
    ocr: bool = False,
    sha256: str = "",
    today: dt.date | None = None,
    home_state: str | None = None,
) -> Reading:
    """The reading of a paper's text; ``home_state`` (postal code) tells this state's courts from others'."""
    feats = features(text)
    verdict = classify(feats)
    today = today or dt.date.today()
    body = [h for h in feats.hits if h.line >= feats.cover_end]
    who = issuer_of(feats, verdict.type, home_state, immigration_forms=verdict.immigration_forms)
    sig = verdict.signature

    courts = [h for h in body if h.cue.role in {"federal_court", "state_court"}]
    # "THE PEOPLE OF THE STATE OF ..." heads a state case; the court's own name says more
    court_hit = next((h for h in courts if "COURT" in h.text), courts[0] if courts else None)
    roles = _AGENCY_ROLES.get(who.kind, ("agency", "eoir", "other_agency"))
    agency_hit = next((h for h in body if h.cue.role in roles), None)
    court = _label(feats, court_hit)
    issuer = court if who.kind not in _NOT_COURTS and court else (_label(feats, agency_hit) or court)
    issued_by = sig.issued_by
    if issued_by in {IssuedBy.JUDGE, IssuedBy.MAGISTRATE} and (
        who.kind in _NOT_COURTS or (verdict.type not in JUDICIAL_TYPES and court_hit is None)
    ):
        # never call an agency's or an immigration court's paper a judge's: an IJ is a DOJ officer
        issued_by = IssuedBy.OFFICER if who.kind is Issuer.IMMIGRATION_COURT else IssuedBy.UNKNOWN
    form = next((f for f, line in feats.forms if line >= feats.cover_end), None)

    case_number = None
    for line in feats.normalized[feats.cover_end :]:
        match = CASE_NUMBER.search(line)
        if match:
            case_number = match.group(1).strip()
            break

    dates = _dates(feats)
    issued = _issued(feats, dates)
    expires = _expiry(feats, dates, issued, verdict.type)
    warnings = [*verdict.warnings, *who.warnings]
    if expires and expires < today:
        warnings.append(f"It expired on {expires.isoformat()}: an expired warrant cannot be executed.")
    if verdict.confidence < LOW_CONFIDENCE and "The reader found too few cues" not in " ".join(warnings):
        warnings.append("Low confidence: the decision will treat the paper's type as unknown and refer it.")
    federal = None if who.kind is Issuer.UNKNOWN else who.kind is Issuer.FEDERAL_COURT
    criminal = _criminal(feats, verdict.type)
    evidence = [
        Evidence(cue=h.cue.id, text=feats.lines[h.line].strip()[:200], line=h.line + 1) for h in feats.hits[:40]
    ] + [Evidence(cue=f"form {f}", text=feats.lines[line].strip()[:200], line=line + 1) for f, line in feats.forms[:5]]
    if sig.how and sig.line is not None:
        mark = "blank signature line" if sig.how == "blank" else f"signature ({sig.how})"
        evidence.append(Evidence(cue=mark, text=feats.lines[sig.line].strip()[:200], line=sig.line + 1))
    evidence.sort(key=lambda e: e.line)
    return Reading(
        type=verdict.type,
        signed_by_judge=verdict.signed_by_judge,
        signed=sig.signed,
        confidence=verdict.confidence,
        issuer=issuer,
        issuer_kind=who.kind,
        issued_by=issued_by,
        court_state=who.court_state,
        court=court if verdict.type in JUDICIAL_TYPES else None,
        signer=sig.name,
        signer_title=sig.title,
        form=form,
        case_number=case_number,
        subjects=_subjects(feats),
        dates=ReadingDates(issued=issued, expires=expires),
        federal=federal,
        criminal=criminal,
        evidence=evidence,
        warnings=list(dict.fromkeys(warnings)),
        verdict=_sentence(verdict, form, court, who),
        pages=pages,
        ocr=ocr,
        sha256=sha256,
    )


def _label(feats: Features, hit: Hit | None) -> str | None:
    """The heading a cue matched: its column of the line (a caption may share the line with a case number)."""
    if hit is None:
        return None
    line = feats.lines[hit.line].strip()
    word = hit.text.split()[0]
    for segment in re.split(r" {3,}|\t", line):
        if word in normalize(segment):
            return segment.strip(" ,;:)(")[:120]
    return hit.text.title() if len(line) > len(hit.text) + 20 else line


def _issued(feats: Features, dates: list[tuple[dt.date, int]]) -> dt.date | None:
    if not dates:
        return None
    for date, line in dates:
        text = feats.normalized[line]
        if any(word in text for word in ("ISSUED", "DATED", "DATE:", "DATE ", "SIGNED")):
            return date
    return dates[0][0]


def _expiry(
    feats: Features, dates: list[tuple[dt.date, int]], issued: dt.date | None, kind: InstrumentType
) -> dt.date | None:
    if kind is not T.JUDICIAL_WARRANT:
        return None
    for date, line in dates:
        if "ON OR BEFORE" in feats.normalized[line]:
            return date
    search = any(h.cue.id == "title: search warrant" or h.cue.id == "command to search" for h in feats.hits)
    if search and issued:
        return issued + dt.timedelta(days=SEARCH_WARRANT_DAYS)
    return None


def _criminal(feats: Features, kind: InstrumentType) -> bool | None:
    if kind in {T.JUDICIAL_WARRANT, T.JUDICIAL_PROBABLE_CAUSE}:
        return True
    if kind in {
        T.ADMINISTRATIVE_WARRANT,
        T.DETAINER,
        T.NOTIFICATION_REQUEST,
        T.ADMINISTRATIVE_SUBPOENA,
        T.NOTICE_TO_APPEAR,
    }:
        return False
    text = " ".join(feats.normalized)
    if "UNITED STATES OF AMERICA V" in text or "CRIMINAL" in text or "PEOPLE OF THE STATE" in text:
        return True
    return None


_SUBJECT_LABELS = (
    "IN THE MATTER OF THE SEARCH OF",
    "NAME OF PERSON TO BE ARRESTED",
    "NAME:",
    "SUBJECT:",
    "ALIEN:",
    "RE:",
    "TO:",
)


def _subjects(feats: Features) -> list[str]:
    found: list[str] = []
    for number, line in enumerate(feats.normalized[feats.cover_end :], start=feats.cover_end):
        if " V. " in f" {line} " or line.endswith(" V") or " VS. " in f" {line} ":
            parts = re.split(r"\bV(?:S)?\.?\s", line, maxsplit=1)
            if len(parts) == 2 and (name := parts[1].split(",")[0].strip()) and NAME_LIKE.match(name):
                found.append(name.title())
        for label in _SUBJECT_LABELS[:6]:
            if line.startswith(label):
                rest = line[len(label) :].strip(" :") or (
                    feats.normalized[number + 1] if number + 1 < len(feats.normalized) else ""
                )
                if rest and not rest.startswith("(") and NAME_LIKE.match(rest):
                    found.append(rest.title()[:120])
    return list(dict.fromkeys(found))[:5]


_PLAIN = {
    T.JUDICIAL_WARRANT: "a judicial warrant",
    T.JUDICIAL_PROBABLE_CAUSE: "a judge's probable-cause determination",
    T.COURT_ORDER: "a court order",
    T.JUDICIAL_SUBPOENA: "a court subpoena",
    T.ADMINISTRATIVE_SUBPOENA: "an immigration administrative subpoena (Form I-138)",
    T.ADMINISTRATIVE_WARRANT: "an immigration administrative warrant (Form I-200 or I-205)",
    T.DETAINER: "an immigration detainer (Form I-247A): a request to hold someone",
    T.NOTIFICATION_REQUEST: "a request to be told of a release date (Form I-247N)",
    T.NOTICE_TO_APPEAR: "a Notice to Appear in immigration court (Form I-862)",
    T.NCIC_IMMIGRATION_HIT: "a database (NCIC) immigration record, not a warrant from a judge",
    T.OTHER: "not a warrant or order the reader recognizes",
}


def _sentence(verdict: Verdict, form: str | None, court: str | None, who: IssuerReading) -> str:
    kind = verdict.type
    plain = _PLAIN[kind]
    if form and kind in {
        T.ADMINISTRATIVE_WARRANT,
        T.DETAINER,
        T.NOTIFICATION_REQUEST,
        T.ADMINISTRATIVE_SUBPOENA,
        T.NOTICE_TO_APPEAR,
    }:
        plain = re.sub(r"\(Form [^)]*\)", f"(Form {form})", plain)
    where = f" from {court.title()}" if court else ""
    if kind in JUDICIAL_TYPES and who.kind is Issuer.STATE_COURT_ELSEWHERE:
        return (
            f"This looks like {plain}{where}, a court of another state ({who.court_state}): it has no force here "
            "until a court of this state makes it its own. Do not act on it; send it to counsel."
        )
    if kind in COMMANDING_TYPES:
        if verdict.signed_by_judge and who.kind is Issuer.UNKNOWN:
            return (
                f"This appears to be {plain}{where}, signed by a judge, but the reader could not tell which "
                "state's court issued it. Check the court with your supervisor or counsel before acting."
            )
        if verdict.signed_by_judge:
            return (
                f"This appears to be {plain}{where}, signed by a judge. Check the court, signature, date and "
                "scope, and call your supervisor; do not obstruct it."
            )
        return (
            f"This looks like {plain}{where}, but it is not confirmed as signed by a judge. "
            "Do not act on it until counsel or your supervisor checks it."
        )
    if kind is T.JUDICIAL_SUBPOENA:
        return f"This is {plain}, not a warrant. Do not hand anything over; send it to counsel."
    if kind is T.OTHER:
        return (
            "This is NOT a judicial warrant the reader can confirm. Do not act on it; ask your supervisor or counsel."
        )
    if kind is T.ADMINISTRATIVE_SUBPOENA:
        source = "an agency's administrative subpoena or summons" if who.kind is Issuer.OTHER_AGENCY else plain
        return (
            f"This is NOT a judicial warrant. It is {source}, issued by an officer, not a judge. It is legal "
            "process with a return date: do not hand anything over, and send it to counsel to answer or contest."
        )
    if kind is T.NCIC_IMMIGRATION_HIT:
        return f"This is NOT a judicial warrant. It is {plain}: no one has signed anything asking you to act."
    return f"This is NOT a judicial warrant. It is {plain}, signed by an immigration officer, not a judge."

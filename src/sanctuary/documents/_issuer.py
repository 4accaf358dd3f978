"""Who issued the paper: a federal court, a state court (this state's or another's), an immigration
court, an immigration agency or another agency.

A state court's paper binds here only when the court is of the home state (the pack's state);
another state's court binds only once its paper is domesticated. When the court's state cannot be
read, or no home state is given, the issuer is ``unknown``: the decision then refers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from sanctuary.model import InstrumentType, Issuer

from ._cues import STATE_HINTS, STATE_NAME, STATES

if TYPE_CHECKING:
    from ._classify import Features

T = InstrumentType
_ADMIN = frozenset({T.ADMINISTRATIVE_WARRANT, T.DETAINER, T.NOTIFICATION_REQUEST, T.NOTICE_TO_APPEAR})
#: How far from a court caption its state may be printed ("SUPERIOR COURT OF THE STATE OF" / "CALIFORNIA").
NEAR = 3
HEAD_LINES = 25


@dataclass(frozen=True)
class IssuerReading:
    kind: Issuer
    court_state: str | None
    warnings: tuple[str, ...] = ()


def _state_in(text: str) -> str | None:
    match = STATE_NAME.search(text)
    if match is None:
        return None
    name = match.group(1)
    if name == "WASHINGTON" and ("D.C" in text or "DISTRICT OF COLUMBIA" in text):
        return "DC"
    return STATES.get(name) or STATE_HINTS[name]


def _fuzzy_state(text: str) -> str | None:
    """A state name damaged by OCR ("CALIFORNLA"), on a court caption line only."""
    best, score = None, 0.0
    for name, code in STATES.items():
        if len(name) < 6:
            continue
        value = fuzz.partial_ratio(name, text)
        if value > score:
            best, score = code, value
    return best if score >= 88 else None


def court_state(feats: Features) -> str | None:
    """The state of the state court heading the paper: its caption, the lines around it, then the head."""
    courts = [h.line for h in feats.hits if h.cue.role == "state_court" and h.line >= feats.cover_end]
    if not courts:
        return None
    first = courts[0]
    order = [first, *[n for n in courts[1:] if n < first + HEAD_LINES]]
    order += [n for d in range(1, NEAR + 1) for n in (first + d, first - d) if feats.cover_end <= n < len(feats.lines)]
    for number in order:
        found = _state_in(feats.normalized[number])
        if found:
            return found
    head = range(feats.cover_end, min(len(feats.lines), first + HEAD_LINES))
    for number in head:
        text = feats.normalized[number]
        if any(w in text for w in ("STATE OF", "COMMONWEALTH OF", "PEOPLE OF", "COUNTY,", "COUNTY OF")):
            found = _state_in(text)
            if found:
                return found
    return _fuzzy_state(feats.normalized[first])


def issuer(feats: Features, kind: InstrumentType, home_state: str | None, *, immigration_forms: bool) -> IssuerReading:
    """The issuer's kind from the head of the paper, checked against what the paper turned out to be."""
    head = feats.issuer_role
    if kind in _ADMIN or kind is T.NCIC_IMMIGRATION_HIT:
        return IssuerReading(Issuer.IMMIGRATION_AGENCY, None)
    if kind is T.ADMINISTRATIVE_SUBPOENA:
        other = head == "other_agency" and not immigration_forms
        return IssuerReading(Issuer.OTHER_AGENCY if other else Issuer.IMMIGRATION_AGENCY, None)
    if head is None:
        head = _fallback(feats, immigration_forms)
    if head == "eoir":
        return IssuerReading(Issuer.IMMIGRATION_COURT, None)
    if head == "agency":
        return IssuerReading(Issuer.IMMIGRATION_AGENCY, None)
    if head == "other_agency":
        return IssuerReading(Issuer.OTHER_AGENCY, None)
    if head == "federal_court":
        return IssuerReading(Issuer.FEDERAL_COURT, None)
    if head == "state_court":
        return _state_court(feats, home_state)
    return IssuerReading(Issuer.UNKNOWN, None)


def _fallback(feats: Features, immigration_forms: bool) -> str | None:
    """No header line: an immigration court or agency named in a heading, or an immigration form number."""
    for role in ("eoir", "agency", "other_agency"):
        if feats.roles(role, labels_only=True):
            return role
    return "agency" if immigration_forms else None


def _state_court(feats: Features, home_state: str | None) -> IssuerReading:
    state = court_state(feats)
    if state is None:
        return IssuerReading(
            Issuer.UNKNOWN,
            None,
            (
                "A state court's paper, but the reader could not tell which state's court: "
                "check it, since another state's court binds here only once its paper is domesticated.",
            ),
        )
    if home_state is None:
        return IssuerReading(
            Issuer.UNKNOWN,
            state,
            (f"A court of {state}: whether it binds here depends on the pack's state, which was not given.",),
        )
    if state == home_state.upper():
        return IssuerReading(Issuer.STATE_COURT_HERE, state)
    return IssuerReading(
        Issuer.STATE_COURT_ELSEWHERE,
        state,
        (
            f"A court of another state ({state}): its paper has no force here until it is domesticated; "
            "refer it to counsel.",
        ),
    )

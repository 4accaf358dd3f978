"""The request: the facts of one encounter, as the contract names them.

Every model forbids unknown fields and unknown enum values, so a typo is an
error and never a silent guess. A boolean left out means "not known", which
the engine treats as a question to ask rather than as ``false``; the few
facts that are only ever asserted positively (exigency declared, written
consent, a side-door requester) default to ``false``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from ._enums import (
    Action,
    Area,
    AssistKind,
    DataCategory,
    HistoryTag,
    InstrumentType,
    IssuedBy,
    Issuer,
    Purpose,
    RequesterKind,
    Setting,
)
from ._errors import InputError

_ISSUERS: dict[str, Issuer] = {member.value: member for member in Issuer}

_STRICT = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Requester(BaseModel):
    model_config = _STRICT

    kind: RequesterKind | None = Field(None, description="Who is asking.")
    agency: str | None = Field(None, max_length=200, description="Free text, e.g. 'ICE ERO', 'HSI', 'FBI'.")
    acting_for_immigration: StrictBool = Field(
        False, description="A non-immigration requester acting for an immigration authority (a side door)."
    )


class Instrument(BaseModel):
    """The paper the requester carries; leave the whole object out when there is none."""

    model_config = _STRICT

    type: InstrumentType | None = Field(None, description="What the paper is.")
    signed_by_judge: StrictBool | None = Field(None, description="Signed by a judge or magistrate.")
    federal: StrictBool | None = Field(
        None, description="Issued by a federal court; derived from `issuer` when left out."
    )
    issuer: Issuer | None = Field(
        None,
        description="Who issued the paper: a federal court, a court of this state or of another state, an "
        "immigration court (EOIR, not a court for these laws), an immigration or other agency; derived "
        "from `federal: true` when left out.",
    )
    issued_by: IssuedBy | None = Field(
        None, description="Who put their name to it: judge, magistrate, court clerk, attorney, officer."
    )
    criminal: StrictBool | None = Field(None, description="Criminal, not civil, basis.")
    covers_request: StrictBool | None = Field(None, description="Names this person, place or records, and is in date.")
    nondisclosure_order: StrictBool = Field(False, description="Comes with a court's non-disclosure order.")
    confidence: float | None = Field(
        None, ge=0.0, le=1.0, description="How sure the document reader was of the type (0 to 1), when read."
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_court(cls, data: Any) -> Any:
        """``federal`` and ``issuer`` say the same thing in two vocabularies: fill one from the other,
        and refuse a paper that is both from a federal court and from some other issuer."""
        if not isinstance(data, dict):
            return data
        federal, issuer = data.get("federal"), data.get("issuer")
        if federal is None and issuer is None:  # the common case of a paper that says neither
            return data
        if isinstance(issuer, str):
            issuer = _ISSUERS.get(issuer, issuer)
        if isinstance(issuer, Issuer):
            is_federal = issuer is Issuer.FEDERAL_COURT
            if federal is None and issuer is not Issuer.UNKNOWN:
                data = {**data, "federal": is_federal}
            elif isinstance(federal, bool) and issuer is not Issuer.UNKNOWN and federal != is_federal:
                raise InputError(
                    "instrument.federal is {federal} but instrument.issuer is {issuer!r}; "
                    "give one of them, or make them agree (federal: true only with issuer: federal_court)",
                    federal=str(federal).lower(),
                    issuer=issuer.value,
                )
        elif issuer is None and federal is True:
            data = {**data, "issuer": Issuer.FEDERAL_COURT.value}
        return data


class Subject(BaseModel):
    model_config = _STRICT

    in_custody: StrictBool | None = None
    is_student: StrictBool | None = None
    is_minor: StrictBool | None = None
    is_patient: StrictBool | None = None
    consent: StrictBool = Field(False, description="The person (or pupil) gave written consent.")
    info_public: StrictBool = Field(False, description="The requested information is already public.")
    history: list[HistoryTag] | None = Field(
        None, description="Criminal-history categories; leave out when not known, [] when checked and none."
    )


class Request(BaseModel):
    """One request that touches immigration enforcement."""

    model_config = _STRICT

    pack: str | None = Field(None, description="Pack id, e.g. 'us-ca-los-angeles'.")
    setting: Setting | None = None
    action: Action
    assist_kind: AssistKind | None = None
    area: Area | None = None
    requester: Requester = Field(default_factory=Requester)
    purpose: Purpose | None = None
    data: list[DataCategory] | None = Field(None, description="Data categories asked for (share_data).")
    instrument: Instrument | None = Field(None, description="The paper presented; leave out when there is none.")
    exigent: StrictBool = Field(False, description="Agents declared exigent circumstances.")
    subject: Subject = Field(default_factory=Subject)

"""What the document reader saw on a paper: its type, who signed it, and the evidence."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from ._enums import InstrumentType, IssuedBy, Issuer

_OUT = ConfigDict(extra="forbid", frozen=True)

#: Below this confidence a reading's type and signature count as unknown, so the decision refers.
READER_CONFIDENCE_FLOOR = 0.7


class Evidence(BaseModel):
    model_config = _OUT

    cue: str = Field(description="What was recognized, e.g. 'court caption', 'DHS header', 'judge signature line'.")
    text: str = Field(description="The text that matched, as read.")
    line: int = Field(ge=1, description="1-based line in the extracted text.")


class ReadingDates(BaseModel):
    model_config = _OUT

    issued: dt.date | None = None
    expires: dt.date | None = Field(
        None, description="Last day the paper can be executed (a federal search warrant: 14 days after issue)."
    )


class Reading(BaseModel):
    """The contract's reading: ``sanctuary read --json`` prints ``model_dump(mode="json")``."""

    model_config = _OUT

    type: InstrumentType
    signed_by_judge: bool | None = Field(
        description="Signed by a judge or magistrate of a court (not an immigration judge)."
    )
    signed: bool | None = Field(description="The signature line carries a signature ('/s/', a name), not blank.")
    confidence: float = Field(ge=0.0, le=1.0, description="How sure the reader is of `type`.")
    issuer: str | None = Field(None, description="The court or agency at the top of the paper.")
    issuer_kind: Issuer = Field(
        Issuer.UNKNOWN,
        description="Which kind of issuer that is: a federal court, a court of the home state or of another "
        "state, an immigration court (not a court for these laws), an immigration or other agency.",
    )
    issued_by: IssuedBy = Field(
        IssuedBy.UNKNOWN, description="Who put their name to it: judge, magistrate, clerk, attorney, officer."
    )
    court_state: str | None = Field(None, description="The state (postal code) of the issuing state court.")
    court: str | None = Field(None, description="The issuing court, when a court issued it.")
    signer: str | None = None
    signer_title: str | None = None
    form: str | None = Field(None, description="Form number, e.g. 'I-200', 'AO 442'.")
    case_number: str | None = None
    subjects: list[str] = Field(default_factory=list, description="People, places or records the paper names.")
    dates: ReadingDates = Field(default_factory=ReadingDates)
    federal: bool | None = Field(None, description="Issued by a federal court.")
    criminal: bool | None = Field(None, description="Criminal, not civil, basis.")
    evidence: list[Evidence] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    verdict: str = Field(description="One plain sentence for the person holding the paper.")
    pages: int = Field(ge=0, description="Pages read.")
    ocr: bool = Field(description="Whether any text came from OCR.")
    sha256: str = Field(description="SHA-256 of the file read.")

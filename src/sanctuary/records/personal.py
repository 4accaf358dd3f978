"""Personal details of a case's subject, and the redaction that keeps them out of clear records.

Only this model's fields, a document's bytes and name, the reader's personal findings and staff
notes are personal; they are always sealed (see :mod:`sanctuary.records.sealing`). What stays in
clear text (the request's vocabulary, the decision, a redacted reading) never names anyone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sanctuary.model import Decision, InputError, Reading, validated

from .pseudonyms import IDENTIFIER, PERSON, normalize_identifier, normalize_name, pseudonym

#: Reading fields that can carry a person's name, an identifier or a date taken from the paper (a
#: birth date on a warrant can be read as its issue date, so the dates count as personal too).
READING_PERSONAL_FIELDS = ("subjects", "signer", "case_number", "evidence", "dates")
_READER_RULE = "document-reader"


class PersonalDetails(BaseModel):
    """Who the case is about. Sealed with the case's data key; shredded by a retention purge."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(None, max_length=300, description="The subject's name as given.")
    date_of_birth: dt.date | None = None
    identifiers: tuple[str, ...] = Field(
        (), max_length=50, description="Free-text identifiers: A-number, passport, student id..."
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise InputError("the name is blank")
        return value

    @field_validator("identifiers")
    @classmethod
    def _identifiers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if len(item) > 200 or not normalize_identifier(item):
                raise InputError("the identifier {item!r} is blank or longer than 200 characters", item=item)
        return value

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value > dt.date.today():
            raise InputError("the date of birth is in the future")
        return value

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> PersonalDetails:
        """Validated details; InputError names each bad field."""
        return validated(cls, raw, "subject's personal details")

    @property
    def empty(self) -> bool:
        return self.name is None and self.date_of_birth is None and not self.identifiers

    def pseudonyms(self, secret: bytes) -> list[str]:
        """Sorted pseudonyms: one for name and birth date together, one per identifier.

        A name alone gets one too (no date of birth known), as a weaker link.
        """
        found: set[str] = set()
        if self.name is not None:
            born = self.date_of_birth.isoformat() if self.date_of_birth else ""
            found.add(pseudonym(secret, PERSON, f"{normalize_name(self.name)}|{born}"))
        for item in self.identifiers:
            found.add(pseudonym(secret, IDENTIFIER, normalize_identifier(item)))
        return sorted(found)


def redact_reading(reading: Reading) -> dict[str, Any]:
    """The reading as JSON without the names, identifiers, dates and text lines it found on the paper."""
    data = reading.model_dump(mode="json")
    data["subjects"] = []
    data["signer"] = None
    data["case_number"] = None
    data["evidence"] = []
    data["dates"] = {"issued": None, "expires": None}
    data["redacted"] = list(READING_PERSONAL_FIELDS)
    return data


def redact_decision(decision: Decision) -> dict[str, Any]:
    """The decision as JSON, safe to keep in clear text: the reading redacted, no file name.

    The document reader's reason cites the file name, which can name a person; it is dropped.
    """
    data = decision.model_dump(mode="json")
    reading = decision.document
    if reading is not None:
        data["document"] = redact_reading(reading)
        label = reading.form or reading.type.value.replace("_", " ")
        for reason in data["reasons"]:
            if reason.get("rule") == _READER_RULE:
                reason["citation"] = f"Document read: {label}"
    return data

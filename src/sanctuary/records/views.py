"""What the store hands out about a case: plain models that print as JSON.

Personal details, document names and notes appear only when a caller asks for them explicitly
(``reveal``); every other view, and every export, is free of personal data by construction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sanctuary.model import ObligationStatus

from .encounters import Encounter
from .personal import PersonalDetails

_VIEW = ConfigDict(frozen=True)


class ObligationView(BaseModel):
    model_config = _VIEW

    id: str
    who: str
    due: str = Field(description="When it is due, in the pack's words.")
    due_on: dt.date | None = Field(description="The day it is due, when the words fix one.")
    status: ObligationStatus
    done_at: dt.datetime | None
    rule: str
    citation: str
    text: str


class DocumentView(BaseModel):
    model_config = _VIEW

    id: int
    sha256: str
    size: int
    media_type: str
    attached_at: dt.datetime
    reading: dict[str, Any] | None = Field(description="The reader's result without names or text lines.")
    filename: str | None = Field(None, description="Only when revealed; names can be personal.")
    shredded: bool = Field(False, description="The content was crypto-shredded by a retention purge.")


class NoteView(BaseModel):
    model_config = _VIEW

    created_at: dt.datetime
    text: str | None = Field(description="None once purged.")


class TimelineEntry(BaseModel):
    model_config = _VIEW

    index: int
    kind: str
    at: str
    leaf_hash: str
    payload: dict[str, Any]


class CaseSummary(BaseModel):
    """One line of the case list."""

    model_config = _VIEW

    id: str
    number: int | None = Field(
        None, description="The ledger index of the case's case_opened entry: unique, read aloud as PREFIX-YEAR-NUMBER."
    )
    status: str
    outcome: str | None
    counsel_outcome: str | None
    pack: str | None
    action: str | None
    opened_at: dt.datetime
    updated_at: dt.datetime
    assigned_to: str | None
    department: str | None = Field(None, description="The office or site the request came to, if recorded.")
    opened_by: str | None = Field(None, description="The staff account that opened the case, if recorded.")
    counsel_scope: dict[str, str] | None = Field(
        None, description="Counsel's answer per data item (comply or decline), when counsel answered item by item."
    )
    request: dict[str, Any] = Field(default_factory=dict, description="The request as the contract's JSON.")
    obligations_open: int
    obligations_late: int
    next_due: dt.date | None
    purged: bool


class CaseView(CaseSummary):
    """A whole case file; ``personal`` and note texts only when revealed."""

    closed_at: dt.datetime | None
    purged_at: dt.datetime | None
    decided_on: dt.date | None
    subjects: list[str] = Field(description="Keyed pseudonyms of the subject (as in the ledger).")
    decision: dict[str, Any] | None
    obligations: list[ObligationView]
    documents: list[DocumentView]
    notes: int = Field(description="How many notes the case has.")
    note_texts: list[NoteView] | None = Field(None, description="Only when revealed.")
    personal: PersonalDetails | None = Field(None, description="Only when revealed.")
    encounter_complete: bool | None = Field(
        None, description="Whether the encounter record holds what the duties ask for; None: none recorded."
    )
    encounter: Encounter | None = Field(None, description="The encounter record; only when revealed.")
    timeline: list[TimelineEntry]

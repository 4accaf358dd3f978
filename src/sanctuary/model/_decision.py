"""The decision: what to do, why (with citations), the duties it triggers, and what to say."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from ._enums import Confidence, DataCategory, Outcome, ReferTo
from ._reading import Reading

_OUT = ConfigDict(extra="forbid", frozen=True)


class Reason(BaseModel):
    model_config = _OUT

    rule: str
    pack: str
    citation: str
    source: str
    confidence: Confidence
    quote: str | None = Field(None, description="The operative text the rule encodes, as read at `source` (tag V).")
    text: str = Field(description="Plain-language explanation for staff, in English.")
    text_es: str = Field(description="The same explanation in Spanish.")


class Obligation(BaseModel):
    model_config = _OUT

    id: str
    who: str
    due: str
    text: str
    text_es: str
    rule: str
    citation: str


class Script(BaseModel):
    model_config = _OUT

    en: str
    es: str


class PackRef(BaseModel):
    model_config = _OUT

    id: str
    version: str
    digest: str = Field(description="sha256 of the pack's files, so a decision can be replayed.")


class Defeat(BaseModel):
    model_config = _OUT

    rule: str
    by: list[str]


class Undetermined(BaseModel):
    model_config = _OUT

    rule: str
    facts: list[str] = Field(description="Facts left out of the request that would settle whether the rule applies.")


class Trace(BaseModel):
    model_config = _OUT

    considered: list[str]
    applied: list[str]
    defeated: list[Defeat]
    undetermined: list[Undetermined]
    deciding: list[str] = Field(description="The rules whose outcome became the decision.")
    duties: list[str] = Field(default_factory=list, description="The duty-only rules that added duties.")
    notes: list[str] = Field(default_factory=list)


class Decision(BaseModel):
    model_config = _OUT

    outcome: Outcome
    scope: dict[DataCategory, Outcome] | None = None
    refer_to: list[ReferTo] = Field(default_factory=list)
    reasons: list[Reason]
    obligations: list[Obligation]
    script: Script
    packs: list[PackRef]
    trace: Trace
    questions: list[str] = Field(
        default_factory=list, description="Facts that, once known, could change a `refer` into a firm answer."
    )
    confidence: Confidence = Field(description="The weakest confidence tag among the reasons.")
    on: dt.date = Field(description="The day whose law was applied.")
    notice: str = Field(
        "Not legal advice. A jurisdiction's counsel must review its pack before use.",
        description="Shown wherever a decision is shown.",
    )
    document: Reading | None = Field(None, description="What the document reader saw, when a paper was read.")

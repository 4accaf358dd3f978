"""The schema of pack files: validated before a rule can run (as Cedar validates policies)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sanctuary.model import Confidence, ObligationId, Outcome, ReferTo

_STRICT = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
_ID = r"^[a-z0-9][A-Za-z0-9._-]*$"
_URL = r"^https?://[^\s]+$"


class Text(BaseModel):
    """Staff-facing words, in every language a notice must be given in."""

    model_config = _STRICT
    en: str = Field(min_length=1)
    es: str = Field(min_length=1)


class Effective(BaseModel):
    model_config = _STRICT
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self


class ObligationSpec(BaseModel):
    model_config = _STRICT
    id: ObligationId
    who: str = Field(min_length=1)
    due: str = Field(min_length=1)
    text: Text


class Effect(BaseModel):
    model_config = _STRICT
    outcome: Outcome | None = None
    refer_to: list[ReferTo] = Field(default_factory=list)
    obligations: list[ObligationSpec] = Field(default_factory=list)
    say: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Effect:
        if self.outcome is Outcome.PARTIAL:
            raise ValueError("'partial' is computed from per-category outcomes; a rule says comply or decline")
        if self.outcome is Outcome.REFER and not self.refer_to:
            raise ValueError("a rule whose outcome is 'refer' must name who decides in 'refer_to'")
        if self.outcome is not None and self.say is None:
            raise ValueError("a rule with an outcome must give staff the words to say in 'say' (en and es)")
        if self.outcome is None and not self.obligations:
            raise ValueError("a rule must have an outcome, obligations, or both")
        return self


#: A quote is a few words of the operative text, not the statute: enough for a reviewer to find it.
_QUOTE_LIMIT = 600


class DefinitionSpec(BaseModel):
    """A named condition, like a statute's definitions section (e.g. Gov. Code 7284.4)."""

    model_config = _STRICT
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    citation: str = Field(min_length=3)
    source: str | None = Field(None, pattern=_URL)
    confidence: Confidence | None = None
    quote: str | None = Field(
        None, min_length=8, max_length=_QUOTE_LIMIT, description="The operative text the definition encodes."
    )
    summary: str = Field(min_length=3)
    when: Any


class RuleSpec(BaseModel):
    model_config = _STRICT
    id: str = Field(pattern=_ID)
    citation: str = Field(min_length=3)
    source: str | None = Field(None, pattern=_URL)
    confidence: Confidence | None = None
    quote: str | None = Field(
        None,
        min_length=8,
        max_length=_QUOTE_LIMIT,
        description="A short quote of the operative text this rule encodes, as read at `source`; "
        "required for a rule tagged V.",
    )
    effective: Effective | None = None
    summary: str = Field(min_length=3, description="One-sentence paraphrase of the provision.")
    when: Any = None
    when_outcome: list[Outcome] | None = Field(
        None, description="Duty rules only: apply when the decided outcome is one of these."
    )
    then: Effect
    defeats: list[str] = Field(default_factory=list)
    binding: bool = Field(
        False, description="Gives effect to a court's command: not overridden by a more protective rule."
    )
    default: bool = Field(
        False, description="Applies only when no other rule with an outcome applies (a residual rule)."
    )
    text: Text

    @model_validator(mode="after")
    def _duty_only(self) -> RuleSpec:
        if self.when_outcome is not None and self.then.outcome is not None:
            raise ValueError("'when_outcome' is for duty rules (rules without an outcome)")
        if self.binding and self.then.outcome is not Outcome.COMPLY:
            raise ValueError("only a rule whose outcome is 'comply' can be binding")
        if self.default and (self.binding or self.then.outcome is None):
            raise ValueError("a default rule has an outcome and is not binding")
        return self


class LawFile(BaseModel):
    """One instrument of law: a statute section, an ordinance, a directive, a resolution."""

    model_config = _STRICT
    instrument: str = Field(min_length=3, description="The instrument's name.")
    citation: str = Field(min_length=3)
    source: str = Field(pattern=_URL)
    confidence: Confidence
    effective: Effective
    notes: str | None = None
    definitions: list[DefinitionSpec] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)


class Manifest(BaseModel):
    model_config = _STRICT
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str = Field(min_length=2)
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    jurisdiction: str = Field(min_length=2)
    parents: list[str] = Field(default_factory=list)
    state: str | None = Field(
        None,
        pattern=r"^[A-Z]{2}$",
        description="The state whose courts' papers bind here (postal code, e.g. CA); child packs inherit it.",
    )
    effective: dt.date
    law: list[str] = Field(min_length=1, description="Law files, in the order of the provisions.")
    description: str | None = None

    @field_validator("law")
    @classmethod
    def _yaml_names(cls, names: list[str]) -> list[str]:
        for name in names:
            if not name.endswith(".yaml") or "/" in name:
                raise ValueError(f"law file {name!r} must be a .yaml file name in the pack's law/ folder")
        return names

"""The encounter record: what staff write down when agents come (who, badge, agency, papers, witnesses).

The duties to document an encounter (``document_interaction``; ``witness_denial`` with a second
staff member as witness) are done when this record holds what they ask for, never by a bare "done"
button. The whole record is personal (agents' and witnesses' names) and is sealed with the case's
key; the ledger gets only counts and which required facts are still missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sanctuary.model import InputError, validated

#: The facts every documentation duty asks for, in the form's order.
REQUIRED: Final = ("agents", "agency", "occurred_at", "asked_for", "papers", "response")
#: The duties an encounter record fulfils, and what each needs beyond :data:`REQUIRED`.
DUTIES: Final[dict[str, tuple[str, ...]]] = {
    "document_interaction": (),
    "witness_denial": ("witnesses",),
}
MAX_AGENTS = 20
MAX_WITNESSES = 10
_SHORT = 200
_LONG = 4_000


class Agent(BaseModel):
    """One agent as they identified themselves (or as their badge or vest read)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(None, max_length=_SHORT)
    badge: str | None = Field(None, max_length=_SHORT)

    @field_validator("name", "badge")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @property
    def empty(self) -> bool:
        return not self.name and not self.badge


class Encounter(BaseModel):
    """What happened, as the staff member present wrote it down. Every field is optional until complete."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    agents: tuple[Agent, ...] = Field((), max_length=MAX_AGENTS, description="Names and badge numbers.")
    identification_shown: bool | None = Field(
        None, description="Whether each agent showed a name or badge number without being asked twice."
    )
    agency: str | None = Field(None, max_length=_SHORT, description="ICE ERO, HSI, CBP, FBI...")
    vehicle: str | None = Field(None, max_length=_SHORT, description="Make, colour, plate.")
    occurred_at: dt.datetime | None = Field(None, description="When they came (with its time zone).")
    asked_for: str | None = Field(None, max_length=_LONG, description="Who or what they asked for.")
    no_papers: bool = Field(False, description="They showed no paper.")
    papers: str | None = Field(None, max_length=_LONG, description="The papers they showed, described.")
    photos: tuple[str, ...] = Field((), max_length=50, description="SHA-256 of the photos attached to the case.")
    response: str | None = Field(None, max_length=_LONG, description="What was given or refused, and what was said.")
    witnesses: tuple[str, ...] = Field((), max_length=MAX_WITNESSES, description="Who else saw it.")
    notes: str | None = Field(None, max_length=_LONG)
    recorded_by: str | None = Field(None, max_length=_SHORT, description="The staff member who wrote it down.")

    @field_validator("agency", "vehicle", "asked_for", "papers", "response", "notes", "recorded_by")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("agents")
    @classmethod
    def _agents(cls, value: tuple[Agent, ...]) -> tuple[Agent, ...]:
        return tuple(agent for agent in value if not agent.empty)

    @field_validator("witnesses")
    @classmethod
    def _witnesses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if len(item) > _SHORT:
                raise InputError("a witness's name holds at most {limit} characters", limit=_SHORT)
        return tuple(item.strip() for item in value if item.strip())

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise InputError("the time needs its time zone")
        if value is not None and value > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
            raise InputError("the encounter cannot be in the future")
        return value

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Encounter:
        """A validated record; InputError names each bad field."""
        return validated(cls, raw, "encounter record")

    def filled(self, name: str) -> bool:
        """Whether one fact the duties ask for is written down."""
        if name == "papers":
            return self.no_papers or bool(self.papers) or bool(self.photos)
        value = getattr(self, name)
        return bool(value) if not isinstance(value, bool) else True

    def missing(self, duty: str = "document_interaction") -> list[str]:
        """The facts ``duty`` asks for that are not written down yet, in the form's order."""
        return [name for name in (*REQUIRED, *DUTIES.get(duty, ())) if not self.filled(name)]

    @property
    def complete(self) -> bool:
        return not self.missing()

    def with_photos(self, digests: list[str]) -> Encounter:
        """The record with these photos' digests added (each once, in order)."""
        return self.model_copy(update={"photos": tuple(dict.fromkeys([*self.photos, *digests]))})

    def ledger_fields(self) -> dict[str, Any]:
        """What the ledger may say of the record: counts and the names of missing facts, never a value."""
        return {
            "complete": self.complete,
            "agents": len(self.agents),
            "photos": len(self.photos),
            "witnesses": len(self.witnesses),
            "missing": self.missing(),
        }

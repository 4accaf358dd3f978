"""Writing down an encounter: from a form, a JSON body or a file, in the city's time, to the case.

One way in for the web form, the JSON API and the CLI, so the three agree on what is required and
on when a documentation duty is done (when the record holds what it asks for). Kept out of
``sanctuary.services``' package imports, like :mod:`.recording`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sanctuary.model import InputError
from sanctuary.records.encounters import DUTIES, MAX_AGENTS, MAX_WITNESSES, REQUIRED, Agent, Encounter

__all__ = ["DUTIES", "MAX_AGENTS", "REQUIRED", "Agent", "Encounter", "encounter_from_form", "parse_encounter"]

#: Text fields of the form, copied as they are.
TEXT_FIELDS = ("agency", "vehicle", "asked_for", "papers", "response", "notes")


def local_moment(day: str, clock: str, zone: dt.tzinfo) -> dt.datetime | None:
    """A day (YYYY-MM-DD) and a time (HH:MM) in the city's zone; None when both are blank."""
    if not day and not clock:
        return None
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise InputError("field 'date': {day!r} is not a calendar date; write it as YYYY-MM-DD.", day=day) from None
    try:
        time = dt.time.fromisoformat(clock) if clock else dt.time(0, 0)
    except ValueError:
        raise InputError(
            "field 'time': {clock!r} is not a time of day; write it as HH:MM, e.g. 14:30.", clock=clock
        ) from None
    return dt.datetime.combine(date, time, tzinfo=zone)


def encounter_from_form(fields: Mapping[str, Sequence[str]], zone: dt.tzinfo, *, by: str) -> Encounter:
    """The record from a form's fields (each name to its values, as sent); InputError names a bad field.

    Agents come as parallel ``agent_name``/``agent_badge`` lists, witnesses one per line.
    """

    def one(name: str) -> str:
        values = fields.get(name) or []
        return values[0].strip() if values else ""

    names, badges = list(fields.get("agent_name") or []), list(fields.get("agent_badge") or [])
    rows = max(len(names), len(badges))
    if rows > MAX_AGENTS:
        raise InputError("field 'agents': at most {most} agents can be written down in one record.", most=MAX_AGENTS)
    agents = [
        {
            "name": (names[i] if i < len(names) else "").strip() or None,
            "badge": (badges[i] if i < len(badges) else "").strip() or None,
        }
        for i in range(rows)
    ]
    witnesses = [line.strip() for line in one("witnesses").splitlines() if line.strip()]
    if len(witnesses) > MAX_WITNESSES:
        raise InputError("field 'witnesses': at most {most} witnesses, one per line.", most=MAX_WITNESSES)
    shown = one("identification_shown")
    raw: dict[str, Any] = {
        "agents": agents,
        "identification_shown": {"yes": True, "no": False}.get(shown),
        "occurred_at": local_moment(one("date"), one("time"), zone),
        "no_papers": one("no_papers") == "yes",
        "witnesses": witnesses,
        "recorded_by": by,
        **{name: one(name) or None for name in TEXT_FIELDS},
    }
    return Encounter.parse(raw)


def parse_encounter(raw: Mapping[str, Any], zone: dt.tzinfo, *, by: str | None = None) -> Encounter:
    """The record from JSON (the API, a file): a time without its zone is in the city's zone."""
    if not isinstance(raw, Mapping):
        raise InputError(
            "An encounter record must be a JSON object, e.g. {example}.",
            example='{"agency": "ICE ERO", "agents": [...]}',
        )
    data = dict(raw)
    moment = data.get("occurred_at")
    if isinstance(moment, str):
        try:
            parsed = dt.datetime.fromisoformat(moment)
        except ValueError:
            raise InputError(
                "field 'occurred_at': {moment!r} is not a date and time; write it as 2026-12-07T14:30.", moment=moment
            ) from None
        data["occurred_at"] = parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    if "photos" in data:
        raise InputError("field 'photos': photos are attached as files, not named in the record.")
    if by is not None:
        data["recorded_by"] = by
    return Encounter.parse(data)

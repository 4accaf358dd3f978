"""The city's own settings: its time zone, how its case numbers read, and who staff call.

Read from a TOML file named by ``SANCTUARY_CITY_FILE`` and from environment variables, which win:
``SANCTUARY_TIME_ZONE`` (default America/Los_Angeles), ``SANCTUARY_CASE_PREFIX`` (default ``LA``)
and ``SANCTUARY_CONTACT_<ROLE>`` = ``"Name | phone"`` for each role a decision or a duty can name
(``COUNSEL``, ``ADMINISTRATOR``, ``LIAISON``, ``RECORDS_CUSTODIAN``, ``SUPERVISOR``, ``SUPERINTENDENT``).
The city's name and postal address (``SANCTUARY_CITY_NAME``, ``SANCTUARY_CITY_ADDRESS``; in the file
``name`` and ``address``) head its reply letters.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctuary.model import InputError, ReferTo
from sanctuary.model.advice import Contact

CITY_FILE_ENV = "SANCTUARY_CITY_FILE"
TIME_ZONE_ENV = "SANCTUARY_TIME_ZONE"
CASE_PREFIX_ENV = "SANCTUARY_CASE_PREFIX"
CONTACT_ENV = "SANCTUARY_CONTACT_"
CITY_NAME_ENV = "SANCTUARY_CITY_NAME"
CITY_ADDRESS_ENV = "SANCTUARY_CITY_ADDRESS"
#: The demo's letterhead when the city has none: clearly not a real office.
DEMO_NAME = "City of Los Angeles (demo)"
DEMO_ADDRESS = "200 N Spring St, Los Angeles, CA 90012 (demo)"
DEFAULT_TIME_ZONE = "America/Los_Angeles"
DEFAULT_CASE_PREFIX = "LA"
ROLES = tuple(role.value for role in ReferTo)

_PREFIX = re.compile(r"^[A-Z]{1,8}$")
#: A readable case number: PREFIX-YEAR-NUMBER, e.g. LA-2026-000123.
CASE_NUMBER = re.compile(r"^([A-Za-z]{1,8})-(\d{4})-(\d{1,12})$")

#: Used by ``sanctuary serve --demo`` when no contact is configured: clearly not real (555-01xx
#: numbers are reserved for fiction).
DEMO_CONTACTS: dict[str, Contact] = {
    ReferTo.COUNSEL: Contact(
        "the City Attorney's duty line (demo)", "(555) 010-0100", "la línea de guardia del Fiscal de la Ciudad (demo)"
    ),
    ReferTo.ADMINISTRATOR: Contact(
        "the office administrator (demo)", "(555) 010-0101", "la administración de la oficina (demo)"
    ),
    ReferTo.LIAISON: Contact("the liaison officer (demo)", "(555) 010-0102", "el oficial de enlace (demo)"),
    ReferTo.RECORDS_CUSTODIAN: Contact("the records unit (demo)", "(555) 010-0103", "la unidad de registros (demo)"),
}


@dataclass(frozen=True)
class City:
    """Time zone, case-number prefix, contacts by role (``refer_to`` values), and the letterhead."""

    time_zone: str = DEFAULT_TIME_ZONE
    case_prefix: str = DEFAULT_CASE_PREFIX
    contacts: Mapping[str, Contact] = field(default_factory=dict)
    #: The city's name as it signs letters, e.g. "City of Los Angeles"; empty when not configured.
    name: str = ""
    #: The postal address under the name, one line.
    address: str = ""

    def __post_init__(self) -> None:
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InputError(
                "The time zone {zone!r} is not known; give an IANA name such as 'America/Los_Angeles'.",
                zone=self.time_zone,
            ) from None
        if not _PREFIX.match(self.case_prefix):
            raise InputError(
                "The case prefix {prefix!r} must be 1 to 8 capital letters, e.g. 'LA'.", prefix=self.case_prefix
            )
        unknown = sorted(set(self.contacts) - set(ROLES))
        if unknown:
            raise InputError("No role {role!r} has a contact; roles: {roles}.", role=unknown[0], roles=", ".join(ROLES))

    @property
    def zone(self) -> dt.tzinfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def case_number(self, number: int | None, opened_at: dt.datetime) -> str:
        """The number people read aloud: LA-2026-000123 (the year the case opened, here)."""
        if number is None:
            return "—"
        return f"{self.case_prefix}-{opened_at.astimezone(self.zone).year}-{number:06d}"

    def with_demo_contacts(self) -> City:
        """This city with the demo's fictitious contacts for every role it has none for."""
        return City(
            self.time_zone,
            self.case_prefix,
            {**DEMO_CONTACTS, **self.contacts},
            name=self.name or DEMO_NAME,
            address=self.address or DEMO_ADDRESS,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> City:
        """The settings file (if any) overridden by environment variables; InputError names what is wrong."""
        env = os.environ if environ is None else environ
        data: dict[str, Any] = {}
        if path := env.get(CITY_FILE_ENV, "").strip():
            data = _read_file(Path(path))
        contacts = {role: _contact(f"[contacts.{role}]", raw) for role, raw in (data.get("contacts") or {}).items()}
        for role in ROLES:
            if raw := env.get(CONTACT_ENV + role.upper(), "").strip():
                name, _, rest = raw.partition("|")
                phone, _, name_es = rest.partition("|")
                contacts[role] = _contact(
                    CONTACT_ENV + role.upper(), {"name": name, "phone": phone, "name_es": name_es}
                )
        return cls(
            time_zone=env.get(TIME_ZONE_ENV, "").strip() or str(data.get("time_zone") or DEFAULT_TIME_ZONE),
            case_prefix=(env.get(CASE_PREFIX_ENV, "").strip() or str(data.get("case_prefix") or DEFAULT_CASE_PREFIX)),
            contacts=contacts,
            name=env.get(CITY_NAME_ENV, "").strip() or str(data.get("name") or "").strip(),
            address=env.get(CITY_ADDRESS_ENV, "").strip() or str(data.get("address") or "").strip(),
        )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise InputError(
            "{name}: cannot read {path!r} ({reason}).", name=CITY_FILE_ENV, path=str(path), reason=exc.strerror
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            "{name}: {path!r} is not valid TOML: {reason}.", name=CITY_FILE_ENV, path=str(path), reason=str(exc)
        ) from None


def _contact(where: str, raw: Any) -> Contact:
    if not isinstance(raw, Mapping) or not str(raw.get("name") or "").strip():
        raise InputError(
            '{where}: a contact needs a name (and a phone number), e.g. name = "City Attorney".', where=where
        )
    return Contact(str(raw["name"]).strip(), str(raw.get("phone") or "").strip(), str(raw.get("name_es") or "").strip())

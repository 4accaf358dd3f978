"""Where the records live: the data directory, the database URL and the key directory.

Everything comes from the environment so that a CLI, a web worker and a test each point at their
own store without code changes. The keys live apart from the database on purpose: a copy of the
database alone can neither forge a checkpoint nor read a person's details.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sanctuary.model import InputError

DATA_DIR_ENV = "SANCTUARY_DATA_DIR"
DATABASE_URL_ENV = "SANCTUARY_DATABASE_URL"
KEY_DIR_ENV = "SANCTUARY_KEY_DIR"
ORIGIN_ENV = "SANCTUARY_LEDGER_ORIGIN"
RETENTION_ENV = "SANCTUARY_RETENTION_DAYS"

#: The checkpoint origin (the log's name in signed notes) when none is configured.
DEFAULT_ORIGIN = "sanctuary.local/ledger"
#: Days after a case's last activity before its personal details may be purged.
DEFAULT_RETENTION_DAYS = 365
#: The SQLite file inside the data directory when no database URL is given.
DATABASE_FILE = "sanctuary.db"


@dataclass(frozen=True)
class Settings:
    """Resolved locations and policies for one store."""

    data_dir: Path
    database_url: str
    key_dir: Path
    origin: str = DEFAULT_ORIGIN
    retention_days: int = DEFAULT_RETENTION_DAYS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, cwd: Path | None = None) -> Settings:
        """Settings from ``SANCTUARY_*`` variables; the data directory defaults to ``var/`` under ``cwd``."""
        env = os.environ if environ is None else environ
        base = (cwd or Path.cwd()).resolve()
        data_dir = Path(env.get(DATA_DIR_ENV) or base / "var").expanduser()
        if not data_dir.is_absolute():
            data_dir = base / data_dir
        key_dir = Path(env.get(KEY_DIR_ENV) or data_dir / "keys").expanduser()
        if not key_dir.is_absolute():
            key_dir = base / key_dir
        url = env.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir / DATABASE_FILE}"
        origin = env.get(ORIGIN_ENV) or DEFAULT_ORIGIN
        if not origin.strip() or any(c.isspace() for c in origin) or "+" in origin:
            raise InputError(
                "{variable} {origin!r} is not a usable log origin: it names the log in signed checkpoints, "
                "so it must be one word without spaces or '+', e.g. 'records.example.gov/ledger'.",
                variable=ORIGIN_ENV,
                origin=origin,
            )
        return cls(
            data_dir=data_dir,
            database_url=url,
            key_dir=key_dir,
            origin=origin,
            retention_days=_retention(env.get(RETENTION_ENV)),
        )


def _retention(value: str | None) -> int:
    if value is None or not value.strip():
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(value)
    except ValueError:
        days = -1
    if days < 0:
        raise InputError(
            "{variable} {value!r} is not a number of days; give a whole number such as 365.",
            variable=RETENTION_ENV,
            value=value,
        )
    return days

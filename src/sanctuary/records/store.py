"""The store: one database, one key directory, the case files and the ledger over them.

``Store.open()`` is the only way in, and it refuses a database whose schema is not the code's
(a fresh SQLite file is migrated on first use; anything else needs ``sanctuary db upgrade``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, Select, func, or_, select

from .cases import CaseStore
from .database import check_schema, create_store_engine, upgrade
from .export import LedgerExport, export_case, export_ledger
from .keys import LEDGER, PSEUDONYM, RECORDS, KeyStore
from .ledger_store import Clock, LedgerStore, utc_now
from .models import Case, CaseKey, CasePersonal, LedgerCheckpoint
from .readings import PendingReadings
from .settings import Settings
from .verification import LedgerReport, verify_ledger


class Store:
    """Case files and the ledger of one database, with the keys that protect them."""

    def __init__(self, settings: Settings, engine: Engine, clock: Clock = utc_now) -> None:
        self.settings = settings
        self.engine = engine
        self.keys = KeyStore(settings.key_dir, settings.origin, lambda kind: _in_use(engine, kind))
        self.ledger = LedgerStore(engine, self.keys, settings.origin, clock)
        self.cases = CaseStore(engine, self.ledger, self.keys, clock)
        #: Papers read for forms not yet saved (progress, and the reading reused on save).
        self.readings = PendingReadings(engine, self.keys, clock)

    @classmethod
    def open(cls, settings: Settings | None = None, *, clock: Clock = utc_now) -> Store:
        """Connect and check the schema is at the Alembic head (InputError saying what to run if not)."""
        settings = settings or Settings.from_env()
        engine = create_store_engine(settings.database_url)
        try:
            check_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(settings, engine, clock)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def verify(
        self,
        verifier_key: str | None = None,
        *,
        against: str | None = None,
        on_entries: Callable[[int, int], None] | None = None,
    ) -> LedgerReport:
        """Recompute and check the whole ledger, and against a trusted checkpoint (see :func:`verify_ledger`)."""
        return verify_ledger(self.ledger, verifier_key, against=against, on_entries=on_entries)

    def init_keys(self, *, replace_lost: bool = False) -> list[str]:
        """Create the keys a fresh store needs (explicitly; see :meth:`KeyStore.initialize`)."""
        with self.engine.connect() as connection:
            highest = connection.execute(select(func.max(CaseKey.kek))).scalar_one_or_none()
        after = max([*self.keys.records_generations(), -1 if highest is None else int(highest)]) + 1
        return self.keys.initialize(replace_lost=replace_lost, first_generation=after)

    def export_ledger(self, folder: Path) -> LedgerExport:
        """Write the public export (see :func:`export_ledger`)."""
        return export_ledger(self.ledger, folder)

    def export_case(self, case_id: str) -> dict[str, Any]:
        """One case without personal data, with ledger proofs (see :func:`export_case`)."""
        return export_case(self.cases, case_id)

    def purge(self, older_than_days: int | None = None) -> list[str]:
        """Purge personal data older than the given days (default: the configured retention)."""
        days = self.settings.retention_days if older_than_days is None else older_than_days
        return self.cases.purge(days)


def _in_use(engine: Engine, kind: str) -> bool:
    """Whether the database holds data made with the key ``kind`` (so that key must not be made anew).

    Signing key: a signed checkpoint. Records key: a wrapped data key. Pseudonym secret: a subject's
    details (their pseudonyms), a counsel's name, or a purged case (whose pseudonyms outlive it).
    """
    probes: dict[str, list[Select[Any]]] = {
        LEDGER: [select(LedgerCheckpoint.id)],
        RECORDS: [select(CaseKey.case_id)],
        PSEUDONYM: [
            select(CasePersonal.case_id),
            select(Case.id).where(
                or_(
                    Case.assigned_to.is_not(None),
                    Case.opened_by.is_not(None),
                    Case.counsel_outcome.is_not(None),
                    Case.purged_at.is_not(None),
                )
            ),
        ],
    }
    with engine.connect() as connection:
        return any(connection.execute(probe.limit(1)).first() is not None for probe in probes[kind])


def upgrade_database(settings: Settings | None = None) -> tuple[str | None, str]:
    """Apply pending migrations to the configured database: (revision before, revision after)."""
    settings = settings or Settings.from_env()
    engine = create_store_engine(settings.database_url)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()

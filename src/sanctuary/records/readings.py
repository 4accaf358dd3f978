"""Papers read for a form not yet saved: how far the reading got, and the reading itself, sealed.

Reading a photo takes seconds, so a page can show its progress while it runs, from any server
process; and when the form is saved, the reading made for it is used again instead of reading the
paper a second time. A reading is found by its random id and its owner, and used only for the
same bytes (same SHA-256) read against the same state: the browser only ever sends the id, never
a reading. Rows are deleted after :data:`KEEP`; a reading is sealed with the current records key,
so rotating that key makes older readings unreadable (the paper is then read again).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from sanctuary.model import Reading

from .keys import KeyStore, MissingKeyError
from .ledger_store import Clock, utc_now
from .models import PaperReading
from .pseudonyms import staff_pseudonym
from .sealing import SealError, open_sealed, seal

#: How long a reading is kept for its form.
KEEP = dt.timedelta(hours=8)
STATUSES = ("reading", "done", "failed")


@dataclass(frozen=True)
class ReadingStatus:
    """Where one reading is: ``reading`` (with pages done of total when known), ``done`` or ``failed``."""

    id: str
    status: str
    sha256: str
    home_state: str | None
    pages_done: int | None
    pages_total: int | None
    started_at: dt.datetime
    reading: Reading | None = None
    message: str | None = None


class PendingReadings:
    """The ``paper_readings`` table: start, report progress, finish, look up."""

    def __init__(self, engine: Engine, keys: KeyStore, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.keys = keys
        self.clock = clock

    def _owner(self, name: str) -> str:
        return staff_pseudonym(self.keys.pseudonym_secret(), name)[:64]

    def start(self, owner: str, sha256: str, home_state: str | None) -> str:
        """A new reading of the paper with this digest, for ``owner`` (a staff account); returns its id.

        Readings older than :data:`KEEP` are deleted on the way.
        """
        now = self.clock()
        reading_id = secrets.token_hex(16)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(PaperReading).where(PaperReading.started_at < now - KEEP))
            session.add(
                PaperReading(
                    id=reading_id,
                    owner=self._owner(owner),
                    sha256=sha256,
                    home_state=home_state,
                    status="reading",
                    started_at=now,
                    updated_at=now,
                    kek=0,
                )
            )
        return reading_id

    def progress(self, reading_id: str, done: int, total: int | None) -> None:
        """``done`` pages of ``total`` (None: not known yet) are read."""
        with Session(self.engine) as session, session.begin():
            row = session.get(PaperReading, reading_id)
            if row is not None and row.status == "reading":
                row.pages_done, row.pages_total, row.updated_at = done, total, self.clock()

    def finish(self, reading_id: str, reading: Reading) -> None:
        """The paper was read: keep the reading, sealed, for the form's save."""
        generation, key = self.keys.current_records_key()
        sealed = seal(key, reading.model_dump_json().encode("utf-8"), f"pending-reading:{reading_id}")
        self._end(reading_id, "done", sealed, generation)

    def fail(self, reading_id: str, message: str) -> None:
        """The paper was refused or could not be read; ``message`` says why (the reader's words)."""
        generation, key = self.keys.current_records_key()
        self._end(reading_id, "failed", seal(key, message.encode("utf-8"), f"pending-reading:{reading_id}"), generation)

    def _end(self, reading_id: str, status: str, sealed: bytes, generation: int) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.get(PaperReading, reading_id)
            if row is not None:
                row.status, row.sealed, row.kek, row.updated_at = status, sealed, generation, self.clock()

    def status(self, reading_id: str, owner: str) -> ReadingStatus | None:
        """The reading ``reading_id`` of ``owner``; None when there is none (unknown, another's, or expired)."""
        if not reading_id or len(reading_id) > 32:
            return None
        with Session(self.engine) as session:
            row = session.get(PaperReading, reading_id)
            if row is None or row.owner != self._owner(owner) or row.started_at < self.clock() - KEEP:
                return None
            reading = message = None
            if row.sealed is not None:
                try:
                    opened = open_sealed(self.keys.records_key(row.kek), row.sealed, f"pending-reading:{row.id}")
                except (SealError, MissingKeyError):
                    return None
                if row.status == "done":
                    reading = Reading.model_validate_json(opened)
                else:
                    message = opened.decode("utf-8")
            return ReadingStatus(
                row.id,
                row.status,
                row.sha256,
                row.home_state,
                row.pages_done,
                row.pages_total,
                row.started_at,
                reading,
                message,
            )

"""The tables of the store, as SQLAlchemy 2 typed models.

Two halves that never mix: case files (mutable, private, purgeable) and the ledger (append-only,
no personal data, publicly verifiable). Everything personal sits in ``sealed_*`` columns and in
``case_personal``, encrypted with the case's data key from ``case_keys``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

#: Constraint names that are the same on every database, so migrations can name them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CASE_STATUSES = ("open", "referred", "decided", "closed")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every database (SQLite keeps no time zone; this stores UTC and says so)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Case(Base):
    """One encounter or request, from opening to closing."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'referred', 'decided', 'closed')", name="status"),
        Index("ix_cases_status_updated", "status", "updated_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    pack: Mapped[str | None] = mapped_column(String(100))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    assigned_to: Mapped[str | None] = mapped_column(String(200))
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    outcome: Mapped[str | None] = mapped_column(String(16))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    counsel_outcome: Mapped[str | None] = mapped_column(String(16))
    #: The city department or school site the request came to (optional; reports count by it).
    department: Mapped[str | None] = mapped_column(String(100))
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The staff account that opened the case, so counsel's answer reaches them (its pseudonym is in the ledger).
    opened_by: Mapped[str | None] = mapped_column(String(200), index=True)
    #: Counsel's answer item by item for a data request: data category -> ``comply`` or ``decline``.
    counsel_scope: Mapped[dict[str, str] | None] = mapped_column(JSON)

    documents: Mapped[list[CaseDocument]] = relationship(
        back_populates="case", order_by="CaseDocument.id", cascade="all, delete-orphan"
    )
    obligations: Mapped[list[CaseObligation]] = relationship(
        back_populates="case", order_by="CaseObligation.position", cascade="all, delete-orphan"
    )
    notes: Mapped[list[CaseNote]] = relationship(
        back_populates="case", order_by="CaseNote.id", cascade="all, delete-orphan"
    )
    encounter: Mapped[CaseEncounter | None] = relationship(back_populates="case", cascade="all, delete-orphan")


class CaseKey(Base):
    """A case's data key, wrapped by one generation of the records key; destroying that generation shreds it."""

    __tablename__ = "case_keys"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    #: The records-key generation that wraps it (a file in the key directory, never in the database).
    kek: Mapped[int] = mapped_column(Integer, default=0, server_default="0", index=True)


class CasePersonal(Base):
    """The subject's personal details, sealed: the only place a name or birth date is kept."""

    __tablename__ = "case_personal"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class CaseDocument(Base):
    """A paper attached to a case: its digest and size in clear, its bytes and name sealed."""

    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    attached_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reading: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sealed_name: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_content: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_reading: Mapped[bytes | None] = mapped_column(LargeBinary)

    case: Mapped[Case] = relationship(back_populates="documents")


class CaseObligation(Base):
    """A duty the decision triggered, with its owner, due date and whether it was done."""

    __tablename__ = "case_obligations"
    __table_args__ = (UniqueConstraint("case_id", "obligation_id", name="uq_case_obligations_case_obligation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    obligation_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    who: Mapped[str] = mapped_column(Text)
    due_text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    rule: Mapped[str] = mapped_column(String(200))
    citation: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    case: Mapped[Case] = relationship(back_populates="obligations")


class CaseNote(Base):
    """A staff note: free text, so sealed like personal details (a note can name anyone)."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    sealed_text: Mapped[bytes | None] = mapped_column(LargeBinary)

    case: Mapped[Case] = relationship(back_populates="notes")


class CaseEncounter(Base):
    """What staff wrote down about the encounter (agents, badges, papers, witnesses), sealed as a whole.

    Only whether the record is complete stays in clear, because the ledger vouches for it.
    """

    __tablename__ = "case_encounters"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    complete: Mapped[bool] = mapped_column(Boolean)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    case: Mapped[Case] = relationship(back_populates="encounter")


class PaperReading(Base):
    """A paper being read (or read) for a form not yet saved: its progress, and the reading sealed.

    Kept so that saving the form reuses the reading instead of reading the paper again, and so that
    any server process can say how far the reading got. Deleted after a few hours.
    """

    __tablename__ = "paper_readings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    home_state: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    pages_done: Mapped[int | None] = mapped_column(Integer)
    pages_total: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    kek: Mapped[int] = mapped_column(Integer)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class LedgerEntry(Base):
    """One event, forever: canonical JSON without personal data, and its RFC 9162 leaf hash."""

    __tablename__ = "ledger_entries"

    index: Mapped[int] = mapped_column("index", BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[str | None] = mapped_column(String(32), index=True)
    payload: Mapped[str] = mapped_column(Text)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerHead(Base):
    """The single row every append locks: the tree's size, root and frontier (its right edge)."""

    __tablename__ = "ledger_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger)
    root: Mapped[bytes] = mapped_column(LargeBinary)
    frontier: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerCheckpoint(Base):
    """A signed statement of the tree's size and root (a C2SP signed note), append-only."""

    __tablename__ = "ledger_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger, index=True)
    root: Mapped[bytes] = mapped_column(LargeBinary)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

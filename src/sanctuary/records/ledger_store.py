"""The ledger in the database: append-only entries, the locked head row, and signed checkpoints.

Every append runs in a transaction that first locks the ledger head (SQLite ``BEGIN IMMEDIATE``,
PostgreSQL ``SELECT ... FOR UPDATE``), so concurrent writers line up instead of forking the tree;
the entries, the new frontier and the new root are written in that one transaction, and an entry
is reported to its caller only after the commit. A killed writer leaves the previous head and no
partial entry, because nothing is visible until the commit.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from sanctuary.model import InputError
from sanctuary.records.ledger import (
    HASH_SIZE,
    Frontier,
    consistency_proof_from,
    inclusion_proof_from,
    leaf_hash,
    nodes_hasher,
    root,
    sign_checkpoint,
)

from .database import WRITE_OPTION, writer
from .keys import KeyStore
from .models import Base, LedgerCheckpoint, LedgerEntry, LedgerHead
from .payloads import encode_payload

log = logging.getLogger(__name__)

ENTRIES = Base.metadata.tables[LedgerEntry.__tablename__]
HEAD = Base.metadata.tables[LedgerHead.__tablename__]
CHECKPOINTS = Base.metadata.tables[LedgerCheckpoint.__tablename__]
#: Version of the entry payload layout, written into every entry.
PAYLOAD_VERSION = 1
#: Payload fields every entry has, filled in by the ledger.
RESERVED_FIELDS = frozenset({"v", "kind", "case", "at"})
_SCAN_ENTRIES = 'SELECT "index", kind, case_id, {payload}, leaf_hash FROM ledger_entries WHERE {where} ORDER BY "index"'
_INSERT_ENTRIES = (
    'INSERT INTO ledger_entries ("index", kind, case_id, payload, leaf_hash) '
    "VALUES ({marker}, {marker}, {marker}, {marker}, {marker})"
)

Clock = Callable[[], dt.datetime]


class EventKind(StrEnum):
    """What an entry records. Payloads carry ids, vocabulary and pseudonyms, never a person's details."""

    CASE_OPENED = "case_opened"
    DOCUMENT_ATTACHED = "document_attached"
    DECISION_MADE = "decision_made"
    OBLIGATION_DONE = "obligation_done"
    REFERRED = "referred"
    DECIDED_BY_COUNSEL = "decided_by_counsel"
    CLOSED = "closed"
    PURGED = "purged"
    #: An admin created, disabled, re-enabled an account, changed its role or reset its password;
    #: the accounts appear as staff pseudonyms, never by name.
    ACCOUNT_CHANGED = "account_changed"
    ENCOUNTER_RECORDED = "encounter_recorded"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def timestamp(moment: dt.datetime) -> str:
    """RFC 3339 UTC with milliseconds, the form every entry uses."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Entry:
    """One committed (or about-to-be-committed) ledger entry."""

    index: int
    kind: str
    case_id: str | None
    payload: str
    leaf_hash: bytes

    def fields(self) -> dict[str, Any]:
        """The payload as a dict."""
        value: dict[str, Any] = json.loads(self.payload)
        return value

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "case": self.case_id,
            "leaf_hash": self.leaf_hash.hex(),
            "payload": self.fields(),
        }


@dataclass(frozen=True)
class SignedCheckpoint:
    """A stored checkpoint: the signed note and the size and root it states."""

    id: int
    origin: str
    size: int
    root: bytes
    note: str
    created_at: dt.datetime

    def as_json(self) -> dict[str, object]:
        """The checkpoint as the CLI and the API publish it."""
        return {
            "id": self.id,
            "origin": self.origin,
            "size": self.size,
            "root": self.root.hex(),
            "created_at": self.created_at.isoformat(),
            "note": self.note,
        }


@dataclass(frozen=True)
class Head:
    size: int
    root: bytes


def frontier_bytes(frontier: Frontier) -> bytes:
    return b"".join(frontier.to_list())


def frontier_from(size: int, stored: bytes) -> Frontier:
    """The frontier kept in the head row; LedgerError if it does not fit the size."""
    hashes = [stored[i : i + HASH_SIZE] for i in range(0, len(stored), HASH_SIZE)]
    return Frontier.from_list(size, hashes)


class Appender:
    """Appends entries inside one transaction that holds the ledger lock.

    Create it at the start of a write transaction (it takes the lock), call :meth:`append` for each
    event, then :meth:`flush` before the commit. The entries it returns exist once the commit succeeds.
    """

    def __init__(self, connection: Connection, clock: Clock = utc_now) -> None:
        if connection.dialect.name == "sqlite" and not connection.get_execution_options().get(WRITE_OPTION):
            raise RuntimeError("ledger appends need a writer connection (BEGIN IMMEDIATE) on SQLite")
        self._connection = connection
        query = select(HEAD.c.size, HEAD.c.frontier).where(HEAD.c.id == 1)
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        row = connection.execute(query).one_or_none()
        if row is None:
            raise InputError("The ledger head row is missing: the database was not created by `sanctuary db upgrade`.")
        self._start = int(row.size)
        self._frontier = frontier_from(self._start, bytes(row.frontier))
        self._rows: list[tuple[int, str, str | None, str, bytes]] = []
        self._flushed = 0
        self._batch_moment = clock()
        self._stamped = (self._batch_moment, timestamp(self._batch_moment))

    @property
    def size(self) -> int:
        """The ledger's size including the entries appended in this transaction."""
        return self._frontier.size

    def append(
        self,
        kind: EventKind | str,
        fields: Mapping[str, Any],
        *,
        case_id: str | None = None,
        at: dt.datetime | None = None,
    ) -> Entry:
        """Add one entry; ``fields`` must hold no personal data (names, birth dates, identifiers)."""
        kind = kind if isinstance(kind, EventKind) else EventKind(kind)
        reserved = RESERVED_FIELDS.intersection(fields)
        if reserved:
            raise ValueError(f"ledger entry fields {sorted(reserved)} are set by the ledger itself")
        payload: dict[str, Any] = {
            **fields,
            "v": PAYLOAD_VERSION,
            "kind": kind.value,
            "case": case_id,
            "at": self._stamp(at),
        }
        data = encode_payload(payload)
        digest = leaf_hash(data)
        index = self._frontier.append(digest)
        text = data.decode("utf-8")
        self._rows.append((index, kind.value, case_id, text, digest))
        return Entry(index, kind.value, case_id, text, digest)

    def _stamp(self, at: dt.datetime | None) -> str:
        """The entry's time as text; a batch shares one moment, formatted once."""
        moment = at or self._batch_moment
        if moment is not self._stamped[0]:
            self._stamped = (moment, timestamp(moment))
        return self._stamped[1]

    def flush(self) -> None:
        """Write the pending entries and move the head; the caller commits."""
        pending = self._rows[self._flushed :]
        if not pending:
            return
        # The driver's executemany directly: this insert is the hot path of every append.
        marker = "?" if self._connection.dialect.paramstyle == "qmark" else "%s"
        self._connection.exec_driver_sql(_INSERT_ENTRIES.format(marker=marker), pending)
        moved = self._connection.execute(
            update(HEAD)
            .where(HEAD.c.id == 1, HEAD.c.size == self._start + self._flushed)
            .values(size=self._frontier.size, root=self._frontier.root(), frontier=frontier_bytes(self._frontier))
        )
        if moved.rowcount != 1:  # pragma: no cover - the lock makes this impossible
            raise RuntimeError("the ledger head moved during an append: the database lock did not hold")
        self._flushed = len(self._rows)


class LedgerStore:
    """Appends, reads, checkpoints and proofs over the ledger tables of one database."""

    def __init__(self, engine: Engine, keys: KeyStore, origin: str, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.keys = keys
        self.origin = origin
        self.clock = clock
        self._writer = writer(engine)

    # -- appending ---------------------------------------------------------------------------------

    @contextmanager
    def appending(self) -> Iterator[Appender]:
        """A locked transaction to append in; committed when the block ends without an error."""
        with self._writer.begin() as connection:
            appender = Appender(connection, self.clock)
            yield appender
            appender.flush()

    def append(self, kind: EventKind | str, fields: Mapping[str, Any], *, case_id: str | None = None) -> Entry:
        """Append one entry in its own transaction; returns it once committed."""
        with self.appending() as appender:
            entry = appender.append(kind, fields, case_id=case_id)
        log.debug("ledger entry %d (%s) committed", entry.index, entry.kind)
        return entry

    def append_many(self, events: Iterable[tuple[EventKind | str, Mapping[str, Any], str | None]]) -> list[Entry]:
        """Append many entries in one transaction (all or none); returns them once committed."""
        with self.appending() as appender:
            entries = [appender.append(kind, fields, case_id=case_id) for kind, fields, case_id in events]
        if entries:
            log.debug("ledger entries %d to %d committed", entries[0].index, entries[-1].index)
        return entries

    # -- reading -----------------------------------------------------------------------------------

    def head(self) -> Head:
        with self.engine.connect() as connection:
            row = connection.execute(select(HEAD.c.size, HEAD.c.root).where(HEAD.c.id == 1)).one_or_none()
        if row is None:
            raise InputError("The ledger head row is missing: the database was not created by `sanctuary db upgrade`.")
        return Head(int(row.size), bytes(row.root))

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(ENTRIES)).scalar_one())

    def entry(self, index: int) -> Entry:
        """One entry by index; InputError if there is none."""
        with self.engine.connect() as connection:
            row = connection.execute(select(ENTRIES).where(ENTRIES.c["index"] == index)).one_or_none()
        if row is None:
            size = self.head().size
            raise InputError(
                "There is no ledger entry {index}; the ledger has {size} entries (0 to {last}).",
                index=index,
                size=size,
                last=size - 1,
            )
        return _entry(row)

    def entries(
        self,
        *,
        case_id: str | None = None,
        start: int = 0,
        stop: int | None = None,
        connection: Connection | None = None,
    ) -> list[Entry]:
        """Entries in index order, of one case or of a range (on ``connection``, a snapshot, if given)."""
        query = select(ENTRIES).where(ENTRIES.c["index"] >= start).order_by(ENTRIES.c["index"])
        if case_id is not None:
            query = query.where(ENTRIES.c.case_id == case_id)
        if stop is not None:
            query = query.where(ENTRIES.c["index"] < stop)
        if connection is not None:
            return [_entry(row) for row in connection.execute(query)]
        with self.engine.connect() as fresh:
            return [_entry(row) for row in fresh.execute(query)]

    def newest(self, *, offset: int = 0, limit: int = 50) -> list[Entry]:
        """A page of entries, the newest first."""
        query = select(ENTRIES).order_by(ENTRIES.c["index"].desc()).offset(max(offset, 0)).limit(max(limit, 0))
        with self.engine.connect() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def openings(self, case_ids: Iterable[str]) -> dict[str, Entry]:
        """The case_opened entry of each case named (a case's number is that entry's index)."""
        wanted = sorted(set(case_ids))
        if not wanted:
            return {}
        query = select(ENTRIES).where(ENTRIES.c.kind == EventKind.CASE_OPENED.value, ENTRIES.c.case_id.in_(wanted))
        with self.engine.connect() as connection:
            return {row.case_id: _entry(row) for row in connection.execute(query)}

    def leaf_hashes(self, size: int | None = None) -> list[bytes]:
        """The stored leaf hashes of the first ``size`` entries (all when None), in order."""
        query = select(ENTRIES.c["index"], ENTRIES.c.leaf_hash).order_by(ENTRIES.c["index"])
        if size is not None:
            query = query.where(ENTRIES.c["index"] < size)
        hashes: list[bytes] = []
        with self.engine.connect() as connection:
            for index, digest in connection.execute(query):
                if index != len(hashes):
                    raise InputError(
                        "Ledger entry {missing} is missing (the next stored entry is {index}): "
                        "run `sanctuary ledger verify`.",
                        missing=len(hashes),
                        index=index,
                    )
                hashes.append(bytes(digest))
        if size is not None and len(hashes) < size:
            raise InputError(
                "The ledger holds {count} entries but {size} are needed: it was truncated; "
                "run `sanctuary ledger verify`.",
                count=len(hashes),
                size=size,
            )
        return hashes

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A read transaction that sees one consistent state (PostgreSQL: REPEATABLE READ)."""
        with self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection

    def iter_rows(
        self, connection: Connection, batch: int = 10_000, *, start: int = 0, stop: int | None = None
    ) -> Iterator[tuple[int, str, str | None, bytes, bytes]]:
        """Entries ``start`` to ``stop`` as (index, kind, case_id, payload bytes, leaf hash) in index order, streamed.

        A closed range reads by the primary key even before PostgreSQL has statistics for the table.

        The driver's own cursor, and the payload fetched as bytes, because verification reads
        every row: SQLAlchemy rows and a decode-then-encode of each payload would double its cost.
        """
        raw = connection.connection.dbapi_connection
        assert raw is not None
        if connection.dialect.name == "postgresql":
            cursor = raw.cursor(name="sanctuary_ledger_scan")  # server-side: streams the rows
            payload = "convert_to(payload, 'UTF8')"
        else:
            cursor = raw.cursor()
            payload = "CAST(payload AS BLOB)"
        try:
            where = f'"index" >= {int(start)}' + ("" if stop is None else f' AND "index" < {int(stop)}')
            cursor.execute(_SCAN_ENTRIES.format(payload=payload, where=where))
            while rows := cursor.fetchmany(batch):
                yield from rows
        finally:
            cursor.close()

    # -- checkpoints -------------------------------------------------------------------------------

    def checkpoints(self, connection: Connection | None = None, *, after: int = 0) -> list[SignedCheckpoint]:
        """Stored checkpoints with an id above ``after`` (default: all), oldest first, on ``connection`` if given."""
        query = select(CHECKPOINTS).where(CHECKPOINTS.c.id > after).order_by(CHECKPOINTS.c.id)
        if connection is not None:
            return [_checkpoint(row) for row in connection.execute(query)]
        with self.engine.connect() as fresh:
            return [_checkpoint(row) for row in fresh.execute(query)]

    def checkpoints_up_to(self, connection: Connection, last_id: int) -> tuple[int, str | None]:
        """How many checkpoints have an id up to ``last_id``, and the note of checkpoint ``last_id``."""
        count = connection.execute(
            select(func.count()).select_from(CHECKPOINTS).where(CHECKPOINTS.c.id <= last_id)
        ).scalar_one()
        note = connection.execute(select(CHECKPOINTS.c.note).where(CHECKPOINTS.c.id == last_id)).scalar_one_or_none()
        return int(count), note

    def latest_checkpoint(self) -> SignedCheckpoint | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(CHECKPOINTS).order_by(CHECKPOINTS.c.id.desc()).limit(1)).one_or_none()
        return None if row is None else _checkpoint(row)

    def checkpoint(self) -> SignedCheckpoint:
        """The latest checkpoint, first signing a new one if the ledger grew since (or there is none)."""
        signer = self.keys.ledger_keys().signer
        with self._writer.begin() as connection:
            Appender(connection, self.clock)  # takes the ledger lock: no append can slip in between
            head = connection.execute(select(HEAD.c.size, HEAD.c.root).where(HEAD.c.id == 1)).one()
            latest = connection.execute(select(CHECKPOINTS).order_by(CHECKPOINTS.c.id.desc()).limit(1)).one_or_none()
            if latest is not None and int(latest.size) == int(head.size) and latest.origin == self.origin:
                return _checkpoint(latest)
            size, tree_root = int(head.size), bytes(head.root)
            note = sign_checkpoint(self.origin, size, tree_root, signer)
            created = self.clock()
            new_id = connection.execute(
                insert(CHECKPOINTS)
                .values(origin=self.origin, size=size, root=tree_root, note=note, created_at=created)
                .returning(CHECKPOINTS.c.id)
            ).scalar_one()
        log.info("signed checkpoint %d at size %d", new_id, size)
        # Remembered outside the database, so deleting checkpoint rows cannot make it unsigned.
        self.keys.remember_checkpoint(size, note)
        return SignedCheckpoint(int(new_id), self.origin, size, tree_root, note, created)

    # -- proofs ------------------------------------------------------------------------------------

    def inclusion_proofs(self, indices: Iterable[int], size: int) -> dict[int, list[bytes]]:
        """RFC 9162 inclusion proofs of ``indices`` in the tree of the first ``size`` entries."""
        wanted = sorted(set(indices))
        for index in wanted:
            if not 0 <= index < size:
                raise InputError(
                    "Entry {index} is not covered by the tree of {size} entries; "
                    "sign a newer checkpoint with `sanctuary ledger checkpoint`.",
                    index=index,
                    size=size,
                )
        hasher = nodes_hasher(node_cache(self.leaf_hashes(size)))
        return {index: inclusion_proof_from(index, size, hasher) for index in wanted}

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        """The RFC 9162 consistency proof between the trees of ``old_size`` and ``new_size`` entries."""
        if not 0 <= old_size <= new_size:
            raise InputError(
                "A consistency proof goes from a smaller tree to a larger one, not {old_size} to {new_size}.",
                old_size=old_size,
                new_size=new_size,
            )
        return consistency_proof_from(old_size, new_size, nodes_hasher(node_cache(self.leaf_hashes(new_size))))


def node_cache(leaves: Sequence[bytes]) -> Callable[[int, int], bytes]:
    """``get_node(level, index)`` over in-memory leaf hashes, remembering each node it was asked for.

    Proofs for entries of one case share their large left subtrees, so each is hashed once.
    """
    cache: dict[tuple[int, int], bytes] = {}

    def get_node(level: int, index: int) -> bytes:
        if level == 0:
            return leaves[index]
        key = (level, index)
        found = cache.get(key)
        if found is None:
            start = index << level
            found = root(leaves[start : start + (1 << level)])
            cache[key] = found
        return found

    return get_node


def _entry(row: Any) -> Entry:
    return Entry(int(row.index), row.kind, row.case_id, row.payload, bytes(row.leaf_hash))


def _checkpoint(row: Any) -> SignedCheckpoint:
    return SignedCheckpoint(int(row.id), row.origin, int(row.size), bytes(row.root), row.note, row.created_at)

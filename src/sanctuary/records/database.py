"""Connecting to the store's database and keeping its schema at the Alembic head.

SQLite is tuned for the ledger's promise (WAL, ``synchronous=FULL``: a commit survives a crash)
and its writers take the database lock up front (``BEGIN IMMEDIATE``), so two appends can never
read the same ledger head. Opening a store whose schema is not the code's is an error that says
which revision the database has, which the code needs, and what to run.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from sanctuary.model import InputError

from .payloads import case_json

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
#: Execution option that makes a connection's transactions writers (SQLite: BEGIN IMMEDIATE).
WRITE_OPTION = "sanctuary_write"
#: Seconds a SQLite writer waits for another writer's lock before giving up.
SQLITE_BUSY_SECONDS = 60.0
#: Seconds the WAL truncation after a purge waits for readers before leaving the WAL as it is.
CHECKPOINT_WAIT_SECONDS = 2.0


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL, with plain ``postgresql://`` meaning the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(
            "The database URL {url!r} is not a URL; use e.g. sqlite:///var/sanctuary.db or "
            "postgresql://user@host:5432/dbname.",
            url=url,
        ) from None
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise InputError(
            "The database {database} is not supported; Sanctuary stores records in SQLite or PostgreSQL.",
            database=shown(parsed),
        )
    return parsed


def shown(url: URL) -> str:
    """The URL with any password hidden, for messages and logs."""
    return url.render_as_string(hide_password=True)


def create_store_engine(url: str) -> Engine:
    """An engine for the store, tuned per database; the SQLite file's folder is created if needed."""
    parsed = parse_url(url)
    # JSON columns in the form the ledger's digests are taken of (see crosscheck).
    options: dict[str, Any] = {"json_serializer": case_json}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            path = Path(parsed.database)
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                # Created here, owner-only, so SQLite (and its -wal and -shm files) never widen it.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as exc:
                raise InputError(
                    "Cannot create the database file {path}: {reason}.", path=path, reason=exc.strerror or exc
                ) from None
        options["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
    else:
        options["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **options)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise InputError("Cannot use the database {database}: {reason}.", database=shown(parsed), reason=exc) from None
    if parsed.get_backend_name() == "sqlite":
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted and overwritten rows are zeroed in place, not left in free space for a raw read.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def compact_after_erasure(engine: Engine) -> bool:
    """After rows were erased, move SQLite's WAL into the database file and truncate it; True if done.

    With ``secure_delete`` the erased rows are zeroed in the pages written to the WAL; the
    checkpoint copies those pages over the old ones in the database file and empties the WAL, so
    neither file keeps the erased bytes. It cannot finish while another connection is reading (the
    web app, say); the records-key generation a purge destroys makes what remains unreadable anyway.
    PostgreSQL keeps dead rows and WAL until they are recycled; there, that destroyed key is what erases.
    """
    if engine.dialect.name != "sqlite":
        return False
    raw = engine.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
    try:
        cursor = raw.cursor()
        # Wait for readers briefly, not for the writers' minute: a purge must not stall on a page view.
        cursor.execute(f"PRAGMA busy_timeout = {int(CHECKPOINT_WAIT_SECONDS * 1000)}")
        busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_SECONDS * 1000)}")
        cursor.close()
    finally:
        raw.close()
    if busy:
        log.warning("the SQLite WAL could not be truncated after erasure: another connection is reading")
    return not busy


def writer(engine: Engine) -> Engine:
    """The same engine whose transactions are writers (they lock the database up front on SQLite)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the packaged migrations, bound to ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
        config.set_main_option("sqlalchemy.url", shown(connection.engine.url).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The revision the code needs."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise InputError("No migrations found in {folder}; the installation is incomplete.", folder=MIGRATIONS)
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with _connect(engine) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Apply every pending migration; returns (revision before, revision after)."""
    before = current_revision(engine)
    try:
        with _connect(writer(engine)) as connection, connection.begin():
            command.upgrade(alembic_config(connection), "head")
    except SQLAlchemyError as exc:
        raise InputError(
            "The migration to {head} failed on {database}: {reason}. "
            "The database was left as it was (each migration runs in one transaction).",
            head=head_revision(),
            database=shown(engine.url),
            reason=_reason(exc),
        ) from None
    after = current_revision(engine)
    if before != after:
        log.info("database %s upgraded from %s to %s", shown(engine.url), before or "(empty)", after)
    return before, after or ""


def check_schema(engine: Engine, *, upgrade_fresh_sqlite: bool = True) -> None:
    """Raise InputError unless the schema is at the head; a brand-new SQLite file is migrated instead."""
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return
    if current is None and upgrade_fresh_sqlite and engine.dialect.name == "sqlite" and _is_empty(engine):
        upgrade(engine)
        return
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise InputError(
            "The database {database} is at revision {current}, which this version of Sanctuary does "
            "not know (it needs {head}): a newer version wrote it; upgrade Sanctuary, do not downgrade the data.",
            database=shown(engine.url),
            current=current,
            head=head,
        )
    if current is None:
        raise InputError(
            "The database {database} is at revision none (no tables yet), "
            "the code needs {head}: run `sanctuary db upgrade`.",
            database=shown(engine.url),
            head=head,
        )
    raise InputError(
        "The database {database} is at revision {current}, the code needs {head}: run `sanctuary db upgrade`.",
        database=shown(engine.url),
        current=current,
        head=head,
    )


def _is_empty(engine: Engine) -> bool:
    with _connect(engine) as connection:
        return not inspect(connection).get_table_names()


def _connect(engine: Engine) -> Connection:
    try:
        return engine.connect()
    except SQLAlchemyError as exc:
        raise InputError(
            "Cannot connect to the database {database}: {reason}", database=shown(engine.url), reason=_reason(exc)
        ) from None


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line, without SQLAlchemy's wrapping."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]

"""A purge erases: no copy of the database (its files, its WAL, a backup) can unseal a purged case.

The attacker here has a raw copy of the database files taken after the purge, a backup taken
before it, and the key directory as it is after the purge. Each test reads the raw files: SQLite's
database and WAL files, and PostgreSQL's heap files found with ``pg_relation_filepath`` (as root).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text, update

from sanctuary.model import InputError
from sanctuary.records import NewDocument, PersonalDetails, Store
from sanctuary.records.models import Case, CaseKey, CasePersonal
from sanctuary.records.sealing import SealError, open_sealed, unwrap_key

NAME = "Esperanza Quintanilla-Vega"
DOB = dt.date(1987, 9, 14)
A_NUMBER = "A 208 551 973"
PAPER = b"WARRANT FOR ARREST OF ALIEN\nTo: ESPERANZA QUINTANILLA-VEGA, born 09/14/1987\nFile No. A 208-551-973\n"
REQUEST = {"action": "enter_facility", "setting": "city_office", "area": "non_public",
           "requester": {"kind": "federal_immigration", "agency": "ICE ERO"}}  # fmt: skip


def _open_two_cases(store: Store) -> tuple[str, str]:
    personal = PersonalDetails(name=NAME, date_of_birth=DOB, identifiers=(A_NUMBER,))
    paper = NewDocument(PAPER, "warrant-quintanilla.txt")
    purged = store.cases.open_case(REQUEST, personal=personal, documents=[paper])
    kept = store.cases.open_case(REQUEST, personal=PersonalDetails(name="Someone Else"))
    return purged.case_id, kept.case_id


def _sealed_rows(engine: Engine, case_id: str) -> tuple[bytes, bytes]:
    """What a backup taken now holds for the case: its wrapped key and its sealed details."""
    with engine.connect() as connection:
        wrapped = connection.execute(select(CaseKey.wrapped_key).where(CaseKey.case_id == case_id)).scalar_one()
        sealed = connection.execute(select(CasePersonal.sealed).where(CasePersonal.case_id == case_id)).scalar_one()
    return bytes(wrapped), bytes(sealed)


def _generation(engine: Engine, case_id: str) -> int:
    with engine.connect() as connection:
        found = connection.execute(text("SELECT kek FROM case_keys WHERE case_id = :c"), {"c": case_id})
        return int(found.scalar_one())


def _age(store: Store, case_id: str, days: int) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            update(Case).where(Case.id == case_id).values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=days))
        )


def _unseal_with_every_key(store: Store, case_id: str, wrapped: bytes, sealed: bytes) -> PersonalDetails | None:
    """What an attacker holding the key directory gets from the old bytes: the details, or None."""
    for path in sorted(store.settings.key_dir.iterdir()):
        try:
            data_key = unwrap_key(bytes.fromhex(path.read_text().strip()), wrapped, case_id)
        except (SealError, ValueError):
            continue
        return PersonalDetails.model_validate_json(open_sealed(data_key, sealed, f"personal:{case_id}"))
    return None


def _raw_files(store: Store) -> bytes:
    """Every byte the database keeps on disk for the case tables, read directly from its files."""
    engine = store.engine
    if engine.dialect.name == "sqlite":
        database = Path(str(engine.url.database))
        return b"".join(path.read_bytes() for path in database.parent.glob(database.name + "*"))
    with engine.connect() as connection:
        connection.execute(text("CHECKPOINT"))  # dirty pages to disk, as a copy of the data directory would see
        folder = Path(connection.execute(text("SHOW data_directory")).scalar_one())
        files = [
            folder / connection.execute(text(f"SELECT pg_relation_filepath('{table}')")).scalar_one()
            for table in ("case_keys", "case_personal")
        ]
    if not os.access(folder, os.R_OK):
        pytest.skip(f"the PostgreSQL data directory {folder} is not readable here (run as root on the database host)")
    return b"".join(path.read_bytes() for pattern in files for path in pattern.parent.glob(pattern.name + "*"))


def test_a_purged_case_cannot_be_unsealed_from_a_backup_or_the_raw_files(store: Store) -> None:
    purged_id, kept_id = _open_two_cases(store)
    wrapped, sealed = _sealed_rows(store.engine, purged_id)
    assert wrapped in _raw_files(store)  # the raw read finds the sealed bytes before the purge
    # with the keys as they are, a backup taken now opens: the details are there, sealed
    assert _unseal_with_every_key(store, purged_id, wrapped, sealed) == PersonalDetails(
        name=NAME, date_of_birth=DOB, identifiers=(A_NUMBER,)
    )

    _age(store, purged_id, 40)
    assert store.cases.purge(30) == [purged_id]

    # The backup taken before the purge (and any dead row, WAL frame or page holding those bytes)
    # is sealed under a generation of the records key that no longer exists anywhere.
    assert _unseal_with_every_key(store, purged_id, wrapped, sealed) is None
    assert store.keys.records_generations() == [1]  # generation 0, which sealed it, is destroyed
    raw = _raw_files(store)
    if store.engine.dialect.name == "sqlite":
        # secure_delete zeroed the rows and the WAL was checkpointed and truncated: the bytes are gone
        assert wrapped not in raw
        assert sealed not in raw
        wal = Path(f"{store.engine.url.database}-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    for needle in (NAME.encode(), b"1987-09-14", b"208 551 973", b"QUINTANILLA"):
        assert needle not in raw
    # the case that was not purged was re-wrapped under the new generation and still opens
    assert store.cases.get(kept_id, reveal=True).personal == PersonalDetails(name="Someone Else")
    assert _generation(store.engine, kept_id) == 1
    report = store.verify()
    assert report.ok, report.problems


def test_every_earlier_generation_is_destroyed_and_new_cases_use_the_newest(store: Store) -> None:
    first, _ = _open_two_cases(store)
    _age(store, first, 40)
    store.cases.purge(30)
    second, _ = _open_two_cases(store)
    _age(store, second, 40)
    store.cases.purge(30)
    generations = store.keys.records_generations()
    assert generations == [2]
    assert [p.name for p in store.keys.key_dir.glob("records*.key")] == ["records-2.key"]
    fresh = store.cases.open_case(REQUEST, personal=PersonalDetails(name="Ana Ruiz"))
    assert _generation(store.engine, fresh.case_id) == 2
    assert store.cases.purge(30) == []
    assert store.keys.records_generations() == [2]  # nothing purged: nothing rotated


def test_a_purge_interrupted_after_the_new_generation_is_finished_by_the_next(store: Store) -> None:
    purged_id, kept_id = _open_two_cases(store)
    wrapped, sealed = _sealed_rows(store.engine, purged_id)
    store.keys.new_records_generation()  # a purge that stopped right after starting the new generation
    assert store.keys.records_generations() == [0, 1]
    assert store.cases.get(kept_id, reveal=True).personal is not None  # the old generation still opens
    _age(store, purged_id, 40)
    assert store.cases.purge(30) == [purged_id]
    assert store.keys.records_generations() == [2]
    assert _unseal_with_every_key(store, purged_id, wrapped, sealed) is None
    assert store.cases.get(kept_id, reveal=True).personal == PersonalDetails(name="Someone Else")


def test_a_key_under_a_destroyed_generation_says_so(store: Store) -> None:
    _, kept_id = _open_two_cases(store)
    store.keys.new_records_generation()
    store.keys.destroy_records_keys(keep=1)  # as if the key directory lost generation 0 before re-wrapping
    with pytest.raises(InputError, match=r"records key generation 0 .* is not in the key directory"):
        store.cases.get(kept_id, reveal=True)


def test_the_migration_goes_up_and_down_and_keeps_existing_keys_readable(store: Store) -> None:
    from alembic import command

    from sanctuary.records.database import alembic_config, writer

    _, kept_id = _open_two_cases(store)

    def migrate(step: str, target: str) -> None:
        with writer(store.engine).connect() as connection, connection.begin():
            getattr(command, step)(alembic_config(connection), target)

    migrate("downgrade", "0003")
    with store.engine.connect() as connection:
        assert "kek" not in {column["name"] for column in inspect(connection).get_columns("case_keys")}
    migrate("upgrade", "head")  # the keys wrapped before are generation 0: records.key
    assert store.cases.get(kept_id, reveal=True).personal == PersonalDetails(name="Someone Else")
    store.cases.rotate_records_key()
    with pytest.raises(RuntimeError, match="Stay at revision 0004"):
        migrate("downgrade", "0003")
    assert store.cases.get(kept_id, reveal=True).personal == PersonalDetails(name="Someone Else")


def test_cases_opened_while_purges_rotate_the_key_stay_readable(store: Store) -> None:
    import threading

    opened: list[str] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def open_cases() -> None:
        try:
            while not done.is_set():
                n = len(opened)
                opened.append(store.cases.open_case(REQUEST, personal=PersonalDetails(name=f"Person {n}")).case_id)
        except BaseException as exc:
            failures.append(exc)

    old = [_open_two_cases(store)[0] for _ in range(3)]
    writer = threading.Thread(target=open_cases)
    writer.start()
    while len(opened) < 2 and writer.is_alive():
        time.sleep(0.01)
    before = len(opened)
    for case_id in old:  # three purges, three rotations, each re-wrapping what the writer added
        _age(store, case_id, 40)
        assert store.cases.purge(30) == [case_id]
    during = len(opened) - before
    done.set()
    writer.join()
    assert not failures, failures
    assert during > 0  # the writer really wrote while the key was rotated
    assert store.keys.records_generations() == [3]
    for n, case_id in enumerate(opened):
        assert store.cases.get(case_id, reveal=True).personal == PersonalDetails(name=f"Person {n}")


def test_while_the_server_reads_the_sqlite_wal_keeps_bytes_that_no_key_opens(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only: its WAL cannot be truncated while another connection reads")
    purged_id, kept_id = _open_two_cases(store)
    wrapped, sealed = _sealed_rows(store.engine, purged_id)
    _age(store, purged_id, 40)
    with store.engine.connect() as reader:  # a web worker in the middle of a request
        reader.exec_driver_sql("SELECT COUNT(*) FROM cases").scalar_one()
        started = time.perf_counter()
        assert store.cases.purge(30) == [purged_id]
        assert time.perf_counter() - started < 10  # it waits for the reader briefly, not for a minute
        wal = Path(f"{store.engine.url.database}-wal")
        assert wal.stat().st_size > 0  # the checkpoint could not truncate it
        assert _unseal_with_every_key(store, purged_id, wrapped, sealed) is None
    assert store.cases.get(kept_id, reveal=True).personal == PersonalDetails(name="Someone Else")
